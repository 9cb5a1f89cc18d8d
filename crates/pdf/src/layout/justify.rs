//! Fitting one line to the measure: pushing in (shrinking Japanese–Latin and word spaces, then
//! punctuation blanks) or justifying (stretching those spaces, then inter-character gaps, capped
//! at [`MAX_GAP_STRETCH_EM`]), the badness the breaker minimises, and glyph placement.

use super::spacing::{LineMetrics, Spacing};
use super::{Glyph, Line, MAX_GAP_STRETCH_EM};

/// Tolerance for "fits": well under the 0.01-pt promise, well over f64 rounding.
pub const EPS: f64 = 1e-6;

/// How a line is set.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Fit {
    /// Fraction of first- and second-priority shrink used (0..=1).
    pub shrink1: f64,
    pub shrink2: f64,
    /// Fraction of first-priority stretch used (0..=1) and stretch per inter-character gap (pt).
    pub stretch1: f64,
    pub gap_stretch: f64,
    pub justified: bool,
    pub ragged: bool,
    pub overflow: bool,
    /// Cost of this setting for the breaker (0 is perfect).
    pub badness: f64,
}

/// Fits a line with metrics `m` to `measure`; `justify` is false for the last line of a paragraph
/// and before a forced break.
pub fn fit(m: &LineMetrics, measure: f64, em: f64, justify: bool) -> Fit {
    let leftover = measure - m.natural;
    let mut fit = Fit::default();
    if leftover < -EPS {
        // Push in: spaces first, then punctuation blanks (JLREQ 3.8.2 priorities, simplified).
        let need = -leftover;
        let shrink1 = need.min(m.shrink1);
        let need2 = need - shrink1;
        fit.shrink1 = if m.shrink1 > 0.0 {
            shrink1 / m.shrink1
        } else {
            0.0
        };
        if need2 > EPS {
            if need2 > m.shrink2 + EPS {
                fit.shrink2 = if m.shrink2 > 0.0 { 1.0 } else { 0.0 };
                fit.overflow = true;
                fit.badness = f64::INFINITY;
                return fit;
            }
            fit.shrink2 = (need2 / m.shrink2).min(1.0);
        }
        fit.justified = justify;
        // JLREQ 3.8: pushing in is tried before pushing out, so it costs far less than the same
        // amount of stretch.
        fit.badness = 10.0 * (fit.shrink1.powi(3) + fit.shrink2.powi(3));
        return fit;
    }
    if !justify || leftover <= EPS {
        fit.justified = justify;
        return fit;
    }
    let stretch1 = leftover.min(m.stretch1);
    fit.stretch1 = if m.stretch1 > 0.0 {
        stretch1 / m.stretch1
    } else {
        0.0
    };
    let rest = leftover - stretch1;
    let cap = f64::from(MAX_GAP_STRETCH_EM) * em;
    if rest > EPS {
        if m.gaps2 < 1.0 || rest / m.gaps2 > cap + EPS {
            // Cannot be filled without visible letter-spacing: stretched as far as the cap
            // allows and left short of the measure, if the breaker finds nothing better. Badness
            // grows with the shortfall, so the fullest ragged line wins.
            fit.gap_stretch = if m.gaps2 >= 1.0 { cap } else { 0.0 };
            fit.ragged = true;
            let shortfall = rest - fit.gap_stretch * m.gaps2;
            fit.badness = if em > 0.0 {
                100.0 * shortfall / em
            } else {
                100.0
            };
            return fit;
        }
        fit.gap_stretch = (rest / m.gaps2).min(cap);
    }
    fit.justified = true;
    let gap_ratio = if cap > 0.0 {
        fit.gap_stretch / cap
    } else {
        0.0
    };
    fit.badness = 100.0 * fit.stretch1.powi(3) + 300.0 * gap_ratio.powi(3);
    fit
}

/// Places items `start..content_end` of a line with the given fit.
pub fn place(sp: &Spacing, start: usize, end: usize, m: &LineMetrics, f: &Fit) -> Line {
    let e = m.content_end;
    let mut glyphs = Vec::with_capacity(e.saturating_sub(start));
    let mut x = 0.0f64;
    let mut width = 0.0f64;
    for k in start..e {
        let mut gap = -f.shrink2 * sp.left_shrink2(k, start);
        if k > start {
            gap += sp.pair_gap[k] - f.shrink1 * sp.pair_shrink1[k]
                + f.stretch1 * sp.pair_stretch1[k]
                + f.gap_stretch * sp.pair_gap2[k]
                - f.shrink2 * sp.right_shrink2(k - 1, e);
        }
        x += gap;
        // A soft hyphen takes room only at the end of the line, where it is shown.
        let advance = if k + 1 == e {
            sp.adv[k] + sp.hyphen[k]
        } else {
            sp.adv[k]
        };
        glyphs.push(Glyph {
            index: k,
            x: x as f32,
            advance: advance as f32,
            gap_before: gap as f32,
        });
        x += advance;
        width = x - f.shrink2 * sp.right_shrink2(k, e);
    }
    Line {
        start,
        content_end: e,
        end,
        glyphs,
        natural_width: m.natural as f32,
        width: width as f32,
        gap_stretch: f.gap_stretch as f32,
        justified: f.justified,
        ragged: f.ragged,
        overflow: f.overflow,
    }
}
