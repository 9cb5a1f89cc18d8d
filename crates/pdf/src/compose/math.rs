//! Formulas: the model's MathML laid out by `hanmoto-math` with the built-in math face (TeX Gyre
//! Termes Math, the Times companion of the body's Liberation Serif), in points.
//!
//! - Inline math is one unbreakable box on the baseline (`inline/items.rs`): its glyphs join
//!   the line's text in reading order and its ascent/descent grow the line only as much as
//!   they must. Spaces beside it stretch like word spaces.
//! - Display math is its own centred block, kept with the paragraph before it, with half a line
//!   above and below (`blocks.rs`). Numbered equations fill the measure with the number at its
//!   right edge. A formula wider than the measure breaks before a top-level relation or
//!   operator (continuation lines indented 2 em, TeX's habit), else is scaled down to fit, with
//!   a `math-too-wide` warning.
//! - Every formula extracts as its TeX source (one ActualText span): copying it from the PDF
//!   gives back what the author wrote, and search finds `E=mc^2`. The glyphs keep their own
//!   ToUnicode (the Unicode math letters) for tools that ignore ActualText.
//! - Characters the math face lacks (Japanese in `\text{…}`) come from the body faces; one no
//!   face has is a `font-missing-char` warning, once per post.

use hanmoto_math::{Fallback, FallbackGlyph, Item, Options};

use super::blocks::{Composer, Region};
use super::flow::Piece;
use super::Env;
use crate::fonts::{FaceId, Role};
use crate::frame::{
    ActualText, Color, Element, LinkDest, PlacedGlyph, Point, Rect, Segment, TextLine,
};

/// A formula in points, relative to its origin on the baseline (frame coordinates: y down for
/// rules, `rise` up for glyphs).
#[derive(Debug, Clone, PartialEq)]
pub struct Typeset {
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
    pub glyphs: Vec<MathGlyph>,
    pub rules: Vec<(Rect, Color)>,
    /// Where a display formula may break: (x of the next part, index of its first glyph, index
    /// of its first rule).
    pub breaks: Vec<(f32, usize, usize)>,
    /// `\eqref` numbers: their area and the label they link to (an anchor of the post).
    pub links: Vec<(Rect, String)>,
    /// Labelled equations: the label and the top of its row (frame y from the baseline).
    pub anchors: Vec<(String, f32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MathGlyph {
    pub face: FaceId,
    pub gid: u16,
    pub x: f32,
    /// Baseline shift, pt up.
    pub rise: f32,
    pub size: f32,
    pub advance: f32,
    pub text: String,
    pub color: Color,
}

/// An inline formula inside a line: its glyphs join the line's segments, copied as `tex`.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineFormula {
    pub set: Typeset,
    pub tex: String,
}

/// The body faces, for what the math face lacks.
struct TextFaces<'a> {
    env: &'a Env<'a>,
}

/// Font numbers for the math layout: 0 is the math face, `n + 1` the set's face `n`.
fn fallback_number(id: FaceId) -> u16 {
    id.0 + 1
}

impl Fallback for TextFaces<'_> {
    fn glyph(&self, ch: char) -> Option<FallbackGlyph> {
        let fonts = self.env.fonts;
        let id = fonts.face_for_lang(Role::Body, ch, Some(self.env.lang))?;
        let face = fonts.face(id);
        let rb = face.rb();
        let gid = rb.glyph_index(ch)?.0;
        let upem = f32::from(face.units_per_em());
        let (ascent, descent) = match rb.glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(gid)) {
            Some(b) => (f32::from(b.y_max) / upem, -f32::from(b.y_min) / upem),
            None => (0.0, 0.0),
        };
        Some(FallbackGlyph {
            font: fallback_number(id),
            gid,
            advance: f32::from(face.advance(gid)) / upem,
            ascent,
            descent,
        })
    }
}

/// Lays `mathml` out at `size` pt; `available` is the measure (pt) numbered equations fill.
/// `None` when the MathML cannot be read (the caller prints the TeX instead).
pub fn typeset(
    env: &Env,
    mathml: &str,
    size: f32,
    display: bool,
    available: f32,
    color: Color,
) -> Option<Typeset> {
    let fonts = env.fonts;
    let options = Options {
        display,
        available_width: available / size,
    };
    let f = hanmoto_math::layout(mathml, fonts.math_font(), &TextFaces { env }, &options).ok()?;
    for &ch in &f.missing {
        env.diagnostics.push(
            hanmoto_model::Diagnostic::warning(
                "font-missing-char",
                format!(
                    "no font has {ch:?} (U+{:04X}) of a formula; it prints as an empty space",
                    u32::from(ch)
                ),
            )
            .with_hint("name a body font that has it in book.toml ([pdf] fonts)")
            .at(hanmoto_model::Span::file(env.source)),
        );
    }
    let to_color = |c: Option<[f32; 3]>| c.map_or(color, |[r, g, b]| Color::rgb(r, g, b));
    let mut out = Typeset {
        width: f.width * size,
        ascent: f.ascent * size,
        descent: f.descent * size,
        glyphs: Vec::new(),
        rules: Vec::new(),
        breaks: Vec::new(),
        links: f
            .links
            .iter()
            .filter_map(|l| {
                let id = l.href.strip_prefix('#')?;
                Some((frame_rect(l.x, l.y, l.width, l.height, size), id.to_owned()))
            })
            .collect(),
        anchors: f
            .anchors
            .iter()
            .map(|(id, top)| (id.clone(), -top * size))
            .collect(),
    };
    let mut breaks = f.breaks.iter().peekable();
    for (i, item) in f.items.into_iter().enumerate() {
        while breaks.peek().is_some_and(|b| b.item == i) {
            let b = breaks.next().expect("peeked");
            out.breaks
                .push((b.x * size, out.glyphs.len(), out.rules.len()));
        }
        match item {
            Item::Glyph(g) => {
                let face = if g.font == 0 {
                    fonts.math_face()
                } else {
                    FaceId(g.font - 1)
                };
                let ff = fonts.face(face);
                let pt = g.size * size;
                out.glyphs.push(MathGlyph {
                    face,
                    gid: g.gid,
                    x: g.x * size,
                    rise: g.y * size,
                    size: pt,
                    advance: f32::from(ff.advance(g.gid)) / f32::from(ff.units_per_em()) * pt,
                    text: g.text,
                    color: to_color(g.color),
                });
            }
            Item::Rule(r) => out.rules.push((
                frame_rect(r.x, r.y, r.width, r.height, size),
                to_color(r.color),
            )),
        }
    }
    Some(out)
}

/// An inline formula wider than the measure (an inline `\begin{aligned}`, a long sum) is
/// scaled down to fit it, with a warning: it cannot break, and past the margin it would be cut.
pub fn fit_inline(env: &Env, set: Typeset, width: f32) -> Typeset {
    if set.width <= width || width <= 0.0 {
        return set;
    }
    let k = width / set.width;
    too_wide(
        env,
        "an inline formula is",
        k,
        "make it display math ($$…$$ on its own lines) so that it can break",
    );
    set.scaled(k)
}

/// The `math-too-wide` warning: `what` (`an inline formula is`) was scaled by `k`.
fn too_wide(env: &Env, what: &str, k: f32, hint: &str) {
    env.diagnostics.push(
        hanmoto_model::Diagnostic::warning(
            "math-too-wide",
            format!(
                "{what} {:.0} % wider than the measure; it is scaled to {:.0} %",
                (1.0 / k - 1.0) * 100.0,
                k * 100.0
            ),
        )
        .with_hint(hint)
        .at(hanmoto_model::Span::file(env.source)),
    );
}

/// A rectangle of the math layout (em, `y` its bottom edge, y up) in frame points (y down from
/// the baseline) at `size`.
fn frame_rect(x: f32, y: f32, width: f32, height: f32, size: f32) -> Rect {
    Rect {
        x: x * size,
        y: -(y + height) * size,
        width: width * size,
        height: height * size,
    }
}

impl Typeset {
    /// The formula scaled by `k` about its origin.
    pub fn scaled(mut self, k: f32) -> Typeset {
        self.width *= k;
        self.ascent *= k;
        self.descent *= k;
        for g in &mut self.glyphs {
            g.x *= k;
            g.rise *= k;
            g.size *= k;
            g.advance *= k;
        }
        let scale = |r: &mut Rect| {
            *r = Rect {
                x: r.x * k,
                y: r.y * k,
                width: r.width * k,
                height: r.height * k,
            }
        };
        self.rules.iter_mut().for_each(|(r, _)| scale(r));
        self.links.iter_mut().for_each(|(r, _)| scale(r));
        for b in &mut self.breaks {
            b.0 *= k;
        }
        for (_, y) in &mut self.anchors {
            *y *= k;
        }
        self
    }

    /// Breaks a display formula wider than `width` into lines no wider, at its break points
    /// (greedy: each line takes as much as fits); lines after the first start `indent` pt in.
    /// `None` when it cannot be broken so that every line fits.
    pub fn split(&self, width: f32, indent: f32) -> Option<Vec<Typeset>> {
        if self.width <= width {
            return Some(vec![self.clone()]);
        }
        let mut cuts: Vec<(f32, usize, usize)> = Vec::new();
        let mut start = (0.0f32, 0usize, 0usize);
        let mut offset = 0.0;
        loop {
            let limit = start.0 - offset + width;
            let rest_fits = self.width - start.0 + offset <= width + 0.01;
            if rest_fits {
                break;
            }
            let next = self
                .breaks
                .iter()
                .copied()
                .rfind(|b| b.0 > start.0 + 0.01 && b.0 <= limit)?;
            cuts.push(next);
            start = next;
            offset = indent;
        }
        let mut bounds = vec![(0.0, 0, 0)];
        bounds.extend(cuts);
        let mut lines = Vec::new();
        for (k, &(x0, g0, r0)) in bounds.iter().enumerate() {
            let (x1, g1, r1) = bounds.get(k + 1).copied().unwrap_or((
                self.width,
                self.glyphs.len(),
                self.rules.len(),
            ));
            let dx = if k == 0 { 0.0 } else { indent - x0 };
            let glyphs: Vec<MathGlyph> = self.glyphs[g0..g1]
                .iter()
                .map(|g| MathGlyph {
                    x: g.x + dx,
                    ..g.clone()
                })
                .collect();
            let rules = self.rules[r0..r1]
                .iter()
                .map(|(r, c)| (Rect { x: r.x + dx, ..*r }, *c))
                .collect();
            let links = self
                .links
                .iter()
                .filter(|(r, _)| r.x >= x0 - 0.01 && (r.x < x1 || k + 1 == bounds.len()))
                .map(|(r, id)| (Rect { x: r.x + dx, ..*r }, id.clone()))
                .collect();
            lines.push(Typeset {
                width: x1 + dx,
                ascent: self.ascent,
                descent: self.descent,
                glyphs,
                rules,
                breaks: Vec::new(),
                links,
                anchors: if k == 0 {
                    self.anchors.clone()
                } else {
                    Vec::new()
                },
            });
        }
        Some(lines)
    }
}

/// Space above and below display math, in em of the body size.
const DISPLAY_SPACE: f32 = 0.8;
/// Continuation lines of a broken display formula start this far in (em).
const CONTINUATION_INDENT: f32 = 2.0;

impl Composer<'_> {
    /// A display formula: centred, kept with the paragraph before it, broken or scaled to fit.
    pub(crate) fn display_math(&mut self, tex: &str, mathml: &str, region: &Region) {
        let size = self.size;
        let Some(set) = typeset(&self.env, mathml, size, true, region.width, Color::BLACK) else {
            return self.code(tex, &[], false, region);
        };
        let lines = match set.split(region.width, CONTINUATION_INDENT * size) {
            Some(lines) => lines,
            None => {
                let k = region.width / set.width;
                too_wide(
                    &self.env,
                    "a display formula with no place to break is",
                    k,
                    "break it with `\\\\` in an `aligned` or `multline` environment",
                );
                vec![set.scaled(k)]
            }
        };
        // Never a page break between a formula and the line that introduces it (TeX's
        // \predisplaypenalty).
        if let Some(last) = self.flow.pieces.last_mut() {
            last.keep_with_next = true;
        }
        self.flow.space(DISPLAY_SPACE * size);
        let n = lines.len();
        let single = n == 1;
        for (k, line) in lines.into_iter().enumerate() {
            // One line: centred. Broken: the first line at the left, the others indented.
            let x = if single {
                region.x + ((region.width - line.width) / 2.0).max(0.0)
            } else {
                region.x
            };
            // The lines of a broken formula share the ActualText of the first: the TeX is
            // copied once, from the first line.
            let text = if k == 0 { tex } else { "" };
            let mut piece = formula_piece(line, x, text, size);
            piece.groups = region.groups.clone();
            piece.keep_with_next = k + 1 < n;
            self.flow.push(piece);
        }
        self.flow.space(DISPLAY_SPACE * size);
    }
}

/// A line of a display formula as a flow piece (origin at its left end, on its baseline).
fn formula_piece(set: Typeset, x: f32, tex: &str, size: f32) -> Piece {
    // A formula line is at least as tall as a line of text.
    let ascent = set.ascent.max(0.9 * size);
    let descent = set.descent.max(0.3 * size);
    let mut piece = Piece::blank(ascent + descent);
    piece.baseline = ascent;
    let origin = Point { x, y: ascent };
    for (id, y) in &set.anchors {
        piece.anchors.push((id.clone(), (origin.y + y).max(0.0)));
    }
    piece.elements.extend(formula_elements(set, origin, tex));
    piece
}

/// A formula's glyphs as one text line (extracting as `tex`, or nothing when `tex` is empty)
/// and its rules, placed at `origin` (its baseline's left end).
pub fn formula_elements(set: Typeset, origin: Point, tex: &str) -> Vec<Element> {
    let mut segments: Vec<Segment> = Vec::new();
    let n = set.glyphs.len();
    for g in set.glyphs {
        let placed = PlacedGlyph {
            gid: g.gid,
            x: g.x,
            advance: g.advance,
            y_offset: 0.0,
            text: g.text,
            extract: !tex.is_empty(),
        };
        match segments.last_mut() {
            Some(s)
                if s.face == g.face
                    && s.size == g.size
                    && s.color == g.color
                    && s.rise == g.rise =>
            {
                s.glyphs.push(placed)
            }
            _ => segments.push(Segment {
                face: g.face,
                size: g.size,
                color: g.color,
                rise: g.rise,
                glyphs: vec![placed],
                tcy: None,
            }),
        }
    }
    let mut out = Vec::new();
    for (mut rect, id) in set.links {
        rect.x += origin.x;
        rect.y += origin.y;
        out.push(Element::Link {
            rect,
            dest: LinkDest::Anchor(id),
        });
    }
    for (mut rect, color) in set.rules {
        rect.x += origin.x;
        rect.y += origin.y;
        out.push(Element::Rect {
            rect,
            fill: Some(color),
            stroke: None,
        });
    }
    if n > 0 {
        out.push(Element::Text(TextLine {
            origin,
            segments,
            vertical: false,
            actual: vec![ActualText {
                first: 0,
                last: n - 1,
                text: tex.to_owned(),
            }],
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyph(x: f32) -> MathGlyph {
        MathGlyph {
            face: FaceId(0),
            gid: 1,
            x,
            rise: 0.0,
            size: 10.0,
            advance: 5.0,
            text: "x".into(),
            color: Color::BLACK,
        }
    }

    #[test]
    fn split_breaks_where_the_line_is_full_and_indents_the_rest() {
        let t = Typeset {
            width: 100.0,
            ascent: 7.0,
            descent: 2.0,
            glyphs: (0..10).map(|i| glyph(i as f32 * 10.0)).collect(),
            rules: Vec::new(),
            breaks: vec![(30.0, 3, 0), (60.0, 6, 0), (80.0, 8, 0)],
            links: Vec::new(),
            anchors: Vec::new(),
        };
        let lines = t.split(65.0, 20.0).expect("breakable");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].glyphs.len(), 6);
        assert!((lines[0].width - 60.0).abs() < 1e-3);
        // The second line starts at the indent.
        assert!((lines[1].glyphs[0].x - 20.0).abs() < 1e-3);
        assert!(lines[1].width <= 65.0);
        // No break point fits: None (the caller scales instead).
        assert!(t.split(25.0, 20.0).is_none());
        // Narrow enough already: one line.
        assert_eq!(t.split(120.0, 20.0).map(|l| l.len()), Some(1));
    }
}
