//! `juesuan report`: the static HTML report of an extract output folder.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::Exit;

/// `juesuan report` options.
#[derive(clap::Args)]
pub struct Args {
    /// The output folder of `juesuan extract`.
    #[arg(value_name = "OUT_DIR", default_value = "out")]
    out: PathBuf,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<Exit> {
    write(&args.out, args.quiet)?;
    Ok(Exit::Ok)
}

/// Writes `out/report/`; pages without a token dump are read again from
/// the PDF named in the manifest.
pub fn write(out: &Path, quiet: bool) -> Result<()> {
    let started = Instant::now();
    let reread = |path: &Path| {
        juesuan::read(path, &juesuan::Options::new().keep_pages(true))
            .ok()
            .map(|r| r.pages)
    };
    let options = juesuan_report::Options {
        reread: Some(&reread),
    };
    let s = juesuan_report::write(out, &options)
        .with_context(|| format!("{}: writing the report", out.display()))?;
    if !quiet {
        eprintln!(
            "report: {} files, {} documents, {} findings, {} page pictures ({} pages without, {} PDFs re-read), {:.1} MB in {:.2}s: {}",
            s.files,
            s.documents,
            s.findings,
            s.pictures,
            s.pages_without_picture,
            s.reread,
            s.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64(),
            out.join("report").join("index.html").display()
        );
    }
    Ok(())
}
