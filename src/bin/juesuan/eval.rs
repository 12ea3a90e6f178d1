//! `juesuan eval`: scores the recognizer against hand-checked truth files.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use juesuan::model::score::{self, Score};
use juesuan::model::truth::TruthFile;
use juesuan::Options;

use crate::{out, Exit};

/// `juesuan eval` options.
#[derive(clap::Args)]
pub struct Args {
    /// The folder of truth files (`<sha256>.json`, SCHEMA.md format).
    #[arg(long, value_name = "DIR")]
    truth: PathBuf,
    /// PDF files or folders; PDFs are matched to truth files by content.
    #[arg(required = true, value_name = "PATH")]
    inputs: Vec<PathBuf>,
    /// List every missing, extra or wrong cell under its file.
    #[arg(long)]
    diff: bool,
}

pub fn run(args: Args) -> Result<Exit> {
    if !args.truth.is_dir() {
        bail!("{}: no such folder of truth files", args.truth.display());
    }
    let truths = TruthFile::load_dir(&args.truth)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.truth.display()))?;
    let files = crate::inputs(&args.inputs)?;
    let mut o = out::stdout();
    let mut total = Score::default();
    let mut matched = 0usize;
    for f in files {
        let bytes = std::fs::read(&f).with_context(|| f.display().to_string())?;
        let sha = juesuan::sha256_hex(&bytes);
        let Some(truth) = truths.get(&sha) else {
            continue;
        };
        matched += 1;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = match juesuan::read_owned(bytes, &name, &sha, &Options::new()) {
            Ok(r) => r.document,
            Err(e) => {
                writeln!(o, "{} FAILED {e}", f.display())?;
                juesuan::model::Document::new(name, sha)
            }
        };
        let report = score::score(truth, &doc);
        writeln!(o, "{} {}", report.score, f.display())?;
        if args.diff {
            for t in &report.tables {
                writeln!(o, "  {t}")?;
            }
            for d in &report.cells {
                writeln!(o, "  {d}")?;
            }
        }
        total.add(&report.score);
    }
    if matched == 0 {
        o.flush()?;
        bail!(
            "{}: no input PDF matches a truth file ({} truth files)",
            args.truth.display(),
            truths.len()
        );
    }
    writeln!(o, "TOTAL {total}")?;
    o.flush()?;
    Ok(Exit::Ok)
}
