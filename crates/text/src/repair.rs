//! Rebuilding a damaged file's cross-reference table by scanning for `N G obj`.
//!
//! The objects found are written again, in order, into a new buffer that ends
//! with a fresh xref table and trailer, which lopdf then loads as usual. Each
//! stream gets the `/Length` its `endstream` implies, so a `/Length` that lies
//! (too long, negative, an unresolvable reference) no longer loses the stream.

use std::collections::BTreeMap;

/// One object found by the scan: its bytes from `N G obj` to `endobj`.
struct Found<'a> {
    generation: u32,
    head: &'a [u8],
    /// For a stream: its data, without the end-of-line before `endstream`.
    data: Option<&'a [u8]>,
}

/// A new file with the same objects and a rebuilt xref, or `None` when no
/// catalog (nor a page tree to hang one on) can be found.
pub(crate) fn rebuild(bytes: &[u8]) -> Option<Vec<u8>> {
    let objects = scan(bytes);
    if objects.is_empty() {
        return None;
    }
    let trailer = TrailerRefs::find(bytes, &objects);
    let mut max_id = *objects.keys().next_back()?;
    let mut out = Vec::with_capacity(bytes.len() + objects.len() * 24 + 256);
    out.extend_from_slice(header(bytes));
    out.extend_from_slice(b"%\xe2\xe3\xcf\xd3\n");
    let mut offsets: BTreeMap<u32, (usize, u32)> = BTreeMap::new();
    for (&id, found) in &objects {
        offsets.insert(id, (out.len(), found.generation));
        write_object(&mut out, id, found);
    }
    let root = match trailer.root {
        Some(root) => root,
        None => {
            // A page tree without a catalog: hang a new catalog on it.
            let pages = trailer.pages?;
            max_id += 1;
            offsets.insert(max_id, (out.len(), 0));
            out.extend_from_slice(
                format!(
                    "{max_id} 0 obj\n<< /Type /Catalog /Pages {} {} R >>\nendobj\n",
                    pages.0, pages.1
                )
                .as_bytes(),
            );
            (max_id, 0)
        }
    };
    let xref_at = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", max_id + 1).as_bytes());
    for id in 1..=max_id {
        let line = match offsets.get(&id) {
            Some(&(offset, generation)) => format!("{offset:010} {generation:05} n\r\n"),
            None => "0000000000 00000 f\r\n".to_string(),
        };
        out.extend_from_slice(line.as_bytes());
    }
    let mut dict = format!("/Size {} /Root {} {} R", max_id + 1, root.0, root.1);
    for (key, value) in [("Info", trailer.info), ("Encrypt", trailer.encrypt)] {
        if let Some((n, g)) = value {
            dict.push_str(&format!(" /{key} {n} {g} R"));
        }
    }
    out.extend_from_slice(
        format!("trailer\n<< {dict} >>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes(),
    );
    Some(out)
}

/// The `%PDF-x.y` line of the original, or a default one.
fn header(bytes: &[u8]) -> &[u8] {
    let Some(start) = find(bytes, b"%PDF-", 0) else {
        return b"%PDF-1.7\n";
    };
    let end = bytes[start..]
        .iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .map_or(bytes.len(), |p| start + p);
    if end - start > 16 {
        return b"%PDF-1.7\n";
    }
    // Keep the end of line: the header is copied with it.
    &bytes[start..(end + 1).min(bytes.len())]
}

fn write_object(out: &mut Vec<u8>, id: u32, found: &Found) {
    out.extend_from_slice(format!("{id} {} obj\n", found.generation).as_bytes());
    match found.data {
        None => out.extend_from_slice(found.head),
        Some(data) => {
            out.extend_from_slice(&with_length(found.head, data.len()));
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream");
        }
    }
    out.extend_from_slice(b"\nendobj\n");
}

/// The stream dictionary `head` with `/Length` set to `len`.
fn with_length(head: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(head.len() + 16);
    if let Some(key) = find_key(head, b"/Length") {
        let value_end = skip_value(head, key + 7);
        out.extend_from_slice(&head[..key]);
        out.extend_from_slice(format!("/Length {len} ").as_bytes());
        out.extend_from_slice(&head[value_end..]);
    } else if let Some(open) = find(head, b"<<", 0) {
        out.extend_from_slice(&head[..open + 2]);
        out.extend_from_slice(format!(" /Length {len} ").as_bytes());
        out.extend_from_slice(&head[open + 2..]);
    } else {
        out.extend_from_slice(head);
    }
    out
}

/// Where `/Length` (not `/Length1` and the like) starts in a dictionary.
fn find_key(head: &[u8], key: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(p) = find(head, key, from) {
        match head.get(p + key.len()) {
            Some(&c) if !is_delimiter(c) => from = p + 1,
            _ => return Some(p),
        }
    }
    None
}

/// The end of the value that starts at `i`: a number, or `N G R`.
fn skip_value(head: &[u8], i: usize) -> usize {
    let number = |mut j: usize| {
        while j < head.len() && head[j].is_ascii_whitespace() {
            j += 1;
        }
        let start = j;
        while j < head.len() && (head[j].is_ascii_digit() || b"+-.".contains(&head[j])) {
            j += 1;
        }
        (j > start).then_some(j)
    };
    let Some(first) = number(i) else { return i };
    if let Some(second) = number(first) {
        let mut j = second;
        while j < head.len() && head[j].is_ascii_whitespace() {
            j += 1;
        }
        if head.get(j) == Some(&b'R') {
            return j + 1;
        }
    }
    first
}

/// Every object in the file; a later definition of a number wins, as in an
/// incremental update. Stream data is skipped over, so `N G obj` inside a
/// stream is never taken for an object.
fn scan(bytes: &[u8]) -> BTreeMap<u32, Found<'_>> {
    // Keyword positions are found once, so a file without `endobj` costs one
    // pass, not one pass per object.
    let endobjs = positions(bytes, b"endobj");
    let endstreams = positions(bytes, b"endstream");
    let streams: Vec<usize> = positions(bytes, b"stream")
        .into_iter()
        .filter(|&p| p < 3 || &bytes[p - 3..p] != b"end")
        .collect();
    let mut objects = BTreeMap::new();
    let mut at = 0;
    while let Some(p) = find(bytes, b"obj", at) {
        at = p + 3;
        if bytes.get(p + 3).is_some_and(|&c| !is_delimiter(c)) {
            continue;
        }
        let Some((id, generation, _)) = object_number_before(bytes, p) else {
            continue;
        };
        let body = p + 3;
        let endobj = next_after(&endobjs, body);
        let stream_kw = next_after(&streams, body)
            .filter(|&s| endobj.is_none_or(|e| s < e))
            .filter(|&s| {
                let before = bytes[body..s]
                    .iter()
                    .rposition(|c| !c.is_ascii_whitespace());
                before.is_some_and(|b| bytes[body + b] == b'>')
            });
        let found = match stream_kw {
            Some(s) => {
                let data_start = skip_eol(bytes, s + 6);
                let Some(end) = next_after(&endstreams, data_start) else {
                    continue;
                };
                at = end + 9;
                Found {
                    generation,
                    head: &bytes[body..s],
                    data: Some(&bytes[data_start..trim_eol(bytes, data_start, end)]),
                }
            }
            None => {
                // An object cut short ends where the next one starts.
                let mut end = endobj.unwrap_or(bytes.len());
                let mut resume = endobj.map_or(bytes.len(), |e| e + 6);
                if let Some(h) = next_header(bytes, body, end) {
                    end = h;
                    resume = h;
                }
                at = resume;
                Found {
                    generation,
                    head: &bytes[body..end],
                    data: None,
                }
            }
        };
        objects.insert(id, found);
    }
    objects
}

/// Where the first `N G obj` between `from` and `to` starts.
fn next_header(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    let mut at = from;
    while let Some(p) = find(&bytes[..to], b"obj", at) {
        at = p + 3;
        if let Some((_, _, start)) = object_number_before(bytes, p) {
            if bytes.get(p + 3).is_none_or(|&c| is_delimiter(c)) && start >= from {
                return Some(start);
            }
        }
    }
    None
}

fn positions(bytes: &[u8], needle: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(p) = find(bytes, needle, at) {
        out.push(p);
        at = p + needle.len();
    }
    out
}

/// The first position in the sorted `list` at or after `pos`.
fn next_after(list: &[usize], pos: usize) -> Option<usize> {
    list.get(list.partition_point(|&p| p < pos)).copied()
}

/// `N G` just before the `obj` at `p`, with a delimiter before `N`; also
/// where `N` starts.
fn object_number_before(bytes: &[u8], p: usize) -> Option<(u32, u32, usize)> {
    let mut i = p;
    let skip_space = |i: &mut usize| {
        while *i > 0 && bytes[*i - 1].is_ascii_whitespace() {
            *i -= 1;
        }
    };
    let digits = |i: &mut usize| -> Option<u32> {
        let end = *i;
        while *i > 0 && bytes[*i - 1].is_ascii_digit() && end - *i < 10 {
            *i -= 1;
        }
        std::str::from_utf8(&bytes[*i..end]).ok()?.parse().ok()
    };
    let before = i;
    skip_space(&mut i);
    if i == before {
        return None;
    }
    let generation = digits(&mut i)?;
    let before = i;
    skip_space(&mut i);
    if i == before {
        return None;
    }
    let id = digits(&mut i)?;
    if id == 0 || generation > 65535 || (i > 0 && !is_delimiter(bytes[i - 1])) {
        return None;
    }
    Some((id, generation, i))
}

fn skip_eol(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'\r') {
        i += 1;
    }
    if bytes.get(i) == Some(&b'\n') {
        i += 1;
    }
    i
}

fn trim_eol(bytes: &[u8], start: usize, mut end: usize) -> usize {
    if end > start && bytes[end - 1] == b'\n' {
        end -= 1;
    }
    if end > start && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    end
}

/// The references a trailer needs, as found in the damaged file.
struct TrailerRefs {
    root: Option<(u32, u32)>,
    info: Option<(u32, u32)>,
    encrypt: Option<(u32, u32)>,
    /// A page-tree root (a `/Type /Pages` without `/Parent`), for a file without a catalog.
    pages: Option<(u32, u32)>,
}

impl TrailerRefs {
    /// The last trailer's (or xref stream's) references; else a catalog object.
    fn find(bytes: &[u8], objects: &BTreeMap<u32, Found>) -> TrailerRefs {
        let last = |key: &[u8]| -> Option<(u32, u32)> {
            let mut best = None;
            let mut from = 0;
            while let Some(p) = find(bytes, key, from) {
                from = p + key.len();
                if let Some(r) = reference_at(bytes, from) {
                    best = Some(r);
                }
            }
            best
        };
        let mut refs = TrailerRefs {
            root: last(b"/Root").filter(|r| objects.get(&r.0).is_none_or(|f| is_catalog(f.head))),
            info: last(b"/Info"),
            encrypt: last(b"/Encrypt"),
            pages: None,
        };
        if refs.root.is_none() {
            refs.root = objects
                .iter()
                .find(|(_, f)| is_catalog(f.head))
                .map(|(&id, f)| (id, f.generation));
        }
        if refs.root.is_none() {
            refs.pages = objects
                .iter()
                .find(|(_, f)| has_type(f.head, b"Pages") && find(f.head, b"/Parent", 0).is_none())
                .map(|(&id, f)| (id, f.generation));
        }
        refs
    }
}

fn is_catalog(head: &[u8]) -> bool {
    has_type(head, b"Catalog")
}

/// Whether a dictionary's text holds `/Type /name` (spaces optional).
fn has_type(head: &[u8], name: &[u8]) -> bool {
    let mut from = 0;
    while let Some(p) = find(head, b"/Type", from) {
        from = p + 5;
        let mut i = from;
        while i < head.len() && head[i].is_ascii_whitespace() {
            i += 1;
        }
        if head.get(i) == Some(&b'/')
            && head[i + 1..].starts_with(name)
            && head
                .get(i + 1 + name.len())
                .is_none_or(|&c| is_delimiter(c))
        {
            return true;
        }
    }
    false
}

/// `N G R` at `i`, after optional white space.
fn reference_at(bytes: &[u8], mut i: usize) -> Option<(u32, u32)> {
    let number = |i: &mut usize| -> Option<u32> {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
        let start = *i;
        while *i < bytes.len() && bytes[*i].is_ascii_digit() && *i - start < 10 {
            *i += 1;
        }
        std::str::from_utf8(&bytes[start..*i]).ok()?.parse().ok()
    };
    let id = number(&mut i)?;
    let generation = number(&mut i)?;
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    (bytes.get(i) == Some(&b'R')).then_some((id, generation))
}

fn is_delimiter(c: u8) -> bool {
    c.is_ascii_whitespace() || b"()<>[]{}/%".contains(&c)
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_rewritten_and_length1_is_left_alone() {
        let head = b" << /Length1 5 /Length 9 0 R /Filter /FlateDecode >>";
        let out = with_length(head, 42);
        assert_eq!(
            std::str::from_utf8(&out).unwrap(),
            " << /Length1 5 /Length 42  /Filter /FlateDecode >>"
        );
    }

    #[test]
    fn object_numbers_are_read_backwards() {
        let bytes = b"xx\n12 0 obj << >> endobj";
        let p = find(bytes, b"obj", 0).unwrap();
        assert_eq!(object_number_before(bytes, p), Some((12, 0, 3)));
        let glued = b"x12 0 obj";
        assert_eq!(object_number_before(glued, 6), None);
    }
}
