//! Japanese spacing on pure data (JLREQ 3.1, 3.2, 3.8): the natural gap between each pair of
//! items (¼ em between Japanese and Latin, half-em blanks of adjacent punctuation removed), what
//! each gap and item may shrink or stretch by, and prefix sums so the metrics of any candidate
//! line come in O(1) for the total-fit breaker.

use super::kinsoku::{
    is_closing_punct, is_forced_break, is_japanese, is_latin_alnum, is_opening_punct, is_space,
    SOFT_HYPHEN,
};
use super::Item;

/// The Japanese–Latin space (JLREQ 3.2.3: a quarter em), which may shrink to ⅛ em or stretch to
/// ½ em when pushing in or justifying.
const JA_LATIN_EM: f64 = 0.25;
const JA_LATIN_SHRINK_EM: f64 = 0.125;
const JA_LATIN_STRETCH_EM: f64 = 0.25;
/// Latin word spaces shrink by a third and may double (TeX's defaults are ⅓ and ½ of a 0.33-em
/// space, but TeX also hyphenates; without hyphenation narrow Latin lines need more room, and
/// the badness keeps loose spaces rare).
const SPACE_SHRINK: f64 = 1.0 / 3.0;
const SPACE_STRETCH: f64 = 1.0;
/// A punctuation glyph carries a blank only if the font sets it full width.
const FULL_WIDTH_EM: f64 = 0.75;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Japanese,
    Latin,
    Opening,
    Closing,
    Space,
    Box,
    Other,
}

/// Per-paragraph spacing data. Index `k` of a pair array is the gap between items `k - 1` and `k`.
pub struct Spacing {
    /// Advance of each item in mid-line (0 for a soft hyphen).
    pub adv: Vec<f64>,
    /// Advance of a soft hyphen when a line ends after it (0 for other items).
    pub hyphen: Vec<f64>,
    /// Half-em blank of full-width opening/closing punctuation (0 otherwise).
    blank: Vec<f64>,
    class: Vec<Class>,
    /// Natural gap before item k (Japanese–Latin space minus compressed blanks).
    pub pair_gap: Vec<f64>,
    /// Shrink of the gap before k, first priority (Japanese–Latin spaces, word space before k).
    pub pair_shrink1: Vec<f64>,
    /// Stretch of the gap before k, first priority (Japanese–Latin spaces, word space before k).
    pub pair_stretch1: Vec<f64>,
    /// 1 if the gap before k is an inter-character gap that may take capped stretch.
    pub pair_gap2: Vec<f64>,
    /// Shrink of a punctuation blank in mid-line, second priority (half the blank).
    mid_shrink2: Vec<f64>,
    /// Whether the item is trimmed at a line end (spaces, forced breaks).
    trimmable: Vec<bool>,
    sums: Sums,
}

/// Prefix sums: `x[k]` is the sum of entries `0..k`.
#[derive(Default)]
struct Sums {
    adv: Vec<f64>,
    gap: Vec<f64>,
    shrink1: Vec<f64>,
    stretch1: Vec<f64>,
    gap2: Vec<f64>,
    shrink2: Vec<f64>,
}

/// What a candidate line `start..end` offers.
#[derive(Clone, Copy, Debug, Default)]
pub struct LineMetrics {
    /// End of the placed content (trailing spaces and forced breaks trimmed).
    pub content_end: usize,
    pub natural: f64,
    pub shrink1: f64,
    pub shrink2: f64,
    pub stretch1: f64,
    /// Number of inter-character gaps.
    pub gaps2: f64,
    /// Whether the line ends with a forced break.
    pub forced: bool,
}

fn classify(item: &Item) -> Class {
    match item {
        Item::Box { .. } => Class::Box,
        Item::Formula { .. } => Class::Latin,
        Item::ForcedBreak => Class::Other,
        Item::Char { ch, .. } => {
            let c = *ch;
            if is_space(item) {
                Class::Space
            } else if is_japanese(c) {
                Class::Japanese
            } else if is_latin_alnum(c) {
                Class::Latin
            } else if is_opening_punct(c) {
                Class::Opening
            } else if is_closing_punct(c) {
                Class::Closing
            } else {
                Class::Other
            }
        }
    }
}

/// Latin letters and symbols: no letter-spacing between two of them.
fn is_wordish(c: Class) -> bool {
    matches!(c, Class::Latin | Class::Other)
}

fn prefix(v: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(v.len() + 1);
    let mut acc = 0.0;
    out.push(acc);
    for x in v {
        acc += x;
        out.push(acc);
    }
    out
}

fn range(p: &[f64], a: usize, b: usize) -> f64 {
    if b <= a {
        return 0.0;
    }
    p.get(b).copied().unwrap_or(0.0) - p.get(a).copied().unwrap_or(0.0)
}

impl Spacing {
    pub fn new(items: &[Item], em: f64) -> Spacing {
        let n = items.len();
        let is_soft_hyphen = |it: &Item| {
            matches!(
                it,
                Item::Char {
                    ch: SOFT_HYPHEN,
                    ..
                }
            )
        };
        let hyphen: Vec<f64> = items
            .iter()
            .map(|it| {
                if is_soft_hyphen(it) {
                    f64::from(it.advance())
                } else {
                    0.0
                }
            })
            .collect();
        let adv: Vec<f64> = items
            .iter()
            .map(|it| {
                if is_soft_hyphen(it) {
                    0.0
                } else {
                    f64::from(it.advance())
                }
            })
            .collect();
        let class: Vec<Class> = items.iter().map(classify).collect();
        let blank: Vec<f64> = (0..n)
            .map(|k| match class[k] {
                Class::Opening | Class::Closing if em > 0.0 && adv[k] >= FULL_WIDTH_EM * em => {
                    adv[k] / 2.0
                }
                _ => 0.0,
            })
            .collect();
        let trimmable: Vec<bool> = items
            .iter()
            .map(|it| is_space(it) || is_forced_break(it))
            .collect();
        let mut pair_gap = vec![0.0; n];
        let mut pair_shrink1 = vec![0.0; n];
        let mut pair_stretch1 = vec![0.0; n];
        let mut pair_gap2 = vec![0.0; n];
        // Whether an item's blank is already removed by the gap after (closing) or before
        // (opening) it, so it has nothing left to give in mid-line.
        let mut compressed = vec![false; n];
        for k in 1..n {
            let (a, b) = (class[k - 1], class[k]);
            let is_ja = |c: Class| c == Class::Japanese;
            if (is_ja(a) && b == Class::Latin) || (a == Class::Latin && is_ja(b)) {
                // JLREQ 3.2.3: quarter em between Japanese and Latin letters or digits; none next
                // to punctuation, which has its own blank.
                pair_gap[k] = JA_LATIN_EM * em;
                pair_shrink1[k] = JA_LATIN_SHRINK_EM * em;
                pair_stretch1[k] = JA_LATIN_STRETCH_EM * em;
                continue;
            }
            if a == Class::Closing && matches!(b, Class::Closing | Class::Opening) {
                // JLREQ 3.1.4/3.1.5: `。」`, `）、`, `、「` — the first one's blank goes.
                pair_gap[k] = -blank[k - 1];
                compressed[k - 1] = true;
            } else if a == Class::Opening && b == Class::Opening {
                // `「（`: the second one's blank goes.
                pair_gap[k] = -blank[k];
                compressed[k] = true;
            }
            if a == Class::Space {
                pair_shrink1[k] = adv[k - 1] * SPACE_SHRINK;
                pair_stretch1[k] = adv[k - 1] * SPACE_STRETCH;
            } else {
                let letter_pair = is_wordish(a) && is_wordish(b);
                let next_to_space = b == Class::Space || trimmable[k] || trimmable[k - 1];
                let next_to_box = a == Class::Box || b == Class::Box;
                // An inter-character gap: at least one side Japanese or punctuation; not inside a
                // Latin word, where letter-spacing shows; not next to an image, where stretch
                // would only shift it; not before a zero-width mark.
                if !(letter_pair || next_to_space || next_to_box) && adv[k] > 0.0 {
                    pair_gap2[k] = 1.0;
                }
            }
        }
        let mid_shrink2: Vec<f64> = (0..n)
            .map(|k| if compressed[k] { 0.0 } else { blank[k] / 2.0 })
            .collect();
        let sums = Sums {
            adv: prefix(&adv),
            gap: prefix(&pair_gap),
            shrink1: prefix(&pair_shrink1),
            stretch1: prefix(&pair_stretch1),
            gap2: prefix(&pair_gap2),
            shrink2: prefix(&mid_shrink2),
        };
        Spacing {
            adv,
            hyphen,
            blank,
            class,
            pair_gap,
            pair_shrink1,
            pair_stretch1,
            pair_gap2,
            mid_shrink2,
            trimmable,
            sums,
        }
    }

    /// Where the placed content of a line `start..end` ends.
    pub fn content_end(&self, start: usize, end: usize) -> usize {
        let mut e = end.min(self.adv.len());
        while e > start && self.trimmable.get(e - 1).copied().unwrap_or(false) {
            e -= 1;
        }
        e
    }

    /// Second-priority shrink on the left of item `k` in a line `start..e` (an opening bracket may
    /// lose its whole blank at the line start, JLREQ 3.1.6, half of it elsewhere).
    pub fn left_shrink2(&self, k: usize, start: usize) -> f64 {
        match self.class.get(k) {
            Some(Class::Opening) if k == start => self.blank[k],
            Some(Class::Opening) => self.mid_shrink2[k],
            _ => 0.0,
        }
    }

    /// Second-priority shrink on the right of item `k` in a line ending at `e` (closing
    /// punctuation may be set half width at the line end).
    pub fn right_shrink2(&self, k: usize, e: usize) -> f64 {
        match self.class.get(k) {
            Some(Class::Closing) if k + 1 == e => self.blank[k],
            Some(Class::Closing) => self.mid_shrink2[k],
            _ => 0.0,
        }
    }

    pub fn metrics(&self, start: usize, end: usize) -> LineMetrics {
        let e = self.content_end(start, end);
        let forced = (e..end).any(|k| self.trimmable[k] && self.class[k] != Class::Space);
        if e == start {
            return LineMetrics {
                content_end: e,
                forced,
                ..LineMetrics::default()
            };
        }
        let s = &self.sums;
        // Pairs strictly inside the line: start+1..e. Edge items get their edge shrink instead of
        // the mid-line one.
        let mut shrink2 = range(&s.shrink2, start, e);
        shrink2 -= self.mid_shrink2[start]
            + if e - 1 != start {
                self.mid_shrink2[e - 1]
            } else {
                0.0
            };
        shrink2 += self.left_shrink2(start, start) + self.right_shrink2(start, e);
        if e - 1 != start {
            shrink2 += self.left_shrink2(e - 1, start) + self.right_shrink2(e - 1, e);
        }
        LineMetrics {
            content_end: e,
            natural: range(&s.adv, start, e) + range(&s.gap, start + 1, e) + self.hyphen[e - 1],
            shrink1: range(&s.shrink1, start + 1, e),
            shrink2: shrink2.max(0.0),
            stretch1: range(&s.stretch1, start + 1, e),
            gaps2: range(&s.gap2, start + 1, e),
            forced,
        }
    }
}
