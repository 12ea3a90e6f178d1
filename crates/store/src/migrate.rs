//! Changes of a whole `budget.sqlite`: [`migrate`] brings one of an earlier
//! schema up to [`SCHEMA`], in place and in one transaction, so an output
//! folder of an earlier version resumes without reading its documents
//! again; [`MERGE_SQL`] adds a shard's documents to another database.
//!
//! Versions 1 and 2 keyed `tables`, `rows` and `cells` by the document's
//! sha256; version 3 keys them by `documents.doc_id`, an integer. The
//! sha256 stays in `documents`, `cell_view` and the flat tables.

use rusqlite::Connection;

use crate::sqlite::SCHEMA;

/// The columns after the key of the tables keyed by document in versions 1
/// and 2, which version 3 keeps in the same order.
const KEYED: [(&str, &str); 3] = [
    (
        "tables",
        "table_index, document_kind, table_kind, table_number, table_title, unit, pages, \
         columns, notes, unassigned_amounts",
    ),
    ("rows", "table_index, row_index, code, label, side, name"),
    (
        "cells",
        "table_index, row_index, column_id, printed, amount, amount_exact, wan_yuan, \
         wan_yuan_exact, page, x0, y0, x1, y1",
    ),
];

/// Adds the documents of the database attached as `shard` to the main
/// one, skipping those it already holds (by sha256). Each document gets a
/// new `doc_id` in the main database. Run it after
/// `ATTACH 'shard/budget.sqlite' AS shard;` in one transaction.
pub const MERGE_SQL: &str = "\
CREATE TEMP TABLE merged AS SELECT doc_id AS shard_id, sha256 FROM shard.documents
  WHERE sha256 NOT IN (SELECT sha256 FROM main.documents);
INSERT INTO main.documents SELECT NULL, s.sha256, file, path, document_kind, department,
  year, unit, page_count, status, page_errors, warnings, tool, seconds
  FROM shard.documents s JOIN merged m ON m.shard_id = s.doc_id;
CREATE TEMP TABLE ids AS SELECT m.shard_id, d.doc_id FROM merged m
  JOIN main.documents d USING (sha256);
INSERT INTO main.tables SELECT i.doc_id, table_index, document_kind, table_kind,
  table_number, table_title, unit, pages, columns, notes, unassigned_amounts
  FROM shard.tables t JOIN ids i ON i.shard_id = t.doc_id;
INSERT INTO main.rows SELECT i.doc_id, table_index, row_index, code, label, side, name
  FROM shard.rows r JOIN ids i ON i.shard_id = r.doc_id;
INSERT INTO main.cells SELECT i.doc_id, table_index, row_index, column_id, printed, amount,
  amount_exact, wan_yuan, wan_yuan_exact, page, x0, y0, x1, y1
  FROM shard.cells c JOIN ids i ON i.shard_id = c.doc_id;
INSERT INTO main.findings SELECT * FROM shard.findings WHERE sha256 IN (SELECT sha256 FROM merged);
INSERT INTO main.facts SELECT * FROM shard.facts WHERE sha256 IN (SELECT sha256 FROM merged);
INSERT INTO main.performance SELECT * FROM shard.performance
  WHERE sha256 IN (SELECT sha256 FROM merged);
INSERT INTO main.performance_indicators SELECT * FROM shard.performance_indicators
  WHERE sha256 IN (SELECT sha256 FROM merged);
DROP TABLE temp.ids;
DROP TABLE temp.merged;
";

/// Whether the database holds a `documents` table without `doc_id`: a
/// version 1 or 2 database.
fn keyed_by_sha256(conn: &Connection) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info('documents')")?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(!names.is_empty() && !names.iter().any(|n| n == "doc_id"))
}

/// Migrates a version 1 or 2 database to version 3; does nothing to any
/// other. Either the whole migration is committed or nothing changes.
pub(crate) fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    if !keyed_by_sha256(conn)? {
        return Ok(());
    }
    let tx = conn.transaction()?;
    // The old view and indexes go first: `CREATE … IF NOT EXISTS` in the
    // schema would otherwise keep them, on the renamed tables.
    tx.execute_batch(
        "DROP VIEW IF EXISTS cell_view;
         DROP INDEX IF EXISTS rows_code;
         DROP INDEX IF EXISTS documents_department;
         DROP INDEX IF EXISTS documents_year;
         DROP INDEX IF EXISTS tables_kind;
         ALTER TABLE documents RENAME TO old_documents;",
    )?;
    for (table, _) in KEYED {
        tx.execute_batch(&format!("ALTER TABLE {table} RENAME TO old_{table};"))?;
    }
    tx.execute_batch(SCHEMA)?;
    tx.execute_batch("INSERT INTO documents SELECT NULL, * FROM old_documents;")?;
    for (table, columns) in KEYED {
        let from: Vec<String> = columns.split(", ").map(|c| format!("o.{c}")).collect();
        tx.execute_batch(&format!(
            "INSERT INTO {table} SELECT d.doc_id, {} FROM old_{table} o \
             JOIN documents d USING (sha256);
             DROP TABLE old_{table};",
            from.join(", ")
        ))?;
    }
    tx.execute_batch("DROP TABLE old_documents;")?;
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Version 2's tables keyed by document, as that version created them.
    const V2: &str = r#"
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY, file TEXT NOT NULL, path TEXT NOT NULL,
    document_kind TEXT NOT NULL, department TEXT, year INTEGER, unit TEXT,
    page_count INTEGER NOT NULL, status TEXT NOT NULL, page_errors TEXT NOT NULL,
    warnings TEXT NOT NULL, tool TEXT NOT NULL, seconds REAL NOT NULL);
CREATE TABLE tables (
    sha256 TEXT NOT NULL, table_index INTEGER NOT NULL, document_kind TEXT NOT NULL,
    table_kind TEXT NOT NULL, table_number INTEGER, table_title TEXT NOT NULL, unit TEXT,
    pages TEXT NOT NULL, columns TEXT NOT NULL, notes TEXT NOT NULL,
    unassigned_amounts INTEGER NOT NULL,
    PRIMARY KEY (sha256, table_index)) WITHOUT ROWID;
CREATE TABLE rows (
    sha256 TEXT NOT NULL, table_index INTEGER NOT NULL, row_index INTEGER NOT NULL,
    code TEXT, label TEXT, side TEXT, name TEXT NOT NULL,
    PRIMARY KEY (sha256, table_index, row_index)) WITHOUT ROWID;
CREATE TABLE cells (
    sha256 TEXT NOT NULL, table_index INTEGER NOT NULL, row_index INTEGER NOT NULL,
    column_id TEXT NOT NULL, printed TEXT NOT NULL, amount REAL, amount_exact TEXT NOT NULL,
    wan_yuan REAL, wan_yuan_exact TEXT, page INTEGER NOT NULL,
    x0 REAL, y0 REAL, x1 REAL, y1 REAL,
    PRIMARY KEY (sha256, table_index, row_index, column_id)) WITHOUT ROWID;
CREATE INDEX rows_code ON rows (code);
CREATE INDEX tables_kind ON tables (table_kind);
CREATE VIEW cell_view AS SELECT * FROM cells;
PRAGMA user_version = 2;
INSERT INTO documents VALUES ('aa', 'a.pdf', 'in/a.pdf', 'budget', '甲局', 2026, '万元',
    3, 'ok', '[]', '[]', 'juesuan 0', 0.5);
INSERT INTO documents VALUES ('bb', 'b.pdf', 'in/b.pdf', 'final_accounts', NULL, 2024, NULL,
    9, 'ok', '[]', '[]', 'juesuan 0', 0.7);
INSERT INTO tables VALUES ('bb', 0, 'final_accounts', 'income', 2, '收入决算表', '万元',
    '[4]', '[]', '[]', 0);
INSERT INTO rows VALUES ('bb', 0, 0, '201', NULL, NULL, '一般公共服务支出');
INSERT INTO cells VALUES ('bb', 0, 0, 'total', '1,234.50', 1234.5, '1234.50', 1234.5,
    '1234.50', 4, 1.0, 2.0, 3.0, 4.0);
"#;

    /// Each document's `doc_id` and sha256, by id.
    fn doc_ids(conn: &Connection) -> Vec<(i64, String)> {
        conn.prepare("SELECT doc_id, sha256 FROM documents ORDER BY doc_id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_version_2_database_keeps_its_cells_under_integer_document_ids() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(V2).unwrap();
        migrate(&mut conn).unwrap();
        assert!(!keyed_by_sha256(&conn).unwrap());
        let (sha, dept, code, exact, page): (String, Option<String>, String, String, i64) = conn
            .query_row(
                "SELECT sha256, department, code, amount_exact, page FROM cell_view",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap();
        assert_eq!(
            (sha.as_str(), dept, code.as_str(), exact.as_str(), page),
            ("bb", None, "201", "1234.50", 4)
        );
        assert_eq!(
            doc_ids(&conn),
            [(1, "aa".to_string()), (2, "bb".to_string())]
        );
        let title: String = conn
            .query_row("SELECT table_title FROM tables WHERE doc_id = 2", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(title, "收入决算表");
        // No table of the old schema is left, and the index on the new
        // `rows` exists.
        let left: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'old_%'
                 OR (type = 'index' AND name = 'rows_code' AND tbl_name != 'rows')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(left, 0);
        // A second migration is a no-op.
        migrate(&mut conn).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM cells", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }

    /// A version 3 database in `dir` holding the documents `shas`, each
    /// with one cell.
    fn shard(dir: &std::path::Path, name: &str, shas: &[&str]) -> std::path::PathBuf {
        let path = dir.join(name);
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(SCHEMA).unwrap();
        conn.execute_batch(&crate::sqlite::facts_schema()).unwrap();
        for sha in shas {
            conn.execute(
                "INSERT INTO documents VALUES (NULL, ?1, 'f.pdf', 'in/f.pdf', 'budget', NULL,
                 2026, NULL, 1, 'ok', '[]', '[]', 't', 0.1)",
                [sha],
            )
            .unwrap();
            let id = conn.last_insert_rowid();
            conn.execute_batch(&format!(
                "INSERT INTO tables VALUES ({id}, 0, 'budget', 'budget_income', 2, 't', NULL,
                 '[1]', '[]', '[]', 0);
                 INSERT INTO rows VALUES ({id}, 0, 0, '201', NULL, NULL, 'n');
                 INSERT INTO cells VALUES ({id}, 0, 0, 'total', '1', 1.0, '1', NULL, NULL,
                 1, NULL, NULL, NULL, NULL);"
            ))
            .unwrap();
            conn.execute(
                "INSERT INTO findings (file, path, sha256, document_kind, check_id, severity,
                 message) VALUES ('f.pdf', 'in/f.pdf', ?1, 'budget', 'c', 'info', 'm')",
                [sha],
            )
            .unwrap();
        }
        path
    }

    #[test]
    fn merging_a_shard_adds_its_new_documents_under_new_ids() {
        let dir = tempfile::tempdir().unwrap();
        let main = shard(dir.path(), "main.sqlite", &["aa", "bb"]);
        let other = shard(dir.path(), "shard.sqlite", &["bb", "cc", "dd"]);
        let mut conn = Connection::open(main).unwrap();
        conn.execute("ATTACH ?1 AS shard", [other.to_str().unwrap()])
            .unwrap();
        let tx = conn.transaction().unwrap();
        tx.execute_batch(MERGE_SQL).unwrap();
        tx.commit().unwrap();
        let s = |x: &str| x.to_string();
        assert_eq!(
            doc_ids(&conn),
            [(1, s("aa")), (2, s("bb")), (3, s("cc")), (4, s("dd"))]
        );
        let cells: Vec<String> = conn
            .prepare("SELECT sha256 FROM cell_view ORDER BY sha256")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(cells, ["aa", "bb", "cc", "dd"]);
        let findings: i64 = conn
            .query_row("SELECT count(*) FROM findings", [], |r| r.get(0))
            .unwrap();
        assert_eq!(findings, 4);
    }

    #[test]
    fn the_sink_opens_a_version_2_database_migrated_and_holding_its_documents() {
        use crate::Sink;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("budget.sqlite");
        Connection::open(&path).unwrap().execute_batch(V2).unwrap();
        let sink = crate::SqliteSink::open(&path).unwrap();
        assert!(sink.holds("aa") && sink.holds("bb") && !sink.holds("cc"));
        let conn = sink.connection();
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, crate::SQL_SCHEMA_VERSION);
        let cells: i64 = conn
            .query_row(
                "SELECT count(*) FROM cell_view WHERE sha256 = 'bb'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(cells, 1);
    }

    #[test]
    fn the_sink_refuses_a_database_of_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("budget.sqlite");
        let newer = crate::SQL_SCHEMA_VERSION + 1;
        Connection::open(&path)
            .unwrap()
            .execute_batch(&format!("PRAGMA user_version = {newer};"))
            .unwrap();
        let Err(e) = crate::SqliteSink::open(&path) else {
            panic!("a newer schema was opened");
        };
        assert_eq!(e.kind(), crate::ErrorKind::Sqlite);
        let shown = e.to_string();
        assert!(
            shown.contains("budget.sqlite") && shown.contains(&format!("schema version {newer}")),
            "{shown}"
        );
        // Nothing was written to it.
        let tables: i64 = Connection::open(&path)
            .unwrap()
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0);
    }

    #[test]
    fn a_new_database_is_left_to_the_schema() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}
