//! Total-fit line breaking (after Knuth and Plass): every break opportunity is a node, every
//! feasible line between two of them an edge costed by its badness and the kind of break; the
//! cheapest path wins. Japanese lines can nearly always be justified with small gaps, so the
//! optimisation mostly decides between pushing in and pushing out, and keeps lines with Latin words
//! or URLs from needing letter-spacing over the cap.

use super::justify::{fit, place, Fit};
use super::kinsoku::{boundaries, Boundary};
use super::spacing::Spacing;
use super::{Item, Line};

/// Penalties added to a line's demerits for how it ends.
const URL_BREAK_PENALTY: f64 = 100.0;
/// A hyphenated line end (TeX's `\hyphenpenalty` of 50, squared as TeX adds it to demerits).
const HYPHEN_PENALTY: f64 = 2500.0;
/// A line that cannot be justified under the gap cap costs more than any ordinary line…
const RAGGED_PENALTY: f64 = 1e5;
/// …but breaking inside a word without a hyphen costs more still: better a ragged line.
const EMERGENCY_PENALTY: f64 = 1e6;
/// A line wider than the measure: only when it holds a single unbreakable run.
const OVERFLOW_PENALTY: f64 = 1e9;
/// Longest line considered, in items: bounds the work on pathological input (a huge measure), at
/// no cost for real pages (an A4 line holds ~45 Japanese characters).
const MAX_LINE_ITEMS: usize = 4096;

/// Breaks a paragraph into lines of `measure` pt, with `em` the font size in pt.
///
/// Never panics: an empty paragraph gives no lines; a non-positive or non-finite measure or em is
/// treated as 0 (every unbreakable run on its own, overflowing line).
pub fn break_paragraph(items: &[Item], measure: f32, em: f32) -> Vec<Line> {
    if items.is_empty() {
        return Vec::new();
    }
    let sanitise = |v: f32| {
        if v.is_finite() && v > 0.0 {
            f64::from(v)
        } else {
            0.0
        }
    };
    let (measure, em) = (sanitise(measure), sanitise(em));
    let bounds = boundaries(items);
    let spacing = Spacing::new(items, em);
    let n = items.len();
    // Break candidates: positions where a line may end (0 and n included).
    let nodes: Vec<usize> = (0..=n).filter(|&b| bounds[b].allows_break()).collect();
    // best[j] = (total demerits, previous node, fit of the line ending at node j).
    let mut best: Vec<(f64, usize, Fit)> = vec![(f64::INFINITY, 0, Fit::default()); nodes.len()];
    best[0].0 = 0.0;
    for j in 1..nodes.len() {
        let end = nodes[j];
        let penalty = match bounds[end] {
            Boundary::Url => URL_BREAK_PENALTY,
            Boundary::Hyphen => HYPHEN_PENALTY,
            Boundary::Emergency => EMERGENCY_PENALTY,
            _ => 0.0,
        };
        for i in (0..j).rev() {
            let start = nodes[i];
            let nearest = i + 1 == j;
            if end - start > MAX_LINE_ITEMS && !nearest {
                break;
            }
            let m = spacing.metrics(start, end);
            let justify = end != n && !m.forced;
            let f = fit(&m, measure, em, justify);
            let too_wide = m.natural - m.shrink1 - m.shrink2 > measure;
            let line_cost = if f.overflow {
                // A line that cannot be pushed in is allowed only from the nearest node, which
                // keeps a path through every paragraph however narrow the measure.
                if nearest {
                    OVERFLOW_PENALTY
                } else {
                    f64::INFINITY
                }
            } else if f.ragged {
                // Among ragged lines, the fullest.
                RAGGED_PENALTY + (10.0 + f.badness).powi(2)
            } else {
                (10.0 + f.badness).powi(2)
            };
            let total = best[i].0 + line_cost + penalty;
            if total < best[j].0 {
                best[j] = (total, i, f);
            }
            // A line crossing a mandatory break is impossible; one that cannot be pushed in only
            // gets wider further back.
            if bounds[start] == Boundary::Mandatory || (too_wide && !nearest) {
                break;
            }
        }
    }
    // Walk back from the paragraph's end.
    let mut path = Vec::new();
    let mut j = nodes.len() - 1;
    while j > 0 {
        let (_, i, f) = best[j];
        path.push((nodes[i], nodes[j], f));
        j = i;
    }
    path.reverse();
    path.into_iter()
        .map(|(start, end, f)| place(&spacing, start, end, &spacing.metrics(start, end), &f))
        .collect()
}
