//! Opening a PDF and running each page through pdf-extract, one page at a time.

use crate::collect::Collector;
use crate::error::{Error, ErrorKind};
use crate::layout::{self, Frame};
use crate::page::Page;
use lopdf::{Document, Object, ObjectId};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

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
}

/// Extracts the text layer of a PDF file.
///
/// Errors name the file; a page that fails is reported in
/// [`TextDocument::page_errors`] (naming the file and the page) while the other
/// pages are kept.
pub fn extract_file(path: &Path) -> Result<TextDocument, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(ErrorKind::Io, e.to_string()).with_path(path))?;
    let mut doc = extract_bytes(&bytes).map_err(|e| e.with_path(path))?;
    doc.page_errors = std::mem::take(&mut doc.page_errors)
        .into_iter()
        .map(|e| e.with_path(path))
        .collect();
    Ok(doc)
}

/// Extracts the text layer of a PDF held in memory.
pub fn extract_bytes(bytes: &[u8]) -> Result<TextDocument, Error> {
    let doc = load(bytes)?;
    let info = doc_info(&doc);
    let page_ids: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    if page_ids.is_empty() {
        return Err(Error::new(
            ErrorKind::Malformed,
            "the document has no pages",
        ));
    }
    let mut processor = pdf_extract::PageProcessor::new();
    let mut pages = Vec::with_capacity(page_ids.len());
    let mut page_errors = Vec::new();
    for (number, id) in page_ids {
        let frame = page_frame(&doc, id);
        let mut collector = Collector::default();
        let run = panic::catch_unwind(AssertUnwindSafe(|| {
            processor.output_page(&doc, number, id, &mut collector)
        }));
        let failure = match run {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(Error::new(ErrorKind::Content, format!("{e:?}"))),
            Err(payload) => Some(Error::new(
                ErrorKind::Panic,
                format!("pdf-extract panicked: {}", panic_message(&payload)),
            )),
        };
        if let Some(e) = failure {
            page_errors.push(e.with_page(number));
            // Keep what was collected before the failure: it is real text.
        }
        pages.push(build_page(number, frame, collector));
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
    })
}

/// Loads the document, sorting failures into the kinds a user can act on.
fn load(bytes: &[u8]) -> Result<Document, Error> {
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty, "the file is empty"));
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(Error::new(
            ErrorKind::NotPdf,
            "not a PDF: no %PDF- header in the first 1024 bytes",
        ));
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    let has_eof = tail.windows(5).any(|w| w == b"%%EOF");
    let loaded = panic::catch_unwind(|| Document::load_mem(bytes));
    let doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => {
            let msg = e.to_string();
            let kind = if matches!(e, lopdf::Error::Decryption(_))
                || msg.to_lowercase().contains("decrypt")
                || msg.to_lowercase().contains("password")
            {
                ErrorKind::Encrypted
            } else if !has_eof {
                ErrorKind::Truncated
            } else {
                ErrorKind::Malformed
            };
            let reason = match kind {
                ErrorKind::Encrypted => format!("encrypted PDF, cannot be opened: {msg}"),
                ErrorKind::Truncated => format!("truncated PDF (no %%EOF at the end): {msg}"),
                _ => format!("cannot parse the PDF: {msg}"),
            };
            return Err(Error::new(kind, reason));
        }
        Err(payload) => {
            return Err(Error::new(
                ErrorKind::Panic,
                format!("lopdf panicked: {}", panic_message(&payload)),
            ))
        }
    };
    if doc.is_encrypted() {
        return Err(Error::new(
            ErrorKind::Encrypted,
            "encrypted PDF: it needs a password to open",
        ));
    }
    Ok(doc)
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
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
        if let Ok(v) = dict.get(key) {
            return Some(match v {
                Object::Reference(r) => doc.get_object(*r).ok()?,
                o => o,
            });
        }
        let parent = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
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
    let extra = layout::dominant_direction(&frame, &collector.glyphs);
    let frame = Frame {
        rotate: (frame.rotate + (360 - extra) % 360) % 360,
        ..frame
    };
    let rulings = layout::rulings(&frame, &collector.paths);
    let tokens = layout::tokens(&frame, &collector.glyphs, &rulings);
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
