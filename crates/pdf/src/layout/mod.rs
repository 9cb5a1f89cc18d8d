//! Paragraph layout on pure data: break opportunities (UAX #14 tailored by JIS X 4051 / JLREQ
//! kinsoku), Japanese spacing (¼ em between Japanese and Latin, punctuation compression) and
//! justification with a per-gap cap, chosen by a total-fit optimisation over the paragraph.
//!
//! Nothing here knows fonts or PDF: the caller measures each character (after shaping) and passes
//! [`Item`]s; [`break_paragraph`] returns [`Line`]s with the x position of every glyph.
//!
//! Positions follow one rule, so a painter can turn them into TJ offsets directly:
//! `glyph[0].x = glyph[0].gap_before` and
//! `glyph[k].x = glyph[k-1].x + glyph[k-1].advance + glyph[k].gap_before`.
//! A positive `gap_before` is space that is not text (Japanese–Latin space, justification
//! stretch); the painter must keep it out of the extracted text (see `notes/printpdf.md`: gaps up to
//! 0.09 em are safe everywhere, larger ones need an ActualText span). A negative one is punctuation
//! compression.
//!
//! Rules, by file:
//! - `kinsoku.rs`: UAX #14 opportunities (`unicode-linebreak`), then JLREQ: no line starts with
//!   closing brackets, `、。，．・：；？！`, `ー`, small kana, iteration marks; none ends with an
//!   opening bracket (even before trailing spaces); `……` `——` never split; inside long URLs,
//!   paths, handles and inline code (8 characters or more) breaks after `/ - _`, before
//!   `. ? # & =` and at camelCase humps in code, never within 2 characters of the run's ends;
//!   soft hyphens; a last-resort break anywhere else in a word. Kinsoku is absolute: an unbreakable run wider than the measure overflows (`overflow`).
//! - `spacing.rs`: ¼ em between Japanese and Latin letters/digits (not next to punctuation), which
//!   may shrink to ⅛ or stretch to ½ em; `。」` `）、` `、「` `「（` lose a half-em blank; an
//!   opening bracket at the line start and closing punctuation at the line end may go half width,
//!   in mid-line by a quarter em.
//! - `justify.rs`: push in (spaces first, then punctuation) or stretch (Japanese–Latin and word
//!   spaces first, then inter-character gaps up to [`MAX_GAP_STRETCH_EM`]; never inside Latin words
//!   or next to images). The last line and lines before a forced break are not justified.
//! - `linebreak.rs`: total fit over the paragraph; pushing in costs less than pushing out; a line
//!   that cannot be filled under the cap is `ragged` (stretched to the cap, short of the measure)
//!   only when no other breaking avoids it; breaking a word without a hyphen costs more than that.
//! - `hyphenate.rs`: [`hyphenate`] adds soft hyphens (U+00AD) to English words; a soft hyphen
//!   glyph has advance 0 in mid-line (paint nothing) and the hyphen's advance at a line end (paint
//!   a hyphen, and keep it out of the extracted text if the word must extract whole).

mod hyphenate;
mod justify;
mod kinsoku;
mod linebreak;
mod spacing;

#[cfg(test)]
mod tests;

pub use hyphenate::hyphenate;
pub use kinsoku::{
    boundaries, boundaries_with_code, is_no_end, is_no_start, Boundary, FORMULA_CHAR,
};
pub use linebreak::{break_paragraph, break_paragraph_with_code};

/// Largest stretch of one inter-character gap, in em. Extractors see a gap over ~0.1 em as a space
/// (measured in `notes/printpdf.md`), so justification never goes beyond 0.09 em per gap; a line
/// that would need more is broken differently, or left ragged as a last resort.
pub const MAX_GAP_STRETCH_EM: f32 = 0.09;

/// One element of a paragraph, in logical order.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A character with its advance in pt, as shaped by the caller. Clusters (ligatures, combining
    /// marks) are passed as their first character with the cluster's advance, followed by the rest
    /// with advance 0.
    Char { ch: char, advance: f32 },
    /// An opaque inline box (an image) of the given width in pt.
    Box { width: f32 },
    /// An inline formula of the given width in pt: unbreakable, spaced and broken like a Latin
    /// word (JLREQ 3.2.3: a quarter em from Japanese text; no break before a comma after it).
    Formula { width: f32 },
    /// A forced line break (`<br>`); the line before it is not justified.
    ForcedBreak,
}

impl Item {
    /// Measures a string with `measure(char) -> advance in pt`; `\n` becomes a forced break.
    pub fn from_text(text: &str, measure: &dyn Fn(char) -> f32) -> Vec<Item> {
        text.chars()
            .map(|ch| {
                if ch == '\n' {
                    Item::ForcedBreak
                } else {
                    Item::Char {
                        ch,
                        advance: measure(ch),
                    }
                }
            })
            .collect()
    }

    /// The advance in pt, sanitised: negative or non-finite widths count as 0.
    pub fn advance(&self) -> f32 {
        let w = match self {
            Item::Char { advance, .. } => *advance,
            Item::Box { width } | Item::Formula { width } => *width,
            Item::ForcedBreak => 0.0,
        };
        if w.is_finite() && w > 0.0 {
            w
        } else {
            0.0
        }
    }
}

/// A placed item of a line.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    /// Index into the paragraph's items.
    pub index: usize,
    /// Pen position of the glyph's origin, pt from the line's start.
    pub x: f32,
    /// The item's own advance (as given; compression and stretch are in `gap_before`). A soft
    /// hyphen (U+00AD) has advance 0 in mid-line (paint nothing) and its given advance at a line
    /// end (paint a hyphen).
    pub advance: f32,
    /// Space added before this glyph relative to the previous glyph's advance (pt): positive is
    /// Japanese–Latin space and stretch, negative is punctuation compression.
    pub gap_before: f32,
}

/// One line of a paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// Items `start..end` belong to this line; `content_end..end` are trimmed (trailing spaces, a
    /// forced break) and not placed.
    pub start: usize,
    pub content_end: usize,
    pub end: usize,
    /// Placed items `start..content_end`.
    pub glyphs: Vec<Glyph>,
    /// Width with Japanese–Latin spaces and punctuation compression, before justification (pt).
    pub natural_width: f32,
    /// Set width (pt): the measure for a justified line.
    pub width: f32,
    /// Stretch added to each inter-character gap by justification (pt, at most 0.09 em).
    pub gap_stretch: f32,
    /// Justified to the measure (not the last line, nor one ending in a forced break).
    pub justified: bool,
    /// Should have been justified but could not be within the gap cap: set at natural width.
    pub ragged: bool,
    /// Wider than the measure: nothing in it may be broken (a kinsoku cluster or box too wide).
    pub overflow: bool,
}
