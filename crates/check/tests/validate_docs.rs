//! Runs the validator over Document JSON files named by `JUESUAN_VALIDATE_DOCS`
//! (a folder, as written by `cargo run --example check -- --json DIR`) and
//! prints the findings; without the variable it does nothing. It is a
//! development aid for tuning the checks without re-reading PDFs.

use juesuan_check::{self as validate, Severity};
use juesuan_model::Document;

#[test]
fn print_findings_of_dumped_documents() {
    let Some(dir) = std::env::var_os("JUESUAN_VALIDATE_DOCS") else {
        return;
    };
    let min = std::env::var("JUESUAN_VALIDATE_MIN").unwrap_or_else(|_| "info".into());
    let min = match min.as_str() {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "rounding" => Severity::Rounding,
        _ => Severity::Info,
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for p in paths {
        let doc: Document = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        let findings = validate::validate(&doc);
        println!("## {}", doc.file);
        for f in findings.iter().filter(|f| f.severity <= min) {
            println!("   {f}");
            if let Some(q) = &f.quote {
                println!("        「{q}」");
            }
        }
        let (e, w, r, i) = validate::count(&findings);
        println!(
            "== {}: {e} errors, {w} warnings, {r} rounding, {i} info",
            doc.file
        );
    }
}
