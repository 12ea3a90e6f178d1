//! `juesuan report`: the HTML report of an extract folder, checked against
//! the folder's own manifest and findings.csv.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SEED_SHA: &str = "328511f90393bd58a87b8bfb96402a17937f4b37bafbb630874994fbb9aeadcb";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn juesuan<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .args(args)
        .output()
        .expect("running juesuan");
    eprintln!("stderr:\n{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every opening tag of these elements has its closing tag.
fn assert_balanced(html: &str, what: &Path) {
    for tag in [
        "section", "table", "tr", "h1", "h2", "h3", "svg", "select", "details",
    ] {
        let open =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        let close = html.matches(&format!("</{tag}>")).count();
        assert_eq!(open, close, "<{tag}> in {}", what.display());
    }
}

/// The number after `id="ID">` in the overview.
fn count_at(index: &str, id: &str) -> usize {
    let at = index
        .find(&format!("id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no {id}"));
    let rest = &index[at + id.len() + 6..];
    rest[..rest.find('<').unwrap()].parse().unwrap()
}

#[test]
fn the_report_of_the_fixtures_shows_every_finding_and_the_seed_error_on_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let pdfs = root().join("testdata/pdfs");
    let o = juesuan(&[
        "extract".as_ref(),
        pdfs.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
        "--dump".as_ref(),
        "tokens".as_ref(),
    ]);
    assert!(o.status.success());
    let o = juesuan(&["report".as_ref(), out.as_os_str()]);
    assert!(o.status.success());
    let report = out.join("report");
    let index = read(&report.join("index.html"));
    assert_balanced(&index, &report.join("index.html"));

    // The overview counts what the manifest and findings.csv hold.
    let manifest = read(&out.join("manifest.jsonl"));
    assert_eq!(count_at(&index, "files-total"), manifest.lines().count());
    let mut by_sha: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_severity: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut csv = csv::Reader::from_path(out.join("findings.csv")).unwrap();
    for row in csv.records() {
        let row = row.unwrap();
        *by_sha.entry(row[2].to_string()).or_default() += 1;
        *by_severity.entry(row[8].to_string()).or_default() += 1;
        if &row[8] == "error" {
            errors.push((row[0].to_string(), row[7].to_string()));
        }
    }
    for sev in ["error", "warning", "rounding", "info"] {
        let want = by_severity.get(sev).copied().unwrap_or(0);
        assert_eq!(count_at(&index, &format!("total-{sev}")), want, "{sev}");
    }
    // The seed's 款 21502 quote and its 安全监管 自评表's 98.90% (for
    // 23.708 / 23.98 = 98.87%) on two funding lines.
    errors.sort();
    assert_eq!(
        errors,
        [
            ("seed.pdf".to_string(), "narrative_amount".to_string()),
            ("seed.pdf".to_string(), "performance_rate".to_string()),
            ("seed.pdf".to_string(), "performance_rate".to_string()),
        ]
    );
    assert_eq!(
        index.matches("class=\"finding-row").count(),
        by_sha.values().sum::<usize>()
    );

    // Each finding has exactly one entry on its document's page, and every
    // picture an entry shows exists.
    for (sha, n) in &by_sha {
        let path = report.join("doc").join(format!("{sha}.html"));
        let html = read(&path);
        assert_balanced(&html, &path);
        assert_eq!(
            html.matches("<section class=\"finding\"").count(),
            *n,
            "{sha}"
        );
        for (at, _) in html.match_indices("<img class=\"page\" loading=\"lazy\" src=\"../") {
            let rest = &html[at + 41..];
            let src = &rest[..rest.find('"').unwrap()];
            assert!(report.join(src).is_file(), "{src}");
        }
    }

    // The seed's error: the 情况说明 quotes 101,597.34 for 款 21502, whose
    // table cell prints 70,087.22.
    let seed = read(&report.join("doc").join(format!("{SEED_SHA}.html")));
    let at = seed
        .find("data-severity=\"error\"")
        .expect("the error entry");
    let entry = &seed[at..at + seed[at..].find("</section>").unwrap()];
    assert!(entry.contains("narrative_amount"), "{entry}");
    assert!(
        entry.contains("<td class=\"num expected\">70,087.22</td>"),
        "{entry}"
    );
    assert!(
        entry.contains("<td class=\"num printed\">101,597.34</td>"),
        "{entry}"
    );
    assert!(entry.contains(
        "pages/{SEED_SHA}/page-019.svg"
            .replace("{SEED_SHA}", SEED_SHA)
            .as_str()
    ));
    assert!(
        entry.contains("page-011.svg"),
        "the table page is shown too"
    );

    // The narrative finding has no cell box, so the page picture boxes the
    // token of its page that prints the quoted figure, with the expected
    // value beside it.
    let doc: serde_json::Value = serde_json::from_str(&read(
        &out.join("documents").join(format!("{SEED_SHA}.json")),
    ))
    .unwrap();
    let n = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .position(|f| f["severity"] == "error")
        .unwrap();
    let tokens: serde_json::Value =
        serde_json::from_str(&read(&out.join(format!("tokens/{SEED_SHA}/page-019.json")))).unwrap();
    let token = tokens["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["text"].as_str().unwrap().contains("101,597.34"))
        .expect("the quoted figure on page 19");
    let bbox = &token["bbox"];
    let svg = read(&report.join(format!("pages/{SEED_SHA}/page-019.svg")));
    assert_balanced(&svg, Path::new("page-019.svg"));
    let mark = format!(
        "<g class=\"mark\" data-finding=\"{}\"><rect x=\"{:.1}\" y=\"{:.1}\"",
        n + 1,
        bbox["x0"].as_f64().unwrap() - 1.5,
        bbox["y0"].as_f64().unwrap() - 1.5
    );
    let at = svg
        .find(&mark)
        .unwrap_or_else(|| panic!("{mark} in the page picture"));
    assert!(svg[at..]
        .split("</g>")
        .next()
        .unwrap()
        .contains("应为 70,087.22"));
    // The real glyph text is drawn, not only boxes.
    assert!(svg.contains("101,597.34"));
    let table_page = read(&report.join(format!("pages/{SEED_SHA}/page-011.svg")));
    assert!(table_page.contains("表印 70,087.22"));
    // The table cell the finding points at is marked in the document's rows.
    assert!(seed.contains("<td class=\"num flag\">70,087.22</td>"));
}

#[test]
fn without_a_token_dump_the_report_rereads_the_pdf_or_says_there_is_no_picture() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("seed.pdf");
    fs::copy(root().join("testdata/pdfs/seed.pdf"), &pdf).unwrap();
    let out = dir.path().join("out");
    let o = juesuan(&[
        "extract".as_ref(),
        pdf.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
        "--report".as_ref(),
    ]);
    assert!(o.status.success());
    assert!(!out.join("tokens").exists());
    let page = out.join(format!("report/pages/{SEED_SHA}/page-019.svg"));
    assert!(read(&page).contains("应为 70,087.22"));

    // With the PDF gone, the findings are listed without their pictures.
    fs::remove_dir_all(out.join("report")).unwrap();
    fs::remove_file(&pdf).unwrap();
    let o = juesuan(&["report".as_ref(), out.as_os_str()]);
    assert!(o.status.success());
    assert!(!page.exists());
    let html = read(&out.join(format!("report/doc/{SEED_SHA}.html")));
    assert!(html.contains("No picture of page 19"));
    assert!(html.contains("<td class=\"num printed\">101,597.34</td>"));
}

#[test]
fn a_folder_without_a_manifest_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let o = juesuan(&["report".as_ref(), dir.path().as_os_str()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&dir.path().display().to_string()) && err.contains("manifest.jsonl"),
        "{err}"
    );
}
