//! The 三公 table printed across one line under a two-level header.

use crate::columns::{compact_header, three_public_id};
use crate::grammar::{classify, Cell};
use crate::layout::{column_of, Col};
use crate::lines::{Line, Tok};
use crate::recognize::dropped_note;
use juesuan_model::{Amount, ColumnId, Row, RowKey, Table, TableKind, Value};

/// Reads the one 三公 row from the figures of its line, each named by the
/// 预算/决算 heading and the item heading above it.
pub(crate) fn read_three_public(
    kind: Option<TableKind>,
    cols: &[Col],
    header: &[&Tok],
    body_lines: &[&Line],
    table: &mut Table,
) {
    // Without a 预算数/决算数 heading, the figures are the family's own.
    let default_stage = match kind.map(TableKind::family) {
        Some(juesuan_model::Family::Budget) => "预算",
        _ => "决算",
    };
    let stages: Vec<&&Tok> = header
        .iter()
        .filter(|t| t.text.contains("预算") || t.text.contains("决算"))
        .filter(|t| compact_header(&t.text).chars().count() <= 8)
        .collect();
    let items: Vec<&&Tok> = header.iter().filter(|t| names_item(&t.text)).collect();
    // The 决算 SCHEMA names the one row 三公经费; a 预算 table prints no name
    // for it, so its row is unnamed like any one-line grid's.
    let label = match kind.map(TableKind::family) {
        Some(juesuan_model::Family::Budget) => "",
        _ => "三公经费",
    };
    let mut row = table
        .rows
        .iter()
        .position(|r| r.key == RowKey::Label(label.into()))
        .map(|i| table.rows.remove(i))
        .unwrap_or_else(|| Row::new(RowKey::Label(label.into()), None, label));
    // The first body line with amounts is the 三公 row.
    let Some(line) = body_lines
        .iter()
        .find(|l| l.toks.iter().any(crate::layout::is_decimal))
    else {
        table.rows.push(row);
        return;
    };
    for t in line.toks.iter() {
        if !matches!(classify(&t.text), Cell::Number { .. }) {
            continue;
        }
        let Some(ci) = column_of(cols, t.cx()) else {
            continue;
        };
        let c = &cols[ci];
        let stage = stages
            .iter()
            .min_by(|a, b| (a.cx() - c.cx()).abs().total_cmp(&(b.cx() - c.cx()).abs()))
            .map(|t| t.text.as_str())
            .unwrap_or(default_stage);
        // The most specific heading over the value's column: the lowest item
        // heading overlapping it, the one nearest the value on a tie.
        let over: Vec<&&&Tok> = items
            .iter()
            .filter(|h| h.x1 > c.x0 + 1.0 && h.x0 < c.x1 - 1.0)
            .collect();
        let lowest = over.iter().map(|h| h.y0).fold(f64::NEG_INFINITY, f64::max);
        // A heading wrapped in its narrow cell (`公务接` / `待费`) is no item
        // token, but the column's joined header still names the item.
        let item = over
            .iter()
            .filter(|h| h.y0 >= lowest - 3.0)
            .map(|h| **h)
            .min_by(|a, b| (a.cx() - t.cx()).abs().total_cmp(&(b.cx() - t.cx()).abs()))
            .map(|h| h.text.clone())
            .or_else(|| names_item(&c.header).then(|| c.header.clone()))
            .or_else(|| {
                items
                    .iter()
                    .min_by(|a, b| (a.cx() - t.cx()).abs().total_cmp(&(b.cx() - t.cx()).abs()))
                    .map(|h| h.text.clone())
            })
            .unwrap_or_default();
        let id = three_public_id(stage, &item);
        match Amount::parse(&compact_header(&t.text)) {
            Ok(amount) => {
                let value = Value::new(amount, table.unit.as_ref(), t.page, Some(t.bbox()));
                // Two columns never share an id: a second one keeps its
                // printed headings (a 合计 over 三公 plus 会议费, a 三公 小计).
                let id = if row.values.contains_key(&id) {
                    ColumnId::other(&format!("{}{}", compact_header(&c.header), ci + 1))
                } else {
                    id
                };
                row.values.insert_if_absent(id, value);
            }
            Err(e) => table.notes.push(dropped_note(t, &e)),
        }
    }
    table.rows.push(row);
}

/// Whether a heading names a 三公 item (or the total over them).
fn names_item(text: &str) -> bool {
    let c = compact_header(text);
    ["合计", "出国", "接待", "小计", "购置", "运行", "总计"]
        .iter()
        .any(|k| c.contains(k))
}
