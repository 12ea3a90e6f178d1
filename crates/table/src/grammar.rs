//! The cell grammar: what one printed token in a table can be.
//!
//! Amounts follow the model's one grammar ([`juesuan_model::amount::scan`]);
//! codes and dashes are built with `nom`, whose types stay inside this module.
//! Callers get a [`Cell`].

use juesuan_model::without;

use juesuan_model::amount;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1, take_while_m_n};
use nom::character::complete::one_of;
use nom::combinator::{all_consuming, opt};
use nom::{IResult, Parser};

/// What a token's text is, before knowing which column it sits in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cell {
    /// A number: `plain` has no thousands separators; `decimal` says whether it
    /// had a decimal point or separators (so it cannot be a code or a row number).
    Number { plain: String, decimal: bool },
    /// A classification code and a name printed in one cell (`2010601-行政运行`,
    /// `[2010601]行政运行`).
    CodeName { code: String, name: String },
    /// A dash or similar placeholder printed for "nothing".
    Dash,
    /// Anything else.
    Text,
}

fn dash(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| matches!(c, '-' | '－' | '—' | '–' | '─' | '/' | '／'))(i)
}

fn code_name(i: &str) -> IResult<&str, (&str, &str)> {
    let (i, _) = opt(one_of("[【(（")).parse(i)?;
    let (i, code) = take_while_m_n(3, 7, |c: char| c.is_ascii_digit())(i)?;
    let (i, _) = opt(one_of("]】)）")).parse(i)?;
    let (i, _) = opt(alt((
        tag("-"),
        tag("－"),
        tag("—"),
        tag("_"),
        tag(" "),
        tag("、"),
    )))
    .parse(i)?;
    let (rest, name) = take_while1(|c: char| !c.is_ascii_digit())(i)?;
    Ok((rest, (code, name)))
}

/// Classifies a token's text. Whitespace inside the token is ignored, as wrapped
/// or letter-spaced cells carry spaces that are not part of the value.
pub(crate) fn classify(text: &str) -> Cell {
    // This runs several times for every token of every table.
    let compact = without(text, char::is_whitespace);
    let compact = compact.as_ref();
    if compact.is_empty() {
        return Cell::Text;
    }
    // Amounts follow the model's one grammar, so every number here is one
    // `Amount::parse` accepts.
    if let Some(s) = amount::scan(compact).filter(|s| s.len == compact.len()) {
        let unsigned = compact.trim_start_matches(amount::MINUS_SIGNS);
        let mut plain = String::with_capacity(unsigned.len() + 1);
        if s.format.minus.is_some() {
            plain.push('-');
        }
        plain.extend(unsigned.chars().filter(|&c| c != ','));
        return Cell::Number {
            plain,
            decimal: s.fraction || s.format.grouped,
        };
    }
    // A percentage (an 增减(%) column) is a number that is never a code.
    if let Some(number) = compact.strip_suffix(['%', '％']) {
        if let Cell::Number { plain, .. } = classify(number) {
            return Cell::Number {
                plain,
                decimal: true,
            };
        }
    }
    if all_consuming(dash).parse(compact).is_ok() {
        return Cell::Dash;
    }
    if let Ok((_, (code, name))) = all_consuming(code_name).parse(compact) {
        if matches!(code.len(), 3 | 5 | 7) {
            return Cell::CodeName {
                code: code.to_string(),
                name: name.to_string(),
            };
        }
    }
    Cell::Text
}

/// Whether a text is the decimals of an amount wrapped inside a narrow cell
/// (`.81` under `168,441`): a fragment of a number, never a label.
pub(crate) fn is_decimal_fragment(text: &str) -> bool {
    text.trim()
        .strip_prefix('.')
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

/// Whether a digit string can be a classification code or one printed part of
/// a split code (类 3 digits, 款/项 2 digits).
pub(crate) fn is_code_part(s: &str) -> bool {
    (2..=7).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(plain: &str, decimal: bool) -> Cell {
        Cell::Number {
            plain: plain.into(),
            decimal,
        }
    }

    #[test]
    fn percentages_are_numbers_that_are_never_codes() {
        // 武汉 一般公共预算支出表, 增减(%) columns.
        assert_eq!(classify("-60.86%"), num("-60.86", true));
        assert_eq!(classify("1009.71%"), num("1009.71", true));
        assert_eq!(classify("100％"), num("100", true));
        assert_eq!(classify("%"), Cell::Text);
        assert_eq!(classify("约5%"), Cell::Text);
    }

    #[test]
    fn amounts_as_printed_in_the_corpus() {
        assert_eq!(classify("2,940.05"), num("2940.05", true));
        assert_eq!(classify("1,279.26"), num("1279.26", true));
        assert_eq!(classify("0.8"), num("0.8", true));
        assert_eq!(classify("-3.10"), num("-3.10", true));
        assert_eq!(classify("－12.50"), num("-12.50", true));
        assert_eq!(classify("−12.50"), num("-12.50", true));
        assert_eq!(classify("0.00"), num("0.00", true));
        assert_eq!(classify("12,345,678.90"), num("12345678.90", true));
        assert_eq!(classify("2,336.91 "), num("2336.91", true));
        assert_eq!(classify("2010601"), num("2010601", false));
        assert_eq!(classify("06"), num("06", false));
    }

    #[test]
    fn malformed_numbers_are_text() {
        assert_eq!(classify("1,27.26"), Cell::Text);
        assert_eq!(classify("1.2.3"), Cell::Text);
        assert_eq!(classify("12万元"), Cell::Text);
    }

    #[test]
    fn code_and_name_in_one_cell() {
        assert_eq!(
            classify("2040601-行政运行"),
            Cell::CodeName {
                code: "2040601".into(),
                name: "行政运行".into()
            }
        );
        assert_eq!(
            classify("[201]一般公共服务支出"),
            Cell::CodeName {
                code: "201".into(),
                name: "一般公共服务支出".into()
            }
        );
        assert_eq!(
            classify("30101 基本工资"),
            Cell::CodeName {
                code: "30101".into(),
                name: "基本工资".into()
            }
        );
        // Four digits is no code.
        assert_eq!(classify("2020年度"), Cell::Text);
    }

    #[test]
    fn dashes_and_text() {
        assert_eq!(classify("—"), Cell::Dash);
        assert_eq!(classify("-"), Cell::Dash);
        assert_eq!(classify("行政运行"), Cell::Text);
        assert_eq!(classify(""), Cell::Text);
    }

    proptest::proptest! {
        #[test]
        fn classify_never_panics(s in "\\PC{0,24}") {
            let _ = classify(&s);
        }

        #[test]
        fn printed_amounts_round_trip(int in 0u64..10_000_000, frac in 0u32..100) {
            let plain = format!("{int}.{frac:02}");
            let grouped = {
                let digits = int.to_string();
                let mut out = String::new();
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i) % 3 == 0 { out.push(','); }
                    out.push(c);
                }
                format!("{out}.{frac:02}")
            };
            proptest::prop_assert_eq!(classify(&grouped), num(&plain, true));
        }
    }
}
