//! The flat rows every tabular output writes, and their column names.
//!
//! `cells.csv` and SQLite's `cell_view` have exactly [`CELL_COLUMNS`];
//! `findings.csv` and SQLite's `findings` have exactly [`FINDING_COLUMNS`].
//! Exact amounts are decimal strings; the numeric copies (`amount`,
//! `wan_yuan`) are for SQL sums and sorting only.

use std::borrow::Cow;

use juesuan_model::{ColumnId, Document, Row, Table, Value};
use rust_decimal::Decimal;

/// A column of a tabular output: its name, SQLite type and meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The name, the same in CSV, SQLite and the JSON Schema's descriptions.
    pub name: &'static str,
    /// The SQLite type (`TEXT`, `INTEGER`, `REAL`).
    pub sql_type: &'static str,
    /// What it holds, one sentence.
    pub doc: &'static str,
}

const fn col(name: &'static str, sql_type: &'static str, doc: &'static str) -> Column {
    Column {
        name,
        sql_type,
        doc,
    }
}

#[cfg(test)]
pub(crate) const fn col_for_test(name: &'static str, sql_type: &'static str) -> Column {
    col(name, sql_type, "")
}

/// The columns about the document, first in both row kinds.
pub(crate) const DOCUMENT_COLUMNS: [Column; 7] = [
    col("file", "TEXT", "The PDF's file name."),
    col("path", "TEXT", "The input path as given to the run."),
    col(
        "sha256",
        "TEXT",
        "The sha256 of the PDF's bytes: the document's key.",
    ),
    col(
        "document_kind",
        "TEXT",
        "`budget` (预算), `final_accounts` (决算), `unit_final_accounts` or `unknown`.",
    ),
    col(
        "department",
        "TEXT",
        "The department from the cover or title line; empty (NULL) when unknown.",
    ),
    col("year", "INTEGER", "The fiscal year."),
    col(
        "unit",
        "TEXT",
        "The unit the amounts are printed in (`万元`, `元`), the table's or else the document's.",
    ),
];

/// The columns of `cells.csv` and SQLite's `cell_view`, in order.
pub const CELL_COLUMNS: [Column; 27] = [
    DOCUMENT_COLUMNS[0],
    DOCUMENT_COLUMNS[1],
    DOCUMENT_COLUMNS[2],
    DOCUMENT_COLUMNS[3],
    DOCUMENT_COLUMNS[4],
    DOCUMENT_COLUMNS[5],
    DOCUMENT_COLUMNS[6],
    col("table_index", "INTEGER", "The table's 0-based position in the document."),
    col("table_kind", "TEXT", "The table kind id (`income`, `expenditure` …), `other` for a table of no kind."),
    col("table_number", "INTEGER", "The printed 公开NN number, when printed."),
    col("table_title", "TEXT", "The printed title."),
    col("row_index", "INTEGER", "The row's 0-based position in its table."),
    col("code", "TEXT", "The classification code (功能分类 or 经济分类), as text: `201`, `20101`, `2010101`; empty when the row is keyed by label."),
    col("label", "TEXT", "The normalized label (`合计`, `本年收入合计` …) when the row has no code; a label repeated on the same side is numbered `小计#2`, `小计#3` … (the JSON document writes it `{\"label\": \"小计\", \"occurrence\": 2}`)."),
    col("side", "TEXT", "`income` or `expenditure` in a two-sided summary, else empty."),
    col("name", "TEXT", "The printed 科目名称 or label."),
    col("column_id", "TEXT", "The canonical column id (`total`, `basic`, `project` …) or `x:<printed header>`."),
    col("printed", "TEXT", "The amount exactly as printed (`1,279.26`)."),
    col("amount", "REAL", "The amount in the table's unit, as a number (SQLite) for sums and sorting."),
    col("amount_exact", "TEXT", "The amount in the table's unit, exact decimal text (`1279.26`)."),
    col("wan_yuan", "REAL", "The amount in 万元, as a number (SQLite); empty when the unit is unknown."),
    col("wan_yuan_exact", "TEXT", "The amount in 万元, exact decimal text."),
    col("page", "INTEGER", "The 1-based page the amount is printed on."),
    col("x0", "REAL", "Left edge of the printed amount, PDF points from the page's left."),
    col("y0", "REAL", "Top edge, points from the page's top."),
    col("x1", "REAL", "Right edge."),
    col("y1", "REAL", "Bottom edge."),
];

/// The columns of `findings.csv` and SQLite's `findings`, in order.
pub const FINDING_COLUMNS: [Column; 20] = [
    DOCUMENT_COLUMNS[0],
    DOCUMENT_COLUMNS[1],
    DOCUMENT_COLUMNS[2],
    DOCUMENT_COLUMNS[3],
    DOCUMENT_COLUMNS[4],
    DOCUMENT_COLUMNS[5],
    DOCUMENT_COLUMNS[6],
    col(
        "check_id",
        "TEXT",
        "The check's stable id (`row_sum`, `code_tree` …).",
    ),
    col(
        "severity",
        "TEXT",
        "`error`, `warning`, `rounding` or `info`.",
    ),
    col(
        "table_index",
        "INTEGER",
        "The table the finding is in, when it is in one.",
    ),
    col("table_kind", "TEXT", "That table's kind id."),
    col("side", "TEXT", "The row's side in a two-sided summary."),
    col("row_key", "TEXT", "The row's code or label."),
    col("column_id", "TEXT", "The column id."),
    col(
        "page",
        "INTEGER",
        "The page of the printed figure (or narrative sentence).",
    ),
    col(
        "expected",
        "TEXT",
        "What the other figures make the printed one, exact.",
    ),
    col(
        "printed",
        "TEXT",
        "The printed figure, exact (no thousands separators).",
    ),
    col("difference", "TEXT", "printed − expected, exact."),
    col(
        "tolerance",
        "TEXT",
        "The rounding allowance of the comparison, exact.",
    ),
    col("message", "TEXT", "What is wrong, in words."),
];

/// A value of one cell of a flat row, typed for SQLite. Text is borrowed
/// from the document where it can be: a row is built per printed amount,
/// twice (CSV and SQLite), and owned copies were most of the writer's
/// allocations.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<'a> {
    /// No value: an empty CSV field, SQL NULL.
    Null,
    /// Text.
    Text(Cow<'a, str>),
    /// An integer.
    Int(i64),
    /// A number: the convenience copy of an exact amount, or a coordinate.
    Real(f64),
}

impl<'a> Field<'a> {
    pub(crate) fn text(s: &'a str) -> Field<'a> {
        Field::Text(Cow::Borrowed(s))
    }

    pub(crate) fn opt_text(s: Option<&'a str>) -> Field<'a> {
        s.map_or(Field::Null, Field::text)
    }

    pub(crate) fn owned(s: String) -> Field<'a> {
        Field::Text(Cow::Owned(s))
    }

    pub(crate) fn opt_int(n: Option<impl Into<i64>>) -> Field<'a> {
        n.map_or(Field::Null, |n| Field::Int(n.into()))
    }

    /// A decimal's numeric copy and its exact text, formatted once. The
    /// exact value is always written beside the copy.
    pub(crate) fn decimal(d: Option<Decimal>) -> [Field<'a>; 2] {
        let Some(d) = d else {
            return [Field::Null, Field::Null];
        };
        let exact = d.to_string();
        let number = exact.parse().map_or(Field::Null, Field::Real);
        [number, Field::owned(exact)]
    }

    /// A number's identity for reusing its CSV text: the integer, or the
    /// float's bits (`-0.0` and `0.0` print differently); `None` for text.
    pub(crate) fn number_key(&self) -> Option<(bool, u64)> {
        match self {
            Field::Int(n) => Some((false, *n as u64)),
            Field::Real(x) => Some((true, x.to_bits())),
            Field::Null | Field::Text(_) => None,
        }
    }

    /// A number's CSV text, written over `out`; text fields write nothing.
    /// [`csv_sources`] writes a numeric copy of an amount as its exact
    /// decimal instead.
    pub(crate) fn format_number(&self, out: &mut String) {
        use std::fmt::Write;
        out.clear();
        let _ = match self {
            Field::Int(n) => write!(out, "{n}"),
            Field::Real(x) => write!(out, "{x:.1}"),
            Field::Null | Field::Text(_) => Ok(()),
        };
    }
}

/// The document kind's id.
pub fn document_kind(doc: &Document) -> &'static str {
    match serde_json::to_value(doc.kind) {
        Ok(serde_json::Value::String(s)) => match s.as_str() {
            "budget" => "budget",
            "final_accounts" => "final_accounts",
            "unit_final_accounts" => "unit_final_accounts",
            _ => "unknown",
        },
        _ => "unknown",
    }
}

/// A table's kind id, `other` for a table of no kind.
pub fn table_kind(t: &Table) -> &'static str {
    t.kind.map_or("other", |k| k.id())
}

/// The document columns of a row of `doc`, in a table printed in `unit`.
fn document_fields<'a>(doc: &'a Document, path: &'a str, unit: Option<&'a str>) -> Vec<Field<'a>> {
    vec![
        Field::text(&doc.file),
        Field::text(path),
        Field::text(&doc.sha256),
        Field::text(document_kind(doc)),
        Field::opt_text(doc.department.as_deref()),
        Field::opt_int(doc.year),
        Field::opt_text(unit),
    ]
}

/// A column's id, borrowed unless it is an `x:` id.
fn column_field(c: &ColumnId) -> Field<'static> {
    c.canonical_id()
        .map_or_else(|| Field::owned(c.id()), Field::text)
}

/// The unit a table's amounts are printed in: its own, else the document's.
pub fn table_unit<'a>(doc: &'a Document, t: &'a Table) -> Option<&'a str> {
    t.unit.as_ref().or(doc.unit.as_ref()).map(|u| u.as_str())
}

/// How many of [`CELL_COLUMNS`] follow the document's: the cell's own.
pub(crate) const CELL_OWN: usize = CELL_COLUMNS.len() - DOCUMENT_COLUMNS.len();

/// One flat row per printed amount, with [`CELL_COLUMNS`].
///
/// The amount columns carry the exact text beside the numeric copy; a CSV
/// writer writes the exact text for both (see [`csv_sources`]).
pub fn cell_rows<'a>(doc: &'a Document, path: &'a str) -> Vec<Vec<Field<'a>>> {
    let mut out = Vec::with_capacity(doc.tables.iter().map(Table::amount_count).sum());
    let collect = |row: &[Field<'a>]| {
        out.push(row.to_vec());
        Ok(())
    };
    let collected: std::result::Result<(), std::convert::Infallible> =
        each_cell_row(doc, path, collect);
    let Ok(()) = collected;
    out
}

/// Calls `f` with the flat row of every cell in turn, as [`cell_rows`]
/// returns them, building one row at a time: a long document's rows
/// would take tens of megabytes at once.
pub fn each_cell_row<'a, E>(
    doc: &'a Document,
    path: &'a str,
    mut f: impl FnMut(&[Field<'a>]) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut row = Vec::with_capacity(CELL_COLUMNS.len());
    for (ti, t) in doc.tables.iter().enumerate() {
        let document = document_fields(doc, path, table_unit(doc, t));
        for (ri, r) in t.rows.iter().enumerate() {
            for (column, v) in &r.values {
                row.clear();
                row.extend_from_slice(&document);
                row.extend(cell_fields((ti, t), (ri, r), column, v));
                f(&row)?;
            }
        }
    }
    Ok(())
}

/// The cell's own columns of its flat row (from `table_index` on), for the
/// amount `v` printed in `column` of row `ri` of table `ti`. SQLite's
/// `cells` takes its values from here too, so both outputs convert alike.
pub(crate) fn cell_fields<'a>(
    (ti, t): (usize, &'a Table),
    (ri, r): (usize, &'a Row),
    column: &ColumnId,
    v: &'a Value,
) -> [Field<'a>; CELL_OWN] {
    let coord = |i: usize| v.bbox.map_or(Field::Null, |b| Field::Real(b[i]));
    let [amount, amount_exact] = Field::decimal(Some(v.amount.value()));
    let [wan_yuan, wan_yuan_exact] = Field::decimal(v.wan_yuan);
    [
        Field::Int(ti as i64),
        Field::text(table_kind(t)),
        Field::opt_int(t.number),
        Field::text(&t.title),
        Field::Int(ri as i64),
        Field::opt_text(r.key.as_code()),
        Field::opt_text(r.key.as_label()),
        Field::opt_text(r.side.map(|s| s.id())),
        Field::text(&r.name),
        column_field(column),
        Field::text(v.amount.printed()),
        amount,
        amount_exact,
        wan_yuan,
        wan_yuan_exact,
        Field::Int(i64::from(v.page)),
        coord(0),
        coord(1),
        coord(2),
        coord(3),
    ]
}

/// One flat row per 勾稽 finding, with [`FINDING_COLUMNS`].
pub fn finding_rows<'a>(doc: &'a Document, path: &'a str) -> Vec<Vec<Field<'a>>> {
    let dec = |d: Option<Decimal>| d.map_or(Field::Null, |d| Field::owned(d.to_string()));
    doc.findings
        .iter()
        .map(|f| {
            let unit = f
                .table
                .and_then(|i| doc.tables.get(i))
                .and_then(|t| table_unit(doc, t))
                .or(doc.unit.as_ref().map(|u| u.as_str()));
            let mut row = document_fields(doc, path, unit);
            row.extend([
                Field::text(f.check.id()),
                Field::text(f.severity.id()),
                Field::opt_int(f.table.map(|i| i as i64)),
                Field::opt_text(f.kind.map(|k| k.id())),
                Field::opt_text(f.side.map(|s| s.id())),
                f.key
                    .as_ref()
                    .map_or(Field::Null, |k| Field::owned(k.to_string())),
                f.column.as_ref().map_or(Field::Null, column_field),
                Field::opt_int(f.page),
                dec(f.expected),
                dec(f.printed),
                dec(f.difference),
                dec(f.tolerance),
                Field::text(&f.message),
            ]);
            row
        })
        .collect()
}

/// For each column, the index of the field a CSV row writes there: its
/// own, or for a numeric copy the exact text of the column after it
/// (`amount` ← `amount_exact`), so CSV never carries a float's rounding.
pub fn csv_sources(columns: &[Column]) -> Vec<usize> {
    (0..columns.len())
        .map(|i| {
            let exact_next = columns[i].sql_type == "REAL"
                && columns
                    .get(i + 1)
                    .is_some_and(|c| c.name.ends_with("_exact"));
            i + usize::from(exact_next)
        })
        .collect()
}
