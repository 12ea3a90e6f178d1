//! Runs the text layer over files and prints one JSON line per file: status,
//! error kind, budget, notes and the text read. Used to measure recovery of
//! damaged files; `--text` includes the text itself.
//!
//! ```sh
//! cargo run --release -p juesuan-text --example probe -- [--text] FILE...
//! ```

use juesuan_text::{extract_file, ErrorKind};
use std::path::Path;

fn main() {
    let mut with_text = false;
    for arg in std::env::args().skip(1) {
        if arg == "--text" {
            with_text = true;
            continue;
        }
        let path = Path::new(&arg);
        let line = match extract_file(path) {
            Ok(doc) => {
                let text: String = doc
                    .pages
                    .iter()
                    .flat_map(|p| p.tokens.iter().map(|t| t.text.as_str()))
                    .collect();
                let status = if doc.page_errors.is_empty() {
                    "ok"
                } else {
                    "partial"
                };
                serde_json::json!({
                    "file": arg,
                    "status": status,
                    "kind": doc.page_errors.first().map(|e| e.kind().as_str()),
                    "budget": doc.page_errors.iter().find_map(|e| e.budget()).map(|b| b.as_str()),
                    "message": doc.page_errors.first().map(|e| e.to_string()),
                    "notes": doc.notes.iter().map(|n| n.as_str()).collect::<Vec<_>>(),
                    "pages": doc.pages.len(),
                    "chars": text.chars().count(),
                    "usage": doc.usage,
                    "text": if with_text { Some(text) } else { None },
                })
            }
            Err(e) => serde_json::json!({
                "file": arg,
                "status": "failed",
                "kind": e.kind().as_str(),
                "budget": e.budget().map(|b| b.as_str()),
                "message": e.to_string(),
                "panic": e.kind() == ErrorKind::Panic,
            }),
        };
        println!("{line}");
    }
}
