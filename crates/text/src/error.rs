//! Typed errors of the text layer.

use crate::limits::Budget;
use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, as a category a caller can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be read.
    Io,
    /// The file is empty.
    Empty,
    /// The file does not start like a PDF.
    NotPdf,
    /// The file ends before the PDF does (no trailer or cross-reference table).
    Truncated,
    /// The PDF structure could not be parsed.
    Malformed,
    /// The PDF is encrypted and cannot be opened without a password.
    Encrypted,
    /// No page carries a text layer: the PDF is probably scanned and needs OCR.
    NoTextLayer,
    /// A page's content could not be interpreted.
    Content,
    /// A budget of [`Limits`](crate::Limits) ran out; [`Error::budget`] names it.
    Limit,
    /// A dependency panicked; the panic was contained and is reported here.
    Panic,
}

impl ErrorKind {
    /// A stable snake_case name, as written in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Io => "io",
            ErrorKind::Empty => "empty",
            ErrorKind::NotPdf => "not_pdf",
            ErrorKind::Truncated => "truncated",
            ErrorKind::Malformed => "malformed",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::NoTextLayer => "no_text_layer",
            ErrorKind::Content => "content",
            ErrorKind::Limit => "limit",
            ErrorKind::Panic => "panic",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error of the text layer: a kind, the reason in words, and where it happened.
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    path: Option<PathBuf>,
    page: Option<u32>,
    /// The I/O error underneath, shared so that `Error` stays `Clone`.
    source: Option<std::sync::Arc<std::io::Error>>,
    budget: Option<Budget>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            path: None,
            page: None,
            source: None,
            budget: None,
        }
    }

    /// A budget that ran out.
    pub(crate) fn limit(budget: Budget, message: impl Into<String>) -> Error {
        Error {
            budget: Some(budget),
            ..Error::new(ErrorKind::Limit, message)
        }
    }

    pub(crate) fn with_page(mut self, page: u32) -> Error {
        self.page = Some(page);
        self
    }

    /// An error reading the file; the `io::Error` is kept as the `source()`.
    pub fn io(err: std::io::Error) -> Error {
        let mut e = Error::new(ErrorKind::Io, "the file cannot be read");
        e.source = Some(std::sync::Arc::new(err));
        e
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

    /// The budget that ran out, for an error of kind [`ErrorKind::Limit`].
    pub fn budget(&self) -> Option<Budget> {
        self.budget
    }

    /// The 1-based page, when the error concerns one page.
    pub fn page(&self) -> Option<u32> {
        self.page
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

// Display leaves the cause out: it is reached through `source()`, so a
// reporter walking the chain prints it once.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_keep_their_source() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let e = Error::io(io);
        assert_eq!(e.kind(), ErrorKind::Io);
        let source = std::error::Error::source(&e).unwrap();
        assert_eq!(source.to_string(), "no such file");
        assert!(!e.to_string().contains("no such file"), "{e}");
    }
}
