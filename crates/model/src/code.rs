//! Classification codes: 支出功能分类 (类/款/项) and 支出经济分类 (类/款).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorKind, Result};

/// The level of a classification code in its tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeLevel {
    /// 类: 3 digits.
    Class,
    /// 款: 5 digits.
    Section,
    /// 项: 7 digits (功能分类 only).
    Item,
}

impl CodeLevel {
    /// The Chinese name of the level.
    pub fn chinese_name(self) -> &'static str {
        match self {
            CodeLevel::Class => "类",
            CodeLevel::Section => "款",
            CodeLevel::Item => "项",
        }
    }

    /// The number of digits a code of this level has.
    pub fn digits(self) -> usize {
        match self {
            CodeLevel::Class => 3,
            CodeLevel::Section => 5,
            CodeLevel::Item => 7,
        }
    }

    fn from_len(len: usize) -> Option<CodeLevel> {
        match len {
            3 => Some(CodeLevel::Class),
            5 => Some(CodeLevel::Section),
            7 => Some(CodeLevel::Item),
            _ => None,
        }
    }
}

fn check_digits(s: &str, what: &str, allowed: &[usize]) -> Result<()> {
    if !s.bytes().all(|b| b.is_ascii_digit()) || !allowed.contains(&s.len()) {
        let lens: Vec<String> = allowed.iter().map(ToString::to_string).collect();
        return Err(Error::new(
            ErrorKind::InvalidCode,
            format!("{what} {s:?} is not {} ASCII digits", lens.join("/")),
        ));
    }
    Ok(())
}

macro_rules! code_type {
    ($name:ident, $what:literal, $lens:expr) => {
        impl $name {
            /// Parses a code printed as one digit string.
            pub fn parse(digits: &str) -> Result<Self> {
                check_digits(digits, $what, $lens)?;
                Ok(Self(digits.to_owned()))
            }

            /// The digits.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The level, known from the number of digits.
            pub fn level(&self) -> CodeLevel {
                CodeLevel::from_len(self.0.len()).unwrap_or(CodeLevel::Class)
            }

            /// The code one level up (款 → 类, 项 → 款); `None` for a 类.
            pub fn parent(&self) -> Option<Self> {
                match self.0.len() {
                    3 => None,
                    n => Some(Self(self.0[..n - 2].to_owned())),
                }
            }

            /// The code's 类 (itself for a 类).
            pub fn class(&self) -> Self {
                Self(self.0[..3].to_owned())
            }

            /// Whether `self` is `other` or lies below it in the tree.
            pub fn is_within(&self, other: &Self) -> bool {
                self.0.starts_with(&other.0)
            }
        }

        impl FromStr for $name {
            type Err = Error;

            fn from_str(s: &str) -> Result<Self> {
                Self::parse(s)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                Self::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A 支出功能分类科目编码: 3 digits (类), 5 (款) or 7 (项), e.g. `2010601`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FunctionCode(String);

code_type!(FunctionCode, "function code", &[3, 5, 7]);

impl FunctionCode {
    /// Joins a code printed over split 类/款/项 columns (`201`, `06`, `01`).
    ///
    /// `section` and `item` are optional from the right: a 类 row prints only the
    /// 类 column. Each part must have its own width (3, 2, 2 digits).
    pub fn from_parts(class: &str, section: Option<&str>, item: Option<&str>) -> Result<Self> {
        let bad = |part: &str| {
            Error::new(
                ErrorKind::InvalidCode,
                format!("function code part {part:?} has the wrong width or is not digits"),
            )
        };
        let two = |p: &str| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit());
        if section.is_none() && item.is_some() {
            return Err(Error::new(
                ErrorKind::InvalidCode,
                "function code has a 项 part without a 款 part",
            ));
        }
        check_digits(class, "function code 类", &[3])?;
        let mut digits = String::with_capacity(7);
        digits.push_str(class);
        for part in [section, item].into_iter().flatten() {
            if !two(part) {
                return Err(bad(part));
            }
            digits.push_str(part);
        }
        Ok(Self(digits))
    }
}

/// A 支出经济分类科目编码: 3 digits (类) or 5 (款), e.g. `30101`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EconomicCode(String);

code_type!(EconomicCode, "economic code", &[3, 5]);

/// Whether `digits` is a well-formed code of either system (3, 5 or 7 ASCII digits).
pub fn is_code(digits: &str) -> bool {
    check_digits(digits, "code", &[3, 5, 7]).is_ok()
}

pub(crate) fn check_code(digits: &str) -> Result<()> {
    check_digits(digits, "classification code", &[3, 5, 7])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_code_levels_and_parents() {
        let item = FunctionCode::parse("2010601").unwrap();
        assert_eq!(item.level(), CodeLevel::Item);
        assert_eq!(item.level().chinese_name(), "项");
        let section = item.parent().unwrap();
        assert_eq!(section.as_str(), "20106");
        assert_eq!(section.level(), CodeLevel::Section);
        let class = section.parent().unwrap();
        assert_eq!(class.as_str(), "201");
        assert_eq!(class.level(), CodeLevel::Class);
        assert_eq!(class.parent(), None);
        assert_eq!(item.class(), class);
        assert!(item.is_within(&section) && item.is_within(&class));
        assert!(!class.is_within(&item));
    }

    #[test]
    fn economic_code_levels_and_parents() {
        let section = EconomicCode::parse("30101").unwrap();
        assert_eq!(section.level(), CodeLevel::Section);
        assert_eq!(section.parent().unwrap().as_str(), "301");
        assert_eq!(EconomicCode::parse("301").unwrap().parent(), None);
        // 经济分类 has no 项 level.
        let err = EconomicCode::parse("3010101").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCode);
    }

    #[test]
    fn malformed_codes_are_typed_errors() {
        for bad in [
            "",
            "20",
            "2010",
            "201060",
            "20106011",
            "20a",
            "２０１",
            " 201",
            "201 06",
        ] {
            let err = FunctionCode::parse(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidCode, "{bad:?}");
        }
        assert!(is_code("201") && is_code("30101") && !is_code("2010"));
    }

    #[test]
    fn split_code_columns_join() {
        let full = FunctionCode::from_parts("201", Some("06"), Some("01")).unwrap();
        assert_eq!(full.as_str(), "2010601");
        assert_eq!(
            FunctionCode::from_parts("208", Some("05"), None)
                .unwrap()
                .as_str(),
            "20805"
        );
        assert_eq!(
            FunctionCode::from_parts("221", None, None)
                .unwrap()
                .as_str(),
            "221"
        );
        assert!(FunctionCode::from_parts("201", None, Some("01")).is_err());
        assert!(FunctionCode::from_parts("201", Some("6"), None).is_err());
        assert!(FunctionCode::from_parts("2010", Some("06"), None).is_err());
    }

    #[test]
    fn codes_serialize_as_plain_strings() {
        let code = FunctionCode::parse("2080505").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), r#""2080505""#);
        let back: FunctionCode = serde_json::from_str(r#""2080505""#).unwrap();
        assert_eq!(back, code);
        assert!(serde_json::from_str::<EconomicCode>(r#""2080505""#).is_err());
    }
}
