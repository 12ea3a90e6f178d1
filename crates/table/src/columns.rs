//! Printed column headers → canonical column ids, table kind by table kind.

use std::borrow::Cow;

use juesuan_model::{without, ColumnId, Side, TableKind};

/// Removes white space and quotes, which wrapped and styled headers carry;
/// most texts have none and are returned as they are (this runs for many
/// tokens of every table).
pub(crate) fn compact_header(s: &str) -> Cow<'_, str> {
    without(s, |c| {
        c.is_whitespace() || matches!(c, '“' | '”' | '"' | '‘' | '’')
    })
}

/// Header words that name money.
const AMOUNTISH: [&str; 12] = [
    "支出", "收入", "数", "合计", "小计", "费", "结余", "经费", "金额", "其中", "规模", "资金",
];
/// Header words that name a row's code or name. Single characters (类/款/项)
/// only count alone: 拨款 is no 款 column.
const KEYISH: [&str; 4] = ["项目", "科目", "编码", "名称"];

/// Whether a header names a key column (code, name, 项目) rather than amounts.
pub(crate) fn is_key_header(h: &str) -> bool {
    let h = compact_header(h);
    if h.is_empty() {
        return false;
    }
    if is_exact_key_header(&h) {
        return true;
    }
    KEYISH.iter().any(|k| h.contains(k)) && !AMOUNTISH.iter().any(|k| h.contains(k))
}

/// Whether a header names money only (合计, 人员经费支出): no code, name or
/// 项目 word, so whole numbers under it are amounts, not codes.
pub(crate) fn is_amount_header(h: &str) -> bool {
    // 项目支出 is money spent on projects, not a 项目 name column.
    let h = compact_header(h).replace("项目支出", "支出");
    AMOUNTISH.iter().any(|k| h.contains(k))
        && !KEYISH.iter().any(|k| h.contains(k))
        && !is_exact_key_header(&h)
        && !is_row_number_header(&h)
}

/// Whether a header is exactly one of the key headers (类, 款, 项, 项目,
/// 科目名称 …), which names a key column whatever the body holds.
pub(crate) fn is_exact_key_header(h: &str) -> bool {
    matches!(
        compact_header(h).as_ref(),
        "类" | "款"
            | "项"
            | "项目"
            | "科目名称"
            | "科目编码"
            | "功能分类科目编码"
            | "功能分类科目名称"
            | "经济分类科目编码"
            | "经济分类科目名称"
            | "预算单位"
            | "单位名称"
            | "项目名称"
    )
}

/// Whether a header names a row-number column (行次, 栏次).
pub(crate) fn is_row_number_header(h: &str) -> bool {
    let h: String = compact_header(h)
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect();
    matches!(h.as_str(), "行次" | "栏次" | "序号")
}

/// Maps a column's header text to its canonical id, or keeps the printed header.
///
/// `position` and `count` are the column's index among the amount columns of its
/// block and their number, for tables that print one amount column without a
/// telling header.
pub(crate) fn column_id(
    kind: TableKind,
    side: Option<Side>,
    header: &str,
    position: usize,
    count: usize,
) -> ColumnId {
    let h = compact_header(header);
    let rules: &[(&str, ColumnId)] = match (kind, side) {
        (TableKind::Income, _) => &[
            ("附属单位", ColumnId::AffiliatedRemittance),
            ("上级补助", ColumnId::SuperiorSubsidy),
            ("财政拨款", ColumnId::FiscalAppropriation),
            ("事业收入", ColumnId::Business),
            ("经营收入", ColumnId::Operating),
            ("其他收入", ColumnId::OtherIncome),
            ("合计", ColumnId::Total),
            ("小计", ColumnId::Total),
        ],
        (TableKind::Expenditure, _) => &[
            ("附属单位", ColumnId::SubsidyToAffiliated),
            ("上缴上级", ColumnId::RemitToSuperior),
            ("经营支出", ColumnId::Operating),
            ("基本支出", ColumnId::Basic),
            ("项目支出", ColumnId::Project),
            ("合计", ColumnId::Total),
            ("小计", ColumnId::Total),
        ],
        (TableKind::GeneralBudgetExpenditure, _) => &[
            ("基本支出", ColumnId::Basic),
            ("项目支出", ColumnId::Project),
            ("合计", ColumnId::Total),
            ("小计", ColumnId::Total),
            ("决算数", ColumnId::Total),
        ],
        (TableKind::GeneralBudgetBasicExpenditure, _) => &[
            ("人员经费", ColumnId::Personnel),
            ("公用经费", ColumnId::PublicFunds),
            ("决算数", ColumnId::Amount),
            ("金额", ColumnId::Amount),
            ("合计", ColumnId::Amount),
        ],
        (
            TableKind::AppropriationSummary | TableKind::BudgetAppropriationSummary,
            Some(Side::Expenditure),
        ) => &[
            ("一般公共预算", ColumnId::GeneralBudget),
            ("政府性基金", ColumnId::GovernmentFund),
            ("国有资本", ColumnId::StateCapital),
            ("合计", ColumnId::Total),
            ("小计", ColumnId::Total),
        ],
        (TableKind::AppropriationSummary, _) | (TableKind::IncomeExpenditureSummary, _) => {
            &[("决算数", ColumnId::Amount), ("金额", ColumnId::Amount)]
        }
        (TableKind::GovernmentFund, _) | (TableKind::StateCapital, _) => &[
            ("年初结转", ColumnId::OpeningBalance),
            ("年末结转", ColumnId::ClosingBalance),
            ("基本支出", ColumnId::Basic),
            ("项目支出", ColumnId::Project),
            ("本年收入", ColumnId::Income),
            ("小计", ColumnId::ExpenditureTotal),
            ("合计", ColumnId::ExpenditureTotal),
            ("本年支出", ColumnId::ExpenditureTotal),
        ],
        (TableKind::ThreePublic | TableKind::BudgetThreePublic, _) => &[],
        (TableKind::BudgetIncome, _) => &[
            ("附属单位", ColumnId::AffiliatedRemittance),
            ("上级补助", ColumnId::SuperiorSubsidy),
            ("一般公共预算", ColumnId::GeneralBudget),
            ("政府性基金", ColumnId::GovernmentFund),
            ("国有资本", ColumnId::StateCapital),
            ("事业收入", ColumnId::Business),
            ("经营收入", ColumnId::Operating),
            ("其他收入", ColumnId::OtherIncome),
            ("上年结转", ColumnId::OpeningBalance),
            ("上年结余", ColumnId::OpeningBalance),
            ("财政拨款", ColumnId::FiscalAppropriation),
            ("总计", ColumnId::Total),
            ("合计", ColumnId::Total),
        ],
        (TableKind::BudgetExpenditure, _) => &[
            ("附属单位", ColumnId::SubsidyToAffiliated),
            ("上缴上级", ColumnId::RemitToSuperior),
            ("经营支出", ColumnId::Operating),
            ("基本支出", ColumnId::Basic),
            ("项目支出", ColumnId::Project),
            ("总计", ColumnId::Total),
            ("合计", ColumnId::Total),
        ],
        (TableKind::BudgetAppropriationSummary | TableKind::BudgetIncomeExpenditureSummary, _) => {
            &[("预算数", ColumnId::Amount), ("金额", ColumnId::Amount)]
        }
        (TableKind::BudgetGeneralBasicExpenditure | TableKind::BudgetOperatingCost, _) => &[
            ("人员经费", ColumnId::Personnel),
            ("公用经费", ColumnId::PublicFunds),
            ("合计", ColumnId::Amount),
            ("预算数", ColumnId::Amount),
            ("金额", ColumnId::Amount),
        ],
        (
            TableKind::GeneralBudgetEconomicExpenditure
            | TableKind::BudgetGeneralExpenditure
            | TableKind::BudgetAppropriationExpenditure
            | TableKind::BudgetGovernmentFund
            | TableKind::BudgetStateCapital
            | TableKind::BudgetEconomicExpenditure,
            _,
        ) => &[
            ("基本支出", ColumnId::Basic),
            ("项目支出", ColumnId::Project),
            ("合计", ColumnId::Total),
            ("小计", ColumnId::Total),
            ("总计", ColumnId::Total),
            ("预算数", ColumnId::Total),
            ("决算数", ColumnId::Total),
        ],
        (
            TableKind::BudgetProjectExpenditure
            | TableKind::BudgetProcurement
            | TableKind::BudgetPurchasedServices
            | TableKind::BudgetProjectPerformance
            | TableKind::BudgetOverallPerformance,
            _,
        ) => &[("合计", ColumnId::Total), ("总计", ColumnId::Total)],
    };
    for (pattern, id) in rules {
        if h.contains(pattern) {
            return *id;
        }
    }
    // A block with a single amount column has one obvious meaning.
    if count == 1 && position == 0 {
        match (kind, side) {
            (
                TableKind::AppropriationSummary | TableKind::BudgetAppropriationSummary,
                Some(Side::Expenditure),
            ) => return ColumnId::Total,
            (TableKind::AppropriationSummary, _)
            | (TableKind::IncomeExpenditureSummary, _)
            | (TableKind::BudgetAppropriationSummary, _)
            | (TableKind::BudgetIncomeExpenditureSummary, _)
            | (TableKind::GeneralBudgetBasicExpenditure, _)
            | (TableKind::BudgetGeneralBasicExpenditure, _) => return ColumnId::Amount,
            _ => {}
        }
    }
    ColumnId::other(if h.is_empty() { "?" } else { &h })
}

/// Maps one 三公 column from its budget/actual heading and its item heading.
pub(crate) fn three_public_id(stage: &str, item: &str) -> ColumnId {
    let actual = stage.contains("决算") || stage.contains("实际");
    let item = compact_header(item);
    let which = if item.contains("出国") {
        0
    } else if item.contains("接待") {
        1
    } else if item.contains("小计") || item.contains("购置及运行") || item.contains("购置和运行")
    {
        2
    } else if item.contains("购置") {
        3
    } else if item.contains("运行") {
        4
    } else if item.contains("合计") || item.contains("总计") || item.contains("三公") {
        5
    } else {
        return ColumnId::other(&format!("{stage}{item}"));
    };
    let ids = if actual {
        [
            ColumnId::ActualOverseas,
            ColumnId::ActualReception,
            ColumnId::ActualVehicleTotal,
            ColumnId::ActualVehiclePurchase,
            ColumnId::ActualVehicleOperation,
            ColumnId::ActualTotal,
        ]
    } else {
        [
            ColumnId::BudgetOverseas,
            ColumnId::BudgetReception,
            ColumnId::BudgetVehicleTotal,
            ColumnId::BudgetVehiclePurchase,
            ColumnId::BudgetVehicleOperation,
            ColumnId::BudgetTotal,
        ]
    };
    ids[which]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_headers_map_to_canonical_ids() {
        let id = |k, h: &str| column_id(k, None, h, 0, 7);
        assert_eq!(id(TableKind::Income, "本年收入合 计"), ColumnId::Total);
        assert_eq!(
            id(TableKind::Income, "附属单位上 缴收入"),
            ColumnId::AffiliatedRemittance
        );
        assert_eq!(
            id(TableKind::Expenditure, "对附属单位补 助支出"),
            ColumnId::SubsidyToAffiliated
        );
        assert_eq!(id(TableKind::Expenditure, "项目支 出"), ColumnId::Project);
        assert_eq!(
            id(TableKind::GovernmentFund, "年初结转和 结余"),
            ColumnId::OpeningBalance
        );
        assert_eq!(
            id(TableKind::Income, "捐赠收入"),
            ColumnId::other("捐赠收入")
        );
    }

    #[test]
    fn three_public_pairs_and_blocks() {
        assert_eq!(
            three_public_id("预算数", "因公出国（境）费"),
            ColumnId::BudgetOverseas
        );
        assert_eq!(
            three_public_id("决算数", "公务用车购置费"),
            ColumnId::ActualVehiclePurchase
        );
        assert_eq!(
            three_public_id("决算数", "小计"),
            ColumnId::ActualVehicleTotal
        );
        assert_eq!(three_public_id("预算数", "合计"), ColumnId::BudgetTotal);
    }

    #[test]
    fn key_headers() {
        assert!(is_key_header("科目名称"));
        assert!(is_key_header("项 目"));
        assert!(is_key_header("功能分类科目编码"));
        assert!(!is_key_header("项目支出"));
        assert!(!is_key_header("决算数"));
        assert!(!is_key_header("一般公共预算财政拨款"));
        assert!(is_row_number_header("行次"));
    }
}
