//! Tokens of a page grouped into text lines.

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
    page.tokens
        .iter()
        .filter(|t| t.invisible != visible)
        .map(|t| Tok::from_token(t, page.number))
        .collect()
}

/// Groups tokens into lines: a token joins a line when its vertical centre
/// falls within the line's band.
pub(crate) fn group_lines(mut toks: Vec<Tok>) -> Vec<Line> {
    toks.sort_by(|a, b| a.cy().total_cmp(&b.cy()));
    let mut lines: Vec<Line> = Vec::new();
    for t in toks {
        match lines.last_mut() {
            Some(l) if t.cy() >= l.y0 && t.cy() <= l.y1 => {
                l.y0 = l.y0.min(t.y0);
                l.y1 = l.y1.max(t.y1);
                l.toks.push(t);
            }
            _ => lines.push(Line {
                y0: t.y0,
                y1: t.y1,
                toks: vec![t],
            }),
        }
    }
    for l in &mut lines {
        l.toks.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    lines
}
