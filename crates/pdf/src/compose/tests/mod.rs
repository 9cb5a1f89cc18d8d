//! Flow and pagination tests on pure data: hand-built posts composed into frames, read back as
//! text lines with their page, position and size.

mod blocks;
mod document;
mod math;
mod pagination;
mod vertical;

use std::path::Path;
use std::sync::OnceLock;

use chrono::DateTime;
use hanmoto_model::config::book_toml::LinkStyle;
use hanmoto_model::{AssetStore, Block, Book, BookMeta, Diagnostics, Inline, Post, PostMeta};

use super::flow::Piece;
use super::{Env, Settings};
use crate::fonts::FontSet;
use crate::frame::{Document, Element, Page, TextLine};

pub(super) fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(FontSet::builtin)
}

pub(super) fn a4() -> Settings {
    Settings::for_paper(210.0, 297.0, LinkStyle::Notes)
}

pub(super) fn a6() -> Settings {
    Settings::for_paper(105.0, 148.0, LinkStyle::Notes)
}

pub(super) fn text(s: &str) -> Inline {
    Inline::text(s)
}

pub(super) fn para(s: &str) -> Block {
    Block::Paragraph {
        content: vec![text(s)],
    }
}

pub(super) fn heading(level: u8, id: &str, s: &str) -> Block {
    Block::Heading {
        level,
        id: id.into(),
        classes: Vec::new(),
        content: vec![text(s)],
    }
}

pub(super) fn post_meta(id: &str, title: &str) -> PostMeta {
    PostMeta {
        id: id.into(),
        title: title.into(),
        date: DateTime::parse_from_rfc3339("2015-01-18T00:00:00+09:00").unwrap(),
        slug: id.into(),
        tags: vec!["docker".into()],
        categories: Vec::new(),
        author: Some("著者".into()),
        description: Some("説明".into()),
        lang: "ja".into(),
        url: format!("/2015/01/18/{id}.html"),
        draft: false,
        front_matter: Default::default(),
    }
}

pub(super) fn book(blocks: Vec<Block>) -> Book {
    Book {
        meta: BookMeta {
            title: "本".into(),
            subtitle: None,
            authors: vec!["本の著者".into()],
            description: None,
            language: "ja".into(),
            publisher: None,
            site_url: Some("https://blog.example.com".into()),
            slug: "book".into(),
            cover: None,
        },
        posts: vec![Post {
            meta: post_meta("2015-01-18-post", "テストの記事"),
            blocks,
            source: "_posts/2015-01-18-post.md".into(),
        }],
        assets: AssetStore::new(),
        stylesheet: None,
    }
}

/// Runs `f` with an `Env` for `settings` and the book's assets.
pub(super) fn with_env<R>(settings: &Settings, book: &Book, f: impl FnOnce(Env<'_>) -> R) -> R {
    let diagnostics = Diagnostics::new();
    let env = Env {
        fonts: fonts(),
        assets: &book.assets,
        settings,
        diagnostics: &diagnostics,
        source: Path::new("_posts/post.md"),
        lang: "ja",
    };
    f(env)
}

pub(super) fn handout_of(settings: &Settings, blocks: Vec<Block>) -> Document {
    let b = book(blocks);
    with_env(settings, &b, |env| super::handout(env, &b, 0))
}

/// The text of a line, as extraction reads it (every glyph's `text`).
pub(super) fn line_text(t: &TextLine) -> String {
    t.segments
        .iter()
        .flat_map(|s| &s.glyphs)
        .map(|g| g.text.as_str())
        .collect()
}

/// The text of every text line of these pieces, in content order.
pub(super) fn piece_texts(pieces: &[Piece]) -> Vec<String> {
    pieces
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Text(t) => Some(line_text(t)),
            _ => None,
        })
        .collect()
}

/// A text line as read back: its text, baseline, left x, font size.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ReadLine {
    pub text: String,
    pub x: f32,
    pub y: f32,
    pub size: f32,
}

/// The text lines of a page in reading order (top to bottom, then left to right).
pub(super) fn lines(page: &Page) -> Vec<ReadLine> {
    let mut out: Vec<ReadLine> = page
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Text(t) => {
                let first = t.segments.iter().flat_map(|s| s.glyphs.iter()).next()?;
                Some(ReadLine {
                    text: line_text(t),
                    x: t.origin.x + first.x,
                    y: t.origin.y,
                    size: t.segments.first().map_or(0.0, |s| s.size),
                })
            }
            _ => None,
        })
        .collect();
    out.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    out
}

/// A page's text in reading order, lines joined with `\n`.
pub(super) fn page_text(page: &Page) -> String {
    lines(page)
        .into_iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every element except the folio (the last text line, in the bottom margin) lies inside the
/// text area.
pub(super) fn assert_inside_text_area(doc: &Document, s: &Settings) {
    let (left, right) = (s.margin_inner, s.page_width - s.margin_outer);
    let (top, bottom) = (s.margin_top, s.page_height - s.margin_bottom);
    let tol = 0.5;
    for (i, page) in doc.pages.iter().enumerate() {
        for e in &page.elements {
            let (x0, y0, x1, y1) = match e {
                Element::Text(t) => {
                    if t.origin.y > bottom + tol {
                        // The folio is the only text allowed below the text area.
                        let folio: String = t
                            .segments
                            .iter()
                            .flat_map(|s| s.glyphs.iter())
                            .map(|g| g.text.as_str())
                            .collect();
                        assert!(
                            folio.contains(" / "),
                            "page {i}: text below the area: {folio}"
                        );
                        continue;
                    }
                    // A full-width stop at a line end is set in half its advance (its ink is in
                    // the left half), so the advance may reach half an em past the measure.
                    let xs = t.segments.iter().flat_map(|s| {
                        s.glyphs
                            .iter()
                            .map(move |g| t.origin.x + g.x + g.advance - s.size * 0.5)
                    });
                    (
                        t.origin.x,
                        t.origin.y,
                        xs.fold(t.origin.x, f32::max),
                        t.origin.y,
                    )
                }
                Element::Rect { rect, .. }
                | Element::Image { rect, .. }
                | Element::Upright { rect, .. }
                | Element::Link { rect, .. } => (rect.x, rect.y, rect.right(), rect.bottom()),
                Element::Rule { from, to, .. } => (
                    from.x.min(to.x),
                    from.y.min(to.y),
                    from.x.max(to.x),
                    from.y.max(to.y),
                ),
            };
            assert!(
                x0 >= left - tol && x1 <= right + tol && y0 >= top - tol && y1 <= bottom + tol,
                "page {i}: {e:?} outside the text area ({left}, {top})–({right}, {bottom})"
            );
        }
    }
}
