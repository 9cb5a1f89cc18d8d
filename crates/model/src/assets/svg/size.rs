//! The size an SVG is shown at, in CSS pixels, from its root's `width`, `height` and `viewBox`.

use crate::assets::AssetLimits;

/// Width and height in CSS pixels from `width`/`height` (with units) and `viewBox`, scaled down
/// to `max_dimension` if huge; 300×150 (the CSS default for replaced elements) when neither says.
pub(super) fn size(root: &roxmltree::Node, limits: &AssetLimits) -> (u32, u32) {
    let w = root.attribute("width").and_then(length_px);
    let h = root.attribute("height").and_then(length_px);
    let vb = root.attribute("viewBox").and_then(view_box);
    let (w, h) = match (w, h, vb) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some((vw, vh))) => (vw, vh),
        (Some(w), None, None) => (w, 150.0),
        (None, Some(h), None) => (300.0, h),
        (None, None, None) => (300.0, 150.0),
    };
    let max = f64::from(limits.max_dimension);
    let scale = (max / w.max(h)).min(1.0);
    let px = |v: f64| (v * scale).round().clamp(1.0, max) as u32;
    (px(w), px(h))
}

fn length_px(s: &str) -> Option<f64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let v: f64 = num.parse().ok()?;
    let factor = match unit.trim() {
        "" | "px" => 1.0,
        "pt" => 96.0 / 72.0,
        "pc" => 16.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        // `%`, `em`, … depend on the page; the viewBox says more.
        _ => return None,
    };
    let px = v * factor;
    (px.is_finite() && px > 0.0).then_some(px)
}

fn view_box(s: &str) -> Option<(f64, f64)> {
    let nums: Vec<f64> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|p| !p.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match nums.as_slice() {
        [_, _, w, h] if w.is_finite() && h.is_finite() && *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}
