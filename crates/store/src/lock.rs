//! One run per output folder: an advisory lock on `<out>/.lock`.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use fs4::fs_std::FileExt;

use crate::error::{Error, ErrorKind, Result};

/// The name of the lock file inside an output folder.
pub const LOCK_FILE: &str = ".lock";

/// An exclusive advisory lock (`flock`) on an output folder, held until
/// dropped.
///
/// Two runs writing one folder would rename each other's temporaries and
/// interleave manifests, so a run takes this lock before it opens any sink.
/// The kernel releases it when the process ends, however it ends, so a
/// killed run never leaves a stale lock behind.
#[derive(Debug)]
pub struct OutLock {
    _file: File,
    path: PathBuf,
}

impl OutLock {
    /// Locks `out` (creating it if needed). When another run holds the lock,
    /// waits for it if `wait`, else fails at once with [`ErrorKind::Locked`].
    pub fn acquire(out: &Path, wait: bool) -> Result<OutLock> {
        fs::create_dir_all(out).map_err(|e| Error::from(e).at(out))?;
        let path = out.join(LOCK_FILE);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::from(e).at(&path))?;
        if wait {
            file.lock_exclusive()
                .map_err(|e| Error::from(e).at(&path))?;
        } else if !file
            .try_lock_exclusive()
            .map_err(|e| Error::from(e).at(&path))?
        {
            return Err(Error::new(
                ErrorKind::Locked,
                "another run is writing this output folder (use --wait to wait for it)",
            )
            .at(out));
        }
        Ok(OutLock { _file: file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_second_lock_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutLock::acquire(dir.path(), false).unwrap();
        let err = OutLock::acquire(dir.path(), false).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Locked);
        assert_eq!(err.path(), Some(dir.path()));
        assert!(err.to_string().contains("another run"), "{err}");
        drop(first);
        OutLock::acquire(dir.path(), false).unwrap();
    }

    #[test]
    fn wait_blocks_until_the_holder_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutLock::acquire(dir.path(), false).unwrap();
        let started = Instant::now();
        let holder = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            drop(first);
        });
        let second = OutLock::acquire(dir.path(), true).unwrap();
        assert!(started.elapsed() >= Duration::from_millis(250));
        holder.join().unwrap();
        assert!(second.path().ends_with(LOCK_FILE));
    }
}
