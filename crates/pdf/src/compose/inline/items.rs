//! Styled pieces → the breaker's items, one per character, with what each item paints.
//!
//! Every character is one [`Item`]: a shaped cluster's advance on its first character and 0 on
//! the rest, so the breaker never breaks inside a cluster. Each item has an [`ItemInfo`] holding
//! the glyphs it paints (offsets from the item's pen position), marks above it (emphasis dots,
//! ruby), objects (images, placeholders), how tall it is, and what notes and anchors it carries.
//!
//! Things that must not be separated from what precedes them (note numbers) or broken inside
//! (ruby bases) are *glued*: a zero-advance U+200D item (no break before a zero-advance item,
//! none after a joiner) followed by an item that repeats the preceding character, so that
//! spacing and kinsoku with what follows behave as if the glued thing were not there
//! (`リンク¹、` keeps `、` off the line start; `#4¹に` keeps its ¼ em).

use super::glue::{push_note, push_ruby};
use super::image::image_item;
use super::runs::{code_style, Piece, RunStyle, Runs};
use super::{InlineContext, NoteRef, TextStyle};
use crate::compose::math::{self, InlineFormula};
use crate::fonts::{FaceId, Role};
use crate::frame::{Color, Element};
use crate::layout::{hyphenate, Item};

/// Joins a glued item to the one before it.
pub const GLUE: char = '\u{200D}';
/// A space that neither stretches nor is trimmed, but allows a break after it (UAX #14 class
/// BA): spaces inside inline code and next to images, which justification must not widen.
pub const FIXED_SPACE: char = '\u{2008}';
const SOFT_HYPHEN: char = '\u{AD}';
/// Emphasis mark: the sesame dot (傍点), the Japanese print convention for emphasis.
pub const SESAME: &str = "\u{FE45}";
/// Emphasis dots and ruby: fraction of the base size.
pub const MARK_SCALE: f32 = 0.5;
/// Fraction of the em above the baseline (ideographic em box: 0.88 up, 0.12 down).
pub const EM_ASCENT: f32 = 0.88;
pub const EM_DESCENT: f32 = 0.12;

/// A glyph relative to its item's pen position.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRef {
    pub face: FaceId,
    pub gid: u16,
    pub dx: f32,
    pub advance: f32,
    pub y_offset: f32,
    pub text: String,
    pub extract: bool,
    /// Part of a tate-chu-yoko run (vertical lines): `dx` is its offset across the column
    /// from the run's start; the run fills the item's cell.
    pub tcy: Option<TcyCell>,
}

/// A tate-chu-yoko run: the cell it fills along the column and its own width across it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TcyCell {
    pub length: f32,
    pub width: f32,
}

/// What the breaker sees for a tate-chu-yoko run: an ideograph (JLREQ treats the run as one;
/// no quarter em beside it, kinsoku as for a kanji).
pub const TCY_CHAR: char = '\u{3007}';

/// A glyph painted above (or off) the line's baseline on a line of its own: emphasis dots, ruby.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// Baseline of the mark relative to the line's baseline (pt, down positive).
    pub y: f32,
    pub size: f32,
    pub color: Color,
    pub glyph: GlyphRef,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Text,
    /// A word space: trimmed at a line end (its glyph is then kept, invisible, past the line's
    /// end, so the words still extract apart).
    Space,
    /// Paints `hyphen` only at a line end (the breaker then gives it an advance).
    SoftHyphen {
        hyphen: Option<GlyphRef>,
    },
    /// An image or a placeholder (its `elements`).
    Object,
    /// Paints nothing (glue, first-line indent).
    Glue,
    Break,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemInfo {
    pub kind: Kind,
    pub style: RunStyle,
    pub glyphs: Vec<GlyphRef>,
    pub overlays: Vec<Overlay>,
    /// Relative to the item's pen position on the baseline.
    pub elements: Vec<Element>,
    /// Room needed above and below the baseline (pt).
    pub ascent: f32,
    pub descent: f32,
    /// Inked text (not a space, not an image): a line with any gets the text's leading.
    pub inked: bool,
    pub note: Option<NoteRef>,
    pub anchor: Option<String>,
    /// An inline formula (its glyphs are placed with the line's, `place.rs`).
    pub math: Option<Box<InlineFormula>>,
}

impl ItemInfo {
    pub fn new(kind: Kind, style: &RunStyle) -> ItemInfo {
        ItemInfo {
            kind,
            style: style.clone(),
            glyphs: Vec::new(),
            overlays: Vec::new(),
            elements: Vec::new(),
            ascent: 0.0,
            descent: 0.0,
            inked: false,
            note: None,
            anchor: None,
            math: None,
        }
    }
}

/// A paragraph ready for the breaker.
#[derive(Debug, Default)]
pub struct Paragraph {
    pub items: Vec<Item>,
    pub infos: Vec<ItemInfo>,
}

impl Paragraph {
    pub fn push(&mut self, item: Item, info: ItemInfo) {
        self.items.push(item);
        self.infos.push(info);
    }

    /// Which items are inline code (the breaker may split long identifiers at camelCase humps).
    pub fn code_mask(&self) -> Vec<bool> {
        self.infos.iter().map(|i| i.style.code).collect()
    }

    /// The character the breaker sees for the last item (a box is U+FFFC), if any.
    pub fn last_char(&self) -> Option<char> {
        match self.items.last()? {
            Item::Char { ch, .. } => Some(*ch),
            Item::Box { .. } => Some('\u{FFFC}'),
            Item::Formula { .. } => Some(crate::layout::FORMULA_CHAR),
            Item::ForcedBreak => None,
        }
    }
}

/// Builds the items of `runs`, set in `style` at `width` pt (for image sizes).
pub fn build(
    ctx: &mut InlineContext<'_>,
    runs: &Runs<'_>,
    style: &TextStyle,
    width: f32,
) -> Paragraph {
    let mut p = Paragraph::default();
    // One item per character (and a few for indents, notes, ruby and images): room for them up
    // front, as an item's info is large to move when the vectors grow.
    let capacity = 2 + runs
        .pieces
        .iter()
        .map(|piece| match piece {
            Piece::Text { text, .. } => text.chars().count(),
            _ => 4,
        })
        .sum::<usize>();
    p.items.reserve(capacity);
    p.infos.reserve(capacity);
    let base = base_style(style);
    if style.first_indent > 0.0 && !style.preformatted {
        p.push(
            Item::Box {
                width: style.first_indent,
            },
            ItemInfo::new(Kind::Glue, &base),
        );
        p.push(
            Item::Char {
                ch: GLUE,
                advance: 0.0,
            },
            ItemInfo::new(Kind::Glue, &base),
        );
    }
    for (i, piece) in runs.pieces.iter().enumerate() {
        match piece {
            Piece::Text { text, style: rs } => {
                let text = if style.preformatted {
                    expand_tabs(text, &p)
                } else {
                    text.replace(['\n', '\r'], " ")
                };
                push_text(ctx, &mut p, &text, rs, style);
            }
            Piece::Note {
                text,
                style: rs,
                extract,
                note,
                anchor,
            } => push_note(
                ctx,
                &mut p,
                text,
                rs,
                *extract,
                *note,
                anchor.clone(),
                style,
            ),
            Piece::Image { image, style: rs } => {
                let (item, info) = image_item(ctx, image, rs, style, width);
                p.push(item, info);
            }
            Piece::Ruby {
                base,
                reading,
                style: rs,
            } => {
                let next = match runs.pieces.get(i + 1) {
                    Some(Piece::Text { text, .. }) => text.chars().next(),
                    _ => None,
                };
                push_ruby(ctx, &mut p, base, reading, rs, style, next)
            }
            Piece::Math {
                tex,
                mathml,
                style: rs,
            } => match math::typeset(&ctx.env, mathml, rs.size, false, width, rs.color) {
                Some(set) => {
                    let set = math::fit_inline(&ctx.env, set, width);
                    let mut info = ItemInfo::new(Kind::Object, rs);
                    info.ascent = set.ascent;
                    info.descent = set.descent;
                    info.inked = true;
                    // `\eqref` numbers link to their equation.
                    for (rect, id) in &set.links {
                        info.elements.push(Element::Link {
                            rect: *rect,
                            dest: crate::frame::LinkDest::Anchor(id.clone()),
                        });
                    }
                    let width = set.width;
                    info.math = Some(Box::new(InlineFormula {
                        set,
                        tex: (*tex).to_owned(),
                    }));
                    p.push(Item::Formula { width }, info);
                }
                None => push_text(ctx, &mut p, &format!("${tex}$"), &code_style(rs), style),
            },
            Piece::Break => p.push(Item::ForcedBreak, ItemInfo::new(Kind::Break, &base)),
        }
    }
    if !style.preformatted {
        fix_spaces_next_to_boxes(&mut p);
    }
    p
}

pub fn base_style(style: &TextStyle) -> RunStyle {
    RunStyle {
        role: style.role,
        size: style.size,
        color: style.color,
        rise: 0.0,
        link: None,
        emphasis: false,
        strike: false,
        code: false,
    }
}

/// Tabs to spaces up to the next multiple of 4 columns, counting from the last newline.
fn expand_tabs(text: &str, p: &Paragraph) -> String {
    let mut column = p
        .items
        .iter()
        .rev()
        .take_while(|i| !matches!(i, Item::ForcedBreak))
        .count();
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\t' => {
                let n = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', n));
                column += n;
            }
            '\n' => {
                out.push('\n');
                column = 0;
            }
            '\r' => {}
            _ => {
                out.push(ch);
                column += 1;
            }
        }
    }
    out
}

/// Extra room above and below an em box of `size` for a line of `style`: half the leading's
/// surplus, scaled to the run's size.
pub fn half_extra(style: &TextStyle, size: f32) -> f32 {
    if style.size > 0.0 {
        (style.leading - style.size).max(0.0) / 2.0 * size / style.size
    } else {
        0.0
    }
}

/// Shapes `text` in `rs` and returns, per character, its glyphs (offsets from the cluster's
/// pen position) and its advance. Reports characters no face has, once per post.
pub fn shape(
    ctx: &mut InlineContext<'_>,
    text: &str,
    role: Role,
    size: f32,
    extract: bool,
) -> Vec<(char, f32, Vec<GlyphRef>)> {
    let shaped = if ctx.env.settings.vertical.is_some() {
        ctx.env
            .fonts
            .shape_vertical(role, text, size, Some(ctx.env.lang))
    } else {
        ctx.env.fonts.shape(role, text, size, Some(ctx.env.lang))
    };
    for m in &shaped.missing {
        if ctx.notes.reported_missing.insert(m.ch) {
            ctx.env.diagnostics.push(
                m.to_diagnostic(role)
                    .at(hanmoto_model::Span::file(ctx.env.source)),
            );
        }
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out: Vec<(char, f32, Vec<GlyphRef>)> =
        chars.iter().map(|&(_, ch)| (ch, 0.0, Vec::new())).collect();
    let mut previous_cluster = None;
    for (run, g) in shaped.glyphs() {
        let i = chars.partition_point(|(b, _)| *b < g.cluster.start);
        let Some(slot) = out.get_mut(i) else { continue };
        let first_of_cluster = previous_cluster.as_ref() != Some(&g.cluster);
        previous_cluster = Some(g.cluster.clone());
        // Nearly every character has one glyph: room for exactly one, and the usual doubling
        // after that (a letter with a thousand combining marks must not grow one by one).
        if slot.2.is_empty() {
            slot.2.reserve_exact(1);
        }
        slot.2.push(GlyphRef {
            face: run.face,
            gid: g.glyph_id,
            dx: slot.1 + g.x_offset,
            advance: g.x_advance,
            y_offset: g.y_offset,
            text: if first_of_cluster {
                text.get(g.cluster.clone()).unwrap_or("").to_owned()
            } else {
                String::new()
            },
            extract,
            tcy: None,
        });
        slot.1 += g.x_advance;
    }
    out
}

fn push_text(
    ctx: &mut InlineContext<'_>,
    p: &mut Paragraph,
    text: &str,
    rs: &RunStyle,
    style: &TextStyle,
) {
    let mut shaped = shape(ctx, text, rs.role, rs.size, true);
    let dot = if rs.emphasis { sesame(ctx, rs) } else { None };
    let extra = half_extra(style, rs.size);
    let tcy = match ctx.env.settings.vertical {
        Some(v) if !rs.code => tcy_starts(text, v.tcy_digits, &mut shaped, rs.size),
        _ => Vec::new(),
    };
    for (k, (ch, advance, glyphs)) in shaped.into_iter().enumerate() {
        let ch = match tcy.get(k) {
            Some(Some(true)) => TCY_CHAR,
            Some(Some(false)) => GLUE,
            _ => ch,
        };
        if ch == '\n' {
            // Only in preformatted text: a source line ends.
            p.push(Item::ForcedBreak, ItemInfo::new(Kind::Break, rs));
            continue;
        }
        let is_space = matches!(ch, ' ' | '\t');
        let (item_ch, kind) = if ch == SOFT_HYPHEN {
            (ch, Kind::SoftHyphen { hyphen: None })
        } else if is_space && rs.code && !style.preformatted {
            (FIXED_SPACE, Kind::Text)
        } else if is_space {
            (ch, Kind::Space)
        } else {
            (ch, Kind::Text)
        };
        let mut info = ItemInfo::new(kind, rs);
        info.inked = !ch.is_whitespace() && ch != SOFT_HYPHEN;
        info.ascent = rs.rise + EM_ASCENT * rs.size + extra;
        info.descent = EM_DESCENT * rs.size - rs.rise + extra;
        let mut item_advance = advance;
        if let Kind::SoftHyphen { hyphen } = &mut info.kind {
            // A soft hyphen written by the author: nothing mid-line, a hyphen at a line end.
            let h = hyphen_glyph(ctx, rs);
            item_advance = h.as_ref().map_or(0.0, |h| h.advance);
            *hyphen = h;
        } else {
            info.glyphs = glyphs;
        }
        if let Some((dot, top)) = &dot {
            // One dot per cluster (a ligature's second letter has no advance of its own).
            if ch.is_alphanumeric() && advance > 0.0 {
                let mut d = dot.clone();
                d.glyph.dx += advance / 2.0;
                info.ascent = info.ascent.max(*top);
                info.overlays.push(d);
            }
        }
        p.push(
            Item::Char {
                ch: item_ch,
                advance: item_advance,
            },
            info,
        );
    }
}

/// Tate-chu-yoko in a vertical line: per character of `text`, `Some(true)` for the first of a
/// run (its item now carries the run's glyphs side by side and a one-em advance), `Some(false)`
/// for the rest (glued to it, no advance), `None` elsewhere.
fn tcy_starts(
    text: &str,
    max_digits: u8,
    shaped: &mut [(char, f32, Vec<GlyphRef>)],
    size: f32,
) -> Vec<Option<bool>> {
    let runs = hanmoto_model::text::tcy_runs(text, max_digits);
    let mut marks = vec![None; shaped.len()];
    if runs.is_empty() {
        return marks;
    }
    let offsets: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    for run in runs {
        let first = offsets.partition_point(|&b| b < run.start);
        let last = offsets.partition_point(|&b| b < run.end);
        if last <= first || last > shaped.len() {
            continue;
        }
        let width: f32 = shaped[first..last].iter().map(|s| s.1).sum();
        let cell = TcyCell {
            length: size,
            width,
        };
        let mut glyphs = Vec::new();
        let mut x = 0.0;
        for (k, slot) in shaped[first..last].iter_mut().enumerate() {
            for mut g in std::mem::take(&mut slot.2) {
                g.dx += x;
                g.tcy = Some(cell);
                glyphs.push(g);
            }
            x += slot.1;
            slot.1 = 0.0;
            marks[first + k] = Some(k == 0);
        }
        shaped[first].1 = size;
        shaped[first].2 = glyphs;
    }
    marks
}

/// The sesame dot for emphasised text in `rs`, placed just above the em box.
fn sesame(ctx: &mut InlineContext<'_>, rs: &RunStyle) -> Option<(Overlay, f32)> {
    let size = rs.size * MARK_SCALE;
    let (_, _, mut glyphs) = shape(ctx, SESAME, Role::Body, size, false)
        .into_iter()
        .next()?;
    let mut g = glyphs.pop()?;
    if ctx.env.settings.vertical.is_some() {
        // U+FE45 is itself a vertical form (Vertical_Orientation U): upright beside a column.
        if let Some(twin) = ctx.env.fonts.vertical_twin(g.face) {
            g.face = twin;
        }
    }
    let face = ctx.env.fonts.face(g.face);
    let scale = size / f32::from(face.units_per_em()).max(1.0);
    // The mark's ink, not its advance, is what must sit centred above the character: in
    // IPAex the sesame dot is drawn off-centre in its em.
    let (ink_bottom, ink_top, ink_centre) = face
        .rb()
        .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(g.gid))
        .map_or((0.0, size * EM_ASCENT, g.advance / 2.0), |b| {
            (
                f32::from(b.y_min) * scale,
                f32::from(b.y_max) * scale,
                (f32::from(b.x_min) + f32::from(b.x_max)) / 2.0 * scale,
            )
        });
    if ctx.env.fonts.is_vertical(g.face) {
        // Upright beside a vertical line: the dot's ink centred on the character along the
        // column (measured from the em box's top, where the vertical pen is) and just right of
        // the character's em box across it (the layout's "above"; an upright glyph is drawn
        // centred on its own column, `COLUMN_CENTRE_EM` above its baseline).
        let (x_min, x_max) = face
            .rb()
            .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(g.gid))
            .map_or((0.0, g.advance), |b| {
                (f32::from(b.x_min) * scale, f32::from(b.x_max) * scale)
            });
        let along = EM_ASCENT * size - (ink_bottom + ink_top) / 2.0;
        let across = (x_min + x_max) / 2.0 - g.advance / 2.0;
        let half = (x_max - x_min) / 2.0;
        let centre = rs.rise + crate::frame::COLUMN_CENTRE_EM * rs.size;
        let up = centre + 0.5 * rs.size + 0.04 * rs.size + half
            - across
            - crate::frame::COLUMN_CENTRE_EM * size;
        let g = GlyphRef { dx: -along, ..g };
        return Some((
            Overlay {
                y: -up,
                size,
                color: rs.color,
                glyph: g,
            },
            centre + 0.54 * rs.size + 2.0 * half,
        ));
    }
    let g = GlyphRef {
        // `dx` is relative to the character's centre until the character is known.
        dx: -ink_centre,
        ..g
    };
    // The dot's ink sits just above the em box of the text.
    let y = -(rs.rise + EM_ASCENT * rs.size + 0.04 * rs.size) + ink_bottom;
    let top = -(y - ink_top);
    Some((
        Overlay {
            y,
            size,
            color: rs.color,
            glyph: g,
        },
        top,
    ))
}

/// The hyphen shown where a word breaks at a soft hyphen: not text (the word extracts whole).
pub fn hyphen_glyph(ctx: &mut InlineContext<'_>, rs: &RunStyle) -> Option<GlyphRef> {
    let (_, _, mut glyphs) = shape(ctx, "-", rs.role, rs.size, false)
        .into_iter()
        .next()?;
    let mut g = glyphs.pop()?;
    g.dx = 0.0;
    Some(g)
}

/// A space beside an image never stretches (justification would only push the image about)
/// and stays at the end of its line.
fn fix_spaces_next_to_boxes(p: &mut Paragraph) {
    let n = p.items.len();
    for k in 0..n {
        // Images only (a formula is an `Item::Formula`: spaces beside it stretch).
        let is_box = |j: usize| {
            matches!(p.items.get(j), Some(Item::Box { .. }))
                && p.infos.get(j).is_some_and(|i| i.kind == Kind::Object)
        };
        if p.infos[k].kind == Kind::Space && ((k > 0 && is_box(k - 1)) || is_box(k + 1)) {
            if let Item::Char { ch, .. } = &mut p.items[k] {
                *ch = FIXED_SPACE;
            }
            p.infos[k].kind = Kind::Text;
        }
    }
}

/// Adds English hyphenation points outside code; returns the new paragraph.
pub fn hyphenate_paragraph(
    ctx: &mut InlineContext<'_>,
    p: Paragraph,
    style: &TextStyle,
) -> Paragraph {
    let base = base_style(style);
    let Some(hyphen) = hyphen_glyph(ctx, &base) else {
        return p;
    };
    let mut out = Paragraph::default();
    let n = p.items.len();
    out.items.reserve(n + n / 8);
    out.infos.reserve(n + n / 8);
    let code: Vec<bool> = p.infos.iter().map(|info| info.style.code).collect();
    // Infos move to `out` in order; an inserted soft hyphen copies the one before it.
    let mut infos = p.infos.into_iter().peekable();
    let mut k = 0;
    while k < n {
        let end = (k..n).find(|&j| code[j] != code[k]).unwrap_or(n);
        if code[k] {
            out.items.extend_from_slice(&p.items[k..end]);
            out.infos.extend(infos.by_ref().take(end - k));
        } else {
            let hyphenated = hyphenate(&p.items[k..end], hyphen.advance);
            let mut j = k;
            for item in hyphenated {
                if j < end && same_item(&p.items[j], &item) {
                    if let Some(info) = infos.next() {
                        out.push(item, info);
                    }
                    j += 1;
                } else {
                    // An inserted soft hyphen: styled like the letter before it.
                    let previous = if j > k {
                        out.infos.last()
                    } else {
                        infos.peek()
                    };
                    let Some(mut info) = previous.cloned() else {
                        continue;
                    };
                    info.kind = Kind::SoftHyphen {
                        hyphen: Some(GlyphRef {
                            text: "-".to_owned(),
                            ..hyphen.clone()
                        }),
                    };
                    info.style.size = style.size;
                    info.glyphs.clear();
                    info.overlays.clear();
                    info.elements.clear();
                    info.inked = false;
                    info.note = None;
                    info.anchor = None;
                    out.push(item, info);
                }
            }
            // Keep the shared iterator in step with the next run whatever happened above.
            infos.by_ref().take(end - j).for_each(drop);
        }
        k = end;
    }
    out
}

/// Item equality by bits, so an item with a NaN advance still equals itself.
fn same_item(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (
            Item::Char {
                ch: c1,
                advance: a1,
            },
            Item::Char {
                ch: c2,
                advance: a2,
            },
        ) => c1 == c2 && a1.to_bits() == a2.to_bits(),
        (Item::Box { width: w1 }, Item::Box { width: w2 })
        | (Item::Formula { width: w1 }, Item::Formula { width: w2 }) => {
            w1.to_bits() == w2.to_bits()
        }
        (Item::ForcedBreak, Item::ForcedBreak) => true,
        _ => false,
    }
}
