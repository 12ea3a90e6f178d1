//! A stable-toolchain stand-in for the cargo-fuzz target: mutates the seed
//! PDFs at random (bit flips, cuts, duplicated chunks, truncations, spliced
//! tokens) and runs the text layer on each, for a given time, on one thread.
//! Fails on an error of kind `panic` or a panic that escapes the library.
//!
//! ```sh
//! cargo run --release -p juesuan-text --example mutate -- testdata/pdfs --seconds 600
//! ```

#[path = "../tests/common/hostile.rs"]
mod hostile;

use hostile::Rng;
use juesuan_text::{extract_bytes_with, ErrorKind, Limits};
use std::time::{Duration, Instant};

const TOKENS: &[&[u8]] = &[
    b" obj ",
    b"endobj",
    b"stream\n",
    b"endstream",
    b" 0 R ",
    b"<<",
    b">>",
    b"[",
    b"]",
    b"/Length 99999999",
    b"/Length -1",
    b"/Parent 1 0 R",
    b"/Kids [3 0 R 3 0 R]",
    b"/Contents 3 0 R",
    b"xref",
    b"trailer",
    b"startxref",
    b"%%EOF",
    b"Do",
    b"Tf",
    b"Tj",
    b"BI /W 9 /H 9 ID",
    b"EI",
    b"(",
    b")",
    b"/Filter /FlateDecode",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        if b.is_empty() {
            break;
        }
        let p = rng.below(b.len());
        match rng.below(6) {
            0 => b[p] ^= 1 << rng.below(8),
            1 => {
                let n = rng.below(512).min(b.len() - p);
                b.drain(p..p + n);
            }
            2 => {
                let n = rng.below(512).min(b.len() - p);
                let chunk = b[p..p + n].to_vec();
                b.splice(p..p, chunk);
            }
            3 => b.truncate(p.max(16)),
            4 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                b.splice(p..p, t.iter().copied());
            }
            _ => b[p] = b"0123456789 /<>[]()\n"[rng.below(19)],
        }
    }
    b
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = String::from("testdata/pdfs");
    let mut seconds = 600u64;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds" => seconds = args.next().and_then(|s| s.parse().ok()).unwrap_or(seconds),
            _ => dir = a,
        }
    }
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .expect("seed folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(|e| std::fs::read(e.path()).expect("seed"))
        .collect();
    // Upstream panics are caught and sorted by the library; keep stderr quiet.
    std::panic::set_hook(Box::new(|_| {}));
    let limits = Limits {
        max_stream_bytes: 16 << 20,
        max_inflated_bytes: 64 << 20,
        max_operators: 1_000_000,
        max_xobjects: 1_000,
        max_output: 200_000,
        max_time: Duration::from_secs(5),
    };
    let mut rng = Rng::new(0x5eed);
    let (start, end) = (Instant::now(), Duration::from_secs(seconds));
    let (mut execs, mut findings) = (0u64, 0u64);
    let mut kinds = std::collections::BTreeMap::new();
    while start.elapsed() < end {
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(&mut rng, seed);
        let run = std::panic::catch_unwind(|| extract_bytes_with(&input, &limits));
        execs += 1;
        let kind = match run {
            Ok(Ok(doc)) => doc.page_errors.first().map_or("ok", |e| e.kind().as_str()),
            Ok(Err(e)) => e.kind().as_str(),
            Err(_) => "escaped_panic",
        };
        *kinds.entry(kind).or_insert(0u64) += 1;
        if kind == ErrorKind::Panic.as_str() || kind == "escaped_panic" {
            findings += 1;
            let path = format!("/tmp/mutate_finding_{execs}.pdf");
            std::fs::write(&path, &input).expect("write finding");
            eprintln!("finding: {kind}, saved to {path}");
        }
    }
    println!(
        "{execs} execs in {:.0?}, {findings} findings; outcomes {kinds:?}",
        start.elapsed()
    );
}
