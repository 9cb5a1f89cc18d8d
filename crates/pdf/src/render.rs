//! The `Renderer`s: a handout of one post (and, later, the whole book). Glue only: load the faces,
//! compose the pages, paint them.

use hanmoto_model::{Book, Diagnostic, Diagnostics, Renderer};

use crate::compose::{self, Env, Settings};
use crate::fonts::{FontConfig, FontSet};
use crate::paint;

/// Everything the PDF backend takes from book.toml and the command line.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub settings: Settings,
    pub fonts: FontConfig,
}

/// Where a long render is, for a progress bar: `done` of `total` in `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Chapters laid out.
    Layout,
    /// Pages written.
    Paint,
}

/// Called from any thread, often: keep it cheap.
pub type ProgressFn = std::sync::Arc<dyn Fn(Progress) + Send + Sync>;

/// The whole book as a printed book (issue 6): title page, contents, one chapter per post.
#[derive(Clone)]
pub struct BookPdf {
    pub options: PdfOptions,
    /// Chapters start on a right-hand (odd) page, a blank page before when needed.
    pub chapters_on_recto: bool,
    pub progress: Option<ProgressFn>,
}

impl Renderer for BookPdf {
    fn name(&self) -> &'static str {
        "pdf"
    }

    /// Progress: `Stage::Layout` once per chapter as each finishes (from rayon's threads), then
    /// `Stage::Paint` twice, `0 / pages` before painting and `pages / pages` once the file is
    /// written (the painter does not report per page).
    fn render(
        &self,
        book: &Book,
        diagnostics: &Diagnostics,
        out: &mut dyn std::io::Write,
    ) -> Result<(), Diagnostic> {
        if book.posts.is_empty() {
            // Before loading fonts: an empty selection is the user's mistake to see first.
            return Err(compose::empty_book_error());
        }
        let fonts = FontSet::load(&self.options.fonts)?;
        let env = Env {
            fonts: &fonts,
            assets: &book.assets,
            settings: &self.options.settings,
            diagnostics,
            source: compose::book_source(),
            lang: book_lang(book),
        };
        let report = |stage: Stage, done: usize, total: usize| {
            if let Some(p) = &self.progress {
                p(Progress { stage, done, total });
            }
        };
        let options = compose::BookOptions {
            chapters_on_recto: self.chapters_on_recto,
            parallel: true,
        };
        let composed = compose::compose_book(env, book, options, &|done, total| {
            report(Stage::Layout, done, total)
        })?;
        let document = composed.document;
        let pages = document.pages.len();
        report(Stage::Paint, 0, pages);
        paint::paint(&document, &fonts, &book.assets, out)?;
        report(Stage::Paint, pages, pages);
        Ok(())
    }
}

/// The book's language, `ja` when the site names none (hanmoto's sample and its users' blogs).
fn book_lang(book: &Book) -> &str {
    let lang = book.meta.language.trim();
    if lang.is_empty() {
        "ja"
    } else {
        lang
    }
}

/// One post as a handout.
#[derive(Debug, Clone)]
pub struct Handout {
    /// Index into `book.posts`.
    pub post: usize,
    pub options: PdfOptions,
}

impl Renderer for Handout {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(
        &self,
        book: &Book,
        diagnostics: &Diagnostics,
        out: &mut dyn std::io::Write,
    ) -> Result<(), Diagnostic> {
        let Some(post) = book.posts.get(self.post) else {
            return Err(Diagnostic::error(
                "pdf",
                format!(
                    "post {} is not in the book ({} posts)",
                    self.post,
                    book.posts.len()
                ),
            ));
        };
        let fonts = FontSet::load(&self.options.fonts)?;
        let env = Env {
            fonts: &fonts,
            assets: &book.assets,
            settings: &self.options.settings,
            diagnostics,
            source: &post.source,
            lang: &post.meta.lang,
        };
        let document = compose::handout(env, book, self.post);
        paint::paint(&document, &fonts, &book.assets, out)
    }
}
