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
}

impl TableKind {
    /// All kinds in the usual printed order.
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

    /// The SCHEMA kind id, as serde renders it.
    pub fn id(self) -> &'static str {
        match self {
            TableKind::IncomeExpenditureSummary => "income_expenditure_summary",
            TableKind::Income => "income",
            TableKind::Expenditure => "expenditure",
            TableKind::AppropriationSummary => "appropriation_summary",
            TableKind::GeneralBudgetExpenditure => "general_budget_expenditure",
            TableKind::GeneralBudgetBasicExpenditure => "general_budget_basic_expenditure",
            TableKind::ThreePublic => "three_public",
            TableKind::GovernmentFund => "government_fund",
            TableKind::StateCapital => "state_capital",
        }
    }

    /// The usual 公开NN number (1 for 公开01表 … 9 for 公开09表).
    ///
    /// Provinces renumber tables, so a printed number is a hint, not an identity.
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
        }
    }

    /// The kind whose usual number is `number`.
    pub fn from_number(number: u8) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|k| k.number() == number)
    }

    /// The standard Chinese title (printed titles vary; matching them is the recognizer's job).
    pub fn chinese_name(self) -> &'static str {
        match self {
            TableKind::IncomeExpenditureSummary => "收入支出决算总表",
            TableKind::Income => "收入决算表",
            TableKind::Expenditure => "支出决算表",
            TableKind::AppropriationSummary => "财政拨款收入支出决算总表",
            TableKind::GeneralBudgetExpenditure => "一般公共预算财政拨款支出决算表",
            TableKind::GeneralBudgetBasicExpenditure => "一般公共预算财政拨款基本支出决算表",
            TableKind::ThreePublic => "财政拨款“三公”经费支出决算表",
            TableKind::GovernmentFund => "政府性基金预算财政拨款收入支出决算表",
            TableKind::StateCapital => "国有资本经营预算财政拨款收入支出决算表",
        }
    }

    /// Whether rows carry a [`Side`] (the two summaries print income and expenditure side by side).
    pub fn is_two_sided(self) -> bool {
        matches!(
            self,
            TableKind::IncomeExpenditureSummary | TableKind::AppropriationSummary
        )
    }

    /// The classification its code-keyed rows use, if any.
    ///
    /// The two summaries carry 类 codes on their expenditure side, so they report
    /// [`CodeSystem::Function`] too; 三公 is keyed by a label only.
    pub fn code_system(self) -> Option<CodeSystem> {
        match self {
            TableKind::GeneralBudgetBasicExpenditure => Some(CodeSystem::Economic),
            TableKind::ThreePublic => None,
            _ => Some(CodeSystem::Function),
        }
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
        TableKind::ALL
            .into_iter()
            .find(|k| k.id() == s)
            .ok_or_else(|| {
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
