//! The seed fixture's 情况说明 facts and performance records, and altered
//! copies of its text layer that each produce the intended finding.

use juesuan::model::{Document, FactId, PerformanceKind};
use juesuan::{CheckId, Options, Severity};

fn seed() -> (Document, Vec<juesuan::text::Page>) {
    let read = juesuan::read(
        "testdata/pdfs/seed.pdf".as_ref(),
        &Options::new().keep_pages(true),
    )
    .unwrap();
    (read.document, read.pages)
}

/// The first fact of `id`: its value as printed and its page.
fn first(doc: &Document, id: FactId) -> (String, u32) {
    let f = doc
        .facts
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no {id}"));
    (f.value.to_string(), f.page)
}

#[test]
fn the_seed_yields_every_fact_the_issue_quotes() {
    let (doc, _) = seed();
    let want: &[(FactId, &str, u32)] = &[
        (FactId::OperatingCost, "59.97", 23),
        (FactId::ProcurementTotal, "240.79", 23),
        (FactId::ProcurementGoods, "13.21", 23),
        (FactId::ProcurementWorks, "0", 23),
        (FactId::ProcurementServices, "227.58", 23),
        (FactId::ProcurementSme, "240.79", 23),
        (FactId::ProcurementSmallMicro, "165.08", 23),
        (FactId::VehiclesTotal, "5", 23),
        (FactId::VehiclesOfficial, "1", 23),
        (FactId::VehiclesOther, "4", 23),
        (FactId::EquipmentGeneral500k, "0", 23),
        (FactId::EquipmentSpecial1m, "0", 23),
        (FactId::ThreePublicTotal, "15", 20),
        (FactId::OverseasGroups, "0", 20),
        (FactId::VehiclePurchases, "0", 20),
        (FactId::VehicleFleet, "5", 20),
        (FactId::ReceptionBatches, "9", 20),
        (FactId::ReceptionPeople, "128", 20),
        (FactId::ReceptionForeign, "0", 20),
        (FactId::ReceptionDomestic, "1.88", 20),
        (FactId::PerformanceProjectsEvaluated, "10", 21),
    ];
    for (id, value, page) in want {
        assert_eq!(first(&doc, *id), (value.to_string(), *page), "{id}");
    }
    // 机关运行经费 with its comparison: 比年初预算数减少 48.55 万元，降低 44.7%.
    let op = doc
        .facts
        .iter()
        .find(|f| f.id == FactId::OperatingCost)
        .unwrap();
    let c = op.comparison.as_ref().unwrap();
    assert_eq!(c.basis, juesuan::model::Basis::Budget);
    assert_eq!(
        (
            c.difference.as_ref().unwrap().to_string(),
            c.percent.as_ref().unwrap().to_string()
        ),
        ("48.55".to_string(), "44.7".to_string())
    );
    assert_eq!(c.direction.as_deref(), Some("减少"));
    let b = op.bbox.unwrap();
    assert!(b[0] < b[2] && b[1] < b[3], "{b:?}");
    // Each 三公 item with its budget and the previous year's figure.
    let reception: Vec<_> = doc
        .facts
        .iter()
        .filter(|f| f.id == FactId::ThreePublicReception)
        .collect();
    let bases: Vec<(juesuan::model::Basis, Option<String>)> = reception
        .iter()
        .filter_map(|f| f.comparison.as_ref())
        .map(|c| {
            (
                c.basis,
                c.base
                    .as_ref()
                    .map(ToString::to_string)
                    .or(c.difference.as_ref().map(ToString::to_string)),
            )
        })
        .collect();
    assert!(
        bases.contains(&(juesuan::model::Basis::Budget, Some("6".into()))),
        "{bases:?}"
    );
    assert!(
        bases.contains(&(juesuan::model::Basis::PreviousYear, Some("4.55".into()))),
        "{bases:?}"
    );
}

#[test]
fn the_seed_yields_ten_self_evaluations_matching_its_text() {
    let (doc, _) = seed();
    let got: Vec<(&str, String, String, String)> = doc
        .performance
        .iter()
        .map(|p| {
            let t = p.total().unwrap();
            let s = |a: &Option<juesuan::model::Amount>| {
                a.as_ref().map_or(String::new(), |a| a.value().to_string())
            };
            (p.name.as_str(), s(&t.budget), s(&t.execution), s(&t.rate))
        })
        .collect();
    let want = [
        ("一般行政管理事务", "853.48", "788.48", "92.38"),
        ("其他商贸事务支出", "1578.31", "1273.78", "80.71"),
        ("能源节约利用", "29.00", "22.62", "78.00"),
        ("其他扶贫支出", "2679.22", "2678.93", "99.99"),
        ("其他制造业支出", "72549.65", "71935.34", "99.15"),
        ("培训支出", "10.00", "9.77", "97.70"),
        ("工业和信息产业支持", "30166", "29612.85", "98.17"),
        ("安全监管", "23.98", "23.708", "98.90"),
        ("坪山区产业空间地图（二期）项目", "49.15", "49.15", "100"),
        ("抗疫特别国债支出", "1546.38", "1546.38", "100.00"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(n, a, b, r)| (*n, a.to_string(), b.to_string(), r.to_string()))
        .collect();
    assert_eq!(got, want);
    assert!(doc
        .performance
        .iter()
        .all(|p| p.kind == PerformanceKind::SelfEvaluation));
    // Every project has its 自评综述 paragraph and its indicator rows.
    assert!(doc
        .performance
        .iter()
        .all(|p| p.summary.is_some() && p.indicators.len() >= 8));
    let first = &doc.performance[0];
    assert_eq!(
        first.department.as_deref(),
        Some("深圳市坪山区工业和信息化局")
    );
    let row = &first.indicators[1];
    assert_eq!(
        (
            row.level1.as_str(),
            row.level2.as_str(),
            row.level3.as_str(),
            row.target.as_str(),
            row.actual.as_deref()
        ),
        ("产出指标", "数量指标", "组织开展体检", "1次", Some("1"))
    );
}

/// The seed's text layer with `from` replaced by `to` in every token on
/// `page`, read again: its facts and the findings of `check`.
fn altered(page: u32, from: &str, to: &str, check: CheckId) -> Vec<juesuan::Finding> {
    let (mut doc, mut pages) = seed();
    let mut n = 0;
    for t in pages
        .iter_mut()
        .filter(|p| p.number == page)
        .flat_map(|p| p.tokens.iter_mut())
    {
        if t.text.contains(from) {
            t.text = t.text.replace(from, to);
            n += 1;
        }
    }
    assert!(n > 0, "{from} is printed on page {page}");
    juesuan::facts::read(&pages, &mut doc);
    juesuan::check::validate_with(&doc, &[check])
}

fn errors(findings: &[juesuan::Finding]) -> Vec<(u32, String)> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.page.unwrap(), f.printed.unwrap().to_string()))
        .collect()
}

#[test]
fn the_unaltered_seed_holds_on_the_fact_checks() {
    let (doc, _) = seed();
    for check in [
        CheckId::FactThreePublic,
        CheckId::FactProcurementSum,
        CheckId::FactVehicleSum,
    ] {
        assert!(
            errors(&juesuan::check::validate_with(&doc, &[check])).is_empty(),
            "{check}"
        );
    }
}

#[test]
fn a_wrong_execution_rate_is_an_error() {
    let (doc, _) = seed();
    let before = errors(&juesuan::check::validate_with(
        &doc,
        &[CheckId::PerformanceRate],
    ));
    // The seed's 安全监管 prints 98.90% for 23.708 / 23.98 = 98.87%.
    assert_eq!(
        before,
        [(42, "98.90".to_string()), (43, "98.90".to_string())]
    );
    let after = errors(&altered(35, "92.38%", "93.38%", CheckId::PerformanceRate));
    assert_eq!(
        &after[..2],
        [(35, "93.38".to_string()), (35, "93.38".to_string())]
    );
}

#[test]
fn procurement_parts_that_do_not_sum_are_an_error() {
    let after = errors(&altered(
        23,
        "227.58",
        "227.68",
        CheckId::FactProcurementSum,
    ));
    assert_eq!(after, [(23, "240.79".to_string())]);
}

#[test]
fn a_three_public_narrative_that_disagrees_with_the_table_is_an_error() {
    let after = altered(20, "1.88", "2.88", CheckId::FactThreePublic);
    let errs = errors(&after);
    assert!(!errs.is_empty());
    assert!(
        errs.iter().all(|e| e == &(20, "2.88".to_string())),
        "{errs:?}"
    );
    assert!(after
        .iter()
        .all(|f| f.expected.unwrap().to_string() == "1.88"));
}
