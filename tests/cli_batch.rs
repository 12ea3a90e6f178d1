//! `juesuan extract` on a hostile run: a second run on one output folder,
//! lists on standard input with bad names, special files, symlink loops and
//! budget flags.

use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/pdfs/seed.pdf")
}

fn juesuan() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_juesuan"));
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    c
}

fn show(o: Output) -> Output {
    eprintln!(
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Runs `extract` with `stdin` as its standard input.
fn extract_with_stdin(args: &[&std::ffi::OsStr], stdin: &[u8]) -> Output {
    let mut child = juesuan()
        .arg("extract")
        .args(args)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    show(child.wait_with_output().unwrap())
}

fn manifest(out: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(out.join("manifest.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_second_run_on_one_folder_is_refused_or_waits() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // This process plays the first run: flock conflicts across processes.
    let held = juesuan_store::OutLock::acquire(&out, false).unwrap();
    let refused = show(
        juesuan()
            .args(["extract", "-q", "-o"])
            .arg(&out)
            .arg(seed())
            .output()
            .unwrap(),
    );
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("{}: another run", out.display())),
        "{err}"
    );
    assert!(!out.join("manifest.jsonl").exists());

    let mut waiting = juesuan()
        .args(["extract", "-q", "--wait", "-o"])
        .arg(&out)
        .arg(seed())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert!(waiting.try_wait().unwrap().is_none(), "it did not wait");
    assert!(!out.join("manifest.jsonl").exists());
    drop(held);
    let done = show(waiting.wait_with_output().unwrap());
    assert_eq!(done.status.code(), Some(0));
    assert_eq!(manifest(&out).len(), 1);
}

#[test]
fn a_nul_list_with_a_name_that_is_not_utf8_fails_that_input_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut list = seed().as_os_str().as_bytes().to_vec();
    list.extend_from_slice(b"\0/nowhere/\xff\xfe.pdf\0");
    let o = extract_with_stdin(
        &[
            "-q".as_ref(),
            "-0".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            "-".as_ref(),
        ],
        &list,
    );
    assert_eq!(o.status.code(), Some(2));
    let lines = manifest(&out);
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().any(|l| l["status"] == "ok"));
    let bad = lines.iter().find(|l| l["status"] == "failed").unwrap();
    assert_eq!(bad["path"], "/nowhere/\\xFF\\xFE.pdf");
    assert_eq!(bad["path_hex"], "2f6e6f77686572652ffffe2e706466");
    assert_eq!(bad["error_kind"], "io");
}

#[test]
fn a_line_that_is_not_utf8_does_not_abort_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut list = b"/nowhere/\xff.pdf\n".to_vec();
    list.extend_from_slice(seed().as_os_str().as_bytes());
    list.push(b'\n');
    let o = extract_with_stdin(
        &["-q".as_ref(), "-o".as_ref(), out.as_os_str(), "-".as_ref()],
        &list,
    );
    assert_eq!(o.status.code(), Some(2));
    let lines = manifest(&out);
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().any(|l| l["status"] == "ok"));
    assert!(lines
        .iter()
        .any(|l| l["path"] == "/nowhere/\\xFF.pdf" && l["error_kind"] == "io"));
}

#[test]
fn fifos_and_symlink_loops_in_a_folder_cost_one_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(seed(), input.join("seed.pdf")).unwrap();
    let fifo = input.join("pipe.pdf");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink(".", input.join("loop")).unwrap();
    std::os::unix::fs::symlink(".", input.join("loop2")).unwrap();
    let out = dir.path().join("out");
    let o = show(
        juesuan()
            .args(["extract", "-q", "-L", "-o"])
            .arg(&out)
            .arg(&input)
            .output()
            .unwrap(),
    );
    assert_eq!(o.status.code(), Some(2));
    let lines = manifest(&out);
    let kinds: Vec<&str> = lines
        .iter()
        .map(|l| l["error_kind"].as_str().unwrap_or("none"))
        .collect();
    let mut sorted = kinds.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        ["none", "not_regular_file", "symlink_loop", "symlink_loop"],
        "{kinds:?}"
    );
    let loop_line = lines
        .iter()
        .find(|l| l["error_kind"] == "symlink_loop")
        .unwrap();
    assert!(
        loop_line["error"].as_str().unwrap().contains("/in/loop"),
        "{loop_line}"
    );
}

#[test]
fn budget_flags_reach_the_text_layer() {
    let dir = tempfile::tempdir().unwrap();
    let run = |flags: &[&str], out: &Path| {
        show(
            juesuan()
                .args(["extract", "-q", "-o"])
                .arg(out)
                .args(flags)
                .arg(seed())
                .output()
                .unwrap(),
        )
    };
    // Few operators: the first page is read, the second stops the document.
    let ops = dir.path().join("ops");
    assert_eq!(run(&["--max-ops", "10"], &ops).status.code(), Some(0));
    let line = &manifest(&ops)[0];
    assert_eq!(line["status"], "partial", "{line}");
    assert_eq!(line["page_errors"][0]["kind"], "limit", "{line}");
    assert!(line["page_errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("operators"));
    // No time at all: nothing is read.
    let time = dir.path().join("time");
    assert_eq!(run(&["--timeout", "0"], &time).status.code(), Some(2));
    let line = &manifest(&time)[0];
    assert_eq!(line["error_kind"], "limit", "{line}");
    assert!(line["error"].as_str().unwrap().contains("`time`"), "{line}");
}

#[test]
fn an_output_that_cannot_be_written_exits_2_with_the_summary_and_the_path() {
    const SEED_SHA: &str = "328511f90393bd58a87b8bfb96402a17937f4b37bafbb630874994fbb9aeadcb";
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // A folder where the document's JSON goes makes its rename fail, as a
    // full disk would, without filling one.
    let blocker = out.join(format!("documents/{SEED_SHA}.json"));
    std::fs::create_dir_all(blocker.join("x")).unwrap();
    let run = || {
        show(
            juesuan()
                .args(["extract", "-q", "--format", "json", "-o"])
                .arg(&out)
                .arg(seed())
                .output()
                .unwrap(),
        )
    };
    let o = run();
    assert_eq!(o.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("1 failed (output 1)"), "{stdout}");
    assert!(stdout.contains(&blocker.display().to_string()), "{stdout}");
    let stray = out.join(format!("documents/.{SEED_SHA}.json.tmp"));
    assert!(stray.exists(), "the failed write leaves its temporary");
    std::fs::remove_dir_all(&blocker).unwrap();
    assert_eq!(run().status.code(), Some(0));
    assert!(!stray.exists(), "the next run removes it");
}

#[test]
fn isolate_writes_the_same_outputs_and_contains_a_dying_child() {
    let dir = tempfile::tempdir().unwrap();
    let run = |flags: &[&str], out: &Path| {
        show(
            juesuan()
                .args(["extract", "-q", "-o"])
                .arg(out)
                .args(flags)
                .arg(seed())
                .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/pdfs/gbk_cmap.pdf"))
                .output()
                .unwrap(),
        )
    };
    let (inside, isolated) = (dir.path().join("in"), dir.path().join("iso"));
    assert_eq!(run(&[], &inside).status.code(), Some(0));
    assert_eq!(run(&["--isolate"], &isolated).status.code(), Some(0));
    for name in ["cells.csv", "findings.csv"] {
        let a = std::fs::read(inside.join(name)).unwrap();
        assert_eq!(a, std::fs::read(isolated.join(name)).unwrap(), "{name}");
    }
    let mut docs: Vec<_> = std::fs::read_dir(inside.join("documents"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    docs.sort();
    assert_eq!(docs.len(), 2);
    for d in &docs {
        let a = std::fs::read(inside.join("documents").join(d)).unwrap();
        let b = std::fs::read(isolated.join("documents").join(d)).unwrap();
        assert!(a == b, "{d:?} differs through the child");
    }
    // A child that inflates past its memory limit dies; the run records it
    // and goes on with the next file.
    let bomb = dir.path().join("bomb.pdf");
    std::fs::write(&bomb, inflation_bomb(160 << 20)).unwrap();
    let starved = dir.path().join("starved");
    let o = show(
        juesuan()
            .args(["extract", "-q", "--isolate", "--max-memory", "64", "-o"])
            .arg(&starved)
            .arg(seed())
            .arg(&bomb)
            .output()
            .unwrap(),
    );
    assert_eq!(o.status.code(), Some(2));
    let lines = manifest(&starved);
    assert_eq!(lines.len(), 2);
    for l in &lines {
        if l["path"].as_str().unwrap().ends_with("bomb.pdf") {
            assert_eq!(l["error_kind"], "crash", "{l}");
            let error = l["error"].as_str().unwrap();
            assert!(error.contains("memory limit 64 MiB"), "{l}");
        } else {
            assert_eq!(l["status"], "ok", "{l}");
        }
    }
}

/// A one-page PDF whose content stream is `inflated` bytes of spaces and
/// one word of text, compressed to a few hundred kilobytes.
fn inflation_bomb(inflated: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..inflated / chunk.len() {
        z.write_all(&chunk).unwrap();
    }
    z.write_all(b"BT /F1 12 Tf 72 720 Td (bomb) Tj ET").unwrap();
    let stream = z.finish().unwrap();
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let objects: [Vec<u8>; 3] = [
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
          /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
            .to_vec(),
    ];
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    offsets.push(pdf.len());
    let head = format!(
        "4 0 obj\n<< /Length {} /Filter /FlateDecode >>\nstream\n",
        stream.len()
    );
    pdf.extend_from_slice(head.as_bytes());
    pdf.extend_from_slice(&stream);
    pdf.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = pdf.len();
    pdf.extend_from_slice(b"xref\n0 5\n0000000000 65535 f \n");
    for o in &offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let trailer = format!("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
    pdf.extend_from_slice(trailer.as_bytes());
    pdf
}
