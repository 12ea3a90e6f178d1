//! The 类/款/项 names the prose quotes, against the names the table prints.

use super::*;

/// A 类/款/项 the prose names ("行政运行（项）"), with the amount it quotes.
struct ItemMark {
    /// The span of the name and its level marker.
    span: Span,
    name: String,
    /// 类, 款 or 项.
    level: &'static str,
    /// The amount printed right after the marker, or the 支出决算 of the
    /// item's sentence: its span and value.
    amount: Option<(Span, Decimal)>,
    /// Where the item's text ends: the next marker or section heading.
    section_end: usize,
    /// Whether a section heading comes before the next marker (or none follows).
    ends_run: bool,
}

impl ItemMark {
    /// The length of the codes of the item's level.
    fn digits(&self) -> usize {
        match self.level {
            "类" => 3,
            "款" => 5,
            _ => 7,
        }
    }
}

/// Reads every "名称（类|款|项）" of `body`.
fn item_marks(all: &str, body: std::ops::Range<usize>) -> Vec<ItemMark> {
    static MARK: OnceLock<Regex> = OnceLock::new();
    static SECTION: OnceLock<Regex> = OnceLock::new();
    static ACTUAL: OnceLock<Regex> = OnceLock::new();
    static AFTER: OnceLock<Regex> = OnceLock::new();
    let mark = re(&MARK, r"(\p{Han}+)[（(](类|款|项)[）)]");
    let section = re(
        &SECTION,
        r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]",
    );
    let actual = re(
        &ACTUAL,
        &format!(r"^[。，,]?[^。]{{0,30}}?(?:支出决算|决算数|决算)为?({NUM})万元"),
    );
    let after = re(&AFTER, &format!(r"^[:：]?({NUM})万元"));
    let starts: Vec<(usize, usize)> = mark
        .find_iter(&all[body.clone()])
        .map(|m| (body.start + m.start(), body.start + m.end()))
        .collect();
    let mut marks = Vec::new();
    for (n, m) in mark.captures_iter(&all[body.clone()]).enumerate() {
        let (ms, me) = starts[n];
        let next = starts.get(n + 1).map_or(body.end, |x| x.0);
        // An item run ends at the next section heading.
        let section_end = section
            .find(&all[me..next])
            .map_or(next, |s| me + s.start());
        let mut name = m[1].to_string();
        for lead in ["主要用于", "用于", "包括", "其中", "及"] {
            if let Some(rest) = name.strip_prefix(lead) {
                name = rest.to_string();
            }
        }
        let tail = &all[me..section_end];
        // Only the deepest marker of a chain owns the 支出决算 that follows.
        let is_last = starts.get(n + 1).is_none_or(|x| x.0 > me + 1);
        let quoted = after
            .captures(tail)
            .map(|c| c.get(1).expect("number"))
            .or_else(|| {
                is_last
                    .then(|| actual.captures(tail).map(|c| c.get(1).expect("number")))
                    .flatten()
            });
        let amount = quoted.and_then(|q| {
            let value = number(q.as_str())?;
            Some(((me + q.start(), me + q.end()), value))
        });
        marks.push(ItemMark {
            span: (ms, me),
            name,
            level: match &m[2] {
                "类" => "类",
                "款" => "款",
                _ => "项",
            },
            amount,
            section_end,
            ends_run: section_end < next || n + 1 == starts.len(),
        });
    }
    marks
}

/// The rows of the table an item may be: those of its level, under its
/// parent when it has one.
fn candidates<'a>(t: &'a Table, item: &ItemMark, parent: Option<&Row>) -> Vec<&'a Row> {
    let want = item.digits();
    t.rows
        .iter()
        .filter(|r| {
            r.key.as_code().is_some_and(|c| {
                c.len() == want
                    && parent.is_none_or(|p| c.starts_with(p.key.as_code().unwrap_or_default()))
            })
        })
        .collect()
}

/// The candidate an item names. Printed names may be cut by the
/// recognizer's wrapping, so a table name that ends the quoted one counts,
/// the longest such first.
fn named<'a>(candidates: &[&'a Row], item: &ItemMark) -> Option<&'a Row> {
    let name = item.name.as_str();
    candidates
        .iter()
        .copied()
        .find(|r| same_name(&r.name, name))
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
            let code = juesuan_model::code::class_code(name).filter(|_| item.level == "类")?;
            candidates
                .iter()
                .copied()
                .find(|r| r.key.as_code() == Some(code))
        })
}

/// Finds the 类/款/项 items, checks their names and amounts against the
/// 一般公共预算财政拨款支出决算表, and returns the text spans they own.
pub(super) fn items(
    cx: &mut Cx<'_>,
    text: &Text,
    body: std::ops::Range<usize>,
) -> Vec<std::ops::Range<usize>> {
    let doc = cx.doc;
    let Some((ti, t)) = [TableKind::GeneralBudgetExpenditure, TableKind::Expenditure]
        .iter()
        .find_map(|k| {
            doc.tables
                .iter()
                .enumerate()
                .find(|(_, t)| t.kind == Some(*k))
        })
    else {
        return Vec::new();
    };
    if t.is_empty() {
        return Vec::new();
    }
    let mut spans = Vec::new();
    let mut current: Option<&Row> = None;
    let mut run_start: Option<usize> = None;
    for item in item_marks(&text.text, body) {
        let run = *run_start.get_or_insert(item.span.0);
        let parent = match item.level {
            "类" => None,
            _ => current.filter(|r| r.key.as_code().is_some_and(|c| c.len() < item.digits())),
        };
        let candidates = candidates(t, &item, parent);
        let found = named(&candidates, &item);
        match found {
            Some(r) => current = Some(r),
            None => {
                // A 款/项 is checked under a known parent; a 类 against all classes.
                if item.level == "类" || parent.is_some() {
                    unknown_item(cx, text, (ti, t), &item, parent, &candidates);
                }
                // An unknown level makes the amounts after it unattributable.
                current = None;
            }
        }
        if let (Some((span, value)), Some(r)) = (item.amount, found) {
            item_amount(cx, text, (ti, t), r, &item, (span, value));
        }
        if item.ends_run {
            spans.push(run..item.section_end);
            run_start = None;
            current = None;
        }
    }
    spans
}

/// An item whose name the table does not print under its parent.
fn unknown_item(
    cx: &mut Cx<'_>,
    text: &Text,
    (ti, t): (usize, &Table),
    item: &ItemMark,
    parent: Option<&Row>,
    candidates: &[&Row],
) {
    if !cx.on(CheckId::NarrativeItem) {
        return;
    }
    let printed: Vec<String> = candidates
        .iter()
        .map(|r| format!("{} {}", r.key, r.name))
        .collect();
    let mut f = Finding::new(
        CheckId::NarrativeItem,
        Severity::Warning,
        format!(
            "说明的{}「{}」不在表中 {} 之下；表列：{} / item name not in the table",
            item.level,
            item.name,
            parent.map_or_else(String::new, |p| format!("{} {}", p.key, p.name)),
            printed.join("、")
        ),
    );
    f.table = Some(ti);
    f.kind = t.kind;
    f.key = parent.map(|p| p.key.clone());
    f.page = Some(text.page(item.span.0));
    f.quote = Some(text.quote(item.span.0, item.span.1));
    cx.push(f);
}

/// The amount an item quotes against the row's 合计.
fn item_amount(
    cx: &mut Cx<'_>,
    text: &Text,
    (ti, t): (usize, &Table),
    r: &Row,
    item: &ItemMark,
    (span, value): (Span, Decimal),
) {
    let fig = crate::cell_fig(cx.doc, t, r, &ColumnId::Total).unwrap_or(Fig::ZERO);
    compare_quote(
        cx,
        CheckId::NarrativeAmount,
        text,
        span,
        value,
        &format!("{}{}", r.name, item.level),
        (ti, t, Some(r), fig),
        ColumnId::Total,
    );
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
