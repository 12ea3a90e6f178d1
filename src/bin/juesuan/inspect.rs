//! `juesuan inspect`: one PDF's tables, columns and rows, for checking a
//! layout by eye.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use juesuan::Options;

use crate::{out, Exit};

/// `juesuan inspect` options.
#[derive(clap::Args)]
pub struct Args {
    /// The PDF.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Print only tables of this kind id (`income`, `expenditure` …, `other`).
    #[arg(value_name = "KIND")]
    kind: Option<String>,
}

/// An optional value for people: the value, or `-`.
fn or_dash(v: Option<impl std::fmt::Display>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

pub fn run(args: Args) -> Result<Exit> {
    let read = juesuan::read(&args.file, &Options::new())?;
    let doc = &read.document;
    let mut o = out::stdout();
    writeln!(
        o,
        "{} department={} year={} kind={} unit={} pages={} status={}",
        doc.file,
        or_dash(doc.department.as_ref()),
        or_dash(doc.year),
        doc.kind.chinese_name(),
        or_dash(doc.unit.as_ref()),
        doc.page_count,
        read.status,
    )?;
    for e in &read.page_errors {
        writeln!(o, "page error: {e}")?;
    }
    for t in &doc.tables {
        let kind = t.kind.map_or("other", |k| k.id());
        if args.kind.as_deref().is_some_and(|k| k != kind) {
            continue;
        }
        let pages: Vec<String> = t.pages.iter().map(u32::to_string).collect();
        writeln!(o, "\n== {kind} {} pages {}", t.title, pages.join(","))?;
        for n in &t.notes {
            writeln!(o, "   note: {n}")?;
        }
        for c in &t.columns {
            let side = c.side.map_or("", |s| s.id());
            writeln!(o, "   column {side} {} <- {}", c.id.id(), c.header)?;
        }
        for r in &t.rows {
            let vals: Vec<String> = r
                .values
                .iter()
                .map(|(k, v)| format!("{}={}@p{}", k.id(), v.amount.printed(), v.page))
                .collect();
            let side = r.side.map_or("", |s| s.id());
            writeln!(o, "   {side} {} [{}] {}", r.key, r.name, vals.join(" "))?;
        }
    }
    o.flush()?;
    Ok(Exit::Ok)
}
