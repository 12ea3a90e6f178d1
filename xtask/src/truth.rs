//! Truth files in the format of the corpus SCHEMA.md, made from the same
//! description and layout as the PDF (never by reading the PDF back).

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::amount;
use crate::model::{CodeRow, Kind, Layout, RowSpec, SideRow, Table, ThreePublic};

#[derive(Serialize)]
pub struct Truth {
    pub file: String,
    pub sha256: String,
    pub department: String,
    pub year: u32,
    pub unit: String,
    pub tables: Vec<TruthTable>,
}

#[derive(Serialize)]
pub struct TruthTable {
    pub kind: &'static str,
    pub pages: Vec<usize>,
    pub rows: Vec<TruthRow>,
}

#[derive(Serialize)]
pub struct TruthRow {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub values: Values,
}

/// Column id → amount, serialized in the table's column order.
pub struct Values(Vec<(String, String)>);

impl Serialize for Values {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// SCHEMA.md label normalization: no white space, no leading Chinese
/// enumerator, half-width parentheses.
pub fn normalize_label(label: &str) -> String {
    let s: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.replace('（', "(").replace('）', ")");
    const NUMERALS: &str = "一二三四五六七八九十";
    let n = s.chars().take_while(|c| NUMERALS.contains(*c)).count();
    if n > 0 {
        let rest: String = s.chars().skip(n).collect();
        if let Some(r) = rest.strip_prefix('、') {
            return r.to_string();
        }
    }
    if let Some(rest) = s.strip_prefix('(') {
        let n = rest.chars().take_while(|c| NUMERALS.contains(*c)).count();
        let after: String = rest.chars().skip(n).collect();
        if n > 0 {
            if let Some(r) = after.strip_prefix(')') {
                return r.to_string();
            }
        }
    }
    s
}

fn values(columns: &[&str], printed: &[String], layout: &Layout) -> Values {
    Values(
        columns
            .iter()
            .zip(printed)
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), amount::truth(&amount::printed(v, layout))))
            .collect(),
    )
}

fn code_row(columns: &[&str], row: &CodeRow, layout: &Layout) -> Option<TruthRow> {
    let values = values(columns, &row.values, layout);
    if values.0.is_empty() {
        return None;
    }
    Some(match &row.code {
        Some(code) => TruthRow {
            side: None,
            label: None,
            code: Some(code.clone()),
            name: row
                .name
                .as_ref()
                .map(|n| n.chars().filter(|c| !c.is_whitespace()).collect()),
            values,
        },
        None => TruthRow {
            side: None,
            label: row.label.as_deref().map(normalize_label),
            code: None,
            name: None,
            values,
        },
    })
}

pub fn table(table: &Table, pages: Vec<usize>, layout: &Layout) -> TruthTable {
    let columns = table.kind.columns();
    let rows = match table.kind {
        Kind::IncomeExpenditureSummary | Kind::AppropriationSummary => {
            let income: Vec<&SideRow> = table
                .rows
                .iter()
                .filter_map(|r| match r {
                    RowSpec::Pair { income, .. } => Some(income),
                    RowSpec::Code(_) => None,
                })
                .collect();
            let expenditure: Vec<&SideRow> = table
                .rows
                .iter()
                .filter_map(|r| match r {
                    RowSpec::Pair { expenditure, .. } => Some(expenditure),
                    RowSpec::Code(_) => None,
                })
                .collect();
            let exp_columns: &[&str] = if table.kind == Kind::AppropriationSummary {
                columns
            } else {
                &["amount"]
            };
            let mut rows = side_rows("income", &income, &["amount"], layout);
            rows.extend(side_rows("expenditure", &expenditure, exp_columns, layout));
            rows
        }
        Kind::GeneralBudgetBasicExpenditure => table
            .blocks
            .iter()
            .flatten()
            .chain(table.footer.iter())
            .filter_map(|r| code_row(columns, r, layout))
            .collect(),
        Kind::ThreePublic => {
            let mut printed: Vec<(String, String)> = Vec::new();
            for (prefix, vals) in [("budget", &table.budget), ("actual", &table.actual)] {
                for (col, v) in columns.iter().zip(vals.iter()) {
                    if !v.is_empty() {
                        printed.push((
                            format!("{prefix}_{col}"),
                            amount::truth(&amount::printed(v, layout)),
                        ));
                    }
                }
            }
            // Pairs print the same cells in another order; truth keys are what matter.
            if layout.three_public == ThreePublic::Pairs {
                let order: BTreeMap<&str, usize> =
                    columns.iter().enumerate().map(|(i, c)| (*c, i)).collect();
                printed.sort_by_key(|(k, _)| {
                    let (p, c) = k.split_once('_').unwrap_or(("", k));
                    (order.get(c).copied().unwrap_or(0), p != "budget")
                });
            }
            if printed.is_empty() {
                Vec::new()
            } else {
                vec![TruthRow {
                    side: None,
                    label: Some("三公经费".into()),
                    code: None,
                    name: None,
                    values: Values(printed),
                }]
            }
        }
        _ => table
            .rows
            .iter()
            .filter_map(|r| match r {
                RowSpec::Code(row) => code_row(columns, row, layout),
                RowSpec::Pair { .. } => None,
            })
            .collect(),
    };
    TruthTable {
        kind: table.kind.id(),
        pages,
        rows,
    }
}

fn side_rows(
    side: &'static str,
    rows: &[&SideRow],
    columns: &[&str],
    layout: &Layout,
) -> Vec<TruthRow> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for row in rows {
        if row.label.is_empty() {
            continue;
        }
        let mut label = normalize_label(&row.label);
        let n = seen.entry(label.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            label = format!("{label}#{n}");
        }
        let values = values(columns, &row.values, layout);
        if values.0.is_empty() {
            continue;
        }
        out.push(TruthRow {
            side: Some(side),
            label: Some(label),
            code: row.code.clone(),
            name: None,
            values,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize_label;

    #[test]
    fn labels() {
        assert_eq!(normalize_label("一、一般公共服务支出"), "一般公共服务支出");
        assert_eq!(
            normalize_label("二十六、抗疫特别国债安排的支出"),
            "抗疫特别国债安排的支出"
        );
        assert_eq!(normalize_label("（一）基本 支出"), "基本支出");
        assert_eq!(normalize_label("因公出国（境）费"), "因公出国(境)费");
        assert_eq!(normalize_label("十分"), "十分");
    }
}
