//! Nothing active or external survives.

use super::*;
use crate::assets::svg::sanitise;
use crate::assets::AssetLimits;

#[test]
fn svg_script_is_removed() {
    let out =
        clean(r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect/></svg>"#);
    assert!(!out.contains("script") && !out.contains("alert"), "{out}");
    assert!(out.contains("<rect"), "{out}");
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
        r##"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/><g id="a"/><linearGradient id="g"/><use href="#a"/><rect fill="url(https://e.example/p#g)" stroke="url(#g)"/><style>@import url(https://e.example/s.css);</style><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject></svg>"##,
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
    let s = sanitise(svg.as_bytes(), &AssetLimits::default()).unwrap();
    assert_eq!((s.width, s.height), (100, 50));
}

#[test]
fn svg_size_converts_units() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="1in" height="72pt"/>"#;
    let s = sanitise(svg.as_bytes(), &AssetLimits::default()).unwrap();
    assert_eq!((s.width, s.height), (96, 96));
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
