//! A laid-out formula as a standalone SVG image: the math face's glyphs as outlines (each
//! distinct glyph defined once and placed with `<use>`), rules as rectangles, characters from
//! other faces as `<text>` (the reading system's serif). The image is sized in em, so it scales
//! with the text around it; an EPUB gives it as the fallback (`altimg`) of a formula for reading
//! systems without MathML.

use std::collections::BTreeMap;
use std::fmt::Write;

use ttf_parser::{GlyphId, OutlineBuilder};

use crate::font::MathFont;
use crate::layout::{Formula, Item};

/// SVG user units per em.
const UNITS: f32 = 1000.0;
/// Room around the ink, em (antialiasing of glyph edges at the box).
const PAD: f32 = 0.05;

/// The image and the size to show it at.
#[derive(Debug, Clone, PartialEq)]
pub struct Svg {
    pub document: String,
    /// em.
    pub width: f32,
    pub height: f32,
    /// How far its bottom edge sits below the baseline, em (`vertical-align: -depth`).
    pub depth: f32,
}

struct PathData {
    d: String,
    scale: f32,
}

impl OutlineBuilder for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.d, "M{} {}", num(x * self.scale), num(y * self.scale));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.d, "L{} {}", num(x * self.scale), num(y * self.scale));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let s = self.scale;
        let _ = write!(
            self.d,
            "Q{} {} {} {}",
            num(x1 * s),
            num(y1 * s),
            num(x * s),
            num(y * s)
        );
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let s = self.scale;
        let _ = write!(
            self.d,
            "C{} {} {} {} {} {}",
            num(x1 * s),
            num(y1 * s),
            num(x2 * s),
            num(y2 * s),
            num(x * s),
            num(y * s)
        );
    }
    fn close(&mut self) {
        self.d.push('Z');
    }
}

/// A number with at most one decimal (1/10 000 em: finer than any screen).
fn num(v: f32) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn hex(c: Option<[f32; 3]>) -> String {
    match c {
        None => "#000".to_owned(),
        Some([r, g, b]) => {
            let q = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
            format!("#{:02x}{:02x}{:02x}", q(r), q(g), q(b))
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The outline of glyph `gid` of the math face as SVG path data, in the units [`to_svg`] uses
/// (1000 per em, y up); empty for a glyph without ink. Callers drawing many formulas compute
/// each glyph's once ([`to_svg_with`]).
pub fn glyph_path(font: &MathFont, gid: u16) -> String {
    let mut p = PathData {
        d: String::new(),
        scale: UNITS / font.units_per_em(),
    };
    let _ = font.face().outline_glyph(GlyphId(gid), &mut p);
    p.d
}

/// Draws `formula` (laid out with `font`) as an SVG document.
pub fn to_svg(formula: &Formula, font: &MathFont) -> Svg {
    to_svg_with(formula, &|gid| glyph_path(font, gid))
}

/// [`to_svg`] with the glyph outlines from `path` (e.g. a cache of [`glyph_path`]).
pub fn to_svg_with(formula: &Formula, path: &dyn Fn(u16) -> String) -> Svg {
    let mut defs: BTreeMap<u16, String> = BTreeMap::new();
    let mut body = String::new();
    for item in &formula.items {
        match item {
            Item::Glyph(g) if g.font == 0 => {
                let id = defs.entry(g.gid).or_insert_with(|| path(g.gid));
                if id.is_empty() {
                    continue;
                }
                let _ = write!(
                    body,
                    "<use href=\"#g{}\" transform=\"translate({} {}) scale({} -{})\"",
                    g.gid,
                    num(g.x * UNITS),
                    num(-g.y * UNITS),
                    g.size,
                    g.size
                );
                if g.color.is_some() {
                    let _ = write!(body, " fill=\"{}\"", hex(g.color));
                }
                body.push_str("/>");
            }
            Item::Glyph(g) => {
                let _ = write!(
                    body,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-family=\"serif\"",
                    num(g.x * UNITS),
                    num(-g.y * UNITS),
                    num(g.size * UNITS)
                );
                if g.color.is_some() {
                    let _ = write!(body, " fill=\"{}\"", hex(g.color));
                }
                let _ = write!(body, ">{}</text>", escape(&g.text));
            }
            Item::Rule(r) => {
                let _ = write!(
                    body,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
                    num(r.x * UNITS),
                    num(-(r.y + r.height) * UNITS),
                    num(r.width * UNITS),
                    num(r.height * UNITS)
                );
                if r.color.is_some() {
                    let _ = write!(body, " fill=\"{}\"", hex(r.color));
                }
                body.push_str("/>");
            }
        }
    }
    let width = formula.width + 2.0 * PAD;
    let height = formula.ascent + formula.descent + 2.0 * PAD;
    let depth = formula.descent + PAD;
    let mut doc = String::with_capacity(body.len() + 256 * defs.len());
    let _ = write!(
        doc,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.3}em\" height=\"{h:.3}em\" viewBox=\"{} {} {} {}\"><defs>",
        num(-PAD * UNITS),
        num(-(formula.ascent + PAD) * UNITS),
        num(width * UNITS),
        num(height * UNITS),
        w = width,
        h = height
    );
    for (gid, d) in &defs {
        if !d.is_empty() {
            let _ = write!(doc, "<path id=\"g{gid}\" d=\"{d}\"/>");
        }
    }
    doc.push_str("</defs>");
    doc.push_str(&body);
    doc.push_str("</svg>\n");
    Svg {
        document: doc,
        width,
        height,
        depth,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{layout, MathFont, NoFallback, Options, BUILTIN};

    #[test]
    fn a_fraction_becomes_paths_and_a_bar() {
        let font = MathFont::parse(BUILTIN, 0).unwrap();
        let f = layout(
            r#"<math xmlns="http://www.w3.org/1998/Math/MathML"><mfrac><mi>x</mi><mn>2</mn></mfrac><mo>+</mo><mi>x</mi></math>"#,
            &font,
            &NoFallback,
            &Options::default(),
        )
        .unwrap();
        let svg = to_svg(&f, &font);
        let doc = roxmltree::Document::parse(&svg.document).expect("well-formed SVG");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        // x is defined once and used twice; the bar is a rect.
        let paths = root
            .descendants()
            .filter(|n| n.has_tag_name("path"))
            .count();
        let uses = root.descendants().filter(|n| n.has_tag_name("use")).count();
        let rects = root
            .descendants()
            .filter(|n| n.has_tag_name("rect"))
            .count();
        assert_eq!((paths, uses, rects), (3, 4, 1));
        assert!(svg.width > f.width && svg.depth > f.descent);
        assert!(svg.document.contains("width=\""));
    }
}
