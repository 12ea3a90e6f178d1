//! The checks on facts and performance records: each holds on consistent
//! figures, reports rounding within the tolerance and errors beyond it.

use juesuan_check::{validate_with, CheckId, Severity};
use juesuan_model::{
    Amount, Basis, ColumnId, Comparison, Document, Fact, FactId, FundLine, Performance,
    PerformanceKind, PerformanceSummary, Row, RowKey, Table, TableKind, Unit, Value,
};

fn amount(s: &str) -> Amount {
    Amount::parse(s).unwrap()
}

fn fact(id: FactId, value: &str, sentence: &str) -> Fact {
    Fact {
        id,
        value: amount(value),
        printed: value.to_string(),
        unit: id.unit(),
        page: 20,
        bbox: None,
        sentence: sentence.to_string(),
        comparison: None,
    }
}

fn project(budget: &str, execution: &str, rate: &str) -> Performance {
    Performance {
        kind: PerformanceKind::SelfEvaluation,
        name: "一般行政管理事务".into(),
        department: None,
        implementer: None,
        pages: vec![35],
        unit: Some("万元".into()),
        funds: vec![FundLine {
            source: "年度资金总额".into(),
            budget: Some(amount(budget)),
            execution: Some(amount(execution)),
            rate: Some(amount(rate)),
            page: 35,
            bbox: Some([1.0, 2.0, 3.0, 4.0]),
        }],
        indicators: Vec::new(),
        summary: None,
    }
}

fn doc_with(perf: Vec<Performance>, facts: Vec<Fact>) -> Document {
    let mut doc = Document::new("a.pdf", "ab");
    doc.performance = perf;
    doc.facts = facts;
    doc
}

fn severities(doc: &Document, check: CheckId) -> Vec<Severity> {
    validate_with(doc, &[check])
        .iter()
        .map(|f| f.severity)
        .collect()
}

#[test]
fn execution_rate_holds_rounds_and_fails() {
    let check = CheckId::PerformanceRate;
    // 788.48 / 853.48 = 92.3841…%: 92.38 is the rounded rate.
    assert!(severities(
        &doc_with(vec![project("853.48", "788.48", "92.38")], vec![]),
        check
    )
    .is_empty());
    // 92.39 is off by 0.0059, within the 0.0061 the three roundings allow.
    assert_eq!(
        severities(
            &doc_with(vec![project("853.48", "788.48", "92.39")], vec![]),
            check
        ),
        [Severity::Rounding]
    );
    let wrong = validate_with(
        &doc_with(vec![project("853.48", "788.48", "93.38")], vec![]),
        &[check],
    );
    assert_eq!(wrong.len(), 1);
    assert_eq!(wrong[0].severity, Severity::Error);
    assert_eq!(wrong[0].page, Some(35));
    assert_eq!(wrong[0].printed.unwrap().to_string(), "93.38");
    assert_eq!(
        wrong[0].expected.unwrap().round_dp(4).to_string(),
        "92.3841"
    );
    // A zero budget prints no rate to check.
    assert!(severities(&doc_with(vec![project("0.00", "0.00", "0")], vec![]), check).is_empty());
}

#[test]
fn the_summary_is_held_to_its_table() {
    let check = CheckId::PerformanceSummary;
    let with = |budget: &str, rate: &str| {
        let mut p = project("853.48", "788.48", "92.38");
        p.summary = Some(PerformanceSummary {
            budget: Some(amount(budget)),
            execution: Some(amount("788.48")),
            rate: Some(amount(rate)),
            page: 21,
            bbox: None,
            sentence: "项目全年预算数…".into(),
        });
        doc_with(vec![p], vec![])
    };
    assert!(severities(&with("853.48", "92.4"), check).is_empty());
    // 92.37 is not 92.38, but within 0.005 + 0.005 of it.
    assert_eq!(
        severities(&with("853.48", "92.37"), check),
        [Severity::Rounding]
    );
    let wrong = validate_with(&with("835.48", "92.4"), &[check]);
    assert_eq!(wrong.len(), 1);
    assert_eq!(
        (wrong[0].severity, wrong[0].page),
        (Severity::Error, Some(21))
    );
    assert_eq!(wrong[0].difference.unwrap().to_string(), "-18.00");
}

fn three_public_table() -> Table {
    let mut t = Table::new(Some(TableKind::ThreePublic), "财政拨款“三公”经费支出决算表");
    t.unit = Some(Unit::WanYuan);
    let mut row = Row::new(RowKey::label("三公经费"), None, "三公经费");
    for (c, v) in [
        (ColumnId::BudgetTotal, "22.87"),
        (ColumnId::ActualTotal, "15.00"),
        (ColumnId::BudgetReception, "6.00"),
        (ColumnId::ActualReception, "1.88"),
    ] {
        row.values
            .insert(c, Value::new(amount(v), Some(&Unit::WanYuan), 18, None));
    }
    t.rows.push(row);
    t
}

#[test]
fn three_public_facts_against_the_table() {
    let check = CheckId::FactThreePublic;
    let total = |value: &str, budget: &str| {
        let mut f = fact(FactId::ThreePublicTotal, value, "三公经费…");
        f.comparison = Some(Comparison {
            basis: Basis::Budget,
            base: Some(amount(budget)),
            difference: None,
            direction: None,
            percent: None,
            percent_kind: None,
        });
        let mut doc = doc_with(vec![], vec![f, fact(FactId::ThreePublicOverseas, "0", "…")]);
        doc.tables.push(three_public_table());
        doc
    };
    assert!(severities(&total("15", "22.87"), check).is_empty());
    // 22.9 quotes 22.87 rounded to one decimal: within 0.05 + 0.005.
    assert_eq!(
        severities(&total("15", "22.9"), check),
        [Severity::Rounding]
    );
    let wrong = validate_with(&total("16", "22.87"), &[check]);
    assert_eq!(wrong.len(), 1);
    assert_eq!(wrong[0].severity, Severity::Error);
    assert_eq!(wrong[0].expected.unwrap().to_string(), "15.00");
    let mut reception = doc_with(
        vec![],
        vec![fact(FactId::ThreePublicReception, "2.88", "公务接待费…")],
    );
    reception.tables.push(three_public_table());
    assert_eq!(severities(&reception, check), [Severity::Error]);
}

#[test]
fn procurement_parts_sum_to_the_total() {
    let check = CheckId::FactProcurementSum;
    let parts = |total: &str, services: &str| {
        doc_with(
            vec![],
            vec![
                fact(FactId::ProcurementTotal, total, "s"),
                fact(FactId::ProcurementGoods, "13.21", "s"),
                fact(FactId::ProcurementWorks, "0", "s"),
                fact(FactId::ProcurementServices, services, "s"),
            ],
        )
    };
    assert!(severities(&parts("240.79", "227.58"), check).is_empty());
    // 240.8 against 240.79: within the halves of the four printed figures.
    assert_eq!(
        severities(&parts("240.8", "227.58"), check),
        [Severity::Rounding]
    );
    let wrong = validate_with(&parts("240.79", "227.68"), &[check]);
    assert_eq!(wrong.len(), 1);
    assert_eq!(wrong[0].severity, Severity::Error);
    assert_eq!(wrong[0].expected.unwrap().to_string(), "240.89");
    let small = doc_with(
        vec![],
        vec![
            fact(FactId::ProcurementSme, "100.00", "s"),
            fact(FactId::ProcurementSmallMicro, "165.08", "s"),
        ],
    );
    assert_eq!(severities(&small, check), [Severity::Error]);
}

#[test]
fn vehicle_kinds_add_up_to_the_total() {
    let check = CheckId::FactVehicleSum;
    let cars = |total: &str| {
        doc_with(
            vec![],
            vec![
                fact(FactId::VehiclesTotal, total, "共有车辆"),
                fact(FactId::VehiclesOfficial, "1", "共有车辆"),
                fact(FactId::VehiclesOther, "4", "共有车辆"),
                // Another sentence's count is not a part of this total.
                fact(FactId::VehiclesOther, "7", "另一句"),
            ],
        )
    };
    assert!(severities(&cars("5"), check).is_empty());
    let wrong = validate_with(&cars("6"), &[check]);
    assert_eq!(wrong.len(), 1);
    assert_eq!(
        (wrong[0].severity, wrong[0].expected.unwrap().to_string()),
        (Severity::Error, "5".to_string())
    );
}
