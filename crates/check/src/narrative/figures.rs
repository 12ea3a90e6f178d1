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
        .and_then(|r| r.values.get(&column))
        .map(|v| {
            Fig::of(
                v.amount.value(),
                t.unit.as_ref().or(cx.doc.unit.as_ref()),
                crate::quantum(t),
            )
        })
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

/// The role of a quoted amount, from the words right before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Actual,
    /// A budget figure; `true` for 全年/调整后, `false` for 年初 or unqualified.
    Budget(bool),
    Prior,
    Delta,
}

pub(super) fn role(clause: &str, year: Option<u16>) -> Role {
    static DELTA: OnceLock<Regex> = OnceLock::new();
    static YEAR: OnceLock<Regex> = OnceLock::new();
    let delta = re(
        &DELTA,
        r"(增加|减少|增长|下降|降低|节约|超支|增|减|多|少)了?$",
    );
    let years = re(&YEAR, r"(20\d\d)年");
    if delta.is_match(clause) {
        return Role::Delta;
    }
    // Only the words after the last 决算 say whether the figure is a budget;
    // 一般公共预算 names a fund, not a budget.
    let clause = clause.replace("一般公共预算", "一般公共");
    let clause = clause.as_str();
    let tail = clause.rfind("决算").map_or(clause, |i| &clause[i..]);
    if tail.contains("预算") {
        return Role::Budget(
            tail.contains("全年") || tail.contains("调整") || clause.contains("调整"),
        );
    }
    let other_year = years
        .captures_iter(clause)
        .any(|c| c[1].parse::<u16>().ok() != year);
    if other_year || clause.contains("上年") || clause.contains("上一年") {
        return Role::Prior;
    }
    Role::Actual
}

/// The latest subject phrase before an amount (its end in `prefix`, what it
/// names, the phrase); specific phrases beat generic ones.
fn subject_of(prefix: &str) -> Option<(usize, Target, &'static str)> {
    let mut best: Option<(usize, usize, Target, &'static str)> = None;
    for generic in [false, true] {
        for (phrase, g, target) in SUBJECTS {
            if *g != generic {
                continue;
            }
            if let Some(i) = prefix.rfind(phrase) {
                let end = i + phrase.len();
                let better =
                    best.is_none_or(|(be, bl, _, _)| end > be || (end == be && phrase.len() > bl));
                if better {
                    best = Some((end, phrase.len(), *target, phrase));
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    best.map(|(end, _, target, phrase)| (end, target, phrase))
}

/// Whether a subject of an earlier clause names the amount of `clause`: the
/// clause holds linking words only, and does not turn from 收入 to 支出.
fn carries_over(clause: &str, phrase: &str) -> bool {
    let rest: String = clause.chars().filter(|c| !c.is_ascii_digit()).collect();
    let linking = rest
        .chars()
        .all(|c| "支出收入决算为数是的共计达年度全初预调整后其中".contains(c));
    let crosses = (rest.contains("支出") && phrase.contains("收入") && !phrase.contains("支出"))
        || (rest.contains("收入") && phrase.contains("支出") && !phrase.contains("收入"));
    linking && !crosses
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
    static AMOUNT: OnceLock<Regex> = OnceLock::new();
    let amount = re(&AMOUNT, &format!(r"({NUM})万元"));
    let all = &text.text;
    let mut sentence_start = body.start;
    let mut last_end = body.start;
    for m in amount.captures_iter(&all[body.clone()]) {
        let g = m.get(1).expect("number");
        let (s, e) = (body.start + g.start(), body.start + g.end());
        // Sentences end at 。 and at section headings; a new sentence resets the subject.
        sentence_start = sentence_start.max(sentence_begin(all, s, body.start));
        let clause_from = all[last_end.max(sentence_start)..s]
            .rfind(['，', ',', '：', ':', '；', ';'])
            .map_or(last_end.max(sentence_start), |i| {
                last_end.max(sentence_start) + i + 1
            });
        let clause_from = floor(all, clause_from);
        let clause = &all[clause_from..s];
        last_end = e;
        if items.iter().any(|r| r.contains(&s)) {
            continue;
        }
        let prefix = &all[sentence_start..s];
        let Some(quoted) = number(g.as_str()) else {
            continue;
        };
        let Some((end, target, phrase)) = subject_of(prefix) else {
            continue;
        };
        // A subject named in an earlier clause carries over only to a clause of
        // linking words (支出决算为 …), not to another noun (追加专项经费 …).
        if sentence_start + end <= clause_from && !carries_over(clause, phrase) {
            continue;
        }
        let r = role(clause, cx.doc.year);
        let sentence_end = all[s..].find('。').map_or(all.len(), |i| s + i);
        let full_year_sentence = {
            let sentence = &all[sentence_start..sentence_end];
            sentence.contains("全年预算") || sentence.contains("调整后")
        };
        let Some((kind, side, labels, c)) = cell_of(target, r, full_year_sentence) else {
            continue;
        };
        let Some(found) = lookup(cx, kind, side, labels, c) else {
            continue;
        };
        let span = (s, e);
        compare_quote(
            cx,
            CheckId::NarrativeAmount,
            text,
            span,
            quoted,
            phrase,
            found,
            c,
        );
    }
}

/// Where the sentence holding byte `at` begins: after the last 。 or section
/// heading (`三、`, `（二）`), but not before `floor`.
pub(super) fn sentence_begin(all: &str, at: usize, floor: usize) -> usize {
    static HEADING: OnceLock<Regex> = OnceLock::new();
    let heading = re(
        &HEADING,
        r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]",
    );
    let dot = all[floor..at]
        .rfind('。')
        .map_or(floor, |i| floor + i + '。'.len_utf8());
    let head = heading
        .find_iter(&all[dot..at])
        .last()
        .map_or(dot, |m| dot + m.end());
    head.max(floor)
}
