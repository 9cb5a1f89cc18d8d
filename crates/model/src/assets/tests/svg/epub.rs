//! What EPUBCheck or a reading system refuses in third-party SVG.

use super::*;
use crate::assets::svg::sanitise;
use crate::assets::AssetLimits;

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
    let png = base64::engine::general_purpose::STANDARD.encode(crate::assets::tests::png(4, 4));
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
    let bomb = base64::engine::general_purpose::STANDARD
        .encode(crate::assets::tests::png_bomb(100_000, 100_000));
    let input = svg(&format!(r#"<image href="data:image/png;base64,{bomb}"/>"#));
    assert!(!clean(&input).contains("<image"));
    assert_eq!(notes(&input).len(), 1);
}

#[test]
fn elements_outside_svg_1_1_are_removed_with_a_warning() {
    let input = svg(concat!(
        r#"<flowRoot><flowRegion><rect/></flowRegion><flowPara>Inkscape text</flowPara></flowRoot>"#,
        r#"<meshgradient id="m"/><rect width="1" height="1" fill="url(#m) green"/>"#,
    ));
    let out = clean(&input);
    assert!(!out.contains("flow") && !out.contains("mesh"), "{out}");
    assert!(
        out.contains(r#"<rect width="1" height="1" fill="green"/>"#),
        "{out}"
    );
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
    assert!(clean(&input).contains("<rect"));
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
        r#"<svg xmlns="http://www.w3.org/2000/svg" content="&lt;mxfile/&gt;" data-x="1"><rect width="2" height="2" pointer-events="all"/></svg>"#,
    );
    assert!(
        !out.contains("content=") && !out.contains("data-x"),
        "{out}"
    );
    assert!(
        out.contains(r#"<rect width="2" height="2" pointer-events="all"/>"#),
        "{out}"
    );
}

#[test]
fn svg_2_presentation_attributes_move_into_style_before_its_own_declarations() {
    let out = clean(&svg(
        r#"<text paint-order="stroke" style="fill:red" vector-effect="non-scaling-stroke">a</text><circle r="1" mix-blend-mode="multiply"/>"#,
    ));
    assert!(
        out.contains(
            r#"<text style="paint-order:stroke;vector-effect:non-scaling-stroke;fill:red">"#
        ),
        "{out}"
    );
    assert!(
        out.contains(r#"<circle r="1" style="mix-blend-mode:multiply;"/>"#),
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

#[test]
fn shapes_missing_required_sizes_get_what_browsers_assume() {
    let out = clean(&svg(
        r#"<rect id="box" height="16"/><circle/><ellipse rx="5"/><path/><polygon/><stop/>"#,
    ));
    assert!(
        out.contains(r#"<rect id="box" height="16" width="0"/>"#),
        "{out}"
    );
    assert!(out.contains(r#"<circle r="0"/>"#), "{out}");
    assert!(out.contains(r#"<ellipse rx="5" ry="5"/>"#), "{out}");
    assert!(out.contains(r#"<path d=""/>"#) && out.contains(r#"<polygon points=""/>"#));
    assert!(out.contains(r#"<stop offset="0"/>"#), "{out}");
}

#[test]
fn embedded_image_without_a_size_gets_its_own() {
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD.encode(crate::assets::tests::png(4, 2));
    let out = clean(&svg(&format!(
        r#"<image href="data:image/png;base64,{png}"/><image height="10" href="data:image/png;base64,{png}"/>"#
    )));
    assert!(out.contains(r#" width="4" height="2"/>"#), "{out}");
    assert!(out.contains(r#" width="20"/>"#), "{out}");
}

#[test]
fn animation_of_no_attribute_is_dropped() {
    let out = clean(&svg(
        r#"<rect width="1" height="1"><animate to="5" dur="1s"/></rect>"#,
    ));
    assert!(!out.contains("animate"), "{out}");
}
