//! Tokens of a page grouped into text lines.

use crate::grammar::is_decimal_fragment;
use juesuan_text::{Page, Token};

/// A token with the page it sits on, as the recognizer handles it.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub page: u32,
}

impl Tok {
    pub fn from_token(t: &Token, page: u32) -> Tok {
        Tok {
            text: t.text.clone(),
            x0: t.bbox.x0,
            y0: t.bbox.y0,
            x1: t.bbox.x1,
            y1: t.bbox.y1,
            page,
        }
    }
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
    pub fn bbox(&self) -> [f64; 4] {
        [self.x0, self.y0, self.x1, self.y1]
    }
}

/// Tokens sharing a baseline band, left to right.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub y0: f64,
    pub y1: f64,
    pub toks: Vec<Tok>,
}

impl Line {
    /// The line's text with all white space removed.
    pub fn compact(&self) -> String {
        self.toks
            .iter()
            .flat_map(|t| t.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect()
    }
    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
}

/// The visible tokens of a page; on a page with none (a scan with an OCR
/// layer drawn invisibly), the invisible ones.
pub(crate) fn page_tokens(page: &Page) -> Vec<Tok> {
    let visible = page.tokens.iter().any(|t| !t.invisible);
    let mut out = Vec::with_capacity(page.tokens.len());
    for t in page.tokens.iter().filter(|t| t.invisible != visible) {
        let t = Tok::from_token(t, page.number);
        // Every split below cuts at an amount's decimals: a token without
        // a point (most labels) stays whole, without the splitters' vectors.
        if !t.text.contains('.') {
            out.push(t);
            continue;
        }
        for spaced in split_spaced_amounts(t) {
            for glued in split_glued_amounts(spaced) {
                out.extend(split_name_amount(glued));
            }
        }
    }
    out
}

/// Takes off the 行次 number that a two-sided table prints glued to its
/// label, without a 行次 column (`一般公共预算财政拨款收入1`, Guangdong Word
/// style). Only one to three digits right after a Chinese character go: a
/// label never ends so, and SCHEMA drops 行次 numbers from labels.
pub(crate) fn strip_glued_line_number(name: &mut String) {
    let digits = name.chars().rev().take_while(char::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return;
    }
    let cut = name.len() - digits;
    let cjk = name[..cut]
        .chars()
        .last()
        .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if cjk {
        name.truncate(cut);
    }
}

/// The text of an amount that may wrap inside a narrow cell: an integer
/// part (`168,441`) with its decimals on the next line just under it
/// (`.81`), as spreadsheet exports print a long amount, reads as one amount.
pub(crate) fn wrapped_amount_text(t: &Tok, toks: &[&Tok]) -> String {
    let first = t.text.trim();
    if first.contains('.') || !first.chars().any(|c| c.is_ascii_digit()) {
        return t.text.clone();
    }
    let h = t.y1 - t.y0;
    let below = toks.iter().find(|o| {
        let gap = o.y0 - t.y1;
        // Under the integer part: its middle within the integer's extent,
        // so a neighbouring column's decimals are never taken.
        let mid = (o.x0 + o.x1) / 2.0;
        is_decimal_fragment(&o.text) && gap > -0.5 * h && gap < h && mid > t.x0 && mid < t.x1
    });
    match below {
        Some(o) => format!("{first}{}", o.text.trim()),
        None => t.text.clone(),
    }
}

/// Splits a name that runs into its amount without a gap (`…缴费支出43608.96`)
/// into the name and the amount. Only a decimal amount with two or more
/// decimals, right after a Chinese character, is taken off: `PM2.5` or a
/// 行次 number stay part of the name.
fn split_name_amount(t: Tok) -> Vec<Tok> {
    let text = t.text.trim_end();
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.' || *c == ',')
        .last()
        .map(|(i, _)| i);
    let Some(start) = start.filter(|&i| i > 0) else {
        return vec![t];
    };
    let (name, amount) = text.split_at(start);
    let cjk = name
        .chars()
        .last()
        .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let decimals = amount.rsplit_once('.').map_or(0, |(_, f)| f.len());
    let int_digits = amount
        .split('.')
        .next()
        .is_some_and(|i| i.chars().any(|c| c.is_ascii_digit()));
    if !cjk || decimals < 2 || !int_digits || !juesuan_model::amount::is_amount(amount) {
        return vec![t];
    }
    let share = name.chars().count() as f64 / text.chars().count() as f64;
    let mid = t.x0 + (t.x1 - t.x0) * share;
    vec![
        Tok {
            text: name.to_owned(),
            x1: mid,
            ..t.clone()
        },
        Tok {
            text: amount.to_owned(),
            x0: mid,
            ..t
        },
    ]
}

/// Removes running heads: the first line of a page, in the top tenth of it,
/// printed with the same text at the same height on three pages or more
/// (`无锡市教育局 2026 年度部门预算公开`). A title printed again on each page
/// of its table (ending in 表) is not one: it continues the table.
pub(crate) fn drop_running_heads(pages: &mut [(f64, Vec<Line>)]) {
    let head = |height: f64, lines: &[Line]| -> Option<(String, i64)> {
        let l = lines.first().filter(|l| l.y1 < height / 10.0)?;
        let c = l.compact();
        let title = c.trim_end_matches(['）', ')', '续']).ends_with('表');
        (!title && c.chars().count() >= 4).then(|| (c, l.y0.round() as i64))
    };
    let mut seen: std::collections::HashMap<(String, i64), usize> = Default::default();
    for (height, lines) in pages.iter() {
        if let Some(k) = head(*height, lines) {
            *seen.entry(k).or_default() += 1;
        }
    }
    for (height, lines) in pages.iter_mut() {
        if head(*height, lines).is_some_and(|k| seen[&k] >= 3) {
            lines.remove(0);
        }
    }
}

/// Splits a token made of amounts separated by narrow spaces
/// (`52,333.24 38,805.28`, two cells closer than the token gap) into one
/// token per amount, each with its share of the box; other tokens stay.
fn split_spaced_amounts(t: Tok) -> Vec<Tok> {
    let parts: Vec<&str> = t.text.split_whitespace().collect();
    let all_amounts = parts
        .iter()
        .all(|p| p.contains('.') && juesuan_model::amount::is_amount(p));
    if parts.len() < 2 || !all_amounts {
        return vec![t];
    }
    let total = t.text.chars().count() as f64;
    let width = t.x1 - t.x0;
    let mut out = Vec::new();
    let mut offset = 0usize;
    for part in parts {
        let start = t.text[offset..].find(part).map_or(offset, |i| offset + i);
        let end = start + part.len();
        let x = |byte: usize| t.x0 + width * t.text[..byte].chars().count() as f64 / total;
        out.push(Tok {
            text: part.to_owned(),
            x0: x(start),
            x1: x(end),
            ..t.clone()
        });
        offset = end;
    }
    out
}

/// Splits a token that is two amounts printed without a gap
/// (`168,441.81154,304.22`, when a wide figure fills its cell and touches
/// the next one) into the two, each with its share of the box.
///
/// The split goes after the first amount's fraction, where both halves
/// parse as amounts with as many decimals each; otherwise the token stays.
fn split_glued_amounts(t: Tok) -> Vec<Tok> {
    let text = t.text.trim();
    let decimals = |s: &str| s.rsplit_once('.').map(|(_, f)| f.len());
    let is_amount = |s: &str| {
        s.contains('.') && s.matches('.').count() == 1 && juesuan_model::amount::is_amount(s)
    };
    if text.matches('.').count() != 2 {
        return vec![t];
    }
    let first_dot = text.find('.').unwrap_or(0);
    let splits: Vec<usize> = (first_dot + 2..text.len())
        .filter(|&i| text.is_char_boundary(i))
        .filter(|&i| {
            let (a, b) = text.split_at(i);
            is_amount(a) && is_amount(b) && decimals(a) == decimals(b)
        })
        .collect();
    let [at] = splits[..] else {
        return vec![t];
    };
    let (a, b) = text.split_at(at);
    let share = a.chars().count() as f64 / text.chars().count() as f64;
    let mid = t.x0 + (t.x1 - t.x0) * share;
    let left = Tok {
        text: a.to_owned(),
        x1: mid,
        ..t.clone()
    };
    let right = Tok {
        text: b.to_owned(),
        x0: mid,
        ..t
    };
    vec![left, right]
}

/// Groups tokens into lines: a token joins a line when its vertical centre
/// falls within the line's band.
pub(crate) fn group_lines(mut toks: Vec<Tok>) -> Vec<Line> {
    toks.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    // A line is a run of the sorted tokens: its band and length first, then
    // each line's tokens moved into a vector of exactly that length (every
    // page's lines are held while the tables are read).
    let mut bands: Vec<(f64, f64, usize)> = Vec::new();
    for t in &toks {
        match bands.last_mut() {
            Some((y0, y1, n)) if t.cy() >= *y0 && t.cy() <= *y1 => {
                *y0 = y0.min(t.y0);
                *y1 = y1.max(t.y1);
                *n += 1;
            }
            _ => bands.push((t.y0, t.y1, 1)),
        }
    }
    let mut toks = toks.into_iter();
    bands
        .into_iter()
        .map(|(y0, y1, n)| {
            let mut line: Vec<Tok> = toks.by_ref().take(n).collect();
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            Line { y0, y1, toks: line }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &str) -> Tok {
        Tok {
            text: text.into(),
            x0: 0.0,
            y0: 0.0,
            x1: 100.0,
            y1: 10.0,
            page: 1,
        }
    }

    fn texts(t: &str) -> Vec<String> {
        split_glued_amounts(tok(t))
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn two_amounts_printed_without_a_gap_are_split() {
        assert_eq!(texts("168,441.81154,304.22"), ["168,441.81", "154,304.22"]);
        assert_eq!(texts("12.3445.67"), ["12.34", "45.67"]);
        let parts = split_glued_amounts(tok("1.002.00"));
        assert_eq!(parts[0].x1, parts[1].x0);
        assert!((parts[0].x1 - 50.0).abs() < 1e-9);
    }

    #[test]
    fn amounts_a_narrow_space_apart_are_split() {
        let parts = split_spaced_amounts(tok("52,333.24 38,805.28"));
        let texts: Vec<&str> = parts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["52,333.24", "38,805.28"]);
        assert!(parts[0].x1 < parts[1].x0);
        // A name beside an amount is not split here.
        assert_eq!(split_spaced_amounts(tok("行政运行 12.00")).len(), 1);
    }

    #[test]
    fn a_name_run_into_its_amount_is_split() {
        let parts = split_name_amount(tok("机关事业单位职业年金缴费支出43608.96"));
        let texts: Vec<&str> = parts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["机关事业单位职业年金缴费支出", "43608.96"]);
        for t in [
            "空气质量PM2.5",
            "一般公共预算财政拨款收入1",
            "收入12.5",
            "12.00",
            "第3.00",
        ] {
            let whole = t != "第3.00";
            assert_eq!(split_name_amount(tok(t)).len() == 1, whole, "{t}");
        }
    }

    fn line(text: &str, y: f64) -> Line {
        let mut t = tok(text);
        t.y0 = y;
        t.y1 = y + 10.0;
        Line {
            y0: y,
            y1: y + 10.0,
            toks: vec![t],
        }
    }

    #[test]
    fn a_head_printed_on_three_pages_is_dropped() {
        let page = |first: &str| (800.0, vec![line(first, 30.0), line("合计 1.00", 200.0)]);
        let mut pages = vec![
            page("无锡市教育局2026年度部门预算公开"),
            page("无锡市教育局2026年度部门预算公开"),
            page("无锡市教育局2026年度部门预算公开"),
            page("收入总表"),
            page("收入总表"),
            page("收入总表"),
        ];
        drop_running_heads(&mut pages);
        let firsts: Vec<String> = pages.iter().map(|(_, l)| l[0].compact()).collect();
        // The repeated title continues its table, so it stays.
        assert_eq!(
            firsts,
            [
                "合计1.00",
                "合计1.00",
                "合计1.00",
                "收入总表",
                "收入总表",
                "收入总表"
            ]
        );
        // Twice is not enough to call a line page furniture.
        let mut two = vec![page("某某局部门预算"), page("某某局部门预算"), page("其他")];
        drop_running_heads(&mut two);
        assert_eq!(two[0].1[0].compact(), "某某局部门预算");
    }

    #[test]
    fn other_tokens_stay_whole() {
        for t in ["168,441.81", "1.2.3", "2024.12.31", "12.34元5.6", "3.14159"] {
            assert_eq!(texts(t), [t], "{t}");
        }
    }

    #[test]
    fn a_glued_line_number_leaves_the_label() {
        let strip = |s: &str| {
            let mut s = s.to_owned();
            strip_glued_line_number(&mut s);
            s
        };
        assert_eq!(
            strip("一般公共预算财政拨款收入1"),
            "一般公共预算财政拨款收入"
        );
        assert_eq!(strip("一、一般公共服务支出32"), "一、一般公共服务支出");
        // Not a 行次 number: a code, a year, digits after Latin letters.
        for t in ["9", "2019", "空气质量PM25", "其他支出2024", "合计"] {
            assert_eq!(strip(t), t);
        }
    }

    #[test]
    fn an_amount_wrapped_before_its_decimals_is_whole() {
        let at = |text: &str, x0: f64, y0: f64| Tok {
            text: text.into(),
            x0,
            y0,
            x1: x0 + 30.0,
            y1: y0 + 8.0,
            page: 1,
        };
        let int = at("168,441", 100.0, 50.0);
        let dec = at(".81", 112.0, 60.0);
        let far = at(".81", 112.0, 80.0);
        let beside = at(".81", 75.0, 60.0);
        assert_eq!(wrapped_amount_text(&int, &[&int, &beside]), "168,441");
        assert_eq!(wrapped_amount_text(&int, &[&int, &dec]), "168,441.81");
        // Decimals two lines down belong to another row.
        assert_eq!(wrapped_amount_text(&int, &[&int, &far]), "168,441");
        let whole = at("2,978.74", 100.0, 50.0);
        assert_eq!(wrapped_amount_text(&whole, &[&whole, &dec]), "2,978.74");
    }
}
