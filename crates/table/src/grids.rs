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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::Tok;

    fn line(y: f64, cells: &[(&str, f64)]) -> Line {
        let toks = cells
            .iter()
            .map(|&(text, x)| Tok {
                text: text.into(),
                x0: x,
                y0: y,
                x1: x + 10.0 * text.chars().count() as f64,
                y1: y + 10.0,
                page: 1,
            })
            .collect();
        Line {
            y0: y,
            y1: y + 10.0,
            toks,
        }
    }

    fn rule(orientation: Orientation, pos: f64, from: f64, to: f64) -> Ruling {
        Ruling {
            orientation,
            pos,
            from,
            to,
            width: 0.5,
        }
    }

    /// A grid of three columns from y 100 to 160 with a header row and two
    /// rows of amounts, under `above` (the lines printed over it).
    fn page(above: Vec<Line>) -> (Vec<Line>, Vec<Ruling>) {
        let mut lines = above;
        lines.push(line(
            105.0,
            &[("科目", 60.0), ("2022年", 160.0), ("2021年", 260.0)],
        ));
        lines.push(line(
            125.0,
            &[("合计", 60.0), ("93.50", 160.0), ("60.25", 260.0)],
        ));
        lines.push(line(
            145.0,
            &[("工资福利支出", 60.0), ("41.82", 160.0), ("45.16", 260.0)],
        ));
        let mut rulings: Vec<Ruling> = [50.0, 150.0, 250.0, 350.0]
            .iter()
            .map(|&x| rule(Orientation::Vertical, x, 100.0, 160.0))
            .collect();
        for y in [100.0, 120.0, 140.0, 160.0] {
            rulings.push(rule(Orientation::Horizontal, y, 50.0, 350.0));
        }
        (lines, rulings)
    }

    fn found(lines: Vec<Line>, rulings: &[Ruling]) -> Vec<Grid> {
        grids(&PageCtx {
            number: 1,
            height: 842.0,
            lines,
            rulings,
        })
    }

    #[test]
    fn a_grid_inside_prose_is_a_table_titled_by_its_heading() {
        let prose = "本部门一般公共预算支出比上年增加，主要原因是人员增加，经费正常增加。";
        let (lines, rulings) = page(vec![
            line(40.0, &[(prose, 50.0)]),
            line(70.0, &[("3.支出按经济科目分类的明细情况", 50.0)]),
            line(86.0, &[("金额单位：万元", 280.0)]),
        ]);
        let grids = found(lines, &rulings);
        assert_eq!(grids.len(), 1);
        assert_eq!(
            grids[0].heading.as_deref(),
            Some("3.支出按经济科目分类的明细情况")
        );
        assert_eq!(grids[0].unit.as_deref(), Some("万元"));
    }

    #[test]
    fn a_grid_under_a_sentence_has_no_title() {
        let prose = "本部门一般公共预算支出比上年增加，主要原因是人员增加，经费正常增加。";
        let (lines, rulings) = page(vec![line(80.0, &[(prose, 50.0)])]);
        let grids = found(lines, &rulings);
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].heading, None);
    }

    #[test]
    fn a_page_of_grid_alone_is_left_to_the_titled_tables() {
        let (lines, rulings) = page(vec![line(80.0, &[("工作经费", 50.0)])]);
        assert!(found(lines, &rulings).is_empty());
    }
}
