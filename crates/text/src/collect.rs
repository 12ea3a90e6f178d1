//! The `OutputDev` that records what pdf-extract sees on a page, in PDF user space.

use pdf_extract::{
    CharState, ColorSpace, MediaBox, Meter, OutputDev, OutputError, Path, PathOp, Transform,
};
use std::rc::Rc;

/// One glyph as drawn: origin, advance and up vectors in PDF user space.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    /// The glyph's text: a byte range of the page's [`Collector::text`].
    pub text: (u32, u32),
    /// Baseline origin.
    pub origin: (f64, f64),
    /// Vector from the origin to the end of the glyph's advance.
    pub advance: (f64, f64),
    /// Vector from the baseline to one em above it.
    pub up: (f64, f64),
    pub invisible: bool,
}

/// How a path was painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paint {
    Stroke,
    Fill,
}

/// A painted path flattened to user-space polylines.
#[derive(Debug, Clone)]
pub(crate) struct PaintedPath {
    pub paint: Paint,
    /// The points of every sub-path, one sub-path after another (two
    /// allocations per path, not one per sub-path).
    pub points: Vec<(f64, f64)>,
    /// Each sub-path's end in `points` and whether it was closed (`h` or
    /// `re`); a rectangle is a closed four-point sub-path.
    pub subpaths: Vec<(usize, bool)>,
    /// Stroke width in user space.
    pub line_width: f64,
    /// Painted in white, so invisible on a white page.
    pub white: bool,
}

impl PaintedPath {
    /// Each sub-path's points, and whether it was closed.
    pub fn each_subpath(&self) -> impl Iterator<Item = (&[(f64, f64)], bool)> + '_ {
        let mut start = 0;
        self.subpaths.iter().map(move |&(end, closed)| {
            let points = &self.points[start..end];
            start = end;
            (points, closed)
        })
    }
}

/// Builds a [`PaintedPath`]'s points and sub-paths.
#[derive(Default)]
struct Outline {
    points: Vec<(f64, f64)>,
    subpaths: Vec<(usize, bool)>,
}

impl Outline {
    /// Starts a sub-path with `points`.
    fn start(&mut self, points: &[(f64, f64)], closed: bool) {
        self.points.extend_from_slice(points);
        self.subpaths.push((self.points.len(), closed));
    }

    /// Adds `points` to the last sub-path, or starts one.
    fn extend(&mut self, points: &[(f64, f64)]) {
        match self.subpaths.last_mut() {
            Some(last) => {
                self.points.extend_from_slice(points);
                last.0 = self.points.len();
            }
            None => self.start(points, false),
        }
    }
}

impl Glyph {
    /// The glyph's text in its page's text buffer.
    pub fn text<'a>(&self, buffer: &'a str) -> &'a str {
        buffer
            .get(self.text.0 as usize..self.text.1 as usize)
            .unwrap_or("")
    }
}

/// Records glyphs and painted paths of one page.
#[derive(Default)]
pub(crate) struct Collector {
    pub glyphs: Vec<Glyph>,
    /// The text of every glyph, one after another: one buffer per page
    /// instead of a string per glyph.
    pub text: String,
    pub paths: Vec<PaintedPath>,
    /// The document's budgets: every glyph and path point kept is counted.
    pub meter: Option<Rc<Meter>>,
}

fn apply(m: &Transform, x: f64, y: f64) -> (f64, f64) {
    (m.m11 * x + m.m21 * y + m.m31, m.m12 * x + m.m22 * y + m.m32)
}

/// Whether a device colour is white, i.e. paints nothing visible on paper.
fn is_white(colorspace: &ColorSpace, color: &[f64]) -> bool {
    match (colorspace, color.len()) {
        (ColorSpace::DeviceCMYK, 4) => color.iter().all(|&c| c <= 0.01),
        (_, 1) | (_, 3) => color.iter().all(|&c| c >= 0.99),
        _ => false,
    }
}

fn vector(m: &Transform, x: f64, y: f64) -> (f64, f64) {
    (m.m11 * x + m.m21 * y, m.m12 * x + m.m22 * y)
}

impl Collector {
    /// Counts `n` kept items against the output budget.
    fn charge(&self, n: usize) -> Result<(), OutputError> {
        match &self.meter {
            Some(m) => Ok(m.count_output(n as u64)?),
            None => Ok(()),
        }
    }

    fn record_path(
        &mut self,
        ctm: &Transform,
        path: &Path,
        paint: Paint,
        line_width: f64,
        white: bool,
    ) {
        let mut outline = Outline::default();
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => outline.start(&[apply(ctm, x, y)], false),
                PathOp::LineTo(x, y) => outline.extend(&[apply(ctm, x, y)]),
                PathOp::CurveTo(x1, y1, x2, y2, x, y) if paint == Paint::Fill => {
                    // A filled shape is judged by its outline's extent, and a
                    // curve lies inside the hull of its control points: a thin
                    // filled "curve" (collinear points) is a ruling like any
                    // thin polygon, as in pdfplumber's edges.
                    outline.extend(&[apply(ctm, x1, y1), apply(ctm, x2, y2), apply(ctm, x, y)]);
                }
                PathOp::CurveTo(_, _, _, _, x, y) => {
                    // Stroked curves are never table borders; a break keeps
                    // them out of segments.
                    outline.start(&[apply(ctm, x, y)], false);
                }
                PathOp::Rect(x, y, w, h) => {
                    let corners = [
                        apply(ctm, x, y),
                        apply(ctm, x + w, y),
                        apply(ctm, x + w, y + h),
                        apply(ctm, x, y + h),
                    ];
                    outline.start(&corners, true);
                    // `re` starts a new sub-path at its origin.
                    outline.start(&[corners[0]], false);
                }
                PathOp::Close => {
                    if let Some(last) = outline.subpaths.last_mut() {
                        last.1 = true;
                    }
                }
            }
        }
        let scale = {
            let (a, b) = vector(ctm, 1.0, 0.0);
            let (c, d) = vector(ctm, 0.0, 1.0);
            ((a * d - b * c).abs()).sqrt()
        };
        self.paths.push(PaintedPath {
            paint,
            points: outline.points,
            subpaths: outline.subpaths,
            line_width: line_width * scale,
            white,
        });
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        let state = CharState { render_mode: 0 };
        self.output_character_with_state(trm, width, spacing, font_size, char, &state)
    }
    fn output_character_with_state(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
        state: &CharState,
    ) -> Result<(), OutputError> {
        if char.is_empty() {
            return Ok(());
        }
        // Render modes 3 (invisible) and 7 (clip only) put no ink on the page.
        let invisible = state.render_mode == 3 || state.render_mode == 7;
        self.charge(1)?;
        let start = self.text.len() as u32;
        self.text.push_str(char);
        self.glyphs.push(Glyph {
            text: (start, self.text.len() as u32),
            origin: (trm.m31, trm.m32),
            advance: vector(trm, width * font_size, 0.0),
            up: vector(trm, 0.0, font_size),
            invisible,
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        // The patched pdf-extract calls `stroke_with_width`; this is its default width.
        self.stroke_with_width(ctm, colorspace, color, path, 1.0)
    }
    fn stroke_with_width(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
        line_width: f64,
    ) -> Result<(), OutputError> {
        let white = is_white(colorspace, color);
        self.charge(path.ops.len())?;
        self.record_path(ctm, path, Paint::Stroke, line_width, white);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        colorspace: &ColorSpace,
        color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.charge(path.ops.len())?;
        self.record_path(ctm, path, Paint::Fill, 0.0, is_white(colorspace, color));
        Ok(())
    }
}
