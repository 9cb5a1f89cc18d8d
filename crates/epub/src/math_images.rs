//! Fallback images of formulas, for reading systems without MathML (Kindle's and Kobo's older
//! engines): every distinct formula is laid out once by hanmoto-math, as in the PDF, and drawn as
//! an SVG with the math face's glyphs as outlines (`hanmoto_math::to_svg`). The `<math>` element
//! names it in `altimg` with its size in em (`altimg-width`, `altimg-height`) and how far it
//! hangs below the baseline (`altimg-valign`), so it sits in the line like the formula would.
//! Characters the math face lacks (Japanese in `\text{…}`) are `<text>` in the reader's serif.

use std::collections::HashMap;

use hanmoto_math::{Fallback, FallbackGlyph, MathFont, Options};
use hanmoto_model::document::{walk_blocks, walk_inlines};
use hanmoto_model::{Block, Book, Inline};
use rayon::prelude::*;

/// Where a formula's image is and how big it is.
#[derive(Debug, Clone, PartialEq)]
pub struct MathImageRef {
    /// Relative to the chapter (`math/m0001.svg`).
    pub href: String,
    /// em.
    pub width: f32,
    pub height: f32,
    pub depth: f32,
}

/// Every formula's image, by its MathML.
#[derive(Debug, Default)]
pub struct MathImages {
    pub by_mathml: HashMap<String, MathImageRef>,
    /// (href, SVG document), in the order formulas first appear.
    pub files: Vec<(String, String)>,
}

/// Approximate metrics for what the math face lacks: the reader's font draws it.
struct ReaderText;

impl Fallback for ReaderText {
    fn glyph(&self, ch: char) -> Option<FallbackGlyph> {
        let wide = unicode_wide(ch);
        Some(FallbackGlyph {
            font: 1,
            gid: 0,
            advance: if wide { 1.0 } else { 0.55 },
            ascent: if wide { 0.88 } else { 0.7 },
            descent: if wide { 0.12 } else { 0.2 },
        })
    }
}

/// Kana, kanji, CJK punctuation and full-width forms: one em wide.
fn unicode_wide(ch: char) -> bool {
    matches!(ch,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFD}')
}

/// Lays out and draws every distinct formula of `book` (on all threads).
pub fn prepare(book: &Book) -> MathImages {
    let mut order: Vec<(String, bool)> = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    for post in &book.posts {
        let mut add = |mathml: &Option<String>, display: bool| {
            if let Some(m) = mathml {
                if seen.insert(m.clone(), ()).is_none() {
                    order.push((m.clone(), display));
                }
            }
        };
        walk_blocks(&post.blocks, &mut |b| {
            if let Block::Math { mathml, .. } = b {
                add(mathml, true);
            }
        });
        walk_inlines(&post.blocks, &mut |i| {
            if let Inline::Math { mathml, .. } = i {
                add(mathml, false);
            }
        });
    }
    if order.is_empty() {
        return MathImages::default();
    }
    let Ok(font) = MathFont::parse(hanmoto_math::BUILTIN, 0) else {
        return MathImages::default();
    };
    let laid_out: Vec<Option<hanmoto_math::Formula>> = order
        .par_iter()
        .map(|(mathml, display)| {
            let options = Options {
                display: *display,
                // A numbered equation spans a typical reading width (30 em).
                available_width: 30.0,
            };
            let formula = hanmoto_math::layout(mathml, &font, &ReaderText, &options).ok()?;
            (!formula.items.is_empty()).then_some(formula)
        })
        .collect();
    // Each glyph's outline once for the whole book (a formula's SVG defines the ones it uses).
    let mut gids: Vec<u16> = laid_out
        .iter()
        .flatten()
        .flat_map(|f| &f.items)
        .filter_map(|i| match i {
            hanmoto_math::Item::Glyph(g) if g.font == 0 => Some(g.gid),
            _ => None,
        })
        .collect();
    gids.sort_unstable();
    gids.dedup();
    let paths: HashMap<u16, String> = gids
        .par_iter()
        .map(|&g| (g, hanmoto_math::glyph_path(&font, g)))
        .collect();
    let path = |g: u16| paths.get(&g).cloned().unwrap_or_default();
    let drawn: Vec<Option<hanmoto_math::Svg>> = laid_out
        .par_iter()
        .map(|f| f.as_ref().map(|f| hanmoto_math::to_svg_with(f, &path)))
        .collect();
    let mut out = MathImages::default();
    for (i, ((mathml, _), svg)) in order.into_iter().zip(drawn).enumerate() {
        let Some(svg) = svg else { continue };
        let href = format!("math/m{:04}.svg", i + 1);
        out.by_mathml.insert(
            mathml,
            MathImageRef {
                href: href.clone(),
                width: svg.width,
                height: svg.height,
                depth: svg.depth,
            },
        );
        out.files.push((href, svg.document));
    }
    out
}
