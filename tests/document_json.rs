//! The document JSON the sink writes without a `serde_json::Value` is byte
//! for byte the pretty print of the filled `Value` (`document_json`), for
//! every fixture PDF.

use juesuan::store::json::{document_bytes, document_json};
use juesuan::store::{Item, PageError, Record, Status};
use juesuan::Options;

#[test]
fn the_written_document_json_is_the_pretty_printed_value() {
    let mut pdfs: Vec<_> = std::fs::read_dir("testdata/pdfs")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 10);
    for (i, pdf) in pdfs.iter().enumerate() {
        let read = juesuan::read(pdf, &Options::new()).unwrap();
        let mut record = Record::new("t 1", 0, "dir/a \"quoted\".pdf");
        if i % 2 == 1 {
            record.status = Status::Partial;
            record.page_errors.push(PageError {
                page: Some(3),
                kind: "malformed".into(),
                message: "a\tline\n\u{1}".into(),
            });
        }
        let item = Item {
            record: &record,
            document: &read.document,
            pages: &[],
        };
        let want = serde_json::to_vec_pretty(&document_json(&item).unwrap()).unwrap();
        let got = document_bytes(&item).unwrap();
        assert!(got == want, "{} differs", pdf.display());
    }
}
