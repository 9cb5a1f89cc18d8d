//! Layout of whole documents: the model's blocks and inlines → lines → positioned boxes → pages
//! ([`crate::frame`]). Pure data: unit-tested without writing PDFs.
//!
//! - `inline.rs`: inlines (text, emphasis, code, links, images, ruby, note references) → shaped,
//!   broken, justified [`LineBox`]es for one measure.
//! - `blocks.rs` (paragraphs, headings, quotes, figures, embeds, rules, definition lists),
//!   `lists.rs`, `code.rs`, `table.rs`, `title.rs`, `notes.rs`: blocks → pieces of a vertical flow.
//! - `flow.rs`: the pieces (unbreakable slices with keep/space/anchor data) and the paginator
//!   (headings kept with two lines, the 2/2 widow/orphan rule, repeated table headers, space
//!   reserved for notes at the page foot, quote bars and code tints drawn per page).
//! - `post.rs`: a post → pages ([`compose_post`]), then page numbers, link resolution, outline and
//!   document info ([`handout`]).
//! - `book/`: the whole blog as a book ([`compose_book`]): title page, contents, every post a
//!   chapter laid out by the same path (in parallel), running heads, folios.

mod blocks;
mod book;
mod code;
pub mod code_theme;
mod flow;
pub mod inline;
mod lists;
mod math;
mod notes;
mod post;
mod table;
#[cfg(test)]
mod tests;
mod title;
mod vertical;

use std::path::Path;

use hanmoto_model::config::book_toml::{CodeTheme, LinkStyle};
use hanmoto_model::{AssetStore, Diagnostics};

use crate::fonts::FontSet;

pub use book::{
    book_source, compose_book, compose_book_with, date_range, empty_book_error, BookOptions,
    ComposedBook, PageKind,
};
pub use inline::{layout_inlines, Align, InlineContext, LineBox, NoteRef, NoteRegistry, TextStyle};
pub use notes::LINK_NOTES_ANCHOR;
pub use post::{
    add_folios, bind_margins, bind_shift, compose_chapter, compose_post, handout, resolve_links,
    ComposedPost,
};
pub use title::{format_date, post_author, post_url};

/// Millimetres to points.
pub fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// What the page looks like, from book.toml and the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Paper size in pt.
    pub page_width: f32,
    pub page_height: f32,
    /// Margins in pt. `inner`/`outer` differ for bound books; a handout uses the same on both.
    pub margin_top: f32,
    pub margin_bottom: f32,
    pub margin_inner: f32,
    pub margin_outer: f32,
    /// Body text size in pt.
    pub body_size: f32,
    pub links: LinkStyle,
    /// Colours and weights of highlighted code.
    pub code_theme: CodeTheme,
    /// Set top to bottom, columns right to left (縦組み); `None`: horizontal.
    pub vertical: Option<Vertical>,
}

/// How vertical text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vertical {
    /// Digit runs up to this long stand upright in one em (tate-chu-yoko); 0: never.
    pub tcy_digits: u8,
}

impl Settings {
    /// Defaults for a paper size (mm): margins and a body size that suit it (A4 10.5 pt with
    /// 20 mm margins; A6 8.5 pt with 12 mm).
    pub fn for_paper(width_mm: f32, height_mm: f32, links: LinkStyle) -> Settings {
        let short = width_mm.min(height_mm);
        let (margin, body) = if short >= 200.0 {
            (20.0, 10.5)
        } else if short >= 170.0 {
            (18.0, 10.0)
        } else if short >= 140.0 {
            (15.0, 9.5)
        } else if short >= 120.0 {
            (14.0, 9.0)
        } else {
            (12.0, 8.5)
        };
        Settings {
            page_width: mm(width_mm),
            page_height: mm(height_mm),
            margin_top: mm(margin),
            margin_bottom: mm(margin),
            margin_inner: mm(margin),
            margin_outer: mm(margin),
            body_size: body,
            links,
            code_theme: CodeTheme::default(),
            vertical: None,
        }
    }

    /// A vertical page in the coordinates vertical layout works in: the page turned a quarter
    /// to the left, so its columns are lines of a horizontal page (x down the column, y across
    /// the columns from the right edge; [`crate::frame::rotate_vertical`] turns the result
    /// back). The lines start at the top margin; the first column is at the inner margin, which
    /// a book bound on the right has on the right of a recto. Unchanged when horizontal.
    pub fn vertical_layout(&self) -> Settings {
        if self.vertical.is_none() {
            return self.clone();
        }
        Settings {
            page_width: self.page_height,
            page_height: self.page_width,
            margin_inner: self.margin_top,
            margin_outer: self.margin_bottom,
            margin_top: self.margin_inner,
            margin_bottom: self.margin_outer,
            ..self.clone()
        }
    }

    /// For a vertical layout ([`Settings::vertical_layout`]): the horizontal page that upright
    /// boxes in it (code, tables, display formulas) are set in, as wide as the text area.
    pub fn upright(&self) -> Settings {
        Settings {
            page_width: self.page_height,
            page_height: self.page_width,
            margin_inner: self.margin_top,
            margin_outer: self.margin_bottom,
            margin_top: self.margin_inner,
            margin_bottom: self.margin_outer,
            vertical: None,
            ..self.clone()
        }
    }

    /// Width of the text column in pt.
    pub fn measure(&self) -> f32 {
        self.page_width - self.margin_inner - self.margin_outer
    }
}

/// What every layout step needs to read (never to change).
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub fonts: &'a FontSet,
    pub assets: &'a AssetStore,
    pub settings: &'a Settings,
    pub diagnostics: &'a Diagnostics,
    /// The post being laid out (for diagnostics), relative to the site root as in `Post::source`.
    pub source: &'a Path,
    /// BCP 47 language of the text (`ja`).
    pub lang: &'a str,
}
