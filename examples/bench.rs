//! Benchmarks the text layer over a folder of PDFs, single-threaded.
//!
//! ```text
//! cargo run --release --example bench -- <files or folders>...
//! ```
//!
//! Prints one line per file with pages and seconds, then pages/s and peak
//! memory for the whole run. Compare with `pdftotext -layout` as shown in the
//! README.

use anyhow::Result;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<()> {
    let inputs: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if inputs.is_empty() {
        anyhow::bail!("usage: bench <files or folders>...");
    }
    let files = juesuan::collect_pdfs(&inputs)?;
    let started = Instant::now();
    let (mut pages, mut tokens, mut rulings, mut failed) = (0usize, 0usize, 0usize, 0usize);
    for f in &files {
        let t = Instant::now();
        match juesuan_text::extract_file(f) {
            Ok(doc) => {
                pages += doc.pages.len();
                tokens += doc.pages.iter().map(|p| p.tokens.len()).sum::<usize>();
                rulings += doc.pages.iter().map(|p| p.rulings.len()).sum::<usize>();
                println!(
                    "{:>4} pages {:>7.3}s {}",
                    doc.pages.len(),
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
    println!(
        "text layer: files={} failed={failed} pages={pages} tokens={tokens} rulings={rulings} seconds={secs:.2} pages_per_s={:.1} peak_rss_mb={}",
        files.len(),
        pages as f64 / secs,
        juesuan::peak_rss_mb().map_or("?".to_string(), |m| m.to_string()),
    );
    Ok(())
}
