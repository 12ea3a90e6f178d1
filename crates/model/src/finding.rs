//! Findings of the 勾稽 checks: what was checked ([`CheckId`]), how serious a
//! difference is ([`Severity`]) and where it sits ([`Finding`]).
//!
//! Only the types live here, so that a [`crate::Document`] can carry its
//! findings; the checks themselves are the `juesuan-check` crate.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::column::ColumnId;
use crate::document::RowKey;
use crate::kind::{Side, TableKind};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Printed figures contradict each other beyond what rounding explains.
    Error,
    /// Something a reviewer should look at that is not a broken identity:
    /// a customary relation that does not hold, a wrong year, a name that
    /// differs from the table, an arithmetic slip inside the narrative.
    Warning,
    /// Figures differ by no more than the rounding of the printed figures allows.
    Rounding,
    /// A structural note (a table printed empty), for the record.
    Info,
}

impl Severity {
    /// The id serde writes (`error`, `warning`, `rounding`, `info`).
    pub fn id(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Rounding => "rounding",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

macro_rules! checks {
    ($( $variant:ident = $id:literal, $zh:literal, $en:literal, $doc:literal; )*) => {
        /// The stable identity of one check.
        ///
        /// Serde and [`CheckId::id`] use the snake-case ids, which never change
        /// once published; [`CheckId::doc`] explains each check.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum CheckId {
            $( #[doc = $doc] $variant, )*
        }

        impl CheckId {
            /// Every check, in the order they run.
            pub const ALL: &'static [CheckId] = &[$(CheckId::$variant),*];

            /// The stable snake-case id.
            pub fn id(self) -> &'static str {
                match self { $(CheckId::$variant => $id,)* }
            }

            /// The short Chinese name.
            pub fn chinese_name(self) -> &'static str {
                match self { $(CheckId::$variant => $zh,)* }
            }

            /// The short English name.
            pub fn english_name(self) -> &'static str {
                match self { $(CheckId::$variant => $en,)* }
            }

            /// What the check verifies.
            pub fn doc(self) -> &'static str {
                match self { $(CheckId::$variant => $doc,)* }
            }
        }
    };
}

checks! {
    RowSum = "row_sum", "行内合计", "row total",
        "Within a row, a total equals the sum of its parts: 收入合计 = Σ sources, 支出合计 = 基本 + 项目 + …, 公开04 合计 = 一般公共预算 + 政府性基金 + 国有资本, and in the fund tables 本年支出 = 基本 + 项目 and 年末 = 年初 + 收入 − 支出.";
    ThreePublicSum = "three_public_sum", "三公构成", "three-public breakdown",
        "三公 total = 因公出国(境) + 公务用车 + 公务接待, and 公务用车 = 购置 + 运行, for both 预算数 and 决算数.";
    CodeTree = "code_tree", "功能分类层级", "function-code tree",
        "Down the 功能分类 tree, for every column: 类 = Σ款, 款 = Σ项, 合计 = Σ类; in the two summaries 本年支出合计 = Σ类 rows.";
    EconomicTree = "economic_tree", "经济分类层级", "economic-code tree",
        "Down the 经济分类 tree of the basic table: 301 = Σ301xx …, and 合计 = Σ类.";
    PersonnelPublic = "personnel_public", "人员公用经费", "personnel and public funds",
        "人员经费合计 = 301 + 303; 公用经费合计 = 302 + 310 + the other classes printed.";
    SummaryBalance = "summary_balance", "收支平衡", "summary balance",
        "Two-sided summaries: 本年收入合计 = Σ sources; 收入总计 = 本年收入合计 + 使用 非财政拨款结余 + 年初结转和结余; 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余; 收入总计 = 支出总计; per fund column of the 财政拨款 summary.";
    CrossIncome = "cross_income", "总表收入对收入表", "summary income vs income table",
        "收支总表 income rows against the 合计 row of the 收入决算表.";
    CrossExpenditure = "cross_expenditure", "总表支出对支出表", "summary expenditure vs expenditure table",
        "收支总表 本年支出合计 and 类 rows against the 支出决算表.";
    CrossAppropriation = "cross_appropriation", "财政拨款总表对明细表", "appropriation summary vs detail tables",
        "财政拨款收支总表 against the other tables: its 一般公共预算 column (合计 and each 类) against the 一般公共预算财政拨款支出决算表, its income against the 收支总表 and the 收入决算表.";
    CrossBasic = "cross_basic", "基本支出对基本支出表", "basic expenditure vs basic table",
        "一般公共预算财政拨款支出决算表 合计.基本支出 = 人员经费合计 + 公用经费合计 of the basic table.";
    CrossBasicItems = "cross_basic_items", "社保公积金对应", "contributions vs function items",
        "Customary matches between the basic table and the 功能分类 items: 30108 ↔ 2080505, 30109 ↔ 2080506, 30110 + 30111 ↔ 21011 基本支出, 30113 ↔ 2210201.";
    CrossThreePublic = "cross_three_public", "三公对基本支出表", "three-public vs basic table",
        "三公 决算数 against the basic table lines 30212, 30217, 30231 and 31013: the basic line cannot exceed the 三公 figure, which also covers project spending.";
    CrossFund = "cross_fund", "基金表对总表", "fund tables vs summaries",
        "政府性基金 and 国有资本经营 tables against the 财政拨款收支总表 and the 收支总表.";
    StructureTables = "structure_tables", "九表齐全", "nine tables present",
        "Each of the nine tables is printed.";
    StructureEmpty = "structure_empty", "空表说明", "empty table note",
        "A table printed without amounts carries a note such as 本表无数据.";
    StructureHeading = "structure_heading", "标题单位年度", "heading department and year",
        "Every heading names the document's department and year.";
    StructureUnit = "structure_unit", "金额单位", "unit",
        "Every table is printed in the document's unit.";
    NarrativeAmount = "narrative_amount", "说明数字对表", "narrative amount",
        "Amounts the 情况说明 quotes (总计, 本年收支合计, 基本/项目支出, 财政拨款, 一般公共预算, 人员/公用经费, 三公 and its parts, each 类/款/项 item) against the tables.";
    NarrativeDirection = "narrative_direction", "增减方向", "narrative direction",
        "Direction words (增加/减少/持平, 大于/小于/等于) against the figures they compare.";
    NarrativeArithmetic = "narrative_arithmetic", "说明计算", "narrative arithmetic",
        "Differences and percentages the narrative quotes (增加 X 万元, 增长 Y%, 占 Z%, 完成预算的 W%), recomputed from the figures it quotes.";
    NarrativeItem = "narrative_item", "说明科目名称", "narrative item name",
        "类/款/项 names the narrative quotes against the names printed in the tables.";
    NarrativeYear = "narrative_year", "说明年度", "narrative year",
        "Years the narrative states (情况说明 headings, 截至…年12月31日) against the document's year.";
    PerformanceRate = "performance_rate", "执行率", "execution rate",
        "In a 项目支出绩效自评表, each funding line's 执行率 (B/A) against 全年执行数 B / 全年预算数 A, within the rounding of the three printed figures.";
    PerformanceSummary = "performance_summary", "自评综述对自评表", "self-evaluation summary vs table",
        "The 全年预算数, 执行数 and 执行率 a 自评综述 paragraph quotes for a project against the total line of that project's 自评表.";
    FactThreePublic = "fact_three_public", "三公说明对三公表", "three-public facts vs table",
        "三公 amounts the 情况说明 states (total, 因公出国(境), 公务用车 and its parts, 公务接待), and the budget quoted with them, against the 三公 table's 决算数 and 预算数.";
    FactProcurementSum = "fact_procurement_sum", "政府采购构成", "procurement breakdown",
        "政府采购 total = 货物 + 工程 + 服务 as the 情况说明 states them (决算 and 预算 alike); 授予小微企业 cannot exceed 授予中小企业.";
    FactVehicleSum = "fact_vehicle_sum", "车辆构成", "vehicle counts",
        "共有车辆 = the sum of the kinds of vehicle the same sentence lists (一般公务用车, 执法执勤用车, 其他用车 …).";
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for CheckId {
    type Err = UnknownCheck;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CheckId::ALL
            .iter()
            .copied()
            .find(|c| c.id() == s)
            .ok_or_else(|| UnknownCheck(s.to_owned()))
    }
}

/// A check id that names no check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCheck(pub String);

impl fmt::Display for UnknownCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown check id {:?}", self.0)
    }
}

impl std::error::Error for UnknownCheck {}

/// One thing a check found, located at the printed figure it concerns.
///
/// For an arithmetic finding, `printed` is the figure at the location,
/// `expected` what the other figures make it, `difference` = printed −
/// expected and `tolerance` the rounding allowance (see the module doc).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The check that found it.
    pub check: CheckId,
    /// How serious it is.
    pub severity: Severity,
    /// The index of the table in [`Document::tables`](crate::Document::tables), when the finding is in a table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<usize>,
    /// The table's kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TableKind>,
    /// The row's side in a two-sided summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// The row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<RowKey>,
    /// The column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<ColumnId>,
    /// The 1-based page of the printed figure (or of the narrative sentence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The printed figure's box, as in [`Value::bbox`](crate::Value::bbox).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
    /// What the other figures make the printed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Decimal>,
    /// The printed figure (`None` when the cell is blank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printed: Option<Decimal>,
    /// printed − expected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<Decimal>,
    /// The rounding allowance for this comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<Decimal>,
    /// The narrative text quoted, for narrative findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// What is wrong, prefixed with the check's Chinese and English names.
    pub message: String,
}

impl Finding {
    /// A finding with only its check, severity and message set.
    pub fn new(check: CheckId, severity: Severity, detail: impl fmt::Display) -> Finding {
        Finding {
            check,
            severity,
            table: None,
            kind: None,
            side: None,
            key: None,
            column: None,
            page: None,
            bbox: None,
            expected: None,
            printed: None,
            difference: None,
            tolerance: None,
            quote: None,
            message: format!(
                "{}（{}）：{detail}",
                check.chinese_name(),
                check.english_name()
            ),
        }
    }

    /// Where the finding is, for a reader: `kind side key.column p.N`.
    pub fn location(&self) -> String {
        let mut s = String::new();
        if let Some(k) = self.kind {
            s.push_str(k.id());
        } else if self.table.is_none() && self.page.is_some() {
            s.push_str("narrative");
        }
        if let Some(side) = self.side {
            s.push(' ');
            s.push_str(side.id());
        }
        if let Some(key) = &self.key {
            s.push(' ');
            s.push_str(&key.to_string());
        }
        if let Some(c) = &self.column {
            s.push('.');
            s.push_str(&c.id());
        }
        if let Some(p) = self.page {
            s.push_str(&format!(" p{p}"));
        }
        s
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<8} {:<20} {}",
            self.severity,
            self.check,
            self.location()
        )?;
        let show =
            |d: Option<Decimal>| d.map_or_else(|| "—".to_string(), |d| d.normalize().to_string());
        if self.expected.is_some() || self.printed.is_some() {
            write!(
                f,
                " expected={} printed={} diff={} tol={}",
                show(self.expected),
                show(self.printed),
                show(self.difference),
                show(self.tolerance)
            )?;
        }
        write!(f, " | {}", self.message)
    }
}
