//! Writes the display list as a PDF: one font subset shared by an Identity-H
//! Type0 font (with ToUnicode) and, when a layout asks for it, a GBK-EUC-H
//! Type0 font keyed by Adobe-GB1 CIDs (without ToUnicode, like old Word/WPS
//! output).

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};
use sha2::{Digest, Sha256};

use crate::font::{Font, Gbk, Subset, FAMILY};
use crate::render::{Face, Item, Page};

const IDENTITY: Name = Name(b"F1");
const GBK: Name = Name(b"F2");

fn deflate(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 9)
}

/// A six-letter subset tag derived from the glyph set, so it is stable.
fn tag(salt: &str, chars: &BTreeSet<char>) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    for c in chars {
        h.update(c.to_string().as_bytes());
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

pub fn write(pages: &[Page], font: &Font, gbk: Option<&Gbk>) -> Result<Vec<u8>> {
    let mut chars = BTreeSet::new();
    let mut gbk_chars = BTreeSet::new();
    for page in pages {
        for item in &page.items {
            if let Item::Text { face, text, .. } = item {
                chars.extend(text.chars());
                if *face == Face::Gbk {
                    gbk_chars.extend(text.chars());
                }
            }
        }
    }
    font.check_missing()?;
    let subset = Subset::new(font, &chars)?;

    // GBK bytes and CIDs of every character drawn with the GBK-EUC-H font.
    let mut gbk_codes: BTreeMap<char, (Vec<u8>, u16)> = BTreeMap::new();
    if !gbk_chars.is_empty() {
        let gbk =
            gbk.ok_or_else(|| anyhow::anyhow!("a GBK-EUC-H table needs the Adobe-GB1 CMaps"))?;
        for c in &gbk_chars {
            gbk_codes.insert(*c, gbk.encode(*c)?);
        }
    }

    let mut pdf = Pdf::new();
    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let catalog = alloc();
    let tree = alloc();
    let font_file = alloc();
    let identity = alloc();
    let identity_cid = alloc();
    let identity_desc = alloc();
    let to_unicode = alloc();
    let gbk_ids = (!gbk_codes.is_empty()).then(|| (alloc(), alloc(), alloc(), alloc()));
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc(), alloc())).collect();

    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().map(|(p, _)| *p))
        .count(pages.len() as i32);

    for (page, (page_id, content_id)) in pages.iter().zip(&page_ids) {
        let (w, h) = if page.rotate {
            (page.height, page.width)
        } else {
            (page.width, page.height)
        };
        let mut p = pdf.page(*page_id);
        p.media_box(Rect::new(0.0, 0.0, w, h))
            .parent(tree)
            .contents(*content_id);
        if page.rotate {
            p.rotate(90);
        }
        let mut res = p.resources();
        let mut fonts = res.fonts();
        fonts.pair(IDENTITY, identity);
        if let Some((gbk_font, ..)) = gbk_ids {
            fonts.pair(GBK, gbk_font);
        }
        fonts.finish();
        res.finish();
        p.finish();
        let content = content_stream(page, w, font, &subset, &gbk_codes);
        pdf.stream(*content_id, &deflate(&content))
            .filter(Filter::FlateDecode);
    }

    // The subset, shared by both fonts.
    pdf.stream(font_file, &deflate(&subset.data))
        .filter(Filter::FlateDecode)
        .pair(Name(b"Length1"), subset.data.len() as i32);

    let identity_name = format!("{}+{FAMILY}", tag("identity", &chars));
    descriptor(&mut pdf, font, identity_desc, &identity_name, font_file);
    pdf.type0_font(identity)
        .base_font(Name(identity_name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(identity_cid)
        .to_unicode(to_unicode);
    let mut by_gid: BTreeMap<u16, char> = BTreeMap::new();
    for c in &chars {
        by_gid.entry(subset.gid(font, *c)).or_insert(*c);
    }
    {
        let mut cid = pdf.cid_font(identity_cid);
        cid.subtype(CidFontType::Type2)
            .base_font(Name(identity_name.as_bytes()))
            .system_info(SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"Identity"),
                supplement: 0,
            })
            .font_descriptor(identity_desc)
            .default_width(1000.0);
        let mut widths = cid.widths();
        for (gid, c) in &by_gid {
            widths.consecutive(*gid, [font.advance(*c)]);
        }
        widths.finish();
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
    }
    let mut cmap = UnicodeCmap::new(
        Name(b"Custom"),
        SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"UCS"),
            supplement: 0,
        },
    );
    for (gid, c) in &by_gid {
        cmap.pair(*gid, *c);
    }
    let cmap = cmap.finish();
    pdf.stream(to_unicode, &deflate(&cmap))
        .filter(Filter::FlateDecode);

    if let Some((gbk_font, gbk_cid, gbk_desc, cid_to_gid)) = gbk_ids {
        let name = format!("{}+{FAMILY}", tag("gbk", &gbk_chars));
        descriptor(&mut pdf, font, gbk_desc, &name, font_file);
        pdf.type0_font(gbk_font)
            .base_font(Name(name.as_bytes()))
            .encoding_predefined(Name(b"GBK-EUC-H"))
            .descendant_font(gbk_cid);
        let by_cid: BTreeMap<u16, char> =
            gbk_codes.iter().map(|(c, (_, cid))| (*cid, *c)).collect();
        let mut cid = pdf.cid_font(gbk_cid);
        cid.subtype(CidFontType::Type2)
            .base_font(Name(name.as_bytes()))
            .system_info(SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"GB1"),
                supplement: 2,
            })
            .font_descriptor(gbk_desc)
            .default_width(1000.0);
        let mut widths = cid.widths();
        for (code, c) in &by_cid {
            widths.consecutive(*code, [font.advance(*c)]);
        }
        widths.finish();
        cid.cid_to_gid_map_stream(cid_to_gid);
        cid.finish();
        // CIDToGIDMap: two bytes per CID, from CID 0 to the largest used.
        let max = by_cid.keys().next_back().copied().unwrap_or(0) as usize;
        let mut map = vec![0u8; 2 * (max + 1)];
        for (code, c) in &by_cid {
            let gid = subset.gid(font, *c).to_be_bytes();
            map[2 * *code as usize..2 * *code as usize + 2].copy_from_slice(&gid);
        }
        pdf.stream(cid_to_gid, &deflate(&map))
            .filter(Filter::FlateDecode);
    }
    Ok(pdf.finish())
}

fn descriptor(pdf: &mut Pdf, font: &Font, id: Ref, name: &str, file: Ref) {
    let face = &font.face;
    let bbox = face.global_bounding_box();
    pdf.font_descriptor(id)
        .name(Name(name.as_bytes()))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            font.units(bbox.x_min),
            font.units(bbox.y_min),
            font.units(bbox.x_max),
            font.units(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(font.units(face.ascender()))
        .descent(font.units(face.descender()))
        .cap_height(font.units(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(80.0)
        .font_file2(file);
}

fn content_stream(
    page: &Page,
    media_width: f32,
    font: &Font,
    subset: &Subset,
    gbk: &BTreeMap<char, (Vec<u8>, u16)>,
) -> Vec<u8> {
    let mut c = Content::new();
    c.save_state();
    if page.rotate {
        // The reader turns the page clockwise; draw so that it then reads upright.
        c.transform([0.0, 1.0, -1.0, 0.0, media_width, 0.0]);
    }
    c.set_line_width(0.5);
    let mut in_text = false;
    let mut current: Option<(Face, f32)> = None;
    for item in &page.items {
        match item {
            Item::Text {
                x,
                y,
                size,
                face,
                text,
            } => {
                if !in_text {
                    c.begin_text();
                    in_text = true;
                    current = None;
                }
                if current != Some((*face, *size)) {
                    c.set_font(if *face == Face::Gbk { GBK } else { IDENTITY }, *size);
                    current = Some((*face, *size));
                }
                let bytes: Vec<u8> = match face {
                    Face::Identity => text
                        .chars()
                        .flat_map(|ch| subset.gid(font, ch).to_be_bytes())
                        .collect(),
                    Face::Gbk => text.chars().flat_map(|ch| gbk[&ch].0.clone()).collect(),
                };
                c.set_text_matrix([1.0, 0.0, 0.0, 1.0, round(*x), round(*y)]);
                c.show(Str(&bytes));
            }
            Item::Line { x1, y1, x2, y2 } => {
                if in_text {
                    c.end_text();
                    in_text = false;
                }
                c.move_to(round(*x1), round(*y1))
                    .line_to(round(*x2), round(*y2))
                    .stroke();
            }
            Item::Bar { x, y, w, h } => {
                if in_text {
                    c.end_text();
                    in_text = false;
                }
                c.rect(round(*x), round(*y), round(*w), round(*h))
                    .fill_even_odd();
            }
        }
    }
    if in_text {
        c.end_text();
    }
    c.restore_state();
    c.finish().to_vec()
}

/// Rounds to hundredths so the content stream is short and stable.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}
