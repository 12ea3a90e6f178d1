//! Direction words (大于, 小于, 持平 …) between a quoted 预算 and 决算.

use super::*;

pub(super) fn directions(cx: &mut Cx<'_>, text: &Text, body: std::ops::Range<usize>) {
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
