//! PATCH (16): a fast reader of `/ToUnicode` CMaps for the common case.
//!
//! `adobe_cmap_parser` is built on pom, which formats an error string for every
//! alternative that does not match; parsing the CMaps of CJK fonts was about
//! an eighth of extraction. This reader tokenizes a strict subset of what that
//! parser accepts into the same sequence of tokens and then applies the same
//! `beginbfchar`/`beginbfrange` rules, so on that subset the map is identical.
//! For anything else (escapes in strings, comments where pom would stop,
//! numbers with a fraction, a rule that would fail or panic) it returns
//! `None` and the caller uses `adobe_cmap_parser` itself.

use std::collections::HashMap;
use std::convert::TryFrom;
use std::ops::Range;

/// One token, as far as the map rules tell tokens apart.
enum Tok {
    Int(i64),
    /// A literal or hexadecimal string: a range of the byte arena.
    Str(Range<usize>),
    Op(Range<usize>),
    Array(Vec<Tok>),
    /// A name, a boolean or a dictionary: never read by the rules.
    Other,
}

/// Whitespace the pom parser skips after every value (`multispace`).
fn is_multispace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

/// Whitespace inside hex strings, arrays and dictionaries (the parser's `space`).
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// The bytes of every string, so a token holds a range, not a `Vec`.
    arena: Vec<u8>,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip(&mut self, f: fn(u8) -> bool) {
        while self.pos < self.data.len() && f(self.data[self.pos]) {
            self.pos += 1;
        }
    }

    /// A value followed by its multispace, or `None` where pom would differ or stop.
    fn value(&mut self, depth: usize) -> Option<Tok> {
        if depth > 16 {
            return None;
        }
        let c = self.peek()?;
        let tok = match c {
            b'0'..=b'9' | b'+' | b'-' => self.integer()?,
            b'/' => {
                self.name()?;
                Tok::Other
            }
            b'(' => self.literal()?,
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.dictionary(depth)?;
                Tok::Other
            }
            b'<' => self.hex()?,
            b'[' => self.array(depth)?,
            c if c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"') => {
                let start = self.pos;
                self.skip(|c| c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"'));
                let word = &self.data[start..self.pos];
                // pom reads these as booleans, even as the start of a longer word.
                if word.starts_with(b"true") || word.starts_with(b"false") {
                    return None;
                }
                Tok::Op(start..self.pos)
            }
            _ => return None,
        };
        self.skip(is_multispace);
        Some(tok)
    }

    fn integer(&mut self) -> Option<Tok> {
        let start = self.pos;
        if matches!(self.peek(), Some(b'+') | Some(b'-')) {
            self.pos += 1;
        }
        let digits = self.pos;
        self.skip(|c| c.is_ascii_digit());
        // A fraction or a sign without digits is read by pom's other number rule.
        if self.pos == digits || self.peek() == Some(b'.') {
            return None;
        }
        let text = std::str::from_utf8(&self.data[start..self.pos]).ok()?;
        text.parse::<i64>().ok().map(Tok::Int)
    }

    fn name(&mut self) -> Option<()> {
        self.pos += 1;
        while let Some(c) = self.peek() {
            if c == b'#' {
                return None;
            }
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%') {
                break;
            }
            self.pos += 1;
        }
        Some(())
    }

    /// A literal string without escapes or nested parentheses.
    fn literal(&mut self) -> Option<Tok> {
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.peek()? {
                b')' => break,
                b'(' | b'\\' => return None,
                _ => self.pos += 1,
            }
        }
        let from = self.arena.len();
        self.arena.extend_from_slice(&self.data[start..self.pos]);
        self.pos += 1;
        Some(Tok::Str(from..self.arena.len()))
    }

    /// A hex string of whole bytes (pom reads two digits at a time).
    fn hex(&mut self) -> Option<Tok> {
        self.pos += 1;
        let from = self.arena.len();
        loop {
            self.skip(is_space);
            let c = self.peek()?;
            if c == b'>' {
                self.pos += 1;
                return Some(Tok::Str(from..self.arena.len()));
            }
            let hi = hex_value(c)?;
            let lo = hex_value(*self.data.get(self.pos + 1)?)?;
            self.arena.push(hi << 4 | lo);
            self.pos += 2;
        }
    }

    fn array(&mut self, depth: usize) -> Option<Tok> {
        self.pos += 1;
        self.skip(is_space);
        let mut items = Vec::new();
        loop {
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(Tok::Array(items));
            }
            items.push(self.value(depth + 1)?);
        }
    }

    fn dictionary(&mut self, depth: usize) -> Option<()> {
        self.pos += 2;
        self.skip(is_space);
        loop {
            match self.peek()? {
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Some(());
                }
                b'/' => {
                    self.name()?;
                    self.skip(is_space);
                    self.value(depth + 1)?;
                }
                _ => return None,
            }
        }
    }

    /// A `%` comment up to and including its end of line (pom needs one).
    fn comment(&mut self) -> Option<()> {
        self.skip(|c| c != b'\r' && c != b'\n');
        match self.peek()? {
            b'\r' => {
                self.pos += 1;
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            _ => self.pos += 1,
        }
        Some(())
    }
}

fn tokens(input: &[u8]) -> Option<(Vec<Tok>, Vec<u8>)> {
    let mut lx = Lexer { data: input, pos: 0, arena: Vec::new() };
    let mut toks = Vec::new();
    // pom's `file`: (comment* multispace* value)+, stopping at the first miss.
    loop {
        while lx.peek() == Some(b'%') {
            lx.comment()?;
        }
        lx.skip(is_multispace);
        if lx.pos == input.len() {
            break;
        }
        toks.push(lx.value(0)?);
    }
    if toks.is_empty() {
        return None;
    }
    Some((toks, lx.arena))
}

fn as_code(s: &[u8]) -> u32 {
    s.iter().fold(0u32, |code, &c| (code << 8) | u32::from(c))
}

/// The map `adobe_cmap_parser::get_unicode_map` returns, when this reader is
/// sure to agree with it; `None` otherwise (including where it would fail).
pub(crate) fn unicode_map(input: &[u8]) -> Option<HashMap<u32, Vec<u8>>> {
    let (toks, arena) = tokens(input)?;
    let text = |t: &Tok| match t {
        Tok::Str(r) => Some(&arena[r.clone()]),
        _ => None,
    };
    let mut map = HashMap::new();
    let mut i = 0;
    while i < toks.len() {
        let op = match &toks[i] {
            Tok::Op(r) => &input[r.clone()],
            _ => {
                i += 1;
                continue;
            }
        };
        if op != b"beginbfchar" && op != b"beginbfrange" {
            i += 1;
            continue;
        }
        let count = match toks.get(i.checked_sub(1)?)? {
            Tok::Int(c) => *c,
            _ => return None,
        };
        i += 1;
        if op == b"beginbfchar" {
            for _ in 0..count {
                let code = text(toks.get(i)?)?;
                let uni = text(toks.get(i + 1)?)?;
                map.insert(as_code(code), uni.to_vec());
                i += 2;
            }
        } else {
            for _ in 0..count {
                let lower = as_code(text(toks.get(i)?)?);
                let upper = as_code(text(toks.get(i + 1)?)?);
                match toks.get(i + 2)? {
                    Tok::Str(r) => {
                        let start = &arena[r.clone()];
                        match start.len() {
                            4 => {
                                let val = as_code(start);
                                for c in lower..=upper {
                                    // An overflow is left to the original (it panics in debug builds).
                                    map.insert(c, val.checked_add(c - lower)?.to_be_bytes().to_vec());
                                }
                            }
                            2 => {
                                let val = as_code(start) as u16;
                                for c in lower..=upper {
                                    let offset = u16::try_from(c - lower).ok()?;
                                    map.insert(c, val.checked_add(offset)?.to_be_bytes().to_vec());
                                }
                            }
                            _ => return None,
                        }
                    }
                    Tok::Array(codes) => {
                        if upper.checked_sub(lower)?.checked_add(1)? as usize != codes.len() {
                            return None;
                        }
                        for (c, t) in (lower..=upper).zip(codes) {
                            map.insert(c, text(t)?.to_vec());
                        }
                    }
                    _ => return None,
                }
                i += 3;
            }
        }
        i += 1;
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMAP: &[u8] = b"%!PS-Adobe-3.0 Resource-CMap\n%%DocumentNeededResources: ProcSet (CIDInit)\n\
/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
3 beginbfchar\n<0003> <0020>\n<0A2F> <4E2D>\n<0B01> <D840DC00>\nendbfchar\n\
2 beginbfrange\n<0010> <0012> <0041>\n<0020> <0021> [<0061> <00620063>]\nendbfrange\n\
1 beginbfrange\n<00FE> <0101> <00000030>\nendbfrange\n\
endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

    #[test]
    fn same_map_as_adobe_cmap_parser() {
        let ours = unicode_map(CMAP).expect("the fast path reads a plain CMap");
        let theirs = adobe_cmap_parser::get_unicode_map(CMAP).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours.len(), 3 + 5 + 4);
    }

    #[test]
    fn declines_what_pom_reads_its_own_way() {
        for case in [
            &b"1 beginbfchar <01> (a\\051) endbfchar"[..],
            b"1.5 beginbfchar <01> <0041> endbfchar",
            b"beginbfchar <01> <0041> endbfchar",
            b"1 beginbfchar <1> <0041> endbfchar",
            b"1 beginbfrange <01> <02> <004100> endbfrange",
            b"  %late comment\n1 beginbfchar <01> <0041> endbfchar",
            b"/A#20 def",
            b"",
        ] {
            assert!(unicode_map(case).is_none(), "{}", String::from_utf8_lossy(case));
        }
    }
}
