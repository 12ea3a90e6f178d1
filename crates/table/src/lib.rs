//! The recognizer of juesuan: pages of positioned tokens and rulings → the
//! nine 部门决算 tables as canonical records.
//!
//! It finds each table by its title (公开NN表 label and unit line around it),
//! joins continuation pages, maps header columns to the canonical column ids of
//! `juesuan-model`, and rebuilds rows by classification code (one column, split
//! 类/款/项 columns, sparse split columns, code and name in one cell) or by
//! label (the two-sided summaries, 合计 rows). Amounts go to the row whose cell
//! holds them: by ruling lines when the table is ruled, by nearest row anchor
//! otherwise.
//!
//! It never sees a PDF: its input is [`juesuan_text::Page`]s. `nom` is used for
//! the cell grammar and its types stay private.
//!
//! ```
//! use juesuan_text::{Page, Rect, Token};
//! let tok = |text: &str, x0: f64, y0: f64| Token {
//!     text: text.into(),
//!     bbox: Rect { x0, y0, x1: x0 + 12.0 * text.chars().count() as f64, y1: y0 + 12.0 },
//!     font_size: 12.0,
//!     invisible: false,
//! };
//! let page = Page {
//!     number: 1, width: 595.0, height: 842.0, rotation: 0, text_rotation: 0,
//!     tokens: vec![
//!         tok("收入决算表", 250.0, 80.0),
//!         tok("单位：万元", 450.0, 110.0),
//!         tok("科目名称", 150.0, 140.0), tok("本年收入合计", 300.0, 140.0),
//!         tok("合计", 150.0, 170.0), tok("12.50", 320.0, 170.0),
//!         tok("2010601", 60.0, 190.0), tok("行政运行", 150.0, 190.0), tok("12.50", 320.0, 190.0),
//!     ],
//!     rulings: vec![],
//! };
//! let doc = juesuan_table::recognize(&[page], "demo.pdf", "00");
//! let table = &doc.tables[0];
//! assert_eq!(table.rows.len(), 2);
//! assert_eq!(table.rows[1].key.as_code(), Some("2010601"));
//! ```
#![deny(missing_docs)]

mod bands;
mod body;
mod codes;
mod columns;
mod department;
mod grammar;
mod grids;
mod layout;
mod lines;
mod recognize;
mod rows;
mod three_public;
mod title_grammar;
mod titles;

use juesuan_model::Document;
use juesuan_text::Page;

/// Recognizes the tables of one document from its pages.
///
/// Never fails: a value that cannot be read is left out and noted on its
/// table (`Table::notes`), and a table whose title is found but whose rows
/// are not is kept, empty, with a note.
pub fn recognize(pages: &[Page], file: &str, sha256: &str) -> Document {
    recognize::recognize(pages, file, sha256)
}

/// Like [`recognize`], taking the pages: each page's tokens are dropped as
/// soon as its lines are made, so a long document is not held twice.
pub fn recognize_owned(pages: Vec<Page>, file: &str, sha256: &str) -> Document {
    recognize::recognize_owned(pages, file, sha256)
}
