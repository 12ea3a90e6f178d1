//! What the text layer produces for one page.

use crate::geom::Rect;
use serde::{Deserialize, Serialize};

/// A run of glyphs on one baseline with no gap wider than about a space.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    /// The text as printed (CJK full-width punctuation kept).
    pub text: String,
    /// Bounding box in upright page coordinates (see [`Rect`]).
    pub bbox: Rect,
    /// Font size in points, after the text and current transformation matrices.
    pub font_size: f64,
    /// True when drawn with text render mode 3 (invisible), e.g. an OCR layer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub invisible: bool,
}

/// Orientation of a ruling segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Constant `y`, from `from` to `to` along `x`.
    Horizontal,
    /// Constant `x`, from `from` to `to` along `y`.
    Vertical,
}

/// A horizontal or vertical line drawn on the page: a stroked segment or a thin
/// filled rectangle (table borders drawn as `re f`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ruling {
    /// Horizontal or vertical.
    pub orientation: Orientation,
    /// The constant coordinate (`y` for horizontal, `x` for vertical).
    pub pos: f64,
    /// Start along the segment (smaller coordinate).
    pub from: f64,
    /// End along the segment (larger coordinate).
    pub to: f64,
    /// Drawn thickness in points.
    pub width: f64,
}

/// One page of a document as the recognizer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    /// 1-based physical page number.
    pub number: u32,
    /// Width as displayed (after `/Rotate`), in points.
    pub width: f64,
    /// Height as displayed (after `/Rotate`), in points.
    pub height: f64,
    /// Clockwise rotation applied to reach upright coordinates: the page's
    /// `/Rotate` plus `text_rotation`, normalized to 0, 90, 180 or 270.
    pub rotation: u16,
    /// The part of `rotation` added because the page's text runs sideways
    /// (a landscape table drawn on a portrait page); 0 for most pages.
    #[serde(default)]
    pub text_rotation: u16,
    /// Visible tokens in reading order (top to bottom, then left to right),
    /// followed by invisible ones.
    pub tokens: Vec<Token>,
    /// Horizontal and vertical ruling segments.
    pub rulings: Vec<Ruling>,
}

impl Page {
    /// Whether the page carries any visible text at all.
    pub fn has_text_layer(&self) -> bool {
        self.tokens
            .iter()
            .any(|t| !t.invisible && !t.text.trim().is_empty())
    }
}
