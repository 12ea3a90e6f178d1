//! The checks on the tables: within rows, down the code trees, across the
//! two-sided summaries, between tables, and on the document's structure.

use std::collections::BTreeSet;

use super::{At, CheckId, Cx, Fig, Finding, Severity};
use juesuan_model::split_numbered_label;
use juesuan_model::ColumnId;
use juesuan_model::{CodeSystem, DocumentKind, Side, TableKind};
use juesuan_model::{Row, Table};

mod code_tree;
mod cross_table;
mod structure;
mod summaries;
mod sums;

use code_tree::*;
use cross_table::*;
use structure::*;
use summaries::*;
use sums::*;

pub(super) fn run(cx: &mut Cx<'_>) {
    row_sums(cx);
    three_public(cx);
    code_tree(cx);
    summary_class_sums(cx);
    economic_tree(cx);
    personnel_public(cx);
    summary_balance(cx);
    cross_income(cx);
    cross_expenditure(cx);
    cross_appropriation(cx);
    cross_basic(cx);
    cross_basic_items(cx);
    cross_three_public(cx);
    cross_fund(cx);
    structure(cx);
}

/// A located cell of table `ti`.
pub(super) fn at<'a>(ti: usize, t: &'a Table, row: &'a Row, column: ColumnId) -> At<'a> {
    At {
        table: ti,
        t,
        row,
        column,
    }
}

/// The first row on `side` whose label is exactly one of `labels`; a
/// numbered label (`…#2`) matches only when listed with its number.
pub(super) fn find<'a>(t: &'a Table, side: Option<Side>, labels: &[&str]) -> Option<&'a Row> {
    t.rows
        .iter()
        .find(|r| r.side == side && r.key.as_label().is_some_and(|l| labels.contains(&l)))
}

/// The header printed for a column, or its id.
pub(super) fn header(t: &Table, c: &ColumnId) -> String {
    t.columns
        .iter()
        .find(|x| &x.id == c)
        .map_or_else(|| c.id().to_string(), |x| x.header.clone())
}

/// Every column some row of the table prints, in canonical order.
pub(super) fn printed_columns(t: &Table, side: Option<Side>) -> Vec<ColumnId> {
    let set: BTreeSet<ColumnId> = t
        .rows
        .iter()
        .filter(|r| r.side == side)
        .flat_map(|r| r.values.keys().cloned())
        .collect();
    // Columns outside the vocabulary are only summed in tables outside the
    // nine (部门预算 tables), and never when they hold rates or changes.
    set.into_iter()
        .filter(|c| match c {
            ColumnId::Other(h) => {
                t.kind.is_none()
                    && !["%", "率", "比", "增减", "幅"]
                        .iter()
                        .any(|k| h.as_str().contains(k))
            }
            _ => true,
        })
        .collect()
}

pub(super) fn fig(cx: &Cx<'_>, t: &Table, row: &Row, c: &ColumnId) -> Option<Fig> {
    crate::cell_fig(cx.doc, t, row, c)
}

/// What a cell printing nothing means in a sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Blank {
    /// Nothing printed is zero.
    Zero,
    /// Where one side prints nothing at all in the column (the total's cell
    /// blank while its parts print figures, or every part blank while the
    /// total prints one), the figures were not read rather than misprinted:
    /// on the corpus every such case in a code tree is a number the
    /// recognizer lost (split over two lines, glued to a name). It is noted
    /// as information, not judged.
    Unread,
}

/// Compares the cell at `at` with the sum of its column over `parts`.
pub(super) fn against_sum(
    cx: &mut Cx<'_>,
    check: CheckId,
    at: &At<'_>,
    parts: &[&Row],
    (what, blank): (&str, Blank),
) {
    let c = at.column;
    let printed = at.value().is_some();
    let any_part = parts.iter().any(|r| r.values.contains_key(&c));
    if !printed && !any_part {
        return;
    }
    let (severity, unread) = match (blank, printed, any_part) {
        (Blank::Unread, false, _) => (
            Severity::Info,
            "；本行此栏未读到金额 / parent cell not read",
        ),
        (Blank::Unread, _, false) => (Severity::Info, "；各子行此栏均未读到金额 / no part read"),
        _ => (Severity::Error, ""),
    };
    let expected: Fig = parts.iter().map(|r| fig0(cx, at.t, r, &c)).sum();
    let before = cx.findings.len();
    cx.compare(check, severity, at, expected, what);
    if let Some(f) = cx.findings.get_mut(before) {
        f.message.push_str(unread);
    }
}

/// Each of `columns` of `row` against its sum over `parts`.
pub(super) fn columns_against_sum(
    cx: &mut Cx<'_>,
    check: CheckId,
    (ti, t, row): (usize, &Table, &Row),
    columns: &[ColumnId],
    parts: &[&Row],
    what: (&str, Blank),
) {
    for c in columns {
        against_sum(cx, check, &at(ti, t, row, *c), parts, what);
    }
}

pub(super) fn fig0(cx: &Cx<'_>, t: &Table, row: &Row, c: &ColumnId) -> Fig {
    fig(cx, t, row, c).unwrap_or(Fig::ZERO)
}

pub(super) fn kinds<'a>(cx: &Cx<'a>, kind: TableKind) -> Option<(usize, &'a Table)> {
    cx.doc
        .tables
        .iter()
        .enumerate()
        .find(|(_, t)| t.kind == Some(kind))
}

/// A table with its index in the document.
pub(super) type Indexed<'a> = (usize, &'a Table);

/// The first tables of two kinds, when both are printed.
pub(super) fn pair<'a>(
    cx: &Cx<'a>,
    a: TableKind,
    b: TableKind,
) -> Option<(Indexed<'a>, Indexed<'a>)> {
    Some((kinds(cx, a)?, kinds(cx, b)?))
}
