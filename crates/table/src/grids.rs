//! Untitled tables: a ruled grid with a header band over rows of amounts,
//! printed inside prose (a 情况说明's year-on-year comparison) without a
//! table title. A reader expects it as a table all the same.

use crate::layout::{is_body_line, is_decimal};
use crate::lines::Line;
use crate::recognize::PageCtx;
use crate::titles;
use juesuan_text::{Orientation, Ruling};

/// A ruled grid that reads as a table.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// The grid's top rule (or the top of its vertical rules).
    pub top: f64,
    /// The short heading line printed just above the grid, if any.
    pub heading: Option<String>,
    /// The unit line printed just above the grid, if any.
    pub unit: Option<String>,
    /// Whether the page opens inside this grid (a grid continued from the
    /// page before, whose wrapped text may pass for a header band).
    pub opens_page: bool,
}

/// Rules shorter than this are cell furniture (underlines, ticks), not grid.
const MIN_RULE: f64 = 20.0;

/// The ruled grids of a page that have a header band and at least two rows
/// of amounts: vertical rules that overlap one another make one grid.
pub(crate) fn grids(p: &PageCtx) -> Vec<Grid> {
    let mut verticals: Vec<&Ruling> = p
        .rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical && r.to - r.from > MIN_RULE)
        .collect();
    verticals.sort_by(|a, b| a.from.total_cmp(&b.from));
    let mut spans: Vec<(f64, f64, Vec<f64>)> = Vec::new();
    for r in verticals {
        match spans.last_mut() {
            Some(s) if r.from < s.1 - 2.0 => {
                s.1 = s.1.max(r.to);
                s.2.push(r.pos);
            }
            _ => spans.push((r.from, r.to, vec![r.pos])),
        }
    }
    spans
        .into_iter()
        .filter(|(top, bottom, xs)| columns(xs) >= 3 && horizontals(p, *top, *bottom) >= 3)
        .filter(|(top, bottom, _)| reads_as_table(p, *top, *bottom))
        .filter(|(_, _, xs)| prose_around(p, xs))
        .map(|(top, bottom, _)| Grid {
            top,
            heading: heading_above(p, top),
            unit: unit_above(p, top),
            opens_page: p
                .lines
                .first()
                .is_some_and(|l| l.cy() > top && l.cy() < bottom),
        })
        .collect()
}

/// Distinct x positions (3 points apart) among a grid's vertical rules.
fn columns(xs: &[f64]) -> usize {
    let mut xs = xs.to_vec();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 3.0);
    xs.len()
}

fn horizontals(p: &PageCtx, top: f64, bottom: f64) -> usize {
    p.rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Horizontal && r.to - r.from > MIN_RULE)
        .filter(|r| r.pos >= top - 2.0 && r.pos <= bottom + 2.0)
        .count()
}

/// A header band (text lines, no amount) above the first body line, and two
/// lines or more that each print two amounts or more.
fn reads_as_table(p: &PageCtx, top: f64, bottom: f64) -> bool {
    let inside: Vec<&Line> = p
        .lines
        .iter()
        .filter(|l| l.cy() > top && l.cy() < bottom)
        .collect();
    let Some(first_body) = inside.iter().position(|l| is_body_line(l)) else {
        return false;
    };
    let amount_rows = inside
        .iter()
        .filter(|l| l.toks.iter().filter(|t| is_decimal(t)).count() >= 2)
        .count();
    first_body > 0 && amount_rows >= 2
}

/// Whether sentences as wide as the grid are printed on the page outside
/// every ruled cell: the grid sits inside prose. A page of grids alone (a titled table's
/// continuation the title search did not follow) is left to the titled
/// tables.
fn prose_around(p: &PageCtx, xs: &[f64]) -> bool {
    let width = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        - xs.iter().copied().fold(f64::INFINITY, f64::min);
    let ruled = |y: f64| {
        p.rulings.iter().any(|r| {
            r.orientation == Orientation::Vertical
                && r.to - r.from > MIN_RULE
                && r.from <= y
                && r.to >= y
        })
    };
    p.lines
        .iter()
        .filter(|l| !ruled(l.cy()))
        .flat_map(|l| l.toks.iter())
        .any(|t| {
            // Running text fills the line, as wide as the grid or wider; a
            // cell's wrapped text is narrower.
            t.x1 - t.x0 >= 0.8 * width && t.text.contains(['。', '，'])
        })
}

/// The lines just above a grid, nearest first: at most three, within 60
/// points.
fn lines_above<'a>(p: &'a PageCtx, top: f64) -> impl Iterator<Item = &'a Line> {
    p.lines
        .iter()
        .rev()
        .filter(move |l| l.y1 <= top + 1.0 && l.y1 > top - 60.0)
        .take(3)
}

/// The nearest line above the grid, past a unit line, when it reads as a
/// heading: short, no sentence, no amount.
fn heading_above(p: &PageCtx, top: f64) -> Option<String> {
    let line = lines_above(p, top).find(|l| titles::unit(&l.compact()).is_none())?;
    let c = line.compact();
    let heading =
        c.chars().count() <= 30 && !c.contains(['。', '，', ',', '；']) && !is_body_line(line);
    heading.then_some(c)
}

fn unit_above(p: &PageCtx, top: f64) -> Option<String> {
    lines_above(p, top).find_map(|l| titles::unit(&l.compact()))
}

/// Whether a page opens inside a ruled grid (a grid continued from the page
/// before): its first line lies within a vertical rule.
pub(crate) fn opens_in_grid(p: &PageCtx) -> bool {
    let Some(first) = p.lines.first() else {
        return false;
    };
    p.rulings.iter().any(|r| {
        r.orientation == Orientation::Vertical
            && r.to - r.from > MIN_RULE
            && r.from <= first.cy()
            && r.to >= first.cy()
    })
}
