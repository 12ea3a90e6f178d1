//! Headings and years: the year and department a heading prints, and the
//! 截至 date of the staff and asset figures.

use super::*;

pub(super) fn headings(cx: &mut Cx<'_>, text: &Text) {
    static HEAD: OnceLock<Regex> = OnceLock::new();
    let head = re(&HEAD, r"(20\d\d)\s*年度?\s*部门决算(情况说明)?");
    let Some(year) = cx.doc.year else { return };
    for m in head.captures_iter(&text.text) {
        let whole = m.get(0).expect("match");
        let span = (whole.start(), whole.end());
        let y: u16 = m[1].parse().unwrap_or(0);
        if y != year {
            let check = if m.get(2).is_some() {
                CheckId::NarrativeYear
            } else {
                CheckId::StructureHeading
            };
            let detail =
                format!("标题年度为{y}，文档年度为{year} / heading year {y}, document year {year}");
            warn(cx, text, check, span, detail);
        }
        // The department is the organisation name right before the year, if the heading prints one.
        let year_at = m.get(1).expect("year").start();
        let before = &text.text[floor(&text.text, year_at.saturating_sub(60))..year_at];
        if let Some((named, department)) = other_department(cx, before) {
            let detail = format!(
                "标题单位为「{named}」，文档单位为「{department}」 / heading names another department"
            );
            warn(cx, text, CheckId::StructureHeading, span, detail);
        }
    }
    as_of_dates(cx, text, year);
}

/// A warning about the text at `span`.
fn warn(cx: &mut Cx<'_>, text: &Text, check: CheckId, span: (usize, usize), detail: String) {
    let mut f = Finding::new(check, Severity::Warning, detail);
    f.page = Some(text.page(span.0));
    f.quote = Some(text.quote(span.0, span.1));
    cx.push(f);
}

/// The organisation a heading names right before its year (`before` ends
/// there), when it is not the document's department: (named, department).
fn other_department<'t>(cx: &Cx<'_>, before: &'t str) -> Option<(&'t str, String)> {
    let department = cx.doc.department.clone().filter(|d| !d.is_empty())?;
    if before.ends_with(&department) {
        return None;
    }
    let lead: String = department.chars().take(2).collect();
    let named = &before[before.rfind(&lead)?..];
    let is_org = [
        "局", "部", "委", "会", "院", "办", "室", "所", "中心", "厅", "署", "处", "站", "馆", "队",
        "团", "校", "社", "府",
    ]
    .iter()
    .any(|s| named.ends_with(s));
    (is_org && named.chars().count() <= 30).then_some((named, department))
}

/// A 决算 of year Y reports staff and assets as of 31 Dec of Y; a 预算 of
/// year Y can only report them as of 31 Dec of Y−1.
fn as_of_dates(cx: &mut Cx<'_>, text: &Text, year: u16) {
    static SINCE: OnceLock<Regex> = OnceLock::new();
    let since = re(&SINCE, r"截至(20\d\d)年12月31日");
    let as_of = match cx.doc.kind {
        DocumentKind::Budget => year - 1,
        _ => year,
    };
    for m in since.captures_iter(&text.text) {
        let y: u16 = m[1].parse().unwrap_or(0);
        if y != as_of {
            let whole = m.get(0).expect("match");
            let detail = format!(
                "截至{y}年12月31日，{}年度为{year}，应截至{as_of}年 / as-of date in another year",
                cx.doc.kind.chinese_name()
            );
            warn(
                cx,
                text,
                CheckId::NarrativeYear,
                (whole.start(), whole.end()),
                detail,
            );
        }
    }
}
