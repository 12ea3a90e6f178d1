//! Scoring extracted records against a truth file, as SCHEMA.md "Scoring" defines.
//!
//! A cell is (table kind, row identity, column, amount); the row identity is
//! the side (in the two summaries) and the code, else the label (with its
//! `#2` number). Amounts are compared as exact decimals: both sides keep the
//! printed scale, so equal values mean the same printed figure, and a scale
//! difference alone (`0.8` against `0.80`) is not counted as a misread. Cells
//! of all tables of one kind are pooled, so a table split in two by the
//! extractor still scores its cells. Tables without a kind id are ignored.
//!
//! Counts are integers so that files can be summed ([`Score::add`]) into a
//! micro average; the ratios are derived from the sums.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::ops::AddAssign;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::amount::parse_plain;
use crate::column::ColumnId;
use crate::document::{Document, RowKey};
use crate::kind::{Side, TableKind};
use crate::truth::TruthFile;

/// Summable counts of one or more files, and the figures derived from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// Files scored.
    pub files: u64,
    /// Table kinds listed in the truth.
    pub tables_expected: u64,
    /// Listed kinds the extraction found (printed empty tables count).
    pub tables_found: u64,
    /// Kinds the extraction found that the truth does not list.
    pub tables_extra: u64,
    /// Cells listed in the truth.
    pub cells_expected: u64,
    /// Cells the extraction produced (in tables with a kind id).
    pub cells_predicted: u64,
    /// Produced cells that match a truth cell.
    pub cells_true_positive: u64,
    /// Rows listed in the truth.
    pub rows_expected: u64,
    /// Truth rows reproduced exactly: every value, no extra value.
    pub rows_exact: u64,
}

/// `num / den`, or 1 when there is nothing to count.
fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

impl Score {
    /// Adds another file's (or folder's) counts.
    pub fn add(&mut self, other: &Score) {
        self.files += other.files;
        self.tables_expected += other.tables_expected;
        self.tables_found += other.tables_found;
        self.tables_extra += other.tables_extra;
        self.cells_expected += other.cells_expected;
        self.cells_predicted += other.cells_predicted;
        self.cells_true_positive += other.cells_true_positive;
        self.rows_expected += other.rows_expected;
        self.rows_exact += other.rows_exact;
    }

    /// Listed kinds found over listed kinds (1 when none is listed).
    pub fn table_recall(&self) -> f64 {
        ratio(self.tables_found, self.tables_expected)
    }

    /// True positive cells over produced cells (1 when none is produced).
    pub fn cell_precision(&self) -> f64 {
        ratio(self.cells_true_positive, self.cells_predicted)
    }

    /// True positive cells over truth cells (1 when the truth lists none).
    pub fn cell_recall(&self) -> f64 {
        ratio(self.cells_true_positive, self.cells_expected)
    }

    /// The harmonic mean of cell precision and recall (0 when both are 0).
    pub fn cell_f1(&self) -> f64 {
        let (p, r) = (self.cell_precision(), self.cell_recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Exact rows over truth rows (1 when the truth lists none).
    pub fn rows_exact_rate(&self) -> f64 {
        ratio(self.rows_exact, self.rows_expected)
    }
}

impl AddAssign<&Score> for Score {
    fn add_assign(&mut self, other: &Score) {
        self.add(other);
    }
}

impl<'a> std::iter::Sum<&'a Score> for Score {
    fn sum<I: Iterator<Item = &'a Score>>(iter: I) -> Score {
        let mut total = Score::default();
        for s in iter {
            total.add(s);
        }
        total
    }
}

impl fmt::Display for Score {
    /// `files=N table_recall=R cell_precision=P cell_recall=Q cell_f1=F rows_exact=E`,
    /// fractions with 4 decimals, as the `eval` TOTAL line wants after `TOTAL `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "files={} table_recall={:.4} cell_precision={:.4} cell_recall={:.4} cell_f1={:.4} rows_exact={:.4}",
            self.files,
            self.table_recall(),
            self.cell_precision(),
            self.cell_recall(),
            self.cell_f1(),
            self.rows_exact_rate()
        )
    }
}

/// How a cell differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// In the truth, not produced.
    Missing,
    /// Produced, not in the truth.
    Extra,
    /// Produced for the same kind, row and column with a different amount.
    Wrong,
}

impl fmt::Display for DiffKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DiffKind::Missing => "missing",
            DiffKind::Extra => "extra",
            DiffKind::Wrong => "wrong",
        })
    }
}

/// One cell that does not match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellDiff {
    /// How it differs.
    pub diff: DiffKind,
    /// The table kind.
    pub kind: TableKind,
    /// The row's side, in the two summaries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// The row's identity.
    pub key: RowKey,
    /// The column.
    pub column: ColumnId,
    /// The truth amount (missing, wrong).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The produced amount (extra, wrong).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub got: Option<String>,
    /// The page of the produced value; for a missing cell, the page of another
    /// value of the same produced row, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl fmt::Display for CellDiff {
    /// `wrong income 2010601 total expected=1511.90 got=1511.09 page=8`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ", self.diff, self.kind)?;
        if let Some(side) = self.side {
            write!(f, "{side}/")?;
        }
        write!(
            f,
            "{} {} expected={} got={} page=",
            self.key,
            self.column,
            self.expected.as_deref().unwrap_or("-"),
            self.got.as_deref().unwrap_or("-"),
        )?;
        match self.page {
            Some(p) => write!(f, "{p}"),
            None => f.write_str("-"),
        }
    }
}

/// A table kind listed on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableDiff {
    /// [`DiffKind::Missing`] (listed, not found) or [`DiffKind::Extra`] (found, not listed).
    pub diff: DiffKind,
    /// The kind.
    pub kind: TableKind,
    /// The truth pages of a missing table, the produced pages of an extra one.
    pub pages: Vec<u32>,
}

impl fmt::Display for TableDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} table {} pages={:?}",
            self.diff, self.kind, self.pages
        )
    }
}

/// The score of one file and everything that did not match.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The counts.
    pub score: Score,
    /// Table kinds missing or extra.
    pub tables: Vec<TableDiff>,
    /// Cells missing, extra or wrong, in truth row order, extras of unknown rows last.
    pub cells: Vec<CellDiff>,
}

/// Scores an extracted document against its truth file.
pub fn score(truth: &TruthFile, doc: &Document) -> Report {
    let mut got = Pool::default();
    let mut pages: BTreeMap<TableKind, BTreeSet<u32>> = BTreeMap::new();
    for table in &doc.tables {
        let Some(kind) = table.kind else { continue };
        pages.entry(kind).or_default().extend(&table.pages);
        for row in &table.rows {
            for (column, value) in &row.values {
                let cell = Cell {
                    plain: value.amount.plain(),
                    value: Some(value.amount.value()),
                    page: Some(value.page),
                };
                got.push((kind, row.side, row.key.clone()), *column, cell);
            }
        }
    }
    compare(truth, got, pages)
}

/// Scores a produced file already in truth form (no pages are known for its cells).
pub fn score_truth(truth: &TruthFile, produced: &TruthFile) -> Report {
    let mut got = Pool::default();
    let mut pages: BTreeMap<TableKind, BTreeSet<u32>> = BTreeMap::new();
    for table in &produced.tables {
        pages.entry(table.kind).or_default().extend(&table.pages);
        for row in &table.rows {
            let Some(key) = row.key() else { continue };
            for (column, amount) in &row.values {
                got.push(
                    (table.kind, row.side, key.clone()),
                    *column,
                    Cell::plain(amount),
                );
            }
        }
    }
    compare(truth, got, pages)
}

/// A row's identity: kind, side, key.
type RowId = (TableKind, Option<Side>, RowKey);

/// One amount on one side of the comparison.
#[derive(Debug, Clone)]
struct Cell {
    plain: String,
    value: Option<Decimal>,
    page: Option<u32>,
}

impl Cell {
    fn plain(amount: &str) -> Cell {
        Cell {
            plain: amount.to_owned(),
            value: parse_plain(amount).ok(),
            page: None,
        }
    }

    /// Exact decimal equality; text equality when either side does not parse.
    fn matches(&self, other: &Cell) -> bool {
        match (self.value, other.value) {
            (Some(a), Some(b)) => a == b,
            _ => self.plain == other.plain,
        }
    }
}

/// Cells grouped by row, rows kept in first-seen order.
#[derive(Debug, Default)]
struct Pool {
    order: Vec<RowId>,
    rows: HashMap<RowId, BTreeMap<ColumnId, Vec<Cell>>>,
}

impl Pool {
    fn push(&mut self, row: RowId, column: ColumnId, cell: Cell) {
        let cells = self.rows.entry(row.clone()).or_insert_with(|| {
            self.order.push(row);
            BTreeMap::new()
        });
        cells.entry(column).or_default().push(cell);
    }
}

fn compare(truth: &TruthFile, got: Pool, got_pages: BTreeMap<TableKind, BTreeSet<u32>>) -> Report {
    let mut report = Report::default();
    let s = &mut report.score;
    s.files = 1;

    let mut truth_pages: BTreeMap<TableKind, BTreeSet<u32>> = BTreeMap::new();
    let mut expected = Pool::default();
    for table in &truth.tables {
        truth_pages
            .entry(table.kind)
            .or_default()
            .extend(&table.pages);
        for row in &table.rows {
            let Some(key) = row.key() else { continue };
            let id = (table.kind, row.side, key);
            // A row listed with no values still counts as a truth row.
            expected.rows.entry(id.clone()).or_insert_with(|| {
                expected.order.push(id.clone());
                BTreeMap::new()
            });
            for (column, amount) in &row.values {
                expected.push(id.clone(), *column, Cell::plain(amount));
            }
        }
    }

    for (kind, pages) in &truth_pages {
        s.tables_expected += 1;
        if got_pages.contains_key(kind) {
            s.tables_found += 1;
        } else {
            report.tables.push(TableDiff {
                diff: DiffKind::Missing,
                kind: *kind,
                pages: pages.iter().copied().collect(),
            });
        }
    }
    for (kind, pages) in &got_pages {
        if !truth_pages.contains_key(kind) {
            s.tables_extra += 1;
            report.tables.push(TableDiff {
                diff: DiffKind::Extra,
                kind: *kind,
                pages: pages.iter().copied().collect(),
            });
        }
    }

    let empty = BTreeMap::new();
    for id in &expected.order {
        let exp_row = &expected.rows[id];
        let got_row = got.rows.get(id).unwrap_or(&empty);
        let row_page = got_row.values().flatten().find_map(|c| c.page);
        let columns: BTreeSet<&ColumnId> = exp_row.keys().chain(got_row.keys()).collect();
        let mut exact = true;
        for column in columns {
            let exp = exp_row.get(column).map_or(&[][..], Vec::as_slice);
            let got = got_row.get(column).map_or(&[][..], Vec::as_slice);
            exact &= match_cells(s, &mut report.cells, id, column, exp, got, row_page);
        }
        s.rows_expected += 1;
        if exact {
            s.rows_exact += 1;
        }
    }
    for id in &got.order {
        if expected.rows.contains_key(id) {
            continue;
        }
        for (column, cells) in &got.rows[id] {
            match_cells(s, &mut report.cells, id, column, &[], cells, None);
        }
    }
    report
}

/// Matches the amounts of one (row, column) on both sides, counting and
/// listing differences; returns whether they agree exactly.
fn match_cells(
    s: &mut Score,
    diffs: &mut Vec<CellDiff>,
    id: &RowId,
    column: &ColumnId,
    exp: &[Cell],
    got: &[Cell],
    row_page: Option<u32>,
) -> bool {
    s.cells_expected += exp.len() as u64;
    s.cells_predicted += got.len() as u64;
    let mut used = vec![false; got.len()];
    let mut unmatched = Vec::new();
    for e in exp {
        match (0..got.len()).find(|&i| !used[i] && got[i].matches(e)) {
            Some(i) => {
                used[i] = true;
                s.cells_true_positive += 1;
            }
            None => unmatched.push(e),
        }
    }
    let mut extra = got.iter().zip(used).filter(|(_, u)| !u).map(|(g, _)| g);
    let exact = unmatched.is_empty() && extra.clone().next().is_none();
    let diff = |diff, e: Option<&Cell>, g: Option<&Cell>| CellDiff {
        diff,
        kind: id.0,
        side: id.1,
        key: id.2.clone(),
        column: *column,
        expected: e.map(|c| c.plain.clone()),
        got: g.map(|c| c.plain.clone()),
        page: g.and_then(|c| c.page).or(row_page),
    };
    for e in unmatched {
        match extra.next() {
            Some(g) => diffs.push(diff(DiffKind::Wrong, Some(e), Some(g))),
            None => diffs.push(diff(DiffKind::Missing, Some(e), None)),
        }
    }
    for g in extra {
        diffs.push(diff(DiffKind::Extra, None, Some(g)));
    }
    exact
}

#[cfg(test)]
#[path = "score_tests.rs"]
mod tests;
