//! hanmoto-model: reads a Jekyll site (config, posts, front matter, Liquid, Markdown and HTML,
//! images) into one `Book` that every backend renders.
//!
//! This crate knows nothing of EPUB or PDF. Backends get everything they need from `Book` and its
//! `AssetStore`; they never re-parse Markdown or re-open image files.

pub mod assets;
pub mod book;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod document;
pub mod frontmatter;
pub mod highlight;
pub mod liquid;
pub mod load;
pub mod markdown;
pub mod math;
pub mod site;
pub mod source;
pub mod text;

pub use assets::{Asset, AssetId, AssetStore};
pub use book::{Book, BookMeta, Post, PostMeta};
pub use diagnostic::{Diagnostic, Diagnostics, Severity, Span};
pub use document::{Alignment, Block, Image, Inline, Length, LinkTarget, ListItem};

/// Where a backend writes its file: a temporary file in the CLI, a `Cursor<Vec<u8>>` in tests.
/// Seekable, so an archive writer can fill in each entry's size after writing it (the EPUB is
/// written straight to the file, never held whole in memory).
pub trait Output: std::io::Write + std::io::Seek {}

impl<T: std::io::Write + std::io::Seek> Output for T {}

/// A backend: turns the book into one output file's bytes.
pub trait Renderer {
    /// A short name for messages (`epub`, `pdf`).
    fn name(&self) -> &'static str;
    /// Writes the whole output to `out`. Problems that do not stop the output are pushed to
    /// `diagnostics`; an `Err` means no usable output was made.
    fn render(
        &self,
        book: &Book,
        diagnostics: &Diagnostics,
        out: &mut dyn Output,
    ) -> Result<(), Diagnostic>;
}
