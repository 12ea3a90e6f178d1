//! Reads PDFs through the pipeline and prints the 勾稽 findings of each.
//!
//! ```text
//! cargo run --release --example check -- <files or folders>... [--only id,id] [--min SEVERITY]
//!     [--json DIR] [--quiet] [--narrative]
//! ```
//!
//! For each file: one line per finding (severity, check, location, expected,
//! printed, difference, tolerance, message), then a summary line
//! `== file: E errors, W warnings, R rounding, I info (tables …; kind K)`.
//! `--only` runs the listed checks; `--min warning` hides rounding and info
//! lines (they are still counted); `--json DIR` writes each document with its
//! findings to `DIR/<file>.json`; `--quiet` prints summary lines only;
//! `--narrative` also prints the narrative text blocks.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use juesuan::check::{self as validate, CheckId, Severity, Validator};

struct Options {
    inputs: Vec<PathBuf>,
    only: Option<Vec<CheckId>>,
    min: Severity,
    json: Option<PathBuf>,
    quiet: bool,
    narrative: bool,
}

fn parse_args() -> Result<Options> {
    let mut o = Options {
        inputs: Vec::new(),
        only: None,
        min: Severity::Info,
        json: None,
        quiet: false,
        narrative: false,
    };
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--only") => {
                let list = args.next().context("--only needs check ids")?;
                let ids = list
                    .to_string_lossy()
                    .split(',')
                    .map(|s| s.trim().parse::<CheckId>())
                    .collect::<Result<Vec<_>, _>>()?;
                o.only = Some(ids);
            }
            Some("--min") => {
                let s = args.next().context("--min needs a severity")?;
                o.min = match s.to_str() {
                    Some("error") => Severity::Error,
                    Some("warning") => Severity::Warning,
                    Some("rounding") => Severity::Rounding,
                    Some("info") => Severity::Info,
                    other => bail!("unknown severity {other:?}"),
                };
            }
            Some("--json") => o.json = Some(args.next().context("--json needs a folder")?.into()),
            Some("--quiet") => o.quiet = true,
            Some("--narrative") => o.narrative = true,
            Some(flag) if flag.starts_with("--") => bail!("unknown option {flag}"),
            _ => o.inputs.push(PathBuf::from(a)),
        }
    }
    if o.inputs.is_empty() {
        bail!("usage: check <files or folders>... [--only ids] [--min severity] [--json DIR] [--quiet]");
    }
    Ok(o)
}

fn main() -> Result<()> {
    let o = parse_args()?;
    let validator = match &o.only {
        Some(ids) => Validator::new().only(ids),
        None => Validator::new(),
    };
    if let Some(dir) = &o.json {
        std::fs::create_dir_all(dir)?;
    }
    let files = juesuan::collect_pdfs(&o.inputs)?;
    let (mut clean, mut total) = (0, 0);
    for path in &files {
        total += 1;
        let mut doc = match juesuan::read_pdf(path) {
            Ok(doc) => doc,
            Err(e) => {
                println!("== {}: unreadable: {e}", path.display());
                continue;
            }
        };
        let findings = validator.run(&doc);
        if !o.quiet {
            println!("## {}", path.display());
            if o.narrative {
                for b in &doc.narrative {
                    println!("   [p{}] {}", b.page, b.text);
                }
            }
            for f in findings.iter().filter(|f| f.severity <= o.min) {
                println!("   {f}");
            }
        }
        let (e, w, r, i) = validate::count(&findings);
        if e == 0 {
            clean += 1;
        }
        let kinds = doc.tables.iter().filter(|t| t.kind.is_some()).count();
        let coded = doc
            .tables
            .iter()
            .filter(|t| t.rows.iter().any(|r| r.key.as_code().is_some()))
            .count();
        println!(
            "== {}: {e} errors, {w} warnings, {r} rounding, {i} info (tables {kinds} of the nine, {} in all, {coded} keyed by code; kind {:?})",
            doc.file,
            doc.tables.len(),
            doc.kind
        );
        if let Some(dir) = &o.json {
            doc.findings = findings;
            let name = format!("{}.json", doc.file);
            std::fs::write(dir.join(name), serde_json::to_vec_pretty(&doc)?)?;
        }
    }
    println!("== {total} files, {clean} without errors");
    Ok(())
}
