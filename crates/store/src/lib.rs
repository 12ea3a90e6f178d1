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
//! files on a thread pool, has each sink's [`Prepare`] format the document on
//! the worker that read it (the JSON and CSV sinks write their files under
//! temporary names there), hands it to every sink from one writer thread
//! (which moves those files into place and fills SQLite), appends each
//! file's [`Record`] to `manifest.jsonl` as it finishes, and skips
//! documents already complete for the same tool version and options.
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
//! // A reader that recognizes nothing; the real one is `juesuan::read_owned`.
//! let read = |_bytes: Vec<u8>, name: &str, sha: &str| {
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
mod migrate;
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
pub use migrate::MERGE_SQL;
pub use record::{path_text, PageError, Record, SeverityCounts, Status};
pub use rows::{Column, CELL_COLUMNS, FINDING_COLUMNS};
pub use sqlite::{facts_schema, SqliteSink, SCHEMA as SQL_SCHEMA, SQL_SCHEMA_VERSION};

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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

    /// Writes one document from what the sink's [`Prepare`] made of it.
    /// By default a file the crate's own preparers wrote under its
    /// temporary name is moved into place; anything else is written again
    /// with [`Sink::write`].
    fn write_prepared(&mut self, item: &Item<'_>, prepared: Prepared) -> Result<()> {
        match prepared.downcast::<Staged>() {
            Ok(staged) => staged.commit(),
            Err(_) => self.write(item),
        }
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
    Staged::write(path, bytes)?.commit()
}

/// A file written under a temporary name, waiting to replace `path`: the
/// first half of [`write_atomic`], which a worker can do while the writer
/// thread does the second. Dropped without [`Staged::commit`] (a batch that
/// stopped), it removes its temporary.
#[derive(Debug)]
pub(crate) struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    armed: bool,
}

impl Staged {
    /// Writes `bytes` to the temporary file of `path`.
    pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<Staged> {
        Staged::write_with(path, |out| Ok(out.write_all(bytes)?))
    }

    /// Writes the temporary file of `path` through `fill`, buffered.
    pub(crate) fn write_with(
        path: &Path,
        fill: impl FnOnce(&mut std::io::BufWriter<fs::File>) -> Result<()>,
    ) -> Result<Staged> {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(Error::new(ErrorKind::Io, "output path without a folder").at(path));
        };
        let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
        let file = fs::File::create(&tmp).map_err(|e| Error::from(e).at(&tmp))?;
        // From here the temporary exists, and a failure removes it on drop.
        let staged = Staged {
            tmp,
            path: path.to_path_buf(),
            armed: true,
        };
        let mut out = std::io::BufWriter::new(file);
        fill(&mut out)
            .and_then(|()| Ok(out.flush()?))
            .map_err(|e| e.at(&staged.tmp))?;
        Ok(staged)
    }

    /// Moves the file into place. A failed move leaves the temporary for
    /// the next run to remove, as a killed run would.
    pub(crate) fn commit(mut self) -> Result<()> {
        self.armed = false;
        fs::rename(&self.tmp, &self.path).map_err(|e| Error::from(e).at(&self.path))
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.armed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `dir`, by name, with its bytes.
    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for sub in ["documents", "parts"] {
            let mut names: Vec<_> = fs::read_dir(dir.join(sub))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            names.sort();
            for p in names {
                let name = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((name, fs::read(&p).unwrap()));
            }
        }
        out
    }

    #[test]
    fn a_prepared_write_stores_what_a_plain_write_stores() {
        let mut document = Document::new("a.pdf", "ab12");
        document.warnings.push("a warning".into());
        let record = Record::for_path("t 1", 1, Path::new("a.pdf"));
        let item = Item {
            record: &record,
            document: &document,
            pages: &[],
        };
        let dir = tempfile::tempdir().unwrap();
        let (plain, prepared) = (dir.path().join("plain"), dir.path().join("prepared"));
        let sinks = |out: &Path| -> Vec<Box<dyn Sink>> {
            vec![
                Box::new(JsonSink::new(out).unwrap()),
                Box::new(CsvSink::new(out, false).unwrap()),
            ]
        };
        for sink in sinks(&plain).iter_mut() {
            sink.write(&item).unwrap();
        }
        for sink in sinks(&prepared).iter_mut() {
            let made = sink.preparer().unwrap().prepare(&item).unwrap();
            sink.write_prepared(&item, made).unwrap();
        }
        let written = files(&plain);
        assert!(written.iter().any(|(n, _)| n == "documents/ab12.json"));
        assert!(written.iter().any(|(n, _)| n == "parts/ab12.csv"));
        assert_eq!(written, files(&prepared));
        // A prepared document the batch never stores leaves no temporary.
        let dropped = dir.path().join("dropped");
        for sink in sinks(&dropped).iter_mut() {
            drop(sink.preparer().unwrap().prepare(&item).unwrap());
        }
        assert_eq!(files(&dropped), Vec::new());
    }
}
