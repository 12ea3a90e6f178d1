//! Writes a set of damaged and hostile PDFs to a folder, for a batch run:
//! the small hostile set (bombs, cycles, `/Length` lies, broken xrefs) and
//! random damage to generated documents, deterministic for a given seed.
//!
//! ```sh
//! cargo run --release -p juesuan-text --example hostile -- /tmp/hostile --count 600
//! cargo run --release --example extract -- /tmp/hostile --out /tmp/h_out --jobs 2
//! ```

#[path = "../tests/common/hostile.rs"]
mod hostile;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let (mut count, mut seed) = (600usize, 14u64);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--count" => count = args.next().and_then(|v| v.parse().ok()).unwrap_or(count),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("hostile"));
    std::fs::create_dir_all(&dir)?;
    let cases = hostile::big_set(count, seed);
    for case in &cases {
        std::fs::write(dir.join(&case.name), &case.bytes)?;
    }
    println!("{} files in {}", cases.len(), dir.display());
    Ok(())
}
