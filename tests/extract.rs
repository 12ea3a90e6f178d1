//! Runs the `extract` example on the committed fixtures and checks what it
//! writes: the manifest, a document JSON, `cells.csv`, a query on
//! `budget.sqlite`, resuming, and bad input files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const SEED_SHA: &str = "328511f90393bd58a87b8bfb96402a17937f4b37bafbb630874994fbb9aeadcb";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the example once, in the profile this test was built with, and
/// returns its path. Cargo offers no `CARGO_BIN_EXE_` for examples, and a
/// `cargo run` per call would pay cargo's start-up each time.
fn extract_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        // This test runs as target/<profile>/deps/extract-<hash>.
        let exe = std::env::current_exe().expect("test executable");
        let profile_dir = exe.parent().and_then(Path::parent).expect("profile dir");
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args([
            "build",
            "--quiet",
            "--example",
            "extract",
            "--manifest-path",
        ])
        .arg(root().join("Cargo.toml"));
        if profile_dir.file_name().is_some_and(|n| n == "release") {
            cmd.arg("--release");
        }
        // Build into the same target folder as this test, wherever it is.
        if let Some(target) = profile_dir.parent() {
            cmd.env("CARGO_TARGET_DIR", target);
        }
        let status = cmd.status().expect("running cargo build");
        assert!(status.success(), "building the extract example failed");
        let bin = profile_dir
            .join("examples")
            .join(format!("extract{}", std::env::consts::EXE_SUFFIX));
        assert!(bin.is_file(), "{} is missing", bin.display());
        bin
    })
}

fn extract(args: &[&std::ffi::OsStr]) -> Output {
    let out = Command::new(extract_bin())
        .args(args)
        .output()
        .expect("running extract");
    eprintln!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn manifest(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("manifest.jsonl"))
        .expect("manifest.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .expect("cells.csv")
        .records()
        .collect::<Result<_, _>>()
        .expect("CSV records")
}

fn count(db: &rusqlite::Connection, table: &str) -> usize {
    db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
        r.get::<_, i64>(0)
    })
    .expect("count") as usize
}

#[test]
fn extract_writes_manifest_json_csv_and_sqlite_and_resumes() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let pdfs = root().join("testdata/pdfs");
    let run = extract(&[
        pdfs.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--jobs".as_ref(),
        "2".as_ref(),
    ]);
    assert_eq!(run.status.code(), Some(0));

    let lines = manifest(&out);
    assert_eq!(lines.len(), 15);
    for l in &lines {
        assert_eq!(l["status"], "ok", "{l}");
        assert!(l["tables"].as_array().is_some_and(|t| !t.is_empty()), "{l}");
    }

    // The seed document: department, year, and 2011301 行政运行 in the
    // income table (testdata/truth says total 1280.50 万元).
    let doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("documents").join(format!("{SEED_SHA}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(doc["department"], "深圳市坪山区工业和信息化局");
    assert_eq!(doc["year"], 2020);
    let income = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "income")
        .expect("an income table");
    let row = income["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"]["code"] == "2011301")
        .expect("row 2011301");
    assert_eq!(row["values"]["total"]["amount"]["value"], "1280.50");
    assert_eq!(row["values"]["total"]["wan_yuan"], "1280.50");

    // cells.csv and SQLite hold the same cells.
    let rows = csv_rows(&out.join("cells.csv"));
    let db = rusqlite::Connection::open(out.join("budget.sqlite")).unwrap();
    let cells = count(&db, "cells");
    assert!(cells > 1000, "{cells} cells");
    assert_eq!(rows.len(), cells);
    assert_eq!(count(&db, "documents"), 15);
    let findings = csv_rows(&out.join("findings.csv")).len();
    assert_eq!(findings, count(&db, "findings"));
    let manifest_findings: u64 = lines.iter().map(|l| l["findings"].as_u64().unwrap()).sum();
    assert_eq!(manifest_findings as usize, findings);
    assert!(rows.iter().any(|r| {
        &r[1] == SEED_SHA
            && &r[4] == "income"
            && &r[6] == "2011301"
            && &r[10] == "total"
            && &r[13] == "1280.50"
    }));

    // The query the README shows: an item's amounts by department.
    let (department, year, amount): (String, i64, f64) = db
        .query_row(
            "SELECT department, year, wan_yuan FROM cell_view
             WHERE code = '2011301' AND table_kind = 'income' AND column_id = 'total'
               AND sha256 = ?1",
            [SEED_SHA],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(department, "深圳市坪山区工业和信息化局");
    assert_eq!(year, 2020);
    assert!((amount - 1280.50).abs() < 1e-9);
    drop(db);

    // A rerun skips every file and duplicates nothing.
    let rerun = extract(&[
        pdfs.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(rerun.status.code(), Some(0));
    assert!(rerun.stderr.is_empty(), "--quiet prints nothing on stderr");
    let lines = manifest(&out);
    assert_eq!(lines.len(), 15);
    assert!(lines
        .iter()
        .all(|l| l["status"] == "ok" && l["skipped"] == true));
    let db = rusqlite::Connection::open(out.join("budget.sqlite")).unwrap();
    assert_eq!(count(&db, "cells"), cells);
    assert_eq!(count(&db, "documents"), 15);
    assert_eq!(csv_rows(&out.join("cells.csv")).len(), cells);

    // A forced rerun of one file replaces its rows rather than adding them.
    let seed = pdfs.join("seed.pdf");
    let forced = extract(&[
        seed.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--force".as_ref(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(manifest(&out)[0]["skipped"], serde_json::Value::Null);
    assert_eq!(count(&db, "cells"), cells);
    assert_eq!(csv_rows(&out.join("cells.csv")).len(), cells);
}

#[test]
fn bad_files_are_listed_as_failed_and_the_others_still_read() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        root().join("testdata/pdfs/seed.pdf"),
        input.join("seed.pdf"),
    )
    .unwrap();
    std::fs::copy(
        root().join("testdata/pdfs/yuan_plain.pdf"),
        input.join("yuan_plain.pdf"),
    )
    .unwrap();
    // The same bytes under a second name are read once.
    std::fs::copy(
        root().join("testdata/pdfs/seed.pdf"),
        input.join("seed-copy.pdf"),
    )
    .unwrap();
    std::fs::write(input.join("empty.pdf"), b"").unwrap();
    std::fs::write(input.join("notes.pdf"), "这不是PDF，只是文字。\n").unwrap();
    let out = tmp.path().join("out");
    let missing = tmp.path().join("missing.pdf");
    let run = extract(&[
        input.as_os_str(),
        missing.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "json,sqlite".as_ref(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("empty.pdf") && stdout.contains("notes.pdf"));

    let lines = manifest(&out);
    assert_eq!(lines.len(), 6);
    let by_name = |name: &str| {
        lines
            .iter()
            .find(|l| l["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} is missing from the manifest"))
    };
    assert_eq!(by_name("/empty.pdf")["status"], "failed");
    assert_eq!(by_name("/empty.pdf")["error_kind"], "empty");
    assert_eq!(by_name("/notes.pdf")["status"], "failed");
    assert_eq!(by_name("/notes.pdf")["error_kind"], "not_pdf");
    assert_eq!(by_name("/missing.pdf")["error_kind"], "io");
    assert_eq!(by_name("/yuan_plain.pdf")["status"], "ok");
    // Whichever of the two copies a worker took first is read, the other
    // points at it.
    let (a, b) = (by_name("/seed.pdf"), by_name("/seed-copy.pdf"));
    assert_eq!((&a["status"], &b["status"]), (&"ok".into(), &"ok".into()));
    let dups: Vec<&str> = [a, b]
        .iter()
        .filter_map(|l| l["duplicate_of"].as_str())
        .collect();
    assert_eq!(dups.len(), 1, "{a} {b}");
    assert!(dups[0].ends_with("seed.pdf") || dups[0].ends_with("seed-copy.pdf"));

    // `--format json,sqlite` writes no CSV.
    assert!(!out.join("cells.csv").exists());
    let db = rusqlite::Connection::open(out.join("budget.sqlite")).unwrap();
    assert_eq!(count(&db, "documents"), 2);

    // A usage error exits with 1.
    let usage = extract(&["--jobs".as_ref(), "0".as_ref()]);
    assert_eq!(usage.status.code(), Some(1));
}
