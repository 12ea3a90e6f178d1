//! One page per document: what it is, its findings with their page
//! pictures, and its tables with the cells a finding points at marked.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use juesuan_model::{ColumnId, Document, Finding, RowKey, Side, Table, TableKind};
use juesuan_store::Record;
use juesuan_text::Page;

use crate::chart;
use crate::html::{amount, esc, filters, head, TAIL};
use crate::picture;

/// A document's page and the pictures it links to.
pub struct Rendered {
    /// The HTML of `doc/<sha256>.html`.
    pub html: String,
    /// Each page picture: the page number and its SVG.
    pub pictures: Vec<(u32, String)>,
}

/// The file name of a page picture, relative to the report folder.
pub fn picture_path(sha: &str, page: u32) -> String {
    format!("pages/{sha}/page-{page:03}.svg")
}

/// A cell a finding points at: table, side, row key and column.
type Cell = (usize, Option<Side>, RowKey, ColumnId);

/// Renders the document page; `pages` holds the text layer of the pages
/// that have findings, as far as it could be found.
pub fn render(record: &Record, doc: &Document, pages: &BTreeMap<u32, Page>) -> Rendered {
    let sha = doc.sha256.as_str();
    let title = format!(
        "{} {} {}",
        doc.department.as_deref().unwrap_or("（未知部门）"),
        doc.year.map_or_else(|| "—".to_string(), |y| y.to_string()),
        doc.kind.chinese_name()
    );
    let mut s = head(&title, "../");
    let _ = write!(
        s,
        "<h1>{}</h1>\n<p>文件 File: {} · 状态 status: {} · 页数 pages: {} · 单位 unit: {} · sha256 <code>{}</code></p>\n",
        esc(&title),
        esc(&doc.file),
        record.status.id(),
        doc.page_count,
        esc(doc.unit.as_ref().map_or("—", |u| u.as_str())),
        esc(sha)
    );
    if let Some(chart) = spending_chart(doc) {
        s.push_str(&chart);
    }
    let mut pictures = Vec::new();
    for (&n, page) in pages {
        let marks = picture::marks(doc, page);
        pictures.push((n, picture::page_svg(page, &marks)));
    }
    findings(&mut s, doc, pages);
    let flagged: HashSet<Cell> = doc
        .findings
        .iter()
        .filter_map(|f| Some((f.table?, f.side, f.key.clone()?, f.column?)))
        .collect();
    for (i, t) in doc.tables.iter().enumerate() {
        table(&mut s, i, t, &flagged);
    }
    if !doc.narrative.is_empty() {
        s.push_str("<details><summary>情况说明 Narrative</summary>\n");
        for b in &doc.narrative {
            let _ = writeln!(
                s,
                "<p><span class=\"note\">p{}</span> {}</p>",
                b.page,
                esc(&b.text)
            );
        }
        s.push_str("</details>\n");
    }
    s.push_str(TAIL);
    Rendered { html: s, pictures }
}

fn findings(s: &mut String, doc: &Document, pages: &BTreeMap<u32, Page>) {
    if doc.findings.is_empty() {
        s.push_str("<h2>勾稽 Findings</h2><p>无 None.</p>\n");
        return;
    }
    let mut checks: Vec<&str> = doc.findings.iter().map(|f| f.check.id()).collect();
    checks.sort_unstable();
    checks.dedup();
    let _ = writeln!(s, "<h2>勾稽 Findings ({})</h2>", doc.findings.len());
    s.push_str(&filters(&checks));
    for (i, f) in doc.findings.iter().enumerate() {
        let other = picture::other_figure(doc, f).map(|(p, _, _)| p);
        finding(s, i, f, other, &doc.sha256, pages);
    }
}

fn finding(
    s: &mut String,
    i: usize,
    f: &Finding,
    other: Option<u32>,
    sha: &str,
    pages: &BTreeMap<u32, Page>,
) {
    let sev = f.severity.to_string();
    let _ = write!(
        s,
        "<section class=\"finding\" id=\"f{n}\" data-severity=\"{sev}\" data-check=\"{c}\">\n\
         <h3>#{n} <span class=\"sev-{sev}\">{sev}</span> {c} {zh}（{en}）</h3>\n\
         <table><tr><th>位置 Location</th><th>应为 Expected</th><th>印为 Printed</th><th>差额 Difference</th><th>容差 Tolerance</th></tr>\
         <tr><td>{loc}</td><td class=\"num expected\">{e}</td><td class=\"num printed\">{p}</td><td class=\"num\">{d}</td><td class=\"num\">{t}</td></tr></table>\n\
         <p class=\"message\">{m}</p>\n",
        n = i + 1,
        c = esc(f.check.id()),
        zh = esc(f.check.chinese_name()),
        en = esc(f.check.english_name()),
        loc = esc(&f.location()),
        e = amount(f.expected),
        p = amount(f.printed),
        d = amount(f.difference),
        t = amount(f.tolerance),
        m = esc(&f.message)
    );
    if let Some(q) = &f.quote {
        let _ = writeln!(s, "<blockquote>{}</blockquote>", esc(q));
    }
    // The finding's own page first, then the table page it compares with.
    for p in f.page.into_iter().chain(other) {
        picture(s, p, sha, pages);
    }
    s.push_str("</section>\n");
}

fn picture(s: &mut String, p: u32, sha: &str, pages: &BTreeMap<u32, Page>) {
    if pages.contains_key(&p) {
        let path = picture_path(sha, p);
        let _ = writeln!(
            s,
            "<p><a class=\"picture\" href=\"../{path}\"><img class=\"page\" loading=\"lazy\" src=\"../{path}\" alt=\"第 {p} 页 page {p}\"></a></p>"
        );
    } else {
        let _ = writeln!(
            s,
            "<p class=\"note\">第 {p} 页：无页面图（输出中没有文本层）。No picture of page {p}: the text layer is not in the output (run extract with --dump tokens).</p>"
        );
    }
}

fn table(s: &mut String, i: usize, t: &Table, flagged: &HashSet<Cell>) {
    let pages: Vec<String> = t.pages.iter().map(u32::to_string).collect();
    let _ = writeln!(
        s,
        "<h2 id=\"t{i}\">{} <span class=\"note\">{} · p{} · {} · 读入 read {:.0}% ({} 未归属 unassigned)</span></h2>",
        esc(&t.title),
        t.kind.map_or("other", TableKind::id),
        pages.join(","),
        esc(t.unit.as_ref().map_or("—", |u| u.as_str())),
        100.0 * t.read_share(),
        t.unassigned_amounts
    );
    // Two-sided tables print the same column id on each side; one HTML
    // column per id keeps the rows aligned.
    let mut columns: Vec<(&ColumnId, &str)> = Vec::new();
    for c in &t.columns {
        if !columns.iter().any(|(id, _)| *id == &c.id) {
            columns.push((&c.id, &c.header));
        }
    }
    for r in &t.rows {
        for id in r.values.keys() {
            if !columns.iter().any(|(c, _)| *c == id) {
                columns.push((id, id.chinese_name()));
            }
        }
    }
    s.push_str("<table class=\"rows\"><tr><th>边 Side</th><th>代码 Code</th><th>名称 Name</th>");
    for (_, h) in &columns {
        let _ = write!(s, "<th>{}</th>", esc(h));
    }
    s.push_str("</tr>\n");
    for r in &t.rows {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td>",
            r.side.map_or("", Side::id),
            esc(r.key.as_code().unwrap_or("")),
            esc(&r.name)
        );
        for (id, _) in &columns {
            let cell = (i, r.side, r.key.clone(), **id);
            let class = if flagged.contains(&cell) {
                "num flag"
            } else {
                "num"
            };
            let text = r.values.get(id).map_or("", |v| v.amount.printed());
            let _ = write!(s, "<td class=\"{class}\">{}</td>", esc(text));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
}

/// 支出 by 功能分类 类 from the expenditure table (决算 or 预算), as bars.
fn spending_chart(doc: &Document) -> Option<String> {
    let t = [TableKind::Expenditure, TableKind::BudgetExpenditure]
        .iter()
        .find_map(|k| doc.table(*k))?;
    let items: Vec<(String, f64)> = t
        .rows
        .iter()
        .filter(|r| r.key.as_code().is_some_and(|c| c.len() == 3))
        .filter_map(|r| {
            let v = r.value(&ColumnId::Total)?.amount.value();
            let code = r.key.as_code().unwrap_or("");
            Some((format!("{code} {}", r.name), v.to_string().parse().ok()?))
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(chart::bars(
        "支出 按功能分类 类 Spending by function (类)",
        &items,
    ))
}
