//! Recognizing table titles, 公开NN labels, unit lines and the document's
//! department and year.

use juesuan_model::TableKind;
use regex::Regex;
use std::sync::OnceLock;

/// Printed title variants, longest first so that a longer title is never
/// mistaken for a shorter one it ends with (支出决算表).
const TITLES: &[(&str, TableKind)] = &[
    (
        "政府性基金预算财政拨款收入支出决算表",
        TableKind::GovernmentFund,
    ),
    (
        "国有资本经营预算财政拨款收入支出决算表",
        TableKind::StateCapital,
    ),
    (
        "一般公共预算财政拨款基本支出决算明细表",
        TableKind::GeneralBudgetBasicExpenditure,
    ),
    (
        "一般公共预算财政拨款基本支出决算表",
        TableKind::GeneralBudgetBasicExpenditure,
    ),
    (
        "政府性基金预算财政拨款支出决算表",
        TableKind::GovernmentFund,
    ),
    (
        "国有资本经营预算财政拨款支出决算表",
        TableKind::StateCapital,
    ),
    (
        "一般公共预算财政拨款支出决算明细表",
        TableKind::GeneralBudgetExpenditure,
    ),
    (
        "一般公共预算财政拨款支出决算表",
        TableKind::GeneralBudgetExpenditure,
    ),
    ("财政拨款三公经费支出决算表", TableKind::ThreePublic),
    ("财政拨款收入支出决算总表", TableKind::AppropriationSummary),
    ("三公经费支出决算表", TableKind::ThreePublic),
    ("财政拨款收支决算总表", TableKind::AppropriationSummary),
    ("收入支出决算总表", TableKind::IncomeExpenditureSummary),
    ("收支决算总表", TableKind::IncomeExpenditureSummary),
    ("收入决算表", TableKind::Income),
    ("支出决算表", TableKind::Expenditure),
];

/// A table title found on a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Title {
    /// One of the nine kinds, or `None` for another table (a 预算 table).
    pub kind: Option<TableKind>,
    /// The title as printed, white space removed.
    pub printed: String,
    /// The NN of a 公开NN表 label on the same line, if any.
    pub number: Option<u8>,
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

/// Strips a `公开NN表` label (with or without brackets) and returns its number.
pub(crate) fn take_number(compact: &str) -> (String, Option<u8>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let r = re(&RE, r"[（(]?公开(\d{1,2})表[）)]?");
    match r.captures(compact) {
        Some(c) => {
            let n = c[1].parse().ok();
            (r.replace(compact, "").into_owned(), n)
        }
        None => (compact.to_string(), None),
    }
}

/// Recognizes a table title line. `compact` is the line's text without white space.
///
/// The line must end with a known title (after dropping a 公开NN表 label and
/// quotes); what precedes it may only be a department and year, never an
/// enumerator (目录 entries) or a sentence (the narrative names tables too).
pub(crate) fn title(compact: &str) -> Option<Title> {
    let (text, number) = take_number(compact);
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」'))
        .collect();
    let text = text.trim_end_matches(['：', ':']);
    for (t, kind) in TITLES {
        if let Some(raw) = text.strip_suffix(t) {
            let prefix = raw.trim_end_matches(['(', '（', ')', '）']);
            if !acceptable_prefix(raw) || !acceptable_prefix(prefix) {
                return None;
            }
            return Some(Title {
                kind: Some(*kind),
                printed: format!("{prefix}{t}"),
                number,
            });
        }
    }
    // Other tables of the family (部门预算 and its 表s): a short line ending
    // in 表 that names a 预算 or 决算, under the same prefix rules.
    // A qualifier may follow the title: `…明细表（按支出功能分类科目）`.
    static QUALIFIER: OnceLock<Regex> = OnceLock::new();
    let qualifier = re(&QUALIFIER, r"[（(][^（()）]{1,20}[)）]$");
    let core = qualifier.replace(text, "");
    let text = core.as_ref();
    if !is_set_heading(text)
        && text.ends_with('表')
        && (text.contains("预算") || text.contains("决算"))
        && text.chars().count() <= 45
        && !text.ends_with("情况说明表")
    {
        static NAMED: OnceLock<Regex> = OnceLock::new();
        let named = re(&NAMED, r"^(.*?(?:\d{4}年度?)?)([^\d]*表)$");
        let (prefix, _) = named
            .captures(text)
            .map(|c| (c.get(1).map_or("", |m| m.as_str()), ()))
            .unwrap_or(("", ()));
        if acceptable_prefix(text) && acceptable_prefix(prefix) {
            return Some(Title {
                kind: None,
                printed: text.to_string(),
                number,
            });
        }
    }
    None
}

fn acceptable_prefix(prefix: &str) -> bool {
    static ENUM: OnceLock<Regex> = OnceLock::new();
    let enumerated = re(
        &ENUM,
        r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])",
    );
    prefix.chars().count() <= 40
        && !enumerated.is_match(prefix)
        && !prefix.contains(['，', '。', '；', ',', '：', ':'])
        // "一般公共预算" alone before 财政拨款“三公”经费 is part of the title.
        && !prefix.ends_with("附表")
}

/// A part heading (第二部分 …2024年度部门决算表) names the whole set of
/// tables, not one table.
fn is_set_heading(text: &str) -> bool {
    static PART: OnceLock<Regex> = OnceLock::new();
    let part = re(&PART, r"^第[一二三四五六七八九十]+部分");
    part.is_match(text)
        || [
            "部门决算表",
            "部门预算表",
            "单位决算表",
            "单位预算表",
            "部门决算报表",
            "部门预算报表",
            "部门综合预算公开报表",
        ]
        .iter()
        .any(|h| text.ends_with(h))
}

/// A line that reads like the title of some table (short, ending in 表, no
/// enumerator or sentence before it), whatever it names. The caller decides
/// from what follows (a unit line) whether a table is really there.
pub(crate) fn table_like(compact: &str) -> Option<Title> {
    let (text, number) = take_number(compact);
    let text = text.trim_end_matches(['：', ':']);
    let n = text.chars().count();
    if !text.ends_with('表') || !(3..=30).contains(&n) || !acceptable_prefix(text) {
        return None;
    }
    if is_set_heading(text)
        || text.ends_with("附表")
        || text.ends_with("报表")
        || text.contains("目录")
    {
        return None;
    }
    Some(Title {
        kind: None,
        printed: text.to_string(),
        number,
    })
}

/// The unit named on a `单位：万元` line, if the text holds one.
pub(crate) fn unit(compact: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let r = re(&RE, r"(?:金额)?单位[：:]?(万元|千元|元)");
    r.captures(compact).map(|c| c[1].to_string())
}

/// Department and fiscal year from a cover or heading line such as
/// `深圳市坪山区工业和信息化局2020年度部门决算`.
pub(crate) fn department_year(compact: &str) -> Option<(String, u16)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &RE,
        r"^(?:[（(]?[一二三四五六七八九十]+[)）、]?)?(.{2,40}?)(\d{4})年度?(?:部门|单位)?(?:决算|预算)",
    );
    let c = r.captures(compact)?;
    let year: u16 = c[2].parse().ok()?;
    let dept = c[1].trim_end_matches(['（', '(']).to_string();
    if !(1990..=2100).contains(&year) || dept.contains(['，', '。', '：', ':']) {
        return None;
    }
    Some((dept, year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_as_printed() {
        let kind = |s: &str| title(s).and_then(|t| t.kind);
        assert_eq!(
            kind("收入支出决算总表"),
            Some(TableKind::IncomeExpenditureSummary)
        );
        assert_eq!(title("公开01表收入支出决算总表").unwrap().number, Some(1));
        assert_eq!(
            kind("财政拨款“三公”经费支出决算表"),
            Some(TableKind::ThreePublic)
        );
        assert_eq!(
            kind("一般公共预算财政拨款支出决算表"),
            Some(TableKind::GeneralBudgetExpenditure)
        );
        assert_eq!(kind("支出决算表"), Some(TableKind::Expenditure));
        assert_eq!(
            kind("深圳市坪山区工业和信息化局2020年度收入决算表"),
            Some(TableKind::Income)
        );
        assert_eq!(
            title("财政拨款收支决算总表（公开04表）").unwrap().number,
            Some(4)
        );
    }

    #[test]
    fn budget_tables_are_tables_of_no_kind() {
        let t = title("一般公共预算支出表").unwrap();
        assert_eq!(t.kind, None);
        assert_eq!(t.printed, "一般公共预算支出表");
        assert!(title("预算单位财政拨款收支预算总表").is_some());
        assert_eq!(title("五、一般公共预算支出表"), None);
        assert_eq!(title("上海市普陀区财政局2024年度部门决算表"), None);
        assert_eq!(table_like("第二部分2026年部门预算表"), None);
        assert_eq!(table_like("收支总体情况表").unwrap().kind, None);
        assert!(title("2019年部门综合预算一般公共预算支出明细表（按支出功能分类科目）").is_some());
    }

    #[test]
    fn table_names_in_contents_and_narrative_are_not_titles() {
        assert_eq!(title("一、收入支出决算总表"), None);
        assert_eq!(title("（三）支出决算表"), None);
        assert_eq!(title("详见附表：收入决算表"), None);
        assert_eq!(title("收入决算表情况说明"), None);
    }

    #[test]
    fn units_and_departments() {
        assert_eq!(unit("单位：万元").as_deref(), Some("万元"));
        assert_eq!(unit("金额单位:元").as_deref(), Some("元"));
        assert_eq!(
            department_year("深圳市坪山区工业和信息化局2020年度部门决算"),
            Some(("深圳市坪山区工业和信息化局".to_string(), 2020))
        );
        assert_eq!(
            department_year("上海市普陀区财政局2024年度部门决算"),
            Some(("上海市普陀区财政局".to_string(), 2024))
        );
    }
}
