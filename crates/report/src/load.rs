//! Reading an `extract` output folder: the manifest's current lines, each
//! document's JSON and, for pages with findings, the dumped tokens.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use juesuan_model::Document;
use juesuan_store::Record;
use juesuan_text::Page;
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};

/// One input file of the folder: its current manifest line and, when it was
/// read, its document.
#[derive(Debug)]
pub struct Entry {
    /// The last manifest line for the path.
    pub record: Record,
    /// The document JSON, when the file was read.
    pub document: Option<Document>,
}

/// The current state of every path in `out/manifest.jsonl`, in the order
/// the paths first appear; the last line for a path wins.
pub fn manifest(out: &Path) -> Result<Vec<Record>> {
    let path = out.join("manifest.jsonl");
    if !path.is_file() {
        return Err(Error::new(
            ErrorKind::NotOutput,
            "no manifest.jsonl: not a `juesuan extract` output folder",
            out,
        ));
    }
    let text = fs::read_to_string(&path).map_err(|e| Error::io(e, &path))?;
    let mut order: Vec<Record> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let r: Record = serde_json::from_str(line).map_err(|e| Error::json(e, &path))?;
        match at.get(&r.path) {
            Some(&i) => order[i] = r,
            None => {
                at.insert(r.path.clone(), order.len());
                order.push(r);
            }
        }
    }
    Ok(order)
}

/// The document of a record, when its JSON exists; a file that failed has
/// none.
pub fn document(out: &Path, record: &Record) -> Result<Option<Document>> {
    let Some(sha) = &record.sha256 else {
        return Ok(None);
    };
    let path = out.join("documents").join(format!("{sha}.json"));
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = fs::read(&path).map_err(|e| Error::io(e, &path))?;
    let mut value: Value = serde_json::from_slice(&bytes).map_err(|e| Error::json(e, &path))?;
    drop_nulls(&mut value);
    let doc = serde_json::from_value(value).map_err(|e| Error::json(e, &path))?;
    Ok(Some(doc))
}

/// Removes `null` members: the writer adds every schema key, `null` when
/// absent, and the model's enums (`{"code": null, "label": "合计"}`) read
/// only the member that is set.
fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// The token dump of one page, `tokens/<sha256>/page-NNN.json`.
pub fn token_file(out: &Path, sha: &str, page: u32) -> PathBuf {
    out.join("tokens")
        .join(sha)
        .join(format!("page-{page:03}.json"))
}

/// The dumped page, or `None` when the run did not dump tokens.
pub fn page(out: &Path, sha: &str, page: u32) -> Result<Option<Page>> {
    let path = token_file(out, sha, page);
    if !path.is_file() {
        return Ok(None);
    }
    let bytes = fs::read(&path).map_err(|e| Error::io(e, &path))?;
    let page = serde_json::from_slice(&bytes).map_err(|e| Error::json(e, &path))?;
    Ok(Some(page))
}
