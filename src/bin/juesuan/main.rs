//! `juesuan`: Chinese government 部门决算 / 部门预算 PDFs → validated
//! records, from the command line.
//!
//! Exit codes follow grep: 0 all is well; 1 `check` found error findings;
//! 2 trouble: a usage error, an input that does not exist or could not be
//! read, or outputs that could not be written. Errors are one line naming
//! the path; a closed standard output (`| head -1`) ends the command quietly.

mod bench;
mod check;
mod eval;
mod extract;
mod inspect;
mod isolate;
mod out;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc instead of the system allocator: extraction makes many small,
/// short-lived allocations (operands, glyph strings, cells), and glibc's
/// malloc and free were about a fifth of the command's CPU time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Reads 部门决算 and 部门预算 PDFs into validated tables (JSON, CSV, SQLite).
#[derive(Parser)]
#[command(name = "juesuan", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands. A later `report` subcommand adds a variant here and its
/// module, and one arm in [`dispatch`].
#[derive(Subcommand)]
enum Command {
    /// Read PDFs (files, folders, or `-` for a list on standard input) and
    /// write manifest.jsonl, documents/*.json, cells.csv, findings.csv and
    /// budget.sqlite.
    Extract(extract::Args),
    /// Print the 勾稽 findings of each PDF; exit 1 when any is an error.
    Check(check::Args),
    /// Score the recognizer against hand-checked truth files.
    Eval(eval::Args),
    /// Print one PDF's tables, columns and rows.
    Inspect(inspect::Args),
    /// Time the text layer (or the whole pipeline) over PDFs, single-threaded.
    Bench(bench::Args),
    /// Write a static HTML report (report/index.html) of an extract output
    /// folder: overview, documents, and each finding drawn on its page.
    Report(report::Args),
}

/// How a command ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything went well.
    Ok,
    /// `check` found at least one error finding.
    Findings,
    /// Some input could not be read, or an output could not be written.
    Trouble,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        match e {
            Exit::Ok => ExitCode::SUCCESS,
            Exit::Findings => ExitCode::from(1),
            Exit::Trouble => ExitCode::from(2),
        }
    }
}

/// Runs one subcommand: the single place a new subcommand plugs in.
fn dispatch(command: Command) -> anyhow::Result<Exit> {
    match command {
        Command::Extract(a) => extract::run(a),
        Command::Check(a) => check::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Bench(a) => bench::run(a),
        Command::Report(a) => report::run(a),
    }
}

fn main() -> ExitCode {
    // With transparent huge pages on ("always"), the kernel backs large
    // 2 MiB-aligned heap regions with huge pages, and resident memory counts
    // pages that are barely used. Failing to set it only costs memory.
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    // clap prints usage errors and exits 2, and prints --help / --version
    // and exits 0; a closed pipe there is ignored like everywhere else.
    let cli = Cli::parse();
    match dispatch(cli.command) {
        Ok(exit) => exit.into(),
        Err(e) if out::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // `{:#}` prints the context chain on one line, never a backtrace.
            eprintln!("juesuan: {e:#}");
            Exit::Trouble.into()
        }
    }
}

/// Expands the inputs into PDF files. A path that does not exist is an
/// error naming it, before any work starts.
pub fn inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    for p in paths {
        if !p.exists() {
            anyhow::bail!("{}: no such file or folder", p.display());
        }
    }
    let files =
        juesuan::collect_pdfs(paths).map_err(|e| anyhow::anyhow!("listing the inputs: {e}"))?;
    Ok(files)
}
