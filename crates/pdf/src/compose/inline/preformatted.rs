//! Preformatted text (code blocks): every space, tab (as spaces to the next multiple of 4) and
//! newline kept; a source line too long for the measure is wrapped only where it must be,
//! preferably after a space or punctuation, else at any character boundary, and the wrapped line
//! ends in a continuation mark. No justification, no Japanese–Latin space: the mono grid stays.

use crate::layout::{Glyph, Item, Line};

/// A wrapped line: the break is at most this far back (fraction of the line) to reach a space
/// or punctuation; further back, the line breaks at the character that does not fit.
const PREFERRED_BREAK_REACH: f32 = 0.4;

/// Lines of `items` at `width`; a wrapped line (continued on the next) leaves `marker` pt free
/// at its right end and is flagged `true`.
pub fn wrap(items: &[Item], width: f32, marker: f32) -> Vec<(Line, bool)> {
    let mut out = Vec::new();
    let n = items.len();
    let mut start = 0;
    while start < n {
        let source_end = (start..n)
            .find(|&k| matches!(items[k], Item::ForcedBreak))
            .unwrap_or(n);
        let mut line_start = start;
        loop {
            let total: f32 = items[line_start..source_end]
                .iter()
                .map(Item::advance)
                .sum();
            if total <= width || line_start >= source_end {
                let end = if source_end < n { source_end + 1 } else { n };
                out.push((line(items, line_start, source_end, end, width), false));
                break;
            }
            let avail = (width - marker).max(0.0);
            let mut x = 0.0;
            let mut fit_end = line_start;
            for (k, item) in items.iter().enumerate().take(source_end).skip(line_start) {
                let a = item.advance();
                if x + a > avail && k > line_start && !is_continuation(item) {
                    break;
                }
                x += a;
                fit_end = k + 1;
            }
            // Always make progress (a single character wider than the measure overflows).
            let fit_end = fit_end.max(line_start + 1);
            let reach = ((fit_end - line_start) as f32 * PREFERRED_BREAK_REACH) as usize;
            let preferred = (fit_end.saturating_sub(reach).max(line_start + 1)..=fit_end)
                .rev()
                .find(|&b| {
                    b < source_end
                        && is_soft_break_after(&items[b - 1])
                        && !is_continuation(&items[b])
                });
            let mut brk = preferred.unwrap_or(fit_end);
            // Never split a cluster.
            while brk > line_start + 1 && brk < source_end && is_continuation(&items[brk]) {
                brk -= 1;
            }
            out.push((line(items, line_start, brk, brk, width), true));
            line_start = brk;
        }
        start = if source_end < n { source_end + 1 } else { n };
    }
    out
}

fn is_continuation(item: &Item) -> bool {
    matches!(item, Item::Char { .. }) && item.advance() == 0.0
}

fn is_soft_break_after(item: &Item) -> bool {
    match item {
        Item::Char { ch, .. } => {
            ch.is_whitespace()
                || matches!(
                    ch,
                    ',' | ';'
                        | '.'
                        | ':'
                        | '/'
                        | '-'
                        | '_'
                        | ')'
                        | ']'
                        | '}'
                        | '>'
                        | '&'
                        | '|'
                        | '='
                        | '、'
                        | '。'
                )
        }
        _ => false,
    }
}

/// Items `start..content_end` at their natural advances.
fn line(items: &[Item], start: usize, content_end: usize, end: usize, width: f32) -> Line {
    let mut x = 0.0;
    let glyphs: Vec<Glyph> = (start..content_end)
        .map(|k| {
            let advance = items[k].advance();
            let g = Glyph {
                index: k,
                x,
                advance,
                gap_before: 0.0,
            };
            x += advance;
            g
        })
        .collect();
    Line {
        start,
        content_end,
        end,
        glyphs,
        natural_width: x,
        width: x,
        gap_stretch: 0.0,
        justified: false,
        ragged: false,
        overflow: x > width + 0.01,
    }
}
