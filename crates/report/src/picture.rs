//! The picture of a page with findings: the real glyph text at its place,
//! the rulings, each printed figure a finding points at boxed in red and
//! the expected value written beside it.

use std::fmt::Write;

use juesuan_model::{Document, Finding, Severity};
use juesuan_text::Page;

use crate::html::{esc, grouped};

/// Where a finding sits on its page picture, in page coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The index of the finding in its document.
    pub finding: usize,
    /// The box: x0, y0, x1, y1.
    pub bbox: [f64; 4],
    /// The note drawn beside the box (`应为 101,597.34`).
    pub note: String,
    /// The finding's severity, for the colour.
    pub severity: Severity,
}

/// The box of a finding on `page`: its own, or for a finding without one (a
/// narrative sentence) the token that prints its printed figure.
pub fn locate(finding: &Finding, page: &Page) -> Option<[f64; 4]> {
    if finding.bbox.is_some() {
        return finding.bbox;
    }
    let printed = finding.printed?;
    let forms = [grouped(printed), printed.normalize().to_string()];
    page.tokens
        .iter()
        .find(|t| forms.iter().any(|f| t.text.contains(f.as_str())))
        .map(|t| [t.bbox.x0, t.bbox.y0, t.bbox.x1, t.bbox.y1])
}

/// The table figure a finding compares with, when it is printed on another
/// page than the finding (a narrative sentence quoting a table): its page,
/// box and printed text.
pub fn other_figure(doc: &Document, f: &Finding) -> Option<(u32, [f64; 4], String)> {
    let v = doc
        .tables
        .get(f.table?)?
        .value(f.side, f.key.as_ref()?, f.column.as_ref()?)?;
    (Some(v.page) != f.page)
        .then(|| (v.page, v.bbox, v.amount.printed().to_string()))
        .and_then(|(p, b, t)| Some((p, b?, t)))
}

/// The marks of the findings on `page`: each finding's printed figure, and
/// the table figure a narrative finding compares it with.
pub fn marks(doc: &Document, page: &Page) -> Vec<Mark> {
    let mut out: Vec<Mark> = doc
        .findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let (n, bbox, printed) = other_figure(doc, f)?;
            (n == page.number).then(|| Mark {
                finding: i,
                bbox,
                note: format!("#{} 表印 {printed}", i + 1),
                severity: f.severity,
            })
        })
        .collect();
    out.extend(
        doc.findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.page == Some(page.number))
            .filter_map(|(i, f)| {
                let bbox = locate(f, page)?;
                let note = match f.expected {
                    Some(e) => format!("#{} 应为 {}", i + 1, grouped(e)),
                    None => format!("#{} {}", i + 1, f.check.id()),
                };
                Some(Mark {
                    finding: i,
                    bbox,
                    note,
                    severity: f.severity,
                })
            }),
    );
    out
}

fn colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#d00",
        Severity::Warning => "#d80",
        Severity::Rounding => "#36c",
        Severity::Info => "#888",
    }
}

/// Renders the page as a standalone SVG with the text drawn as text.
pub fn page_svg(page: &Page, marks: &[Mark]) -> String {
    let mut s = String::with_capacity(64 * page.tokens.len() + 1024);
    let _ = writeln!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.2} {h:.2}"><style>text{{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",SimSun,sans-serif;white-space:pre}}</style><rect width="100%" height="100%" fill="#fff"/>"##,
        w = page.width,
        h = page.height
    );
    for r in &page.rulings {
        let (x1, y1, x2, y2) = match r.orientation {
            juesuan_text::Orientation::Horizontal => (r.from, r.pos, r.to, r.pos),
            juesuan_text::Orientation::Vertical => (r.pos, r.from, r.pos, r.to),
        };
        let _ = writeln!(
            s,
            r##"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="#555" stroke-width="{:.2}"/>"##,
            r.width.clamp(0.3, 1.5)
        );
    }
    for t in page.tokens.iter().filter(|t| !t.invisible) {
        // textLength stretches the fallback font's glyphs to the printed
        // width, so columns stay aligned whatever font the viewer has.
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="{:.1}" textLength="{:.1}" lengthAdjust="spacingAndGlyphs">{}</text>"#,
            t.bbox.x0,
            t.bbox.y1 - 0.15 * t.font_size,
            t.font_size * 0.95,
            t.bbox.width().max(0.1),
            esc(&t.text)
        );
    }
    for m in marks {
        let c = colour(m.severity);
        let [x0, y0, x1, y1] = m.bbox;
        // The note goes right of the box, or left of it near the right edge,
        // so that it stays on the page.
        let (nx, anchor) = if x1 + 90.0 > page.width {
            (x0 - 3.0, "end")
        } else {
            (x1 + 3.0, "start")
        };
        let _ = writeln!(
            s,
            r##"<g class="mark" data-finding="{}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="{c}" stroke-width="1.5"/><text x="{nx:.1}" y="{:.1}" font-size="8" text-anchor="{anchor}" fill="{c}" stroke="#fff" stroke-width="2" paint-order="stroke">{}</text></g>"##,
            m.finding + 1,
            x0 - 1.5,
            y0 - 1.5,
            x1 - x0 + 3.0,
            y1 - y0 + 3.0,
            y0 + 7.0,
            esc(&m.note)
        );
    }
    s.push_str("</svg>\n");
    s
}
