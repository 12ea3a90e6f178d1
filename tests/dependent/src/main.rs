//! Reads one PDF with juesuan, as a dependent crate would, and prints its
//! tables and 勾稽 findings. Exits 1 when the file cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: juesuan-dependent FILE.pdf");
        return ExitCode::from(2);
    };
    match juesuan::read_pdf(&path) {
        Ok(doc) => {
            for table in &doc.tables {
                let kind = table.kind.map_or("other".to_string(), |k| k.to_string());
                println!("table {kind} rows={}", table.rows.len());
            }
            println!("findings={}", doc.findings.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
