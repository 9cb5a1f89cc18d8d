//! Vertical writing (縦組み), JLREQ 3.1.7 and 3.2: what differs from horizontal layout.
//!
//! A vertical page is laid out by the horizontal path in turned coordinates
//! ([`super::Settings::vertical_layout`]: columns are lines, the breaker, kinsoku, spacing and
//! justification are the same code) and turned back with [`crate::frame::rotate_vertical`].
//! What this module adds (which characters are tate-chu-yoko, 縦中横, is
//! [`hanmoto_model::text::tcy_runs`], shared with the EPUB):
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

use super::flow::{split_tall, Piece};
use crate::frame::{Element, Rect};

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
