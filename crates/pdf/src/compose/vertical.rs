//! Vertical writing (縦組み), JLREQ 3.1.7 and 3.2: what differs from horizontal layout.
//!
//! A vertical page is laid out by the horizontal path in turned coordinates
//! ([`super::Settings::vertical_layout`]: columns are lines, the breaker, kinsoku, spacing and
//! justification are the same code) and turned back with [`crate::frame::rotate_vertical`].
//! What this module adds:
//! - which characters stand upright in one em across the column (tate-chu-yoko, 縦中横:
//!   [`tcy_runs`]);
//! - code blocks, tables and display formulas as **upright boxes** ([`upright_pieces`]): set
//!   horizontally, as wide as they need (at most the text area's width), in the vertical flow at
//!   the head of the column, cut between their lines where they are longer than a column. This
//!   is what JLREQ's vertical books and Re:VIEW do with listings: program text and tables are
//!   not turned.
//!
//! Japanese glyphs come from the faces' vertical twins (`FontSet::shape_vertical`: `vert`
//! forms, embedded with `Identity-V`); Latin words and numbers longer than `tcy_digits` lie
//! turned 90° clockwise (the painter); full-width Latin (ＡＢＣ) is Japanese to the shaper and
//! stands upright.

use std::ops::Range;

use super::flow::{split_tall, Piece};
use crate::frame::{Element, Rect};

/// Byte ranges of `text` set tate-chu-yoko in vertical text: runs of 1 to `max_digits` ASCII
/// digits (`第4回`, `10月`) and runs of two capitals (`AIの`, `PCで`), and the pairs `!!`,
/// `!?`, `?!`, `??`, none of them touching another Latin letter, digit or a `.`/`,` between
/// digits (`2023年`, `v1.2`, `x86`, `3.14`, `1,000`, `ABC`, `iOS` are turned like words).
pub fn tcy_runs(text: &str, max_digits: u8) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let latinish = |c: char| c.is_ascii_alphanumeric();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let ch = chars[k].1;
        let class = |c: char| {
            if c.is_ascii_digit() {
                1
            } else if c.is_ascii_uppercase() {
                2
            } else if c.is_ascii_lowercase() {
                3
            } else if c == '!' || c == '?' {
                4
            } else {
                0
            }
        };
        let cls = class(ch);
        if cls == 0 {
            k += 1;
            continue;
        }
        // The whole run of Latin letters and digits (or of ! and ?) from here.
        let mut j = k;
        while j < chars.len() {
            let c = chars[j].1;
            let same = if cls == 4 { class(c) == 4 } else { latinish(c) };
            if !same {
                break;
            }
            j += 1;
        }
        let run = &chars[k..j];
        let before = k.checked_sub(1).map(|i| chars[i].1);
        let after = chars.get(j).map(|c| c.1);
        // `3.14`, `1,000`, `v1.2`: a point or comma joining digits makes one number.
        let joined = |c: Option<char>, next: Option<char>| {
            matches!(c, Some('.' | ',')) && next.is_some_and(|n| n.is_ascii_alphanumeric())
        };
        let n = run.len();
        // Part of a Latin phrase (`Tokyo #4`, `1/2`, `v 2`): the nearest character past ASCII
        // spaces and punctuation is a Latin letter or digit.
        let skip = |c: &char| *c == ' ' || c.is_ascii_punctuation();
        let phrase_before = chars[..k]
            .iter()
            .rev()
            .map(|c| c.1)
            .find(|c| !skip(c))
            .is_some_and(latinish);
        let phrase_after = chars[j..]
            .iter()
            .map(|c| c.1)
            .find(|c| !skip(c))
            .is_some_and(latinish);
        let isolated = !joined(after, chars.get(j + 1).map(|c| c.1))
            && !joined(before, k.checked_sub(2).map(|i| chars[i].1))
            && (cls == 4 || !(phrase_before || phrase_after));
        let all = |f: fn(&char) -> bool| run.iter().all(|(_, c)| f(c));
        let take = isolated
            && match cls {
                1 => all(char::is_ascii_digit) && n <= usize::from(max_digits),
                2 => all(char::is_ascii_uppercase) && n == 2,
                4 => n == 2,
                _ => false,
            };
        if take {
            out.push(chars[k].0..end_of(j));
        }
        k = j.max(k + 1);
    }
    out
}

/// An upright box in a vertical flow: `elements` (laid out horizontally, y from the top, as
/// they print) `width` pt across and `height` pt tall, cut into pieces of at most `column` pt
/// (the column's length) between text lines, each piece as long across the columns as the box
/// is wide. `space` goes before the first piece.
pub(crate) fn upright_pieces(
    elements: Vec<Element>,
    width: f32,
    height: f32,
    column: f32,
    space: f32,
) -> Vec<Piece> {
    let whole = Piece {
        height,
        elements,
        ..Piece::default()
    };
    split_tall(whole, column)
        .into_iter()
        .enumerate()
        .map(|(i, slice)| {
            let length = slice.height;
            Piece {
                height: width,
                baseline: width,
                space_before: if i == 0 { space } else { 0.0 },
                elements: vec![Element::Upright {
                    rect: Rect {
                        x: 0.0,
                        y: 0.0,
                        width: length,
                        height: width,
                    },
                    elements: slice.elements,
                }],
                anchors: slice.anchors,
                ..Piece::default()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcy(text: &str) -> Vec<&str> {
        tcy_runs(text, 2).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn short_numbers_and_abbreviations_stand_upright() {
        assert_eq!(tcy("第4回"), ["4"]);
        assert_eq!(tcy("10月18日"), ["10", "18"]);
        assert_eq!(tcy("AIの話"), ["AI"]);
        assert_eq!(tcy("本当!?"), ["!?"]);
        assert_eq!(tcy("4"), ["4"]);
        assert_eq!(tcy("第4回（2回目）"), ["4", "2"]);
    }

    #[test]
    fn longer_numbers_and_words_are_turned() {
        for text in [
            "2023年",
            "v1.2",
            "x86",
            "3.14",
            "1,000円",
            "ABCの",
            "iOSで",
            "Docker",
            "第4.5回",
            "A4判",
            "!!!",
            "Tokyo #4 に",
            "1/2",
            "Web 2 の",
        ] {
            assert!(tcy(text).is_empty(), "{text}: {:?}", tcy(text));
        }
        assert_eq!(tcy_runs("2023年", 4), [0..4]);
        assert!(tcy_runs("第4回", 0).is_empty(), "0: never");
    }
}
