#[test]
#[ignore]
fn dump() {
    let f = std::env::var("F").unwrap();
    let p: u32 = std::env::var("P").unwrap().parse().unwrap();
    let doc = juesuan_text::extract_file(std::path::Path::new(&f)).unwrap();
    eprintln!("errors {:?}", doc.page_errors);
    let page = &doc.pages[p as usize - 1];
    eprintln!(
        "w {} h {} rot {} trot {}",
        page.width, page.height, page.rotation, page.text_rotation
    );
    for t in &page.tokens {
        eprintln!(
            "{:7.2} {:7.2} {:7.2} {:7.2} {:5.2} {} {:?}",
            t.bbox.x0, t.bbox.y0, t.bbox.x1, t.bbox.y1, t.font_size, t.invisible as u8, t.text
        );
    }
    let h = page
        .rulings
        .iter()
        .filter(|r| r.orientation == juesuan_text::Orientation::Horizontal)
        .count();
    eprintln!("rulings {} (h {h})", page.rulings.len());
    if std::env::var("R").is_ok() {
        for r in &page.rulings {
            eprintln!("{r:?}");
        }
    }
}
mod common;
#[test]
#[ignore]
fn write_rot() {
    use common::*;
    let c = "BT /F1 12 Tf 0 1 -1 0 500 100 Tm (Landscape) Tj ET\n";
    std::fs::write(
        "/tmp/rot90.pdf",
        build_pdf(vec![PageSpec::new(c).rotate(90)]),
    )
    .unwrap();
    std::fs::write("/tmp/rot0side.pdf", build_pdf(vec![PageSpec::new(c)])).unwrap();
    let c = "BT /F1 12 Tf 0 -1 1 0 100 700 Tm (Hello) Tj ET\n";
    std::fs::write(
        "/tmp/rot270.pdf",
        build_pdf(vec![PageSpec::new(c).rotate(270)]),
    )
    .unwrap();
    let c = "BT /F1 12 Tf -1 0 0 -1 500 100 Tm (Hello) Tj ET\n";
    std::fs::write(
        "/tmp/rot180.pdf",
        build_pdf(vec![PageSpec::new(c).rotate(180)]),
    )
    .unwrap();
    let c = "BT /F1 12 Tf 100 700 Td (Hello) Tj ET\n";
    std::fs::write("/tmp/hello0.pdf", build_pdf(vec![PageSpec::new(c)])).unwrap();
}
