// PATCH (12): resource budgets for one document, and stream decoding that
// stops at them. Not part of upstream pdf-extract; see PATCHES.md.
//
// A `Meter` holds the limits and what has been used so far. The text layer
// installs one for the whole document (`install`), so code deep inside font
// parsing, which has no error path, can still charge it; a budget that runs
// out trips the meter, and the page processor turns the trip into
// `OutputError::Limit` at its next check.

use lopdf::{Dictionary, Object, Stream};
use crate::DictExt;
use std::cell::{Cell, RefCell};
use std::io::Read;
use std::rc::Rc;
use std::time::Instant;

/// Limits on the work done for one document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Bytes one stream may inflate to.
    pub max_stream_bytes: u64,
    /// Bytes all streams of the document may inflate to, together.
    pub max_inflated_bytes: u64,
    /// Content operators executed, forms included.
    pub max_operators: u64,
    /// Form XObject invocations (`Do` of a form), at any depth.
    pub max_xobjects: u64,
    /// Glyphs and painted paths an output device keeps (it counts them with
    /// `Meter::count_output`), since each costs memory until the end.
    pub max_output: u64,
    /// When the work must stop.
    pub deadline: Option<Instant>,
}

impl Limits {
    /// No limit at all (upstream's behaviour).
    pub const UNLIMITED: Limits = Limits {
        max_stream_bytes: u64::MAX,
        max_inflated_bytes: u64::MAX,
        max_operators: u64::MAX,
        max_xobjects: u64::MAX,
        max_output: u64::MAX,
        deadline: None,
    };
}

/// Which budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Budget {
    /// `Limits::max_stream_bytes`.
    StreamBytes,
    /// `Limits::max_inflated_bytes`.
    InflatedBytes,
    /// `Limits::max_operators`.
    Operators,
    /// `Limits::max_xobjects`.
    XObjects,
    /// `Limits::max_output`.
    Output,
    /// `Limits::deadline`.
    Time,
}

impl Budget {
    /// A stable snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Budget::StreamBytes => "stream_bytes",
            Budget::InflatedBytes => "inflated_bytes",
            Budget::Operators => "operators",
            Budget::XObjects => "xobjects",
            Budget::Output => "output",
            Budget::Time => "time",
        }
    }
}

/// A budget that ran out, with its limit (bytes, operators, invocations; 0 for time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LimitExceeded {
    /// The budget.
    pub budget: Budget,
    /// Its limit.
    pub limit: u64,
}

impl std::fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.budget {
            Budget::Time => write!(f, "budget `time` exceeded (deadline passed)"),
            b => write!(f, "budget `{}` exceeded (limit {})", b.name(), self.limit),
        }
    }
}

/// What a document has used so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Bytes inflated from streams.
    pub inflated_bytes: u64,
    /// Content operators executed.
    pub operators: u64,
    /// Form XObject invocations.
    pub xobjects: u64,
    /// Glyphs and painted paths kept by the output device.
    pub output: u64,
}

/// Limits and usage of one document; the first budget that runs out is kept.
#[derive(Debug)]
pub struct Meter {
    limits: Limits,
    inflated: Cell<u64>,
    operators: Cell<u64>,
    xobjects: Cell<u64>,
    output: Cell<u64>,
    exceeded: Cell<Option<LimitExceeded>>,
}

impl Meter {
    /// A fresh meter.
    pub fn new(limits: Limits) -> Rc<Meter> {
        Rc::new(Meter {
            limits,
            inflated: Cell::new(0),
            operators: Cell::new(0),
            xobjects: Cell::new(0),
            output: Cell::new(0),
            exceeded: Cell::new(None),
        })
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The first budget that ran out, if any.
    pub fn exceeded(&self) -> Option<LimitExceeded> {
        self.exceeded.get()
    }

    /// What was used so far.
    pub fn usage(&self) -> Usage {
        Usage {
            inflated_bytes: self.inflated.get(),
            operators: self.operators.get(),
            xobjects: self.xobjects.get(),
            output: self.output.get(),
        }
    }

    fn trip(&self, budget: Budget, limit: u64) -> LimitExceeded {
        if self.exceeded.get().is_none() {
            self.exceeded.set(Some(LimitExceeded { budget, limit }));
        }
        self.exceeded.get().unwrap()
    }

    /// Fails once any budget has run out, or the deadline has passed.
    pub fn check(&self) -> Result<(), LimitExceeded> {
        if let Some(e) = self.exceeded.get() {
            return Err(e);
        }
        match self.limits.deadline {
            Some(d) if Instant::now() >= d => Err(self.trip(Budget::Time, 0)),
            _ => Ok(()),
        }
    }

    /// Counts one content operator; the clock is read every 256 operators.
    pub fn count_operator(&self) -> Result<(), LimitExceeded> {
        let n = self.operators.get() + 1;
        self.operators.set(n);
        if n > self.limits.max_operators {
            return Err(self.trip(Budget::Operators, self.limits.max_operators));
        }
        if n % 256 == 0 {
            return self.check();
        }
        match self.exceeded.get() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Counts one form XObject invocation.
    pub fn count_xobject(&self) -> Result<(), LimitExceeded> {
        let n = self.xobjects.get() + 1;
        self.xobjects.set(n);
        if n > self.limits.max_xobjects {
            return Err(self.trip(Budget::XObjects, self.limits.max_xobjects));
        }
        self.check()
    }

    /// Counts `n` glyphs or painted paths kept by the output device.
    pub fn count_output(&self, n: u64) -> Result<(), LimitExceeded> {
        let total = self.output.get().saturating_add(n);
        self.output.set(total);
        if total > self.limits.max_output {
            return Err(self.trip(Budget::Output, self.limits.max_output));
        }
        Ok(())
    }

    /// Charges `n` inflated bytes to the document, `stream_total` being the
    /// stream's output so far (these bytes included).
    fn charge(&self, n: u64, stream_total: u64) -> Result<(), LimitExceeded> {
        if stream_total > self.limits.max_stream_bytes {
            return Err(self.trip(Budget::StreamBytes, self.limits.max_stream_bytes));
        }
        let total = self.inflated.get().saturating_add(n);
        self.inflated.set(total);
        if total > self.limits.max_inflated_bytes {
            return Err(self.trip(Budget::InflatedBytes, self.limits.max_inflated_bytes));
        }
        self.check()
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Meter>>> = RefCell::new(None);
}

/// Makes `meter` the one charged on this thread until the guard is dropped.
pub fn install(meter: Rc<Meter>) -> MeterGuard {
    let previous = CURRENT.with(|c| c.replace(Some(meter)));
    MeterGuard { previous }
}

/// Restores the previously installed meter when dropped (also on unwinding).
pub struct MeterGuard {
    previous: Option<Rc<Meter>>,
}

impl Drop for MeterGuard {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// The meter installed on this thread, if any.
pub fn current() -> Option<Rc<Meter>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// Why a stream could not be decoded.
#[derive(Debug)]
pub enum DecodeError {
    /// A budget ran out.
    Limit(LimitExceeded),
    /// lopdf's own reason (an unknown filter, a bad predictor).
    Pdf(lopdf::Error),
}

/// Decodes a stream's filters exactly as lopdf's `Stream::decompressed_content`
/// does, but charges every inflated byte to the installed meter and stops
/// when a budget runs out.
pub fn decode_stream(stream: &Stream) -> Result<Vec<u8>, DecodeError> {
    let meter = current();
    let meter = meter.as_deref();
    let params = stream.dict.get(b"DecodeParms").and_then(Object::as_dict).ok();
    let filters = match stream.filters() {
        Ok(f) => f,
        Err(_) => return Ok(stream.content.clone()),
    };
    // PATCH (24): each filter reads the one before's output, or the stream's
    // own bytes, without copying them first.
    let mut output: Option<Vec<u8>> = None;
    for filter in filters {
        let input = output.as_deref().unwrap_or(&stream.content);
        output = Some(match filter {
            b"FlateDecode" => predictor(inflate(input, meter)?, params)?,
            b"LZWDecode" => predictor(lzw(input, params, meter)?, params)?,
            b"ASCII85Decode" => {
                let mut dict = Dictionary::new();
                dict.set("Filter", Object::Name(b"ASCII85Decode".to_vec()));
                let s = Stream::new(dict, input.to_vec());
                let out = s.decompressed_content().map_err(DecodeError::Pdf)?;
                if let Some(m) = meter {
                    m.charge(out.len() as u64, out.len() as u64).map_err(DecodeError::Limit)?;
                }
                out
            }
            _ => return Err(DecodeError::Pdf(lopdf::Error::Unimplemented("decompression algorithms"))),
        });
    }
    Ok(output.unwrap_or_else(|| stream.content.clone()))
}

/// Reads `reader` to its end or to its first error, as `read_to_end` does,
/// charging the meter every 64 KiB.
fn read_bounded(mut reader: impl Read, output: &mut Vec<u8>, meter: Option<&Meter>) -> Result<bool, DecodeError> {
    // PATCH (24): one buffer per thread, not 64 KiB allocated and zeroed
    // per stream (a page has several).
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0u8; 64 * 1024]);
    }
    BUF.with(|buf| {
        // Should a decoder ever read another stream from inside `read`, it
        // gets a buffer of its own rather than a panic.
        let mut own;
        let mut held = buf.try_borrow_mut();
        let buf: &mut [u8] = match held.as_deref_mut() {
            Ok(b) => b,
            Err(_) => {
                own = vec![0u8; 64 * 1024];
                &mut own
            }
        };
        loop {
            match reader.read(buf) {
                Ok(0) => return Ok(true),
                Ok(n) => {
                    output.extend_from_slice(&buf[..n]);
                    if let Some(m) = meter {
                        m.charge(n as u64, output.len() as u64).map_err(DecodeError::Limit)?;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Ok(false),
            }
        }
    })
}

/// lopdf's `decompress_zlib` (with its raw-deflate fallback), bounded.
fn inflate(input: &[u8], meter: Option<&Meter>) -> Result<Vec<u8>, DecodeError> {
    let mut output = Vec::with_capacity(input.len().saturating_mul(2).min(1 << 20));
    if !input.is_empty() {
        let ok = read_bounded(flate2::read::ZlibDecoder::new(input), &mut output, meter)?;
        if !ok && output.is_empty() && input.len() > 2 {
            read_bounded(flate2::read::DeflateDecoder::new(&input[2..]), &mut output, meter)?;
        }
    }
    Ok(output)
}

/// A writer that refuses bytes past the budget, so weezl stops decoding.
struct BoundedWriter<'a> {
    out: Vec<u8>,
    meter: Option<&'a Meter>,
    exceeded: Option<LimitExceeded>,
}

impl std::io::Write for BoundedWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.extend_from_slice(buf);
        if let Some(m) = self.meter {
            if let Err(e) = m.charge(buf.len() as u64, self.out.len() as u64) {
                self.exceeded = Some(e);
                return Err(std::io::Error::new(std::io::ErrorKind::Other, "budget"));
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// lopdf's `decompress_lzw`, bounded.
fn lzw(input: &[u8], params: Option<&Dictionary>, meter: Option<&Meter>) -> Result<Vec<u8>, DecodeError> {
    use weezl::{decode::Decoder, BitOrder};
    let early_change = params
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|p| Object::as_i64(p).ok())
        .map(|v| v != 0)
        .unwrap_or(true);
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut writer = BoundedWriter { out: Vec::new(), meter, exceeded: None };
    let _ = decoder.into_stream(&mut writer).decode_all(input);
    match writer.exceeded {
        Some(e) => Err(DecodeError::Limit(e)),
        None => Ok(writer.out),
    }
}

/// lopdf's `decompress_predictor`: PNG predictors only.
fn predictor(data: Vec<u8>, params: Option<&Dictionary>) -> Result<Vec<u8>, DecodeError> {
    let Some(params) = params else { return Ok(data) };
    let predictor = params.get(b"Predictor").and_then(Object::as_i64).unwrap_or(1);
    if !(10..=15).contains(&predictor) {
        return Ok(data);
    }
    let get = |k: &[u8]| std::cmp::max(1, params.get(k).and_then(Object::as_i64).unwrap_or(1)) as usize;
    let pixels_per_row = get(b"Columns");
    let colors = get(b"Colors");
    let bits = std::cmp::max(8, params.get(b"BitsPerComponent").and_then(Object::as_i64).unwrap_or(8)) as usize;
    let bytes_per_pixel = colors * bits / 8;
    lopdf::filters::png::decode_frame(data.as_slice(), bytes_per_pixel, pixels_per_row).map_err(|e| DecodeError::Pdf(lopdf::Error::from(e)))
}

/// Loads a document like `Document::load_mem`, but inflates object streams
/// under the installed meter (lopdf would inflate them without a bound).
pub fn load_mem(bytes: &[u8]) -> lopdf::Result<lopdf::Document> {
    lopdf::Document::load_mem_with_options(bytes, lopdf::LoadOptions::with_filter(bound_object_streams))
}

// lopdf uses the filter's return value for objects inside object streams
// (never streams) and only its `None`-ness for top-level objects; an object
// stream is decoded here, in place, and then has no filter left to apply.
fn bound_object_streams(id: lopdf::ObjectId, object: &mut Object) -> Option<(lopdf::ObjectId, Object)> {
    // PATCH (21): nothing reads a TrueType font program, and the embedded
    // fonts can be most of a file's bytes.
    if matches!(object, Object::Stream(s) if is_truetype_program(&s.dict)) {
        *object = Object::Null;
        return Some((id, Object::Null));
    }
    if let Object::Stream(stream) = object {
        if stream.dict.has_type(b"ObjStm") && stream.filters().is_ok() {
            match decode_stream(stream) {
                Ok(data) => {
                    stream.dict.remove(b"DecodeParms");
                    stream.dict.remove(b"Filter");
                    stream.set_content(data);
                }
                // The meter has tripped; the caller reports it after loading.
                Err(DecodeError::Limit(_)) => stream.set_content(Vec::new()),
                Err(DecodeError::Pdf(_)) => {}
            }
        }
        return Some((id, Object::Null));
    }
    // PATCH (17): the structure tree of a tagged PDF is never read, and its
    // elements can be most of a file's objects (15,827 of 16,209 in one
    // corpus file, 17 MB parsed). They are kept as `null`, so the object
    // count, which tells a damaged file, does not change.
    // PATCH (20): so are the structure tree's attribute objects (a tagged
    // table's cell borders and spans), as many as its elements in a file
    // exported from a word processor.
    if let Object::Dictionary(dict) = object {
        if is_struct_elem(dict) || is_struct_attributes(dict) {
            *object = Object::Null;
            return Some((id, Object::Null));
        }
    }
    Some((id, object.clone()))
}

/// A structure element: `/Type /StructElem`, or (the type is optional) a
/// dictionary with a structure type `/S` and a parent reference `/P` and no
/// `/Type` or `/Subtype`, which annotations, actions, masks and groups have.
fn is_struct_elem(dict: &Dictionary) -> bool {
    if matches!(dict.get_opt(b"Type"), Some(Object::Name(n)) if n == b"StructElem") {
        return true;
    }
    !dict.has(b"Type")
        && !dict.has(b"Subtype")
        && matches!(dict.get_opt(b"S"), Some(Object::Name(_)))
        && matches!(dict.get_opt(b"P"), Some(Object::Reference(_)))
}

/// A TrueType font program (`/FontFile2`): `/Length1` (its length before
/// encoding) without a Type 1 program's `/Length2` and `/Length3`, and no
/// `/Type` or `/Subtype`, which every other stream with a `/Length1` has.
fn is_truetype_program(dict: &Dictionary) -> bool {
    dict.has(b"Length1")
        && !dict.has(b"Length2")
        && !dict.has(b"Length3")
        && !dict.has(b"Type")
        && !dict.has(b"Subtype")
}

/// An attribute object of the structure tree: an owner `/O` that is a name
/// (an encryption dictionary's `/O` is a string) and no `/Type`, `/Subtype`
/// or `/Filter`.
fn is_struct_attributes(dict: &Dictionary) -> bool {
    matches!(dict.get_opt(b"O"), Some(Object::Name(_)))
        && !dict.has(b"Type")
        && !dict.has(b"Subtype")
        && !dict.has(b"Filter")
}

/// Splits a content stream into pieces that each end after an operator at the
/// top level, none much longer than `chunk` bytes unless one operation is, so
/// that a huge stream is parsed (and held as operations) a piece at a time.
pub fn split_content(data: &[u8], chunk: usize) -> Vec<&[u8]> {
    if data.len() <= chunk {
        return vec![data];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let mut depth = 0i32;
    let n = data.len();
    while i < n {
        let c = data[i];
        match c {
            b'(' => i = skip_string(data, i),
            b'%' => {
                while i < n && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                depth += 1;
                i += 2;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                depth -= 1;
                i += 2;
            }
            b'<' => {
                while i < n && data[i] != b'>' {
                    i += 1;
                }
                i += 1;
            }
            b'[' => {
                depth += 1;
                i += 1;
            }
            b']' => {
                depth -= 1;
                i += 1;
            }
            c if c.is_ascii_whitespace() || c == b'/' || c == b'{' || c == b'}' || c == b')' => i += 1,
            _ => {
                let s = i;
                while i < n && !is_delimiter(data[i]) {
                    i += 1;
                }
                let token = &data[s..i];
                let is_operator = token[0].is_ascii_alphabetic() || token[0] == b'\'' || token[0] == b'"';
                let keyword = matches!(token, b"true" | b"false" | b"null");
                if s > 0 && data[s - 1] == b'/' || !is_operator || keyword {
                    continue;
                }
                if token == b"BI" {
                    i = skip_inline_image(data, i);
                }
                if depth <= 0 && i - start >= chunk && i < n {
                    pieces.push(&data[start..i]);
                    start = i;
                    depth = 0;
                }
            }
        }
    }
    pieces.push(&data[start.min(n)..]);
    pieces
}

fn is_delimiter(c: u8) -> bool {
    c.is_ascii_whitespace() || matches!(c, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// The index just past the literal string that starts at `i`.
fn skip_string(data: &[u8], mut i: usize) -> usize {
    let mut nesting = 0;
    while i < data.len() {
        match data[i] {
            b'\\' => i += 1,
            b'(' => nesting += 1,
            b')' => {
                nesting -= 1;
                if nesting == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    data.len()
}

/// The index just past the `EI` that ends the inline image whose `BI` ends at `i`.
fn skip_inline_image(data: &[u8], i: usize) -> usize {
    let rest = &data[i..];
    let end = rest
        .windows(4)
        .position(|w| w[0].is_ascii_whitespace() && &w[1..3] == b"EI" && w[3].is_ascii_whitespace())
        .map(|p| p + 3)
        .unwrap_or(rest.len());
    i + end
}

#[cfg(test)]
#[path = "budget_tests.rs"]
mod tests;
