//! The documentation of the outputs names every column they have.

use juesuan::store::{
    CELL_COLUMNS, FACT_COLUMNS, FINDING_COLUMNS, INDICATOR_COLUMNS, PERFORMANCE_COLUMNS,
};

#[test]
fn every_output_column_is_documented() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/outputs.md")).unwrap();
    let all = CELL_COLUMNS
        .iter()
        .chain(FINDING_COLUMNS.iter())
        .chain(FACT_COLUMNS.iter())
        .chain(PERFORMANCE_COLUMNS.iter())
        .chain(INDICATOR_COLUMNS.iter());
    for c in all {
        let row = format!("| `{}` | {} | {} |", c.name, c.sql_type, c.doc);
        assert!(doc.contains(&row), "docs/outputs.md lacks: {row}");
    }
}

#[test]
fn the_shard_merge_shown_is_the_librarys() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/outputs.md")).unwrap();
    let shown = format!("BEGIN;\n{}COMMIT;\n", juesuan::store::MERGE_SQL);
    assert!(doc.contains(&shown), "docs/outputs.md lacks MERGE_SQL");
}
