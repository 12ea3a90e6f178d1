//! Exact amounts as printed, and the unit they are printed in.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorKind, Result};

/// An amount exactly as printed: its decimal value and its printed text.
///
/// The value keeps the printed scale (`0.8` has scale 1, `0.00` scale 2), so
/// [`Amount::plain`] reproduces the printed figure without thousands
/// separators. Money is never a float in this crate.
///
/// Serde writes `{"value": "1279.26", "printed": "1,279.26"}`; reading parses
/// `printed` again and rejects a `value` that disagrees with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Amount {
    value: Decimal,
    printed: String,
}

impl Amount {
    /// Parses printed text with the strict amount grammar.
    ///
    /// Accepted: an optional leading `-`, then digits either plain or grouped
    /// by commas in threes (`1,279`), then optionally `.` and at least one
    /// digit. Anything else (white space, `+`, full-width characters, `.5`,
    /// `5.`, misplaced commas) is [`ErrorKind::InvalidAmount`]; the recognizer
    /// cleans printed text before calling this.
    ///
    /// ```
    /// use juesuan_model::Amount;
    /// let a = Amount::parse("1,279.26").unwrap();
    /// assert_eq!(a.plain(), "1279.26");
    /// assert_eq!(a.value().to_string(), "1279.26");
    /// assert_eq!(Amount::parse("0.8").unwrap().plain(), "0.8");
    /// assert!(Amount::parse("12,79.26").is_err());
    /// ```
    pub fn parse(printed: &str) -> Result<Amount> {
        let plain = check_amount_grammar(printed)?;
        let value = Decimal::from_str_exact(&plain).map_err(|e| {
            Error::new(
                ErrorKind::InvalidAmount,
                format!("amount {printed:?} does not fit a decimal"),
            )
            .with_source(e)
        })?;
        Ok(Amount {
            value,
            printed: printed.to_owned(),
        })
    }

    /// The exact value, with the printed scale.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The printed text.
    pub fn printed(&self) -> &str {
        &self.printed
    }

    /// The printed text without thousands separators: the SCHEMA/truth form.
    pub fn plain(&self) -> String {
        self.printed.replace(',', "")
    }

    /// The value in 万元 when the amount is printed in `unit`.
    pub fn in_wan_yuan(&self, unit: &Unit) -> Option<Decimal> {
        unit.to_wan_yuan(self.value)
    }
}

impl FromStr for Amount {
    type Err = Error;

    fn from_str(s: &str) -> Result<Amount> {
        Amount::parse(s)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.printed)
    }
}

/// Checks the strict grammar and returns the text without commas.
fn check_amount_grammar(printed: &str) -> Result<String> {
    let bad = |why: &str| {
        Error::new(
            ErrorKind::InvalidAmount,
            format!("amount {printed:?}: {why}"),
        )
    };
    let unsigned = printed.strip_prefix('-').unwrap_or(printed);
    let (int, frac) = match unsigned.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (unsigned, None),
    };
    if int.is_empty() {
        return Err(bad("no digits before the decimal point"));
    }
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or_default();
    let grouped = int.contains(',');
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("not a number"));
    }
    if grouped {
        if first.len() > 3 {
            return Err(bad("misplaced thousands separator"));
        }
        for group in groups {
            if group.len() != 3 || !group.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("misplaced thousands separator"));
            }
        }
    }
    if let Some(frac) = frac {
        if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("the decimal point must be followed by digits"));
        }
    }
    Ok(printed.replace(',', ""))
}

/// Checks that `plain` is an amount in the SCHEMA/truth form (strict grammar, no commas).
pub(crate) fn parse_plain(plain: &str) -> Result<Decimal> {
    if plain.contains(',') {
        return Err(Error::new(
            ErrorKind::InvalidAmount,
            format!("amount {plain:?} has a thousands separator"),
        ));
    }
    Amount::parse(plain).map(|a| a.value)
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Repr<'a> {
            value: String,
            printed: &'a str,
        }
        Repr {
            value: self.plain(),
            printed: &self.printed,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Repr {
            value: Option<String>,
            printed: String,
        }
        let repr = Repr::deserialize(deserializer)?;
        let amount = Amount::parse(&repr.printed).map_err(serde::de::Error::custom)?;
        if let Some(value) = repr.value {
            if value != amount.plain() {
                return Err(serde::de::Error::custom(format!(
                    "amount value {value:?} disagrees with printed {:?}",
                    amount.printed
                )));
            }
        }
        Ok(amount)
    }
}

/// The unit a table's amounts are printed in (its 单位 line).
///
/// Serde writes the unit as printed: `"元"`, `"万元"` or the other text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    /// 元.
    Yuan,
    /// 万元 (ten thousand yuan), the usual unit of 部门决算 tables.
    WanYuan,
    /// Any other printed unit, white space and `单位：` removed.
    Other(String),
}

impl Unit {
    /// Reads a printed unit: `万元`, `单位：万元`, `单位: 元` ….
    pub fn parse(printed: &str) -> Unit {
        let compact: String = printed.chars().filter(|c| !c.is_whitespace()).collect();
        let unit = compact.strip_prefix("单位").unwrap_or(&compact);
        let unit = unit.trim_start_matches([':', '：']);
        match unit {
            "元" => Unit::Yuan,
            "万元" => Unit::WanYuan,
            other => Unit::Other(other.to_owned()),
        }
    }

    /// The unit as printed (normalized).
    pub fn as_str(&self) -> &str {
        match self {
            Unit::Yuan => "元",
            Unit::WanYuan => "万元",
            Unit::Other(s) => s,
        }
    }

    /// Converts an amount in this unit to 万元, exactly.
    ///
    /// 元 are divided by 10 000 by moving the decimal point, which is exact up
    /// to rust_decimal's 28 fractional digits; an unknown unit gives `None`.
    pub fn to_wan_yuan(&self, value: Decimal) -> Option<Decimal> {
        match self {
            Unit::WanYuan => Some(value),
            Unit::Yuan => {
                let mut v = value;
                v.set_scale(value.scale() + 4).ok()?;
                Some(v)
            }
            Unit::Other(_) => None,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Unit::parse(&String::deserialize(deserializer)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_amounts_keep_their_scale() {
        let cases = [
            ("1,279.26", "1279.26"),
            ("0.8", "0.8"),
            ("-3.10", "-3.10"),
            ("0.00", "0.00"),
            ("0", "0"),
            ("2946.25", "2946.25"),
            ("12,345,678.90", "12345678.90"),
            ("-1,000", "-1000"),
        ];
        for (printed, plain) in cases {
            let a = Amount::parse(printed).unwrap();
            assert_eq!(a.plain(), plain);
            assert_eq!(a.value().to_string(), plain);
            assert_eq!(a.printed(), printed);
        }
        assert_eq!(Amount::parse("0.8").unwrap().value().scale(), 1);
        assert_eq!(Amount::parse("0.80").unwrap().value().scale(), 2);
    }

    #[test]
    fn the_grammar_is_strict() {
        for bad in [
            "",
            "-",
            ".5",
            "5.",
            "1,2",
            "12,79.26",
            "1,2345",
            "1279,26",
            ",123",
            "1,,234",
            "+1",
            " 1",
            "1 ",
            "1.2.3",
            "１２",
            "−3.10",
            "--1",
            "1e5",
            "1_000",
            "0.8万",
            "99999999999999999999999999999999",
        ] {
            let err = Amount::parse(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidAmount, "{bad:?}");
        }
    }

    #[test]
    fn wan_yuan_is_exact() {
        let a = Amount::parse("12,792.6").unwrap();
        assert_eq!(
            a.in_wan_yuan(&Unit::WanYuan).unwrap().to_string(),
            "12792.6"
        );
        assert_eq!(a.in_wan_yuan(&Unit::Yuan).unwrap().to_string(), "1.27926");
        assert_eq!(a.in_wan_yuan(&Unit::Other("千元".into())), None);
    }

    #[test]
    fn units_parse_as_printed() {
        assert_eq!(Unit::parse("单位：万元"), Unit::WanYuan);
        assert_eq!(Unit::parse("单位: 元"), Unit::Yuan);
        assert_eq!(Unit::parse("万 元"), Unit::WanYuan);
        assert_eq!(Unit::parse("千元"), Unit::Other("千元".into()));
        assert_eq!(serde_json::to_string(&Unit::WanYuan).unwrap(), r#""万元""#);
    }

    #[test]
    fn amount_serde_round_trip() {
        let a = Amount::parse("1,279.26").unwrap();
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"value":"1279.26","printed":"1,279.26"}"#);
        assert_eq!(serde_json::from_str::<Amount>(&json).unwrap(), a);
        let bad = r#"{"value":"1279.25","printed":"1,279.26"}"#;
        assert!(serde_json::from_str::<Amount>(bad).is_err());
    }
}
