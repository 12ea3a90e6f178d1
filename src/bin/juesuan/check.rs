//! `juesuan check`: the 勾稽 findings of each PDF.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use juesuan::{CheckId, Options, Severity};

use crate::{out, Exit};

/// The least serious severity printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Min {
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warning,
    /// Errors, warnings and rounding differences.
    Rounding,
    /// Everything.
    Info,
}

impl Min {
    fn severity(self) -> Severity {
        match self {
            Min::Error => Severity::Error,
            Min::Warning => Severity::Warning,
            Min::Rounding => Severity::Rounding,
            Min::Info => Severity::Info,
        }
    }
}

/// `juesuan check` options.
#[derive(clap::Args)]
pub struct Args {
    /// PDF files or folders (searched recursively).
    #[arg(required = true, value_name = "PATH")]
    inputs: Vec<PathBuf>,
    /// Run only these checks (comma-separated ids, such as row_sum,code_tree).
    #[arg(long, value_delimiter = ',', value_name = "IDS", value_parser = parse_check)]
    only: Vec<CheckId>,
    /// Print findings of this severity or worse (all are counted).
    #[arg(long, value_enum, default_value = "info")]
    min: Min,
    /// Also write each document with its findings to DIR/<file>.json.
    #[arg(long, value_name = "DIR")]
    json: Option<PathBuf>,
    /// Also print the narrative text blocks (情况说明 …).
    #[arg(long)]
    narrative: bool,
    /// Print only one summary line per file.
    #[arg(short, long)]
    quiet: bool,
}

fn parse_check(s: &str) -> Result<CheckId, String> {
    s.trim().parse::<CheckId>().map_err(|e| e.to_string())
}

pub fn run(args: Args) -> Result<Exit> {
    let files = crate::inputs(&args.inputs)?;
    let mut options = Options::new();
    if !args.only.is_empty() {
        options = options.only(&args.only);
    }
    if let Some(dir) = &args.json {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    let mut o = out::stdout();
    let (mut clean, mut with_errors, mut unreadable) = (0usize, 0usize, 0usize);
    for path in &files {
        let read = match juesuan::read(path, &options) {
            Ok(r) => r,
            Err(e) => {
                unreadable += 1;
                writeln!(o, "== {e}")?;
                continue;
            }
        };
        let doc = &read.document;
        if !args.quiet {
            writeln!(o, "## {}", path.display())?;
            if args.narrative {
                for b in &doc.narrative {
                    writeln!(o, "   [p{}] {}", b.page, b.text)?;
                }
            }
            for f in doc
                .findings
                .iter()
                .filter(|f| f.severity <= args.min.severity())
            {
                writeln!(o, "   {f}")?;
            }
        }
        let (e, w, r, i) = juesuan::check::count(&doc.findings);
        if e == 0 {
            clean += 1;
        } else {
            with_errors += 1;
        }
        let kinds = doc.tables.iter().filter(|t| t.kind.is_some()).count();
        writeln!(
            o,
            "== {}: {e} errors, {w} warnings, {r} rounding, {i} info ({kinds} tables of a known kind, {} in all; {})",
            path.display(),
            doc.tables.len(),
            doc.kind.chinese_name(),
        )?;
        if let Some(dir) = &args.json {
            let file = dir.join(format!("{}.json", doc.file));
            std::fs::write(&file, serde_json::to_vec_pretty(doc)?)
                .with_context(|| format!("{}: cannot write", file.display()))?;
        }
    }
    writeln!(
        o,
        "== {} files: {clean} without errors, {with_errors} with errors, {unreadable} unreadable",
        files.len()
    )?;
    o.flush()?;
    Ok(if unreadable > 0 {
        Exit::Trouble
    } else if with_errors > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    })
}
