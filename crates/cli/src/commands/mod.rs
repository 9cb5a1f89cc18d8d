pub mod build;
pub mod check;
pub mod handout;
pub mod init;
pub mod inspect;

use hanmoto_model::document::{walk_blocks, walk_inlines};
use hanmoto_model::{Block, Book, Diagnostic, Inline, Span};

/// One note per post that has TeX math: the PDF shows its TeX source (in a code style) until PDF
/// math typesetting arrives, and the author should know before printing. (The EPUB has MathML.)
pub fn math_notes(book: &Book, site_root: &std::path::Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &book.posts {
        let mut math = 0usize;
        walk_blocks(&p.blocks, &mut |b| {
            math += usize::from(matches!(b, Block::Math { .. }))
        });
        walk_inlines(&p.blocks, &mut |i| {
            math += usize::from(matches!(i, Inline::Math { .. }))
        });
        if math > 0 {
            out.push(
                Diagnostic::note(
                    "math",
                    format!("{math} TeX formula(s) are shown as TeX source in the PDF: PDF math typesetting is not available yet (the EPUB has them as MathML)"),
                )
                .at(Span::file(site_root.join(&p.source))),
            );
        }
    }
    out
}
