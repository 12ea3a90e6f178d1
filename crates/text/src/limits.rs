//! Budgets for one document: what a hostile file may cost before it is stopped.

use std::time::{Duration, Instant};

/// Limits on the work spent on one document.
///
/// The defaults are far above what real documents need (the largest corpus
/// file uses a small fraction of each), so they only stop hostile or broken
/// files: decompression bombs, forms that draw themselves, endless content.
/// A document that exceeds one stops with an error of kind
/// [`ErrorKind::Limit`](crate::ErrorKind::Limit) naming the [`Budget`]; the
/// pages read before it are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes one stream may inflate to (default 256 MiB).
    pub max_stream_bytes: u64,
    /// Bytes all the streams of the document may inflate to, together (default 1 GiB).
    pub max_inflated_bytes: u64,
    /// Content operators executed, inside forms included (default 50 million).
    pub max_operators: u64,
    /// Form XObject invocations, at any depth (default 10,000).
    pub max_xobjects: u64,
    /// Glyphs and path points kept, together (default 2 million): each
    /// costs memory until the document is done.
    pub max_output: u64,
    /// Wall time for the whole document, loading included (default 120 s).
    pub max_time: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_stream_bytes: 256 << 20,
            max_inflated_bytes: 1 << 30,
            max_operators: 50_000_000,
            max_xobjects: 10_000,
            max_output: 2_000_000,
            max_time: Duration::from_secs(120),
        }
    }
}

impl Limits {
    /// The fork's limits, with the deadline counted from `start`.
    pub(crate) fn to_fork(self, start: Instant) -> pdf_extract::Limits {
        pdf_extract::Limits {
            max_stream_bytes: self.max_stream_bytes,
            max_inflated_bytes: self.max_inflated_bytes,
            max_operators: self.max_operators,
            max_xobjects: self.max_xobjects,
            max_output: self.max_output,
            deadline: start.checked_add(self.max_time),
        }
    }
}

/// Which budget of [`Limits`] a document exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Budget {
    /// [`Limits::max_stream_bytes`].
    StreamBytes,
    /// [`Limits::max_inflated_bytes`].
    InflatedBytes,
    /// [`Limits::max_operators`].
    Operators,
    /// [`Limits::max_xobjects`].
    Xobjects,
    /// [`Limits::max_output`].
    Output,
    /// [`Limits::max_time`].
    Time,
}

impl Budget {
    /// A stable snake_case name, as written in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Budget::StreamBytes => "stream_bytes",
            Budget::InflatedBytes => "inflated_bytes",
            Budget::Operators => "operators",
            Budget::Xobjects => "xobjects",
            Budget::Output => "output",
            Budget::Time => "time",
        }
    }

    pub(crate) fn from_fork(b: pdf_extract::Budget) -> Budget {
        match b {
            pdf_extract::Budget::StreamBytes => Budget::StreamBytes,
            pdf_extract::Budget::InflatedBytes => Budget::InflatedBytes,
            pdf_extract::Budget::Operators => Budget::Operators,
            pdf_extract::Budget::XObjects => Budget::Xobjects,
            pdf_extract::Budget::Output => Budget::Output,
            pdf_extract::Budget::Time => Budget::Time,
        }
    }
}

impl std::fmt::Display for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
