//! Front matter: the title page and the table of contents.
//!
//! The contents are set in two steps. [`Contents::set`] lays out every entry (title, date) and
//! cuts them into pages with a number column wide enough for any page number the book can have,
//! so the contents' length is known before a single chapter is placed and never changes with
//! the numbers. [`Contents::paint`] then writes the entries, the dotted leaders, the numbers and
//! the links once every chapter's opener page is known.

use chrono::Datelike;
use hanmoto_model::config::book_toml::ContentsNumbers;
use hanmoto_model::{Book, Inline};

use super::super::blocks::line_extent;
use super::super::inline::{
    layout_inlines, Align, InlineContext, LineBox, NoteRegistry, TextStyle,
};
use super::super::post::ComposedPost;
use super::super::title::format_date;
use super::super::Env;
use crate::fonts::{FaceId, Role};
use crate::frame::{Color, Element, LinkDest, Page, PlacedGlyph, Point, Rect, Segment, TextLine};

pub(super) fn is_ja(lang: &str) -> bool {
    lang == "ja" || lang.starts_with("ja-")
}

/// The contents' heading (and bookmark).
pub(super) fn contents_title(lang: &str) -> &'static str {
    if is_ja(lang) {
        "目次"
    } else {
        "Contents"
    }
}

/// The months the posts span: `2015年1月〜2016年3月` (ja), `January 2015 – March 2016` (en),
/// `2015-01 – 2016-03` otherwise; one month alone when they all fall in it.
pub fn date_range(book: &Book, lang: &str) -> Option<String> {
    let first = book.posts.iter().map(|p| p.meta.date).min()?;
    let last = book.posts.iter().map(|p| p.meta.date).max()?;
    let primary = lang.split(['-', '_']).next().unwrap_or("");
    let (month, sep): (fn(&chrono::DateTime<chrono::FixedOffset>) -> String, &str) = match primary {
        "ja" | "zh" => (|d| format!("{}年{}月", d.year(), d.month()), "〜"),
        "en" => (|d| d.format("%B %Y").to_string(), " – "),
        _ => (|d| d.format("%Y-%m").to_string(), " – "),
    };
    let (a, b) = (month(&first), month(&last));
    Some(if a == b { a } else { format!("{a}{sep}{b}") })
}

/// Sets `text` in `style` to `width`.
pub(super) fn set(env: Env<'_>, text: &str, style: &TextStyle, width: f32) -> Vec<LineBox> {
    let mut notes = NoteRegistry::default();
    let mut ctx = InlineContext {
        env,
        notes: &mut notes,
    };
    layout_inlines(&mut ctx, &[Inline::text(text)], style, width)
}

/// Moves a line's elements to `(x, baseline)` and onto `out`.
pub(super) fn place(line: LineBox, x: f32, baseline: f32, out: &mut Vec<Element>) {
    for mut e in line.elements {
        e.translate(x, baseline);
        out.push(e);
    }
}

/// Stacks `lines` from `y` down, each at its own ascent and descent; returns the y below them.
fn stack(lines: Vec<LineBox>, x: f32, mut y: f32, out: &mut Vec<Element>) -> f32 {
    for line in lines {
        let (ascent, descent) = (line.ascent, line.descent);
        place(line, x, y + ascent, out);
        y += ascent + descent;
    }
    y
}

fn style(role: Role, size: f32, align: Align, color: Color) -> TextStyle {
    let mut s = TextStyle::new(role, size);
    s.align = align;
    s.hyphenate = false;
    s.color = color;
    s.leading = size * 1.5;
    s
}

/// The title page (page 1, a recto): the title and subtitle centred a little above the middle,
/// the authors and the months the posts span lower down. No folio.
pub(super) fn title_page(env: Env<'_>, book: &Book) -> Page {
    let s = env.settings;
    let (x, width) = (s.margin_inner, s.measure().max(1.0));
    let body = s.body_size;
    let mut elements = Vec::new();
    let title = if book.meta.title.trim().is_empty() {
        book.meta.slug.as_str()
    } else {
        book.meta.title.as_str()
    };
    let title_style = style(Role::Heading, body * 2.4, Align::Center, Color::BLACK);
    let mut y = s.page_height * 0.28;
    y = stack(set(env, title, &title_style, width), x, y, &mut elements);
    let subtitle = book
        .meta
        .subtitle
        .as_deref()
        .or(book.meta.description.as_deref())
        .filter(|t| !t.trim().is_empty());
    if let Some(sub) = subtitle {
        let sub_style = style(Role::Body, body * 1.2, Align::Center, Color::gray(0.25));
        stack(
            set(env, sub, &sub_style, width),
            x,
            y + body * 1.5,
            &mut elements,
        );
    }

    let mut y = s.page_height * 0.66;
    if !book.meta.authors.is_empty() {
        let sep = if is_ja(env.lang) { "、" } else { ", " };
        let author_style = style(Role::Body, body * 1.3, Align::Center, Color::BLACK);
        y = stack(
            set(env, &book.meta.authors.join(sep), &author_style, width),
            x,
            y,
            &mut elements,
        );
    }
    if let Some(range) = date_range(book, env.lang) {
        let date_style = style(Role::Body, body, Align::Center, Color::gray(0.35));
        stack(
            set(env, &range, &date_style, width),
            x,
            y + body * 0.8,
            &mut elements,
        );
    }
    Page {
        width: s.page_width,
        height: s.page_height,
        elements,
    }
}

/// One chapter's line in the contents, relative to its top-left corner.
struct Entry {
    elements: Vec<Element>,
    height: f32,
    /// Baseline of the title's last line: the leaders and the number sit on it.
    number_baseline: f32,
    /// Where the title's last line ends (the leaders start after it).
    title_end: f32,
}

/// The dot the leaders repeat.
#[derive(Clone, Copy)]
struct Leader {
    face: FaceId,
    gid: u16,
    advance: f32,
}

/// The table of contents, set and paginated, waiting for its numbers.
pub(super) struct Contents {
    heading: Vec<Element>,
    entries: Vec<Entry>,
    /// Per page: the entries on it and their tops (from the text area's top).
    placed: Vec<Vec<(usize, f32)>>,
    number_style: TextStyle,
    numbers: ContentsNumbers,
    leader: Option<Leader>,
}

impl Contents {
    /// Sets one entry per chapter (title, then its date small) and paginates them; `bound` is
    /// more than the book's last page number.
    pub(super) fn set(
        env: Env<'_>,
        book: &Book,
        chapters: &[ComposedPost],
        bound: usize,
        numbers: ContentsNumbers,
    ) -> Contents {
        let s = env.settings;
        let body = s.body_size;
        let measure = s.measure().max(1.0);
        let body_height = (s.page_height - s.margin_top - s.margin_bottom).max(1.0);

        // The chapter openers' sinkage (title.rs), so the contents open like a chapter.
        let line = body * 1.75;
        let sinkage = (body_height / 6.0 / line).floor().max(1.0) * line;
        let mut heading = Vec::new();
        let heading_style = style(Role::Heading, body * 2.0, Align::Start, Color::BLACK);
        let below = stack(
            set(env, contents_title(env.lang), &heading_style, measure),
            0.0,
            sinkage,
            &mut heading,
        );
        let heading_height = below + body * 1.8;

        let number_style = style(Role::Body, body, Align::Start, Color::BLACK);
        // Every numeral of a kind is as wide as its zero (tabular figures; kanji are one em).
        let digits = numeral(numbers, 0).repeat(numeral(numbers, bound.max(1)).chars().count());
        let number_width = set(env, &digits, &number_style, 1.0e4)
            .first()
            .map_or(body * 2.0, line_extent);
        // Room for the number and at least a few leader dots before it.
        let title_width = (measure - number_width - body * 2.5).max(body * 6.0);
        let title_style = style(Role::Body, body, Align::Start, Color::BLACK);
        let date_style = style(Role::Body, body * 0.75, Align::Start, Color::gray(0.4));

        let entries: Vec<Entry> = chapters
            .iter()
            .zip(&book.posts)
            .map(|(chapter, post)| {
                let lang = if post.meta.lang.trim().is_empty() {
                    env.lang
                } else {
                    post.meta.lang.as_str()
                };
                let entry_env = Env { lang, ..env };
                let mut elements = Vec::new();
                let lines = set(entry_env, &chapter.outline.title, &title_style, title_width);
                let title_end = lines.last().map_or(0.0, line_extent);
                let mut y = 0.0;
                let mut number_baseline = title_style.size;
                for line in lines {
                    number_baseline = y + line.ascent;
                    y += line.ascent + line.descent;
                    place(line, 0.0, number_baseline, &mut elements);
                }
                let date = format_date(&post.meta.date, lang);
                y = stack(
                    set(entry_env, &date, &date_style, title_width),
                    0.0,
                    y,
                    &mut elements,
                );
                Entry {
                    elements,
                    height: y,
                    number_baseline,
                    title_end,
                }
            })
            .collect();

        let gap = body * 0.6;
        let mut placed: Vec<Vec<(usize, f32)>> = vec![Vec::new()];
        let mut y = heading_height;
        for (i, e) in entries.iter().enumerate() {
            let on_page = placed.last().is_some_and(|p| !p.is_empty());
            let top = if on_page { y + gap } else { y };
            if on_page && top + e.height > body_height {
                placed.push(vec![(i, 0.0)]);
                y = e.height;
            } else {
                if let Some(p) = placed.last_mut() {
                    p.push((i, top));
                }
                y = top + e.height;
            }
        }

        let leader = env
            .fonts
            .shape(Role::Body, ".", body, Some(env.lang))
            .runs
            .first()
            .and_then(|r| {
                let g = r.glyphs.first()?;
                Some(Leader {
                    face: r.face,
                    gid: g.glyph_id,
                    advance: g.x_advance,
                })
            });
        Contents {
            heading,
            entries,
            placed,
            number_style,
            numbers,
            leader,
        }
    }

    /// Pages the contents fill (at least one).
    pub(super) fn pages(&self) -> usize {
        self.placed.len().max(1)
    }

    /// Writes the contents onto `pages` (blank, [`Contents::pages`] of them), each entry
    /// numbered with its chapter opener's printed number (`starts[n] + 1`) and linked to it.
    pub(super) fn paint(&self, env: Env<'_>, pages: &mut [Page], starts: &[usize]) {
        let s = env.settings;
        let body = s.body_size;
        let (left, top) = (s.margin_inner, s.margin_top);
        let right = left + s.measure().max(1.0);
        for (k, page) in pages.iter_mut().enumerate() {
            if k == 0 {
                for e in &self.heading {
                    let mut e = e.clone();
                    e.translate(left, top);
                    page.elements.push(e);
                }
            }
            let Some(on_page) = self.placed.get(k) else {
                continue;
            };
            for &(i, y) in on_page {
                let (Some(entry), Some(&start)) = (self.entries.get(i), starts.get(i)) else {
                    continue;
                };
                let y = top + y;
                for e in &entry.elements {
                    let mut e = e.clone();
                    e.translate(left, y);
                    page.elements.push(e);
                }
                let baseline = y + entry.number_baseline;
                let number = set(
                    env,
                    &numeral(self.numbers, start + 1),
                    &self.number_style,
                    1.0e4,
                );
                let mut number_x = right;
                if let Some(line) = number.into_iter().next() {
                    number_x = right - line_extent(&line);
                    place(line, number_x, baseline, &mut page.elements);
                }
                if let Some(leader) = self.leader {
                    let from = left + entry.title_end + body * 0.6;
                    let to = number_x - body * 0.6;
                    if let Some(dots) = leaders(leader, body, left, from, to, baseline) {
                        page.elements.push(dots);
                    }
                }
                page.elements.push(Element::Link {
                    rect: Rect {
                        x: left,
                        y,
                        width: right - left,
                        height: entry.height,
                    },
                    dest: LinkDest::Page {
                        page: start,
                        y: 0.0,
                    },
                });
            }
        }
    }
}

/// `n` as the contents print it: arabic (`105`) or kanji digit by digit (`一〇五`), the way
/// vertical books number their pages.
pub(super) fn numeral(numbers: ContentsNumbers, n: usize) -> String {
    let arabic = n.to_string();
    match numbers {
        ContentsNumbers::Arabic => arabic,
        ContentsNumbers::Kanji => {
            const KANJI: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
            arabic
                .chars()
                .map(|d| d.to_digit(10).map_or(d, |v| KANJI[v as usize]))
                .collect()
        }
    }
}

/// Dots every half em on a grid from the column's left edge (so they line up from entry to
/// entry), between `from` and `to`. Not text: copying the contents gives titles and numbers.
fn leaders(
    leader: Leader,
    size: f32,
    left: f32,
    from: f32,
    to: f32,
    baseline: f32,
) -> Option<Element> {
    let step = size * 0.6;
    let mut x = left + ((from - left) / step).ceil() * step;
    let mut glyphs = Vec::new();
    while x + leader.advance <= to {
        glyphs.push(PlacedGlyph {
            gid: leader.gid,
            x: x - left,
            advance: leader.advance,
            y_offset: 0.0,
            text: ".".to_owned(),
            extract: false,
        });
        x += step;
    }
    if glyphs.is_empty() {
        return None;
    }
    Some(Element::Text(TextLine {
        origin: Point {
            x: left,
            y: baseline,
        },
        segments: vec![Segment {
            face: leader.face,
            size,
            color: Color::gray(0.45),
            rise: 0.0,
            glyphs,
            tcy: None,
        }],
        actual: Vec::new(),
        vertical: false,
    }))
}
