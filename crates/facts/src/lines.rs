//! Tokens grouped into printed lines, for the performance tables.

use std::borrow::Cow;

use juesuan_model::without;
use juesuan_text::{Orientation, Page};

/// One token with its box.
#[derive(Debug, Clone)]
pub(crate) struct Tok<'a> {
    /// The token's text without white space, borrowed from the page when
    /// it holds none (the lines of a whole document are built at once).
    pub text: Cow<'a, str>,
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
}

impl Tok<'_> {
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// One printed line: its tokens left to right.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    pub page: u32,
    pub toks: Vec<Tok<'a>>,
    /// The x of every vertical ruling crossing the line, left to right: the
    /// cell borders of a ruled table.
    pub cuts: Vec<f64>,
}

impl Line<'_> {
    /// The line's text, white space removed.
    pub fn compact(&self) -> String {
        self.toks.iter().map(|t| t.text.as_ref()).collect()
    }

    /// The box of the line's tokens.
    pub fn bbox(&self) -> Option<[f64; 4]> {
        let first = self.toks.first()?;
        let mut b = [first.x0, first.y0, first.x1, first.y1];
        for t in &self.toks {
            b = [
                b[0].min(t.x0),
                b[1].min(t.y0),
                b[2].max(t.x1),
                b[3].max(t.y1),
            ];
        }
        Some(b)
    }
}

/// The lines of every page, top to bottom, made a page at a time as they
/// are read: a token joins a line when its vertical centre falls within the
/// line's band.
pub(crate) fn lines(pages: &[Page]) -> impl Iterator<Item = Line<'_>> {
    pages.iter().flat_map(page_lines)
}

/// The lines of one page, top to bottom.
fn page_lines(page: &Page) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let visible = page.tokens.iter().any(|t| !t.invisible);
    let toks: Vec<Tok> = page
        .tokens
        .iter()
        .filter(|t| t.invisible != visible)
        .map(|t| Tok {
            text: without(&t.text, char::is_whitespace),
            x0: t.bbox.x0,
            x1: t.bbox.x1,
            y0: t.bbox.y0,
            y1: t.bbox.y1,
        })
        .filter(|t| !t.text.is_empty())
        .collect();
    let toks = merge_cells(page, toks);
    let mut band: Option<(f64, f64)> = None;
    let mut current: Vec<Tok> = Vec::new();
    for t in toks {
        match band {
            Some((y0, y1)) if overlaps(&t, y0, y1) => {
                band = Some((y0.min(t.y0), y1.max(t.y1)));
                current.push(t);
            }
            _ => {
                flush(&mut out, page, &mut current);
                band = Some((t.y0, t.y1));
                current.push(t);
            }
        }
    }
    flush(&mut out, page, &mut current);
    out
}

/// Whether a token's height lies at least half within the band `y0..y1`.
fn overlaps(t: &Tok, y0: f64, y1: f64) -> bool {
    let common = t.y1.min(y1) - t.y0.max(y0);
    common >= 0.5 * (t.y1 - t.y0).min(y1 - y0)
}

/// Tokens wrapped inside one ruled cell joined into one: the same left edge
/// or centre, the next line down, and no horizontal ruling between them.
/// Only on pages with a ruled grid, so unruled tables keep their rows.
fn merge_cells<'a>(page: &Page, mut toks: Vec<Tok<'a>>) -> Vec<Tok<'a>> {
    toks.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let rules: Vec<(f64, f64, f64)> = page
        .rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Horizontal)
        .map(|r| (r.pos, r.from, r.to))
        .collect();
    if rules.len() < 4 {
        return toks;
    }
    let ruled_between = |x: f64, top: f64, bottom: f64| {
        rules
            .iter()
            .any(|&(y, from, to)| y > top && y < bottom && from - 1.0 <= x && x <= to + 1.0)
    };
    let boxed = |x: f64, top: f64, bottom: f64| {
        let near = |y: f64, from: f64, to: f64| {
            from - 1.0 <= x && x <= to + 1.0 && (y - top).abs() < 60.0 && y <= top + 1.0
        };
        let above = rules.iter().any(|&(y, f, t)| near(y, f, t));
        let below = rules.iter().any(|&(y, f, t)| {
            f - 1.0 <= x && x <= t + 1.0 && y >= bottom - 1.0 && y - bottom < 60.0
        });
        above && below
    };
    let mut cells: Vec<Tok> = Vec::new();
    for t in toks {
        let h = t.y1 - t.y0;
        let host = cells.iter_mut().rev().find(|c| {
            let aligned = (c.x0 - t.x0).abs() < 2.0 || (c.cx() - t.cx()).abs() < 2.0;
            let gap = t.y0 - c.y1;
            aligned
                && gap > -0.3 * h
                && gap < 0.8 * h
                && !ruled_between(t.cx(), c.y1 - 0.5, t.y0 + 0.5)
                && boxed(t.cx(), c.y0, t.y1)
        });
        match host {
            Some(c) => {
                c.text.to_mut().push_str(&t.text);
                c.x0 = c.x0.min(t.x0);
                c.x1 = c.x1.max(t.x1);
                c.y1 = c.y1.max(t.y1);
            }
            None => cells.push(t),
        }
    }
    cells.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    cells
}

fn flush<'a>(out: &mut Vec<Line<'a>>, page: &Page, toks: &mut Vec<Tok<'a>>) {
    if toks.is_empty() {
        return;
    }
    let mut toks = std::mem::take(toks);
    toks.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let y0 = toks.iter().map(|t| t.y0).fold(f64::INFINITY, f64::min);
    let y1 = toks.iter().map(|t| t.y1).fold(f64::NEG_INFINITY, f64::max);
    let cy = (y0 + y1) / 2.0;
    let mut cuts: Vec<f64> = page
        .rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical && r.from <= cy && cy <= r.to)
        .map(|r| r.pos)
        .collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    out.push(Line {
        page: page.number,
        toks,
        cuts,
    });
}
