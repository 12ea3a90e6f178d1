//! Typed errors of the report: what failed, on which file.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of step failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading an output or writing the report.
    Io,
    /// A manifest line, document or token file that is not the expected JSON.
    Json,
    /// The folder is not an `extract` output (no `manifest.jsonl`).
    NotOutput,
}

impl ErrorKind {
    /// A stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Json => "json",
            ErrorKind::NotOutput => "not_output",
        }
    }
}

/// A report error: its kind, the reason and the file it concerns.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    path: PathBuf,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl fmt::Display, path: &Path) -> Error {
        Error {
            kind,
            message: message.to_string(),
            path: path.to_path_buf(),
        }
    }

    pub(crate) fn io(e: std::io::Error, path: &Path) -> Error {
        Error::new(ErrorKind::Io, e, path)
    }

    pub(crate) fn json(e: serde_json::Error, path: &Path) -> Error {
        Error::new(ErrorKind::Json, e, path)
    }

    /// The kind of step that failed.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file or folder the error concerns.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The reason, without the file.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for Error {}

/// The result of a report step.
pub type Result<T, E = Error> = std::result::Result<T, E>;
