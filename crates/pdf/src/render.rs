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
