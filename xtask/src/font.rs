//! The CJK font: metrics for layout, the subset to embed, and the Adobe-GB1
//! tables behind the GBK-EUC-H (predefined CMap) font.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

/// Where Debian's fonts-wqy-microhei puts the font.
const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
/// Where Debian's poppler-data puts the Adobe-GB1 CMaps.
const DEFAULT_CMAPS: &str = "/usr/share/poppler/cMap/Adobe-GB1";

/// The PostScript name given to both embedded fonts (with distinct subset tags).
pub const FAMILY: &str = "WenQuanYiMicroHei";

/// Paths of the tools the generator needs, overridable for unusual systems.
pub fn font_path() -> PathBuf {
    std::env::var_os("JUESUAN_FIXTURE_FONT")
        .map_or_else(|| PathBuf::from(DEFAULT_FONT), PathBuf::from)
}

pub fn cmap_dir() -> PathBuf {
    std::env::var_os("JUESUAN_FIXTURE_CMAPS")
        .map_or_else(|| PathBuf::from(DEFAULT_CMAPS), PathBuf::from)
}

/// The font face with the bookkeeping of which characters were measured.
pub struct Font<'a> {
    pub data: &'a [u8],
    pub face: Face<'a>,
    missing: RefCell<BTreeSet<char>>,
}

impl<'a> Font<'a> {
    /// Parses face 0 of the collection (WenQuanYi Micro Hei, not its Mono twin).
    pub fn parse(data: &'a [u8]) -> Result<Self> {
        let face = Face::parse(data, 0).context("parsing the font")?;
        Ok(Font {
            data,
            face,
            missing: RefCell::new(BTreeSet::new()),
        })
    }

    pub fn glyph(&self, c: char) -> Option<GlyphId> {
        self.face.glyph_index(c)
    }

    /// Advance of `c` in thousandths of an em; a missing glyph is recorded.
    pub fn advance(&self, c: char) -> f32 {
        let gid = match self.glyph(c) {
            Some(g) => g,
            None => {
                self.missing.borrow_mut().insert(c);
                GlyphId(0)
            }
        };
        self.gid_advance(gid)
    }

    pub fn gid_advance(&self, gid: GlyphId) -> f32 {
        let adv = self.face.glyph_hor_advance(gid).unwrap_or(0);
        (f32::from(adv) * 1000.0 / f32::from(self.face.units_per_em())).round()
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(c)).sum::<f32>() * size / 1000.0
    }

    /// Fails if any measured character has no glyph in the font.
    pub fn check_missing(&self) -> Result<()> {
        let missing = self.missing.borrow();
        if !missing.is_empty() {
            bail!(
                "the font has no glyph for {:?}",
                missing.iter().collect::<String>()
            );
        }
        Ok(())
    }

    /// Scales a font-unit value to thousandths of an em.
    pub fn units(&self, v: i16) -> f32 {
        (f32::from(v) * 1000.0 / f32::from(self.face.units_per_em())).round()
    }
}

/// The subset shared by the Identity-H font and the GBK-EUC-H font.
pub struct Subset {
    pub data: Vec<u8>,
    remapper: GlyphRemapper,
}

impl Subset {
    /// Subsets the font to the glyphs of `chars`.
    pub fn new(font: &Font, chars: &BTreeSet<char>) -> Result<Self> {
        let mut gids: Vec<u16> = chars
            .iter()
            .filter_map(|c| font.glyph(*c))
            .map(|g| g.0)
            .collect();
        gids.sort_unstable();
        let remapper = GlyphRemapper::new_from_glyphs_sorted(&gids);
        let data = subsetter::subset(font.data, 0, &remapper)
            .map_err(|e| anyhow::anyhow!("subsetting the font: {e:?}"))?;
        Ok(Subset { data, remapper })
    }

    /// The glyph id of `c` in the subset.
    pub fn gid(&self, font: &Font, c: char) -> u16 {
        font.glyph(c)
            .and_then(|g| self.remapper.get(g.0))
            .unwrap_or(0)
    }
}

/// Code → CID of the GBK-EUC-H CMap and CID → Unicode of Adobe-GB1-UCS2.
pub struct Gbk {
    /// (first code, last code, byte length, first CID).
    ranges: Vec<(u32, u32, usize, u16)>,
    to_unicode: BTreeMap<u16, String>,
}

impl Gbk {
    pub fn load(dir: &Path) -> Result<Self> {
        let cmap = std::fs::read_to_string(dir.join("GBK-EUC-H"))
            .with_context(|| format!("reading GBK-EUC-H in {}", dir.display()))?;
        if cmap.contains("usecmap") {
            bail!("GBK-EUC-H uses another CMap; this generator does not follow usecmap");
        }
        let mut ranges = Vec::new();
        for section in sections(&cmap, "begincidrange", "endcidrange") {
            for line in section.lines() {
                let parts: Vec<&str> = line.split_whitespace().collect();
                if let [lo, hi, cid] = parts[..] {
                    let (lo, n) = hex(lo)?;
                    let (hi, _) = hex(hi)?;
                    ranges.push((lo, hi, n, cid.parse()?));
                }
            }
        }
        for section in sections(&cmap, "begincidchar", "endcidchar") {
            for line in section.lines() {
                let parts: Vec<&str> = line.split_whitespace().collect();
                if let [code, cid] = parts[..] {
                    let (code, n) = hex(code)?;
                    ranges.push((code, code, n, cid.parse()?));
                }
            }
        }
        let ucs2 = std::fs::read_to_string(dir.join("Adobe-GB1-UCS2"))
            .with_context(|| format!("reading Adobe-GB1-UCS2 in {}", dir.display()))?;
        let mut to_unicode = BTreeMap::new();
        for section in sections(&ucs2, "beginbfchar", "endbfchar") {
            for line in section.lines() {
                let parts: Vec<&str> = line.split_whitespace().collect();
                if let [cid, uni] = parts[..] {
                    to_unicode.insert(hex(cid)?.0 as u16, utf16_hex(uni)?);
                }
            }
        }
        for section in sections(&ucs2, "beginbfrange", "endbfrange") {
            for line in section.lines() {
                let parts: Vec<&str> = line.split_whitespace().collect();
                if let [lo, hi, uni] = parts[..] {
                    let (lo, _) = hex(lo)?;
                    let (hi, _) = hex(hi)?;
                    let first = utf16_hex(uni)?;
                    let base = first.chars().next().map_or(0, u32::from);
                    for cid in lo..=hi {
                        if let Some(c) = char::from_u32(base + cid - lo) {
                            to_unicode.insert(cid as u16, c.to_string());
                        }
                    }
                }
            }
        }
        Ok(Gbk { ranges, to_unicode })
    }

    /// GBK bytes and Adobe-GB1 CID of `c`, checked to map back to `c`.
    pub fn encode(&self, c: char) -> Result<(Vec<u8>, u16)> {
        let s = c.to_string();
        let (bytes, _, bad) = encoding_rs::GBK.encode(&s);
        if bad {
            bail!("{c:?} has no GBK code");
        }
        let code = bytes.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
        let cid = self
            .ranges
            .iter()
            .find(|(lo, hi, n, _)| *n == bytes.len() && (*lo..=*hi).contains(&code))
            .map(|(lo, _, _, cid)| cid + (code - lo) as u16)
            .with_context(|| format!("{c:?} (GBK {code:X}) has no CID in GBK-EUC-H"))?;
        // A reader maps the CID back through Adobe-GB1-UCS2; refuse characters it would get wrong.
        match self.to_unicode.get(&cid) {
            Some(u) if *u == s => Ok((bytes.into_owned(), cid)),
            other => bail!("{c:?} → CID {cid} reads back as {other:?}"),
        }
    }
}

fn sections<'t>(text: &'t str, begin: &str, end: &str) -> Vec<&'t str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(begin) {
        let after = &rest[i + begin.len()..];
        let j = after.find(end).unwrap_or(after.len());
        out.push(&after[..j]);
        rest = &after[j..];
    }
    out
}

/// Parses `<hex>` into its value and byte length.
fn hex(s: &str) -> Result<(u32, usize)> {
    let h = s.trim_start_matches('<').trim_end_matches('>');
    Ok((
        u32::from_str_radix(h, 16).with_context(|| format!("bad hex {s}"))?,
        h.len() / 2,
    ))
}

fn utf16_hex(s: &str) -> Result<String> {
    let h = s.trim_start_matches('<').trim_end_matches('>');
    let units: Vec<u16> = (0..h.len() / 4)
        .map(|i| u16::from_str_radix(&h[i * 4..i * 4 + 4], 16))
        .collect::<Result<_, _>>()?;
    Ok(String::from_utf16_lossy(&units))
}
