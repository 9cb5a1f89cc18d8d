//! Tables: column widths from content like a browser's automatic table layout (CSS 2.1 §17.5.2.2:
//! each column's min- and max-content width; all at max when that fits the measure, else each
//! column gets its min plus a share of the rest proportional to max − min — except that short
//! columns, whose max-content is within a fair share of the measure, are set whole first), wrapped
//! cells,
//! alignment per column, a tinted gothic header row, booktabs-like rules. Each row is one piece;
//! a table taller than the page splits between rows and the header row repeats on the next page.

use hanmoto_model::document::{plain_text, TableCell};
use hanmoto_model::Alignment;

use super::blocks::{line_extent, Composer, Region};
use super::flow::{split_tall, Piece};
use super::inline::{Align, TextStyle};
use crate::fonts::{is_cjk, Role};
use crate::frame::{Color, Element, Point, Rect, Stroke};

/// Distributes `available` pt among columns with these min/max content widths.
pub(crate) fn column_widths(min: &[f32], max: &[f32], available: f32) -> Vec<f32> {
    let sum_min: f32 = min.iter().sum();
    let sum_max: f32 = max.iter().sum();
    if sum_max <= available {
        return max.to_vec();
    }
    if sum_min >= available || sum_max - sum_min <= f32::EPSILON {
        // Even the narrowest layout does not fit: shrink proportionally (cells will wrap harder).
        let k = if sum_min > 0.0 {
            available / sum_min
        } else {
            0.0
        };
        return min.iter().map(|m| m * k).collect();
    }
    // Short columns (a category, a number, a date) are set whole before the long ones share
    // the rest: a proportional share would wrap `実行環境` as `実行環/境` while a description
    // column keeps room it cannot use well. Narrow means at most a fair share of the measure.
    let fair = available / (min.len() as f32 * 1.5);
    let mut fixed: Vec<bool> = max.iter().map(|&m| m <= fair).collect();
    loop {
        let used: f32 = (0..min.len())
            .map(|i| if fixed[i] { max[i] } else { min[i] })
            .sum();
        if used <= available || !fixed.iter().any(|&f| f) {
            break;
        }
        // Too much: release the widest fixed column.
        let widest = (0..min.len())
            .filter(|&i| fixed[i])
            .max_by(|&a, &b| max[a].total_cmp(&max[b]));
        if let Some(i) = widest {
            fixed[i] = false;
        }
    }
    let fixed_width: f32 = (0..min.len()).filter(|&i| fixed[i]).map(|i| max[i]).sum();
    let (free_min, free_max) = (0..min.len())
        .filter(|&i| !fixed[i])
        .fold((0.0f32, 0.0f32), |(a, b), i| (a + min[i], b + max[i]));
    let rest = available - fixed_width;
    let k = if free_max - free_min > f32::EPSILON {
        ((rest - free_min) / (free_max - free_min)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (0..min.len())
        .map(|i| {
            if fixed[i] {
                max[i]
            } else {
                min[i] + (max[i] - min[i]) * k
            }
        })
        .collect()
}

impl Composer<'_> {
    pub(crate) fn table(
        &mut self,
        alignments: &[Alignment],
        header: &[TableCell],
        rows: &[Vec<TableCell>],
        region: &Region,
    ) {
        let ncols = rows
            .iter()
            .map(Vec::len)
            .chain([header.len(), alignments.len()])
            .max()
            .unwrap_or(0);
        if ncols == 0 {
            return;
        }
        let size = self.size * 0.92;
        let pad_x = size * 0.4;
        let pad_y = size * 0.25;
        let has_header = header.iter().any(|c| !c.is_empty());
        let style_for = |c: usize, head: bool| {
            let mut s = TextStyle::new(if head { Role::Heading } else { Role::Body }, size);
            s.leading = size * 1.5;
            // Ragged cells break between words, as in a browser; columns are at least as wide
            // as their longest word unless the table cannot fit at all.
            s.hyphenate = false;
            s.align = match alignments.get(c) {
                Some(Alignment::Center) => Align::Center,
                Some(Alignment::Right) => Align::End,
                _ => Align::Start,
            };
            s
        };

        // Min- and max-content widths per column, padding excluded.
        let mut min = vec![0.0f32; ncols];
        let mut max = vec![0.0f32; ncols];
        let all_rows = has_header
            .then_some((header, true))
            .into_iter()
            .chain(rows.iter().map(|r| (r.as_slice(), false)));
        for (cells, head) in all_rows {
            for (c, cell) in cells.iter().enumerate().take(ncols) {
                let mut style = style_for(c, head);
                style.align = Align::Start;
                let wide = self.lines(cell, &style, 1.0e5);
                let widest = wide.iter().map(line_extent).fold(0.0, f32::max);
                let images = wide
                    .iter()
                    .flat_map(|l| &l.elements)
                    .filter_map(|e| match e {
                        Element::Image { rect, .. } => Some(rect.width),
                        _ => None,
                    })
                    .fold(0.0, f32::max);
                let words = self.min_content(cell, &style);
                // Slack for rounding: a column exactly as wide as its longest word must not
                // break that word because the breaker's sum differs in the last bit.
                let slack = size * 0.05;
                min[c] = min[c].max(words.max(images).min(widest) + slack);
                max[c] = max[c].max(widest + slack);
            }
        }
        let available = (region.width - 2.0 * pad_x * ncols as f32).max(1.0);
        let widths = column_widths(&min, &max, available);
        let table_width: f32 = widths.iter().map(|w| w + 2.0 * pad_x).sum();

        self.flow.space(self.para_space());
        let rule = |y: f32, width: f32, gray: f32| Element::Rule {
            from: Point { x: region.x, y },
            to: Point {
                x: region.x + table_width,
                y,
            },
            stroke: Stroke {
                width,
                color: Color::gray(gray),
            },
        };
        let mut header_index = None;
        if has_header {
            let mut p = self.row_piece(header, &widths, (pad_x, pad_y), region, |c| {
                style_for(c, true)
            });
            p.elements.insert(
                0,
                Element::Rect {
                    rect: Rect {
                        x: region.x,
                        y: 0.0,
                        width: table_width,
                        height: p.height,
                    },
                    fill: Some(Color::gray(0.92)),
                    stroke: None,
                },
            );
            p.elements.push(rule(0.0, 0.8, 0.2));
            p.elements.push(rule(p.height, 0.5, 0.35));
            // A header alone at the foot of a page is useless.
            p.keep_with_next = true;
            header_index = Some(self.flow.pieces.len());
            self.flow.push(p);
        }
        for (r, cells) in rows.iter().enumerate() {
            let mut p = self.row_piece(cells, &widths, (pad_x, pad_y), region, |c| {
                style_for(c, false)
            });
            if r == 0 && !has_header {
                p.elements.push(rule(0.0, 0.8, 0.2));
            } else if r > 0 {
                p.elements.push(rule(0.0, 0.3, 0.75));
            }
            if r + 1 == rows.len() {
                p.elements.push(rule(p.height, 0.8, 0.2));
            }
            p.header = header_index;
            // A row taller than a page (less its repeated header) is cut between its lines.
            let header_height = header_index.map_or(0.0, |h| self.flow.pieces[h].height);
            for slice in split_tall(p, self.body_height - header_height) {
                self.flow.push(slice);
            }
        }
        if rows.is_empty() {
            if let Some(p) = self.flow.pieces.last_mut() {
                p.keep_with_next = false;
            }
        }
        self.flow.space(self.para_space());
    }

    /// The widest unit a cell cannot break inside, like a browser's min-content width: a Latin
    /// word (or a URL segment up to `/`, `-`, `_`, `.`, `?`, `&`, `=`), a single CJK character.
    /// Asking the breaker for a 1 pt measure would not do: it breaks words letter by letter when
    /// nothing fits.
    fn min_content(&self, cell: &[hanmoto_model::Inline], style: &TextStyle) -> f32 {
        let text = plain_text(cell);
        let fonts = self.env.fonts;
        let lang = Some(self.env.lang);
        let measure = |unit: &str| fonts.shape(style.role, unit, style.size, lang).width();
        let mut widest: f32 = 0.0;
        let mut unit = String::new();
        let flush = |unit: &mut String, widest: &mut f32| {
            if !unit.is_empty() {
                *widest = widest.max(measure(unit));
                unit.clear();
            }
        };
        for ch in text.chars() {
            if ch.is_whitespace() {
                flush(&mut unit, &mut widest);
            } else if is_cjk(ch) {
                flush(&mut unit, &mut widest);
                unit.push(ch);
                flush(&mut unit, &mut widest);
            } else {
                unit.push(ch);
                if matches!(ch, '/' | '-' | '_' | '.' | '?' | '&' | '=') {
                    flush(&mut unit, &mut widest);
                }
            }
        }
        flush(&mut unit, &mut widest);
        widest
    }

    /// One row as one piece: each cell's lines stacked from the top, cells side by side.
    fn row_piece(
        &mut self,
        cells: &[TableCell],
        widths: &[f32],
        (pad_x, pad_y): (f32, f32),
        region: &Region,
        style_for: impl Fn(usize) -> TextStyle,
    ) -> Piece {
        let mut piece = Piece {
            groups: region.groups.clone(),
            ..Piece::default()
        };
        let mut x = region.x;
        let mut height: f32 = 0.0;
        let mut baseline = None;
        for (c, width) in widths.iter().enumerate() {
            let cell: &[_] = cells.get(c).map_or(&[], Vec::as_slice);
            let lines = self.lines(cell, &style_for(c), width.max(1.0));
            let mut y = pad_y;
            for line in lines {
                baseline.get_or_insert(y + line.ascent);
                let mut elements = line.elements;
                for e in &mut elements {
                    e.translate(x + pad_x, y + line.ascent);
                }
                piece.elements.extend(elements);
                piece.notes.extend(line.notes);
                piece
                    .anchors
                    .extend(line.anchors.into_iter().map(|a| (a, y)));
                y += line.ascent + line.descent;
            }
            height = height.max(y + pad_y);
            x += width + 2.0 * pad_x;
        }
        piece.height = height.max(2.0 * pad_y + style_for(0).leading);
        piece.baseline = baseline.unwrap_or(piece.height);
        piece
    }
}
