//! Blocks → pieces of the flow: the [`Composer`] walks a post's blocks, sets their inlines with
//! [`layout_inlines`] and pushes the lines as pieces. Paragraphs, headings, quotes, rules,
//! embeds, figures and definition lists live here; lists, code and tables have their own files.

use std::collections::HashMap;

use hanmoto_model::document::plain_text;
use hanmoto_model::{Block, Inline};

use super::flow::{place_page, Flow, Group, GroupId, PagePlan, Piece, Placed};
use super::inline::{layout_inlines, Align, InlineContext, LineBox, NoteRegistry, TextStyle};
use super::Env;
use crate::fonts::Role;
use crate::frame::{Color, Element, LinkDest, Point, Rect, Stroke};

/// The narrowest a nested block may get: indentation stops before the measure drops below this
/// many ems (deeply nested lists, quotes in quotes).
pub(crate) const MIN_MEASURE_EM: f32 = 8.0;

/// A horizontal slice of the text area: where a block's lines start, how wide they are, and the
/// containers (quote bars, tints) they are inside.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Region {
    pub x: f32,
    pub width: f32,
    pub groups: Vec<GroupId>,
}

impl Region {
    /// The region `by` pt further in, clamped so that at least `min_width` pt remain.
    pub fn indent(&self, by: f32, min_width: f32) -> Region {
        let by = by.min((self.width - min_width).max(0.0)).max(0.0);
        Region {
            x: self.x + by,
            width: self.width - by,
            groups: self.groups.clone(),
        }
    }

    pub fn with_group(&self, g: GroupId) -> Region {
        let mut r = self.clone();
        r.groups.push(g);
        r
    }
}

/// The rightmost extent of a line's content (pt from its left edge).
pub(crate) fn line_extent(line: &LineBox) -> f32 {
    line.elements
        .iter()
        .map(|e| match e {
            Element::Text(t) => t
                .segments
                .iter()
                .flat_map(|s| s.glyphs.iter())
                .map(|g| t.origin.x + g.x + g.advance)
                .fold(0.0, f32::max),
            Element::Rect { rect, .. }
            | Element::Image { rect, .. }
            | Element::Upright { rect, .. }
            | Element::Link { rect, .. } => rect.right(),
            Element::Rule { from, to, .. } => from.x.max(to.x),
        })
        .fold(0.0, f32::max)
}

/// An upright box's elements moved to start at x = 0 and the width they need: a tint or rule
/// spanning the whole `measure` (a code block's) is cut back to the content, keeping the
/// content's left padding on its right.
fn shrink_to_content(elements: &mut [Element], measure: f32) -> f32 {
    let spans = |e: &Element| -> Option<(f32, f32)> {
        match e {
            Element::Text(t) => {
                let mut xs = t
                    .segments
                    .iter()
                    .flat_map(|s| s.glyphs.iter())
                    .map(|g| (t.origin.x + g.x, t.origin.x + g.x + g.advance));
                let first = xs.next()?;
                Some(xs.fold(first, |a, b| (a.0.min(b.0), a.1.max(b.1))))
            }
            Element::Rect { rect, .. }
            | Element::Image { rect, .. }
            | Element::Upright { rect, .. } => Some((rect.x, rect.right())),
            Element::Rule { from, to, .. } => Some((from.x.min(to.x), from.x.max(to.x))),
            Element::Link { .. } => None,
        }
    };
    let full = |e: &Element| spans(e).is_some_and(|(a, b)| a <= 0.5 && b >= measure - 0.5);
    let (mut lo, mut hi) = (f32::INFINITY, 0.0f32);
    let mut framed = false;
    for e in elements.iter() {
        if full(e) {
            framed = true;
        } else if let Some((a, b)) = spans(e) {
            lo = lo.min(a);
            hi = hi.max(b);
        }
    }
    if !lo.is_finite() {
        return measure;
    }
    if framed {
        // The frame keeps its padding on both sides.
        let width = (hi + lo.max(0.0)).min(measure);
        for e in elements.iter_mut() {
            if full(e) {
                match e {
                    Element::Rect { rect, .. } => rect.width = width - rect.x,
                    Element::Rule { from, to, .. } => {
                        if from.x > to.x {
                            from.x = width;
                        } else {
                            to.x = width;
                        }
                    }
                    _ => {}
                }
            }
        }
        width
    } else {
        for e in elements.iter_mut() {
            e.translate(-lo, 0.0);
        }
        (hi - lo).max(1.0)
    }
}

/// Lays out one post's blocks into a [`Flow`].
pub(crate) struct Composer<'a> {
    pub env: Env<'a>,
    pub notes: NoteRegistry,
    pub flow: Flow,
    /// The body size of what is being set (smaller inside notes).
    pub size: f32,
    /// Height of the page's text area: nothing taller may be one piece.
    pub body_height: f32,
    /// The post's footnote definitions by label (printed where referenced, not where written).
    pub footnotes: HashMap<&'a str, &'a [Block]>,
    /// Inside a tight list: no paragraph spacing.
    pub tight: bool,
    pub list_depth: usize,
}

impl<'a> Composer<'a> {
    pub fn new(env: Env<'a>, blocks: &'a [Block]) -> Composer<'a> {
        let s = env.settings;
        let mut footnotes = HashMap::new();
        hanmoto_model::document::walk_blocks(blocks, &mut |b| {
            if let Block::FootnoteDefinition { label, content } = b {
                footnotes
                    .entry(label.as_str())
                    .or_insert(content.as_slice());
            }
        });
        Composer {
            env,
            notes: NoteRegistry::default(),
            flow: Flow::default(),
            size: s.body_size,
            body_height: (s.page_height - s.margin_top - s.margin_bottom).max(1.0),
            footnotes,
            tight: false,
            list_depth: 0,
        }
    }

    pub fn is_ja(&self) -> bool {
        self.env.lang == "ja" || self.env.lang.starts_with("ja-")
    }

    /// The whole text column.
    pub fn full_region(&self) -> Region {
        Region {
            x: 0.0,
            width: self.env.settings.measure().max(1.0),
            groups: Vec::new(),
        }
    }

    pub fn body_style(&self) -> TextStyle {
        TextStyle::new(Role::Body, self.size)
    }

    /// Space between paragraphs.
    pub fn para_space(&self) -> f32 {
        self.size * 0.7
    }

    pub fn min_width(&self) -> f32 {
        self.size * MIN_MEASURE_EM
    }

    pub fn lines(&mut self, inlines: &[Inline], style: &TextStyle, width: f32) -> Vec<LineBox> {
        let mut ctx = InlineContext {
            env: self.env,
            notes: &mut self.notes,
        };
        layout_inlines(&mut ctx, inlines, style, width.max(1.0))
    }

    pub fn text_lines(&mut self, text: &str, style: &TextStyle, width: f32) -> Vec<LineBox> {
        self.lines(&[Inline::text(text)], style, width)
    }

    /// A short label (list marker, note number) set on one line, with its width.
    pub fn label(&mut self, text: &str, style: &TextStyle) -> Option<(LineBox, f32)> {
        let mut style = style.clone();
        style.align = Align::Start;
        style.hyphenate = false;
        let line = self.text_lines(text, &style, 1.0e5).into_iter().next()?;
        let w = line_extent(&line);
        Some((line, w))
    }

    /// Puts `label` into the piece at `piece`, right-aligned so it ends at `right` (text-area x),
    /// on the piece's first baseline.
    pub fn hang_label(&mut self, piece: usize, label: LineBox, width: f32, right: f32) {
        let Some(p) = self.flow.pieces.get_mut(piece) else {
            return;
        };
        let dx = (right - width).max(0.0);
        // The label goes first: content order is reading order (`pdftotext -raw`, copy, screen
        // readers read the number before the item's text).
        let label: Vec<Element> = label
            .elements
            .into_iter()
            .map(|mut e| {
                e.translate(dx, p.baseline);
                e
            })
            .collect();
        p.elements.splice(0..0, label);
    }

    /// Sets a sequence of blocks in `region`.
    pub fn blocks(&mut self, blocks: &[Block], region: &Region) {
        for b in blocks {
            self.block(b, region);
        }
    }

    pub fn block(&mut self, block: &Block, region: &Region) {
        let upright = matches!(
            block,
            Block::CodeBlock { .. }
                | Block::Table { .. }
                | Block::Math { .. }
                | Block::RawHtml { .. }
        );
        if upright && self.env.settings.vertical.is_some() {
            self.upright_block(block, region);
            return;
        }
        match block {
            Block::Heading {
                level, id, content, ..
            } => self.heading(*level, id, content, region),
            Block::Paragraph { content } => {
                if !self.tight {
                    self.flow.space(self.para_space());
                }
                let style = self.body_style();
                self.paragraph(content, &style, region);
            }
            Block::List {
                ordered,
                start,
                tight,
                items,
            } => self.list(*ordered, *start, *tight, items, region),
            Block::BlockQuote { content } => self.quote(content, region),
            Block::CodeBlock {
                text,
                line_numbers,
                tokens,
                ..
            } => self.code(text, tokens, *line_numbers, region),
            Block::Table {
                alignments,
                header,
                rows,
            } => self.table(alignments, header, rows, region),
            Block::Figure { content, caption } => self.figure(content, caption, region),
            Block::DefinitionList { items } => self.definition_list(items, region),
            Block::ThematicBreak => self.thematic_break(region),
            // Printed where referenced (end of post or page foot), not where written.
            Block::FootnoteDefinition { .. } => {}
            Block::Embed { url, title } => self.embed(url, title, region),
            Block::Math {
                tex,
                mathml: Some(mathml),
            } => self.display_math(tex, mathml, region),
            // Not convertible (warned when read): the TeX source as code.
            Block::Math { tex, mathml: None } => self.code(tex, &[], false, region),
            Block::RawHtml { html } => self.code(html, &[], false, region),
        }
    }

    /// In a vertical flow: `block` (code, a table, a display formula) set horizontally on the
    /// upright page ([`super::Settings::upright`]), as wide as its content needs, then placed
    /// upright at the head of the column (`region.x` down from it), cut between its lines where
    /// it is longer than the column (`vertical::upright_pieces`).
    fn upright_block(&mut self, block: &Block, region: &Region) {
        let settings = self.env.settings.upright();
        let env = Env {
            settings: &settings,
            ..self.env
        };
        let mut sub = Composer::new(env, &[]);
        sub.footnotes = self.footnotes.clone();
        sub.notes = std::mem::take(&mut self.notes);
        sub.size = self.size;
        let full = sub.full_region();
        sub.block(block, &full);
        self.notes = std::mem::take(&mut sub.notes);
        let pieces = &sub.flow.pieces;
        let Some(first) = pieces.first() else {
            return;
        };
        let space = first.space_before;
        let mut plan = PagePlan::default();
        let mut y = 0.0;
        for (i, p) in pieces.iter().enumerate() {
            if i > 0 {
                y += p.space_before;
            }
            plan.placed.push(Placed { piece: i, y });
            y += p.height;
        }
        let mut anchors = HashMap::new();
        let mut ignored = Vec::new();
        let mut elements = place_page(
            &plan,
            pieces,
            &sub.flow.groups,
            0,
            (0.0, 0.0),
            &mut anchors,
            &mut ignored,
        );
        let width = shrink_to_content(&mut elements, full.width);
        let mut anchors: Vec<(String, f32)> = anchors.into_iter().map(|(k, v)| (k, v.1)).collect();
        anchors.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        let mut boxes =
            super::vertical::upright_pieces(elements, width, y, region.width.max(1.0), space);
        if let Some(b) = boxes.first_mut() {
            b.anchors.extend(anchors.into_iter().map(|(k, _)| (k, 0.0)));
        }
        for mut b in boxes {
            for e in &mut b.elements {
                e.translate(region.x, 0.0);
            }
            b.groups = region.groups.clone();
            self.flow.push(b);
        }
    }

    pub fn paragraph(&mut self, content: &[Inline], style: &TextStyle, region: &Region) {
        let lines = self.lines(content, style, region.width);
        self.flow
            .push_lines(lines, region.x, &region.groups, true, self.body_height);
    }

    pub(crate) fn heading(&mut self, level: u8, id: &str, content: &[Inline], region: &Region) {
        let (scale, above, rule) = match level {
            1 => (1.6, 2.2, Some(1.0)),
            2 => (1.35, 2.0, Some(0.5)),
            3 => (1.15, 1.6, None),
            4 => (1.05, 1.3, None),
            _ => (1.0, 1.1, None),
        };
        let size = self.size * scale;
        let mut style = TextStyle::new(Role::Heading, size);
        style.align = Align::Start;
        style.hyphenate = false;
        style.leading = size * 1.45;
        if level >= 5 {
            style.color = Color::gray(0.3);
        }
        self.flow.space(self.size * above);
        let mut lines = self.lines(content, &style, region.width);
        if lines.is_empty() {
            // An empty heading still anchors its id (links to it must land somewhere).
            lines.push(LineBox {
                width: region.width,
                ascent: style.leading * 0.8,
                descent: style.leading * 0.2,
                elements: Vec::new(),
                notes: Vec::new(),
                anchors: Vec::new(),
            });
        }
        let range = self
            .flow
            .push_lines(lines, region.x, &region.groups, false, self.body_height);
        for p in &mut self.flow.pieces[range.clone()] {
            p.keep_with_next = true;
        }
        let first = range.start;
        let title = plain_text(content);
        if let Some(p) = self.flow.pieces.get_mut(first) {
            p.anchors.insert(0, (id.to_owned(), 0.0));
            p.heading = Some((level, title));
        }
        if let (Some(width), Some(last)) = (rule, self.flow.pieces.last_mut()) {
            let y = last.height + self.size * 0.1;
            last.elements.push(Element::Rule {
                from: Point { x: region.x, y },
                to: Point {
                    x: region.x + region.width,
                    y,
                },
                stroke: Stroke {
                    width,
                    color: Color::gray(0.45),
                },
            });
            last.height += self.size * 0.3;
        }
        self.flow.space(self.size * 0.5);
        self.flow.keep_next();
    }

    fn quote(&mut self, content: &[Block], region: &Region) {
        self.flow.space(self.para_space());
        let g = self.flow.group(Group::Bar {
            x: region.x + self.size * 0.2,
            width: (self.size * 0.2).max(1.5),
            color: Color::gray(0.75),
        });
        let inner = region
            .indent(self.size * 1.3, self.min_width())
            .with_group(g);
        let before = self.flow.pieces.len();
        let tight = std::mem::replace(&mut self.tight, false);
        self.blocks(content, &inner);
        self.tight = tight;
        if self.flow.pieces.len() == before {
            return;
        }
        self.flow.space(self.para_space());
    }

    fn thematic_break(&mut self, region: &Region) {
        self.flow.space(self.para_space());
        let h = self.size * 1.5;
        let w = (region.width / 4.0).min(self.size * 8.0);
        let x = region.x + (region.width - w) / 2.0;
        let mut p = Piece::blank(h);
        p.groups = region.groups.clone();
        p.elements.push(Element::Rule {
            from: Point { x, y: h / 2.0 },
            to: Point {
                x: x + w,
                y: h / 2.0,
            },
            stroke: Stroke {
                width: 0.6,
                color: Color::gray(0.5),
            },
        });
        self.flow.push(p);
        self.flow.space(self.para_space());
    }

    /// An `<iframe>` on paper: a framed box with its title and its URL, both clickable.
    fn embed(&mut self, url: &str, title: &str, region: &Region) {
        self.flow.space(self.para_space());
        let pad = self.size * 0.5;
        let g = self.flow.group(Group::Tint {
            x: region.x,
            width: region.width,
            fill: None,
            stroke: Some(Stroke {
                width: 0.5,
                color: Color::gray(0.6),
            }),
        });
        let inner = Region {
            x: region.x + pad,
            width: (region.width - 2.0 * pad).max(1.0),
            groups: region.groups.clone(),
        }
        .with_group(g);
        let mut title_style = TextStyle::new(Role::Heading, self.size);
        title_style.align = Align::Start;
        let shown = if title.trim().is_empty() { url } else { title };
        let mut url_style = TextStyle::new(Role::Body, self.size * 0.85);
        url_style.align = Align::Start;
        url_style.hyphenate = false;
        url_style.color = Color::gray(0.3);
        let start = self.flow.pieces.len();
        let lines = self.text_lines(&format!("▶ {shown}"), &title_style, inner.width);
        self.push_linked(lines, &inner, url);
        let lines = self.text_lines(url, &url_style, inner.width);
        self.push_linked(lines, &inner, url);
        let end = self.flow.pieces.len();
        if end > start {
            self.flow.pieces[start].pad_top(pad);
            self.flow.pieces[end - 1].height += pad;
            for p in &mut self.flow.pieces[start..end - 1] {
                p.keep_with_next = true;
            }
        }
        self.flow.space(self.para_space());
    }

    /// Pushes lines, each covered by a link to `url` as wide as its content.
    pub fn push_linked(&mut self, lines: Vec<LineBox>, region: &Region, url: &str) {
        let lines = lines
            .into_iter()
            .map(|mut l| {
                let w = line_extent(&l);
                l.elements.push(Element::Link {
                    rect: Rect {
                        x: 0.0,
                        y: -l.ascent,
                        width: w,
                        height: l.ascent + l.descent,
                    },
                    dest: LinkDest::Uri(url.to_owned()),
                });
                l
            })
            .collect();
        self.flow
            .push_lines(lines, region.x, &region.groups, false, self.body_height);
    }

    /// Images centred, the caption smaller under them and kept with them.
    fn figure(&mut self, content: &[Block], caption: &[Inline], region: &Region) {
        self.flow.space(self.para_space());
        let start = self.flow.pieces.len();
        for b in content {
            match b {
                Block::Paragraph { content } => {
                    let mut style = self.body_style();
                    style.align = Align::Center;
                    self.paragraph(content, &style, region);
                }
                other => self.block(other, region),
            }
        }
        if !caption.is_empty() {
            if let Some(last) = self.flow.pieces.get_mut(start..).and_then(|s| s.last_mut()) {
                last.keep_with_next = true;
            }
            let mut style = TextStyle::new(Role::Body, self.size * 0.85);
            style.align = Align::Center;
            style.color = Color::gray(0.3);
            style.leading = style.size * 1.6;
            self.flow.space(self.size * 0.3);
            self.paragraph(caption, &style, region);
        }
        self.flow.space(self.para_space());
    }

    /// Terms in gothic, each definition indented under its term.
    fn definition_list(
        &mut self,
        items: &[hanmoto_model::document::DefinitionItem],
        region: &Region,
    ) {
        let inner = region.indent(self.size * 2.0, self.min_width());
        for item in items {
            self.flow.space(self.para_space());
            if !item.term.is_empty() {
                let mut style = TextStyle::new(Role::Heading, self.size);
                style.align = Align::Start;
                let lines = self.lines(&item.term, &style, region.width);
                let range =
                    self.flow
                        .push_lines(lines, region.x, &region.groups, false, self.body_height);
                for p in &mut self.flow.pieces[range] {
                    p.keep_with_next = true;
                }
            }
            let tight = std::mem::replace(&mut self.tight, true);
            for d in &item.definitions {
                self.flow.space(self.size * 0.2);
                self.blocks(d, &inner);
            }
            self.tight = tight;
        }
        self.flow.space(self.para_space());
    }
}
