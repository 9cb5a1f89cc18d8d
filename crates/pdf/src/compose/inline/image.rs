//! Inline images: the size the author asked for (CSS px at 96 px/in, or a percentage of the
//! measure), else the intrinsic size at 96 dpi; aspect always kept; never wider than the measure
//! nor taller than the page's text block. An image that did not load becomes a framed
//! placeholder holding its alt text and URL (the model has already warned).

use hanmoto_model::{Image, Inline, Length};

use super::items::{base_style, ItemInfo, Kind};
use super::runs::RunStyle;
use super::{layout_inlines, Align, InlineContext, TextStyle};
use crate::frame::{Color, Element, Rect, Stroke};
use crate::layout::Item;

/// Points per CSS pixel (96 px = 72 pt).
pub const PT_PER_PX: f32 = 0.75;
/// Placeholder: frame, padding and text.
const FRAME: Stroke = Stroke {
    width: 0.5,
    color: Color::gray(0.55),
};
const PLACEHOLDER_TEXT: Color = Color::gray(0.3);
const PLACEHOLDER_SCALE: f32 = 0.75;

fn length_pt(l: Option<Length>, measure: f32) -> Option<f32> {
    match l? {
        Length::Px(px) => Some(px * PT_PER_PX),
        Length::Percent(p) => Some(p / 100.0 * measure),
    }
    .filter(|v| v.is_finite() && *v > 0.0)
}

/// The size (pt) an image is set at. `intrinsic` is the loaded image's size in pixels (CSS
/// pixels for SVG); `None` for a missing image, whose asked size is returned as is (height
/// `None` when not asked). A height in percent is ignored (CSS resolves it against a height
/// the page does not have).
pub fn image_size(
    image: &Image,
    intrinsic: Option<(u32, u32)>,
    measure: f32,
    max_height: f32,
) -> (f32, Option<f32>) {
    let w = length_pt(image.width, measure);
    let h = match image.height {
        Some(Length::Percent(_)) => None,
        other => length_pt(other, measure),
    };
    let (w, h) = match intrinsic.filter(|&(iw, ih)| iw > 0 && ih > 0) {
        Some((iw, ih)) => {
            let (iw, ih) = (iw as f32 * PT_PER_PX, ih as f32 * PT_PER_PX);
            let (w, h) = match (w, h) {
                (Some(w), Some(h)) => {
                    // Both asked and not in the image's proportions: the largest size of the
                    // image's own aspect inside the asked box.
                    let s = (w / iw).min(h / ih);
                    (iw * s, ih * s)
                }
                (Some(w), None) => (w, w * ih / iw),
                (None, Some(h)) => (h * iw / ih, h),
                (None, None) => (iw, ih),
            };
            (w, Some(h))
        }
        None => (
            w.unwrap_or_else(|| measure.min((measure * 0.5).max(240.0))),
            h,
        ),
    };
    // Clamp, keeping the aspect.
    let mut s = 1.0f32;
    if measure > 0.0 && w > measure {
        s = measure / w;
    }
    if let Some(h) = h {
        if max_height > 0.0 && h * s > max_height {
            s = max_height / h;
        }
    }
    (w * s, h.map(|h| h * s))
}

/// The item and info of an inline image (or its placeholder).
pub fn image_item(
    ctx: &mut InlineContext<'_>,
    image: &Image,
    rs: &RunStyle,
    style: &TextStyle,
    measure: f32,
) -> (Item, ItemInfo) {
    let settings = ctx.env.settings;
    let max_height = settings.page_height - settings.margin_top - settings.margin_bottom;
    let loaded = ctx.env.assets.loaded(image.asset);
    let intrinsic = loaded.map(|l| (l.width, l.height));
    let mut info = ItemInfo::new(Kind::Object, rs);
    if settings.vertical.is_some() {
        if let (Some(_), (w, Some(h))) = (loaded, image_size(image, intrinsic, max_height, measure))
        {
            // In a vertical line the picture stays upright: it runs `h` down the column (the
            // line's length) and `w` across the columns (the line's height), as large as the
            // column's length and the text area's width allow.
            info.ascent = w;
            info.elements.push(Element::Image {
                asset: image.asset,
                rect: Rect {
                    x: 0.0,
                    y: -w,
                    width: h,
                    height: w,
                },
            });
            return (Item::Box { width: h }, info);
        }
    }
    let (w, h) = image_size(image, intrinsic, measure, max_height);
    match (loaded, h) {
        (Some(_), Some(h)) => {
            info.ascent = h;
            info.elements.push(Element::Image {
                asset: image.asset,
                rect: Rect {
                    x: 0.0,
                    y: -h,
                    width: w,
                    height: h,
                },
            });
        }
        _ => placeholder(ctx, image, style, w, h, &mut info),
    }
    (Item::Box { width: w }, info)
}

/// A grey frame of `w` × `h` (or as tall as its text) with the alt text and the URL inside.
fn placeholder(
    ctx: &mut InlineContext<'_>,
    image: &Image,
    style: &TextStyle,
    w: f32,
    h: Option<f32>,
    info: &mut ItemInfo,
) {
    let size = (style.size * PLACEHOLDER_SCALE).max(5.0);
    let pad = size * 0.6;
    let mut small = TextStyle::new(base_style(style).role, size);
    small.color = PLACEHOLDER_TEXT;
    small.leading = size * 1.4;
    small.align = Align::Start;
    small.hyphenate = false;
    let mut texts = Vec::new();
    if !image.alt.trim().is_empty() {
        texts.push(image.alt.trim());
    }
    if !image.src.is_empty() {
        texts.push(image.src.as_str());
    }
    let inlines = text_lines(&texts);
    let inner = (w - 2.0 * pad).max(size);
    let lines = layout_inlines(ctx, &inlines, &small, inner);
    let text_h: f32 = lines.iter().map(|l| l.height()).sum();
    let height = h.unwrap_or(0.0).max(text_h + 2.0 * pad);
    info.ascent = height;
    info.elements.push(Element::Rect {
        rect: Rect {
            x: 0.0,
            y: -height,
            width: w,
            height,
        },
        fill: None,
        stroke: Some(FRAME),
    });
    let mut y = -height + pad;
    for line in lines {
        let baseline = y + line.ascent;
        let height = line.height();
        for mut e in line.elements {
            e.translate(pad, baseline);
            info.elements.push(e);
        }
        y += height;
    }
}

/// Sets a plain text in `style` (used by placeholders): one inline per line.
pub fn text_lines(lines: &[&str]) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push(Inline::LineBreak);
        }
        out.push(Inline::text(*l));
    }
    out
}
