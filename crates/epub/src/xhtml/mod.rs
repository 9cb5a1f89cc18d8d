//! One post → one XHTML content document (EPUB 3, polyglot XHTML5).
//!
//! Pure string building from the model: no file access, no epub-builder types, so it is tested on
//! its own. (Being written: the contract is below.)

use hanmoto_model::{AssetId, Book, Post};

/// An image as the package stores it.
#[derive(Debug, Clone)]
pub struct ImageRef {
    /// Path relative to the chapter file (`images/3f2a….png`).
    pub href: String,
    /// Intrinsic pixel size (CSS px for SVG).
    pub width: u32,
    pub height: u32,
}

/// What a chapter needs to know about the rest of the package.
pub struct ChapterContext<'a> {
    pub book: &'a Book,
    /// Post id → its chapter file name (`chapter-003.xhtml`), for links between posts.
    pub chapter_of: &'a dyn Fn(&str) -> Option<String>,
    /// Asset → where the package keeps it; `None` for a missing image (draw a placeholder).
    pub image: &'a dyn Fn(AssetId) -> Option<ImageRef>,
    /// Stylesheet href relative to the chapter (`style.css`).
    pub stylesheet: &'a str,
    /// `vertical-rl` books get `class="vrtl"` on `<html>` (the CSS does the rest).
    pub vertical: bool,
}

/// The complete XHTML document of one post.
pub fn chapter_xhtml(_post: &Post, _ctx: &ChapterContext) -> String {
    String::new()
}

/// The `id` attribute written for a model id (heading ids), so the navigation can link to it.
pub fn element_id(id: &str) -> String {
    id.to_owned()
}
