//! The 情况说明 facts: 三公 against the 三公 table, 政府采购 parts against
//! their total, vehicle kinds against 共有车辆.

use juesuan_model::{Basis, ColumnId, Fact, FactId, TableKind};
use rust_decimal::Decimal;

use super::{half, report, Diff};
use crate::{quantum, CheckId, Cx, Fig};

/// The 三公 table's (预算数, 决算数) columns of each 三公 fact.
const THREE_PUBLIC: &[(FactId, ColumnId, ColumnId)] = &[
    (
        FactId::ThreePublicTotal,
        ColumnId::BudgetTotal,
        ColumnId::ActualTotal,
    ),
    (
        FactId::ThreePublicOverseas,
        ColumnId::BudgetOverseas,
        ColumnId::ActualOverseas,
    ),
    (
        FactId::ThreePublicVehicle,
        ColumnId::BudgetVehicleTotal,
        ColumnId::ActualVehicleTotal,
    ),
    (
        FactId::ThreePublicVehiclePurchase,
        ColumnId::BudgetVehiclePurchase,
        ColumnId::ActualVehiclePurchase,
    ),
    (
        FactId::ThreePublicVehicleOperation,
        ColumnId::BudgetVehicleOperation,
        ColumnId::ActualVehicleOperation,
    ),
    (
        FactId::ThreePublicReception,
        ColumnId::BudgetReception,
        ColumnId::ActualReception,
    ),
];

/// Each 三公 amount the narrative states (and the budget quoted with it)
/// against the 三公 table's 三公经费 row; a blank cell reads as zero.
pub(super) fn three_public(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let Some(t) = doc.table(TableKind::ThreePublic) else {
        return;
    };
    let Some(row) = t.rows.first() else {
        return;
    };
    let unit = t.unit.as_ref().or(doc.unit.as_ref());
    let cell = |c: ColumnId| {
        row.values
            .get(&c)
            .map_or(Fig::ZERO, |v| Fig::of(v.amount.value(), unit, quantum(t)))
    };
    for f in &doc.facts {
        let Some(&(_, budget, actual)) = THREE_PUBLIC.iter().find(|(id, _, _)| *id == f.id) else {
            continue;
        };
        let mut quoted = vec![("决算数", f.value.value(), half(&f.value), actual)];
        if let Some(base) = f
            .comparison
            .as_ref()
            .filter(|c| c.basis == Basis::Budget)
            .and_then(|c| c.base.as_ref())
        {
            quoted.push(("预算数", base.value(), half(base), budget));
        }
        for (what, value, own, column) in quoted {
            let fig = cell(column);
            report(
                cx,
                Diff {
                    check: CheckId::FactThreePublic,
                    printed: value,
                    expected: fig.value,
                    tolerance: own + fig.half,
                    page: f.page,
                    bbox: f.bbox,
                    quote: Some(f.sentence.clone()),
                    what: format!(
                        "说明「{}」{what}（三公表 {}）",
                        f.id.chinese_name(),
                        column.id()
                    ),
                },
            );
        }
    }
}

/// The procurement totals with the parts printed after each, in one group.
const PROCUREMENT: &[(FactId, [FactId; 3])] = &[
    (
        FactId::ProcurementTotal,
        [
            FactId::ProcurementGoods,
            FactId::ProcurementWorks,
            FactId::ProcurementServices,
        ],
    ),
    (
        FactId::ProcurementBudgetTotal,
        [
            FactId::ProcurementBudgetGoods,
            FactId::ProcurementBudgetWorks,
            FactId::ProcurementBudgetServices,
        ],
    ),
];

/// 政府采购 total = 货物 + 工程 + 服务, each total with the parts printed
/// after it and before the next total; and 小微 ≤ 中小企业.
pub(super) fn procurement(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for (total_id, parts) in PROCUREMENT {
        for (i, total) in doc
            .facts
            .iter()
            .enumerate()
            .filter(|(_, f)| f.id == *total_id)
        {
            let after = doc.facts[i + 1..].iter().take_while(|f| f.id != *total_id);
            let found: Vec<&Fact> = parts
                .iter()
                .filter_map(|p| after.clone().find(|f| f.id == *p))
                .collect();
            if found.len() != parts.len() {
                continue;
            }
            let sum: Decimal = found.iter().map(|f| f.value.value()).sum();
            let tolerance =
                half(&total.value) + found.iter().map(|f| half(&f.value)).sum::<Decimal>();
            report(
                cx,
                Diff {
                    check: CheckId::FactProcurementSum,
                    printed: total.value.value(),
                    expected: sum,
                    tolerance,
                    page: total.page,
                    bbox: total.bbox,
                    quote: Some(total.sentence.clone()),
                    what: format!("说明「{}」= 货物 + 工程 + 服务", total.id.chinese_name()),
                },
            );
        }
    }
    let first = |id: FactId| doc.facts.iter().find(|f| f.id == id);
    if let (Some(sme), Some(small)) = (
        first(FactId::ProcurementSme),
        first(FactId::ProcurementSmallMicro),
    ) {
        if small.value.value() > sme.value.value() + half(&sme.value) + half(&small.value) {
            report(
                cx,
                Diff {
                    check: CheckId::FactProcurementSum,
                    printed: small.value.value(),
                    expected: sme.value.value(),
                    tolerance: half(&sme.value) + half(&small.value),
                    page: small.page,
                    bbox: small.bbox,
                    quote: Some(small.sentence.clone()),
                    what: "说明「授予小微企业合同金额」不应超过授予中小企业合同金额".to_string(),
                },
            );
        }
    }
}

/// The kinds of vehicle a 共有车辆 sentence lists.
const VEHICLE_KINDS: &[FactId] = &[
    FactId::VehiclesMinisterial,
    FactId::VehiclesLeader,
    FactId::VehiclesOfficial,
    FactId::VehiclesConfidential,
    FactId::VehiclesEmergency,
    FactId::VehiclesLawEnforcement,
    FactId::VehiclesSpecial,
    FactId::VehiclesRetired,
    FactId::VehiclesBusiness,
    FactId::VehiclesOther,
];

/// 共有车辆 = Σ the kinds listed in the same sentence (when it lists any).
pub(super) fn vehicles(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for total in doc.facts.iter().filter(|f| f.id == FactId::VehiclesTotal) {
        let parts: Vec<&Fact> = doc
            .facts
            .iter()
            .filter(|f| VEHICLE_KINDS.contains(&f.id) && f.sentence == total.sentence)
            .collect();
        if parts.is_empty() {
            continue;
        }
        let sum: Decimal = parts.iter().map(|f| f.value.value()).sum();
        report(
            cx,
            Diff {
                check: CheckId::FactVehicleSum,
                printed: total.value.value(),
                expected: sum,
                // Counts are whole: nothing to round.
                tolerance: Decimal::ZERO,
                page: total.page,
                bbox: total.bbox,
                quote: Some(total.sentence.clone()),
                what: "说明「共有车辆」= 各类用车之和".to_string(),
            },
        );
    }
}
