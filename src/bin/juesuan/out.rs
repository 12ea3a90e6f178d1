//! Standard output that ends quietly when the reader goes away.
//!
//! `println!` panics when standard output is a closed pipe (`| head -1`).
//! Commands write through [`Out`] instead, and [`is_broken_pipe`] lets
//! `main` turn that error into a quiet exit.

use std::io::{self, BufWriter};

/// Buffered standard output; write with `writeln!(out, …)?`.
pub type Out = BufWriter<io::StdoutLock<'static>>;

/// Standard output, locked and buffered.
pub fn stdout() -> Out {
    BufWriter::new(io::stdout().lock())
}

/// Whether an error is a write to a closed pipe.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
