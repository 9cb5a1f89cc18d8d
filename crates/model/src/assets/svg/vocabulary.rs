//! The vocabulary of SVG 1.1, which EPUB 3's SVG schema validates (EPUBCheck RSC-005 for
//! anything else in the SVG namespace or without a namespace).

/// The elements of SVG 1.1, the vocabulary of EPUB 3's SVG schema. Anything else in the SVG
/// namespace (Inkscape's `flowRoot`, SVG 2 drafts' `mesh`, `hatch`, `solidcolor`) is refused by
/// EPUBCheck (RSC-005).
#[rustfmt::skip]
pub(super) const SVG11: &[&str] = &[
    "a", "altGlyph", "altGlyphDef", "altGlyphItem", "animate", "animateColor", "animateMotion",
    "animateTransform", "circle", "clipPath", "color-profile", "cursor", "defs", "desc", "ellipse",
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
    "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feFlood", "feFuncA", "feFuncB",
    "feFuncG", "feFuncR", "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology",
    "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
    "filter", "font", "font-face", "font-face-format", "font-face-name", "font-face-src",
    "font-face-uri", "foreignObject", "g", "glyph", "glyphRef", "hkern", "image", "line",
    "linearGradient", "marker", "mask", "metadata", "missing-glyph", "mpath", "path", "pattern",
    "polygon", "polyline", "radialGradient", "rect", "script", "set", "stop", "style", "svg",
    "switch", "symbol", "text", "textPath", "title", "tref", "tspan", "use", "view", "vkern",
];

/// The attributes of SVG 1.1 (any element; the schema is stricter per element, which third-party
/// files rarely break), with SVG 2's plain `href`, which EPUB's schema also accepts. Others
/// (draw.io's `content`, `data-*`) mean nothing to a reader and are dropped; the event handlers
/// (`on…`) are dropped before this list is asked.
#[rustfmt::skip]
pub(super) const SVG11_ATTRIBUTES: &[&str] = &[
    "accent-height", "accumulate", "additive", "alignment-baseline", "alphabetic", "amplitude",
    "arabic-form", "ascent", "attributeName", "attributeType", "azimuth", "baseFrequency",
    "baseProfile", "baseline-shift", "bbox", "begin", "bias", "by", "calcMode", "cap-height",
    "class", "clip", "clip-path", "clip-rule", "clipPathUnits", "color", "color-interpolation",
    "color-interpolation-filters", "color-profile", "color-rendering", "contentScriptType",
    "contentStyleType", "cursor", "cx", "cy", "d", "descent", "diffuseConstant", "direction",
    "display", "divisor", "dominant-baseline", "dur", "dx", "dy", "edgeMode", "elevation",
    "enable-background", "end", "exponent", "externalResourcesRequired", "fill", "fill-opacity",
    "fill-rule", "filter", "filterRes", "filterUnits", "flood-color", "flood-opacity", "focusable",
    "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style", "font-variant",
    "font-weight", "format", "from", "fx", "fy", "g1", "g2", "glyph-name",
    "glyph-orientation-horizontal", "glyph-orientation-vertical", "glyphRef", "gradientTransform",
    "gradientUnits", "hanging", "height", "horiz-adv-x", "horiz-origin-x", "horiz-origin-y",
    "href", "id", "ideographic", "image-rendering", "in", "in2", "intercept", "k", "k1", "k2",
    "k3", "k4", "kernelMatrix", "kernelUnitLength", "kerning", "keyPoints", "keySplines",
    "keyTimes", "lang", "lengthAdjust", "letter-spacing", "lighting-color", "limitingConeAngle",
    "local", "marker-end", "marker-mid", "marker-start", "markerHeight", "markerUnits",
    "markerWidth", "mask", "maskContentUnits", "maskUnits", "mathematical", "max", "media",
    "method", "min", "mode", "name", "numOctaves", "offset", "opacity", "operator", "order",
    "orient", "orientation", "origin", "overflow", "overline-position", "overline-thickness",
    "panose-1", "path", "pathLength", "patternContentUnits", "patternTransform", "patternUnits",
    "pointer-events", "points", "pointsAtX", "pointsAtY", "pointsAtZ", "preserveAlpha",
    "preserveAspectRatio", "primitiveUnits", "r", "radius", "refX", "refY", "rendering-intent",
    "repeatCount", "repeatDur", "requiredExtensions", "requiredFeatures", "restart", "result",
    "rotate", "rx", "ry", "scale", "seed", "shape-rendering", "slope", "spacing",
    "specularConstant", "specularExponent", "spreadMethod", "startOffset", "stdDeviation", "stemh",
    "stemv", "stitchTiles", "stop-color", "stop-opacity", "strikethrough-position",
    "strikethrough-thickness", "string", "stroke", "stroke-dasharray", "stroke-dashoffset",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "stroke-width",
    "style", "surfaceScale", "systemLanguage", "tabindex", "tableValues", "target", "targetX",
    "targetY", "text-anchor", "text-decoration", "text-rendering", "textLength", "title", "to",
    "transform", "type", "u1", "u2", "underline-position", "underline-thickness", "unicode",
    "unicode-bidi", "unicode-range", "units-per-em", "v-alphabetic", "v-hanging", "v-ideographic",
    "v-mathematical", "values", "version", "vert-adv-y", "vert-origin-x", "vert-origin-y",
    "viewBox", "viewTarget", "visibility", "width", "widths", "word-spacing", "writing-mode", "x",
    "x-height", "x1", "x2", "xChannelSelector", "y", "y1", "y2", "yChannelSelector", "z",
    "zoomAndPan",
];

/// CSS properties that SVG 2 and CSS Compositing made presentation attributes: browsers apply
/// them, EPUB's schema refuses them as attributes, so they move into `style`.
pub(super) const NEWER_PRESENTATION: &[&str] = &[
    "isolation",
    "mask-type",
    "mix-blend-mode",
    "paint-order",
    "text-overflow",
    "transform-origin",
    "vector-effect",
    "white-space",
];

/// ARIA attributes, which EPUB's schema allows on SVG elements.
pub(super) fn is_aria(name: &str) -> bool {
    name == "role" || name.starts_with("aria-")
}

/// The attributes SVG 1.1 requires (and EPUB's schema with it) that SVG 2 made optional, with the
/// value browsers use when they are missing: a shape without its size draws nothing (size 0),
/// an ellipse with one radius uses it for both, an `<image>` without a size takes its own
/// (`intrinsic`, in pixels, keeping its proportions when one side is given).
pub(super) fn missing_required(
    node: &roxmltree::Node,
    intrinsic: Option<(u32, u32)>,
) -> Vec<(&'static str, String)> {
    let has = |a: &str| node.attribute(a).is_some();
    let zero = || "0".to_owned();
    let mut out = Vec::new();
    let mut need = |name: &'static str, value: &dyn Fn() -> String| {
        if !has(name) {
            out.push((name, value()));
        }
    };
    match node.tag_name().name() {
        "rect" => {
            need("width", &zero);
            need("height", &zero);
        }
        "circle" => need("r", &zero),
        "ellipse" => {
            let rx = node.attribute("rx").map(str::to_owned);
            let ry = node.attribute("ry").map(str::to_owned);
            need("rx", &|| ry.clone().unwrap_or_else(zero));
            need("ry", &|| rx.clone().unwrap_or_else(zero));
        }
        "path" => need("d", &String::new),
        "polyline" | "polygon" => need("points", &String::new),
        "stop" => need("offset", &zero),
        "image" => {
            let (iw, ih) = intrinsic.map_or((0.0, 0.0), |(w, h)| (f64::from(w), f64::from(h)));
            let number = |a: &str| node.attribute(a).and_then(|v| v.trim().parse::<f64>().ok());
            let (w, h) = match (number("width"), number("height")) {
                (None, Some(h)) if ih > 0.0 => (h * iw / ih, h),
                (Some(w), None) if iw > 0.0 => (w, w * ih / iw),
                _ => (iw, ih),
            };
            need("width", &|| w.to_string());
            need("height", &|| h.to_string());
        }
        _ => {}
    }
    out
}
