//! The title block at the top of a post's first page: title (gothic, large), date and author, tags,
//! the post's URL when the site has one, and a rule under it all.

use chrono::{DateTime, Datelike, FixedOffset};
use hanmoto_model::{Book, Post};

use super::blocks::{Composer, Region};
use super::flow::Piece;
use super::inline::{Align, TextStyle};
use crate::fonts::Role;
use crate::frame::{Color, Element, Point, Stroke};

/// `2015年1月18日` in Japanese, `January 18, 2015` in English, ISO `2015-01-18` otherwise.
pub fn format_date(date: &DateTime<FixedOffset>, lang: &str) -> String {
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    match primary {
        "ja" | "zh" => format!("{}年{}月{}日", date.year(), date.month(), date.day()),
        "en" => date.format("%B %-d, %Y").to_string(),
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

/// The post's absolute URL: `meta.url` when already absolute, else the site's URL + the path.
pub fn post_url(book: &Book, post: &Post) -> Option<String> {
    let url = post.meta.url.trim();
    if url.starts_with("http://") || url.starts_with("https://") {
        return Some(url.to_owned());
    }
    let site = book.meta.site_url.as_deref()?.trim_end_matches('/');
    if site.is_empty() || url.is_empty() {
        return None;
    }
    let sep = if url.starts_with('/') { "" } else { "/" };
    Some(format!("{site}{sep}{url}"))
}

/// The author shown for a post: its own, else the book's.
pub fn post_author(book: &Book, post: &Post, ja: bool) -> Option<String> {
    post.meta
        .author
        .clone()
        .filter(|a| !a.trim().is_empty())
        .or_else(|| {
            (!book.meta.authors.is_empty())
                .then(|| book.meta.authors.join(if ja { "、" } else { ", " }))
        })
}

impl Composer<'_> {
    /// The blank above a chapter opener's title: a sixth of the text area, a whole number of body
    /// lines so the opener's text still sits on the page's rhythm.
    pub(crate) fn chapter_sinkage(&mut self) {
        let line = self.size * 1.75;
        let lines = (self.body_height / 6.0 / line).floor().max(1.0);
        let mut blank = Piece::blank(lines * line);
        blank.keep_with_next = true;
        self.flow.push(blank);
    }

    pub(crate) fn title_block(&mut self, book: &Book, post: &Post, region: &Region) {
        let ja = self.is_ja();
        let start = self.flow.pieces.len();
        let size = self.size * 2.0;
        let mut style = TextStyle::new(Role::Heading, size);
        style.leading = size * 1.35;
        style.align = Align::Start;
        style.hyphenate = false;
        let title = if post.meta.title.trim().is_empty() {
            post.meta.id.as_str()
        } else {
            post.meta.title.as_str()
        };
        let lines = self.text_lines(title, &style, region.width);
        self.flow
            .push_lines(lines, region.x, &region.groups, false, self.body_height);
        if let Some(p) = self.flow.pieces.get_mut(start) {
            p.anchors.push((format!("post:{}", post.meta.id), 0.0));
        }

        let mut meta = TextStyle::new(Role::Body, self.size * 0.9);
        meta.align = Align::Start;
        meta.hyphenate = false;
        meta.color = Color::gray(0.35);
        meta.leading = meta.size * 1.6;
        let mut byline = format_date(&post.meta.date, self.env.lang);
        if let Some(author) = post_author(book, post, ja) {
            byline.push_str(if ja { "　" } else { " · " });
            byline.push_str(&author);
        }
        self.flow.space(self.size * 0.4);
        let lines = self.text_lines(&byline, &meta, region.width);
        self.flow
            .push_lines(lines, region.x, &region.groups, false, self.body_height);
        if !post.meta.tags.is_empty() {
            let tags = if ja {
                format!("タグ：{}", post.meta.tags.join("、"))
            } else {
                format!("Tags: {}", post.meta.tags.join(", "))
            };
            let lines = self.text_lines(&tags, &meta, region.width);
            self.flow
                .push_lines(lines, region.x, &region.groups, false, self.body_height);
        }
        if let Some(url) = post_url(book, post) {
            let lines = self.text_lines(&url, &meta, region.width);
            self.push_linked(lines, region, &url);
        }

        let h = self.size * 1.2;
        let mut rule = Piece::blank(h);
        rule.groups = region.groups.clone();
        rule.elements.push(Element::Rule {
            from: Point {
                x: region.x,
                y: h * 0.6,
            },
            to: Point {
                x: region.x + region.width,
                y: h * 0.6,
            },
            stroke: Stroke {
                width: 0.8,
                color: Color::gray(0.3),
            },
        });
        self.flow.push(rule);
        for p in &mut self.flow.pieces[start..] {
            p.keep_with_next = true;
        }
        self.flow.space(self.size * 1.2);
        self.flow.keep_next();
    }
}
