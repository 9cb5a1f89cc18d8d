//! A post laid out into pages on its own ([`compose_post`]), then decorated once the document's
//! page count is known ([`add_folios`], [`resolve_links`]). The handout is one post plus both
//! steps ([`handout`]); a whole book composes every post independently (in parallel), offsets
//! their pages with [`ComposedPost::shift`], and decorates the concatenation — one layout path.

use std::collections::HashMap;

use hanmoto_model::{Book, Inline, Post};

use super::blocks::{line_extent, Composer};
use super::flow::{paginate, place_page, FootMeasure, NoFoot, PagePlan, Placed};
use super::inline::{Align, LineBox, NoteRegistry, TextStyle};
use super::notes::{short_rule, FootNotes};
use super::title::{post_author, post_url};
use super::Env;
use crate::fonts::Role;
use crate::frame::{Color, DocInfo, Document, Element, LinkDest, OutlineItem, Page};
use hanmoto_model::config::book_toml::LinkStyle;

/// One post in pages. Page indices (in `outline` and `anchors`) count from the post's first page.
#[derive(Debug, Clone, PartialEq)]
pub struct ComposedPost {
    pub pages: Vec<Page>,
    /// The post's title, its headings nested under it (h2 under the title, h3 under the h2 …).
    pub outline: OutlineItem,
    /// Every named place: heading ids, `fn:label`, `fnref:label`, `note:n`, `post:<id>` (the
    /// title), page index and y (top-left origin).
    pub anchors: HashMap<String, (usize, f32)>,
    /// The notes as numbered in this post.
    pub notes: NoteRegistry,
}

impl ComposedPost {
    /// After a vertical post's pages are turned: its places were y positions of the turned
    /// layout, which are now across the columns; a link or a bookmark goes to the top of the
    /// place's page instead.
    fn turn_places(&mut self) {
        fn outline(item: &mut OutlineItem) {
            item.y = 0.0;
            for c in &mut item.children {
                outline(c);
            }
        }
        outline(&mut self.outline);
        for a in self.anchors.values_mut() {
            a.1 = 0.0;
        }
    }

    /// Moves the post `offset` pages later in a longer document.
    pub fn shift(&mut self, offset: usize) {
        fn outline(item: &mut OutlineItem, offset: usize) {
            item.page += offset;
            for c in &mut item.children {
                outline(c, offset);
            }
        }
        outline(&mut self.outline, offset);
        for a in self.anchors.values_mut() {
            a.0 += offset;
        }
    }
}

/// Lays out post `index` of `book` into pages. Never panics: an index out of range or an empty
/// post gives one page (with the title block when there is a post).
pub fn compose_post(env: Env<'_>, book: &Book, index: usize) -> ComposedPost {
    compose(env, book, index, Opener::Handout)
}

/// [`compose_post`] for a book: the same layout, opened by the chapter variant of the title block
/// (sunk down the page, as a chapter opener is).
pub fn compose_chapter(env: Env<'_>, book: &Book, index: usize) -> ComposedPost {
    compose(env, book, index, Opener::Chapter)
}

/// How a post's first page opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opener {
    /// The title block at the top of the page.
    Handout,
    /// A chapter opener: the title block lower down.
    Chapter,
}

fn compose(env: Env<'_>, book: &Book, index: usize, opener: Opener) -> ComposedPost {
    if env.settings.vertical.is_none() {
        return compose_in(env, book, index, opener);
    }
    // Vertical: laid out as lines of the turned page, then turned back.
    let layout = env.settings.vertical_layout();
    let mut post = compose_in(
        Env {
            settings: &layout,
            ..env
        },
        book,
        index,
        opener,
    );
    post.pages = std::mem::take(&mut post.pages)
        .into_iter()
        .map(crate::frame::rotate_vertical)
        .collect();
    post.turn_places();
    post
}

fn compose_in(env: Env<'_>, book: &Book, index: usize, opener: Opener) -> ComposedPost {
    let settings = env.settings;
    let blank = || Page {
        width: settings.page_width,
        height: settings.page_height,
        elements: Vec::new(),
    };
    let Some(post) = book.posts.get(index) else {
        return ComposedPost {
            pages: vec![blank()],
            outline: OutlineItem {
                title: String::new(),
                page: 0,
                y: 0.0,
                children: Vec::new(),
            },
            anchors: HashMap::new(),
            notes: NoteRegistry::default(),
        };
    };
    let mut c = Composer::new(env, &post.blocks);
    let region = c.full_region();
    if opener == Opener::Chapter {
        c.chapter_sinkage();
    }
    c.title_block(book, post, &region);
    c.blocks(&post.blocks, &region);

    let at_foot = settings.links == LinkStyle::Footnotes;
    let foot = if at_foot {
        let f = c.foot_notes(&region, true);
        // Nothing else may claim the anchors the foot notes own.
        Some(f)
    } else {
        c.end_footnotes(&region);
        if settings.links == LinkStyle::Notes {
            c.link_notes_section(&region);
        }
        None
    };

    let Paged {
        pages,
        anchors,
        headings,
    } = pages_of(&c, foot.as_ref());
    let title = post.meta.title.clone();
    let outline = OutlineItem {
        title: if title.trim().is_empty() {
            post.meta.id.clone()
        } else {
            title
        },
        page: 0,
        y: settings.margin_top,
        children: nest_headings(&headings),
    };
    ComposedPost {
        pages,
        outline,
        anchors,
        notes: c.notes,
    }
}

/// A post's flow cut into pages, with where its anchors and headings landed.
pub(crate) struct Paged {
    pub pages: Vec<Page>,
    pub anchors: HashMap<String, (usize, f32)>,
    /// Level, title, page, y.
    pub headings: Vec<(u8, String, usize, f32)>,
}

/// Paginates the composer's flow (reserving room for `foot` notes when given) and places every
/// page's pieces and foot notes. At least one page, even for an empty flow.
pub(crate) fn pages_of(c: &Composer<'_>, foot: Option<&FootNotes>) -> Paged {
    let settings = c.env.settings;
    let body_height = c.body_height;
    let plans = match foot {
        Some(f) => paginate(&c.flow.pieces, body_height, f),
        None => paginate(&c.flow.pieces, body_height, &NoFoot),
    };
    let (left, top) = (settings.margin_inner, settings.margin_top);
    let mut anchors = HashMap::new();
    let mut headings = Vec::new();
    let mut pages = Vec::with_capacity(plans.len().max(1));
    for (i, plan) in plans.iter().enumerate() {
        let mut page = Page {
            width: settings.page_width,
            height: settings.page_height,
            elements: place_page(
                plan,
                &c.flow.pieces,
                &c.flow.groups,
                i,
                (left, top),
                &mut anchors,
                &mut headings,
            ),
        };
        if let Some(f) = foot {
            place_foot(
                f,
                &plan.foot,
                i,
                (left, top + body_height),
                &mut page,
                &mut anchors,
                c.size,
                settings.measure(),
            );
        }
        pages.push(page);
    }
    if pages.is_empty() {
        pages.push(Page {
            width: settings.page_width,
            height: settings.page_height,
            elements: Vec::new(),
        });
    }
    Paged {
        pages,
        anchors,
        headings,
    }
}

/// Places the notes of one page's foot: a short rule, then each note, bottom-aligned to the text
/// area (`bottom` is its lower edge).
#[allow(clippy::too_many_arguments)]
fn place_foot(
    foot: &FootNotes,
    refs: &[super::inline::NoteRef],
    page_index: usize,
    (left, bottom): (f32, f32),
    page: &mut Page,
    anchors: &mut HashMap<String, (usize, f32)>,
    size: f32,
    width: f32,
) {
    let notes = foot.closure(refs);
    if notes.is_empty() {
        return;
    }
    let height = foot.foot_height(refs);
    let top = bottom - height;
    let mut rule = short_rule(
        &super::blocks::Region {
            x: 0.0,
            width,
            groups: Vec::new(),
        },
        size,
    );
    for e in &mut rule.elements {
        e.translate(left, top + (foot.separator - rule.height) / 2.0);
    }
    page.elements.append(&mut rule.elements);
    let mut plan = PagePlan::default();
    let mut y = foot.separator;
    for (n, r) in notes.iter().enumerate() {
        if n > 0 {
            y += foot.gap;
        }
        let Some(range) = foot.ranges.get(r) else {
            continue;
        };
        for (k, i) in range.clone().enumerate() {
            let p = &foot.flow.pieces[i];
            if k > 0 {
                y += p.space_before;
            }
            plan.placed.push(Placed { piece: i, y });
            y += p.height;
        }
    }
    let mut ignored = Vec::new();
    let elements = place_page(
        &plan,
        &foot.flow.pieces,
        &foot.flow.groups,
        page_index,
        (left, top),
        anchors,
        &mut ignored,
    );
    page.elements.extend(elements);
}

/// Headings (level, title, page, y) → outline items, each under the nearest earlier heading of a
/// smaller level.
fn nest_headings(headings: &[(u8, String, usize, f32)]) -> Vec<OutlineItem> {
    struct Node {
        level: u8,
        item: OutlineItem,
        children: Vec<Node>,
    }
    fn insert(nodes: &mut Vec<Node>, node: Node) {
        match nodes.last_mut() {
            Some(last) if last.level < node.level => insert(&mut last.children, node),
            _ => nodes.push(node),
        }
    }
    fn finish(nodes: Vec<Node>) -> Vec<OutlineItem> {
        nodes
            .into_iter()
            .map(|n| OutlineItem {
                children: finish(n.children),
                ..n.item
            })
            .collect()
    }
    let mut roots = Vec::new();
    for (level, title, page, y) in headings {
        insert(
            &mut roots,
            Node {
                level: *level,
                item: OutlineItem {
                    title: title.clone(),
                    page: *page,
                    y: *y,
                    children: Vec::new(),
                },
                children: Vec::new(),
            },
        );
    }
    finish(roots)
}

/// Replaces every `LinkDest::Anchor` that `resolve` knows; the rest stay (the painter skips them).
pub fn resolve_links(pages: &mut [Page], resolve: &dyn Fn(&str) -> Option<LinkDest>) {
    for page in pages {
        for e in &mut page.elements {
            if let Element::Link { dest, .. } = e {
                if let LinkDest::Anchor(name) = dest {
                    if let Some(d) = resolve(name) {
                        *dest = d;
                    }
                }
            }
        }
    }
}

/// For a bound book: pages are composed with the inner margin on the left (a recto); a verso
/// (even page number; `first` is the number of `pages[0]`) has its inner margin on the right, so
/// its content moves by `margin_outer − margin_inner`. Call before [`add_folios`]. A handout
/// (equal margins) is unchanged.
pub fn bind_margins(settings: &super::Settings, pages: &mut [Page], first: usize) {
    for (i, page) in pages.iter_mut().enumerate() {
        let dx = bind_shift(settings, first + i);
        if dx != 0.0 {
            for e in &mut page.elements {
                e.translate(dx, 0.0);
            }
        }
    }
}

/// How far [`bind_margins`] moves page number `number` (printed, 1-based) to the right: a
/// verso (even) page's drawing is moved so its wider margin is on the inside.
pub fn bind_shift(settings: &super::Settings, number: usize) -> f32 {
    // Bound on the right (vertical): a verso's inner margin is on its left.
    let dx = if settings.vertical.is_some() {
        settings.margin_inner - settings.margin_outer
    } else {
        settings.margin_outer - settings.margin_inner
    };
    if number.is_multiple_of(2) && dx.is_finite() {
        dx
    } else {
        0.0
    }
}

/// Page numbers `n / N`, centred in the bottom margin; `first` is the number of `pages[0]`.
pub fn add_folios(env: Env<'_>, pages: &mut [Page], first: usize, total: usize) {
    // Horizontal on a vertical page too.
    let flat = super::Settings {
        vertical: None,
        ..env.settings.clone()
    };
    let env = Env {
        settings: &flat,
        ..env
    };
    let s = env.settings;
    let size = (s.body_size * 0.8).max(6.0);
    let mut style = TextStyle::new(Role::Body, size);
    style.align = Align::Start;
    style.hyphenate = false;
    style.color = Color::gray(0.35);
    let mut notes = NoteRegistry::default();
    let mut ctx = super::inline::InlineContext {
        env,
        notes: &mut notes,
    };
    for (i, page) in pages.iter_mut().enumerate() {
        let text = format!("{} / {}", first + i, total);
        let lines: Vec<LineBox> =
            super::inline::layout_inlines(&mut ctx, &[Inline::text(text)], &style, 1.0e4);
        let Some(line) = lines.into_iter().next() else {
            continue;
        };
        let w = line_extent(&line);
        // The baseline in the middle of the bottom margin (the digits' centre on it, roughly).
        let x = (page.width - w) / 2.0;
        let y = page.height - s.margin_bottom / 2.0 + size * 0.35;
        for mut e in line.elements {
            e.translate(x, y);
            page.elements.push(e);
        }
    }
}

/// How a handout resolves a link anchor: a place in the post, or another post of the book by its
/// URL (`post:<id>` / `post:<id>#fragment`).
pub(crate) fn resolve_in_handout(
    name: &str,
    book: &Book,
    post: &Post,
    anchors: &HashMap<String, (usize, f32)>,
) -> Option<LinkDest> {
    let page = |(page, y): (usize, f32)| LinkDest::Page { page, y };
    if let Some(&a) = anchors.get(name) {
        return Some(page(a));
    }
    let rest = name.strip_prefix("post:")?;
    let (id, fragment) = match rest.split_once('#') {
        Some((id, f)) => (id, Some(f)),
        None => (rest, None),
    };
    if id == post.meta.id {
        return match fragment.and_then(|f| anchors.get(f)) {
            Some(&a) => Some(page(a)),
            None => anchors.get(&format!("post:{id}")).copied().map(page),
        };
    }
    let other = book.posts.iter().find(|p| p.meta.id == id)?;
    let url = post_url(book, other)?;
    Some(LinkDest::Uri(match fragment {
        Some(f) if !f.is_empty() => format!("{url}#{f}"),
        _ => url,
    }))
}

/// Post `index` of `book` as a handout: composed, page numbers `n / N`, internal links resolved,
/// outline and document info filled in.
pub fn handout(env: Env<'_>, book: &Book, index: usize) -> Document {
    let mut composed = compose_post(env, book, index);
    let total = composed.pages.len();
    add_folios(env, &mut composed.pages, 1, total);
    let Some(post) = book.posts.get(index) else {
        return Document {
            pages: composed.pages,
            outline: Vec::new(),
            info: DocInfo {
                title: book.meta.title.clone(),
                lang: env.lang.to_owned(),
                ..DocInfo::default()
            },
        };
    };
    let anchors = &composed.anchors;
    resolve_links(&mut composed.pages, &|name| {
        resolve_in_handout(name, book, post, anchors)
    });
    let ja = env.lang == "ja" || env.lang.starts_with("ja-");
    let info = DocInfo {
        title: composed.outline.title.clone(),
        author: post_author(book, post, ja),
        subject: post
            .meta
            .description
            .clone()
            .or_else(|| {
                let excerpt = post.meta.front_matter.get("excerpt")?;
                excerpt.as_str().map(str::to_owned)
            })
            .filter(|d| !d.trim().is_empty()),
        keywords: post.meta.tags.clone(),
        lang: if post.meta.lang.is_empty() {
            env.lang.to_owned()
        } else {
            post.meta.lang.clone()
        },
        right_to_left: env.settings.vertical.is_some(),
        date: Some(post.meta.date),
    };
    Document {
        pages: composed.pages,
        outline: vec![composed.outline],
        info,
    }
}
