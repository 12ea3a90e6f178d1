//! Structure: the tables a document must print, and the ones printed empty.

use super::*;

pub(super) fn structure(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let final_accounts = matches!(
        doc.kind,
        DocumentKind::FinalAccounts | DocumentKind::UnitFinalAccounts
    );
    if final_accounts {
        missing_tables(cx);
    }
    for (ti, t) in doc.tables.iter().enumerate() {
        let Some(kind) = t.kind else { continue };
        if t.is_empty() {
            let (severity, detail) = if t.notes.is_empty() {
                (
                    Severity::Warning,
                    format!(
                        "{}无金额且无说明 / empty table without a note",
                        kind.chinese_name()
                    ),
                )
            } else {
                (
                    Severity::Info,
                    format!(
                        "{}为空表：{} / printed empty",
                        kind.chinese_name(),
                        t.notes.join("；")
                    ),
                )
            };
            let mut f = Finding::new(CheckId::StructureEmpty, severity, detail);
            f.table = Some(ti);
            f.kind = Some(kind);
            f.page = t.pages.first().copied();
            cx.push(f);
        }
        if let (Some(u), Some(du)) = (&t.unit, &doc.unit) {
            if u != du {
                // Every check converts to 万元, and templates print some
                // tables in another unit (上海's 三公 table in 万元 beside
                // tables in 元): the difference is worth knowing, not wrong.
                let mut f = Finding::new(
                    CheckId::StructureUnit,
                    Severity::Info,
                    format!("{}单位为{u}，文档单位为{du}", kind.chinese_name()),
                );
                f.table = Some(ti);
                f.kind = Some(kind);
                f.page = t.pages.first().copied();
                cx.push(f);
            }
        }
    }
}

/// The nine tables a 决算 prints, each missing one an error. Where none of
/// them was found, the file is a 情况说明 alone or not a 决算 at all (its kind
/// read from its words): one note says so instead of nine errors.
fn missing_tables(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let missing: Vec<TableKind> = TableKind::ALL
        .into_iter()
        .filter(|k| doc.table(*k).is_none())
        .collect();
    if missing.len() == TableKind::ALL.len() {
        let f = Finding::new(
            CheckId::StructureTables,
            Severity::Info,
            "未识别到任何决算表（文档或只含说明，或并非决算） / none of the nine tables found"
                .to_string(),
        );
        cx.push(f);
        return;
    }
    for kind in missing {
        let mut f = Finding::new(
            CheckId::StructureTables,
            Severity::Error,
            format!(
                "未印{}（公开{:02}表） / table not printed",
                kind.chinese_name(),
                kind.number()
            ),
        );
        f.kind = Some(kind);
        cx.push(f);
    }
}
