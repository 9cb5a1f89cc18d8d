//! Inlines → line boxes for one measure.
//!
//! FIRST CUT (interface + plain text only): shapes the plain text of the inlines in one style,
//! breaks it with `layout::break_paragraph` and places the glyphs. Links, emphasis, code, images,
//! ruby and note references are to come; the API below is what `flow` builds on.

use hanmoto_model::document::plain_text;
use hanmoto_model::Inline;

use super::Env;
use crate::fonts::Role;
use crate::frame::{Color, Element, PlacedGlyph, Point, Segment, TextLine};
use crate::layout::{break_paragraph, Item};

/// How a run of inlines is set.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    pub role: Role,
    /// Font size in pt.
    pub size: f32,
    pub color: Color,
    /// Baseline-to-baseline distance in pt for lines of plain text (taller inline content, e.g.
    /// an image, makes its line taller).
    pub leading: f32,
    pub align: Align,
    /// Indent of the first line in pt.
    pub first_indent: f32,
    /// English hyphenation of long words.
    pub hyphenate: bool,
    /// Keep spaces and newlines as written; break only where a line is too long (code blocks).
    pub preformatted: bool,
}

impl TextStyle {
    pub fn new(role: Role, size: f32) -> TextStyle {
        TextStyle {
            role,
            size,
            color: Color::BLACK,
            leading: size * 1.75,
            align: Align::Justify,
            first_indent: 0.0,
            hyphenate: true,
            preformatted: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Justified to the measure (the last line of a paragraph at the start).
    Justify,
    Start,
    Center,
    End,
}

/// One line, ready to be placed by the flow.
#[derive(Debug, Clone, PartialEq)]
pub struct LineBox {
    /// The measure it was set to (pt).
    pub width: f32,
    /// Above and below the baseline (pt): the line needs `ascent + descent` of height, at least
    /// the style's leading split as ascent 0.88 em + half the extra leading, etc.
    pub ascent: f32,
    pub descent: f32,
    /// Elements with positions relative to the line: x from the line's left edge, y from the
    /// baseline (down positive). The flow moves them with `Element::translate`.
    pub elements: Vec<Element>,
    /// Notes referenced on this line, in order (for `links = "footnotes"` and footnotes at the
    /// page foot).
    pub notes: Vec<NoteRef>,
    /// Anchors (`LinkDest::Anchor` names) that point at this line (e.g. a footnote reference's
    /// back link `fnref:label`).
    pub anchors: Vec<String>,
}

impl LineBox {
    pub fn height(&self) -> f32 {
        self.ascent + self.descent
    }
}

/// A note number printed in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteRef {
    /// A link's URL note (index into `NoteRegistry::links`, number = index + 1).
    Link(usize),
    /// A Markdown footnote (index into `NoteRegistry::footnotes`, number = index + 1).
    Footnote(usize),
}

/// Numbers notes in order of first reference across a post (or a chapter).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NoteRegistry {
    /// URLs, in order of their first link; the same URL keeps its number.
    pub links: Vec<String>,
    /// Footnote labels, in order of first reference.
    pub footnotes: Vec<String>,
}

impl NoteRegistry {
    /// The index of `url`'s note, added on first use.
    pub fn link(&mut self, url: &str) -> usize {
        match self.links.iter().position(|u| u == url) {
            Some(i) => i,
            None => {
                self.links.push(url.to_owned());
                self.links.len() - 1
            }
        }
    }

    /// The index of footnote `label`, added on first reference.
    pub fn footnote(&mut self, label: &str) -> usize {
        match self.footnotes.iter().position(|l| l == label) {
            Some(i) => i,
            None => {
                self.footnotes.push(label.to_owned());
                self.footnotes.len() - 1
            }
        }
    }
}

/// Mutable state of a post's inline layout.
pub struct InlineContext<'a> {
    pub env: Env<'a>,
    pub notes: &'a mut NoteRegistry,
}

/// Sets `inlines` in `style` to lines of `width` pt.
pub fn layout_inlines(
    ctx: &mut InlineContext<'_>,
    inlines: &[Inline],
    style: &TextStyle,
    width: f32,
) -> Vec<LineBox> {
    let text = plain_text(inlines);
    let fonts = ctx.env.fonts;
    let shaped = fonts.shape(style.role, &text, style.size, Some(ctx.env.lang));
    // One item per char: a cluster's advance on its first char, 0 on the rest.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut advance = vec![0.0f32; chars.len()];
    let char_at = |byte: usize| chars.partition_point(|(b, _)| *b < byte);
    for (_, g) in shaped.glyphs() {
        let i = char_at(g.cluster.start);
        if let Some(a) = advance.get_mut(i) {
            *a += g.x_advance;
        }
    }
    let items: Vec<Item> = chars
        .iter()
        .zip(&advance)
        .map(|(&(_, ch), &a)| {
            if ch == '\n' {
                Item::ForcedBreak
            } else {
                Item::Char { ch, advance: a }
            }
        })
        .collect();
    let lines = break_paragraph(&items, width, style.size);
    let ascent = style.size * 0.88 + (style.leading - style.size) / 2.0;
    let descent = style.leading - ascent;
    lines
        .iter()
        .map(|line| {
            let mut segments: Vec<Segment> = Vec::new();
            for g in &line.glyphs {
                let byte = chars[g.index].0;
                let mut x = g.x;
                for (run, sg) in shaped.glyphs().filter(|(_, sg)| sg.cluster.start == byte) {
                    let placed = PlacedGlyph {
                        gid: sg.glyph_id,
                        x: x + sg.x_offset,
                        advance: sg.x_advance,
                        y_offset: sg.y_offset,
                        text: text[sg.cluster.clone()].to_owned(),
                        extract: true,
                    };
                    x += sg.x_advance;
                    match segments.last_mut() {
                        Some(s) if s.face == run.face => s.glyphs.push(placed),
                        _ => segments.push(Segment {
                            face: run.face,
                            size: style.size,
                            color: style.color,
                            rise: 0.0,
                            glyphs: vec![placed],
                        }),
                    }
                }
            }
            LineBox {
                width,
                ascent,
                descent,
                elements: vec![Element::Text(TextLine {
                    origin: Point::default(),
                    segments,
                })],
                notes: Vec::new(),
                anchors: Vec::new(),
            }
        })
        .collect()
}
