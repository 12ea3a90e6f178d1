//! The report opens in a real browser: headless Chromium renders the seed's
//! document page, and the picture of its known error shows the red box.
//!
//! `.ci/run` installs Debian's `chromium`; without it this test fails rather
//! than skips.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const SEED_SHA: &str = "328511f90393bd58a87b8bfb96402a17937f4b37bafbb630874994fbb9aeadcb";
/// The stroke of an error box in the page pictures (`#d00`).
const ERROR_RED: [u8; 3] = [0xdd, 0x00, 0x00];

fn chromium() -> PathBuf {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("chromium is not installed (.ci/run installs Debian's chromium)")
}

/// Renders `page` to a PNG with headless Chromium and returns its pixels.
fn screenshot(page: &Path, png: &Path) -> (u32, u32, Vec<u8>) {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--window-size=1280,2400",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("running chromium");
    assert!(
        png.exists(),
        "chromium wrote no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    let rgb: Vec<u8> = match info.color_type {
        png::ColorType::Rgba => buf.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect(),
        png::ColorType::Rgb => buf,
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (info.width, info.height, rgb)
}

#[test]
fn the_seed_error_shows_boxed_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(env!("CARGO_BIN_EXE_juesuan"))
        .arg("extract")
        .arg(root.join("testdata/pdfs/seed.pdf"))
        .arg("-o")
        .arg(&out)
        .args(["--dump", "tokens", "--report", "-q"])
        .status()
        .unwrap();
    assert!(status.success() || status.code() == Some(1), "{status}");
    let page = out.join("report/doc").join(format!("{SEED_SHA}.html"));
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.contains("101,597.34") && html.contains("70,087.22"));

    // The document page opens and draws text.
    let (w, h, rgb) = screenshot(&page, &dir.path().join("doc.png"));
    assert_eq!(w, 1280);
    assert!(h >= 600, "height {h}");
    let dark = rgb.chunks(3).filter(|p| p.iter().all(|&c| c < 96)).count();
    assert!(dark >= 2_000, "only {dark} dark pixels: no text was drawn");

    // The picture of page 19, where the 情况说明 quotes 101,597.34, boxes the
    // figure in the error colour.
    let picture = out.join("report/pages").join(SEED_SHA).join("page-019.svg");
    assert!(html.contains("page-019.svg"), "the entry links its picture");
    let (_, _, rgb) = screenshot(&picture, &dir.path().join("p19.png"));
    let red = rgb
        .chunks(3)
        .filter(|p| p.iter().zip(ERROR_RED).all(|(&a, b)| a.abs_diff(b) <= 40))
        .count();
    // A box round the printed figure is a few hundred pixels at least.
    assert!(red >= 100, "only {red} error-red pixels in the picture");
}
