//! Arithmetic in the prose: the quotes read in `quotes` (differences,
//! changes in per cent, shares, completion rates, percentages printed
//! without a % sign) against the figures they quote.

use super::*;

/// A narrative finding before it is placed: what it says and its figures.
struct Said {
    check: CheckId,
    severity: Severity,
    span: Span,
    detail: String,
    expected: Option<Decimal>,
    printed: Option<Decimal>,
    tolerance: Option<Decimal>,
}

impl Said {
    /// A warning of `NarrativeArithmetic` with no figures.
    fn warning(span: Span, detail: String) -> Said {
        Said {
            check: CheckId::NarrativeArithmetic,
            severity: Severity::Warning,
            span,
            detail,
            expected: None,
            printed: None,
            tolerance: None,
        }
    }

    fn figures(mut self, expected: Decimal, printed: Decimal, tolerance: Decimal) -> Said {
        self.expected = Some(expected);
        self.printed = Some(printed);
        self.tolerance = Some(tolerance);
        self
    }

    fn push(self, cx: &mut Cx<'_>, text: &Text) {
        let (s, e) = self.span;
        let mut f = Finding::new(self.check, self.severity, self.detail);
        f.page = Some(text.page(s));
        f.expected = self.expected;
        f.printed = self.printed;
        f.difference = self.expected.zip(self.printed).map(|(x, y)| y - x);
        f.tolerance = self.tolerance;
        f.quote = Some(text.quote(s, e));
        cx.push(f);
    }
}

pub(super) fn arithmetic(cx: &mut Cx<'_>, text: &Text, body: std::ops::Range<usize>) {
    if !cx.on(CheckId::NarrativeArithmetic) && !cx.on(CheckId::NarrativeDirection) {
        return;
    }
    let all = &text.text;
    let mut said = Vec::new();
    for q in change_quotes(all, body.clone()) {
        said.extend(change(&q));
    }
    said.extend(share_quotes(all, body.clone()).iter().filter_map(share));
    said.extend(
        completion_quotes(all, body.clone())
            .iter()
            .filter_map(completion),
    );
    for (span, words) in percent_signs_missing(all, body) {
        let detail = format!("「{words}」缺少 % / percentage without a percent sign");
        said.push(Said::warning(span, detail));
    }
    for s in said {
        s.push(cx, text);
    }
}

/// A quoted change against its figures: the direction word, the quoted
/// difference and the quoted percentage.
fn change(q: &ChangeQuote) -> Vec<Said> {
    let mut said = Vec::new();
    let Some(base) = q.base() else {
        return said;
    };
    // A base rebuilt from the difference cannot be negative: the current
    // figure is then not the one the change is of.
    if q.compared.is_none() && base <= Decimal::ZERO {
        return said;
    }
    let (cur, word) = (q.current, &q.word);
    let diff = cur - base;
    let tol = half_unit(cur) + q.compared.map_or(Decimal::ZERO, half_unit);
    let wrong = match q.direction {
        Direction::Flat => diff.abs() > tol,
        Direction::Up => diff < -tol,
        Direction::Down => diff > tol,
    };
    if wrong && q.compared.is_some() {
        said.push(Said {
            check: CheckId::NarrativeDirection,
            severity: Severity::Error,
            span: q.span,
            detail: format!("说明称{word}，但本年 {cur} 对比较数 {base} / wrong direction word"),
            expected: Some(base),
            printed: Some(cur),
            tolerance: Some(tol),
        });
    }
    if let (Some(d), Some(_)) = (q.delta, q.compared) {
        let expected = diff.abs();
        let t = tol + half_unit(d);
        if expected != d {
            let mut s = Said::warning(
                q.span,
                format!("说明称{word} {d} 万元，{cur} − {base} = {expected} / quoted difference"),
            )
            .figures(expected, d, t);
            if (expected - d).abs() <= t {
                s.severity = Severity::Rounding;
            }
            said.push(s);
        }
    }
    if let Some(p) = q.percent.filter(|_| !base.is_zero()) {
        let expected = (diff.abs() / base.abs() * Decimal::ONE_HUNDRED).round_dp(p.scale() + 2);
        let t =
            percent_tolerance(p, diff, base) + half_unit(cur) / base.abs() * Decimal::ONE_HUNDRED;
        if !pct_ok(expected, p, t) {
            let detail = format!(
                "说明称变动 {p}%，|{cur} − {base}| / {base} = {}% / quoted percentage",
                expected.round_dp(2)
            );
            said.push(Said::warning(q.span, detail).figures(
                expected.round_dp(2),
                p,
                t.round_dp(4),
            ));
        }
    }
    said
}

/// A quoted share against its whole. A listing whose printed shares make
/// exactly 100 % may move one share a step to get there (人大办公厅: 49.55 +
/// 39.84 + 10.61, where 10.60 is computed): that is rounding.
fn share(q: &ShareQuote) -> Option<Said> {
    let w = q.base?;
    if share_ok(q.part, q.percent, w, q.base_half) {
        return None;
    }
    let expected = q.part / w * Decimal::ONE_HUNDRED;
    let t = percent_tolerance(q.percent, q.part, w) + q.base_half / w * Decimal::ONE_HUNDRED;
    let step = Decimal::new(1, q.percent.scale());
    let plugged = q.closes_hundred && (expected - q.percent).abs() <= t + step;
    let detail = format!(
        "说明称占 {}%，{} / {w} = {}% / quoted share{}",
        q.percent,
        q.part,
        expected.round_dp(2),
        if plugged {
            "（各项合计凑足 100%）"
        } else {
            ""
        }
    );
    let mut s =
        Said::warning(q.span, detail).figures(expected.round_dp(2), q.percent, t.round_dp(4));
    if plugged {
        s.severity = Severity::Rounding;
    }
    Some(s)
}

/// A quoted completion rate against its 决算 and 预算.
fn completion(q: &CompletionQuote) -> Option<Said> {
    let (p, actual, budget) = (q.percent, q.actual, q.budget);
    let qual = q.qualifier.as_deref().unwrap_or("");
    if budget.is_zero() {
        if p.is_zero() {
            return None;
        }
        let hint = q.other.as_ref().map_or_else(String::new, |(oq, b)| {
            format!(
                "；以{}预算 {b} 计为 {}%",
                oq.as_deref().unwrap_or(""),
                (actual / b * Decimal::ONE_HUNDRED).round_dp(2)
            )
        });
        let detail = format!(
            "说明称完成{qual}预算的 {p}%，但该预算为 0{hint} / completion rate against a zero budget"
        );
        let mut s = Said::warning(q.span, detail);
        s.printed = Some(p);
        return Some(s);
    }
    let expected = actual / budget * Decimal::ONE_HUNDRED;
    let t = percent_tolerance(p, actual, budget);
    if pct_ok(expected, p, t) {
        return None;
    }
    let detail = format!(
        "说明称完成预算的 {p}%，{actual} / {budget} = {}% / quoted completion rate",
        expected.round_dp(2)
    );
    Some(Said::warning(q.span, detail).figures(expected.round_dp(2), p, t.round_dp(4)))
}
