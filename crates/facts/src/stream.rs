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

/// One token of the stream: its page, where the page holds it, where its
/// characters start in [`Stream::text`] and how many share its box. A
/// character's place is found from its token's, and the token's box from
/// the page, so none is copied (a long document holds millions).
#[derive(Debug, Clone, Copy)]
struct Run {
    page: u32,
    /// The page's index in [`Stream::pages`] and the token's in the page's
    /// tokens; [`NO_BOX`] for a token without a box.
    slot: (u32, u32),
    /// Byte offset of the first character (the text layer's output budget
    /// keeps a document's text far below 4 GiB).
    at: u32,
    chars: u32,
}

/// The slot of a token that has no box (a test's plain text).
const NO_BOX: (u32, u32) = (u32::MAX, u32::MAX);

/// Every visible token of the document in reading order, white space
/// removed and joined without separators (as the narrative blocks are), so
/// that wrapped sentences and numbers broken over lines read whole.
#[derive(Debug, Default)]
pub(crate) struct Stream<'p> {
    pub text: String,
    runs: Vec<Run>,
    pages: &'p [Page],
}

impl<'p> Stream<'p> {
    /// The stream of `pages`; a page with no visible token contributes its
    /// invisible ones (a scan with an OCR layer).
    pub fn of(pages: &'p [Page]) -> Stream<'p> {
        let mut s = Stream {
            pages,
            ..Stream::default()
        };
        // One reservation for the whole document: grown glyph by glyph, the
        // vectors were reallocated and copied a few dozen times.
        let tokens = || pages.iter().flat_map(|p| &p.tokens);
        s.text.reserve(tokens().map(|t| t.text.len()).sum());
        s.runs.reserve(tokens().count());
        for (pi, page) in pages.iter().enumerate() {
            let visible = page.tokens.iter().any(|t| !t.invisible);
            for (ti, t) in page.tokens.iter().enumerate() {
                if t.invisible != visible && !is_folio(&t.text) {
                    s.push_run(&t.text, page.number, (pi as u32, ti as u32));
                }
            }
        }
        s
    }

    /// A stream from plain text on one page, without boxes (for tests);
    /// words between spaces are tokens, so a folio can be dropped.
    #[cfg(test)]
    pub fn plain(text: &str, page: u32) -> Stream<'static> {
        let mut s = Stream::default();
        for word in text.split(' ').filter(|w| !is_folio(w)) {
            s.push_run(word, page, NO_BOX);
        }
        s
    }

    /// Appends one token's characters, white space removed.
    fn push_run(&mut self, text: &str, page: u32, slot: (u32, u32)) {
        let at = self.text.len() as u32;
        let mut chars = 0;
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            self.text.push(c);
            chars += 1;
        }
        self.runs.push(Run {
            page,
            slot,
            at,
            chars,
        });
    }

    /// The box of character `i` of run `r`: a token's glyph positions are
    /// not kept, so its width is shared evenly, close enough to point at a
    /// figure.
    fn glyph_box(&self, r: &Run, i: u32) -> [f64; 4] {
        let [x0, y0, x1, y1] = match r.slot {
            NO_BOX => [0.0; 4],
            (p, t) => {
                let b = self.pages[p as usize].tokens[t as usize].bbox;
                [b.x0, b.y0, b.x1, b.y1]
            }
        };
        let w = (x1 - x0) / f64::from(r.chars.max(1));
        let x = x0 + w * f64::from(i);
        [x, y0, x + w, y1]
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
        let mut b = self.glyph_box(r0, i0);
        for (_, r, i) in glyphs.take_while(|&(at, r, _)| at < end && r.page == page) {
            let gb = self.glyph_box(r, i);
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
