//! Small inline-SVG bar charts: a label, a bar and its value per line.

use std::fmt::Write;

use crate::html::esc;

/// Draws horizontal bars scaled to the largest value; no script needed.
pub fn bars(title: &str, items: &[(String, f64)]) -> String {
    let max = items.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
    let line = 18.0;
    let height = line * items.len() as f64 + 24.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="640" height="{height:.0}" role="img"><title>{t}</title><text x="0" y="14" font-size="13" font-weight="bold">{t}</text>"##,
        t = esc(title)
    );
    for (i, (label, value)) in items.iter().enumerate() {
        let y = 24.0 + line * i as f64;
        // An all-zero chart still draws its labels, with no bars.
        let w = if max > 0.0 { 360.0 * value / max } else { 0.0 };
        let _ = write!(
            s,
            r##"<text x="226" y="{ty:.0}" font-size="12" text-anchor="end">{l}</text><rect x="232" y="{y:.0}" width="{w:.1}" height="13" fill="#4a7fc1"/><text x="{vx:.1}" y="{ty:.0}" font-size="12">{v}</text>"##,
            ty = y + 11.0,
            l = esc(label),
            vx = 236.0 + w,
            v = fmt_value(*value)
        );
    }
    s.push_str("</svg>\n");
    s
}

fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_escape_labels() {
        let svg = bars("t<", &[("a&b".into(), 10.0), ("c".into(), 5.0)]);
        assert!(svg.contains(r#"width="360.0""#) && svg.contains(r#"width="180.0""#));
        assert!(svg.contains("a&amp;b") && svg.contains("t&lt;"));
    }
}
