//! The recognizer never panics, whatever tokens and rulings it is given.

use juesuan_text::{Orientation, Page, Rect, Ruling, Token};
use proptest::prelude::*;

fn token() -> impl Strategy<Value = Token> {
    let text = prop_oneof![
        Just("收入决算表".to_string()),
        Just("支出决算表".to_string()),
        Just("财政拨款“三公”经费支出决算表".to_string()),
        Just("收入支出决算总表".to_string()),
        Just("单位：万元".to_string()),
        Just("合计".to_string()),
        Just("项目".to_string()),
        Just("类".to_string()),
        Just("预算数".to_string()),
        "[0-9]{2,7}",
        "-?[0-9]{1,3}(,[0-9]{3}){0,2}\\.[0-9]{2}",
        "\\PC{0,8}",
    ];
    (
        text,
        0.0..800.0f64,
        0.0..800.0f64,
        1.0..80.0f64,
        4.0..14.0f64,
    )
        .prop_map(|(text, x, y, w, h)| Token {
            text,
            bbox: Rect {
                x0: x,
                y0: y,
                x1: x + w,
                y1: y + h,
            },
            font_size: h,
            invisible: false,
        })
}

fn ruling() -> impl Strategy<Value = Ruling> {
    (any::<bool>(), 0.0..800.0f64, 0.0..800.0f64, 0.0..800.0f64).prop_map(|(h, pos, a, b)| Ruling {
        orientation: if h {
            Orientation::Horizontal
        } else {
            Orientation::Vertical
        },
        pos,
        from: a.min(b),
        to: a.max(b),
        width: 0.5,
    })
}

fn page() -> impl Strategy<Value = Page> {
    (
        prop::collection::vec(token(), 0..60),
        prop::collection::vec(ruling(), 0..30),
    )
        .prop_map(|(tokens, rulings)| Page {
            number: 1,
            width: 842.0,
            height: 842.0,
            rotation: 0,
            text_rotation: 0,
            tokens,
            rulings,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn recognize_never_panics(pages in prop::collection::vec(page(), 1..4)) {
        let mut pages = pages;
        for (i, p) in pages.iter_mut().enumerate() {
            p.number = i as u32 + 1;
        }
        let doc = juesuan_table::recognize(&pages, "random.pdf", "0");
        // Every value points at a page of the document.
        for t in &doc.tables {
            for r in &t.rows {
                for v in r.values.values() {
                    prop_assert!(v.page >= 1 && v.page as usize <= pages.len());
                }
            }
        }
    }
}
