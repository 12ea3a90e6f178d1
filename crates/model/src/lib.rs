//! The canonical records of a Chinese government 部门决算 (departmental final
//! accounts), their truth-file form, and the scorer that compares the two.
//!
//! This crate owns the vocabulary every other crate speaks:
//! - the nine table kinds ([`TableKind`]) and canonical column ids
//!   ([`ColumnId`]) of `SCHEMA.md`, rendered by serde with exactly those ids;
//! - classification codes ([`FunctionCode`] 类/款/项, [`EconomicCode`] 类/款)
//!   and row identities ([`RowKey`], [`Side`], [`normalize_label`],
//!   [`LabelNumbering`]);
//! - exact amounts ([`Amount`], [`Unit`]): `rust_decimal` values with the
//!   printed scale and text, never floats;
//! - the records themselves ([`Document`], [`Table`], [`Row`], [`Value`]),
//!   each value carrying its page and bounding box as plain data;
//! - the truth files ([`truth`]) and the scoring of `SCHEMA.md` ([`score`]);
//! - the types of the 勾稽 findings ([`Finding`], [`CheckId`], [`Severity`]);
//!   the checks themselves are the `juesuan-check` crate.
//!
//! It must not know about PDFs, text extraction, geometry algorithms, how
//! printed titles and headers are recognised, or how prose is read: those
//! belong to the text, table and check crates, which build and read these
//! records.
//!
//! # Example
//!
//! ```
//! use juesuan_model::{
//!     score, Amount, ColumnId, Document, DocumentKind, Row, RowKey, Table, TableKind,
//!     TruthFile, Unit, Value,
//! };
//!
//! let mut table = Table::new(Some(TableKind::Income), "收入决算表");
//! table.pages = vec![8];
//! let mut row = Row::new(RowKey::code("2010601")?, None, "行政运行");
//! let amount = Amount::parse("1,511.90")?;
//! row.values.insert(
//!     ColumnId::Total,
//!     Value::new(amount, Some(&Unit::WanYuan), 8, Some([300.0, 410.5, 345.0, 420.0])),
//! );
//! table.rows.push(row);
//!
//! let mut doc = Document::new("财政局2024年度部门决算.pdf", "d45e…");
//! doc.kind = DocumentKind::FinalAccounts;
//! doc.unit = Some(Unit::WanYuan);
//! doc.tables.push(table);
//!
//! // Serde uses the SCHEMA ids.
//! let json = serde_json::to_string(&doc)?;
//! assert!(json.contains(r#""kind":"income""#) && json.contains(r#""total""#));
//!
//! // The truth form drops the thousands separator, and scoring a document
//! // against its own truth form is perfect.
//! let truth = TruthFile::from(&doc);
//! assert_eq!(truth.tables[0].rows[0].values[&ColumnId::Total], "1511.90");
//! let report = score::score(&truth, &doc);
//! assert_eq!(report.score.cell_f1(), 1.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod amount;
pub mod code;
mod column;
mod document;
mod error;
mod fact;
mod finding;
mod kind;
mod label;
mod performance;
pub mod score;
pub mod truth;
mod values;

pub use amount::{Amount, Unit};
pub use code::{is_code, CodeLevel, EconomicCode, FunctionCode};
pub use column::{ColumnId, Header, OTHER_PREFIX};
pub use document::{CellRef, Column, Document, Row, RowKey, Table, TextBlock, Value};
pub use error::{Error, ErrorKind, Result};
pub use fact::{Basis, Comparison, Fact, FactId, FactUnit};
pub use finding::{CheckId, Finding, Severity, UnknownCheck};
pub use kind::{CodeSystem, DocumentKind, Family, Side, Status, TableKind};
pub use label::{normalize_label, numbered_label, split_numbered_label, without, LabelNumbering};
pub use performance::{FundLine, Indicator, Performance, PerformanceKind, PerformanceSummary};
pub use truth::{TruthFile, TruthRow, TruthTable};
pub use values::Values;
