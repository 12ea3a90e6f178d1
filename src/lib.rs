//! juesuan: Chinese government 部门决算 and 部门预算 PDFs → normalized,
//! validated records.
//!
//! [`read`] is the one entry point: it runs a PDF through the whole pipeline
//! and returns a [`Read`]: the [`Document`] with its 勾稽 [`Finding`]s filled
//! in, the file's [`Status`] and the pages that could not be interpreted. It
//! never panics: a panic anywhere in the pipeline comes back as an [`Error`]
//! of kind [`ErrorKind::Panic`].
//!
//! ```
//! use juesuan::{Options, Severity, Status};
//!
//! let read = juesuan::read("testdata/pdfs/seed.pdf".as_ref(), &Options::new())?;
//! assert_eq!(read.status, Status::Ok);
//! let doc = &read.document;
//! println!("{:?} {:?}: {} tables", doc.department, doc.year, doc.tables.len());
//! for finding in doc.findings.iter().filter(|f| f.severity == Severity::Error) {
//!     println!("{finding}");
//! }
//! # assert!(doc.findings.iter().any(|f| f.severity == Severity::Error));
//! # Ok::<(), juesuan::Error>(())
//! ```
//!
//! A mistake in the input is an [`Error`] naming the file, with a kind a
//! caller can act on:
//!
//! ```
//! use juesuan::{ErrorKind, Options};
//!
//! let err = juesuan::read_bytes(b"hello", "note.txt", &Options::new()).unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::NotPdf);
//! assert!(err.to_string().starts_with("note.txt: "));
//! ```
//!
//! The pipeline crates are re-exported, in pipeline order:
//! - [`text`]: PDF pages → positioned tokens and ruling lines;
//! - [`table`]: tokens → tables, rows keyed by code or label;
//! - [`facts`]: tokens → 情况说明 facts and project performance records;
//! - [`model`]: the normalized records, truth files, scoring and the 勾稽 checks.
//!
//! Writing documents to JSON, CSV and SQLite, and running resumable batches
//! over folders, is the job of `juesuan-store` (re-exported as `store` with
//! the default feature `store`; [`batch_reader`] connects it to [`read`]).
//! The `juesuan` command (feature `cli`) is built on both.
//!
//! This crate owns running the pipeline on one file and containing its
//! panics. It must not know output formats or batches (the store's), nor
//! any recognition or check logic (the pipeline crates').
#![deny(missing_docs)]

mod error;
mod files;

pub use juesuan_check as check;
pub use juesuan_facts as facts;
pub use juesuan_model as model;
/// The writers (JSON, CSV, SQLite), the manifest and the resumable batch
/// (feature `store`, on by default).
#[cfg(feature = "store")]
pub use juesuan_store as store;
pub use juesuan_table as table;
pub use juesuan_text as text;

pub use error::{Error, ErrorKind};
pub use files::{collect_pdfs, list_pdfs, peak_rss_mb, sha256_hex, Listing, Rejected};
pub use model::{CheckId, Document, DocumentKind, Finding, Severity, Status, Table, TableKind};

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// The 勾稽 checks, run on a recognized document.
///
/// This is the only place the facade calls the checks, so that moving them
/// to another crate changes this one function.
fn run_checks(doc: &Document, only: Option<&[CheckId]>) -> Vec<Finding> {
    match only {
        Some(ids) => check::validate_with(doc, ids),
        None => check::validate(doc),
    }
}

/// How [`read`] runs the pipeline.
///
/// ```
/// use juesuan::{CheckId, Options};
/// let opts = Options::new().only(&[CheckId::RowSum]).keep_pages(true);
/// assert_eq!(opts.checks(), Some(&[CheckId::RowSum][..]));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    keep_pages: bool,
    only: Option<Vec<CheckId>>,
    limits: text::Limits,
}

impl Options {
    /// The defaults: every check runs, the text layer is dropped after use.
    pub fn new() -> Options {
        Options::default()
    }

    /// Keeps the text layer ([`Read::pages`]), for page pictures and token
    /// dumps. Off by default: it is the largest part of a read in memory.
    pub fn keep_pages(mut self, yes: bool) -> Options {
        self.keep_pages = yes;
        self
    }

    /// Runs only these checks (all of them by default).
    pub fn only(mut self, checks: &[CheckId]) -> Options {
        self.only = Some(checks.to_vec());
        self
    }

    /// Reads the text layer within these budgets ([`text::Limits::default`]
    /// otherwise). A document over budget fails, or is partial, with the
    /// error kind `limit`.
    pub fn limits(mut self, limits: text::Limits) -> Options {
        self.limits = limits;
        self
    }

    /// The text layer's budgets.
    pub fn budgets(&self) -> &text::Limits {
        &self.limits
    }

    /// The checks asked for with [`Options::only`], if any.
    pub fn checks(&self) -> Option<&[CheckId]> {
        self.only.as_deref()
    }

    /// Whether the text layer is kept.
    pub fn keeps_pages(&self) -> bool {
        self.keep_pages
    }

    /// A stable text naming every option that changes the document, for
    /// keys that must change when the options do (such as resume markers).
    pub fn fingerprint(&self) -> String {
        let checks = match &self.only {
            None => "checks=all".to_string(),
            Some(ids) => {
                let ids: Vec<&str> = ids.iter().map(|c| c.id()).collect();
                format!("checks={}", ids.join(","))
            }
        };
        // Only budgets other than the defaults are named, so outputs
        // written before the budgets existed stay complete.
        if self.limits == text::Limits::default() {
            checks
        } else {
            format!("{checks} limits={:?}", self.limits)
        }
    }
}

/// A document read from a PDF and validated, with its page-level problems.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Read {
    /// The normalized document, its [`Document::findings`] filled in.
    pub document: Document,
    /// [`Status::Ok`], or [`Status::Partial`] when some pages were lost.
    pub status: Status,
    /// Pages whose content could not be interpreted; the rest was read.
    pub page_errors: Vec<text::Error>,
    /// The text layer, when [`Options::keep_pages`] asked for it; else empty.
    pub pages: Vec<text::Page>,
}

/// Reads one PDF file through the whole pipeline and validates it.
///
/// Errors name the file; see [`ErrorKind`] for what can go wrong.
pub fn read(path: &Path, options: &Options) -> Result<Read, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(e).with_path(path))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sha = sha256_hex(&bytes);
    read_owned(bytes, &name, &sha, options).map_err(|e| e.with_path(path))
}

/// Reads one PDF held in memory. `name` is the file name recorded in the
/// document, and names the input in errors.
pub fn read_bytes(bytes: &[u8], name: &str, options: &Options) -> Result<Read, Error> {
    read_hashed(bytes, name, &sha256_hex(bytes), options)
}

/// Like [`read_bytes`], for a caller that already hashed the bytes (to match
/// truth files or skip finished work) and need not hash them again.
pub fn read_hashed(
    bytes: &[u8],
    name: &str,
    sha256: &str,
    options: &Options,
) -> Result<Read, Error> {
    let text = catch_unwind(|| text::extract_bytes_with(bytes, &options.limits));
    read_text(text, name, sha256, options)
}

/// Like [`read_hashed`], taking the bytes: they are dropped once the PDF is
/// parsed, so a long document's file is not held through the pipeline.
pub fn read_owned(
    bytes: Vec<u8>,
    name: &str,
    sha256: &str,
    options: &Options,
) -> Result<Read, Error> {
    let text = catch_unwind(AssertUnwindSafe(|| {
        text::extract_owned_with(bytes, &options.limits)
    }));
    read_text(text, name, sha256, options)
}

/// The pipeline after the text layer: tables, facts, checks.
fn read_text(
    text: std::thread::Result<Result<text::TextDocument, text::Error>>,
    name: &str,
    sha256: &str,
    options: &Options,
) -> Result<Read, Error> {
    let named = |e: Error| {
        if e.path().is_some() {
            e
        } else {
            e.with_path(Path::new(name))
        }
    };
    // The text layer contains its dependencies' panics page by page; this
    // also contains the recognizer's and the checks', so one bad file never
    // takes a caller down.
    let text = text
        .map_err(|_| named(Error::panic("reading the text layer")))?
        .map_err(|e| named(Error::from(e)))?;
    // The 情况说明 facts and performance tables need only the pages, so
    // they are read first and the recognizer can take the pages (unless
    // kept); a panic there loses only these records.
    let facts = catch_unwind(|| facts::read_pages(&text.pages));
    let recognized = if options.keep_pages {
        catch_unwind(|| table::recognize(&text.pages, name, sha256)).map(|d| (d, text.pages))
    } else {
        let pages = text.pages;
        catch_unwind(AssertUnwindSafe(|| {
            table::recognize_owned(pages, name, sha256)
        }))
        .map(|d| (d, Vec::new()))
    };
    let (mut document, pages) =
        recognized.map_err(|_| named(Error::panic("recognizing the tables")))?;
    // The checks compare the facts with the tables.
    match facts {
        Ok(facts) => facts.apply(&mut document),
        Err(_) => document
            .warnings
            .push("reading the facts panicked; no facts recorded".to_string()),
    }
    match catch_unwind(AssertUnwindSafe(|| run_checks(&document, options.checks()))) {
        Ok(findings) => document.findings = findings,
        Err(_) => document
            .warnings
            .push("the 勾稽 checks panicked; no findings recorded".to_string()),
    }
    let status = if text.page_errors.is_empty() {
        Status::Ok
    } else {
        Status::Partial
    };
    Ok(Read {
        document,
        status,
        page_errors: text.page_errors,
        pages,
    })
}

/// Reads one PDF file with the default [`Options`] and returns its
/// validated document.
pub fn read_pdf(path: &Path) -> Result<Document, Error> {
    read(path, &Options::new()).map(|r| r.document)
}

/// Reads one PDF held in memory with the default [`Options`], keeping the
/// text layer.
pub fn read_pdf_bytes(bytes: &[u8], name: &str) -> Result<Read, Error> {
    read_bytes(bytes, name, &Options::new().keep_pages(true))
}

/// Like [`read_pdf_bytes`], with the sha256 already computed.
pub fn read_pdf_hashed(bytes: &[u8], name: &str, sha256: &str) -> Result<Read, Error> {
    read_hashed(bytes, name, sha256, &Options::new().keep_pages(true))
}

/// The reader a `store::Batch` runs on each file: [`read_owned`] with
/// these options, its result in the store's terms.
#[cfg(feature = "store")]
pub fn batch_reader(
    options: &Options,
) -> impl Fn(Vec<u8>, &str, &str) -> Result<store::Extracted, store::Failure> + Sync + '_ {
    move |bytes, name, sha| match read_owned(bytes, name, sha, options) {
        Ok(read) => Ok(store::Extracted {
            status: read.status,
            page_errors: read
                .page_errors
                .iter()
                .map(|e| store::PageError {
                    page: e.page(),
                    kind: e.kind().as_str().to_string(),
                    message: e.message().to_string(),
                })
                .collect(),
            document: read.document,
            pages: read.pages,
        }),
        Err(e) => Err(store::Failure {
            kind: e.kind().as_str().to_string(),
            message: match e.page() {
                Some(page) => format!("page {page}: {} ({})", e.message(), e.kind()),
                None => format!("{} ({})", e.message(), e.kind()),
            },
        }),
    }
}
