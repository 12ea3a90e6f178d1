//! The flat rows every tabular output writes, and their column names.
//!
//! `cells.csv` and SQLite's `cell_view` have exactly [`CELL_COLUMNS`];
//! `findings.csv` and SQLite's `findings` have exactly [`FINDING_COLUMNS`].
//! Exact amounts are decimal strings; the numeric copies (`amount`,
//! `wan_yuan`) are for SQL sums and sorting only.

use juesuan_model::{Document, RowKey, Table};
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

/// A value of one cell of a flat row, typed for SQLite.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// No value: an empty CSV field, SQL NULL.
    Null,
    /// Text.
    Text(String),
    /// An integer.
    Int(i64),
    /// A number: the convenience copy of an exact amount, or a coordinate.
    Real(f64),
}

impl Field {
    pub(crate) fn text(s: impl Into<String>) -> Field {
        Field::Text(s.into())
    }

    fn opt_text(s: Option<impl Into<String>>) -> Field {
        s.map_or(Field::Null, |s| Field::Text(s.into()))
    }

    fn opt_int(n: Option<impl Into<i64>>) -> Field {
        n.map_or(Field::Null, |n| Field::Int(n.into()))
    }

    /// A decimal's numeric copy. The exact value is always written beside it.
    fn number(d: Option<Decimal>) -> Field {
        d.and_then(|d| d.to_string().parse().ok())
            .map_or(Field::Null, Field::Real)
    }

    /// The field as CSV text. [`to_csv_record`] writes a numeric copy of an
    /// amount as its exact decimal instead.
    pub fn to_csv(&self) -> String {
        match self {
            Field::Null => String::new(),
            Field::Text(s) => s.clone(),
            Field::Int(n) => n.to_string(),
            Field::Real(x) => format!("{x:.1}"),
        }
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
pub fn table_kind(t: &Table) -> String {
    t.kind.map_or("other", |k| k.id()).to_string()
}

fn document_fields(doc: &Document, path: &str, unit: Option<&str>) -> Vec<Field> {
    vec![
        Field::text(doc.file.as_str()),
        Field::text(path),
        Field::text(doc.sha256.as_str()),
        Field::text(document_kind(doc)),
        Field::opt_text(doc.department.clone()),
        Field::opt_int(doc.year),
        Field::opt_text(unit),
    ]
}

/// The unit a table's amounts are printed in: its own, else the document's.
pub fn table_unit<'a>(doc: &'a Document, t: &'a Table) -> Option<&'a str> {
    t.unit.as_ref().or(doc.unit.as_ref()).map(|u| u.as_str())
}

/// One flat row per printed amount, with [`CELL_COLUMNS`].
///
/// The amount columns carry the exact text beside the numeric copy; a CSV
/// writer writes the exact text for both (see [`to_csv_record`]).
pub fn cell_rows(doc: &Document, path: &str) -> Vec<Vec<Field>> {
    let mut out = Vec::new();
    for (ti, t) in doc.tables.iter().enumerate() {
        let unit = table_unit(doc, t);
        for (ri, r) in t.rows.iter().enumerate() {
            let (code, label) = match &r.key {
                RowKey::Code(c) => (Some(c.as_str()), None),
                RowKey::Label(l) => (None, Some(l.as_str())),
            };
            for (column, v) in &r.values {
                let mut row = document_fields(doc, path, unit);
                let b = v.bbox;
                let coord = |i: usize| b.map_or(Field::Null, |b| Field::Real(b[i]));
                row.extend([
                    Field::Int(ti as i64),
                    Field::text(table_kind(t)),
                    Field::opt_int(t.number),
                    Field::text(t.title.as_str()),
                    Field::Int(ri as i64),
                    Field::opt_text(code),
                    Field::opt_text(label),
                    Field::opt_text(r.side.map(|s| s.id())),
                    Field::text(r.name.as_str()),
                    Field::text(column.id()),
                    Field::text(v.amount.printed()),
                    Field::number(Some(v.amount.value())),
                    Field::text(v.amount.value().to_string()),
                    Field::number(v.wan_yuan),
                    Field::opt_text(v.wan_yuan.map(|d| d.to_string())),
                    Field::Int(i64::from(v.page)),
                    coord(0),
                    coord(1),
                    coord(2),
                    coord(3),
                ]);
                out.push(row);
            }
        }
    }
    out
}

/// One flat row per 勾稽 finding, with [`FINDING_COLUMNS`].
pub fn finding_rows(doc: &Document, path: &str) -> Vec<Vec<Field>> {
    let dec = |d: Option<Decimal>| Field::opt_text(d.map(|d| d.to_string()));
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
                Field::opt_text(f.key.as_ref().map(ToString::to_string)),
                Field::opt_text(f.column.as_ref().map(|c| c.id())),
                Field::opt_int(f.page),
                dec(f.expected),
                dec(f.printed),
                dec(f.difference),
                dec(f.tolerance),
                Field::text(f.message.as_str()),
            ]);
            row
        })
        .collect()
}

/// A flat row as CSV text. A numeric copy is written as the exact text of
/// the column after it (`amount` ← `amount_exact`), so CSV never carries a
/// float's rounding.
pub fn to_csv_record(columns: &[Column], row: &[Field]) -> Vec<String> {
    (0..row.len())
        .map(|i| {
            let exact_next = columns[i].sql_type == "REAL"
                && columns
                    .get(i + 1)
                    .is_some_and(|c| c.name.ends_with("_exact"));
            if exact_next {
                row[i + 1].to_csv()
            } else {
                row[i].to_csv()
            }
        })
        .collect()
}
