//! Where a table's body starts and ends on a page: the header band above
//! it (栏次 numbers, meta lines) and the notes, prose and page furniture
//! under it.

use crate::columns::compact_header;
use crate::layout::{is_body_line, is_stop_line, Role};
use crate::lines::{Line, Tok};
use crate::recognize::{Carry, PageCtx};
use crate::titles;
use juesuan_model::Table;
use juesuan_text::{Orientation, Ruling};

/// Tokens that describe the table rather than belong to its grid.
pub(crate) fn is_meta_token(t: &Tok) -> bool {
    let c = compact_header(&t.text);
    titles::unit(&c).is_some()
        || (c.starts_with("公开") && c.chars().count() <= 8)
        || c.starts_with("部门：")
        || c.starts_with("部门:")
        || c.starts_with("编制单位")
        || c.starts_with("编制部门")
        // An owner line `单位名称：…`; a bare 单位名称 heads a column.
        || ["单位名称：", "单位名称:", "部门名称：", "部门名称:"]
            .iter()
            .any(|p| c.starts_with(p))
        || c.starts_with("表")
            && c.chars().count() <= 4
            && c.chars().nth(1).is_some_and(|d| d.is_ascii_digit())
}

/// A page number printed as page furniture: `- 59 -`, `第3页`, `3/20`.
fn is_page_number(compact: &str) -> bool {
    let core = compact
        .trim_matches(|c: char| matches!(c, '-' | '－' | '—' | '–'))
        .trim_start_matches('第')
        .trim_end_matches('页');
    let core = core.split(['/', '共']).next().unwrap_or(core);
    !core.is_empty() && core.chars().count() <= 4 && core.chars().all(|c| c.is_ascii_digit())
}

/// Where a table's body ends on a page: at a note or prose under the grid
/// (not at a sentence inside a text column), and before the page furniture
/// under the grid's last rule. Notes saying the table is empty are kept.
pub(crate) fn body_end(
    p: &PageCtx,
    lines: &[&Line],
    body_start: usize,
    table: &mut Table,
    carry: &Carry,
) -> usize {
    let mut body_end = lines.len();
    // Under a header that names a text column (绩效目标), a sentence that
    // starts far right of the header's left edge is a cell of that column,
    // not prose under the grid, even beside a wrapped name in the first column.
    let grid_left = lines[..body_start]
        .iter()
        .flat_map(|l| l.toks.iter())
        .filter(|t| !is_meta_token(t))
        .map(|t| t.x0)
        .fold(f64::INFINITY, f64::min);
    // A continuation page without a header band has the columns of the
    // page before.
    let grid_left = match carry.cols.first() {
        Some(c) if grid_left.is_infinite() => c.x0 + 30.0,
        _ => grid_left,
    };
    let text_column = lines[..body_start]
        .iter()
        .any(|l| crate::layout::attribute_word(&l.compact()).is_some())
        || (body_start == 0 && carry.cols.iter().any(|c| c.role == Role::Attribute));
    let in_text_cell = |l: &Line| {
        let c = l.compact();
        let longest = l.toks.iter().max_by_key(|t| t.text.chars().count());
        text_column && !c.starts_with('注') && longest.is_some_and(|t| t.x0 > grid_left + 100.0)
    };
    // On a ruled page, a sentence outside every vertical rule is prose under
    // the grid, whatever figures it quotes.
    let verticals: Vec<&Ruling> = p
        .rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical)
        .collect();
    let prose_outside_grid = |l: &Line| {
        let c = l.compact();
        !verticals.is_empty()
            && c.chars().count() > 40
            && c.contains('。')
            && !verticals.iter().any(|r| r.from <= l.cy() && r.to >= l.cy())
    };
    for (i, l) in lines.iter().enumerate().skip(body_start) {
        if (is_stop_line(l) && !in_text_cell(l)) || prose_outside_grid(l) {
            body_end = i;
            break;
        }
        let c = l.compact();
        if c.contains("无数据") {
            table.notes.push(c);
        }
    }
    // Lines under the grid's last rule (a page number, a footer) are not
    // rows; a wrapped name above that rule still is.
    let last_rule = p
        .rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Horizontal)
        .map(|r| r.pos)
        .fold(f64::NEG_INFINITY, f64::max);
    while body_end > body_start + 1 {
        let l = lines[body_end - 1];
        let below_grid = last_rule.is_finite() && l.y0 > last_rule;
        if is_body_line(l) || !(below_grid || is_page_number(&l.compact())) {
            break;
        }
        body_end -= 1;
    }
    body_end
}

/// Where the body starts: the 栏次 line closes the header band, so a wrapped
/// label's first line, printed above its row's amounts, is already body.
pub(crate) fn after_column_numbers(lines: &[&Line], body_start: usize) -> usize {
    match lines[..body_start]
        .iter()
        .rposition(|l| is_column_number_line(l))
    {
        Some(n) => n + 1,
        None => body_start,
    }
}

pub(crate) fn is_column_number_line(l: &Line) -> bool {
    let labelled = l.toks.iter().any(|t| {
        let c = compact_header(&t.text);
        c == "栏次" || c == "行次"
    });
    labelled
        && l.toks.iter().all(|t| {
            let c = compact_header(&t.text);
            c == "栏次" || c == "行次" || c.chars().all(|ch| ch.is_ascii_digit())
        })
}
