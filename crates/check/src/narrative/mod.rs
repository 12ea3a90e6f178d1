//! The 情况说明 against the tables: amounts quoted in sentences, direction
//! words, quoted differences and percentages, item names, years, and the
//! department and year of headings.

use std::sync::OnceLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::{half_unit, CheckId, Cx, Fig, Finding, Severity};
use juesuan_model::ColumnId;
use juesuan_model::{DocumentKind, Side, TableKind};

mod arithmetic;
mod directions;
mod figure_quotes;
mod figures;
mod headings;
mod items;
mod quotes;
mod subjects;

use arithmetic::*;
use directions::*;
use figure_quotes::*;
use figures::*;
use headings::*;
use items::*;
use quotes::*;

use juesuan_model::{Row, Table};
use subjects::{Target, SUBJECTS, TOTALS};

/// A number as printed in prose: thousands separators allowed.
pub(super) const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

pub(super) fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid pattern"))
}

/// Parses a number quoted in prose (`1,273.76`) exactly.
pub(super) fn number(s: &str) -> Option<Decimal> {
    juesuan_model::Amount::parse(s).ok().map(|a| a.value())
}

/// The narrative as one string, with the page each byte offset is on.
pub(super) struct Text {
    text: String,
    starts: Vec<(usize, u32)>,
}

impl Text {
    fn page(&self, offset: usize) -> u32 {
        self.starts
            .iter()
            .rev()
            .find(|(s, _)| *s <= offset)
            .map_or(0, |(_, p)| *p)
    }

    /// A short excerpt around a span, for the finding's quote.
    fn quote(&self, start: usize, end: usize) -> String {
        let from = floor(&self.text, start.saturating_sub(45));
        let to = floor(&self.text, (end + 30).min(self.text.len()));
        self.text[from..to].to_string()
    }
}

pub(super) fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(super) fn run(cx: &mut Cx<'_>) {
    if cx.doc.narrative.is_empty() {
        return;
    }
    let mut text = Text {
        text: String::new(),
        starts: Vec::new(),
    };
    let blocks = &cx.doc.narrative;
    let offset = page_number_offset(blocks);
    for b in blocks {
        text.starts.push((text.text.len(), b.page));
        // A page break ends a sentence only if the page says so; keep text
        // joined, without the page's printed number.
        text.text
            .push_str(without_page_number(&b.text, b.page, offset));
    }
    headings(cx, &text);
    // The 情况说明 runs from its heading to the 名词解释 (later annexes quote
    // other figures); the last heading before the 名词解释 skips the 目录.
    let all = &text.text;
    let end = all.rfind("名词解释").unwrap_or(all.len());
    let start = all[..end]
        .rfind("部门决算情况说明")
        .or_else(|| all[..end].rfind("决算情况说明"))
        .unwrap_or(0);
    let body = start..end;
    let items = items(cx, &text, body.clone());
    amounts(cx, &text, body.clone(), &items);
    directions(cx, &text, body.clone());
    arithmetic(cx, &text, body);
}

/// The printed page number ending a page's text, if it is `page − offset`.
fn page_number_at_end(text: &str, page: u32, offset: u32) -> Option<usize> {
    let number = page.checked_sub(offset).filter(|n| *n > 0)?.to_string();
    text.ends_with(&number).then(|| text.len() - number.len())
}

/// How far the printed page numbers are behind the page indices, when the
/// narrative's pages end with them: the extracted text of a page ends with
/// its footer, glued to the last sentence ("科学技术支出" + "13" +
/// "1,723.93万元" on the next page reads 131,723.93). An offset counts when
/// at least three pages, and most of those ending in a digit, agree.
pub(super) fn page_number_offset(blocks: &[juesuan_model::TextBlock]) -> Option<u32> {
    let ending: Vec<&juesuan_model::TextBlock> = blocks
        .iter()
        .filter(|b| b.text.ends_with(|c: char| c.is_ascii_digit()))
        .collect();
    (0..8)
        .map(|k| {
            let n = ending
                .iter()
                .filter(|b| page_number_at_end(&b.text, b.page, k).is_some())
                .count();
            (n, k)
        })
        .filter(|(n, _)| *n >= 3 && 2 * n > ending.len())
        .max()
        .map(|(_, k)| k)
}

/// A page's text without the page number it ends with.
pub(super) fn without_page_number(text: &str, page: u32, offset: Option<u32>) -> &str {
    match offset.and_then(|k| page_number_at_end(text, page, k)) {
        Some(end) => &text[..end],
        None => text,
    }
}
