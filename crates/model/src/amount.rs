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
    /// Parses printed text with the amount grammar ([`scan`]).
    ///
    /// Accepted: an optional minus sign (`-`, `－` or `−`), then digits either
    /// plain or grouped by commas in threes (`1,279`), then optionally `.` and
    /// at least one digit. Anything else (white space, `+`, full-width digits,
    /// `.5`, `5.`, misplaced commas) is [`ErrorKind::InvalidAmount`]; the
    /// recognizer cleans printed text before calling this.
    ///
    /// ```
    /// use juesuan_model::Amount;
    /// let a = Amount::parse("1,279.26").unwrap();
    /// assert_eq!(a.plain(), "1279.26");
    /// assert_eq!(a.value().to_string(), "1279.26");
    /// assert_eq!(Amount::parse("0.8").unwrap().plain(), "0.8");
    /// assert!(Amount::parse("12,79.26").is_err());
    /// ```
    ///
    /// A percentage is an amount followed by `%` (or `％`): a 增减(%) column
    /// prints them. It keeps its sign in the printed text and has no 万元
    /// value ([`Amount::is_percent`]).
    ///
    /// ```
    /// use juesuan_model::{Amount, Unit};
    /// let p = Amount::parse("-60.86%").unwrap();
    /// assert_eq!(p.value().to_string(), "-60.86");
    /// assert!(p.is_percent());
    /// assert_eq!(p.in_wan_yuan(&Unit::WanYuan), None);
    /// ```
    pub fn parse(printed: &str) -> Result<Amount> {
        let number = printed.strip_suffix(['%', '％']).unwrap_or(printed);
        let plain = check_amount_grammar(number)?;
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

    /// The printed text without thousands separators and with an ASCII minus
    /// sign: the SCHEMA/truth form.
    pub fn plain(&self) -> String {
        plain_text(&self.printed)
    }

    /// The printed shape, for printing another value the same way.
    pub fn format(&self) -> Format {
        scan(&self.printed).map_or(
            Format {
                minus: None,
                grouped: false,
            },
            |s| s.format,
        )
    }

    /// Whether the amount is a percentage (`-60.86%`), not money.
    pub fn is_percent(&self) -> bool {
        self.printed.ends_with(['%', '％'])
    }

    /// The value in 万元 when the amount is printed in `unit`; a percentage
    /// has none.
    pub fn in_wan_yuan(&self, unit: &Unit) -> Option<Decimal> {
        if self.is_percent() {
            return None;
        }
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

/// The minus signs printed before a negative amount: ASCII, full-width and
/// the Unicode minus sign, all three seen in 部门决算 tables.
pub const MINUS_SIGNS: [char; 3] = ['-', '－', '−'];

/// How an amount is printed: the shape [`scan`] found and [`print()`] reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Format {
    /// The minus sign printed, if the amount is negative.
    pub minus: Option<char>,
    /// Whether the integer part is grouped by commas in threes.
    pub grouped: bool,
}

/// One match of the amount grammar at the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scanned {
    /// Length in bytes of the amount.
    pub len: usize,
    /// Its printed shape.
    pub format: Format,
    /// Whether it has a decimal point (and at least one digit after it).
    pub fraction: bool,
}

/// The one amount grammar of juesuan: the longest amount at the start of `text`.
///
/// An amount is an optional minus sign (one of [`MINUS_SIGNS`]), digits either
/// plain or grouped by commas in threes (`1,279`), then optionally `.` and at
/// least one digit. A comma group that is not exactly three digits ends the
/// amount before it, so `1,2345` scans as `1`. The recognizer's cell grammar,
/// the narrative parser and the fixture generator all call this function;
/// [`Amount::parse`] accepts exactly the texts it matches in full, and those
/// texts followed by `%` (a percentage).
///
/// ```
/// use juesuan_model::amount::scan;
/// assert_eq!(scan("1,279.26万元").unwrap().len, "1,279.26".len());
/// assert_eq!(scan("－12.50").unwrap().format.minus, Some('－'));
/// assert!(scan("万元").is_none());
/// ```
pub fn scan(text: &str) -> Option<Scanned> {
    let minus = text.chars().next().filter(|c| MINUS_SIGNS.contains(c));
    let mut pos = minus.map_or(0, char::len_utf8);
    let bytes = text.as_bytes();
    let digits_at = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let lead = digits_at(pos);
    if lead == 0 {
        return None;
    }
    pos += lead;
    let mut grouped = false;
    if lead <= 3 {
        while bytes.get(pos) == Some(&b',') && digits_at(pos + 1) == 3 {
            pos += 4;
            grouped = true;
        }
    }
    let mut fraction = false;
    if bytes.get(pos) == Some(&b'.') {
        let frac = digits_at(pos + 1);
        if frac > 0 {
            pos += 1 + frac;
            fraction = true;
        }
    }
    Some(Scanned {
        len: pos,
        format: Format { minus, grouped },
        fraction,
    })
}

/// Prints `value` in `format`: the inverse of [`scan`] and [`Amount::parse`].
///
/// The scale of `value` gives the decimals printed; `format.minus` is printed
/// only for a negative value (an ASCII `-` when the format has none).
///
/// ```
/// use juesuan_model::amount::{print, Format};
/// let v = "-1279.26".parse().unwrap();
/// assert_eq!(print(v, Format { minus: Some('－'), grouped: true }), "－1,279.26");
/// ```
pub fn print(value: Decimal, format: Format) -> String {
    let text = value.abs().to_string();
    let (int, frac) = match text.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (text.as_str(), None),
    };
    let mut out = String::new();
    if value.is_sign_negative() {
        out.push(format.minus.unwrap_or('-'));
    }
    for (i, c) in int.chars().enumerate() {
        if format.grouped && i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Whether `printed` is one amount that [`Amount::parse`] reads, without
/// building the amount or, for text that is none, an error message: the
/// recognizer asks this of most tokens it splits.
pub fn is_amount(printed: &str) -> bool {
    let number = printed.strip_suffix(['%', '％']).unwrap_or(printed);
    match scan(number) {
        Some(s) if s.len == number.len() => Decimal::from_str_exact(&plain_text(number)).is_ok(),
        _ => false,
    }
}

/// Checks that all of `printed` is one amount and returns it without commas,
/// with an ASCII minus sign.
fn check_amount_grammar(printed: &str) -> Result<String> {
    match scan(printed) {
        Some(s) if s.len == printed.len() => Ok(plain_text(printed)),
        _ => Err(Error::new(
            ErrorKind::InvalidAmount,
            format!("{printed:?} is not an amount"),
        )),
    }
}

/// The SCHEMA/truth form of printed text the grammar accepted.
fn plain_text(printed: &str) -> String {
    let unsigned = printed.trim_start_matches(MINUS_SIGNS);
    let sign = if unsigned.len() < printed.len() {
        "-"
    } else {
        ""
    };
    format!("{sign}{}", unsigned.replace(',', ""))
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
            ("－12.50", "-12.50"),
            ("−12.50", "-12.50"),
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
            "—3.10",
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

    proptest::proptest! {
        /// Every text the grammar accepts parses to the same value as
        /// `Amount::parse`, and printing that value back in the scanned
        /// format gives the text again.
        #[test]
        fn grammar_parse_and_print_agree(
            sign in proptest::option::of(proptest::sample::select(MINUS_SIGNS.to_vec())),
            int in "0|[1-9][0-9]{0,12}",
            frac in proptest::option::of("[0-9]{1,4}"),
            grouped in proptest::bool::ANY,
        ) {
            let digits = match &frac {
                Some(f) => format!("{int}.{f}"),
                None => int.clone(),
            };
            let unsigned: Decimal = Decimal::from_str_exact(&digits).unwrap();
            // Zero has no sign to print.
            let sign = sign.filter(|_| !unsigned.is_zero());
            let value = if sign.is_some() { -unsigned } else { unsigned };
            let format = Format { minus: sign, grouped };
            let printed = print(value, format);
            let scanned = scan(&printed).unwrap();
            proptest::prop_assert_eq!(scanned.len, printed.len());
            let amount = Amount::parse(&printed).unwrap();
            proptest::prop_assert_eq!(amount.value(), value);
            proptest::prop_assert_eq!(amount.value().scale(), unsigned.scale());
            let again = print(amount.value(), scanned.format);
            proptest::prop_assert_eq!(again, printed);
        }

        /// The grammar never panics, and whatever prefix it matches parses.
        #[test]
        fn every_scanned_prefix_parses(text in "\\PC{0,16}") {
            if let Some(s) = scan(&text) {
                let prefix = &text[..s.len];
                if prefix.len() < 25 {
                    proptest::prop_assert!(Amount::parse(prefix).is_ok(), "{prefix:?}");
                }
            }
        }

        /// `is_amount` says what `Amount::parse` does, of any text.
        #[test]
        fn is_amount_agrees_with_parse(text in "[-－0-9,.%％ a万]{0,40}") {
            proptest::prop_assert_eq!(is_amount(&text), Amount::parse(&text).is_ok(), "{:?}", text);
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
