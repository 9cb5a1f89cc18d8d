//! Rectangles, rules and link annotations, and the graphics state a page's content stream
//! carries between elements (so a colour is set once, not before every glyph run).

use super::content::Content;
use crate::frame::{Color, LinkDest, Point, Rect, Stroke};

/// What the content stream has set so far on this page (`None`: the PDF default).
#[derive(Debug, Default)]
pub(super) struct State {
    pub fill: Option<Color>,
    pub stroke: Option<Color>,
    pub line_width: Option<f32>,
    /// Text state (survives `BT`/`ET`): font resource index and size, rise.
    pub font: Option<(usize, f32)>,
    pub rise: f32,
}

impl State {
    pub fn set_fill(&mut self, out: &mut Content, color: Color) {
        if self.fill != Some(color) {
            out.color(color, false);
            self.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, out: &mut Content, stroke: Stroke) {
        if self.stroke != Some(stroke.color) {
            out.color(stroke.color, true);
            self.stroke = Some(stroke.color);
        }
        if self.line_width != Some(stroke.width) {
            out.num(f64::from(stroke.width)).op("w");
            self.line_width = Some(stroke.width);
        }
    }
}

/// A frame rectangle (top-left origin) as PDF's `[left bottom right top]`.
pub(super) fn pdf_rect(r: &Rect, page_height: f32) -> [f32; 4] {
    [r.x, page_height - r.bottom(), r.right(), page_height - r.y]
}

pub(super) fn paint_rect(
    out: &mut Content,
    state: &mut State,
    rect: &Rect,
    fill: Option<Color>,
    stroke: Option<Stroke>,
    page_height: f32,
) {
    let op = match (fill, stroke) {
        (Some(_), Some(_)) => "B",
        (Some(_), None) => "f",
        (None, Some(_)) => "S",
        (None, None) => return,
    };
    if let Some(c) = fill {
        state.set_fill(out, c);
    }
    if let Some(s) = stroke {
        state.set_stroke(out, s);
    }
    out.num(f64::from(rect.x))
        .num(f64::from(page_height - rect.bottom()))
        .num(f64::from(rect.width))
        .num(f64::from(rect.height))
        .op("re");
    out.op(op);
}

pub(super) fn paint_rule(
    out: &mut Content,
    state: &mut State,
    from: Point,
    to: Point,
    stroke: Stroke,
    page_height: f32,
) {
    state.set_stroke(out, stroke);
    out.num(f64::from(from.x))
        .num(f64::from(page_height - from.y))
        .op("m");
    out.num(f64::from(to.x))
        .num(f64::from(page_height - to.y))
        .op("l");
    out.op("S");
}

/// A link annotation to write on its page: where, and what a click does.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Annotation {
    /// `[left bottom right top]`, PDF coordinates.
    pub rect: [f32; 4],
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Action {
    /// 7-bit ASCII (see [`ascii_uri`]).
    Uri(String),
    /// Page index (0-based) and the PDF y of the target's top.
    Goto { page: usize, top: f32 },
}

/// The annotation for a frame link. `Anchor`s still unresolved, and pages that do not exist,
/// give none: a dead click is better than a wrong one.
pub(super) fn link_annotation(
    rect: &Rect,
    dest: &LinkDest,
    page_heights: &[f32],
    page_height: f32,
) -> Option<Annotation> {
    let action = match dest {
        LinkDest::Uri(uri) => Action::Uri(ascii_uri(uri)),
        LinkDest::Page { page, y } => Action::Goto {
            page: *page,
            top: page_heights.get(*page)? - y,
        },
        LinkDest::Anchor(_) => return None,
    };
    Some(Annotation {
        rect: pdf_rect(rect, page_height),
        action,
    })
}

/// URI actions hold 7-bit ASCII (PDF 32000 §12.6.4.7): other bytes are percent-encoded, the
/// way a browser sends an IRI.
fn ascii_uri(uri: &str) -> String {
    let mut out = String::with_capacity(uri.len());
    for b in uri.bytes() {
        if b.is_ascii_graphic() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_with_japanese_path_is_percent_encoded() {
        assert_eq!(
            ascii_uri("https://ja.wikipedia.org/wiki/版 x"),
            "https://ja.wikipedia.org/wiki/%E7%89%88%20x"
        );
    }
}
