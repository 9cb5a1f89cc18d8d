//! hanmoto-pdf: Book → PDF.
//!
//! - `fonts`: built-in faces, fallback, shaping, subsetting.
//! - `layout`: the paragraph line breaker (pure data, no fonts).
//! - `compose`: blocks and inlines → pages of positioned elements (`frame`), pure data.
//! - `paint`: `frame` → content streams (written directly) in a printpdf document → PDF bytes.

pub mod compose;
pub mod fonts;
pub mod frame;
pub mod layout;
pub mod paint;
mod render;

pub use paint::ImageOptions;
pub use render::{BookPdf, Handout, PdfOptions, Progress, ProgressFn, Stage};
