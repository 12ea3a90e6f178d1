//! Small file helpers the commands share: listing PDFs, hashing, memory.

use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The sha256 of some bytes, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Expands files and folders (recursively) into the sorted list of `.pdf` files
/// they hold. A file named explicitly is kept whatever its extension, so a
/// user who points at it gets an error for it rather than silence. The first
/// folder that cannot be listed is an error naming it; [`list_pdfs`] instead
/// keeps going and reports each.
pub fn collect_pdfs(inputs: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let listing = list_pdfs(inputs, false);
    if let Some(r) = listing.rejected.first() {
        return Err(std::io::Error::other(format!(
            "{}: {}",
            r.path.display(),
            r.message
        )));
    }
    Ok(listing.files)
}

/// An input the listing could not take, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The folder (or link) concerned.
    pub path: PathBuf,
    /// `unreadable` (a folder that cannot be listed) or `symlink_loop`.
    pub kind: &'static str,
    /// One line, without the path.
    pub message: String,
}

/// What [`list_pdfs`] found: the files to read, and what it could not list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The `.pdf` files (and the files named explicitly), sorted, once each.
    pub files: Vec<PathBuf>,
    /// Folders that could not be listed and symlink loops, in walk order.
    pub rejected: Vec<Rejected>,
}

/// Expands files and folders into the `.pdf` files they hold, never failing
/// as a whole: a folder that cannot be listed, or a symlink loop, is a
/// [`Rejected`] entry and the walk goes on.
///
/// Symlinked folders are descended only when `follow` is set, and then with
/// loop detection (each loop is reported once, at the link). Symlinks to
/// files are listed either way: they cannot loop.
pub fn list_pdfs(inputs: &[PathBuf], follow: bool) -> Listing {
    let mut listing = Listing::default();
    for input in inputs {
        if !input.is_dir() {
            listing.files.push(input.clone());
            continue;
        }
        for entry in walkdir::WalkDir::new(input).follow_links(follow) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(input).to_path_buf();
                    listing.rejected.push(rejected(path, &e));
                    continue;
                }
            };
            let is_pdf = entry
                .path()
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
            // A symlink that is not followed is listed only when it points
            // at something other than a folder.
            let folder = entry.file_type().is_dir()
                || (entry.path_is_symlink() && entry.path().is_dir() && !follow);
            if is_pdf && !folder {
                listing.files.push(entry.into_path());
            }
        }
    }
    listing.files.sort();
    listing.files.dedup();
    listing
}

/// The rejected entry for a walk error.
fn rejected(path: PathBuf, e: &walkdir::Error) -> Rejected {
    match (e.loop_ancestor(), e.io_error()) {
        (Some(ancestor), _) => Rejected {
            path,
            kind: "symlink_loop",
            message: format!(
                "a symlink loop back to {}; not followed again",
                ancestor.display()
            ),
        },
        (None, Some(io)) => unreadable(path, io),
        (None, None) => Rejected {
            path,
            kind: "unreadable",
            message: e.to_string(),
        },
    }
}

/// The rejected entry for a folder whose listing failed with `io`.
fn unreadable(path: PathBuf, io: &std::io::Error) -> Rejected {
    Rejected {
        path,
        kind: "unreadable",
        message: format!("cannot list the folder: {io}"),
    }
}

/// Peak resident memory of this process in MiB, read from `/proc` (Linux only).
pub fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;
    use std::path::Path;

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/a.pdf"), b"a").unwrap();
        symlink(".", dir.path().join("sub/loop")).unwrap();
        symlink("..", dir.path().join("sub/up")).unwrap();
        symlink("a.pdf", dir.path().join("sub/link.pdf")).unwrap();
        dir
    }

    #[test]
    fn symlinked_folders_are_not_followed_by_default() {
        let dir = tree();
        let listing = list_pdfs(&[dir.path().to_path_buf()], false);
        let sub = dir.path().join("sub");
        assert_eq!(listing.files, vec![sub.join("a.pdf"), sub.join("link.pdf")]);
        assert!(listing.rejected.is_empty(), "{:?}", listing.rejected);
    }

    #[test]
    fn follow_detects_each_loop_and_finishes() {
        let dir = tree();
        let listing = list_pdfs(&[dir.path().to_path_buf()], true);
        let sub = dir.path().join("sub");
        assert_eq!(listing.files, vec![sub.join("a.pdf"), sub.join("link.pdf")]);
        let mut loops: Vec<&Path> = listing.rejected.iter().map(|r| r.path.as_path()).collect();
        loops.sort();
        assert_eq!(loops, vec![sub.join("loop"), sub.join("up")]);
        assert!(listing.rejected.iter().all(|r| r.kind == "symlink_loop"));
    }

    #[test]
    fn an_unreadable_folder_is_named_and_the_rest_is_listed() {
        // Tests run as root, whom chmod 000 does not stop; a folder whose
        // path is longer than PATH_MAX cannot be listed by anyone. The
        // shell builds it with relative `cd`s, which have no such limit.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"a").unwrap();
        let name = "d".repeat(250);
        let script = format!(
            "cd \"$1\" && for i in $(seq 20); do mkdir {name} && cd -P {name} || exit 1; done"
        );
        let made = std::process::Command::new("sh")
            .args(["-c", &script, "sh"])
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(made.success());
        let listing = list_pdfs(&[dir.path().to_path_buf()], false);
        assert_eq!(listing.files, vec![dir.path().join("a.pdf")]);
        assert_eq!(listing.rejected.len(), 1, "{:?}", listing.rejected);
        let r = &listing.rejected[0];
        assert_eq!(r.kind, "unreadable");
        assert!(
            r.path.starts_with(dir.path().join(&name)),
            "{}",
            r.path.display()
        );
        assert!(
            r.message.starts_with("cannot list the folder: "),
            "{}",
            r.message
        );
        // A permission error reads the same way.
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let r = unreadable(PathBuf::from("/in/locked"), &denied);
        assert_eq!(r.path, Path::new("/in/locked"));
        assert!(r.message.ends_with("permission denied"), "{}", r.message);
    }
}
