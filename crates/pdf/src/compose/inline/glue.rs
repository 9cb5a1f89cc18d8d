//! Glued items: note numbers (never at a line start, kinsoku kept with what follows) and ruby
//! (the base never broken, the reading above it). See `items.rs` for the glue itself.

use super::items::{
    half_extra, shape, ItemInfo, Kind, Overlay, Paragraph, TcyCell, EM_ASCENT, EM_DESCENT,
    FIXED_SPACE, GLUE, MARK_SCALE,
};
use super::runs::RunStyle;
use super::{InlineContext, NoteRef, TextStyle};
use crate::layout::Item;

/// Glues an item to the end of the paragraph: a zero-advance joiner, then an item standing for
/// the previous character (see the module docs). Returns the character to give the glued item.
fn glue(p: &mut Paragraph, rs: &RunStyle) -> char {
    match p.last_char() {
        Some(prev) => {
            p.push(
                Item::Char {
                    ch: GLUE,
                    advance: 0.0,
                },
                ItemInfo::new(Kind::Glue, rs),
            );
            // A glued item after a space must not be trimmed with it at a line end.
            if matches!(prev, ' ' | '\t') {
                FIXED_SPACE
            } else {
                prev
            }
        }
        None => '\u{FFFC}',
    }
}

#[allow(clippy::too_many_arguments)]
pub fn push_note(
    ctx: &mut InlineContext<'_>,
    p: &mut Paragraph,
    text: &str,
    rs: &RunStyle,
    extract: bool,
    note: NoteRef,
    anchor: Option<String>,
    style: &TextStyle,
) {
    let shaped = shape(ctx, text, rs.role, rs.size, extract);
    let mut info = ItemInfo::new(Kind::Text, rs);
    let mut advance = 0.0;
    for (_, a, glyphs) in shaped {
        info.glyphs.extend(glyphs.into_iter().map(|mut g| {
            g.dx += advance;
            g
        }));
        advance += a;
    }
    if ctx.env.settings.vertical.is_some() {
        // Beside a vertical line the number stands upright, in one em of its size.
        let cell = TcyCell {
            length: rs.size,
            width: advance,
        };
        for g in &mut info.glyphs {
            g.tcy = Some(cell);
        }
        advance = rs.size;
    }
    let extra = half_extra(style, rs.size);
    info.inked = true;
    info.ascent = rs.rise + EM_ASCENT * rs.size + extra;
    info.descent = EM_DESCENT * rs.size - rs.rise + extra;
    info.note = Some(note);
    info.anchor = anchor;
    let ch = glue(p, rs);
    p.push(Item::Char { ch, advance }, info);
}

/// Ruby: the base set as one unbreakable group, the reading centred above it at half size. A
/// reading longer than its base may overhang a neighbouring kana by up to one ruby character
/// (JLREQ 3.3.6; never a kanji, whose own reading it could be taken for); what remains widens
/// the group. At a line's edge the placer shifts the reading inside the measure. The reading is
/// not extracted: copying the sentence gives the base as written (`plain_text`), and a reading
/// on a line of its own would split it.
#[allow(clippy::too_many_arguments)]
pub fn push_ruby(
    ctx: &mut InlineContext<'_>,
    p: &mut Paragraph,
    base: &str,
    reading: &str,
    rs: &RunStyle,
    style: &TextStyle,
    next: Option<char>,
) {
    let base_glyphs = shape(ctx, base, rs.role, rs.size, true);
    let rsize = rs.size * MARK_SCALE;
    let reading_glyphs = shape(ctx, reading, rs.role, rsize, false);
    let bw: f32 = base_glyphs.iter().map(|g| g.1).sum();
    let rw: f32 = reading_glyphs.iter().map(|g| g.1).sum();
    let (Some(first), Some(last)) = (base.chars().next(), base.chars().last()) else {
        return;
    };
    let excess = (rw - bw).max(0.0);
    let overhang = |c: Option<char>| {
        if c.is_some_and(is_kana) {
            (excess / 2.0).min(rsize)
        } else {
            0.0
        }
    };
    let (left, right) = (overhang(p.last_char()), overhang(next));
    let w = bw + excess - left - right;
    // Base at `b0` in the group; the reading, centred on the base, then spans
    // `-left ..= w + right`.
    let b0 = excess / 2.0 - left;
    let mut info = ItemInfo::new(Kind::Text, rs);
    let mut x = b0;
    for (_, a, glyphs) in base_glyphs {
        info.glyphs.extend(glyphs.into_iter().map(|mut g| {
            g.dx += x;
            g
        }));
        x += a;
    }
    // The reading's em box sits on the base's.
    let y = -(rs.rise + EM_ASCENT * rs.size + EM_DESCENT * rsize);
    let mut x = b0 + (bw - rw) / 2.0;
    for (_, a, glyphs) in reading_glyphs {
        for mut g in glyphs {
            g.dx += x;
            info.overlays.push(Overlay {
                y,
                size: rsize,
                color: rs.color,
                glyph: g,
            });
        }
        x += a;
    }
    let extra = half_extra(style, rs.size);
    info.inked = true;
    info.ascent = (rs.rise + EM_ASCENT * rs.size + extra).max(-y + EM_ASCENT * rsize);
    info.descent = EM_DESCENT * rs.size - rs.rise + extra;
    p.push(
        Item::Char {
            ch: first,
            advance: w,
        },
        info,
    );
    if base.chars().nth(1).is_some() {
        p.push(
            Item::Char {
                ch: GLUE,
                advance: 0.0,
            },
            ItemInfo::new(Kind::Glue, rs),
        );
        p.push(
            Item::Char {
                ch: last,
                advance: 0.0,
            },
            ItemInfo::new(Kind::Glue, rs),
        );
    }
}

fn is_kana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}')
}
