//! hanmoto-epub: Book → EPUB 3 (with an EPUB 2 NCX), built with epub-builder.
//!
//! Owns the package: chapters (`xhtml`), stylesheet (`style`), cover (`cover`), title page and
//! navigation (`package`), metadata (`metadata`), and the fixes epub-builder needs to pass
//! EPUBCheck and to be reproducible (`archive`). Knows nothing of Markdown or files on disk:
//! everything comes from the `Book` and its `AssetStore`.

mod archive;
mod cover;
mod images;
mod math_images;
mod metadata;
mod package;
pub mod style;
pub mod xhtml;

use chrono::{DateTime, Utc};
use hanmoto_model::{Book, Diagnostic, Diagnostics, Renderer};

/// How the EPUB is made (from book.toml's `[epub]`).
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// Vertical Japanese (`writing-mode: vertical-rl`, right-to-left page progression).
    pub vertical: bool,
    /// `[epub] tcy_digits`: in a vertical book, digit runs of up to this many digits stand
    /// upright in one em (tate-chu-yoko); 0: none.
    pub tcy_digits: u8,
    /// The modification date and zip entry times; `None`: `SOURCE_DATE_EPOCH`, else the newest
    /// post's date (so the same input gives the same bytes).
    pub modified: Option<DateTime<Utc>>,
    /// `[epub] max_image_px`: images whose longer side exceeds it are scaled down to it
    /// (`images`); `None` keeps every image as the site has it.
    pub max_image_px: Option<u32>,
}

pub struct EpubRenderer {
    pub options: EpubOptions,
}

impl Renderer for EpubRenderer {
    fn name(&self) -> &'static str {
        "epub"
    }

    fn render(
        &self,
        book: &Book,
        diagnostics: &Diagnostics,
        out: &mut dyn hanmoto_model::Output,
    ) -> Result<(), Diagnostic> {
        let modified = self
            .options
            .modified
            .unwrap_or_else(|| metadata::modified_date(book));
        let built = package::build(book, &self.options, modified, diagnostics)?;
        archive::rewrite(
            &built.archive,
            &built.images,
            &built.text_files,
            book,
            &self.options,
            modified,
            out,
        )
    }
}
