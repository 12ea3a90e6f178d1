//! Runs the pipeline over files and folders of PDFs.
//!
//! ```text
//! cargo run --release --example extract -- <files or folders>... [--out DIR]
//!     [--jobs N] [--dump tokens] [--svg] [--quiet]
//! ```
//!
//! Writes `DIR/manifest.jsonl`, one line per input file (every input is
//! listed, whatever happened to it). `--dump tokens` writes each page's tokens
//! and rulings to `DIR/tokens/<sha256>/page-NNN.json`; `--svg` draws each page
//! to `DIR/svg/<sha256>/page-NNN.svg`.

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};
use std::time::Instant;

struct Options {
    inputs: Vec<PathBuf>,
    out: PathBuf,
    jobs: Option<usize>,
    dump_tokens: bool,
    svg: bool,
    quiet: bool,
}

fn parse_args() -> Result<Options> {
    let mut o = Options {
        inputs: Vec::new(),
        out: PathBuf::from("out"),
        jobs: None,
        dump_tokens: false,
        svg: false,
        quiet: false,
    };
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--out") => o.out = args.next().context("--out needs a folder")?.into(),
            Some("--jobs") => {
                let n = args.next().context("--jobs needs a number")?;
                o.jobs = Some(
                    n.to_string_lossy()
                        .parse()
                        .context("--jobs needs a number")?,
                );
            }
            Some("--dump") => match args.next().as_ref().and_then(|s| s.to_str()) {
                Some("tokens") => o.dump_tokens = true,
                other => bail!("--dump takes `tokens`, not {other:?}"),
            },
            Some("--svg") => o.svg = true,
            Some("--quiet") => o.quiet = true,
            Some(flag) if flag.starts_with("--") => bail!("unknown option {flag}"),
            _ => o.inputs.push(PathBuf::from(a)),
        }
    }
    if o.inputs.is_empty() {
        bail!("usage: extract <files or folders>... [--out DIR] [--jobs N] [--dump tokens] [--svg] [--quiet]");
    }
    Ok(o)
}

/// One line of `manifest.jsonl`.
#[derive(Serialize)]
struct ManifestLine {
    path: String,
    sha256: Option<String>,
    pages: Option<usize>,
    status: &'static str,
    error_kind: Option<String>,
    error: Option<String>,
    page_errors: Vec<String>,
    producer: Option<String>,
    seconds: f64,
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn process(path: &Path, opts: &Options) -> ManifestLine {
    let started = Instant::now();
    let mut line = ManifestLine {
        path: path.display().to_string(),
        sha256: None,
        pages: None,
        status: "failed",
        error_kind: None,
        error: None,
        page_errors: Vec::new(),
        producer: None,
        seconds: 0.0,
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            line.error_kind = Some("io".into());
            line.error = Some(format!("{}: {e}", path.display()));
            return line;
        }
    };
    let sha = sha256_hex(&bytes);
    line.sha256 = Some(sha.clone());
    // Our own code must not take the run down either: contain any panic per file.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        juesuan_text::extract_bytes(&bytes).map_err(|e| e.with_path(path))
    }));
    match result {
        Ok(Ok(doc)) => {
            line.pages = Some(doc.pages.len());
            line.producer = doc.info.producer.clone();
            line.page_errors = doc.page_errors.iter().map(|e| e.to_string()).collect();
            line.status = if doc.page_errors.is_empty() {
                "ok"
            } else {
                "partial"
            };
            if let Err(e) = write_pages(&doc, &sha, opts) {
                line.status = "failed";
                line.error_kind = Some("io".into());
                line.error = Some(format!("{e:#}"));
            }
        }
        Ok(Err(e)) => {
            line.error_kind = Some(e.kind().to_string());
            line.error = Some(e.to_string());
        }
        Err(_) => {
            line.error_kind = Some("panic".into());
            line.error = Some(format!("{}: internal panic", path.display()));
        }
    }
    line.seconds = (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    line
}

fn write_pages(doc: &juesuan_text::TextDocument, sha: &str, opts: &Options) -> Result<()> {
    if opts.dump_tokens {
        let dir = opts.out.join("tokens").join(sha);
        std::fs::create_dir_all(&dir)?;
        for p in &doc.pages {
            let file = dir.join(format!("page-{:03}.json", p.number));
            std::fs::write(&file, serde_json::to_vec_pretty(p)?)
                .with_context(|| file.display().to_string())?;
        }
    }
    if opts.svg {
        let dir = opts.out.join("svg").join(sha);
        std::fs::create_dir_all(&dir)?;
        for p in &doc.pages {
            let file = dir.join(format!("page-{:03}.svg", p.number));
            std::fs::write(&file, juesuan_text::svg::page_svg(p, &[]))
                .with_context(|| file.display().to_string())?;
        }
    }
    Ok(())
}

fn main() -> Result<()> {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
    };
    let files = juesuan::collect_pdfs(&opts.inputs).context("listing inputs")?;
    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("creating {}", opts.out.display()))?;
    if let Some(n) = opts.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()?;
    }
    let manifest_path = opts.out.join("manifest.jsonl");
    let manifest = std::fs::File::create(&manifest_path)
        .with_context(|| format!("creating {}", manifest_path.display()))?;
    let started = Instant::now();
    let (tx, rx) = mpsc::channel::<ManifestLine>();
    let total = files.len();
    let quiet = opts.quiet;
    // One writer thread owns the manifest, so lines never interleave.
    let writer = std::thread::spawn(move || -> Result<(usize, usize, usize)> {
        let mut manifest = std::io::BufWriter::new(manifest);
        let (mut ok, mut failed, mut pages) = (0, 0, 0);
        for (i, line) in rx.into_iter().enumerate() {
            if line.status == "failed" {
                failed += 1;
                eprintln!(
                    "failed: {}",
                    line.error.as_deref().unwrap_or("unknown error")
                );
            } else {
                ok += 1;
            }
            pages += line.pages.unwrap_or(0);
            serde_json::to_writer(&mut manifest, &line)?;
            manifest.write_all(b"\n")?;
            if !quiet && (i + 1) % 20 == 0 {
                eprintln!("{}/{} files", i + 1, total);
            }
        }
        manifest.flush()?;
        Ok((ok, failed, pages))
    });
    let tx = Mutex::new(tx);
    files.par_iter().for_each(|f| {
        let line = process(f, &opts);
        let _ = tx.lock().map(|t| t.send(line));
    });
    drop(tx);
    let (ok, failed, pages) = writer.join().expect("manifest writer panicked")?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "files={} ok={ok} failed={failed} pages={pages} seconds={secs:.2} pages_per_s={:.1} manifest={}",
        total,
        pages as f64 / secs.max(1e-9),
        manifest_path.display()
    );
    if failed > 0 {
        std::process::exit(2);
    }
    Ok(())
}
