//! The normalized records of one PDF: document, tables, rows, values.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::amount::{Amount, Unit};
use crate::code::{check_code, EconomicCode, FunctionCode};
use crate::column::ColumnId;
use crate::error::Result;
use crate::kind::{DocumentKind, Side, TableKind};
use crate::label::{normalize_label, numbered_label, split_numbered_label};
use crate::values::Values;

/// What identifies a row within a table side: a classification code or a label.
///
/// Serde writes `{"code": "2010601"}` or `{"label": "合计"}`; a label that
/// repeats on its side is written with its occurrence apart,
/// `{"label": "小计", "occurrence": 2}`, so the label stays as printed. It
/// reads both that and the truth files' `label#2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "KeyRepr", from = "KeyRepr")]
pub enum RowKey {
    /// A classification code as one digit string (3, 5 or 7 digits); split
    /// 类/款/项 columns are joined first. Which system it belongs to follows
    /// from the table kind ([`TableKind::code_system`]).
    Code(String),
    /// A normalized label ([`normalize_label`]), numbered `label#2` when it
    /// repeats on the same side ([`crate::LabelNumbering`]).
    Label(String),
}

impl RowKey {
    /// A code key; the digits must be 3, 5 or 7 ASCII digits.
    pub fn code(digits: &str) -> Result<RowKey> {
        check_code(digits)?;
        Ok(RowKey::Code(digits.to_owned()))
    }

    /// A label key from a printed label, normalized (not numbered; see
    /// [`crate::LabelNumbering`] for repeated labels).
    pub fn label(printed: &str) -> RowKey {
        RowKey::Label(normalize_label(printed))
    }

    /// The code digits, if this is a code key.
    pub fn as_code(&self) -> Option<&str> {
        match self {
            RowKey::Code(c) => Some(c),
            RowKey::Label(_) => None,
        }
    }

    /// The label, if this is a label key.
    pub fn as_label(&self) -> Option<&str> {
        match self {
            RowKey::Label(l) => Some(l),
            RowKey::Code(_) => None,
        }
    }

    /// The key read as a 功能分类 code.
    pub fn function_code(&self) -> Option<FunctionCode> {
        self.as_code().and_then(|c| FunctionCode::parse(c).ok())
    }

    /// The key read as an 经济分类 code.
    pub fn economic_code(&self) -> Option<EconomicCode> {
        self.as_code().and_then(|c| EconomicCode::parse(c).ok())
    }
}

/// Reads a JSON `null` (written for an absent field) as an empty map.
fn null_as_empty<'de, D>(d: D) -> std::result::Result<BTreeMap<String, String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    Ok(Option::<BTreeMap<String, String>>::deserialize(d)?.unwrap_or_default())
}

/// The serialized form of a [`RowKey`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    occurrence: Option<u32>,
}

impl From<RowKey> for KeyRepr {
    fn from(key: RowKey) -> KeyRepr {
        match key {
            RowKey::Code(c) => KeyRepr {
                code: Some(c),
                label: None,
                occurrence: None,
            },
            RowKey::Label(l) => {
                let (base, n) = split_numbered_label(&l);
                KeyRepr {
                    code: None,
                    label: Some(base.to_owned()),
                    occurrence: (n > 1).then_some(n),
                }
            }
        }
    }
}

impl From<KeyRepr> for RowKey {
    fn from(r: KeyRepr) -> RowKey {
        match (r.code, r.label) {
            (Some(c), _) => RowKey::Code(c),
            (None, l) => RowKey::Label(numbered_label(
                &l.unwrap_or_default(),
                r.occurrence.unwrap_or(1),
            )),
        }
    }
}

impl RowKey {
    /// The label as printed (normalized) and its occurrence on its side, 1
    /// for the first, if this is a label key.
    pub fn label_parts(&self) -> Option<(&str, u32)> {
        self.as_label().map(split_numbered_label)
    }
}

impl fmt::Display for RowKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowKey::Code(c) => f.write_str(c),
            RowKey::Label(l) => f.write_str(l),
        }
    }
}

/// One printed amount, where it was printed, and its 万元 value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    /// The amount as printed, in the table's unit.
    pub amount: Amount,
    /// The amount in 万元 (exact), when the unit is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wan_yuan: Option<Decimal>,
    /// The 1-based physical page number the amount is printed on.
    pub page: u32,
    /// The printed text's box `[x0, y0, x1, y1]` in PDF points, origin at the
    /// top-left of the displayed page, y growing downwards (as `juesuan-text`'s `Rect`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 4]>,
}

impl Value {
    /// A value printed on `page`, with its 万元 value computed from `unit`.
    pub fn new(amount: Amount, unit: Option<&Unit>, page: u32, bbox: Option<[f64; 4]>) -> Value {
        let wan_yuan = unit.and_then(|u| amount.in_wan_yuan(u));
        Value {
            amount,
            wan_yuan,
            page,
            bbox,
        }
    }
}

/// One record: a row of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// What identifies the row on its side.
    pub key: RowKey,
    /// The half of a two-sided summary the row is printed in; `None` elsewhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// The printed 科目名称 or label, wrapped lines joined and white space
    /// removed, otherwise as printed (enumerator and full-width parentheses kept).
    pub name: String,
    /// The printed amounts by column; a blank cell has no entry.
    pub values: Values,
    /// Text that describes the row but is not part of its name, by printed
    /// header: attribute columns (采购组织形式, 绩效目标, 备注), the 单位名称
    /// printed beside the row's own name, and `分组`, the group cell merged
    /// over the row and its neighbours.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "null_as_empty"
    )]
    pub attributes: BTreeMap<String, String>,
}

impl Row {
    /// A row with no values yet.
    pub fn new(key: RowKey, side: Option<Side>, name: impl Into<String>) -> Row {
        Row {
            key,
            side,
            name: name.into(),
            values: Values::new(),
            attributes: BTreeMap::new(),
        }
    }

    /// The value printed in `column`.
    pub fn value(&self, column: &ColumnId) -> Option<&Value> {
        self.values.get(column)
    }

    /// The exact amount printed in `column`.
    pub fn amount(&self, column: &ColumnId) -> Option<Decimal> {
        self.values.get(column).map(|v| v.amount.value())
    }
}

/// A printed column and the canonical id it was mapped to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The canonical id, or [`ColumnId::Other`] for an unknown header.
    pub id: ColumnId,
    /// The printed header, white space removed, levels of a multi-level header joined with `/`.
    pub header: String,
    /// The side of a two-sided summary the column belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
}

/// One printed table, joined over its continuation pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Table {
    /// The SCHEMA kind; `None` for a recognised table with no kind id yet (机关运行经费 …).
    pub kind: Option<TableKind>,
    /// The printed title, white space removed.
    pub title: String,
    /// The printed 公开NN number (1 for 公开01表), if printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u8>,
    /// The unit of the table's 单位 line, if printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// The 1-based physical pages that carry the table's content.
    pub pages: Vec<u32>,
    /// The printed amount columns, left to right.
    pub columns: Vec<Column>,
    /// The rows in printed order (see SCHEMA.md for side-by-side blocks).
    pub rows: Vec<Row>,
    /// Remarks about the table, such as `本表无数据` when printed empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// How many amounts printed inside the table's region were put in no
    /// cell: 0 when every printed figure was read. A confidence measure to
    /// sort tables by; see also [`Table::amount_count`].
    #[serde(default)]
    pub unassigned_amounts: u32,
}

impl Table {
    /// An empty table of `kind` with a printed title.
    pub fn new(kind: Option<TableKind>, title: impl Into<String>) -> Table {
        Table {
            kind,
            title: title.into(),
            number: None,
            unit: None,
            pages: Vec::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            notes: Vec::new(),
            unassigned_amounts: 0,
        }
    }

    /// How many amounts the table's rows hold.
    pub fn amount_count(&self) -> usize {
        self.rows.iter().map(|r| r.values.len()).sum()
    }

    /// The share of the amounts printed in the table's region that were read
    /// into a cell (1.0 for a table with nothing left over).
    pub fn read_share(&self) -> f64 {
        let read = self.amount_count() as f64;
        let printed = read + f64::from(self.unassigned_amounts);
        if printed == 0.0 {
            1.0
        } else {
            read / printed
        }
    }

    /// Whether no amount is printed in the table.
    pub fn is_empty(&self) -> bool {
        self.rows.iter().all(|r| r.values.is_empty())
    }

    /// The first row with this side and key.
    pub fn row(&self, side: Option<Side>, key: &RowKey) -> Option<&Row> {
        self.rows.iter().find(|r| r.side == side && &r.key == key)
    }

    /// The value at (side, key, column).
    pub fn value(&self, side: Option<Side>, key: &RowKey, column: &ColumnId) -> Option<&Value> {
        self.row(side, key).and_then(|r| r.value(column))
    }
}

/// Everything extracted from one PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Document {
    /// The PDF's file name (without directories).
    pub file: String,
    /// The hex SHA-256 of the PDF's bytes; it links the document to its truth file.
    pub sha256: String,
    /// The department as printed in the headings (预算单位 / 部门名称).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// The fiscal year the accounts are for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// What kind of publication this is.
    #[serde(default)]
    pub kind: DocumentKind,
    /// The unit most tables are printed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<Unit>,
    /// The number of pages in the PDF.
    pub page_count: u32,
    /// The tables found, in printed order.
    pub tables: Vec<Table>,
    /// The text outside the tables (cover, 概况, 情况说明, 名词解释), one block
    /// per page, lines joined without separators so that wrapped sentences and
    /// numbers broken over lines read whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub narrative: Vec<TextBlock>,
    /// Problems met while extracting, for a human reader.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// What the 勾稽 checks (`juesuan_check::validate`) found, when the caller
    /// stores it here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<crate::finding::Finding>,
    /// The facts the 情况说明 prints (机关运行经费, 政府采购, 车辆, 三公 counts …),
    /// in printed order, when the caller reads them (`juesuan-facts`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<crate::fact::Fact>,
    /// The project performance tables (绩效自评表, 绩效目标表), in printed order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub performance: Vec<crate::performance::Performance>,
}

/// Text printed on one page outside the tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextBlock {
    /// The 1-based page.
    pub page: u32,
    /// The page's lines, white space removed, joined in reading order.
    pub text: String,
}

impl Document {
    /// A document with no tables, of unknown kind.
    pub fn new(file: impl Into<String>, sha256: impl Into<String>) -> Document {
        Document {
            file: file.into(),
            sha256: sha256.into(),
            department: None,
            year: None,
            kind: DocumentKind::Unknown,
            unit: None,
            page_count: 0,
            tables: Vec::new(),
            narrative: Vec::new(),
            warnings: Vec::new(),
            findings: Vec::new(),
            facts: Vec::new(),
            performance: Vec::new(),
        }
    }

    /// The first table of `kind`.
    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        self.tables.iter().find(|t| t.kind == Some(kind))
    }

    /// Every value with its location, in table and row order.
    pub fn cells(&self) -> impl Iterator<Item = (CellRef, &Value)> + '_ {
        self.tables.iter().enumerate().flat_map(|(ti, t)| {
            t.rows.iter().flat_map(move |r| {
                r.values.iter().map(move |(c, v)| {
                    (
                        CellRef {
                            table: ti,
                            kind: t.kind,
                            side: r.side,
                            key: r.key.clone(),
                            column: *c,
                        },
                        v,
                    )
                })
            })
        })
    }

    /// The value a [`CellRef`] points to.
    pub fn get(&self, cell: &CellRef) -> Option<&Value> {
        self.tables
            .get(cell.table)
            .and_then(|t| t.value(cell.side, &cell.key, &cell.column))
    }
}

/// The address of one cell of a [`Document`], for findings and diffs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CellRef {
    /// The index of the table in [`Document::tables`].
    pub table: usize,
    /// The table's kind.
    pub kind: Option<TableKind>,
    /// The row's side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// The row's key.
    pub key: RowKey,
    /// The column.
    pub column: ColumnId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_label_is_written_with_its_occurrence_apart() {
        let key = RowKey::Label("小计#3".into());
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(json, r#"{"label":"小计","occurrence":3}"#);
        assert_eq!(serde_json::from_str::<RowKey>(&json).unwrap(), key);
        assert_eq!(key.label_parts(), Some(("小计", 3)));
        // The first occurrence has no number; truth files' `label#2` reads too.
        let first = serde_json::to_string(&RowKey::Label("小计".into())).unwrap();
        assert_eq!(first, r#"{"label":"小计"}"#);
        let legacy: RowKey = serde_json::from_str(r#"{"label":"小计#2"}"#).unwrap();
        assert_eq!(legacy, RowKey::Label("小计#2".into()));
        // The store fills absent keys with null; they read back.
        let filled: RowKey =
            serde_json::from_str(r#"{"code":"201","label":null,"occurrence":null}"#).unwrap();
        assert_eq!(filled, RowKey::Code("201".into()));
    }

    #[test]
    fn attributes_read_from_null() {
        let row: Row = serde_json::from_str(
            r#"{"key":{"label":"合计"},"name":"合计","values":{},"attributes":null}"#,
        )
        .unwrap();
        assert!(row.attributes.is_empty());
    }

    #[test]
    fn a_document_round_trips_through_json() {
        let mut doc = Document::new("a.pdf", "ab");
        doc.kind = DocumentKind::FinalAccounts;
        doc.year = Some(2024);
        doc.unit = Some(Unit::WanYuan);
        doc.page_count = 22;
        let mut table = Table::new(Some(TableKind::ThreePublic), "财政拨款“三公”经费支出决算表");
        table.number = Some(7);
        table.pages = vec![18];
        table.columns.push(Column {
            id: ColumnId::BudgetTotal,
            header: "合计/预算数".into(),
            side: None,
        });
        table.columns.push(Column {
            id: ColumnId::other("备 注"),
            header: "备注".into(),
            side: None,
        });
        let mut row = Row::new(RowKey::label("三公经费"), None, "三公经费");
        let amount = Amount::parse("0.95").unwrap();
        let value = Value::new(amount, Some(&Unit::WanYuan), 18, Some([1.0, 2.0, 3.5, 4.0]));
        row.values.insert(ColumnId::BudgetTotal, value);
        row.values.insert(
            ColumnId::other("备注"),
            Value::new(Amount::parse("1,000").unwrap(), Some(&Unit::Yuan), 18, None),
        );
        table.rows.push(row);
        table.notes.push("本表无数据".into());
        doc.tables.push(table);
        doc.warnings.push("page 14: empty grid row".into());

        let json = serde_json::to_string(&doc).unwrap();
        assert!(json.contains(r#""kind":"three_public""#));
        assert!(json.contains(r#""key":{"label":"三公经费"}"#));
        assert!(json.contains(r#""budget_total":{"amount":{"value":"0.95","printed":"0.95"},"wan_yuan":"0.95","page":18,"bbox":[1.0,2.0,3.5,4.0]}"#));
        assert!(json.contains(
            r#""x:备注":{"amount":{"value":"1000","printed":"1,000"},"wan_yuan":"0.1000""#
        ));
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn lookups_find_cells() {
        let mut doc = Document::new("a.pdf", "ab");
        let mut table = Table::new(Some(TableKind::Income), "收入决算表");
        assert!(table.is_empty());
        let mut row = Row::new(RowKey::code("2010601").unwrap(), None, "行政运行");
        let v = Value::new(Amount::parse("1.00").unwrap(), None, 8, None);
        assert_eq!(v.wan_yuan, None);
        row.values.insert(ColumnId::Total, v);
        table.rows.push(row);
        doc.tables.push(table);
        let key = RowKey::Code("2010601".into());
        assert_eq!(key.function_code().unwrap().level(), crate::CodeLevel::Item);
        assert_eq!(key.economic_code(), None);
        let t = doc.table(TableKind::Income).unwrap();
        assert!(!t.is_empty());
        assert_eq!(
            t.row(None, &key)
                .unwrap()
                .amount(&ColumnId::Total)
                .unwrap()
                .to_string(),
            "1.00"
        );
        let cells: Vec<_> = doc.cells().collect();
        assert_eq!(cells.len(), 1);
        assert_eq!(doc.get(&cells[0].0).unwrap().page, 8);
        assert!(RowKey::code("20106011").is_err());
        assert_eq!(
            RowKey::label("（一）行政运行"),
            RowKey::Label("行政运行".into())
        );
    }
}
