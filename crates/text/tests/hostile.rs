//! Hostile and damaged files, generated at test time: each finishes within its
//! budget, with the right error kind, and never panics.

mod common;

use common::hostile::{self, Expect};
use juesuan_text::{extract_bytes, extract_bytes_with, Budget, ErrorKind, Limits, Note};
use std::time::{Duration, Instant};

/// What a file gave: `ok`, `recovered`, or the kind (and budget) of the
/// error that failed or stopped it.
fn outcome(bytes: &[u8], limits: &Limits) -> (String, Option<Budget>) {
    match extract_bytes_with(bytes, limits) {
        Ok(doc) => match doc.page_errors.first() {
            Some(e) => (e.kind().as_str().to_string(), e.budget()),
            None if doc.notes.contains(&Note::RecoveredXref) => ("recovered".to_string(), None),
            None => ("ok".to_string(), None),
        },
        Err(e) => (e.kind().as_str().to_string(), e.budget()),
    }
}

#[test]
fn the_small_hostile_set_finishes_with_the_right_kinds() {
    let limits = Limits::default();
    let mut wrong = Vec::new();
    for case in hostile::small_set() {
        let started = Instant::now();
        let (kind, budget) = outcome(&case.bytes, &limits);
        let took = started.elapsed();
        let good = match case.expect {
            Expect::Ok => kind == "ok",
            Expect::Recovered => kind == "recovered",
            Expect::Kind(k) => kind == k,
            Expect::Budget(b) => kind == "limit" && budget.map(Budget::as_str) == Some(b),
            Expect::NoPanic => kind != "panic",
        };
        eprintln!("{}: {kind} {budget:?} in {took:.2?}", case.name);
        // Well inside the default wall-time budget: nothing here loops.
        if !good || took > Duration::from_secs(60) {
            wrong.push(format!(
                "{}: got {kind} {budget:?} in {took:?}, expected {:?}",
                case.name, case.expect
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Bombs of 1 GiB stop at the 256 MiB stream budget, one at a time.
    if let Some(peak) = peak_rss_kib() {
        assert!(peak < 1 << 20, "peak RSS {peak} KiB");
    }
}

/// The process's peak resident set (`VmHWM`), where `/proc` has it (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn the_operator_budget_stops_a_long_content_stream() {
    let pdf = hostile::content_bomb(8 << 20);
    let limits = Limits {
        max_operators: 100_000,
        ..Limits::default()
    };
    let err = extract_bytes_with(&pdf, &limits).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Limit);
    assert_eq!(err.budget(), Some(Budget::Operators));
    assert!(err.message().contains("operators"), "{err}");
}

#[test]
fn the_document_budget_counts_every_stream() {
    let pdf = hostile::content_bomb(8 << 20);
    let limits = Limits {
        max_inflated_bytes: 4 << 20,
        ..Limits::default()
    };
    let err = extract_bytes_with(&pdf, &limits).unwrap_err();
    assert_eq!(err.budget(), Some(Budget::InflatedBytes), "{err}");
}

#[test]
fn the_time_budget_stops_a_document() {
    let pdf = hostile::content_bomb(64 << 20);
    let limits = Limits {
        max_time: Duration::from_millis(1),
        ..Limits::default()
    };
    let started = Instant::now();
    let err = extract_bytes_with(&pdf, &limits).unwrap_err();
    assert_eq!(err.budget(), Some(Budget::Time), "{err}");
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn pages_read_before_a_budget_runs_out_are_kept() {
    // Six pages of text; the operator budget runs out on the third.
    let pdf = hostile::long_text(6);
    let limits = Limits {
        max_operators: 100,
        ..Limits::default()
    };
    let doc = extract_bytes_with(&pdf, &limits).unwrap();
    assert_eq!(doc.page_errors.len(), 1);
    let e = &doc.page_errors[0];
    assert_eq!(
        (e.kind(), e.budget()),
        (ErrorKind::Limit, Some(Budget::Operators))
    );
    assert!(e.message().contains("stopped at page"), "{e}");
    let stopped = e.page().unwrap() as usize;
    assert!(
        stopped > 1 && doc.pages.len() == stopped,
        "{stopped} {}",
        doc.pages.len()
    );
    assert!(doc.pages[0]
        .tokens
        .iter()
        .any(|t| t.text.contains("Page 0")));
}

#[test]
fn default_budgets_leave_an_ordinary_document_alone() {
    let doc = extract_bytes(&hostile::long_text(6)).unwrap();
    assert!(doc.page_errors.is_empty() && doc.notes.is_empty());
    assert_eq!(doc.pages.len(), 6);
}

#[test]
fn a_kids_cycle_reads_each_page_once() {
    let doc = extract_bytes(&hostile::kids_cycle()).unwrap();
    assert_eq!(doc.pages.len(), 1);
    assert_eq!(doc.notes, vec![Note::RepeatedPages]);
}

#[test]
fn a_parent_cycle_without_a_media_box_is_read() {
    let doc = extract_bytes(&hostile::parent_cycle(true)).unwrap();
    let text: String = doc.pages[0]
        .tokens
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    assert!(text.contains("Hello"), "{text}");
}

#[test]
fn a_rebuilt_xref_reads_every_page_of_a_file_without_one() {
    let long = hostile::long_text(6);
    let cut = &long[..hostile::find(&long, b"xref\n").unwrap()];
    let doc = extract_bytes(cut).unwrap();
    assert_eq!(doc.notes, vec![Note::RecoveredXref]);
    assert_eq!(doc.pages.len(), 6);
    assert!(doc.pages[5]
        .tokens
        .iter()
        .any(|t| t.text.contains("Page 5")));
}

#[test]
fn the_big_generated_set_never_panics() {
    // A few hundred variants under tight budgets, so the test stays quick.
    let limits = Limits {
        max_stream_bytes: 32 << 20,
        max_inflated_bytes: 64 << 20,
        ..Limits::default()
    };
    let mut panics = Vec::new();
    for case in hostile::big_set(150, 14) {
        let (kind, _) = outcome(&case.bytes, &limits);
        if kind == "panic" {
            panics.push(case.name);
        }
    }
    assert!(panics.is_empty(), "panics: {panics:?}");
}

#[test]
fn a_content_stream_over_4_mib_is_parsed_in_pieces_without_losing_an_operator() {
    // Strings and comments hold operator-like text, so a cut in the wrong
    // place would lose or invent operators.
    let line = "BT /F1 9 Tf 72 700 Td (\\) ET \\() Tj ET % padding ( Tj ET [ <<\n";
    let lines = 90_000;
    let content = line.repeat(lines);
    assert!(content.len() > 4 << 20);
    let pieces = pdf_extract::budget::split_content(content.as_bytes(), 4 << 20);
    assert!(pieces.len() > 1);
    assert_eq!(pieces.concat(), content.as_bytes());
    let doc = extract_bytes(&hostile::simple(content.as_bytes()).build()).unwrap();
    assert_eq!(doc.usage.operators, 5 * lines as u64);
    assert!(doc.page_errors.is_empty(), "{:?}", doc.page_errors);
}
