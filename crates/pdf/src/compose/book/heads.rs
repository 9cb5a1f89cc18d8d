//! Running heads and folios, added to finished (and already bound) pages.
//!
//! Heads: the book's title on versos (even pages), the chapter's title on rectos (odd pages),
//! small gothic at the outer edge over a thin rule — the reader flipping pages looks at the outer
//! corners. Folios: plain page numbers at the foot's outer corner, for the same reason. Neither on
//! the title page, blank pages, chapter openers or the contents' first page: an opener carries its
//! own title and its number is in the contents.

use hanmoto_model::Book;

use super::super::blocks::line_extent;
use super::super::inline::{Align, LineBox, TextStyle};
use super::super::post::ComposedPost;
use super::super::{Env, Settings};
use super::front::{contents_title, place, set};
use super::PageKind;
use crate::fonts::Role;
use crate::frame::{Color, Element, Page, Point, Stroke};

/// Adds heads and folios to `pages` (page index i is printed i + 1), per `kinds`.
pub(super) fn add(
    env: Env<'_>,
    book: &Book,
    chapters: &[ComposedPost],
    pages: &mut [Page],
    kinds: &[PageKind],
) {
    // Heads and folios are horizontal in a vertical book too, in its margins.
    let flat = Settings {
        vertical: None,
        ..env.settings.clone()
    };
    let vertical = env.settings.vertical.is_some();
    let env = Env {
        settings: &flat,
        ..env
    };
    let s = env.settings;
    let body = s.body_size;
    let measure = s.measure().max(1.0);
    let mut head_style = TextStyle::new(Role::Heading, (body * 0.75).max(6.0));
    head_style.align = Align::Start;
    head_style.hyphenate = false;
    head_style.color = Color::gray(0.3);
    let mut folio_style = TextStyle::new(Role::Body, (body * 0.85).max(6.0));
    folio_style.align = Align::Start;
    folio_style.hyphenate = false;
    folio_style.color = Color::gray(0.2);

    let title = if book.meta.title.trim().is_empty() {
        book.meta.slug.as_str()
    } else {
        book.meta.title.as_str()
    };
    let verso_head = fit_line(env, title, &head_style, measure);
    let contents_head = fit_line(env, contents_title(env.lang), &head_style, measure);
    // Each chapter's head is set once, when its first recto body page needs it.
    let mut chapter_heads: Vec<Option<Option<LineBox>>> = vec![None; chapters.len()];

    // One body size above the text; in a very small top margin, as low as the head still fits.
    let rule_y = (s.margin_top - body).max(head_style.size * 1.6);
    let head_baseline = rule_y - head_style.size * 0.5;
    let folio_baseline = s.page_height - s.margin_bottom / 2.0 + folio_style.size * 0.35;

    for (i, (page, kind)) in pages.iter_mut().zip(kinds).enumerate() {
        let recto = i % 2 == 0;
        // The outer edge: a horizontal book's recto is the right-hand page, a vertical
        // book's (bound on the right) the left-hand one.
        let outer_right = recto != vertical;
        let left = if outer_right {
            s.margin_inner
        } else {
            s.margin_outer
        };
        let right = left + measure;
        let chapter = match *kind {
            PageKind::Contents => None,
            PageKind::Chapter(n) => Some(n),
            _ => continue,
        };
        let head = if !recto {
            verso_head.as_ref()
        } else if let Some(n) = chapter {
            let slot = &mut chapter_heads[n];
            if slot.is_none() {
                let lang = book
                    .posts
                    .get(n)
                    .map(|p| p.meta.lang.as_str())
                    .filter(|l| !l.trim().is_empty())
                    .unwrap_or(env.lang);
                let text = chapters.get(n).map_or("", |c| c.outline.title.as_str());
                *slot = Some(fit_line(Env { lang, ..env }, text, &head_style, measure));
            }
            slot.as_ref().and_then(Option::as_ref)
        } else {
            contents_head.as_ref()
        };
        if let Some(line) = head {
            let x = if outer_right {
                right - line_extent(line)
            } else {
                left
            };
            place(line.clone(), x, head_baseline, &mut page.elements);
        }
        page.elements.push(Element::Rule {
            from: Point { x: left, y: rule_y },
            to: Point {
                x: right,
                y: rule_y,
            },
            stroke: Stroke {
                width: 0.4,
                color: Color::gray(0.45),
            },
        });
        if let Some(folio) = set(env, &(i + 1).to_string(), &folio_style, 1.0e4)
            .into_iter()
            .next()
        {
            let x = if outer_right {
                right - line_extent(&folio)
            } else {
                left
            };
            place(folio, x, folio_baseline, &mut page.elements);
        }
    }
}

/// `text` on one line of `width`: whole when it fits, else cut with `…` where it still does.
pub(super) fn fit_line(env: Env<'_>, text: &str, style: &TextStyle, width: f32) -> Option<LineBox> {
    let mut lines = set(env, text, style, width);
    if lines.len() <= 1 {
        return lines.pop();
    }
    let chars: Vec<char> = text.chars().collect();
    // The longest prefix that fits with the ellipsis: one line for `lo` chars, more for `hi`.
    let (mut lo, mut hi) = (0, chars.len());
    let mut best = None;
    while lo + 1 < hi {
        let mid = (lo + hi) / 2;
        let cut: String = chars[..mid].iter().collect();
        let mut lines = set(env, &format!("{}…", cut.trim_end()), style, width);
        if lines.len() <= 1 {
            lo = mid;
            best = lines.pop();
        } else {
            hi = mid;
        }
    }
    best.or_else(|| set(env, "…", style, width).into_iter().next())
}
