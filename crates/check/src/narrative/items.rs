//! The 类/款/项 names the prose quotes, against the names the table prints.

use super::*;

/// Finds the 类/款/项 items, checks their names and amounts against the
/// 一般公共预算财政拨款支出决算表, and returns the text spans they own.
pub(super) fn items(
    cx: &mut Cx<'_>,
    text: &Text,
    body: std::ops::Range<usize>,
) -> Vec<std::ops::Range<usize>> {
    static MARK: OnceLock<Regex> = OnceLock::new();
    static SECTION: OnceLock<Regex> = OnceLock::new();
    static ACTUAL: OnceLock<Regex> = OnceLock::new();
    let mark = re(&MARK, r"(\p{Han}+)[（(](类|款|项)[）)]");
    let section = re(
        &SECTION,
        r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]",
    );
    let actual = re(
        &ACTUAL,
        &format!(r"^[。，,]?[^。]{{0,30}}?(?:支出决算|决算数|决算)为?({NUM})万元"),
    );
    let after = re(&ACTUAL2, &format!(r"^[:：]?({NUM})万元"));
    static ACTUAL2: OnceLock<Regex> = OnceLock::new();
    let doc = cx.doc;
    let Some((ti, t)) = doc
        .tables
        .iter()
        .enumerate()
        .find(|(_, t)| t.kind == Some(TableKind::GeneralBudgetExpenditure))
        .or_else(|| {
            doc.tables
                .iter()
                .enumerate()
                .find(|(_, t)| t.kind == Some(TableKind::Expenditure))
        })
    else {
        return Vec::new();
    };
    let all = &text.text;
    let mut spans = Vec::new();
    let mut current: Option<&Row> = None;
    let mut run_start: Option<usize> = None;
    let marks: Vec<_> = mark.captures_iter(&all[body.clone()]).collect();
    for (n, m) in marks.iter().enumerate() {
        let whole = m.get(0).expect("match");
        let (ms, me) = (body.start + whole.start(), body.start + whole.end());
        let next = marks
            .get(n + 1)
            .map_or(body.end, |x| body.start + x.get(0).expect("match").start());
        // An item run ends at the next section heading.
        let section_end = section
            .find(&all[me..next])
            .map_or(next, |s| me + s.start());
        if run_start.is_none() {
            run_start = Some(ms);
        }
        let mut name = m[1].to_string();
        for lead in ["主要用于", "用于", "包括", "其中", "及"] {
            if let Some(rest) = name.strip_prefix(lead) {
                name = rest.to_string();
            }
        }
        let level = &m[2];
        let want = match level {
            "类" => 3,
            "款" => 5,
            _ => 7,
        };
        let parent = match level {
            "类" => None,
            _ => current.filter(|r| r.key.as_code().is_some_and(|c| c.len() < want)),
        };
        let candidates: Vec<&Row> = t
            .rows
            .iter()
            .filter(|r| {
                r.key.as_code().is_some_and(|c| {
                    c.len() == want
                        && parent.is_none_or(|p| c.starts_with(p.key.as_code().unwrap_or_default()))
                })
            })
            .collect();
        // Printed names may be cut by the recognizer's wrapping, so a table
        // name that ends the quoted one counts, the longest such first.
        let found = candidates
            .iter()
            .copied()
            .find(|r| same_name(&r.name, &name))
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .filter(|r| r.name.chars().count() >= 2 && name.ends_with(r.name.as_str()))
                    .max_by_key(|r| r.name.len())
            })
            .or_else(|| {
                // A 类 renamed between 科目 years (资源勘探信息等支出 →
                // 资源勘探工业信息等支出) is the same 类 by its code.
                let code = juesuan_model::code::class_code(&name).filter(|_| level == "类")?;
                candidates
                    .iter()
                    .copied()
                    .find(|r| r.key.as_code() == Some(code))
            });
        if t.is_empty() {
            continue;
        }
        match found {
            Some(r) => current = Some(r),
            None => {
                // A 款/项 is checked under a known parent; a 类 against all classes.
                if (level == "类" || parent.is_some()) && cx.on(CheckId::NarrativeItem) {
                    let printed: Vec<String> = candidates
                        .iter()
                        .map(|r| format!("{} {}", r.key, r.name))
                        .collect();
                    let mut f = Finding::new(
                        CheckId::NarrativeItem,
                        Severity::Warning,
                        format!(
                            "说明的{level}「{name}」不在表中 {} 之下；表列：{} / item name not in the table",
                            parent.map_or_else(String::new, |p| format!("{} {}", p.key, p.name)),
                            printed.join("、")
                        ),
                    );
                    f.table = Some(ti);
                    f.kind = t.kind;
                    f.key = parent.map(|p| p.key.clone());
                    f.page = Some(text.page(ms));
                    f.quote = Some(text.quote(ms, me));
                    cx.push(f);
                }
                // An unknown level makes the amounts after it unattributable.
                current = None;
            }
        }
        // The amount printed right after the marker, or the 支出决算 of the item sentence.
        let tail = &all[me..section_end];
        let quoted = after
            .captures(tail)
            .map(|c| c.get(1).expect("number"))
            .or_else(|| {
                // Only the deepest marker of a chain owns the 支出决算 that follows.
                let is_last = marks
                    .get(n + 1)
                    .is_none_or(|x| body.start + x.get(0).expect("m").start() > me + 1);
                if is_last {
                    actual.captures(tail).map(|c| c.get(1).expect("number"))
                } else {
                    None
                }
            });
        if let (Some(q), Some(r)) = (quoted, found) {
            if let Some(value) = number(q.as_str()) {
                let fig = r
                    .values
                    .get(&ColumnId::Total)
                    .map(|v| {
                        Fig::of(
                            v.amount.value(),
                            t.unit.as_ref().or(doc.unit.as_ref()),
                            crate::quantum(t),
                        )
                    })
                    .unwrap_or(Fig::ZERO);
                let span = (me + q.start(), me + q.end());
                compare_quote(
                    cx,
                    CheckId::NarrativeAmount,
                    text,
                    span,
                    value,
                    &format!("{}{level}", r.name),
                    (ti, t, Some(r), fig),
                    ColumnId::Total,
                );
            }
        }
        if section_end < next || n + 1 == marks.len() {
            spans.push(run_start.take().unwrap_or(ms)..section_end);
            current = None;
        }
    }
    let _ = RowKey::Label(String::new());
    spans
}

/// Whether a name in the narrative is the table's name (white space,
/// parentheses and a trailing 支出 ignored).
pub(super) fn same_name(table: &str, quoted: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '（' => '(',
                '）' => ')',
                c => c,
            })
            .collect::<String>()
    };
    let (a, b) = (norm(table), norm(quoted));
    a == b || a.trim_end_matches("支出") == b.trim_end_matches("支出")
}
