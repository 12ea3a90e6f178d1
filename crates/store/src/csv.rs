//! `cells.csv`, `findings.csv`, `facts.csv`, `performance.csv` and
//! `performance_indicators.csv`, rebuilt from one part per document.
//!
//! Appending each document to one `cells.csv` as it completes would leave
//! rows of a document whose other outputs never completed after a kill, and
//! the rerun would append them again. Instead every document writes its own
//! part (`parts/<sha256>.csv`, atomically: its rows for all five files, one
//! section each, then a last line `#parts cells:0-812 findings:812-812 …`
//! giving each section's bytes), and the files users read are rebuilt from
//! the parts of complete documents when a batch ends: each complete
//! document once, in the order the batch gives. One file per document, not
//! five: creating files was a tenth of a run's CPU, and a national crawl
//! would fill `parts/` with millions of them.

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

/// The five files and a part's sections: file name, section name and
/// columns.
const SECTIONS: [(&str, &str, &[Column]); 5] = [
    ("cells.csv", "cells", &CELL_COLUMNS),
    OPTIONAL_FILES[0],
    OPTIONAL_FILES[1],
    OPTIONAL_FILES[2],
    OPTIONAL_FILES[3],
];

/// The CSV files besides `cells.csv` that a document may have no rows in:
/// file name, section name and columns.
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
    /// CSV files start with a UTF-8 byte order mark for Excel.
    pub fn new(out: &Path, bom: bool) -> Result<CsvSink> {
        let parts = out.join("parts");
        fs::create_dir_all(&parts).map_err(|e| Error::from(e).at(&parts))?;
        crate::remove_stray_temporaries(&parts)?;
        remove_old_parts(&parts)?;
        Ok(CsvSink {
            out: out.to_path_buf(),
            parts,
            bom,
        })
    }

    /// Rebuilds the five files from the parts of `order`, in one pass over
    /// the parts.
    fn rebuild(&self, order: &[String]) -> Result<()> {
        let mut outs = Vec::new();
        for (name, _, columns) in SECTIONS {
            let tmp = self.out.join(format!(".{name}.tmp"));
            let at = |e: std::io::Error| Error::from(e).at(&tmp);
            let mut out = BufWriter::new(fs::File::create(&tmp).map_err(at)?);
            if self.bom {
                out.write_all(BOM).map_err(at)?;
            }
            out.write_all(&header_csv(columns)?).map_err(at)?;
            outs.push((tmp, out));
        }
        for sha in order {
            let path = part(&self.parts, sha);
            let bytes = match fs::read(&path) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::from(e).at(&path)),
            };
            let sections = sections(&bytes).ok_or_else(|| {
                Error::new(crate::ErrorKind::Io, "a damaged part: no section list").at(&path)
            })?;
            for ((tmp, out), range) in outs.iter_mut().zip(sections) {
                out.write_all(&bytes[range])
                    .map_err(|e| Error::from(e).at(&*tmp))?;
            }
        }
        for ((name, _, _), (tmp, out)) in SECTIONS.iter().zip(outs) {
            let at = |e: std::io::Error| Error::from(e).at(&tmp);
            out.into_inner()
                .map_err(|e| at(e.into_error()))?
                .sync_all()
                .map_err(at)?;
            let path = self.out.join(name);
            fs::rename(&tmp, &path).map_err(|e| Error::from(e).at(&path))?;
        }
        Ok(())
    }
}

/// The byte ranges of a part's five sections, in [`SECTIONS`] order, from
/// its last line; `None` for a part without one.
fn sections(bytes: &[u8]) -> Option<Vec<std::ops::Range<usize>>> {
    let at = bytes.windows(TRAILER.len()).rposition(|w| w == TRAILER)?;
    let trailer = std::str::from_utf8(&bytes[at + TRAILER.len()..]).ok()?;
    let mut ranges = Vec::new();
    for ((_, what, _), field) in SECTIONS.iter().zip(trailer.split_whitespace()) {
        let (name, range) = field.split_once(':')?;
        let (start, end) = range.split_once('-')?;
        let (start, end) = (start.parse().ok()?, end.parse().ok()?);
        if name != *what || start > end || end > at {
            return None;
        }
        ranges.push(start..end);
    }
    (ranges.len() == SECTIONS.len()).then_some(ranges)
}

/// What opens a part's last line.
const TRAILER: &[u8] = b"\n#parts ";

/// Removes the parts of an earlier version, five per document
/// (`<sha256>.cells.csv` …): they are never read again.
fn remove_old_parts(parts: &Path) -> Result<()> {
    for entry in fs::read_dir(parts).map_err(|e| Error::from(e).at(parts))? {
        let name = entry.map_err(|e| Error::from(e).at(parts))?.file_name();
        let name = name.to_string_lossy();
        let old = SECTIONS
            .iter()
            .any(|(_, what, _)| name.ends_with(&format!(".{what}.csv")));
        if old {
            let _ = fs::remove_file(parts.join(name.as_ref()));
        }
    }
    Ok(())
}

fn part(parts: &Path, sha: &str) -> PathBuf {
    parts.join(format!("{sha}.csv"))
}

/// Writes a document's part under its temporary name: the cells as their
/// rows are made, then the other sections, then the section list.
fn stage(parts: &Path, item: &Item<'_>) -> Result<Staged> {
    let (doc, file) = (item.document, item.record.path.as_str());
    let rows = [
        finding_rows(doc, file),
        fact_rows(doc, file),
        performance_rows(doc, file)?,
        indicator_rows(doc, file),
    ];
    Staged::write_with(&part(parts, &doc.sha256), |out| {
        let mut out = Counted { inner: out, n: 0 };
        let mut ends = vec![0];
        let mut rw = RowWriter::new(&CELL_COLUMNS);
        let mut w = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(&mut out);
        each_cell_row(doc, file, |row| rw.write(&mut w, row))?;
        w.flush()?;
        drop(w);
        ends.push(out.n);
        for ((_, _, columns), rows) in OPTIONAL_FILES.iter().zip(&rows) {
            if !rows.is_empty() {
                out.write_all(&rows_csv(columns, rows)?)?;
            }
            ends.push(out.n);
        }
        let mut trailer = String::from_utf8_lossy(TRAILER).into_owned();
        for ((_, what, _), w) in SECTIONS.iter().zip(ends.windows(2)) {
            trailer.push_str(&format!("{what}:{}-{} ", w[0], w[1]));
        }
        trailer.pop();
        trailer.push('\n');
        Ok(out.write_all(trailer.as_bytes())?)
    })
}

/// A writer that counts the bytes written through it.
struct Counted<W> {
    inner: W,
    n: usize,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.n += n;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
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

impl Sink for CsvSink {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn holds(&self, sha256: &str) -> bool {
        part(&self.parts, sha256).is_file()
    }

    fn write(&mut self, item: &Item<'_>) -> Result<()> {
        stage(&self.parts, item)?.commit()
    }

    fn preparer(&self) -> Option<Arc<dyn Prepare>> {
        Some(Arc::new(CsvPrepare {
            parts: self.parts.clone(),
        }))
    }

    fn finish(&mut self, complete: &[String]) -> Result<()> {
        self.rebuild(complete)
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

#[cfg(test)]
mod part_tests {
    use super::*;

    #[test]
    fn a_part_lists_its_sections_on_its_last_line() {
        let part = b"a,1\nb,2\nf,3\n\n#parts cells:0-8 findings:8-12 facts:12-12 performance:12-12 indicators:12-12\n";
        let s = sections(part).unwrap();
        assert_eq!(s, vec![0..8, 8..12, 12..12, 12..12, 12..12]);
        assert_eq!(&part[s[1].clone()], b"f,3\n");
        // A cell text may hold the marker; the last one is the list.
        let inner = b"\"x\n#parts y\"\n\n#parts cells:0-13 findings:13-13 facts:13-13 performance:13-13 indicators:13-13\n";
        assert_eq!(sections(inner).unwrap()[0], 0..13);
        // A cut or reordered list is a damaged part.
        assert_eq!(sections(b"a,1\n"), None);
        assert_eq!(sections(b"a\n#parts cells:0-2 findings:2-2\n"), None);
        assert_eq!(
            sections(
                b"a\n#parts findings:0-1 cells:1-1 facts:1-1 performance:1-1 indicators:1-1\n"
            ),
            None
        );
        assert_eq!(sections(b"a\n#parts cells:0-99 findings:99-99 facts:99-99 performance:99-99 indicators:99-99\n"), None);
    }

    #[test]
    fn the_five_parts_of_an_earlier_version_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["ab.cells.csv", "ab.findings.csv", "ab.csv", "notes.txt"] {
            fs::write(dir.path().join(name), b"x").unwrap();
        }
        remove_old_parts(dir.path()).unwrap();
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["ab.csv", "notes.txt"]);
    }
}
