//! Checks against the shared corpus's truth files. They are not ours to
//! commit, so the tests are `#[ignore]`d: CI, which has no corpus, reports
//! them as ignored; `cargo test -- --ignored` runs them where the truth is,
//! and they fail when it is not. `JUESUAN_TRUTH_DIR` overrides the default
//! `../shared/corpus/truth`.

use std::path::PathBuf;

use juesuan_model::score::score_truth;
use juesuan_model::{
    normalize_label, ColumnId, EconomicCode, FunctionCode, RowKey, TableKind, TruthFile,
};

fn truth_dir() -> PathBuf {
    let dir = std::env::var_os("JUESUAN_TRUTH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/truth")
        });
    assert!(
        dir.is_dir(),
        "no truth folder at {}: set JUESUAN_TRUTH_DIR",
        dir.display()
    );
    dir
}

fn files() -> Vec<(PathBuf, TruthFile)> {
    let dir = truth_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let t = TruthFile::load(&p).unwrap_or_else(|e| panic!("{e}"));
            (p, t)
        })
        .collect()
}

#[test]
#[ignore = "needs the shared corpus truth (../shared/corpus/truth or $JUESUAN_TRUTH_DIR): cargo test -- --ignored"]
fn truth_files_round_trip_byte_for_byte() {
    for (path, truth) in files() {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(truth.to_json_string(), text, "{}", path.display());
        // And through serde_json's own writer.
        let json = serde_json::to_string(&truth).unwrap();
        let back: TruthFile = serde_json::from_str(&json).unwrap();
        assert_eq!(back, truth);
        let a: serde_json::Value = serde_json::from_str(&text).unwrap();
        let b: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(a, b, "{}", path.display());
    }
}

#[test]
#[ignore = "needs the shared corpus truth (../shared/corpus/truth or $JUESUAN_TRUTH_DIR): cargo test -- --ignored"]
fn truth_files_follow_the_schema() {
    let files = files();
    assert!(!files.is_empty(), "the truth folder holds no truth file");
    let mut cells = 0;
    let mut rows = 0;
    for (path, truth) in &files {
        assert_eq!(
            path.file_stem().and_then(|s| s.to_str()),
            Some(truth.sha256.as_str()),
            "truth files are named after the PDF's sha256"
        );
        cells += truth.cell_count();
        for table in &truth.tables {
            let allowed = ColumnId::columns_for(table.kind);
            for row in &table.rows {
                rows += 1;
                for column in row.values.keys() {
                    assert!(allowed.contains(column), "{} {column}", table.kind);
                    assert!(
                        ColumnId::columns_for_side(table.kind, row.side).contains(column),
                        "{} {:?} {column}",
                        table.kind,
                        row.side
                    );
                }
                // Labels are already normalized (apart from the `#2` number).
                if let Some(label) = &row.label {
                    let (base, _) = juesuan_model::split_numbered_label(label);
                    assert_eq!(normalize_label(base), base);
                }
                // Codes parse in the table's classification.
                if let Some(RowKey::Code(code)) = row.key() {
                    if table.kind == TableKind::GeneralBudgetBasicExpenditure {
                        EconomicCode::parse(&code).unwrap();
                    } else {
                        FunctionCode::parse(&code).unwrap();
                    }
                }
            }
        }
        // A truth file scored against itself is perfect.
        let s = score_truth(truth, truth).score;
        assert_eq!(s.cell_f1(), 1.0);
        assert_eq!(s.rows_exact_rate(), 1.0);
        assert_eq!(s.table_recall(), 1.0);
    }
    // The dev set of KNOWN_INCONSISTENCIES.md.
    if files.len() == 5 {
        assert_eq!((rows, cells), (114 + 165 + 139 + 93, 857));
    }
    println!("{} truth files, {rows} rows, {cells} cells", files.len());
}
