//! The 执行率 of each funding line, and the 自评综述 against its table.

use juesuan_model::{Amount, PerformanceKind};
use rust_decimal::{Decimal, RoundingStrategy};

use super::{half, report, Diff};
use crate::{CheckId, Cx};

/// 执行率 = B / A × 100 for every 自评表 funding line printing all three.
pub(super) fn rate(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for p in doc
        .performance
        .iter()
        .filter(|p| p.kind == PerformanceKind::SelfEvaluation)
    {
        for line in &p.funds {
            let (Some(a), Some(b), Some(rate)) = (&line.budget, &line.execution, &line.rate) else {
                continue;
            };
            let Some((expected, tolerance)) = ratio(a, b, rate) else {
                continue;
            };
            if rounds_to(expected, rate) {
                continue;
            }
            report(
                cx,
                Diff {
                    check: CheckId::PerformanceRate,
                    printed: rate.value(),
                    expected,
                    tolerance,
                    page: line.page,
                    bbox: line.bbox,
                    quote: None,
                    what: format!("「{}」{} 执行率", p.name, line.source),
                },
            );
        }
    }
}

/// B / A in per cent and the tolerance of comparing it with `rate`: the
/// rate's own rounding plus how far A's and B's rounding can move B / A.
pub(super) fn ratio(a: &Amount, b: &Amount, rate: &Amount) -> Option<(Decimal, Decimal)> {
    let (av, bv) = (a.value(), b.value());
    if av <= Decimal::ZERO {
        return None;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let expected = bv.checked_mul(hundred)?.checked_div(av)?;
    let low_a = av - half(a);
    let spread = if low_a > Decimal::ZERO {
        hundred * (half(b) / low_a + bv * half(a) / (av * low_a))
    } else {
        hundred
    };
    // A quotient has no last printed decimal: four places past the rate's
    // are kept, the tolerance rounded up so that it never shrinks.
    let dp = rate.value().scale() + 4;
    let tolerance =
        (half(rate) + spread).round_dp_with_strategy(dp, RoundingStrategy::AwayFromZero);
    Some((expected.round_dp(dp), tolerance))
}

/// Whether `exact` rounded to the printed decimals of `printed` is what is
/// printed: the identity holds and there is nothing to report.
fn rounds_to(exact: Decimal, printed: &Amount) -> bool {
    let scale = printed.value().scale();
    exact.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero) == printed.value()
}

/// The 自评综述's quoted budget, execution and rate against the table's total line.
pub(super) fn summary(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for p in &doc.performance {
        let (Some(s), Some(total)) = (&p.summary, p.total()) else {
            continue;
        };
        let pairs = [
            ("全年预算数", &s.budget, &total.budget),
            ("执行数", &s.execution, &total.execution),
            ("执行率", &s.rate, &total.rate),
        ];
        for (what, quoted, table) in pairs {
            let (Some(q), Some(t)) = (quoted, table) else {
                continue;
            };
            if rounds_to(t.value(), q) {
                continue;
            }
            report(
                cx,
                Diff {
                    check: CheckId::PerformanceSummary,
                    printed: q.value(),
                    expected: t.value(),
                    tolerance: half(q) + half(t),
                    page: s.page,
                    bbox: s.bbox,
                    quote: Some(s.sentence.clone()),
                    what: format!("「{}」自评综述 {what}（自评表 第{}页）", p.name, total.page),
                },
            );
        }
    }
}
