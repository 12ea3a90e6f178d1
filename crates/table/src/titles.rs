//! Recognizing table titles, 公开NN labels, unit lines and the document's
//! department and year.

use crate::title_grammar::{parse_title, ParsedTitle};
use juesuan_model::TableKind;
use regex::Regex;
use std::sync::OnceLock;

/// A table title found on a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Title {
    /// One of the nine kinds, or `None` for another table (a 预算 table).
    pub kind: Option<TableKind>,
    /// The title as printed, white space removed.
    pub printed: String,
    /// The NN of a 公开NN表 label on the same line, if any.
    pub number: Option<u8>,
    /// The title's parts, when the title grammar read it.
    pub parsed: Option<ParsedTitle>,
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
/// The line must read whole as a title (see [`crate::title_grammar`]): table
/// numbers and enumerators, a department and year, title words ending in a
/// form such as 总表, and qualifiers. A sentence is never a title. Whether a
/// table really follows (and the line is not a 目录 entry) is the caller's
/// judgement. The kind is left for the caller, who knows the document's family.
pub(crate) fn title(compact: &str) -> Option<Title> {
    let parsed = parse_title(compact)?;
    let printed = format!("{}{}{}", parsed.owner, parsed.core, parsed.qualifiers);
    let printed: String = printed
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」'))
        .collect();
    if is_set_heading(&printed) || printed.ends_with("情况说明表") {
        return None;
    }
    Some(Title {
        kind: None,
        number: parsed.number,
        parsed: Some(parsed),
        printed,
    })
}

/// Text before a title: no enumerator (a 目录 entry) and no sentence.
fn acceptable_prefix(prefix: &str) -> bool {
    static ENUM: OnceLock<Regex> = OnceLock::new();
    let enumerated = re(
        &ENUM,
        r"^([一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])",
    );
    prefix.chars().count() <= 40
        && !enumerated.is_match(prefix)
        && !prefix.contains(['，', '。', '；', ',', '：', ':'])
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
        parsed: None,
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

/// A title wrapped inside its qualifier (`…明细表（按支出功能分类科` over
/// `目）`) continues on the next line when that short line closes the bracket.
pub(crate) fn join_wrapped_title(text: String, next: Option<&crate::lines::Line>) -> String {
    let open = |s: &str, o: char, c: char| {
        s.chars().filter(|&x| x == o).count() > s.chars().filter(|&x| x == c).count()
    };
    let unclosed = open(&text, '（', '）') || open(&text, '(', ')');
    let Some(next) = next.filter(|_| unclosed && text.contains('表')) else {
        return text;
    };
    let tail = next.compact();
    if tail.chars().count() <= 16 && tail.ends_with(['）', ')']) {
        text + &tail
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_as_printed() {
        let t = title("公开01表收入支出决算总表").unwrap();
        assert_eq!(
            (t.number, t.printed.as_str()),
            (Some(1), "收入支出决算总表")
        );
        assert_eq!(
            title("财政拨款收支决算总表（公开04表）").unwrap().number,
            Some(4)
        );
        assert_eq!(
            title("财政拨款“三公”经费支出决算表").unwrap().printed,
            "财政拨款三公经费支出决算表"
        );
        assert_eq!(
            title("深圳市坪山区工业和信息化局2020年度收入决算表")
                .unwrap()
                .parsed
                .unwrap()
                .owner,
            "深圳市坪山区工业和信息化局2020年度"
        );
        // Numbered titles inside the tables section are titles; telling them
        // from 目录 entries is the caller's job (what follows the line).
        assert!(title("五、一般公共预算支出表").is_some());
        assert!(title("2019年部门综合预算一般公共预算支出明细表（按支出功能分类科目）").is_some());
    }

    #[test]
    fn part_headings_and_sentences_are_not_titles() {
        assert_eq!(title("上海市普陀区财政局2024年度部门决算表"), None);
        assert_eq!(title("第二部分2026年部门预算表"), None);
        assert_eq!(table_like("第二部分2026年部门预算表"), None);
        assert_eq!(table_like("收支总体情况表").unwrap().kind, None);
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
