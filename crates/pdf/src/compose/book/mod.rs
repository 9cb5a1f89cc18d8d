//! The whole blog as a printed book ([`compose_book`]): a title page, a table of contents, then
//! one chapter per post. Every chapter is the handout's layout ([`compose_chapter`], the same
//! path as [`super::compose_post`]) run on its own — in parallel — and only then placed in the
//! book: page offsets ([`ComposedPost::shift`]), links between chapters, the contents' page
//! numbers, bound margins, running heads and folios are all added to finished pages. Nothing is
//! laid out twice.
//!
//! - `front.rs`: the title page and the table of contents (set once, numbered once the chapters'
//!   places are known: its length never depends on the numbers).
//! - `heads.rs`: running heads (book title on versos, chapter title on rectos) and folios.
//!
//! Page numbers are physical: the title page is page 1, so the contents' numbers are what a PDF
//! viewer (and `pdftotext -f N`) calls the page.

mod front;
pub use front::date_range;
mod heads;
#[cfg(test)]
mod tests;

use hanmoto_model::config::book_toml::ContentsNumbers;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use hanmoto_model::{Book, Diagnostic};
use rayon::prelude::*;

use super::post::{bind_margins, compose_chapter, resolve_in_handout, resolve_links, ComposedPost};
use super::Env;
use crate::frame::{DocInfo, Document, LinkDest, OutlineItem, Page};

/// How the book is put together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookOptions {
    /// Chapters (and the contents) start on a right-hand, odd page; a blank page before when
    /// needed.
    pub chapters_on_recto: bool,
    /// Lay chapters out on rayon's pool (the result is the same either way).
    pub parallel: bool,
    /// The contents' page numbers: kanji (一二, as vertical books print them) or arabic.
    pub contents_numbers: ContentsNumbers,
}

/// What a page is, for running heads and folios.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Title,
    /// Left empty so that what follows starts on a recto: no head, no folio.
    Blank,
    /// The first page of the contents.
    ContentsOpener,
    /// A later page of the contents.
    Contents,
    /// The first page of chapter `n` (0-based): no running head, no folio.
    ChapterOpener(usize),
    /// A later page of chapter `n`.
    Chapter(usize),
}

/// The book as pages, with what each page is.
#[derive(Debug, Clone, PartialEq)]
pub struct ComposedBook {
    pub document: Document,
    /// One per page of `document`.
    pub kinds: Vec<PageKind>,
    /// Page index (0-based) of each chapter's opener; its printed number is index + 1.
    pub chapter_starts: Vec<usize>,
    /// The page numbers the contents print, one per chapter, in order.
    pub contents_numbers: Vec<usize>,
}

/// Lays out `book` as a printed book. `env` is the book's own (its language, `book.toml` as
/// the source); each chapter gets its post's source and language. `progress(done, total)` is
/// called (from any thread) as chapters finish. An empty book is an error.
pub fn compose_book(
    env: Env<'_>,
    book: &Book,
    options: BookOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ComposedBook, Diagnostic> {
    compose_book_with(env, book, options, progress, &mut |_| Ok(()))
}

/// Chapters laid out at a time by [`compose_book_with`]: enough to keep every core busy,
/// few enough that their frames are a small part of a big book.
const BATCH: usize = 64;

/// [`compose_book`], handing each batch of laid-out chapters, in book order, to `batch`
/// before the book is assembled: it may take their pages' drawing away (the painter paints
/// them there and then, so a book's frames are never all alive) as long as it leaves every
/// page in place with its `Link` elements, which assembling resolves, moves and numbers like
/// the rest. The result is the same whatever `batch` does with the drawing.
pub fn compose_book_with(
    env: Env<'_>,
    book: &Book,
    options: BookOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
    batch: &mut dyn FnMut(&mut [ComposedPost]) -> Result<(), Diagnostic>,
) -> Result<ComposedBook, Diagnostic> {
    let total = book.posts.len();
    if total == 0 {
        return Err(empty_book_error());
    }
    let done = AtomicUsize::new(0);
    let chapter = |i: usize| {
        let post = &book.posts[i];
        let chapter_env = Env {
            source: &post.source,
            lang: chapter_lang(env, &post.meta.lang),
            ..env
        };
        let composed = compose_chapter(chapter_env, book, i);
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        composed
    };
    let mut chapters: Vec<ComposedPost> = Vec::with_capacity(total);
    for first in (0..total).step_by(BATCH) {
        let range = first..(first + BATCH).min(total);
        let mut laid: Vec<ComposedPost> = if options.parallel {
            range.into_par_iter().map(chapter).collect()
        } else {
            range.map(chapter).collect()
        };
        batch(&mut laid)?;
        chapters.append(&mut laid);
    }
    Ok(assemble(env, book, options, chapters))
}

/// The chapter's language: its post's, else the book's.
fn chapter_lang<'a>(env: Env<'a>, post_lang: &'a str) -> &'a str {
    if post_lang.trim().is_empty() {
        env.lang
    } else {
        post_lang
    }
}

/// Places the laid-out chapters after the front matter and decorates the whole.
fn assemble(
    env: Env<'_>,
    book: &Book,
    options: BookOptions,
    mut chapters: Vec<ComposedPost>,
) -> ComposedBook {
    let settings = env.settings;
    let recto = options.chapters_on_recto;
    let blank = || Page {
        width: settings.page_width,
        height: settings.page_height,
        elements: Vec::new(),
    };

    // The contents are set before anything is numbered: their page count fixes every offset.
    let chapter_pages: usize = chapters.iter().map(|c| c.pages.len()).sum();
    // Title, its blank back, a blank before each chapter and at most a page of contents per
    // chapter: more pages than the book can have, so the number column is never too narrow.
    let bound = 2 + chapter_pages + 3 * chapters.len();
    // A vertical book's front matter is set like its chapters: in the turned layout, then
    // turned (`vertical.rs`).
    let layout = settings.vertical_layout();
    let front_env = Env {
        settings: &layout,
        ..env
    };
    let turn = |page: Page| {
        if settings.vertical.is_some() {
            crate::frame::rotate_vertical(page)
        } else {
            page
        }
    };
    let contents =
        front::Contents::set(front_env, book, &chapters, bound, options.contents_numbers);

    let mut pages = Vec::with_capacity(chapter_pages + chapters.len() + contents.pages() + 2);
    let mut kinds = Vec::with_capacity(pages.capacity());
    pages.push(turn(front::title_page(front_env, book)));
    kinds.push(PageKind::Title);
    let to_recto = |pages: &mut Vec<Page>, kinds: &mut Vec<PageKind>| {
        // Page index i is printed i + 1: an odd index is an even (verso) page.
        if recto && pages.len() % 2 == 1 {
            pages.push(blank());
            kinds.push(PageKind::Blank);
        }
    };
    to_recto(&mut pages, &mut kinds);
    let contents_start = pages.len();
    for k in 0..contents.pages() {
        pages.push(blank());
        kinds.push(if k == 0 {
            PageKind::ContentsOpener
        } else {
            PageKind::Contents
        });
    }

    let mut starts = Vec::with_capacity(chapters.len());
    for (n, chapter) in chapters.iter_mut().enumerate() {
        to_recto(&mut pages, &mut kinds);
        let start = pages.len();
        starts.push(start);
        chapter.shift(start);
        for (k, page) in std::mem::take(&mut chapter.pages).into_iter().enumerate() {
            pages.push(page);
            kinds.push(if k == 0 {
                PageKind::ChapterOpener(n)
            } else {
                PageKind::Chapter(n)
            });
        }
    }

    // Links: a chapter's own anchors first (heading ids are unique only within a post), then
    // other chapters by `post:<id>[#fragment]`, then the web for posts not in the book.
    let by_id: HashMap<&str, usize> = book
        .posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.meta.id.as_str(), i))
        .collect();
    for (n, post) in book.posts.iter().enumerate() {
        let first = starts[n];
        let end = starts.get(n + 1).map_or(pages.len(), |&s| s);
        let own = &chapters[n].anchors;
        let resolve = |name: &str| -> Option<LinkDest> {
            if let Some(&(page, y)) = own.get(name) {
                return Some(LinkDest::Page { page, y });
            }
            resolve_between_chapters(name, &by_id, &chapters)
                .or_else(|| resolve_in_handout(name, book, post, own))
        };
        resolve_links(&mut pages[first..end], &resolve);
    }

    let numbers: Vec<usize> = starts.iter().map(|s| s + 1).collect();
    let contents_pages = contents_start..contents_start + contents.pages();
    let mut front_pages: Vec<Page> = contents_pages
        .clone()
        .map(|_| Page {
            width: layout.page_width,
            height: layout.page_height,
            elements: Vec::new(),
        })
        .collect();
    contents.paint(front_env, &mut front_pages, &starts);
    for (slot, page) in pages[contents_pages].iter_mut().zip(front_pages) {
        *slot = turn(page);
    }

    bind_margins(settings, &mut pages, 1);
    heads::add(env, book, &chapters, &mut pages, &kinds);

    let mut outline = Vec::with_capacity(chapters.len() + 1);
    outline.push(OutlineItem {
        title: front::contents_title(env.lang).to_owned(),
        page: contents_start,
        y: 0.0,
        children: Vec::new(),
    });
    outline.extend(chapters.into_iter().map(|c| c.outline));

    ComposedBook {
        document: Document {
            pages,
            outline,
            info: book_info(env, book),
        },
        kinds,
        chapter_starts: starts,
        contents_numbers: numbers,
    }
}

/// `post:<id>` and `post:<id>#fragment` for a post in the book: its chapter's title, or the
/// fragment's place in that chapter (its title when the fragment is unknown there).
fn resolve_between_chapters(
    name: &str,
    by_id: &HashMap<&str, usize>,
    chapters: &[ComposedPost],
) -> Option<LinkDest> {
    let rest = name.strip_prefix("post:")?;
    let (id, fragment) = match rest.split_once('#') {
        Some((id, f)) => (id, Some(f)),
        None => (rest, None),
    };
    let chapter = chapters.get(*by_id.get(id)?)?;
    let at = fragment
        .filter(|f| !f.is_empty())
        .and_then(|f| chapter.anchors.get(f))
        .or_else(|| chapter.anchors.get(&format!("post:{id}")))
        .copied()
        .unwrap_or((chapter.outline.page, 0.0));
    Some(LinkDest::Page {
        page: at.0,
        y: at.1,
    })
}

/// Document info from the book: its title, authors, description, every tag once, language,
/// and the newest post's date (never "now": the same book gives the same bytes).
fn book_info(env: Env<'_>, book: &Book) -> DocInfo {
    let ja = front::is_ja(env.lang);
    let mut seen = HashSet::new();
    let keywords = book
        .posts
        .iter()
        .flat_map(|p| p.meta.tags.iter())
        .filter(|t| seen.insert(t.as_str()))
        .cloned()
        .collect();
    DocInfo {
        title: book.meta.title.clone(),
        author: (!book.meta.authors.is_empty())
            .then(|| book.meta.authors.join(if ja { "、" } else { ", " })),
        subject: book
            .meta
            .description
            .clone()
            .or_else(|| book.meta.subtitle.clone())
            .filter(|d| !d.trim().is_empty()),
        keywords,
        lang: env.lang.to_owned(),
        right_to_left: env.settings.vertical.is_some(),
        date: book.posts.iter().map(|p| p.meta.date).max(),
    }
}

/// A book with no posts cannot be typeset.
pub fn empty_book_error() -> Diagnostic {
    Diagnostic::error(
        "pdf-empty-book",
        "the book has no posts: nothing to typeset (check `[posts]` in book.toml and that \
         `_posts/` holds published posts)",
    )
}

/// The source a book-level diagnostic (a glyph missing from the title) points at.
pub fn book_source() -> &'static Path {
    Path::new("book.toml")
}
