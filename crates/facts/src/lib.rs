//! The rest of a 部门决算 or 部门预算 as records: the facts its 情况说明
//! prints (机关运行经费, 政府采购, 车辆 and 设备, 三公 counts and amounts,
//! 绩效 coverage) and its project performance tables (项目支出绩效自评表,
//! 绩效目标表).
//!
//! [`read`] fills [`Document::facts`] and [`Document::performance`] from the
//! text layer's pages: facts from the prose (rules as data in `rules.rs`,
//! numbers through the model's one amount grammar), performance records
//! from the lines of their tables.
//!
//! This crate owns reading these records. It must not know how the nine
//! tables are recognised (it reads pages, never the recognizer's internals),
//! nor check anything: the checks on facts and performance records belong
//! to `juesuan-check`. It never touches PDF bytes.
#![deny(missing_docs)]

mod lines;
mod narrative;
mod performance;
mod rules;
mod stream;
mod summary;

use juesuan_model::{Document, DocumentKind, Fact, Performance};
use juesuan_text::Page;

/// Reads the facts and performance records of `pages` into `doc`,
/// replacing what it held; the document's kind says whether its
/// performance tables are 自评 (决算) or 目标 (预算).
pub fn read(pages: &[Page], doc: &mut Document) {
    read_pages(pages).apply(doc);
}

/// The facts and performance records of a document's pages, read before its
/// tables (they need only the pages, so the pages can go to the recognizer
/// next); [`PageFacts::apply`] puts them in the document once its kind is
/// known.
#[derive(Debug)]
pub struct PageFacts {
    facts: Vec<Fact>,
    performance: Vec<Performance>,
    /// Whether each record prints actuals: a 自评 in a 决算.
    actuals: Vec<bool>,
}

/// Reads what [`read`] reads, without the document.
pub fn read_pages(pages: &[Page]) -> PageFacts {
    let stream = stream::Stream::of(pages);
    let facts = narrative::read_facts(&stream);
    let (mut performance, actuals): (Vec<Performance>, Vec<bool>) =
        performance::read_records(lines::lines(pages))
            .into_iter()
            .unzip();
    summary::attach(&stream, &mut performance);
    PageFacts {
        facts,
        performance,
        actuals,
    }
}

impl PageFacts {
    /// Replaces the document's facts and performance records with these;
    /// the document's kind says whether its performance tables are 自评
    /// (决算) or 目标 (预算).
    pub fn apply(self, doc: &mut Document) {
        let final_accounts = !matches!(doc.kind, DocumentKind::Budget);
        let mut records: Vec<(Performance, bool)> =
            self.performance.into_iter().zip(self.actuals).collect();
        performance::set_kinds(&mut records, final_accounts);
        doc.facts = self.facts;
        doc.performance = records.into_iter().map(|(r, _)| r).collect();
    }
}

/// The facts the pages print, in printed order.
pub fn facts(pages: &[Page]) -> Vec<Fact> {
    narrative::read_facts(&stream::Stream::of(pages))
}

/// The performance records the pages print, in printed order (without
/// their 自评综述 summaries, which [`read`] attaches).
pub fn performance(pages: &[Page], kind: DocumentKind) -> Vec<Performance> {
    let final_accounts = !matches!(kind, DocumentKind::Budget);
    performance::read_performance(lines::lines(pages), final_accounts)
}
