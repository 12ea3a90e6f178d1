//! The validator on a committed snapshot of the pipeline's reading of the
//! project's seed fixture (`tests/data/seed.document.json`, written once by
//! `cargo run --example check -- testdata/pdfs/seed.pdf --json DIR`): the
//! snapshot has no unexpected error, and each single changed amount is caught.

mod common;

use common::{caught, key, mutations, seed_document, unexpected_errors};
use juesuan_check::{validate, validate_with, CheckId, Finding, Severity, Validator};
use juesuan_model::{Amount, TextBlock};

#[test]
fn the_seed_snapshot_has_no_unexpected_error() {
    let doc = seed_document();
    let findings = validate(&doc);
    let errors = unexpected_errors(&findings);
    assert!(errors.is_empty(), "{errors:#?}");
    // The known narrative slip is still reported, located at the narrative page.
    let known: Vec<&Finding> = findings
        .iter()
        .filter(|f| common::is_known_seed_error(f))
        .collect();
    assert_eq!(known.len(), 1);
    assert_eq!(known[0].page, Some(19));
    // The seed's 0.01 drifts are rounding, each with its tolerance.
    let rounding: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Rounding)
        .collect();
    assert!(!rounding.is_empty());
    for f in rounding {
        let (d, t) = (f.difference.unwrap(), f.tolerance.unwrap());
        assert!(!d.is_zero() && d.abs() <= t, "{f}");
    }
}

#[test]
fn every_single_mutation_is_caught_by_its_check() {
    for m in mutations() {
        let mut doc = seed_document();
        match (m.kind, &m.cell) {
            (Some(kind), Some((side, k, column))) => {
                let t = doc
                    .tables
                    .iter_mut()
                    .find(|t| t.kind == Some(kind))
                    .unwrap();
                let row = t
                    .rows
                    .iter_mut()
                    .find(|r| r.side == *side && r.key == key(k))
                    .unwrap_or_else(|| panic!("{kind} {k}"));
                let v = row.values.get_mut(column).unwrap();
                assert_eq!(v.amount.printed(), m.from, "{kind} {k}");
                v.amount = Amount::parse(m.to).unwrap();
            }
            _ => {
                let block: &mut TextBlock = doc
                    .narrative
                    .iter_mut()
                    .find(|b| b.text.contains(m.from))
                    .unwrap();
                block.text = block.text.replace(m.from, m.to);
            }
        }
        let findings = validate(&doc);
        assert!(
            caught(&m, &findings),
            "{} → {} not caught by {}: {:#?}",
            m.from,
            m.to,
            m.check,
            unexpected_errors(&findings)
        );
        // The finding points at a page and, for table cells, at a printed box.
        let f = unexpected_errors(&findings)
            .into_iter()
            .find(|f| f.check == m.check)
            .unwrap();
        assert!(f.page.is_some(), "{f}");
        if m.kind.is_some() {
            assert!(f.key.is_some() && f.column.is_some(), "{f}");
        }
    }
}

#[test]
fn a_subset_runs_only_its_checks() {
    let doc = seed_document();
    let only = validate_with(&doc, &[CheckId::RowSum]);
    assert!(!only.is_empty());
    assert!(only.iter().all(|f| f.check == CheckId::RowSum));
    let none = Validator::new().except(CheckId::ALL).run(&doc);
    assert!(none.is_empty());
}

#[test]
fn check_ids_are_stable_and_named() {
    for c in CheckId::ALL {
        assert_eq!(c.id().parse::<CheckId>().unwrap(), *c);
        assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{}\"", c.id()));
        assert!(
            !c.chinese_name().is_empty() && !c.english_name().is_empty() && !c.doc().is_empty()
        );
    }
    assert!("no_such_check".parse::<CheckId>().is_err());
}

#[test]
fn findings_round_trip_through_json() {
    let doc = seed_document();
    let findings = validate(&doc);
    let json = serde_json::to_string(&findings).unwrap();
    assert!(json.contains(r#""severity":"rounding""#));
    let back: Vec<Finding> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, findings);
}
