//! Prose into typed quotes: each amount a sentence quotes, with the subject
//! phrase that names it, the table cell the subject stands for and the role
//! the words before it give (this year's 决算, a 预算, last year's, a change).
//! `figures` compares them with the tables.

use super::*;

/// An amount quoted with its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FigureQuote {
    pub span: Span,
    pub value: Decimal,
    /// The subject phrase as printed (财政拨款收入支出总计 …).
    pub subject: &'static str,
    /// The table cell the subject names.
    pub target: Target,
    pub role: Role,
    /// Whether the sentence speaks of the 全年 (调整后) budget.
    pub full_year_sentence: bool,
}

/// Reads every `NUM万元` of `body` outside the item runs whose sentence
/// names a subject for it.
pub(super) fn figure_quotes(
    all: &str,
    body: std::ops::Range<usize>,
    items: &[std::ops::Range<usize>],
    year: Option<u16>,
) -> Vec<FigureQuote> {
    static AMOUNT: OnceLock<Regex> = OnceLock::new();
    let amount = re(&AMOUNT, &format!(r"({NUM})万元"));
    let mut quotes = Vec::new();
    let mut sentence_start = body.start;
    let mut last_end = body.start;
    for m in amount.captures_iter(&all[body.clone()]) {
        let g = m.get(1).expect("number");
        let (s, e) = (body.start + g.start(), body.start + g.end());
        // Sentences end at 。 and at section headings; a new sentence resets the subject.
        sentence_start = sentence_start.max(sentence_begin(all, s, body.start));
        let from = last_end.max(sentence_start);
        // The clause starts after its separator (a full-width one is three bytes).
        let clause_from = all[from..s]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, '，' | ',' | '：' | ':' | '；' | ';'))
            .map_or(from, |(i, c)| from + i + c.len_utf8());
        let clause = &all[clause_from..s];
        last_end = e;
        if items.iter().any(|r| r.contains(&s)) {
            continue;
        }
        let Some(value) = number(g.as_str()) else {
            continue;
        };
        let Some((end, target, subject)) = subject_of(&all[sentence_start..s]) else {
            continue;
        };
        // A subject named in an earlier clause carries over only to a clause of
        // linking words (支出决算为 …), not to another noun (追加专项经费 …).
        if sentence_start + end <= clause_from && !carries_over(clause, subject) {
            continue;
        }
        let sentence_end = all[s..].find('。').map_or(all.len(), |i| s + i);
        let sentence = &all[sentence_start..sentence_end];
        quotes.push(FigureQuote {
            span: (s, e),
            value,
            subject,
            target,
            role: role(clause, year),
            full_year_sentence: sentence.contains("全年预算") || sentence.contains("调整后"),
        });
    }
    quotes
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

/// The reader over real sentences of the seed and the corpus.
#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<FigureQuote> {
        figure_quotes(text, 0..text.len(), &[], Some(2024))
    }

    #[test]
    fn an_amount_with_its_subject() {
        // 上海市普陀区财政局 2024年度部门决算, p21.
        let q = quotes("上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].subject, "财政拨款收入支出总计");
        assert_eq!(q[0].value, "0.3".parse::<Decimal>().unwrap());
        assert_eq!(q[0].role, Role::Actual);
    }

    #[test]
    fn the_words_before_an_amount_give_its_role() {
        // 上海市普陀区财政局 2024年度部门决算（测试问题版本）, p22.
        let q = quotes("“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元。");
        let roles: Vec<Role> = q.iter().map(|q| q.role).collect();
        assert_eq!(roles, [Role::Budget(false), Role::Actual], "{q:?}");
        // A figure of another year is last year's; a difference is a change.
        let q = quotes("收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元。");
        let roles: Vec<Role> = q.iter().map(|q| q.role).collect();
        assert_eq!(roles, [Role::Actual, Role::Delta], "{q:?}");
    }

    #[test]
    fn a_subject_does_not_carry_over_to_another_noun() {
        let q = quotes("收入支出总计2995.39万元，追加专项经费12.00万元。");
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].value, "2995.39".parse::<Decimal>().unwrap());
    }
}
