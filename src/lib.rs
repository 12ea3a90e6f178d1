//! juesuan: Chinese government 部门决算 (departmental final accounts) PDFs →
//! normalized, validated records.
//!
//! This facade re-exports the pipeline crates, in pipeline order:
//! - [`text`]: PDF pages → positioned tokens and ruling lines;
//! - [`table`]: tokens → the nine tables, rows keyed by code or label;
//! - [`model`]: the normalized records, truth files and scoring;
//!
//! and runs them together: [`read_pdf`] turns one file into a [`model::Document`].
//!
//! ```no_run
//! let doc = juesuan::read_pdf(std::path::Path::new("2020年度部门决算.pdf"))?;
//! for table in &doc.tables {
//!     println!("{:?}: {} rows", table.kind, table.rows.len());
//! }
//! # Ok::<(), juesuan::text::Error>(())
//! ```
#![deny(missing_docs)]

pub use juesuan_check as check;
pub use juesuan_model as model;
pub use juesuan_table as table;
pub use juesuan_text as text;

use sha2::{Digest, Sha256};

/// A document read from a PDF, with its text layer's page-level problems.
#[derive(Debug, Clone)]
pub struct Read {
    /// The normalized document.
    pub document: model::Document,
    /// Pages whose content could not be interpreted; the rest was read.
    pub page_errors: Vec<text::Error>,
    /// The text layer, kept for page pictures and token dumps.
    pub pages: Vec<text::Page>,
}

/// The sha256 of some bytes, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads one PDF held in memory through the whole pipeline. `name` is the file
/// name recorded in the document.
pub fn read_pdf_bytes(bytes: &[u8], name: &str) -> Result<Read, text::Error> {
    read_pdf_hashed(bytes, name, &sha256_hex(bytes))
}

/// Like [`read_pdf_bytes`], for a caller that already hashed the bytes (to
/// match truth files or skip finished work) and need not hash them again.
pub fn read_pdf_hashed(bytes: &[u8], name: &str, sha256: &str) -> Result<Read, text::Error> {
    let text = text::extract_bytes(bytes)?;
    let document = table::recognize(&text.pages, name, sha256);
    Ok(Read {
        document,
        page_errors: text.page_errors,
        pages: text.pages,
    })
}

/// Reads one PDF file through the whole pipeline.
pub fn read_pdf(path: &Path) -> Result<model::Document, text::Error> {
    let bytes = std::fs::read(path).map_err(|e| text::Error::io(e).with_path(path))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    read_pdf_bytes(&bytes, &name)
        .map(|r| r.document)
        .map_err(|e| e.with_path(path))
}

use std::path::{Path, PathBuf};

/// Expands files and folders (recursively) into the sorted list of `.pdf` files
/// they hold. A file named explicitly is kept whatever its extension, so a
/// user who points at it gets an error for it rather than silence.
pub fn collect_pdfs(inputs: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut out)?;
        } else {
            out.push(input.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Peak resident memory of this process in MiB, read from `/proc` (Linux only).
pub fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
