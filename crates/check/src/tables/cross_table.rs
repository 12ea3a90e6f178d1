//! Across tables: a figure printed in two tables is the same in both.

use super::*;

use TableKind as K;

/// The 合计 row of a code table, if printed.
pub(super) fn total_row(t: &Table) -> Option<&Row> {
    find(t, None, &["合计", "总计"])
}

/// Compares a located figure with a figure of another table (an error beyond
/// rounding), both optional:
/// when only one side is printed, the other reads as zero, and the finding
/// sits where a figure is printed.
pub(super) fn cross(
    cx: &mut Cx<'_>,
    check: CheckId,
    here: Option<At<'_>>,
    there: Option<At<'_>>,
    here_name: &str,
    there_name: &str,
) {
    let hf = here.as_ref().and_then(|a| a.fig(cx.doc));
    let tf = there.as_ref().and_then(|a| a.fig(cx.doc));
    match (here, hf, there, tf) {
        (Some(h), Some(_), _, t) => {
            cx.compare(
                check,
                Severity::Error,
                &h,
                t.unwrap_or(Fig::ZERO),
                there_name,
            );
        }
        (_, None, Some(t), Some(_)) => {
            cx.compare(
                check,
                Severity::Error,
                &t,
                Fig::ZERO,
                &format!("{here_name}（未印）"),
            );
        }
        _ => {}
    }
}

pub(super) fn row_at<'a>(
    ti: usize,
    t: &'a Table,
    row: Option<&'a Row>,
    c: ColumnId,
) -> Option<At<'a>> {
    row.map(|r| at(ti, t, r, c))
}

pub(super) fn cross_income(cx: &mut Cx<'_>) {
    use ColumnId::*;
    let Some(((si, s), (ii, inc))) = pair(cx, K::IncomeExpenditureSummary, K::Income) else {
        return;
    };
    let Some(total) = total_row(inc) else { return };
    let side = Some(Side::Income);
    let pairs: [(&[&str], ColumnId); 6] = [
        (&["本年收入合计", "收入合计"], Total),
        (&["上级补助收入"], SuperiorSubsidy),
        (&["事业收入"], Business),
        (&["经营收入"], Operating),
        (&["附属单位上缴收入"], AffiliatedRemittance),
        (&["其他收入"], OtherIncome),
    ];
    for (labels, c) in pairs {
        let here = row_at(si, s, find(s, side, labels), Amount);
        let there = row_at(ii, inc, Some(total), c);
        let name = format!("收入决算表 合计.{}", header(inc, &c));
        cross(cx, CheckId::CrossIncome, here, there, labels[0], &name);
    }
    // 财政拨款收入 may be printed as one row, or one row per fund; their sum is the income table's column.
    {
        let funds: Vec<&Row> = s
            .rows
            .iter()
            .filter(|r| {
                r.side == side
                    && r.key.as_label().is_some_and(|l| {
                        l.ends_with("财政拨款收入") && !l.contains("其中") && !l.contains("#")
                    })
            })
            .collect();
        if !funds.is_empty() || total.values.contains_key(&FiscalAppropriation) {
            let expected: Fig = funds.iter().map(|r| fig0(cx, s, r, &Amount)).sum();
            let a = at(ii, inc, total, FiscalAppropriation);
            cx.compare(
                CheckId::CrossIncome,
                Severity::Error,
                &a,
                expected,
                "收支总表 Σ财政拨款收入",
            );
        }
    }
}

/// Compares the 类 rows (and the 本年支出合计) of a summary's expenditure side,
/// column `sc`, with the 类 rows (and 合计) of a code table, column `dc`.
pub(super) fn classes_vs(
    cx: &mut Cx<'_>,
    check: CheckId,
    (si, s, sc): (usize, &Table, ColumnId),
    (di, d, dc): (usize, &Table, ColumnId),
    detail: &str,
) {
    let side = Some(Side::Expenditure);
    let mut seen = BTreeSet::new();
    for r in s.rows.iter().filter(|r| r.side == side) {
        let Some(code) = r.key.as_code() else {
            continue;
        };
        seen.insert(code);
        let other = d
            .rows
            .iter()
            .find(|x| x.side.is_none() && x.key.as_code() == Some(code));
        let here = Some(at(si, s, r, sc));
        let there = row_at(di, d, other, dc);
        cross(cx, check, here, there, "", &format!("{detail} {code}"));
    }
    for r in d
        .rows
        .iter()
        .filter(|r| r.key.as_code().is_some_and(|c| c.len() == 3))
    {
        let code = r.key.as_code().unwrap_or_default();
        if seen.contains(code) {
            continue;
        }
        let there = Some(at(di, d, r, dc));
        cross(cx, check, None, there, "总表该类", "");
    }
    let here = row_at(si, s, find(s, side, &["本年支出合计", "支出合计"]), sc);
    let there = row_at(di, d, total_row(d), dc);
    cross(
        cx,
        check,
        here,
        there,
        "本年支出合计",
        &format!("{detail} 合计"),
    );
}

pub(super) fn cross_expenditure(cx: &mut Cx<'_>) {
    use ColumnId::*;
    let Some(((si, s), (ei, e))) = pair(cx, K::IncomeExpenditureSummary, K::Expenditure) else {
        return;
    };
    let (summary, detail) = ((si, s, Amount), (ei, e, Total));
    classes_vs(cx, CheckId::CrossExpenditure, summary, detail, "支出决算表");
    let side = Some(Side::Expenditure);
    for (label, c) in [("基本支出", Basic), ("项目支出", Project)] {
        if let Some(r) = find(s, side, &[label]) {
            let there = row_at(ei, e, total_row(e), c);
            cross(
                cx,
                CheckId::CrossExpenditure,
                Some(at(si, s, r, Amount)),
                there,
                label,
                &format!("支出决算表 合计.{label}"),
            );
        }
    }
}

pub(super) fn cross_appropriation(cx: &mut Cx<'_>) {
    use ColumnId::*;
    let Some((ai, a)) = kinds(cx, TableKind::AppropriationSummary) else {
        return;
    };
    let expenditure_columns = printed_columns(a, Some(Side::Expenditure));
    let gb = if expenditure_columns.contains(&GeneralBudget) {
        Some(GeneralBudget)
    } else if !expenditure_columns.contains(&GovernmentFund)
        && !expenditure_columns.contains(&StateCapital)
    {
        Some(Total)
    } else {
        None
    };
    if let (Some(gb), Some((gi, g))) = (gb, kinds(cx, TableKind::GeneralBudgetExpenditure)) {
        let name = "一般公共预算财政拨款支出决算表";
        let (summary, detail) = ((ai, a, gb), (gi, g, Total));
        classes_vs(cx, CheckId::CrossAppropriation, summary, detail, name);
    }
    let income = Some(Side::Income);
    if let Some((si, s)) = kinds(cx, TableKind::IncomeExpenditureSummary) {
        for base in [
            "一般公共预算财政拨款",
            "政府性基金预算财政拨款",
            "国有资本经营预算财政拨款",
        ] {
            let with = format!("{base}收入");
            let here = row_at(ai, a, find(a, income, &[base, &with]), Amount);
            let there = row_at(si, s, find(s, income, &[&with, base]), Amount);
            cross(
                cx,
                CheckId::CrossAppropriation,
                here,
                there,
                base,
                &format!("收支总表 {with}"),
            );
        }
    }
    if let Some((ii, inc)) = kinds(cx, TableKind::Income) {
        let here = row_at(
            ai,
            a,
            find(a, income, &["本年收入合计", "收入合计"]),
            Amount,
        );
        let there = row_at(ii, inc, total_row(inc), FiscalAppropriation);
        cross(
            cx,
            CheckId::CrossAppropriation,
            here,
            there,
            "本年收入合计",
            "收入决算表 合计.财政拨款收入",
        );
    }
}

/// The 一般公共预算财政拨款支出决算表 and the 基本支出决算表, when both are printed.
fn general_and_basic<'a>(cx: &Cx<'a>) -> Option<(Indexed<'a>, Indexed<'a>)> {
    pair(
        cx,
        K::GeneralBudgetExpenditure,
        K::GeneralBudgetBasicExpenditure,
    )
}

pub(super) fn cross_basic(cx: &mut Cx<'_>) {
    let Some(((gi, g), (_, b))) = general_and_basic(cx) else {
        return;
    };
    let Some(total) = total_row(g) else { return };
    let footers: Vec<&Row> = ["人员经费合计", "公用经费合计"]
        .iter()
        .filter_map(|l| find(b, None, &[l]))
        .collect();
    let (parts, what): (Vec<&Row>, &str) = if footers.len() == 2 {
        (footers, "基本支出表 人员经费合计 + 公用经费合计")
    } else {
        let classes = b
            .rows
            .iter()
            .filter(|r| r.key.as_code().is_some_and(|c| c.len() == 3))
            .collect();
        (classes, "基本支出表 Σ类")
    };
    if parts.is_empty() {
        return;
    }
    let expected: Fig = parts
        .iter()
        .map(|r| {
            r.values
                .keys()
                .filter(|c| {
                    matches!(
                        c,
                        ColumnId::Amount | ColumnId::Personnel | ColumnId::PublicFunds
                    )
                })
                .map(|c| fig0(cx, b, r, c))
                .sum::<Fig>()
        })
        .sum();
    let a = at(gi, g, total, ColumnId::Basic);
    cx.compare(CheckId::CrossBasic, Severity::Error, &a, expected, what);
}

pub(super) fn cross_basic_items(cx: &mut Cx<'_>) {
    let Some(((_, g), (bi, b))) = general_and_basic(cx) else {
        return;
    };
    // In a 汇总 document the lines differ legitimately (a hospital pays part
    // of its 住房公积金 from other funds than the basic 财政拨款): there a
    // difference is information, elsewhere a warning.
    let severity = if is_consolidated(cx.doc) {
        Severity::Info
    } else {
        Severity::Warning
    };
    let pairs: [(&[&str], &str); 4] = [
        (&["30108"], "2080505"),
        (&["30109"], "2080506"),
        (&["30110", "30111"], "21011"),
        (&["30113"], "2210201"),
    ];
    for (econ, func) in pairs {
        let rows: Vec<&Row> = econ
            .iter()
            .filter_map(|c| b.rows.iter().find(|r| r.key.as_code() == Some(c)))
            .collect();
        let Some(first) = rows.first() else { continue };
        let Some(f) = g.rows.iter().find(|r| r.key.as_code() == Some(func)) else {
            continue;
        };
        // Several economic lines may map to one function item; the others join the expectation.
        let others: Fig = rows[1..]
            .iter()
            .map(|r| fig0(cx, b, r, &ColumnId::Amount))
            .sum();
        let target = fig0(cx, g, f, &ColumnId::Basic);
        let expected = Fig {
            value: target.value - others.value,
            half: target.half + others.half,
        };
        let a = at(bi, b, first, ColumnId::Amount);
        let what = format!("一般公共预算支出表 {func} {} 基本支出", f.name);
        cx.compare(CheckId::CrossBasicItems, severity, &a, expected, &what);
    }
}

/// Whether a document sums several units' accounts (部门预算（汇总）, 汇总表).
pub(super) fn is_consolidated(doc: &juesuan_model::Document) -> bool {
    doc.file.contains("汇总")
        || doc
            .department
            .as_deref()
            .is_some_and(|d| d.contains("汇总"))
        || doc.tables.iter().any(|t| unit_trees(t).len() > 1)
}

pub(super) fn cross_three_public(cx: &mut Cx<'_>) {
    use ColumnId::*;
    if !cx.on(CheckId::CrossThreePublic) {
        return;
    }
    let Some(((ti, t), (_, b))) = pair(cx, K::ThreePublic, K::GeneralBudgetBasicExpenditure) else {
        return;
    };
    let row = t.rows.first();
    for (c, code) in [
        (ActualOverseas, "30212"),
        (ActualReception, "30217"),
        (ActualVehicleOperation, "30231"),
        (ActualVehiclePurchase, "31013"),
    ] {
        let Some(line) = b.rows.iter().find(|r| r.key.as_code() == Some(code)) else {
            continue;
        };
        let Some(basic) = fig(cx, b, line, &ColumnId::Amount) else {
            continue;
        };
        let tp = row.and_then(|r| fig(cx, t, r, &c)).unwrap_or(Fig::ZERO);
        let diff = tp.value - basic.value;
        let tol = tp.half + basic.half;
        if diff >= -tol {
            continue;
        }
        let mut f = Finding::new(
            CheckId::CrossThreePublic,
            Severity::Error,
            format!(
                "三公 {} 决算 {} 小于基本支出表 {code} {} 的 {}（三公含项目支出，不应更小）",
                header(t, &c),
                tp.value,
                line.name,
                basic.value
            ),
        );
        if let Some(r) = row {
            at(ti, t, r, c).locate(&mut f);
        } else {
            f.table = Some(ti);
            f.kind = t.kind;
            f.page = t.pages.first().copied();
        }
        f.expected = Some(basic.value);
        f.printed = Some(tp.value);
        f.difference = Some(diff);
        f.tolerance = Some(tol);
        cx.push(f);
    }
}

/// The rows a rule reads in a summary: fixed labels, or the fund's name
/// (`政府性基金预算财政拨款`) followed by one of the suffixes.
#[derive(Debug, Clone, Copy)]
enum Labels {
    Fixed(&'static [&'static str]),
    Fund(&'static [&'static str]),
}

/// One identity between a fund table's 合计 row and a summary.
#[derive(Debug, Clone, Copy)]
struct FundRule {
    /// The fund table's column.
    here: ColumnId,
    /// What the fund table's column is called, for messages.
    here_name: &'static str,
    /// The summary and the side of it holding the other figure.
    there: TableKind,
    side: Side,
    labels: Labels,
    /// `None`: the fund's own column (政府性基金预算财政拨款 …); else this one.
    column: Option<ColumnId>,
}

/// The identities of the two fund tables (政府性基金, 国有资本经营) with the
/// summaries, as data: one small function walks them.
static FUND_RULES: &[FundRule] = &[
    // Expenditure: the 合计 against 公开04 本年支出合计 of the fund's column.
    FundRule {
        here: ColumnId::ExpenditureTotal,
        here_name: "本年支出",
        there: TableKind::AppropriationSummary,
        side: Side::Expenditure,
        labels: Labels::Fixed(&["本年支出合计", "支出合计"]),
        column: None,
    },
    // Income and opening balance against the income sides.
    FundRule {
        here: ColumnId::Income,
        here_name: "本年收入",
        there: TableKind::AppropriationSummary,
        side: Side::Income,
        labels: Labels::Fund(&["", "收入"]),
        column: Some(ColumnId::Amount),
    },
    FundRule {
        here: ColumnId::Income,
        here_name: "本年收入",
        there: TableKind::IncomeExpenditureSummary,
        side: Side::Income,
        labels: Labels::Fund(&["收入"]),
        column: Some(ColumnId::Amount),
    },
    FundRule {
        here: ColumnId::OpeningBalance,
        here_name: "年初结转和结余",
        there: TableKind::AppropriationSummary,
        side: Side::Income,
        labels: Labels::Fund(&["#2"]),
        column: Some(ColumnId::Amount),
    },
];

/// The fund tables, with their column in 公开04 and their name there.
const FUNDS: [(TableKind, ColumnId, &str); 2] = [
    (
        TableKind::GovernmentFund,
        ColumnId::GovernmentFund,
        "政府性基金预算财政拨款",
    ),
    (
        TableKind::StateCapital,
        ColumnId::StateCapital,
        "国有资本经营预算财政拨款",
    ),
];

pub(super) fn cross_fund(cx: &mut Cx<'_>) {
    // Without 公开04 the fund tables have nothing to agree with.
    if kinds(cx, TableKind::AppropriationSummary).is_none() {
        return;
    }
    for (kind, col, base) in FUNDS {
        let Some((fi, f)) = kinds(cx, kind) else {
            continue;
        };
        let total = total_row(f);
        for rule in FUND_RULES {
            let Some((ti, t)) = kinds(cx, rule.there) else {
                continue;
            };
            let labels: Vec<String> = match rule.labels {
                Labels::Fixed(l) => l.iter().map(|l| l.to_string()).collect(),
                Labels::Fund(suffixes) => suffixes.iter().map(|s| format!("{base}{s}")).collect(),
            };
            let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
            let column = rule.column.unwrap_or(col);
            let here = row_at(fi, f, total, rule.here);
            let there = row_at(ti, t, find(t, Some(rule.side), &labels), column);
            let there_name = format!(
                "{} {}.{}",
                rule.there.chinese_name(),
                labels[0],
                header(t, &column)
            );
            let here_name = format!("{} 合计.{}", kind.chinese_name(), rule.here_name);
            cross(cx, CheckId::CrossFund, here, there, &here_name, &there_name);
        }
        if let Some((ai, a)) = kinds(cx, TableKind::AppropriationSummary) {
            fund_classes(cx, (ai, a), (fi, f), col, kind.chinese_name());
        }
    }
}

/// Each 类 of 公开04 in a fund's column against the fund table.
fn fund_classes(
    cx: &mut Cx<'_>,
    (ai, a): (usize, &Table),
    (fi, f): (usize, &Table),
    col: ColumnId,
    name: &str,
) {
    if !printed_columns(a, Some(Side::Expenditure)).contains(&col) {
        return;
    }
    for r in a.rows.iter().filter(|r| r.side == Some(Side::Expenditure)) {
        let Some(code) = r.key.as_code() else {
            continue;
        };
        if !r.values.contains_key(&col) {
            continue;
        }
        let other = f.rows.iter().find(|x| x.key.as_code() == Some(code));
        let here = Some(at(ai, a, r, col));
        let there = row_at(fi, f, other, ColumnId::ExpenditureTotal);
        cross(
            cx,
            CheckId::CrossFund,
            here,
            there,
            "",
            &format!("{name} {code}"),
        );
    }
}
