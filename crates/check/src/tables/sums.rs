//! Row sums: a total column against its parts, in each row (and the 三公 subtotals).

use super::*;

pub(super) fn row_sums(cx: &mut Cx<'_>) {
    use ColumnId::*;
    let doc = cx.doc;
    for (ti, t) in doc.tables.iter().enumerate() {
        let Some(kind) = t.kind else { continue };
        let rules: Vec<(ColumnId, Vec<ColumnId>)> = match kind {
            TableKind::Income => vec![(
                Total,
                vec![
                    FiscalAppropriation,
                    SuperiorSubsidy,
                    Business,
                    Operating,
                    AffiliatedRemittance,
                    OtherIncome,
                ],
            )],
            TableKind::Expenditure => vec![(
                Total,
                vec![
                    Basic,
                    Project,
                    RemitToSuperior,
                    Operating,
                    SubsidyToAffiliated,
                ],
            )],
            TableKind::GeneralBudgetExpenditure => vec![(Total, vec![Basic, Project])],
            TableKind::AppropriationSummary => {
                vec![(Total, vec![GeneralBudget, GovernmentFund, StateCapital])]
            }
            TableKind::GovernmentFund | TableKind::StateCapital => {
                vec![(ExpenditureTotal, vec![Basic, Project])]
            }
            TableKind::GeneralBudgetBasicExpenditure => {
                vec![(Amount, vec![Personnel, PublicFunds])]
            }
            _ => Vec::new(),
        };
        for row in &t.rows {
            for (total, parts) in &rules {
                if !row.values.contains_key(total)
                    || !parts.iter().any(|p| row.values.contains_key(p))
                {
                    continue;
                }
                let expected: Fig = parts.iter().map(|p| fig0(cx, t, row, p)).sum();
                let what: Vec<String> = parts
                    .iter()
                    .filter(|p| row.values.contains_key(p))
                    .map(|p| header(t, p))
                    .collect();
                let a = at(ti, t, row, *total);
                cx.compare(
                    CheckId::RowSum,
                    Severity::Error,
                    &a,
                    expected,
                    &what.join(" + "),
                );
            }
            // 年末结转和结余 = 年初 + 本年收入 − 本年支出 in the fund tables.
            if matches!(kind, TableKind::GovernmentFund | TableKind::StateCapital)
                && row.values.contains_key(&ClosingBalance)
                && [OpeningBalance, Income, ExpenditureTotal]
                    .iter()
                    .any(|c| row.values.contains_key(c))
            {
                let expected = fig0(cx, t, row, &OpeningBalance) + fig0(cx, t, row, &Income)
                    - fig0(cx, t, row, &ExpenditureTotal);
                let a = at(ti, t, row, ClosingBalance);
                cx.compare(
                    CheckId::RowSum,
                    Severity::Error,
                    &a,
                    expected,
                    "年初结转和结余 + 本年收入 − 本年支出",
                );
            }
        }
    }
}

pub(super) fn three_public(cx: &mut Cx<'_>) {
    use ColumnId::*;
    let Some((ti, t)) = kinds(cx, TableKind::ThreePublic) else {
        return;
    };
    let rules = [
        (
            BudgetTotal,
            vec![BudgetOverseas, BudgetVehicleTotal, BudgetReception],
            "预算 因公出国(境) + 公务用车 + 公务接待",
        ),
        (
            BudgetVehicleTotal,
            vec![BudgetVehiclePurchase, BudgetVehicleOperation],
            "预算 购置 + 运行",
        ),
        (
            ActualTotal,
            vec![ActualOverseas, ActualVehicleTotal, ActualReception],
            "决算 因公出国(境) + 公务用车 + 公务接待",
        ),
        (
            ActualVehicleTotal,
            vec![ActualVehiclePurchase, ActualVehicleOperation],
            "决算 购置 + 运行",
        ),
    ];
    for row in &t.rows {
        for (total, parts, what) in &rules {
            // A blank total with printed parts is checked too: the total then reads as zero.
            let any_part = parts.iter().any(|p| row.values.contains_key(p));
            if !row.values.contains_key(total) && !any_part {
                continue;
            }
            if !any_part {
                continue;
            }
            let expected: Fig = parts.iter().map(|p| fig0(cx, t, row, p)).sum();
            let a = at(ti, t, row, *total);
            cx.compare(CheckId::ThreePublicSum, Severity::Error, &a, expected, what);
        }
    }
}
