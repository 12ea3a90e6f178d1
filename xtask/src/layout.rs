//! Turns a described 公开 table into a grid of printed cells for a layout:
//! the header band, the body rows and the column widths.

use crate::amount;
use crate::model::{
    CodeRow, CodeStyle, Kind, Layout, LineNumbers, RowSpec, SideRow, Table, ThreePublic,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A header cell placed on the header band's own row/column lattice.
#[derive(Debug, Clone)]
pub struct HCell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub col: usize,
    pub span: usize,
    pub text: String,
    pub align: Align,
}

#[derive(Debug, Clone, Default)]
pub struct Row {
    pub cells: Vec<Cell>,
}

/// Column widths are in points; `None` widths share what is left of the page.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub widths: Vec<Option<f32>>,
    pub header: Vec<HCell>,
    pub header_rows: usize,
    pub body: Vec<Row>,
    /// The body row printed again under a repeated header band.
    pub total_row: Option<usize>,
    /// Widths are fractions of the page's content width.
    pub relative: bool,
}

/// Whether a table is printed on a landscape page.
pub fn landscape(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::IncomeExpenditureSummary | Kind::GeneralBudgetExpenditure | Kind::StateCapital
    )
}

/// A node of a header tree; leaves are columns.
struct Node {
    text: &'static str,
    children: Vec<Node>,
}

fn leaf(text: &'static str) -> Node {
    Node {
        text,
        children: Vec::new(),
    }
}

fn node(text: &'static str, children: Vec<Node>) -> Node {
    Node { text, children }
}

impl Node {
    fn depth(&self) -> usize {
        1 + self.children.iter().map(Node::depth).max().unwrap_or(0)
    }

    fn leaves(&self) -> usize {
        if self.children.is_empty() {
            1
        } else {
            self.children.iter().map(Node::leaves).sum()
        }
    }

    /// Places the node so that every leaf ends on the band's last row.
    fn place(&self, row: usize, col: usize, depth: usize, out: &mut Vec<HCell>) {
        let rowspan = if self.children.is_empty() {
            depth - row
        } else {
            depth - row - (self.depth() - 1)
        };
        out.push(HCell {
            row,
            col,
            rowspan,
            colspan: self.leaves(),
            text: self.text.to_string(),
        });
        let mut c = col;
        for child in &self.children {
            child.place(row + rowspan, c, depth, out);
            c += child.leaves();
        }
    }
}

/// Lays out a header tree; returns the cells and the number of rows.
fn band(nodes: &[Node]) -> (Vec<HCell>, usize) {
    let depth = nodes.iter().map(Node::depth).max().unwrap_or(0);
    let mut out = Vec::new();
    let mut col = 0;
    for n in nodes {
        n.place(0, col, depth, &mut out);
        col += n.leaves();
    }
    (out, depth)
}

fn text(col: usize, span: usize, text: impl Into<String>, align: Align) -> Cell {
    Cell {
        col,
        span,
        text: text.into(),
        align,
    }
}

/// The left columns (code and name) of a functional-classification table.
struct Left {
    codes: CodeStyle,
    wrap: bool,
}

impl Left {
    fn count(&self) -> usize {
        match self.codes {
            CodeStyle::Single => 2,
            CodeStyle::Split | CodeStyle::Sparse => 4,
            CodeStyle::Merged => 1,
        }
    }

    fn widths(&self) -> Vec<Option<f32>> {
        let name = if self.wrap { 64.0 } else { 150.0 };
        match self.codes {
            CodeStyle::Single => vec![Some(56.0), Some(name)],
            CodeStyle::Split | CodeStyle::Sparse => {
                vec![Some(28.0), Some(22.0), Some(22.0), Some(name)]
            }
            CodeStyle::Merged => vec![Some(if self.wrap { 72.0 } else { 190.0 })],
        }
    }

    fn header(&self) -> Node {
        match self.codes {
            CodeStyle::Single => node("项目", vec![leaf("功能分类科目编码"), leaf("科目名称")]),
            CodeStyle::Split | CodeStyle::Sparse => node(
                "项目",
                vec![
                    node("功能分类科目编码", vec![leaf("类"), leaf("款"), leaf("项")]),
                    leaf("科目名称"),
                ],
            ),
            CodeStyle::Merged => node("项目", vec![leaf("科目编码及名称")]),
        }
    }

    /// The code and name cells of a row.
    fn cells(&self, row: &CodeRow) -> Vec<Cell> {
        let n = self.count();
        let (code, name) = match (&row.code, &row.label) {
            (Some(code), _) => (code.as_str(), row.name.as_deref().unwrap_or("")),
            (None, Some(label)) => return vec![text(0, n, label.clone(), Align::Center)],
            (None, None) => return Vec::new(),
        };
        match self.codes {
            CodeStyle::Single => vec![text(0, 1, code, Align::Left), text(1, 1, name, Align::Left)],
            CodeStyle::Merged => vec![text(0, 1, format!("{code}-{name}"), Align::Left)],
            CodeStyle::Split | CodeStyle::Sparse => {
                let parts = [code.get(0..3), code.get(3..5), code.get(5..7)];
                let own = parts.iter().rposition(Option::is_some).unwrap_or(0);
                let mut cells: Vec<Cell> = parts
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| {
                        let p = (*p)?;
                        (self.codes == CodeStyle::Split || i == own)
                            .then(|| text(i, 1, p, Align::Center))
                    })
                    .collect();
                cells.push(text(3, 1, name, Align::Left));
                cells
            }
        }
    }
}

fn amounts(first_col: usize, values: &[String], layout: &Layout) -> Vec<Cell> {
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.is_empty())
        .map(|(i, v)| text(first_col + i, 1, amount::printed(v, layout), Align::Right))
        .collect()
}

/// The 栏次 row: a label over the left columns and the column numbers.
fn column_numbers(
    header: &mut Vec<HCell>,
    row: usize,
    left: usize,
    numbers: std::ops::Range<usize>,
    first: usize,
) {
    if left > 0 {
        header.push(HCell {
            row,
            col: 0,
            rowspan: 1,
            colspan: left,
            text: "栏次".into(),
        });
    }
    for (i, n) in numbers.enumerate() {
        header.push(HCell {
            row,
            col: first + i,
            rowspan: 1,
            colspan: 1,
            text: n.to_string(),
        });
    }
}

pub fn grid(table: &Table, layout: &Layout) -> Grid {
    match table.kind {
        Kind::IncomeExpenditureSummary | Kind::AppropriationSummary => two_sided(table, layout),
        Kind::GeneralBudgetBasicExpenditure => basic(table, layout),
        Kind::ThreePublic => three_public(table, layout),
        _ => code_table(table, layout),
    }
}

fn code_table(table: &Table, layout: &Layout) -> Grid {
    let left = Left {
        codes: layout.codes,
        wrap: layout.wrap.is_some(),
    };
    let mut nodes = vec![left.header()];
    nodes.extend(match table.kind {
        Kind::Income => [
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入",
        ]
        .into_iter()
        .map(leaf)
        .collect::<Vec<_>>(),
        Kind::Expenditure => [
            "本年支出合计",
            "基本支出",
            "项目支出",
            "上缴上级支出",
            "经营支出",
            "对附属单位补助支出",
        ]
        .into_iter()
        .map(leaf)
        .collect(),
        Kind::GeneralBudgetExpenditure => vec![node(
            "本年支出",
            vec![leaf("小计"), leaf("基本支出"), leaf("项目支出")],
        )],
        Kind::StateCapital => vec![node(
            "本年支出",
            vec![leaf("合计"), leaf("基本支出"), leaf("项目支出")],
        )],
        Kind::GovernmentFund => vec![
            leaf("年初结转和结余"),
            leaf("本年收入"),
            node(
                "本年支出",
                vec![leaf("小计"), leaf("基本支出"), leaf("项目支出")],
            ),
            leaf("年末结转和结余"),
        ],
        _ => unreachable!("not a code table"),
    });
    let (mut header, depth) = band(&nodes);
    let n_amounts = table.kind.columns().len();
    let first = left.count();
    column_numbers(&mut header, depth, first, 1..n_amounts + 1, first);
    let mut widths = left.widths();
    widths.extend(std::iter::repeat_n(amount_width(layout), n_amounts));
    let mut body = Vec::new();
    let mut total_row = None;
    for spec in &table.rows {
        let RowSpec::Code(row) = spec else { continue };
        if row.label.as_deref() == Some("合计") && total_row.is_none() {
            total_row = Some(body.len());
        }
        let mut cells = left.cells(row);
        cells.extend(amounts(first, &row.values, layout));
        body.push(Row { cells });
    }
    Grid {
        widths,
        header,
        header_rows: depth + 1,
        body,
        total_row,
        relative: false,
    }
}

fn two_sided(table: &Table, layout: &Layout) -> Grid {
    let approp = table.kind == Kind::AppropriationSummary;
    let glued = layout.line_numbers == LineNumbers::Glued;
    // Columns before each side's amounts: the label, then the 行次 unless glued.
    let lc = if glued { 1 } else { 2 };
    let side_head = |amounts: Vec<Node>| {
        let mut v = vec![leaf("项目")];
        if !glued {
            v.push(leaf("行次"));
        }
        v.extend(amounts);
        v
    };
    let nodes = if approp {
        vec![
            node("收入", side_head(vec![leaf("金额")])),
            node(
                "支出",
                side_head(vec![
                    leaf("合计"),
                    leaf("一般公共预算财政拨款"),
                    leaf("政府性基金预算财政拨款"),
                    leaf("国有资本经营预算财政拨款"),
                ]),
            ),
        ]
    } else {
        vec![
            node("收入", side_head(vec![leaf("决算数")])),
            node("支出", side_head(vec![leaf("决算数")])),
        ]
    };
    let (mut header, depth) = band(&nodes);
    let n_exp = if approp { 4 } else { 1 };
    let exp = lc + 1;
    column_numbers(&mut header, depth, lc, 1..2, lc);
    header.push(HCell {
        row: depth,
        col: exp,
        rowspan: 1,
        colspan: lc,
        text: "栏次".into(),
    });
    for i in 0..n_exp {
        header.push(HCell {
            row: depth,
            col: exp + lc + i,
            rowspan: 1,
            colspan: 1,
            text: (2 + i).to_string(),
        });
    }
    let widths = two_sided_widths(approp, lc, n_exp, layout);
    let side = |row: &SideRow, first: usize, cells: &mut Vec<Cell>| {
        if glued {
            // The 行次 number ends the label cell, with no gap.
            let label = format!("{}{}", row.label, row.line);
            cells.push(text(first, 1, label, Align::Left));
        } else {
            if !row.label.is_empty() {
                cells.push(text(first, 1, row.label.clone(), Align::Left));
            }
            cells.push(text(first + 1, 1, row.line.clone(), Align::Center));
        }
        cells.extend(amounts(first + lc, &row.values, layout));
    };
    let mut body = Vec::new();
    for spec in &table.rows {
        let RowSpec::Pair {
            income,
            expenditure,
        } = spec
        else {
            continue;
        };
        let mut cells = Vec::new();
        side(income, 0, &mut cells);
        side(expenditure, exp, &mut cells);
        body.push(Row { cells });
    }
    Grid {
        widths,
        header,
        header_rows: depth + 1,
        body,
        total_row: None,
        relative: false,
    }
}

/// Column widths of a two-sided table: label (and 行次) then amounts, per side.
fn two_sided_widths(approp: bool, lc: usize, n_exp: usize, layout: &Layout) -> Vec<Option<f32>> {
    let label_w = match (layout.wrap_two_sided, approp) {
        (true, _) => 86.0,
        (false, true) => 130.0,
        (false, false) => 140.0,
    };
    let amount = amount_width(layout);
    let mut widths = vec![Some(label_w)];
    if lc == 2 {
        widths.push(Some(26.0));
    }
    widths.push(amount);
    widths.push(Some(label_w + 10.0));
    if lc == 2 {
        widths.push(Some(26.0));
    }
    widths.extend(std::iter::repeat_n(amount, n_exp));
    widths
}

/// The width of an amount column: fixed by the layout, or a share of the page.
fn amount_width(layout: &Layout) -> Option<f32> {
    layout.amount_width
}

fn basic(table: &Table, layout: &Layout) -> Grid {
    let merged = layout.codes == CodeStyle::Merged;
    let per = if merged { 2 } else { 3 };
    let name_w = if layout.wrap.is_some() { 60.0 } else { 120.0 };
    let mut nodes = Vec::new();
    let mut widths = Vec::new();
    for _ in 0..3 {
        if merged {
            nodes.extend([leaf("科目编码及名称"), leaf("决算数")]);
            widths.extend([Some(name_w + 40.0), amount_width(layout)]);
        } else {
            nodes.extend([leaf("经济分类科目编码"), leaf("科目名称"), leaf("决算数")]);
            widths.extend([Some(40.0), Some(name_w), amount_width(layout)]);
        }
    }
    let (header, depth) = band(&nodes);
    let rows = table.blocks.iter().map(Vec::len).max().unwrap_or(0);
    let mut body = Vec::new();
    for i in 0..rows {
        let mut cells = Vec::new();
        for (b, block) in table.blocks.iter().enumerate() {
            let Some(row) = block.get(i) else { continue };
            let first = b * per;
            let code = row.code.as_deref().unwrap_or("");
            let name = row.name.as_deref().unwrap_or("");
            if merged {
                cells.push(text(first, 1, format!("{code}-{name}"), Align::Left));
            } else {
                cells.push(text(first, 1, code, Align::Left));
                cells.push(text(first + 1, 1, name, Align::Left));
            }
            cells.extend(amounts(first + per - 1, &row.values, layout));
        }
        body.push(Row { cells });
    }
    if let [personnel, public] = &table.footer[..] {
        let mut cells = vec![text(
            0,
            per - 1,
            personnel.label.clone().unwrap_or_default(),
            Align::Center,
        )];
        cells.extend(amounts(per - 1, &personnel.values, layout));
        cells.push(text(
            per,
            2 * per - 1,
            public.label.clone().unwrap_or_default(),
            Align::Center,
        ));
        cells.extend(amounts(3 * per - 1, &public.values, layout));
        body.push(Row { cells });
    }
    Grid {
        widths,
        header,
        header_rows: depth,
        body,
        total_row: None,
        relative: false,
    }
}

fn three_public(table: &Table, layout: &Layout) -> Grid {
    const ITEMS: [&str; 4] = [
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行费",
        "公务接待费",
    ];
    let vehicle = || vec![leaf("小计"), leaf("公务用车购置费"), leaf("公务用车运行费")];
    let (nodes, values): (Vec<Node>, Vec<&String>) = match layout.three_public {
        ThreePublic::Blocks => {
            let block = || {
                vec![
                    leaf(ITEMS[0]),
                    leaf(ITEMS[1]),
                    node(ITEMS[2], vehicle()),
                    leaf(ITEMS[3]),
                ]
            };
            (
                vec![node("预算数", block()), node("决算数", block())],
                table.budget.iter().chain(table.actual.iter()).collect(),
            )
        }
        ThreePublic::Pairs => {
            let pair = || vec![leaf("预算数"), leaf("决算数")];
            (
                vec![
                    node(ITEMS[0], pair()),
                    node(ITEMS[1], pair()),
                    node(
                        ITEMS[2],
                        vec![
                            node("小计", pair()),
                            node("公务用车购置费", pair()),
                            node("公务用车运行费", pair()),
                        ],
                    ),
                    node(ITEMS[3], pair()),
                ],
                table
                    .budget
                    .iter()
                    .zip(table.actual.iter())
                    .flat_map(|(b, a)| [b, a])
                    .collect(),
            )
        }
    };
    let (mut header, depth) = band(&nodes);
    column_numbers(&mut header, depth, 0, 1..13, 0);
    let owned: Vec<String> = values.into_iter().cloned().collect();
    let body = vec![Row {
        cells: amounts(0, &owned, layout),
    }];
    Grid {
        widths: vec![amount_width(layout); 12],
        header,
        header_rows: depth + 1,
        body,
        total_row: None,
        relative: false,
    }
}

/// A plain text grid: each row's last cell spans the remaining columns.
pub fn text_grid(rows: &[Vec<String>]) -> Grid {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(1);
    let mut weight = vec![5usize; cols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            weight[i] = weight[i].max(cell.chars().count().min(24) + 1);
        }
    }
    let total: usize = weight.iter().sum();
    let widths = weight
        .iter()
        .map(|w| Some(*w as f32 / total as f32))
        .collect();
    let body = rows
        .iter()
        .map(|row| Row {
            cells: row
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let span = if i + 1 == row.len() { cols - i } else { 1 };
                    text(i, span, t.clone(), Align::Left)
                })
                .collect(),
        })
        .collect();
    Grid {
        widths,
        header: Vec::new(),
        header_rows: 0,
        body,
        total_row: None,
        relative: true,
    }
}
