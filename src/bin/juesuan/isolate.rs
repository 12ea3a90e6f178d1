//! `extract --isolate`: each document read in a child process of this
//! program, under an address-space limit and a hard deadline, its result
//! sent back as JSON on the child's standard output.

use anyhow::{Context, Result};
use std::io::Write;
use std::time::{Duration, Instant};

use juesuan::store::{Extracted, Failure, Status};

use crate::extract::{limits, Args};
use crate::Exit;

/// What an `--isolate` child writes on its standard output.
#[derive(serde::Serialize, serde::Deserialize)]
enum Wire {
    Read {
        // Boxed: a document is far larger than a failure.
        document: Box<juesuan::Document>,
        status: Status,
        page_errors: Vec<juesuan::store::PageError>,
        pages: Vec<juesuan::text::Page>,
    },
    Failed {
        kind: String,
        message: String,
    },
}

/// The child side of `--isolate`: limits its own address space, reads the
/// document's bytes from standard input and writes a [`Wire`] as JSON.
pub(crate) fn child(args: &Args, name: &str) -> Result<Exit> {
    use std::io::Read;
    let bytes = args.max_memory.saturating_mul(1 << 20);
    let limit = rustix::process::Rlimit {
        current: Some(bytes),
        maximum: Some(bytes),
    };
    rustix::process::setrlimit(rustix::process::Resource::As, limit)
        .context("limiting the child's address space")?;
    let mut pdf = Vec::new();
    std::io::stdin().lock().read_to_end(&mut pdf)?;
    let sha = args
        .inputs
        .first()
        .map(|p| p.to_string_lossy().into_owned());
    let options = juesuan::Options::new()
        .keep_pages(args.dump.is_some() || args.svg)
        .limits(limits(args));
    let wire = match juesuan::batch_reader(&options)(pdf, name, &sha.unwrap_or_default()) {
        Ok(e) => Wire::Read {
            document: Box::new(e.document),
            status: e.status,
            page_errors: e.page_errors,
            pages: e.pages,
        },
        Err(f) => Wire::Failed {
            kind: f.kind,
            message: f.message,
        },
    };
    let mut o = std::io::stdout().lock();
    serde_json::to_writer(&mut o, &wire)?;
    o.flush()?;
    Ok(Exit::Ok)
}

/// The parent side of `--isolate`: runs one document in a child of this
/// program and kills it past the deadline; a child that dies costs only
/// this file.
pub(crate) fn isolated(
    args: &Args,
    pdf: &[u8],
    name: &str,
    sha: &str,
) -> Result<Extracted, Failure> {
    let failed = |kind: &str, message: String| Failure {
        kind: kind.to_string(),
        message,
    };
    let exe =
        std::env::current_exe().map_err(|e| failed("io", format!("finding this program: {e}")))?;
    let mut command = std::process::Command::new(exe);
    command.arg("extract").arg("--child").arg(name);
    // mimalloc reserves 1 GiB of address space at its first allocation,
    // before the child limits its own (`RLIMIT_AS`), and would then serve
    // the child from that reservation past its limit. Without the
    // reservation every heap segment is mapped under the limit.
    command.env("MIMALLOC_ARENA_RESERVE", "0");
    for (flag, value) in [
        ("--max-inflate", args.max_inflate),
        ("--max-ops", args.max_ops),
        ("--max-xobjects", args.max_xobjects),
        ("--timeout", args.timeout),
        ("--max-memory", args.max_memory),
    ] {
        command.arg(flag).arg(value.to_string());
    }
    if args.dump.is_some() {
        command.arg("--dump").arg("tokens");
    }
    if args.svg {
        command.arg("--svg");
    }
    let mut child = command
        .arg(sha)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| failed("io", format!("starting a child process: {e}")))?;
    let mut stdin = child.stdin.take();
    let mut stdout = child.stdout.take();
    // The child reads all its input before it writes, but its output can
    // outgrow a pipe's buffer, so it is drained on a thread.
    let output = std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let mut buf = Vec::new();
            if let Some(o) = stdout.as_mut() {
                let _ = std::io::Read::read_to_end(o, &mut buf);
            }
            buf
        });
        if let Some(mut i) = stdin.take() {
            // A child that dies early closes its end; its status says why.
            let _ = i.write_all(pdf);
        }
        // The budget's own deadline stops the reader first; this one, a
        // little later, catches what the budget cannot.
        let grace = args.timeout.saturating_add(5);
        // A deadline past what an Instant holds is no deadline.
        let deadline = Instant::now().checked_add(Duration::from_secs(grace));
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if deadline.is_some_and(|d| Instant::now() >= d) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(());
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => break Err(()),
            }
        };
        (status, reader.join().unwrap_or_default())
    });
    match output {
        (Err(()), _) => Err(failed(
            "limit",
            format!(
                "budget `time` exceeded: the child process was killed after {} s",
                args.timeout.saturating_add(5)
            ),
        )),
        (Ok(status), _) if !status.success() => Err(failed(
            "crash",
            format!(
                "the child process died ({status}); memory limit {} MiB",
                args.max_memory
            ),
        )),
        (Ok(_), json) => match serde_json::from_slice::<Wire>(&json) {
            Ok(Wire::Read {
                document,
                status,
                page_errors,
                pages,
            }) => Ok(Extracted {
                document: *document,
                status,
                page_errors,
                pages,
            }),
            Ok(Wire::Failed { kind, message }) => Err(failed(&kind, message)),
            Err(e) => Err(failed(
                "crash",
                format!("the child process wrote no result: {e}"),
            )),
        },
    }
}
