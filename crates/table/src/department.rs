//! The department and fiscal year of a document, from its cover or title line.
//!
//! A cover names the department in one of three ways, tried in this order:
//! - a label: `预算单位：上海市普陀区财政局`, `预算主管部门：…`, `部门名称：…`;
//! - a title with the department first: `深圳市坪山区工业和信息化局2020年度部门决算`;
//! - a title with the year first: `2026年深圳市建筑工务署部门预算`.
//!
//! Only the first pages are read, and never a table of contents: a contents
//! page lists part headings (`第二部分`) and numbered items (`三、部门预算构成`)
//! whose concatenation looks like a title to a pattern. A candidate that holds
//! such a phrase is rejected, and the department stays unknown (`None`) rather
//! than wrong.

use std::sync::OnceLock;

use regex::Regex;

use crate::titles;

/// How many pages from the start may hold the cover or title line.
pub(crate) const COVER_PAGES: usize = 3;

/// Labels that introduce the department's name on a cover.
const LABELS: &[&str] = &[
    "预算主管部门",
    "预算单位",
    "部门名称",
    "单位名称",
    "编制单位",
    "编制部门",
];

/// How the name of a government body ends (before a parenthetical such as
/// `（本级）`): 局, 委员会, 办公厅, 法院 …. A candidate ending otherwise is a
/// fragment of a sentence or heading (`部门综合`, `纳入本`).
const BODY_ENDINGS: &[char] = &[
    '局', '委', '会', '室', '厅', '院', '所', '心', '部', '处', '站', '队', '馆', '校', '学', '社',
    '团', '署', '办', '府', '园', '场', '台', '行', '司', '庭', '宫', '联', '组',
];

/// Phrases of a table of contents or of section headings; a department name
/// never holds one.
const TOC_PHRASES: &[&str] = &[
    "目录",
    "部分",
    "说明",
    "概况",
    "职责",
    "职能",
    "机构设置",
    "构成",
    "情况",
    "预算表",
    "决算表",
    "名词解释",
    "附件",
    "公开",
    "收支",
];

/// Department and year from the first pages' text lines (white space removed).
///
/// Either may be `None`: the year is kept when only the department is
/// doubtful.
pub(crate) fn department_year(pages: &[Vec<String>]) -> (Option<String>, Option<u16>) {
    let mut year = None;
    for page in pages.iter().take(COVER_PAGES) {
        let lines = before_contents(page);
        for line in lines {
            if let Some(d) = labelled(line) {
                return (Some(d), year.or_else(|| any_year(lines)));
            }
        }
        // Cover titles are often broken over lines; try runs of up to three.
        for i in 0..lines.len() {
            for n in 1..=3 {
                let Some(window) = lines.get(i..i + n) else {
                    break;
                };
                let text = window.concat();
                if let Some((d, y)) = title(&text) {
                    year = year.or(Some(y));
                    if let Some(d) = clean(&d) {
                        return (Some(d), Some(y));
                    }
                }
            }
        }
    }
    (None, year)
}

/// The lines of a page above its 目录 heading: a cover may share its page
/// with the contents, and nothing after that heading is a title.
fn before_contents(lines: &[String]) -> &[String] {
    let end = lines
        .iter()
        .position(|l| l.contains("目录"))
        .unwrap_or(lines.len());
    &lines[..end]
}

/// The department after a cover label such as `预算单位：`.
fn labelled(line: &str) -> Option<String> {
    for label in LABELS {
        if let Some(at) = line.find(label) {
            let rest = &line[at + label.len()..];
            let rest = rest.trim_start_matches(['：', ':']);
            if rest.len() == line[at + label.len()..].len() {
                // A label without its colon is a phrase in a sentence.
                continue;
            }
            return clean(rest);
        }
    }
    None
}

/// A title line's department and year, department first or year first.
fn title(text: &str) -> Option<(String, u16)> {
    if let Some(found) = titles::department_year(text) {
        return Some(found);
    }
    static DEPT_FIRST: OnceLock<Regex> = OnceLock::new();
    static YEAR_FIRST: OnceLock<Regex> = OnceLock::new();
    // Beyond the recognizer's title grammar: `2022年部门综合预算`, a year
    // without 年 (`…委员会2026部门预算`), and the year first.
    let dept_first = DEPT_FIRST.get_or_init(|| {
        Regex::new(r"^(.{2,40}?)(\d{4})年?度?(?:部门|单位)(?:综合)?(?:决算|预算)")
            .expect("valid regex")
    });
    let year_first = YEAR_FIRST.get_or_init(|| {
        Regex::new(r"^(\d{4})年度?(.{2,40}?)(?:部门|单位)?(?:综合)?(?:决算|预算)")
            .expect("valid regex")
    });
    let (dept, year) = if let Some(c) = dept_first.captures(text) {
        (c[1].to_string(), c[2].parse().ok()?)
    } else {
        let c = year_first.captures(text)?;
        (c[2].to_string(), c[1].parse().ok()?)
    };
    (1990..=2100).contains(&year).then_some((dept, year))
}

/// The year printed on a cover line that also names a budget or accounts.
fn any_year(lines: &[String]) -> Option<u16> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re =
        RE.get_or_init(|| Regex::new(r"(\d{4})年度?.{0,12}(?:决算|预算)").expect("valid regex"));
    lines.iter().find_map(|l| {
        let y: u16 = re.captures(l)?[1].parse().ok()?;
        (1990..=2100).contains(&y).then_some(y)
    })
}

/// A candidate trimmed of `部门`/`单位` tails, or `None` when it reads as
/// contents, a heading or a sentence rather than a name.
fn clean(candidate: &str) -> Option<String> {
    static PART: OnceLock<Regex> = OnceLock::new();
    let part =
        PART.get_or_init(|| Regex::new(r"^第[一二三四五六七八九十]+部分").expect("valid regex"));
    // A part heading printed before the title (`第二部分…部门决算表`) is not
    // part of the name.
    let d = part.replace(candidate.trim(), "");
    let mut d = d.as_ref();
    for tail in ["部门", "单位"] {
        d = d.strip_suffix(tail).unwrap_or(d);
    }
    let d = d.trim_end_matches(['（', '(']);
    let chars = d.chars().count();
    let enumerated = d
        .starts_with(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
        && d.chars().nth(1).is_some_and(|c| "、.．".contains(c));
    if !(2..=40).contains(&chars)
        || enumerated
        || d.contains(['，', '。', '：', ':', '、', ';', '；'])
        || d.chars().any(|c| c.is_ascii_digit())
        || TOC_PHRASES.iter().any(|p| d.contains(p))
        || !ends_like_a_body(d)
    {
        return None;
    }
    Some(d.to_string())
}

/// Whether the name, less a trailing parenthetical, ends like a body's.
fn ends_like_a_body(name: &str) -> bool {
    let core = match name.strip_suffix(['）', ')']) {
        Some(inner) => inner.rfind(['（', '(']).map_or(inner, |at| &inner[..at]),
        None => name,
    };
    core.ends_with(BODY_ENDINGS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(pages: &[&[&str]]) -> Vec<Vec<String>> {
        pages
            .iter()
            .map(|p| p.iter().map(|l| l.to_string()).collect())
            .collect()
    }

    #[test]
    fn title_with_department_first() {
        let p = pages(&[&["深圳市坪山区工业和信息化局2020年度部门决算"]]);
        assert_eq!(
            department_year(&p),
            (Some("深圳市坪山区工业和信息化局".into()), Some(2020))
        );
    }

    #[test]
    fn title_with_year_first() {
        let p = pages(&[&["2026年深圳市城市管理和综合执法局（本级）部门预算"]]);
        assert_eq!(
            department_year(&p),
            (
                Some("深圳市城市管理和综合执法局（本级）".into()),
                Some(2026)
            )
        );
    }

    #[test]
    fn cover_label() {
        let p = pages(&[&[
            "上海市普陀区2025年区级部门预算",
            "预算主管部门：上海市普陀区商务委员会",
        ]]);
        assert_eq!(
            department_year(&p),
            (Some("上海市普陀区商务委员会".into()), Some(2025))
        );
    }

    #[test]
    fn contents_are_never_a_department() {
        let p = pages(&[&[
            "目录",
            "一、部门职责",
            "二、部门机构设置",
            "三、部门预算构成",
            "第二部分2024年部门预算表",
        ]]);
        assert_eq!(department_year(&p).0, None);
        let p = pages(&[&["单位预算编制说明", "五、单位预算表", "1.2025年单位预算"]]);
        assert_eq!(department_year(&p).0, None);
    }

    #[test]
    fn part_heading_before_the_name_is_dropped() {
        assert_eq!(
            clean("第二部分江苏省高级人民法院").as_deref(),
            Some("江苏省高级人民法院")
        );
        assert_eq!(clean("部门机构设置三、部门预算构成第二部分"), None);
    }

    #[test]
    fn fragments_of_sentences_are_rejected() {
        for fragment in ["部门综合", "纳入本", "支出"] {
            assert_eq!(clean(fragment), None, "{fragment}");
        }
        assert_eq!(
            clean("西安市审计局（汇总）").as_deref(),
            Some("西安市审计局（汇总）")
        );
        let p = pages(&[&["西安市商务局2022年部门综合预算", "目录第一部分部门概况"]]);
        assert_eq!(
            department_year(&p),
            (Some("西安市商务局".into()), Some(2022))
        );
        assert_eq!(clean("北京市统计局部门").as_deref(), Some("北京市统计局"));
    }
}
