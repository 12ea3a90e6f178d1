//! HTML helpers: escaping, amounts, the shared page frame and assets.

use std::fmt::Write;

use rust_decimal::Decimal;

/// Escapes text for HTML and SVG content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A decimal with thousands separators, as the tables print amounts.
pub fn grouped(d: Decimal) -> String {
    let plain = d.normalize().to_string();
    let (sign, rest) = plain
        .strip_prefix('-')
        .map_or(("", plain.as_str()), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut s = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            s.push(',');
        }
        s.push(c);
    }
    if let Some(f) = frac {
        s.push('.');
        s.push_str(f);
    }
    s
}

/// An optional decimal for a table cell: grouped, or a dash.
pub fn amount(d: Option<Decimal>) -> String {
    d.map_or_else(|| "—".to_string(), grouped)
}

/// The style sheet: a CJK-capable font stack so that page pictures and
/// tables read like the PDF on any system that has one of the fonts.
pub const CSS: &str = r#"body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC","Hiragino Sans GB",SimSun,sans-serif;margin:1.5em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}
td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
.sev-error{background:#fdd}.sev-warning{background:#fed}.sev-rounding{background:#eef}.sev-info{background:#eee}
td.flag{outline:2px solid #d00}section.finding{border-top:1px solid #ccc;padding:.5em 0}
img.page{max-width:100%;border:1px solid #999}.note{color:#777}nav a{margin-right:1em}
"#;

/// The filter script: shows the rows or sections whose `data-severity` and
/// `data-check` match the two selects; plain DOM, no framework.
pub const JS: &str = r#"function jsFilter(){var s=document.getElementById('f-sev').value,c=document.getElementById('f-check').value;
document.querySelectorAll('[data-severity]').forEach(function(e){var ok=(!s||e.dataset.severity===s)&&(!c||e.dataset.check===c);e.style.display=ok?'':'none';});}
"#;

/// Opens an HTML page; `root` is the relative path to the report folder.
pub fn head(title: &str, root: &str) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <link rel=\"stylesheet\" href=\"{root}style.css\"><script src=\"{root}filter.js\"></script></head>\n<body>\n\
         <nav><a href=\"{root}index.html\">总览 Overview</a></nav>\n",
        esc(title)
    );
    s
}

/// Closes an HTML page.
pub const TAIL: &str = "</body></html>\n";

/// The severity and check selects of a findings list.
pub fn filters(checks: &[&str]) -> String {
    let mut s = String::from(
        "<p>严重程度 Severity <select id=\"f-sev\" onchange=\"jsFilter()\"><option value=\"\">all</option>",
    );
    for sev in ["error", "warning", "rounding", "info"] {
        let _ = write!(s, "<option>{sev}</option>");
    }
    s.push_str("</select> 检查 Check <select id=\"f-check\" onchange=\"jsFilter()\"><option value=\"\">all</option>");
    for c in checks {
        let _ = write!(s, "<option>{}</option>", esc(c));
    }
    s.push_str("</select></p>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_groups_thousands() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(grouped("101597.34".parse().unwrap()), "101,597.34");
        assert_eq!(grouped("-1234567".parse().unwrap()), "-1,234,567");
        assert_eq!(grouped("999.5".parse().unwrap()), "999.5");
    }
}
