//! The laid-out document as pure data: pages of positioned elements. `compose` makes it, `paint`
//! turns it into PDF operations. Nothing here knows printpdf.
//!
//! Coordinates are points (1/72 in) from the page's **top-left** corner, y growing **down** (the
//! way layout thinks); the painter flips them to PDF's bottom-left origin.

use chrono::{DateTime, FixedOffset};
use hanmoto_model::AssetId;

use crate::fonts::FaceId;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

/// A rectangle: `x`, `y` is the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.width
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }
    /// The smallest rectangle holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect {
            x,
            y,
            width: self.right().max(other.right()) - x,
            height: self.bottom().max(other.bottom()) - y,
        }
    }
}

/// An sRGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

impl Color {
    pub const BLACK: Color = Color::gray(0.0);
    pub const fn gray(v: f32) -> Color {
        Color { r: v, g: v, b: v }
    }
    pub const fn rgb(r: f32, g: f32, b: f32) -> Color {
        Color { r, g, b }
    }
}

/// The whole document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    pub pages: Vec<Page>,
    /// Bookmarks, nested (title → headings).
    pub outline: Vec<OutlineItem>,
    pub info: DocInfo,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocInfo {
    pub title: String,
    pub author: Option<String>,
    pub subject: Option<String>,
    /// From the tags; written comma-separated.
    pub keywords: Vec<String>,
    /// BCP 47 (`ja`), the catalog's `/Lang`.
    pub lang: String,
    /// Pages turn from right to left (a vertical Japanese book, bound on the right): the
    /// catalog's `/ViewerPreferences << /Direction /R2L >>`, so viewers show spreads that way.
    pub right_to_left: bool,
    /// Creation and modification date (from the post, or `SOURCE_DATE_EPOCH`), never "now":
    /// the same input gives the same bytes.
    pub date: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutlineItem {
    pub title: String,
    /// Page index (0-based) and y of the target (top-left origin).
    pub page: usize,
    pub y: f32,
    pub children: Vec<OutlineItem>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Paper size in pt.
    pub width: f32,
    pub height: f32,
    /// Painted in order (later on top).
    pub elements: Vec<Element>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    Text(TextLine),
    /// A filled and/or stroked rectangle (code tint, table rules, image placeholder frame).
    Rect {
        rect: Rect,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    /// A straight line (thematic break, table rules, footnote separator).
    Rule {
        from: Point,
        to: Point,
        stroke: Stroke,
    },
    /// An image of the book's `AssetStore`, scaled into `rect` (aspect already kept by layout).
    /// The painter embeds each asset once and places it as often as it is used.
    Image {
        asset: AssetId,
        rect: Rect,
    },
    /// Elements set upright inside a vertical page (a code block, a table, a display formula):
    /// `rect` is where the box goes in the page's layout coordinates, `elements` are positioned
    /// from the box's top-left corner as they are to appear on paper. [`rotate_vertical`] puts
    /// them on the page; the painter never sees one.
    Upright {
        rect: Rect,
        elements: Vec<Element>,
    },
    /// A clickable area. At most one per line fragment: layout merges the fragments of one link
    /// on one line.
    Link {
        rect: Rect,
        dest: LinkDest,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub width: f32,
    pub color: Color,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LinkDest {
    Uri(String),
    /// A place in this document: page index (0-based), y (top-left origin).
    Page {
        page: usize,
        y: f32,
    },
    /// A named place not resolved yet (a heading id, `fn:label`, `note:3`). Layout resolves these
    /// to `Page` after pagination; the painter skips any that remain.
    Anchor(String),
}

/// In a vertical line, how far right of the (turned) baseline the column's centre is, in em of
/// the run: the middle of the ideographic em box (0.88 em above the baseline, 0.12 below).
pub const COLUMN_CENTRE_EM: f32 = 0.88 - 0.5;

/// One line of text on one baseline, possibly in several faces, sizes and colours. The painter
/// keeps the extracted text exact: every gap between consecutive glyphs wider than the safe
/// threshold (notes/printpdf.md: 0.09 em) and every glyph with `extract == false` is wrapped,
/// with its neighbours, in an ActualText span carrying the real text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// Left end of the baseline; in a vertical line, the top end of the line's baseline, which
    /// runs down the page `(EM_ASCENT − 0.5)` em left of the column's centre (the horizontal
    /// baseline turned 90° clockwise).
    pub origin: Point,
    /// Set top to bottom ([`rotate_vertical`]): glyphs of vertical faces upright
    /// (`Identity-V`), others turned 90° clockwise, tate-chu-yoko segments upright across the
    /// column. Glyph `x` is then the distance down from `origin`.
    pub vertical: bool,
    /// In reading order, left to right.
    pub segments: Vec<Segment>,
    /// Runs of glyphs whose text is given whole instead of glyph by glyph: a formula copies as
    /// its TeX. Indices count the line's glyphs in order, across segments; sorted, disjoint.
    pub actual: Vec<ActualText>,
}

/// Glyphs `first..=last` of a line extract as `text` (one ActualText span).
#[derive(Debug, Clone, PartialEq)]
pub struct ActualText {
    pub first: usize,
    pub last: usize,
    pub text: String,
}

/// Consecutive glyphs of one face, size and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub face: FaceId,
    pub size: f32,
    pub color: Color,
    /// Baseline shift in pt, positive up (superscript note numbers, ruby is its own line).
    pub rise: f32,
    pub glyphs: Vec<PlacedGlyph>,
    /// Tate-chu-yoko (縦中横): in a vertical line these horizontal glyphs stand upright across
    /// the column, centred in the cell, squeezed to fit it.
    pub tcy: Option<Tcy>,
}

/// The cell a tate-chu-yoko run fills along a vertical line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tcy {
    /// Where the cell starts along the line (pt from the origin) and how long it is (one em).
    /// The glyphs' `x` are `start` plus their horizontal offset in the run.
    pub start: f32,
    pub length: f32,
    /// The run's own width (pt), set across the column.
    pub width: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id in the face (original numbering; the painter remaps to the subset).
    pub gid: u16,
    /// Pen position of the glyph's origin, pt from the line's origin.
    pub x: f32,
    /// The glyph's advance in pt at `size`, as shaped. Whatever lies between `x + advance` and
    /// the next glyph's `x` is space that is not text.
    pub advance: f32,
    /// Vertical offset from shaping, pt, positive up.
    pub y_offset: f32,
    /// The text this glyph stands for (ToUnicode and ActualText): its cluster's text on the
    /// cluster's first glyph, `""` on the others.
    pub text: String,
    /// `false` for glyphs that are not part of the author's text (link note numbers, the hyphen
    /// of a broken word): copy and `pdftotext` must not return them.
    pub extract: bool,
}

impl Element {
    /// Moves the element by (dx, dy). `Page` destinations are not moved (they are absolute).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        let shift = |r: &mut Rect| {
            r.x += dx;
            r.y += dy;
        };
        match self {
            Element::Text(t) => {
                t.origin.x += dx;
                t.origin.y += dy;
            }
            Element::Rect { rect, .. }
            | Element::Image { rect, .. }
            | Element::Upright { rect, .. }
            | Element::Link { rect, .. } => shift(rect),
            Element::Rule { from, to, .. } => {
                from.x += dx;
                from.y += dy;
                to.x += dx;
                to.y += dy;
            }
        }
    }
}

/// A page laid out in vertical writing's own coordinates (x down the column, y across the
/// columns from the right edge: a horizontal page of the vertical one's height and width) → the
/// page as printed: `(x, y)` goes to `(width − y, x)`, the layout turned 90° clockwise. Text
/// lines become vertical lines, rectangles and rules turn with the page, images keep their
/// upright pictures (layout gave them turned boxes), upright boxes are unpacked.
/// `Page` link destinations are left for the caller (they hold a y).
pub fn rotate_vertical(page: Page) -> Page {
    let width = page.height;
    let turn_rect = |r: Rect| Rect {
        x: width - r.y - r.height,
        y: r.x,
        width: r.height,
        height: r.width,
    };
    let turn_point = |p: Point| Point {
        x: width - p.y,
        y: p.x,
    };
    let mut elements = Vec::with_capacity(page.elements.len());
    for e in page.elements {
        match e {
            Element::Text(mut t) => {
                t.origin = turn_point(t.origin);
                t.vertical = true;
                elements.push(Element::Text(t));
            }
            Element::Rect { rect, fill, stroke } => elements.push(Element::Rect {
                rect: turn_rect(rect),
                fill,
                stroke,
            }),
            Element::Rule { from, to, stroke } => elements.push(Element::Rule {
                from: turn_point(from),
                to: turn_point(to),
                stroke,
            }),
            Element::Image { asset, rect } => elements.push(Element::Image {
                asset,
                rect: turn_rect(rect),
            }),
            Element::Link { rect, dest } => elements.push(Element::Link {
                rect: turn_rect(rect),
                dest,
            }),
            Element::Upright {
                rect,
                elements: inner,
            } => {
                let at = turn_rect(rect);
                for mut e in flatten_upright(inner) {
                    e.translate(at.x, at.y);
                    elements.push(e);
                }
            }
        }
    }
    Page {
        width,
        height: page.width,
        elements,
    }
}

/// Upright boxes inside upright boxes, unpacked (their elements are already upright).
pub fn flatten_upright(elements: Vec<Element>) -> Vec<Element> {
    let mut out = Vec::with_capacity(elements.len());
    for e in elements {
        match e {
            Element::Upright { rect, elements } => {
                for mut inner in flatten_upright(elements) {
                    inner.translate(rect.x, rect.y);
                    out.push(inner);
                }
            }
            e => out.push(e),
        }
    }
    out
}
