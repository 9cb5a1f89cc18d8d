//! Inlines → line boxes for one measure.
//!
//! The pipeline, one file per step:
//! - `runs.rs`: the inline tree → styled pieces (text runs with role, size, colour, rise, link,
//!   emphasis/strike/code flags; note numbers; images; ruby; forced breaks).
//! - `items.rs`: pieces → shaped glyphs → one `layout::Item` per character (a cluster's advance
//!   on its first character) with what each item paints; note numbers and ruby bases glued so
//!   they never start a line nor break (`glue.rs`); English hyphenation outside code.
//! - `image.rs`: image sizes (CSS px, percentages, intrinsic at 96 dpi, clamped to the measure,
//!   aspect kept) and placeholders for images that did not load.
//! - `layout::break_paragraph` breaks (kinsoku, ¼ em spacing, compression, capped
//!   justification); `preformatted.rs` wraps code blocks instead.
//! - `place.rs`: each line → a [`LineBox`] at the breaker's x positions (never re-spaced).
//!
//! How things are set (choices a reader of the PDF sees):
//! - Faces: body text sets Latin letters, digits and Latin punctuation in Liberation Serif
//!   (kerned, ligated) and Japanese in IPAex Mincho; which characters count as Latin is
//!   `fonts::latin_face_char` (in Japanese text, `…`, `—`, quotes and Greek stay in the mincho).
//! - `Strong` → `Role::Strong`: Latin in Liberation Serif Bold, Japanese in the gothic (IPAex has
//!   no bold; no fake bold is drawn). Inside emphasis, `Role::StrongEmphasis` (bold italic).
//! - `Emphasis` → `Role::Emphasis`: Latin in Liberation Serif Italic, never dotted; Japanese
//!   (kana, kanji, full-width forms: whatever the italic does not set) in the mincho with sesame
//!   dots (傍点 U+FE45, half size) above each letter and digit, the Japanese print convention
//!   (slanting a mincho is a fake). The dots are `extract: false`. In headings (gothic) and
//!   table heads, emphasised Latin is the bold italic and Japanese keeps its dots; in code,
//!   emphasis is not shown. A body face named in book.toml: see `FontSet::load` for where its
//!   italic and bold come from.
//! - `Strikethrough` → a rule through the middle of the em box. `Superscript`/`Subscript` →
//!   0.7× size raised 0.36 em / lowered 0.14 em.
//! - `Code` → the Mono role at 0.9× size on a light tint (one rect per line fragment); its
//!   spaces never stretch. `Math` → its TeX source with `$…$` in the code style (extracted as
//!   written, delimiters included).
//! - Links → dark blue text (prints as dark grey) and one `Element::Link` per link per line.
//!   `Url` → `LinkDest::Uri`; `Fragment{id}` → `LinkDest::Anchor(id)`; `Post{post, fragment}` →
//!   `LinkDest::Anchor("post:<post>")` or `"post:<post>#<fragment>"` (the flow/renderer
//!   resolves these; a handout turns an unknown post into its URL).
//! - Link notes (`links = "notes"` or `"footnotes"`): after a URL link's last character a
//!   superscript number (`NoteRegistry::link` + 1; the same URL keeps its number), `extract:
//!   false`, glued to that character (kinsoku holds with what follows); none when the link text
//!   is its URL, none for internal links. `NoteRef::Link(i)` goes into the line's `notes`; the
//!   number links to `Anchor("note:<n>")` (the URL's rect covers the link text only).
//! - Footnote references → a superscript number that *is* text (`extract: true`), linked to
//!   `Anchor("fn:<label>")`; the line gets `NoteRef::Footnote(i)` and the anchor `fnref:<label>`.
//! - Ruby → the base as one unbreakable group, the reading centred above at half size as its own
//!   `TextLine`, `extract: false` (copying gives the base as written; pdftotext would otherwise
//!   print the reading on a line of its own, splitting the sentence). The line grows to fit it.
//!   A longer reading overhangs neighbouring kana by up to one ruby character (JLREQ 3.3.6).
//! - Images → boxes of the asked size, bottom on the baseline; a line of images only gets a
//!   small gap (0.25 em) below instead of the text's leading. Missing → a grey frame with the
//!   alt text and `src` in small type (`extract: true`), at the asked size or as tall as its text.
//! - Characters no face has → one `font-missing-char` warning per character per post.
//! - Spaces trimmed at a line end keep their (invisible) glyph just past the line's end, so the
//!   concatenated text of a paragraph is its source text.

mod glue;
mod image;
mod items;
mod place;
mod preformatted;
mod runs;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use hanmoto_model::highlight::Token;
use hanmoto_model::Inline;

use super::Env;
use crate::fonts::Role;
use crate::frame::{Color, Element};
use crate::layout::{break_paragraph_with_code, Item, Line};

pub use image::{image_size, PT_PER_PX};
pub use runs::{footnote_mark, link_dest, text_is_url, LINK_COLOR};

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
    /// Characters already reported as missing from every face (one warning per character per
    /// post, however often it occurs).
    pub reported_missing: BTreeSet<char>,
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

/// Sets `inlines` in `style` to lines of `width` pt. Empty inlines give no lines.
pub fn layout_inlines(
    ctx: &mut InlineContext<'_>,
    inlines: &[Inline],
    style: &TextStyle,
    width: f32,
) -> Vec<LineBox> {
    let settings = ctx.env.settings;
    let runs = runs::flatten(
        inlines,
        style,
        ctx.notes,
        settings.links,
        settings.code_theme,
    );
    lay_out_runs(ctx, &runs, style, width)
}

/// Sets one line of a code block (byte `offset` of the block highlighted by `tokens`) in
/// `style` (preformatted: wrapped where too long) to lines of `width` pt.
pub fn layout_code_line(
    ctx: &mut InlineContext<'_>,
    text: &str,
    offset: usize,
    tokens: &[Token],
    style: &TextStyle,
    width: f32,
) -> Vec<LineBox> {
    let runs = runs::code_line(text, offset, tokens, style, ctx.env.settings.code_theme);
    lay_out_runs(ctx, &runs, style, width)
}

fn lay_out_runs(
    ctx: &mut InlineContext<'_>,
    runs: &runs::Runs<'_>,
    style: &TextStyle,
    width: f32,
) -> Vec<LineBox> {
    let mut p = items::build(ctx, runs, style, width);
    if style.preformatted {
        return lay_out_preformatted(ctx, &mut p, &runs.links, style, width);
    }
    if style.hyphenate {
        p = items::hyphenate_paragraph(ctx, p, style);
    }
    let mut lines = break_paragraph_with_code(&p.items, &p.code_mask(), width, style.size);
    if style.align != Align::Justify {
        (p, lines) = unjustified(p, lines, width, style.size);
    }
    lines
        .iter()
        .map(|line| place::place_line(&mut p, line, style, width, &runs.links, None))
        .collect()
}

/// Start, centre and end alignment set lines at their natural width: the same breaks, each line
/// ended by a forced break (the breaker justifies no line before one), so punctuation at a line
/// end still goes half width. When every line but the last already ends in a forced break (a
/// one-line label or URL note), that is the paragraph as it is, broken as it was.
fn unjustified(
    p: items::Paragraph,
    lines: Vec<Line>,
    width: f32,
    em: f32,
) -> (items::Paragraph, Vec<Line>) {
    let ends_in_break = |line: &Line| {
        line.end > line.start && matches!(p.items.get(line.end - 1), Some(Item::ForcedBreak))
    };
    let count = lines.len();
    if lines
        .iter()
        .take(count.saturating_sub(1))
        .all(ends_in_break)
    {
        return (p, lines);
    }
    let breaks: Vec<bool> = lines.iter().map(ends_in_break).collect();
    let mut out = items::Paragraph::default();
    // The lines cover the paragraph in order, each at least one item.
    let (mut items, mut infos) = (p.items.into_iter(), p.infos.into_iter());
    for (i, line) in lines.iter().enumerate() {
        let first = out.infos.len();
        out.items.extend(items.by_ref().take(line.end - line.start));
        out.infos.extend(infos.by_ref().take(line.end - line.start));
        if i + 1 < count && !breaks[i] {
            if let Some(style) = out.infos.get(first).map(|info| info.style.clone()) {
                out.items.push(Item::ForcedBreak);
                out.infos
                    .push(items::ItemInfo::new(items::Kind::Break, &style));
            }
        }
    }
    let lines = break_paragraph_with_code(&out.items, &out.code_mask(), width, em);
    (out, lines)
}

fn lay_out_preformatted(
    ctx: &mut InlineContext<'_>,
    p: &mut items::Paragraph,
    links: &[crate::frame::LinkDest],
    style: &TextStyle,
    width: f32,
) -> Vec<LineBox> {
    let marker = continuation_mark(ctx, style);
    let marker_width = marker
        .as_ref()
        .map_or(0.0, |m| m.advance + 0.15 * style.size);
    preformatted::wrap(&p.items, width, marker_width)
        .iter()
        .map(|(line, continued)| {
            let m = if *continued { marker.as_ref() } else { None };
            place::place_line(p, line, style, width, links, m)
        })
        .collect()
}

/// `↪` in the style's face chain (DejaVu Sans Mono has it), not text.
fn continuation_mark(ctx: &mut InlineContext<'_>, style: &TextStyle) -> Option<items::GlyphRef> {
    let face = ctx.env.fonts.face_for(style.role, CONTINUATION)?;
    let shaped = ctx
        .env
        .fonts
        .shape(style.role, &CONTINUATION.to_string(), style.size, None);
    let (run, g) = shaped.glyphs().next()?;
    (run.face == face).then(|| items::GlyphRef {
        face,
        gid: g.glyph_id,
        dx: 0.0,
        advance: g.x_advance,
        y_offset: g.y_offset,
        text: CONTINUATION.to_string(),
        extract: false,
        tcy: None,
    })
}

/// Marks a wrapped code line.
pub const CONTINUATION: char = '\u{21AA}';
