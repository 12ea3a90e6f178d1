//! Scoring against truth files built in the tests.

use super::*;
use crate::{Amount, LabelNumbering, Row, Table, Unit, Value};

/// A compact row spec: side, key ("c:201" for a code, else a printed label), name, values.
type RowSpec<'a> = (Option<Side>, &'a str, &'a str, &'a [(&'a str, &'a str)]);

fn document(tables: &[(TableKind, u32, &[RowSpec<'_>])]) -> Document {
    let mut doc = Document::new("test.pdf", "00");
    for (kind, page, rows) in tables {
        let mut table = Table::new(Some(*kind), kind.chinese_name());
        table.pages = vec![*page];
        let mut numbering = LabelNumbering::new();
        for (side, key, name, values) in rows.iter() {
            let key = match key.strip_prefix("c:") {
                Some(code) => RowKey::code(code).unwrap(),
                None => RowKey::Label(numbering.next(*side, key)),
            };
            let mut row = Row::new(key, *side, *name);
            for (column, printed) in values.iter() {
                let amount = Amount::parse(printed).unwrap();
                let value = Value::new(amount, Some(&Unit::WanYuan), *page, None);
                row.values.insert(ColumnId::parse(column), value);
            }
            table.rows.push(row);
        }
        doc.tables.push(table);
    }
    doc
}

const INCOME: &str = r#"{"file": "test.pdf", "sha256": "00", "year": 2024, "unit": "万元", "tables": [
    {"kind": "income", "pages": [8], "rows": [
        {"label": "合计", "values": {"total": "2946.25", "fiscal_appropriation": "2940.05", "other": "6.20"}},
        {"code": "2010601", "name": "行政运行", "values": {"total": "1511.90", "fiscal_appropriation": "1511.89", "other": "0.01"}}
    ]},
    {"kind": "three_public", "pages": [18], "rows": []}
]}"#;

const INCOME_ROWS: &[RowSpec<'_>] = &[
    (
        None,
        "合  计",
        "合计",
        &[
            ("total", "2,946.25"),
            ("fiscal_appropriation", "2,940.05"),
            ("other", "6.20"),
        ],
    ),
    (
        None,
        "c:2010601",
        "行政运行",
        &[
            ("total", "1,511.90"),
            ("fiscal_appropriation", "1,511.89"),
            ("other", "0.01"),
        ],
    ),
];

fn truth(json: &str) -> TruthFile {
    TruthFile::from_json(json).unwrap()
}

#[test]
fn a_perfect_match_scores_one() {
    let doc = document(&[
        (TableKind::Income, 8, INCOME_ROWS),
        (TableKind::ThreePublic, 18, &[]),
    ]);
    let report = score(&truth(INCOME), &doc);
    let s = report.score;
    assert_eq!(
        (s.tables_expected, s.tables_found, s.tables_extra),
        (2, 2, 0)
    );
    assert_eq!(
        (s.cells_expected, s.cells_predicted, s.cells_true_positive),
        (6, 6, 6)
    );
    assert_eq!((s.rows_expected, s.rows_exact), (2, 2));
    assert_eq!(s.table_recall(), 1.0);
    assert_eq!(s.cell_f1(), 1.0);
    assert_eq!(s.rows_exact_rate(), 1.0);
    assert!(report.cells.is_empty() && report.tables.is_empty());
    assert_eq!(
        s.to_string(),
        "files=1 table_recall=1.0000 cell_precision=1.0000 cell_recall=1.0000 cell_f1=1.0000 rows_exact=1.0000"
    );
    // The document's own truth form scores the same.
    assert_eq!(score_truth(&truth(INCOME), &TruthFile::from(&doc)).score, s);
}

#[test]
fn a_missing_cell_and_a_missing_table() {
    let rows: &[RowSpec<'_>] = &[
        INCOME_ROWS[0],
        (
            None,
            "c:2010601",
            "行政运行",
            &[("total", "1,511.90"), ("fiscal_appropriation", "1,511.89")],
        ),
    ];
    let report = score(&truth(INCOME), &document(&[(TableKind::Income, 8, rows)]));
    let s = report.score;
    assert_eq!((s.tables_expected, s.tables_found), (2, 1));
    assert_eq!(s.table_recall(), 0.5);
    assert_eq!(
        (s.cells_expected, s.cells_predicted, s.cells_true_positive),
        (6, 5, 5)
    );
    assert_eq!(s.cell_precision(), 1.0);
    assert!((s.cell_recall() - 5.0 / 6.0).abs() < 1e-12);
    assert_eq!(s.rows_exact, 1);
    assert_eq!(
        report.tables,
        [TableDiff {
            diff: DiffKind::Missing,
            kind: TableKind::ThreePublic,
            pages: vec![18]
        }]
    );
    assert_eq!(report.cells.len(), 1);
    let d = &report.cells[0];
    assert_eq!(
        (d.diff, d.column),
        (DiffKind::Missing, ColumnId::OtherIncome)
    );
    assert_eq!(
        (d.expected.as_deref(), d.got.as_deref(), d.page),
        (Some("0.01"), None, Some(8))
    );
    assert_eq!(
        d.to_string(),
        "missing income 2010601 other expected=0.01 got=- page=8"
    );
}

#[test]
fn a_wrong_cell() {
    let rows: &[RowSpec<'_>] = &[
        INCOME_ROWS[0],
        (
            None,
            "c:2010601",
            "行政运行",
            &[
                ("total", "1,511.09"),
                ("fiscal_appropriation", "1,511.89"),
                ("other", "0.01"),
            ],
        ),
    ];
    let doc = document(&[
        (TableKind::Income, 8, rows),
        (TableKind::ThreePublic, 18, &[]),
    ]);
    let report = score(&truth(INCOME), &doc);
    let s = report.score;
    assert_eq!(
        (s.cells_expected, s.cells_predicted, s.cells_true_positive),
        (6, 6, 5)
    );
    assert_eq!((s.rows_expected, s.rows_exact), (2, 1));
    assert_eq!(report.cells.len(), 1);
    assert_eq!(
        report.cells[0].to_string(),
        "wrong income 2010601 total expected=1511.90 got=1511.09 page=8"
    );
}

#[test]
fn extra_cells_rows_and_tables() {
    let rows: &[RowSpec<'_>] = &[
        (
            None,
            "合计",
            "合计",
            &[
                ("total", "2,946.25"),
                ("fiscal_appropriation", "2,940.05"),
                ("other", "6.20"),
                ("business", "0.00"),
            ],
        ),
        INCOME_ROWS[1],
        (None, "c:201", "一般公共服务支出", &[("total", "2,106.66")]),
    ];
    let doc = document(&[
        (TableKind::Income, 8, rows),
        (TableKind::ThreePublic, 18, &[]),
        (TableKind::StateCapital, 20, &[]),
    ]);
    let report = score(&truth(INCOME), &doc);
    let s = report.score;
    assert_eq!((s.tables_found, s.tables_extra), (2, 1));
    assert_eq!(
        (s.cells_expected, s.cells_predicted, s.cells_true_positive),
        (6, 8, 6)
    );
    assert_eq!(s.cell_recall(), 1.0);
    assert_eq!(s.cell_precision(), 0.75);
    // The 合计 row has an extra value, so it is not exact.
    assert_eq!(s.rows_exact, 1);
    let diffs: Vec<String> = report.cells.iter().map(ToString::to_string).collect();
    assert_eq!(
        diffs,
        [
            "extra income 合计 business expected=- got=0.00 page=8",
            "extra income 201 total expected=- got=2106.66 page=8",
        ]
    );
    assert_eq!(report.tables[0].diff, DiffKind::Extra);
}

const APPROPRIATION: &str = r#"{"file": "t.pdf", "sha256": "01", "tables": [
    {"kind": "appropriation_summary", "pages": [12, 13], "rows": [
        {"side": "income", "label": "一般公共预算财政拨款", "values": {"amount": "2940.05"}},
        {"side": "income", "label": "年初财政拨款结转和结余", "values": {"amount": "21.63"}},
        {"side": "income", "label": "一般公共预算财政拨款#2", "values": {"amount": "21.63"}},
        {"side": "income", "label": "总计", "values": {"amount": "2961.68"}},
        {"side": "expenditure", "label": "一般公共服务支出", "code": "201", "values": {"total": "2106.66", "general_budget": "2106.66"}},
        {"side": "expenditure", "label": "总计", "values": {"total": "2961.68", "general_budget": "2961.68"}}
    ]}
]}"#;

fn appropriation_rows(second: &'static str, total_side: Side) -> Vec<RowSpec<'static>> {
    let income = Some(Side::Income);
    let expenditure = Some(Side::Expenditure);
    vec![
        (
            income,
            "一、一般公共预算财政拨款",
            "一、一般公共预算财政拨款",
            &[("amount", "2,940.05")],
        ),
        (
            income,
            "二、政府性基金预算财政拨款",
            "二、政府性基金预算财政拨款",
            &[],
        ),
        (
            income,
            "年初财政拨款结转和结余",
            "年初财政拨款结转和结余",
            &[("amount", "21.63")],
        ),
        (income, second, second, &[("amount", "21.63")]),
        (income, "总 计", "总计", &[("amount", "2,961.68")]),
        (
            expenditure,
            "c:201",
            "一、一般公共服务支出",
            &[("total", "2,106.66"), ("general_budget", "2,106.66")],
        ),
        (
            Some(total_side),
            "总计",
            "总计",
            &[("total", "2,961.68"), ("general_budget", "2,961.68")],
        ),
    ]
}

#[test]
fn two_sided_rows_and_numbered_labels() {
    let rows = appropriation_rows("（一）一般公共预算财政拨款", Side::Expenditure);
    let doc = document(&[(TableKind::AppropriationSummary, 12, &rows)]);
    let report = score(&truth(APPROPRIATION), &doc);
    assert!(report.cells.is_empty(), "{:?}", report.cells);
    assert_eq!(report.score.cell_f1(), 1.0);
    assert_eq!(report.score.rows_exact, 6);
    // The truth form gives the 类 row its label and keeps the `#2`.
    let t = TruthFile::from(&doc);
    let class_row = &t.tables[0].rows[4];
    assert_eq!(class_row.label.as_deref(), Some("一般公共服务支出"));
    assert_eq!(class_row.code.as_deref(), Some("201"));
    assert_eq!(
        t.tables[0].rows[2].label.as_deref(),
        Some("一般公共预算财政拨款#2")
    );
}

#[test]
fn a_row_on_the_wrong_side_or_unnumbered_does_not_match() {
    // 总计 of the expenditure side put on the income side: it becomes 总计#2 there.
    let rows = appropriation_rows("一般公共预算财政拨款#9", Side::Income);
    let doc = document(&[(TableKind::AppropriationSummary, 12, &rows)]);
    let report = score(&truth(APPROPRIATION), &doc);
    let s = report.score;
    assert_eq!(
        (s.cells_expected, s.cells_predicted, s.cells_true_positive),
        (8, 8, 5)
    );
    assert_eq!((s.rows_expected, s.rows_exact), (6, 4));
    let diffs: Vec<String> = report.cells.iter().map(ToString::to_string).collect();
    assert_eq!(
        diffs,
        [
            "missing appropriation_summary income/一般公共预算财政拨款#2 amount expected=21.63 got=- page=-",
            "missing appropriation_summary expenditure/总计 total expected=2961.68 got=- page=-",
            "missing appropriation_summary expenditure/总计 general_budget expected=2961.68 got=- page=-",
            "extra appropriation_summary income/一般公共预算财政拨款#9 amount expected=- got=21.63 page=12",
            "extra appropriation_summary income/总计#2 total expected=- got=2961.68 page=12",
            "extra appropriation_summary income/总计#2 general_budget expected=- got=2961.68 page=12",
        ]
    );
}

#[test]
fn amounts_compare_as_exact_decimals() {
    let json = r#"{"file": "t.pdf", "sha256": "02", "tables": [
        {"kind": "three_public", "pages": [17], "rows": [
            {"label": "三公经费", "values": {"budget_total": "0.8", "actual_total": "0.39", "budget_reception": "-3.10"}}
        ]}
    ]}"#;
    let rows: &[RowSpec<'_>] = &[(
        None,
        "三公经费",
        "三公经费",
        &[
            ("budget_total", "0.80"),
            ("actual_total", "0.390"),
            ("budget_reception", "3.10"),
        ],
    )];
    let report = score(
        &truth(json),
        &document(&[(TableKind::ThreePublic, 17, rows)]),
    );
    assert_eq!(report.score.cells_true_positive, 2);
    assert_eq!(report.cells.len(), 1);
    assert_eq!(report.cells[0].diff, DiffKind::Wrong);
    assert_eq!(report.cells[0].expected.as_deref(), Some("-3.10"));
}

#[test]
fn duplicated_rows_count_as_extra() {
    let rows: &[RowSpec<'_>] = &[INCOME_ROWS[0], INCOME_ROWS[1], INCOME_ROWS[1]];
    let doc = document(&[
        (TableKind::Income, 8, rows),
        (TableKind::ThreePublic, 18, &[]),
    ]);
    let s = score(&truth(INCOME), &doc).score;
    assert_eq!(
        (s.cells_expected, s.cells_predicted, s.cells_true_positive),
        (6, 9, 6)
    );
    assert_eq!(s.rows_exact, 1);
}

#[test]
fn scores_sum_over_files() {
    let perfect = score(
        &truth(INCOME),
        &document(&[
            (TableKind::Income, 8, INCOME_ROWS),
            (TableKind::ThreePublic, 18, &[]),
        ]),
    )
    .score;
    let empty = score(&truth(INCOME), &Document::new("x.pdf", "00")).score;
    assert_eq!(empty.cell_precision(), 1.0);
    assert_eq!(empty.cell_recall(), 0.0);
    assert_eq!(empty.cell_f1(), 0.0);
    let total: Score = [perfect, empty].iter().sum();
    assert_eq!(total.files, 2);
    assert_eq!(
        (
            total.cells_expected,
            total.cells_predicted,
            total.cells_true_positive
        ),
        (12, 6, 6)
    );
    assert_eq!(total.cell_recall(), 0.5);
    assert_eq!(total.table_recall(), 0.5);
    let mut again = Score::default();
    again += &perfect;
    again.add(&empty);
    assert_eq!(again, total);
    // A file with nothing to find and nothing found is perfect.
    let template = r#"{"file": "t.pdf", "sha256": "03", "tables": [{"kind": "income", "pages": [6], "rows": []}]}"#;
    let s = score(&truth(template), &document(&[(TableKind::Income, 6, &[])])).score;
    assert_eq!(s.to_string(), "files=1 table_recall=1.0000 cell_precision=1.0000 cell_recall=1.0000 cell_f1=1.0000 rows_exact=1.0000");
}
