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

    fn render(
        &self,
        _book: &Book,
        _diagnostics: &Diagnostics,
        _out: &mut dyn std::io::Write,
    ) -> Result<(), Diagnostic> {
        Err(Diagnostic::error(
            "pdf",
            "the PDF book is not assembled yet",
        ))
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
