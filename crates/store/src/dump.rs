//! What the recognizer saw, for looking at a layout: each page's tokens as
//! JSON (`tokens/<sha256>/page-NNN.json`) and as a picture
//! (`svg/<sha256>/page-NNN.svg`, findings outlined).

use std::fs;
use std::path::{Path, PathBuf};

use juesuan_model::Severity;
use juesuan_text::svg::{page_svg, Highlight};

use crate::error::{Error, Result};
use crate::{Item, Sink};

/// Writes the text layer of each document; needs the pages kept by the reader.
pub struct PagesSink {
    out: PathBuf,
    tokens: bool,
    svg: bool,
}

impl PagesSink {
    /// Token JSON when `tokens`, page pictures when `svg`, under `out`.
    pub fn new(out: &Path, tokens: bool, svg: bool) -> PagesSink {
        PagesSink {
            out: out.to_path_buf(),
            tokens,
            svg,
        }
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).map_err(|e| Error::from(e).at(path))
}

impl Sink for PagesSink {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn holds(&self, sha256: &str) -> bool {
        (!self.tokens || self.out.join("tokens").join(sha256).is_dir())
            && (!self.svg || self.out.join("svg").join(sha256).is_dir())
    }

    fn write(&mut self, item: &Item<'_>) -> Result<()> {
        let sha = item.document.sha256.as_str();
        if self.tokens {
            let dir = self.out.join("tokens").join(sha);
            fs::create_dir_all(&dir).map_err(|e| Error::from(e).at(&dir))?;
            for p in item.pages {
                let file = dir.join(format!("page-{:03}.json", p.number));
                write(&file, &serde_json::to_vec_pretty(p)?)?;
            }
        }
        if self.svg {
            let dir = self.out.join("svg").join(sha);
            fs::create_dir_all(&dir).map_err(|e| Error::from(e).at(&dir))?;
            for p in item.pages {
                // Findings that point at a printed value on this page are
                // drawn around it, so a reviewer sees where to look.
                let highlights: Vec<Highlight> = item
                    .document
                    .findings
                    .iter()
                    .filter(|f| f.page == Some(p.number) && f.severity <= Severity::Warning)
                    .filter_map(|f| {
                        f.bbox.map(|bbox| Highlight {
                            bbox,
                            note: format!("{} {}", f.severity, f.check.id()),
                        })
                    })
                    .collect();
                let file = dir.join(format!("page-{:03}.svg", p.number));
                write(&file, page_svg(p, &highlights).as_bytes())?;
            }
        }
        Ok(())
    }
}
