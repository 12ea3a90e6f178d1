//! The validator on fixtures rendered by the project's generator (`xtask`)
//! from `testdata/fixtures/seed.json`, unmutated and with one printed amount
//! changed at a time, read back through the whole pipeline.
//!
//! The generator needs the font `fonts-wqy-microhei` (and `poppler-data` for
//! the GBK fixtures, not used here), which `.ci/run` installs: a missing font
//! fails the test rather than skipping it. `validate_snapshot.rs` in the check
//! crate covers the same mutations on a committed snapshot of the recognized
//! document.

// The mutation list and expectations are shared with the check crate's
// snapshot test.
#[path = "../crates/check/tests/common/mod.rs"]
mod common;

use std::path::Path;

use common::{caught, mutations, unexpected_errors};
use juesuan::check::validate;
use serde_json::Value as Json;

/// Replaces the first string equal to `from` (or, for prose, containing it)
/// anywhere under `v`; returns whether one was replaced.
fn replace_first(v: &mut Json, from: &str, to: &str, prose: bool) -> bool {
    match v {
        Json::String(s) if (prose && s.contains(from)) || (!prose && s == from) => {
            *s = s.replacen(from, to, 1);
            true
        }
        Json::Array(a) => a.iter_mut().any(|x| replace_first(x, from, to, prose)),
        Json::Object(o) => o.values_mut().any(|x| replace_first(x, from, to, prose)),
        _ => false,
    }
}

fn render(
    description: Json,
    font: &xtask::font::Font<'_>,
    testdata: &Path,
) -> juesuan_model::Document {
    let doc: xtask::model::Document = serde_json::from_value(description).unwrap();
    let fixtures = xtask::fixtures::read_fixtures(testdata).unwrap();
    let seed = fixtures.iter().find(|f| f.name == "seed").unwrap();
    let built = xtask::fixtures::build(&doc, seed, font, None).unwrap();
    juesuan::read_pdf_bytes(&built.pdf, "seed.pdf")
        .unwrap()
        .document
}

#[test]
fn generated_fixtures_are_clean_and_every_mutation_is_caught() {
    let font_path = xtask::font::font_path();
    let data = std::fs::read(&font_path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (apt-get install fonts-wqy-microhei, as .ci/run does)",
            font_path.display()
        )
    });
    let font = xtask::font::Font::parse(&data).unwrap();
    let testdata = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata"));
    let text = std::fs::read_to_string(testdata.join("fixtures/seed.json")).unwrap();
    let original: Json = serde_json::from_str(&text).unwrap();

    let doc = render(original.clone(), &font, testdata);
    let findings = validate(&doc);
    let errors = unexpected_errors(&findings);
    assert!(errors.is_empty(), "unmutated: {errors:#?}");

    for m in mutations() {
        let mut description = original.clone();
        let blocks = description["blocks"].as_array_mut().unwrap();
        let replaced = match m.kind {
            Some(kind) => blocks
                .iter_mut()
                .filter(|b| b["type"] == "table" && b["kind"] == kind.id())
                .any(|b| replace_first(b, m.from, m.to, false)),
            None => blocks
                .iter_mut()
                .filter(|b| b["type"] == "para")
                .any(|b| replace_first(b, m.from, m.to, true)),
        };
        assert!(replaced, "{} not in the description", m.from);
        let doc = render(description, &font, testdata);
        let findings = validate(&doc);
        assert!(
            caught(&m, &findings),
            "{:?} {} → {} not caught by {}: {:#?}",
            m.kind,
            m.from,
            m.to,
            m.check,
            unexpected_errors(&findings)
        );
    }
}
