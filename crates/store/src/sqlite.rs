//! `budget.sqlite`: one transaction per document, and the view `cell_view`
//! with the same columns as `cells.csv`.

use std::collections::HashSet;
use std::path::Path;

use juesuan_model::Document;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};

use crate::error::{Error, Result};
use crate::fact_rows::{
    create_table, fact_rows, indicator_rows, performance_rows, FACT_COLUMNS, INDICATOR_COLUMNS,
    PERFORMANCE_COLUMNS,
};
use crate::rows::{self, finding_rows, Column, Field, DOCUMENT_COLUMNS, FINDING_COLUMNS};
use crate::{Item, Sink};

/// The SQL schema; `cell_view`'s columns are [`crate::CELL_COLUMNS`] and
/// `findings`' are [`FINDING_COLUMNS`] (a test keeps them so).
///
/// Exact amounts are TEXT (`amount_exact`, `wan_yuan_exact`); `amount` and
/// `wan_yuan` are REAL copies so that `max()`, `sum()` and `ORDER BY` are
/// numeric.
///
/// `tables`, `rows` and `cells` are keyed by `doc_id`, not by the 64-character
/// sha256: it was half of every cell's record, and storing the cells took
/// 0.35 s less CPU on the corpus without it (a third of the writer thread).
pub const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS documents (
    doc_id        INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL UNIQUE,
    file          TEXT NOT NULL,
    path          TEXT NOT NULL,
    document_kind TEXT NOT NULL,
    department    TEXT,
    year          INTEGER,
    unit          TEXT,
    page_count    INTEGER NOT NULL,
    status        TEXT NOT NULL,
    page_errors   TEXT NOT NULL,
    warnings      TEXT NOT NULL,
    tool          TEXT NOT NULL,
    seconds       REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tables (
    doc_id        INTEGER NOT NULL,
    table_index   INTEGER NOT NULL,
    document_kind TEXT NOT NULL,
    table_kind    TEXT NOT NULL,
    table_number  INTEGER,
    table_title   TEXT NOT NULL,
    unit          TEXT,
    pages         TEXT NOT NULL,
    columns       TEXT NOT NULL,
    notes         TEXT NOT NULL,
    -- Amounts printed in the table's region that no cell holds (confidence).
    unassigned_amounts INTEGER NOT NULL,
    PRIMARY KEY (doc_id, table_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rows (
    doc_id        INTEGER NOT NULL,
    table_index   INTEGER NOT NULL,
    row_index     INTEGER NOT NULL,
    code          TEXT,
    label         TEXT,
    side          TEXT,
    name          TEXT NOT NULL,
    PRIMARY KEY (doc_id, table_index, row_index)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cells (
    doc_id         INTEGER NOT NULL,
    table_index    INTEGER NOT NULL,
    row_index      INTEGER NOT NULL,
    column_id      TEXT NOT NULL,
    printed        TEXT NOT NULL,
    amount         REAL,
    amount_exact   TEXT NOT NULL,
    wan_yuan       REAL,
    wan_yuan_exact TEXT,
    page           INTEGER NOT NULL,
    x0 REAL, y0 REAL, x1 REAL, y1 REAL,
    PRIMARY KEY (doc_id, table_index, row_index, column_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (
    file          TEXT NOT NULL,
    path          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    document_kind TEXT NOT NULL,
    department    TEXT,
    year          INTEGER,
    unit          TEXT,
    check_id      TEXT NOT NULL,
    severity      TEXT NOT NULL,
    table_index   INTEGER,
    table_kind    TEXT,
    side          TEXT,
    row_key       TEXT,
    column_id     TEXT,
    page          INTEGER,
    expected      TEXT,
    printed       TEXT,
    difference    TEXT,
    tolerance     TEXT,
    message       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rows_code ON rows (code);
CREATE INDEX IF NOT EXISTS documents_department ON documents (department);
CREATE INDEX IF NOT EXISTS documents_year ON documents (year);
CREATE INDEX IF NOT EXISTS tables_kind ON tables (table_kind);
CREATE INDEX IF NOT EXISTS findings_sha256 ON findings (sha256);
CREATE INDEX IF NOT EXISTS findings_check ON findings (check_id);
CREATE VIEW IF NOT EXISTS cell_view AS
SELECT d.file, d.path, d.sha256, d.document_kind, d.department, d.year, t.unit,
       t.table_index, t.table_kind, t.table_number, t.table_title,
       r.row_index, r.code, r.label, r.side, r.name,
       c.column_id, c.printed, c.amount, c.amount_exact, c.wan_yuan, c.wan_yuan_exact,
       c.page, c.x0, c.y0, c.x1, c.y1
FROM cells c
JOIN rows r USING (doc_id, table_index, row_index)
JOIN tables t USING (doc_id, table_index)
JOIN documents d USING (doc_id);
"#;

/// The version `PRAGMA user_version` records: 3 since `tables`, `rows` and
/// `cells` are keyed by the integer `documents.doc_id` (versions 1 and 2
/// keyed them by sha256, and [`SqliteSink::open`] migrates them); 2 added
/// the `facts`, `performance` and `performance_indicators` tables.
pub const SQL_SCHEMA_VERSION: u32 = 3;

/// The SQL of the `facts`, `performance` and `performance_indicators`
/// tables, whose columns are [`FACT_COLUMNS`], [`PERFORMANCE_COLUMNS`] and
/// [`INDICATOR_COLUMNS`] (the CSV files' columns).
pub fn facts_schema() -> String {
    let mut sql = String::new();
    for (name, columns) in FACT_TABLES {
        sql.push_str(&create_table(name, columns));
        sql.push_str(&format!(
            "CREATE INDEX IF NOT EXISTS {name}_sha256 ON {name} (sha256);\n"
        ));
    }
    sql.push_str("CREATE INDEX IF NOT EXISTS facts_id ON facts (fact_id);\n");
    sql.push_str(&format!("PRAGMA user_version = {SQL_SCHEMA_VERSION};\n"));
    sql
}

const FACT_TABLES: [(&str, &[Column]); 3] = [
    ("facts", &FACT_COLUMNS),
    ("performance", &PERFORMANCE_COLUMNS),
    ("performance_indicators", &INDICATOR_COLUMNS),
];

/// Writes every document into one SQLite file.
pub struct SqliteSink {
    conn: Connection,
    /// Documents with a `documents` row when the sink was opened.
    held: HashSet<String>,
}

impl SqliteSink {
    /// Opens (or creates) the database and its schema.
    pub fn open(path: &Path) -> Result<SqliteSink> {
        let at = |e: rusqlite::Error| Error::from(e).at(path);
        let mut conn = Connection::open(path).map_err(at)?;
        // A newer juesuan's database is not ours to relabel: creating our
        // tables beside its own and writing version 3 would hide that.
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(at)?;
        if version > SQL_SCHEMA_VERSION {
            return Err(Error::new(
                crate::ErrorKind::Sqlite,
                format!(
                    "schema version {version}, newer than this juesuan's \
                     {SQL_SCHEMA_VERSION}; write to another folder or upgrade"
                ),
            )
            .at(path));
        }
        conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
            .map_err(at)?;
        // Speed only, not what is stored or when it is durable: each
        // document's rows touch index pages all over the file, which the
        // default 2 MiB cache read back from disk, and a checkpoint every
        // 4000 pages rather than 1000 copies a page rewritten meanwhile once.
        // A 4 MiB cache is as fast on the corpus as 16 MiB and holds 12 MB
        // less at the peak.
        conn.execute_batch("PRAGMA cache_size = -4096; PRAGMA wal_autocheckpoint = 4000;")
            .map_err(at)?;
        // Every statement `store` runs stays prepared (rusqlite keeps 16).
        conn.set_prepared_statement_cache_capacity(32);
        crate::migrate::migrate(&mut conn).map_err(at)?;
        conn.execute_batch(SCHEMA).map_err(at)?;
        conn.execute_batch(&facts_schema()).map_err(at)?;
        let held = {
            let mut stmt = conn.prepare("SELECT sha256 FROM documents").map_err(at)?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0)).map_err(at)?;
            rows.collect::<rusqlite::Result<_>>().map_err(at)?
        };
        Ok(SqliteSink { conn, held })
    }

    /// The connection, for queries after a batch.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl Sink for SqliteSink {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn holds(&self, sha256: &str) -> bool {
        self.held.contains(sha256)
    }

    fn write(&mut self, item: &Item<'_>) -> Result<()> {
        store(&mut self.conn, item)?;
        self.held.insert(item.document.sha256.clone());
        Ok(())
    }
}

impl ToSql for Field<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, Value, ValueRef};
        Ok(match self {
            Field::Null => ToSqlOutput::Owned(Value::Null),
            Field::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Field::Int(n) => ToSqlOutput::Owned(Value::Integer(*n)),
            Field::Real(x) => ToSqlOutput::Owned(Value::Real(*x)),
        })
    }
}

/// What [`store`] removes first, child tables before `documents`: the
/// tables keyed by the document's old `doc_id`, then those keyed by its
/// sha256.
const DELETE_BY_ID: [&str; 3] = [
    "DELETE FROM cells WHERE doc_id = ?1",
    "DELETE FROM rows WHERE doc_id = ?1",
    "DELETE FROM tables WHERE doc_id = ?1",
];
const DELETE_BY_SHA: [&str; 5] = [
    "DELETE FROM findings WHERE sha256 = ?1",
    "DELETE FROM facts WHERE sha256 = ?1",
    "DELETE FROM performance WHERE sha256 = ?1",
    "DELETE FROM performance_indicators WHERE sha256 = ?1",
    "DELETE FROM documents WHERE sha256 = ?1",
];

/// Replaces everything SQLite holds for one document in one transaction, so
/// a document is there whole or not at all, and never twice.
fn store(conn: &mut Connection, item: &Item<'_>) -> Result<()> {
    let (doc, record) = (item.document, item.record);
    let tx = conn.transaction()?;
    let sha = doc.sha256.as_str();
    // A document stored again keeps its id, so its new rows go where the
    // old ones were in each B-tree instead of all to the end (less to
    // rebalance and to checkpoint when a run is forced over its outputs).
    let old: Option<i64> = tx
        .prepare_cached("SELECT doc_id FROM documents WHERE sha256 = ?1")?
        .query_row([sha], |r| r.get(0))
        .optional()?;
    if let Some(id) = old {
        for delete in DELETE_BY_ID {
            tx.prepare_cached(delete)?.execute([id])?;
        }
    }
    for delete in DELETE_BY_SHA {
        tx.prepare_cached(delete)?.execute([sha])?;
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO documents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    insert.execute(params![
        old,
        sha,
        doc.file,
        record.path,
        rows::document_kind(doc),
        doc.department,
        doc.year,
        doc.unit.as_ref().map(|u| u.as_str()),
        doc.page_count,
        record.status.id(),
        serde_json::to_string(&record.page_errors)?,
        serde_json::to_string(&doc.warnings)?,
        record.tool,
        record.seconds,
    ])?;
    drop(insert);
    let id = tx.last_insert_rowid();
    store_tables(&tx, doc, id)?;
    {
        let marks = vec!["?"; FINDING_COLUMNS.len()].join(", ");
        let mut stmt = tx.prepare_cached(&format!("INSERT INTO findings VALUES ({marks})"))?;
        for row in finding_rows(doc, &record.path) {
            stmt.execute(params_from_iter(row.iter()))?;
        }
    }
    let rows = [
        fact_rows(doc, &record.path),
        performance_rows(doc, &record.path)?,
        indicator_rows(doc, &record.path),
    ];
    for ((name, columns), rows) in FACT_TABLES.iter().zip(rows) {
        let marks = vec!["?"; columns.len()].join(", ");
        let mut stmt = tx.prepare_cached(&format!("INSERT INTO {name} VALUES ({marks})"))?;
        for row in rows {
            stmt.execute(params_from_iter(row.iter()))?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The `tables`, `rows` and `cells` of one document.
fn store_tables(tx: &rusqlite::Transaction<'_>, doc: &Document, id: i64) -> Result<()> {
    let mut tables = tx.prepare_cached(
        "INSERT INTO tables VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut rows_stmt =
        tx.prepare_cached("INSERT INTO rows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
    for (ti, t) in doc.tables.iter().enumerate() {
        // rusqlite binds i64, not usize.
        let ti = ti as i64;
        tables.execute(params![
            id,
            ti,
            rows::document_kind(doc),
            rows::table_kind(t),
            t.number,
            t.title,
            rows::table_unit(doc, t),
            serde_json::to_string(&t.pages)?,
            serde_json::to_string(&t.columns)?,
            serde_json::to_string(&t.notes)?,
            t.unassigned_amounts,
        ])?;
        for (ri, r) in t.rows.iter().enumerate() {
            rows_stmt.execute(params![
                id,
                ti,
                ri as i64,
                r.key.as_code(),
                r.key.as_label(),
                r.side.map(|s| s.id()),
                r.name,
            ])?;
        }
    }
    // The cells take the cell's own columns of cells.csv's flat rows:
    // the keys, then every column from column_id on.
    let mut cells = tx.prepare_cached(
        "INSERT INTO cells VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    let own = |name: &str| {
        let i = crate::CELL_COLUMNS.iter().position(|c| c.name == name)?;
        i.checked_sub(DOCUMENT_COLUMNS.len())
    };
    let (Some(table_i), Some(row_i), Some(from)) =
        (own("table_index"), own("row_index"), own("column_id"))
    else {
        return Err(Error::new(
            crate::ErrorKind::Sqlite,
            "cell columns out of step",
        ));
    };
    let doc_id = Field::Int(id);
    for (ti, t) in doc.tables.iter().enumerate() {
        for (ri, r) in t.rows.iter().enumerate() {
            for (column, v) in &r.values {
                let row = rows::cell_fields((ti, t), (ri, r), column, v);
                let keys = [&doc_id, &row[table_i], &row[row_i]];
                cells.execute(params_from_iter(keys.into_iter().chain(&row[from..])))?;
            }
        }
    }
    Ok(())
}
