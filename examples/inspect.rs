//! Prints what the pipeline reads from one PDF: each table's columns (printed
//! header → column id) and rows, for checking a layout by eye.
//!
//! ```text
//! cargo run --release --example inspect -- <file.pdf> [table kind]
//! ```

use anyhow::{Context, Result};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .context("usage: inspect <file.pdf> [table kind]")?;
    let only = args.next();
    let doc = juesuan::read_pdf(std::path::Path::new(&path))?;
    println!(
        "{} department={:?} year={:?} kind={:?} unit={:?} pages={}",
        doc.file, doc.department, doc.year, doc.kind, doc.unit, doc.page_count
    );
    for t in &doc.tables {
        let kind = t.kind.map(|k| k.id().to_string()).unwrap_or_default();
        if only.as_ref().is_some_and(|o| *o != kind) {
            continue;
        }
        println!(
            "\n== {kind} {:?} pages={:?} notes={:?}",
            t.title, t.pages, t.notes
        );
        for c in &t.columns {
            println!("   column {:?} {} <- {:?}", c.side, c.id.id(), c.header);
        }
        for r in &t.rows {
            let vals: Vec<String> = r
                .values
                .iter()
                .map(|(k, v)| format!("{}={}@p{}", k.id(), v.amount.printed(), v.page))
                .collect();
            println!("   {:?} {} [{}] {}", r.side, r.key, r.name, vals.join(" "));
        }
    }
    Ok(())
}
