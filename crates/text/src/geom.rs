//! Page geometry shared by tokens and rulings.

use serde::{Deserialize, Serialize};

/// An axis-aligned rectangle in upright page coordinates.
///
/// The origin is the top-left corner of the page as displayed (after `/Rotate`),
/// `x` grows to the right and `y` grows downwards; units are PDF points (1/72 in).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// Width of the rectangle.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }
    /// Height of the rectangle.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }
    /// Horizontal centre.
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
    /// Vertical centre.
    pub fn cy(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
    /// The smallest rectangle holding both.
    pub fn union(&self, o: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
}
