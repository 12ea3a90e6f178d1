//! `juesuan extract`: the batch over files and folders, with progress and a summary.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use juesuan::store::{
    Batch, CsvSink, ErrorKind, Failure, JsonSink, OutLock, PagesSink, Record, SeverityCounts, Sink,
    SqliteSink, Status,
};
use juesuan::text::Limits;

use crate::{out, Exit};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// documents/<sha256>.json
    Json,
    /// cells.csv and findings.csv
    Csv,
    /// budget.sqlite
    Sqlite,
}

/// What `--dump` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Dump {
    /// tokens/<sha256>/page-NNN.json: the text layer's tokens and rulings.
    Tokens,
}

/// `juesuan extract` options.
#[derive(clap::Args)]
pub struct Args {
    /// PDF files or folders (searched recursively); `-` reads paths from
    /// standard input, one per line (or NUL-separated with -0).
    #[arg(required = true, value_name = "PATH")]
    pub(crate) inputs: Vec<PathBuf>,
    /// The list on standard input is NUL-separated (`find -print0`).
    #[arg(short = '0', long = "null")]
    null: bool,
    /// Descend into symlinked folders (loops are detected and reported).
    #[arg(short = 'L', long)]
    follow: bool,
    /// Wait for another run writing the same output folder, instead of
    /// refusing at once.
    #[arg(long)]
    wait: bool,
    /// Budget: MiB one document's streams may inflate to, together.
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().max_inflated_bytes >> 20)]
    pub(crate) max_inflate: u64,
    /// Budget: content operators one document may execute.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_operators)]
    pub(crate) max_ops: u64,
    /// Budget: form XObject invocations per document.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_xobjects)]
    pub(crate) max_xobjects: u64,
    /// Budget: seconds of wall time per document.
    #[arg(long, value_name = "SECS", default_value_t = Limits::default().max_time.as_secs())]
    pub(crate) timeout: u64,
    /// Read each document in a child process of this program, with an
    /// address-space limit and a hard deadline, so even a crash costs one file.
    #[arg(long)]
    isolate: bool,
    /// With --isolate: MiB of address space each child may map.
    #[arg(long, value_name = "MIB", default_value_t = 4096)]
    pub(crate) max_memory: u64,
    /// Internal: be an --isolate child named NAME; the one input is the sha256.
    #[arg(long, hide = true, value_name = "NAME")]
    child: Option<String>,
    /// The output folder.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    out: PathBuf,
    /// Files read at once (default: the number of cores).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// The outputs to write.
    #[arg(long, value_delimiter = ',', default_value = "json,csv,sqlite")]
    format: Vec<Format>,
    /// Read every file again, even when complete from an earlier run.
    #[arg(long)]
    force: bool,
    /// Start cells.csv and findings.csv with a UTF-8 byte order mark, for Excel.
    #[arg(long)]
    bom: bool,
    /// Also write the text layer of each page.
    #[arg(long, value_name = "WHAT")]
    pub(crate) dump: Option<Dump>,
    /// Also draw each page as SVG (tokens, rulings, findings outlined).
    #[arg(long)]
    pub(crate) svg: bool,
    /// Print only the summary.
    #[arg(short, long)]
    quiet: bool,
    /// Also write the HTML report (report/index.html) when done.
    #[arg(long)]
    report: bool,
}

/// The version that goes into manifests and resume keys.
pub const TOOL: &str = concat!("juesuan ", env!("CARGO_PKG_VERSION"));

pub fn run(mut args: Args) -> Result<Exit> {
    let started = Instant::now();
    if let Some(name) = args.child.clone() {
        return crate::isolate::child(&args, &name);
    }
    let mut listed = Vec::new();
    if args.inputs.iter().any(|p| p.as_os_str() == "-") {
        args.inputs.retain(|p| p.as_os_str() != "-");
        listed = stdin_paths(args.null)?;
    }
    // Paths on the command line must exist; a listed path that does not is
    // one failed input, so one bad line never stops the run.
    crate::inputs(&args.inputs)?;
    args.inputs.extend(listed);
    let listing = juesuan::list_pdfs(&args.inputs, args.follow);
    let mut files = listing.files;
    let jobs = args.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("{}: cannot create the output folder", args.out.display()))?;
    let _lock = lock(&args)?;
    let pages = args.dump.is_some() || args.svg;
    let options = juesuan::Options::new()
        .keep_pages(pages)
        .limits(limits(&args));
    let mut sinks = sinks(&args)?;
    // What changes the per-document outputs; --bom only changes how the
    // CSV files are assembled at the end, so it is not part of the key.
    let fingerprint = format!(
        "{} dump={} svg={}",
        options.fingerprint(),
        args.dump.is_some(),
        args.svg
    );
    let mut batch = Batch::new(&args.out, jobs, TOOL, &fingerprint).force(args.force);
    for r in listing.rejected {
        let failure = Failure {
            kind: r.kind.to_string(),
            message: r.message,
        };
        batch = batch.reject(&r.path, failure);
        files.push(r.path);
    }
    let mut progress = Progress::new(files.len(), args.quiet);
    let mut seen = Vec::new();
    let mut step = |r: &Record| {
        progress.step(r);
        seen.push(r.clone());
    };
    let result = if args.isolate {
        let read = |bytes: Vec<u8>, name: &str, sha: &str| {
            crate::isolate::isolated(&args, &bytes, name, sha)
        };
        batch.run(&files, read, &mut sinks, &mut step)
    } else {
        batch.run(
            &files,
            juesuan::batch_reader(&options),
            &mut sinks,
            &mut step,
        )
    };
    progress.finish();
    drop(sinks);
    match result {
        Ok(records) => {
            let exit = summary(&args, jobs, &records, started)?;
            if args.report {
                crate::report::write(&args.out, args.quiet)?;
            }
            Ok(exit)
        }
        Err(e) => {
            // The outputs as a whole failed (a full disk under the
            // manifest): the summary of what finished comes first.
            summary(&args, jobs, &seen, started)?;
            Err(e).with_context(|| format!("{}: writing outputs", args.out.display()))
        }
    }
}

/// The text layer's budgets from the flags.
pub(crate) fn limits(args: &Args) -> Limits {
    Limits {
        max_inflated_bytes: args.max_inflate.saturating_mul(1 << 20),
        max_operators: args.max_ops,
        max_xobjects: args.max_xobjects,
        max_time: Duration::from_secs(args.timeout),
        ..Limits::default()
    }
}

/// Paths listed on standard input, kept byte for byte: a name that is not
/// UTF-8 is a path like any other on Unix.
fn stdin_paths(null: bool) -> Result<Vec<PathBuf>> {
    use std::io::Read;
    use std::os::unix::ffi::OsStrExt;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .context("reading the list of files from standard input")?;
    let sep = if null { b'\0' } else { b'\n' };
    Ok(bytes
        .split(|b| *b == sep)
        // Lines lose surrounding whitespace (and a CRLF's CR) as before;
        // NUL-separated names are taken exactly.
        .map(|item| if null { item } else { item.trim_ascii() })
        .filter(|item| !item.is_empty())
        .map(|item| PathBuf::from(std::ffi::OsStr::from_bytes(item)))
        .collect())
}

/// Takes the output folder's lock: refuses at once when another run holds
/// it, or waits with `--wait`.
fn lock(args: &Args) -> Result<OutLock> {
    match OutLock::acquire(&args.out, false) {
        Err(e) if e.kind() == ErrorKind::Locked && args.wait => {
            if !args.quiet {
                eprintln!("extract: waiting for another run on {}", args.out.display());
            }
            Ok(OutLock::acquire(&args.out, true)?)
        }
        other => Ok(other?),
    }
}

fn sinks(args: &Args) -> Result<Vec<Box<dyn Sink>>> {
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    for f in &args.format {
        match f {
            Format::Json => sinks.push(Box::new(JsonSink::new(&args.out)?)),
            Format::Csv => sinks.push(Box::new(CsvSink::new(&args.out, args.bom)?)),
            Format::Sqlite => {
                sinks.push(Box::new(SqliteSink::open(&args.out.join("budget.sqlite"))?))
            }
        }
    }
    if args.dump.is_some() || args.svg {
        sinks.push(Box::new(PagesSink::new(
            &args.out,
            args.dump.is_some(),
            args.svg,
        )));
    }
    Ok(sinks)
}

/// Progress on standard error: a bar on a terminal, a line every few
/// seconds otherwise, nothing with `--quiet`.
enum Progress {
    Bar(ProgressBar, usize),
    Lines {
        total: usize,
        done: usize,
        failed: usize,
        started: Instant,
        last: Instant,
    },
    Quiet,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        if quiet {
            return Progress::Quiet;
        }
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total as u64);
            let style = ProgressStyle::with_template(
                "{elapsed_precise} {wide_bar} {pos}/{len} files {per_sec} ETA {eta} {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(500));
            return Progress::Bar(bar, 0);
        }
        let now = Instant::now();
        Progress::Lines {
            total,
            done: 0,
            failed: 0,
            started: now,
            last: now,
        }
    }

    fn step(&mut self, r: &Record) {
        let failed_now = r.status == Status::Failed && r.duplicate_of.is_none();
        let message = r.error.as_deref().unwrap_or("unknown error");
        match self {
            Progress::Bar(bar, failed) => {
                bar.inc(1);
                if failed_now {
                    *failed += 1;
                    bar.println(format!("failed: {message}"));
                    bar.set_message(format!("{failed} failed"));
                }
            }
            Progress::Lines {
                total,
                done,
                failed,
                started,
                last,
            } => {
                *done += 1;
                if failed_now {
                    *failed += 1;
                    eprintln!("failed: {message}");
                }
                if last.elapsed() < Duration::from_secs(5) && done < total {
                    return;
                }
                *last = Instant::now();
                let rate = *done as f64 / started.elapsed().as_secs_f64().max(1e-9);
                eprintln!("extract: {done}/{total} files, {rate:.1} files/s, {failed} failed");
            }
            Progress::Quiet => {}
        }
    }

    fn finish(&self) {
        if let Progress::Bar(bar, _) = self {
            bar.finish_and_clear();
        }
    }
}

/// What the summary counts over a run's records.
#[derive(Default)]
struct Totals<'a> {
    by_status: BTreeMap<&'a str, usize>,
    failed_by_kind: BTreeMap<&'a str, usize>,
    tables: BTreeMap<&'a str, usize>,
    pages: u64,
    pages_read: u64,
    skipped: usize,
    with_errors: usize,
    severity: SeverityCounts,
    table_count: usize,
    tables_with_unassigned: usize,
    unassigned: usize,
    facts: usize,
    performance: usize,
    with_facts: usize,
}

impl<'a> Totals<'a> {
    fn of(records: &'a [Record]) -> Totals<'a> {
        let mut t = Totals::default();
        for r in records {
            *t.by_status.entry(r.status.id()).or_default() += 1;
            if r.status == Status::Failed {
                let kind = r.error_kind.as_deref().unwrap_or("unknown");
                *t.failed_by_kind.entry(kind).or_default() += 1;
            }
            t.skipped += usize::from(r.skipped);
            // A duplicate's document is counted once, under its original.
            if r.duplicate_of.is_some() {
                continue;
            }
            t.pages += u64::from(r.pages.unwrap_or(0));
            if !r.skipped {
                t.pages_read += u64::from(r.pages.unwrap_or(0));
            }
            for kind in &r.tables {
                *t.tables.entry(kind.as_str()).or_default() += 1;
            }
            t.table_count += r.tables.len();
            t.tables_with_unassigned += r.tables_with_unassigned;
            t.unassigned += r.unassigned_amounts;
            t.severity.add(r.severity);
            t.with_errors += usize::from(r.severity.error > 0);
            t.facts += r.facts;
            t.performance += r.performance;
            t.with_facts += usize::from(r.facts + r.performance > 0);
        }
        t
    }

    fn count(&self, status: &str) -> usize {
        self.by_status.get(status).copied().unwrap_or(0)
    }
}

fn list(m: &BTreeMap<&str, usize>) -> String {
    m.iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Prints the summary on standard output and returns how the run ended.
fn summary(args: &Args, jobs: usize, records: &[Record], started: Instant) -> Result<Exit> {
    let secs = started.elapsed().as_secs_f64();
    let t = Totals::of(records);
    let failed = t.count("failed");
    let mut o = out::stdout();
    write!(
        o,
        "extract: {} files: {} ok, {} partial, {failed} failed",
        records.len(),
        t.count("ok"),
        t.count("partial")
    )?;
    if !t.failed_by_kind.is_empty() {
        write!(o, " ({})", list(&t.failed_by_kind))?;
    }
    if t.skipped > 0 {
        let skipped = t.skipped;
        write!(
            o,
            "; {skipped} skipped (complete from an earlier run, or duplicates)"
        )?;
    }
    writeln!(o)?;
    let tables = if t.tables.is_empty() {
        "none".to_string()
    } else {
        list(&t.tables)
    };
    writeln!(o, "tables found: {tables}")?;
    writeln!(
        o,
        "confidence: {} of {} tables read whole; {} printed amounts in {} tables read into no cell",
        t.table_count - t.tables_with_unassigned,
        t.table_count,
        t.unassigned,
        t.tables_with_unassigned
    )?;
    writeln!(
        o,
        "facts (情况说明): {} facts, {} performance records in {} files",
        t.facts, t.performance, t.with_facts
    )?;
    let s = t.severity;
    writeln!(
        o,
        "findings (勾稽): {} error, {} warning, {} rounding, {} info; {} files with errors",
        s.error, s.warning, s.rounding, s.info, t.with_errors
    )?;
    writeln!(
        o,
        "pages: {} ({} read in this run), wall {secs:.1} s, {:.1} pages/s, jobs {jobs}, peak RSS {} MB",
        t.pages,
        t.pages_read,
        t.pages_read as f64 / secs.max(1e-9),
        juesuan::peak_rss_mb().map_or("?".to_string(), |m| m.to_string()),
    )?;
    writeln!(o, "outputs: {}", args.out.display())?;
    if failed > 0 {
        writeln!(o, "failed files:")?;
        for r in records.iter().filter(|r| r.status == Status::Failed) {
            let kind = r.error_kind.as_deref().unwrap_or("unknown");
            let error = r.error.as_deref().unwrap_or("");
            writeln!(o, "  {} [{kind}] {error}", r.path)?;
        }
    }
    o.flush()?;
    Ok(if failed > 0 { Exit::Trouble } else { Exit::Ok })
}
