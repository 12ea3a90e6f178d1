//! Amount strings: the printed form a layout asks for, and the truth form.
//!
//! Amounts stay strings throughout so that nothing is rounded: 元 values are
//! made by moving the decimal point, not by floating-point arithmetic.

use juesuan_model::amount::{self, Format};
use juesuan_model::Amount;

use crate::model::{Layout, Separators, Unit};

/// The string printed for an amount transcribed as `seed` (万元, maybe with
/// separators). Blank stays blank.
pub fn printed(seed: &str, layout: &Layout) -> String {
    if seed.is_empty() {
        return String::new();
    }
    let plain = parse(seed).plain();
    let value = match layout.unit {
        Unit::Wanyuan => plain,
        Unit::Yuan => times_10000(&plain),
    };
    match (layout.separators, layout.unit) {
        (Separators::AsPrinted, Unit::Wanyuan) => seed.to_string(),
        (Separators::Never, _) => value,
        (Separators::Always, _) | (Separators::AsPrinted, Unit::Yuan) => group(&value),
    }
}

/// The truth form of a printed amount: the model's plain form (thousands
/// separators removed, ASCII minus sign). Blank stays blank.
pub fn truth(printed: &str) -> String {
    if printed.is_empty() {
        return String::new();
    }
    parse(printed).plain()
}

/// Reads an amount with the model's one grammar; fixture descriptions are
/// written by hand, so a bad amount is a bug in the description.
fn parse(s: &str) -> Amount {
    Amount::parse(s).unwrap_or_else(|e| panic!("fixture amount {s:?}: {e}"))
}

/// Multiplies a decimal string by 10000 and prints it with two decimals.
fn times_10000(s: &str) -> String {
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut frac: String = frac.to_string();
    while frac.len() < 6 {
        frac.push('0');
    }
    let digits = format!("{int}{}", &frac[..4]);
    let digits = digits.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let cents = &frac[4..6];
    assert!(
        frac[6..].chars().all(|c| c == '0'),
        "amount {s} has more than six decimals"
    );
    format!("{}{digits}.{cents}", if neg { "-" } else { "" })
}

/// Inserts thousands separators into the integer part, with the model's
/// printer.
fn group(s: &str) -> String {
    let format = Format {
        minus: None,
        grouped: true,
    };
    amount::print(parse(s).value(), format)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(unit: Unit, separators: Separators) -> Layout {
        Layout {
            unit,
            separators,
            ..Layout::default()
        }
    }

    #[test]
    fn wanyuan_forms() {
        let l = layout(Unit::Wanyuan, Separators::AsPrinted);
        assert_eq!(printed("107,670.09", &l), "107,670.09");
        let l = layout(Unit::Wanyuan, Separators::Never);
        assert_eq!(printed("107,670.09", &l), "107670.09");
        let l = layout(Unit::Wanyuan, Separators::Always);
        assert_eq!(printed("1546.38", &l), "1,546.38");
        assert_eq!(printed("0.8", &l), "0.8");
    }

    #[test]
    fn yuan_forms() {
        let l = layout(Unit::Yuan, Separators::Always);
        assert_eq!(printed("107,670.09", &l), "1,076,700,900.00");
        assert_eq!(printed("0.8", &l), "8,000.00");
        assert_eq!(printed("0.00", &l), "0.00");
        let l = layout(Unit::Yuan, Separators::Never);
        assert_eq!(printed("9.77", &l), "97700.00");
        assert_eq!(truth("1,076,700,900.00"), "1076700900.00");
        assert_eq!(truth("－12.50"), "-12.50");
        assert_eq!(printed("-1234.5", &l), "-12345000.00");
    }
}
