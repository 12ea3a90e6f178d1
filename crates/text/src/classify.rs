//! Sorting the panics of pdf-extract into error kinds.
//!
//! Upstream pdf-extract rejects much malformed input with `expect`, `unwrap`
//! and `panic!` rather than errors. Those panics are caught per page; here
//! their messages are matched against what upstream says when the *input* is
//! at fault, so a broken font dictionary is `malformed` and an operator with
//! missing operands is `content`. Anything else stays `panic`: a true bug.

use crate::error::{Error, ErrorKind};

/// Messages of upstream's checks on document structure (fonts, resources,
/// colour spaces, functions): the file is malformed.
const MALFORMED: &[&str] = &[
    "wrong type",
    "missing",
    "required",
    "should be",
    "must be",
    "expected",
    "unexpected",
    "unsupported",
    "unhandled",
    "not a number",
    "deref",
    "name",
    "encoding",
    "MediaBox",
    "Descendant",
    "Encoding",
    "Widths",
    "bad name",
    // adobe-cmap-parser on a broken `ToUnicode` or encoding CMap.
    "failed to parse",
];

/// Messages of unchecked access to operands and decoded data: the content
/// stream (or data it refers to) is not what the operator needs.
const CONTENT: &[&str] = &[
    "index out of bounds",
    "called `Option::unwrap()`",
    "called `Result::unwrap()`",
    "assertion",
    "out of range for slice",
    "attempt to",
];

/// The error for a panic of pdf-extract while it read a page.
pub(crate) fn page_panic(message: &str) -> Error {
    let kind = if CONTENT.iter().any(|m| message.contains(m)) {
        ErrorKind::Content
    } else if MALFORMED.iter().any(|m| message.contains(m)) {
        ErrorKind::Malformed
    } else {
        ErrorKind::Panic
    };
    let what = match kind {
        ErrorKind::Panic => "pdf-extract panicked",
        _ => "pdf-extract cannot interpret this page",
    };
    Error::new(kind, format!("{what}: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_checks_are_sorted_by_cause() {
        assert_eq!(page_panic("wrong type").kind(), ErrorKind::Malformed);
        assert_eq!(
            page_panic("index out of bounds: the len is 0 but the index is 0").kind(),
            ErrorKind::Content
        );
        // Found by examples/mutate: a `ToUnicode` CMap cut short.
        let cmap = r#"failed to parse: Mismatch { message: "expect repeat at least 1 times, found 0 times", position: 0 }"#;
        assert_eq!(page_panic(cmap).kind(), ErrorKind::Malformed);
        assert_eq!(page_panic("something new").kind(), ErrorKind::Panic);
    }
}
