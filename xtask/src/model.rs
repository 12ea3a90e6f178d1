//! The fixture descriptions: the document content (`seed.json`) and the list
//! of fixtures with the layout each one uses (`fixtures.json`).

use serde::Deserialize;

/// A 部门决算 document as a sequence of blocks in reading order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub department: String,
    pub year: u32,
    /// The unit the amounts are transcribed in (always 万元 in the seed).
    pub unit: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    Cover {
        title: String,
        subtitle: String,
    },
    Heading {
        level: u8,
        text: String,
    },
    Toc {
        text: String,
    },
    Para {
        text: String,
    },
    PageBreak,
    /// One of the nine 公开 tables; its shape depends on `kind`.
    Table(Box<Table>),
    /// A plain text table (绩效自评表 and the like) with no kind id.
    Grid {
        rows: Vec<Vec<String>>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub kind: Kind,
    pub number: String,
    pub title: String,
    pub note: String,
    /// Code tables: label or code rows. Two-sided tables: pairs.
    #[serde(default)]
    pub rows: Vec<RowSpec>,
    /// 基本支出表: three side-by-side blocks of code rows.
    #[serde(default)]
    pub blocks: Vec<Vec<CodeRow>>,
    /// 基本支出表: 人员经费合计 and 公用经费合计.
    #[serde(default)]
    pub footer: Vec<CodeRow>,
    /// 三公 table: the six 预算数 and the six 决算数 as printed.
    #[serde(default)]
    pub budget: Vec<String>,
    #[serde(default)]
    pub actual: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    IncomeExpenditureSummary,
    Income,
    Expenditure,
    AppropriationSummary,
    GeneralBudgetExpenditure,
    GeneralBudgetBasicExpenditure,
    ThreePublic,
    GovernmentFund,
    StateCapital,
}

impl Kind {
    /// The kind id of SCHEMA.md.
    pub fn id(self) -> &'static str {
        match self {
            Kind::IncomeExpenditureSummary => "income_expenditure_summary",
            Kind::Income => "income",
            Kind::Expenditure => "expenditure",
            Kind::AppropriationSummary => "appropriation_summary",
            Kind::GeneralBudgetExpenditure => "general_budget_expenditure",
            Kind::GeneralBudgetBasicExpenditure => "general_budget_basic_expenditure",
            Kind::ThreePublic => "three_public",
            Kind::GovernmentFund => "government_fund",
            Kind::StateCapital => "state_capital",
        }
    }

    /// Column ids of the amount columns, in printed order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::IncomeExpenditureSummary => &["amount"],
            Kind::Income => &[
                "total",
                "fiscal_appropriation",
                "superior_subsidy",
                "business",
                "operating",
                "affiliated_remittance",
                "other",
            ],
            Kind::Expenditure => &[
                "total",
                "basic",
                "project",
                "remit_to_superior",
                "operating",
                "subsidy_to_affiliated",
            ],
            Kind::AppropriationSummary => &[
                "total",
                "general_budget",
                "government_fund",
                "state_capital",
            ],
            Kind::GeneralBudgetExpenditure => &["total", "basic", "project"],
            Kind::GeneralBudgetBasicExpenditure => &["amount"],
            Kind::ThreePublic => &[
                "total",
                "overseas",
                "vehicle_total",
                "vehicle_purchase",
                "vehicle_operation",
                "reception",
            ],
            Kind::GovernmentFund => &[
                "opening_balance",
                "income",
                "expenditure_total",
                "basic",
                "project",
                "closing_balance",
            ],
            Kind::StateCapital => &["expenditure_total", "basic", "project"],
        }
    }

    pub fn two_sided(self) -> bool {
        matches!(
            self,
            Kind::IncomeExpenditureSummary | Kind::AppropriationSummary
        )
    }
}

/// A row of a code table, or a pair of half rows of a two-sided table.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RowSpec {
    Pair {
        income: SideRow,
        expenditure: SideRow,
    },
    Code(CodeRow),
}

/// A row identified by a classification code or by a printed label.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRow {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
    /// Amounts as printed in the seed ("" for a blank cell).
    pub values: Vec<String>,
}

/// One half of a row of a two-sided table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideRow {
    pub label: String,
    /// The 类 code of an expenditure row named after a 功能分类 类; it is not printed.
    #[serde(default)]
    pub code: Option<String>,
    /// The 行次 number as printed.
    pub line: String,
    pub values: Vec<String>,
}

/// One fixture: which content to render and in which layout.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    pub name: String,
    /// What the fixture exercises, for the manifest and README.
    pub about: String,
    #[serde(default)]
    pub layout: Layout,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Layout {
    pub content: Content,
    pub codes: CodeStyle,
    /// Narrow name columns so names wrap; the value says where amounts sit.
    pub wrap: Option<VAlign>,
    pub borders: Borders,
    /// Landscape tables on portrait pages turned by `/Rotate 90`.
    pub rotate: bool,
    pub unit: Unit,
    pub separators: Separators,
    pub three_public: ThreePublic,
    /// Kind ids of the tables drawn with the GBK-EUC-H font ("all" for every table).
    pub gbk: Vec<String>,
    /// Start a new page after this many body rows of a table.
    pub break_every: Option<usize>,
    pub repeat_header: bool,
    pub repeat_total: bool,
    /// Where the two-sided tables print the 行次 numbers.
    pub line_numbers: LineNumbers,
    /// Narrow label columns in the two-sided tables, so long labels wrap.
    pub wrap_two_sided: bool,
    /// A fixed width (points) for every amount column; long amounts wrap.
    pub amount_width: Option<f32>,
    pub titles: Titles,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            content: Content::Tables,
            codes: CodeStyle::Single,
            wrap: None,
            borders: Borders::Stroke,
            rotate: false,
            unit: Unit::Wanyuan,
            separators: Separators::AsPrinted,
            three_public: ThreePublic::Blocks,
            gbk: Vec::new(),
            break_every: None,
            repeat_header: false,
            repeat_total: false,
            line_numbers: LineNumbers::Column,
            wrap_two_sided: false,
            amount_width: None,
            titles: Titles::Label,
        }
    }
}

impl Layout {
    pub fn uses_gbk(&self, kind: Kind) -> bool {
        self.gbk.iter().any(|k| k == "all" || k == kind.id())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// Cover, narrative, tables and annexes.
    Full,
    /// Cover and the nine tables.
    Tables,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeStyle {
    /// One 7-digit column.
    Single,
    /// 类/款/项 columns, every row printing all its digits.
    Split,
    /// 类/款/项 columns, a child row printing only its own two digits.
    Sparse,
    /// Code and name in one cell: `2010601-行政运行`.
    Merged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VAlign {
    Top,
    Center,
    Bottom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Borders {
    /// Lines stroked with `S`.
    Stroke,
    /// Thin rectangles filled with `re f*`, as Word writes them.
    Fill,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Wanyuan,
    Yuan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Separators {
    /// As transcribed from the seed.
    AsPrinted,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreePublic {
    /// 预算数 block of six, then 决算数 block of six.
    Blocks,
    /// 预算数/决算数 pairs under each item.
    Pairs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineNumbers {
    /// A 行次 column after each label column.
    Column,
    /// No 行次 column: the number is glued to the label (`一、外交支出33`).
    Glued,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Titles {
    /// `公开01表` above the right edge, the title centred under it.
    Label,
    /// The number leads the title (`表 1：收入支出决算总表`), 高等学校 style.
    Numbered,
}
