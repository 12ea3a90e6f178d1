//! The fixture generator behind `cargo run -p xtask -- fixtures`.
//!
//! It renders the 部门决算 described in `testdata/fixtures/seed.json` in every
//! layout listed in `testdata/fixtures/fixtures.json`, and writes for each
//! fixture the PDF, its truth file (corpus SCHEMA.md format) and the strings
//! printed on each page. Everything is derived from the description; nothing
//! is read back from a PDF.

pub mod amount;
pub mod fixtures;
pub mod font;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod render;
pub mod truth;
