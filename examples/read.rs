//! Reading one PDF as a library user does: the validated document, its
//! status and its 勾稽 findings.
//!
//! ```text
//! cargo run --example read -- testdata/pdfs/seed.pdf
//! ```

use juesuan::{Options, Severity};

fn main() -> Result<(), juesuan::Error> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "testdata/pdfs/seed.pdf".into());
    let read = juesuan::read(path.as_ref(), &Options::new())?;
    let doc = &read.document;
    println!("{path}: {} ({} pages)", read.status, doc.page_count);
    for table in &doc.tables {
        let kind = table.kind.map_or("other", |k| k.id());
        println!("  {kind}: {} rows", table.rows.len());
    }
    for f in doc
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
    {
        println!("  {f}");
    }
    Ok(())
}
