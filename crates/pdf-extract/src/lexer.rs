//! PATCH (15): a hand-written content-stream lexer for the common case;
//! PATCH (23): its numbers read without a `&str`.
//!
//! lopdf's nom parser builds a `String` per operator and a `Vec<Object>` per
//! operation, and it was the largest single cost of extraction. This lexer
//! reads a piece of a content stream into one flat operand buffer and a list
//! of operator ranges, both reused across operations.
//!
//! It accepts a strict subset of what lopdf's `Content::decode` accepts and,
//! on that subset, yields exactly the same operators and operands. Anything
//! outside it (comments, inline images, `#` escapes in names, references,
//! `true`/`false`/`null`, a stream lopdf would silently truncate, deep
//! nesting) makes `lex` return `false`, and the caller decodes the piece with
//! lopdf instead, so the result never depends on which path ran.

use lopdf::{Dictionary, Object, StringFormat};
use std::ops::Range;
use std::str::FromStr;

/// Nesting of arrays, dictionaries and strings past which lopdf is left to decide.
const MAX_DEPTH: usize = 16;

/// The operations of one piece: operator byte ranges and their operands.
#[derive(Default)]
pub(crate) struct Lexed {
    operands: Vec<Object>,
    ops: Vec<(Range<usize>, Range<usize>)>,
}

impl Lexed {
    /// The number of operations.
    pub(crate) fn len(&self) -> usize {
        self.ops.len()
    }

    /// Operation `k` as (operator, operands), borrowing `data` (the lexed piece).
    pub(crate) fn op<'s>(&'s self, data: &'s [u8], k: usize) -> (&'s str, &'s [Object]) {
        let (op, args) = &self.ops[k];
        // Operators are ASCII letters, `*`, `'` and `"`, so this cannot fail.
        (std::str::from_utf8(&data[op.clone()]).unwrap_or(""), &self.operands[args.clone()])
    }

    /// The operations, as (operator, operands), borrowing `data` (the lexed piece).
    #[cfg(test)]
    pub(crate) fn ops<'s>(&'s self, data: &'s [u8]) -> impl Iterator<Item = (&'s str, &'s [Object])> + 's {
        (0..self.len()).map(move |k| self.op(data, k))
    }
}

/// Whitespace between top-level tokens (lopdf's `content_space`: no NUL or form feed).
fn is_content_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// Whitespace inside arrays, dictionaries and hex strings.
fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

fn is_delimiter(c: u8) -> bool {
    matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_operator_char(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

/// A number operand, before it becomes an [`Object`].
enum Num {
    Int(i64),
    Real(f32),
}

impl From<Num> for Object {
    fn from(n: Num) -> Object {
        match n {
            Num::Int(i) => Object::Integer(i),
            Num::Real(r) => Object::Real(r),
        }
    }
}

struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_content_space(&mut self) {
        while self.pos < self.data.len() && is_content_space(self.data[self.pos]) {
            self.pos += 1;
        }
    }

    /// lopdf's `space` inside arrays and dictionaries; a comment there is left to lopdf.
    fn skip_space(&mut self) -> Option<()> {
        while let Some(c) = self.peek() {
            if c == b'%' {
                return None;
            }
            if !is_white(c) {
                break;
            }
            self.pos += 1;
        }
        Some(())
    }

    fn number(&mut self) -> Option<Num> {
        let start = self.pos;
        let negative = match self.peek() {
            Some(b'-') => {
                self.pos += 1;
                true
            }
            Some(b'+') => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let int_start = self.pos;
        let digits = self.digits();
        let int_end = self.pos;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            let fraction = self.digits();
            if digits == 0 && fraction == 0 {
                return None;
            }
            let (int, frac) = (&self.data[int_start..int_end], &self.data[int_end + 1..self.pos]);
            if let Some(v) = exact_real(int, frac) {
                return Some(Num::Real(if negative { -v } else { v }));
            }
            let text = std::str::from_utf8(&self.data[start..self.pos]).ok()?;
            return f32::from_str(text).ok().map(Num::Real);
        }
        if digits == 0 {
            return None;
        }
        integer(&self.data[int_start..int_end], negative).map(Num::Int)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.pos < self.data.len() && self.data[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn name(&mut self) -> Option<Vec<u8>> {
        self.pos += 1;
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c == b'#' {
                return None;
            }
            if is_white(c) || is_delimiter(c) {
                break;
            }
            self.pos += 1;
        }
        Some(self.data[start..self.pos].to_vec())
    }

    /// A literal string with lopdf's escapes; nested parentheses are kept.
    fn literal(&mut self) -> Option<Vec<u8>> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 0usize;
        loop {
            let c = self.peek()?;
            self.pos += 1;
            match c {
                b')' if depth == 0 => return Some(out),
                b')' => {
                    depth -= 1;
                    out.push(c);
                }
                b'(' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    out.push(c);
                }
                b'\\' => self.escape(&mut out)?,
                _ => out.push(c),
            }
        }
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Option<()> {
        let c = self.peek()?;
        if (b'0'..=b'7').contains(&c) {
            let mut value = 0u16;
            let mut n = 0;
            while n < 3 {
                match self.peek() {
                    Some(d @ b'0'..=b'7') => {
                        value = value * 8 + u16::from(d - b'0');
                        self.pos += 1;
                        n += 1;
                    }
                    _ => break,
                }
            }
            // The spec says overflow is ignored; lopdf keeps the low byte.
            out.push(value as u8);
            return Some(());
        }
        self.pos += 1;
        match c {
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(b'\x08'),
            b'f' => out.push(b'\x0C'),
            other => out.push(other),
        }
        Some(())
    }

    fn hex(&mut self) -> Option<Vec<u8>> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut high = true;
        loop {
            while self.peek().map_or(false, is_white) {
                self.pos += 1;
            }
            let c = self.peek()?;
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                b'>' => {
                    self.pos += 1;
                    return Some(out);
                }
                _ => return None,
            };
            self.pos += 1;
            if high {
                out.push(v << 4);
            } else if let Some(last) = out.last_mut() {
                *last |= v;
            }
            high = !high;
        }
    }

    /// An operand of an operator, or an element of an array or a dictionary.
    fn object(&mut self, depth: usize) -> Option<Object> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'/' => self.name().map(Object::Name),
            b'(' => self.literal().map(|s| Object::String(s, StringFormat::Literal)),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => self.dictionary(depth + 1).map(Object::Dictionary),
            b'<' => self.hex().map(|s| Object::String(s, StringFormat::Hexadecimal)),
            b'[' => self.array(depth + 1).map(Object::Array),
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number().map(Object::from),
            _ => None,
        }
    }

    fn array(&mut self, depth: usize) -> Option<Vec<Object>> {
        self.pos += 1;
        self.skip_space()?;
        let mut items = Vec::new();
        loop {
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(items);
            }
            items.push(self.object(depth)?);
            self.skip_space()?;
        }
    }

    fn dictionary(&mut self, depth: usize) -> Option<Dictionary> {
        self.pos += 2;
        self.skip_space()?;
        let mut dict = Dictionary::new();
        loop {
            match self.peek()? {
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Some(dict);
                }
                b'/' => {
                    let key = self.name()?;
                    self.skip_space()?;
                    let value = self.object(depth)?;
                    self.skip_space()?;
                    dict.set(key, value);
                }
                _ => return None,
            }
        }
    }
}

/// Powers of ten that are exact in `f32` (5^10 < 2^24).
const EXACT_POW10: [f32; 11] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/// The value of the digits `int.frac`, without going through a `&str`, when
/// the digits as one integer `m` and the power `10^k` of the fraction are
/// both exact in `f32` (`m < 2^24`, `k <= 10`): one IEEE division then
/// rounds once, to the nearest, exactly as `f32::from_str` does. Nearly
/// every number in a content stream (`612.0`, `-14.25`) is of this kind;
/// the rest return `None` and are parsed with `f32::from_str`.
fn exact_real(int: &[u8], frac: &[u8]) -> Option<f32> {
    let pow = *EXACT_POW10.get(frac.len())?;
    let mut m: u32 = 0;
    for &d in int.iter().chain(frac) {
        m = m * 10 + u32::from(d - b'0');
        if m >= 1 << 24 {
            return None;
        }
    }
    Some(m as f32 / pow)
}

/// The digits as an `i64`, as `i64::from_str` reads them with the sign
/// before them: `None` past the range, which lopdf then reads.
fn integer(digits: &[u8], negative: bool) -> Option<i64> {
    let mut v: i64 = 0;
    for &d in digits {
        let d = i64::from(d - b'0');
        v = v.checked_mul(10)?;
        v = if negative { v.checked_sub(d)? } else { v.checked_add(d)? };
    }
    Some(v)
}

/// Lexes `data` into `out` (cleared first). `false` means the piece holds
/// something this lexer leaves to lopdf; `out` is then meaningless.
pub(crate) fn lex(data: &[u8], out: &mut Lexed) -> bool {
    out.operands.clear();
    out.ops.clear();
    lex_into(data, out).is_some()
}

fn lex_into(data: &[u8], out: &mut Lexed) -> Option<()> {
    let mut cur = Cursor { data, pos: 0 };
    cur.skip_content_space();
    while cur.pos < data.len() {
        let first = out.operands.len();
        loop {
            let c = cur.peek()?;
            if is_operator_char(c) {
                break;
            }
            // Most operands are numbers: pushed as built, not moved through
            // an `Option<Object>` the size of lopdf's largest variant.
            match c {
                b'+' | b'-' | b'.' | b'0'..=b'9' => match cur.number()? {
                    Num::Int(i) => out.operands.push(Object::Integer(i)),
                    Num::Real(r) => out.operands.push(Object::Real(r)),
                },
                _ => out.operands.push(cur.object(0)?),
            }
            cur.skip_content_space();
        }
        let start = cur.pos;
        while cur.peek().map_or(false, is_operator_char) {
            cur.pos += 1;
        }
        let op = &data[start..cur.pos];
        // lopdf reads these as operands (or as an inline image) before operators.
        if op.starts_with(b"true") || op.starts_with(b"false") || op.starts_with(b"null") || op == b"BI" {
            return None;
        }
        out.ops.push((start..cur.pos, first..out.operands.len()));
        cur.skip_content_space();
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::content::Content;

    /// Numbers read without a `&str` are bit for bit those of
    /// `f32::from_str` and `i64::from_str`, over signs, lengths, leading
    /// zeros and the edges of both fast paths.
    #[test]
    fn numbers_agree_with_from_str() {
        let mut texts: Vec<String> = Vec::new();
        let ints = ["", "0", "00", "7", "612", "0612", "16777215", "16777216", "99999999", "123456789012"];
        let fracs = ["", "0", "5", "25", "001", "1234567", "9999999999", "12345678901", "00000000001"];
        for sign in ["", "-", "+"] {
            for int in ints {
                texts.push(format!("{sign}{int}"));
                for frac in fracs {
                    texts.push(format!("{sign}{int}.{frac}"));
                }
            }
            for edge in ["9223372036854775807", "9223372036854775808", "9223372036854775809"] {
                texts.push(format!("{sign}{edge}"));
            }
        }
        // A deterministic spread of values near the 2^24 and 10^10 limits.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 30_000_000).to_string();
            let at = (x >> 40) as usize % (digits.len() + 1);
            let sign = if x & 1 == 0 { "-" } else { "" };
            texts.push(format!("{sign}{}.{}", &digits[..at], &digits[at..]));
        }
        for text in texts {
            let mut cur = Cursor { data: text.as_bytes(), pos: 0 };
            let ours = cur.number().map(Object::from);
            let theirs = if text.contains('.') {
                f32::from_str(&text).ok().map(Object::Real)
            } else {
                i64::from_str(&text).ok().map(Object::Integer)
            };
            match (&ours, &theirs) {
                (Some(Object::Real(a)), Some(Object::Real(b))) => {
                    assert_eq!(a.to_bits(), b.to_bits(), "{text}")
                }
                (Some(Object::Integer(a)), Some(Object::Integer(b))) => assert_eq!(a, b, "{text}"),
                (None, None) => {}
                _ => panic!("{text}: {ours:?} against {theirs:?}"),
            }
        }
    }

    /// The lexer either declines or agrees with lopdf, operation by operation.
    fn agrees(data: &[u8]) -> bool {
        let mut lexed = Lexed::default();
        if !lex(data, &mut lexed) {
            return false;
        }
        let theirs = Content::decode(data).unwrap();
        let ours: Vec<_> = lexed.ops(data).map(|(o, a)| (o.to_string(), a.to_vec())).collect();
        let theirs: Vec<_> = theirs.operations.into_iter().map(|o| (o.operator, o.operands)).collect();
        assert_eq!(format!("{:?}", ours), format!("{:?}", theirs), "{}", String::from_utf8_lossy(data));
        true
    }

    #[test]
    fn same_operations_as_lopdf() {
        let cases: &[&[u8]] = &[
            b"q 1 0 0 1 10 10 cm BT /F1 12 Tf (Hello) Tj ET Q",
            b"  BT\r\n/F1 9.5 Tf\n1 0 0 1 72.5 -.5 Tm [(A) -120 (B) 3.25 <4142>] TJ ET",
            b"0 g0 G 1 0 0 RG 10 20 m 30 40 l S 5 5 10 10 re f*",
            b"(a\\(b\\)c\\n\\101\\0777\\\r\nd(e)f) Tj <41 4 2 3> Tj <> Tj () Tj",
            b"/Span <</MCID 3 /Lang (zh) /A [1 2.5 /N]>> BDC EMC",
            b"+5 -3 .25 5. d0 T* ' \" W n",
            b"/F1 12 Tf\n(x) Tj\n",
            b"1.2.3 Tw 12Tz",
        ];
        for case in cases {
            assert!(agrees(case), "declined: {}", String::from_utf8_lossy(case));
        }
    }

    #[test]
    fn declines_what_lopdf_reads_its_own_way() {
        let cases: &[&[u8]] = &[
            b"% comment\n q Q",
            b"q (unterminated Q",
            b"1 2",
            b"/A#20B gs",
            b"[1 0 R] TJ",
            b"true Tz",
            b"BI /W 1 /H 1 /CS /G /BPC 8 ID x EI",
            b"q \x0C Q",
            b"<< /A %c\n 1 >> BDC",
            b"{ q }",
            b"9999999999999999999999 Tz",
        ];
        for case in cases {
            let mut lexed = Lexed::default();
            assert!(!lex(case, &mut lexed), "accepted: {}", String::from_utf8_lossy(case));
        }
    }
}
