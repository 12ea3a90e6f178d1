//! Table kinds, document kinds and the two sides of a summary table.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};

/// The nine standard tables of a 部门决算, with the SCHEMA kind ids.
///
/// The order of the variants is the usual printed order (公开01表 … 公开09表).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// 收入支出决算总表 (`income_expenditure_summary`).
    IncomeExpenditureSummary,
    /// 收入决算表 (`income`).
    Income,
    /// 支出决算表 (`expenditure`).
    Expenditure,
    /// 财政拨款收入支出决算总表 (`appropriation_summary`).
    AppropriationSummary,
    /// 一般公共预算财政拨款支出决算表 (`general_budget_expenditure`).
    GeneralBudgetExpenditure,
    /// 一般公共预算财政拨款基本支出决算表 (`general_budget_basic_expenditure`).
    GeneralBudgetBasicExpenditure,
    /// 财政拨款“三公”经费支出决算表 (`three_public`).
    ThreePublic,
    /// 政府性基金预算财政拨款收入支出决算表 (`government_fund`).
    GovernmentFund,
    /// 国有资本经营预算财政拨款收入支出决算表 (`state_capital`).
    StateCapital,
    /// 一般公共预算财政拨款支出决算明细表（按经济分类科目）
    /// (`general_budget_economic_expenditure`): the whole 一般公共预算 spending
    /// keyed by 经济分类, printed by some templates beside the nine.
    GeneralBudgetEconomicExpenditure,
    /// 部门预算 收支总表 (`budget_income_expenditure_summary`).
    BudgetIncomeExpenditureSummary,
    /// 部门预算 收入总表 (`budget_income`).
    BudgetIncome,
    /// 部门预算 支出总表 (`budget_expenditure`).
    BudgetExpenditure,
    /// 部门预算 财政拨款收支总表 (`budget_appropriation_summary`).
    BudgetAppropriationSummary,
    /// 部门预算 财政拨款支出表 (`budget_appropriation_expenditure`).
    BudgetAppropriationExpenditure,
    /// 部门预算 一般公共预算支出表 (`budget_general_expenditure`).
    BudgetGeneralExpenditure,
    /// 部门预算 一般公共预算基本支出表 (`budget_general_basic_expenditure`).
    BudgetGeneralBasicExpenditure,
    /// 部门预算 支出表按经济分类 (`budget_economic_expenditure`).
    BudgetEconomicExpenditure,
    /// 部门预算 一般公共预算“三公”经费支出表 (`budget_three_public`).
    BudgetThreePublic,
    /// 部门预算 政府性基金预算支出表 (`budget_government_fund`).
    BudgetGovernmentFund,
    /// 部门预算 国有资本经营预算支出表 (`budget_state_capital`).
    BudgetStateCapital,
    /// 部门预算 项目支出表 (`budget_project_expenditure`).
    BudgetProjectExpenditure,
    /// 部门预算 政府采购预算表 (`budget_procurement`).
    BudgetProcurement,
    /// 部门预算 政府购买服务预算表 (`budget_purchased_services`).
    BudgetPurchasedServices,
    /// 部门预算 机关运行经费预算表 (`budget_operating_cost`).
    BudgetOperatingCost,
    /// 部门预算 项目支出绩效目标表 (`budget_project_performance`).
    BudgetProjectPerformance,
    /// 部门预算 部门整体支出绩效目标表 (`budget_overall_performance`).
    BudgetOverallPerformance,
}

/// A kind's id, Chinese name, family and whether it is two-sided, as data.
struct KindInfo {
    kind: TableKind,
    id: &'static str,
    chinese: &'static str,
    family: Family,
    two_sided: bool,
    codes: Option<CodeSystem>,
}

const fn info(
    kind: TableKind,
    id: &'static str,
    chinese: &'static str,
    family: Family,
    two_sided: bool,
    codes: Option<CodeSystem>,
) -> KindInfo {
    KindInfo {
        kind,
        id,
        chinese,
        family,
        two_sided,
        codes,
    }
}

use CodeSystem::{Economic, Function};
use Family::{Budget, FinalAccounts};

/// Every kind, in printed order within each family (决算 first).
#[rustfmt::skip]
const KINDS: [KindInfo; 27] = [
    info(TableKind::IncomeExpenditureSummary, "income_expenditure_summary", "收入支出决算总表", FinalAccounts, true, Some(Function)),
    info(TableKind::Income, "income", "收入决算表", FinalAccounts, false, Some(Function)),
    info(TableKind::Expenditure, "expenditure", "支出决算表", FinalAccounts, false, Some(Function)),
    info(TableKind::AppropriationSummary, "appropriation_summary", "财政拨款收入支出决算总表", FinalAccounts, true, Some(Function)),
    info(TableKind::GeneralBudgetExpenditure, "general_budget_expenditure", "一般公共预算财政拨款支出决算表", FinalAccounts, false, Some(Function)),
    info(TableKind::GeneralBudgetBasicExpenditure, "general_budget_basic_expenditure", "一般公共预算财政拨款基本支出决算表", FinalAccounts, false, Some(Economic)),
    info(TableKind::ThreePublic, "three_public", "财政拨款“三公”经费支出决算表", FinalAccounts, false, None),
    info(TableKind::GovernmentFund, "government_fund", "政府性基金预算财政拨款收入支出决算表", FinalAccounts, false, Some(Function)),
    info(TableKind::StateCapital, "state_capital", "国有资本经营预算财政拨款收入支出决算表", FinalAccounts, false, Some(Function)),
    info(TableKind::GeneralBudgetEconomicExpenditure, "general_budget_economic_expenditure", "一般公共预算财政拨款支出决算明细表（按经济分类科目）", FinalAccounts, false, Some(Economic)),
    info(TableKind::BudgetIncomeExpenditureSummary, "budget_income_expenditure_summary", "收支总表", Budget, true, Some(Function)),
    info(TableKind::BudgetIncome, "budget_income", "收入总表", Budget, false, Some(Function)),
    info(TableKind::BudgetExpenditure, "budget_expenditure", "支出总表", Budget, false, Some(Function)),
    info(TableKind::BudgetAppropriationSummary, "budget_appropriation_summary", "财政拨款收支总表", Budget, true, Some(Function)),
    info(TableKind::BudgetAppropriationExpenditure, "budget_appropriation_expenditure", "财政拨款支出表", Budget, false, Some(Function)),
    info(TableKind::BudgetGeneralExpenditure, "budget_general_expenditure", "一般公共预算支出表", Budget, false, Some(Function)),
    info(TableKind::BudgetGeneralBasicExpenditure, "budget_general_basic_expenditure", "一般公共预算基本支出表", Budget, false, Some(Economic)),
    info(TableKind::BudgetEconomicExpenditure, "budget_economic_expenditure", "支出预算表（按经济分类科目）", Budget, false, Some(Economic)),
    info(TableKind::BudgetThreePublic, "budget_three_public", "一般公共预算“三公”经费支出表", Budget, false, None),
    info(TableKind::BudgetGovernmentFund, "budget_government_fund", "政府性基金预算支出表", Budget, false, Some(Function)),
    info(TableKind::BudgetStateCapital, "budget_state_capital", "国有资本经营预算支出表", Budget, false, Some(Function)),
    info(TableKind::BudgetProjectExpenditure, "budget_project_expenditure", "项目支出表", Budget, false, None),
    info(TableKind::BudgetProcurement, "budget_procurement", "政府采购预算表", Budget, false, None),
    info(TableKind::BudgetPurchasedServices, "budget_purchased_services", "政府购买服务预算表", Budget, false, None),
    info(TableKind::BudgetOperatingCost, "budget_operating_cost", "机关运行经费预算表", Budget, false, Some(Economic)),
    info(TableKind::BudgetProjectPerformance, "budget_project_performance", "项目支出绩效目标表", Budget, false, None),
    info(TableKind::BudgetOverallPerformance, "budget_overall_performance", "部门整体支出绩效目标表", Budget, false, None),
];

/// The publication family a table kind belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// 部门决算 / 单位决算 tables.
    FinalAccounts,
    /// 部门预算 / 单位预算 tables.
    Budget,
}

impl TableKind {
    /// The nine standard 决算 kinds, in the usual printed order (公开01表 … 公开09表).
    pub const ALL: [TableKind; 9] = [
        TableKind::IncomeExpenditureSummary,
        TableKind::Income,
        TableKind::Expenditure,
        TableKind::AppropriationSummary,
        TableKind::GeneralBudgetExpenditure,
        TableKind::GeneralBudgetBasicExpenditure,
        TableKind::ThreePublic,
        TableKind::GovernmentFund,
        TableKind::StateCapital,
    ];

    /// Every kind of both families: the nine 决算 kinds, the 决算 variants,
    /// then the 部门预算 kinds.
    pub fn every() -> impl Iterator<Item = TableKind> {
        KINDS.iter().map(|k| k.kind)
    }

    fn info(self) -> &'static KindInfo {
        // KINDS lists the variants in declaration order (tested), so the
        // discriminant is the index: no search on every id() or family().
        &KINDS[self as usize]
    }

    /// The SCHEMA kind id, as serde renders it.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// Which family of publication prints this kind.
    pub fn family(self) -> Family {
        self.info().family
    }

    /// The usual 公开NN number (1 for 公开01表 … 9 for 公开09表).
    ///
    /// Provinces renumber tables, so a printed number is a hint, not an identity.
    /// Kinds outside the nine have no usual number (0).
    pub fn number(self) -> u8 {
        match self {
            TableKind::IncomeExpenditureSummary => 1,
            TableKind::Income => 2,
            TableKind::Expenditure => 3,
            TableKind::AppropriationSummary => 4,
            TableKind::GeneralBudgetExpenditure => 5,
            TableKind::GeneralBudgetBasicExpenditure => 6,
            TableKind::ThreePublic => 7,
            TableKind::GovernmentFund => 8,
            TableKind::StateCapital => 9,
            _ => 0,
        }
    }

    /// The kind whose usual number is `number`.
    pub fn from_number(number: u8) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|k| k.number() == number)
    }

    /// The standard Chinese title (printed titles vary; matching them is the recognizer's job).
    pub fn chinese_name(self) -> &'static str {
        self.info().chinese
    }

    /// Whether rows carry a [`Side`] (the summaries print income and expenditure side by side).
    pub fn is_two_sided(self) -> bool {
        self.info().two_sided
    }

    /// The classification its code-keyed rows use, if any.
    ///
    /// The two summaries carry 类 codes on their expenditure side, so they report
    /// [`CodeSystem::Function`] too; 三公 is keyed by a label only.
    pub fn code_system(self) -> Option<CodeSystem> {
        self.info().codes
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for TableKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TableKind::every().find(|k| k.id() == s).ok_or_else(|| {
            Error::new(
                ErrorKind::UnknownTableKind,
                format!("unknown table kind id {s:?}"),
            )
        })
    }
}

/// Which classification a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeSystem {
    /// 支出功能分类科目 (3/5/7 digits, 类/款/项).
    Function,
    /// 支出经济分类科目 (3/5 digits, 类/款).
    Economic,
}

/// What kind of publication a PDF is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DocumentKind {
    /// 部门决算 (`final_accounts`): the nine tables this crate describes.
    FinalAccounts,
    /// 部门预算 (`budget`).
    Budget,
    /// 单位决算 (`unit_final_accounts`).
    UnitFinalAccounts,
    /// Not recognised (`unknown`).
    #[default]
    Unknown,
}

impl DocumentKind {
    /// The Chinese name of the publication.
    pub fn chinese_name(self) -> &'static str {
        match self {
            DocumentKind::FinalAccounts => "部门决算",
            DocumentKind::Budget => "部门预算",
            DocumentKind::UnitFinalAccounts => "单位决算",
            DocumentKind::Unknown => "未知",
        }
    }
}

/// How much of a file was read: the status of a read and of its manifest line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every page was read.
    Ok,
    /// Some pages could not be interpreted; the rest was read.
    Partial,
    /// Nothing was read (the reader returned an error).
    Failed,
}

impl Status {
    /// The id written in outputs: `ok`, `partial`, `failed`.
    pub fn id(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::Failed => "failed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The half of a two-sided summary table a row is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// 收入 (`income`), the left half.
    Income,
    /// 支出 (`expenditure`), the right half.
    Expenditure,
}

impl Side {
    /// The SCHEMA id.
    pub fn id(self) -> &'static str {
        match self {
            Side::Income => "income",
            Side::Expenditure => "expenditure",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_use_schema_ids_and_numbers() {
        for (i, kind) in TableKind::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(kind.number()), i + 1);
            assert_eq!(TableKind::from_number(kind.number()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.id())
            );
            assert_eq!(kind.id().parse::<TableKind>().unwrap(), kind);
        }
        assert_eq!(TableKind::ThreePublic.id(), "three_public");
        assert_eq!(TableKind::Income.chinese_name(), "收入决算表");
        let err = "incomes".parse::<TableKind>().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownTableKind);
        assert!(TableKind::AppropriationSummary.is_two_sided());
        assert!(!TableKind::Income.is_two_sided());
        assert_eq!(
            TableKind::GeneralBudgetBasicExpenditure.code_system(),
            Some(CodeSystem::Economic)
        );
    }

    #[test]
    fn every_kind_of_both_families_round_trips() {
        let kinds: Vec<TableKind> = TableKind::every().collect();
        assert_eq!(kinds.len(), 27);
        for (i, kind) in kinds.iter().enumerate() {
            assert_eq!(*kind as usize, i, "KINDS is in declaration order");
        }
        for kind in &kinds {
            assert_eq!(kind.id().parse::<TableKind>().unwrap(), *kind);
            assert_eq!(
                serde_json::to_string(kind).unwrap(),
                format!("\"{}\"", kind.id())
            );
            // The 预算 family, and only it, has ids prefixed `budget_`.
            assert_eq!(
                kind.family() == Family::Budget,
                kind.id().starts_with("budget_"),
                "{kind}"
            );
        }
        let ids: std::collections::BTreeSet<&str> = kinds.iter().map(|k| k.id()).collect();
        assert_eq!(ids.len(), kinds.len(), "ids are unique");
        assert!(TableKind::BudgetAppropriationSummary.is_two_sided());
        assert_eq!(TableKind::BudgetIncome.number(), 0);
        assert_eq!(
            TableKind::BudgetGeneralBasicExpenditure.code_system(),
            Some(CodeSystem::Economic)
        );
    }

    #[test]
    fn document_kinds_and_sides_serialize() {
        assert_eq!(
            serde_json::to_string(&DocumentKind::FinalAccounts).unwrap(),
            r#""final_accounts""#
        );
        assert_eq!(DocumentKind::Budget.chinese_name(), "部门预算");
        assert_eq!(
            serde_json::to_string(&Side::Expenditure).unwrap(),
            r#""expenditure""#
        );
    }
}
