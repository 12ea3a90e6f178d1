//! 勾稽: the arithmetic and cross-references a 部门决算 must satisfy, checked
//! exactly and reported with the place of every printed figure involved.
//!
//! This crate owns every check: the table identities (`tables`: sums, code
//! trees, summaries, cross-table rules, structure) and the narrative ones
//! (`narrative`: prose read into typed quotes, the subjects they name, and
//! their comparison with the tables). The finding types are the model's
//! ([`Finding`], [`CheckId`], [`Severity`]), so a `Document` can carry them.
//! It must not know about PDFs, geometry or how tables are recognised: it
//! reads finished [`Document`]s only, and never changes them.
//!
//! [`validate`] runs every check on a [`Document`] and returns [`Finding`]s;
//! [`Validator`] (or [`validate_with`]) runs a chosen subset. Each check has a
//! stable [`CheckId`] with a short Chinese and English name.
//!
//! # Rounding
//!
//! Amounts are exact decimals and no float is used anywhere. Every printed
//! figure is a rounded value, off from the true one by at most half a unit of
//! its last printed decimal place (0.005 for `12.34`). An identity over printed
//! figures (a total against n addends, or one figure against its copy in
//! another table) may therefore drift by the sum of those half units over all
//! figures involved, the printed total included: this is the finding's
//! `tolerance`. A difference beyond it is an [`Severity::Error`] (or a
//! [`Severity::Warning`] for the checks whose relation is customary rather
//! than an identity); a difference within it is [`Severity::Rounding`].
//!
//! # Example
//!
//! ```
//! use juesuan_check::{validate, validate_with, CheckId, Severity};
//! use juesuan_model::{Amount, ColumnId, Document, Row, RowKey, Table, TableKind, Unit, Value};
//!
//! let mut table = Table::new(Some(TableKind::GeneralBudgetExpenditure), "一般公共预算财政拨款支出决算表");
//! let mut row = Row::new(RowKey::code("2010601")?, None, "行政运行");
//! for (column, printed) in [(ColumnId::Total, "10.00"), (ColumnId::Basic, "7.00"), (ColumnId::Project, "3.01")] {
//!     let value = Value::new(Amount::parse(printed)?, Some(&Unit::WanYuan), 15, None);
//!     row.values.insert(column, value);
//! }
//! table.rows.push(row);
//! let mut doc = Document::new("a.pdf", "ab");
//! doc.tables.push(table);
//!
//! let findings = validate_with(&doc, &[CheckId::RowSum]);
//! assert_eq!(findings.len(), 1);
//! assert_eq!(findings[0].severity, Severity::Rounding);
//! assert_eq!(findings[0].difference.unwrap().to_string(), "-0.01");
//! assert!(validate(&doc).iter().all(|f| f.severity != Severity::Error));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod facts;
mod narrative;
mod tables;

use rust_decimal::Decimal;

pub use juesuan_model::{CheckId, Finding, Severity};
use juesuan_model::{ColumnId, Document, Row, Table, Unit, Value};

/// Runs a chosen set of checks.
///
/// ```
/// use juesuan_check::{CheckId, Validator};
/// use juesuan_model::Document;
/// let v = Validator::new().only(&[CheckId::CodeTree, CheckId::RowSum]);
/// assert!(v.run(&Document::new("a.pdf", "ab")).is_empty());
/// ```
#[derive(Debug, Clone)]
pub struct Validator {
    checks: Vec<CheckId>,
}

impl Default for Validator {
    fn default() -> Self {
        Validator::new()
    }
}

impl Validator {
    /// A validator running every check.
    pub fn new() -> Validator {
        Validator {
            checks: CheckId::ALL.to_vec(),
        }
    }

    /// Keeps only the listed checks.
    pub fn only(mut self, checks: &[CheckId]) -> Validator {
        self.checks.retain(|c| checks.contains(c));
        self
    }

    /// Drops the listed checks.
    pub fn except(mut self, checks: &[CheckId]) -> Validator {
        self.checks.retain(|c| !checks.contains(c));
        self
    }

    /// The checks this validator runs.
    pub fn checks(&self) -> &[CheckId] {
        &self.checks
    }

    /// Runs the checks; findings come in check order, then in printed order.
    pub fn run(&self, doc: &Document) -> Vec<Finding> {
        let mut cx = Cx {
            doc,
            enabled: &self.checks,
            findings: Vec::new(),
        };
        tables::run(&mut cx);
        narrative::run(&mut cx);
        facts::run(&mut cx);
        let order = |c: CheckId| CheckId::ALL.iter().position(|x| *x == c);
        cx.findings.sort_by_key(|f| order(f.check));
        cx.findings
    }
}

/// Runs every check on a document.
pub fn validate(doc: &Document) -> Vec<Finding> {
    Validator::new().run(doc)
}

/// Runs the listed checks on a document.
pub fn validate_with(doc: &Document, checks: &[CheckId]) -> Vec<Finding> {
    Validator::new().only(checks).run(doc)
}

/// Counts findings by severity: (error, warning, rounding, info).
pub fn count(findings: &[Finding]) -> (usize, usize, usize, usize) {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    (
        n(Severity::Error),
        n(Severity::Warning),
        n(Severity::Rounding),
        n(Severity::Info),
    )
}

/// The running state of one validation.
pub(crate) struct Cx<'a> {
    pub doc: &'a Document,
    enabled: &'a [CheckId],
    pub findings: Vec<Finding>,
}

/// A printed figure taking part in an identity: its 万元 value and rounding allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fig {
    pub value: Decimal,
    pub half: Decimal,
}

impl Fig {
    pub const ZERO: Fig = Fig {
        value: Decimal::ZERO,
        half: Decimal::ZERO,
    };

    /// A printed figure in `unit`, converted to 万元 so tables printed in
    /// different units still compare. `quantum` is the table's effective
    /// precision when coarser than its printed decimals (see [`quantum`]).
    pub fn of(amount: Decimal, unit: Option<&Unit>, quantum: Decimal) -> Fig {
        let half = half_unit(amount).max(quantum / Decimal::TWO);
        match unit {
            Some(u) => Fig {
                value: u.to_wan_yuan(amount).unwrap_or(amount),
                half: u.to_wan_yuan(half).unwrap_or(half),
            },
            None => Fig {
                value: amount,
                half,
            },
        }
    }
}

impl std::ops::Add for Fig {
    type Output = Fig;
    fn add(self, o: Fig) -> Fig {
        Fig {
            value: self.value + o.value,
            half: self.half + o.half,
        }
    }
}

impl std::ops::Sub for Fig {
    type Output = Fig;
    fn sub(self, o: Fig) -> Fig {
        Fig {
            value: self.value - o.value,
            half: self.half + o.half,
        }
    }
}

impl std::iter::Sum for Fig {
    fn sum<I: Iterator<Item = Fig>>(iter: I) -> Fig {
        iter.fold(Fig::ZERO, |a, b| a + b)
    }
}

/// The coarsest power of ten (10 to 10 000) every amount of the table is a
/// multiple of, or zero. A table printed in 元 from figures kept in 万元 to two
/// decimals has every amount a multiple of 100 元: its figures were rounded to
/// 100 元, whatever decimals are printed.
pub(crate) fn quantum(t: &Table) -> Decimal {
    // Called for every cell a check reads, so it stops at the first amount
    // that is no multiple of 10, which in most tables is the first one.
    let (mut q, mut nonzero) = (Decimal::from(10_000), 0);
    for v in t.rows.iter().flat_map(|r| r.values.values()) {
        let v = v.amount.value();
        if v.is_zero() {
            continue;
        }
        nonzero += 1;
        while !q.is_zero() && !(v % q).is_zero() {
            q = if q == Decimal::TEN {
                Decimal::ZERO
            } else {
                q / Decimal::TEN
            };
        }
        if q.is_zero() {
            return q;
        }
    }
    if nonzero < 3 {
        Decimal::ZERO
    } else {
        q
    }
}

/// The printed figure of a row's cell, in 万元 with its rounding allowance.
pub(crate) fn cell_fig(doc: &Document, t: &Table, row: &Row, column: &ColumnId) -> Option<Fig> {
    let unit = t.unit.as_ref().or(doc.unit.as_ref());
    row.values
        .get(column)
        .map(|v| Fig::of(v.amount.value(), unit, quantum(t)))
}

/// Whether the recognizer's reading of a cell is too unsure for an error: its
/// table has no known kind (its title matched none of the templates), some
/// amounts printed in the table's region were read into no cell
/// (`Table::unassigned_amounts`), or its column has no canonical meaning
/// (`x:` header). Such a difference is at most a warning, and says so.
pub(crate) fn low_confidence(t: &Table, column: ColumnId) -> bool {
    t.kind.is_none() || t.unassigned_amounts > 0 || !column.is_canonical()
}

/// Half a unit of the last printed decimal place: 0.005 for `12.34`, 0.5 for `15`.
pub(crate) fn half_unit(d: Decimal) -> Decimal {
    Decimal::new(5, d.scale() + 1)
}

/// Where a printed figure sits.
#[derive(Debug, Clone)]
pub(crate) struct At<'a> {
    pub table: usize,
    pub t: &'a Table,
    pub row: &'a Row,
    pub column: ColumnId,
}

impl<'a> At<'a> {
    pub fn value(&self) -> Option<&'a Value> {
        self.row.values.get(&self.column)
    }

    /// The printed figure here, if any.
    pub fn fig(&self, doc: &Document) -> Option<Fig> {
        cell_fig(doc, self.t, self.row, &self.column)
    }

    /// The printed name of the row, for messages.
    pub fn describe(&self) -> String {
        let kind = self.t.kind.map_or("table", |k| k.chinese_name());
        let col = self
            .t
            .columns
            .iter()
            .find(|c| c.id == self.column)
            .map_or_else(|| self.column.id().to_string(), |c| c.header.clone());
        format!("{kind}「{} {}」{col}", self.row.key, self.row.name)
    }

    fn locate(&self, f: &mut Finding) {
        f.table = Some(self.table);
        f.kind = self.t.kind;
        f.side = self.row.side;
        f.key = Some(self.row.key.clone());
        f.column = Some(self.column);
        let value = self.value();
        f.page = value
            .map(|v| v.page)
            .or_else(|| self.t.pages.first().copied());
        f.bbox = value.and_then(|v| v.bbox);
    }
}

impl Cx<'_> {
    pub fn on(&self, check: CheckId) -> bool {
        self.enabled.contains(&check)
    }

    pub fn push(&mut self, f: Finding) {
        if self.on(f.check) {
            self.findings.push(f);
        }
    }

    /// Compares the figure printed at `at` with `expected` (built from other
    /// printed figures). A blank cell counts as zero when `blank_is_zero`.
    /// Beyond the tolerance the finding has severity `beyond`.
    pub fn compare(
        &mut self,
        check: CheckId,
        beyond: Severity,
        at: &At<'_>,
        expected: Fig,
        what: &str,
    ) {
        if !self.on(check) {
            return;
        }
        let printed = at.fig(self.doc);
        let p = printed.unwrap_or(Fig::ZERO);
        let diff = p.value - expected.value;
        if diff.is_zero() {
            return;
        }
        let tol = p.half + expected.half;
        let unsure = low_confidence(at.t, at.column);
        let severity = match beyond {
            _ if diff.abs() <= tol => Severity::Rounding,
            Severity::Error if unsure => Severity::Warning,
            severity => severity,
        };
        let unsure_note = if unsure && severity == Severity::Warning {
            "；表格识别置信度低 / low-confidence table"
        } else {
            ""
        };
        let shown = printed.map_or_else(|| "空白".to_string(), |p| p.value.to_string());
        let mut f = Finding::new(
            check,
            severity,
            format!(
                "{} 印 {shown}，{what} = {}，差 {}（容差 {}）{unsure_note}",
                at.describe(),
                expected.value,
                diff,
                tol.normalize()
            ),
        );
        at.locate(&mut f);
        f.expected = Some(expected.value);
        f.printed = printed.map(|p| p.value);
        f.difference = Some(diff);
        f.tolerance = Some(tol);
        self.findings.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use juesuan_model::{Amount, RowKey};

    fn table(printed: &[&str]) -> Table {
        let mut t = Table::new(None, "t");
        for (i, p) in printed.iter().enumerate() {
            let mut r = Row::new(RowKey::Label(format!("r{i}")), None, "");
            let v = Value::new(Amount::parse(p).unwrap(), None, 1, None);
            r.values.insert(ColumnId::Total, v);
            t.rows.push(r);
        }
        t
    }

    #[test]
    fn quantum_is_the_coarsest_power_of_ten_of_every_amount() {
        let q = |printed: &[&str]| quantum(&table(printed));
        assert_eq!(q(&["1,200", "30,000", "0", "500"]), Decimal::from(100));
        assert_eq!(q(&["20,000", "30,000", "1,000,000"]), Decimal::from(10_000));
        assert_eq!(q(&["1,200", "30,000", "505"]), Decimal::ZERO);
        assert_eq!(q(&["12.30", "30,000", "500"]), Decimal::ZERO);
        // Fewer than three nonzero amounts say nothing of the rounding.
        assert_eq!(q(&["1,200", "0", "30,000"]), Decimal::ZERO);
    }
}
