//! Code blocks (also display math and raw HTML, shown as their source): the mono face, lines kept
//! as written, highlighted in the `[code] theme` (`code_theme.rs`), a light tint with a thin
//! frame. A block may split across pages between lines; each
//! page's part gets its own tint (the flow's `Group::Tint`).

use super::blocks::{Composer, Region};
use super::flow::{Group, Piece};
use super::inline::{layout_code_line, Align, InlineContext, LineBox, TextStyle};
use crate::fonts::Role;
use crate::frame::{Color, Element, Stroke};
use hanmoto_model::highlight::Token;

impl Composer<'_> {
    pub(crate) fn code(
        &mut self,
        text: &str,
        tokens: &[Token],
        line_numbers: bool,
        region: &Region,
    ) {
        self.flow.space(self.para_space());
        let size = self.size * 0.88;
        let mut style = TextStyle::new(Role::Mono, size);
        style.leading = size * 1.45;
        style.align = Align::Start;
        style.hyphenate = false;
        style.preformatted = true;
        let pad = size * 0.6;

        let g = self.flow.group(Group::Tint {
            x: region.x,
            width: region.width,
            fill: Some(Color::gray(0.955)),
            stroke: Some(Stroke {
                width: 0.4,
                color: Color::gray(0.78),
            }),
        });
        let inner = region.with_group(g);
        let text = text.strip_suffix('\n').unwrap_or(text);
        let source: Vec<&str> = text.split('\n').collect();
        let mut number_style = style.clone();
        number_style.color = Color::gray(0.55);
        let digits = source.len().to_string().len();
        let gutter = if line_numbers {
            self.label(&"0".repeat(digits), &number_style)
                .map_or(size * digits as f32 * 0.6, |(_, w)| w)
                + pad
        } else {
            0.0
        };
        let text_x = inner.x + pad + gutter;
        let width = (inner.width - 2.0 * pad - gutter).max(size * 4.0);

        let start = self.flow.pieces.len();
        let mut offset = 0;
        for (i, src) in source.iter().enumerate() {
            // One source line at a time: a wrapped line's continuation gets no number.
            let line_offset = offset;
            offset += src.len() + 1;
            let src = src.strip_suffix('\r').unwrap_or(src);
            let lines = if src.is_empty() {
                Vec::new()
            } else {
                let mut ctx = InlineContext {
                    env: self.env,
                    notes: &mut self.notes,
                };
                layout_code_line(&mut ctx, src, line_offset, tokens, &style, width)
            };
            let first = self.flow.pieces.len();
            if lines.is_empty() {
                let mut p = Piece::blank(style.leading);
                p.baseline = style.size * 0.88 + (style.leading - style.size) / 2.0;
                p.groups = inner.groups.clone();
                self.flow.push(p);
            } else {
                self.flow
                    .push_lines(lines, text_x, &inner.groups, false, self.body_height);
            }
            if line_numbers {
                if let Some((mut label, w)) = self.label(&(i + 1).to_string(), &number_style) {
                    not_text(&mut label);
                    self.hang_label(first, label, w, inner.x + pad + gutter - pad);
                }
            }
        }
        let end = self.flow.pieces.len();
        let n = end - start;
        for (k, p) in self.flow.pieces[start..end].iter_mut().enumerate() {
            // The 2/2 rule for code too: no lone first or last line of a block on a page.
            let above = k + 1;
            p.keep_with_next |= above < n && (above < 2 || n - above < 2);
        }
        if n > 0 {
            self.flow.pieces[start].pad_top(pad);
            self.flow.pieces[end - 1].height += pad;
        }
        self.flow.space(self.para_space());
    }
}

/// Line numbers are not the author's text: copying code must not pick them up.
fn not_text(line: &mut LineBox) {
    for e in &mut line.elements {
        if let Element::Text(t) = e {
            for g in t.segments.iter_mut().flat_map(|s| s.glyphs.iter_mut()) {
                g.extract = false;
            }
        }
    }
}
