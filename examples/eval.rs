//! Scores the pipeline against hand-checked truth files.
//!
//! ```text
//! cargo run --release --example eval -- --truth DIR <pdfs or folders>... [--diff]
//! ```
//!
//! PDFs are matched to `DIR/<sha256>.json` by content; PDFs without truth are
//! skipped. Prints one line per file, then exactly one `TOTAL` line with table
//! recall, cell precision, recall and F1, and the row exact-match rate. With
//! `--diff`, every missing, extra or wrong cell is listed under its file.

use anyhow::{bail, Context, Result};
use juesuan::model::score::{self, Score};
use juesuan::model::truth::TruthFile;
use std::path::PathBuf;

fn main() -> Result<()> {
    let mut truth_dir: Option<PathBuf> = None;
    let mut inputs = Vec::new();
    let mut diff = false;
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--truth") => {
                truth_dir = Some(args.next().context("--truth needs a folder")?.into())
            }
            Some("--diff") => diff = true,
            Some(f) if f.starts_with("--") => bail!("unknown option {f}"),
            _ => inputs.push(PathBuf::from(a)),
        }
    }
    let Some(truth_dir) = truth_dir else {
        bail!("usage: eval --truth DIR <pdfs or folders>... [--diff]");
    };
    let truths = TruthFile::load_dir(&truth_dir)
        .map_err(|e| anyhow::anyhow!("{}: {e}", truth_dir.display()))?;
    let files = juesuan::collect_pdfs(&inputs)?;
    let mut total = Score::default();
    for f in files {
        let bytes = std::fs::read(&f).with_context(|| f.display().to_string())?;
        let sha = juesuan::sha256_hex(&bytes);
        let Some(truth) = truths.get(&sha) else {
            continue;
        };
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let doc = match juesuan::read_pdf_hashed(&bytes, &name, &sha) {
            Ok(r) => r.document,
            Err(e) => {
                println!("{} FAILED {e}", f.display());
                let empty = juesuan::model::Document::new(name, sha);
                let report = score::score(truth, &empty);
                total.add(&report.score);
                continue;
            }
        };
        let report = score::score(truth, &doc);
        println!("{} {}", report.score, f.display());
        if diff {
            for t in &report.tables {
                println!("  {t}");
            }
            for d in &report.cells {
                println!("  {d}");
            }
        }
        total.add(&report.score);
    }
    println!("TOTAL {total}");
    Ok(())
}
