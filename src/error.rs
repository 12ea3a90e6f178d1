//! The facade's error: what went wrong reading one file, and where.

use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::text::ErrorKind;

/// An error reading one file: a kind, the reason in words, the file and,
/// when it concerns one page, the page.
///
/// Its `Display` is one line for a person: `path: page N: reason (kind)`.
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    path: Option<PathBuf>,
    page: Option<u32>,
}

impl Error {
    pub(crate) fn io(err: std::io::Error) -> Error {
        Error {
            kind: ErrorKind::Io,
            message: err.to_string(),
            path: None,
            page: None,
        }
    }

    pub(crate) fn panic(stage: &str) -> Error {
        Error {
            kind: ErrorKind::Panic,
            message: format!("internal error while {stage}"),
            path: None,
            page: None,
        }
    }

    /// Attaches the file the error belongs to.
    pub fn with_path(mut self, path: &Path) -> Error {
        self.path = Some(path.to_path_buf());
        self
    }

    /// The category of the error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The reason, in words, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The file, when known.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based page, when the error concerns one page.
    pub fn page(&self) -> Option<u32> {
        self.page
    }
}

impl From<crate::text::Error> for Error {
    fn from(e: crate::text::Error) -> Error {
        Error {
            kind: e.kind(),
            message: e.message().to_string(),
            path: e.path().map(Path::to_path_buf),
            page: e.page(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        if let Some(page) = self.page {
            write!(f, "page {page}: ")?;
        }
        write!(f, "{} ({})", self.message, self.kind)
    }
}

impl std::error::Error for Error {}
