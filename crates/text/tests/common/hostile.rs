//! Hostile and damaged PDFs, built in memory (never committed): decompression
//! bombs, self-drawing forms, `/Parent` and `/Kids` cycles, `/Length` lies,
//! broken `/Contents`, truncations and xref damage.
//!
//! Shared by `tests/hostile.rs` and `examples/hostile.rs` (which writes a
//! few hundred variants to a folder for a batch run).
#![allow(dead_code)] // each user takes a different subset

use flate2::write::{DeflateEncoder, ZlibEncoder};
use flate2::Compression;
use std::io::Write;

/// What reading a hostile file must give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Read, with text (maybe with notes).
    Ok,
    /// Read, with the xref rebuilt.
    Recovered,
    /// Failed or stopped with this error kind (`limit`, `malformed`, ...).
    Kind(&'static str),
    /// Stopped by this budget.
    Budget(&'static str),
    /// Anything but a panic, within the budgets.
    NoPanic,
}

/// One generated file.
pub struct Case {
    pub name: String,
    pub bytes: Vec<u8>,
    pub expect: Expect,
}

/// A PDF written object by object, with a correct xref unless told otherwise.
pub struct Pdf {
    objects: Vec<(u32, Vec<u8>)>,
    root: u32,
}

impl Pdf {
    pub fn new(root: u32) -> Pdf {
        Pdf {
            objects: Vec::new(),
            root,
        }
    }

    /// Adds object `id` with a plain body (a dictionary or other object).
    pub fn obj(&mut self, id: u32, body: &str) -> &mut Pdf {
        self.objects.push((id, body.as_bytes().to_vec()));
        self
    }

    /// Adds a stream object with the given dictionary entries (without
    /// `/Length`, which is set from `data` unless `length` says otherwise).
    pub fn stream(&mut self, id: u32, dict: &str, data: &[u8], length: Option<&str>) -> &mut Pdf {
        let length = length.map_or_else(|| data.len().to_string(), str::to_string);
        let mut body = format!("<< {dict} /Length {length} >>\nstream\n").into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.objects.push((id, body));
        self
    }

    pub fn build(&self) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (id, body) in &self.objects {
            offsets.push((*id, out.len()));
            out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let size = self.objects.iter().map(|o| o.0).max().unwrap_or(0) + 1;
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f\r\n").as_bytes());
        for id in 1..size {
            match offsets.iter().find(|o| o.0 == id) {
                Some((_, off)) => {
                    out.extend_from_slice(format!("{off:010} 00000 n\r\n").as_bytes())
                }
                None => out.extend_from_slice(b"0000000000 00000 f\r\n"),
            }
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {size} /Root {} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                self.root
            )
            .as_bytes(),
        );
        out
    }
}

pub const FONT: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
pub const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (Hello hostile world) Tj ET";

/// A one-page document: catalog 1, pages 2, page 3, content 4, font 5.
pub fn simple(content: &[u8]) -> Pdf {
    let mut pdf = Pdf::new(1);
    pdf.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
        .obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>")
        .obj(
            3,
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        )
        .stream(4, "", content, None)
        .obj(5, FONT);
    pdf
}

/// `repeat` copies of `pattern`, zlib-compressed without materializing them:
/// one sync-flushed deflate segment of whole patterns, repeated. Each copy of
/// the segment is valid after another because the window it refers to holds
/// the same bytes.
pub fn zlib_repeated(pattern: &[u8], total: u64) -> Vec<u8> {
    let per_segment = ((1 << 20) / pattern.len()).max(1);
    let segment_plain: Vec<u8> = pattern.repeat(per_segment);
    let mut enc = DeflateEncoder::new(Vec::new(), Compression::best());
    enc.write_all(&segment_plain).unwrap();
    enc.flush().unwrap();
    let segment = enc.get_ref().clone();
    let count = (total / segment_plain.len() as u64).max(1);
    let mut out = vec![0x78, 0xda];
    for _ in 0..count {
        out.extend_from_slice(&segment);
    }
    // A final, empty fixed-Huffman block, then the Adler-32 of the data.
    out.extend_from_slice(&[0x03, 0x00]);
    // Adler-32 one segment at a time: a segment of length `len`, byte sum
    // `sum` and weighted sum `weighted` turns (a, b) into
    // (a + sum, b + len * a + weighted).
    let len = segment_plain.len() as u64;
    let (mut sum, mut weighted) = (0u64, 0u64);
    for (i, &byte) in segment_plain.iter().enumerate() {
        sum = (sum + u64::from(byte)) % 65521;
        weighted = (weighted + u64::from(byte) * (len - i as u64)) % 65521;
    }
    let (mut a, mut b) = (1u64, 0u64);
    for _ in 0..count {
        b = (b + len % 65521 * a + weighted) % 65521;
        a = (a + sum) % 65521;
    }
    out.extend_from_slice(&(((b << 16) | a) as u32).to_be_bytes());
    out
}

pub fn zlib(data: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// A page whose content inflates to `total` bytes of path operators.
pub fn content_bomb(total: u64) -> Vec<u8> {
    let data = zlib_repeated(b"0 0 m 1 1 l S\n", total);
    let mut pdf = simple(b"");
    pdf.objects.retain(|o| o.0 != 4);
    pdf.stream(4, "/Filter /FlateDecode", &data, None);
    pdf.build()
}

/// A page whose content inflates to `total` zero bytes.
pub fn zero_content_bomb(total: u64) -> Vec<u8> {
    let data = zlib_repeated(&[0], total);
    let mut pdf = simple(b"");
    pdf.objects.retain(|o| o.0 != 4);
    pdf.stream(4, "/Filter /FlateDecode", &data, None);
    pdf.build()
}

/// A TrueType font whose `FontFile2` inflates to `total` zero bytes.
pub fn fontfile2_bomb(total: u64) -> Vec<u8> {
    let data = zlib_repeated(&[0], total);
    let mut pdf = simple(TEXT);
    pdf.objects.retain(|o| o.0 != 5);
    pdf.obj(
        5,
        "<< /Type /Font /Subtype /TrueType /BaseFont /Bomb /FirstChar 32 /LastChar 126 \
         /Widths [] /FontDescriptor 6 0 R >>",
    )
    .obj(
        6,
        "<< /Type /FontDescriptor /FontName /Bomb /Flags 32 /FontBBox [0 0 1000 1000] \
         /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>",
    )
    .stream(7, "/Filter /FlateDecode", &data, None);
    pdf.build()
}

/// A font whose `ToUnicode` CMap inflates to `total` zero bytes.
pub fn tounicode_bomb(total: u64) -> Vec<u8> {
    let data = zlib_repeated(&[0], total);
    let mut pdf = simple(TEXT);
    pdf.objects.retain(|o| o.0 != 5);
    pdf.obj(
        5,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
    )
    .stream(6, "/Filter /FlateDecode", &data, None);
    pdf.build()
}

/// A page that draws form `/X0`, which draws itself `fanout` times.
pub fn self_drawing_form(fanout: usize) -> Vec<u8> {
    let mut pdf = simple(b"/X0 Do");
    pdf.objects.retain(|o| o.0 != 3);
    pdf.obj(
        3,
        "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> /XObject << /X0 6 0 R >> >> \
         /Contents 4 0 R >>",
    );
    let body = format!(
        "{} {}",
        "/X0 Do ".repeat(fanout),
        std::str::from_utf8(TEXT).unwrap()
    );
    pdf.stream(
        6,
        "/Type /XObject /Subtype /Form /BBox [0 0 612 792] \
         /Resources << /Font << /F1 5 0 R >> /XObject << /X0 6 0 R >> >>",
        body.as_bytes(),
        None,
    );
    pdf.build()
}

/// A page whose `/Parent` chain loops; `MediaBox` is missing, so a lookup
/// climbs the loop.
pub fn parent_cycle(with_resources: bool) -> Vec<u8> {
    let mut pdf = Pdf::new(1);
    let resources = if with_resources {
        "/Resources << /Font << /F1 5 0 R >> >>"
    } else {
        ""
    };
    pdf.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
        .obj(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 6 0 R >>")
        .obj(
            3,
            &format!("<< /Type /Page /Parent 2 0 R {resources} /Contents 4 0 R >>"),
        )
        .stream(4, "", TEXT, None)
        .obj(5, FONT)
        .obj(6, "<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>");
    pdf.build()
}

/// A page tree whose `/Kids` list the tree itself.
pub fn kids_cycle() -> Vec<u8> {
    let mut pdf = simple(TEXT);
    pdf.objects.retain(|o| o.0 != 2);
    pdf.obj(
        2,
        "<< /Type /Pages /Kids [3 0 R 2 0 R 3 0 R] /Count 3 /MediaBox [0 0 612 792] >>",
    );
    pdf.build()
}

/// The content stream's `/Length` is `length` (a lie) while the data is sound.
pub fn length_lie(length: &str) -> Vec<u8> {
    let mut pdf = simple(b"");
    pdf.objects.retain(|o| o.0 != 4);
    pdf.stream(4, "", TEXT, Some(length));
    // Object 6 is the target of reference lies: `6 0 R` pointing at itself.
    pdf.obj(6, "6 0 R");
    pdf.build()
}

/// The content stream's `/Length` is too long and its `endstream` is gone, so
/// neither lopdf nor a rebuilt xref can find where its data ends.
pub fn length_lie_without_endstream() -> Vec<u8> {
    let mut pdf = length_lie("999999");
    let at = find(&pdf, b"endstream").unwrap();
    pdf[at..at + 9].copy_from_slice(b"endstrXam");
    pdf
}

/// `/Contents` is `contents` instead of `4 0 R`.
pub fn contents_lie(contents: &str) -> Vec<u8> {
    let mut pdf = simple(TEXT);
    pdf.objects.retain(|o| o.0 != 3);
    pdf.obj(
        3,
        &format!(
            "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents {contents} >>"
        ),
    );
    pdf.obj(7, "[7 0 R]");
    pdf.build()
}

/// A long page of text, for truncation and xref damage.
pub fn long_text(pages: usize) -> Vec<u8> {
    let mut pdf = Pdf::new(1);
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 10 + 2 * i)).collect();
    pdf.obj(1, "<< /Type /Catalog /Pages 2 0 R >>")
        .obj(
            2,
            &format!(
                "<< /Type /Pages /Kids [{}] /Count {pages} /MediaBox [0 0 612 792] >>",
                kids.join(" ")
            ),
        )
        .obj(5, FONT);
    for i in 0..pages {
        let id = 10 + 2 * i as u32;
        pdf.obj(
            id,
            &format!(
                "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents {} 0 R >>",
                id + 1
            ),
        );
        let mut content = String::from("BT /F1 10 Tf 72 740 Td 12 TL\n");
        for line in 0..40 {
            content.push_str(&format!(
                "T* (Page {i} line {line} of the damaged test text) Tj\n"
            ));
        }
        content.push_str("ET");
        pdf.stream(
            id + 1,
            "/Filter /FlateDecode",
            &zlib(content.as_bytes()),
            None,
        );
    }
    pdf.build()
}

/// Every `startxref` offset moved by `delta` bytes.
pub fn shift_startxref(pdf: &[u8], delta: i64) -> Vec<u8> {
    let at = pdf.windows(10).rposition(|w| w == b"startxref\n").unwrap() + 10;
    let end = at + pdf[at..].iter().position(|&c| c == b'\n').unwrap();
    let value: i64 = std::str::from_utf8(&pdf[at..end]).unwrap().parse().unwrap();
    let mut out = pdf[..at].to_vec();
    out.extend_from_slice((value + delta).max(0).to_string().as_bytes());
    out.extend_from_slice(&pdf[end..]);
    out
}

/// The small hostile set, with default-budget expectations.
pub fn small_set() -> Vec<Case> {
    let case = |name: &str, bytes: Vec<u8>, expect: Expect| Case {
        name: name.to_string(),
        bytes,
        expect,
    };
    let long = long_text(6);
    vec![
        case(
            "content_bomb_1g.pdf",
            content_bomb(1 << 30),
            Expect::Budget("stream_bytes"),
        ),
        case(
            "zero_content_bomb_1g.pdf",
            zero_content_bomb(1 << 30),
            Expect::Budget("stream_bytes"),
        ),
        // A TrueType program is never inflated (pdf-extract PATCH 21), so
        // the bomb costs nothing; the font's empty `/Widths` is then the
        // page's error.
        case(
            "fontfile2_bomb_1g.pdf",
            fontfile2_bomb(1 << 30),
            Expect::Kind("content"),
        ),
        case(
            "tounicode_bomb_1g.pdf",
            tounicode_bomb(1 << 30),
            Expect::Budget("stream_bytes"),
        ),
        case(
            "self_drawing_form_4.pdf",
            self_drawing_form(4),
            Expect::Budget("xobjects"),
        ),
        case(
            "self_drawing_form_10.pdf",
            self_drawing_form(10),
            Expect::Budget("xobjects"),
        ),
        case("parent_cycle.pdf", parent_cycle(true), Expect::Ok),
        case(
            "parent_cycle_no_resources.pdf",
            parent_cycle(false),
            Expect::Kind("no_text_layer"),
        ),
        case("kids_cycle.pdf", kids_cycle(), Expect::Ok),
        case(
            "length_huge.pdf",
            length_lie("999999999"),
            Expect::Recovered,
        ),
        case("length_negative.pdf", length_lie("-5"), Expect::Recovered),
        case("length_short.pdf", length_lie("7"), Expect::Recovered),
        case(
            "length_reference_cycle.pdf",
            length_lie("6 0 R"),
            Expect::Recovered,
        ),
        case(
            "length_huge_without_endstream.pdf",
            length_lie_without_endstream(),
            Expect::Kind("malformed"),
        ),
        case(
            "contents_is_the_page.pdf",
            contents_lie("3 0 R"),
            Expect::Kind("malformed"),
        ),
        case(
            "contents_missing_object.pdf",
            contents_lie("99 0 R"),
            Expect::Kind("malformed"),
        ),
        case(
            "contents_array_cycle.pdf",
            contents_lie("7 0 R"),
            Expect::Kind("malformed"),
        ),
        case(
            "contents_is_a_number.pdf",
            contents_lie("42"),
            Expect::Kind("malformed"),
        ),
        case(
            "truncated_60.pdf",
            long[..long.len() * 6 / 10].to_vec(),
            Expect::Recovered,
        ),
        case(
            "truncated_no_eof.pdf",
            long[..long.len() - 7].to_vec(),
            Expect::Recovered,
        ),
        case(
            "startxref_shifted.pdf",
            shift_startxref(&long, 17),
            Expect::Recovered,
        ),
        case(
            "startxref_past_end.pdf",
            shift_startxref(&long, 1 << 20),
            Expect::Recovered,
        ),
        case(
            "no_xref.pdf",
            long[..find(&long, b"xref\n").unwrap()].to_vec(),
            Expect::Recovered,
        ),
    ]
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A deterministic generator (xorshift), so a batch can be rebuilt exactly.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `count` damaged variants of the small set and of a long document: the
/// small set itself, then truncations, byte flips, cut and duplicated chunks
/// and shifted offsets, chosen by `seed`.
pub fn big_set(count: usize, seed: u64) -> Vec<Case> {
    let mut rng = Rng::new(seed);
    let mut bases: Vec<Vec<u8>> = vec![
        long_text(3),
        long_text(12),
        self_drawing_form(3),
        kids_cycle(),
    ];
    let mut cases = small_set();
    bases.extend(
        cases
            .iter()
            .filter(|c| c.bytes.len() < 1 << 16)
            .map(|c| c.bytes.clone()),
    );
    let mut i = 0;
    while cases.len() < count {
        let base = &bases[rng.below(bases.len())];
        let mut b = base.clone();
        let kind = rng.below(6);
        let label = match kind {
            0 => {
                b.truncate(16 + rng.below(b.len()));
                "trunc"
            }
            1 => {
                for _ in 0..1 + rng.below(16) {
                    let p = rng.below(b.len());
                    b[p] ^= 1 << rng.below(8);
                }
                "flip"
            }
            2 => {
                let p = rng.below(b.len());
                let n = rng.below(400).min(b.len() - p);
                b.drain(p..p + n);
                "cut"
            }
            3 => {
                let p = rng.below(b.len());
                let n = rng.below(400).min(b.len() - p);
                let chunk = b[p..p + n].to_vec();
                b.splice(p..p, chunk);
                "dup"
            }
            4 => {
                let nl = b.iter().position(|&c| c == b'\n').unwrap_or(0) + 1;
                let pad = vec![b' '; 1 + rng.below(200)];
                b.splice(nl..nl, pad);
                "shift"
            }
            _ => {
                let p = rng.below(b.len());
                b[p..].iter_mut().for_each(|c| *c = b'0');
                "zeros"
            }
        };
        cases.push(Case {
            name: format!("{label}_{i:04}.pdf"),
            bytes: b,
            expect: Expect::NoPanic,
        });
        i += 1;
    }
    cases
}
