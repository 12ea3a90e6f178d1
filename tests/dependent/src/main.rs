//! Reads one PDF with juesuan, as a dependent crate would, and prints its
//! tables and 勾稽 findings. Exits 1 when the file cannot be read, and 3
//! when it has no error finding (the seed fixture has one, so CI notices a
//! dependent that gets findings: [] again).

use std::path::PathBuf;
use std::process::ExitCode;

use juesuan::{Options, Severity};

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: juesuan-dependent FILE.pdf");
        return ExitCode::from(2);
    };
    let read = match juesuan::read(&path, &Options::new()) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let doc = &read.document;
    println!("status={} page_errors={}", read.status, read.page_errors.len());
    for table in &doc.tables {
        let kind = table.kind.map_or("other", |k| k.id());
        println!("table {kind} rows={}", table.rows.len());
    }
    for f in &doc.findings {
        println!("finding {f}");
    }
    let errors = doc
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    println!("findings={} errors={errors}", doc.findings.len());
    if errors == 0 {
        eprintln!("{}: expected at least one error finding", path.display());
        return ExitCode::from(3);
    }
    ExitCode::SUCCESS
}
