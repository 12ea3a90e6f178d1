//! The checks on the tables: within rows, down the code trees, across the
//! two-sided summaries, between tables, and on the document's structure.

use std::collections::BTreeSet;

use super::{At, CheckId, Cx, Fig, Finding, Severity};
use juesuan_model::split_numbered_label;
use juesuan_model::ColumnId;
use juesuan_model::{DocumentKind, Side, TableKind};
use juesuan_model::{Row, Table};

pub(super) fn run(cx: &mut Cx<'_>) {
    row_sums(cx);
    three_public(cx);
    code_tree(cx);
    summary_class_sums(cx);
    economic_tree(cx);
    personnel_public(cx);
    summary_balance(cx);
    cross_income(cx);
    cross_expenditure(cx);
    cross_appropriation(cx);
    cross_basic(cx);
    cross_basic_items(cx);
    cross_three_public(cx);
    cross_fund(cx);
    structure(cx);
}

/// A located cell of table `ti`.
fn at<'a>(ti: usize, t: &'a Table, row: &'a Row, column: ColumnId) -> At<'a> {
    At {
        table: ti,
        t,
        row,
        column,
    }
}

/// The first row on `side` whose label (numbering ignored when `numbered` is
/// false) is one of `labels`.
fn find<'a>(t: &'a Table, side: Option<Side>, labels: &[&str]) -> Option<&'a Row> {
    t.rows
        .iter()
        .find(|r| r.side == side && r.key.as_label().is_some_and(|l| labels.contains(&l)))
}

/// The header printed for a column, or its id.
fn header(t: &Table, c: &ColumnId) -> String {
    t.columns
        .iter()
        .find(|x| &x.id == c)
        .map_or_else(|| c.id().to_string(), |x| x.header.clone())
}

/// Every column some row of the table prints, in canonical order.
fn printed_columns(t: &Table, side: Option<Side>) -> Vec<ColumnId> {
    let set: BTreeSet<ColumnId> = t
        .rows
        .iter()
        .filter(|r| r.side == side)
        .flat_map(|r| r.values.keys().cloned())
        .collect();
    // Columns outside the vocabulary are only summed in tables outside the
    // nine (部门预算 tables), and never when they hold rates or changes.
    set.into_iter()
        .filter(|c| match c {
            ColumnId::Other(h) => {
                t.kind.is_none()
                    && !["%", "率", "比", "增减", "幅"]
                        .iter()
                        .any(|k| h.as_str().contains(k))
            }
            _ => true,
        })
        .collect()
}

fn fig(cx: &Cx<'_>, t: &Table, row: &Row, c: &ColumnId) -> Option<Fig> {
    row.values.get(c).map(|v| {
        Fig::of(
            v.amount.value(),
            t.unit.as_ref().or(cx.doc.unit.as_ref()),
            super::quantum(t),
        )
    })
}

fn fig0(cx: &Cx<'_>, t: &Table, row: &Row, c: &ColumnId) -> Fig {
    fig(cx, t, row, c).unwrap_or(Fig::ZERO)
}

fn kinds<'a>(cx: &Cx<'a>, kind: TableKind) -> Option<(usize, &'a Table)> {
    cx.doc
        .tables
        .iter()
        .enumerate()
        .find(|(_, t)| t.kind == Some(kind))
}

// ---------------------------------------------------------------- row sums

fn row_sums(cx: &mut Cx<'_>) {
    use ColumnId::*;
    let doc = cx.doc;
    for (ti, t) in doc.tables.iter().enumerate() {
        let Some(kind) = t.kind else { continue };
        let rules: Vec<(ColumnId, Vec<ColumnId>)> = match kind {
            TableKind::Income => vec![(
                Total,
                vec![
                    FiscalAppropriation,
                    SuperiorSubsidy,
                    Business,
                    Operating,
                    AffiliatedRemittance,
                    OtherIncome,
                ],
            )],
            TableKind::Expenditure => vec![(
                Total,
                vec![
                    Basic,
                    Project,
                    RemitToSuperior,
                    Operating,
                    SubsidyToAffiliated,
                ],
            )],
            TableKind::GeneralBudgetExpenditure => vec![(Total, vec![Basic, Project])],
            TableKind::AppropriationSummary => {
                vec![(Total, vec![GeneralBudget, GovernmentFund, StateCapital])]
            }
            TableKind::GovernmentFund | TableKind::StateCapital => {
                vec![(ExpenditureTotal, vec![Basic, Project])]
            }
            TableKind::GeneralBudgetBasicExpenditure => {
                vec![(Amount, vec![Personnel, PublicFunds])]
            }
            _ => Vec::new(),
        };
        for row in &t.rows {
            for (total, parts) in &rules {
                if !row.values.contains_key(total)
                    || !parts.iter().any(|p| row.values.contains_key(p))
                {
                    continue;
                }
                let expected: Fig = parts.iter().map(|p| fig0(cx, t, row, p)).sum();
                let what: Vec<String> = parts
                    .iter()
                    .filter(|p| row.values.contains_key(p))
                    .map(|p| header(t, p))
                    .collect();
                let a = at(ti, t, row, *total);
                cx.compare(
                    CheckId::RowSum,
                    Severity::Error,
                    &a,
                    expected,
                    &what.join(" + "),
                );
            }
            // 年末结转和结余 = 年初 + 本年收入 − 本年支出 in the fund tables.
            if matches!(kind, TableKind::GovernmentFund | TableKind::StateCapital)
                && row.values.contains_key(&ClosingBalance)
                && [OpeningBalance, Income, ExpenditureTotal]
                    .iter()
                    .any(|c| row.values.contains_key(c))
            {
                let expected = fig0(cx, t, row, &OpeningBalance) + fig0(cx, t, row, &Income)
                    - fig0(cx, t, row, &ExpenditureTotal);
                let a = at(ti, t, row, ClosingBalance);
                cx.compare(
                    CheckId::RowSum,
                    Severity::Error,
                    &a,
                    expected,
                    "年初结转和结余 + 本年收入 − 本年支出",
                );
            }
        }
    }
}

fn three_public(cx: &mut Cx<'_>) {
    use ColumnId::*;
    let Some((ti, t)) = kinds(cx, TableKind::ThreePublic) else {
        return;
    };
    let rules = [
        (
            BudgetTotal,
            vec![BudgetOverseas, BudgetVehicleTotal, BudgetReception],
            "预算 因公出国(境) + 公务用车 + 公务接待",
        ),
        (
            BudgetVehicleTotal,
            vec![BudgetVehiclePurchase, BudgetVehicleOperation],
            "预算 购置 + 运行",
        ),
        (
            ActualTotal,
            vec![ActualOverseas, ActualVehicleTotal, ActualReception],
            "决算 因公出国(境) + 公务用车 + 公务接待",
        ),
        (
            ActualVehicleTotal,
            vec![ActualVehiclePurchase, ActualVehicleOperation],
            "决算 购置 + 运行",
        ),
    ];
    for row in &t.rows {
        for (total, parts, what) in &rules {
            // A blank total with printed parts is checked too: the total then reads as zero.
            let any_part = parts.iter().any(|p| row.values.contains_key(p));
            if !row.values.contains_key(total) && !any_part {
                continue;
            }
            if !any_part {
                continue;
            }
            let expected: Fig = parts.iter().map(|p| fig0(cx, t, row, p)).sum();
            let a = at(ti, t, row, *total);
            cx.compare(CheckId::ThreePublicSum, Severity::Error, &a, expected, what);
        }
    }
}

// ---------------------------------------------------------------- code trees

/// The nearest ancestor of `code` (3/5/7 digits) printed among `codes`.
fn printed_parent<'a>(code: &str, codes: &BTreeSet<&'a str>) -> Option<&'a str> {
    let mut n = code.len();
    while n > 3 {
        n -= 2;
        if let Some(p) = codes.get(&code[..n]) {
            return Some(p);
        }
    }
    None
}

/// The code trees a table prints: one, or one per 预算单位 when a 汇总 table
/// repeats the tree for each unit. A tree ends where a code comes again.
/// (Label rows cannot end a tree: tables print 款 names without codes.)
fn unit_trees(t: &Table) -> Vec<&[Row]> {
    let mut trees = Vec::new();
    let mut start = 0;
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, r) in t.rows.iter().enumerate() {
        let Some(code) = r.key.as_code() else {
            continue;
        };
        if !seen.insert(code) {
            trees.push(&t.rows[start..i]);
            start = i;
            seen.clear();
            seen.insert(code);
        }
    }
    trees.push(&t.rows[start..]);
    trees
}

/// Checks every parent against its printed children in each of a table's
/// code trees (each 预算单位's tree alone), and the 合计 row against the
/// top-level rows when the table prints one tree.
fn tree(cx: &mut Cx<'_>, check: CheckId, ti: usize, t: &Table) {
    let trees = unit_trees(t);
    for rows in &trees {
        subtree(cx, check, ti, t, rows);
    }
    if trees.len() == 1 {
        total_against_classes(cx, check, ti, t);
    }
}

/// Parent = Σ children within one code tree.
fn subtree(cx: &mut Cx<'_>, check: CheckId, ti: usize, t: &Table, rows: &[Row]) {
    let codes: BTreeSet<&str> = rows.iter().filter_map(|r| r.key.as_code()).collect();
    let columns = printed_columns(t, None);
    let level = |c: &str| match c.len() {
        3 => "类",
        5 => "款",
        _ => "项",
    };
    for parent in rows.iter().filter(|r| r.side.is_none()) {
        let Some(pc) = parent.key.as_code() else {
            continue;
        };
        let children: Vec<&Row> = rows
            .iter()
            .filter(|r| {
                r.key
                    .as_code()
                    .is_some_and(|c| c.len() > pc.len() && printed_parent(c, &codes) == Some(pc))
            })
            .collect();
        if children.is_empty() {
            continue;
        }
        let child_level = level(children[0].key.as_code().unwrap_or_default());
        for c in &columns {
            if !parent.values.contains_key(c) && !children.iter().any(|r| r.values.contains_key(c))
            {
                continue;
            }
            let expected: Fig = children.iter().map(|r| fig0(cx, t, r, c)).sum();
            let a = at(ti, t, parent, *c);
            let what = format!("Σ{child_level}（{} 行）", children.len());
            cx.compare(check, Severity::Error, &a, expected, &what);
        }
    }
}

/// 合计 = Σ top-level rows of a table's one code tree.
fn total_against_classes(cx: &mut Cx<'_>, check: CheckId, ti: usize, t: &Table) {
    let codes: BTreeSet<&str> = t.rows.iter().filter_map(|r| r.key.as_code()).collect();
    let columns = printed_columns(t, None);
    let Some(total) =
        find(t, None, &["合计", "总计", "合计#2"]).or_else(|| find(t, None, &["本年支出合计"]))
    else {
        return;
    };
    let top: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| {
            r.key
                .as_code()
                .is_some_and(|c| printed_parent(c, &codes).is_none())
        })
        .collect();
    if top.is_empty() {
        return;
    }
    for c in &columns {
        let expected: Fig = top.iter().map(|r| fig0(cx, t, r, c)).sum();
        let a = at(ti, t, total, *c);
        let what = format!("Σ类（{} 行）", top.len());
        cx.compare(check, Severity::Error, &a, expected, &what);
    }
}

fn code_tree(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for (ti, t) in doc.tables.iter().enumerate() {
        // Tables outside the nine (部门预算 tables) are checked too when they
        // are keyed by codes: the code tree is the same whatever the title.
        let other_coded =
            t.kind.is_none() && t.rows.iter().filter(|r| r.key.as_code().is_some()).count() >= 2;
        if other_coded
            || matches!(
                t.kind,
                Some(
                    TableKind::Income
                        | TableKind::Expenditure
                        | TableKind::GeneralBudgetExpenditure
                        | TableKind::GovernmentFund
                        | TableKind::StateCapital
                )
            )
        {
            tree(cx, CheckId::CodeTree, ti, t);
        }
    }
}

/// In the two summaries, 本年支出合计 = Σ 类 rows, for every column.
fn summary_class_sums(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for (ti, t) in doc.tables.iter().enumerate() {
        if !t.kind.is_some_and(|k| k.is_two_sided()) {
            continue;
        }
        let side = Some(Side::Expenditure);
        let classes: Vec<&Row> = t
            .rows
            .iter()
            .filter(|r| r.side == side && r.key.as_code().is_some())
            .collect();
        let Some(total) = find(t, side, &["本年支出合计", "支出合计"]) else {
            continue;
        };
        if classes.is_empty() {
            continue;
        }
        for c in printed_columns(t, side) {
            if !total.values.contains_key(&c) && !classes.iter().any(|r| r.values.contains_key(&c))
            {
                continue;
            }
            let expected: Fig = classes.iter().map(|r| fig0(cx, t, r, &c)).sum();
            let a = at(ti, t, total, c);
            let what = format!("Σ类（{} 行）", classes.len());
            cx.compare(CheckId::CodeTree, Severity::Error, &a, expected, &what);
        }
    }
}

fn economic_tree(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for (ti, t) in doc.tables.iter().enumerate() {
        if t.kind == Some(TableKind::GeneralBudgetBasicExpenditure) {
            tree(cx, CheckId::EconomicTree, ti, t);
        }
    }
}

fn personnel_public(cx: &mut Cx<'_>) {
    let Some((ti, t)) = kinds(cx, TableKind::GeneralBudgetBasicExpenditure) else {
        return;
    };
    let classes: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| r.key.as_code().is_some_and(|c| c.len() == 3))
        .collect();
    if classes.is_empty() {
        return;
    }
    let personnel = |c: &str| c == "301" || c == "303";
    for (label, want_personnel) in [("人员经费合计", true), ("公用经费合计", false)] {
        let Some(row) = find(t, None, &[label, label.trim_end_matches("合计")]) else {
            continue;
        };
        let parts: Vec<&Row> = classes
            .iter()
            .copied()
            .filter(|r| personnel(r.key.as_code().unwrap_or_default()) == want_personnel)
            .collect();
        let names: Vec<&str> = parts.iter().filter_map(|r| r.key.as_code()).collect();
        for c in row.values.keys() {
            let expected: Fig = parts.iter().map(|r| fig0(cx, t, r, c)).sum();
            let a = at(ti, t, row, *c);
            cx.compare(
                CheckId::PersonnelPublic,
                Severity::Error,
                &a,
                expected,
                &names.join(" + "),
            );
        }
    }
}

// ---------------------------------------------------------------- summaries

/// Whether a summary label is a breakdown of a balance by fund (the rows under
/// 年初财政拨款结转和结余) or a 其中 line, not a term of the 总计.
fn is_breakdown(label: &str) -> bool {
    let (base, _) = split_numbered_label(label);
    base.starts_with("一般公共预算")
        || base.starts_with("政府性基金")
        || base.starts_with("国有资本")
        || base.contains("其中")
}

fn summary_balance(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for (ti, t) in doc.tables.iter().enumerate() {
        if !t.kind.is_some_and(|k| k.is_two_sided()) {
            continue;
        }
        let mut totals: Vec<(Side, &Row)> = Vec::new();
        for (side, year_labels) in [
            (Side::Income, &["本年收入合计", "收入合计"][..]),
            (Side::Expenditure, &["本年支出合计", "支出合计"][..]),
        ] {
            let rows: Vec<&Row> = t.rows.iter().filter(|r| r.side == Some(side)).collect();
            let year = rows
                .iter()
                .position(|r| r.key.as_label().is_some_and(|l| year_labels.contains(&l)));
            let grand = rows.iter().position(|r| {
                r.key
                    .as_label()
                    .is_some_and(|l| l == "总计" || l.ends_with("总计"))
            });
            let columns = printed_columns(t, Some(side));
            // 本年收入合计 = Σ sources above it (the expenditure side is the 类 sum, see code_tree).
            if let (Side::Income, Some(y)) = (side, year) {
                let parts: Vec<&Row> = rows[..y]
                    .iter()
                    .copied()
                    .filter(|r| !r.key.as_label().is_some_and(|l| l.contains("其中")))
                    .collect();
                if !parts.is_empty() {
                    for c in &columns {
                        let expected: Fig = parts.iter().map(|r| fig0(cx, t, r, c)).sum();
                        let a = at(ti, t, rows[y], *c);
                        let what = format!("Σ收入来源（{} 行）", parts.len());
                        cx.compare(
                            CheckId::SummaryBalance,
                            Severity::Error,
                            &a,
                            expected,
                            &what,
                        );
                    }
                }
            }
            if let (Some(y), Some(g)) = (year, grand) {
                if y < g {
                    let terms: Vec<&Row> = rows[y..g]
                        .iter()
                        .copied()
                        .filter(|r| !r.key.as_label().is_some_and(is_breakdown))
                        .collect();
                    let names: Vec<&str> = terms.iter().filter_map(|r| r.key.as_label()).collect();
                    for c in &columns {
                        let expected: Fig = terms.iter().map(|r| fig0(cx, t, r, c)).sum();
                        let a = at(ti, t, rows[g], *c);
                        cx.compare(
                            CheckId::SummaryBalance,
                            Severity::Error,
                            &a,
                            expected,
                            &names.join(" + "),
                        );
                    }
                    // A balance broken down by fund equals its breakdown.
                    for (i, r) in rows.iter().enumerate().take(g).skip(y + 1) {
                        if r.key.as_label().is_some_and(is_breakdown) {
                            continue;
                        }
                        let parts: Vec<&Row> = rows[i + 1..g]
                            .iter()
                            .copied()
                            .take_while(|r| r.key.as_label().is_some_and(is_breakdown))
                            .collect();
                        if parts.is_empty() {
                            continue;
                        }
                        for c in &columns {
                            let expected: Fig = parts.iter().map(|p| fig0(cx, t, p, c)).sum();
                            let a = at(ti, t, r, *c);
                            cx.compare(
                                CheckId::SummaryBalance,
                                Severity::Error,
                                &a,
                                expected,
                                "Σ分资金来源",
                            );
                        }
                    }
                }
            }
            if let Some(g) = grand {
                totals.push((side, rows[g]));
            }
        }
        // 收入总计 = 支出总计.
        let income = totals.iter().find(|(s, _)| *s == Side::Income).map(|x| x.1);
        let spent = totals
            .iter()
            .find(|(s, _)| *s == Side::Expenditure)
            .map(|x| x.1);
        if let (Some(i), Some(e)) = (income, spent) {
            let ic = if i.values.contains_key(&ColumnId::Amount) {
                ColumnId::Amount
            } else {
                ColumnId::Total
            };
            let ec = [ColumnId::Amount, ColumnId::Total]
                .into_iter()
                .find(|c| e.values.contains_key(c));
            if let (Some(ec), Some(income_fig)) = (ec, fig(cx, t, i, &ic)) {
                let a = at(ti, t, e, ec);
                cx.compare(
                    CheckId::SummaryBalance,
                    Severity::Error,
                    &a,
                    income_fig,
                    "收入总计",
                );
            }
        }
        // Per fund: 本年 + 年初 on the income side = 总计 of that fund's column.
        if let Some(e) = spent {
            for (base, col) in [
                ("一般公共预算财政拨款", ColumnId::GeneralBudget),
                ("政府性基金预算财政拨款", ColumnId::GovernmentFund),
                ("国有资本经营预算财政拨款", ColumnId::StateCapital),
            ] {
                if !printed_columns(t, Some(Side::Expenditure)).contains(&col) {
                    continue;
                }
                let parts: Vec<&Row> = t
                    .rows
                    .iter()
                    .filter(|r| {
                        r.side == Some(Side::Income)
                            && r.key.as_label().is_some_and(|l| {
                                let b = split_numbered_label(l).0;
                                b == base || b == format!("{base}收入")
                            })
                    })
                    .collect();
                if parts.is_empty() && !e.values.contains_key(&col) {
                    continue;
                }
                let expected: Fig = parts
                    .iter()
                    .map(|r| fig0(cx, t, r, &ColumnId::Amount))
                    .sum();
                let a = at(ti, t, e, col);
                let what = format!("收入方 {base}（本年 + 年初）");
                cx.compare(
                    CheckId::SummaryBalance,
                    Severity::Error,
                    &a,
                    expected,
                    &what,
                );
            }
        }
    }
}

// ---------------------------------------------------------------- across tables

/// The 合计 row of a code table, if printed.
fn total_row(t: &Table) -> Option<&Row> {
    find(t, None, &["合计", "总计"])
}

/// Compares a located figure with a figure of another table, both optional:
/// when only one side is printed, the other reads as zero, and the finding
/// sits where a figure is printed.
#[allow(clippy::too_many_arguments)]
fn cross(
    cx: &mut Cx<'_>,
    check: CheckId,
    beyond: Severity,
    here: Option<At<'_>>,
    there: Option<At<'_>>,
    here_name: &str,
    there_name: &str,
) {
    let hf = here.as_ref().and_then(|a| a.fig(cx.doc));
    let tf = there.as_ref().and_then(|a| a.fig(cx.doc));
    match (here, hf, there, tf) {
        (Some(h), Some(_), _, t) => {
            cx.compare(check, beyond, &h, t.unwrap_or(Fig::ZERO), there_name);
        }
        (_, None, Some(t), Some(_)) => {
            cx.compare(
                check,
                beyond,
                &t,
                Fig::ZERO,
                &format!("{here_name}（未印）"),
            );
        }
        _ => {}
    }
}

fn row_at<'a>(ti: usize, t: &'a Table, row: Option<&'a Row>, c: ColumnId) -> Option<At<'a>> {
    row.map(|r| at(ti, t, r, c))
}

fn cross_income(cx: &mut Cx<'_>) {
    use ColumnId::*;
    let (Some((si, s)), Some((ii, inc))) = (
        kinds(cx, TableKind::IncomeExpenditureSummary),
        kinds(cx, TableKind::Income),
    ) else {
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
        cross(
            cx,
            CheckId::CrossIncome,
            Severity::Error,
            here,
            there,
            labels[0],
            &name,
        );
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
#[allow(clippy::too_many_arguments)]
fn classes_vs(
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
        cross(
            cx,
            check,
            Severity::Error,
            here,
            there,
            "",
            &format!("{detail} {code}"),
        );
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
        cross(cx, check, Severity::Error, None, there, "总表该类", "");
    }
    let here = row_at(si, s, find(s, side, &["本年支出合计", "支出合计"]), sc);
    let there = row_at(di, d, total_row(d), dc);
    cross(
        cx,
        check,
        Severity::Error,
        here,
        there,
        "本年支出合计",
        &format!("{detail} 合计"),
    );
}

fn cross_expenditure(cx: &mut Cx<'_>) {
    use ColumnId::*;
    let (Some((si, s)), Some((ei, e))) = (
        kinds(cx, TableKind::IncomeExpenditureSummary),
        kinds(cx, TableKind::Expenditure),
    ) else {
        return;
    };
    classes_vs(
        cx,
        CheckId::CrossExpenditure,
        (si, s, Amount),
        (ei, e, Total),
        "支出决算表",
    );
    let side = Some(Side::Expenditure);
    for (label, c) in [("基本支出", Basic), ("项目支出", Project)] {
        if let Some(r) = find(s, side, &[label]) {
            let there = row_at(ei, e, total_row(e), c);
            cross(
                cx,
                CheckId::CrossExpenditure,
                Severity::Error,
                Some(at(si, s, r, Amount)),
                there,
                label,
                &format!("支出决算表 合计.{label}"),
            );
        }
    }
}

fn cross_appropriation(cx: &mut Cx<'_>) {
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
        classes_vs(
            cx,
            CheckId::CrossAppropriation,
            (ai, a, gb),
            (gi, g, Total),
            "一般公共预算财政拨款支出决算表",
        );
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
                Severity::Error,
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
            Severity::Error,
            here,
            there,
            "本年收入合计",
            "收入决算表 合计.财政拨款收入",
        );
    }
}

fn cross_basic(cx: &mut Cx<'_>) {
    let (Some((gi, g)), Some((bi, b))) = (
        kinds(cx, TableKind::GeneralBudgetExpenditure),
        kinds(cx, TableKind::GeneralBudgetBasicExpenditure),
    ) else {
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
    let _ = bi;
    let a = at(gi, g, total, ColumnId::Basic);
    cx.compare(CheckId::CrossBasic, Severity::Error, &a, expected, what);
}

fn cross_basic_items(cx: &mut Cx<'_>) {
    let (Some((_, g)), Some((bi, b))) = (
        kinds(cx, TableKind::GeneralBudgetExpenditure),
        kinds(cx, TableKind::GeneralBudgetBasicExpenditure),
    ) else {
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
fn is_consolidated(doc: &juesuan_model::Document) -> bool {
    doc.file.contains("汇总")
        || doc
            .department
            .as_deref()
            .is_some_and(|d| d.contains("汇总"))
        || doc.tables.iter().any(|t| unit_trees(t).len() > 1)
}

fn cross_three_public(cx: &mut Cx<'_>) {
    use ColumnId::*;
    if !cx.on(CheckId::CrossThreePublic) {
        return;
    }
    let (Some((ti, t)), Some((bi, b))) = (
        kinds(cx, TableKind::ThreePublic),
        kinds(cx, TableKind::GeneralBudgetBasicExpenditure),
    ) else {
        return;
    };
    let _ = bi;
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

fn cross_fund(cx: &mut Cx<'_>) {
    use ColumnId::*;
    let Some((ai, a)) = kinds(cx, TableKind::AppropriationSummary) else {
        return;
    };
    let summary = kinds(cx, TableKind::IncomeExpenditureSummary);
    for (kind, col, base) in [
        (
            TableKind::GovernmentFund,
            GovernmentFund,
            "政府性基金预算财政拨款",
        ),
        (
            TableKind::StateCapital,
            StateCapital,
            "国有资本经营预算财政拨款",
        ),
    ] {
        let Some((fi, f)) = kinds(cx, kind) else {
            continue;
        };
        let total = total_row(f);
        let name = kind.chinese_name();
        // Expenditure: the fund table's 合计 against 公开04 本年支出合计 of that column.
        let here = row_at(fi, f, total, ExpenditureTotal);
        let there = row_at(
            ai,
            a,
            find(a, Some(Side::Expenditure), &["本年支出合计", "支出合计"]),
            col,
        );
        cross(
            cx,
            CheckId::CrossFund,
            Severity::Error,
            here,
            there,
            &format!("{name} 合计.本年支出"),
            &format!("财政拨款收支总表 本年支出合计.{base}"),
        );
        // Income and opening balance against the income side of 公开04.
        let with = format!("{base}收入");
        let here = row_at(fi, f, total, Income);
        let there = row_at(ai, a, find(a, Some(Side::Income), &[base, &with]), Amount);
        cross(
            cx,
            CheckId::CrossFund,
            Severity::Error,
            here,
            there,
            &format!("{name} 合计.本年收入"),
            &format!("财政拨款收支总表 {base}"),
        );
        if let Some((si, s)) = summary {
            let here = row_at(fi, f, total, Income);
            let there = row_at(si, s, find(s, Some(Side::Income), &[&with]), Amount);
            cross(
                cx,
                CheckId::CrossFund,
                Severity::Error,
                here,
                there,
                &format!("{name} 合计.本年收入"),
                &format!("收支总表 {with}"),
            );
        }
        let numbered = format!("{base}#2");
        let here = row_at(fi, f, total, OpeningBalance);
        let there = row_at(ai, a, find(a, Some(Side::Income), &[&numbered]), Amount);
        cross(
            cx,
            CheckId::CrossFund,
            Severity::Error,
            here,
            there,
            &format!("{name} 合计.年初结转和结余"),
            &format!("财政拨款收支总表 年初 {base}"),
        );
        // Each 类 of 公开04 in this column against the fund table.
        if printed_columns(a, Some(Side::Expenditure)).contains(&col) {
            for r in a.rows.iter().filter(|r| r.side == Some(Side::Expenditure)) {
                let Some(code) = r.key.as_code() else {
                    continue;
                };
                if !r.values.contains_key(&col) {
                    continue;
                }
                let other = f.rows.iter().find(|x| x.key.as_code() == Some(code));
                let here = Some(at(ai, a, r, col));
                let there = row_at(fi, f, other, ExpenditureTotal);
                cross(
                    cx,
                    CheckId::CrossFund,
                    Severity::Error,
                    here,
                    there,
                    "",
                    &format!("{name} {code}"),
                );
            }
        }
    }
}

// ---------------------------------------------------------------- structure

fn structure(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let final_accounts = matches!(
        doc.kind,
        DocumentKind::FinalAccounts | DocumentKind::UnitFinalAccounts
    );
    if final_accounts {
        for kind in TableKind::ALL {
            if doc.table(kind).is_none() {
                let mut f = Finding::new(
                    CheckId::StructureTables,
                    Severity::Error,
                    format!(
                        "未印{}（公开{:02}表） / table not printed",
                        kind.chinese_name(),
                        kind.number()
                    ),
                );
                f.kind = Some(kind);
                cx.push(f);
            }
        }
    }
    for (ti, t) in doc.tables.iter().enumerate() {
        let Some(kind) = t.kind else { continue };
        if t.is_empty() {
            let (severity, detail) = if t.notes.is_empty() {
                (
                    Severity::Warning,
                    format!(
                        "{}无金额且无说明 / empty table without a note",
                        kind.chinese_name()
                    ),
                )
            } else {
                (
                    Severity::Info,
                    format!(
                        "{}为空表：{} / printed empty",
                        kind.chinese_name(),
                        t.notes.join("；")
                    ),
                )
            };
            let mut f = Finding::new(CheckId::StructureEmpty, severity, detail);
            f.table = Some(ti);
            f.kind = Some(kind);
            f.page = t.pages.first().copied();
            cx.push(f);
        }
        if let (Some(u), Some(du)) = (&t.unit, &doc.unit) {
            if u != du {
                let mut f = Finding::new(
                    CheckId::StructureUnit,
                    Severity::Warning,
                    format!("{}单位为{u}，文档单位为{du}", kind.chinese_name()),
                );
                f.table = Some(ti);
                f.kind = Some(kind);
                f.page = t.pages.first().copied();
                cx.push(f);
            }
        }
    }
}
