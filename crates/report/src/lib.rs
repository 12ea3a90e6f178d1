//! A static HTML report of a `juesuan extract` output folder, for the
//! people who act on findings: an overview, one page per document with its
//! tables and findings, and for each page with a finding a picture of the
//! page drawn from its text layer, the printed figure boxed and the
//! expected value written beside it.
//!
//! [`write()`] reads `manifest.jsonl`, `documents/<sha256>.json` and, for the
//! pages that have findings, `tokens/<sha256>/page-NNN.json`; it writes
//! `report/index.html`, `report/doc/<sha256>.html`,
//! `report/pages/<sha256>/page-NNN.svg`, `style.css` and `filter.js`. The
//! report needs no server and no network.
//!
//! This crate reads outputs only. It never opens a PDF itself: when a run
//! did not dump tokens, the caller may pass a function that re-reads the
//! text layer ([`Options::reread`]); without one, findings are shown
//! without a picture and say so.
//!
//! ```no_run
//! let summary = juesuan_report::write(std::path::Path::new("out"), &juesuan_report::Options::default())?;
//! println!("{} findings, {} page pictures", summary.findings, summary.pictures);
//! # Ok::<(), juesuan_report::Error>(())
//! ```
#![deny(missing_docs)]

mod chart;
mod document;
mod error;
mod html;
mod load;
mod overview;
mod picture;

pub use error::{Error, ErrorKind, Result};
pub use picture::{locate, page_svg, Mark};

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use juesuan_model::Document;
use juesuan_store::Record;
use juesuan_text::Page;

use crate::load::Entry;

/// Re-reads the text layer of the input at a manifest path, for runs that
/// did not dump tokens; `None` when the file cannot be read.
pub type Reread<'a> = &'a (dyn Fn(&Path) -> Option<Vec<Page>> + Sync);

/// How to write the report.
#[derive(Default, Clone, Copy)]
pub struct Options<'a> {
    /// Called with a document's input path when a page with a finding has
    /// no token dump; `None` leaves such findings without a picture.
    pub reread: Option<Reread<'a>>,
}

/// What [`write()`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Input files in the manifest (its current line per path).
    pub files: usize,
    /// Documents with a page.
    pub documents: usize,
    /// Findings, one entry each.
    pub findings: usize,
    /// Page pictures drawn.
    pub pictures: usize,
    /// Pages with findings drawn without a picture (no text layer at hand).
    pub pages_without_picture: usize,
    /// Documents whose text layer was read again from the PDF.
    pub reread: usize,
    /// The bytes written.
    pub bytes: u64,
}

/// Writes `out/report/` from the `extract` output folder `out`.
pub fn write(out: &Path, options: &Options<'_>) -> Result<Summary> {
    let records = load::manifest(out)?;
    let mut entries = Vec::with_capacity(records.len());
    for record in records {
        let document = load::document(out, &record)?;
        entries.push(Entry { record, document });
    }
    let dir = out.join("report");
    mkdir(&dir.join("doc"))?;
    let mut summary = Summary {
        files: entries.len(),
        ..Summary::default()
    };
    put(&dir.join("style.css"), html::CSS, &mut summary)?;
    put(&dir.join("filter.js"), html::JS, &mut summary)?;
    for e in &entries {
        let Some(doc) = &e.document else { continue };
        let pages = finding_pages(out, &e.record, doc, options, &mut summary)?;
        let r = document::render(&e.record, doc, &pages);
        if !r.pictures.is_empty() {
            mkdir(&dir.join("pages").join(&doc.sha256))?;
        }
        for (n, svg) in &r.pictures {
            put(
                &dir.join(document::picture_path(&doc.sha256, *n)),
                svg,
                &mut summary,
            )?;
        }
        put(
            &dir.join("doc").join(format!("{}.html", doc.sha256)),
            &r.html,
            &mut summary,
        )?;
        summary.documents += 1;
        summary.findings += doc.findings.len();
        summary.pictures += r.pictures.len();
    }
    put(
        &dir.join("index.html"),
        &overview::render(&entries),
        &mut summary,
    )?;
    Ok(summary)
}

/// The text layer of each page that has a finding: from the token dump, or
/// else from the re-read, or else left out (and counted).
fn finding_pages(
    out: &Path,
    record: &Record,
    doc: &Document,
    options: &Options<'_>,
    summary: &mut Summary,
) -> Result<BTreeMap<u32, Page>> {
    let wanted: BTreeSet<u32> = doc
        .findings
        .iter()
        .flat_map(|f| {
            f.page
                .into_iter()
                .chain(picture::other_figure(doc, f).map(|o| o.0))
        })
        .collect();
    let mut pages = BTreeMap::new();
    let mut missing = Vec::new();
    for &n in &wanted {
        match load::page(out, &doc.sha256, n)? {
            Some(p) => {
                pages.insert(n, p);
            }
            None => missing.push(n),
        }
    }
    if let (false, Some(reread)) = (missing.is_empty(), options.reread) {
        if let Some(all) = reread(Path::new(&record.path)) {
            summary.reread += 1;
            for p in all.into_iter().filter(|p| missing.contains(&p.number)) {
                pages.insert(p.number, p);
            }
        }
    }
    summary.pages_without_picture += wanted.len() - pages.len();
    Ok(pages)
}

fn mkdir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| Error::io(e, dir))
}

fn put(path: &Path, text: &str, summary: &mut Summary) -> Result<()> {
    fs::write(path, text).map_err(|e| Error::io(e, path))?;
    summary.bytes += text.len() as u64;
    Ok(())
}
