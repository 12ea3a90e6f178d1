//! The main job as a short program: folders of PDFs → JSON, CSV and SQLite,
//! resumable and parallel, on top of `juesuan::read` and `juesuan::store`.
//!
//! ```text
//! cargo run --release --example extract -- <files or folders>... [--out DIR] [--jobs N]
//! ```
//!
//! The `juesuan` command (`juesuan extract`) does the same with every option;
//! this example shows how a tool author wires the pieces together.

use std::path::PathBuf;

use juesuan::store::{Batch, CsvSink, JsonSink, Record, Sink, SqliteSink, Status};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut inputs, mut out, mut jobs) = (Vec::new(), PathBuf::from("out"), 2);
    let mut args = std::env::args_os().skip(1);
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--out") => out = args.next().ok_or("--out needs a folder")?.into(),
            Some("--jobs") => {
                jobs = args
                    .next()
                    .ok_or("--jobs needs a number")?
                    .to_string_lossy()
                    .parse()?
            }
            _ => inputs.push(PathBuf::from(a)),
        }
    }
    let files = juesuan::collect_pdfs(&inputs)?;
    std::fs::create_dir_all(&out)?;

    // Every sink gets every document; the batch resumes where a killed run
    // stopped, keyed by file hash, tool version and options.
    let mut sinks: Vec<Box<dyn Sink>> = vec![
        Box::new(JsonSink::new(&out)?),
        Box::new(CsvSink::new(&out, false)?),
        Box::new(SqliteSink::open(&out.join("budget.sqlite"))?),
    ];
    let options = juesuan::Options::new();
    let tool = concat!("juesuan-example ", env!("CARGO_PKG_VERSION"));
    let batch = Batch::new(&out, jobs, tool, &options.fingerprint());
    let records = batch.run(
        &files,
        juesuan::batch_reader(&options),
        &mut sinks,
        &mut |r: &Record| {
            if let (Status::Failed, Some(e)) = (r.status, &r.error) {
                eprintln!("failed: {e}");
            }
        },
    )?;

    // `process::exit` runs no destructors: the sinks are closed first, so
    // SQLite folds its write-ahead log into `budget.sqlite` and a copy of
    // that one file holds every document.
    drop(sinks);
    let failed = records
        .iter()
        .filter(|r| r.status == Status::Failed)
        .count();
    let errors: usize = records.iter().map(|r| r.severity.error).sum();
    println!(
        "extract: {} files: {} read, {failed} failed; {errors} error findings; outputs in {}",
        records.len(),
        records.len() - failed,
        out.display()
    );
    std::process::exit(if failed > 0 { 2 } else { 0 });
}
