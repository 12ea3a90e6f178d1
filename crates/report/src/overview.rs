//! The overview page: files by status, findings by check and severity,
//! tables by kind and by confidence, and every finding with filters.

use std::collections::BTreeMap;
use std::fmt::Write;

use juesuan_model::{Severity, TableKind};

use crate::chart;
use crate::html::{amount, esc, filters, head, TAIL};
use crate::load::Entry;

const SEVERITIES: [Severity; 4] = [
    Severity::Error,
    Severity::Warning,
    Severity::Rounding,
    Severity::Info,
];

/// The confidence bucket of a table by the share of its amounts read.
fn bucket(share: f64) -> &'static str {
    if share >= 1.0 {
        "100%"
    } else if share >= 0.95 {
        "95–99%"
    } else if share >= 0.8 {
        "80–94%"
    } else {
        "<80%"
    }
}

/// Renders `index.html` from every entry of the folder.
pub fn render(entries: &[Entry]) -> String {
    let mut s = head("juesuan 报告 report", "");
    s.push_str("<h1>juesuan 报告 Report</h1>\n");
    status_table(&mut s, entries);
    check_table(&mut s, entries);
    kind_tables(&mut s, entries);
    documents(&mut s, entries);
    all_findings(&mut s, entries);
    s.push_str(TAIL);
    s
}

fn status_table(s: &mut String, entries: &[Entry]) {
    let mut by: BTreeMap<&str, usize> = BTreeMap::new();
    for e in entries {
        *by.entry(e.record.status.id()).or_default() += 1;
    }
    let _ = write!(
        s,
        "<h2>文件 Files</h2>\n<table id=\"files-by-status\"><tr><th>状态 Status</th><th>文件 Files</th></tr>"
    );
    for (k, n) in &by {
        let _ = write!(
            s,
            "<tr><td>{k}</td><td class=\"num\" data-status=\"{k}\">{n}</td></tr>"
        );
    }
    let _ = writeln!(
        s,
        "<tr><th>合计 Total</th><td class=\"num\" id=\"files-total\">{}</td></tr></table>",
        entries.len()
    );
}

fn check_table(s: &mut String, entries: &[Entry]) {
    let mut by: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for d in entries.iter().filter_map(|e| e.document.as_ref()) {
        for f in &d.findings {
            let i = SEVERITIES
                .iter()
                .position(|v| *v == f.severity)
                .unwrap_or(3);
            by.entry(f.check.id()).or_default()[i] += 1;
        }
    }
    s.push_str("<h2>勾稽 Findings by check and severity</h2>\n<table id=\"findings-by-check\"><tr><th>检查 Check</th>");
    for sev in SEVERITIES {
        let _ = write!(s, "<th class=\"sev-{sev}\">{sev}</th>");
    }
    s.push_str("</tr>\n");
    let mut totals = [0usize; 4];
    for (check, n) in &by {
        let _ = write!(s, "<tr><td>{}</td>", esc(check));
        for (i, v) in n.iter().enumerate() {
            totals[i] += v;
            let _ = write!(s, "<td class=\"num\">{v}</td>");
        }
        s.push_str("</tr>\n");
    }
    s.push_str("<tr><th>合计 Total</th>");
    for (sev, v) in SEVERITIES.iter().zip(totals) {
        let _ = write!(s, "<td class=\"num\" id=\"total-{sev}\">{v}</td>");
    }
    s.push_str("</tr></table>\n");
    let bars: Vec<(String, f64)> = by
        .iter()
        .map(|(c, n)| ((*c).to_string(), n.iter().sum::<usize>() as f64))
        .collect();
    s.push_str(&chart::bars("勾稽 Findings by check", &bars));
}

fn kind_tables(s: &mut String, entries: &[Entry]) {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut buckets: BTreeMap<&str, usize> = ["100%", "95–99%", "80–94%", "<80%"]
        .into_iter()
        .map(|b| (b, 0))
        .collect();
    let mut unassigned = 0u64;
    for d in entries.iter().filter_map(|e| e.document.as_ref()) {
        for t in &d.tables {
            *kinds
                .entry(t.kind.map_or("other", TableKind::id))
                .or_default() += 1;
            *buckets.entry(bucket(t.read_share())).or_default() += 1;
            unassigned += u64::from(t.unassigned_amounts);
        }
    }
    s.push_str("<h2>表 Tables by kind</h2>\n<table id=\"tables-by-kind\"><tr><th>类型 Kind</th><th>表 Tables</th></tr>");
    for (k, n) in &kinds {
        let _ = write!(s, "<tr><td>{k}</td><td class=\"num\">{n}</td></tr>");
    }
    s.push_str("</table>\n<h2>表 Tables by confidence</h2>\n<p>The share of the amounts printed in a table's region that were read into a cell.</p>\n<table id=\"tables-by-confidence\"><tr><th>读入 Read</th><th>表 Tables</th></tr>");
    let order = ["100%", "95–99%", "80–94%", "<80%"];
    for b in order {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(b),
            buckets[b]
        );
    }
    let _ = writeln!(
        s,
        "</table><p>未归属金额 Amounts not read into a cell: {unassigned}</p>"
    );
    let bars: Vec<(String, f64)> = order
        .iter()
        .map(|b| ((*b).to_string(), buckets[b] as f64))
        .collect();
    s.push_str(&chart::bars("表 Tables by share of amounts read", &bars));
}

fn documents(s: &mut String, entries: &[Entry]) {
    s.push_str("<h2>文件 Documents</h2>\n<table id=\"documents\"><tr><th>文件 File</th><th>状态 Status</th><th>部门 Department</th><th>年度 Year</th><th>类型 Kind</th><th>表 Tables</th><th>error</th><th>warning</th></tr>\n");
    for e in entries {
        let r = &e.record;
        let name = r.path.rsplit(['/', '\\']).next().unwrap_or(&r.path);
        let link = match (&e.document, &r.sha256) {
            (Some(_), Some(sha)) => format!("<a href=\"doc/{}.html\">{}</a>", esc(sha), esc(name)),
            _ => format!(
                "{} <span class=\"note\">{}</span>",
                esc(name),
                esc(r.error.as_deref().unwrap_or(""))
            ),
        };
        let (kind, tables, err, warn) = e.document.as_ref().map_or(("—", 0, 0, 0), |d| {
            let n = |sev| d.findings.iter().filter(|f| f.severity == sev).count();
            (
                d.kind.chinese_name(),
                d.tables.len(),
                n(Severity::Error),
                n(Severity::Warning),
            )
        });
        let _ = writeln!(
            s,
            "<tr><td>{link}</td><td>{}</td><td>{}</td><td>{}</td><td>{kind}</td><td class=\"num\">{tables}</td><td class=\"num\">{err}</td><td class=\"num\">{warn}</td></tr>",
            r.status.id(),
            esc(r.department.as_deref().unwrap_or("")),
            r.year.map_or_else(String::new, |y| y.to_string()),
        );
    }
    s.push_str("</table>\n");
}

fn all_findings(s: &mut String, entries: &[Entry]) {
    let docs: Vec<_> = entries.iter().filter_map(|e| e.document.as_ref()).collect();
    let mut checks: Vec<&str> = docs
        .iter()
        .flat_map(|d| d.findings.iter().map(|f| f.check.id()))
        .collect();
    checks.sort_unstable();
    checks.dedup();
    s.push_str("<h2>全部勾稽 All findings</h2>\n");
    s.push_str(&filters(&checks));
    s.push_str("<table id=\"all-findings\"><tr><th>#</th><th>文件 Document</th><th>严重程度</th><th>检查 Check</th><th>位置 Location</th><th>应为 Expected</th><th>印为 Printed</th><th>差额 Difference</th></tr>\n");
    for d in docs {
        let who = d.department.as_deref().unwrap_or(&d.file);
        for (i, f) in d.findings.iter().enumerate() {
            let sev = f.severity;
            let _ = writeln!(
                s,
                "<tr class=\"finding-row sev-{sev}\" data-severity=\"{sev}\" data-check=\"{c}\"><td><a href=\"doc/{sha}.html#f{n}\">#{n}</a></td><td>{who}</td><td>{sev}</td><td>{c}</td><td>{loc}</td><td class=\"num\">{e}</td><td class=\"num\">{p}</td><td class=\"num\">{diff}</td></tr>",
                c = esc(f.check.id()),
                sha = esc(&d.sha256),
                n = i + 1,
                who = esc(who),
                loc = esc(&f.location()),
                e = amount(f.expected),
                p = amount(f.printed),
                diff = amount(f.difference),
            );
        }
    }
    s.push_str("</table>\n");
}
