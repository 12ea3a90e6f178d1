//! The batch over hostile inputs: special files, names that are not UTF-8,
//! rejected inputs, a sink that fails, and temporaries of a killed run.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use juesuan_model::Document;
use juesuan_store::{Batch, Error, Extracted, Failure, Item, Record, Sink, Status};

fn read(_bytes: Vec<u8>, name: &str, sha: &str) -> Result<Extracted, Failure> {
    Ok(Extracted {
        document: Document::new(name, sha),
        status: Status::Ok,
        page_errors: vec![],
        pages: vec![],
    })
}

/// A sink that keeps nothing; `fail` makes every write fail like a full disk.
struct TestSink {
    fail: bool,
}

impl Sink for TestSink {
    fn name(&self) -> &'static str {
        "test"
    }
    fn holds(&self, _sha256: &str) -> bool {
        true
    }
    fn write(&mut self, _item: &Item) -> juesuan_store::Result<()> {
        if self.fail {
            let full = std::io::Error::other("No space left on device");
            return Err(Error::from(full).at(Path::new("/out/documents/x.json")));
        }
        Ok(())
    }
    fn finish(&mut self, _complete: &[String]) -> juesuan_store::Result<()> {
        Ok(())
    }
}

fn run(out: &Path, batch: Batch, files: &[PathBuf], fail: bool) -> Vec<Record> {
    let mut sinks: Vec<Box<dyn Sink>> = vec![Box::new(TestSink { fail })];
    let records = batch
        .run(files, read, &mut sinks, &mut |_r: &Record| {})
        .unwrap();
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    assert_eq!(manifest.lines().count(), files.len(), "one line per input");
    records
}

#[test]
fn special_files_are_skipped_with_a_reason_and_never_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.pdf");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let socket = dir.path().join("socket.pdf");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let out = dir.path().join("out");
    let started = Instant::now();
    let files = vec![fifo, socket, PathBuf::from("/dev/zero")];
    let records = run(&out, Batch::new(&out, 2, "t 1", ""), &files, false);
    assert!(started.elapsed() < Duration::from_secs(10));
    let whats: Vec<&str> = records
        .iter()
        .map(|r| {
            assert_eq!(r.error_kind.as_deref(), Some("not_regular_file"));
            r.error.as_deref().unwrap()
        })
        .collect();
    assert!(whats[0].contains("pipe.pdf: a FIFO"), "{}", whats[0]);
    assert!(whats[1].contains("socket.pdf: a socket"), "{}", whats[1]);
    assert!(whats[2].contains("/dev/zero: a device"), "{}", whats[2]);
}

#[test]
fn names_that_are_not_utf8_stay_distinct_and_lossless() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join(OsStr::from_bytes(b"\xff\xfe.pdf"));
    let b = dir.path().join(OsStr::from_bytes(b"\xff\xfd.pdf"));
    std::fs::write(&a, b"one").unwrap();
    std::fs::write(&b, b"two").unwrap();
    let out = dir.path().join("out");
    let records = run(&out, Batch::new(&out, 1, "t 1", ""), &[a.clone(), b], false);
    assert!(
        records[0].path.ends_with("\\xFF\\xFE.pdf"),
        "{}",
        records[0].path
    );
    assert!(
        records[1].path.ends_with("\\xFF\\xFD.pdf"),
        "{}",
        records[1].path
    );
    assert_ne!(records[0].path, records[1].path);
    let hex: String = a
        .as_os_str()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(records[0].path_hex.as_deref(), Some(hex.as_str()));
    // The manifest line carries both forms.
    let manifest = std::fs::read_to_string(out.join("manifest.jsonl")).unwrap();
    assert!(manifest.contains(&hex), "{manifest}");
    assert!(manifest.contains("\\\\xFF\\\\xFE.pdf"), "{manifest}");
    // A duplicate, and a rerun that skips, keep their own name's bytes.
    let c = dir.path().join(OsStr::from_bytes(b"\xfa.pdf"));
    std::fs::write(&c, b"one").unwrap();
    let files = [a, c.clone()];
    let batch = Batch::new(&out, 1, "t 1", "");
    let mut sinks: Vec<Box<dyn Sink>> = vec![Box::new(TestSink { fail: false })];
    let again = batch
        .run(&files, read, &mut sinks, &mut |_r: &Record| {})
        .unwrap();
    assert!(again.iter().all(|r| r.skipped));
    let hex_c: String = c
        .as_os_str()
        .as_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(again[0].path_hex.as_deref(), Some(hex.as_str()));
    assert_eq!(again[1].path_hex.as_deref(), Some(hex_c.as_str()));
}

#[test]
fn a_rejected_input_is_a_failed_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("a.pdf");
    std::fs::write(&good, b"a").unwrap();
    let locked = dir.path().join("locked");
    let out = dir.path().join("out");
    let denied = Failure {
        kind: "unreadable".to_string(),
        message: "cannot list the folder: Permission denied (os error 13)".to_string(),
    };
    let batch = Batch::new(&out, 1, "t 1", "").reject(&locked, denied);
    let records = run(&out, batch, &[good, locked.clone()], false);
    assert_eq!(records[0].status, Status::Ok);
    assert_eq!(records[1].error_kind.as_deref(), Some("unreadable"));
    let error = records[1].error.as_deref().unwrap();
    assert!(
        error.starts_with(&format!("{}: cannot list", locked.display())),
        "{error}"
    );
}

#[test]
fn a_failing_writer_names_the_path_and_stops_reading() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = (0..6)
        .map(|i| {
            let p = dir.path().join(format!("{i}.pdf"));
            std::fs::write(&p, format!("file {i}")).unwrap();
            p
        })
        .collect();
    let out = dir.path().join("out");
    let records = run(&out, Batch::new(&out, 1, "t 1", ""), &files, true);
    let first = &records[0];
    assert_eq!(first.error_kind.as_deref(), Some("output"));
    let error = first.error.as_deref().unwrap();
    assert!(
        error.contains("/out/documents/x.json: No space left"),
        "{error}"
    );
    // The reader runs ahead of the writer by at most the channel's room, so
    // the last files are never read.
    let last = records.last().unwrap();
    assert_eq!(last.error_kind.as_deref(), Some("stopped"), "{last:?}");
    assert!(records.iter().all(|r| r.status == Status::Failed));
}

#[test]
fn temporaries_of_a_killed_run_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let strays = [
        out.join("state/.abc.json.tmp"),
        out.join("documents/.abc.json.tmp"),
        out.join(".manifest.tmp"),
    ];
    for s in &strays {
        std::fs::create_dir_all(s.parent().unwrap()).unwrap();
        std::fs::write(s, b"half").unwrap();
    }
    let keep = out.join("documents/abc.json");
    std::fs::write(&keep, b"{}").unwrap();
    run(&out, Batch::new(&out, 1, "t 1", ""), &[], false);
    for s in &strays {
        assert!(!s.exists(), "{} is left", s.display());
    }
    assert!(keep.exists());
}
