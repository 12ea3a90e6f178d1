//! Project performance tables as records: the 项目支出绩效自评表 of a 决算
//! (targets and actuals) and the 绩效目标表 of a 预算 (targets only).
//!
//! Only the types live here; reading the tables is the `juesuan-facts` crate's.

use serde::{Deserialize, Serialize};

use crate::amount::Amount;

/// Which kind of performance table a record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PerformanceKind {
    /// A 决算's 绩效自评表: budget, execution and actual values.
    SelfEvaluation,
    /// A 预算's 绩效目标表: budget and targets, no actuals.
    Target,
}

impl PerformanceKind {
    /// The id serde writes.
    pub fn id(self) -> &'static str {
        match self {
            PerformanceKind::SelfEvaluation => "self_evaluation",
            PerformanceKind::Target => "target",
        }
    }
}

/// One funding line of a project: 年度资金总额, 其中：财政拨款, 其他资金 …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FundLine {
    /// The printed label, white space and trailing colon removed.
    pub source: String,
    /// 全年预算数 (A), or the amount of a 绩效目标表.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Amount>,
    /// 全年执行数 (B).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<Amount>,
    /// 执行率 (B/A) in per cent, as printed without `%`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Amount>,
    /// The page of the line.
    pub page: u32,
    /// The box of the line's printed figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
}

/// One indicator row: 一级/二级/三级指标, target and actual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// 一级指标 (carried down from the row above when the cell spans rows).
    pub level1: String,
    /// 二级指标 (carried down likewise).
    pub level2: String,
    /// 三级指标.
    pub level3: String,
    /// 年度指标值 as printed.
    pub target: String,
    /// 全年完成值 as printed (自评表 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// The unit read from the end of the target (次, %, 万元 …), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// 未完成原因和改进措施 / 偏差原因, when printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The page of the row.
    pub page: u32,
}

/// One project's performance table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Performance {
    /// 自评 (决算) or 目标 (预算).
    pub kind: PerformanceKind,
    /// 项目名称.
    pub name: String,
    /// 主管部门 as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// 实施单位 (资金使用单位).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementer: Option<String>,
    /// The 1-based pages the table is printed on.
    pub pages: Vec<u32>,
    /// The unit of the fund lines (万元, 元), from the 项目资金（万元） label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The funding lines in printed order; the first is the total.
    pub funds: Vec<FundLine>,
    /// The indicator rows in printed order.
    pub indicators: Vec<Indicator>,
    /// What the 自评综述 prose says of the project, when it has a paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<PerformanceSummary>,
}

/// The figures a 自评综述 paragraph quotes for one project: 项目全年预算数
/// 853.48 万元，执行数 788.48 万元，预算执行率 92.4%.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PerformanceSummary {
    /// The quoted 全年预算数 (or 下达投资计划), in 万元.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Amount>,
    /// The quoted 执行数 (or 实际完成投资), in 万元.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution: Option<Amount>,
    /// The quoted 执行率 in per cent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Amount>,
    /// The page of the paragraph.
    pub page: u32,
    /// The box of the quoted rate (or of the first figure quoted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    /// The sentence quoting the figures.
    pub sentence: String,
}

impl Performance {
    /// The total funding line (年度资金总额), the first printed.
    pub fn total(&self) -> Option<&FundLine> {
        self.funds.first()
    }
}
