//! Ids become unique XML names, renamed with every reference; references to nothing are
//! removed as browsers ignore them.

use super::*;

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
        r#"<path d="M0 0" fill="url(#missing)"/><path d="M0 0" fill="url(#missing) red"/>"#,
        r#"<path d="M0 0" style="stroke:url(#missing) #00f;fill:url(#missing)"/>"#,
    )));
    assert!(out.contains(r#"<path d="M0 0" fill="none"/>"#), "{out}");
    assert!(out.contains(r#"<path d="M0 0" fill="red"/>"#), "{out}");
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
