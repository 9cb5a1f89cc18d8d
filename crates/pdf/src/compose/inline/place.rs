//! A broken line → a [`LineBox`]: glyphs at the breaker's x positions (never re-spaced) grouped
//! into segments, marks above the text, images, code tints, strike rules, one link rectangle per
//! link per line, the line's notes and anchors, and its height.

use super::items::{GlyphRef, ItemInfo, Kind, Paragraph, EM_ASCENT, EM_DESCENT};
use super::{Align, LineBox, TextStyle};
use crate::compose::math::InlineFormula;
use crate::frame::{
    ActualText, Color, Element, LinkDest, PlacedGlyph, Point, Rect, Segment, Stroke, Tcy, TextLine,
};
use crate::layout::Line;

/// Behind inline code: a light warm grey, visible on paper without hiding the text.
pub const CODE_TINT: Color = Color::rgb(0.93, 0.93, 0.91);
/// A line of images only: the gap under it (fraction of the body size) instead of the text's
/// descent, so stacked images are not spaced like lines of text.
pub const IMAGE_LINE_GAP: f32 = 0.25;

/// Groups glyphs into segments of one face, size, colour and rise.
#[derive(Default)]
struct Segments(Vec<Segment>, usize, Vec<ActualText>);

impl Segments {
    /// Places a formula's glyphs at `x` (its rules go to `objects`); it extracts as its TeX.
    fn push_formula(&mut self, f: InlineFormula, x: f32, rise: f32, objects: &mut Vec<Element>) {
        let first = self.1;
        for g in f.set.glyphs {
            let (size, color, grise) = (g.size, g.color, g.rise);
            let glyph = GlyphRef {
                face: g.face,
                gid: g.gid,
                dx: g.x,
                advance: g.advance,
                y_offset: 0.0,
                text: g.text,
                extract: true,
                tcy: None,
            };
            self.push(glyph, x, size, color, rise + grise);
        }
        if self.1 > first {
            self.2.push(ActualText {
                first,
                last: self.1 - 1,
                text: f.tex,
            });
        }
        for (mut rect, color) in f.set.rules {
            rect.x += x;
            rect.y -= rise;
            objects.push(Element::Rect {
                rect,
                fill: Some(color),
                stroke: None,
            });
        }
    }

    fn push(&mut self, g: GlyphRef, x: f32, size: f32, color: Color, rise: f32) {
        self.1 += 1;
        let placed = PlacedGlyph {
            gid: g.gid,
            x: x + g.dx,
            advance: g.advance,
            y_offset: g.y_offset,
            text: g.text,
            extract: g.extract,
        };
        // A tate-chu-yoko run is a segment of its own, filling its item's cell.
        let tcy = g.tcy.map(|c| Tcy {
            start: x,
            length: c.length,
            width: c.width,
        });
        match self.0.last_mut() {
            Some(s)
                if s.face == g.face
                    && s.size == size
                    && s.color == color
                    && s.rise == rise
                    && s.tcy == tcy =>
            {
                s.glyphs.push(placed)
            }
            _ => self.0.push(Segment {
                face: g.face,
                size,
                color,
                rise,
                glyphs: vec![placed],
                tcy,
            }),
        }
    }
}

/// A run of consecutive items sharing a decoration (code tint, strike) or a link.
struct Span {
    x0: f32,
    x1: f32,
    size: f32,
}

/// Places `line` of `p`; `marker` is painted at the right end of a wrapped preformatted line.
/// The glyphs, marks and objects of the line's items move into the line box: each item is placed
/// once (the lines of a paragraph cover it without overlapping).
pub fn place_line(
    p: &mut Paragraph,
    line: &Line,
    style: &TextStyle,
    width: f32,
    links: &[LinkDest],
    marker: Option<&GlyphRef>,
) -> LineBox {
    let free = (width - line.width).max(0.0);
    let shift = match style.align {
        Align::Start | Align::Justify => 0.0,
        Align::Center => free / 2.0,
        Align::End => free,
    };
    let mut segments = Segments::default();
    let mut overlays: Vec<(f32, Segments)> = Vec::new();
    let mut objects = Vec::new();
    let mut tints: Vec<Span> = Vec::new();
    let mut strikes: Vec<Span> = Vec::new();
    let mut link_rects: Vec<(usize, Rect)> = Vec::new();
    let mut out = LineBox {
        width,
        ascent: 0.0,
        descent: 0.0,
        elements: Vec::new(),
        notes: Vec::new(),
        anchors: Vec::new(),
    };
    let base_ascent = EM_ASCENT * style.size + (style.leading - style.size).max(0.0) / 2.0;
    let base_descent = (style.leading - base_ascent).max(EM_DESCENT * style.size);
    let mut inked = false;
    let mut has_object = false;
    let mut previous: Option<usize> = None;
    for g in &line.glyphs {
        let code_on = previous_flag(p, previous, |i| i.style.code);
        let strike_on = previous_flag(p, previous, |i| i.style.strike);
        let Some(info) = p.infos.get_mut(g.index) else {
            continue;
        };
        let x = g.x + shift;
        let rs = &info.style;
        match &info.kind {
            Kind::SoftHyphen { hyphen } => {
                if g.advance > 0.0 {
                    if let Some(h) = hyphen {
                        segments.push(h.clone(), x, rs.size, rs.color, rs.rise);
                    }
                }
            }
            _ => {
                for glyph in std::mem::take(&mut info.glyphs) {
                    segments.push(glyph, x, rs.size, rs.color, rs.rise);
                }
                if let Some(f) = info.math.take() {
                    segments.push_formula(*f, x, rs.rise, &mut objects);
                }
            }
        }
        // Marks (a ruby reading overhanging its neighbours) stay inside the measure.
        let (lo, hi) = info
            .overlays
            .iter()
            .fold((f32::MAX, f32::MIN), |(lo, hi), o| {
                (lo.min(o.glyph.dx), hi.max(o.glyph.dx + o.glyph.advance))
            });
        let mark_shift = if info.overlays.is_empty() {
            0.0
        } else if x + lo < 0.0 {
            -(x + lo)
        } else if x + hi > width {
            width - (x + hi)
        } else {
            0.0
        };
        let marked = !info.overlays.is_empty();
        for o in std::mem::take(&mut info.overlays) {
            let slot = match overlays.iter().position(|(y, _)| *y == o.y) {
                Some(i) => i,
                None => {
                    overlays.push((o.y, Segments::default()));
                    overlays.len() - 1
                }
            };
            overlays[slot]
                .1
                .push(o.glyph, x + mark_shift, o.size, o.color, 0.0);
        }
        for mut e in std::mem::take(&mut info.elements) {
            e.translate(x, 0.0);
            objects.push(e);
        }
        if info.inked || info.kind == Kind::Object || marked {
            out.ascent = out.ascent.max(info.ascent);
            out.descent = out.descent.max(info.descent);
        }
        inked |= info.inked;
        has_object |= info.kind == Kind::Object;
        if let Some(n) = info.note {
            out.notes.push(n);
        }
        if let Some(a) = &info.anchor {
            out.anchors.push(a.clone());
        }
        let x1 = x + g.advance;
        let adjacent = previous.is_some_and(|k| k + 1 == g.index);
        let glued = matches!(info.kind, Kind::Glue);
        // A trailing space of a code span or struck text gets no tint or rule.
        let grow = info.inked || info.kind == Kind::Object;
        extend(
            &mut tints,
            rs.code && !glued,
            grow,
            adjacent && code_on,
            x,
            x1,
            rs.size,
        );
        extend(
            &mut strikes,
            rs.strike && !glued,
            grow,
            adjacent && strike_on,
            x,
            x1,
            rs.size,
        );
        if let Some(link) = rs.link {
            let r = item_rect(info, x, x1, style.size);
            match link_rects.iter_mut().find(|(l, _)| *l == link) {
                Some((_, rect)) => *rect = rect.union(&r),
                None => link_rects.push((link, r)),
            }
        }
        previous = Some(g.index);
    }
    // Trimmed spaces keep their glyphs, invisible, past the line's end, so the words of two
    // lines still extract apart.
    let mut x = line.width + shift;
    for k in line.content_end..line.end {
        if let Some(info) = p.infos.get_mut(k).filter(|i| i.kind == Kind::Space) {
            let advance = info.glyphs.iter().map(|g| g.advance).sum::<f32>();
            let (size, color, rise) = (info.style.size, info.style.color, info.style.rise);
            for glyph in std::mem::take(&mut info.glyphs) {
                segments.push(glyph, x, size, color, rise);
            }
            x += advance;
        }
    }
    if let Some(m) = marker {
        segments.push(
            m.clone(),
            width - m.advance,
            style.size,
            Color::gray(0.45),
            0.0,
        );
    }
    if has_object && !inked {
        out.descent = out.descent.max(IMAGE_LINE_GAP * style.size);
    } else {
        out.ascent = out.ascent.max(base_ascent);
        out.descent = out.descent.max(base_descent);
    }
    for t in tints.into_iter().filter(|t| t.x1 > t.x0) {
        let pad = 0.12 * t.size;
        out.elements.push(Element::Rect {
            rect: Rect {
                x: t.x0 - pad,
                y: -(EM_ASCENT + 0.1) * t.size,
                width: t.x1 - t.x0 + 2.0 * pad,
                height: (EM_ASCENT + 0.1 + EM_DESCENT + 0.16) * t.size,
            },
            fill: Some(CODE_TINT),
            stroke: None,
        });
    }
    out.elements.extend(objects);
    if !segments.0.is_empty() {
        out.elements.push(Element::Text(TextLine {
            origin: Point::default(),
            segments: segments.0,
            actual: segments.2,
            vertical: false,
        }));
    }
    for (y, segs) in overlays {
        out.elements.push(Element::Text(TextLine {
            origin: Point { x: 0.0, y },
            segments: segs.0,
            actual: segs.2,
            vertical: false,
        }));
    }
    for s in strikes.into_iter().filter(|s| s.x1 > s.x0) {
        // Through the middle of the ideographic em box (Latin x-height sits a little lower,
        // but a rule through kana at x-height would read as an underline of the upper half).
        let y = -0.34 * s.size;
        out.elements.push(Element::Rule {
            from: Point { x: s.x0, y },
            to: Point { x: s.x1, y },
            stroke: Stroke {
                width: (0.06 * s.size).max(0.4),
                color: Color::gray(0.1),
            },
        });
    }
    for (link, rect) in link_rects {
        if let Some(dest) = links.get(link) {
            out.elements.push(Element::Link {
                rect,
                dest: dest.clone(),
            });
        }
    }
    out
}

fn previous_flag(p: &Paragraph, previous: Option<usize>, f: impl Fn(&ItemInfo) -> bool) -> bool {
    previous.and_then(|k| p.infos.get(k)).is_some_and(f)
}

/// Adds x0..x1 to the last span when it continues it, else starts a new one; `grow` is false
/// for blank items, which continue a span but do not widen it (a span that holds only blanks so
/// far is empty and starts at its first inked item).
fn extend(
    spans: &mut Vec<Span>,
    on: bool,
    grow: bool,
    continues: bool,
    x0: f32,
    x1: f32,
    size: f32,
) {
    if !on {
        return;
    }
    match spans.last_mut() {
        Some(s) if continues => {
            if grow && s.x1 <= s.x0 {
                s.x0 = x0;
            }
            if grow {
                s.x1 = s.x1.max(x1);
            }
            s.size = s.size.max(size);
        }
        _ if grow => spans.push(Span { x0, x1, size }),
        _ => spans.push(Span { x0, x1: x0, size }),
    }
}

/// The clickable area of one item: the em box of the line's text, or the object's own box.
fn item_rect(info: &ItemInfo, x0: f32, x1: f32, size: f32) -> Rect {
    let text = Rect {
        x: x0,
        y: -(EM_ASCENT + 0.05) * size,
        width: (x1 - x0).max(0.0),
        height: (EM_ASCENT + EM_DESCENT + 0.1) * size,
    };
    if info.kind == Kind::Object {
        Rect {
            x: x0,
            y: -info.ascent,
            width: (x1 - x0).max(0.0),
            height: info.ascent,
        }
    } else {
        text
    }
}
