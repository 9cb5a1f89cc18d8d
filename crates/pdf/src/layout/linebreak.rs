//! Total-fit line breaking (after Knuth and Plass): every break opportunity is a node, every
//! feasible line between two of them an edge costed by its badness and the kind of break; the
//! cheapest path wins. Japanese lines can nearly always be justified with small gaps, so the
//! optimisation mostly decides between pushing in and pushing out, and keeps lines with Latin words
//! or URLs from needing letter-spacing over the cap.

use std::collections::VecDeque;

use super::justify::{fit, place, Fit, EPS as JUSTIFY_EPS};
use super::kinsoku::{boundaries_with_code, is_forced_break, Boundary};
use super::spacing::Spacing;
use super::{Item, Line, MAX_GAP_STRETCH_EM};

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
/// The least a line can cost: `(10 + badness)²` with badness ≥ 0 (see [`fit`]); ragged and
/// overflowing lines cost more.
const MIN_LINE_COST: f64 = 100.0;

/// Breaks a paragraph into lines of `measure` pt, with `em` the font size in pt.
///
/// Never panics: an empty paragraph gives no lines; a non-positive or non-finite measure or em is
/// treated as 0 (every unbreakable run on its own, overflowing line).
pub fn break_paragraph(items: &[Item], measure: f32, em: f32) -> Vec<Line> {
    search(items, &[], measure, em, true)
}

/// [`break_paragraph`] where `code[i]` marks item `i` as inline code (which may also break at
/// camelCase humps, see `kinsoku::boundaries_with_code`).
pub fn break_paragraph_with_code(
    items: &[Item],
    code: &[bool],
    measure: f32,
    em: f32,
) -> Vec<Line> {
    search(items, code, measure, em, true)
}

/// [`break_paragraph`] trying every candidate line: the reference the pruned search must match.
#[cfg(test)]
pub(super) fn break_paragraph_unpruned(items: &[Item], measure: f32, em: f32) -> Vec<Line> {
    search(items, &[], measure, em, false)
}

/// The total-fit search. Without `prune`, every candidate line ending at node `j` is fitted, from
/// the shortest back to the first that cannot be pushed in (or crosses a mandatory break); the
/// first cheapest wins. With `prune`, the same candidates give the same winner, but the short
/// lines nearest `j` that are certainly ragged (by [`RaggedBound`], without their metrics) are
/// tried last, and only when their least cost could still win: a ragged line costs at least
/// `RAGGED_PENALTY + (10 + badness)²` with the badness of its least shortfall
/// ([`RaggedBound::least_cost`]), and float addition rounds monotonically, so the bound never
/// exceeds the total it stands for.
fn search(items: &[Item], code: &[bool], measure: f32, em: f32, prune: bool) -> Vec<Line> {
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
    let bounds = boundaries_with_code(items, code);
    let spacing = Spacing::new(items, em);
    let ragged_bound = RaggedBound::new(items, &spacing, em);
    let n = items.len();
    // Break candidates: positions where a line may end (0 and n included).
    let nodes: Vec<usize> = (0..=n).filter(|&b| bounds[b].allows_break()).collect();
    // best[j] = (total demerits, previous node, fit of the line ending at node j).
    let mut best: Vec<(f64, usize, Fit)> = vec![(f64::INFINITY, 0, Fit::default()); nodes.len()];
    best[0].0 = 0.0;
    // The total of the line from node i to node j, and its fit.
    let candidate = |best: &[(f64, usize, Fit)], i: usize, j: usize, penalty: f64| {
        let (start, end) = (nodes[i], nodes[j]);
        let m = spacing.metrics(start, end);
        let justify = end != n && !m.forced;
        let f = fit(&m, measure, em, justify);
        let line_cost = if f.overflow {
            // A line that cannot be pushed in is allowed only from the nearest node, which
            // keeps a path through every paragraph however narrow the measure.
            if i + 1 == j {
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
        (best[i].0 + line_cost + penalty, f, m)
    };
    let mut deferral = Deferral::default();
    // Nodes `short..j` with increasing totals, each the cheapest of those after it: the front is
    // the cheapest start of a deferred candidate (`short` never decreases as `j` grows: a longer
    // line is certainly ragged from fewer starts).
    let mut cheapest: VecDeque<usize> = VecDeque::new();
    for j in 1..nodes.len() {
        let end = nodes[j];
        let penalty = match bounds[end] {
            Boundary::Url => URL_BREAK_PENALTY,
            Boundary::Hyphen => HYPHEN_PENALTY,
            Boundary::Emergency => EMERGENCY_PENALTY,
            _ => 0.0,
        };
        // Candidates from `short..j` are certainly ragged and not the last one tried: deferred.
        let (short, stopped) = if prune {
            deferral.next(&ragged_bound, &nodes, &bounds, j, measure)
        } else {
            (j, false)
        };
        while cheapest.back().is_some_and(|&k| best[k].0 >= best[j - 1].0) {
            cheapest.pop_back();
        }
        cheapest.push_back(j - 1);
        while cheapest.front().is_some_and(|&k| k < short) {
            cheapest.pop_front();
        }
        for i in (0..short).rev() {
            if stopped {
                break;
            }
            let start = nodes[i];
            let nearest = i + 1 == j;
            if end - start > MAX_LINE_ITEMS && !nearest {
                break;
            }
            let (total, f, m) = candidate(&best, i, j, penalty);
            if total < best[j].0 {
                best[j] = (total, i, f);
            }
            // A line crossing a mandatory break is impossible; one that cannot be pushed in only
            // gets wider further back.
            let too_wide = m.natural - m.shrink1 - m.shrink2 > measure;
            if bounds[start] == Boundary::Mandatory || (too_wide && !nearest) {
                break;
            }
        }
        // The deferred candidates in increasing order, a tie going to the later one: the same
        // winner as trying them first, from `j - 1` back. None can win when even the cheapest
        // start plus the least a ragged line costs is too much (the common case).
        let hopeless = |best: &[(f64, usize, Fit)], i: usize, least: f64| {
            best[i].0 + least + penalty > best[j].0
        };
        if cheapest
            .front()
            .is_none_or(|&i| hopeless(&best, i, RAGGED_PENALTY + MIN_LINE_COST))
        {
            continue;
        }
        for (i, &start) in nodes.iter().enumerate().take(j).skip(short) {
            if hopeless(&best, i, RAGGED_PENALTY + MIN_LINE_COST)
                || hopeless(&best, i, ragged_bound.least_cost(start, end, measure, em))
            {
                continue;
            }
            let (total, f, _) = candidate(&best, i, j, penalty);
            if total <= best[j].0 {
                best[j] = (total, i, f);
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

/// An upper bound on the width a line can reach when justified, from prefix sums of every item's
/// and gap's largest contribution, for telling certainly ragged lines without their metrics.
struct RaggedBound {
    /// `reach[k]`: sum over items `0..k` of advance, gap, first-priority stretch, capped
    /// inter-character stretch and any negative shrink, each counted when positive.
    reach: Vec<f64>,
    /// Forced breaks among items `0..k`: a line holding one is not justified.
    forced: Vec<u32>,
    /// The widest soft hyphen, shown at a line end.
    hyphen: f64,
    /// Slack for the rounding of both sums, far above it and far below any real margin.
    slack: f64,
}

impl RaggedBound {
    fn new(items: &[Item], sp: &Spacing, em: f64) -> RaggedBound {
        let cap = f64::from(MAX_GAP_STRETCH_EM) * em + JUSTIFY_EPS;
        let (mut reach, mut forced) = (
            Vec::with_capacity(items.len() + 1),
            Vec::with_capacity(items.len() + 1),
        );
        reach.push(0.0);
        forced.push(0);
        let (mut acc, mut count) = (0.0f64, 0u32);
        for (k, item) in items.iter().enumerate() {
            acc += sp.adv[k].max(0.0)
                + sp.pair_gap[k].max(0.0)
                + sp.pair_stretch1[k].max(0.0)
                + cap * sp.pair_gap2[k].max(0.0)
                + (-sp.pair_shrink1[k]).max(0.0);
            count += u32::from(is_forced_break(item));
            reach.push(acc);
            forced.push(count);
        }
        let hyphen = sp.hyphen.iter().fold(0.0f64, |h, &x| h.max(x));
        let slack = 1e-6 * (1.0 + acc + hyphen);
        RaggedBound {
            reach,
            forced,
            hyphen,
            slack,
        }
    }

    /// Whether the line `start..end` (not the paragraph's last) is fitted as ragged whatever its
    /// metrics: too short to fill `measure` even with all its stretch, and so not too wide.
    fn certainly_ragged(&self, start: usize, end: usize, measure: f64) -> bool {
        let justified = end + 1 < self.reach.len() && self.forced[end] == self.forced[start];
        let widest = self.reach[end] - self.reach[start] + self.hyphen + self.slack;
        justified && widest + 2.0 * JUSTIFY_EPS < measure
    }

    /// The least cost of a certainly ragged line `start..end`: its shortfall is at least
    /// `measure` minus the widest it can reach, less slack for rounding, so its badness is at
    /// least that shortfall's (see [`fit`]). Never above the cost `search` computes for it.
    fn least_cost(&self, start: usize, end: usize, measure: f64, em: f64) -> f64 {
        let widest = self.reach[end] - self.reach[start] + self.hyphen + self.slack;
        let shortfall = measure - widest - self.slack;
        if em > 0.0 && shortfall > 0.0 {
            RAGGED_PENALTY + (10.0 + 100.0 * shortfall / em).powi(2) * (1.0 - 1e-9)
        } else {
            RAGGED_PENALTY + MIN_LINE_COST
        }
    }
}

/// Finds the deferred candidates of each node, in increasing order of nodes.
#[derive(Default)]
struct Deferral {
    /// The last node before `j` at a mandatory break (node 0, the paragraph's start, is one).
    last_mandatory: usize,
    /// The first node starting a line of at most [`MAX_LINE_ITEMS`] to node `j`.
    near: usize,
    /// Lines to node `j` from the nodes between the floor (see `next`) and this one are not
    /// certainly ragged.
    ragged: usize,
}

impl Deferral {
    /// The deferred candidates of the line ending at node `j` (`nodes[j]`): `(short, stopped)`
    /// where the lines from nodes `short..j` are certainly ragged and none starts at a mandatory
    /// break, and `stopped` says that the line from node `short - 1` is longer than
    /// [`MAX_LINE_ITEMS`] (then no further candidate is tried). Called for `j = 1, 2, …`.
    ///
    /// The same answer as walking back from `j - 1` and stopping at the first node that is too
    /// far, mandatory or not certainly ragged, in that order of checks. Each of the three holds
    /// for every node before the first one that holds (a line only gets longer further back), so
    /// the walk stops at the latest of the three; and each holds for every later `j` once it
    /// holds (a line only gets longer with its end), so the nodes found only move forward.
    fn next(
        &mut self,
        bound: &RaggedBound,
        nodes: &[usize],
        bounds: &[Boundary],
        j: usize,
        measure: f64,
    ) -> (usize, bool) {
        let end = nodes[j];
        if bounds[nodes[j - 1]] == Boundary::Mandatory {
            self.last_mandatory = j - 1;
        }
        while self.near < j && end - nodes[self.near] > MAX_LINE_ITEMS {
            self.near += 1;
        }
        // The last node before `j - 1` (always tried) starting too long a line.
        let too_far = self.near.min(j - 1).checked_sub(1);
        let floor = too_far.map_or(self.last_mandatory, |k| k.max(self.last_mandatory));
        self.ragged = self.ragged.max(floor + 1);
        while self.ragged < j && !bound.certainly_ragged(nodes[self.ragged], end, measure) {
            self.ragged += 1;
        }
        if self.ragged > floor + 1 {
            (self.ragged, false)
        } else {
            (floor + 1, too_far == Some(floor))
        }
    }
}
