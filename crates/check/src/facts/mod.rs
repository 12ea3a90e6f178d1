//! Checks on the records `juesuan-facts` reads beside the tables: the
//! performance tables' 执行率 and 自评综述 (`performance.rs`), and the
//! 情况说明 facts against each other and the 三公 table (`narrative.rs`).
//!
//! Figures are exact decimals; the tolerance of an identity is half a unit
//! of the last printed decimal of every figure in it, as elsewhere.

mod narrative;
mod performance;

use juesuan_model::{Amount, Finding};
use rust_decimal::Decimal;

use crate::{half_unit, CheckId, Cx, Severity};

pub(crate) fn run(cx: &mut Cx<'_>) {
    performance::rate(cx);
    performance::summary(cx);
    narrative::three_public(cx);
    narrative::procurement(cx);
    narrative::vehicles(cx);
}

/// One comparison of a printed figure with what others make it.
pub(crate) struct Diff {
    pub check: CheckId,
    pub printed: Decimal,
    pub expected: Decimal,
    pub tolerance: Decimal,
    pub page: u32,
    pub bbox: Option<[f64; 4]>,
    pub quote: Option<String>,
    pub what: String,
}

/// Records `d` unless it holds exactly: an error beyond the tolerance, a
/// rounding finding within it.
pub(crate) fn report(cx: &mut Cx<'_>, d: Diff) {
    let diff = d.printed - d.expected;
    if diff.is_zero() || !cx.on(d.check) {
        return;
    }
    let severity = if diff.abs() <= d.tolerance {
        Severity::Rounding
    } else {
        Severity::Error
    };
    let mut f = Finding::new(
        d.check,
        severity,
        format!(
            "{} 印 {}，应为 {}，差 {}（容差 {}）",
            d.what,
            d.printed,
            d.expected.round_dp(4).normalize(),
            diff.round_dp(4).normalize(),
            d.tolerance.round_dp(4).normalize()
        ),
    );
    f.page = Some(d.page);
    f.bbox = d.bbox;
    f.printed = Some(d.printed);
    f.expected = Some(d.expected);
    f.difference = Some(diff);
    f.tolerance = Some(d.tolerance);
    f.quote = d.quote;
    cx.push(f);
}

/// Half a unit of an amount's last printed decimal; none for a zero, which
/// the 情况说明 prints for nothing spent (`0 万元`), not for a rounded figure.
pub(crate) fn half(a: &Amount) -> Decimal {
    if a.value().is_zero() {
        Decimal::ZERO
    } else {
        half_unit(a.value())
    }
}
