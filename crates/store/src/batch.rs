//! The resumable parallel batch: files in, one [`Record`] per file out,
//! every document written to the sinks by one writer thread.
//!
//! A document is *complete* when its marker `state/<sha256>.json` exists and
//! every sink [holds](Sink::holds) it. The marker is removed before a
//! document is (re)written and written again only after every sink wrote it,
//! so a killed run never leaves a document that looks complete but is not.
//! The marker records a *resume key*: the tool version, the reading options
//! and the sinks. A complete document whose key equals this run's is
//! skipped (unless `force`); any other is read again, so a new version or a
//! new option (`--dump tokens`) never silently does nothing.
//!
//! `manifest.jsonl` is cumulative: each file's line is appended and flushed
//! as the file finishes, run after run. The last line for a path is its
//! current state.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use juesuan_model::Document;
use juesuan_text::Page;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::record::{PageError, Record, Status};
use crate::{write_atomic, Item, Prepare, Prepared, Sink};

/// What a reader made of one file's bytes.
#[derive(Debug)]
pub struct Extracted {
    /// The validated document.
    pub document: Document,
    /// [`Status::Ok`] or [`Status::Partial`].
    pub status: Status,
    /// Pages that could not be interpreted.
    pub page_errors: Vec<PageError>,
    /// The text layer, when a sink needs it (else empty).
    pub pages: Vec<Page>,
}

/// Why a reader could not read a file: an error kind id and one line.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The error kind's id (`not_pdf`, `encrypted` …).
    pub kind: String,
    /// The reason, one line; the batch puts the file's path before it.
    pub message: String,
}

/// A batch over files: where outputs go, how many workers, what to redo.
#[derive(Debug, Clone)]
pub struct Batch {
    out: PathBuf,
    jobs: usize,
    force: bool,
    tool: String,
    options: String,
    rejected: HashMap<PathBuf, Failure>,
}

/// The completion marker `state/<sha256>.json`.
#[derive(Serialize, Deserialize)]
struct Marker {
    key: String,
    record: Record,
}

/// What a worker hands to the writer.
enum Outcome {
    /// A document read, with what each sink's preparer made of it (`None`
    /// for a sink without one).
    Read(Record, Box<Extracted>, Vec<Option<Result<Prepared>>>),
    /// Nothing to write: the file failed or was skipped.
    Done(Record),
    /// The same bytes as an earlier input of this run, which is read instead.
    Duplicate(Record),
}

impl Batch {
    /// A batch writing under `out`, reading with `jobs` workers. `tool` names
    /// the program and its version; `options` names every option that changes
    /// what is written. Both go into the resume key.
    pub fn new(out: &Path, jobs: usize, tool: &str, options: &str) -> Batch {
        Batch {
            out: out.to_path_buf(),
            jobs: jobs.max(1),
            force: false,
            tool: tool.to_string(),
            options: options.to_string(),
            rejected: HashMap::new(),
        }
    }

    /// Records `path` as a failed input without reading it: a folder that
    /// could not be listed, a symlink loop, a line of a list that is not a
    /// path. Pass the path among the files of [`Batch::run`] too, so it gets
    /// its manifest line in input order.
    pub fn reject(mut self, path: &Path, failure: Failure) -> Batch {
        self.rejected.insert(path.to_path_buf(), failure);
        self
    }

    /// Reads every file again, complete or not.
    pub fn force(mut self, yes: bool) -> Batch {
        self.force = yes;
        self
    }

    fn marker(&self, sha: &str) -> PathBuf {
        self.out.join("state").join(format!("{sha}.json"))
    }

    fn key(&self, sinks: &[Box<dyn Sink>]) -> String {
        let mut names: Vec<&str> = sinks.iter().map(|s| s.name()).collect();
        names.sort_unstable();
        format!("{}|{}|{}", self.tool, self.options, names.join(","))
    }

    /// The documents complete for this key when the run starts.
    fn complete(&self, key: &str, sinks: &[Box<dyn Sink>]) -> HashSet<String> {
        if self.force {
            return HashSet::new();
        }
        self.markers()
            .into_iter()
            .filter(|sha| {
                self.read_marker(sha).is_some_and(|m| m.key == key)
                    && sinks.iter().all(|s| s.holds(sha))
            })
            .collect()
    }

    /// The sha256 of every document with a marker, sorted.
    fn markers(&self) -> Vec<String> {
        let mut out: Vec<String> = fs::read_dir(self.out.join("state"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let sha = name.strip_suffix(".json")?;
                (!sha.starts_with('.')).then(|| sha.to_string())
            })
            .collect();
        out.sort();
        out
    }

    fn read_marker(&self, sha: &str) -> Option<Marker> {
        serde_json::from_slice(&fs::read(self.marker(sha)).ok()?).ok()
    }

    /// Runs the batch: reads `files` with `read` on the workers (given each
    /// file's bytes, its name and its sha256), writes each document to every
    /// sink, appends each file's line to the manifest, and calls `progress`
    /// with each record as its file finishes. Returns this run's records in
    /// input order.
    ///
    /// An error here is about the outputs as a whole (the folder cannot be
    /// created, the manifest cannot be written); a file that cannot be read,
    /// or whose outputs fail, is a failed record and the run goes on.
    pub fn run<R>(
        &self,
        files: &[PathBuf],
        read: R,
        sinks: &mut [Box<dyn Sink>],
        progress: &mut (dyn FnMut(&Record) + Send),
    ) -> Result<Vec<Record>>
    where
        R: Fn(Vec<u8>, &str, &str) -> Result<Extracted, Failure> + Sync,
    {
        let state = self.out.join("state");
        fs::create_dir_all(&state).map_err(|e| Error::from(e).at(&state))?;
        // Temporaries of a killed run (or of a full disk) go before any
        // write; the folder's lock guarantees no other run owns them.
        crate::remove_stray_temporaries(&state)?;
        crate::remove_stray_temporaries(&self.out)?;
        let documents = self.out.join("documents");
        if documents.is_dir() {
            crate::remove_stray_temporaries(&documents)?;
        }
        let key = self.key(sinks);
        let cx = Worker {
            batch: self,
            preparers: sinks.iter().map(|s| s.preparer()).collect(),
            run: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            complete: self.complete(&key, sinks),
            claimed: Mutex::new(HashMap::new()),
            read: &read,
            stop: AtomicBool::new(false),
        };
        let manifest_path = self.out.join("manifest.jsonl");
        let manifest = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&manifest_path)
            .map_err(|e| Error::from(e).at(&manifest_path))?;
        let mut writer = Writer {
            batch: self,
            key,
            sinks,
            manifest: BufWriter::new(manifest),
            manifest_path,
            records: vec![None; files.len()],
            finished: HashMap::new(),
            waiting: Vec::new(),
            progress,
            error: None,
            stop: &cx.stop,
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs)
            .build()
            .map_err(|e| Error::new(ErrorKind::Io, e))?;
        // A bounded queue keeps memory bounded by the documents in flight:
        // `jobs` being read and up to two per worker waiting to be stored.
        // The writer's work varies by document (a 262-page table's SQLite
        // rows take tens of milliseconds), and a worker that waited for it
        // left a core idle: with no queue, `--jobs 2` took 4.63 s on the
        // corpus, with two per worker 4.38 s, at the same peak memory.
        let (tx, rx) = mpsc::sync_channel::<(usize, Outcome)>(2 * self.jobs);
        std::thread::scope(|s| {
            let writer = &mut writer;
            s.spawn(move || {
                for (index, outcome) in rx {
                    writer.take(index, outcome);
                }
            });
            // Each worker takes the next file from one queue, largest files
            // first: a long document started last would leave the other
            // workers idle at the end of the run.
            let order = schedule(files, self.jobs);
            let next = AtomicUsize::new(0);
            pool.broadcast(|_| {
                let tx = tx.clone();
                while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if tx.send((i, cx.work(&files[i]))).is_err() {
                        break;
                    }
                }
            });
            drop(tx);
        });
        writer.end()
    }
}

/// What the workers share.
struct Worker<'a, R> {
    batch: &'a Batch,
    /// Each sink's formatting half, run on the workers.
    preparers: Vec<Option<Arc<dyn Prepare>>>,
    run: u64,
    complete: HashSet<String>,
    /// The sha256 of every file taken by a worker in this run, and its path.
    claimed: Mutex<HashMap<String, String>>,
    read: &'a R,
    /// Set by the writer after an output failed: the disk is likely full,
    /// so the files not yet started are recorded as not read.
    stop: AtomicBool,
}

/// The order in which the workers take the files: as given for one worker,
/// whose records then come out in that order, and largest first for more.
fn schedule(files: &[PathBuf], jobs: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    if jobs > 1 {
        let size = |i: usize| fs::metadata(&files[i]).map_or(0, |m| m.len());
        let sizes: Vec<u64> = order.iter().map(|&i| size(i)).collect();
        // Stable: files of one size keep their given order.
        order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    }
    order
}

fn seconds(started: Instant) -> f64 {
    (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0
}

impl<R> Worker<'_, R>
where
    R: Fn(Vec<u8>, &str, &str) -> Result<Extracted, Failure> + Sync,
{
    fn work(&self, path: &Path) -> Outcome {
        let started = Instant::now();
        let mut record = Record::for_path(&self.batch.tool, self.run, path);
        let shown = record.path.clone();
        if let Some(f) = self.batch.rejected.get(path) {
            record.fail(&f.kind, format!("{shown}: {}", f.message));
            return Outcome::Done(record);
        }
        if self.stop.load(Ordering::Relaxed) {
            let why = "not read: an earlier output could not be written";
            record.fail("stopped", format!("{shown}: {why}"));
            return Outcome::Done(record);
        }
        // A FIFO would block the read forever and a device could be endless,
        // so only regular files are opened.
        match fs::metadata(path) {
            Ok(m) if !m.is_file() => {
                let what = file_type_name(&m.file_type());
                record.fail(
                    "not_regular_file",
                    format!("{shown}: {what}, not a regular file; skipped"),
                );
                return Outcome::Done(record);
            }
            Ok(_) => {}
            Err(e) => {
                record.fail("io", format!("{shown}: {e}"));
                record.seconds = seconds(started);
                return Outcome::Done(record);
            }
        }
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                record.fail("io", format!("{shown}: {e}"));
                record.seconds = seconds(started);
                return Outcome::Done(record);
            }
        };
        let sha = crate::sha256_hex(&bytes);
        record.sha256 = Some(sha.clone());
        if self.complete.contains(&sha) {
            if let Some(marker) = self.batch.read_marker(&sha) {
                let mut r = marker.record;
                r.path = record.path;
                r.path_hex = record.path_hex;
                r.run = self.run;
                r.skipped = true;
                r.duplicate_of = None;
                r.seconds = seconds(started);
                return Outcome::Done(r);
            }
        }
        {
            let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(first) = claimed.get(&sha) {
                record.duplicate_of = Some(first.clone());
                record.skipped = true;
                return Outcome::Duplicate(record);
            }
            claimed.insert(sha.clone(), record.path.clone());
        }
        // The old marker goes first: from here until the writer writes it
        // again, this document is not complete, whatever else is on disk.
        let _ = fs::remove_file(self.batch.marker(&sha));
        let name = path
            .file_name()
            .map(|n| crate::path_text(Path::new(n)).0)
            .unwrap_or_default();
        // The reader is expected to contain its panics; this is the last
        // guard, so one bad file never takes the run down. It owns the
        // bytes, so it can drop them once the PDF is parsed.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            (self.read)(bytes, &name, &sha)
        }));
        let outcome = match result {
            Ok(Ok(extracted)) => {
                record.status = extracted.status;
                record.page_errors = extracted.page_errors.clone();
                record.describe(&extracted.document);
                record.seconds = seconds(started);
                let prepared = self.prepare(&record, &extracted);
                return Outcome::Read(record, Box::new(extracted), prepared);
            }
            Ok(Err(failure)) => (failure.kind, failure.message),
            Err(_) => ("panic".to_string(), "internal panic".to_string()),
        };
        record.fail(&outcome.0, format!("{shown}: {}", outcome.1));
        record.seconds = seconds(started);
        Outcome::Done(record)
    }
}

impl<R> Worker<'_, R> {
    /// Formats a read document for every sink that formats apart from its
    /// write; a panic there is the sink's error, not the run's end.
    fn prepare(&self, record: &Record, extracted: &Extracted) -> Vec<Option<Result<Prepared>>> {
        let item = Item {
            record,
            document: &extracted.document,
            pages: &extracted.pages,
        };
        let prepare = |p: &Arc<dyn Prepare>| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| p.prepare(&item)))
                .unwrap_or_else(|_| {
                    Err(Error::new(ErrorKind::Io, "formatting the output panicked"))
                })
        };
        self.preparers
            .iter()
            .map(|p| p.as_ref().map(prepare))
            .collect()
    }
}

/// What a file that is not a regular file is, for its manifest line.
fn file_type_name(t: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

/// The one thread that owns the sinks and the manifest.
struct Writer<'a> {
    batch: &'a Batch,
    key: String,
    sinks: &'a mut [Box<dyn Sink>],
    manifest: BufWriter<fs::File>,
    manifest_path: PathBuf,
    records: Vec<Option<Record>>,
    /// The record of each document finished in this run, by sha256.
    finished: HashMap<String, Record>,
    /// Duplicates whose original has not finished yet.
    waiting: Vec<usize>,
    progress: &'a mut (dyn FnMut(&Record) + Send),
    /// The first error writing the manifest; it ends the run with an error.
    error: Option<Error>,
    stop: &'a AtomicBool,
}

impl Writer<'_> {
    fn take(&mut self, index: usize, outcome: Outcome) {
        let record = match outcome {
            Outcome::Read(mut record, extracted, prepared) => {
                if let Err(e) = self.store(&record, &extracted, prepared) {
                    record.fail("output", format!("{}: writing outputs: {e}", record.path));
                    self.stop.store(true, Ordering::Relaxed);
                }
                record
            }
            Outcome::Done(record) => record,
            Outcome::Duplicate(record) => {
                self.records[index] = Some(record);
                self.waiting.push(index);
                self.release_duplicates(false);
                return;
            }
        };
        if let (Some(sha), None) = (&record.sha256, &record.duplicate_of) {
            self.finished.insert(sha.clone(), record.clone());
        }
        self.finish_record(index, record);
        self.release_duplicates(false);
    }

    /// Writes one document to every sink, then its marker.
    fn store(
        &mut self,
        record: &Record,
        extracted: &Extracted,
        prepared: Vec<Option<Result<Prepared>>>,
    ) -> Result<()> {
        let item = Item {
            record,
            document: &extracted.document,
            pages: &extracted.pages,
        };
        for (sink, prepared) in self.sinks.iter_mut().zip(prepared) {
            let written = match prepared {
                None => sink.write(&item),
                Some(Ok(p)) => sink.write_prepared(&item, p),
                Some(Err(e)) => Err(e),
            };
            // A sink that names no file is placed under the output folder,
            // so the summary always says where writing failed.
            written.map_err(|e| e.at(&self.batch.out))?;
        }
        let marker = Marker {
            key: self.key.clone(),
            record: record.clone(),
        };
        let sha = extracted.document.sha256.as_str();
        write_atomic(&self.batch.marker(sha), &serde_json::to_vec(&marker)?)
    }

    /// Appends the record's manifest line, flushed, and reports it.
    fn finish_record(&mut self, index: usize, record: Record) {
        let line = serde_json::to_string(&record).map(|s| s + "\n");
        let written = line
            .map_err(Error::from)
            .and_then(|l| Ok(self.manifest.write_all(l.as_bytes())?))
            .and_then(|()| Ok(self.manifest.flush()?));
        if let Err(e) = written {
            self.error.get_or_insert(e.at(&self.manifest_path));
            self.stop.store(true, Ordering::Relaxed);
        }
        (self.progress)(&record);
        self.records[index] = Some(record);
    }

    /// Gives each waiting duplicate the outcome of the file it duplicates,
    /// once that file has finished (or, at the end, whatever is known).
    fn release_duplicates(&mut self, at_end: bool) {
        let waiting = std::mem::take(&mut self.waiting);
        for i in waiting {
            let Some(dup) = self.records[i].clone() else {
                continue;
            };
            let sha = dup.sha256.clone().unwrap_or_default();
            let original = self.finished.get(&sha).cloned();
            if original.is_none() && !at_end {
                self.waiting.push(i);
                continue;
            }
            let mut r = original.unwrap_or_else(|| dup.clone());
            r.path = dup.path;
            r.path_hex = dup.path_hex;
            r.skipped = true;
            r.duplicate_of = dup.duplicate_of;
            r.seconds = dup.seconds;
            self.finish_record(i, r);
        }
    }

    /// Finishes the sinks over every complete document (this run's in input
    /// order first, then earlier runs' by sha256) and returns the records.
    fn end(mut self) -> Result<Vec<Record>> {
        self.release_duplicates(true);
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let mut seen = HashSet::new();
        let mut complete = Vec::new();
        let this_run = self.records.iter().flatten();
        for r in this_run.filter(|r| r.status != Status::Failed && r.duplicate_of.is_none()) {
            if let Some(sha) = &r.sha256 {
                if seen.insert(sha.clone()) {
                    complete.push(sha.clone());
                }
            }
        }
        for sha in self.batch.markers() {
            if seen.insert(sha.clone()) {
                complete.push(sha);
            }
        }
        // Only documents whose marker exists are complete in every sink.
        complete.retain(|sha| self.batch.marker(sha).is_file());
        for sink in self.sinks.iter_mut() {
            sink.finish(&complete)?;
        }
        Ok(self.records.into_iter().flatten().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_take_the_largest_files_first_and_one_worker_the_given_order() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = [3, 10, 0, 10, 7]
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let p = dir.path().join(format!("{i}.pdf"));
                fs::write(&p, vec![b'x'; n]).unwrap();
                p
            })
            .collect();
        let mut missing = files.clone();
        missing.push(dir.path().join("missing.pdf"));
        assert_eq!(schedule(&files, 1), vec![0, 1, 2, 3, 4]);
        assert_eq!(schedule(&files, 2), vec![1, 3, 4, 0, 2]);
        // A file that cannot be read counts as empty; its worker reports it.
        assert_eq!(schedule(&missing, 2), vec![1, 3, 4, 0, 2, 5]);
    }
}
