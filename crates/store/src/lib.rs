//! Writers for juesuan documents, and the resumable parallel batch that
//! feeds them.
//!
//! A [`Sink`] receives each document once it is read and validated (an
//! [`Item`]: the document, its manifest [`Record`] and, when kept, its text
//! layer). The crate's sinks write what an analyst queries:
//! - [`JsonSink`]: `documents/<sha256>.json`, with a [`SCHEMA_VERSION`] and
//!   the JSON Schema [`json::SCHEMA`];
//! - [`CsvSink`]: `cells.csv`, `findings.csv`, `facts.csv`, `performance.csv` and
//!   `performance_indicators.csv` (optionally with a BOM for Excel);
//! - [`SqliteSink`]: `budget.sqlite`, tables and the view `cell_view`;
//! - [`PagesSink`]: token dumps and page pictures, for debugging a layout.
//!
//! The CSV and SQLite outputs share one list of column names
//! ([`CELL_COLUMNS`], [`FINDING_COLUMNS`], [`FACT_COLUMNS`],
//! [`PERFORMANCE_COLUMNS`], [`INDICATOR_COLUMNS`]). [`Batch`] runs a reader over
//! files on a thread pool, hands each document to every sink from one
//! writer thread, appends each file's [`Record`] to `manifest.jsonl` as it
//! finishes, and skips documents already complete for the same tool version
//! and options.
//!
//! This crate owns output formats and batch bookkeeping. It must not know
//! how a PDF is read or checked: the reader is a function the caller passes
//! to [`Batch::run`], so this crate depends on the records
//! (`juesuan-model`) and the text layer's page type, not on the pipeline.
//!
//! ```
//! use juesuan_model::Document;
//! use juesuan_store::{Batch, Extracted, Record, Sink, SqliteSink, Status};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.pdf"), b"%PDF-1.7 pretend")?;
//! let out = dir.path().join("out");
//! std::fs::create_dir_all(&out)?;
//! let mut sinks: Vec<Box<dyn Sink>> = vec![Box::new(SqliteSink::open(&out.join("budget.sqlite"))?)];
//! // A reader that recognizes nothing; the real one is `juesuan::read_hashed`.
//! let read = |_bytes: &[u8], name: &str, sha: &str| {
//!     Ok(Extracted { document: Document::new(name, sha), status: Status::Ok,
//!                    page_errors: vec![], pages: vec![] })
//! };
//! let batch = Batch::new(&out, 2, "demo 1", "");
//! let records = batch.run(&[dir.path().join("a.pdf")], read, &mut sinks, &mut |_r: &Record| {})?;
//! assert_eq!(records[0].status, Status::Ok);
//! // The second run finds the document complete and skips it.
//! let again = batch.run(&[dir.path().join("a.pdf")], read, &mut sinks, &mut |_r: &Record| {})?;
//! assert!(again[0].skipped);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod batch;
mod csv;
mod dump;
mod error;
pub mod fact_rows;
pub mod json;
mod json_out;
mod lock;
mod record;
pub mod rows;
mod sqlite;

pub use batch::{Batch, Extracted, Failure};
pub use csv::CsvSink;
pub use dump::PagesSink;
pub use error::{Error, ErrorKind, Result};
pub use fact_rows::{FACT_COLUMNS, INDICATOR_COLUMNS, PERFORMANCE_COLUMNS};
pub use json::{JsonSink, SCHEMA_VERSION};
pub use lock::{OutLock, LOCK_FILE};
pub use record::{path_text, PageError, Record, SeverityCounts, Status};
pub use rows::{Column, CELL_COLUMNS, FINDING_COLUMNS};
pub use sqlite::{facts_schema, SqliteSink, SCHEMA as SQL_SCHEMA, SQL_SCHEMA_VERSION};

use std::fs;
use std::path::Path;

use juesuan_model::Document;
use juesuan_text::Page;

/// One read document, as a sink receives it.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    /// The file's manifest record (path, status, page errors …).
    pub record: &'a Record,
    /// The validated document.
    pub document: &'a Document,
    /// The text layer, when the reader kept it; else empty.
    pub pages: &'a [Page],
}

/// What a sink's [`Prepare`] made of one document, for
/// [`Sink::write_prepared`]: the sink downcasts it to its own type.
pub type Prepared = Box<dyn std::any::Any + Send>;

/// The formatting half of a sink: turns a document into what the sink stores
/// (bytes, rows). A batch runs it on the worker that read the document, so
/// many documents are formatted at once and the one writer thread only
/// stores them.
pub trait Prepare: Send + Sync {
    /// Formats one document's output.
    fn prepare(&self, item: &Item<'_>) -> Result<Prepared>;
}

/// Where documents go. A batch calls one sink from one thread, one document
/// at a time.
pub trait Sink: Send {
    /// A short stable name (`json`, `csv`, `sqlite`), part of the resume key.
    fn name(&self) -> &'static str;

    /// Whether the sink already holds the document with this sha256, so a
    /// resumed batch may skip it.
    fn holds(&self, sha256: &str) -> bool;

    /// Writes one document, replacing what the sink held for it.
    fn write(&mut self, item: &Item<'_>) -> Result<()>;

    /// The sink's formatting half, when it has one. A batch then formats
    /// each document on a worker and calls [`Sink::write_prepared`] with
    /// the result instead of [`Sink::write`].
    fn preparer(&self) -> Option<std::sync::Arc<dyn Prepare>> {
        None
    }

    /// Writes one document from what the sink's [`Prepare`] made of it;
    /// the same as [`Sink::write`] for a sink without one.
    fn write_prepared(&mut self, item: &Item<'_>, prepared: Prepared) -> Result<()> {
        let _ = prepared;
        self.write(item)
    }

    /// Called once when a batch ends with the sha256 of every complete
    /// document, in output order (for sinks that assemble one file).
    fn finish(&mut self, complete: &[String]) -> Result<()> {
        let _ = complete;
        Ok(())
    }
}

/// The sha256 of some bytes, as lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes a file so that it is either absent, as before, or whole: a killed
/// run leaves at most a stray temporary file, which the next run removes.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(Error::new(ErrorKind::Io, "output path without a folder").at(path));
    };
    let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    fs::write(&tmp, bytes).map_err(|e| Error::from(e).at(&tmp))?;
    fs::rename(&tmp, path).map_err(|e| Error::from(e).at(path))
}

/// Removes the temporary files a killed run left behind. One output folder
/// serves one run at a time, so no other writer can own them.
pub(crate) fn remove_stray_temporaries(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(|e| Error::from(e).at(dir))? {
        let name = entry.map_err(|e| Error::from(e).at(dir))?.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(".tmp") {
            let _ = fs::remove_file(dir.join(name.as_ref()));
        }
    }
    Ok(())
}
