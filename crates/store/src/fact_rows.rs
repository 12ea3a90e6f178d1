//! The flat rows of `facts.csv`, `performance.csv` and
//! `performance_indicators.csv`, which SQLite's tables of the same names
//! hold column for column.

use juesuan_model::{Amount, Document};

use crate::rows::{Column, Field, DOCUMENT_COLUMNS};

const fn col(name: &'static str, sql_type: &'static str, doc: &'static str) -> Column {
    Column {
        name,
        sql_type,
        doc,
    }
}

/// The document columns every row starts with (as in `cells.csv`, without `unit`).
const D: [Column; 6] = [
    DOCUMENT_COLUMNS[0],
    DOCUMENT_COLUMNS[1],
    DOCUMENT_COLUMNS[2],
    DOCUMENT_COLUMNS[3],
    DOCUMENT_COLUMNS[4],
    DOCUMENT_COLUMNS[5],
];

/// The columns of `facts.csv` and SQLite's `facts`, in order.
#[rustfmt::skip]
pub const FACT_COLUMNS: [Column; 25] = [
    D[0], D[1], D[2], D[3], D[4], D[5],
    col("fact_index", "INTEGER", "The fact's 0-based position in the document, in printed order."),
    col("fact_id", "TEXT", "The stable fact id (`operating_cost`, `procurement_total`, `vehicles_total` …; SCHEMA.md lists them)."),
    col("fact_group", "TEXT", "The 情况说明 section it belongs to (机关运行经费, 政府采购, 国有资产占用, 三公, 绩效)."),
    col("fact_name", "TEXT", "The fact's short Chinese name."),
    col("value_printed", "TEXT", "The value exactly as printed (`240.79`, or a word such as `无` that reads as 0)."),
    col("value", "REAL", "The value as a number (SQLite) for sums and sorting."),
    col("value_exact", "TEXT", "The value, exact decimal text."),
    col("value_unit", "TEXT", "What the value counts: `wan_yuan`, `vehicles`, `sets`, `count`, `people`, `percent` or `score`."),
    col("fact_page", "INTEGER", "The 1-based page the value is printed on."),
    col("x0", "REAL", "Left edge of the printed value, PDF points from the page's left."),
    col("y0", "REAL", "Top edge, points from the page's top."),
    col("x1", "REAL", "Right edge."),
    col("y1", "REAL", "Bottom edge."),
    col("sentence", "TEXT", "The sentence the value was read from, white space removed."),
    col("basis", "TEXT", "What the value is compared with in the same sentence: `budget`, `previous_year`, or empty."),
    col("base_exact", "TEXT", "The compared figure when printed (年初预算为 28.5 万元), exact."),
    col("difference_exact", "TEXT", "The printed difference, exact."),
    col("direction", "TEXT", "The direction word as printed (增加, 减少, 持平 …)."),
    col("percent_exact", "TEXT", "The printed percentage, exact, without `%`."),
];

/// The columns of `performance.csv` and SQLite's `performance`, in order.
#[rustfmt::skip]
pub const PERFORMANCE_COLUMNS: [Column; 26] = [
    D[0], D[1], D[2], D[3], D[4], D[5],
    col("performance_index", "INTEGER", "The record's 0-based position in the document."),
    col("performance_kind", "TEXT", "`self_evaluation` (决算 项目支出绩效自评表) or `target` (预算 绩效目标表, no actuals)."),
    col("project", "TEXT", "项目名称."),
    col("competent_department", "TEXT", "主管部门 as printed."),
    col("implementer", "TEXT", "实施单位 (资金使用单位) as printed."),
    col("pages", "TEXT", "The pages the table is printed on, a JSON list."),
    col("fund_unit", "TEXT", "The unit of the fund figures (`万元`, `元`) from the 项目资金 label, when printed."),
    col("fund_source", "TEXT", "The label of the total funding line (年度资金总额 …)."),
    col("budget", "REAL", "The total line's 全年预算数 (A), as a number (SQLite)."),
    col("budget_exact", "TEXT", "The total line's 全年预算数 (A), exact."),
    col("execution", "REAL", "The total line's 全年执行数 (B), as a number (SQLite)."),
    col("execution_exact", "TEXT", "The total line's 全年执行数 (B), exact."),
    col("rate", "REAL", "The total line's 执行率 (B/A) in per cent, as a number (SQLite)."),
    col("rate_exact", "TEXT", "The total line's 执行率 in per cent, exact."),
    col("funds", "TEXT", "Every funding line (source, budget, execution, rate, page), a JSON list."),
    col("indicator_count", "INTEGER", "How many indicator rows the table has (performance_indicators)."),
    col("summary_budget_exact", "TEXT", "The 全年预算数 the 自评综述 prose quotes for the project, exact."),
    col("summary_execution_exact", "TEXT", "The 执行数 the 自评综述 quotes, exact."),
    col("summary_rate_exact", "TEXT", "The 执行率 the 自评综述 quotes, exact."),
    col("summary_page", "INTEGER", "The page of the 自评综述 paragraph."),
];

/// The columns of `performance_indicators.csv` and SQLite's `performance_indicators`.
#[rustfmt::skip]
pub const INDICATOR_COLUMNS: [Column; 17] = [
    D[0], D[1], D[2], D[3], D[4], D[5],
    col("performance_index", "INTEGER", "The record the row belongs to (performance.performance_index)."),
    col("indicator_index", "INTEGER", "The row's 0-based position in its table."),
    col("project", "TEXT", "项目名称 of the record."),
    col("level1", "TEXT", "一级指标 (carried down when the cell spans rows)."),
    col("level2", "TEXT", "二级指标."),
    col("level3", "TEXT", "三级指标."),
    col("target", "TEXT", "年度指标值 as printed."),
    col("actual", "TEXT", "全年完成值 as printed (自评表 only)."),
    col("indicator_unit", "TEXT", "The unit printed after the target's number (次, %, 万元 …)."),
    col("reason", "TEXT", "未完成原因和改进措施, when printed."),
    col("indicator_page", "INTEGER", "The page of the row."),
];

fn document_fields<'a>(doc: &'a Document, path: &'a str) -> Vec<Field<'a>> {
    vec![
        Field::text(&doc.file),
        Field::text(path),
        Field::text(&doc.sha256),
        Field::text(crate::rows::document_kind(doc)),
        Field::opt_text(doc.department.as_deref()),
        Field::opt_int(doc.year),
    ]
}

/// An amount's exact text.
fn exact(a: Option<&Amount>) -> Field<'static> {
    a.map_or(Field::Null, |a| Field::owned(a.value().to_string()))
}

/// An amount's numeric copy and its exact text, formatted once.
fn both(a: Option<&Amount>) -> [Field<'static>; 2] {
    Field::decimal(a.map(Amount::value))
}

/// One row per fact, with [`FACT_COLUMNS`].
pub fn fact_rows<'a>(doc: &'a Document, path: &'a str) -> Vec<Vec<Field<'a>>> {
    doc.facts
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut row = document_fields(doc, path);
            let coord = |k: usize| f.bbox.map_or(Field::Null, |b| Field::Real(b[k]));
            let c = f.comparison.as_ref();
            let [value, value_exact] = both(Some(&f.value));
            row.extend([
                Field::Int(i as i64),
                Field::text(f.id.id()),
                Field::text(f.id.group()),
                Field::text(f.id.chinese_name()),
                Field::text(&f.printed),
                value,
                value_exact,
                Field::text(f.unit.id()),
                Field::Int(f.page.into()),
                coord(0),
                coord(1),
                coord(2),
                coord(3),
                Field::text(&f.sentence),
                Field::opt_text(c.map(|c| c.basis.id())),
                exact(c.and_then(|c| c.base.as_ref())),
                exact(c.and_then(|c| c.difference.as_ref())),
                Field::opt_text(c.and_then(|c| c.direction.as_deref())),
                exact(c.and_then(|c| c.percent.as_ref())),
            ]);
            row
        })
        .collect()
}

/// One row per performance record, with [`PERFORMANCE_COLUMNS`].
pub fn performance_rows<'a>(
    doc: &'a Document,
    path: &'a str,
) -> crate::Result<Vec<Vec<Field<'a>>>> {
    let mut out = Vec::new();
    for (i, p) in doc.performance.iter().enumerate() {
        let mut row = document_fields(doc, path);
        let t = p.total();
        let s = p.summary.as_ref();
        let [budget, budget_exact] = both(t.and_then(|t| t.budget.as_ref()));
        let [execution, execution_exact] = both(t.and_then(|t| t.execution.as_ref()));
        let [rate, rate_exact] = both(t.and_then(|t| t.rate.as_ref()));
        row.extend([
            Field::Int(i as i64),
            Field::text(p.kind.id()),
            Field::text(&p.name),
            Field::opt_text(p.department.as_deref()),
            Field::opt_text(p.implementer.as_deref()),
            Field::owned(serde_json::to_string(&p.pages)?),
            Field::opt_text(p.unit.as_deref()),
            Field::opt_text(t.map(|t| t.source.as_str())),
            budget,
            budget_exact,
            execution,
            execution_exact,
            rate,
            rate_exact,
            Field::owned(serde_json::to_string(&p.funds)?),
            Field::Int(p.indicators.len() as i64),
            exact(s.and_then(|s| s.budget.as_ref())),
            exact(s.and_then(|s| s.execution.as_ref())),
            exact(s.and_then(|s| s.rate.as_ref())),
            s.map_or(Field::Null, |s| Field::Int(s.page.into())),
        ]);
        out.push(row);
    }
    Ok(out)
}

/// One row per indicator row, with [`INDICATOR_COLUMNS`].
pub fn indicator_rows<'a>(doc: &'a Document, path: &'a str) -> Vec<Vec<Field<'a>>> {
    let mut out = Vec::new();
    for (i, p) in doc.performance.iter().enumerate() {
        for (j, r) in p.indicators.iter().enumerate() {
            let mut row = document_fields(doc, path);
            row.extend([
                Field::Int(i as i64),
                Field::Int(j as i64),
                Field::text(&p.name),
                Field::text(&r.level1),
                Field::text(&r.level2),
                Field::text(&r.level3),
                Field::text(&r.target),
                Field::opt_text(r.actual.as_deref()),
                Field::opt_text(r.unit.as_deref()),
                Field::opt_text(r.reason.as_deref()),
                Field::Int(r.page.into()),
            ]);
            out.push(row);
        }
    }
    out
}

/// The SQL of a table holding `columns`, one column each.
pub(crate) fn create_table(name: &str, columns: &[Column]) -> String {
    let cols: Vec<String> = columns
        .iter()
        .map(|c| format!("    {} {}", c.name, c.sql_type))
        .collect();
    format!(
        "CREATE TABLE IF NOT EXISTS {name} (\n{}\n);\n",
        cols.join(",\n")
    )
}
