//! `cells.csv`, `findings.csv`, `facts.csv`, `performance.csv` and
//! `performance_indicators.csv`, rebuilt from one part per document.
//!
//! Appending each document to one `cells.csv` as it completes would leave
//! rows of a document whose other outputs never completed after a kill, and
//! the rerun would append them again. Instead every document writes its own
//! part (`parts/<sha256>.cells.csv`, atomically), and the files users read
//! are rebuilt from the parts of complete documents when a batch ends: each
//! complete document once, in the order the batch gives.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::fact_rows::{
    fact_rows, indicator_rows, performance_rows, FACT_COLUMNS, INDICATOR_COLUMNS,
    PERFORMANCE_COLUMNS,
};
use crate::rows::{
    csv_sources, each_cell_row, finding_rows, Column, Field, CELL_COLUMNS, FINDING_COLUMNS,
};

/// The CSV files besides `cells.csv` that a document may have no rows in:
/// file name, part suffix and columns.
const OPTIONAL_FILES: [(&str, &str, &[Column]); 4] = [
    ("findings.csv", "findings", &FINDING_COLUMNS),
    ("facts.csv", "facts", &FACT_COLUMNS),
    ("performance.csv", "performance", &PERFORMANCE_COLUMNS),
    (
        "performance_indicators.csv",
        "indicators",
        &INDICATOR_COLUMNS,
    ),
];
use crate::{Item, Prepare, Prepared, Sink, Staged};

/// The UTF-8 byte order mark, which Excel needs to read UTF-8 CSV.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes `cells.csv`, `findings.csv` and the facts and performance files
/// (see the module doc).
pub struct CsvSink {
    out: PathBuf,
    parts: PathBuf,
    bom: bool,
}

impl CsvSink {
    /// A sink writing under `out` (parts under `out/parts`); with `bom`, the
    /// two CSV files start with a UTF-8 byte order mark for Excel.
    pub fn new(out: &Path, bom: bool) -> Result<CsvSink> {
        let parts = out.join("parts");
        fs::create_dir_all(&parts).map_err(|e| Error::from(e).at(&parts))?;
        crate::remove_stray_temporaries(&parts)?;
        Ok(CsvSink {
            out: out.to_path_buf(),
            parts,
            bom,
        })
    }

    fn part(&self, sha: &str, what: &str) -> PathBuf {
        part(&self.parts, sha, what)
    }

    fn rebuild(&self, name: &str, what: &str, columns: &[Column], order: &[String]) -> Result<()> {
        let path = self.out.join(name);
        let tmp = self.out.join(format!(".{name}.tmp"));
        let at = |e: std::io::Error| Error::from(e).at(&tmp);
        let mut out = BufWriter::new(fs::File::create(&tmp).map_err(at)?);
        if self.bom {
            out.write_all(BOM).map_err(at)?;
        }
        out.write_all(&header_csv(columns)?).map_err(at)?;
        for sha in order {
            let part = self.part(sha, what);
            match fs::File::open(&part) {
                Ok(mut f) => {
                    std::io::copy(&mut f, &mut out).map_err(|e| Error::from(e).at(&part))?;
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::from(e).at(&part)),
            }
        }
        out.into_inner()
            .map_err(|e| at(e.into_error()))?
            .sync_all()
            .map_err(at)?;
        fs::rename(&tmp, &path).map_err(|e| Error::from(e).at(&path))
    }
}

fn part(parts: &Path, sha: &str, what: &str) -> PathBuf {
    parts.join(format!("{sha}.{what}.csv"))
}

/// One part file of a document: written under its temporary name, or to
/// be removed (the document has no rows for that file).
enum Part {
    Staged(Staged),
    Absent(PathBuf),
}

/// Writes a document's parts under their temporary names.
fn stage(parts: &Path, item: &Item<'_>) -> Result<Vec<Part>> {
    let (doc, path) = (item.document, item.record.path.as_str());
    let sha = doc.sha256.as_str();
    let mut out = vec![Part::Staged(stage_cells(&part(parts, sha, "cells"), item)?)];
    let rows = [
        finding_rows(doc, path),
        fact_rows(doc, path),
        performance_rows(doc, path)?,
        indicator_rows(doc, path),
    ];
    for ((_, what, columns), rows) in OPTIONAL_FILES.iter().zip(rows) {
        let part = part(parts, sha, what);
        out.push(if rows.is_empty() {
            Part::Absent(part)
        } else {
            Part::Staged(Staged::write(&part, &rows_csv(columns, &rows)?)?)
        });
    }
    Ok(out)
}

/// Moves a document's parts into place, in order.
fn commit(parts: Vec<Part>) -> Result<()> {
    for p in parts {
        match p {
            Part::Staged(s) => s.commit()?,
            Part::Absent(path) => {
                let _ = fs::remove_file(&path);
            }
        }
    }
    Ok(())
}

/// The CSV sink's formatting half: a worker formats a document's parts and
/// writes them under their temporary names; the writer thread renames them.
struct CsvPrepare {
    parts: PathBuf,
}

impl Prepare for CsvPrepare {
    fn prepare(&self, item: &Item<'_>) -> Result<Prepared> {
        Ok(Box::new(stage(&self.parts, item)?))
    }
}

fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new())
}

fn header_csv(columns: &[Column]) -> Result<Vec<u8>> {
    let mut w = csv_writer();
    w.write_record(columns.iter().map(|c| c.name))?;
    w.into_inner().map_err(|e| Error::from(e.into_error()))
}

/// The rows as CSV (see [`RowWriter`]).
fn rows_csv(columns: &[Column], rows: &[Vec<Field>]) -> Result<Vec<u8>> {
    let mut rw = RowWriter::new(columns);
    let mut w = csv_writer();
    for row in rows {
        rw.write(&mut w, row)?;
    }
    w.into_inner().map_err(|e| Error::from(e.into_error()))
}

/// Writes flat rows as CSV records, each field straight from the row (no
/// text is copied per field). A column's number is formatted only when it
/// differs from the row before's: most repeat (year, table, row, page, a
/// row's y), and formatting floats was the largest cost here.
struct RowWriter {
    sources: Vec<usize>,
    numbers: Vec<(Option<(bool, u64)>, String)>,
}

impl RowWriter {
    fn new(columns: &[Column]) -> RowWriter {
        let sources = csv_sources(columns);
        let numbers = vec![(None, String::new()); sources.len()];
        RowWriter { sources, numbers }
    }

    fn write<W: Write>(&mut self, w: &mut csv::Writer<W>, row: &[Field]) -> Result<()> {
        for (&i, (last, text)) in self.sources.iter().zip(&mut self.numbers) {
            match &row[i] {
                Field::Null => w.write_field("")?,
                Field::Text(s) => w.write_field(s.as_bytes())?,
                number => {
                    let key = number.number_key();
                    if *last != key {
                        *last = key;
                        number.format_number(text);
                    }
                    w.write_field(text.as_bytes())?;
                }
            }
        }
        w.write_record(None::<&[u8]>)?;
        Ok(())
    }
}

/// The cells part of a document, written as its rows are made, under the
/// part's temporary name.
fn stage_cells(path: &Path, item: &Item<'_>) -> Result<Staged> {
    let (doc, file) = (item.document, item.record.path.as_str());
    Staged::write_with(path, |out| {
        let mut rw = RowWriter::new(&CELL_COLUMNS);
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(out);
        each_cell_row(doc, file, |row| rw.write(&mut w, row))?;
        w.flush()?;
        Ok(())
    })
}

impl Sink for CsvSink {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn holds(&self, sha256: &str) -> bool {
        self.part(sha256, "cells").is_file()
    }

    fn write(&mut self, item: &Item<'_>) -> Result<()> {
        commit(stage(&self.parts, item)?)
    }

    fn preparer(&self) -> Option<Arc<dyn Prepare>> {
        Some(Arc::new(CsvPrepare {
            parts: self.parts.clone(),
        }))
    }

    fn write_prepared(&mut self, item: &Item<'_>, prepared: Prepared) -> Result<()> {
        match prepared.downcast::<Vec<Part>>() {
            Ok(parts) => commit(*parts),
            Err(_) => self.write(item),
        }
    }

    fn finish(&mut self, complete: &[String]) -> Result<()> {
        self.rebuild("cells.csv", "cells", &CELL_COLUMNS, complete)?;
        for (name, what, columns) in OPTIONAL_FILES {
            self.rebuild(name, what, columns, complete)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::col_for_test as col;

    #[test]
    fn a_reused_number_text_is_the_text_of_that_number() {
        let columns = [
            col("n", "INTEGER"),
            col("x", "REAL"),
            col("v", "REAL"),
            col("v_exact", "TEXT"),
        ];
        let row = |n: Option<i64>, x: Option<f64>, exact: &'static str| {
            vec![
                n.map_or(Field::Null, Field::Int),
                x.map_or(Field::Null, Field::Real),
                Field::Real(1.0),
                Field::text(exact),
            ]
        };
        let rows = [
            row(Some(2), Some(1.25), "1"),
            row(None, None, "1.0"),
            row(Some(2), Some(1.25), "a,b"),
            row(Some(2), Some(-0.0), ""),
            row(Some(2), Some(0.0), "x"),
            row(Some(-7), Some(0.0), "x"),
        ];
        let got = String::from_utf8(rows_csv(&columns, &rows).unwrap()).unwrap();
        let want = "2,1.2,1,1\n,,1.0,1.0\n2,1.2,\"a,b\",\"a,b\"\n2,-0.0,,\n2,0.0,x,x\n-7,0.0,x,x\n";
        assert_eq!(got, want);
    }
}
