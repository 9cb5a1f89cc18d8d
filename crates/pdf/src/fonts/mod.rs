//! Fonts for the PDF: the faces shipped in the binary and the ones configuration names, a
//! fallback chain per role, shaping into positioned glyphs, and subsets for embedding.
//!
//! This layer knows glyphs and points, not lines or pages: the layout asks it for shaped runs
//! and widths, the painter for subset fonts.

pub mod builtin;
mod face;
mod memo;
mod plans;
mod set;
mod shape;
mod short_texts;
mod subset;

pub use face::{Face, FaceOrigin};
pub use set::{
    latin_face_char, FaceId, FaceRequest, FaceSpec, FontConfig, FontSet, MissingChar, Role,
};
pub use shape::{is_cjk, ShapedGlyph, ShapedRun, ShapedText};
pub use subset::SubsetFont;

#[cfg(test)]
mod tests;
