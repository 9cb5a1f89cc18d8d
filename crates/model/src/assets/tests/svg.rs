//! The SVG sanitiser on small hand-written SVGs: what is removed for safety, how ids and the
//! references to them are renamed, what happens to references to nothing, and which losses are
//! reported.

use crate::assets::svg::{sanitise, Sanitised};
use crate::assets::AssetLimits;

fn sanitised(svg: &str) -> Sanitised {
    sanitise(svg.as_bytes(), &AssetLimits::default()).unwrap()
}

fn clean(svg: &str) -> String {
    String::from_utf8(sanitised(svg).bytes).unwrap()
}

/// The reasons of the `asset-svg` notes.
fn notes(svg: &str) -> Vec<String> {
    sanitised(svg)
        .notes
        .into_iter()
        .map(|p| {
            assert_eq!(p.code, "asset-svg");
            p.reason
        })
        .collect()
}

// ---- Safety: nothing active or external survives ----

#[test]
fn svg_script_is_removed() {
    let out =
        clean(r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect/></svg>"#);
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

// ---- Ids: valid XML names, unique, renamed with every reference ----

const NS: &str = r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#;

fn svg(body: &str) -> String {
    format!("<svg {NS}>{body}</svg>")
}

/// The ids of the output, in document order.
fn ids(out: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(out).unwrap();
    doc.descendants()
        .filter_map(|n| n.attribute("id").map(str::to_owned))
        .collect()
}

#[test]
fn matplotlib_style_ids_become_xml_names_with_their_references() {
    let out = clean(&svg(concat!(
        r#"<defs><clipPath id="patch0:1"><rect width="5" height="5"/></clipPath>"#,
        r#"<path id="1abc" d="M0 0L1 1"/></defs>"#,
        r##"<g clip-path="url(#patch0:1)"><use xlink:href="#1abc"/></g>"##,
    )));
    assert_eq!(ids(&out), ["patch0_1", "_1abc"], "{out}");
    assert!(out.contains(r#"clip-path="url(#patch0_1)""#), "{out}");
    assert!(out.contains(r##"xlink:href="#_1abc""##), "{out}");
}

#[test]
fn ids_with_spaces_and_percent_encoded_references_are_renamed() {
    let out = clean(&svg(concat!(
        r#"<linearGradient id="Layer 1"/>"#,
        r#"<rect fill="url(#Layer%201)"/><rect style="fill:url('#Layer 1')"/>"#,
    )));
    assert_eq!(ids(&out), ["Layer_1"], "{out}");
    assert_eq!(out.matches("url(#Layer_1)").count(), 2, "{out}");
}

#[test]
fn a_renamed_id_does_not_take_a_name_already_in_the_file() {
    // `a:b` would become `a_b`, which a later element already has.
    let out = clean(&svg(concat!(
        r#"<linearGradient id="a:b"/><linearGradient id="a_b"/>"#,
        r#"<rect fill="url(#a:b)" stroke="url(#a_b)"/>"#,
    )));
    assert_eq!(ids(&out), ["a_b-2", "a_b"], "{out}");
    assert!(
        out.contains(r#"fill="url(#a_b-2)" stroke="url(#a_b)""#),
        "{out}"
    );
}

#[test]
fn duplicated_ids_are_made_unique_and_references_reach_the_first() {
    let out = clean(&svg(concat!(
        r#"<linearGradient id="g"><stop offset="0"/></linearGradient>"#,
        r#"<linearGradient id="g"><stop offset="1"/></linearGradient>"#,
        r#"<rect fill="url(#g)"/>"#,
    )));
    assert_eq!(ids(&out), ["g", "g-2"], "{out}");
    assert!(out.contains(r#"fill="url(#g)""#), "{out}");
}

#[test]
fn style_element_selectors_and_urls_follow_the_renames() {
    let out = clean(&svg(concat!(
        r#"<style>#patch0\:1 { fill: #fff } .c { fill: url(#grad:1) } #1abc { fill: red }</style>"#,
        r#"<linearGradient id="grad:1"/><rect id="patch0:1"/><rect id="1abc"/>"#,
    )));
    assert!(
        out.contains("#patch0_1 { fill: #fff } .c { fill: url(#grad_1) }"),
        "{out}"
    );
    // `#1abc` is not a valid selector: browsers drop that rule, and it stays as it was.
    assert!(out.contains("#1abc { fill: red }"), "{out}");
}

#[test]
fn xml_id_is_written_as_id() {
    let out = clean(&svg(
        r#"<linearGradient xml:id="g"/><rect fill="url(#g)"/>"#,
    ));
    assert!(out.contains(r#"<linearGradient id="g"/>"#), "{out}");
}

#[test]
fn aria_id_lists_follow_renames_and_lose_missing_ids() {
    let out = clean(&svg(
        r#"<title id="t:1">T</title><g aria-labelledby="t:1 nope"/><g aria-describedby="nope"/>"#,
    ));
    assert!(out.contains(r#"<g aria-labelledby="t_1"/>"#), "{out}");
    assert!(out.contains("<g/>"), "{out}");
}

#[test]
fn same_svg_gives_the_same_bytes() {
    let input = svg(concat!(
        r#"<g id="x:1"/><g id="x:1"/><g id="x_1"/><g id="2"/><g id="2"/>"#,
        r##"<use href="#x:1"/><use href="#2"/>"##,
    ));
    let a = sanitised(&input).bytes;
    for _ in 0..5 {
        assert_eq!(sanitised(&input).bytes, a);
    }
    let out = String::from_utf8(a).unwrap();
    assert_eq!(ids(&out), ["x_1-2", "x_1-3", "x_1", "_2", "_2-2"], "{out}");
    assert!(out.contains(r##"href="#x_1-2""##) && out.contains(r##"href="#_2""##));
}

// ---- References to nothing: removed as browsers ignore them ----

#[test]
fn use_of_a_missing_id_is_dropped() {
    let out = clean(&svg(
        r##"<use href="#missing" x="1"/><use xlink:href="#gone"/>"##,
    ));
    assert!(!out.contains("<use"), "{out}");
}

#[test]
fn use_of_an_element_that_is_dropped_is_dropped_too() {
    // `#u1` is itself a `<use>` of nothing, and `#fo` is removed with its `<foreignObject>`.
    let out = clean(&svg(concat!(
        r##"<use id="u1" href="#missing"/><use id="u2" href="#u1"/><use href="#u2"/>"##,
        r##"<foreignObject><g id="fo"/></foreignObject><use href="#fo"/>"##,
    )));
    assert!(!out.contains("<use"), "{out}");
}

#[test]
fn missing_paint_server_is_none_or_its_fallback_colour() {
    let out = clean(&svg(concat!(
        r#"<rect fill="url(#missing)"/><rect fill="url(#missing) red"/>"#,
        r#"<rect style="stroke:url(#missing) #00f;fill:url(#missing)"/>"#,
    )));
    assert!(out.contains(r#"<rect fill="none"/>"#), "{out}");
    assert!(out.contains(r#"<rect fill="red"/>"#), "{out}");
    assert!(out.contains(r#"style="stroke:#00f;fill:none""#), "{out}");
}

#[test]
fn missing_clip_mask_filter_and_markers_are_none() {
    let out = clean(&svg(
        r#"<path clip-path="url(#a)" mask="url(#b)" filter="url(#c)" marker-end="url(#d)"/>"#,
    ));
    assert!(
        out.contains(r#"clip-path="none" mask="none" filter="none" marker-end="none""#),
        "{out}"
    );
}

#[test]
fn gradient_template_link_to_nothing_is_removed() {
    let out = clean(&svg(
        r##"<linearGradient id="g" xlink:href="#nope"><stop offset="0"/></linearGradient>"##,
    ));
    assert!(!out.contains("href"), "{out}");
    assert!(out.contains(r#"<linearGradient id="g">"#), "{out}");
}

#[test]
fn references_to_nothing_are_no_loss_worth_a_warning() {
    assert!(notes(&svg(r##"<use href="#x"/><rect fill="url(#y)"/>"##)).is_empty());
}

// ---- What EPUBCheck refuses in third-party SVG ----

#[test]
fn dtd_with_internal_entities_is_expanded_and_dropped() {
    let out = clean(concat!(
        r#"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" ["#,
        r#"<!ENTITY ns_svg "http://www.w3.org/2000/svg"><!ENTITY label "図の説明">]>"#,
        r#"<svg xmlns="&ns_svg;"><text>&label;</text></svg>"#,
    ));
    assert!(!out.contains("DOCTYPE") && !out.contains("ENTITY"), "{out}");
    assert!(out.contains("<text>図の説明</text>"), "{out}");
}

#[test]
fn external_entity_is_never_read() {
    let input = concat!(
        r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY host SYSTEM "file:///etc/hostname">]>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><text>&host;</text></svg>"#,
    );
    let err = sanitise(input.as_bytes(), &AssetLimits::default()).unwrap_err();
    assert_eq!(err.code, "asset-corrupt");
    assert!(err.reason.contains("host"), "{}", err.reason);
}

#[test]
fn foreign_object_without_fallback_is_removed_with_a_warning() {
    let input = svg(
        r#"<foreignObject width="9" height="9"><div xmlns="http://www.w3.org/1999/xhtml">label</div></foreignObject><rect/>"#,
    );
    let out = clean(&input);
    assert!(
        !out.contains("foreignObject") && !out.contains("label"),
        "{out}"
    );
    let n = notes(&input);
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(n[0].contains("foreignObject"), "{n:?}");
}

#[test]
fn draw_io_switch_keeps_its_text_fallback_silently() {
    let input = svg(concat!(
        r#"<switch><foreignObject requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility" width="9" height="9">"#,
        r#"<div xmlns="http://www.w3.org/1999/xhtml">Label</div></foreignObject><text x="1" y="9">Label</text></switch>"#,
        r#"<switch><g requiredFeatures="http://www.w3.org/TR/SVG11/feature#Extensibility"/>"#,
        r#"<a transform="translate(0,-5)" xlink:href="https://www.example.com/faq" target="_blank"><text>Text is not SVG - cannot display</text></a></switch>"#,
    ));
    let out = clean(&input);
    assert!(
        out.contains(r#"<switch><text x="1" y="9">Label</text></switch>"#),
        "{out}"
    );
    assert!(!out.contains("requiredFeatures"), "{out}");
    assert!(notes(&input).is_empty());
}

#[test]
fn linked_and_remote_images_are_removed_with_a_warning() {
    let input = svg(
        r#"<image href="photo.png" width="5" height="5"/><image xlink:href="https://e.example/a.png"/><use href="icons.svg#i"/>"#,
    );
    let out = clean(&input);
    assert!(!out.contains("<image") && !out.contains("<use"), "{out}");
    let n = notes(&input);
    assert_eq!(n.len(), 2, "{n:?}");
    assert!(
        n[0].contains("2 linked image(s)") && n[0].contains("`photo.png`"),
        "{n:?}"
    );
    assert!(n[1].contains("`icons.svg#i`"), "{n:?}");
}

#[test]
fn embedded_png_is_kept_and_embedded_svg_is_not() {
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD.encode(super::png(4, 4));
    let inner = base64::engine::general_purpose::STANDARD
        .encode(r#"<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>"#);
    let input = svg(&format!(
        r#"<image width="4" height="4" href="data:image/png;base64,{png}"/><image href="data:image/svg+xml;base64,{inner}"/>"#
    ));
    let out = clean(&input);
    assert_eq!(out.matches("<image").count(), 1, "{out}");
    assert!(out.contains("data:image/png;base64,"), "{out}");
    assert_eq!(notes(&input).len(), 1);
}

#[test]
fn embedded_png_bomb_is_removed() {
    use base64::Engine as _;
    let bomb = base64::engine::general_purpose::STANDARD.encode(super::png_bomb(100_000, 100_000));
    let input = svg(&format!(r#"<image href="data:image/png;base64,{bomb}"/>"#));
    assert!(!clean(&input).contains("<image"));
    assert_eq!(notes(&input).len(), 1);
}

#[test]
fn elements_outside_svg_1_1_are_removed_with_a_warning() {
    let input = svg(concat!(
        r#"<flowRoot><flowRegion><rect/></flowRegion><flowPara>Inkscape text</flowPara></flowRoot>"#,
        r#"<meshgradient id="m"/><rect fill="url(#m) green"/>"#,
    ));
    let out = clean(&input);
    assert!(!out.contains("flow") && !out.contains("mesh"), "{out}");
    assert!(out.contains(r#"<rect fill="green"/>"#), "{out}");
    let n = notes(&input);
    assert!(
        n[0].contains("`flowRoot`") && n[0].contains("`meshgradient`"),
        "{n:?}"
    );
}

#[test]
fn version_outside_svg_1_x_and_bad_xml_space_are_dropped() {
    let out = clean(
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="2.0" baseProfile="full"><text xml:space="keep">a</text></svg>"#,
    );
    assert!(
        !out.contains("version") && !out.contains("xml:space"),
        "{out}"
    );
    assert!(out.contains(r#"baseProfile="full""#), "{out}");
}

#[test]
fn xml_base_is_dropped() {
    let out = clean(&svg(r#"<g xml:base="https://e.example/"/>"#));
    assert!(!out.contains("e.example"), "{out}");
}

#[test]
fn deeply_nested_svg_is_refused_without_overflowing_the_stack() {
    let input = format!(
        "<svg {NS}>{}{}</svg>",
        "<g>".repeat(5000),
        "</g>".repeat(5000)
    );
    let err = sanitise(input.as_bytes(), &AssetLimits::default()).unwrap_err();
    assert_eq!(err.code, "asset-corrupt");
}

#[test]
fn svg_nested_as_deep_as_allowed_loads() {
    let n = crate::assets::svg::MAX_DEPTH - 1;
    let input = format!(
        "<svg {NS}>{}<rect/>{}</svg>",
        "<g>".repeat(n),
        "</g>".repeat(n)
    );
    assert!(clean(&input).contains("<rect/>"));
}

#[test]
fn entity_holding_markup_is_refused() {
    let input = concat!(
        r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e "&#60;g>&#60;/g>">]>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg">&e;</svg>"#,
    );
    let err = sanitise(input.as_bytes(), &AssetLimits::default()).unwrap_err();
    assert_eq!(err.code, "asset-corrupt");
}

#[test]
fn attributes_outside_svg_1_1_are_dropped() {
    let out = clean(
        r#"<svg xmlns="http://www.w3.org/2000/svg" content="&lt;mxfile/&gt;" data-x="1"><rect width="2" pointer-events="all"/></svg>"#,
    );
    assert!(
        !out.contains("content=") && !out.contains("data-x"),
        "{out}"
    );
    assert!(
        out.contains(r#"<rect width="2" pointer-events="all"/>"#),
        "{out}"
    );
}

#[test]
fn svg_2_presentation_attributes_move_into_style_before_its_own_declarations() {
    let out = clean(&svg(
        r#"<text paint-order="stroke" style="fill:red" vector-effect="non-scaling-stroke">a</text><rect mix-blend-mode="multiply"/>"#,
    ));
    assert!(
        out.contains(
            r#"<text style="paint-order:stroke;vector-effect:non-scaling-stroke;fill:red">"#
        ),
        "{out}"
    );
    assert!(
        out.contains(r#"<rect style="mix-blend-mode:multiply;"/>"#),
        "{out}"
    );
}

#[test]
fn style_import_is_removed_with_a_warning() {
    let input =
        svg("<style>@import url(https://e.example/s.css); rect { fill: red }</style><rect/>");
    assert!(!clean(&input).contains("e.example"));
    let n = notes(&input);
    assert!(n.len() == 1 && n[0].contains("@import"), "{n:?}");
}

#[test]
fn data_link_outside_an_image_is_dropped() {
    let out = clean(&svg(
        r#"<linearGradient id="g" href="data:image/png;base64,AAAA"/><rect fill="url(#g)"/>"#,
    ));
    assert!(!out.contains("data:"), "{out}");
    assert!(out.contains(r#"<linearGradient id="g"/>"#), "{out}");
}
