//! The `Renderer`s: a handout of one post (and, later, the whole book). Glue only: load the faces,
//! compose the pages, paint them.

use hanmoto_model::{Book, Diagnostic, Diagnostics, Renderer};

use crate::compose::Settings;
use crate::fonts::FontConfig;

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
        _diagnostics: &Diagnostics,
        _out: &mut dyn std::io::Write,
    ) -> Result<(), Diagnostic> {
        if book.posts.get(self.post).is_none() {
            return Err(Diagnostic::error("pdf", "no such post in the book"));
        }
        // Wired up when compose::flow and paint land.
        Err(Diagnostic::error("pdf", "the PDF handout is not assembled yet"))
    }
}
