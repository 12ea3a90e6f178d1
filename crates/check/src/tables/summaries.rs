//! The two summaries (收入支出决算总表, 财政拨款收支总表): each side balances.

use super::*;

/// Whether a summary label is a breakdown of a balance by fund (the rows under
/// 年初财政拨款结转和结余) or a 其中 line, not a term of the 总计.
pub(super) fn is_breakdown(label: &str) -> bool {
    let (base, _) = split_numbered_label(label);
    base.starts_with("一般公共预算")
        || base.starts_with("政府性基金")
        || base.starts_with("国有资本")
        || base.contains("其中")
}

pub(super) fn summary_balance(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for (ti, t) in doc.tables.iter().enumerate() {
        // The income-side labels this check looks up (本年收入合计,
        // 一般公共预算财政拨款 …) are the 决算 template's; 预算 summaries name
        // their rows otherwise, so they are not judged by them.
        if !t
            .kind
            .is_some_and(|k| k.is_two_sided() && k.family() == juesuan_model::Family::FinalAccounts)
        {
            continue;
        }
        let income = side_balance(cx, ti, t, Side::Income);
        let spent = side_balance(cx, ti, t, Side::Expenditure);
        if let (Some(i), Some(e)) = (income, spent) {
            totals_agree(cx, ti, t, i, e);
        }
        if let Some(e) = spent {
            per_fund(cx, ti, t, e);
        }
    }
}

/// One side of a summary: 本年收入合计 = Σ sources above it, 总计 = Σ terms
/// from the 本年 total down, and each balance broken down by fund = its
/// breakdown. Returns the side's 总计 row.
fn side_balance<'a>(cx: &mut Cx<'_>, ti: usize, t: &'a Table, side: Side) -> Option<&'a Row> {
    let year_labels: &[&str] = match side {
        Side::Income => &["本年收入合计", "收入合计"],
        Side::Expenditure => &["本年支出合计", "支出合计"],
    };
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
    // The expenditure side's 本年 total is the 类 sum, see code_tree.
    if let (Side::Income, Some(y)) = (side, year) {
        let parts: Vec<&Row> = rows[..y]
            .iter()
            .copied()
            .filter(|r| !r.key.as_label().is_some_and(|l| l.contains("其中")))
            .collect();
        if !parts.is_empty() {
            let what = format!("Σ收入来源（{} 行）", parts.len());
            let what = (what.as_str(), Blank::Zero);
            columns_against_sum(
                cx,
                CheckId::SummaryBalance,
                (ti, t, rows[y]),
                &columns,
                &parts,
                what,
            );
        }
    }
    if let (Some(y), Some(g)) = (year, grand) {
        if y < g {
            grand_total(cx, ti, t, &rows[y..=g], &columns);
        }
    }
    grand.map(|g| rows[g])
}

/// 总计 (the last of `rows`) = Σ the terms from the 本年 total (the first)
/// down, breakdowns left out; and each balance broken down by fund = Σ its
/// breakdown rows.
fn grand_total(cx: &mut Cx<'_>, ti: usize, t: &Table, rows: &[&Row], columns: &[ColumnId]) {
    let (grand, above) = rows.split_last().expect("the 本年 total and the 总计");
    let terms: Vec<&Row> = above
        .iter()
        .copied()
        .filter(|r| !r.key.as_label().is_some_and(is_breakdown))
        .collect();
    let names: Vec<&str> = terms.iter().filter_map(|r| r.key.as_label()).collect();
    let what = names.join(" + ");
    let what = (what.as_str(), Blank::Zero);
    columns_against_sum(
        cx,
        CheckId::SummaryBalance,
        (ti, t, grand),
        columns,
        &terms,
        what,
    );
    for (i, r) in above.iter().enumerate().skip(1) {
        if r.key.as_label().is_some_and(is_breakdown) {
            continue;
        }
        let parts: Vec<&Row> = above[i + 1..]
            .iter()
            .copied()
            .take_while(|r| r.key.as_label().is_some_and(is_breakdown))
            .collect();
        if parts.is_empty() {
            continue;
        }
        let what = ("Σ分资金来源", Blank::Zero);
        columns_against_sum(
            cx,
            CheckId::SummaryBalance,
            (ti, t, r),
            columns,
            &parts,
            what,
        );
    }
}

/// 收入总计 = 支出总计.
fn totals_agree(cx: &mut Cx<'_>, ti: usize, t: &Table, income: &Row, spent: &Row) {
    let ic = if income.values.contains_key(&ColumnId::Amount) {
        ColumnId::Amount
    } else {
        ColumnId::Total
    };
    let ec = [ColumnId::Amount, ColumnId::Total]
        .into_iter()
        .find(|c| spent.values.contains_key(c));
    if let (Some(ec), Some(income_fig)) = (ec, fig(cx, t, income, &ic)) {
        let a = at(ti, t, spent, ec);
        cx.compare(
            CheckId::SummaryBalance,
            Severity::Error,
            &a,
            income_fig,
            "收入总计",
        );
    }
}

/// Per fund: 本年 + 年初 on the income side = 总计 of that fund's column.
fn per_fund(cx: &mut Cx<'_>, ti: usize, t: &Table, spent: &Row) {
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
        // The fund rows' labels are those of the 决算 财政拨款收支总表;
        // in another summary (a 预算's) their absence says nothing.
        let known_labels = t.kind == Some(TableKind::AppropriationSummary);
        if parts.is_empty() && (!known_labels || !spent.values.contains_key(&col)) {
            continue;
        }
        let expected: Fig = parts
            .iter()
            .map(|r| fig0(cx, t, r, &ColumnId::Amount))
            .sum();
        let what = format!("收入方 {base}（本年 + 年初）");
        let a = at(ti, t, spent, col);
        cx.compare(
            CheckId::SummaryBalance,
            Severity::Error,
            &a,
            expected,
            &what,
        );
    }
}
