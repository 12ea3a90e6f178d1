//! Arithmetic in the prose: quoted differences, changes in per cent, shares
//! (占 X%), completion rates, and percentages printed without a % sign.

use super::*;

/// The last `NUM万元` in a stretch of text.
pub(super) fn amount_in(text: &str) -> Option<Decimal> {
    static LAST: OnceLock<Regex> = OnceLock::new();
    let last = re(&LAST, &format!(r"({NUM})万元"));
    last.captures_iter(text).last().and_then(|c| number(&c[1]))
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

/// A quoted share: "part 万元，占 base phrase p%".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ShareQuote {
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
pub(super) fn share_quotes(
    all: &str,
    body: std::ops::Range<usize>,
    share: &Regex,
) -> Vec<ShareQuote> {
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
pub(super) fn first_whole(
    all: &str,
    range: std::ops::Range<usize>,
    parts: &[usize],
) -> Option<Decimal> {
    static FIRST: OnceLock<Regex> = OnceLock::new();
    let first = re(&FIRST, &format!(r"({NUM})万元"));
    first
        .captures_iter(&all[range.clone()])
        .filter_map(|c| c.get(1))
        .find(|g| !parts.contains(&(range.start + g.start())))
        .and_then(|g| number(g.as_str()))
}

pub(super) fn arithmetic(cx: &mut Cx<'_>, text: &Text, body: std::ops::Range<usize>) {
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
