//! The `juesuan` command, run as a user runs it: flags, exit codes, error
//! lines, a closed pipe, and what `extract` writes (manifest, document JSON,
//! CSV, SQLite), resumes and redoes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED_SHA: &str = "328511f90393bd58a87b8bfb96402a17937f4b37bafbb630874994fbb9aeadcb";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("testdata/pdfs").join(name)
}

fn juesuan<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(args)
        // A backtrace must never reach a user, even when asked for.
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("running juesuan");
    eprintln!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A user's mistake: one line naming the path, no backtrace, no Debug text.
fn assert_one_line_naming(o: &Output, path: &str) {
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(path), "{err}");
    for debug in ["panicked", "backtrace", "Some(", "Error {", "WanYuan"] {
        assert!(!err.contains(debug), "{debug} in {err}");
    }
}

fn manifest(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("manifest.jsonl"))
        .expect("manifest.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// The number of generated fixture PDFs, which grows as idioms are added.
fn fixture_count() -> usize {
    std::fs::read_dir(root().join("testdata/pdfs"))
        .unwrap()
        .filter(|e| {
            let path = e.as_ref().unwrap().path();
            path.extension().is_some_and(|x| x == "pdf")
        })
        .count()
}

fn csv_reader(path: &Path) -> csv::Reader<std::fs::File> {
    csv::Reader::from_path(path).expect("a CSV file")
}

fn count(db: &rusqlite::Connection, table: &str) -> usize {
    db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| {
        r.get::<_, i64>(0)
    })
    .expect("count") as usize
}

#[test]
fn help_and_version_exit_0() {
    for args in [
        &["--help"][..],
        &["extract", "-h"],
        &["check", "--help"],
        &["-V"],
    ] {
        let o = juesuan(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(!o.stdout.is_empty());
    }
    let v = juesuan(&["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&v.stdout).trim(),
        concat!("juesuan ", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn unknown_flags_and_bad_values_are_usage_errors_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let seed = fixture("seed.pdf").display().to_string();
    for args in [
        vec!["extract", "--bogus", seed.as_str()],
        vec!["extract", "-j", "0", seed.as_str()],
        vec!["extract"],
        vec!["frobnicate"],
    ] {
        let mut args: Vec<String> = args.into_iter().map(String::from).collect();
        args.extend(["-o".to_string(), out.display().to_string()]);
        let o = juesuan(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(!stderr(&o).contains("panicked"));
    }
    // Nothing was taken for an input file, and no output folder was made.
    assert!(!out.exists());
}

#[test]
fn check_exits_1_on_an_error_finding_and_0_without() {
    let seed = juesuan(&["check", "-q", fixture("seed.pdf").to_str().unwrap()]);
    assert_eq!(seed.status.code(), Some(1));
    // The seed's one table error, and its 安全监管 自评表 printing 98.90% for
    // 23.708 / 23.98 = 98.87% on two funding lines (performance_rate).
    assert!(String::from_utf8_lossy(&seed.stdout).contains("3 errors"));
    let clean = juesuan(&["check", "-q", fixture("yuan_plain.pdf").to_str().unwrap()]);
    assert_eq!(clean.status.code(), Some(0));
}

#[test]
fn a_missing_path_is_one_line_naming_it() {
    for sub in ["check", "extract", "bench", "inspect"] {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("nowhere.pdf");
        let mut args = vec![sub.to_string(), missing.display().to_string()];
        if sub == "extract" {
            args.extend(["--out".into(), tmp.path().join("o").display().to_string()]);
        }
        let o = juesuan(&args);
        assert_eq!(o.status.code(), Some(2), "{sub}");
        assert_one_line_naming(&o, "nowhere.pdf");
    }
    let bad = tempfile::tempdir().unwrap();
    let notes = bad.path().join("notes.pdf");
    std::fs::write(&notes, "这不是PDF").unwrap();
    let o = juesuan(&["inspect", notes.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_one_line_naming(&o, "notes.pdf");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(["check", fixture("seed.pdf").to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Closing our end before the command writes makes every write fail
    // with a broken pipe, as `| head -1` does once head has its line.
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
}

#[test]
fn eval_fails_when_no_pdf_matches_a_truth_file() {
    let empty = tempfile::tempdir().unwrap();
    let o = juesuan(&[
        "eval",
        "--truth",
        empty.path().to_str().unwrap(),
        fixture("seed.pdf").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_one_line_naming(&o, &empty.path().display().to_string());
    assert!(!String::from_utf8_lossy(&o.stdout).contains("TOTAL"));

    let truth = root().join("testdata/truth");
    let o = juesuan(&[
        "eval",
        "--truth",
        truth.to_str().unwrap(),
        fixture("seed.pdf").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("TOTAL") && stdout.contains("cell_f1=1.0000"),
        "{stdout}"
    );
}

#[test]
fn extract_writes_matching_json_csv_and_sqlite_and_resumes_by_options() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let pdfs = root().join("testdata/pdfs");
    let out_eq = format!("--out={}", out.display());
    let run = juesuan(&[
        "extract",
        pdfs.to_str().unwrap(),
        &out_eq,
        "-j",
        "2",
        "--bom",
    ]);
    assert_eq!(run.status.code(), Some(0));

    let n = fixture_count();
    let lines = manifest(&out);
    assert_eq!(lines.len(), n);
    let keys: Vec<&String> = lines[0].as_object().unwrap().keys().collect();
    for l in &lines {
        assert_eq!(l["status"], "ok", "{l}");
        assert_eq!(
            l.as_object().unwrap().keys().collect::<Vec<_>>(),
            keys,
            "stable keys"
        );
        assert!(
            l["severity"]["error"].is_u64(),
            "named severity counts: {l}"
        );
    }

    // The document JSON: a schema version and exactly the schema's keys.
    let doc: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out.join("documents").join(format!("{SEED_SHA}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(doc["schema_version"], 2);
    assert!(doc["facts"].as_array().is_some_and(|f| f.len() > 30));
    assert_eq!(doc["performance"].as_array().map(Vec::len), Some(10));
    assert_eq!(
        juesuan::store::json::key_set_problems(&doc),
        Vec::<String>::new()
    );
    assert_eq!(doc["department"], "深圳市坪山区工业和信息化局");
    assert!(doc["findings"].as_array().is_some_and(|f| !f.is_empty()));

    // CSV and SQLite: the same column names, the same cells; code is text.
    let cells_csv = std::fs::read(out.join("cells.csv")).unwrap();
    assert!(cells_csv.starts_with(b"\xEF\xBB\xBF"), "--bom");
    let mut reader = csv::Reader::from_reader(&cells_csv[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    let db = rusqlite::Connection::open(out.join("budget.sqlite")).unwrap();
    let view: Vec<String> = {
        let stmt = db.prepare("SELECT * FROM cell_view").unwrap();
        stmt.column_names().into_iter().map(String::from).collect()
    };
    assert_eq!(header, view);
    assert_eq!(rows.len(), count(&db, "cells"));
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert!(rows.iter().any(|r| {
        &r[at("sha256")] == SEED_SHA
            && &r[at("table_kind")] == "income"
            && &r[at("code")] == "2011301"
            && &r[at("column_id")] == "total"
            && &r[at("amount_exact")] == "1280.50"
            && &r[at("document_kind")] == "final_accounts"
            && &r[at("unit")] == "万元"
    }));
    let mut findings = csv_reader(&out.join("findings.csv"));
    let f_header: Vec<String> = findings
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    let f_view: Vec<String> = {
        let stmt = db.prepare("SELECT * FROM findings").unwrap();
        stmt.column_names().into_iter().map(String::from).collect()
    };
    assert_eq!(f_header, f_view);

    // Amounts sort and compare as numbers; kind and unit are on the view.
    let (max, kind): (f64, String) = db
        .query_row(
            "SELECT wan_yuan, document_kind FROM cell_view ORDER BY wan_yuan DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let max_sql: f64 = db
        .query_row("SELECT max(wan_yuan) FROM cell_view", [], |r| r.get(0))
        .unwrap();
    assert_eq!(max, max_sql);
    assert!(max > 10_000.0, "{max}: numeric, not alphabetical");
    assert_eq!(kind, "final_accounts");
    let cells = count(&db, "cells");
    drop(db);

    // A rerun skips every file, appends its lines, duplicates nothing.
    let rerun = juesuan(&[
        "extract",
        pdfs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(rerun.status.code(), Some(0));
    assert!(rerun.stderr.is_empty(), "--quiet prints nothing on stderr");
    let lines = manifest(&out);
    assert_eq!(lines.len(), 2 * n, "the manifest is cumulative");
    assert!(lines[n..].iter().all(|l| l["skipped"] == true));
    let db = rusqlite::Connection::open(out.join("budget.sqlite")).unwrap();
    assert_eq!(count(&db, "cells"), cells);
    assert_eq!(csv_reader(&out.join("cells.csv")).records().count(), cells);

    // New options make a complete document stale: --dump tokens reads again.
    let seed_id = |db: &rusqlite::Connection| -> i64 {
        db.query_row(
            "SELECT doc_id FROM documents WHERE sha256 = ?1",
            [SEED_SHA],
            |r| r.get(0),
        )
        .unwrap()
    };
    let id_before = seed_id(&db);
    let seed = fixture("seed.pdf");
    let dumped = juesuan(&[
        "extract",
        seed.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--dump",
        "tokens",
    ]);
    assert_eq!(dumped.status.code(), Some(0));
    assert_eq!(manifest(&out).last().unwrap()["skipped"], false);
    assert!(out
        .join("tokens")
        .join(SEED_SHA)
        .join("page-001.json")
        .is_file());
    assert_eq!(count(&db, "cells"), cells);
    // Stored again, the document keeps its id, and no other row is left.
    assert_eq!(seed_id(&db), id_before);
    assert_eq!(count(&db, "documents"), n);
}

#[test]
fn bad_files_are_listed_as_failed_and_the_others_still_read() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(fixture("seed.pdf"), input.join("seed.pdf")).unwrap();
    std::fs::copy(fixture("yuan_plain.pdf"), input.join("yuan_plain.pdf")).unwrap();
    // The same bytes under a second name are read once.
    std::fs::copy(fixture("seed.pdf"), input.join("seed-copy.pdf")).unwrap();
    std::fs::write(input.join("empty.pdf"), b"").unwrap();
    std::fs::write(input.join("notes.pdf"), "这不是PDF，只是文字。\n").unwrap();
    let out = tmp.path().join("out");
    let run = juesuan(&[
        "extract",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "json,sqlite",
    ]);
    assert_eq!(run.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("empty.pdf") && stdout.contains("notes.pdf"));

    let lines = manifest(&out);
    assert_eq!(lines.len(), 5);
    let by_name = |name: &str| {
        lines
            .iter()
            .find(|l| l["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} is missing from the manifest"))
    };
    assert_eq!(by_name("/empty.pdf")["error_kind"], "empty");
    assert_eq!(by_name("/notes.pdf")["error_kind"], "not_pdf");
    assert!(by_name("/notes.pdf")["error"]
        .as_str()
        .unwrap()
        .contains("notes.pdf"));
    assert_eq!(by_name("/yuan_plain.pdf")["status"], "ok");
    let (a, b) = (by_name("/seed.pdf"), by_name("/seed-copy.pdf"));
    assert_eq!((&a["status"], &b["status"]), (&"ok".into(), &"ok".into()));
    let dups = [a, b]
        .iter()
        .filter(|l| l["duplicate_of"].is_string())
        .count();
    assert_eq!(dups, 1, "{a} {b}");

    // `--format json,sqlite` writes no CSV.
    assert!(!out.join("cells.csv").exists());
    let db = rusqlite::Connection::open(out.join("budget.sqlite")).unwrap();
    assert_eq!(count(&db, "documents"), 2);
}
