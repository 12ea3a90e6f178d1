//! The title grammar: what a printed table title is made of, and which kind
//! of table it names.
//!
//! A title is `prefix* owner? core qualifier*`:
//! - prefix: a table number (`表1`, `表 1：`, `表1.`, `公开01表`, `预算01表`,
//!   `附表3`, `附件2`) or an enumerator (`一、`, `（三）`, `5.`);
//! - owner: a department and year (`2018年度江苏省高级人民法院`), any short
//!   text without sentence punctuation;
//! - core: title words (funding scopes, 收入/支出/收支, 预算/决算, 基本, 项目,
//!   三公 …) ending in a form (总表, 表, 明细表, 情况表, 总体情况表);
//! - qualifier: a parenthesised remark (`（按功能分类科目）`).
//!
//! The kind follows from the core's words through [`KIND_RULES`], a table
//! read top to bottom. Built with `nom`; its types stay inside this module.

use juesuan_model::{Family, TableKind};
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1, take_while_m_n};
use nom::character::complete::{digit1, one_of, space0};
use nom::combinator::{all_consuming, opt, recognize, value};
use nom::multi::{many0, many1};
use nom::{IResult, Parser};

/// A title split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedTitle {
    /// The printed table number (`公开01表` → 1, `表3` → 3), if any.
    pub number: Option<u8>,
    /// Whether an enumerator (`一、`) preceded the title.
    pub enumerated: bool,
    /// Department and year before the core, as printed.
    pub owner: String,
    /// The core: title words and form (`收支预算总表`).
    pub core: String,
    /// Parenthesised qualifiers after the core, brackets included.
    pub qualifiers: String,
}

const CN_NUMERALS: &str = "一二三四五六七八九十";

fn separator(i: &str) -> IResult<&str, ()> {
    value((), opt(one_of("：:.．、-— "))).parse(i)
}

fn number_value(i: &str) -> IResult<&str, Option<u8>> {
    let (i, d) = digit1(i)?;
    // A sub-number such as 表3-1 keeps the main number.
    let (i, _) = opt((one_of("-－—"), digit1)).parse(i)?;
    Ok((i, d.parse().ok()))
}

/// `公开01表`, `预算01表`, `部门预算表01` …: a label ending in 表.
fn label_number(i: &str) -> IResult<&str, Option<u8>> {
    let (i, _) = opt(one_of("（([【")).parse(i)?;
    let (i, _) = alt((tag("公开"), tag("预算"), tag("决算"))).parse(i)?;
    let (i, n) = number_value(i)?;
    let (i, _) = tag("表")(i)?;
    let (i, _) = opt(one_of("）)]】")).parse(i)?;
    let (i, _) = separator(i)?;
    Ok((i, n))
}

/// `表1`, `表 1：`, `附表3`, `附件2`.
fn table_number(i: &str) -> IResult<&str, Option<u8>> {
    let (i, _) = alt((tag("附表"), tag("附件"), tag("表"))).parse(i)?;
    let (i, _) = space0(i)?;
    let (i, n) = number_value(i)?;
    let (i, _) = separator(i)?;
    Ok((i, n))
}

/// `一、`, `（三）`, `5.` and `5、`.
fn enumerator(i: &str) -> IResult<&str, ()> {
    let numeral = |i| take_while1(|c: char| CN_NUMERALS.contains(c))(i);
    value(
        (),
        alt((
            recognize((numeral, one_of("、.．"))),
            recognize((one_of("（("), alt((numeral, digit1)), one_of("）)"))),
            recognize((
                take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
                one_of("、.．"),
            )),
        )),
    )
    .parse(i)
}

enum Prefix {
    Number(Option<u8>),
    Enumerator,
}

fn prefix(i: &str) -> IResult<&str, Prefix> {
    alt((
        label_number.map(Prefix::Number),
        table_number.map(Prefix::Number),
        enumerator.map(|_| Prefix::Enumerator),
    ))
    .parse(i)
}

/// The words a title's core is made of, longest first where one begins another.
const WORDS: &[&str] = &[
    "一般公共预算",
    "政府性基金预算",
    "政府性基金",
    "国有资本经营预算",
    "国有资本经营",
    "财政专户管理资金",
    "财政专户",
    "财政拨款",
    "政府购买服务",
    "政府采购",
    "机关运行经费",
    "机关运行",
    "绩效目标",
    "绩效",
    "高等学校",
    "部门",
    "单位",
    "整体",
    "总体",
    "汇总",
    "综合",
    "收入支出",
    "收支",
    "收入",
    "支出",
    "预算",
    "决算",
    "基本",
    "项目",
    "三公",
    "经费",
    "会议费",
    "培训费",
    "财政",
    "拨款",
    "资金",
    "安排",
    "上年结转",
    "结转",
    "其他",
    "行政经费",
    "本年",
    "情况",
    "明细",
    "本级",
    "功能分类",
    "经济分类",
    "科目",
    "的",
    "和",
    "及",
    "与",
    "、",
    "“",
    "”",
    "\"",
    "‘",
    "’",
];

/// The forms a core ends in.
const FORMS: &[&str] = &["总体情况表", "情况表", "明细表", "总表", "表"];

fn word(i: &str) -> IResult<&str, &str> {
    for w in WORDS {
        if let Some(rest) = i.strip_prefix(w) {
            return Ok((rest, &i[..w.len()]));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Tag,
    )))
}

fn form(i: &str) -> IResult<&str, &str> {
    for f in FORMS {
        if let Some(rest) = i.strip_prefix(f) {
            return Ok((rest, &i[..f.len()]));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        i,
        nom::error::ErrorKind::Tag,
    )))
}

/// A core: title words, then a form, and nothing after.
fn core(i: &str) -> IResult<&str, &str> {
    all_consuming(recognize((many1(word), form))).parse(i)
}

/// A trailing parenthesised qualifier, e.g. `（按功能分类科目）`.
fn qualifier_start(text: &str) -> Option<usize> {
    if !text.ends_with(['）', ')']) {
        return None;
    }
    let open = text.rfind(['（', '('])?;
    let inner = text[open..].chars().count();
    (inner <= 24).then_some(open)
}

/// Parses a line's text (white space removed) as a table title.
pub(crate) fn parse_title(compact: &str) -> Option<ParsedTitle> {
    let text: String = compact.chars().filter(|c| !c.is_whitespace()).collect();
    let text = text.trim_end_matches(['：', ':']);
    let (rest, prefixes) = many0(prefix).parse(text).ok()?;
    let mut number = None;
    let mut enumerated = false;
    for p in prefixes {
        match p {
            Prefix::Number(n) => number = number.or(n),
            Prefix::Enumerator => enumerated = true,
        }
    }
    // Qualifiers and a trailing label (`（公开04表）`) come off the end.
    let mut body = rest;
    let mut qualifiers = String::new();
    while let Some(open) = qualifier_start(body) {
        let q = &body[open..];
        if let Ok((_, n)) = label_number(q) {
            number = number.or(n);
        } else {
            qualifiers.insert_str(0, q);
        }
        body = &body[..open];
    }
    // Every form ends in 表, so a body that does not can have no core; most
    // lines are not titles, and trying each suffix was a tenth of extraction.
    if !body.ends_with('表') {
        return None;
    }
    // The core is the longest suffix the core grammar reads whole.
    let start = body
        .char_indices()
        .map(|(k, _)| k)
        .find(|&k| core(&body[k..]).is_ok())?;
    let (owner, core_text) = body.split_at(start);
    if !acceptable_owner(owner) {
        return None;
    }
    Some(ParsedTitle {
        number,
        enumerated,
        owner: owner.to_string(),
        core: core_text.to_string(),
        qualifiers,
    })
}

/// A department and year may precede the core; a sentence may not.
fn acceptable_owner(owner: &str) -> bool {
    owner.chars().count() <= 40
        && !owner.contains(['，', '。', '；', ',', '：', ':', '…', '.'])
        && !owner.ends_with("详见")
        && !owner.contains("目录")
}

/// One rule of [`KIND_RULES`]: the core holds every word of `all` and none of
/// `none`; the kind is `final_accounts` for a 决算 title, `budget` for a 预算 one.
struct KindRule {
    all: &'static [&'static str],
    none: &'static [&'static str],
    final_accounts: Option<TableKind>,
    budget: Option<TableKind>,
}

const fn rule(
    all: &'static [&'static str],
    none: &'static [&'static str],
    final_accounts: Option<TableKind>,
    budget: Option<TableKind>,
) -> KindRule {
    KindRule {
        all,
        none,
        final_accounts,
        budget,
    }
}

use TableKind as K;

/// Title words → kind, most specific first; the first rule that holds wins.
#[rustfmt::skip]
const KIND_RULES: &[KindRule] = &[
    rule(&["绩效", "整体"], &[], None, Some(K::BudgetOverallPerformance)),
    rule(&["绩效"], &[], None, Some(K::BudgetProjectPerformance)),
    rule(&["三公"], &[], Some(K::ThreePublic), Some(K::BudgetThreePublic)),
    rule(&["机关运行"], &[], None, Some(K::BudgetOperatingCost)),
    rule(&["政府购买服务"], &[], None, Some(K::BudgetPurchasedServices)),
    rule(&["政府采购"], &[], None, Some(K::BudgetProcurement)),
    rule(&["政府性基金"], &[], Some(K::GovernmentFund), Some(K::BudgetGovernmentFund)),
    rule(&["国有资本经营"], &[], Some(K::StateCapital), Some(K::BudgetStateCapital)),
    rule(&["基本"], &[], Some(K::GeneralBudgetBasicExpenditure), Some(K::BudgetGeneralBasicExpenditure)),
    rule(&["经济分类"], &[], Some(K::GeneralBudgetEconomicExpenditure), Some(K::BudgetEconomicExpenditure)),
    rule(&["项目"], &["收入"], None, Some(K::BudgetProjectExpenditure)),
    rule(&["财政拨款", "收支"], &[], Some(K::AppropriationSummary), Some(K::BudgetAppropriationSummary)),
    rule(&["财政拨款", "收入支出"], &[], Some(K::AppropriationSummary), Some(K::BudgetAppropriationSummary)),
    rule(&["一般公共预算", "支出"], &[], Some(K::GeneralBudgetExpenditure), Some(K::BudgetGeneralExpenditure)),
    rule(&["财政拨款", "支出"], &[], None, Some(K::BudgetAppropriationExpenditure)),
    rule(&["收支"], &[], Some(K::IncomeExpenditureSummary), Some(K::BudgetIncomeExpenditureSummary)),
    rule(&["收入支出"], &[], Some(K::IncomeExpenditureSummary), Some(K::BudgetIncomeExpenditureSummary)),
    rule(&["收入"], &[], Some(K::Income), Some(K::BudgetIncome)),
    rule(&["支出"], &[], Some(K::Expenditure), Some(K::BudgetExpenditure)),
];

impl ParsedTitle {
    /// The family the title names by itself: 决算 or 预算 in its core, if either.
    pub fn family(&self) -> Option<Family> {
        if self.core.contains("决算") {
            Some(Family::FinalAccounts)
        } else if self
            .core
            .replace("一般公共预算", "")
            .replace("基金预算", "")
            .replace("经营预算", "")
            .contains("预算")
        {
            Some(Family::Budget)
        } else {
            None
        }
    }

    /// The kind of table the title names; `family` decides titles that name
    /// neither 预算 nor 决算 (深圳's `支出总表`).
    pub fn kind(&self, family: Family) -> Option<TableKind> {
        let family = self.family().unwrap_or(family);
        let words = format!("{}{}", self.core, self.qualifiers);
        KIND_RULES
            .iter()
            .find(|r| {
                r.all.iter().all(|w| words.contains(w)) && !r.none.iter().any(|w| words.contains(w))
            })
            .and_then(|r| match family {
                Family::FinalAccounts => r.final_accounts,
                Family::Budget => r.budget,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str, family: Family) -> Option<TableKind> {
        parse_title(s).and_then(|t| t.kind(family))
    }

    #[test]
    fn prefixes_owner_core_and_qualifiers() {
        let t = parse_title("一、2018 年度江苏省高级人民法院收支预算总表").unwrap();
        assert!(t.enumerated);
        assert_eq!(t.owner, "2018年度江苏省高级人民法院");
        assert_eq!(t.core, "收支预算总表");
        let t = parse_title("表 1：高等学校收支决算总表").unwrap();
        assert_eq!(
            (t.number, t.core.as_str()),
            (Some(1), "高等学校收支决算总表")
        );
        let t = parse_title("公开01表收入支出决算总表").unwrap();
        assert_eq!(t.number, Some(1));
        let t = parse_title("财政拨款收支决算总表（公开04表）").unwrap();
        assert_eq!((t.number, t.qualifiers.as_str()), (Some(4), ""));
        let t = parse_title("预算03表 一般公共预算支出明细表（按功能分类科目）").unwrap();
        assert_eq!(t.number, Some(3));
        assert_eq!(t.qualifiers, "（按功能分类科目）");
        assert_eq!(parse_title("表3-1.支出总表").unwrap().number, Some(3));
    }

    #[test]
    fn sentences_and_contents_are_not_titles() {
        assert_eq!(parse_title("详见附表：收入决算表"), None);
        assert_eq!(parse_title("本表反映部门年度总体收支预算情况。"), None);
        assert_eq!(parse_title("收入决算表情况说明"), None);
        assert_eq!(parse_title("一、收支总表……………………3"), None);
    }

    #[test]
    fn kinds_of_both_families() {
        use Family::{Budget, FinalAccounts};
        assert_eq!(
            kind("收入支出决算总表", Budget),
            Some(K::IncomeExpenditureSummary)
        );
        assert_eq!(kind("支出总表", Budget), Some(K::BudgetExpenditure));
        assert_eq!(kind("支出总表", FinalAccounts), Some(K::Expenditure));
        assert_eq!(
            kind("表 1：高等学校收支决算总表", Budget),
            Some(K::IncomeExpenditureSummary)
        );
        assert_eq!(
            kind(
                "五、2018年度江苏省高级人民法院财政拨款支出预算表",
                FinalAccounts
            ),
            Some(K::BudgetAppropriationExpenditure)
        );
        assert_eq!(
            kind("一般公共预算“三公”经费支出表", Budget),
            Some(K::BudgetThreePublic)
        );
        assert_eq!(
            kind("财政拨款“三公”经费支出决算表", Budget),
            Some(K::ThreePublic)
        );
        assert_eq!(
            kind("一般公共预算基本支出表", Budget),
            Some(K::BudgetGeneralBasicExpenditure)
        );
        assert_eq!(
            kind("一般公共预算支出表", Budget),
            Some(K::BudgetGeneralExpenditure)
        );
        assert_eq!(
            kind("财政拨款收支总表", Budget),
            Some(K::BudgetAppropriationSummary)
        );
        assert_eq!(kind("收入总表", Budget), Some(K::BudgetIncome));
        assert_eq!(
            kind("项目支出绩效目标表", Budget),
            Some(K::BudgetProjectPerformance)
        );
        assert_eq!(
            kind("部门整体支出绩效目标表", Budget),
            Some(K::BudgetOverallPerformance)
        );
        assert_eq!(kind("政府采购预算表", Budget), Some(K::BudgetProcurement));
        assert_eq!(
            kind("政府性基金预算支出表", Budget),
            Some(K::BudgetGovernmentFund)
        );
        assert_eq!(
            kind("项目支出表", Budget),
            Some(K::BudgetProjectExpenditure)
        );
        assert_eq!(
            kind("一般公共预算机关运行经费支出预算表", Budget),
            Some(K::BudgetOperatingCost)
        );
        assert_eq!(
            kind(
                "一般公共预算财政拨款支出决算明细表（按经济分类科目）",
                Budget
            ),
            Some(K::GeneralBudgetEconomicExpenditure)
        );
    }
}
