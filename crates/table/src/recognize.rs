//! From pages of tokens to the tables of a document.

use crate::body::{after_column_numbers, body_end, is_column_number_line, is_meta_token};
use crate::department;
use crate::layout::{
    build_columns, column_boundaries, column_of, infer_columns, is_body_line, is_stop_line, Col,
};
use crate::lines::{drop_running_heads, group_lines, page_tokens, Line, Tok};
use crate::rows::{describe_columns, read_block};
use crate::three_public::read_three_public;
use crate::titles::{self, Title};
use juesuan_model::{
    Document, DocumentKind, Family, LabelNumbering, Table, TableKind, TextBlock, Unit,
};
use juesuan_text::{Page, Ruling};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// A page prepared for recognition.
pub(crate) struct PageCtx<'p> {
    pub number: u32,
    pub height: f64,
    pub lines: Vec<Line>,
    pub rulings: &'p [Ruling],
}

/// Where a table title was found.
#[derive(Debug, Clone)]
struct Anchor {
    page: usize,
    y_top: f64,
    y_bottom: f64,
    title: Title,
    /// An untitled ruled grid (see `grids`): the unit printed above it.
    grid: Option<Option<String>>,
}

/// The state carried from one page of a table to the next.
#[derive(Default)]
pub(crate) struct Carry {
    pub cols: Vec<Col>,
    /// The header band of the last page that printed one.
    pub header: Vec<Tok>,
    /// Last 类 and 款 seen per block, for sparse split codes.
    pub last_class: Vec<Option<String>>,
    pub last_section: Vec<Option<String>>,
    pub numbering: LabelNumbering,
    /// Where figures of rows dropped as repeats were printed (page, x0, y0):
    /// read on purpose, so not counted as unassigned.
    pub repeated: Vec<(u32, f64, f64)>,
}

/// The note left on a table for a value the amount grammar rejected, so that
/// no value is dropped without a word.
pub(crate) fn dropped_note(t: &Tok, e: &juesuan_model::Error) -> String {
    format!("page {}: value {:?} not read: {e}", t.page, t.text)
}

/// What the recognizer keeps of a page besides its lines.
struct PageRest<'p> {
    number: u32,
    height: f64,
    rulings: Cow<'p, [Ruling]>,
}

/// Recognizes the tables of a document from its pages.
pub(crate) fn recognize(pages: &[Page], file: &str, sha256: &str) -> Document {
    let lines = pages
        .iter()
        .map(|p| (p.height, group_lines(page_tokens(p))))
        .collect();
    let rest = pages
        .iter()
        .map(|p| PageRest {
            number: p.number,
            height: p.height,
            rulings: Cow::Borrowed(&p.rulings),
        })
        .collect();
    recognize_lines(rest, lines, file, sha256)
}

/// Like [`recognize`], taking the pages: each page's tokens are dropped once
/// its lines are made, so a long document's text layer and its lines are
/// never all held at once.
pub(crate) fn recognize_owned(pages: Vec<Page>, file: &str, sha256: &str) -> Document {
    let mut lines = Vec::with_capacity(pages.len());
    let mut rest = Vec::with_capacity(pages.len());
    for p in pages {
        lines.push((p.height, group_lines(page_tokens(&p))));
        rest.push(PageRest {
            number: p.number,
            height: p.height,
            rulings: Cow::Owned(p.rulings),
        });
    }
    recognize_lines(rest, lines, file, sha256)
}

fn recognize_lines(
    pages: Vec<PageRest<'_>>,
    mut lines: Vec<(f64, Vec<Line>)>,
    file: &str,
    sha256: &str,
) -> Document {
    let mut doc = Document::new(file, sha256);
    doc.page_count = pages.len() as u32;
    let cover: Vec<Vec<String>> = lines
        .iter()
        .take(department::COVER_PAGES)
        .map(|(_, ls)| ls.iter().map(Line::compact).collect())
        .collect();
    (doc.department, doc.year) = department::department_year(&cover);
    drop_running_heads(&mut lines);
    let ctxs: Vec<PageCtx> = pages
        .iter()
        .zip(lines)
        .map(|(p, (_, lines))| PageCtx {
            number: p.number,
            height: p.height,
            lines,
            rulings: &p.rulings,
        })
        .collect();
    let mut anchors = find_anchors(&ctxs);
    let family = document_family(&ctxs, &anchors);
    for a in &mut anchors {
        a.title.kind = a
            .title
            .parsed
            .as_ref()
            .and_then(|t| t.kind(family.unwrap_or(Family::Budget)));
    }
    doc.tables = read_tables(&ctxs, &anchors);
    doc.kind = match family {
        Some(Family::FinalAccounts) => DocumentKind::FinalAccounts,
        Some(Family::Budget) => DocumentKind::Budget,
        None => DocumentKind::Unknown,
    };
    doc.unit = doc.tables.iter().find_map(|t| t.unit.clone());
    let table_pages: BTreeSet<u32> = doc
        .tables
        .iter()
        .flat_map(|t| t.pages.iter().copied())
        .collect();
    doc.narrative = narrative(&ctxs, &anchors, &table_pages);
    // Untitled grids on the pages no titled table holds; their text stays
    // in the narrative, as the prose around them.
    let mut grid_anchors = grid_anchors(&ctxs, &table_pages);
    if !grid_anchors.is_empty() {
        anchors.append(&mut grid_anchors);
        anchors.sort_by(|a, b| a.page.cmp(&b.page).then(a.y_top.total_cmp(&b.y_top)));
        doc.tables = read_tables(&ctxs, &anchors);
    }
    doc
}

/// Reads every table: each anchor that is not a repeated title heads one.
fn read_tables(ctxs: &[PageCtx], anchors: &[Anchor]) -> Vec<Table> {
    let heads: Vec<usize> = (0..anchors.len())
        .filter(|&k| k == 0 || !is_repeat(&anchors[k - 1], &anchors[k]))
        .collect();
    heads
        .iter()
        .enumerate()
        .map(|(h, &k)| {
            let end = heads.get(h + 1).copied().unwrap_or(anchors.len());
            read_table(ctxs, &anchors[k], &anchors[k + 1..end], anchors.get(end))
        })
        .collect()
}

/// Anchors for the untitled ruled grids of the pages outside every table.
fn grid_anchors(ctxs: &[PageCtx], table_pages: &BTreeSet<u32>) -> Vec<Anchor> {
    let mut out: Vec<Anchor> = Vec::new();
    for (pi, p) in ctxs.iter().enumerate() {
        if table_pages.contains(&p.number) {
            continue;
        }
        for g in crate::grids::grids(p) {
            // A grid the page opens in, after a grid on the page before,
            // continues that grid's table.
            if g.opens_page && out.last().is_some_and(|a| a.page + 1 == pi) {
                continue;
            }
            out.push(Anchor {
                page: pi,
                y_top: g.top - 1.0,
                y_bottom: g.top - 0.5,
                title: Title {
                    kind: None,
                    printed: g.heading.unwrap_or_default(),
                    number: None,
                    parsed: None,
                },
                grid: Some(g.unit),
            });
        }
    }
    out
}

/// The text outside the tables, page by page.
fn narrative(ctxs: &[PageCtx], anchors: &[Anchor], table_pages: &BTreeSet<u32>) -> Vec<TextBlock> {
    let mut out = Vec::new();
    for (pi, p) in ctxs.iter().enumerate() {
        // On a table page, only the lines above its first title (a part
        // heading such as 第二部分 …部门决算表) are outside the tables.
        let above = if table_pages.contains(&p.number) {
            match anchors.iter().find(|a| a.page == pi) {
                Some(a) => a.y_top,
                None => continue,
            }
        } else {
            f64::INFINITY
        };
        let text: String = p
            .lines
            .iter()
            .filter(|l| l.y1 <= above)
            .map(Line::compact)
            .collect();
        if !text.is_empty() {
            out.push(TextBlock {
                page: p.number,
                text,
            });
        }
    }
    out
}

/// Whether the document is a 决算 or a 预算: what most of its titles say, else
/// what its first pages say.
fn document_family(ctxs: &[PageCtx], anchors: &[Anchor]) -> Option<Family> {
    let said = |f: Family| {
        anchors
            .iter()
            .filter(|a| a.title.parsed.as_ref().and_then(|t| t.family()) == Some(f))
            .count()
    };
    let (fin, bud) = (said(Family::FinalAccounts), said(Family::Budget));
    if fin != bud {
        return Some(if fin > bud {
            Family::FinalAccounts
        } else {
            Family::Budget
        });
    }
    let early: String = ctxs
        .iter()
        .take(3)
        .flat_map(|p| p.lines.iter().map(Line::compact))
        .collect();
    if early.contains("决算") {
        Some(Family::FinalAccounts)
    } else if early.contains("预算") {
        Some(Family::Budget)
    } else {
        None
    }
}

fn find_anchors(ctxs: &[PageCtx]) -> Vec<Anchor> {
    let mut out = Vec::new();
    for (pi, p) in ctxs.iter().enumerate() {
        for (li, line) in p.lines.iter().enumerate() {
            let text: String = line
                .toks
                .iter()
                .filter(|t| !is_meta_token(t) || t.text.contains("决算"))
                .flat_map(|t| t.text.chars())
                .filter(|c| !c.is_whitespace())
                .collect();
            let text = titles::join_wrapped_title(text, p.lines.get(li + 1));
            let unit_follows = || {
                p.lines[li + 1..]
                    .iter()
                    .take(3)
                    .any(|l| titles::unit(&l.compact()).is_some())
                    || titles::unit(&line.compact()).is_some()
            };
            let found = titles::title(&text)
                .or_else(|| titles::table_like(&text).filter(|_| unit_follows()));
            let Some(mut title) = found else {
                continue;
            };
            if title.number.is_none() {
                title.number = p.lines[li.saturating_sub(2)..(li + 3).min(p.lines.len())]
                    .iter()
                    .find_map(|l| titles::take_number(&l.compact()).1);
            }
            // A title heads a table: a unit line, a header or a grid follows
            // it before any other title (a 目录 lists titles one after another).
            let next: Vec<&Line> = p.lines[li + 1..].iter().take(8).collect();
            let below: Vec<&Line> = next
                .iter()
                .copied()
                .take_while(|l| titles::title(&l.compact()).is_none())
                .collect();
            let listed = below.len() < next.len();
            let evidence = below.iter().any(|l| {
                let c = l.compact();
                c.contains("单位") || c.contains("项目") || c.contains("科目") || is_body_line(l)
            }) || (!listed && p.rulings.iter().any(|r| r.pos > line.y1));
            if evidence {
                out.push(Anchor {
                    page: pi,
                    y_top: line.y0,
                    y_bottom: line.y1,
                    title,
                    grid: None,
                });
            }
        }
    }
    out
}

/// Whether a page without a title continues the table of the pages before it.
fn continues(p: &PageCtx, until: f64) -> bool {
    for l in p.lines.iter().filter(|l| l.cy() < until) {
        if is_body_line(l) {
            return true;
        }
        let c = l.compact();
        if c.contains("情况说明")
            || c.contains("名词解释")
            || c.starts_with("第")
            || is_stop_line(l)
        {
            return false;
        }
    }
    false
}

/// Whether `b` is the title of `a` printed again at the head of a following
/// page: the same table continued, not a new one.
fn is_repeat(a: &Anchor, b: &Anchor) -> bool {
    let strip = |t: &str| -> String {
        t.trim_end_matches(['）', ')'])
            .trim_end_matches("续表")
            .trim_end_matches("续")
            .trim_end_matches(['（', '('])
            .to_string()
    };
    b.grid.is_none() && b.page > a.page && strip(&a.title.printed) == strip(&b.title.printed)
}

/// Reads one table: the anchor's page, then every following page that
/// continues it, whether it prints the title again (`repeats`) or not, until
/// the next table's title.
fn read_table(ctxs: &[PageCtx], a: &Anchor, repeats: &[Anchor], next: Option<&Anchor>) -> Table {
    let mut table = Table::new(a.title.kind, a.title.printed.clone());
    table.number = a.title.number;
    if let Some(Some(unit)) = &a.grid {
        table.unit = Some(Unit::parse(unit));
    }
    let mut carry = Carry::default();
    let stop_at = |pi: usize, height: f64| match next {
        Some(n) if n.page == pi => n.y_top,
        _ => height + 1.0,
    };
    let first_end = stop_at(a.page, ctxs[a.page].height);
    read_segment(
        &ctxs[a.page],
        a.y_bottom,
        first_end,
        a.title.kind,
        &mut table,
        &mut carry,
        true,
    );
    if !table.pages.contains(&ctxs[a.page].number) {
        table.pages.insert(0, ctxs[a.page].number);
    }
    if first_end <= ctxs[a.page].height {
        // The next table starts on this page.
        return finish_table(table);
    }
    for (pi, p) in ctxs.iter().enumerate().skip(a.page + 1) {
        let until = stop_at(pi, p.height);
        let from = match repeats.iter().find(|r| r.page == pi) {
            Some(r) => r.y_bottom,
            // An untitled grid goes on only where the next page opens
            // inside a grid; prose quoting figures does not continue it.
            None if a.grid.is_some() && !crate::grids::opens_in_grid(p) => break,
            None if continues(p, until) => -1.0,
            None => break,
        };
        read_segment(p, from, until, a.title.kind, &mut table, &mut carry, false);
        if until <= p.height {
            break;
        }
    }
    finish_table(table)
}

/// Marks a table whose rows hold no amount as empty.
fn finish_table(mut table: Table) -> Table {
    if table.rows.iter().all(|r| r.values.is_empty()) {
        table.rows.clear();
        if !table.notes.iter().any(|n| n.contains("无数据")) {
            table.notes.push("本表无数据".to_string());
        }
    }
    table
}

fn read_segment(
    p: &PageCtx,
    y_from: f64,
    y_to: f64,
    kind: Option<TableKind>,
    table: &mut Table,
    carry: &mut Carry,
    first: bool,
) {
    let lines: Vec<&Line> = p
        .lines
        .iter()
        .filter(|l| l.cy() > y_from && l.cy() < y_to)
        .collect();
    let mut body_start = lines.iter().position(|l| is_body_line(l));
    // On a continuation page, lines above the first amount are blank rows of
    // the grid unless they read like a header band.
    if !first && !carry.cols.is_empty() {
        if let Some(b) = body_start {
            let header_like = lines[..b].iter().any(|l| {
                let c = l.compact();
                ["项目", "科目", "决算数", "栏次", "行次", "编码", "名称"]
                    .iter()
                    .any(|k| c.contains(k))
            });
            if !header_like {
                body_start = Some(0);
            }
        }
    }
    body_start = body_start.map(|b| after_column_numbers(&lines, b));
    // Meta lines above the grid: unit, 公开NN, department, notes.
    for l in lines.iter().take(body_start.unwrap_or(lines.len())) {
        let c = l.compact();
        if let Some(u) = titles::unit(&c) {
            table.unit.get_or_insert(Unit::parse(&u));
        }
        if table.number.is_none() {
            table.number = titles::take_number(&c).1;
        }
        if c.contains("无数据") || c.contains("本表为空") {
            table.notes.push(c.clone());
        }
    }
    let Some(body_start) = body_start else {
        return;
    };
    let body_end = body_end(p, &lines, body_start, table, carry);
    // The 栏次 line (栏次 1 2 3 …) numbers the columns; it names none of them.
    let header: Vec<&Tok> = lines[..body_start]
        .iter()
        .filter(|l| !is_column_number_line(l))
        .flat_map(|l| l.toks.iter())
        .filter(|t| !is_meta_token(t))
        .collect();
    let body_lines: Vec<&Line> = lines[body_start..body_end].to_vec();
    if body_lines.is_empty() {
        return;
    }
    let body: Vec<&Tok> = body_lines.iter().flat_map(|l| l.toks.iter()).collect();
    let top = body_lines[0].y0;
    let bottom = body_lines.last().map_or(top, |l| l.y1);
    let bounds = column_boundaries(p.rulings, top, bottom);
    let has_header = header.iter().any(|t| !t.text.trim().is_empty());
    // A continuation page without a header band reads under the header of the
    // page before: same page size, same column positions.
    let carried: Vec<Tok>;
    let header: Vec<&Tok> = if !has_header && !carry.header.is_empty() {
        carried = carry.header.clone();
        carried.iter().collect()
    } else {
        carry.header = header.iter().map(|t| (*t).clone()).collect();
        header
    };
    let intervals: Vec<(f64, f64)> = if bounds.len() >= 3 {
        let mut iv: Vec<(f64, f64)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
        // Tokens just outside the outer rulings join the edge columns.
        iv[0].0 -= 30.0;
        if let Some(l) = iv.last_mut() {
            l.1 += 30.0;
        }
        iv
    } else {
        infer_columns(&body, &header)
    };
    let mut cols = build_columns(&intervals, &header, &body);
    if !has_header && !carry.cols.is_empty() {
        for c in &mut cols {
            if let Some(i) = column_of(&carry.cols, c.cx()) {
                let prev = &carry.cols[i];
                if c.header.is_empty() {
                    c.header = prev.header.clone();
                    c.role = prev.role;
                }
                c.code = c.code || prev.code;
            }
        }
    }
    carry.cols = cols.clone();
    let relocated = crate::bands::relocate_merged_labels(p.rulings, &cols, &body_lines);
    let body_lines: Vec<&Line> = match &relocated {
        Some(lines) => lines.iter().collect(),
        None => body_lines,
    };
    let nblocks = cols.iter().map(|c| c.block + 1).max().unwrap_or(0);
    if carry.last_class.len() < nblocks {
        carry.last_class.resize(nblocks, None);
        carry.last_section.resize(nblocks, None);
    }
    let before = table.rows.iter().filter(|r| !r.values.is_empty()).count();
    // A 三公 table prints its figures across one line under a two-level
    // header; one printed with a row per item reads like any other table.
    let amount_lines = body_lines
        .iter()
        .filter(|l| l.toks.iter().any(crate::layout::is_decimal))
        .count();
    if matches!(
        kind,
        Some(TableKind::ThreePublic | TableKind::BudgetThreePublic)
    ) && amount_lines <= 2
    {
        read_three_public(kind, &cols, &header, &body_lines, table);
    } else {
        for b in 0..nblocks {
            read_block(p, kind, &cols, b, &body_lines, table, carry, first);
        }
    }
    table.unassigned_amounts += unassigned(table, carry, p.number, &body_lines);
    let after = table.rows.iter().filter(|r| !r.values.is_empty()).count();
    if (after > before || first) && !table.pages.contains(&p.number) {
        table.pages.push(p.number);
    }
    if table.columns.is_empty() {
        table.columns = describe_columns(kind, &cols);
    }
}

/// Decimal amounts printed in the body that no cell of the table holds.
///
/// A 合计 repeated on a continuation page is dropped on purpose; its figures
/// are read, so they do not count.
fn unassigned(table: &Table, carry: &Carry, page: u32, body_lines: &[&Line]) -> u32 {
    let read: Vec<(f64, f64)> = table
        .rows
        .iter()
        .flat_map(|r| r.values.values())
        .filter(|v| v.page == page)
        .filter_map(|v| v.bbox.map(|b| (b[0], b[1])))
        .chain(
            carry
                .repeated
                .iter()
                .filter(|r| r.0 == page)
                .map(|r| (r.1, r.2)),
        )
        .collect();
    body_lines
        .iter()
        .flat_map(|l| l.toks.iter())
        .filter(|t| crate::layout::is_decimal(t))
        .filter(|t| {
            let b = t.bbox();
            !read
                .iter()
                .any(|&(x, y)| (x - b[0]).abs() < 0.5 && (y - b[1]).abs() < 0.5)
        })
        .count() as u32
}
