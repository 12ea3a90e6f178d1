//! Bug: a negative amount printed with a full-width or Unicode minus sign used
//! to empty its table (the cell grammar took it as a number, `Amount::parse`
//! refused it and the value was dropped without a word).

use juesuan_model::{ColumnId, RowKey};
use juesuan_text::Page;
use std::path::Path;

/// The 收入决算表 of `test_version_gbk_income` with three amounts reprinted
/// negative, each with a different minus sign.
#[test]
fn negative_amounts_are_read_not_dropped() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/test_version_gbk_income.pages.json");
    let mut pages: Vec<Page> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let reprint = [
        ("1,511.90", "－1,511.90"),
        ("16.19", "-16.19"),
        ("135.25", "−135.25"),
    ];
    for (from, to) in reprint {
        let token = pages[0].tokens.iter_mut().find(|t| t.text == from).unwrap();
        token.text = to.into();
    }
    let doc = juesuan_table::recognize(&pages, "negative", "test");
    let table = &doc.tables[0];
    assert!(
        !table.notes.iter().any(|n| n.contains("本表无数据")),
        "{:?}",
        table.notes
    );
    let total = |code: &str| {
        let key = RowKey::code(code).unwrap();
        let row = table.rows.iter().find(|r| r.key == key).unwrap();
        let v = &row.values[&ColumnId::Total];
        (v.amount.printed().to_owned(), v.amount.plain())
    };
    assert_eq!(total("2010601"), ("－1,511.90".into(), "-1511.90".into()));
    assert_eq!(total("2010602"), ("-16.19".into(), "-16.19".into()));
    assert_eq!(total("2010607"), ("−135.25".into(), "-135.25".into()));
}
