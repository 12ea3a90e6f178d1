//! `cargo bench`: the text layer (PDF bytes to pages of tokens) and the
//! recognizer (pages to tables) on the committed fixture PDFs, so that a
//! regression in either shows up without the shared corpus.

use std::path::PathBuf;

use juesuan::text::Page;

fn main() {
    divan::main();
}

/// Fixture PDFs of different layouts: borders, page breaks, split codes and
/// a GBK predefined CMap.
const FIXTURES: &[&str] = &[
    "seed.pdf",
    "gbk_cmap.pdf",
    "page_break_repeated_header.pdf",
    "split_codes.pdf",
    "sparse_codes_word_borders.pdf",
];

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/pdfs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pages(name: &str) -> Vec<Page> {
    juesuan::text::extract_bytes(&fixture(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .pages
}

/// The text layer: load, interpret every page, build tokens and rulings.
#[divan::bench(args = FIXTURES)]
fn text_layer(bencher: divan::Bencher, name: &str) {
    let bytes = fixture(name);
    bencher.bench(|| juesuan::text::extract_bytes(divan::black_box(&bytes)).map(|t| t.pages.len()));
}

/// The recognizer alone, on pages read once beforehand.
#[divan::bench(args = FIXTURES)]
fn recognizer(bencher: divan::Bencher, name: &str) {
    let pages = pages(name);
    bencher.bench(|| {
        juesuan::table::recognize(divan::black_box(&pages), name, "0")
            .tables
            .len()
    });
}

/// The whole read of one document: text layer, recognizer and checks.
#[divan::bench(args = FIXTURES)]
fn read(bencher: divan::Bencher, name: &str) {
    let bytes = fixture(name);
    let options = juesuan::Options::new();
    bencher.bench(|| {
        juesuan::read_bytes(divan::black_box(&bytes), name, &options)
            .map(|r| r.document.tables.len())
            .ok()
    });
}
