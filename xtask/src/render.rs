//! Page composition: prose flow, table pages and grids, into a display list
//! per page. Nothing here knows about PDF syntax; `pdf.rs` writes the list.

use std::collections::BTreeSet;

use crate::font::Font;
use crate::layout::{Align, Grid, Row};
use crate::model::{Borders, VAlign};

/// A4 in points.
const A4_W: f32 = 595.28;
const A4_H: f32 = 841.89;
/// Where a glyph's visual middle sits above the baseline, in ems.
const MID: f32 = 0.35;

/// Which embedded font a string is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// Identity-H with a ToUnicode CMap.
    Identity,
    /// GBK-EUC-H with Adobe-GB1 CIDs and no ToUnicode.
    Gbk,
}

#[derive(Debug, Clone)]
pub enum Item {
    Text {
        x: f32,
        y: f32,
        size: f32,
        face: Face,
        text: String,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Bar {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// A page in drawing coordinates: `width` × `height` as the reader sees it.
#[derive(Debug, Clone)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    /// Drawn on a portrait MediaBox turned by `/Rotate 90`.
    pub rotate: bool,
    pub items: Vec<Item>,
    /// Every string drawn, in drawing order.
    pub strings: Vec<String>,
}

/// How a grid's cells and borders are drawn.
#[derive(Debug, Clone)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub valign: VAlign,
    pub borders: Borders,
    pub break_every: Option<usize>,
    pub repeat_header: bool,
    pub repeat_total: bool,
}

/// The printed lines around a table's grid.
#[derive(Debug, Clone, Copy)]
pub struct TableHead<'t> {
    pub number: &'t str,
    pub title: &'t str,
    pub department: &'t str,
    pub unit: &'t str,
    pub note: &'t str,
}

#[derive(Debug, Clone, Copy)]
pub struct Orientation {
    pub landscape: bool,
    pub rotate: bool,
}

const PORTRAIT: Orientation = Orientation {
    landscape: false,
    rotate: false,
};

pub struct Renderer<'f, 'a> {
    font: &'f Font<'a>,
    pub pages: Vec<Page>,
    y: f32,
    /// The next prose block starts a new page.
    fresh: bool,
}

/// A border segment in hundredths of a point, so equal edges deduplicate.
type Segment = (i32, i32, i32, i32);

fn q(v: f32) -> i32 {
    (v * 100.0).round() as i32
}

impl<'f, 'a> Renderer<'f, 'a> {
    pub fn new(font: &'f Font<'a>) -> Self {
        Renderer {
            font,
            pages: Vec::new(),
            y: 0.0,
            fresh: true,
        }
    }

    fn new_page(&mut self, o: Orientation) {
        let (width, height) = if o.landscape {
            (A4_H, A4_W)
        } else {
            (A4_W, A4_H)
        };
        self.pages.push(Page {
            width,
            height,
            rotate: o.landscape && o.rotate,
            items: Vec::new(),
            strings: Vec::new(),
        });
        self.y = self.margins().2;
        self.fresh = false;
    }

    fn orientation(&self) -> Orientation {
        let p = self.pages.last().expect("a page");
        Orientation {
            landscape: p.width > p.height,
            rotate: p.rotate,
        }
    }

    /// Left, right, top and bottom limits of the current page.
    fn margins(&self) -> (f32, f32, f32, f32) {
        let p = self.pages.last().expect("a page");
        if p.width > p.height {
            (40.0, p.width - 40.0, p.height - 42.0, 40.0)
        } else {
            (56.0, p.width - 56.0, p.height - 64.0, 56.0)
        }
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }

    fn text(&mut self, x: f32, y: f32, size: f32, face: Face, text: &str) {
        if text.is_empty() {
            return;
        }
        let page = self.page();
        page.items.push(Item::Text {
            x,
            y,
            size,
            face,
            text: text.to_string(),
        });
        page.strings.push(text.to_string());
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        self.font.width(text, size)
    }

    /// Breaks `text` into lines no wider than `width` (the first line `first`).
    /// Runs of Latin letters and digits stay whole; closing punctuation hangs.
    pub fn wrap(&self, text: &str, first: f32, width: f32, size: f32) -> Vec<String> {
        let mut tokens: Vec<String> = Vec::new();
        for c in text.chars() {
            let word = c.is_ascii_alphanumeric() || ".,%-/".contains(c);
            match tokens.last_mut() {
                Some(t)
                    if word
                        && t.chars()
                            .last()
                            .is_some_and(|p| p.is_ascii_alphanumeric() || ".,%-/".contains(p)) =>
                {
                    t.push(c)
                }
                _ => tokens.push(c.to_string()),
            }
        }
        let mut lines = vec![String::new()];
        let mut used = 0.0;
        for tok in tokens {
            let limit = if lines.len() == 1 { first } else { width };
            let w = self.width(&tok, size);
            let hang = tok.chars().all(|c| "，。、；：）》”’！？,.;:)".contains(c));
            let line = lines.last_mut().expect("a line");
            if used + w <= limit + 0.01 || hang || line.is_empty() && w <= limit {
                line.push_str(&tok);
                used += w;
            } else if line.is_empty() {
                // A token wider than the line is broken by characters.
                for c in tok.chars() {
                    let cw = self.font.advance(c) * size / 1000.0;
                    let line = lines.last_mut().expect("a line");
                    if used + cw > width && !line.is_empty() {
                        lines.push(String::new());
                        used = 0.0;
                    }
                    lines.last_mut().expect("a line").push(c);
                    used += cw;
                }
            } else {
                let tok = tok.trim_start().to_string();
                used = self.width(&tok, size);
                lines.push(tok);
            }
        }
        if lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    /// The lines of a cell. An amount (right-aligned) too wide for its cell
    /// wraps before the decimal point (`168,441` over `.81`), as spreadsheet
    /// exports print it; other text wraps as prose.
    fn cell_lines(&self, text: &str, align: Align, width: f32, size: f32) -> Vec<String> {
        if align != Align::Right || self.width(text, size) <= width {
            return self.wrap(text, width, width, size);
        }
        match text.find('.') {
            Some(i) if i > 0 => vec![text[..i].to_string(), text[i..].to_string()],
            _ => vec![text.to_string()],
        }
    }

    fn ensure_page(&mut self) {
        if self.fresh || self.pages.is_empty() {
            self.new_page(PORTRAIT);
        }
    }

    /// Moves down by `h`, starting a new portrait page if it does not fit.
    fn advance_line(&mut self, h: f32) {
        self.ensure_page();
        if self.y - h < self.margins().3 {
            self.new_page(PORTRAIT);
        }
        self.y -= h;
    }

    pub fn page_break(&mut self) {
        self.fresh = true;
    }

    pub fn cover(&mut self, title: &str, subtitle: &str) {
        self.new_page(PORTRAIT);
        let p = self.pages.last().expect("a page");
        let (w, h) = (p.width, p.height);
        for (i, line) in [title, subtitle].iter().enumerate() {
            let size = 26.0;
            let x = (w - self.width(line, size)) / 2.0;
            self.text(x, h * 0.62 - i as f32 * 48.0, size, Face::Identity, line);
        }
        self.fresh = true;
    }

    pub fn heading(&mut self, level: u8, text: &str) {
        let size = match level {
            0 => 18.0,
            1 => 14.0,
            _ => 12.0,
        };
        self.advance_line(size * 0.8);
        let (l, r, _, _) = self.margins();
        for line in self.wrap(text, r - l, r - l, size) {
            self.advance_line(size * 1.7);
            let x = if level == 0 {
                (l + r - self.width(&line, size)) / 2.0
            } else {
                l
            };
            self.text(x, self.y + size * 0.5, size, Face::Identity, &line);
        }
    }

    pub fn para(&mut self, text: &str, indent: bool) {
        let size = 11.0;
        self.ensure_page();
        let (l, r, _, _) = self.margins();
        let ind = if indent { 2.0 * size } else { 0.0 };
        for (i, line) in self.wrap(text, r - l - ind, r - l, size).iter().enumerate() {
            self.advance_line(size * 1.75);
            let x = if i == 0 { l + ind } else { l };
            self.text(x, self.y + size * 0.5, size, Face::Identity, line);
        }
    }

    /// A 公开 table on its own page(s); returns the pages holding its rows.
    pub fn table(
        &mut self,
        head: &TableHead,
        grid: &Grid,
        style: &Style,
        o: Orientation,
    ) -> Vec<usize> {
        let TableHead {
            number,
            title,
            department,
            unit,
            note,
        } = *head;
        self.new_page(o);
        let (l, r, top, bottom) = self.margins();
        let f = style.face;
        self.text(r - self.width(number, 10.0), top, 10.0, f, number);
        self.text(
            (l + r - self.width(title, 16.0)) / 2.0,
            top - 24.0,
            16.0,
            f,
            title,
        );
        let dept = format!("部门：{department}");
        let unit = format!("单位：{unit}");
        self.text(l, top - 46.0, 9.0, f, &dept);
        self.text(r - self.width(&unit, 9.0), top - 46.0, 9.0, f, &unit);
        self.y = top - 54.0;
        let pages = self.grid(grid, style);
        let size = 8.0;
        for line in self.wrap(note, r - l, r - l, size) {
            if self.y - 13.0 < bottom {
                self.new_page(o);
            }
            self.y -= 13.0;
            self.text(l, self.y + 2.0, size, f, &line);
        }
        self.fresh = true;
        pages
    }

    /// A text grid in the prose flow.
    pub fn text_grid(&mut self, grid: &Grid, style: &Style) {
        self.ensure_page();
        self.y -= 6.0;
        self.grid(grid, style);
        self.y -= 6.0;
    }

    fn column_edges(&self, grid: &Grid) -> Vec<f32> {
        let (l, r, _, _) = self.margins();
        let content = r - l;
        let widths: Vec<f32> = if grid.relative {
            grid.widths
                .iter()
                .map(|w| w.unwrap_or(0.0) * content)
                .collect()
        } else {
            let fixed: f32 = grid.widths.iter().flatten().sum();
            let shared = grid.widths.iter().filter(|w| w.is_none()).count().max(1) as f32;
            grid.widths
                .iter()
                .map(|w| w.unwrap_or((content - fixed) / shared))
                .collect()
        };
        let mut edges = vec![l];
        for w in widths {
            edges.push(edges.last().copied().unwrap_or(l) + w);
        }
        edges
    }

    /// Draws a grid from the cursor down, breaking pages as needed; returns
    /// the indices of the pages that hold body rows.
    fn grid(&mut self, grid: &Grid, style: &Style) -> Vec<usize> {
        let o = self.orientation();
        let xs = self.column_edges(grid);
        let size = style.size;
        let lh = size * 1.3;
        let pad = 2.5;
        let min_h = lh + 2.0 * pad + 2.0;

        let mut header_h = vec![min_h; grid.header_rows];
        let mut cells: Vec<_> = grid.header.iter().collect();
        cells.sort_by_key(|c| c.rowspan);
        for c in cells {
            let w = xs[c.col + c.colspan] - xs[c.col] - 2.0 * pad;
            let need = self.wrap(&c.text, w, w, size).len() as f32 * lh + 2.0 * pad;
            let have: f32 = header_h[c.row..c.row + c.rowspan].iter().sum();
            if need > have {
                header_h[c.row + c.rowspan - 1] += need - have;
            }
        }
        let row_h = |r: &Row| {
            r.cells
                .iter()
                .map(|c| {
                    let w = xs[c.col + c.span] - xs[c.col] - 2.0 * pad;
                    self.cell_lines(&c.text, c.align, w, size).len() as f32 * lh + 2.0 * pad
                })
                .fold(min_h, f32::max)
        };
        let heights: Vec<f32> = grid.body.iter().map(row_h).collect();

        let mut segs: BTreeSet<Segment> = BTreeSet::new();
        let mut pages = Vec::new();
        let mut on_page = 0;
        let mut total_drawn = false;
        for (i, row) in grid.body.iter().enumerate() {
            let h = heights[i];
            let (_, _, top, bottom) = self.margins();
            let full = self.y - h < bottom && self.y < top - 1.0;
            let counted = style.break_every.is_some_and(|n| on_page >= n);
            if full || counted || (i == 0 && grid.header_rows > 0) {
                if i > 0 || full {
                    self.flush(&mut segs, style.borders);
                    self.new_page(o);
                    on_page = 0;
                }
                if i == 0 || style.repeat_header {
                    self.draw_header(grid, style, &xs, &header_h, &mut segs);
                }
                if i > 0 && style.repeat_total && total_drawn && grid.total_row != Some(i) {
                    if let Some(t) = grid.total_row {
                        self.draw_row(&grid.body[t], style, &xs, heights[t], &mut segs);
                    }
                }
            }
            self.draw_row(row, style, &xs, h, &mut segs);
            if grid.total_row == Some(i) {
                total_drawn = true;
            }
            on_page += 1;
            let page = self.pages.len() - 1;
            if pages.last() != Some(&page) {
                pages.push(page);
            }
        }
        self.flush(&mut segs, style.borders);
        pages
    }

    fn draw_header(
        &mut self,
        grid: &Grid,
        style: &Style,
        xs: &[f32],
        heights: &[f32],
        segs: &mut BTreeSet<Segment>,
    ) {
        let top = self.y;
        let row_top = |r: usize| top - heights[..r].iter().sum::<f32>();
        for c in &grid.header {
            let (x0, x1) = (xs[c.col], xs[c.col + c.colspan]);
            let (y0, y1) = (row_top(c.row), row_top(c.row + c.rowspan));
            self.cell(
                &c.text,
                Align::Center,
                VAlign::Center,
                style,
                (x0, y0, x1, y1),
                segs,
            );
        }
        self.y = row_top(grid.header_rows);
    }

    fn draw_row(
        &mut self,
        row: &Row,
        style: &Style,
        xs: &[f32],
        h: f32,
        segs: &mut BTreeSet<Segment>,
    ) {
        let y0 = self.y;
        let y1 = y0 - h;
        // Empty cells still get their borders.
        let mut covered = vec![false; xs.len() - 1];
        for c in &row.cells {
            covered[c.col..c.col + c.span]
                .iter_mut()
                .for_each(|v| *v = true);
            self.cell(
                &c.text,
                c.align,
                style.valign,
                style,
                (xs[c.col], y0, xs[c.col + c.span], y1),
                segs,
            );
        }
        for (i, done) in covered.iter().enumerate() {
            if !done {
                self.cell(
                    "",
                    Align::Left,
                    style.valign,
                    style,
                    (xs[i], y0, xs[i + 1], y1),
                    segs,
                );
            }
        }
        self.y = y1;
    }

    /// Draws one cell's text and records its four edges.
    fn cell(
        &mut self,
        text: &str,
        align: Align,
        valign: VAlign,
        style: &Style,
        rect: (f32, f32, f32, f32),
        segs: &mut BTreeSet<Segment>,
    ) {
        let (x0, y0, x1, y1) = rect;
        segs.insert((q(x0), q(y0), q(x1), q(y0)));
        segs.insert((q(x0), q(y1), q(x1), q(y1)));
        segs.insert((q(x0), q(y1), q(x0), q(y0)));
        segs.insert((q(x1), q(y1), q(x1), q(y0)));
        if text.is_empty() {
            return;
        }
        let size = style.size;
        let lh = size * 1.3;
        let pad = 2.5;
        let w = x1 - x0 - 2.0 * pad;
        let lines = self.cell_lines(text, align, w, size);
        let block = lines.len() as f32 * lh;
        let h = y0 - y1;
        let off = match valign {
            VAlign::Top => pad,
            VAlign::Center => (h - block) / 2.0,
            VAlign::Bottom => h - pad - block,
        };
        for (k, line) in lines.iter().enumerate() {
            let lw = self.width(line, size);
            let x = match align {
                Align::Left => x0 + pad,
                Align::Center => (x0 + x1 - lw) / 2.0,
                Align::Right => x1 - pad - lw,
            };
            let mid = y0 - off - (k as f32 + 0.5) * lh;
            self.text(x, mid - MID * size, size, style.face, line);
        }
    }

    /// Emits the collected border segments of the current page.
    fn flush(&mut self, segs: &mut BTreeSet<Segment>, borders: Borders) {
        let f = |v: i32| v as f32 / 100.0;
        let items: Vec<Item> = std::mem::take(segs)
            .into_iter()
            .filter_map(|(x1, y1, x2, y2)| match borders {
                Borders::None => None,
                Borders::Stroke => Some(Item::Line {
                    x1: f(x1),
                    y1: f(y1),
                    x2: f(x2),
                    y2: f(y2),
                }),
                Borders::Fill => Some(if y1 == y2 {
                    Item::Bar {
                        x: f(x1) - 0.25,
                        y: f(y1) - 0.25,
                        w: f(x2 - x1) + 0.5,
                        h: 0.5,
                    }
                } else {
                    Item::Bar {
                        x: f(x1) - 0.25,
                        y: f(y1) - 0.25,
                        w: 0.5,
                        h: f(y2 - y1) + 0.5,
                    }
                }),
            })
            .collect();
        self.page().items.extend(items);
    }
}
