//! Figures quoted in the prose against the table cells their subject names
//! (the subjects are data, in `subjects.rs`).

use super::*;

/// The row of the 三公 table that holds its totals.
pub(super) const THREE_PUBLIC_ROW: &[&str] = &["三公经费"];

/// The table figure a target names, located: (table index, row, column, figure).
pub(super) fn lookup<'a>(
    cx: &Cx<'a>,
    kind: TableKind,
    side: Option<Side>,
    labels: &[&str],
    column: ColumnId,
) -> Option<(usize, &'a Table, Option<&'a Row>, Fig)> {
    let (ti, t) = cx
        .doc
        .tables
        .iter()
        .enumerate()
        .find(|(_, t)| t.kind == Some(kind))?;
    let row = t
        .rows
        .iter()
        .find(|r| r.side == side && r.key.as_label().is_some_and(|l| labels.contains(&l)));
    // 财政拨款收入 of a summary printed per fund has no single row; the income table is preferred anyway.
    let fig = row
        .and_then(|r| crate::cell_fig(cx.doc, t, r, &column))
        .unwrap_or(Fig::ZERO);
    if row.is_none() && !t.is_empty() && !labels.iter().any(|l| TOTALS.contains(l)) {
        // A row the table does not print at all reads as zero only in an empty table.
        if !matches!(kind, TableKind::Income) {
            return None;
        }
    }
    if row.is_none() && !t.is_empty() && labels.iter().any(|l| TOTALS.contains(l)) {
        return None;
    }
    Some((ti, t, row, fig))
}

/// Compares a quoted amount with a table figure and records the finding.
#[expect(
    clippy::too_many_arguments,
    reason = "a quote, its place and the table figure it names; bundling them would only rename them"
)]
pub(super) fn compare_quote(
    cx: &mut Cx<'_>,
    check: CheckId,
    text: &Text,
    span: (usize, usize),
    quoted: Decimal,
    what: &str,
    (ti, t, row, fig): (usize, &Table, Option<&Row>, Fig),
    column: ColumnId,
) {
    let diff = quoted - fig.value;
    if diff.is_zero() {
        return;
    }
    let tol = half_unit(quoted) + fig.half;
    let severity = if diff.abs() <= tol {
        Severity::Rounding
    } else {
        Severity::Error
    };
    let page = row
        .and_then(|r| r.values.get(&column))
        .map(|v| v.page)
        .or_else(|| t.pages.first().copied());
    let shown = if row.and_then(|r| r.values.get(&column)).is_some() {
        fig.value.to_string()
    } else {
        "空白".to_string()
    };
    let mut f = Finding::new(
        check,
        severity,
        format!(
            "说明称{what} {quoted} 万元，{}{} 印 {shown}（p{}），差 {diff}",
            t.kind.map_or("", |k| k.chinese_name()),
            row.map_or_else(String::new, |r| format!("「{}」", r.name)),
            page.unwrap_or(0)
        ),
    );
    f.table = Some(ti);
    f.kind = t.kind;
    f.side = row.and_then(|r| r.side);
    f.key = row.map(|r| r.key.clone());
    f.column = Some(column);
    f.page = Some(text.page(span.0));
    f.expected = Some(fig.value);
    f.printed = Some(quoted);
    f.difference = Some(diff);
    f.tolerance = Some(tol);
    f.quote = Some(text.quote(span.0, span.1));
    cx.push(f);
}

/// The cell a target names for a figure of the given role: 决算 figures name
/// their cell, a 三公 预算 its 预算数 column when the sentence speaks of the
/// same (年初 or 全年) budget.
fn cell_of(
    target: Target,
    role: Role,
    full_year_sentence: bool,
) -> Option<(TableKind, Option<Side>, &'static [&'static str], ColumnId)> {
    match (target, role) {
        (Target::Cell(kind, side, labels, c), Role::Actual) => Some((kind, side, labels, c)),
        (Target::ThreePublic(budget, actual), r) => {
            let c = match r {
                Role::Actual => actual,
                Role::Budget(full) if full == full_year_sentence => budget,
                _ => return None,
            };
            Some((TableKind::ThreePublic, None, THREE_PUBLIC_ROW, c))
        }
        _ => None,
    }
}

pub(super) fn amounts(
    cx: &mut Cx<'_>,
    text: &Text,
    body: std::ops::Range<usize>,
    items: &[std::ops::Range<usize>],
) {
    if !cx.on(CheckId::NarrativeAmount) {
        return;
    }
    for q in figure_quotes(&text.text, body, items, cx.doc.year) {
        let Some((kind, side, labels, c)) = cell_of(q.target, q.role, q.full_year_sentence) else {
            continue;
        };
        let Some(found) = lookup(cx, kind, side, labels, c) else {
            continue;
        };
        compare_quote(
            cx,
            CheckId::NarrativeAmount,
            text,
            q.span,
            q.value,
            q.subject,
            found,
            c,
        );
    }
}
