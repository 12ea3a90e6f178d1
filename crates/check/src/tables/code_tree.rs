//! Code trees: a parent code against its printed children (功能分类, 经济分类),
//! 合计 against the 类, and 人员/公用经费 against their 经济分类 lines.

use super::*;

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

/// Parent = Σ children within one code tree.
pub(super) fn subtree(cx: &mut Cx<'_>, check: CheckId, ti: usize, t: &Table, rows: &[Row]) {
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
pub(super) fn total_against_classes(cx: &mut Cx<'_>, check: CheckId, ti: usize, t: &Table) {
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
