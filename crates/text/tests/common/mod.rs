//! Helpers shared by the integration tests of juesuan-text.
#![allow(
    dead_code,
    reason = "each test binary uses a different subset; expect would fail where one uses all"
)]

pub mod hostile;

use juesuan_text::{Orientation, Page, Ruling, Token};
use lopdf::content::Content;
use lopdf::{dictionary, Document, Object, ObjectId, Stream};
use std::path::{Path, PathBuf};

/// Why a corpus test cannot run: it is `#[ignore]`d by default and fails,
/// rather than passing unseen, when run without the corpus.
pub const NO_CORPUS: &str = "the shared corpus is not here: set JUESUAN_CORPUS to its pdfs folder";

/// The shared corpus of real PDFs: `$JUESUAN_CORPUS` when set, else the first
/// `shared/corpus/pdfs` found walking up from this crate. `None` when absent;
/// the corpus tests are `#[ignore]`d so CI, which has no corpus, reports them
/// as ignored.
pub fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("JUESUAN_CORPUS") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let mut dir = Some(Path::new(env!("CARGO_MANIFEST_DIR")));
    while let Some(d) = dir {
        let candidate = d.join("shared/corpus/pdfs");
        if candidate.is_dir() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// A file of the corpus; panics when the corpus or the file is not there.
pub fn corpus_file(name: &str) -> PathBuf {
    let path = corpus_dir().expect(NO_CORPUS).join(name);
    assert!(path.is_file(), "{} is not in the corpus", path.display());
    path
}

/// The repository's `testdata/` folder.
pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata")
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("juesuan-text-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Asserts `actual` is within `tol` of `expected`, naming what is compared.
#[track_caller]
pub fn assert_near(what: &str, actual: f64, expected: f64, tol: f64) {
    assert!(
        (actual - expected).abs() <= tol,
        "{what}: got {actual:.3}, expected {expected:.3} ± {tol}"
    );
}

/// The token whose text is exactly `text` and whose box starts nearest
/// `(x0, y0)`; panics with the page's tokens when there is none.
#[track_caller]
pub fn token_at<'a>(page: &'a Page, text: &str, x0: f64, y0: f64) -> &'a Token {
    tokens_where(page, |t| t.text == text, x0, y0)
}

/// Like [`token_at`] with a predicate on the text.
#[track_caller]
pub fn tokens_where(page: &Page, pred: impl Fn(&Token) -> bool, x0: f64, y0: f64) -> &Token {
    page.tokens
        .iter()
        .filter(|t| pred(t))
        .min_by(|a, b| {
            let da = (a.bbox.x0 - x0).abs() + (a.bbox.y0 - y0).abs();
            let db = (b.bbox.x0 - x0).abs() + (b.bbox.y0 - y0).abs();
            da.total_cmp(&db)
        })
        .unwrap_or_else(|| panic!("no such token on page {}:\n{}", page.number, dump(page)))
}

/// Asserts a token's box against pdftotext's word box (`xMin yMin xMax yMax`,
/// top-left origin, points). Our box is an em box (0.88 above, 0.12 below the
/// baseline) and pdftotext uses the font's ascent/descent, so `y` agrees only
/// within a couple of points.
#[track_caller]
pub fn assert_box(t: &Token, x_min: f64, y_min: f64, x_max: f64, y_max: f64) {
    let tol = 2.0;
    assert_near(&format!("{:?} x0", t.text), t.bbox.x0, x_min, tol);
    assert_near(&format!("{:?} y0", t.text), t.bbox.y0, y_min, tol);
    assert_near(&format!("{:?} x1", t.text), t.bbox.x1, x_max, tol);
    assert_near(&format!("{:?} y1", t.text), t.bbox.y1, y_max, tol);
}

/// The rulings of one orientation, sorted by position.
pub fn rulings(page: &Page, o: Orientation) -> Vec<Ruling> {
    let mut v: Vec<Ruling> = page
        .rulings
        .iter()
        .filter(|r| r.orientation == o)
        .copied()
        .collect();
    v.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    v
}

/// A readable listing of a page, for failure messages.
pub fn dump(page: &Page) -> String {
    let mut s = format!(
        "page {} {:.1}x{:.1} rotation {} text_rotation {}\n",
        page.number, page.width, page.height, page.rotation, page.text_rotation
    );
    for t in &page.tokens {
        s += &format!(
            "  ({:7.2},{:7.2})-({:7.2},{:7.2}) {:5.2}{} {:?}\n",
            t.bbox.x0,
            t.bbox.y0,
            t.bbox.x1,
            t.bbox.y1,
            t.font_size,
            if t.invisible { " invisible" } else { "" },
            t.text
        );
    }
    for r in &page.rulings {
        s += &format!("  {r:?}\n");
    }
    s
}

/// One page of a generated PDF.
pub struct PageSpec {
    /// Content stream source (PDF operators).
    pub content: String,
    /// `/Rotate`, when set.
    pub rotate: Option<i64>,
    /// `/MediaBox`.
    pub media_box: [f64; 4],
    /// Extra entries of `/Resources /XObject`, by name.
    pub xobjects: Vec<(String, Stream)>,
}

impl PageSpec {
    /// A US-letter page (612 × 792 pt) with the given content.
    pub fn new(content: &str) -> PageSpec {
        PageSpec {
            content: content.to_string(),
            rotate: None,
            media_box: [0.0, 0.0, 612.0, 792.0],
            xobjects: Vec::new(),
        }
    }

    /// Sets `/Rotate`.
    pub fn rotate(mut self, degrees: i64) -> PageSpec {
        self.rotate = Some(degrees);
        self
    }

    /// Adds an XObject to the page's resources.
    pub fn xobject(mut self, name: &str, stream: Stream) -> PageSpec {
        self.xobjects.push((name.to_string(), stream));
        self
    }
}

/// Builds a PDF with lopdf: the given pages, each with `/F1` = Helvetica
/// (a standard-14 font, so no font file is needed).
pub fn build_pdf(pages: Vec<PageSpec>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut kids: Vec<Object> = Vec::new();
    for spec in pages {
        // Check the content parses the way we wrote it, then store it re-encoded.
        let content = Content::decode(spec.content.as_bytes()).expect("test content parses");
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().expect("content encodes"),
        ));
        let mut xobjects = lopdf::Dictionary::new();
        for (name, stream) in spec.xobjects {
            let id = doc.add_object(stream);
            xobjects.set(name, id);
        }
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => spec.media_box.iter().map(|&v| Object::Real(v as f32)).collect::<Vec<_>>(),
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font_id },
                "XObject" => xobjects,
            },
            "Contents" => content_id,
        };
        if let Some(r) = spec.rotate {
            page.set("Rotate", r);
        }
        let page_id: ObjectId = doc.add_object(page);
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let info_id = doc.add_object(dictionary! {
        "Producer" => Object::string_literal("juesuan-text tests"),
    });
    doc.trailer.set("Info", info_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("lopdf writes the PDF");
    out
}

/// A form XObject with the given content and `/Matrix`.
pub fn form_xobject(content: &str, matrix: [f64; 6]) -> Stream {
    Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "BBox" => vec![Object::Integer(0), Object::Integer(0), Object::Integer(612), Object::Integer(792)],
            "Matrix" => matrix.iter().map(|&v| Object::Real(v as f32)).collect::<Vec<_>>(),
        },
        content.as_bytes().to_vec(),
    )
}

/// A 2 × 2 grey image XObject (a stand-in for a scanned page).
pub fn image_xobject() -> Stream {
    Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => 2,
            "Height" => 2,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        vec![0x00, 0x80, 0x80, 0xff],
    )
}
