//! Each check on small hand-made documents, three cases apiece: the identity
//! holds (no finding), it misses by a rounding step (a `rounding` finding, or
//! none where the check has no rounding), and it fails beyond tolerance (an
//! `error` or `warning`). One figure varies; the rest of the document is fixed.

use juesuan_check::{validate_with, CheckId, Finding, Severity};
use juesuan_model::{
    Amount, ColumnId, Document, DocumentKind, Row, RowKey, Side, Table, TableKind, TextBlock, Unit,
    Value,
};

use ColumnId as C;
use TableKind as K;

type Cells<'a> = &'a [(ColumnId, &'a str)];

fn row(key: &str, side: Option<Side>, cells: Cells<'_>) -> Row {
    let key = if key.bytes().all(|b| b.is_ascii_digit()) {
        RowKey::code(key).unwrap()
    } else {
        RowKey::Label(key.into())
    };
    let mut r = Row::new(key, side, "");
    for (c, printed) in cells {
        let value = Value::new(
            Amount::parse(printed).unwrap(),
            Some(&Unit::WanYuan),
            5,
            None,
        );
        r.values.insert(*c, value);
    }
    r
}

fn table(kind: TableKind, rows: Vec<Row>) -> Table {
    let mut t = Table::new(Some(kind), kind.chinese_name());
    t.pages = vec![5];
    t.unit = Some(Unit::WanYuan);
    t.rows = rows;
    t
}

fn doc(tables: Vec<Table>) -> Document {
    let mut d = Document::new("某局2023年度部门决算.pdf", "test");
    d.kind = DocumentKind::FinalAccounts;
    d.year = Some(2023);
    d.unit = Some(Unit::WanYuan);
    d.tables = tables;
    d
}

fn prose(text: &str) -> Document {
    let mut d = doc(Vec::new());
    d.narrative.push(TextBlock {
        page: 20,
        text: text.into(),
    });
    d
}

fn beyond(f: &Finding) -> bool {
    matches!(f.severity, Severity::Error | Severity::Warning)
}

/// Runs `check` on the document built with `exact`, `rounding` and `off`.
fn three_cases(
    check: CheckId,
    build: impl Fn(&str) -> Document,
    [exact, rounding, off]: [&str; 3],
) {
    let found = validate_with(&build(exact), &[check]);
    assert!(
        found.iter().all(|f| f.severity == Severity::Info),
        "{check} holds: {found:?}"
    );
    let found = validate_with(&build(rounding), &[check]);
    assert!(
        !found.iter().any(beyond),
        "{check} within rounding: {found:?}"
    );
    let found = validate_with(&build(off), &[check]);
    assert!(
        found.iter().any(beyond),
        "{check} beyond tolerance: {found:?}"
    );
}

/// Like [`three_cases`], and the rounding case gives a `rounding` finding.
fn three_cases_rounding(check: CheckId, build: impl Fn(&str) -> Document, v: [&str; 3]) {
    let found = validate_with(&build(v[1]), &[check]);
    assert!(
        found.iter().any(|f| f.severity == Severity::Rounding),
        "{check} within rounding: {found:?}"
    );
    three_cases(check, build, v);
}

#[test]
fn row_sum() {
    let build = |total: &str| {
        let cells = [(C::Total, total), (C::Basic, "7.00"), (C::Project, "3.00")];
        doc(vec![table(
            K::GeneralBudgetExpenditure,
            vec![row("2010101", None, &cells)],
        )])
    };
    three_cases_rounding(CheckId::RowSum, build, ["10.00", "10.01", "11.00"]);
}

#[test]
fn three_public_sum() {
    let build = |total: &str| {
        let cells = [
            (C::ActualTotal, total),
            (C::ActualOverseas, "1.00"),
            (C::ActualVehicleTotal, "2.00"),
            (C::ActualReception, "3.00"),
        ];
        doc(vec![table(K::ThreePublic, vec![row("合计", None, &cells)])])
    };
    three_cases_rounding(CheckId::ThreePublicSum, build, ["6.00", "6.01", "7.00"]);
}

#[test]
fn code_tree() {
    let build = |class: &str| {
        let rows = vec![
            row("201", None, &[(C::Total, class)]),
            row("2010101", None, &[(C::Total, "4.00")]),
            row("2010102", None, &[(C::Total, "6.00")]),
        ];
        doc(vec![table(K::Expenditure, rows)])
    };
    three_cases_rounding(CheckId::CodeTree, build, ["10.00", "10.01", "12.00"]);
}

#[test]
fn economic_tree() {
    let build = |class: &str| {
        let rows = vec![
            row("301", None, &[(C::Amount, class)]),
            row("30101", None, &[(C::Amount, "4.00")]),
            row("30102", None, &[(C::Amount, "6.00")]),
        ];
        doc(vec![table(K::GeneralBudgetBasicExpenditure, rows)])
    };
    three_cases_rounding(CheckId::EconomicTree, build, ["10.00", "10.01", "12.00"]);
}

#[test]
fn personnel_public() {
    let build = |personnel: &str| {
        let rows = vec![
            row("人员经费合计", None, &[(C::Amount, personnel)]),
            row("301", None, &[(C::Amount, "4.00")]),
            row("303", None, &[(C::Amount, "6.00")]),
            row("302", None, &[(C::Amount, "5.00")]),
        ];
        doc(vec![table(K::GeneralBudgetBasicExpenditure, rows)])
    };
    three_cases_rounding(CheckId::PersonnelPublic, build, ["10.00", "10.01", "12.00"]);
}

#[test]
fn cross_income() {
    let build = |summary: &str| {
        let side = Some(Side::Income);
        let s = table(
            K::IncomeExpenditureSummary,
            vec![row("本年收入合计", side, &[(C::Amount, summary)])],
        );
        let i = table(K::Income, vec![row("合计", None, &[(C::Total, "10.00")])]);
        doc(vec![s, i])
    };
    three_cases_rounding(CheckId::CrossIncome, build, ["10.00", "10.01", "12.00"]);
}

#[test]
fn cross_basic() {
    let build = |basic: &str| {
        let g = table(
            K::GeneralBudgetExpenditure,
            vec![row("合计", None, &[(C::Basic, basic)])],
        );
        let b = table(
            K::GeneralBudgetBasicExpenditure,
            vec![
                row("301", None, &[(C::Amount, "4.00")]),
                row("302", None, &[(C::Amount, "6.00")]),
            ],
        );
        doc(vec![g, b])
    };
    three_cases_rounding(CheckId::CrossBasic, build, ["10.00", "10.01", "12.00"]);
}

#[test]
fn cross_basic_items() {
    let build = |fund: &str| {
        let g = table(
            K::GeneralBudgetExpenditure,
            vec![row("2210201", None, &[(C::Basic, "10.00")])],
        );
        let b = table(
            K::GeneralBudgetBasicExpenditure,
            vec![row("30113", None, &[(C::Amount, fund)])],
        );
        doc(vec![g, b])
    };
    three_cases_rounding(CheckId::CrossBasicItems, build, ["10.00", "10.01", "12.00"]);
}

#[test]
fn cross_fund() {
    let build = |fund_total: &str| {
        let a = table(
            K::AppropriationSummary,
            vec![row(
                "本年支出合计",
                Some(Side::Expenditure),
                &[(C::GovernmentFund, "10.00")],
            )],
        );
        let f = table(
            K::GovernmentFund,
            vec![row("合计", None, &[(C::ExpenditureTotal, fund_total)])],
        );
        doc(vec![a, f])
    };
    three_cases_rounding(CheckId::CrossFund, build, ["10.00", "10.01", "12.00"]);
}

#[test]
fn narrative_arithmetic() {
    let build = |delta: &str| {
        prose(&format!(
            "二、收入支出决算总体情况说明2023年度收入总计120.00万元，与2022年度100.00万元相比，增加{delta}万元。"
        ))
    };
    three_cases_rounding(
        CheckId::NarrativeArithmetic,
        build,
        ["20.00", "20.01", "30.00"],
    );
}

#[test]
fn narrative_direction() {
    // Within rounding a 持平 holds; a word against the figures does not.
    let build = |current: &str, word: &str| {
        prose(&format!(
            "二、收入支出决算总体情况说明2023年度收入总计{current}万元，与2022年度100.00万元相比，{word}。"
        ))
    };
    let check = CheckId::NarrativeDirection;
    assert!(validate_with(&build("100.50", "增加0.50万元"), &[check]).is_empty());
    assert!(validate_with(&build("100.01", "持平"), &[check]).is_empty());
    let found = validate_with(&build("100.50", "减少0.50万元"), &[check]);
    assert!(found.iter().any(beyond), "{found:?}");
}

#[test]
fn narrative_year() {
    let check = CheckId::NarrativeYear;
    let build = |y: &str| prose(&format!("截至{y}年12月31日，本部门共有车辆3辆。"));
    assert!(validate_with(&build("2023"), &[check]).is_empty());
    let mut budget = build("2022");
    budget.kind = DocumentKind::Budget;
    assert!(validate_with(&budget, &[check]).is_empty());
    let found = validate_with(&build("2022"), &[check]);
    assert!(found.iter().any(beyond), "{found:?}");
}

#[test]
fn structure_empty() {
    let check = CheckId::StructureEmpty;
    let full = table(
        K::GovernmentFund,
        vec![row("合计", None, &[(C::Income, "1.00")])],
    );
    assert!(validate_with(&doc(vec![full]), &[check]).is_empty());
    let mut noted = table(K::GovernmentFund, Vec::new());
    noted.notes.push("本表无数据".into());
    let found = validate_with(&doc(vec![noted]), &[check]);
    assert!(!found.iter().any(beyond), "{found:?}");
    // Printed empty without a word: a warning.
    let bare = table(K::GovernmentFund, Vec::new());
    let found = validate_with(&doc(vec![bare]), &[check]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn cross_expenditure() {
    let build = |summary: &str| {
        let s = table(
            K::IncomeExpenditureSummary,
            vec![row("201", Some(Side::Expenditure), &[(C::Amount, summary)])],
        );
        let e = table(
            K::Expenditure,
            vec![row("201", None, &[(C::Total, "10.00")])],
        );
        doc(vec![s, e])
    };
    three_cases_rounding(
        CheckId::CrossExpenditure,
        build,
        ["10.00", "10.01", "12.00"],
    );
}

#[test]
fn cross_three_public() {
    // The 三公 决算 includes project spending, so it may exceed the basic
    // table's 30217 公务接待费 but not fall short of it.
    let build = |reception: &str| {
        let t = table(
            K::ThreePublic,
            vec![row("合计", None, &[(C::ActualReception, reception)])],
        );
        let b = table(
            K::GeneralBudgetBasicExpenditure,
            vec![row("30217", None, &[(C::Amount, "10.00")])],
        );
        doc(vec![t, b])
    };
    three_cases(CheckId::CrossThreePublic, build, ["10.00", "9.99", "8.00"]);
    let found = validate_with(&build("12.00"), &[CheckId::CrossThreePublic]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn structure_tables() {
    let check = CheckId::StructureTables;
    let all: Vec<Table> = TableKind::ALL
        .iter()
        .map(|k| table(*k, Vec::new()))
        .collect();
    assert!(validate_with(&doc(all.clone()), &[check]).is_empty());
    // A 预算 need not print the nine 决算 tables.
    let mut budget = doc(Vec::new());
    budget.kind = DocumentKind::Budget;
    assert!(validate_with(&budget, &[check]).is_empty());
    let found = validate_with(&doc(all[1..].to_vec()), &[check]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Error);
    // None of the nine: a 情况说明 alone (北京市国资委's 2026 预算情况说明,
    // read as a 决算) gets one note, not nine errors.
    let found = validate_with(&doc(Vec::new()), &[check]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Info);
}

#[test]
fn narrative_amount() {
    let build = |quoted: &str| {
        let mut d = prose(&format!(
            "一、收入支出决算总体情况说明2023年度收入总计{quoted}万元。"
        ));
        d.tables.push(table(
            K::IncomeExpenditureSummary,
            vec![row("总计", Some(Side::Income), &[(C::Amount, "120.00")])],
        ));
        d
    };
    three_cases(
        CheckId::NarrativeAmount,
        build,
        ["120.00", "120.0", "130.00"],
    );
}

#[test]
fn summary_balance() {
    // 本年收入合计 = Σ sources above it.
    let build = |year_total: &str| {
        let side = Some(Side::Income);
        let rows = vec![
            row("一般公共预算财政拨款收入", side, &[(C::Amount, "7.00")]),
            row("其他收入", side, &[(C::Amount, "3.00")]),
            row("本年收入合计", side, &[(C::Amount, year_total)]),
        ];
        doc(vec![table(K::IncomeExpenditureSummary, rows)])
    };
    three_cases_rounding(CheckId::SummaryBalance, build, ["10.00", "10.01", "12.00"]);
}

#[test]
fn structure_unit() {
    // A table printed in another unit than the document is noted (the
    // checks convert units, so it is information); within the same unit
    // nothing is (the check has no rounding).
    let check = CheckId::StructureUnit;
    let build = |unit: Unit| {
        let mut t = table(K::Income, vec![row("合计", None, &[(C::Total, "1.00")])]);
        t.unit = Some(unit);
        doc(vec![t])
    };
    assert!(validate_with(&build(Unit::WanYuan), &[check]).is_empty());
    // A table that prints no unit takes the document's.
    let mut silent = build(Unit::Yuan);
    silent.tables[0].unit = None;
    assert!(validate_with(&silent, &[check]).is_empty());
    let found = validate_with(&build(Unit::Yuan), &[check]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Info);
    assert_eq!(
        found[0].message,
        "金额单位（unit）：收入决算表单位为元，文档单位为万元"
    );
}

#[test]
fn structure_heading() {
    let check = CheckId::StructureHeading;
    let build = |y: &str| prose(&format!("某局{y}年度部门决算"));
    assert!(validate_with(&build("2023"), &[check]).is_empty());
    let found = validate_with(&build("2022"), &[check]);
    assert!(found.iter().any(beyond), "{found:?}");
    // The department a heading names before its year (规划和自然资源局 2024:
    // 上海市规划和自然资源局 for 上海市普陀区规划和自然资源局).
    let named = |heading: &str| {
        let mut d = prose(&format!("第二部分{heading}2023年度部门决算表"));
        d.department = Some("上海市普陀区规划和自然资源局".into());
        validate_with(&d, &[check])
    };
    assert!(named("上海市普陀区规划和自然资源局").is_empty());
    let found = named("上海市规划和自然资源局");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].message.contains("「上海市规划和自然资源局」"),
        "{}",
        found[0].message
    );
}

#[test]
fn cross_appropriation() {
    // A 类 of 公开04 (一般公共预算 column) against the 一般公共预算支出表.
    let build = |class: &str| {
        let a = table(
            K::AppropriationSummary,
            vec![row(
                "201",
                Some(Side::Expenditure),
                &[(C::GeneralBudget, class)],
            )],
        );
        let g = table(
            K::GeneralBudgetExpenditure,
            vec![row("201", None, &[(C::Total, "10.00")])],
        );
        doc(vec![a, g])
    };
    three_cases_rounding(
        CheckId::CrossAppropriation,
        build,
        ["10.00", "10.01", "12.00"],
    );
}

#[test]
fn narrative_item() {
    // The 类/款/项 names the prose quotes must be the table's, under the
    // printed parent (规划和自然资源局 2024 printed 住房保障支出 as the 款).
    let build = |section: &str| {
        let mut d = prose(&format!(
            "一般公共预算财政拨款支出决算具体情况1、住房保障支出（类）{section}住房公积金（项）。年初预算为10.00万元，支出决算为10.00万元。"
        ));
        let mut rows = Vec::new();
        for (code, name) in [
            ("221", "住房保障支出"),
            ("22102", "住房改革支出"),
            ("2210201", "住房公积金"),
        ] {
            let mut r = row(code, None, &[(C::Total, "10.00")]);
            r.name = name.into();
            rows.push(r);
        }
        d.tables.push(table(K::GeneralBudgetExpenditure, rows));
        d
    };
    let check = CheckId::NarrativeItem;
    assert!(validate_with(&build("住房改革支出（款）"), &[check]).is_empty());
    // Half-width parentheses name the level as well.
    let found = validate_with(&build("住房改革支出(款)"), &[check]);
    assert!(!found.iter().any(beyond), "{found:?}");
    let found = validate_with(&build("住房保障支出（款）"), &[check]);
    assert!(found.iter().any(beyond), "{found:?}");
}

#[test]
fn narrative_item_knows_a_class_by_its_other_years_name() {
    // The seed's 情况说明 (2020) quotes the 2019 name 资源勘探信息等支出 for
    // the 类 its table prints as 215 资源勘探工业信息等支出.
    let build = |class: &str| {
        let mut d = prose(&format!(
            "一般公共预算财政拨款支出决算具体情况(8){class}(类)制造业(款) 10.00万元。"
        ));
        let mut rows = Vec::new();
        for (code, name) in [("215", "资源勘探工业信息等支出"), ("21505", "制造业")] {
            let mut r = row(code, None, &[(C::Total, "10.00")]);
            r.name = name.into();
            rows.push(r);
        }
        d.tables.push(table(K::GeneralBudgetExpenditure, rows));
        d
    };
    let check = CheckId::NarrativeItem;
    let found = validate_with(&build("资源勘探信息等支出"), &[check]);
    assert!(found.is_empty(), "{found:?}");
    // A class the table does not print is still reported.
    let found = validate_with(&build("住房保障支出"), &[check]);
    assert!(!found.is_empty(), "{found:?}");
}
