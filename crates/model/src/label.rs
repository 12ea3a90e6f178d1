//! Row labels: SCHEMA normalization and `label#2` numbering.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::kind::Side;

/// `text` without the characters `drop` matches, borrowed when it has none
/// (most printed tokens have no white space, and the recognizer and the
/// facts reader ask this of every token).
///
/// ```
/// use juesuan_model::without;
/// assert_eq!(without("合 计", char::is_whitespace), "合计");
/// assert!(matches!(without("合计", char::is_whitespace), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn without(text: &str, drop: impl Fn(char) -> bool) -> Cow<'_, str> {
    if text.contains(&drop) {
        Cow::Owned(text.chars().filter(|&c| !drop(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Chinese numerals that may form a leading enumerator (`一、`, `二十六、`, `（一）`).
const NUMERALS: &[char] = &[
    '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '零', '〇',
];

/// Normalizes a printed row label as SCHEMA.md prescribes.
///
/// In this order: all white space is removed (wrapped cells break words, so
/// `本年收入合 计` is `本年收入合计`); one leading Chinese enumerator is removed
/// (`一、`, `二十六、`, `(一)`, `（一）`, also `（一）、`); full-width parentheses
/// become half-width. An enumerator standing alone is kept, so a label never
/// becomes empty.
///
/// ```
/// use juesuan_model::normalize_label;
/// assert_eq!(normalize_label("一、一般公共预算财政拨款收入"), "一般公共预算财政拨款收入");
/// assert_eq!(normalize_label("（一）行政运行"), "行政运行");
/// assert_eq!(normalize_label("本年收入合 计"), "本年收入合计");
/// ```
pub fn normalize_label(printed: &str) -> String {
    let compact: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
    let stripped = match strip_enumerator(&compact) {
        "" => compact.as_str(),
        rest => rest,
    };
    stripped
        .chars()
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            other => other,
        })
        .collect()
}

/// Removes one leading Chinese enumerator, if any.
fn strip_enumerator(s: &str) -> &str {
    // Form `一、`: numerals followed by an enumeration comma.
    let numerals = s.trim_start_matches(NUMERALS);
    if numerals.len() < s.len() {
        if let Some(rest) = numerals.strip_prefix('、') {
            return rest;
        }
    }
    // Form `(一)` / `（一）`, with either kind of parenthesis on each side.
    if let Some(inner) = s.strip_prefix(['(', '（']) {
        let after = inner.trim_start_matches(NUMERALS);
        if after.len() < inner.len() {
            if let Some(rest) = after.strip_prefix([')', '）']) {
                return rest.strip_prefix('、').unwrap_or(rest);
            }
        }
    }
    s
}

/// Writes the `n`-th occurrence of a normalized label: `label` for the first,
/// `label#2`, `label#3` … after.
pub fn numbered_label(label: &str, n: u32) -> String {
    if n <= 1 {
        label.to_owned()
    } else {
        format!("{label}#{n}")
    }
}

/// Splits `label#2` into (`label`, 2); a label without a number is occurrence 1.
pub fn split_numbered_label(label: &str) -> (&str, u32) {
    if let Some((base, n)) = label.rsplit_once('#') {
        if let Ok(n) = n.parse::<u32>() {
            if n >= 2 {
                return (base, n);
            }
        }
    }
    (label, 1)
}

/// Numbers repeated labels within one table, per side.
///
/// SCHEMA counts occurrences over all printed rows on a side, blank rows
/// included, so the recognizer must call [`LabelNumbering::next`] for every
/// label row it reads, even one it will drop for having no amount. Use one
/// value per table.
///
/// ```
/// use juesuan_model::{LabelNumbering, Side};
/// let mut n = LabelNumbering::new();
/// assert_eq!(n.next(Some(Side::Income), "一、一般公共预算财政拨款"), "一般公共预算财政拨款");
/// assert_eq!(n.next(Some(Side::Expenditure), "一般公共预算财政拨款"), "一般公共预算财政拨款");
/// assert_eq!(n.next(Some(Side::Income), "一、一般公共预算财政拨款"), "一般公共预算财政拨款#2");
/// ```
#[derive(Debug, Clone, Default)]
pub struct LabelNumbering {
    seen: HashMap<(Option<Side>, String), u32>,
}

impl LabelNumbering {
    /// A numbering with no label seen yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Normalizes a printed label and returns it numbered by its occurrence on `side`.
    pub fn next(&mut self, side: Option<Side>, printed: &str) -> String {
        let label = normalize_label(printed);
        let count = self.seen.entry((side, label.clone())).or_insert(0);
        *count += 1;
        numbered_label(&label, *count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_the_truth_files() {
        let cases = [
            ("一、一般公共预算财政拨款收入", "一般公共预算财政拨款收入"),
            ("一、一般公共预算财政拨款", "一般公共预算财政拨款"),
            ("（一）行政运行", "行政运行"),
            ("(一)行政运行", "行政运行"),
            ("（十二）其他支出", "其他支出"),
            ("二十六、其他支出", "其他支出"),
            ("本年收入合 计", "本年收入合计"),
            ("本年收入合\n计", "本年收入合计"),
            ("  合　　计  ", "合计"),
            ("七、其他收入", "其他收入"),
            ("年初结转和结余", "年初结转和结余"),
            ("一般公共服务支出", "一般公共服务支出"),
            ("维修（护）费", "维修(护)费"),
            ("因公出国（境）费用", "因公出国(境)费用"),
            ("二、 年末财政拨款结转和结余", "年末财政拨款结转和结余"),
        ];
        for (printed, normalized) in cases {
            assert_eq!(normalize_label(printed), normalized, "{printed:?}");
        }
    }

    #[test]
    fn only_leading_enumerators_are_removed() {
        // `一般` starts with a numeral but is not an enumerator.
        assert_eq!(normalize_label("一般公共预算"), "一般公共预算");
        assert_eq!(normalize_label("其中：一、基本"), "其中：一、基本");
        // Only one enumerator goes; a lone enumerator stays.
        assert_eq!(normalize_label("一、（一）行政运行"), "(一)行政运行");
        assert_eq!(normalize_label("一、"), "一、");
        assert_eq!(normalize_label("（其他）收入"), "(其他)收入");
    }

    #[test]
    fn numbering_counts_per_side() {
        let mut n = LabelNumbering::new();
        let income = Some(Side::Income);
        assert_eq!(
            n.next(income, "一、一般公共预算财政拨款"),
            "一般公共预算财政拨款"
        );
        assert_eq!(
            n.next(income, "年初财政拨款结转和结余"),
            "年初财政拨款结转和结余"
        );
        assert_eq!(
            n.next(income, "一、一般公共预算财政拨款"),
            "一般公共预算财政拨款#2"
        );
        assert_eq!(
            n.next(income, "一般公共预算财政拨款"),
            "一般公共预算财政拨款#3"
        );
        assert_eq!(
            n.next(Some(Side::Expenditure), "一般公共预算财政拨款"),
            "一般公共预算财政拨款"
        );
        assert_eq!(n.next(None, "合计"), "合计");
    }

    #[test]
    fn numbered_labels_split_back() {
        assert_eq!(numbered_label("总计", 1), "总计");
        assert_eq!(numbered_label("总计", 2), "总计#2");
        assert_eq!(
            split_numbered_label("一般公共预算财政拨款#2"),
            ("一般公共预算财政拨款", 2)
        );
        assert_eq!(split_numbered_label("合计"), ("合计", 1));
        assert_eq!(split_numbered_label("A#B"), ("A#B", 1));
    }
}
