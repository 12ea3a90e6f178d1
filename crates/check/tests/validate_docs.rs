//! Invariants of every finding, over Document JSON files: the committed seed
//! document, plus the files of the folder named by `JUESUAN_VALIDATE_DOCS`
//! (as written by `cargo run --example check -- --json DIR`), a development
//! aid for tuning the checks without re-reading PDFs. With
//! `JUESUAN_VALIDATE_PRINT` set, the findings are printed too.

use std::path::PathBuf;

use juesuan_check::{self as validate, Finding, Severity};
use juesuan_model::Document;

fn documents() -> Vec<PathBuf> {
    let seed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/seed.document.json");
    let mut paths = vec![seed];
    if let Some(dir) = std::env::var_os("JUESUAN_VALIDATE_DOCS") {
        let mut more: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        more.sort();
        paths.extend(more);
    }
    paths
}

/// A finding with figures is rounding exactly when its difference is within
/// its tolerance, and a table finding says where it is.
fn check_invariants(doc: &Document, f: &Finding) {
    if let (Some(d), Some(t)) = (f.difference, f.tolerance) {
        if f.expected.is_some() && f.printed.is_some() {
            assert_eq!(
                f.severity == Severity::Rounding,
                d.abs() <= t,
                "{}: {f}",
                doc.file
            );
        }
    }
    if let Some(ti) = f.table {
        assert!(ti < doc.tables.len(), "{}: {f}", doc.file);
        assert!(
            f.page.is_some(),
            "{}: a table finding without a page: {f}",
            doc.file
        );
    }
    assert!(!f.message.is_empty());
}

#[test]
fn findings_keep_their_invariants() {
    let print = std::env::var_os("JUESUAN_VALIDATE_PRINT").is_some();
    for p in documents() {
        let doc: Document = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        let findings = validate::validate(&doc);
        for f in &findings {
            check_invariants(&doc, f);
            if print {
                println!("   {f}");
            }
        }
        // The findings are in check order, as documented.
        let order: Vec<usize> = findings
            .iter()
            .map(|f| {
                juesuan_model::CheckId::ALL
                    .iter()
                    .position(|c| *c == f.check)
                    .unwrap()
            })
            .collect();
        assert!(order.windows(2).all(|w| w[0] <= w[1]), "{}", doc.file);
        let (e, w, r, i) = validate::count(&findings);
        assert_eq!(e + w + r + i, findings.len());
        if print {
            println!(
                "== {}: {e} errors, {w} warnings, {r} rounding, {i} info",
                doc.file
            );
        }
    }
}
