//! Shared by the validation tests: the mutations applied to the seed
//! document and what must catch each.

#![allow(
    dead_code,
    reason = "shared by several test binaries, each using a part"
)]

use juesuan_check::{CheckId, Finding, Severity};
use juesuan_model::{ColumnId, Document, RowKey, Side, TableKind};

/// One printed amount changed: where it is, as printed before and after, and
/// the check that must report an error for it.
pub struct Mutation {
    /// The table the amount is printed in (`None` for the narrative).
    pub kind: Option<TableKind>,
    /// The row side, key and column of the amount (tables only).
    pub cell: Option<(Option<Side>, &'static str, ColumnId)>,
    /// The amount as printed in the description, and its replacement.
    pub from: &'static str,
    pub to: &'static str,
    /// The check that must report an error.
    pub check: CheckId,
}

/// One mutation per table kind, plus one narrative figure.
#[rustfmt::skip]
pub fn mutations() -> Vec<Mutation> {
    use ColumnId::*;
    use TableKind as K;
    let m = |kind, cell, from, to, check| Mutation {
        kind,
        cell,
        from,
        to,
        check,
    };
    vec![
        m(Some(K::IncomeExpenditureSummary), Some((Some(Side::Income), "本年收入合计", Amount)), "109,216.48", "109,216.58", CheckId::SummaryBalance),
        m(Some(K::Income), Some((None, "2011301", Total)), "1,280.50", "1,281.50", CheckId::RowSum),
        m(Some(K::Expenditure), Some((None, "2011301", Total)), "1,279.26", "1,279.36", CheckId::CodeTree),
        m(Some(K::AppropriationSummary), Some((Some(Side::Expenditure), "205", Total)), "9.77", "9.87", CheckId::RowSum),
        m(Some(K::GeneralBudgetExpenditure), Some((None, "210", Total)), "25.19", "25.29", CheckId::CodeTree),
        m(Some(K::GeneralBudgetBasicExpenditure), Some((None, "30101", Amount)), "115.74", "116.74", CheckId::EconomicTree),
        m(Some(K::ThreePublic), Some((None, "三公经费", ActualVehicleTotal)), "13.12", "13.22", CheckId::ThreePublicSum),
        m(Some(K::GovernmentFund), Some((None, "合计", Income)), "1,546.38", "1,546.48", CheckId::CodeTree),
        m(Some(K::StateCapital), Some((None, "合计", ExpenditureTotal)), "0.00", "1.00", CheckId::RowSum),
        m(None, None, "人员经费1,213.79万元", "人员经费1,223.79万元", CheckId::NarrativeAmount),
    ]
}

/// The errors the unmutated seed prints: its narrative quotes the 类 total
/// 101,597.34 for the 款 制造业 (21502), which the tables print as 70,087.22;
/// and its 安全监管 自评表 prints the 执行率 98.90% for 23.708 / 23.98 =
/// 98.87% (on the total and the 区级财政资金 line). Both are in the source
/// PDF the seed transcribes, so they are reported.
pub fn is_known_seed_error(f: &Finding) -> bool {
    let printed = f.printed.map(|p| p.to_string());
    (f.check == CheckId::NarrativeAmount
        && f.key == Some(RowKey::Code("21502".into()))
        && printed == Some("101597.34".into()))
        || (f.check == CheckId::PerformanceRate && printed == Some("98.90".into()))
}

/// The errors of a document other than the known seed one.
pub fn unexpected_errors(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error && !is_known_seed_error(f))
        .collect()
}

/// The key a mutation's row has in the document.
pub fn key(s: &str) -> RowKey {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        RowKey::Code(s.into())
    } else {
        RowKey::Label(s.into())
    }
}

/// Whether the findings hold a new error of the mutation's check.
pub fn caught(m: &Mutation, findings: &[Finding]) -> bool {
    unexpected_errors(findings).iter().any(|f| {
        f.check == m.check
            && (m.kind.is_none() || f.kind == m.kind || m.check == CheckId::NarrativeAmount)
    })
}

/// Reads the committed snapshot of the pipeline's reading of `testdata/pdfs/seed.pdf`.
pub fn seed_document() -> Document {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/seed.document.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}
