//! Runs the whole pipeline over files and folders of PDFs and writes data a
//! user can query.
//!
//! ```text
//! cargo run --release --example extract -- <files, folders or ->... [--out DIR]
//!     [--jobs N] [--format json,csv,sqlite] [--force] [--quiet]
//!     [--dump tokens] [--svg]
//! ```
//!
//! `-` reads more inputs from standard input, one path per line, so a batch
//! engine can hand out shards. Folders are walked recursively for `.pdf` files.
//!
//! Outputs in `DIR` (default `./out`):
//! - `documents/<sha256>.json`: the full document, pretty JSON (`json`);
//! - `cells.csv`: one row per printed amount (`csv`), and `findings.csv`:
//!   one row per validation finding;
//! - `budget.sqlite`: tables `documents`, `tables`, `rows`, `cells`,
//!   `findings` and the view `cell_view` that joins them (`sqlite`);
//! - `manifest.jsonl`: one line per input file of this run, whatever happened
//!   to it, in input order;
//! - `state/<sha256>.json`: the completion marker of each document, and
//!   `parts/<sha256>.cells.csv`: its rows of `cells.csv`;
//! - with `--dump tokens`, `tokens/<sha256>/page-NNN.json`; with `--svg`,
//!   `svg/<sha256>/page-NNN.svg`.
//!
//! A document is *complete* when its marker `state/<sha256>.json` exists, names
//! every format asked for, and those outputs are there: the JSON file, the CSV
//! part, and a `documents` row in SQLite. The marker is removed before a
//! document is (re)written and written again only after the JSON and CSV part
//! were renamed into place and the SQLite transaction that replaces all the
//! document's rows committed, so a killed run never leaves a document that
//! looks complete but is not. Complete documents are skipped unless `--force`;
//! their manifest line keeps the status they had and says `"skipped": true`.
//! Failed files are tried again on every run.
//!
//! One output folder serves one run at a time; shards of a large batch each
//! get their own folder, and their SQLite files merge with `ATTACH` and
//! `INSERT ... SELECT` because every row is keyed by the document's sha256.
//!
//! Exit code: 0 when no file failed (partial documents, which lost some pages,
//! count as read), 2 when some failed (the summary names them), 1 on a usage
//! error or when the outputs cannot be opened.

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use juesuan::check::Severity;
use juesuan::model::{Document, RowKey};
use juesuan::text::svg::Highlight;
use rayon::prelude::*;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{BufRead, BufWriter, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: extract <files, folders or ->... [--out DIR] [--jobs N] \
[--format json,csv,sqlite] [--force] [--quiet] [--dump tokens] [--svg]";

/// The outputs asked for with `--format`.
#[derive(Debug, Clone, Copy)]
struct Formats {
    json: bool,
    csv: bool,
    sqlite: bool,
}

impl Formats {
    fn names(self) -> Vec<String> {
        let mut v = Vec::new();
        for (on, name) in [
            (self.json, "json"),
            (self.csv, "csv"),
            (self.sqlite, "sqlite"),
        ] {
            if on {
                v.push(name.to_string());
            }
        }
        v
    }
}

struct Options {
    inputs: Vec<PathBuf>,
    out: PathBuf,
    jobs: usize,
    formats: Formats,
    force: bool,
    quiet: bool,
    dump_tokens: bool,
    svg: bool,
}

fn parse_args() -> Result<Options> {
    let mut o = Options {
        inputs: Vec::new(),
        out: PathBuf::from("out"),
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        formats: Formats {
            json: true,
            csv: true,
            sqlite: true,
        },
        force: false,
        quiet: false,
        dump_tokens: false,
        svg: false,
    };
    let mut read_stdin = false;
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--out") => o.out = args.next().context("--out needs a folder")?.into(),
            Some("--jobs") => {
                let n = args.next().context("--jobs needs a number")?;
                o.jobs = n
                    .to_string_lossy()
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n > 0)
                    .context("--jobs needs a positive number")?;
            }
            Some("--format") => {
                let list = args.next().context("--format needs a list")?;
                o.formats = Formats {
                    json: false,
                    csv: false,
                    sqlite: false,
                };
                for f in list.to_string_lossy().split(',').map(str::trim) {
                    match f {
                        "json" => o.formats.json = true,
                        "csv" => o.formats.csv = true,
                        "sqlite" => o.formats.sqlite = true,
                        other => bail!("--format takes json, csv and sqlite, not {other:?}"),
                    }
                }
            }
            Some("--dump") => match args.next().as_ref().and_then(|s| s.to_str()) {
                Some("tokens") => o.dump_tokens = true,
                other => bail!("--dump takes `tokens`, not {other:?}"),
            },
            Some("--svg") => o.svg = true,
            Some("--force") => o.force = true,
            Some("--quiet") => o.quiet = true,
            Some("-") => read_stdin = true,
            Some(flag) if flag.starts_with("--") => bail!("unknown option {flag}"),
            _ => o.inputs.push(PathBuf::from(a)),
        }
    }
    if read_stdin {
        for line in std::io::stdin().lock().lines() {
            let line = line.context("reading the list of files from standard input")?;
            let line = line.trim();
            if !line.is_empty() {
                o.inputs.push(PathBuf::from(line));
            }
        }
    }
    if o.inputs.is_empty() {
        bail!("no input files");
    }
    Ok(o)
}

/// Where everything goes inside the output folder.
struct Layout {
    out: PathBuf,
}

impl Layout {
    fn document(&self, sha: &str) -> PathBuf {
        self.out.join("documents").join(format!("{sha}.json"))
    }
    fn marker(&self, sha: &str) -> PathBuf {
        self.out.join("state").join(format!("{sha}.json"))
    }
    fn cells_part(&self, sha: &str) -> PathBuf {
        self.out.join("parts").join(format!("{sha}.cells.csv"))
    }
    fn findings_part(&self, sha: &str) -> PathBuf {
        self.out.join("parts").join(format!("{sha}.findings.csv"))
    }
    fn sqlite(&self) -> PathBuf {
        self.out.join("budget.sqlite")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    Ok,
    Partial,
    Failed,
}

/// A page that could not be interpreted; the rest of the file was read.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PageError {
    page: Option<u32>,
    kind: String,
    message: String,
}

/// One line of `manifest.jsonl`, also kept in the completion marker.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    path: String,
    sha256: Option<String>,
    status: Status,
    /// Set when the file was not read in this run because its document was
    /// already complete (or is the same bytes as another input).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    skipped: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<String>,
    error_kind: Option<String>,
    error: Option<String>,
    pages: Option<u32>,
    page_errors: Vec<PageError>,
    department: Option<String>,
    year: Option<u16>,
    /// The kind id of every table found, in printed order (`other` for a
    /// recognised table without a kind).
    tables: Vec<String>,
    cells: usize,
    findings: usize,
    /// Findings by severity: error, warning, rounding, info.
    #[serde(default)]
    findings_by_severity: [usize; 4],
    seconds: f64,
}

impl Record {
    fn new(path: &Path) -> Record {
        Record {
            path: path.display().to_string(),
            sha256: None,
            status: Status::Failed,
            skipped: false,
            duplicate_of: None,
            error_kind: None,
            error: None,
            pages: None,
            page_errors: Vec::new(),
            department: None,
            year: None,
            tables: Vec::new(),
            cells: 0,
            findings: 0,
            findings_by_severity: [0; 4],
            seconds: 0.0,
        }
    }

    fn fail(mut self, kind: &str, message: String, started: Instant) -> Record {
        self.status = Status::Failed;
        self.error_kind = Some(kind.to_string());
        self.error = Some(message);
        self.seconds = seconds(started);
        self
    }
}

/// The completion marker `state/<sha256>.json`.
#[derive(Serialize, Deserialize)]
struct Marker {
    formats: Vec<String>,
    record: Record,
}

/// One validation finding, flattened for `findings.csv` and the `findings`
/// table.
struct FindingRow {
    check: String,
    severity: String,
    table_index: Option<usize>,
    table_kind: Option<String>,
    side: Option<String>,
    row: Option<String>,
    column: Option<String>,
    page: Option<u32>,
    expected: Option<String>,
    printed: Option<String>,
    difference: Option<String>,
    message: String,
}

/// The document's validation findings, flattened. Amounts stay exact
/// decimal strings.
fn findings_of(doc: &Document) -> Vec<FindingRow> {
    doc.findings
        .iter()
        .map(|f| FindingRow {
            check: f.check.id().to_string(),
            severity: f.severity.id().to_string(),
            table_index: f.table,
            table_kind: f.kind.map(|k| k.id().to_string()),
            side: f.side.map(|s| s.id().to_string()),
            row: f.key.as_ref().map(ToString::to_string),
            column: f.column.as_ref().map(|c| c.id()),
            page: f.page,
            expected: f.expected.map(|d| d.to_string()),
            printed: f.printed.map(|d| d.to_string()),
            difference: f.difference.map(|d| d.to_string()),
            message: f.message.clone(),
        })
        .collect()
}

/// What a worker hands to the writer.
enum Outcome {
    /// The document was read; the JSON is already in place.
    Read {
        record: Record,
        document: Box<Document>,
        findings: Vec<FindingRow>,
    },
    /// Nothing to write: the file failed or was skipped.
    Done(Record),
    /// The same bytes as another input of this run, which is read instead;
    /// the writer copies that file's status when the run ends.
    Duplicate(Record),
}

/// What the workers share.
struct Shared<'a> {
    opts: &'a Options,
    layout: &'a Layout,
    /// Documents with a `documents` row in SQLite when the run started.
    in_sqlite: HashSet<String>,
    /// The sha256 of every file taken by a worker in this run, and its path.
    claimed: Mutex<HashMap<String, String>>,
}

impl Shared<'_> {
    /// The record of a complete document, if it is complete for every
    /// format asked for (see the module comment).
    fn completed(&self, sha: &str) -> Option<Record> {
        let marker: Marker =
            serde_json::from_slice(&fs::read(self.layout.marker(sha)).ok()?).ok()?;
        let f = self.opts.formats;
        let has = |name: &str| marker.formats.iter().any(|m| m == name);
        if f.json && !(has("json") && self.layout.document(sha).is_file()) {
            return None;
        }
        if f.csv && !(has("csv") && self.layout.cells_part(sha).is_file()) {
            return None;
        }
        if f.sqlite && !(has("sqlite") && self.in_sqlite.contains(sha)) {
            return None;
        }
        Some(marker.record)
    }
}

fn seconds(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0
}

/// Reads one file through the pipeline and writes its document JSON.
fn work(path: &Path, cx: &Shared) -> Outcome {
    let started = Instant::now();
    let mut record = Record::new(path);
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let message = format!("{}: {e}", path.display());
            return Outcome::Done(record.fail("io", message, started));
        }
    };
    let sha = juesuan::sha256_hex(&bytes);
    record.sha256 = Some(sha.clone());
    if !cx.opts.force {
        if let Some(previous) = cx.completed(&sha) {
            let mut r = previous;
            r.path = record.path;
            r.skipped = true;
            r.duplicate_of = None;
            r.seconds = seconds(started);
            return Outcome::Done(r);
        }
    }
    {
        let mut claimed = cx.claimed.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(first) = claimed.get(&sha) {
            record.duplicate_of = Some(first.clone());
            record.skipped = true;
            return Outcome::Duplicate(record);
        }
        claimed.insert(sha.clone(), record.path.clone());
    }
    // The old marker goes first: from here until the writer writes it again,
    // this document is not complete, whatever else is on disk.
    let _ = fs::remove_file(cx.layout.marker(&sha));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The text layer contains dependency panics; this also contains our own,
    // so one bad file never takes the run down.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        juesuan::read_pdf_hashed(&bytes, &name, &sha)
    }));
    drop(bytes);
    let mut read = match result {
        Ok(Ok(read)) => read,
        Ok(Err(e)) => {
            let kind = e.kind().as_str();
            return Outcome::Done(record.fail(kind, e.with_path(path).to_string(), started));
        }
        Err(_) => {
            let message = format!("{}: internal panic", path.display());
            return Outcome::Done(record.fail("panic", message, started));
        }
    };
    // Validation is part of reading: the findings go into the document, so
    // its JSON carries them, and into the CSV and SQLite outputs.
    let findings = std::panic::catch_unwind(|| juesuan::check::validate(&read.document));
    match findings {
        Ok(findings) => read.document.findings = findings,
        Err(_) => read
            .document
            .warnings
            .push("validation panicked; no findings recorded".to_string()),
    }
    let doc = &read.document;
    record.page_errors = read
        .page_errors
        .iter()
        .map(|e| PageError {
            page: e.page(),
            kind: e.kind().as_str().to_string(),
            message: e.message().to_string(),
        })
        .collect();
    record.status = if record.page_errors.is_empty() {
        Status::Ok
    } else {
        Status::Partial
    };
    record.pages = Some(doc.page_count);
    record.department = doc.department.clone();
    record.year = doc.year;
    record.tables = doc.tables.iter().map(table_kind).collect();
    record.cells = doc
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .map(|r| r.values.len())
        .sum();
    let findings = findings_of(doc);
    record.findings = findings.len();
    let (e, w, r, i) = juesuan::check::count(&doc.findings);
    record.findings_by_severity = [e, w, r, i];
    let written = write_pages(&read.pages, &read.document, &sha, cx.opts).and_then(|()| {
        if cx.opts.formats.json {
            let json = serde_json::to_vec_pretty(doc)?;
            write_atomic(&cx.layout.document(&sha), &json)?;
        }
        Ok(())
    });
    if let Err(e) = written {
        let message = format!("{}: writing outputs: {e:#}", path.display());
        return Outcome::Done(record.fail("output", message, started));
    }
    record.seconds = seconds(started);
    Outcome::Read {
        record,
        document: Box::new(read.document),
        findings,
    }
}

fn table_kind(t: &juesuan::model::Table) -> String {
    t.kind.map_or("other", |k| k.id()).to_string()
}

/// Writes a file so that it is either absent, as before, or whole: a killed
/// run leaves at most a stray temporary file, which the next run overwrites.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().context("output path without a folder")?;
    let name = path.file_name().context("output path without a name")?;
    let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("renaming to {}", path.display()))?;
    Ok(())
}

/// Removes the temporary files a killed run left behind. One output folder
/// serves one run at a time, so no other writer can own them.
fn remove_stray_temporaries(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(".tmp") {
            let _ = fs::remove_file(dir.join(name.as_ref()));
        }
    }
    Ok(())
}

fn write_pages(
    pages: &[juesuan::text::Page],
    doc: &Document,
    sha: &str,
    opts: &Options,
) -> Result<()> {
    if opts.dump_tokens {
        let dir = opts.out.join("tokens").join(sha);
        fs::create_dir_all(&dir)?;
        for p in pages {
            let file = dir.join(format!("page-{:03}.json", p.number));
            fs::write(&file, serde_json::to_vec_pretty(p)?)
                .with_context(|| file.display().to_string())?;
        }
    }
    if opts.svg {
        let dir = opts.out.join("svg").join(sha);
        fs::create_dir_all(&dir)?;
        for p in pages {
            // Findings that point at a printed value on this page are drawn
            // around it, so a reviewer sees where to look.
            let highlights: Vec<Highlight> = doc
                .findings
                .iter()
                .filter(|f| f.page == Some(p.number) && f.severity <= Severity::Warning)
                .filter_map(|f| {
                    f.bbox.map(|bbox| Highlight {
                        bbox,
                        note: format!("{} {}", f.severity, f.check.id()),
                    })
                })
                .collect();
            let file = dir.join(format!("page-{:03}.svg", p.number));
            fs::write(&file, juesuan::text::svg::page_svg(p, &highlights))
                .with_context(|| file.display().to_string())?;
        }
    }
    Ok(())
}

const CELLS_HEADER: [&str; 16] = [
    "file",
    "sha256",
    "department",
    "year",
    "table_kind",
    "table_index",
    "code",
    "label",
    "side",
    "name",
    "column",
    "amount_printed",
    "unit",
    "amount_wan_yuan",
    "page",
    "bbox",
];

const FINDINGS_HEADER: [&str; 14] = [
    "file",
    "sha256",
    "check",
    "severity",
    "table_index",
    "table_kind",
    "side",
    "row",
    "column",
    "page",
    "expected",
    "printed",
    "difference",
    "message",
];

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// The rows of `cells.csv` for one document, without the header.
fn cells_csv(doc: &Document) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let year = opt(&doc.year);
    let department = doc.department.clone().unwrap_or_default();
    for (ti, t) in doc.tables.iter().enumerate() {
        let kind = table_kind(t);
        let unit = t.unit.as_ref().or(doc.unit.as_ref());
        let unit = unit.map(|u| u.as_str().to_string()).unwrap_or_default();
        for r in &t.rows {
            let (code, label) = match &r.key {
                RowKey::Code(c) => (c.as_str(), ""),
                RowKey::Label(l) => ("", l.as_str()),
            };
            let side = r.side.map_or("", |s| s.id());
            for (column, v) in &r.values {
                let bbox = v.bbox.map_or(String::new(), |b| {
                    format!("{:.1} {:.1} {:.1} {:.1}", b[0], b[1], b[2], b[3])
                });
                w.write_record([
                    doc.file.as_str(),
                    &doc.sha256,
                    &department,
                    &year,
                    &kind,
                    &ti.to_string(),
                    code,
                    label,
                    side,
                    &r.name,
                    &column.id(),
                    v.amount.printed(),
                    &unit,
                    &opt(&v.wan_yuan),
                    &v.page.to_string(),
                    &bbox,
                ])?;
            }
        }
    }
    Ok(w.into_inner()?)
}

/// The rows of `findings.csv` for one document, without the header.
fn findings_csv(doc: &Document, findings: &[FindingRow]) -> Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for f in findings {
        w.write_record([
            doc.file.as_str(),
            &doc.sha256,
            &f.check,
            &f.severity,
            &opt(&f.table_index),
            &opt(&f.table_kind),
            &opt(&f.side),
            &opt(&f.row),
            &opt(&f.column),
            &opt(&f.page),
            &opt(&f.expected),
            &opt(&f.printed),
            &opt(&f.difference),
            &f.message,
        ])?;
    }
    Ok(w.into_inner()?)
}

const SCHEMA: &str = r#"
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS documents (
    sha256      TEXT PRIMARY KEY,
    file        TEXT NOT NULL,
    path        TEXT NOT NULL,
    department  TEXT,
    year        INTEGER,
    kind        TEXT NOT NULL,
    unit        TEXT,
    page_count  INTEGER NOT NULL,
    status      TEXT NOT NULL,
    page_errors TEXT NOT NULL,
    warnings    TEXT NOT NULL,
    seconds     REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tables (
    sha256      TEXT NOT NULL,
    table_index INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    number      INTEGER,
    title       TEXT NOT NULL,
    unit        TEXT,
    pages       TEXT NOT NULL,
    columns     TEXT NOT NULL,
    notes       TEXT NOT NULL,
    PRIMARY KEY (sha256, table_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rows (
    sha256      TEXT NOT NULL,
    table_index INTEGER NOT NULL,
    row_index   INTEGER NOT NULL,
    code        TEXT,
    label       TEXT,
    side        TEXT,
    name        TEXT NOT NULL,
    PRIMARY KEY (sha256, table_index, row_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cells (
    sha256      TEXT NOT NULL,
    table_index INTEGER NOT NULL,
    row_index   INTEGER NOT NULL,
    column_id   TEXT NOT NULL,
    printed     TEXT NOT NULL,
    amount      TEXT NOT NULL,
    wan_yuan    REAL,
    page        INTEGER NOT NULL,
    x0 REAL, y0 REAL, x1 REAL, y1 REAL,
    PRIMARY KEY (sha256, table_index, row_index, column_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (
    sha256      TEXT NOT NULL,
    file        TEXT NOT NULL,
    check_id    TEXT NOT NULL,
    severity    TEXT NOT NULL,
    table_index INTEGER,
    table_kind  TEXT,
    side        TEXT,
    row_key     TEXT,
    column_id   TEXT,
    page        INTEGER,
    expected    TEXT,
    printed     TEXT,
    difference  TEXT,
    message     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rows_code ON rows (code);
CREATE INDEX IF NOT EXISTS documents_department ON documents (department);
CREATE INDEX IF NOT EXISTS documents_year ON documents (year);
CREATE INDEX IF NOT EXISTS tables_kind ON tables (kind);
CREATE INDEX IF NOT EXISTS findings_sha256 ON findings (sha256);
CREATE INDEX IF NOT EXISTS findings_check ON findings (check_id);
CREATE VIEW IF NOT EXISTS cell_view AS
SELECT d.file, d.sha256, d.department, d.year, t.kind AS table_kind,
       t.table_index, t.title AS table_title, r.code, r.label, r.side, r.name,
       c.column_id, c.printed, t.unit, c.amount, c.wan_yuan, c.page
FROM cells c
JOIN rows r USING (sha256, table_index, row_index)
JOIN tables t USING (sha256, table_index)
JOIN documents d USING (sha256);
"#;

fn open_sqlite(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
    conn.execute_batch(SCHEMA)
        .with_context(|| format!("creating the schema in {}", path.display()))?;
    Ok(conn)
}

fn sqlite_documents(conn: &Connection) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT sha256 FROM documents")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Replaces everything SQLite holds for one document in one transaction, so
/// a document is there whole or not at all, and never twice.
fn store_sqlite(
    conn: &mut Connection,
    record: &Record,
    doc: &Document,
    findings: &[FindingRow],
) -> Result<()> {
    let tx = conn.transaction()?;
    let sha = doc.sha256.as_str();
    for table in ["cells", "rows", "tables", "findings", "documents"] {
        tx.execute(&format!("DELETE FROM {table} WHERE sha256 = ?1"), [sha])?;
    }
    let status = match record.status {
        Status::Ok => "ok",
        Status::Partial => "partial",
        Status::Failed => "failed",
    };
    tx.execute(
        "INSERT INTO documents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            sha,
            doc.file,
            record.path,
            doc.department,
            doc.year,
            serde_json::to_value(doc.kind)?.as_str().unwrap_or_default(),
            doc.unit.as_ref().map(|u| u.as_str().to_string()),
            doc.page_count,
            status,
            serde_json::to_string(&record.page_errors)?,
            serde_json::to_string(&doc.warnings)?,
            record.seconds,
        ],
    )?;
    {
        let mut tables =
            tx.prepare_cached("INSERT INTO tables VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?;
        let mut rows = tx.prepare_cached("INSERT INTO rows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        let mut cells = tx.prepare_cached(
            "INSERT INTO cells VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for (ti, t) in doc.tables.iter().enumerate() {
            // rusqlite binds i64, not usize.
            let ti = ti as i64;
            tables.execute(params![
                sha,
                ti,
                table_kind(t),
                t.number,
                t.title,
                t.unit.as_ref().map(|u| u.as_str().to_string()),
                serde_json::to_string(&t.pages)?,
                serde_json::to_string(&t.columns)?,
                serde_json::to_string(&t.notes)?,
            ])?;
            for (ri, r) in t.rows.iter().enumerate() {
                let ri = ri as i64;
                rows.execute(params![
                    sha,
                    ti,
                    ri,
                    r.key.as_code(),
                    r.key.as_label(),
                    r.side.map(|s| s.id()),
                    r.name,
                ])?;
                for (column, v) in &r.values {
                    // 万元 is stored as REAL so that SQL sums and comparisons
                    // work; the exact decimal is in `amount` and `printed`.
                    let wan: Option<f64> = v.wan_yuan.and_then(|d| d.to_string().parse().ok());
                    let b = v.bbox;
                    cells.execute(params![
                        sha,
                        ti,
                        ri,
                        column.id(),
                        v.amount.printed(),
                        v.amount.plain(),
                        wan,
                        v.page,
                        b.map(|b| b[0]),
                        b.map(|b| b[1]),
                        b.map(|b| b[2]),
                        b.map(|b| b[3]),
                    ])?;
                }
            }
        }
        let mut fs_stmt = tx.prepare_cached(
            "INSERT INTO findings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )?;
        for f in findings {
            fs_stmt.execute(params![
                sha,
                doc.file,
                f.check,
                f.severity,
                f.table_index.map(|i| i as i64),
                f.table_kind,
                f.side,
                f.row,
                f.column,
                f.page,
                f.expected,
                f.printed,
                f.difference,
                f.message,
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Progress on standard error: a bar on a terminal, a line every few seconds
/// otherwise, nothing with `--quiet`.
enum Progress {
    Bar(ProgressBar),
    Lines {
        total: usize,
        started: Instant,
        last: Instant,
    },
    Quiet,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        if quiet {
            Progress::Quiet
        } else if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total as u64);
            let style = ProgressStyle::with_template(
                "{elapsed_precise} {wide_bar} {pos}/{len} files {per_sec} ETA {eta} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(500));
            Progress::Bar(bar)
        } else {
            let now = Instant::now();
            Progress::Lines {
                total,
                started: now,
                last: now,
            }
        }
    }

    fn say(&self, line: &str) {
        match self {
            Progress::Bar(bar) => bar.println(line),
            Progress::Lines { .. } => eprintln!("{line}"),
            Progress::Quiet => {}
        }
    }

    fn step(&mut self, done: usize, failed: usize) {
        match self {
            Progress::Bar(bar) => {
                bar.set_position(done as u64);
                if failed > 0 {
                    bar.set_message(format!("{failed} failed"));
                }
            }
            Progress::Lines {
                total,
                started,
                last,
            } => {
                if last.elapsed() < Duration::from_secs(5) && done < *total {
                    return;
                }
                *last = Instant::now();
                let secs = started.elapsed().as_secs_f64().max(1e-9);
                let rate = done as f64 / secs;
                let eta = if rate > 0.0 {
                    (*total - done) as f64 / rate
                } else {
                    0.0
                };
                eprintln!(
                    "extract: {done}/{total} files, {rate:.1} files/s, ETA {eta:.0} s, {failed} failed"
                );
            }
            Progress::Quiet => {}
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// The one thread that owns SQLite and the CSV parts, and gathers records.
struct Writer<'a> {
    layout: &'a Layout,
    formats: Formats,
    conn: Option<Connection>,
    records: Vec<Option<Record>>,
    duplicates: Vec<usize>,
    pages_read: u64,
    done: usize,
    failed: usize,
    progress: Progress,
}

impl Writer<'_> {
    fn take(&mut self, index: usize, outcome: Outcome) {
        let record = match outcome {
            Outcome::Read {
                mut record,
                document,
                findings,
            } => {
                self.pages_read += u64::from(document.page_count);
                if let Err(e) = self.store(&record, &document, &findings) {
                    record.status = Status::Failed;
                    record.error_kind = Some("output".into());
                    record.error = Some(format!("{}: writing outputs: {e:#}", record.path));
                }
                record
            }
            Outcome::Done(record) => record,
            Outcome::Duplicate(record) => {
                self.duplicates.push(index);
                record
            }
        };
        self.done += 1;
        if record.status == Status::Failed && record.duplicate_of.is_none() {
            self.failed += 1;
            self.progress.say(&format!(
                "failed: {}",
                record.error.as_deref().unwrap_or("unknown error")
            ));
        }
        self.records[index] = Some(record);
        self.progress.step(self.done, self.failed);
    }

    /// Writes the CSV parts, then SQLite, then the marker that makes the
    /// document complete (the JSON was written by the worker).
    fn store(&mut self, record: &Record, doc: &Document, findings: &[FindingRow]) -> Result<()> {
        let sha = doc.sha256.as_str();
        if self.formats.csv {
            write_atomic(&self.layout.cells_part(sha), &cells_csv(doc)?)?;
            let part = self.layout.findings_part(sha);
            if findings.is_empty() {
                let _ = fs::remove_file(&part);
            } else {
                write_atomic(&part, &findings_csv(doc, findings)?)?;
            }
        }
        if let Some(conn) = self.conn.as_mut() {
            store_sqlite(conn, record, doc, findings)?;
        }
        let marker = Marker {
            formats: self.formats.names(),
            record: record.clone(),
        };
        write_atomic(&self.layout.marker(sha), &serde_json::to_vec(&marker)?)
    }

    /// Gives each duplicate the outcome of the file it duplicates.
    fn resolve_duplicates(&mut self) {
        let by_sha: HashMap<String, Record> = self
            .records
            .iter()
            .flatten()
            .filter(|r| r.duplicate_of.is_none())
            .filter_map(|r| Some((r.sha256.clone()?, r.clone())))
            .collect();
        for &i in &self.duplicates {
            let Some(dup) = self.records[i].take() else {
                continue;
            };
            let sha = dup.sha256.clone().unwrap_or_default();
            let mut r = by_sha.get(&sha).cloned().unwrap_or(dup.clone());
            r.path = dup.path;
            r.skipped = true;
            r.duplicate_of = dup.duplicate_of;
            r.seconds = dup.seconds;
            self.records[i] = Some(r);
        }
    }
}

/// Rebuilds `DIR/<name>` from the per-document parts.
///
/// Appending each document to one `cells.csv` as it completes would leave
/// rows of a document whose SQLite transaction never committed after a kill,
/// and the rerun would append them again. Instead every document writes its
/// own part (atomically, before its transaction), and the file users read is
/// rebuilt from the parts at the end of each run: it holds each complete
/// document once, this run's in input order first, then earlier runs' by
/// sha256. With SQLite on, only documents that SQLite holds are included, so
/// `cells.csv` and the `cells` table always agree.
fn concatenate_parts(
    layout: &Layout,
    name: &str,
    suffix: &str,
    header: &[&str],
    first: &[String],
    keep: Option<&HashSet<String>>,
) -> Result<()> {
    let parts_dir = layout.out.join("parts");
    let mut rest: Vec<String> = Vec::new();
    if parts_dir.is_dir() {
        for entry in fs::read_dir(&parts_dir)? {
            let file = entry?.file_name().to_string_lossy().into_owned();
            if let Some(sha) = file.strip_suffix(suffix) {
                if !sha.starts_with('.') {
                    rest.push(sha.to_string());
                }
            }
        }
    }
    rest.sort();
    let in_first: HashSet<&String> = first.iter().collect();
    let order = first
        .iter()
        .chain(rest.iter().filter(|s| !in_first.contains(s)));
    let path = layout.out.join(name);
    let tmp = layout.out.join(format!(".{name}.tmp"));
    let mut out = BufWriter::new(fs::File::create(&tmp)?);
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(header)?;
        w.flush()?;
    }
    let mut seen = HashSet::new();
    for sha in order {
        if keep.is_some_and(|k| !k.contains(sha)) || !seen.insert(sha) {
            continue;
        }
        let part = parts_dir.join(format!("{sha}{suffix}"));
        match fs::File::open(&part) {
            Ok(mut f) => {
                std::io::copy(&mut f, &mut out)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| part.display().to_string()),
        }
    }
    out.into_inner()?.sync_all()?;
    fs::rename(&tmp, &path)?;
    Ok(())
}

fn main() {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e:#}\n{USAGE}");
            std::process::exit(1);
        }
    };
    match run(&opts) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
    }
}

fn run(opts: &Options) -> Result<i32> {
    let started = Instant::now();
    let files = juesuan::collect_pdfs(&opts.inputs).context("listing inputs")?;
    let layout = Layout {
        out: opts.out.clone(),
    };
    for dir in ["documents", "state", "parts"] {
        let dir = opts.out.join(dir);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        remove_stray_temporaries(&dir)?;
    }
    let conn = if opts.formats.sqlite {
        Some(open_sqlite(&layout.sqlite())?)
    } else {
        None
    };
    let in_sqlite = match &conn {
        Some(c) => sqlite_documents(c)?,
        None => HashSet::new(),
    };
    let cx = Shared {
        opts,
        layout: &layout,
        in_sqlite,
        claimed: Mutex::new(HashMap::new()),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()?;
    // A bounded channel keeps memory bounded by the documents in flight:
    // `jobs` being read plus `jobs` waiting for the writer.
    let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(opts.jobs);
    let mut writer = Writer {
        layout: &layout,
        formats: opts.formats,
        conn,
        records: vec![None; files.len()],
        duplicates: Vec::new(),
        pages_read: 0,
        done: 0,
        failed: 0,
        progress: Progress::new(files.len(), opts.quiet),
    };
    std::thread::scope(|s| {
        let writer = &mut writer;
        s.spawn(move || {
            for (index, outcome) in rx {
                writer.take(index, outcome);
            }
        });
        pool.install(|| {
            files
                .par_iter()
                .enumerate()
                .for_each_with(tx, |tx, (i, f)| {
                    let _ = tx.send((i, work(f, &cx)));
                });
        });
    });
    writer.progress.finish();
    writer.resolve_duplicates();
    let records: Vec<Record> = writer.records.iter().flatten().cloned().collect();

    let manifest: Vec<u8> = records
        .iter()
        .map(|r| serde_json::to_string(r).map(|s| s + "\n"))
        .collect::<serde_json::Result<String>>()?
        .into_bytes();
    write_atomic(&opts.out.join("manifest.jsonl"), &manifest)?;
    if opts.formats.csv {
        let keep = match &writer.conn {
            Some(c) => Some(sqlite_documents(c)?),
            None => None,
        };
        let mut first: Vec<String> = Vec::new();
        for r in &records {
            if let Some(sha) = &r.sha256 {
                if r.status != Status::Failed {
                    first.push(sha.clone());
                }
            }
        }
        concatenate_parts(
            &layout,
            "cells.csv",
            ".cells.csv",
            &CELLS_HEADER,
            &first,
            keep.as_ref(),
        )?;
        concatenate_parts(
            &layout,
            "findings.csv",
            ".findings.csv",
            &FINDINGS_HEADER,
            &first,
            keep.as_ref(),
        )?;
    }
    drop(writer.conn.take());

    Ok(summary(opts, &records, writer.pages_read, started))
}

/// Prints the summary on standard output and returns the exit code.
fn summary(opts: &Options, records: &[Record], pages_read: u64, started: Instant) -> i32 {
    let secs = started.elapsed().as_secs_f64();
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failed_by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    let mut tables: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut pages, mut skipped) = (0u64, 0usize);
    let mut severities = [0usize; 4];
    for r in records {
        let status = match r.status {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::Failed => "failed",
        };
        *by_status.entry(status).or_default() += 1;
        if r.status == Status::Failed {
            *failed_by_kind
                .entry(r.error_kind.as_deref().unwrap_or("unknown"))
                .or_default() += 1;
        }
        skipped += usize::from(r.skipped);
        if r.duplicate_of.is_none() {
            pages += u64::from(r.pages.unwrap_or(0));
            for t in &r.tables {
                *tables.entry(t.as_str()).or_default() += 1;
            }
            for (total, n) in severities.iter_mut().zip(r.findings_by_severity) {
                *total += n;
            }
        }
    }
    let count = |s: &str| by_status.get(s).copied().unwrap_or(0);
    let failed = count("failed");
    let kinds: Vec<String> = failed_by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    println!(
        "extract: {} files: {} ok, {} partial, {} failed{}{}",
        records.len(),
        count("ok"),
        count("partial"),
        failed,
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        },
        if skipped > 0 {
            format!("; {skipped} skipped (complete from an earlier run, or duplicates)")
        } else {
            String::new()
        },
    );
    let tables: Vec<String> = tables.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!(
        "tables found: {}",
        if tables.is_empty() {
            "none".to_string()
        } else {
            tables.join(", ")
        }
    );
    let with_errors = records
        .iter()
        .filter(|r| r.duplicate_of.is_none() && r.findings_by_severity[0] > 0)
        .count();
    println!(
        "findings (勾稽): {} error, {} warning, {} rounding, {} info; {with_errors} files with errors",
        severities[0], severities[1], severities[2], severities[3]
    );
    println!(
        "pages: {pages} ({pages_read} read in this run), wall {secs:.1} s, {:.1} pages/s, jobs {}, peak RSS {} MB",
        pages_read as f64 / secs.max(1e-9),
        opts.jobs,
        juesuan::peak_rss_mb().map_or("?".to_string(), |m| m.to_string()),
    );
    println!("outputs: {}", opts.out.display());
    if failed > 0 {
        println!("failed files:");
        for r in records.iter().filter(|r| r.status == Status::Failed) {
            println!(
                "  {} [{}] {}",
                r.path,
                r.error_kind.as_deref().unwrap_or("unknown"),
                r.error.as_deref().unwrap_or("")
            );
        }
        2
    } else {
        0
    }
}
