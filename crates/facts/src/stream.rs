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

/// One token of the stream: its page, its box, where its characters start
/// in [`Stream::text`] and how many share the box. A character's place is
/// found from its token's, so none is stored per character (a long
/// document holds millions).
#[derive(Debug, Clone, Copy)]
struct Run {
    page: u32,
    bbox: [f64; 4],
    /// Byte offset of the first character (the text layer's output budget
    /// keeps a document's text far below 4 GiB).
    at: u32,
    chars: u32,
}

impl Run {
    /// The box of character `i`: a token's glyph positions are not kept,
    /// so its width is shared evenly, close enough to point at a figure.
    fn glyph_box(&self, i: u32) -> [f64; 4] {
        let [x0, y0, x1, y1] = self.bbox;
        let w = (x1 - x0) / f64::from(self.chars.max(1));
        let x = x0 + w * f64::from(i);
        [x, y0, x + w, y1]
    }
}

/// Every visible token of the document in reading order, white space
/// removed and joined without separators (as the narrative blocks are), so
/// that wrapped sentences and numbers broken over lines read whole.
#[derive(Debug, Default)]
pub(crate) struct Stream {
    pub text: String,
    runs: Vec<Run>,
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
        s.runs.reserve(tokens().count());
        for page in pages {
            let visible = page.tokens.iter().any(|t| !t.invisible);
            for t in page
                .tokens
                .iter()
                .filter(|t| t.invisible != visible && !is_folio(&t.text))
            {
                let b = [t.bbox.x0, t.bbox.y0, t.bbox.x1, t.bbox.y1];
                s.push_run(&t.text, page.number, b);
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
            s.push_run(word, page, [0.0; 4]);
        }
        s
    }

    /// Appends one token's characters, white space removed.
    fn push_run(&mut self, text: &str, page: u32, bbox: [f64; 4]) {
        let at = self.text.len() as u32;
        let mut chars = 0;
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            self.text.push(c);
            chars += 1;
        }
        self.runs.push(Run {
            page,
            bbox,
            at,
            chars,
        });
    }

    /// Every character from the first at or after byte `start` on: its
    /// byte offset, its token and its index there.
    fn glyphs_from(&self, start: usize) -> impl Iterator<Item = (usize, &Run, u32)> + '_ {
        // The first token that ends after `start`; an empty one ends where it starts.
        let first = self.runs.partition_point(|r| {
            let len = self.text[r.at as usize..]
                .chars()
                .take(r.chars as usize)
                .map(char::len_utf8)
                .sum::<usize>();
            r.at as usize + len <= start
        });
        self.runs[first..].iter().flat_map(move |r| {
            let text = &self.text[r.at as usize..];
            text.char_indices()
                .take(r.chars as usize)
                .zip(0..)
                .map(move |((o, _), i)| (r.at as usize + o, r, i))
                .filter(move |&(at, _, _)| at >= start)
        })
    }

    /// The page and box of the bytes `start..end` (the first glyph's page;
    /// the box joins the glyphs on that page).
    pub fn locate(&self, start: usize, end: usize) -> (u32, Option<[f64; 4]>) {
        let mut glyphs = self.glyphs_from(start).peekable();
        let Some(&(_, r0, i0)) = glyphs.peek() else {
            return (0, None);
        };
        let page = r0.page;
        let mut b = r0.glyph_box(i0);
        for (_, r, i) in glyphs.take_while(|&(at, r, _)| at < end && r.page == page) {
            let gb = r.glyph_box(i);
            b = [
                b[0].min(gb[0]),
                b[1].min(gb[1]),
                b[2].max(gb[2]),
                b[3].max(gb[3]),
            ];
        }
        let bbox = (b != [0.0; 4]).then_some(b);
        (page, bbox)
    }
}
