//! hanmoto-epub: Book → EPUB 3 (with an EPUB 2 NCX), built with epub-builder.
//!
//! Owns the package: chapters (`xhtml`), stylesheet (`style`), cover, navigation, metadata, and
//! the workarounds epub-builder needs to pass EPUBCheck (see `package`). Knows nothing of Markdown
//! or files on disk: everything comes from the `Book` and its `AssetStore`.

pub mod style;
pub mod xhtml;
