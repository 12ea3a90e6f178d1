//! The 情况说明 against the tables: amounts quoted in sentences, direction
//! words, quoted differences and percentages, item names, years, and the
//! department and year of headings.

use std::sync::OnceLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::{half_unit, CheckId, Cx, Fig, Finding, Severity};
use juesuan_model::ColumnId;
use juesuan_model::{DocumentKind, Side, TableKind};

mod subjects;

use juesuan_model::{Row, RowKey, Table};
use subjects::{Target, SUBJECTS, TOTALS};

/// A number as printed in prose: thousands separators allowed.
const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("a valid pattern"))
}

/// Parses a number quoted in prose (`1,273.76`) exactly.
fn number(s: &str) -> Option<Decimal> {
    juesuan_model::Amount::parse(s).ok().map(|a| a.value())
}

/// The narrative as one string, with the page each byte offset is on.
struct Text {
    text: String,
    starts: Vec<(usize, u32)>,
}

impl Text {
    fn page(&self, offset: usize) -> u32 {
        self.starts
            .iter()
            .rev()
            .find(|(s, _)| *s <= offset)
            .map_or(0, |(_, p)| *p)
    }

    /// A short excerpt around a span, for the finding's quote.
    fn quote(&self, start: usize, end: usize) -> String {
        let from = floor(&self.text, start.saturating_sub(45));
        let to = floor(&self.text, (end + 30).min(self.text.len()));
        self.text[from..to].to_string()
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(super) fn run(cx: &mut Cx<'_>) {
    if cx.doc.narrative.is_empty() {
        return;
    }
    let mut text = Text {
        text: String::new(),
        starts: Vec::new(),
    };
    for b in &cx.doc.narrative {
        text.starts.push((text.text.len(), b.page));
        text.text.push_str(&b.text);
        // A page break ends a sentence only if the page says so; keep text joined.
    }
    headings(cx, &text);
    // The 情况说明 runs from its heading to the 名词解释 (later annexes quote
    // other figures); the last heading before the 名词解释 skips the 目录.
    let all = &text.text;
    let end = all.rfind("名词解释").unwrap_or(all.len());
    let start = all[..end]
        .rfind("部门决算情况说明")
        .or_else(|| all[..end].rfind("决算情况说明"))
        .unwrap_or(0);
    let body = start..end;
    let items = items(cx, &text, body.clone());
    amounts(cx, &text, body.clone(), &items);
    directions(cx, &text, body.clone());
    arithmetic(cx, &text, body);
}

// ---------------------------------------------------------------- headings and years

fn headings(cx: &mut Cx<'_>, text: &Text) {
    static HEAD: OnceLock<Regex> = OnceLock::new();
    static SINCE: OnceLock<Regex> = OnceLock::new();
    let head = re(&HEAD, r"(20\d\d)\s*年度?\s*部门决算(情况说明)?");
    let since = re(&SINCE, r"截至(20\d\d)年12月31日");
    let Some(year) = cx.doc.year else { return };
    let department = cx.doc.department.clone().unwrap_or_default();
    for m in head.captures_iter(&text.text) {
        let whole = m.get(0).expect("match");
        let y: u16 = m[1].parse().unwrap_or(0);
        let narrative_heading = m.get(2).is_some();
        let check = if narrative_heading {
            CheckId::NarrativeYear
        } else {
            CheckId::StructureHeading
        };
        let page = text.page(whole.start());
        if y != year {
            let mut f = Finding::new(
                check,
                Severity::Warning,
                format!("标题年度为{y}，文档年度为{year} / heading year {y}, document year {year}"),
            );
            f.page = Some(page);
            f.quote = Some(text.quote(whole.start(), whole.end()));
            cx.push(f);
        }
        // The department is the organisation name right before the year, if the heading prints one.
        if department.is_empty() {
            continue;
        }
        let before = &text.text[floor(
            &text.text,
            m.get(1).expect("year").start().saturating_sub(60),
        )..m.get(1).expect("year").start()];
        if before.ends_with(&department) {
            continue;
        }
        let lead: String = department.chars().take(2).collect();
        let Some(i) = before.rfind(&lead) else {
            continue;
        };
        let named = &before[i..];
        let is_org = [
            "局", "部", "委", "会", "院", "办", "室", "所", "中心", "厅", "署", "处", "站", "馆",
            "队", "团", "校", "社", "府",
        ]
        .iter()
        .any(|s| named.ends_with(s));
        if !is_org || named.chars().count() > 30 {
            continue;
        }
        let mut f = Finding::new(
            CheckId::StructureHeading,
            Severity::Warning,
            format!("标题单位为「{named}」，文档单位为「{department}」 / heading names another department"),
        );
        f.page = Some(page);
        f.quote = Some(text.quote(whole.start(), whole.end()));
        cx.push(f);
    }
    // A 决算 of year Y reports staff and assets as of 31 Dec of Y; a 预算 of
    // year Y can only report them as of 31 Dec of Y−1.
    let as_of = match cx.doc.kind {
        DocumentKind::Budget => year - 1,
        _ => year,
    };
    for m in since.captures_iter(&text.text) {
        let y: u16 = m[1].parse().unwrap_or(0);
        if y != as_of {
            let whole = m.get(0).expect("match");
            let mut f = Finding::new(
                CheckId::NarrativeYear,
                Severity::Warning,
                format!(
                    "截至{y}年12月31日，{}年度为{year}，应截至{as_of}年 / as-of date in another year",
                    cx.doc.kind.chinese_name()
                ),
            );
            f.page = Some(text.page(whole.start()));
            f.quote = Some(text.quote(whole.start(), whole.end()));
            cx.push(f);
        }
    }
}

// ---------------------------------------------------------------- table figures

/// The row of the 三公 table that holds its totals.
const THREE_PUBLIC_ROW: &[&str] = &["三公经费"];

/// The table figure a target names, located: (table index, row, column, figure).
fn lookup<'a>(
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
                super::quantum(t),
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
fn compare_quote(
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
enum Role {
    Actual,
    /// A budget figure; `true` for 全年/调整后, `false` for 年初 or unqualified.
    Budget(bool),
    Prior,
    Delta,
}

fn role(clause: &str, year: Option<u16>) -> Role {
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

fn amounts(
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
    let subjects = SUBJECTS;
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
        // The latest subject phrase before the amount; specific phrases beat generic ones.
        let mut best: Option<(usize, usize, Target, &str)> = None;
        for generic in [false, true] {
            for (phrase, g2, target) in subjects {
                if *g2 != generic {
                    continue;
                }
                if let Some(i) = prefix.rfind(phrase) {
                    let end = i + phrase.len();
                    let better = best
                        .is_none_or(|(be, bl, _, _)| end > be || (end == be && phrase.len() > bl));
                    if better {
                        best = Some((end, phrase.len(), *target, phrase));
                    }
                }
            }
            if best.is_some() {
                break;
            }
        }
        let Some((end, _, target, phrase)) = best else {
            continue;
        };
        // A subject named in an earlier clause carries over only to a clause of
        // linking words (支出决算为 …), not to another noun (追加专项经费 …).
        if sentence_start + end <= clause_from {
            let rest: String = clause.chars().filter(|c| !c.is_ascii_digit()).collect();
            let linking = rest
                .chars()
                .all(|c| "支出收入决算为数是的共计达年度全初预调整后其中".contains(c));
            let crosses = (rest.contains("支出")
                && phrase.contains("收入")
                && !phrase.contains("支出"))
                || (rest.contains("收入") && phrase.contains("支出") && !phrase.contains("收入"));
            if !linking || crosses {
                continue;
            }
        }
        let r = role(clause, cx.doc.year);
        let sentence_end = all[s..].find('。').map_or(all.len(), |i| s + i);
        let full_year_sentence = {
            let sentence = &all[sentence_start..sentence_end];
            sentence.contains("全年预算") || sentence.contains("调整后")
        };
        let (kind, side, labels, c) = match (target, r) {
            (Target::Cell(kind, side, labels, c), Role::Actual) => (kind, side, labels, c),
            (Target::ThreePublic(budget, actual), r) => {
                let c = match r {
                    Role::Actual => actual,
                    Role::Budget(full) if full == full_year_sentence => budget,
                    _ => continue,
                };
                (TableKind::ThreePublic, None, THREE_PUBLIC_ROW, c)
            }
            _ => continue,
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
fn sentence_begin(all: &str, at: usize, floor: usize) -> usize {
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

// ---------------------------------------------------------------- items

/// Finds the 类/款/项 items, checks their names and amounts against the
/// 一般公共预算财政拨款支出决算表, and returns the text spans they own.
fn items(
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
                            super::quantum(t),
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
fn same_name(table: &str, quoted: &str) -> bool {
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

// ---------------------------------------------------------------- directions

fn directions(cx: &mut Cx<'_>, text: &Text, body: std::ops::Range<usize>) {
    static PAIR: OnceLock<Regex> = OnceLock::new();
    let pair = re(
        &PAIR,
        &format!(
            r"(年初|全年|调整后)?预算(?:数)?为?({NUM})万元[，,]?(?:支出)?决算(?:数)?为?({NUM})万元[^。]{{0,20}}?[。，,]?[^。]{{0,20}}?决算数?(大于|小于|等于|高于|低于|超过|少于|(?:同|与)(?:全年|年初|调整后)?预算数?(?:基本)?(?:持平|相等|一致))"
        ),
    );
    let all = &text.text;
    for c in pair.captures_iter(&all[body.clone()]) {
        let (Some(budget), Some(actual)) = (number(&c[2]), number(&c[3])) else {
            continue;
        };
        let word = &c[4];
        let whole = c.get(0).expect("match");
        let (s, e) = (body.start + whole.start(), body.start + whole.end());
        let said = if word.contains("大于") || word.contains("高于") || word.contains("超过")
        {
            1
        } else if word.contains("小于") || word.contains("低于") || word.contains("少于") {
            -1
        } else {
            0
        };
        let roughly = word.contains("基本");
        let actual_sign = match actual.cmp(&budget) {
            std::cmp::Ordering::Greater => 1,
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
        };
        // 基本持平 tolerates a difference of up to 1% of the budget.
        let near = (actual - budget).abs() * Decimal::ONE_HUNDRED <= budget.abs();
        if said == actual_sign || (said == 0 && roughly && near) {
            continue;
        }
        let mut f = Finding::new(
            CheckId::NarrativeDirection,
            Severity::Error,
            format!(
                "说明称决算数{word}预算数，但决算 {actual} 对预算 {budget} / wrong direction word"
            ),
        );
        f.page = Some(text.page(s));
        f.expected = Some(budget);
        f.printed = Some(actual);
        f.difference = Some(actual - budget);
        f.quote = Some(text.quote(s, e));
        cx.push(f);
    }
}

// ---------------------------------------------------------------- arithmetic

/// The last `NUM万元` in a stretch of text.
fn amount_in(text: &str) -> Option<Decimal> {
    static LAST: OnceLock<Regex> = OnceLock::new();
    let last = re(&LAST, &format!(r"({NUM})万元"));
    last.captures_iter(text).last().and_then(|c| number(&c[1]))
}

/// Whether a quoted percentage is the computed one, rounded within the
/// tolerance or cut off (many authors truncate rather than round).
fn pct_ok(expected: Decimal, quoted: Decimal, tol: Decimal) -> bool {
    (expected - quoted).abs() <= tol || expected.trunc_with_scale(quoted.scale()) == quoted
}

/// The allowance for a quoted percentage.
fn percent_tolerance(pct: Decimal, part: Decimal, whole: Decimal) -> Decimal {
    // Half a unit of the quoted percentage, plus what rounding of the quoted
    // figures can move the ratio: (h(part) + ratio × h(whole)) / whole × 100.
    let ratio = (part / whole).abs();
    half_unit(pct)
        + (half_unit(part) + ratio * half_unit(whole)) / whole.abs() * Decimal::ONE_HUNDRED
}

/// A quoted share: "part 万元，占 base phrase p%".
#[derive(Debug, Clone, PartialEq, Eq)]
struct ShareQuote {
    span: (usize, usize),
    part: Decimal,
    percent: Decimal,
    /// The whole the share is of, when the prose gives it; `None` when it
    /// cannot be told (then nothing is checked).
    base: Option<Decimal>,
    /// The rounding allowance of a base summed from several parts.
    base_half: Decimal,
}

/// Reads every "X万元，占…Y%" in `body` and finds the whole each share is of.
///
/// A share is of the first amount of its sentence that is not itself a quoted
/// part (and not smaller than the part). Where the sentence prints no such
/// whole, or the share is of the 三公经费 (whose total is seldom in the same
/// sentence), the whole is the sum of the parts if the sentence lists every
/// part (its shares of the same whole make 100 %); else it is unknown and the
/// share is not checked.
fn share_quotes(all: &str, body: std::ops::Range<usize>, share: &Regex) -> Vec<ShareQuote> {
    struct Raw<'t> {
        quote: ShareQuote,
        sentence: usize,
        of: &'t str,
        part_at: usize,
    }
    let mut raws: Vec<Raw<'_>> = Vec::new();
    for c in share.captures_iter(&all[body.clone()]) {
        let m = c.get(0).expect("match");
        let (Some(part), Some(percent)) = (number(&c[1]), number(&c[3])) else {
            continue;
        };
        let s = body.start + m.start();
        raws.push(Raw {
            quote: ShareQuote {
                span: (s, body.start + m.end()),
                part,
                percent,
                base: None,
                base_half: Decimal::ZERO,
            },
            sentence: sentence_begin(all, s, body.start),
            of: c.get(2).map_or("", |g| g.as_str()).trim_end_matches('的'),
            part_at: body.start + c.get(1).expect("part").start(),
        });
    }
    let mut quotes = Vec::new();
    for raw in &raws {
        let group: Vec<&Raw<'_>> = raws
            .iter()
            .filter(|r| r.sentence == raw.sentence && r.of == raw.of)
            .collect();
        let total_pct: Decimal = group.iter().map(|r| r.quote.percent).sum();
        let mut quote = raw.quote.clone();
        let listed = group.len() >= 2 && (total_pct - Decimal::ONE_HUNDRED).abs() <= Decimal::ONE;
        let three_public = raw.of.contains("三公");
        let parts: Vec<usize> = raws
            .iter()
            .filter(|r| r.sentence == raw.sentence)
            .map(|r| r.part_at)
            .collect();
        // A whole printed in the sentence comes first: summing the parts
        // would spread one misprinted part over every share.
        let printed = first_whole(all, raw.sentence..raw.quote.span.0, &parts)
            .filter(|w| !w.is_zero() && *w >= raw.quote.part.abs());
        if let (Some(w), false) = (printed, three_public) {
            quote.base = Some(w);
        } else if listed {
            quote.base = Some(group.iter().map(|r| r.quote.part).sum());
            quote.base_half = group.iter().map(|r| half_unit(r.quote.part)).sum();
        }
        quotes.push(quote);
    }
    quotes
}

/// The first `NUM万元` in `range` that does not start at one of `parts`.
fn first_whole(all: &str, range: std::ops::Range<usize>, parts: &[usize]) -> Option<Decimal> {
    static FIRST: OnceLock<Regex> = OnceLock::new();
    let first = re(&FIRST, &format!(r"({NUM})万元"));
    first
        .captures_iter(&all[range.clone()])
        .filter_map(|c| c.get(1))
        .find(|g| !parts.contains(&(range.start + g.start())))
        .and_then(|g| number(g.as_str()))
}

fn arithmetic(cx: &mut Cx<'_>, text: &Text, body: std::ops::Range<usize>) {
    if !cx.on(CheckId::NarrativeArithmetic) && !cx.on(CheckId::NarrativeDirection) {
        return;
    }
    static CHANGE: OnceLock<Regex> = OnceLock::new();
    static SHARE: OnceLock<Regex> = OnceLock::new();
    static DONE: OnceLock<Regex> = OnceLock::new();
    static NOPCT: OnceLock<Regex> = OnceLock::new();
    let change = re(
        &CHANGE,
        &format!(
            r"({NUM})万元([^。；;（）()]{{0,40}}?)(?:与|较|[^相]比)(?:20\d\d年度?)?[^。；;，,0-9]{{0,24}}?(?:({NUM})(?:万元|元|相比))?(?:相比)?[，,]?(?:支出|收入|决算)?(增加|减少|增长|下降|降低|持平)了?(?:({NUM})万元)?(?:[，,]?(?:增幅|降幅|减幅|增长|下降|降低)(?:为)?({NUM})%)?"
        ),
    );
    let share = re(
        &SHARE,
        &format!(r"({NUM})万元[，,]?占([^0-9。；;%]{{0,14}}?)({NUM})%"),
    );
    let done = re(
        &DONE,
        &format!(r"完成(年初|全年|调整后)?预算(?:数)?的({NUM})%"),
    );
    let nopct = re(
        &NOPCT,
        &format!(r"(增长|下降|增幅|降幅|减幅)({NUM})([。，,；;])"),
    );
    let all = &text.text;
    let slice = &all[body.clone()];
    let push = |cx: &mut Cx<'_>,
                check: CheckId,
                severity: Severity,
                s: usize,
                e: usize,
                detail: String,
                exp: Option<Decimal>,
                got: Option<Decimal>,
                tol: Option<Decimal>| {
        let mut f = Finding::new(check, severity, detail);
        f.page = Some(text.page(s));
        f.expected = exp;
        f.printed = got;
        f.difference = exp.zip(got).map(|(x, y)| y - x);
        f.tolerance = tol;
        f.quote = Some(text.quote(s, e));
        cx.push(f);
    };
    for c in change.captures_iter(slice) {
        let whole = c.get(0).expect("match");
        let (s, e) = (body.start + whole.start(), body.start + whole.end());
        // The compared figure is the last amount before 与/比, not an earlier one.
        // `[^相]比` takes the character before 比, so a gap ending in a figure
        // loses the 元 of its 万元: read one character further.
        let gap = c.get(2).expect("group 2 always takes part");
        let gap_end = if slice[gap.end()..].starts_with("元") {
            gap.end() + "元".len()
        } else {
            gap.end()
        };
        let gap_amount = amount_in(&slice[gap.start()..gap_end]);
        let Some(cur) = gap_amount.or_else(|| number(&c[1])) else {
            continue;
        };
        let word = &c[4];
        let up = matches!(word, "增加" | "增长");
        let flat = word == "持平";
        let delta = c.get(5).and_then(|m| number(m.as_str()));
        // The compared figure is group 3 (group 2 is the text between the
        // current figure and 与/比); a figure in 元 is not comparable.
        let compared = c
            .get(3)
            .filter(|m| !slice[m.end()..].starts_with('元'))
            .and_then(|m| number(m.as_str()));
        let base = compared.or_else(|| delta.map(|d| if up { cur - d } else { cur + d }));
        let Some(base) = base else { continue };
        let diff = cur - base;
        let tol = half_unit(cur) + compared.map_or(Decimal::ZERO, half_unit);
        // The direction word against the two figures.
        let wrong = if flat {
            diff.abs() > tol
        } else if up {
            diff < -tol
        } else {
            diff > tol
        };
        if wrong && compared.is_some() {
            push(
                cx,
                CheckId::NarrativeDirection,
                Severity::Error,
                s,
                e,
                format!("说明称{word}，但本年 {cur} 对比较数 {base} / wrong direction word"),
                Some(base),
                Some(cur),
                Some(tol),
            );
        }
        if let (Some(d), Some(_)) = (delta, compared) {
            let expected = diff.abs();
            let t = tol + half_unit(d);
            if expected != d {
                let sev = if (expected - d).abs() <= t {
                    Severity::Rounding
                } else {
                    Severity::Warning
                };
                push(
                    cx,
                    CheckId::NarrativeArithmetic,
                    sev,
                    s,
                    e,
                    format!(
                        "说明称{word} {d} 万元，{cur} − {base} = {expected} / quoted difference"
                    ),
                    Some(expected),
                    Some(d),
                    Some(t),
                );
            }
        }
        if let Some(p) = c.get(6).and_then(|m| number(m.as_str())) {
            if base.is_zero() {
                continue;
            }
            let expected = (diff.abs() / base.abs() * Decimal::ONE_HUNDRED).round_dp(p.scale() + 2);
            let t = percent_tolerance(p, diff, base)
                + half_unit(cur) / base.abs() * Decimal::ONE_HUNDRED;
            if !pct_ok(expected, p, t) {
                let sev = Severity::Warning;
                push(
                    cx,
                    CheckId::NarrativeArithmetic,
                    sev,
                    s,
                    e,
                    format!(
                        "说明称变动 {p}%，|{cur} − {base}| / {base} = {}% / quoted percentage",
                        expected.round_dp(2)
                    ),
                    Some(expected.round_dp(2)),
                    Some(p),
                    Some(t.round_dp(4)),
                );
            }
        }
    }
    for q in share_quotes(all, body.clone(), share) {
        let Some(w) = q.base else { continue };
        let expected = q.part / w * Decimal::ONE_HUNDRED;
        let t = percent_tolerance(q.percent, q.part, w) + q.base_half / w * Decimal::ONE_HUNDRED;
        if !pct_ok(expected, q.percent, t) {
            push(
                cx,
                CheckId::NarrativeArithmetic,
                Severity::Warning,
                q.span.0,
                q.span.1,
                format!(
                    "说明称占 {}%，{} / {w} = {}% / quoted share",
                    q.percent,
                    q.part,
                    expected.round_dp(2)
                ),
                Some(expected.round_dp(2)),
                Some(q.percent),
                Some(t.round_dp(4)),
            );
        }
    }
    // 完成预算的 W%: the last 决算 over the matching 预算 before it in the sentence.
    static BUDGET: OnceLock<Regex> = OnceLock::new();
    static ACT: OnceLock<Regex> = OnceLock::new();
    let budget_re = re(
        &BUDGET,
        &format!(r"(年初|全年|调整后)?预算(?:数)?为?({NUM})万元"),
    );
    let act_re = re(&ACT, &format!(r"决算(?:数)?为?({NUM})万元"));
    for c in done.captures_iter(slice) {
        let m = c.get(0).expect("match");
        let (s, e) = (body.start + m.start(), body.start + m.end());
        let Some(p) = number(&c[2]) else { continue };
        let qual = c.get(1).map(|q| q.as_str());
        let sentence_start = sentence_begin(all, s, body.start);
        let before = &all[sentence_start..s];
        let budgets: Vec<(Option<String>, Decimal)> = budget_re
            .captures_iter(before)
            .filter_map(|b| Some((b.get(1).map(|x| x.as_str().to_string()), number(&b[2])?)))
            .collect();
        let Some(actual) = act_re
            .captures_iter(before)
            .last()
            .and_then(|a| number(&a[1]))
        else {
            continue;
        };
        let pick = match qual {
            Some("年初") => budgets
                .iter()
                .rev()
                .find(|(q, _)| q.as_deref() == Some("年初") || q.is_none()),
            Some(_) => budgets
                .iter()
                .rev()
                .find(|(q, _)| q.as_deref().is_some_and(|q| q != "年初")),
            None => budgets.last(),
        };
        let Some((_, budget)) = pick else { continue };
        if budget.is_zero() {
            if !p.is_zero() {
                let other = budgets.iter().find(|(_, b)| !b.is_zero());
                let hint = other.map_or_else(String::new, |(q, b)| {
                    format!(
                        "；以{}预算 {b} 计为 {}%",
                        q.as_deref().unwrap_or(""),
                        (actual / b * Decimal::ONE_HUNDRED).round_dp(2)
                    )
                });
                push(cx, CheckId::NarrativeArithmetic, Severity::Warning, s, e, format!("说明称完成{}预算的 {p}%，但该预算为 0{hint} / completion rate against a zero budget", qual.unwrap_or("")), None, Some(p), None);
            }
            continue;
        }
        let expected = actual / *budget * Decimal::ONE_HUNDRED;
        let t = percent_tolerance(p, actual, *budget);
        if !pct_ok(expected, p, t) {
            push(
                cx,
                CheckId::NarrativeArithmetic,
                Severity::Warning,
                s,
                e,
                format!(
                    "说明称完成预算的 {p}%，{actual} / {budget} = {}% / quoted completion rate",
                    expected.round_dp(2)
                ),
                Some(expected.round_dp(2)),
                Some(p),
                Some(t.round_dp(4)),
            );
        }
    }
    for c in nopct.captures_iter(slice) {
        let m = c.get(0).expect("match");
        // "增长2,168.43%": the comma groups thousands, it ends no clause.
        if &c[3] == "," && slice[m.end()..].starts_with(|ch: char| ch.is_ascii_digit()) {
            continue;
        }
        let (s, e) = (body.start + m.start(), body.start + m.end());
        push(
            cx,
            CheckId::NarrativeArithmetic,
            Severity::Warning,
            s,
            e,
            format!(
                "「{}{}」缺少 % / percentage without a percent sign",
                &c[1], &c[2]
            ),
            None,
            None,
            None,
        );
    }
}
