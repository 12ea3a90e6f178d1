//! The project performance tables (项目支出绩效自评表 of a 决算, 绩效目标表
//! of a 预算) read from the text lines: a record starts at its 项目名称, its
//! fund lines come under the 全年预算数/全年执行数/执行率 header (or as
//! label–amount pairs), its indicator rows under the 一级/二级/三级指标 header.

use juesuan_model::{Amount, FundLine, Indicator, Performance, PerformanceKind};

use crate::lines::{Line, Tok};
use crate::narrative::number_at;

/// Labels that start a record, the longest first.
const NAME_LABELS: &[&str] = &["转移支付（项目）名称", "转移支付(项目)名称", "项目名称"];
/// Labels of the 主管部门 cell.
const DEPARTMENT_LABELS: &[&str] = &["地方主管部门", "主管部门及代码", "主管部门"];
/// Labels of the 实施单位 cell.
const IMPLEMENTER_LABELS: &[&str] = &["实施单位", "资金使用单位", "项目单位"];
/// Labels that end a labelled value printed on the same line.
const STOP_LABELS: &[&str] = &[
    "项目起止时间",
    "项目性质",
    "项目类别",
    "国家编码",
    "项目属性",
    "项目编码",
    "项目代码",
    "主管部门",
    "实施单位",
    "资金使用单位",
    "项目负责人",
    "起止时间",
    "项目期限",
    "行业归口",
];
/// Words of a fund line's label.
const FUND_WORDS: &[&str] = &[
    "资金总额",
    "财政拨款",
    "财政资金",
    "其他资金",
    "转移支付",
    "上年结转",
    "中央财政",
    "地方资金",
    "区级财政",
    "市级财政",
    "本级财政",
    "自有资金",
    "资金申请总额",
    "年度资金",
];
/// Lines that end the indicator rows.
const ROW_STOPS: &[&str] = &[
    "说明",
    "填表人",
    "联系电话",
    "备注",
    "年度总体目标",
    "总体目标",
];

/// The columns of an indicator header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    L1,
    L2,
    L3,
    Target,
    Actual,
    Reason,
}

/// The fund header's columns: x-centres of 预算数, 执行数 and 执行率.
#[derive(Debug, Clone, Copy)]
struct FundHeader {
    a: f64,
    b: Option<f64>,
    rate: Option<f64>,
}

/// One record being read.
struct Open {
    rec: Performance,
    fund_header: Option<FundHeader>,
    columns: Vec<(Col, f64)>,
    /// The indicator columns between the header's vertical rulings, when
    /// the table is ruled: (column, left, right).
    cells: Vec<(Col, f64, f64)>,
    in_rows: bool,
    has_actuals: bool,
}

/// Every performance record printed in `lines`; `final_accounts` says the
/// document is a 决算 (its tables are 自评表 when they print actuals).
pub(crate) fn read_performance<'a>(
    lines: impl IntoIterator<Item = Line<'a>>,
    final_accounts: bool,
) -> Vec<Performance> {
    let mut records = read_records(lines);
    set_kinds(&mut records, final_accounts);
    records.into_iter().map(|(r, _)| r).collect()
}

/// Makes a record that prints actuals a 自评 in a 决算.
pub(crate) fn set_kinds(records: &mut [(Performance, bool)], final_accounts: bool) {
    for (rec, has_actuals) in records {
        if final_accounts && *has_actuals {
            rec.kind = PerformanceKind::SelfEvaluation;
        }
    }
}

/// Every performance record printed in `lines`, each a 目标 for now, and
/// whether it prints actuals (a 自评 if the document is a 决算).
pub(crate) fn read_records<'a>(
    lines: impl IntoIterator<Item = Line<'a>>,
) -> Vec<(Performance, bool)> {
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    for line in lines {
        let line = &line;
        let text = line.compact();
        if let Some(name) = labelled(line, NAME_LABELS) {
            finish(&mut out, open.take());
            open = Some(Open {
                rec: Performance {
                    kind: PerformanceKind::Target,
                    name,
                    department: labelled(line, DEPARTMENT_LABELS),
                    implementer: labelled(line, IMPLEMENTER_LABELS),
                    pages: vec![line.page],
                    unit: None,
                    funds: Vec::new(),
                    indicators: Vec::new(),
                    summary: None,
                },
                fund_header: None,
                columns: Vec::new(),
                cells: Vec::new(),
                in_rows: false,
                has_actuals: false,
            });
            continue;
        }
        let Some(o) = open.as_mut() else { continue };
        if o.rec.pages.last() != Some(&line.page) {
            o.rec.pages.push(line.page);
        }
        read_line(o, line, &text);
    }
    finish(&mut out, open.take());
    out
}

fn read_line(o: &mut Open, line: &Line, text: &str) {
    if text.contains("绩效自评表") || text.contains("绩效目标表") || text.contains("目标填报表")
    {
        // The next table's title: nothing more belongs to this record.
        o.in_rows = false;
        o.columns.clear();
        return;
    }
    if o.rec.department.is_none() {
        o.rec.department = labelled(line, DEPARTMENT_LABELS);
    }
    if o.rec.implementer.is_none() {
        o.rec.implementer = labelled(line, IMPLEMENTER_LABELS);
    }
    if o.rec.unit.is_none() && text.contains("资金") {
        if text.contains("万元") {
            o.rec.unit = Some("万元".into());
        } else if text.contains("（元）") || text.contains("(元)") {
            o.rec.unit = Some("元".into());
        }
    }
    if text.contains("一级指标") && text.contains("二级指标") {
        o.columns = indicator_columns(line);
        o.cells = ruled_columns(line, &o.columns);
        o.in_rows = o.columns.iter().any(|(c, _)| *c == Col::L1);
        o.has_actuals |= o.columns.iter().any(|(c, _)| *c == Col::Actual);
        return;
    }
    if o.in_rows {
        if ROW_STOPS.iter().any(|s| text.starts_with(s)) {
            o.in_rows = false;
        } else {
            indicator_row(o, line);
        }
        return;
    }
    if text.contains("预算数") && (text.contains("执行数") || text.contains("执行率")) {
        o.fund_header = fund_header(line);
        o.has_actuals |= o.fund_header.is_some_and(|h| h.b.is_some());
        return;
    }
    if investment_line(o, line, text) {
        return;
    }
    fund_line(o, line);
}

fn finish(out: &mut Vec<(Performance, bool)>, open: Option<Open>) {
    let Some(o) = open else { return };
    // A 项目名称 header of another table (项目名称 | 金额 …) has neither
    // indicator rows nor a 主管部门 or 实施单位 cell.
    let has_owner = o.rec.department.is_some() || o.rec.implementer.is_some();
    let owned_funds = has_owner && !o.rec.funds.is_empty();
    if o.rec.indicators.is_empty() && !owned_funds {
        return;
    }
    out.push((o.rec, o.has_actuals));
}

/// The value printed after one of `labels` on this line: the rest of the
/// label's token, else the next tokens up to another label.
fn labelled(line: &Line, labels: &[&str]) -> Option<String> {
    let strip = |s: &str| s.trim_start_matches(['：', ':', ' ']).to_string();
    for (i, t) in line.toks.iter().enumerate() {
        let Some(label) = labels.iter().find(|l| t.text.starts_with(**l)) else {
            continue;
        };
        let rest = strip(&t.text[label.len()..]);
        if !rest.is_empty() {
            return Some(rest);
        }
        let mut value = String::new();
        for next in &line.toks[i + 1..] {
            if STOP_LABELS.iter().any(|s| next.text.starts_with(s)) {
                break;
            }
            value.push_str(&next.text);
        }
        let value = strip(&value);
        return (!value.is_empty()).then_some(value);
    }
    None
}

fn indicator_columns(line: &Line) -> Vec<(Col, f64)> {
    let mut cols = Vec::new();
    for t in &line.toks {
        let s = t.text.as_ref();
        let col = if s.contains("一级") {
            Col::L1
        } else if s.contains("二级") {
            Col::L2
        } else if s.contains("三级") || s.contains("指标内容") {
            Col::L3
        } else if s.contains("完成值") || s.contains("完成情况") || s.contains("实际完成")
        {
            Col::Actual
        } else if s.contains("指标值") {
            Col::Target
        } else if s.contains("原因") || s.contains("改进措施") || s.contains("偏差") {
            Col::Reason
        } else {
            continue;
        };
        if !cols.iter().any(|(c, _)| *c == col) {
            cols.push((col, t.cx()));
        }
    }
    cols
}

/// The ruled cell of each header column: the vertical rulings either side
/// of its header text. Empty unless at least three columns are ruled.
fn ruled_columns(line: &Line, cols: &[(Col, f64)]) -> Vec<(Col, f64, f64)> {
    let cells: Vec<(Col, f64, f64)> = cols
        .iter()
        .filter_map(|&(c, x)| {
            let right = line.cuts.iter().position(|&cut| cut > x)?;
            (right > 0).then(|| (c, line.cuts[right - 1], line.cuts[right]))
        })
        .collect();
    if cells.len() >= 3 {
        cells
    } else {
        Vec::new()
    }
}

/// The column a token falls in: the ruled cell holding its centre, else the
/// nearest header centre; tokens left of the 一级指标 column (a 绩效指标
/// label cell) fall in none.
fn column_of(o: &Open, t: &Tok) -> Option<Col> {
    if !o.cells.is_empty() {
        return o
            .cells
            .iter()
            .find(|(_, lo, hi)| *lo <= t.cx() && t.cx() < *hi)
            .map(|(c, _, _)| *c);
    }
    nearest_column(&o.columns, t)
}

fn nearest_column(cols: &[(Col, f64)], t: &Tok) -> Option<Col> {
    let l1 = cols.iter().find(|(c, _)| *c == Col::L1)?.1;
    let next = cols
        .iter()
        .map(|(_, x)| *x)
        .filter(|x| *x > l1)
        .fold(f64::INFINITY, f64::min);
    let half = if next.is_finite() {
        (next - l1) / 2.0
    } else {
        40.0
    };
    if t.cx() < l1 - half {
        return None;
    }
    cols.iter()
        .min_by(|a, b| (a.1 - t.cx()).abs().total_cmp(&(b.1 - t.cx()).abs()))
        .map(|(c, _)| *c)
}

fn indicator_row(o: &mut Open, line: &Line) {
    let mut cells: Vec<(Col, String)> = Vec::new();
    for t in &line.toks {
        let Some(col) = column_of(o, t) else {
            continue;
        };
        match cells.iter_mut().find(|(c, _)| *c == col) {
            Some((_, s)) => s.push_str(&t.text),
            None => cells.push((col, t.text.to_string())),
        }
    }
    let text: String = cells.iter().map(|(_, s)| s.as_str()).collect();
    if cells.is_empty() || is_page_number(&text) {
        return;
    }
    let get = |col: Col| {
        cells
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, s)| s.clone())
    };
    let valued = get(Col::Target).is_some() || get(Col::Actual).is_some();
    let last_filled = o
        .rec
        .indicators
        .last()
        .map(|r| !r.target.is_empty() || r.actual.is_some());
    if valued && last_filled != Some(false) {
        let prev = o.rec.indicators.last();
        let level1 = get(Col::L1)
            .or_else(|| prev.map(|p| p.level1.clone()))
            .unwrap_or_default();
        let level2 = get(Col::L2)
            .or_else(|| {
                prev.filter(|_| get(Col::L1).is_none())
                    .map(|p| p.level2.clone())
            })
            .unwrap_or_default();
        let target = get(Col::Target).unwrap_or_default();
        o.rec.indicators.push(Indicator {
            level1,
            level2,
            level3: get(Col::L3).unwrap_or_default(),
            unit: unit_of(&target),
            target,
            actual: get(Col::Actual),
            reason: get(Col::Reason),
            page: line.page,
        });
        return;
    }
    // A wrapped line: its text continues the cells of the row above.
    let Some(last) = o.rec.indicators.last_mut() else {
        return;
    };
    for (col, s) in cells {
        match col {
            Col::L1 => last.level1.push_str(&s),
            Col::L2 => last.level2.push_str(&s),
            Col::L3 => last.level3.push_str(&s),
            Col::Target => {
                last.target.push_str(&s);
                last.unit = unit_of(&last.target);
            }
            Col::Actual => last.actual.get_or_insert_with(String::new).push_str(&s),
            Col::Reason => last.reason.get_or_insert_with(String::new).push_str(&s),
        }
    }
}

fn is_page_number(text: &str) -> bool {
    let core = text.trim_matches(|c: char| "—-－–第页 ".contains(c));
    !core.is_empty() && core.chars().all(|c| c.is_ascii_digit())
}

/// The unit printed after a target's number: `4次` → 次, `≥95%` → %.
fn unit_of(target: &str) -> Option<String> {
    let start = target.find(|c: char| c.is_ascii_digit())?;
    let (end, _) = number_at(target, start)?;
    let unit = target[end..]
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let ok =
        !unit.is_empty() && unit.chars().count() <= 6 && !unit.chars().any(|c| c.is_ascii_digit());
    ok.then(|| unit.to_string())
}

fn fund_header(line: &Line) -> Option<FundHeader> {
    let find = |word: &str| {
        line.toks
            .iter()
            .find(|t| t.text.contains(word))
            .map(Tok::cx)
    };
    Some(FundHeader {
        a: find("预算数")?,
        b: find("执行数"),
        rate: find("执行率"),
    })
}

/// A token's figure: an amount, optionally followed by `%` or 万元; `--`
/// and `-` read as a blank cell.
fn figure(text: &str) -> Option<Amount> {
    let (end, a) = number_at(text, 0)?;
    let rest = &text[end..];
    (rest.is_empty() || ["%", "％", "万元", "元"].contains(&rest)).then_some(a)
}

/// A fund line: a label with one of the fund words, then figures.
fn fund_line(o: &mut Open, line: &Line) {
    let mut label = String::new();
    let mut figures: Vec<(&Tok, Amount)> = Vec::new();
    let mut pairs: Vec<(String, Amount)> = Vec::new();
    for t in &line.toks {
        match figure(&t.text) {
            Some(a) => {
                figures.push((t, a.clone()));
                pairs.push((std::mem::take(&mut label), a));
            }
            None if t.text.chars().all(|c| "-－—–".contains(c)) => {}
            None => label.push_str(&t.text),
        }
    }
    // The row label of a spanning 项目资金 cell is printed on the first line.
    let clean = |s: &str| {
        let mut s = s;
        for p in [
            "项目资金（万元）",
            "项目资金(万元)",
            "项目资金（元）",
            "项目资金(元)",
            "项目资金",
            "资金情况",
            "资金金额",
        ] {
            s = s.strip_prefix(p).unwrap_or(s);
        }
        s.trim_end_matches(['：', ':']).to_string()
    };
    let first_label = pairs.first().map(|(l, _)| l.clone()).unwrap_or_default();
    let is_fund = |l: &str| FUND_WORDS.iter().any(|w| l.contains(w)) && l.chars().count() <= 30;
    if figures.is_empty() || !is_fund(&first_label) {
        return;
    }
    let bbox = line.bbox();
    match o.fund_header {
        Some(h) => {
            let mut fl = FundLine {
                source: clean(&first_label),
                budget: None,
                execution: None,
                rate: None,
                page: line.page,
                bbox,
            };
            for (t, a) in figures {
                let d = |x: Option<f64>| x.map_or(f64::INFINITY, |x| (x - t.cx()).abs());
                let (da, db, dr) = (d(Some(h.a)), d(h.b), d(h.rate));
                if t.text.ends_with('%') || t.text.ends_with('％') || (dr < da && dr < db) {
                    fl.rate = Some(a);
                } else if db < da {
                    fl.execution = Some(a);
                } else {
                    fl.budget = Some(a);
                }
            }
            o.rec.funds.push(fl);
        }
        None => {
            for (l, a) in pairs.into_iter().filter(|(l, _)| is_fund(l)) {
                o.rec.funds.push(FundLine {
                    source: clean(&l),
                    budget: Some(a),
                    execution: None,
                    rate: None,
                    page: line.page,
                    bbox,
                });
            }
        }
    }
}

/// The 政府投资计划 lines of an investment project's table: 下达政府投资计划
/// (budget), 实际完成投资 (execution) and 支出率 (rate).
fn investment_line(o: &mut Open, line: &Line, text: &str) -> bool {
    let slots: [(&str, usize); 3] = [
        ("下达政府投资计划", 0),
        ("实际完成投资", 1),
        ("投资计划支出率", 2),
    ];
    let Some((label, slot)) = slots.iter().find(|(l, _)| text.contains(l)) else {
        return false;
    };
    let at = text.find(label).map_or(0, |i| i + label.len());
    let Some(start) = text[at..]
        .find(|c: char| c.is_ascii_digit())
        .map(|i| at + i)
    else {
        return false;
    };
    let Some((_, a)) = number_at(text, start) else {
        return false;
    };
    if o.rec
        .funds
        .first()
        .is_none_or(|f| f.source != "政府投资计划")
    {
        o.rec.funds.insert(
            0,
            FundLine {
                source: "政府投资计划".into(),
                budget: None,
                execution: None,
                rate: None,
                page: line.page,
                bbox: line.bbox(),
            },
        );
    }
    let f = &mut o.rec.funds[0];
    match slot {
        0 => f.budget = Some(a),
        1 => f.execution = Some(a),
        _ => {
            f.rate = Some(a);
            o.has_actuals = true;
        }
    }
    true
}

#[cfg(test)]
#[path = "performance_tests.rs"]
mod tests;
