//! Rectangles, rules and link annotations, and the graphics state a page's content stream
//! carries between elements (so a colour is set once, not before every glyph run).

use printpdf::{
    Actions, BorderArray, ColorArray, Destination, Line, LinePoint, LinkAnnotation, Op, PaintMode,
    Pt,
};

use crate::frame::{Color, LinkDest, Point, Rect, Stroke};

/// What the content stream has set so far on this page (`None`: the PDF default).
#[derive(Debug, Default)]
pub(super) struct State {
    pub fill: Option<Color>,
    pub stroke: Option<Color>,
    pub line_width: Option<f32>,
    /// Text state (survives `BT`/`ET`): font resource and size, rise.
    pub font: Option<(String, f32)>,
    pub rise: f32,
}

impl State {
    pub fn set_fill(&mut self, ops: &mut Vec<Op>, color: Color) {
        if self.fill != Some(color) {
            ops.push(Op::SetFillColor { col: rgb(color) });
            self.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, ops: &mut Vec<Op>, stroke: Stroke) {
        if self.stroke != Some(stroke.color) {
            ops.push(Op::SetOutlineColor {
                col: rgb(stroke.color),
            });
            self.stroke = Some(stroke.color);
        }
        if self.line_width != Some(stroke.width) {
            ops.push(Op::SetOutlineThickness {
                pt: Pt(stroke.width),
            });
            self.line_width = Some(stroke.width);
        }
    }
}

/// DeviceRGB (`rg`/`RG`); components clamped, since a colour out of 0–1 is a PDF error.
fn rgb(c: Color) -> printpdf::Color {
    printpdf::Color::Rgb(printpdf::Rgb {
        r: c.r.clamp(0.0, 1.0),
        g: c.g.clamp(0.0, 1.0),
        b: c.b.clamp(0.0, 1.0),
        icc_profile: None,
    })
}

/// A frame rectangle (top-left origin) as a PDF rectangle (bottom-left origin).
pub(super) fn pdf_rect(r: &Rect, page_height: f32) -> printpdf::Rect {
    printpdf::Rect::from_xywh(
        Pt(r.x),
        Pt(page_height - r.bottom()),
        Pt(r.width),
        Pt(r.height),
    )
}

pub(super) fn paint_rect(
    ops: &mut Vec<Op>,
    state: &mut State,
    rect: &Rect,
    fill: Option<Color>,
    stroke: Option<Stroke>,
    page_height: f32,
) {
    let mode = match (fill, stroke) {
        (Some(_), Some(_)) => PaintMode::FillStroke,
        (Some(_), None) => PaintMode::Fill,
        (None, Some(_)) => PaintMode::Stroke,
        (None, None) => return,
    };
    if let Some(c) = fill {
        state.set_fill(ops, c);
    }
    if let Some(s) = stroke {
        state.set_stroke(ops, s);
    }
    let mut r = pdf_rect(rect, page_height);
    r.mode = Some(mode);
    ops.push(Op::DrawRectangle { rectangle: r });
}

pub(super) fn paint_rule(
    ops: &mut Vec<Op>,
    state: &mut State,
    from: Point,
    to: Point,
    stroke: Stroke,
    page_height: f32,
) {
    state.set_stroke(ops, stroke);
    let point = |p: Point| LinePoint {
        p: printpdf::Point {
            x: Pt(p.x),
            y: Pt(page_height - p.y),
        },
        bezier: false,
    };
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![point(from), point(to)],
            is_closed: false,
        },
    });
}

/// A link annotation with no visible border. `Anchor`s still unresolved, and pages that do not
/// exist, are skipped: a dead click is better than a wrong one.
pub(super) fn paint_link(
    ops: &mut Vec<Op>,
    rect: &Rect,
    dest: &LinkDest,
    page_heights: &[f32],
    page_height: f32,
) {
    let actions = match dest {
        LinkDest::Uri(uri) => Actions::Uri(ascii_uri(uri)),
        LinkDest::Page { page, y } => {
            let Some(target_height) = page_heights.get(*page) else {
                return;
            };
            Actions::Goto(Destination::Xyz {
                // printpdf counts pages from 1 here.
                page: page + 1,
                left: None,
                top: Some(target_height - y),
                zoom: None,
            })
        }
        LinkDest::Anchor(_) => return,
    };
    ops.push(Op::LinkAnnotation {
        link: LinkAnnotation::new(
            pdf_rect(rect, page_height),
            actions,
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            Some(ColorArray::Transparent),
            None,
        ),
    });
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
