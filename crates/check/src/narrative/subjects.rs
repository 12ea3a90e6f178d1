//! Subjects as data: the phrases of the 情况说明 that name a table figure,
//! and the cell each names. One static table; [`super::amounts`] walks it.

use juesuan_model::{ColumnId, Side, TableKind};

use ColumnId as C;
use TableKind as K;
use Target::*;

const S: Option<Side> = Some(Side::Income);
const E: Option<Side> = Some(Side::Expenditure);

/// What a quoted amount is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// A cell: table kind, side, one of the labels (or a code), column.
    Cell(TableKind, Option<Side>, &'static [&'static str], ColumnId),
    /// A 三公 pair: the 预算数 and 决算数 columns.
    ThreePublic(ColumnId, ColumnId),
    /// Figures the tables do not print (机关运行经费, 政府采购 …): not compared.
    Skip,
}

pub(super) const TOTALS: &[&str] = &["合计", "总计"];

/// Subject phrases and what they name. A phrase names the amounts after it
/// in its sentence until another phrase does; the generic ones (收入决算,
/// 支出决算) only when no specific phrase came before.
#[rustfmt::skip]
pub(super) static SUBJECTS: &[(&str, bool, Target)] = &[
    ("财政拨款收入支出总计", false, Cell(K::AppropriationSummary, S, &["总计"], C::Amount)),
    ("财政拨款收支总计", false, Cell(K::AppropriationSummary, S, &["总计"], C::Amount)),
    ("财政拨款收支决算总计", false, Cell(K::AppropriationSummary, S, &["总计"], C::Amount)),
    ("收入支出总计", false, Cell(K::IncomeExpenditureSummary, S, &["总计"], C::Amount)),
    ("收支总计", false, Cell(K::IncomeExpenditureSummary, S, &["总计"], C::Amount)),
    ("收入决算总计", false, Cell(K::IncomeExpenditureSummary, S, &["总计"], C::Amount)),
    ("收入总计", false, Cell(K::IncomeExpenditureSummary, S, &["总计"], C::Amount)),
    ("支出决算总计", false, Cell(K::IncomeExpenditureSummary, E, &["总计"], C::Amount)),
    ("支出总计", false, Cell(K::IncomeExpenditureSummary, E, &["总计"], C::Amount)),
    ("本年收入合计", false, Cell(K::IncomeExpenditureSummary, S, &["本年收入合计"], C::Amount)),
    ("本年支出合计", false, Cell(K::IncomeExpenditureSummary, E, &["本年支出合计"], C::Amount)),
    ("年初结转和结余", false, Cell(K::IncomeExpenditureSummary, S, &["年初结转和结余"], C::Amount)),
    ("年末结转和结余", false, Cell(K::IncomeExpenditureSummary, E, &["年末结转和结余"], C::Amount)),
    ("收入决算", true, Cell(K::IncomeExpenditureSummary, S, &["本年收入合计"], C::Amount)),
    ("支出决算", true, Cell(K::IncomeExpenditureSummary, E, &["本年支出合计"], C::Amount)),
    ("财政拨款收入", false, Cell(K::Income, None, TOTALS, C::FiscalAppropriation)),
    ("上级补助收入", false, Cell(K::Income, None, TOTALS, C::SuperiorSubsidy)),
    ("事业收入", false, Cell(K::Income, None, TOTALS, C::Business)),
    ("经营收入", false, Cell(K::Income, None, TOTALS, C::Operating)),
    ("其他收入", false, Cell(K::Income, None, TOTALS, C::OtherIncome)),
    ("财政拨款支出", false, Cell(K::AppropriationSummary, E, &["本年支出合计"], C::Total)),
    ("一般公共预算财政拨款", false, Cell(K::AppropriationSummary, S, &["一般公共预算财政拨款"], C::Amount)),
    ("政府性基金预算财政拨款", false, Cell(K::AppropriationSummary, S, &["政府性基金预算财政拨款"], C::Amount)),
    ("一般公共预算财政拨款支出", false, Cell(K::GeneralBudgetExpenditure, None, TOTALS, C::Total)),
    ("一般公共预算财政拨款基本支出", false, Cell(K::GeneralBudgetExpenditure, None, TOTALS, C::Basic)),
    ("一般公共预算财政拨款项目支出", false, Cell(K::GeneralBudgetExpenditure, None, TOTALS, C::Project)),
    ("基本支出", false, Cell(K::Expenditure, None, TOTALS, C::Basic)),
    ("项目支出", false, Cell(K::Expenditure, None, TOTALS, C::Project)),
    ("人员经费", false, Cell(K::GeneralBudgetBasicExpenditure, None, &["人员经费合计"], C::Amount)),
    ("公用经费", false, Cell(K::GeneralBudgetBasicExpenditure, None, &["公用经费合计"], C::Amount)),
    ("“三公”经费", false, ThreePublic(C::BudgetTotal, C::ActualTotal)),
    ("“三公”经费财政拨款支出", false, ThreePublic(C::BudgetTotal, C::ActualTotal)),
    ("三公经费财政拨款支出", false, ThreePublic(C::BudgetTotal, C::ActualTotal)),
    ("“三公”经费支出", false, ThreePublic(C::BudgetTotal, C::ActualTotal)),
    ("一般公共预算财政拨款收入", false, Cell(K::AppropriationSummary, S, &["一般公共预算财政拨款"], C::Amount)),
    ("政府性基金预算财政拨款收入", false, Cell(K::AppropriationSummary, S, &["政府性基金预算财政拨款"], C::Amount)),
    ("\"三公\"经费", false, ThreePublic(C::BudgetTotal, C::ActualTotal)),
    ("三公经费", false, ThreePublic(C::BudgetTotal, C::ActualTotal)),
    ("因公出国（境）费", false, ThreePublic(C::BudgetOverseas, C::ActualOverseas)),
    ("因公出国(境)费", false, ThreePublic(C::BudgetOverseas, C::ActualOverseas)),
    ("公务用车购置及运行维护费", false, ThreePublic(C::BudgetVehicleTotal, C::ActualVehicleTotal)),
    ("公务用车购置及运行费", false, ThreePublic(C::BudgetVehicleTotal, C::ActualVehicleTotal)),
    ("公务用车购置费", false, ThreePublic(C::BudgetVehiclePurchase, C::ActualVehiclePurchase)),
    ("公务用车运行维护费", false, ThreePublic(C::BudgetVehicleOperation, C::ActualVehicleOperation)),
    ("公务用车运行费", false, ThreePublic(C::BudgetVehicleOperation, C::ActualVehicleOperation)),
    ("公务接待费", false, ThreePublic(C::BudgetReception, C::ActualReception)),
    ("机关运行经费", false, Skip),
    ("政府采购", false, Skip),
    ("绩效", false, Skip),
    ("资产", false, Skip),
    ("结转结余", false, Skip),
    ("财政拨款结转和结余", false, Skip),
];
