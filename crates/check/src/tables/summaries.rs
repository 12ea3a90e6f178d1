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
                // The fund rows' labels are those of the 决算 财政拨款收支总表;
                // in another summary (a 预算's) their absence says nothing.
                let known_labels = t.kind == Some(TableKind::AppropriationSummary);
                if parts.is_empty() && (!known_labels || !e.values.contains_key(&col)) {
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
