//! Benchmarks the text layer, or with `--pipeline` the whole pipeline (text
//! layer, table recognition and validation), over a folder of PDFs,
//! single-threaded.
//!
//! ```text
//! cargo run --release --example bench -- [--pipeline] <files or folders>...
//! ```
//!
//! Prints one line per file with pages and seconds, then pages/s and peak
//! memory for the whole run. Compare with `pdftotext -layout` as shown in the
//! README; `extract --jobs N` measures the parallel run.

use anyhow::Result;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<()> {
    let mut pipeline = false;
    let mut inputs: Vec<PathBuf> = Vec::new();
    for a in std::env::args_os().skip(1) {
        if a == "--pipeline" {
            pipeline = true;
        } else {
            inputs.push(PathBuf::from(a));
        }
    }
    if inputs.is_empty() {
        anyhow::bail!("usage: bench [--pipeline] <files or folders>...");
    }
    let files = juesuan::collect_pdfs(&inputs)?;
    let started = Instant::now();
    let (mut pages, mut tokens, mut rulings, mut failed) = (0usize, 0usize, 0usize, 0usize);
    let (mut tables, mut cells, mut findings) = (0usize, 0usize, 0usize);
    for f in &files {
        let t = Instant::now();
        // Both modes read the file the same way, so the difference between
        // the two runs is the recognizer alone.
        let result = std::fs::read(f)
            .map_err(|e| juesuan::text::Error::io(e).with_path(f))
            .and_then(|bytes| {
                if pipeline {
                    let name = f.file_name().unwrap_or_default().to_string_lossy();
                    let read = juesuan::read_pdf_bytes(&bytes, &name)?;
                    findings += juesuan::check::validate(&read.document).len();
                    tables += read.document.tables.len();
                    cells += read.document.cells().count();
                    Ok(read.pages)
                } else {
                    Ok(juesuan::text::extract_bytes(&bytes)?.pages)
                }
            });
        match result {
            Ok(doc_pages) => {
                pages += doc_pages.len();
                tokens += doc_pages.iter().map(|p| p.tokens.len()).sum::<usize>();
                rulings += doc_pages.iter().map(|p| p.rulings.len()).sum::<usize>();
                println!(
                    "{:>4} pages {:>7.3}s {}",
                    doc_pages.len(),
                    t.elapsed().as_secs_f64(),
                    f.display()
                );
            }
            Err(e) => {
                failed += 1;
                println!("failed {:>7.3}s {e}", t.elapsed().as_secs_f64());
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let what = if pipeline {
        format!("pipeline: tables={tables} cells={cells} findings={findings}")
    } else {
        "text layer:".to_string()
    };
    println!(
        "{what} files={} failed={failed} pages={pages} tokens={tokens} rulings={rulings} seconds={secs:.2} pages_per_s={:.1} peak_rss_mb={}",
        files.len(),
        pages as f64 / secs,
        juesuan::peak_rss_mb().map_or("?".to_string(), |m| m.to_string()),
    );
    Ok(())
}
