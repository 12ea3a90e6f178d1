//! Document bytes → pages: the text layer must return pages or a typed error,
//! within small budgets, and never an error of kind `panic` (a true bug).
#![no_main]

use juesuan_text::{extract_bytes_with, ErrorKind, Limits};
use libfuzzer_sys::fuzz_target;
use std::sync::Once;
use std::time::Duration;

static QUIET: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    // pdf-extract rejects bad input by panicking, and the text layer catches
    // those panics per page; libFuzzer's hook would abort on each of them.
    // A panic that escapes still aborts, since it cannot unwind into C.
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let limits = Limits {
        max_stream_bytes: 16 << 20,
        max_inflated_bytes: 64 << 20,
        max_operators: 1_000_000,
        max_xobjects: 1_000,
        max_output: 200_000,
        max_time: Duration::from_secs(5),
    };
    match extract_bytes_with(data, &limits) {
        Ok(doc) => {
            for e in &doc.page_errors {
                assert_ne!(e.kind(), ErrorKind::Panic, "{e}");
            }
        }
        Err(e) => assert_ne!(e.kind(), ErrorKind::Panic, "{e}"),
    }
});
