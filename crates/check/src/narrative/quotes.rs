//! Prose into typed quotes: the changes ("X万元，比上年增加D万元，增长P%"),
//! the shares ("X万元，占P%") and the completion rates ("完成预算的P%") a
//! 情况说明 quotes, each with its figures, its base and its span. Reading
//! only: `arithmetic` compares them.

use super::*;

/// A byte span of the narrative text.
pub(super) type Span = (usize, usize);

/// The direction word of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Up,
    Down,
    Flat,
}

impl Direction {
    fn of(word: &str) -> Direction {
        match word {
            "增加" | "增长" => Direction::Up,
            "持平" => Direction::Flat,
            _ => Direction::Down,
        }
    }
}

/// A quoted change: "current 万元，与/比 [compared 万元] 增加/减少 [delta 万元]，增长 [percent]%".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ChangeQuote {
    pub span: Span,
    /// The figure of this year.
    pub current: Decimal,
    /// The figure it is compared with, when printed (in 万元).
    pub compared: Option<Decimal>,
    pub direction: Direction,
    /// The direction word as printed.
    pub word: String,
    pub delta: Option<Decimal>,
    pub percent: Option<Decimal>,
}

impl ChangeQuote {
    /// The base of the change: the compared figure, or the current figure
    /// less the quoted difference.
    pub fn base(&self) -> Option<Decimal> {
        self.compared.or_else(|| {
            self.delta.map(|d| match self.direction {
                Direction::Up => self.current - d,
                _ => self.current + d,
            })
        })
    }
}

/// The last `NUM万元` in a stretch of text.
pub(super) fn amount_in(text: &str) -> Option<Decimal> {
    amounts_in(text).last().map(|(_, v)| *v)
}

/// Every `NUM万元` in a stretch of text, with its offset there.
pub(super) fn amounts_in(text: &str) -> Vec<(usize, Decimal)> {
    static WAN: OnceLock<Regex> = OnceLock::new();
    let wan = re(&WAN, &format!(r"({NUM})万元"));
    wan.captures_iter(text)
        .filter_map(|c| {
            let g = c.get(1)?;
            Some((g.start(), number(g.as_str())?))
        })
        .collect()
}

/// Reads every quoted change in `body`.
pub(super) fn change_quotes(all: &str, body: std::ops::Range<usize>) -> Vec<ChangeQuote> {
    static CHANGE: OnceLock<Regex> = OnceLock::new();
    let change = re(
        &CHANGE,
        &format!(
            r"({NUM})万元([^。；;（）()]{{0,40}}?)(?:与|较|[^相]比)(?:20\d\d年度?)?[^。；;，,0-9]{{0,24}}?(?:({NUM})(?:万元|元|相比))?(?:相比)?[，,]?(?:支出|收入|决算)?(增加|减少|增长|下降|降低|持平)了?(?:({NUM})万元)?(?:[，,]?(?:增幅|降幅|减幅|增长|下降|降低)(?:为)?({NUM})%)?"
        ),
    );
    let slice = &all[body.clone()];
    let mut quotes = Vec::new();
    for c in change.captures_iter(slice) {
        let whole = c.get(0).expect("match");
        let span = (body.start + whole.start(), body.start + whole.end());
        // The current figure is the last amount before 与/比, not an earlier
        // one. `[^相]比` takes the character before 比, so a gap ending in a
        // figure loses the 元 of its 万元: read one character further.
        let gap = c.get(2).expect("group 2 always takes part");
        let gap_end = if slice[gap.end()..].starts_with("元") {
            gap.end() + "元".len()
        } else {
            gap.end()
        };
        let in_gap = amount_in(&slice[gap.start()..gap_end]);
        let Some(current) = in_gap.or_else(|| number(&c[1])) else {
            continue;
        };
        let current = listed_total(all, body.start, span.0, in_gap.is_some()).unwrap_or(current);
        // The compared figure is group 3 (group 2 is the text between the
        // current figure and 与/比); a figure in 元 is not comparable.
        let compared = c
            .get(3)
            .filter(|m| !slice[m.end()..].starts_with('元'))
            .and_then(|m| number(m.as_str()));
        let word = c[4].to_string();
        quotes.push(ChangeQuote {
            span,
            current,
            compared,
            direction: Direction::of(&word),
            word,
            delta: c.get(5).and_then(|m| number(m.as_str())),
            percent: c.get(6).and_then(|m| number(m.as_str())),
        });
    }
    quotes
}

/// The total a change is of, when its current figure closes a listing of
/// parts: "收入预算4,203.47万元，其中：…4,005.29万元、…98.18万元、其他收入
/// 100.00万元，较上年增加142.30万元" compares the 4,203.47, not the last part.
/// One part named after 其中 is compared itself.
fn listed_total(all: &str, floor: usize, at: usize, from_gap: bool) -> Option<Decimal> {
    let start = sentence_begin(all, at, floor);
    let before = &all[start..at];
    let k = before.rfind("其中")?;
    // The listing runs from 其中 to the change without a clause of its own
    // between (another comparison, a ；).
    let listing = &before[k..];
    if ["；", ";", "比", "较", "增", "减", "降"]
        .iter()
        .any(|w| listing.contains(w))
    {
        return None;
    }
    // The parts before the match, and the match's own first figure when the
    // current one is a later figure of its gap.
    if amounts_in(listing).is_empty() && !from_gap {
        return None;
    }
    amount_in(&before[..k])
}

/// A quoted share: "part 万元，占 base phrase p%".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ShareQuote {
    pub span: Span,
    pub part: Decimal,
    pub percent: Decimal,
    /// The whole the share is of, when the prose gives it; `None` when it
    /// cannot be told (then nothing is checked).
    pub base: Option<Decimal>,
    /// The rounding allowance of a base summed from several parts.
    pub base_half: Decimal,
    /// Whether the share is one of a listing whose printed shares make
    /// exactly 100 %: one of them may be moved a step to make it so.
    pub closes_hundred: bool,
}

/// One "X万元，占…Y%" as read, before its whole is known.
struct RawShare<'t> {
    quote: ShareQuote,
    sentence: usize,
    of: &'t str,
    part_at: usize,
}

/// Reads every "X万元，占…Y%" in `body` and finds the whole each share is of.
///
/// A share is of the first amount of its sentence that is not itself a quoted
/// part (and not smaller than the part). Where the sentence prints no such
/// whole, or the share is of the 三公经费 (whose total is seldom in the same
/// sentence), the whole is the sum of the parts if the sentence lists every
/// part (its shares of the same whole make 100 %); else it is unknown and the
/// share is not checked. Where a listing has both, the one that more of its
/// shares agree with is the whole: the sum of the parts where the printed
/// amount is of something else (武汉: the 当年拨款 before a listing of the
/// 支出 of the 收支总预算), the printed whole where one part is misprinted.
pub(super) fn share_quotes(all: &str, body: std::ops::Range<usize>) -> Vec<ShareQuote> {
    static SHARE: OnceLock<Regex> = OnceLock::new();
    let share = re(
        &SHARE,
        &format!(r"({NUM})万元[，,]?占([^0-9。；;%]{{0,14}}?)({NUM})%"),
    );
    let mut raws: Vec<RawShare<'_>> = Vec::new();
    for c in share.captures_iter(&all[body.clone()]) {
        let m = c.get(0).expect("match");
        let (Some(part), Some(percent)) = (number(&c[1]), number(&c[3])) else {
            continue;
        };
        let s = body.start + m.start();
        raws.push(RawShare {
            quote: ShareQuote {
                span: (s, body.start + m.end()),
                part,
                percent,
                base: None,
                base_half: Decimal::ZERO,
                closes_hundred: false,
            },
            sentence: sentence_begin(all, s, body.start),
            of: c.get(2).map_or("", |g| g.as_str()).trim_end_matches('的'),
            part_at: body.start + c.get(1).expect("part").start(),
        });
    }
    raws.iter().map(|raw| with_whole(all, raw, &raws)).collect()
}

/// A share with the whole it is of (see [`share_quotes`]).
fn with_whole(all: &str, raw: &RawShare<'_>, raws: &[RawShare<'_>]) -> ShareQuote {
    let group: Vec<&ShareQuote> = raws
        .iter()
        .filter(|r| r.sentence == raw.sentence && r.of == raw.of)
        .map(|r| &r.quote)
        .collect();
    let total_pct: Decimal = group.iter().map(|q| q.percent).sum();
    let mut quote = raw.quote.clone();
    let listed = group.len() >= 2 && (total_pct - Decimal::ONE_HUNDRED).abs() <= Decimal::ONE;
    quote.closes_hundred = group.len() >= 2 && total_pct == Decimal::ONE_HUNDRED;
    let parts: Vec<usize> = raws
        .iter()
        .filter(|r| r.sentence == raw.sentence)
        .map(|r| r.part_at)
        .collect();
    let printed = first_whole(all, raw.sentence..raw.quote.span.0, &parts)
        .filter(|w| !w.is_zero() && *w >= raw.quote.part.abs())
        .filter(|_| !raw.of.contains("三公"));
    let sum: Decimal = group.iter().map(|q| q.part).sum();
    // A part printed 0 is nothing, exactly: it adds no rounding.
    let sum_half: Decimal = group
        .iter()
        .filter(|q| !q.part.is_zero())
        .map(|q| half_unit(q.part))
        .sum();
    let agreeing = |w: Decimal, half: Decimal| {
        group
            .iter()
            .filter(|q| share_ok(q.part, q.percent, w, half))
            .count()
    };
    let use_sum = match printed {
        None => listed,
        Some(w) => listed && agreeing(sum, sum_half) > agreeing(w, Decimal::ZERO),
    };
    if use_sum {
        quote.base = Some(sum);
        quote.base_half = sum_half;
    } else {
        quote.base = printed;
    }
    quote
}

/// Whether "part is percent % of whole" holds within rounding.
pub(super) fn share_ok(
    part: Decimal,
    percent: Decimal,
    whole: Decimal,
    whole_half: Decimal,
) -> bool {
    if whole.is_zero() {
        return false;
    }
    let expected = part / whole * Decimal::ONE_HUNDRED;
    let t = percent_tolerance(percent, part, whole) + whole_half / whole * Decimal::ONE_HUNDRED;
    pct_ok(expected, percent, t)
}

/// Whether a quoted percentage is the computed one, rounded within the
/// tolerance or cut off (many authors truncate rather than round).
pub(super) fn pct_ok(expected: Decimal, quoted: Decimal, tol: Decimal) -> bool {
    (expected - quoted).abs() <= tol || expected.trunc_with_scale(quoted.scale()) == quoted
}

/// The allowance for a quoted percentage.
pub(super) fn percent_tolerance(pct: Decimal, part: Decimal, whole: Decimal) -> Decimal {
    // Half a unit of the quoted percentage, plus what rounding of the quoted
    // figures can move the ratio: (h(part) + ratio × h(whole)) / whole × 100.
    let ratio = (part / whole).abs();
    half_unit(pct)
        + (half_unit(part) + ratio * half_unit(whole)) / whole.abs() * Decimal::ONE_HUNDRED
}

/// The first `NUM万元` in `range` that does not start at one of `parts`.
pub(super) fn first_whole(
    all: &str,
    range: std::ops::Range<usize>,
    parts: &[usize],
) -> Option<Decimal> {
    amounts_in(&all[range.clone()])
        .into_iter()
        .find(|(at, _)| !parts.contains(&(range.start + at)))
        .map(|(_, v)| v)
}

/// A quoted completion rate: "完成[年初|全年|调整后]预算的 P%", with the 决算
/// and the matching 预算 quoted before it in its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CompletionQuote {
    pub span: Span,
    pub percent: Decimal,
    /// 年初, 全年 or 调整后, when printed.
    pub qualifier: Option<String>,
    pub actual: Decimal,
    /// The 预算 the rate is of.
    pub budget: Decimal,
    /// A non-zero 预算 of the sentence, when `budget` is zero: (its qualifier, figure).
    pub other: Option<(Option<String>, Decimal)>,
}

/// Reads every completion rate in `body`.
pub(super) fn completion_quotes(all: &str, body: std::ops::Range<usize>) -> Vec<CompletionQuote> {
    static DONE: OnceLock<Regex> = OnceLock::new();
    static BUDGET: OnceLock<Regex> = OnceLock::new();
    static ACT: OnceLock<Regex> = OnceLock::new();
    let done = re(
        &DONE,
        &format!(r"完成(年初|全年|调整后)?预算(?:数)?的({NUM})%"),
    );
    let budget_re = re(
        &BUDGET,
        &format!(r"(年初|全年|调整后)?预算(?:数)?为?({NUM})万元"),
    );
    let act_re = re(&ACT, &format!(r"决算(?:数)?为?({NUM})万元"));
    let mut quotes = Vec::new();
    for c in done.captures_iter(&all[body.clone()]) {
        let m = c.get(0).expect("match");
        let span = (body.start + m.start(), body.start + m.end());
        let Some(percent) = number(&c[2]) else {
            continue;
        };
        let qualifier = c.get(1).map(|q| q.as_str().to_string());
        let before = &all[sentence_begin(all, span.0, body.start)..span.0];
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
        let pick = match qualifier.as_deref() {
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
        quotes.push(CompletionQuote {
            span,
            percent,
            qualifier,
            actual,
            budget: *budget,
            other: budgets.iter().find(|(_, b)| !b.is_zero()).cloned(),
        });
    }
    quotes
}

/// A change in per cent printed without its % ("增长13.95。"): the span and
/// the words as printed.
pub(super) fn percent_signs_missing(
    all: &str,
    body: std::ops::Range<usize>,
) -> Vec<(Span, String)> {
    static NOPCT: OnceLock<Regex> = OnceLock::new();
    let nopct = re(
        &NOPCT,
        &format!(r"(增长|下降|增幅|降幅|减幅)({NUM})([。，,；;])"),
    );
    let slice = &all[body.clone()];
    let mut found = Vec::new();
    for c in nopct.captures_iter(slice) {
        let m = c.get(0).expect("match");
        // "增长2,168.43%": the comma groups thousands, it ends no clause.
        if &c[3] == "," && slice[m.end()..].starts_with(|ch: char| ch.is_ascii_digit()) {
            continue;
        }
        let span = (body.start + m.start(), body.start + m.end());
        found.push((span, format!("{}{}", &c[1], &c[2])));
    }
    found
}

/// The readers over real sentences of the corpus and the seed.
#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("a decimal")
    }

    fn changes(text: &str) -> Vec<ChangeQuote> {
        change_quotes(text, 0..text.len())
    }

    #[test]
    fn a_change_with_its_compared_figure() {
        // 北京市司法局 2026年度部门预算情况说明, p7.
        let q = changes("2026年支出预算29956.27万元，比2025年年初预算数28479.84万元增加1476.73万元，增长5.18%。");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].current, d("29956.27"));
        assert_eq!(q[0].compared, Some(d("28479.84")));
        assert_eq!(q[0].direction, Direction::Up);
        assert_eq!(q[0].delta, Some(d("1476.73")));
        assert_eq!(q[0].percent, Some(d("5.18")));
        assert_eq!(q[0].base(), Some(d("28479.84")));
    }

    #[test]
    fn a_change_without_its_compared_figure_is_based_on_the_difference() {
        // 江苏省人民检察院 2018, p26: 3,666 − 21.8.
        let q =
            changes("2．一般行政管理事务（项）支出3,666万元，与上年相比增加21.8万元，增长0.06%。");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].compared, None);
        assert_eq!(q[0].base(), Some(d("3644.2")));
        assert_eq!(q[0].percent, Some(d("0.06")));
        // 省检察院 p26: a 降幅 reads down.
        let q = changes("检察监督支出（项）1,895万元，与上年相比减少134万元，降幅0.66%。");
        assert_eq!(q[0].direction, Direction::Down);
        assert_eq!(q[0].base(), Some(d("2029")));
    }

    #[test]
    fn a_change_closing_a_listing_is_of_the_total() {
        // 西安市审计局（汇总）2026, p10.
        let q = changes("2026年收入预算总计4,203.47万元，其中：一般公共预算拨款4,005.29万元、上年实户资金余额98.18万元、其他收入100.00万元，较上年增加142.30万元，增长3.50%。");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].current, d("4203.47"));
        assert_eq!(q[0].base(), Some(d("4061.17")));
    }

    #[test]
    fn shares_of_a_listing_and_of_a_printed_whole() {
        // 武汉 (国家信访局) 2026, p18: the 支出 listed are of their sum.
        let text = "支出包括：一般公共服务支出15,291.3万元，占81.65%；教育支出118.01万元，占0.63%；社会保障和就业支出2,208.19万元，占11.79%；住房保障支出1,111.44万元，占5.93%。";
        let q = share_quotes(text, 0..text.len());
        assert_eq!(q.len(), 4);
        assert!(q.iter().all(|q| q.base == Some(d("18728.94"))), "{q:?}");
        assert!(q.iter().all(|q| q.closes_hundred));
        // 江苏省人大常委会办公厅 2018, p22: the whole is printed first.
        let text = "本年支出预算合计15897.44万元，其中：基本支出7877.76万元，占49.55%；项目支出6333.96万元，占39.84%；单位预留机动经费1685.72万元，占10.61%；结转下年资金0万元，占0%。";
        let q = share_quotes(text, 0..text.len());
        assert_eq!(q.len(), 4);
        assert_eq!(q[2].part, d("1685.72"));
        assert_eq!(q[2].percent, d("10.61"));
        assert_eq!(q[2].base, Some(d("15897.44")));
    }

    #[test]
    fn a_completion_rate_with_its_budget() {
        // 中共上海市普陀区委社会工作部 2024, p18.
        let text = "一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。";
        let q = completion_quotes(text, 0..text.len());
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].qualifier.as_deref(), Some("年初"));
        assert_eq!(q[0].actual, d("307.82"));
        assert_eq!(q[0].budget, Decimal::ZERO);
        assert_eq!(q[0].percent, d("95.89"));
        assert_eq!(q[0].other, Some((Some("全年".to_string()), d("321.02"))));
    }

    #[test]
    fn a_percentage_without_its_sign() {
        // 上海市普陀区规划和自然资源局 2024, p21.
        let text = "财政拨款收入支出总计增加1193.20万元，增长13.95。主要原因：项目支出增加。增长2,168.43%。";
        let found = percent_signs_missing(text, 0..text.len());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "增长13.95");
    }
}
