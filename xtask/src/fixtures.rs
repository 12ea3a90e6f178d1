//! Reads the descriptions, renders every fixture and writes the PDFs, truth
//! files, expected strings and the manifest.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::font::{self, Font, Gbk};
use crate::layout;
use crate::model::{Block, Content, Document, Fixture, Layout, Table, Titles, VAlign};
use crate::pdf;
use crate::render::{Face, Orientation, Renderer, Style, TableHead};
use crate::truth::{self, Truth};

/// One rendered fixture.
pub struct Built {
    pub name: String,
    pub pdf: Vec<u8>,
    pub sha256: String,
    pub truth: Truth,
    pub expect: Expect,
}

/// What a written fixture looks like, for the command's report.
pub struct Written {
    pub name: String,
    pub pages: usize,
    pub bytes: usize,
    pub sha256: String,
}

/// The strings printed on each page, in drawing order.
#[derive(Serialize)]
pub struct Expect {
    pub file: String,
    pub pages: Vec<ExpectPage>,
}

#[derive(Serialize)]
pub struct ExpectPage {
    pub page: usize,
    pub strings: Vec<String>,
}

pub fn read_document(testdata: &Path) -> Result<Document> {
    let path = testdata.join("fixtures/seed.json");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

pub fn read_fixtures(testdata: &Path) -> Result<Vec<Fixture>> {
    let path = testdata.join("fixtures/fixtures.json");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

/// Renders one fixture.
pub fn build(doc: &Document, fixture: &Fixture, font: &Font, gbk: Option<&Gbk>) -> Result<Built> {
    let layout = &fixture.layout;
    let full = layout.content == Content::Full;
    let mut r = Renderer::new(font);
    let mut tables = Vec::new();
    let unit = match layout.unit {
        crate::model::Unit::Wanyuan => "万元",
        crate::model::Unit::Yuan => "元",
    };
    let prose_grid = Style {
        face: Face::Identity,
        size: 8.0,
        valign: VAlign::Center,
        borders: crate::model::Borders::Stroke,
        break_every: None,
        repeat_header: false,
        repeat_total: false,
    };
    for block in &doc.blocks {
        match block {
            Block::Cover { title, subtitle } => r.cover(title, subtitle),
            Block::Table(t) => {
                let grid = layout::grid(t, layout);
                let style = table_style(layout, layout.uses_gbk(t.kind));
                let o = Orientation {
                    landscape: layout::landscape(t.kind),
                    rotate: layout.rotate,
                };
                let (number, title) = heading(t, layout);
                let head = TableHead {
                    number: &number,
                    title: &title,
                    department: &doc.department,
                    unit,
                    note: &t.note,
                };
                let pages = r.table(&head, &grid, &style, o);
                tables.push((t, pages));
            }
            _ if !full => {}
            Block::Heading { level, text } => r.heading(*level, text),
            Block::Toc { text } => r.para(
                text,
                !text.starts_with(|c: char| "一二三四五六七八九十".contains(c)),
            ),
            Block::Para { text } => r.para(text, true),
            Block::PageBreak => r.page_break(),
            Block::Grid { rows } => r.text_grid(&layout::text_grid(rows), &prose_grid),
        }
    }
    let pdf = pdf::write(&r.pages, font, gbk)?;
    let sha256 = hex(&Sha256::digest(&pdf));
    let file = format!("{}.pdf", fixture.name);
    let truth = Truth {
        file: file.clone(),
        sha256: sha256.clone(),
        department: doc.department.clone(),
        year: doc.year,
        unit: unit.to_string(),
        tables: tables
            .into_iter()
            .map(|(t, pages)| truth::table(t, pages.into_iter().map(|p| p + 1).collect(), layout))
            .collect(),
    };
    let expect = Expect {
        file,
        pages: r
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| ExpectPage {
                page: i + 1,
                strings: p.strings.clone(),
            })
            .collect(),
    };
    Ok(Built {
        name: fixture.name.clone(),
        pdf,
        sha256,
        truth,
        expect,
    })
}

/// The number label and the title printed above a table.
fn heading(t: &Table, layout: &Layout) -> (String, String) {
    match layout.titles {
        Titles::Label => (t.number.clone(), t.title.clone()),
        Titles::Numbered => {
            // `公开04表` becomes `表 4：`, leading the title; no separate label.
            let digits: String = t.number.chars().filter(char::is_ascii_digit).collect();
            let n: u32 = digits.parse().expect("a numbered table");
            (String::new(), format!("表 {n}：{}", t.title))
        }
    }
}

fn table_style(layout: &Layout, gbk: bool) -> Style {
    Style {
        face: if gbk { Face::Gbk } else { Face::Identity },
        size: 8.0,
        valign: layout.wrap.unwrap_or(VAlign::Center),
        borders: layout.borders,
        break_every: layout.break_every,
        repeat_header: layout.repeat_header,
        repeat_total: layout.repeat_total,
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Renders every fixture described in `testdata` and writes the results
/// under `out` (`pdfs/`, `truth/`, `fixtures/*.expect.json`, `fixtures/manifest.tsv`).
pub fn generate(testdata: &Path, out: &Path) -> Result<Vec<Written>> {
    let doc = read_document(testdata)?;
    let fixtures = read_fixtures(testdata)?;
    let font_path = font::font_path();
    let data = fs::read(&font_path).with_context(|| {
        format!(
            "reading {} (apt-get install fonts-wqy-microhei)",
            font_path.display()
        )
    })?;
    let font = Font::parse(&data)?;
    let gbk = if fixtures.iter().any(|f| !f.layout.gbk.is_empty()) {
        Some(
            Gbk::load(&font::cmap_dir())
                .context("loading the Adobe-GB1 CMaps (apt-get install poppler-data)")?,
        )
    } else {
        None
    };
    let pdfs = out.join("pdfs");
    let truths = out.join("truth");
    let expects = out.join("fixtures");
    for dir in [&pdfs, &truths, &expects] {
        fs::create_dir_all(dir)?;
    }
    // The truth folder holds only generated files; stale ones would name PDFs that no longer exist.
    for entry in fs::read_dir(&truths)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            fs::remove_file(path)?;
        }
    }
    let mut written = Vec::new();
    let mut manifest = String::from("# name\tfile\tsha256\tpages\tbytes\tlayout\n");
    for fixture in &fixtures {
        let built = build(&doc, fixture, &font, gbk.as_ref())?;
        fs::write(pdfs.join(format!("{}.pdf", built.name)), &built.pdf)?;
        fs::write(
            truths.join(format!("{}.json", built.sha256)),
            json(&built.truth)?,
        )?;
        fs::write(
            expects.join(format!("{}.expect.json", built.name)),
            json(&built.expect)?,
        )?;
        let pages = built.expect.pages.len();
        manifest.push_str(&format!(
            "{}\t{}.pdf\t{}\t{}\t{}\t{}\n",
            built.name,
            built.name,
            built.sha256,
            pages,
            built.pdf.len(),
            fixture.about
        ));
        written.push(Written {
            name: built.name,
            pages,
            bytes: built.pdf.len(),
            sha256: built.sha256,
        });
    }
    fs::write(expects.join("manifest.tsv"), manifest)?;
    Ok(written)
}

fn json<T: Serialize>(value: &T) -> Result<String> {
    Ok(serde_json::to_string_pretty(value)? + "\n")
}
