//! Typed errors of the writers: what failed, on which file.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of output failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing a file or folder.
    Io,
    /// Encoding a document as JSON, or reading a marker back.
    Json,
    /// Writing CSV.
    Csv,
    /// Opening or writing the SQLite database.
    Sqlite,
    /// Another run holds the output folder's lock.
    Locked,
}

impl ErrorKind {
    /// A stable snake_case name, as written in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Json => "json",
            ErrorKind::Csv => "csv",
            ErrorKind::Sqlite => "sqlite",
            ErrorKind::Locked => "locked",
        }
    }
}

/// An output error: its kind, the reason and the file it concerns.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    path: Option<PathBuf>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl fmt::Display) -> Error {
        Error {
            kind,
            message: message.to_string(),
            path: None,
        }
    }

    /// Attaches the file the error concerns, unless one is already named.
    pub fn at(mut self, path: &Path) -> Error {
        if self.path.is_none() {
            self.path = Some(path.to_path_buf());
        }
        self
    }

    /// The kind of output that failed.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file, when known.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The reason, without the file.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}: ", p.display())?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, e)
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Error {
        Error::new(ErrorKind::Json, e)
    }
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Error {
        Error::new(ErrorKind::Csv, e)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::new(ErrorKind::Sqlite, e)
    }
}

/// The result of a writer.
pub type Result<T, E = Error> = std::result::Result<T, E>;
