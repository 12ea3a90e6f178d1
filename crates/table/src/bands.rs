//! Row bands: which tokens of a table page make up one printed row.

use crate::columns::compact_header;
use crate::grammar::{classify, Cell};
use crate::layout::{column_of, is_codeish, token_column, Col, Role};
use crate::lines::{Line, Tok};
use crate::recognize::PageCtx;
use juesuan_text::Orientation;

/// The heights of the horizontal rulings that cross `x` near the block.
fn rulings_at(p: &PageCtx, x: f64, top: f64, bottom: f64) -> Vec<f64> {
    let mut ys: Vec<f64> = p
        .rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Horizontal)
        .filter(|r| r.from <= x + 2.0 && r.to >= x - 2.0)
        .filter(|r| r.pos >= top - 60.0 && r.pos <= bottom + 60.0)
        .map(|r| r.pos)
        .collect();
    // A grid continued from the page before may have no top rule (nor a
    // bottom one); the ends of its vertical rules bound it all the same.
    let verticals = p
        .rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical)
        .filter(|r| r.from <= top + 2.0 && r.to >= bottom - 2.0);
    for r in verticals {
        ys.extend([r.from, r.to]);
    }
    ys.sort_by(f64::total_cmp);
    ys.dedup_by(|a, b| (*a - *b).abs() < 2.0);
    ys
}

/// Row bands from horizontal rulings that cross the block at `x`, when the
/// table is ruled there.
fn ruled_bands(p: &PageCtx, x: f64, top: f64, bottom: f64) -> Option<Vec<(f64, f64)>> {
    let ys = rulings_at(p, x, top, bottom);
    // The rulings must enclose the body: one above its first line and one below its last.
    let above = ys.iter().any(|&y| y <= top + 2.0);
    let below = ys.iter().any(|&y| y >= bottom - 2.0);
    if ys.len() < 3 || !above || !below {
        return None;
    }
    Some(ys.windows(2).map(|w| (w[0], w[1])).collect())
}

/// The ruled bands of the key column, read where its rules are finest.
///
/// A stub of two levels (a group cell merged over several item rows beside
/// the items) is ruled between items only in the item part, so the column's
/// centre may cross a merged cell; merging only ever removes rules, so the
/// position that crosses the most rules shows every row.
fn finest_ruled_bands(
    p: &PageCtx,
    xs: impl Iterator<Item = f64>,
    top: f64,
    bottom: f64,
) -> Option<Vec<(f64, f64)>> {
    xs.filter_map(|x| ruled_bands(p, x, top, bottom)).fold(
        None,
        |best: Option<Vec<(f64, f64)>>, b| match best {
            Some(best) if best.len() >= b.len() => Some(best),
            _ => Some(b),
        },
    )
}

/// Whether a text token sits in a cell merged over more than its band: a
/// group name beside its items, whose rules stop short of it.
fn in_merged_cell(p: &PageCtx, t: &Tok, band: (f64, f64), top: f64, bottom: f64) -> bool {
    let ys = rulings_at(p, t.cx(), top, bottom);
    let ruled = |y: f64| ys.iter().any(|&r| (r - y).abs() < 2.0);
    !(ruled(band.0) && ruled(band.1))
}

/// The rules that bound a merged cell above and below a token in it.
fn merged_span(p: &PageCtx, t: &Tok, top: f64, bottom: f64) -> (f64, f64) {
    let ys = rulings_at(p, t.cx(), top, bottom);
    let above = ys
        .iter()
        .copied()
        .filter(|&y| y <= t.cy())
        .fold(f64::NEG_INFINITY, f64::max);
    let below = ys
        .iter()
        .copied()
        .filter(|&y| y >= t.cy())
        .fold(f64::INFINITY, f64::min);
    (above, below)
}

/// The tokens of each ruled band; key text in a cell merged over several
/// bands (a group name beside its items) goes to the `group` of every band
/// the cell spans, not to the row's name.
fn split_ruled<'t>(
    p: &PageCtx,
    bands: &[(f64, f64)],
    toks: &[&'t Tok],
    is_key: &dyn Fn(&Tok) -> bool,
    (top, bottom): (f64, f64),
) -> Vec<Band<'t>> {
    let split: Vec<(f64, Vec<&Tok>, Vec<&Tok>)> = bands
        .iter()
        .map(|&band| {
            let (group, toks): (Vec<&Tok>, Vec<&Tok>) = toks
                .iter()
                .copied()
                .filter(|t| t.cy() >= band.0 && t.cy() < band.1)
                .partition(|t| {
                    is_key(t)
                        && !crate::layout::is_decimal(t)
                        && in_merged_cell(p, t, band, top, bottom)
                });
            ((band.0 + band.1) / 2.0, toks, group)
        })
        .collect();
    let groups: Vec<(&Tok, (f64, f64))> = split
        .iter()
        .flat_map(|(_, _, g)| g.iter().map(|t| (*t, merged_span(p, t, top, bottom))))
        .collect();
    split
        .into_iter()
        .map(|(mid, toks, _)| Band {
            toks,
            group: groups
                .iter()
                .filter(|(_, (y0, y1))| mid > *y0 && mid < *y1)
                .map(|(t, _)| *t)
                .collect(),
        })
        .filter(|b| !b.toks.is_empty())
        .collect()
}

/// One row's worth of tokens in a block.
pub(crate) struct Band<'t> {
    pub toks: Vec<&'t Tok>,
    /// Group names whose cell is merged over this row and others (the
    /// 一般公共预算资金 beside its 小计 and items): they name none of the rows.
    pub group: Vec<&'t Tok>,
}

pub(crate) fn bands_for_block<'t>(
    p: &PageCtx,
    cols: &[Col],
    block: usize,
    body_lines: &[&'t Line],
    label_keyed: bool,
) -> Vec<Band<'t>> {
    let in_block = |t: &Tok| token_column(cols, t).is_some_and(|i| cols[i].block == block);
    let toks: Vec<&'t Tok> = body_lines
        .iter()
        .flat_map(|l| l.toks.iter())
        .filter(|t| in_block(t))
        .collect();
    if toks.is_empty() {
        return Vec::new();
    }
    let top = body_lines[0].y0;
    let bottom = body_lines.last().map_or(top, |l| l.y1);
    let key_x = cols
        .iter()
        .find(|c| c.block == block && c.role == Role::Key)
        .or_else(|| cols.iter().find(|c| c.block == block))
        .map(Col::cx)
        .unwrap_or(0.0);
    let is_key = |t: &Tok| token_column(cols, t).is_some_and(|i| cols[i].role == Role::Key);
    // One candidate per 5 points of the key column: tokens of one cell share
    // its rules, so nearer positions add nothing but work.
    let mut key_xs: Vec<f64> = std::iter::once(key_x)
        .chain(toks.iter().filter(|t| is_key(t)).map(|t| t.cx()))
        .collect();
    key_xs.sort_by(f64::total_cmp);
    key_xs.dedup_by(|a, b| (*a - *b).abs() < 5.0);
    if let Some(bands) = finest_ruled_bands(p, key_xs.into_iter(), top, bottom) {
        return split_ruled(p, &bands, &toks, &is_key, (top, bottom));
    }
    // Unruled: each row is anchored by its key (a code, or any label in a
    // label-keyed table); other tokens go to the nearest anchor.
    let mut anchors: Vec<f64> = Vec::new();
    for l in body_lines {
        let keys: Vec<&Tok> = l.toks.iter().filter(|t| in_block(t) && is_key(t)).collect();
        // A named row prints its own amounts on its line; a line of text
        // alone is a wrapped name that joins the nearest row.
        let priced = l
            .toks
            .iter()
            .any(|t| in_block(t) && crate::layout::is_decimal(t));
        let anchored = keys.iter().any(|t| is_codeish(t))
            || (!keys.is_empty()
                && (label_keyed
                    || priced
                    || keys.iter().any(|t| compact_header(&t.text).contains("计"))));
        if anchored {
            let cy = keys.iter().map(|t| t.cy()).sum::<f64>() / keys.len() as f64;
            anchors.push(cy);
        }
    }
    if anchors.is_empty() {
        return vec![Band {
            toks,
            group: Vec::new(),
        }];
    }
    let mut bands: Vec<Band> = anchors
        .iter()
        .map(|_| Band {
            toks: Vec::new(),
            group: Vec::new(),
        })
        .collect();
    for t in toks {
        let mut best = 0;
        for (i, &a) in anchors.iter().enumerate() {
            // Ties go to the earlier row: a wrapped name continues downwards.
            if (t.cy() - a).abs() < (t.cy() - anchors[best]).abs() - 0.01 {
                best = i;
            }
        }
        bands[best].toks.push(t);
    }
    bands
}

/// Lines whose labels in merged cells are moved to the key column they
/// name, or `None` when no label moves.
///
/// A label centred in a cell merged over several columns (公用经费合计 over
/// one block's 名称 and 决算数 and the next block's 编码 and 名称) names the
/// row of the amount column right of that cell: its ruled span, not where
/// its text happens to start, says which block's key column holds it.
pub(crate) fn relocate_merged_labels(
    rulings: &[juesuan_text::Ruling],
    cols: &[Col],
    lines: &[&Line],
) -> Option<Vec<Line>> {
    let mut moved = false;
    let out: Vec<Line> = lines
        .iter()
        .map(|l| {
            let mut line = (*l).clone();
            for t in &mut line.toks {
                if let Some(target) = merged_label_column(rulings, cols, t) {
                    let c = &cols[target];
                    t.x0 = c.x0 + 1.0;
                    t.x1 = (c.x0 + 1.0 + (t.x1 - t.x0)).min(c.x1 - 1.0);
                    moved = true;
                }
            }
            line
        })
        .collect();
    moved.then_some(out)
}

/// The key column a text token in a merged cell belongs to, when that is
/// not the column it reads in now.
fn merged_label_column(rulings: &[juesuan_text::Ruling], cols: &[Col], t: &Tok) -> Option<usize> {
    if !matches!(classify(&t.text), Cell::Text) {
        return None;
    }
    let mut xs: Vec<f64> = rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical)
        .filter(|r| r.from <= t.cy() && r.to >= t.cy())
        .map(|r| r.pos)
        .collect();
    xs.sort_by(f64::total_cmp);
    let left = xs.iter().copied().rfind(|&x| x <= t.cx())?;
    let right = xs.iter().copied().find(|&x| x >= t.cx())?;
    let span: Vec<usize> = (0..cols.len())
        .filter(|&i| cols[i].cx() > left && cols[i].cx() < right)
        .collect();
    let next = column_of(cols, right + 1.0)?;
    let beside = cols[next].role == Role::Amount && (cols[next].x0 - right).abs() < 3.0;
    if span.len() < 2 || !beside {
        return None;
    }
    let target = span
        .into_iter()
        .rfind(|&i| cols[i].role == Role::Key && cols[i].block == cols[next].block)?;
    (token_column(cols, t) != Some(target)).then_some(target)
}
