//! PDFs generated with lopdf, with content at known positions: the text layer must
//! put every token and ruling exactly where the content stream drew it, in upright
//! coordinates (origin top-left, `y` down, points). The rotated pages were
//! cross-checked with `pdftotext -bbox`, which places the text where these tests do.

mod common;

use common::{assert_near, build_pdf, dump, form_xobject, image_xobject, rulings, PageSpec};
use juesuan_text::{extract_bytes, Orientation, Page};

/// Helvetica advance widths (1/1000 em) of the glyphs used below.
fn helvetica_width(text: &str) -> f64 {
    text.chars()
        .map(|c| match c {
            'H' => 722.0,
            'F' => 611.0,
            'L' | 'a' | 'd' | 'e' | 'n' | 'o' | 'p' => 556.0,
            'c' | 's' => 500.0,
            'l' | 'i' => 222.0,
            'r' => 333.0,
            other => panic!("no width for {other:?} in this test"),
        })
        .sum()
}

fn only_page(bytes: &[u8]) -> Page {
    let doc = extract_bytes(bytes).expect("generated PDF extracts");
    assert!(doc.page_errors.is_empty(), "{:?}", doc.page_errors);
    assert_eq!(doc.pages.len(), 1);
    doc.pages.into_iter().next().unwrap()
}

const PAGE_H: f64 = 792.0;

#[test]
fn text_ruled_lines_and_invisible_text_on_an_upright_page() {
    let content = "\
        BT /F1 12 Tf 100 700 Td (Hello) Tj ET\n\
        1 w 0 G 50 600 m 550 600 l S\n\
        0.5 w 300 100 m 300 500 l S\n\
        0 g 50 400 500 0.8 re f*\n\
        0 g 80 120 1.2 200 re f*\n\
        0.5 w 10 10 m 20 30 40 50 60 10 c S\n\
        1 g 50 200 500 0.8 re f\n\
        0 g 100 50 200 100 re f\n\
        BT /F1 10 Tf 3 Tr 100 300 Td (Hidden) Tj ET\n\
        BT /F1 10 Tf 0 Tr 100 280 Td (Shown) Tj ET\n";
    let page = only_page(&build_pdf(vec![PageSpec::new(content)]));
    let ctx = dump(&page);
    assert_eq!((page.width, page.height), (612.0, 792.0), "{ctx}");
    assert_eq!((page.rotation, page.text_rotation), (0, 0), "{ctx}");

    // `100 700 Td` at 12 pt: the baseline is 92 pt from the top; the box spans
    // 0.88 em above and 0.12 em below it and the Helvetica advance widths.
    let hello = &page.tokens[0];
    assert_eq!(hello.text, "Hello", "{ctx}");
    assert!(!hello.invisible);
    assert_near("font size", hello.font_size, 12.0, 1e-6);
    assert_near("x0", hello.bbox.x0, 100.0, 1e-3);
    assert_near(
        "x1",
        hello.bbox.x1,
        100.0 + helvetica_width("Hello") * 0.012,
        0.01,
    );
    assert_near("y0", hello.bbox.y0, PAGE_H - 700.0 - 0.88 * 12.0, 1e-3);
    assert_near("y1", hello.bbox.y1, PAGE_H - 700.0 + 0.12 * 12.0, 1e-3);

    let shown = page.tokens.iter().find(|t| t.text == "Shown").expect(&ctx);
    assert!(!shown.invisible);
    assert_near("Shown x0", shown.bbox.x0, 100.0, 1e-3);
    assert_near("Shown y1", shown.bbox.y1, PAGE_H - 280.0 + 1.2, 1e-3);

    // Render mode 3 is kept, marked invisible, and listed after the visible text.
    let hidden = page.tokens.iter().find(|t| t.text == "Hidden").expect(&ctx);
    assert!(hidden.invisible, "{ctx}");
    assert_near("Hidden y0", hidden.bbox.y0, PAGE_H - 300.0 - 8.8, 1e-3);
    assert!(page.tokens.last().unwrap().invisible, "{ctx}");
    assert!(page.has_text_layer());

    // Rulings: the stroked line (S), the thin `re f*` bars; not the curve, not the
    // white bar, not the big filled box.
    let h = rulings(&page, Orientation::Horizontal);
    let v = rulings(&page, Orientation::Vertical);
    assert_eq!(h.len(), 2, "{ctx}");
    assert_eq!(v.len(), 2, "{ctx}");
    // `50 600 m 550 600 l S` with `1 w`.
    assert_near("stroke pos", h[0].pos, PAGE_H - 600.0, 1e-3);
    assert_near("stroke from", h[0].from, 50.0, 1e-3);
    assert_near("stroke to", h[0].to, 550.0, 1e-3);
    assert_near("stroke width", h[0].width, 1.0, 1e-6);
    // `50 400 500 0.8 re f*`: the centre line of the bar, its thickness as width.
    assert_near("bar pos", h[1].pos, PAGE_H - 400.4, 1e-3);
    assert_near("bar from", h[1].from, 50.0, 1e-3);
    assert_near("bar to", h[1].to, 550.0, 1e-3);
    assert_near("bar width", h[1].width, 0.8, 1e-3);
    // `80 120 1.2 200 re f*`: a vertical bar from y 120 to 320 (user space).
    assert_near("vbar pos", v[0].pos, 80.6, 1e-3);
    assert_near("vbar from", v[0].from, PAGE_H - 320.0, 1e-3);
    assert_near("vbar to", v[0].to, PAGE_H - 120.0, 1e-3);
    // `0.5 w 300 100 m 300 500 l S`.
    assert_near("vline pos", v[1].pos, 300.0, 1e-3);
    assert_near("vline from", v[1].from, PAGE_H - 500.0, 1e-3);
    assert_near("vline to", v[1].to, PAGE_H - 100.0, 1e-3);
    assert_near("vline width", v[1].width, 0.5, 1e-6);
}

#[test]
fn cell_borders_split_into_pieces_merge_and_cm_is_applied() {
    // Word draws each cell edge as its own bar; a `cm` scales and moves them all.
    let content = "\
        q 2 0 0 2 10 20 cm\n\
        0 g 20 100 50 0.25 re f*\n\
        0 g 70 100 50 0.25 re f*\n\
        0 g 120.5 100 50 0.25 re f*\n\
        Q\n\
        0 0 1 rg 300 700 200 1 re f\n";
    let page = only_page(&build_pdf(vec![PageSpec::new(
        &(content.to_string() + "BT /F1 12 Tf 100 650 Td (Hello) Tj ET\n"),
    )]));
    let ctx = dump(&page);
    let h = rulings(&page, Orientation::Horizontal);
    assert_eq!(h.len(), 2, "{ctx}");
    // The blue bar `300 700 200 1 re f` (coloured fills are rulings too).
    assert_near("blue pos", h[0].pos, PAGE_H - 700.5, 1e-3);
    // 3 touching bars of 2×(20..170.5) + 10 → one ruling from 50 to 351, at
    // y = 2×100.125 + 20, 0.5 thick.
    assert_near("merged pos", h[1].pos, PAGE_H - 220.25, 1e-3);
    assert_near("merged from", h[1].from, 50.0, 1e-3);
    assert_near("merged to", h[1].to, 351.0, 1e-3);
    assert_near("merged width", h[1].width, 0.5, 1e-3);
    assert!(rulings(&page, Orientation::Vertical).is_empty(), "{ctx}");
}

#[test]
fn rotate_90_page_with_upright_text() {
    // Text drawn turned 90° counter-clockwise reads left to right once the page is
    // shown turned 90° clockwise (/Rotate 90): a landscape page.
    let content = "\
        BT /F1 12 Tf 0 1 -1 0 500 100 Tm (Landscape) Tj ET\n\
        1 w 0 G 50 100 m 50 700 l S\n\
        0 g 100 300 200 0.5 re f\n";
    let page = only_page(&build_pdf(vec![PageSpec::new(content).rotate(90)]));
    let ctx = dump(&page);
    assert_eq!((page.width, page.height), (792.0, 612.0), "{ctx}");
    assert_eq!((page.rotation, page.text_rotation), (90, 0), "{ctx}");

    // Under a clockwise quarter turn, user (x, y) shows at (y, x).
    let t = &page.tokens[0];
    assert_eq!(t.text, "Landscape", "{ctx}");
    assert_near("x0", t.bbox.x0, 100.0, 1e-3);
    assert_near(
        "x1",
        t.bbox.x1,
        100.0 + helvetica_width("Landscape") * 0.012,
        0.01,
    );
    assert_near("y0", t.bbox.y0, 500.0 - 0.88 * 12.0, 1e-3);
    assert_near("y1", t.bbox.y1, 500.0 + 0.12 * 12.0, 1e-3);

    // The vertical user-space line x = 50, y 100..700 shows horizontal at y = 50.
    let h = rulings(&page, Orientation::Horizontal);
    assert_eq!(h.len(), 1, "{ctx}");
    assert_near("h pos", h[0].pos, 50.0, 1e-3);
    assert_near("h from", h[0].from, 100.0, 1e-3);
    assert_near("h to", h[0].to, 700.0, 1e-3);
    // The horizontal user-space bar y = 300.25, x 100..300 shows vertical at x = 300.25.
    let v = rulings(&page, Orientation::Vertical);
    assert_eq!(v.len(), 1, "{ctx}");
    assert_near("v pos", v[0].pos, 300.25, 1e-3);
    assert_near("v from", v[0].from, 100.0, 1e-3);
    assert_near("v to", v[0].to, 300.0, 1e-3);
}

#[test]
fn sideways_text_on_an_unrotated_page_is_turned_upright() {
    // The same drawing without /Rotate: the text runs bottom to top, so the text
    // layer turns the page a quarter clockwise itself (text_rotation 90).
    let content = "\
        BT /F1 12 Tf 0 1 -1 0 500 100 Tm (Landscape) Tj ET\n\
        BT /F1 12 Tf 0 1 -1 0 480 100 Tm (Sideways) Tj ET\n\
        1 w 0 G 50 100 m 50 700 l S\n";
    let page = only_page(&build_pdf(vec![PageSpec::new(content)]));
    let ctx = dump(&page);
    assert_eq!((page.rotation, page.text_rotation), (90, 90), "{ctx}");
    assert_eq!((page.width, page.height), (792.0, 612.0), "{ctx}");
    // The line at user x = 480 is above the one at x = 500 (the text's up is -x).
    let texts: Vec<&str> = page.tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["Sideways", "Landscape"], "{ctx}");
    let t = &page.tokens[1];
    assert_near("x0", t.bbox.x0, 100.0, 1e-3);
    assert_near("y0", t.bbox.y0, 500.0 - 0.88 * 12.0, 1e-3);
    assert_near("y0", page.tokens[0].bbox.y0, 480.0 - 0.88 * 12.0, 1e-3);
    let h = rulings(&page, Orientation::Horizontal);
    assert_eq!(h.len(), 1, "{ctx}");
    assert_near("h pos", h[0].pos, 50.0, 1e-3);
}

#[test]
fn rotate_90_page_with_unrotated_text_is_turned_back() {
    // A portrait page flagged /Rotate 90 whose text is drawn plainly: shown as is,
    // it would run top to bottom, so the text layer undoes the turn.
    let content = "BT /F1 12 Tf 100 700 Td (Hello) Tj ET\n";
    let page = only_page(&build_pdf(vec![PageSpec::new(content).rotate(90)]));
    let ctx = dump(&page);
    assert_eq!((page.rotation, page.text_rotation), (0, 270), "{ctx}");
    assert_eq!((page.width, page.height), (612.0, 792.0), "{ctx}");
    let t = &page.tokens[0];
    assert_eq!(t.text, "Hello", "{ctx}");
    assert_near("x0", t.bbox.x0, 100.0, 1e-3);
    assert_near("y0", t.bbox.y0, PAGE_H - 700.0 - 0.88 * 12.0, 1e-3);
}

#[test]
fn rotate_180_and_270() {
    let content = "BT /F1 12 Tf -1 0 0 -1 500 100 Tm (Hello) Tj ET\n";
    let page = only_page(&build_pdf(vec![PageSpec::new(content).rotate(180)]));
    let ctx = dump(&page);
    assert_eq!((page.rotation, page.text_rotation), (180, 0), "{ctx}");
    // Under a half turn, user (x, y) shows at (612 - x, y).
    assert_near("x0", page.tokens[0].bbox.x0, 112.0, 1e-3);
    assert_near("y0", page.tokens[0].bbox.y0, 100.0 - 0.88 * 12.0, 1e-3);

    let content = "BT /F1 12 Tf 0 -1 1 0 100 700 Tm (Hello) Tj ET\n";
    let page = only_page(&build_pdf(vec![PageSpec::new(content).rotate(270)]));
    let ctx = dump(&page);
    assert_eq!((page.rotation, page.text_rotation), (270, 0), "{ctx}");
    assert_eq!((page.width, page.height), (792.0, 612.0), "{ctx}");
    // Under a counter-clockwise quarter turn, user (x, y) shows at (792 - y, 612 - x)
    // … and the baseline runs along user -y, i.e. display +x.
    assert_near("x0", page.tokens[0].bbox.x0, 92.0, 1e-3);
    assert_near("y0", page.tokens[0].bbox.y0, 512.0 - 0.88 * 12.0, 1e-3);
}

#[test]
fn form_xobjects_apply_their_matrix_and_images_are_skipped() {
    // The form is drawn under a `cm` that moves it 10 pt right, and its /Matrix
    // moves it 100 pt down: "Form" at (100, 650) in form space lands at (110, 550).
    let form = form_xobject(
        "BT /F1 12 Tf 100 650 Td (Form) Tj ET 0 g 100 640 200 0.5 re f",
        [1.0, 0.0, 0.0, 1.0, 0.0, -100.0],
    );
    let content = "\
        BT /F1 12 Tf 100 700 Td (Hello) Tj ET\n\
        q 1 0 0 1 10 0 cm /Fm1 Do Q\n\
        q 100 0 0 100 300 300 cm /Im1 Do Q\n";
    let spec = PageSpec::new(content)
        .xobject("Fm1", form)
        .xobject("Im1", image_xobject());
    let page = only_page(&build_pdf(vec![spec]));
    let ctx = dump(&page);
    let form = page.tokens.iter().find(|t| t.text == "Form").expect(&ctx);
    assert_near("form x0", form.bbox.x0, 110.0, 1e-3);
    assert_near("form y1", form.bbox.y1, PAGE_H - 550.0 + 0.12 * 12.0, 1e-3);
    let h = rulings(&page, Orientation::Horizontal);
    assert_eq!(h.len(), 1, "{ctx}");
    assert_near("form bar pos", h[0].pos, PAGE_H - 540.25, 1e-3);
    assert_near("form bar from", h[0].from, 110.0, 1e-3);
    assert_eq!(page.tokens.len(), 2, "{ctx}");
}

#[test]
fn spaces_and_gaps_split_words_and_tokens() {
    // A space glyph is kept as one space; a gap of several ems starts a new token.
    let content = "\
        BT /F1 10 Tf 100 700 Td (Hello World) Tj ET\n\
        BT /F1 10 Tf 300 700 Td (Far) Tj ET\n";
    let page = only_page(&build_pdf(vec![PageSpec::new(content)]));
    let ctx = dump(&page);
    let texts: Vec<&str> = page.tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["Hello World", "Far"], "{ctx}");
    assert_near("Far x0", page.tokens[1].bbox.x0, 300.0, 1e-3);
}

#[test]
fn document_info_is_read() {
    let doc = extract_bytes(&build_pdf(vec![PageSpec::new(
        "BT /F1 12 Tf 100 700 Td (Hello) Tj ET",
    )]))
    .unwrap();
    assert_eq!(doc.info.producer.as_deref(), Some("juesuan-text tests"));
}

#[test]
fn content_streams_shared_by_pages_are_read_on_every_page() {
    // Pages whose /Contents name the same stream: the text layer drops a
    // page's streams once it is read, but only those no other object names.
    let pages = [("A", 700), ("B", 600), ("C", 700)]
        .map(|(t, y)| PageSpec::new(&format!("BT /F1 12 Tf 72 {y} Td ({t}) Tj ET")));
    let bytes = build_pdf(pages.into());
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let ids: Vec<_> = doc.get_pages().into_values().collect();
    let first = doc.get_page_contents(ids[0])[0];
    let second = doc.get_page_contents(ids[1])[0];
    doc.get_dictionary_mut(ids[1]).unwrap().set(
        "Contents",
        vec![
            lopdf::Object::Reference(second),
            lopdf::Object::Reference(first),
        ],
    );
    doc.get_dictionary_mut(ids[2])
        .unwrap()
        .set("Contents", first);
    let mut shared = Vec::new();
    doc.save_to(&mut shared).unwrap();
    let text = extract_bytes(&shared).unwrap();
    assert!(text.page_errors.is_empty(), "{:?}", text.page_errors);
    let words: Vec<String> = text
        .pages
        .iter()
        .map(|p| {
            p.tokens
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(words, ["A", "A B", "A"]);
}
