//! The document JSON: `documents/<sha256>.json`, with a `schema_version`
//! and every key of `schema/document.schema.json` present.
//!
//! [`document_json`] builds it as a `serde_json::Value`; the sink writes the
//! same bytes without one ([`document_bytes`], through `json_out`): building,
//! filling and printing the value took over a third of the writer thread.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use juesuan_model::Document;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::Result;
use crate::json_out;
use crate::record::PageError;
use crate::{write_atomic, Item, Prepare, Prepared, Sink, Staged};

/// The version of the document JSON; it changes when a key is renamed,
/// removed or changes meaning. Version 2 added `facts` and `performance`.
pub const SCHEMA_VERSION: u32 = 2;

/// The JSON Schema of the document JSON.
pub const SCHEMA: &str = include_str!("../schema/document.schema.json");

/// Writes each document to `DIR/documents/<sha256>.json`.
pub struct JsonSink {
    dir: PathBuf,
}

impl JsonSink {
    /// A sink writing under `out/documents`.
    pub fn new(out: &Path) -> Result<JsonSink> {
        let dir = out.join("documents");
        std::fs::create_dir_all(&dir).map_err(|e| crate::Error::from(e).at(&dir))?;
        Ok(JsonSink { dir })
    }

    fn path(&self, sha: &str) -> PathBuf {
        self.dir.join(format!("{sha}.json"))
    }
}

impl Sink for JsonSink {
    fn name(&self) -> &'static str {
        "json"
    }

    fn holds(&self, sha256: &str) -> bool {
        self.path(sha256).is_file()
    }

    fn write(&mut self, item: &Item<'_>) -> Result<()> {
        let path = self.path(&item.document.sha256);
        write_atomic(&path, &document_bytes(item)?)
    }

    fn preparer(&self) -> Option<Arc<dyn Prepare>> {
        Some(Arc::new(JsonPrepare {
            dir: self.dir.clone(),
        }))
    }
}

/// The JSON sink's formatting half: a worker serializes the document and
/// writes it under its temporary name; the writer thread renames it.
struct JsonPrepare {
    dir: PathBuf,
}

impl Prepare for JsonPrepare {
    fn prepare(&self, item: &Item<'_>) -> Result<Prepared> {
        let path = self.dir.join(format!("{}.json", item.document.sha256));
        let staged = Staged::write_with(&path, |out| write_document(item, out))?;
        Ok(Box::new(staged))
    }
}

/// The document with the keys the sink adds to it.
#[derive(Serialize)]
struct Top<'a> {
    #[serde(flatten)]
    document: &'a Document,
    schema_version: u32,
    status: &'a str,
    page_errors: &'a [PageError],
}

/// The document JSON of one item as the sink writes it: exactly
/// `serde_json::to_vec_pretty` of [`document_json`], built without the value.
pub fn document_bytes(item: &Item<'_>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    write_document(item, &mut out)?;
    Ok(out)
}

/// Writes [`document_bytes`] to `out`, without holding them all at once.
pub fn write_document<W: std::io::Write>(item: &Item<'_>, out: &mut W) -> Result<()> {
    static COMPILED: OnceLock<json_out::Schema> = OnceLock::new();
    let schema = match COMPILED.get() {
        Some(s) => s,
        None => {
            let compiled = json_out::Schema::compile(parsed_schema()?);
            COMPILED.get_or_init(|| compiled)
        }
    };
    let top = Top {
        document: item.document,
        schema_version: SCHEMA_VERSION,
        status: item.record.status.id(),
        page_errors: &item.record.page_errors,
    };
    Ok(json_out::to_writer(&top, schema, out)?)
}

/// The document JSON of one item, as a value: the document's fields, its
/// status and page errors, and `schema_version`, with every key of the
/// schema present.
pub fn document_json(item: &Item<'_>) -> Result<Value> {
    let mut value = serde_json::to_value(item.document)?;
    if let Value::Object(map) = &mut value {
        map.insert("schema_version".into(), SCHEMA_VERSION.into());
        map.insert("status".into(), item.record.status.id().into());
        map.insert(
            "page_errors".into(),
            serde_json::to_value(&item.record.page_errors)?,
        );
    }
    let schema = parsed_schema()?;
    fill_absent(&mut value, schema, schema);
    Ok(value)
}

/// [`SCHEMA`], parsed once per process: parsing it took longer than
/// serializing a typical document.
fn parsed_schema() -> Result<&'static Value> {
    static PARSED: OnceLock<Value> = OnceLock::new();
    if let Some(schema) = PARSED.get() {
        return Ok(schema);
    }
    let schema: Value = serde_json::from_str(SCHEMA)?;
    Ok(PARSED.get_or_init(|| schema))
}

/// Adds every property the schema declares and the value lacks: `[]` for
/// a list, `null` otherwise. Serde leaves empty and unknown fields out;
/// readers want one key set.
pub(crate) fn fill_absent(value: &mut Value, schema: &Value, root: &Value) {
    let schema = resolve(schema, root);
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = schema.get("properties") {
                for (name, sub) in props {
                    let sub = resolve(sub, root);
                    let v = map.entry(name.clone()).or_insert_with(|| empty(sub));
                    fill_absent(v, sub, root);
                }
            }
            if let Some(sub @ Value::Object(_)) = schema.get("additionalProperties") {
                let declared: &Map<String, Value> = match schema.get("properties") {
                    Some(Value::Object(p)) => p,
                    _ => &Map::new(),
                };
                let declared: Vec<String> = declared.keys().cloned().collect();
                for (name, v) in map.iter_mut() {
                    if !declared.contains(name) {
                        fill_absent(v, sub, root);
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for v in items {
                    fill_absent(v, sub, root);
                }
            }
        }
        _ => {}
    }
}

pub(crate) fn empty(schema: &Value) -> Value {
    let is_array = match schema.get("type") {
        Some(Value::String(t)) => t == "array",
        _ => false,
    };
    if is_array {
        Value::Array(Vec::new())
    } else {
        Value::Null
    }
}

/// Follows a local `$ref` (`#/$defs/name`).
pub(crate) fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/$defs/")
            .and_then(|name| root.get("$defs")?.get(name))
            .unwrap_or(schema),
        None => schema,
    }
}

/// The keys of `value` that the schema does not declare, or declares as
/// required but are absent, as JSON pointers: empty when the value has
/// exactly the schema's key set.
pub fn key_set_problems(value: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap_or(Value::Null);
    let mut out = Vec::new();
    walk_keys(value, &schema, &schema, "", &mut out);
    out
}

fn walk_keys(value: &Value, schema: &Value, root: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(schema, root);
    match value {
        Value::Object(map) => {
            let props = schema.get("properties").and_then(Value::as_object);
            if let Some(Value::Array(required)) = schema.get("required") {
                for r in required.iter().filter_map(Value::as_str) {
                    if !map.contains_key(r) {
                        out.push(format!("{at}/{r}: absent"));
                    }
                }
            }
            let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
            for (k, v) in map {
                match props.and_then(|p| p.get(k)) {
                    Some(sub) => walk_keys(v, sub, root, &format!("{at}/{k}"), out),
                    None if closed => out.push(format!("{at}/{k}: not in the schema")),
                    None => {
                        if let Some(sub) = schema.get("additionalProperties") {
                            walk_keys(v, sub, root, &format!("{at}/{k}"), out);
                        }
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(sub) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    walk_keys(v, sub, root, &format!("{at}/{i}"), out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Record;
    use juesuan_model::{Document, Table};

    #[test]
    fn absent_keys_are_filled_and_a_stray_or_missing_key_is_reported() {
        let mut doc = Document::new("a.pdf", "ab");
        doc.tables.push(Table::new(None, "表"));
        let record = Record::new("t", 0, "a.pdf");
        let item = Item {
            record: &record,
            document: &doc,
            pages: &[],
        };
        let mut value = document_json(&item).unwrap();
        assert_eq!(key_set_problems(&value), Vec::<String>::new());
        assert_eq!(value["department"], Value::Null);
        assert_eq!(value["findings"], Value::Array(vec![]));
        assert_eq!(value["tables"][0]["number"], Value::Null);
        let map = value.as_object_mut().unwrap();
        map.remove("year");
        map.insert("extra".into(), Value::Null);
        assert_eq!(
            key_set_problems(&value),
            vec![
                "/year: absent".to_string(),
                "/extra: not in the schema".to_string()
            ]
        );
    }
}
