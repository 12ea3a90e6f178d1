//! One table on one page: header band, columns, blocks and row bands.

use crate::columns::{
    compact_header, is_amount_header, is_exact_key_header, is_key_header, is_row_number_header,
};
use crate::grammar::{classify, is_code_part, is_decimal_fragment, Cell};
use crate::lines::{Line, Tok};
use juesuan_text::{Orientation, Ruling};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Codes, names or labels: the row's identity.
    Key,
    /// Amounts.
    Amount,
    /// 行次 / 栏次 row numbers.
    RowNumber,
    /// Text that describes a row without naming it: 采购组织形式, 绩效目标,
    /// remarks.
    Attribute,
}

/// A column of the grid, with its printed header.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    pub x0: f64,
    pub x1: f64,
    pub header: String,
    pub role: Role,
    /// Index of the side-by-side block the column belongs to.
    pub block: usize,
    /// Whether the column holds digit codes (split 类/款/项 or one code column).
    pub code: bool,
}

impl Col {
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// Whether a token is a decimal amount of money. A percentage is read where
/// a column of them stands, but it marks no body line and is no amount a
/// table must account for (a 绩效 target such as `95.0%`).
pub(crate) fn is_decimal(t: &Tok) -> bool {
    matches!(classify(&t.text), Cell::Number { decimal: true, .. })
        && !t.text.trim_end().ends_with(['%', '％'])
}

/// Whether a token looks like a classification code (whole or one split part).
pub(crate) fn is_codeish(t: &Tok) -> bool {
    match classify(&t.text) {
        Cell::Number {
            plain,
            decimal: false,
        } => is_code_part(&plain) && !plain.starts_with('-'),
        Cell::CodeName { .. } => true,
        _ => false,
    }
}

/// A line that belongs to the body of a table: it carries an amount or a code
/// of at least three digits.
pub(crate) fn is_body_line(line: &Line) -> bool {
    line.toks.iter().any(|t| {
        is_decimal(t)
            || match classify(&t.text) {
                Cell::Number {
                    plain,
                    decimal: false,
                } => plain.len() >= 3 && plain.len() <= 7 && plain.starts_with(['1', '2', '3']),
                Cell::CodeName { .. } => true,
                _ => false,
            }
    })
}

/// A line that ends a table's body: a note under the grid or a sentence.
pub(crate) fn is_stop_line(line: &Line) -> bool {
    let c = line.compact();
    c.starts_with("注：")
        || c.starts_with("注:")
        || c.starts_with("备注")
        || c.starts_with("说明：")
        // A long sentence ends the grid, unless the line carries a row of
        // amounts (three or more apart): then it is a row whose text cell
        // (a 绩效目标) holds the sentence. Prose quotes a figure or two.
        || (c.chars().count() > 40
            && (c.contains('。') || c.contains('，'))
            && line.toks.iter().filter(|t| is_decimal(t)).count() < 3)
}

/// Positions of vertical rulings that cross the body, merged when closer than 3 points.
pub(crate) fn column_boundaries(rulings: &[Ruling], top: f64, bottom: f64) -> Vec<f64> {
    let mut xs: Vec<f64> = rulings
        .iter()
        .filter(|r| r.orientation == Orientation::Vertical)
        .filter(|r| r.from < bottom - 1.0 && r.to > top + 1.0)
        .filter(|r| r.to.min(bottom) - r.from.max(top) > 4.0)
        .map(|r| r.pos)
        .collect();
    xs.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in xs {
        match out.last() {
            Some(&l) if x - l < 3.0 => {}
            _ => out.push(x),
        }
    }
    out
}

/// Column intervals inferred from body tokens when the table has no vertical
/// rulings: overlapping token extents across rows form one column.
pub(crate) fn infer_columns(body: &[&Tok], header: &[&Tok]) -> Vec<(f64, f64)> {
    let mut out = merge_spans(body.iter().map(|t| (t.x0, t.x1)).collect());
    add_header_columns(&mut out, header);
    // Widen each column to the middle of the gaps around it, so header text
    // that is wider than the values still falls in its column.
    let n = out.len();
    let mut widened = out.clone();
    for i in 0..n {
        if i > 0 {
            widened[i].0 = (out[i - 1].1 + out[i].0) / 2.0;
        } else {
            widened[i].0 = out[i].0 - 40.0;
        }
        if i + 1 < n {
            widened[i].1 = (out[i].1 + out[i + 1].0) / 2.0;
        } else {
            widened[i].1 = out[i].1 + 40.0;
        }
    }
    widened
}

/// Index of the column holding x, or the nearest one.
pub(crate) fn column_of(cols: &[Col], x: f64) -> Option<usize> {
    if let Some(i) = cols.iter().position(|c| x >= c.x0 && x < c.x1) {
        return Some(i);
    }
    cols.iter()
        .enumerate()
        .min_by(|a, b| {
            let da = (a.1.cx() - x).abs();
            let db = (b.1.cx() - x).abs();
            da.total_cmp(&db)
        })
        .map(|(i, _)| i)
}

/// The column a token belongs to. Text that starts in an amount column is a
/// label spanning merged cells (人员经费合计 across a block's cells): it belongs
/// to the next key column on its right. Text that starts in a key column and
/// overflows stays in that key column.
pub(crate) fn token_column(cols: &[Col], t: &Tok) -> Option<usize> {
    let i = column_of(cols, t.cx())?;
    if !matches!(classify(&t.text), Cell::Text) || is_decimal_fragment(&t.text) {
        return Some(i);
    }
    let start = column_of(cols, t.x0 + 0.5).unwrap_or(i);
    if cols[start].role == Role::Key {
        return Some(start);
    }
    if cols[i].role == Role::Amount {
        if let Some(j) = (i + 1..cols.len()).find(|&j| cols[j].role == Role::Key) {
            return Some(j);
        }
    }
    Some(i)
}

/// Matches header cells to the value columns of an unruled table and adds a
/// column for each header cell no value sits under (a column left blank).
///
/// Numbers are usually right-aligned under a centred header, so a value
/// column without an overlapping header claims the nearest leaf header whose
/// centre lies left of its right edge. Only leaf header tokens count: those
/// with no other header token below them.
pub(crate) fn add_header_columns(spans: &mut Vec<(f64, f64)>, header: &[&Tok]) {
    let leaves: Vec<&Tok> = header
        .iter()
        .copied()
        .filter(|t| !t.text.trim().is_empty())
        .filter(|t| {
            !header
                .iter()
                .any(|o| o.y0 > t.y1 - 1.0 && o.x1 > t.x0 + 1.0 && o.x0 < t.x1 - 1.0)
        })
        .collect();
    let overlaps = |t: &Tok, a: f64, b: f64| t.x1 > a - 1.0 && t.x0 < b + 1.0;
    let mut claimed = vec![false; leaves.len()];
    let mut out: Vec<(f64, f64)> = Vec::new();
    for &(a, b) in spans.iter() {
        let (mut lo, mut hi) = (a, b);
        let mut any = false;
        for (k, t) in leaves.iter().enumerate() {
            if overlaps(t, a, b) {
                claimed[k] = true;
                any = true;
                lo = lo.min(t.x0);
                hi = hi.max(t.x1);
            }
        }
        if !any {
            let nearest = leaves
                .iter()
                .enumerate()
                .filter(|(k, t)| {
                    !claimed[*k]
                        && t.cx() <= b + 2.0
                        && a - t.x1 < 80.0
                        && !spans.iter().any(|&(c, d)| overlaps(t, c, d))
                })
                .min_by(|x, y| (b - x.1.cx()).total_cmp(&(b - y.1.cx())))
                .map(|(k, t)| (k, t.x0, t.x1));
            if let Some((k, x0, x1)) = nearest {
                // The whole stack of a wrapped header cell goes with it.
                for (m, t) in leaves.iter().enumerate() {
                    if t.x1 > x0 + 1.0 && t.x0 < x1 - 1.0 {
                        claimed[m] = true;
                    }
                }
                claimed[k] = true;
                lo = lo.min(x0);
                hi = hi.max(x1);
            }
        }
        out.push((lo, hi));
    }
    for (k, t) in leaves.iter().enumerate() {
        if !claimed[k] {
            out.push((t.x0, t.x1));
        }
    }
    *spans = merge_spans(out);
}

/// Sorts horizontal spans and joins those that overlap or touch.
fn merge_spans(mut spans: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut merged: Vec<(f64, f64)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(l) if a <= l.1 + 1.0 => l.1 = l.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// Builds the columns of a table page: intervals, headers, roles and blocks.
pub(crate) fn build_columns(intervals: &[(f64, f64)], header: &[&Tok], body: &[&Tok]) -> Vec<Col> {
    let mut cols: Vec<Col> = intervals
        .iter()
        .map(|&(x0, x1)| Col {
            x0,
            x1,
            header: String::new(),
            role: Role::Amount,
            block: 0,
            code: false,
        })
        .collect();
    if cols.is_empty() {
        return cols;
    }
    let mut header_sorted: Vec<&&Tok> = header.iter().collect();
    header_sorted.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    for t in header_sorted {
        if let Some(i) = cols.iter().position(|c| t.cx() >= c.x0 && t.cx() < c.x1) {
            cols[i].header.push_str(&compact_header(&t.text));
        }
    }
    let mut stats = vec![(0usize, 0usize, 0usize); cols.len()];
    let mut zeros = vec![false; cols.len()];
    for t in body {
        if let Some(i) = column_of(&cols, t.cx()) {
            match classify(&t.text) {
                Cell::Number { plain, .. } if plain == "0" => zeros[i] = true,
                Cell::Number { decimal: true, .. } => stats[i].0 += 1,
                Cell::Number { .. } | Cell::CodeName { .. } if is_codeish(t) => stats[i].1 += 1,
                Cell::Text | Cell::CodeName { .. } => stats[i].2 += 1,
                _ => {}
            }
        }
    }
    for ((c, &(dec, code, text)), &zero) in cols.iter_mut().zip(&stats).zip(&zeros) {
        // Amounts printed in whole 元 (298224, 3055700) read like codes; under
        // a money header, beside decimals or zeros (no code is 0), they are
        // amounts.
        let whole_amounts = is_amount_header(&c.header) && text == 0 && (dec > 0 || zero);
        // What the body holds outranks what the header says: a long header
        // such as 其中：政府采购项目中预留给中小企业的项目资金规模 names an
        // amount column although it mentions 项目.
        c.role = if is_row_number_header(&c.header) {
            Role::RowNumber
        } else if is_exact_key_header(&c.header) {
            Role::Key
        } else if (dec > 0 && dec >= text + code) || whole_amounts {
            Role::Amount
        } else if is_key_header(&c.header) || text > 0 || code > 0 {
            Role::Key
        } else {
            Role::Amount
        };
        // A 类/款/项 column holds code parts even on a continuation page
        // where it is blank (no new 类 begins there), so its header decides.
        let part_header = matches!(compact_header(&c.header).as_ref(), "类" | "款" | "项");
        c.code = c.role == Role::Key && ((code > 0 && code >= text) || part_header);
    }
    second_code_system(&mut cols, body);
    demote_attributes(&mut cols);
    // A new block starts at a key column that follows amounts.
    let mut block = 0;
    let mut seen_amount = false;
    for c in &mut cols {
        match c.role {
            Role::Key if seen_amount => {
                block += 1;
                seen_amount = false;
            }
            Role::Amount => seen_amount = true,
            _ => {}
        }
        c.block = block;
    }
    cols
}

/// Turns a second code column and the name column after it into attribute
/// columns when it holds whole codes of another system (政府经济科目 50501
/// beside 部门经济科目 30101): the row is named by the first system, the second
/// describes it. Split 类/款/项 parts print 2 digits or extend the 类 (201,
/// 20101), so their 类 prefixes are shared.
fn second_code_system(cols: &mut [Col], body: &[&Tok]) {
    let prefixes = |i: usize| -> Option<std::collections::BTreeSet<String>> {
        let codes: Vec<String> = body
            .iter()
            .filter(|t| is_codeish(t) && column_of(cols, t.cx()) == Some(i))
            .filter_map(|t| match classify(&t.text) {
                Cell::Number { plain, .. } => Some(plain),
                _ => None,
            })
            .collect();
        let whole = !codes.is_empty() && codes.iter().all(|c| matches!(c.len(), 3 | 5 | 7));
        whole.then(|| codes.iter().map(|c| c[..3].to_string()).collect())
    };
    let code_cols: Vec<usize> = (0..cols.len()).filter(|&i| cols[i].code).collect();
    let Some((&first, rest)) = code_cols.split_first() else {
        return;
    };
    let Some(first_prefixes) = prefixes(first) else {
        return;
    };
    let others: Vec<usize> = rest
        .iter()
        .copied()
        .filter(|&i| prefixes(i).is_some_and(|p| p.is_disjoint(&first_prefixes)))
        .collect();
    for i in others {
        if (first..i).any(|j| cols[j].role == Role::Amount) {
            continue;
        }
        let name = (i + 1 < cols.len() && cols[i + 1].role == Role::Key && !cols[i + 1].code)
            .then_some(i + 1);
        for j in std::iter::once(i).chain(name) {
            cols[j].role = Role::Attribute;
            cols[j].code = false;
        }
    }
}

/// The word of a text column's header that names a property of the row
/// rather than the row: how it is bought, what it aims at, a remark.
pub(crate) fn attribute_word(h: &str) -> Option<&'static str> {
    [
        "采购组织形式",
        "组织形式",
        "采购方式",
        "绩效目标",
        "备注",
        "原因",
    ]
    .into_iter()
    .find(|k| h.contains(k))
}

/// Turns the key columns that describe a row into attribute columns, named
/// by their attribute word (a header band that took in a wrapped body line
/// keeps only the word). A 单位名称 column is not one of them: it names the
/// unit's own rows (see `split_owner` in the recognizer).
fn demote_attributes(cols: &mut [Col]) {
    for c in cols.iter_mut().filter(|c| c.role == Role::Key && !c.code) {
        let h = compact_header(&c.header);
        if let Some(word) = attribute_word(&h) {
            c.role = Role::Attribute;
            c.header = word.to_owned();
        }
    }
}
