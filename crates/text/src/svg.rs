//! A picture of a page as the recognizer sees it: token boxes with their text
//! and ruling lines, for people checking the text layer.

use crate::page::{Orientation, Page};
use std::fmt::Write;

/// A box to draw over the page, e.g. a value a validation finding points at.
#[derive(Debug, Clone)]
pub struct Highlight {
    /// The box in page coordinates: x0, y0, x1, y1.
    pub bbox: [f64; 4],
    /// A short note drawn next to the box.
    pub note: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Renders the page as a standalone SVG document.
pub fn page_svg(page: &Page, highlights: &[Highlight]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.2} {h:.2}">"#,
        w = page.width,
        h = page.height
    );
    let _ = writeln!(
        s,
        r##"<rect width="100%" height="100%" fill="#fff"/><text x="4" y="10" font-size="8" fill="#888">page {} rotation {}</text>"##,
        page.number, page.rotation
    );
    for r in &page.rulings {
        let (x1, y1, x2, y2) = match r.orientation {
            Orientation::Horizontal => (r.from, r.pos, r.to, r.pos),
            Orientation::Vertical => (r.pos, r.from, r.pos, r.to),
        };
        let _ = writeln!(
            s,
            r##"<line x1="{x1:.2}" y1="{y1:.2}" x2="{x2:.2}" y2="{y2:.2}" stroke="#1f6fd1" stroke-width="{:.2}"/>"##,
            r.width.clamp(0.3, 2.0)
        );
    }
    for t in &page.tokens {
        let (fill, stroke) = if t.invisible {
            ("#f4f4f4", "#bbb")
        } else {
            ("#fff6d5", "#c99a00")
        };
        let _ = writeln!(
            s,
            r#"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{fill}" stroke="{stroke}" stroke-width="0.3"/>"#,
            t.bbox.x0,
            t.bbox.y0,
            t.bbox.width(),
            t.bbox.height()
        );
        let _ = writeln!(
            s,
            r##"<text x="{:.2}" y="{:.2}" font-size="{:.2}" fill="#000">{}</text>"##,
            t.bbox.x0,
            t.bbox.y1 - 0.15 * t.font_size,
            t.font_size * 0.9,
            escape(&t.text)
        );
    }
    for h in highlights {
        let _ = writeln!(
            s,
            r##"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="#e00" stroke-width="1.5"/><text x="{:.2}" y="{:.2}" font-size="6" fill="#e00">{}</text>"##,
            h.bbox[0] - 1.0,
            h.bbox[1] - 1.0,
            h.bbox[2] - h.bbox[0] + 2.0,
            h.bbox[3] - h.bbox[1] + 2.0,
            h.bbox[2] + 2.0,
            h.bbox[1] + 5.0,
            escape(&h.note)
        );
    }
    s.push_str("</svg>\n");
    s
}
