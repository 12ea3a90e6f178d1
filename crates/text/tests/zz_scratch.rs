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
