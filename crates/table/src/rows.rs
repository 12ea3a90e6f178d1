//! One block of a table page into rows: keys (codes, split 类/款/项 parts,
//! labels), values by column id, attributes, and the rows a continuation
//! page prints again.
//!
//! It knows the page's columns and row bands (from `layout` and `bands`); it
//! does not find tables or follow them over pages (`recognize`).

use crate::bands::{bands_for_block, Band};
use crate::codes::assemble_code;
use crate::columns::{column_id, compact_header};
use crate::grammar::{classify, Cell};
use crate::layout::{column_of, is_codeish, token_column, Col, Role};
use crate::lines::{strip_glued_line_number, wrapped_amount_text, Line, Tok};
use crate::recognize::{dropped_note, Carry, PageCtx};
use juesuan_model::code::class_code;
use juesuan_model::{
    normalize_label, split_numbered_label, Amount, Column, ColumnId, Family, Row, RowKey, Side,
    Table, TableKind, Value, Values,
};
use std::collections::BTreeMap;

pub(crate) fn two_sided(kind: Option<TableKind>) -> bool {
    kind.is_some_and(TableKind::is_two_sided)
}

fn side_of(kind: Option<TableKind>, block: usize) -> Option<Side> {
    if two_sided(kind) {
        Some(if block == 0 {
            Side::Income
        } else {
            Side::Expenditure
        })
    } else {
        None
    }
}

fn amount_ids(kind: Option<TableKind>, cols: &[Col], block: usize) -> Vec<(usize, ColumnId)> {
    let side = side_of(kind, block);
    let amount: Vec<usize> = (0..cols.len())
        .filter(|&i| cols[i].block == block && cols[i].role == Role::Amount)
        .collect();
    let n = amount.len();
    let mut taken: Vec<ColumnId> = Vec::new();
    amount
        .iter()
        .enumerate()
        .map(|(pos, &i)| {
            let printed = || ColumnId::other(&compact_header(&cols[i].header));
            let id = match kind {
                Some(kind) => column_id(kind, side, &cols[i].header, pos, n),
                // A table of no kind keeps its printed headers.
                None => printed(),
            };
            // Two printed columns never share an id: the second keeps its
            // header (and its position, when the headers print the same).
            let mut id = if taken.contains(&id) { printed() } else { id };
            if taken.contains(&id) {
                id = ColumnId::other(&format!("{}#{}", compact_header(&cols[i].header), pos + 1));
            }
            taken.push(id);
            (i, id)
        })
        .collect()
}

pub(crate) fn describe_columns(kind: Option<TableKind>, cols: &[Col]) -> Vec<Column> {
    let nblocks = cols.iter().map(|c| c.block + 1).max().unwrap_or(0);
    let mut out = Vec::new();
    for b in 0..nblocks {
        for (i, id) in amount_ids(kind, cols, b) {
            out.push(Column {
                id,
                header: cols[i].header.clone(),
                side: side_of(kind, b),
            });
        }
    }
    out
}

#[expect(
    clippy::too_many_arguments,
    reason = "the per-page state of one table walk; a struct would only rename it"
)]
pub(crate) fn read_block(
    p: &PageCtx,
    kind: Option<TableKind>,
    cols: &[Col],
    block: usize,
    body_lines: &[&Line],
    table: &mut Table,
    carry: &mut Carry,
    first: bool,
) {
    let side = side_of(kind, block);
    let ids = amount_ids(kind, cols, block);
    let code_cols: Vec<usize> = (0..cols.len())
        .filter(|&i| cols[i].block == block && cols[i].code)
        .collect();
    let label_keyed = two_sided(kind);
    let has_key_column = cols.iter().any(|c| c.block == block && c.role == Role::Key);
    let mut read_on_page = false;
    for band in bands_for_block(p, cols, block, body_lines, label_keyed) {
        // The 类/款/项 labels of a header may share the first body row's cell.
        let mut keys: Vec<&Tok> = band
            .toks
            .iter()
            .copied()
            .filter(|t| token_column(cols, t).is_some_and(|i| cols[i].role == Role::Key))
            .filter(|t| !matches!(compact_header(&t.text).as_ref(), "类" | "款" | "项"))
            .collect();
        // Column by column, then top to bottom: a name wrapped inside its
        // cell stays whole when a neighbouring key column wraps too.
        let col_of = |t: &Tok| token_column(cols, t).unwrap_or(0);
        keys.sort_by(|a, b| {
            col_of(a)
                .cmp(&col_of(b))
                .then(a.y0.total_cmp(&b.y0))
                .then(a.x0.total_cmp(&b.x0))
        });
        let owners = split_owner(cols, &mut keys);
        let (whole, parts, mut name) = key_text(cols, &code_cols, &keys);
        if whole.is_none() && parts.iter().all(Option::is_none) {
            name = own_name(cols, &band, name);
        }
        if label_keyed {
            strip_glued_line_number(&mut name);
        }
        let code = assemble_code(
            whole,
            &parts,
            &mut carry.last_class[block],
            &mut carry.last_section[block],
        );
        let values = band_values(cols, &ids, &band.toks, table);
        let key = match &code {
            Some(c) => RowKey::Code(c.clone()),
            None if !name.is_empty() => {
                // A 合计 (or a unit's row) printed again at the head of a
                // continuation page is the same row; further down the page,
                // equal figures under an equal label (2025年 of two units)
                // are rows of their own unless they are a total.
                let base = normalize_label(&name);
                let at_head = !read_on_page || base.contains('计');
                if !first
                    && at_head
                    && !values.is_empty()
                    && repeats(table, side, &base, &values, &owners)
                {
                    carry.repeated.extend(positions(&values));
                    continue;
                }
                let label = carry.numbering.next(side, &name);
                // The 决算 SCHEMA keys a summary's 类 rows by code; 预算
                // tables keep the printed label.
                let final_accounts = kind.is_some_and(|k| k.family() == Family::FinalAccounts);
                match (two_sided(kind) && final_accounts, side, class_code(&label)) {
                    (true, Some(Side::Expenditure), Some(c)) => RowKey::Code(c.to_string()),
                    _ => RowKey::Label(label),
                }
            }
            // A grid with no name column (支出预算总表 printed as one line of
            // totals) has one unnamed row.
            None if !values.is_empty() && !has_key_column => {
                RowKey::Label(carry.numbering.next(side, ""))
            }
            None => continue,
        };
        read_on_page = true;
        let mut row = Row::new(key, side, name.clone());
        row.values = values;
        row.attributes = attributes(cols, &band.toks);
        // A 合计 read from an attribute column names the row; it describes
        // nothing.
        row.attributes.retain(|_, v| *v != name);
        row.attributes.extend(owners);
        if !band.group.is_empty() {
            row.attributes.insert("分组".to_owned(), group_text(&band));
        }
        let dropped = push_row(table, row);
        carry.repeated.extend(dropped);
    }
}

/// A band's key tokens read as a whole code, split 类/款/项 parts and the
/// name text, column by column.
fn key_text(
    cols: &[Col],
    code_cols: &[usize],
    keys: &[&Tok],
) -> (Option<String>, Vec<Option<String>>, String) {
    // Which split code part (类 0, 款 1, 项 2) a column holds.
    let code_part = |ci: usize| code_cols.iter().position(|&c| c == ci);
    let mut parts: Vec<Option<String>> = vec![None; code_cols.len().max(1)];
    let mut whole: Option<String> = None;
    let mut name = String::new();
    for t in keys {
        let ci = token_column(cols, t).unwrap_or(0);
        match classify(&t.text) {
            Cell::CodeName { code, name: n } => {
                whole.get_or_insert(code);
                name.push_str(&n);
            }
            // Spreadsheets drop the leading zero of a split 款/项 part
            // (`02` printed `2`); in a 款 or 项 column it is still a part.
            Cell::Number {
                plain,
                decimal: false,
            } if plain.len() == 1 && code_cols.len() >= 2 && code_part(ci) >= Some(1) => {
                if let Some(k) = code_part(ci) {
                    parts[k].get_or_insert(format!("0{plain}"));
                }
            }
            Cell::Number {
                plain,
                decimal: false,
            } if is_codeish(t) && !is_year(&plain) => match code_part(ci) {
                Some(k) if code_cols.len() >= 2 => {
                    parts[k].get_or_insert(plain);
                }
                _ => {
                    whole.get_or_insert(plain);
                }
            },
            _ => name.extend(t.text.chars().filter(|c| !c.is_whitespace())),
        }
    }
    (whole, parts, name)
}

/// The values of a band by column id: the topmost number in each amount
/// column (a wrapped amount joined); a number the amount grammar rejects
/// leaves a note on the table.
fn band_values(
    cols: &[Col],
    ids: &[(usize, ColumnId)],
    toks: &[&Tok],
    table: &mut Table,
) -> Values {
    let mut values = Values::new();
    for (ci, id) in ids {
        let mut vals: Vec<&Tok> = toks
            .iter()
            .copied()
            .filter(|t| column_of(cols, t.cx()) == Some(*ci))
            .filter(|t| matches!(classify(&t.text), Cell::Number { .. }))
            .collect();
        vals.sort_by(|a, b| a.y0.total_cmp(&b.y0));
        if let Some(t) = vals.first() {
            let text = wrapped_amount_text(t, toks);
            match Amount::parse(&compact_header(&text)) {
                Ok(amount) => {
                    let value = Value::new(amount, table.unit.as_ref(), t.page, Some(t.bbox()));
                    values.insert(*id, value);
                }
                Err(e) => table.notes.push(dropped_note(t, &e)),
            }
        }
    }
    values
}

/// Takes out of a band's key tokens the text of a 单位名称 / 预算单位 column
/// when another text column of the band names the row too (a project, a
/// year): the unit then says whose row it is, by header. A band with only
/// the unit's name is the unit's own row and keeps it.
fn split_owner(cols: &[Col], keys: &mut Vec<&Tok>) -> BTreeMap<String, String> {
    // The unit's header, without the 栏次 marks (`** 1`) a header band takes in.
    let owner_header = |t: &Tok| {
        let i = token_column(cols, t)?;
        let h = compact_header(&cols[i].header);
        ["单位名称", "预算单位"]
            .into_iter()
            .find(|u| h.trim_end_matches(|c: char| c == '*' || c.is_ascii_digit()) == *u)
    };
    let names_row = keys.iter().any(|t| {
        owner_header(t).is_none()
            && token_column(cols, t).is_some_and(|i| !cols[i].code)
            && matches!(classify(&t.text), Cell::Text)
    });
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    if !names_row {
        return out;
    }
    keys.retain(|t| match owner_header(t) {
        Some(header) => {
            let text = t.text.chars().filter(|c| !c.is_whitespace());
            out.entry(header.to_owned()).or_default().extend(text);
            false
        }
        None => true,
    });
    out
}

/// The name of a band without a code, where its key cells alone do not
/// name it. A 合计 centred over merged cells may land in an attribute column
/// (a second code system's name column): with no other name, it is the
/// row's label. A year-on-year stub prints an item in a cell merged over
/// its year rows (2022, 2021, 2022比2021): a year names the row only
/// together with its item.
fn own_name(cols: &[Col], band: &Band, name: String) -> String {
    if name.is_empty() {
        let total = band
            .toks
            .iter()
            .filter(|t| token_column(cols, t).is_some_and(|i| cols[i].role == Role::Attribute))
            .map(|t| compact_header(&t.text))
            .find(|c| matches!(c.as_ref(), "合计" | "总计" | "小计"));
        return total.map(String::from).unwrap_or_default();
    }
    let year = name.len() >= 4
        && name.is_char_boundary(4)
        && is_year(&name[..4])
        && !name[4..].starts_with(|c: char| c.is_ascii_digit());
    if year && !band.group.is_empty() {
        return group_text(band) + &name;
    }
    name
}

/// The text of the group cell merged over a band, white space removed.
fn group_text(band: &Band) -> String {
    band.group
        .iter()
        .flat_map(|t| t.text.split_whitespace())
        .collect()
}

/// A four-digit year (1900–2099): a year names a row, it is no code.
fn is_year(s: &str) -> bool {
    s.len() == 4
        && (s.starts_with("19") || s.starts_with("20"))
        && s.bytes().all(|b| b.is_ascii_digit())
}

/// The text of a band's attribute columns, by header, wrapped lines joined.
fn attributes(cols: &[Col], toks: &[&Tok]) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for t in toks {
        if let Some(c) = token_column(cols, t).filter(|&i| cols[i].role == Role::Attribute) {
            let text: String = t.text.chars().filter(|c| !c.is_whitespace()).collect();
            out.entry(cols[c].header.clone())
                .or_default()
                .push_str(&text);
        }
    }
    out
}

/// Whether a label row with these values was already read (same label, any
/// number, same unit when a unit is printed beside it).
fn repeats(
    table: &Table,
    side: Option<Side>,
    base: &str,
    values: &Values,
    owners: &BTreeMap<String, String>,
) -> bool {
    table.rows.iter().any(|r| {
        r.side == side
            // Another unit's row of the same name is another row.
            && owners.iter().all(|(k, v)| r.attributes.get(k) == Some(v))
            && r.key
                .as_label()
                .is_some_and(|l| split_numbered_label(l).0 == base)
            && r.values.len() == values.len()
            && r.values.iter().all(|(k, v)| {
                values
                    .get(k)
                    .is_some_and(|w| w.amount.value() == v.amount.value())
            })
    })
}

/// Adds a row unless it repeats one already read (a 合计 printed again on a
/// continuation page). Rows whose attributes differ (one 部门经济科目 mapped
/// to two 政府经济科目) are two rows, whatever their figures.
fn push_row(table: &mut Table, row: Row) -> Vec<(u32, f64, f64)> {
    let same_attributes = |r: &Row| {
        r.attributes
            .iter()
            .all(|(k, v)| row.attributes.get(k).is_none_or(|w| w == v))
    };
    if let Some(existing) = table
        .rows
        .iter_mut()
        .find(|r| r.side == row.side && r.key == row.key && same_attributes(r))
    {
        let same = existing.values.iter().all(|(k, v)| {
            row.values
                .get(k)
                .is_none_or(|w| w.amount.value() == v.amount.value())
        });
        if same {
            let mut dropped = Vec::new();
            for (k, v) in row.values {
                if existing.values.contains_key(&k) {
                    dropped.extend(v.bbox.map(|b| (v.page, b[0], b[1])));
                } else {
                    existing.values.insert(k, v);
                }
            }
            return dropped;
        }
    }
    table.rows.push(row);
    Vec::new()
}

/// Where the values of a row were printed.
fn positions(values: &Values) -> Vec<(u32, f64, f64)> {
    values
        .values()
        .filter_map(|v| v.bbox.map(|b| (v.page, b[0], b[1])))
        .collect()
}
