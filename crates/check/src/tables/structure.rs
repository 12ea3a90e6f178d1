//! Structure: the tables a document must print, and the ones printed empty.

use super::*;

pub(super) fn structure(cx: &mut Cx<'_>) {
    let doc = cx.doc;
    let final_accounts = matches!(
        doc.kind,
        DocumentKind::FinalAccounts | DocumentKind::UnitFinalAccounts
    );
    if final_accounts {
        for kind in TableKind::ALL {
            if doc.table(kind).is_none() {
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
                let mut f = Finding::new(
                    CheckId::StructureUnit,
                    Severity::Warning,
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
