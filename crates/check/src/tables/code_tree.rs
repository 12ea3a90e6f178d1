//! Code trees: a parent code against its printed children (功能分类, 经济分类),
//! 合计 against the 类, and 人员/公用经费 against their 经济分类 lines.

use super::*;
use std::collections::BTreeMap;

/// The nearest ancestor of `code` (3/5/7 digits) printed among `codes`.
pub(super) fn printed_parent<'a>(code: &str, codes: &BTreeSet<&'a str>) -> Option<&'a str> {
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
pub(super) fn unit_trees(t: &Table) -> Vec<&[Row]> {
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

/// Whether a code can stand in a tree of `system`: a 功能分类 code's 类 is
/// one of the known 类, an 经济分类 code starts with 3 or 5. Integers the
/// recognizer read into the code column (西安's 50830 or 350 in a column of
/// 单位编码) are neither and take no part.
pub(super) fn in_system(code: &str, system: Option<CodeSystem>) -> bool {
    let function = || {
        juesuan_model::code::CLASS_NAMES
            .iter()
            .any(|c| code.starts_with(c.code))
    };
    let economic = || code.starts_with('3') || code.starts_with('5');
    match system {
        Some(CodeSystem::Function) => function(),
        Some(CodeSystem::Economic) => economic(),
        None => function() || economic(),
    }
}

/// The code of a row that takes part in a tree of `system`.
fn tree_code(r: &Row, system: Option<CodeSystem>) -> Option<&str> {
    r.key.as_code().filter(|c| in_system(c, system))
}

/// The code system of a table's tree: its kind's, or (a table outside the
/// templates) either.
fn system(t: &Table) -> Option<CodeSystem> {
    t.kind.and_then(|k| k.code_system())
}

/// Checks every parent against its printed children in each of a table's
/// code trees (each 预算单位's tree alone), and the 合计 row against the
/// top-level rows when the table prints one tree.
pub(super) fn tree(cx: &mut Cx<'_>, check: CheckId, ti: usize, t: &Table) {
    let trees = unit_trees(t);
    for rows in &trees {
        subtree(cx, check, ti, t, rows);
    }
    if trees.len() == 1 {
        total_against_classes(cx, check, ti, t);
    }
}

/// The level name of a code, for messages.
fn level(code: &str) -> &'static str {
    match code.len() {
        3 => "类",
        5 => "款",
        _ => "项",
    }
}

/// Parent = Σ children within one code tree.
pub(super) fn subtree(cx: &mut Cx<'_>, check: CheckId, ti: usize, t: &Table, rows: &[Row]) {
    let system = system(t);
    let codes: BTreeSet<&str> = rows.iter().filter_map(|r| tree_code(r, system)).collect();
    let columns = printed_columns(t, None);
    // Each row's printed parent, found once: tables run to hundreds of rows.
    let mut by_parent: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(parent) = tree_code(r, system).and_then(|c| printed_parent(c, &codes)) else {
            continue;
        };
        if !lost_item(rows, i, &codes, system) {
            by_parent.entry(parent).or_default().push(r);
        }
    }
    for parent in rows.iter().filter(|r| r.side.is_none()) {
        let Some(pc) = tree_code(parent, system) else {
            continue;
        };
        let Some(children) = by_parent.get(pc) else {
            continue;
        };
        let Some(first) = children.first().and_then(|r| r.key.as_code()) else {
            continue;
        };
        let what = format!("Σ{}（{} 行）", level(first), children.len());
        let cell = (ti, t, parent);
        columns_against_sum(cx, check, cell, &columns, children, (&what, Blank::Unread));
    }
}

/// Whether row `i` is the 项 of the 款 before it, read with the wrong code.
///
/// Tables printing 类, 款 and 项 in three columns carry the 类 and 款 down
/// from the rows above; over a page break the recognizer can join a 项 to
/// the 类 alone (烟台: 款 07 on page 10, its 项 99 on page 11, read 22499).
/// Such a row prints the very figures of the 款 before it, which prints no
/// 项 of its own in a table that prints 项.
fn lost_item(rows: &[Row], i: usize, codes: &BTreeSet<&str>, system: Option<CodeSystem>) -> bool {
    let Some(code) = tree_code(&rows[i], system) else {
        return false;
    };
    if code.len() != 5 || !codes.iter().any(|c| c.len() == 7) {
        return false;
    }
    let Some(before) = rows[..i]
        .iter()
        .rev()
        .find(|r| tree_code(r, system).is_some())
    else {
        return false;
    };
    let Some(prev) = tree_code(before, system) else {
        return false;
    };
    let childless = !codes.iter().any(|c| c.len() == 7 && c.starts_with(prev));
    prev.len() == 5
        && prev[..3] == code[..3]
        && childless
        && !before.values.is_empty()
        && before.values.len() == rows[i].values.len()
        && before
            .values
            .iter()
            .all(|(c, v)| rows[i].values.get(c).is_some_and(|w| w.amount == v.amount))
}

/// 合计 = Σ top-level rows of a table's one code tree.
pub(super) fn total_against_classes(cx: &mut Cx<'_>, check: CheckId, ti: usize, t: &Table) {
    let system = system(t);
    let codes: BTreeSet<&str> = t.rows.iter().filter_map(|r| tree_code(r, system)).collect();
    let Some(total) =
        find(t, None, &["合计", "总计", "合计#2"]).or_else(|| find(t, None, &["本年支出合计"]))
    else {
        return;
    };
    let top: Vec<&Row> = t
        .rows
        .iter()
        .filter(|r| tree_code(r, system).is_some_and(|c| printed_parent(c, &codes).is_none()))
        .collect();
    if top.is_empty() {
        return;
    }
    total_of_classes(cx, check, (ti, t, total), None, &top);
}

/// A total row against the sum of the 类 rows, in every column of `side`.
fn total_of_classes(
    cx: &mut Cx<'_>,
    check: CheckId,
    total: (usize, &Table, &Row),
    side: Option<Side>,
    classes: &[&Row],
) {
    let what = format!("Σ类（{} 行）", classes.len());
    let columns = printed_columns(total.1, side);
    columns_against_sum(cx, check, total, &columns, classes, (&what, Blank::Unread));
}

pub(super) fn code_tree(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for (ti, t) in doc.tables.iter().enumerate() {
        // Tables outside the nine (部门预算 tables) are checked too when they
        // are keyed by codes: the code tree is the same whatever the title.
        let other_coded =
            t.kind.is_none() && t.rows.iter().filter(|r| r.key.as_code().is_some()).count() >= 2;
        let budget_coded = t.kind.is_some_and(|k| {
            k.family() == juesuan_model::Family::Budget
                && k.code_system() == Some(juesuan_model::CodeSystem::Function)
                && !k.is_two_sided()
        });
        if other_coded
            || budget_coded
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
pub(super) fn summary_class_sums(cx: &mut Cx<'_>) {
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
        total_of_classes(cx, CheckId::CodeTree, (ti, t, total), side, &classes);
    }
}

pub(super) fn economic_tree(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    for (ti, t) in doc.tables.iter().enumerate() {
        if t.kind == Some(TableKind::GeneralBudgetBasicExpenditure) {
            tree(cx, CheckId::EconomicTree, ti, t);
        }
    }
}

pub(super) fn personnel_public(cx: &mut Cx<'_>) {
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
