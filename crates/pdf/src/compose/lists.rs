//! Lists: bullets and numbers hang in the left indent, right-aligned on the item's first baseline,
//! so every line of an item starts at the same x.

use hanmoto_model::ListItem;

use super::blocks::{Composer, Region};
use super::flow::Piece;
use crate::fonts::Role;

impl Composer<'_> {
    pub(crate) fn list(
        &mut self,
        ordered: bool,
        start: Option<u64>,
        tight: bool,
        items: &[ListItem],
        region: &Region,
    ) {
        let depth = self.list_depth;
        let first_number = start.unwrap_or(1);
        let style = self.body_style();
        let gap = self.size * 0.5;
        let labels: Vec<_> = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let n = first_number.saturating_add(i as u64);
                let text = self.marker(ordered, n, depth, item.checked);
                self.label(&text, &style)
            })
            .collect();
        let widest = labels.iter().flatten().map(|(_, w)| *w).fold(0.0, f32::max);
        let inner = region.indent((widest + gap).max(self.size * 1.5), self.min_width());
        // Where the markers end: the gap before the text (at the region's edge when the measure
        // clamp ate the indent).
        let right = (inner.x - gap).max(region.x);

        if !self.tight || depth == 0 {
            self.flow.space(self.para_space());
        }
        self.list_depth += 1;
        let outer_tight = std::mem::replace(&mut self.tight, tight);
        for (i, (item, label)) in items.iter().zip(labels).enumerate() {
            if i > 0 {
                self.flow.space(if tight {
                    self.size * 0.15
                } else {
                    self.para_space()
                });
            }
            let first = self.flow.pieces.len();
            self.blocks(&item.content, &inner);
            if self.flow.pieces.len() == first {
                let mut p = Piece::blank(style.leading);
                p.baseline = style.leading * 0.7;
                p.groups = inner.groups.clone();
                self.flow.push(p);
            }
            if let Some((line, w)) = label {
                self.hang_label(first, line, w, right);
            }
        }
        self.tight = outer_tight;
        self.list_depth -= 1;
        if !self.tight || depth == 0 {
            self.flow.space(self.para_space());
        }
    }

    /// The marker of an item: a task box, a bullet by depth (•, ◦, ▪), or a number (`1.` at even
    /// depths, `(1)` at odd ones). A character the body face lacks falls back to one it has.
    fn marker(&self, ordered: bool, n: u64, depth: usize, checked: Option<bool>) -> String {
        let fonts = self.env.fonts;
        let has = |c: char| fonts.face_for(Role::Body, c).is_some();
        if let Some(done) = checked {
            let (box_char, ascii) = if done { ('☑', "[x]") } else { ('☐', "[ ]") };
            return if has(box_char) {
                box_char.to_string()
            } else {
                ascii.to_owned()
            };
        }
        if ordered {
            return if depth.is_multiple_of(2) {
                format!("{n}.")
            } else {
                format!("({n})")
            };
        }
        let (bullet, fallback) = match depth % 3 {
            0 => ('•', '・'),
            1 => ('◦', '○'),
            _ => ('▪', '■'),
        };
        if has(bullet) {
            bullet.to_string()
        } else if has(fallback) {
            fallback.to_string()
        } else {
            "-".to_owned()
        }
    }
}
