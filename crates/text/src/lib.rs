//! Placeholder while the text layer is written.
pub mod geom;
pub mod page;
