//! The README's main job runs through `examples/extract`, the short program
//! on top of `juesuan::store`.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_extract_example_runs_the_main_job() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // `cargo test` builds the examples next to the test executables.
    let exe = std::env::current_exe().unwrap();
    let profile = exe.parent().and_then(|d| d.parent()).unwrap();
    let bin = profile
        .join("examples")
        .join(format!("extract{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.is_file(), "{} is missing", bin.display());
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let run = Command::new(bin)
        .arg(root.join("testdata/pdfs"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{stdout}");
    // Every generated fixture PDF is read.
    let n = std::fs::read_dir(root.join("testdata/pdfs"))
        .unwrap()
        .filter(|e| {
            let path = e.as_ref().unwrap().path();
            path.extension().is_some_and(|x| x == "pdf")
        })
        .count();
    assert!(
        stdout.starts_with(&format!("extract: {n} files: {n} read, 0 failed")),
        "{stdout}"
    );
    for file in [
        "manifest.jsonl",
        "cells.csv",
        "findings.csv",
        "budget.sqlite",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    assert_eq!(std::fs::read_dir(out.join("documents")).unwrap().count(), n);
}
