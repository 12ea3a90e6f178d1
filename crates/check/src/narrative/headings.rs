//! Headings and years: the year and department a heading prints, and the
//! 截至 date of the staff and asset figures.

use super::*;

pub(super) fn headings(cx: &mut Cx<'_>, text: &Text) {
    static HEAD: OnceLock<Regex> = OnceLock::new();
    static SINCE: OnceLock<Regex> = OnceLock::new();
    let head = re(&HEAD, r"(20\d\d)\s*年度?\s*部门决算(情况说明)?");
    let since = re(&SINCE, r"截至(20\d\d)年12月31日");
    let Some(year) = cx.doc.year else { return };
    let department = cx.doc.department.clone().unwrap_or_default();
    for m in head.captures_iter(&text.text) {
        let whole = m.get(0).expect("match");
        let y: u16 = m[1].parse().unwrap_or(0);
        let narrative_heading = m.get(2).is_some();
        let check = if narrative_heading {
            CheckId::NarrativeYear
        } else {
            CheckId::StructureHeading
        };
        let page = text.page(whole.start());
        if y != year {
            let mut f = Finding::new(
                check,
                Severity::Warning,
                format!("标题年度为{y}，文档年度为{year} / heading year {y}, document year {year}"),
            );
            f.page = Some(page);
            f.quote = Some(text.quote(whole.start(), whole.end()));
            cx.push(f);
        }
        // The department is the organisation name right before the year, if the heading prints one.
        if department.is_empty() {
            continue;
        }
        let before = &text.text[floor(
            &text.text,
            m.get(1).expect("year").start().saturating_sub(60),
        )..m.get(1).expect("year").start()];
        if before.ends_with(&department) {
            continue;
        }
        let lead: String = department.chars().take(2).collect();
        let Some(i) = before.rfind(&lead) else {
            continue;
        };
        let named = &before[i..];
        let is_org = [
            "局", "部", "委", "会", "院", "办", "室", "所", "中心", "厅", "署", "处", "站", "馆",
            "队", "团", "校", "社", "府",
        ]
        .iter()
        .any(|s| named.ends_with(s));
        if !is_org || named.chars().count() > 30 {
            continue;
        }
        let mut f = Finding::new(
            CheckId::StructureHeading,
            Severity::Warning,
            format!("标题单位为「{named}」，文档单位为「{department}」 / heading names another department"),
        );
        f.page = Some(page);
        f.quote = Some(text.quote(whole.start(), whole.end()));
        cx.push(f);
    }
    // A 决算 of year Y reports staff and assets as of 31 Dec of Y; a 预算 of
    // year Y can only report them as of 31 Dec of Y−1.
    let as_of = match cx.doc.kind {
        DocumentKind::Budget => year - 1,
        _ => year,
    };
    for m in since.captures_iter(&text.text) {
        let y: u16 = m[1].parse().unwrap_or(0);
        if y != as_of {
            let whole = m.get(0).expect("match");
            let mut f = Finding::new(
                CheckId::NarrativeYear,
                Severity::Warning,
                format!(
                    "截至{y}年12月31日，{}年度为{year}，应截至{as_of}年 / as-of date in another year",
                    cx.doc.kind.chinese_name()
                ),
            );
            f.page = Some(text.page(whole.start()));
            f.quote = Some(text.quote(whole.start(), whole.end()));
            cx.push(f);
        }
    }
}
