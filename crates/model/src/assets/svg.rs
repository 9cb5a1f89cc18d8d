//! SVG: kept as a vector, but rewritten from a parsed tree so nothing active or external
//! survives into the book.
//!
//! EPUB readers are browsers: a `<script>`, an `onload=`, a `javascript:` link or a
//! `<foreignObject>` full of HTML in an image would run (or be refused by EPUBCheck), and an
//! external `href`/`url(…)` would make the reader go to the network. The writer below emits only
//! SVG-namespace elements and plain, `xlink:` and `xml:` attributes, so editor metadata
//! (Inkscape, Sodipodi, RDF) and DTDs are dropped too; entities are already expanded by the parser.

use super::{AssetLimits, Problem};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &["script", "foreignObject", "iframe", "embed", "object"];
/// Animation elements, dropped when they target a link (`<set attributeName="href" to="javascript:…">`).
const ANIMATIONS: &[&str] = &["set", "animate", "animateTransform", "animateMotion"];

/// Cheap check used by format sniffing: XML text whose start mentions `<svg`.
pub(crate) fn looks_like_svg(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head);
    text.trim_start().starts_with('<') && text.contains("<svg")
}

/// Parses, strips and re-serialises the SVG; returns the new bytes and its size in CSS pixels.
pub(crate) fn sanitise(bytes: &[u8], limits: &AssetLimits) -> Result<(Vec<u8>, u32, u32), Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Problem::new("asset-corrupt", format!("SVG is not UTF-8: {e}")))?;
    let opts = roxmltree::ParsingOptions {
        // Illustrator and Inkscape write a DOCTYPE; roxmltree bounds entity expansion itself.
        allow_dtd: true,
        nodes_limit: 1_000_000,
    };
    let doc = roxmltree::Document::parse_with_options(text, opts)
        .map_err(|e| Problem::new("asset-corrupt", format!("SVG is not well-formed XML: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(Problem::new(
            "asset-format",
            format!(
                "not an SVG image: its root element is <{}>",
                root.tag_name().name()
            ),
        ));
    }
    // SVG pasted from HTML often has no xmlns; then unqualified elements are SVG.
    let ns = root.tag_name().namespace();
    if ns.is_some_and(|n| n != SVG_NS) {
        return Err(Problem::new(
            "asset-format",
            "the <svg> element is not in the SVG namespace",
        ));
    }
    let (w, h) = size(&root, limits);
    let mut out = String::with_capacity(text.len());
    write_element(&root, ns, true, &mut out);
    Ok((out.into_bytes(), w, h))
}

fn write_element(node: &roxmltree::Node, ns: Option<&str>, is_root: bool, out: &mut String) {
    let name = node.tag_name().name();
    if node.tag_name().namespace() != ns || DROPPED.contains(&name) {
        return;
    }
    if ANIMATIONS.contains(&name)
        && node
            .attribute("attributeName")
            .is_some_and(|a| a.ends_with("href"))
    {
        return;
    }
    if name == "a" && !is_root {
        // Books show SVG through `<img>`, where links cannot be followed; an `<a>` left in is
        // only a link without a title to EPUBCheck (ACC-011). Keep what it wraps.
        for child in node.children().filter(roxmltree::Node::is_element) {
            write_element(&child, ns, false, out);
        }
        return;
    }
    out.push('<');
    out.push_str(name);
    if is_root {
        out.push_str(" xmlns=\"");
        out.push_str(SVG_NS);
        out.push_str("\" xmlns:xlink=\"");
        out.push_str(XLINK_NS);
        out.push('"');
    }
    for attr in node.attributes() {
        let prefix = match attr.namespace() {
            None => "",
            Some(XLINK_NS) => "xlink:",
            Some(XML_NS) => "xml:",
            Some(_) => continue,
        };
        let Some(value) = safe_attribute(attr.name(), attr.value()) else {
            continue;
        };
        out.push(' ');
        out.push_str(prefix);
        out.push_str(attr.name());
        out.push_str("=\"");
        escape(&value, true, out);
        out.push('"');
    }
    let mut children = node.children().peekable();
    if children.peek().is_none() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    let in_style = name == "style";
    for child in children {
        if child.is_element() {
            write_element(&child, ns, false, out);
        } else if child.is_text() {
            let t = child.text().unwrap_or("");
            if in_style {
                // `@import` pulls a stylesheet from elsewhere; there is no safe part to keep.
                if !t.to_ascii_lowercase().contains("@import") {
                    escape(&neutralise_urls(t), false, out);
                }
            } else {
                escape(t, false, out);
            }
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// The attribute value to keep, or `None` to drop it.
fn safe_attribute(name: &str, value: &str) -> Option<String> {
    if name.len() > 2 && name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on")) {
        return None;
    }
    if name == "href" {
        let v = value.trim();
        // Only links inside the image and embedded raster data stay; not `data:image/svg+xml`,
        // which could carry its own script.
        let lower = v.to_ascii_lowercase();
        let ok = v.starts_with('#')
            || ["png", "jpeg", "jpg", "gif", "webp"]
                .iter()
                .any(|t| lower.starts_with(&format!("data:image/{t};")));
        return ok.then(|| v.to_owned());
    }
    Some(neutralise_urls(value))
}

/// Replaces every `url(…)` that does not point inside the document with `none`.
fn neutralise_urls(value: &str) -> String {
    let lower = value.to_ascii_lowercase();
    let mut out = String::with_capacity(value.len());
    let mut pos = 0;
    while let Some(found) = lower.get(pos..).and_then(|s| s.find("url(")) {
        let start = pos + found;
        let inner_start = start + 4;
        let end = lower
            .get(inner_start..)
            .and_then(|s| s.find(')'))
            .map(|i| inner_start + i);
        let Some(end) = end else {
            // Unclosed `url(`: drop the rest rather than guess.
            out.push_str(value.get(pos..start).unwrap_or(""));
            out.push_str("none");
            return out;
        };
        let inner = value.get(inner_start..end).unwrap_or("");
        let target = inner.trim().trim_matches(['"', '\'']).trim();
        out.push_str(value.get(pos..start).unwrap_or(""));
        if target.starts_with('#') {
            out.push_str(value.get(start..=end).unwrap_or(""));
        } else {
            out.push_str("none");
        }
        pos = end + 1;
    }
    out.push_str(value.get(pos..).unwrap_or(""));
    out
}

fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

/// Width and height in CSS pixels from `width`/`height` (with units) and `viewBox`, scaled down
/// to `max_dimension` if huge; 300×150 (the CSS default for replaced elements) when neither says.
fn size(root: &roxmltree::Node, limits: &AssetLimits) -> (u32, u32) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(svg: &str) -> String {
        let (bytes, _, _) = sanitise(svg.as_bytes(), &AssetLimits::default()).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn svg_script_is_removed() {
        let out = clean(
            r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect/></svg>"#,
        );
        assert!(!out.contains("script") && !out.contains("alert"), "{out}");
        assert!(out.contains("<rect/>"), "{out}");
    }

    #[test]
    fn svg_event_attributes_are_removed() {
        let out = clean(
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="x()"><rect onClick="y()" width="3"/></svg>"#,
        );
        assert!(!out.contains("onload") && !out.contains("onClick"), "{out}");
        assert!(out.contains(r#"width="3""#), "{out}");
    }

    #[test]
    fn svg_javascript_href_is_removed() {
        let out = clean(
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><rect/></a><a href=" JavaScript:x"/></svg>"#,
        );
        assert!(!out.to_ascii_lowercase().contains("javascript"), "{out}");
    }

    #[test]
    fn svg_links_are_unwrapped_keeping_their_content() {
        let out = clean(
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a href="https://e.example/"><rect width="1"/></a></svg>"#,
        );
        assert!(!out.contains("<a") && out.contains("<rect"), "{out}");
    }

    #[test]
    fn svg_external_references_are_removed() {
        let out = clean(
            r##"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/><use href="#a"/><rect fill="url(https://e.example/p#g)" stroke="url(#g)"/><style>@import url(https://e.example/s.css);</style><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject></svg>"##,
        );
        assert!(!out.contains("evil") && !out.contains("e.example"), "{out}");
        assert!(
            !out.contains("foreignObject") && !out.contains("hi"),
            "{out}"
        );
        assert!(
            out.contains(r##"href="#a""##) && out.contains("url(#g)"),
            "{out}"
        );
    }

    #[test]
    fn svg_set_animation_of_href_is_removed() {
        let out = clean(
            r#"<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>"#,
        );
        assert!(!out.contains("javascript"), "{out}");
    }

    #[test]
    fn svg_editor_metadata_and_doctype_are_dropped() {
        let out = clean(
            r#"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1"><inkscape:grid/><text xml:space="preserve">a &amp; b</text></svg>"#,
        );
        assert!(
            !out.contains("inkscape") && !out.contains("DOCTYPE"),
            "{out}"
        );
        assert!(
            out.contains(r#"xml:space="preserve""#) && out.contains("a &amp; b"),
            "{out}"
        );
    }

    #[test]
    fn svg_without_namespace_is_kept_as_svg() {
        let out = clean(r#"<svg width="10" height="10"><circle r="4"/></svg>"#);
        assert!(
            out.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg""#),
            "{out}"
        );
        assert!(out.contains("<circle"), "{out}");
    }

    #[test]
    fn svg_size_comes_from_view_box_when_width_is_missing() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" height="50"/>"#;
        let (_, w, h) = sanitise(svg.as_bytes(), &AssetLimits::default()).unwrap();
        assert_eq!((w, h), (100, 50));
    }

    #[test]
    fn svg_size_converts_units() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="1in" height="72pt"/>"#;
        let (_, w, h) = sanitise(svg.as_bytes(), &AssetLimits::default()).unwrap();
        assert_eq!((w, h), (96, 96));
    }

    #[test]
    fn html_page_is_not_an_svg() {
        let html = "<html><body><svg></svg></body></html>";
        let err = sanitise(html.as_bytes(), &AssetLimits::default()).unwrap_err();
        assert_eq!(err.code, "asset-format");
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut svg = String::from("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a0 \"lol\">");
        for i in 1..12 {
            let prev = format!("&a{};", i - 1);
            svg.push_str(&format!("<!ENTITY a{i} \"{}\">", prev.repeat(10)));
        }
        svg.push_str("]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&a11;</text></svg>");
        let err = sanitise(svg.as_bytes(), &AssetLimits::default()).unwrap_err();
        assert_eq!(err.code, "asset-corrupt");
    }
}
