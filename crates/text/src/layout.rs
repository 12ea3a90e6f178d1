//! From raw glyphs and paths in PDF user space to tokens and rulings in upright
//! page coordinates.

use crate::collect::{Glyph, Paint, PaintedPath};
use crate::geom::Rect;
use crate::page::{Orientation, Ruling, Token};

/// Fraction of the em above the baseline that a glyph box covers.
const ASCENT: f64 = 0.88;
/// Fraction of the em below the baseline that a glyph box covers.
const DESCENT: f64 = 0.12;
/// A gap wider than this many ems ends a token.
const TOKEN_GAP_EM: f64 = 0.5;
/// A gap wider than this many ems inside a token is written as one space.
const SPACE_GAP_EM: f64 = 0.15;
/// A filled rectangle no thicker than this (points) is a ruling.
const THIN_FILL: f64 = 2.5;

/// Maps PDF user space to upright display coordinates (origin top-left, y down).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    /// The visible box (crop box) in user space: llx, lly, urx, ury.
    pub bbox: [f64; 4],
    /// Clockwise rotation applied on display: /Rotate plus any text normalization.
    pub rotate: u16,
}

impl Frame {
    fn unrotated_size(&self) -> (f64, f64) {
        (self.bbox[2] - self.bbox[0], self.bbox[3] - self.bbox[1])
    }

    /// Width and height as displayed.
    pub fn size(&self) -> (f64, f64) {
        let (w, h) = self.unrotated_size();
        if self.rotate % 180 == 90 {
            (h, w)
        } else {
            (w, h)
        }
    }

    pub fn map(&self, x: f64, y: f64) -> (f64, f64) {
        let (w, h) = self.unrotated_size();
        let (ux, uy) = (x - self.bbox[0], self.bbox[3] - y);
        match self.rotate {
            90 => (h - uy, ux),
            180 => (w - ux, h - uy),
            270 => (uy, w - ux),
            _ => (ux, uy),
        }
    }

    fn map_vec(&self, v: (f64, f64)) -> (f64, f64) {
        let (ox, oy) = self.map(0.0, 0.0);
        let (x, y) = self.map(v.0, v.1);
        (x - ox, y - oy)
    }
}

/// A glyph placed in display coordinates.
#[derive(Debug, Clone)]
struct Placed<'a> {
    text: &'a str,
    bbox: Rect,
    /// Position along the reading direction (x of the origin for upright text).
    baseline: f64,
    size: f64,
    /// Reading direction in degrees clockwise from left-to-right: 0, 90, 180, 270.
    dir: u16,
    invisible: bool,
    space: bool,
}

fn quantize_dir(dx: f64, dy: f64) -> u16 {
    let deg = dy.atan2(dx).to_degrees();
    let q = ((deg / 90.0).round() as i64).rem_euclid(4);
    (q * 90) as u16
}

/// The reading direction of a glyph under a frame.
fn direction(frame: &Frame, g: &Glyph) -> u16 {
    let up = frame.map_vec(g.up);
    // The advance direction is the up vector turned a quarter clockwise (y grows down).
    quantize_dir(-up.1, up.0)
}

/// The dominant reading direction of the visible text, so that pages whose text
/// is drawn rotated (landscape tables on portrait pages) can be turned upright.
pub(crate) fn dominant_direction(frame: &Frame, glyphs: &[Glyph], text: &str) -> u16 {
    let mut counts = [0usize; 4];
    for g in glyphs {
        if g.invisible || g.text(text).trim().is_empty() {
            continue;
        }
        counts[(direction(frame, g) / 90) as usize] += 1;
    }
    // Upright text wins ties, so a mixed page is left as it is.
    let best = (1..4).fold(0, |b, i| if counts[i] > counts[b] { i } else { b });
    (best * 90) as u16
}

fn place<'a>(frame: &Frame, g: &Glyph, text: &'a str) -> Placed<'a> {
    let o = g.origin;
    let (ax, ay) = g.advance;
    let (ux, uy) = g.up;
    let corners = [
        (o.0 - DESCENT * ux, o.1 - DESCENT * uy),
        (o.0 + ax - DESCENT * ux, o.1 + ay - DESCENT * uy),
        (o.0 + ASCENT * ux, o.1 + ASCENT * uy),
        (o.0 + ax + ASCENT * ux, o.1 + ay + ASCENT * uy),
    ];
    let mut bbox = Rect {
        x0: f64::INFINITY,
        y0: f64::INFINITY,
        x1: f64::NEG_INFINITY,
        y1: f64::NEG_INFINITY,
    };
    for (x, y) in corners {
        let (dx, dy) = frame.map(x, y);
        bbox.x0 = bbox.x0.min(dx);
        bbox.y0 = bbox.y0.min(dy);
        bbox.x1 = bbox.x1.max(dx);
        bbox.y1 = bbox.y1.max(dy);
    }
    let dir = direction(frame, g);
    let (ox, oy) = frame.map(o.0, o.1);
    let baseline = match dir {
        0 | 180 => oy,
        _ => ox,
    };
    let text = g.text(text);
    Placed {
        text,
        bbox,
        baseline,
        size: (ux * ux + uy * uy).sqrt(),
        dir,
        invisible: g.invisible,
        space: text.chars().all(char::is_whitespace),
    }
}

/// Position of a glyph along its reading direction: start and end.
fn along(p: &Placed) -> (f64, f64) {
    match p.dir {
        0 => (p.bbox.x0, p.bbox.x1),
        180 => (-p.bbox.x1, -p.bbox.x0),
        90 => (p.bbox.y0, p.bbox.y1),
        _ => (-p.bbox.y1, -p.bbox.y0),
    }
}

/// Groups glyphs into tokens: one baseline, no gap wider than about a space, and
/// never across a vertical ruling (cells of a ruled table stay apart).
pub(crate) fn tokens(
    frame: &Frame,
    glyphs: &[Glyph],
    text: &str,
    rulings: &[Ruling],
) -> Vec<Token> {
    let mut placed: Vec<Placed> = glyphs.iter().map(|g| place(frame, g, text)).collect();
    // Text drawn outside the visible box is not on the page a reader sees.
    let (pw, ph) = frame.size();
    placed.retain(|p| {
        p.bbox.x0.is_finite()
            && p.size > 0.0
            && p.bbox.x1 > 0.0
            && p.bbox.y1 > 0.0
            && p.bbox.x0 < pw
            && p.bbox.y0 < ph
    });
    // Lines: same direction, visibility and baseline (within a quarter em).
    placed.sort_by(|a, b| {
        (a.dir, a.invisible)
            .cmp(&(b.dir, b.invisible))
            .then(a.baseline.total_cmp(&b.baseline))
    });
    // Lines are runs of the sorted glyphs, so no vector is built per line.
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, p) in placed.iter().enumerate() {
        match lines.last_mut() {
            Some(line)
                if placed[line.start].dir == p.dir
                    && placed[line.start].invisible == p.invisible
                    && (p.baseline - placed[i - 1].baseline).abs()
                        <= 0.25 * p.size.max(placed[line.start].size) =>
            {
                line.end = i + 1
            }
            _ => lines.push(i..i + 1),
        }
    }
    let mut verticals: Vec<&Ruling> = rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical)
        .collect();
    verticals.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    for range in &lines {
        placed[range.clone()].sort_by(|a, b| along(a).0.total_cmp(&along(b).0));
    }
    let mut out = Vec::new();
    let mut kept: Vec<&Placed> = Vec::new();
    let mut current: Vec<&Placed> = Vec::new();
    let mut ink: Vec<&Placed> = Vec::new();
    for range in lines {
        dedupe_overprint(&placed[range], &mut kept);
        for &p in &kept {
            if let Some(prev) = current.iter().rev().find(|q| !q.space) {
                let gap = along(p).0 - along(prev).1;
                let em = p.size.max(prev.size);
                let crosses = p.dir == 0
                    && verticals.iter().any(|r| {
                        r.pos > prev.bbox.cx()
                            && r.pos < p.bbox.cx()
                            && r.from <= p.bbox.y1
                            && r.to >= p.bbox.y0
                            && r.pos >= prev.bbox.x1 - 0.5
                            && r.pos <= p.bbox.x0 + 0.5
                    });
                if gap > TOKEN_GAP_EM * em || crosses {
                    flush(&mut current, &mut ink, &mut out);
                }
            }
            current.push(p);
        }
        flush(&mut current, &mut ink, &mut out);
    }
    out.sort_by(|a, b| {
        a.invisible
            .cmp(&b.invisible)
            .then(a.bbox.y0.total_cmp(&b.bbox.y0))
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    // A document's pages are all held until its tables are read; the
    // vector's spare room from growing was a fifth of their memory.
    out.shrink_to_fit();
    out
}

/// The glyphs of a line, left to right, without those drawn again on top
/// of themselves (fake bold, shadow text), into `kept` (cleared first).
fn dedupe_overprint<'p, 'a>(line: &'p [Placed<'a>], kept: &mut Vec<&'p Placed<'a>>) {
    kept.clear();
    for p in line {
        // Positions first: they differ for nearly every pair.
        let dup = kept.iter().rev().take(4).any(|q| {
            (q.bbox.x0 - p.bbox.x0).abs() < 0.2 * p.size
                && (q.bbox.y0 - p.bbox.y0).abs() < 0.2 * p.size
                && q.text == p.text
        });
        if !dup {
            kept.push(p);
        }
    }
}

/// Ends the token of the glyphs in `current` (emptied); `ink` is scratch.
fn flush<'p, 'a>(
    current: &mut Vec<&'p Placed<'a>>,
    ink: &mut Vec<&'p Placed<'a>>,
    out: &mut Vec<Token>,
) {
    ink.clear();
    ink.extend(current.iter().copied().filter(|p| !p.space));
    if ink.is_empty() {
        current.clear();
        return;
    }
    let mut text = String::with_capacity(ink.iter().map(|p| p.text.len() + 1).sum());
    let mut bbox = ink[0].bbox;
    let mut size: f64 = 0.0;
    // The space glyphs' midpoints, sorted, so that each gap looks its range
    // up instead of scanning every glyph (most tokens have no space at all).
    // A NaN midpoint lies in no range.
    let mut mids: Vec<f64> = Vec::new();
    if current.len() != ink.len() {
        mids.extend(
            current
                .iter()
                .filter(|s| s.space)
                .map(|s| (along(s).0 + along(s).1) / 2.0)
                .filter(|m| !m.is_nan()),
        );
        mids.sort_by(f64::total_cmp);
    }
    for (i, p) in ink.iter().enumerate() {
        if i > 0 {
            let gap = along(p).0 - along(ink[i - 1]).1;
            // A space glyph counts only if it lies in the gap between the two
            // inked glyphs; WPS draws spaces under ink, which print nothing.
            let (prev_end, next_start) = (along(ink[i - 1]).1, along(p).0);
            let slack = 0.25 * p.size;
            let (lo, hi) = (prev_end - slack, next_start + slack);
            let first = mids.partition_point(|&m| m < lo);
            let had_space = mids.get(first).is_some_and(|&m| m <= hi);
            if had_space || gap > SPACE_GAP_EM * p.size {
                text.push(' ');
            }
        }
        text.push_str(p.text);
        bbox = bbox.union(&p.bbox);
        size = size.max(p.size);
    }
    out.push(Token {
        text,
        bbox,
        font_size: size,
        invisible: ink[0].invisible,
    });
    current.clear();
}

/// Turns stroked segments and thin filled rectangles into merged rulings.
pub(crate) fn rulings(frame: &Frame, paths: &[PaintedPath]) -> Vec<Ruling> {
    let (pw, ph) = frame.size();
    let mut raw = Vec::new();
    let mut pts: Vec<(f64, f64)> = Vec::new();
    for path in paths.iter().filter(|p| !p.white) {
        for (sp, closed) in path.each_subpath() {
            pts.clear();
            pts.extend(sp.iter().map(|&(x, y)| frame.map(x, y)));
            let pts = &pts[..];
            match path.paint {
                Paint::Stroke => {
                    let n = pts.len();
                    let edges = if closed && n > 2 {
                        n
                    } else {
                        n.saturating_sub(1)
                    };
                    for i in 0..edges {
                        let (a, b) = (pts[i], pts[(i + 1) % n]);
                        push_segment(&mut raw, a, b, path.line_width.max(0.1));
                    }
                }
                Paint::Fill => {
                    // A fill closes every sub-path implicitly, so any thin
                    // filled shape is a ruling: rectangles, mitred polygons
                    // (`m l l l h f`) and collinear curves alike.
                    if let Some(r) = thin_extent(pts) {
                        let (w, h) = (r.width(), r.height());
                        if h <= THIN_FILL && w > h {
                            raw.push(Ruling {
                                orientation: Orientation::Horizontal,
                                pos: r.cy(),
                                from: r.x0,
                                to: r.x1,
                                width: h,
                            });
                        } else if w <= THIN_FILL && h > w {
                            raw.push(Ruling {
                                orientation: Orientation::Vertical,
                                pos: r.cx(),
                                from: r.y0,
                                to: r.y1,
                                width: w,
                            });
                        }
                    }
                }
            }
        }
    }
    raw.retain(|r| {
        let (len, span) = match r.orientation {
            Orientation::Horizontal => (pw, ph),
            Orientation::Vertical => (ph, pw),
        };
        r.to > 0.0 && r.from < len && r.pos >= -1.0 && r.pos <= span + 1.0
    });
    merge(raw)
}

fn push_segment(out: &mut Vec<Ruling>, a: (f64, f64), b: (f64, f64), width: f64) {
    let (dx, dy) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
    if dy <= 0.5 && dx > 1.0 {
        out.push(Ruling {
            orientation: Orientation::Horizontal,
            pos: (a.1 + b.1) / 2.0,
            from: a.0.min(b.0),
            to: a.0.max(b.0),
            width,
        });
    } else if dx <= 0.5 && dy > 1.0 {
        out.push(Ruling {
            orientation: Orientation::Vertical,
            pos: (a.0 + b.0) / 2.0,
            from: a.1.min(b.1),
            to: a.1.max(b.1),
            width,
        });
    }
}

/// The bounding box of a filled outline, when it is thin enough to be a rule.
fn thin_extent(pts: &[(f64, f64)]) -> Option<Rect> {
    if pts.len() < 2 {
        return None;
    }
    let xs = pts.iter().map(|p| p.0);
    let ys = pts.iter().map(|p| p.1);
    let r = Rect {
        x0: xs.clone().fold(f64::INFINITY, f64::min),
        x1: xs.fold(f64::NEG_INFINITY, f64::max),
        y0: ys.clone().fold(f64::INFINITY, f64::min),
        y1: ys.fold(f64::NEG_INFINITY, f64::max),
    };
    (r.width().min(r.height()) <= THIN_FILL).then_some(r)
}

/// Joins collinear segments that touch or overlap, as Word draws each cell edge apart.
fn merge(mut raw: Vec<Ruling>) -> Vec<Ruling> {
    raw.sort_by(|a, b| {
        (a.orientation as u8)
            .cmp(&(b.orientation as u8))
            .then(a.pos.total_cmp(&b.pos))
            .then(a.from.total_cmp(&b.from))
    });
    // Group by orientation and position first, then merge along each line.
    let mut out: Vec<Ruling> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let mut j = i + 1;
        while j < raw.len()
            && raw[j].orientation == raw[i].orientation
            && (raw[j].pos - raw[j - 1].pos).abs() <= 0.6
        {
            j += 1;
        }
        let mut group: Vec<Ruling> = raw[i..j].to_vec();
        let pos = group.iter().map(|r| r.pos).sum::<f64>() / group.len() as f64;
        group.sort_by(|a, b| a.from.total_cmp(&b.from));
        let mut cur = group[0];
        cur.pos = pos;
        for r in group.into_iter().skip(1) {
            if r.from <= cur.to + 1.5 {
                cur.to = cur.to.max(r.to);
                cur.width = cur.width.max(r.width);
            } else {
                out.push(cur);
                cur = r;
                cur.pos = pos;
            }
        }
        out.push(cur);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_rotations_keep_the_top_left_corner_meaning() {
        let f = Frame {
            bbox: [0.0, 0.0, 600.0, 800.0],
            rotate: 0,
        };
        assert_eq!(f.map(0.0, 800.0), (0.0, 0.0));
        let f90 = Frame { rotate: 90, ..f };
        assert_eq!(f90.size(), (800.0, 600.0));
        // The unrotated top-left corner shows at the top-right after a clockwise turn.
        assert_eq!(f90.map(0.0, 800.0), (800.0, 0.0));
        let f270 = Frame { rotate: 270, ..f };
        assert_eq!(f270.map(0.0, 800.0), (0.0, 600.0));
    }

    #[test]
    fn thin_fills_and_strokes_merge_into_one_ruling() {
        let f = Frame {
            bbox: [0.0, 0.0, 600.0, 800.0],
            rotate: 0,
        };
        let rect = |x: f64, w: f64| PaintedPath {
            paint: Paint::Fill,
            points: vec![(x, 700.0), (x + w, 700.0), (x + w, 700.5), (x, 700.5)],
            subpaths: vec![(4, true)],
            line_width: 0.0,
            white: false,
        };
        let r = rulings(&f, &[rect(10.0, 50.0), rect(60.0, 50.0)]);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].orientation, Orientation::Horizontal);
        assert!((r[0].from - 10.0).abs() < 1e-9 && (r[0].to - 110.0).abs() < 1e-9);
        assert!((r[0].pos - 99.75).abs() < 1e-9);
    }

    #[test]
    fn mitred_polygons_and_collinear_curves_are_rulings() {
        let f = Frame {
            bbox: [0.0, 0.0, 800.0, 600.0],
            rotate: 0,
        };
        // A corner piece as some producers draw it: a thin trapezoid, not a rectangle.
        let mitred = PaintedPath {
            paint: Paint::Fill,
            points: vec![
                (798.0, 216.6),
                (42.0, 216.6),
                (42.0, 215.85),
                (797.25, 215.85),
            ],
            subpaths: vec![(4, true)],
            line_width: 0.0,
            white: false,
        };
        // A vertical rule drawn as a flattened curve (all points on x = 100).
        let curve = PaintedPath {
            paint: Paint::Fill,
            points: vec![(100.0, 10.0), (100.5, 40.0), (100.5, 70.0), (100.0, 90.0)],
            subpaths: vec![(4, false)],
            line_width: 0.0,
            white: false,
        };
        // A filled square is a cell shade, not a rule.
        let square = PaintedPath {
            paint: Paint::Fill,
            points: vec![(0.0, 0.0), (20.0, 0.0), (20.0, 20.0), (0.0, 20.0)],
            subpaths: vec![(4, true)],
            line_width: 0.0,
            white: false,
        };
        let r = rulings(&f, &[mitred, curve, square]);
        assert_eq!(r.len(), 2, "{r:?}");
        let h = r
            .iter()
            .find(|r| r.orientation == Orientation::Horizontal)
            .unwrap();
        assert!((h.from - 42.0).abs() < 1e-9 && (h.to - 798.0).abs() < 1e-9);
        let v = r
            .iter()
            .find(|r| r.orientation == Orientation::Vertical)
            .unwrap();
        assert!((v.pos - 100.25).abs() < 1e-9 && (v.to - v.from - 80.0).abs() < 1e-9);
    }
}
