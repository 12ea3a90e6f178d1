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

/// A name a 功能分类 类 is printed with, and the 科目 years it was current.
///
/// The 政府收支分类科目 renames some 类 from one year to the next (2019 made
/// 210 卫生健康支出 of 医疗卫生与计划生育支出); a document of year Y prints the
/// names of the 科目 of year Y.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassName {
    /// The 类 code, 3 digits.
    pub code: &'static str,
    /// The printed name.
    pub name: &'static str,
    /// The first 科目 year using this name (`None`: before the years we know).
    pub from: Option<u16>,
    /// The last 科目 year using this name (`None`: still current).
    pub until: Option<u16>,
}

const fn class(code: &'static str, name: &'static str) -> ClassName {
    ClassName {
        code,
        name,
        from: None,
        until: None,
    }
}

const fn class_in(
    code: &'static str,
    name: &'static str,
    from: Option<u16>,
    until: Option<u16>,
) -> ClassName {
    ClassName {
        code,
        name,
        from,
        until,
    }
}

/// The names of the 功能分类 类, per 科目 year.
pub static CLASS_NAMES: &[ClassName] = &[
    class("201", "一般公共服务支出"),
    class("202", "外交支出"),
    class("203", "国防支出"),
    class("204", "公共安全支出"),
    class("205", "教育支出"),
    class("206", "科学技术支出"),
    class_in("207", "文化体育与传媒支出", None, Some(2018)),
    class_in("207", "文化旅游体育与传媒支出", Some(2019), None),
    class("208", "社会保障和就业支出"),
    class("209", "社会保险基金支出"),
    class_in("210", "医疗卫生与计划生育支出", None, Some(2018)),
    class_in("210", "卫生健康支出", Some(2019), None),
    class("211", "节能环保支出"),
    class("212", "城乡社区支出"),
    class("213", "农林水支出"),
    class("214", "交通运输支出"),
    class_in("215", "资源勘探信息等支出", None, Some(2019)),
    class_in("215", "资源勘探工业信息等支出", Some(2020), None),
    class("216", "商业服务业等支出"),
    class("217", "金融支出"),
    class("219", "援助其他地区支出"),
    class_in("220", "国土海洋气象等支出", None, Some(2018)),
    class_in("220", "自然资源海洋气象等支出", Some(2019), None),
    class("221", "住房保障支出"),
    class("222", "粮油物资储备支出"),
    class("223", "国有资本经营预算支出"),
    class_in("224", "灾害防治及应急管理支出", Some(2019), None),
    class("227", "预备费"),
    class("229", "其他支出"),
    class("230", "转移性支出"),
    class("231", "债务还本支出"),
    class("232", "债务付息支出"),
    class("233", "债务发行费用支出"),
    class_in("234", "抗疫特别国债安排的支出", Some(2020), None),
];

impl ClassName {
    /// Whether the name was current in the 科目 of `year`.
    pub fn current_in(&self, year: u16) -> bool {
        self.from.is_none_or(|f| f <= year) && self.until.is_none_or(|u| year <= u)
    }
}

/// The 类 code printed with `name` in any 科目 year (`一般公共服务支出` → `201`).
///
/// Summary rows are often named after a 类 without its code; names never
/// moved between codes, so the year is not needed to read them.
pub fn class_code(name: &str) -> Option<&'static str> {
    CLASS_NAMES.iter().find(|c| c.name == name).map(|c| c.code)
}

/// The name of 类 `code` in the 科目 of `year`.
pub fn class_name(code: &str, year: u16) -> Option<&'static str> {
    CLASS_NAMES
        .iter()
        .find(|c| c.code == code && c.current_in(year))
        .map(|c| c.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_follow_the_subject_year() {
        assert_eq!(class_code("资源勘探信息等支出"), Some("215"));
        assert_eq!(class_code("资源勘探工业信息等支出"), Some("215"));
        assert_eq!(class_code("行政运行"), None);
        assert_eq!(class_name("215", 2019), Some("资源勘探信息等支出"));
        assert_eq!(class_name("215", 2023), Some("资源勘探工业信息等支出"));
        assert_eq!(class_name("210", 2018), Some("医疗卫生与计划生育支出"));
        assert_eq!(class_name("210", 2019), Some("卫生健康支出"));
        assert_eq!(class_name("224", 2018), None);
        // Each code has one name in any year.
        for year in 2015..=2030 {
            for c in CLASS_NAMES {
                let names = CLASS_NAMES
                    .iter()
                    .filter(|d| d.code == c.code && d.current_in(year));
                assert!(names.count() <= 1, "{} in {year}", c.code);
            }
        }
    }

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
