//! The text layer as one string with a place for every character, so a
//! value found in the prose keeps its page and box.

use juesuan_text::Page;

/// Whether a token is a page number printed between dashes (`—5—`,
/// `- 12 -`): a sentence broken over a page reads on without it.
pub(crate) fn is_folio(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let dashes = ['—', '-', '－', '–'];
    let core = t.trim_matches(|c| dashes.contains(&c));
    t.chars().next().is_some_and(|c| dashes.contains(&c))
        && t.chars().last().is_some_and(|c| dashes.contains(&c))
        && !core.is_empty()
        && core.chars().all(|c| c.is_ascii_digit())
}

/// Where one character was printed.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    /// Byte offset of the character in [`Stream::text`].
    at: usize,
    page: u32,
    bbox: [f64; 4],
}

/// Every visible token of the document in reading order, white space
/// removed and joined without separators (as the narrative blocks are), so
/// that wrapped sentences and numbers broken over lines read whole.
#[derive(Debug, Default)]
pub(crate) struct Stream {
    pub text: String,
    glyphs: Vec<Glyph>,
}

impl Stream {
    /// The stream of `pages`; a page with no visible token contributes its
    /// invisible ones (a scan with an OCR layer).
    pub fn of(pages: &[Page]) -> Stream {
        let mut s = Stream::default();
        // One reservation for the whole document: grown glyph by glyph, the
        // vectors were reallocated and copied a few dozen times.
        let tokens = || pages.iter().flat_map(|p| &p.tokens);
        s.text.reserve(tokens().map(|t| t.text.len()).sum());
        s.glyphs
            .reserve(tokens().map(|t| t.text.chars().count()).sum());
        for page in pages {
            let visible = page.tokens.iter().any(|t| !t.invisible);
            for t in page
                .tokens
                .iter()
                .filter(|t| t.invisible != visible && !is_folio(&t.text))
            {
                let chars = || t.text.chars().filter(|c| !c.is_whitespace());
                let n = chars().count().max(1) as f64;
                let w = (t.bbox.x1 - t.bbox.x0) / n;
                for (i, c) in chars().enumerate() {
                    // A token's glyph positions are not kept; its width is
                    // shared evenly, close enough to point at a figure.
                    let x0 = t.bbox.x0 + w * i as f64;
                    s.push(c, page.number, [x0, t.bbox.y0, x0 + w, t.bbox.y1]);
                }
            }
        }
        s
    }

    /// A stream from plain text on one page, without boxes (for tests);
    /// words between spaces are tokens, so a folio can be dropped.
    #[cfg(test)]
    pub fn plain(text: &str, page: u32) -> Stream {
        let mut s = Stream::default();
        for word in text.split(' ').filter(|w| !is_folio(w)) {
            for c in word.chars().filter(|c| !c.is_whitespace()) {
                s.push(c, page, [0.0; 4]);
            }
        }
        s
    }

    fn push(&mut self, c: char, page: u32, bbox: [f64; 4]) {
        self.glyphs.push(Glyph {
            at: self.text.len(),
            page,
            bbox,
        });
        self.text.push(c);
    }

    /// The page and box of the bytes `start..end` (the first glyph's page;
    /// the box joins the glyphs on that page).
    pub fn locate(&self, start: usize, end: usize) -> (u32, Option<[f64; 4]>) {
        let first = self.glyphs.partition_point(|g| g.at < start);
        let Some(g0) = self.glyphs.get(first) else {
            return (0, None);
        };
        let mut b = g0.bbox;
        for g in self.glyphs[first..]
            .iter()
            .take_while(|g| g.at < end && g.page == g0.page)
        {
            b = [
                b[0].min(g.bbox[0]),
                b[1].min(g.bbox[1]),
                b[2].max(g.bbox[2]),
                b[3].max(g.bbox[3]),
            ];
        }
        let bbox = (b != [0.0; 4]).then_some(b);
        (g0.page, bbox)
    }
}
