//! One file's outcome: the line of `manifest.jsonl` and what the summary counts.

use std::path::Path;

pub use juesuan_model::Status;
use juesuan_model::{Document, Finding, Severity};
use serde::{Deserialize, Serialize};

/// A page that could not be interpreted; the rest of the file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageError {
    /// The 1-based page, when known.
    pub page: Option<u32>,
    /// The error kind's id (`content`, `panic` …).
    pub kind: String,
    /// The reason, in words.
    pub message: String,
}

/// Findings counted by severity, by name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityCounts {
    /// Printed figures that contradict each other.
    pub error: usize,
    /// Things a reviewer should look at.
    pub warning: usize,
    /// Differences within rounding.
    pub rounding: usize,
    /// Structural notes.
    pub info: usize,
}

impl SeverityCounts {
    /// Counts a document's findings.
    pub fn of(findings: &[Finding]) -> SeverityCounts {
        let mut c = SeverityCounts::default();
        for f in findings {
            match f.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Rounding => c.rounding += 1,
                Severity::Info => c.info += 1,
            }
        }
        c
    }

    /// Adds another count to this one.
    pub fn add(&mut self, other: SeverityCounts) {
        self.error += other.error;
        self.warning += other.warning;
        self.rounding += other.rounding;
        self.info += other.info;
    }
}

/// One line of `manifest.jsonl`: what happened to one input file in one run.
///
/// Every key is always written (`null` when unknown), so a reader sees the
/// same key set on every line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The tool and version that wrote the line (`juesuan 0.1.0`).
    pub tool: String,
    /// When the run that wrote the line started, in seconds since 1970.
    pub run: u64,
    /// The input path as given. A name that is not UTF-8 is written with
    /// each invalid byte as `\xNN`, and [`Record::path_hex`] holds its bytes.
    pub path: String,
    /// The raw bytes of the path as lowercase hex, when it is not UTF-8
    /// (else null): the escaped `path` is readable, this is exact.
    #[serde(default)]
    pub path_hex: Option<String>,
    /// The sha256 of the file's bytes, when it could be read.
    pub sha256: Option<String>,
    /// How much was read.
    pub status: Status,
    /// Not read in this run: complete from an earlier run with the same
    /// tool version and options, or the same bytes as another input.
    pub skipped: bool,
    /// The path of the input with the same bytes that was read instead.
    pub duplicate_of: Option<String>,
    /// Why the file failed (`not_pdf`, `encrypted`, `no_text_layer`, `output` …).
    pub error_kind: Option<String>,
    /// The failure, one line, naming the file.
    pub error: Option<String>,
    /// The number of pages.
    pub pages: Option<u32>,
    /// Pages that could not be interpreted.
    pub page_errors: Vec<PageError>,
    /// `budget`, `final_accounts`, `unit_final_accounts` or `unknown`.
    pub document_kind: Option<String>,
    /// The department from the cover or title line.
    pub department: Option<String>,
    /// The fiscal year.
    pub year: Option<u16>,
    /// The unit most tables are printed in (`万元`, `元`).
    pub unit: Option<String>,
    /// The kind id of every table found, in printed order (`other` for a
    /// recognised table without a kind).
    pub tables: Vec<String>,
    /// The number of printed amounts.
    pub cells: usize,
    /// Amounts printed inside the tables' regions that no cell holds, summed
    /// over the tables (`Table::unassigned_amounts`): 0 when every printed
    /// figure was read.
    #[serde(default)]
    pub unassigned_amounts: usize,
    /// How many tables have at least one such amount.
    #[serde(default)]
    pub tables_with_unassigned: usize,
    /// The number of 勾稽 findings.
    pub findings: usize,
    /// The number of 情况说明 facts read (`Document::facts`).
    #[serde(default)]
    pub facts: usize,
    /// The number of project performance records read (`Document::performance`).
    #[serde(default)]
    pub performance: usize,
    /// The findings by severity.
    pub severity: SeverityCounts,
    /// Wall time spent on the file.
    pub seconds: f64,
}

impl Record {
    /// A failed record for `path`, to be filled in.
    pub fn new(tool: &str, run: u64, path: &str) -> Record {
        Record {
            tool: tool.to_string(),
            run,
            path: path.to_string(),
            path_hex: None,
            sha256: None,
            status: Status::Failed,
            skipped: false,
            duplicate_of: None,
            error_kind: None,
            error: None,
            pages: None,
            page_errors: Vec::new(),
            document_kind: None,
            department: None,
            year: None,
            unit: None,
            tables: Vec::new(),
            cells: 0,
            unassigned_amounts: 0,
            tables_with_unassigned: 0,
            findings: 0,
            facts: 0,
            performance: 0,
            severity: SeverityCounts::default(),
            seconds: 0.0,
        }
    }

    /// A failed record for `path`, its text made by [`path_text`].
    pub fn for_path(tool: &str, run: u64, path: &Path) -> Record {
        let (text, hex) = path_text(path);
        let mut r = Record::new(tool, run, &text);
        r.path_hex = hex;
        r
    }

    /// Marks the record failed with an error kind and a one-line message.
    pub fn fail(&mut self, kind: &str, message: String) {
        self.status = Status::Failed;
        self.error_kind = Some(kind.to_string());
        self.error = Some(message);
    }

    /// Fills in what the document says about itself.
    pub fn describe(&mut self, doc: &Document) {
        self.pages = Some(doc.page_count);
        self.document_kind = Some(crate::rows::document_kind(doc).to_string());
        self.department = doc.department.clone();
        self.year = doc.year;
        self.unit = doc.unit.as_ref().map(|u| u.as_str().to_string());
        self.tables = doc
            .tables
            .iter()
            .map(|t| crate::rows::table_kind(t).to_string())
            .collect();
        self.cells = doc
            .tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| r.values.len())
            .sum();
        self.unassigned_amounts = doc
            .tables
            .iter()
            .map(|t| t.unassigned_amounts as usize)
            .sum();
        self.tables_with_unassigned = doc
            .tables
            .iter()
            .filter(|t| t.unassigned_amounts > 0)
            .count();
        self.findings = doc.findings.len();
        self.facts = doc.facts.len();
        self.performance = doc.performance.len();
        self.severity = SeverityCounts::of(&doc.findings);
    }
}

/// A path as text, losslessly: UTF-8 as is; otherwise each invalid byte as
/// `\xNN`, with the raw bytes as hex beside it, so two names that differ only
/// in invalid bytes stay distinct in every output.
pub fn path_text(path: &Path) -> (String, Option<String>) {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), None);
    }
    let mut text = String::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        for b in chunk.invalid() {
            text.push_str(&format!("\\x{b:02X}"));
        }
    }
    let hex = bytes.iter().map(|b| format!("{b:02x}")).collect();
    (text, Some(hex))
}
