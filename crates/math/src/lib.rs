//! hanmoto's math layout: a MathML tree (what the model stores for each formula, math-core's
//! MathML Core) becomes positioned glyphs and rules of an OpenType MATH face — the formula as
//! a printer sets it, independent of any output format. The PDF painter draws the result; an
//! SVG painter can draw the same result with the face's outlines.
//!
//! How a formula is set (MathML Core's layout of each element, with the face's MATH constants;
//! TeX's rules where MathML Core leaves a choice):
//! - Tokens: a single-letter `<mi>` is italic (MathML Core's `math-auto`: the Unicode
//!   mathematical italic letter); letters of `<mi>` carry their italic correction when nothing
//!   is attached to them. Characters the math face lacks come from the caller's text faces
//!   ([`Fallback`]: Japanese inside `\text{…}`), else they are reported in
//!   [`Formula::missing`].
//! - Operators are spaced by the operator dictionary (`opdict.rs`) or their `lspace`/`rspace`;
//!   inside scripts binary operators and relations lose their spaces, as in TeX. Fences and
//!   `\middle` bars stretch to the row they close (symmetric about the math axis), `\big…`
//!   through `minsize`/`maxsize`: the face's larger variants first, then its glyph assembly.
//!   Large operators take the display size (at least `DisplayOperatorMinHeight`) in display
//!   style and are centred on the axis; `∑`-like operators put their limits above and below in
//!   display style, beside them in text style (`movablelimits`).
//! - Fractions, stacks (`\binom`), radicals with degrees, scripts, limits, accents (combining
//!   accents sit at `AccentBaseHeight`, wide ones stretch), over/under bars and braces, tables
//!   (matrices, `cases`, `aligned`, numbered equations whose number cell is pushed to the right
//!   edge of the available width) follow the MATH constants named in each function.
//!
//! Units: every length is in em of the formula's base size, y grows **up** from the baseline.

mod font;
mod layout;
mod opdict;
mod svg;
mod tree;

pub use font::{assemble, Constants, FontError, MathFont, Metrics, Part, Stretched};
pub use font::{BUILTIN, BUILTIN_FILE};
pub use layout::{
    layout, Break, Fallback, FallbackGlyph, Formula, Glyph, Item, Link, NoFallback, Options, Rule,
};
pub use opdict::{lookup, Class, Form, OpInfo};
pub use svg::{glyph_path, to_svg, to_svg_with, Svg};
pub use tree::{parse, Node, Tag};
