use std::path::PathBuf;

use anyhow::{bail, Result};

const USAGE: &str = "usage: cargo run -p xtask -- fixtures [--out DIR]\n\
    Renders testdata/fixtures/*.json into DIR (default: testdata/).";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("testdata");
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["fixtures"] => report(xtask::fixtures::generate(&root, &root)?),
        ["fixtures", "--out", out] => {
            report(xtask::fixtures::generate(&root, &PathBuf::from(out))?)
        }
        _ => bail!("{USAGE}"),
    }
}

fn report(written: Vec<xtask::fixtures::Written>) -> Result<()> {
    for w in written {
        println!(
            "{:<24} {:>3} pages {:>8} bytes  {}",
            w.name, w.pages, w.bytes, w.sha256
        );
    }
    Ok(())
}
