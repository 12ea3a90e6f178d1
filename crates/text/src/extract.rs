//! Opening a PDF and running each page through pdf-extract, one page at a time.

use crate::collect::Collector;
use crate::error::{Error, ErrorKind};
use crate::layout::{self, Frame};
use crate::limits::Limits;
use crate::load::{self, limit_error};
use crate::page::Page;
use lopdf::{Document, Object, ObjectId};
use pdf_extract::{Meter, OutputError};
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::rc::Rc;
use std::time::Instant;

/// Document information read from the trailer's `/Info`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DocInfo {
    /// `/Producer`, when present.
    pub producer: Option<String>,
    /// `/Creator`, when present.
    pub creator: Option<String>,
    /// `/Title`, when present.
    pub title: Option<String>,
}

/// The text layer of a whole document.
#[derive(Debug, Clone)]
pub struct TextDocument {
    /// Every page, in order; a page that failed is present with no tokens and is
    /// listed in `page_errors`.
    pub pages: Vec<Page>,
    /// Pages that could not be interpreted, each naming its page.
    pub page_errors: Vec<Error>,
    /// Producer, creator and title.
    pub info: DocInfo,
    /// What was done to read a damaged file (empty for a sound one).
    pub notes: Vec<Note>,
    /// What the document used of its [`Limits`].
    pub usage: Usage,
}

/// What a document used of its [`Limits`], to size them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Usage {
    /// Bytes inflated from streams, together.
    pub inflated_bytes: u64,
    /// Content operators executed.
    pub operators: u64,
    /// Form XObject invocations.
    pub xobjects: u64,
    /// Glyphs and path points kept.
    pub output: u64,
}

/// Something the text layer did to read a damaged file, which a reader of
/// the results may want to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Note {
    /// The cross-reference table was missing or wrong and was rebuilt by
    /// scanning the file for objects.
    RecoveredXref,
    /// The page tree listed a page more than once (a `/Kids` cycle); each
    /// page is read once.
    RepeatedPages,
}

impl Note {
    /// A stable snake_case name, as written in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            Note::RecoveredXref => "recovered_xref",
            Note::RepeatedPages => "repeated_pages",
        }
    }
}

/// Extracts the text layer of a PDF file, within the default [`Limits`].
///
/// Errors name the file; a page that fails is reported in
/// [`TextDocument::page_errors`] (naming the file and the page) while the other
/// pages are kept.
pub fn extract_file(path: &Path) -> Result<TextDocument, Error> {
    extract_file_with(path, &Limits::default())
}

/// Like [`extract_file`], within the given budgets.
pub fn extract_file_with(path: &Path, limits: &Limits) -> Result<TextDocument, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(ErrorKind::Io, e.to_string()).with_path(path))?;
    let mut doc = extract_bytes_with(&bytes, limits).map_err(|e| e.with_path(path))?;
    doc.page_errors = std::mem::take(&mut doc.page_errors)
        .into_iter()
        .map(|e| e.with_path(path))
        .collect();
    Ok(doc)
}

/// Extracts the text layer of a PDF held in memory, within the default [`Limits`].
pub fn extract_bytes(bytes: &[u8]) -> Result<TextDocument, Error> {
    extract_bytes_with(bytes, &Limits::default())
}

/// Like [`extract_bytes`], within the given budgets.
///
/// A document that exceeds a budget stops there: the pages before it are
/// kept, and the page where it stopped carries an error of kind
/// [`ErrorKind::Limit`] naming the budget ([`Error::budget`]). A budget that
/// runs out while loading, or on the first page, fails the whole document.
pub fn extract_bytes_with(bytes: &[u8], limits: &Limits) -> Result<TextDocument, Error> {
    let meter = Meter::new(limits.to_fork(Instant::now()));
    let (doc, notes) = load::load(bytes, &meter)?;
    read_pages(doc, notes, meter)
}

/// Like [`extract_bytes_with`], taking the bytes, which are dropped once
/// the PDF is parsed: a long document's file is not held beside its pages.
pub fn extract_owned_with(bytes: Vec<u8>, limits: &Limits) -> Result<TextDocument, Error> {
    let meter = Meter::new(limits.to_fork(Instant::now()));
    let (doc, notes) = load::load(&bytes, &meter)?;
    drop(bytes);
    read_pages(doc, notes, meter)
}

/// The pages of a loaded document, within the meter's budgets. Each page's
/// content streams are dropped once it is read, when nothing else refers
/// to them: a long document's streams are not held beside its tokens.
fn read_pages(
    mut doc: Document,
    mut notes: Vec<Note>,
    meter: Rc<Meter>,
) -> Result<TextDocument, Error> {
    let info = doc_info(&doc);
    let page_ids = page_ids(&doc, &mut notes);
    if page_ids.is_empty() {
        return Err(Error::new(
            ErrorKind::Malformed,
            "the document has no pages",
        ));
    }
    let (mut detached, mut owned) = detach_sole_contents(&mut doc, &page_ids);
    let doc = &doc;
    let total = page_ids.len();
    let mut processor = pdf_extract::PageProcessor::with_meter(meter.clone());
    let mut pages = Vec::with_capacity(page_ids.len());
    let mut page_errors = Vec::new();
    for (number, id) in page_ids {
        let frame = page_frame(doc, id);
        let mut collector = Collector {
            meter: Some(meter.clone()),
            ..Collector::default()
        };
        let run = panic::catch_unwind(AssertUnwindSafe(|| {
            processor.output_page_detached(doc, number, id, &detached, &mut collector)
        }));
        for content in owned.remove(&id).unwrap_or_default() {
            detached.remove(&content);
        }
        let failure = page_failure(run, &meter);
        let stop = failure
            .as_ref()
            .is_some_and(|e| e.kind() == ErrorKind::Limit);
        if let Some(e) = failure {
            let e = if stop {
                Error::limit(
                    e.budget().expect("a limit error names its budget"),
                    format!("{}; stopped at page {number} of {total}", e.message()),
                )
            } else {
                e
            };
            page_errors.push(e.with_page(number));
            // Keep what was collected before the failure: it is real text.
        }
        pages.push(build_page(number, frame, collector));
        if stop {
            break;
        }
    }
    if page_errors.len() == pages.len() {
        return Err(page_errors.swap_remove(0));
    }
    // An OCR layer drawn invisibly over a scan is still text: only a document
    // with no text at all needs OCR.
    let any_text = pages
        .iter()
        .any(|p| p.tokens.iter().any(|t| !t.text.trim().is_empty()));
    if !any_text && page_errors.is_empty() {
        return Err(Error::new(
            ErrorKind::NoTextLayer,
            format!(
                "no text layer on any of {} pages (scanned? run OCR first)",
                pages.len()
            ),
        ));
    }
    Ok(TextDocument {
        pages,
        page_errors,
        info,
        notes,
        usage: {
            let u = meter.usage();
            Usage {
                inflated_bytes: u.inflated_bytes,
                operators: u.operators,
                xobjects: u.xobjects,
                output: u.output,
            }
        },
    })
}

/// The pages in order, each once: a `/Kids` cycle can list a page again.
fn page_ids(doc: &Document, notes: &mut Vec<Note>) -> Vec<(u32, ObjectId)> {
    let mut seen = std::collections::HashSet::new();
    let mut ids = Vec::new();
    for id in doc.page_iter() {
        if seen.insert(id) {
            ids.push((ids.len() as u32 + 1, id));
        } else if !notes.contains(&Note::RepeatedPages) {
            notes.push(Note::RepeatedPages);
        }
    }
    ids
}

/// The error of a page run, if it failed. A panic while a budget had run out
/// is that budget's doing; other panics of pdf-extract are its way of
/// rejecting input it cannot interpret.
fn page_failure(run: std::thread::Result<Result<(), OutputError>>, meter: &Meter) -> Option<Error> {
    let error = match run {
        Ok(Ok(())) => return None,
        Ok(Err(OutputError::Limit(e))) => return Some(limit_error(e)),
        Ok(Err(OutputError::Malformed(m))) => Error::new(ErrorKind::Malformed, m),
        Ok(Err(e)) => Error::new(ErrorKind::Content, e.to_string()),
        Err(payload) => crate::classify::page_panic(&panic_message(&payload)),
    };
    match meter.exceeded() {
        Some(e) => Some(limit_error(e)),
        None => Some(error),
    }
}

pub(crate) fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "unknown panic".to_string())
}

fn text_of(doc: &Document, obj: &Object) -> Option<String> {
    let obj = match obj {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        o => o,
    };
    match obj {
        Object::String(bytes, _) => Some(decode_pdf_string(bytes)),
        _ => None,
    }
}

/// Decodes a PDF text string: UTF-16BE with a BOM, else PDFDocEncoding (as Latin-1).
fn decode_pdf_string(bytes: &[u8]) -> String {
    if bytes.starts_with(&[0xfe, 0xff]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// Takes out of `doc` the content streams that nothing but one page's
/// `/Contents` refers to (the spec lets pages and forms share a stream; a
/// shared one stays), with the streams each page owns.
fn detach_sole_contents(
    doc: &mut Document,
    pages: &[(u32, ObjectId)],
) -> (pdf_extract::Detached, HashMap<ObjectId, Vec<ObjectId>>) {
    let by_page: Vec<(ObjectId, Vec<ObjectId>)> = pages
        .iter()
        .map(|&(_, id)| (id, doc.get_page_contents(id)))
        .collect();
    let mut refs: HashMap<ObjectId, u32> = by_page
        .iter()
        .flat_map(|(_, c)| c.iter().map(|&id| (id, 0)))
        .collect();
    for object in doc.objects.values() {
        count_refs(object, &mut refs);
    }
    let mut detached = pdf_extract::Detached::new();
    let mut owned = HashMap::new();
    for (page, contents) in by_page {
        let sole: Vec<ObjectId> = contents
            .into_iter()
            .filter(|c| refs.get(c) == Some(&1))
            .filter(|c| matches!(doc.objects.get(c), Some(Object::Stream(_))))
            .collect();
        for &c in &sole {
            if let Some(stream) = doc.objects.remove(&c) {
                detached.insert(c, stream);
            }
        }
        owned.insert(page, sole);
    }
    (detached, owned)
}

/// Adds one to `refs[id]` for each reference to an id it holds.
fn count_refs(object: &Object, refs: &mut HashMap<ObjectId, u32>) {
    match object {
        Object::Reference(id) => {
            if let Some(n) = refs.get_mut(id) {
                *n += 1;
            }
        }
        Object::Array(items) => items.iter().for_each(|o| count_refs(o, refs)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| count_refs(o, refs)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| count_refs(o, refs)),
        _ => {}
    }
}

fn doc_info(doc: &Document) -> DocInfo {
    let dict = match doc.trailer.get(b"Info") {
        Ok(Object::Reference(id)) => doc.get_object(*id).and_then(Object::as_dict).ok(),
        Ok(Object::Dictionary(d)) => Some(d),
        _ => None,
    };
    let Some(dict) = dict else {
        return DocInfo::default();
    };
    let get = |k: &[u8]| dict.get(k).ok().and_then(|o| text_of(doc, o));
    DocInfo {
        producer: get(b"Producer"),
        creator: get(b"Creator"),
        title: get(b"Title"),
    }
}

/// Looks a key up on the page or, as PDF allows, on its ancestors.
fn inherited<'a>(doc: &'a Document, id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut dict = doc.get_object(id).and_then(Object::as_dict).ok()?;
    for _ in 0..32 {
        // `as_hashmap`: lopdf's `get` builds an error string even for a key it finds.
        if let Some(v) = dict.as_hashmap().get(key) {
            return Some(match v {
                Object::Reference(r) => doc.get_object(*r).ok()?,
                o => o,
            });
        }
        let parent = dict
            .as_hashmap()
            .get(b"Parent".as_slice())?
            .as_reference()
            .ok()?;
        dict = doc.get_object(parent).and_then(Object::as_dict).ok()?;
    }
    None
}

fn number(doc: &Document, o: &Object) -> Option<f64> {
    let o = match o {
        Object::Reference(r) => doc.get_object(*r).ok()?,
        o => o,
    };
    match o {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

fn rect_of(doc: &Document, o: &Object) -> Option<[f64; 4]> {
    let a = o.as_array().ok()?;
    if a.len() != 4 {
        return None;
    }
    let v: Vec<f64> = a.iter().filter_map(|x| number(doc, x)).collect();
    (v.len() == 4).then(|| {
        [
            v[0].min(v[2]),
            v[1].min(v[3]),
            v[0].max(v[2]),
            v[1].max(v[3]),
        ]
    })
}

/// The visible box (crop box within the media box) and the page's `/Rotate`.
fn page_frame(doc: &Document, id: ObjectId) -> Frame {
    let media = inherited(doc, id, b"MediaBox")
        .and_then(|o| rect_of(doc, o))
        .unwrap_or([0.0, 0.0, 595.0, 842.0]);
    let bbox = match inherited(doc, id, b"CropBox").and_then(|o| rect_of(doc, o)) {
        Some(c) => {
            let b = [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ];
            if b[2] - b[0] > 1.0 && b[3] - b[1] > 1.0 {
                b
            } else {
                media
            }
        }
        None => media,
    };
    let rotate = inherited(doc, id, b"Rotate")
        .and_then(|o| number(doc, o))
        .map(|r| ((r as i64).rem_euclid(360) / 90 * 90) as u16)
        .unwrap_or(0);
    Frame { bbox, rotate }
}

fn build_page(number: u32, frame: Frame, collector: Collector) -> Page {
    // Turn the page further when its text runs sideways, so tables read left to right.
    let extra = layout::dominant_direction(&frame, &collector.glyphs, &collector.text);
    let frame = Frame {
        rotate: (frame.rotate + (360 - extra) % 360) % 360,
        ..frame
    };
    let rulings = layout::rulings(&frame, &collector.paths);
    let tokens = layout::tokens(&frame, &collector.glyphs, &collector.text, &rulings);
    let (width, height) = frame.size();
    Page {
        number,
        width,
        height,
        rotation: frame.rotate,
        text_rotation: (360 - extra) % 360,
        tokens,
        rulings,
    }
}
