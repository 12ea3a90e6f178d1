//! Loading a PDF with lopdf under the document's budgets, rebuilding the xref
//! when it is missing or wrong.

use crate::error::{Error, ErrorKind};
use crate::extract::Note;
use crate::limits::Budget;
use crate::repair;
use lopdf::xref::XrefEntry;
use lopdf::{Document, Object};
use pdf_extract::{budget, LimitExceeded, Meter};
use std::panic::{self, AssertUnwindSafe};

/// The error for a budget that ran out.
pub(crate) fn limit_error(e: LimitExceeded) -> Error {
    Error::limit(Budget::from_fork(e.budget), e.to_string())
}

/// Loads the document, sorting failures into the kinds a user can act on.
pub(crate) fn load(
    bytes: &[u8],
    meter: &std::rc::Rc<Meter>,
) -> Result<(Document, Vec<Note>), Error> {
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
    let _installed = budget::install(meter.clone());
    let first = load_checked(bytes, meter)?;
    let doc = match first {
        Ok(doc) if damage(&doc) == 0 => return finish(doc, Vec::new()),
        Ok(doc) => {
            // Some objects the xref lists did not load: a rebuilt xref may
            // find them; keep whichever document holds more.
            return match rebuilt(bytes, meter)? {
                Some(r) if better(&r, &doc) => finish(r, vec![Note::RecoveredXref]),
                _ => finish(doc, Vec::new()),
            };
        }
        Err(e) => e,
    };
    if let LoadFailure::Lopdf(lopdf::Error::Decryption(_)) = &doc {
        return Err(load_error(doc, bytes));
    }
    match rebuilt(bytes, meter)? {
        Some(r) if !r.get_pages().is_empty() => finish(r, vec![Note::RecoveredXref]),
        _ => Err(load_error(doc, bytes)),
    }
}

enum LoadFailure {
    Lopdf(lopdf::Error),
    Panic(String),
}

/// lopdf's load, with its panics caught and the meter checked.
fn load_checked(bytes: &[u8], meter: &Meter) -> Result<Result<Document, LoadFailure>, Error> {
    let loaded = panic::catch_unwind(AssertUnwindSafe(|| budget::load_mem(bytes)));
    if let Some(e) = meter.exceeded() {
        return Err(limit_error(e));
    }
    Ok(match loaded {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(LoadFailure::Lopdf(e)),
        Err(payload) => Err(LoadFailure::Panic(crate::extract::panic_message(&payload))),
    })
}

/// The document loaded from a rebuilt xref, if the scan found one.
fn rebuilt(bytes: &[u8], meter: &Meter) -> Result<Option<Document>, Error> {
    meter.check().map_err(limit_error)?;
    let Some(fixed) = repair::rebuild(bytes) else {
        return Ok(None);
    };
    Ok(load_checked(&fixed, meter)?.ok())
}

/// How damaged a loaded document looks: objects the xref lists as in use
/// that did not load, streams lost to a broken `/Length`, and no pages at all.
fn damage(doc: &Document) -> usize {
    let missing = doc
        .reference_table
        .entries
        .iter()
        .filter(|&(&id, e)| match *e {
            XrefEntry::Normal { generation, offset } => {
                offset != 0 && !doc.objects.contains_key(&(id, generation))
            }
            _ => false,
        })
        .count();
    // lopdf keeps a stream whose `/Length` is too long as a bare dictionary,
    // and one whose `/Length` cannot be resolved as an empty stream.
    let lost_streams = doc
        .objects
        .values()
        .filter(|o| match o {
            Object::Stream(s) => s.content.is_empty() && s.start_position.is_some(),
            Object::Dictionary(d) => d.has(b"Length"),
            _ => false,
        })
        .count();
    let no_pages = if doc.get_pages().is_empty() { 1000 } else { 0 };
    missing + lost_streams + no_pages
}

/// As many pages or more, and less damage.
fn better(rebuilt: &Document, original: &Document) -> bool {
    rebuilt.get_pages().len() >= original.get_pages().len() && damage(rebuilt) < damage(original)
}

fn finish(doc: Document, notes: Vec<Note>) -> Result<(Document, Vec<Note>), Error> {
    if doc.is_encrypted() {
        return Err(Error::new(
            ErrorKind::Encrypted,
            "encrypted PDF: it needs a password to open",
        ));
    }
    Ok((doc, notes))
}

fn load_error(failure: LoadFailure, bytes: &[u8]) -> Error {
    let e = match failure {
        LoadFailure::Lopdf(e) => e,
        LoadFailure::Panic(msg) => {
            return Error::new(
                ErrorKind::Malformed,
                format!(
                    "cannot parse the PDF (lopdf panicked: {msg}), and no xref could be rebuilt"
                ),
            )
        }
    };
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    let has_eof = tail.windows(5).any(|w| w == b"%%EOF");
    let msg = e.to_string();
    let lower = msg.to_lowercase();
    if matches!(e, lopdf::Error::Decryption(_))
        || lower.contains("decrypt")
        || lower.contains("password")
    {
        Error::new(
            ErrorKind::Encrypted,
            format!("encrypted PDF, cannot be opened: {msg}"),
        )
    } else if !has_eof {
        Error::new(
            ErrorKind::Truncated,
            format!("truncated PDF (no %%EOF at the end): {msg}"),
        )
    } else {
        Error::new(ErrorKind::Malformed, format!("cannot parse the PDF: {msg}"))
    }
}
