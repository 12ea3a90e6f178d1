//! The text layer of juesuan: PDF pages → positioned text tokens and ruling lines.
//!
//! This crate owns everything that touches the PDF file: loading it (with
//! `lopdf`), interpreting each page's content (with a patched `pdf-extract`,
//! forked as `crates/pdf-extract`), decoding predefined Chinese CMaps, and turning
//! glyphs and painted paths into [`Token`]s and [`Ruling`]s in upright page
//! coordinates (origin top-left, `y` down, points; see [`Rect`]).
//!
//! It must not know what a 部门决算 is: no table titles, codes or amounts here.
//! The recognizer downstream sees only [`Page`]s.
//!
//! ```no_run
//! let doc = juesuan_text::extract_file(std::path::Path::new("report.pdf"))?;
//! for page in &doc.pages {
//!     for token in &page.tokens {
//!         println!("p{} ({:.0},{:.0}) {}", page.number, token.bbox.x0, token.bbox.y0, token.text);
//!     }
//! }
//! # Ok::<(), juesuan_text::Error>(())
//! ```
#![deny(missing_docs)]

mod classify;
mod collect;
mod error;
mod extract;
mod geom;
mod layout;
mod limits;
mod load;
mod page;
mod repair;
pub mod svg;

pub use error::{Error, ErrorKind};
pub use extract::{
    extract_bytes, extract_bytes_with, extract_file, extract_file_with, extract_owned_with,
    DocInfo, Note, TextDocument, Usage,
};
pub use geom::Rect;
pub use limits::{Budget, Limits};
pub use page::{Orientation, Page, Ruling, Token};
