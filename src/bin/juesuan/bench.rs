//! `juesuan bench`: pages per second, CPU time and peak memory of the text
//! layer (or, with `--pipeline`, of text, tables and checks), single-threaded.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use juesuan::Options;

use crate::{out, Exit};

/// `juesuan bench` options.
#[derive(clap::Args)]
pub struct Args {
    /// PDF files or folders (searched recursively).
    #[arg(required = true, value_name = "PATH")]
    inputs: Vec<PathBuf>,
    /// Time the whole pipeline (text layer, tables, checks), not only the text layer.
    #[arg(long)]
    pipeline: bool,
}

/// What one file gave.
#[derive(Default)]
struct Counts {
    pages: usize,
    tables: usize,
    cells: usize,
    findings: usize,
}

fn one(path: &std::path::Path, pipeline: bool) -> Result<Counts, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !pipeline {
        let text =
            juesuan::text::extract_bytes(&bytes).map_err(|e| e.with_path(path).to_string())?;
        return Ok(Counts {
            pages: text.pages.len(),
            ..Counts::default()
        });
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let read = juesuan::read_bytes(&bytes, &name, &Options::new()).map_err(|e| e.to_string())?;
    let doc = &read.document;
    Ok(Counts {
        pages: doc.page_count as usize,
        tables: doc.tables.len(),
        cells: doc.cells().count(),
        findings: doc.findings.len(),
    })
}

pub fn run(args: Args) -> Result<Exit> {
    let files = crate::inputs(&args.inputs)?;
    let mut o = out::stdout();
    let started = Instant::now();
    let mut total = Counts::default();
    let mut failed = 0usize;
    for f in &files {
        let t = Instant::now();
        match one(f, args.pipeline) {
            Ok(c) => {
                writeln!(
                    o,
                    "{:>4} pages {:>7.3}s {}",
                    c.pages,
                    t.elapsed().as_secs_f64(),
                    f.display()
                )?;
                total.pages += c.pages;
                total.tables += c.tables;
                total.cells += c.cells;
                total.findings += c.findings;
            }
            Err(e) => {
                failed += 1;
                writeln!(o, "failed {:>7.3}s {e}", t.elapsed().as_secs_f64())?;
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let (user, sys) = cpu_seconds().unwrap_or((f64::NAN, f64::NAN));
    let what = if args.pipeline {
        format!(
            "pipeline: tables={} cells={} findings={}",
            total.tables, total.cells, total.findings
        )
    } else {
        "text layer:".to_string()
    };
    writeln!(
        o,
        "{what} files={} failed={failed} pages={} seconds={secs:.2} cpu_user_s={user:.2} cpu_sys_s={sys:.2} pages_per_s={:.1} pages_per_cpu_s={:.1} peak_rss_mb={}",
        files.len(),
        total.pages,
        total.pages as f64 / secs.max(1e-9),
        total.pages as f64 / (user + sys).max(1e-9),
        juesuan::peak_rss_mb().map_or("?".to_string(), |m| m.to_string()),
    )?;
    o.flush()?;
    Ok(if failed > 0 { Exit::Trouble } else { Exit::Ok })
}

/// The process's user and system CPU seconds so far (`/proc/self/stat`):
/// on a shared machine they vary less than wall time.
fn cpu_seconds() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks = rustix::param::clock_ticks_per_second() as f64;
    let user: f64 = fields.get(11)?.parse().ok()?;
    let sys: f64 = fields.get(12)?.parse().ok()?;
    Some((user / ticks, sys / ticks))
}
