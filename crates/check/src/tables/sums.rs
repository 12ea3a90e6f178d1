//! Row sums: a total column against its parts, in each row (and the 三公 subtotals).

use super::*;

use ColumnId::*;

/// In each row of a table of the kind: the total column = Σ the part columns.
#[rustfmt::skip]
static ROW_RULES: &[(TableKind, ColumnId, &[ColumnId])] = &[
    (TableKind::Income, Total, &[FiscalAppropriation, SuperiorSubsidy, Business, Operating, AffiliatedRemittance, OtherIncome]),
    (TableKind::Expenditure, Total, &[Basic, Project, RemitToSuperior, Operating, SubsidyToAffiliated]),
    (TableKind::GeneralBudgetExpenditure, Total, &[Basic, Project]),
    (TableKind::AppropriationSummary, Total, &[GeneralBudget, GovernmentFund, StateCapital]),
    (TableKind::GovernmentFund, ExpenditureTotal, &[Basic, Project]),
    (TableKind::StateCapital, ExpenditureTotal, &[Basic, Project]),
    (TableKind::GeneralBudgetBasicExpenditure, Amount, &[Personnel, PublicFunds]),
];

/// In the 三公 table: each total = Σ its parts, for 预算 and 决算.
static THREE_PUBLIC_RULES: &[(ColumnId, &[ColumnId], &str)] = &[
    (
        BudgetTotal,
        &[BudgetOverseas, BudgetVehicleTotal, BudgetReception],
        "预算 因公出国(境) + 公务用车 + 公务接待",
    ),
    (
        BudgetVehicleTotal,
        &[BudgetVehiclePurchase, BudgetVehicleOperation],
        "预算 购置 + 运行",
    ),
    (
        ActualTotal,
        &[ActualOverseas, ActualVehicleTotal, ActualReception],
        "决算 因公出国(境) + 公务用车 + 公务接待",
    ),
    (
        ActualVehicleTotal,
        &[ActualVehiclePurchase, ActualVehicleOperation],
        "决算 购置 + 运行",
    ),
];

/// The cell at `at` against the sum of the `parts` columns of its row.
fn across_row(cx: &mut Cx<'_>, check: CheckId, at: &At<'_>, parts: &[ColumnId], what: &str) {
    let expected: Fig = parts.iter().map(|p| fig0(cx, at.t, at.row, p)).sum();
    cx.compare(check, Severity::Error, at, expected, what);
}

pub(super) fn row_sums(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for (ti, t) in doc.tables.iter().enumerate() {
        let Some(kind) = t.kind else { continue };
        for row in &t.rows {
            for (_, total, parts) in ROW_RULES.iter().filter(|r| r.0 == kind) {
                if !row.values.contains_key(total)
                    || !parts.iter().any(|p| row.values.contains_key(p))
                {
                    continue;
                }
                let what: Vec<String> = parts
                    .iter()
                    .filter(|p| row.values.contains_key(p))
                    .map(|p| header(t, p))
                    .collect();
                across_row(
                    cx,
                    CheckId::RowSum,
                    &at(ti, t, row, *total),
                    parts,
                    &what.join(" + "),
                );
            }
            if matches!(kind, TableKind::GovernmentFund | TableKind::StateCapital) {
                closing_balance(cx, ti, t, row);
            }
        }
    }
}

/// 年末结转和结余 = 年初 + 本年收入 − 本年支出 in the fund tables.
fn closing_balance(cx: &mut Cx<'_>, ti: usize, t: &Table, row: &Row) {
    if !row.values.contains_key(&ClosingBalance)
        || ![OpeningBalance, Income, ExpenditureTotal]
            .iter()
            .any(|c| row.values.contains_key(c))
    {
        return;
    }
    let expected = fig0(cx, t, row, &OpeningBalance) + fig0(cx, t, row, &Income)
        - fig0(cx, t, row, &ExpenditureTotal);
    let a = at(ti, t, row, ClosingBalance);
    let what = "年初结转和结余 + 本年收入 − 本年支出";
    cx.compare(CheckId::RowSum, Severity::Error, &a, expected, what);
}

pub(super) fn three_public(cx: &mut Cx<'_>) {
    let Some((ti, t)) = kinds(cx, TableKind::ThreePublic) else {
        return;
    };
    for row in &t.rows {
        for (total, parts, what) in THREE_PUBLIC_RULES {
            // A blank total with printed parts is checked too: the total then reads as zero.
            if !parts.iter().any(|p| row.values.contains_key(p)) {
                continue;
            }
            across_row(
                cx,
                CheckId::ThreePublicSum,
                &at(ti, t, row, *total),
                parts,
                what,
            );
        }
    }
}
