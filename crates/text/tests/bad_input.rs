//! Bad input: each kind of unusable file gets its own typed error that names the
//! file (and the page, where one page is at fault), never a panic.
//!
//! Files are generated here with lopdf where possible; the encrypted ones are
//! committed under `testdata/bad/` (see the README there for how they were made).

mod common;

use common::{build_pdf, image_xobject, scratch, testdata, PageSpec};
use juesuan_text::{extract_bytes, extract_file, Error, ErrorKind, Note};
use std::path::{Path, PathBuf};

/// Writes `bytes` to a scratch file and extracts it, expecting an error.
fn extract_err(test: &str, name: &str, bytes: &[u8]) -> (Error, PathBuf) {
    let path = scratch(test).join(name);
    std::fs::write(&path, bytes).unwrap();
    let err = match extract_file(&path) {
        Ok(doc) => panic!(
            "{name}: expected an error, got {} pages with {} tokens",
            doc.pages.len(),
            doc.pages.iter().map(|p| p.tokens.len()).sum::<usize>()
        ),
        Err(e) => e,
    };
    (err, path)
}

/// The error names the file, in `path()` and in its Display.
#[track_caller]
fn assert_names_file(err: &Error, path: &Path) {
    assert_eq!(err.path(), Some(path), "{err}");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("{}: ", path.display())),
        "Display should start with the file: {shown}"
    );
    assert!(
        shown.ends_with(&format!("({})", err.kind())),
        "Display should end with the kind: {shown}"
    );
    assert!(!err.message().is_empty());
}

fn hello_pdf() -> Vec<u8> {
    // Enough pages that half the file holds whole objects but no xref or trailer.
    let pages = (0..6)
        .map(|i| PageSpec::new(&format!("BT /F1 12 Tf 100 700 Td (Hello page {i}) Tj ET")))
        .collect();
    build_pdf(pages)
}

#[test]
fn empty_file() {
    let (err, path) = extract_err("empty", "empty.pdf", b"");
    assert_eq!(err.kind(), ErrorKind::Empty, "{err}");
    assert_eq!(err.page(), None);
    assert_names_file(&err, &path);
}

#[test]
fn text_file_is_not_a_pdf() {
    let (err, path) = extract_err(
        "notpdf",
        "notes.pdf",
        "这不是 PDF，只是一个文本文件。\nplain text\n".as_bytes(),
    );
    assert_eq!(err.kind(), ErrorKind::NotPdf, "{err}");
    assert_eq!(err.page(), None);
    assert_names_file(&err, &path);
}

#[test]
fn html_error_page_saved_as_pdf_is_not_a_pdf() {
    // What a failed download often leaves behind.
    let (err, _) = extract_err(
        "html",
        "download.pdf",
        b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
    );
    assert_eq!(err.kind(), ErrorKind::NotPdf, "{err}");
}

#[test]
fn a_pdf_cut_in_half_is_read_from_a_rebuilt_xref() {
    // The xref and trailer are gone with the second half; the objects of the
    // first half are found by scanning, and their pages are read.
    let full = hello_pdf();
    assert!(extract_bytes(&full).is_ok(), "the whole file extracts");
    let doc = extract_bytes(&full[..full.len() / 2]).expect("the first half is read");
    assert_eq!(doc.notes, vec![Note::RecoveredXref]);
    let text: Vec<&str> = doc
        .pages
        .iter()
        .flat_map(|p| &p.tokens)
        .map(|t| t.text.as_str())
        .collect();
    assert!(text.contains(&"Hello page 0"), "{text:?}");
}

#[test]
fn pdf_cut_just_before_its_end_is_read_whole() {
    // Only the last few bytes (`%%EOF`) are missing.
    let full = hello_pdf();
    let doc = extract_bytes(&full[..full.len() - 8]).expect("every object is there");
    assert_eq!(doc.notes, vec![Note::RecoveredXref]);
    assert_eq!(doc.pages.len(), 6);
}

#[test]
fn a_pdf_cut_before_any_page_is_truncated() {
    let full = hello_pdf();
    let (err, path) = extract_err("truncated", "cut.pdf", &full[..20]);
    assert_eq!(err.kind(), ErrorKind::Truncated, "{err}");
    assert_eq!(err.page(), None);
    assert_names_file(&err, &path);
}

#[test]
fn pdf_header_only_is_truncated() {
    let (err, _) = extract_err("header-only", "head.pdf", b"%PDF-1.7\n");
    assert_eq!(err.kind(), ErrorKind::Truncated, "{err}");
}

#[test]
fn encrypted_with_a_user_password() {
    // qpdf --encrypt user owner 256 (AES-256): cannot be opened without "user".
    let path = testdata().join("bad/encrypted-user-password.pdf");
    let err = extract_file(&path).expect_err("a user password is needed");
    assert_eq!(err.kind(), ErrorKind::Encrypted, "{err}");
    assert_eq!(err.page(), None);
    assert_names_file(&err, &path);
}

#[test]
fn encrypted_with_only_an_owner_password_opens() {
    // qpdf --encrypt "" owner 256 / 128 (RC4): the empty user password opens them,
    // as every viewer does; such "restricted" PDFs are common in government reports.
    for name in ["encrypted-owner-only.pdf", "encrypted-owner-only-rc4.pdf"] {
        let path = testdata().join("bad").join(name);
        let doc = extract_file(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(doc.page_errors.is_empty(), "{name}: {:?}", doc.page_errors);
        let page = &doc.pages[0];
        let hello = page
            .tokens
            .iter()
            .find(|t| t.text == "Hello secret")
            .unwrap_or_else(|| panic!("{name}: {}", common::dump(page)));
        // `BT /F1 12 Tf 100 700 Td (Hello secret) Tj ET` on a 792 pt high page.
        common::assert_near("x0", hello.bbox.x0, 100.0, 1e-3);
        common::assert_near("y1", hello.bbox.y1, 92.0 + 1.44, 1e-3);
    }
}

#[test]
fn page_with_only_a_drawing_has_no_text_layer() {
    let pdf = build_pdf(vec![PageSpec::new(
        "0 G 1 w 100 100 400 600 re S 0 g 100 400 400 0.5 re f",
    )]);
    let (err, path) = extract_err("drawing", "drawing.pdf", &pdf);
    assert_eq!(err.kind(), ErrorKind::NoTextLayer, "{err}");
    assert_eq!(err.page(), None, "the whole document lacks text: {err}");
    assert!(
        err.message().contains("OCR"),
        "tells the user what to do: {err}"
    );
    assert_names_file(&err, &path);
}

#[test]
fn scanned_pages_have_no_text_layer() {
    let scan = || PageSpec::new("q 612 0 0 792 0 0 cm /Im1 Do Q").xobject("Im1", image_xobject());
    let (err, path) = extract_err("scan", "scan.pdf", &build_pdf(vec![scan(), scan()]));
    assert_eq!(err.kind(), ErrorKind::NoTextLayer, "{err}");
    assert!(err.message().contains("2 pages"), "{err}");
    assert_names_file(&err, &path);
}

#[test]
fn a_scan_with_an_invisible_ocr_layer_is_text() {
    // Text render mode 3 over an image: what OCR tools write. It is the only
    // text there is, so it is kept (marked invisible) instead of failing.
    let page = PageSpec::new(
        "q 612 0 0 792 0 0 cm /Im1 Do Q BT 3 Tr /F1 12 Tf 100 700 Td (Scanned words) Tj ET",
    )
    .xobject("Im1", image_xobject());
    let doc = juesuan_text::extract_bytes(&build_pdf(vec![page])).expect("an OCR layer is text");
    let t = &doc.pages[0].tokens;
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].text, "Scanned words");
    assert!(t[0].invisible);
}

#[test]
fn blank_text_is_no_text_layer() {
    // Only spaces drawn: nothing a reader can see.
    let pdf = build_pdf(vec![PageSpec::new("BT /F1 12 Tf 100 700 Td (   ) Tj ET")]);
    let (err, _) = extract_err("blank", "blank.pdf", &pdf);
    assert_eq!(err.kind(), ErrorKind::NoTextLayer, "{err}");
}

#[test]
fn one_bad_page_is_reported_with_its_page_and_the_others_are_kept() {
    let mut pdf = build_pdf(vec![
        PageSpec::new("BT /F1 12 Tf 100 700 Td (Good page) Tj ET"),
        PageSpec::new("BT /F1 12 Tf 100 700 Td (BROKEN PAGE) Tj ET"),
        PageSpec::new("BT /F1 12 Tf 100 700 Td (Also good) Tj ET"),
    ]);
    corrupt_content(&mut pdf);
    let path = scratch("badpage").join("badpage.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let doc = extract_file(&path).expect("the other pages extract");
    assert_eq!(doc.pages.len(), 3);
    assert_eq!(doc.page_errors.len(), 1, "{:?}", doc.page_errors);
    let err = &doc.page_errors[0];
    assert_eq!(err.kind(), ErrorKind::Malformed, "{err}");
    assert!(err.message().contains("/F9"), "{err}");
    assert_eq!(err.page(), Some(2), "{err}");
    assert_names_file(err, &path);
    assert!(
        err.to_string()
            .starts_with(&format!("{}: page 2: ", path.display())),
        "{err}"
    );
    assert_eq!(doc.pages[0].tokens[0].text, "Good page");
    assert_eq!(doc.pages[2].tokens[0].text, "Also good");
    assert!(doc.pages[1].tokens.is_empty());
}

#[test]
fn a_document_whose_every_page_fails_is_an_error_naming_file_and_page() {
    let mut pdf = build_pdf(vec![PageSpec::new(
        "BT /F1 12 Tf 100 700 Td (BROKEN PAGE) Tj ET",
    )]);
    corrupt_content(&mut pdf);
    let (err, path) = extract_err("allbad", "allbad.pdf", &pdf);
    assert_eq!(err.kind(), ErrorKind::Malformed, "{err}");
    assert_eq!(err.page(), Some(1), "{err}");
    assert_names_file(&err, &path);
    assert!(
        err.to_string()
            .starts_with(&format!("{}: page 1: ", path.display())),
        "{err}"
    );
}

#[test]
fn a_pdf_without_pages_is_malformed() {
    let pdf = build_pdf(vec![]);
    let (err, path) = extract_err("nopages", "nopages.pdf", &pdf);
    assert_eq!(err.kind(), ErrorKind::Malformed, "{err}");
    assert_names_file(&err, &path);
}

#[test]
fn a_missing_file_is_an_io_error() {
    let path = scratch("missing").join("does-not-exist.pdf");
    let err = extract_file(&path).expect_err("no such file");
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    assert_names_file(&err, &path);
}

#[test]
fn garbage_after_a_pdf_header_does_not_panic() {
    // Every prefix length of a small PDF, and noise after a header: typed errors
    // or documents, never a panic escaping the library.
    let full = build_pdf(vec![PageSpec::new("BT /F1 12 Tf 100 700 Td (Hi) Tj ET")]);
    for len in (0..full.len()).step_by(7) {
        let _ = extract_bytes(&full[..len]);
    }
    let mut noise = b"%PDF-1.4\n".to_vec();
    let mut x: u32 = 12345;
    for _ in 0..4000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        noise.push((x >> 16) as u8);
    }
    noise.extend_from_slice(b"\n%%EOF\n");
    let err = extract_bytes(&noise).expect_err("noise is no PDF");
    assert!(
        matches!(err.kind(), ErrorKind::Malformed | ErrorKind::Truncated),
        "{err}"
    );
}

/// Makes the pages that show "BROKEN PAGE" select a font their resources lack
/// (`/F1` → `/F9`), which pdf-extract cannot interpret.
fn corrupt_content(pdf: &mut [u8]) {
    let needle: &[u8] = b"/F1 12 Tf";
    let mut at = 0;
    let mut changed = 0;
    while let Some(i) = pdf[at..].windows(needle.len()).position(|w| w == needle) {
        let i = at + i;
        let shows_broken = pdf[i..].windows(11).take(64).any(|w| w == b"BROKEN PAGE");
        if shows_broken {
            pdf[i + 2] = b'9';
            changed += 1;
        }
        at = i + needle.len();
    }
    assert!(changed > 0, "content streams are stored uncompressed");
}
