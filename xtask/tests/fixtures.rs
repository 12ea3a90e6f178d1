//! The committed fixtures agree with each other and with their generator.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

fn files(dir: &Path, ext: &str) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .map(|p| {
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                fs::read(&p).expect("read"),
            )
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    xtask::fixtures::hex(&Sha256::digest(bytes))
}

#[test]
fn every_pdf_has_truth_named_after_its_sha256() {
    let pdfs = files(&testdata().join("pdfs"), "pdf");
    let truths = files(&testdata().join("truth"), "json");
    assert!(
        pdfs.len() >= 9,
        "expected the seed and at least 8 variants, found {}",
        pdfs.len()
    );
    let by_sha: BTreeMap<String, &String> = pdfs
        .iter()
        .map(|(name, bytes)| (sha256(bytes), name))
        .collect();
    for (name, bytes) in &truths {
        let sha = name.trim_end_matches(".json");
        let pdf = by_sha
            .get(sha)
            .unwrap_or_else(|| panic!("truth/{name} names no committed PDF"));
        let truth: serde_json::Value = serde_json::from_slice(bytes).expect("truth is JSON");
        assert_eq!(truth["sha256"], sha, "truth/{name}: sha256 field");
        assert_eq!(truth["file"], pdf.as_str(), "truth/{name}: file field");
    }
    for (sha, name) in &by_sha {
        assert!(
            truths.contains_key(&format!("{sha}.json")),
            "pdfs/{name} has no truth file"
        );
        let expect = testdata()
            .join("fixtures")
            .join(name.replace(".pdf", ".expect.json"));
        assert!(expect.exists(), "pdfs/{name} has no {}", expect.display());
    }
}

#[test]
fn truth_amounts_are_plain_decimals() {
    for (name, bytes) in files(&testdata().join("truth"), "json") {
        let truth: serde_json::Value = serde_json::from_slice(&bytes).expect("truth is JSON");
        for table in truth["tables"].as_array().expect("tables") {
            for row in table["rows"].as_array().expect("rows") {
                assert!(
                    row["code"].is_string() != row["label"].is_string() || row["side"].is_string(),
                    "{name}: row identity {row}"
                );
                for (col, v) in row["values"].as_object().expect("values") {
                    let v = v.as_str().expect("amount string");
                    let ok = !v.is_empty()
                        && v.trim_start_matches('-')
                            .chars()
                            .all(|c| c.is_ascii_digit() || c == '.');
                    assert!(ok, "{name}: {col} = {v:?}");
                }
            }
        }
    }
}

/// Regenerates every fixture and compares bytes. Needs the font and the
/// Adobe-GB1 CMaps, which `.ci/run` installs; without them the test fails
/// and says what to install.
#[test]
fn regeneration_is_byte_identical() {
    let font = xtask::font::font_path();
    let cmaps = xtask::font::cmap_dir();
    assert!(
        font.exists() && cmaps.join("GBK-EUC-H").exists(),
        "{} or {} is missing: apt-get install fonts-wqy-microhei poppler-data",
        font.display(),
        cmaps.display()
    );
    let out = std::env::temp_dir().join(format!("xtask-fixtures-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    xtask::fixtures::generate(&testdata(), &out).expect("generating fixtures");
    for (dir, ext) in [("pdfs", "pdf"), ("truth", "json"), ("fixtures", "json")] {
        let fresh = files(&out.join(dir), ext);
        let committed = files(&testdata().join(dir), ext);
        let committed: BTreeMap<_, _> = committed
            .into_iter()
            .filter(|(n, _)| dir != "fixtures" || n.ends_with(".expect.json"))
            .collect();
        assert_eq!(
            fresh.keys().collect::<Vec<_>>(),
            committed.keys().collect::<Vec<_>>(),
            "{dir}/: regenerate with `cargo run -p xtask -- fixtures`"
        );
        for (name, bytes) in &fresh {
            assert!(
                bytes == &committed[name],
                "{dir}/{name} differs; regenerate with `cargo run -p xtask -- fixtures`"
            );
        }
    }
    let _ = fs::remove_dir_all(&out);
}

/// The strings the generator drew on page `page` of fixture `name`.
fn drawn(name: &str, page: usize) -> Vec<String> {
    let path = testdata().join(format!("fixtures/{name}.expect.json"));
    let expect: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    expect["pages"][page - 1]["strings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// Each layout idiom of issue 9 is printed as the fixture list says, on the
/// 公开01 page (page 2).
#[test]
fn the_idiom_fixtures_print_their_idiom() {
    let has = |name: &str, s: &str| drawn(name, 2).iter().any(|d| d == s);
    // 行次 glued to the label, and no 行次 column.
    assert!(has("glued_line_numbers", "一、一般公共预算财政拨款收入1"));
    assert!(has("glued_line_numbers", "七、文化旅游体育与传媒支出38"));
    assert!(!has("glued_line_numbers", "行次"));
    // A two-sided label wrapped over two lines.
    assert!(has("wrapped_two_sided_top", "七、文化旅游体育与传媒"));
    assert!(has("wrapped_two_sided_top", "支出38"));
    assert!(has("wrapped_two_sided_bottom", "七、文化旅游体育与传媒"));
    assert!(has("wrapped_two_sided_bottom", "行次"));
    // An amount wrapped before its decimals.
    assert!(has("wrapped_amounts", "107,670"));
    assert!(has("wrapped_amounts", ".09"));
    assert!(!has("wrapped_amounts", "107,670.09"));
    // The 高等学校 title prefix, with no 公开01表 label.
    assert!(has("numbered_titles", "表 1：收入支出决算总表"));
    assert!(!has("numbered_titles", "公开01表"));
}

/// A glued 行次 number is printed, not part of the truth label (SCHEMA drops
/// 行次 numbers).
#[test]
fn glued_line_numbers_stay_out_of_truth_labels() {
    let manifest = fs::read_to_string(testdata().join("fixtures/manifest.tsv")).unwrap();
    let sha = manifest
        .lines()
        .find(|l| l.starts_with("glued_line_numbers\t"))
        .and_then(|l| l.split('\t').nth(2))
        .expect("glued_line_numbers in the manifest");
    let truth: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(testdata().join(format!("truth/{sha}.json"))).unwrap(),
    )
    .unwrap();
    let summary = &truth["tables"][0];
    assert_eq!(summary["kind"], "income_expenditure_summary");
    let first = &summary["rows"][0];
    assert_eq!(first["label"], "一般公共预算财政拨款收入");
    assert_eq!(first["values"]["amount"], "107670.09");
}
