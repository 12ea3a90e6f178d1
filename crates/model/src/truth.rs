//! The hand-checked truth files of SCHEMA.md: types, loading, writing, and
//! the conversion of an extracted [`Document`] into the same form.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::amount::{parse_plain, Unit};
use crate::code::check_code;
use crate::column::ColumnId;
use crate::document::{Document, RowKey};
use crate::error::{Error, ErrorKind, Result};
use crate::kind::{Side, TableKind};
use crate::label::normalize_label;

/// One truth file: what is printed in one PDF, cell by cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthFile {
    /// The PDF's file name.
    pub file: String,
    /// The hex SHA-256 of the PDF; the truth file is named `<sha256>.json`.
    pub sha256: String,
    /// The department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The fiscal year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The unit the tables are printed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// The printed tables that have a kind id; a kind not printed is not listed.
    pub tables: Vec<TruthTable>,
}

/// One table of a truth file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthTable {
    /// The kind.
    pub kind: TableKind,
    /// The 1-based physical pages that carry the table's content.
    pub pages: Vec<u32>,
    /// The rows with at least one printed amount, in printed order; empty for an empty table.
    pub rows: Vec<TruthRow>,
}

/// One row of a truth table.
///
/// The row is identified by `code` when present, else by `label` (plus `side`
/// in the two-sided summaries).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TruthRow {
    /// The side, in the two summaries only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// The normalized label (rows without code, and the 类 rows of the summaries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The classification code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The printed name with white space removed (informative only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The amounts as printed without thousands separators, by column.
    pub values: BTreeMap<ColumnId, String>,
}

impl TruthRow {
    /// The identity of the row within its side: the code, else the label.
    pub fn key(&self) -> Option<RowKey> {
        match (&self.code, &self.label) {
            (Some(code), _) => Some(RowKey::Code(code.clone())),
            (None, Some(label)) => Some(RowKey::Label(label.clone())),
            (None, None) => None,
        }
    }
}

impl TruthFile {
    /// Reads and validates a truth file.
    pub fn load(path: impl AsRef<Path>) -> Result<TruthFile> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(ErrorKind::Io, format!("cannot read {}", path.display())).with_source(e)
        })?;
        TruthFile::from_json(&text).map_err(|e| e.context(path.display()))
    }

    /// Reads every `*.json` truth file of a folder, keyed by sha256.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<BTreeMap<String, TruthFile>> {
        let dir = dir.as_ref();
        let io_err = |e: io::Error| {
            Error::new(ErrorKind::Io, format!("cannot list {}", dir.display())).with_source(e)
        };
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io_err)? {
            let path = entry.map_err(io_err)?.path();
            if path.extension().is_some_and(|e| e == "json") {
                paths.push(path);
            }
        }
        paths.sort();
        let mut files = BTreeMap::new();
        for path in paths {
            let truth = TruthFile::load(&path)?;
            files.insert(truth.sha256.clone(), truth);
        }
        Ok(files)
    }

    /// Parses and validates truth JSON.
    pub fn from_json(text: &str) -> Result<TruthFile> {
        let truth: TruthFile = serde_json::from_str(text).map_err(|e| {
            Error::new(ErrorKind::Json, "truth file is not valid truth JSON").with_source(e)
        })?;
        truth.validate()?;
        Ok(truth)
    }

    /// Checks the SCHEMA rules serde cannot: each row has a code or a label,
    /// codes are 3/5/7 digits, amounts follow the strict grammar without
    /// thousands separators, `side` is present exactly in the two-sided kinds,
    /// and neither a kind nor a row identity repeats.
    pub fn validate(&self) -> Result<()> {
        let invalid = |msg: String| Err(Error::new(ErrorKind::InvalidTruth, msg));
        let mut kinds = HashSet::new();
        for table in &self.tables {
            let kind = table.kind;
            if !kinds.insert(kind) {
                return invalid(format!("table kind {kind} is listed twice"));
            }
            let mut keys = HashSet::new();
            for (i, row) in table.rows.iter().enumerate() {
                let at = format!("{kind} row {}", i + 1);
                let Some(key) = row.key() else {
                    return invalid(format!("{at} has neither code nor label"));
                };
                if let Some(code) = &row.code {
                    check_code(code).map_err(|e| {
                        Error::new(ErrorKind::InvalidTruth, format!("{at}: {}", e.message()))
                    })?;
                }
                if row.side.is_some() != kind.is_two_sided() {
                    return invalid(format!(
                        "{at}: side must be given exactly in two-sided tables"
                    ));
                }
                if !keys.insert((row.side, key.clone())) {
                    return invalid(format!("{at}: row {key} repeats"));
                }
                for (column, amount) in &row.values {
                    parse_plain(amount).map_err(|e| {
                        Error::new(
                            ErrorKind::InvalidTruth,
                            format!("{at} {column}: {}", e.message()),
                        )
                    })?;
                }
            }
        }
        Ok(())
    }

    /// The kinds listed.
    pub fn kinds(&self) -> BTreeSet<TableKind> {
        self.tables.iter().map(|t| t.kind).collect()
    }

    /// The number of cells (amounts) listed.
    pub fn cell_count(&self) -> usize {
        self.tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| r.values.len())
            .sum()
    }

    /// Writes the JSON in the layout of the hand-made files: two-space
    /// indentation, `pages` on one line, one row per line with `", "` and
    /// `": "` separators, and a final newline.
    pub fn to_json_string(&self) -> String {
        let mut out = String::from("{\n");
        let field = |name: &str, value: String, out: &mut String| {
            out.push_str(&format!("  {}: {value},\n", json(&name)));
        };
        field("file", json(&self.file), &mut out);
        field("sha256", json(&self.sha256), &mut out);
        if let Some(d) = &self.department {
            field("department", json(d), &mut out);
        }
        if let Some(y) = self.year {
            field("year", y.to_string(), &mut out);
        }
        if let Some(u) = &self.unit {
            field("unit", json(u), &mut out);
        }
        if self.tables.is_empty() {
            out.push_str("  \"tables\": []\n}\n");
            return out;
        }
        out.push_str("  \"tables\": [\n");
        for (ti, table) in self.tables.iter().enumerate() {
            out.push_str("    {\n");
            out.push_str(&format!("      \"kind\": {},\n", json(&table.kind)));
            out.push_str(&format!("      \"pages\": {},\n", spaced(&table.pages)));
            if table.rows.is_empty() {
                out.push_str("      \"rows\": []\n");
            } else {
                out.push_str("      \"rows\": [\n");
                for (ri, row) in table.rows.iter().enumerate() {
                    out.push_str("        ");
                    out.push_str(&spaced(row));
                    out.push_str(if ri + 1 < table.rows.len() {
                        ",\n"
                    } else {
                        "\n"
                    });
                }
                out.push_str("      ]\n");
            }
            out.push_str(if ti + 1 < self.tables.len() {
                "    },\n"
            } else {
                "    }\n"
            });
        }
        out.push_str("  ]\n}\n");
        out
    }
}

/// Compact JSON of a value that cannot fail to serialize (strings, ids, numbers).
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Compact JSON with a space after each `,` and `:`, as in the hand-made files.
fn spaced<T: Serialize + ?Sized>(value: &T) -> String {
    struct Spaced;

    impl serde_json::ser::Formatter for Spaced {
        fn begin_array_value<W: ?Sized + io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
            if first {
                Ok(())
            } else {
                w.write_all(b", ")
            }
        }

        fn begin_object_key<W: ?Sized + io::Write>(
            &mut self,
            w: &mut W,
            first: bool,
        ) -> io::Result<()> {
            if first {
                Ok(())
            } else {
                w.write_all(b", ")
            }
        }

        fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
            w.write_all(b": ")
        }
    }

    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, Spaced);
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    String::from_utf8(buf).unwrap_or_default()
}

impl From<&Document> for TruthFile {
    /// Writes an extracted document in truth form, to compare like with like.
    ///
    /// Tables without a kind id and rows without any amount are left out, as
    /// SCHEMA.md prescribes. In the two-sided summaries a code row also gets
    /// its normalized printed name as `label`; elsewhere a code row gets its
    /// printed name as `name`.
    fn from(doc: &Document) -> TruthFile {
        let tables = doc
            .tables
            .iter()
            .filter_map(|table| {
                let kind = table.kind?;
                let rows = table
                    .rows
                    .iter()
                    .filter(|r| !r.values.is_empty())
                    .map(|r| {
                        let compact_name: String =
                            r.name.chars().filter(|c| !c.is_whitespace()).collect();
                        let (label, code, name) = match &r.key {
                            RowKey::Label(l) => (Some(l.clone()), None, None),
                            RowKey::Code(c) if kind.is_two_sided() => {
                                let label = (!compact_name.is_empty())
                                    .then(|| normalize_label(&compact_name));
                                (label, Some(c.clone()), None)
                            }
                            RowKey::Code(c) => (
                                None,
                                Some(c.clone()),
                                (!compact_name.is_empty()).then_some(compact_name),
                            ),
                        };
                        TruthRow {
                            side: r.side,
                            label,
                            code,
                            name,
                            values: r
                                .values
                                .iter()
                                .map(|(c, v)| (*c, v.amount.plain()))
                                .collect(),
                        }
                    })
                    .collect();
                Some(TruthTable {
                    kind,
                    pages: table.pages.clone(),
                    rows,
                })
            })
            .collect();
        TruthFile {
            file: doc.file.clone(),
            sha256: doc.sha256.clone(),
            department: doc.department.clone(),
            year: doc.year,
            unit: doc.unit.clone(),
            tables,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &str) -> String {
        format!(r#"{{"file": "t.pdf", "sha256": "00", "tables": [{rows}]}}"#)
    }

    #[test]
    fn schema_rules_are_checked() {
        let cases = [
            (
                r#"{"kind": "income", "pages": [8], "rows": [{"values": {"total": "1.00"}}]}"#,
                "neither code nor label",
            ),
            (
                r#"{"kind": "income", "pages": [8], "rows": [{"code": "2010", "values": {"total": "1.00"}}]}"#,
                "ASCII digits",
            ),
            (
                r#"{"kind": "income", "pages": [8], "rows": [{"label": "合计", "values": {"total": "1,000.00"}}]}"#,
                "thousands separator",
            ),
            (
                r#"{"kind": "income", "pages": [8], "rows": [{"label": "合计", "values": {"total": "1.0.0"}}]}"#,
                "amount",
            ),
            (
                r#"{"kind": "income", "pages": [8], "rows": [{"side": "income", "label": "合计", "values": {}}]}"#,
                "side",
            ),
            (
                r#"{"kind": "appropriation_summary", "pages": [8], "rows": [{"label": "总计", "values": {}}]}"#,
                "side",
            ),
            (
                r#"{"kind": "income", "pages": [8], "rows": [{"label": "合计", "values": {}}, {"label": "合计", "values": {}}]}"#,
                "repeats",
            ),
            (
                r#"{"kind": "income", "pages": [8], "rows": []}, {"kind": "income", "pages": [9], "rows": []}"#,
                "twice",
            ),
        ];
        for (rows, needle) in cases {
            let err = TruthFile::from_json(&table(rows)).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidTruth, "{rows}");
            assert!(err.to_string().contains(needle), "{err} lacks {needle:?}");
        }
        let err = TruthFile::from_json(&table(r#"{"kind": "incomes", "pages": [], "rows": []}"#))
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Json);
        // Two-sided rows may repeat a label on the other side.
        let ok = r#"{"kind": "income_expenditure_summary", "pages": [6], "rows": [
            {"side": "income", "label": "总计", "values": {"amount": "1.00"}},
            {"side": "expenditure", "label": "总计", "values": {"amount": "1.00"}}]}"#;
        assert!(TruthFile::from_json(&table(ok)).is_ok());
    }

    #[test]
    fn the_hand_layout_is_reproduced() {
        let text = "{\n  \"file\": \"t.pdf\",\n  \"sha256\": \"00\",\n  \"year\": 2024,\n  \"unit\": \"万元\",\n  \"tables\": [\n    {\n      \"kind\": \"income\",\n      \"pages\": [8, 9],\n      \"rows\": [\n        {\"label\": \"合计\", \"values\": {\"total\": \"2946.25\", \"other\": \"6.20\"}},\n        {\"code\": \"2010601\", \"name\": \"行政运行\", \"values\": {\"total\": \"1511.90\"}}\n      ]\n    },\n    {\n      \"kind\": \"state_capital\",\n      \"pages\": [20],\n      \"rows\": []\n    }\n  ]\n}\n";
        let truth = TruthFile::from_json(text).unwrap();
        assert_eq!(truth.to_json_string(), text);
        assert_eq!(truth.cell_count(), 3);
        assert_eq!(truth.kinds().len(), 2);
        let missing = TruthFile::load("/nonexistent/truth.json").unwrap_err();
        assert_eq!(missing.kind(), ErrorKind::Io);
    }
}
