//! For every SVG: valid ids, no reference to nothing, the same bytes every time.

use super::*;
use proptest::prelude::*;
use std::collections::HashSet;

const IDS: &[&str] = &["a", "a:b", "a_b", "1x", "a b", "g", "", "é", "x.y", "-"];
const ELEMENTS: &[&str] = &[
    "g",
    "use",
    "rect",
    "linearGradient",
    "clipPath",
    "foreignObject",
    "a",
    "flowRoot",
    "textPath",
    "style",
    "marker",
    "text",
];

/// One element: which one, its id (or none), what it references and how, and whether it
/// stays open for the next ones.
type Part = (usize, Option<usize>, usize, usize, bool);

fn build(parts: &[Part]) -> String {
    let mut out = format!("<svg {NS}>");
    let mut open: Vec<&str> = Vec::new();
    for &(e, id, target, how, stays_open) in parts {
        let name = ELEMENTS[e % ELEMENTS.len()];
        let target = IDS[target % IDS.len()].replace(' ', "%20");
        if name == "style" {
            out.push_str(&format!(
                "<style>#{} {{ fill: url(#{target}) }}</style>",
                target.replace(':', "\\:")
            ));
            continue;
        }
        out.push('<');
        out.push_str(name);
        if let Some(id) = id {
            out.push_str(&format!(r#" id="{}""#, IDS[id % IDS.len()]));
        }
        out.push_str(&match how % 5 {
            0 => format!(r##" href="#{target}""##),
            1 => format!(r##" xlink:href="#{target}""##),
            2 => format!(r#" fill="url(#{target}) red""#),
            3 => format!(r#" style="clip-path:url('#{target}')""#),
            _ => format!(r#" aria-labelledby="{target} a""#),
        });
        if stays_open && open.len() < 6 {
            out.push('>');
            open.push(name);
        } else {
            out.push_str("/>");
        }
    }
    for name in open.iter().rev() {
        out.push_str(&format!("</{name}>"));
    }
    out.push_str("</svg>");
    out
}

proptest! {
    #[test]
    fn sanitised_svg_has_unique_valid_ids_and_no_reference_to_nothing(
        parts in prop::collection::vec(
            (0..12usize, prop::option::of(0..10usize), 0..10usize, 0..5usize, any::<bool>()),
            0..30,
        )
    ) {
        let input = build(&parts);
        let first = sanitised(&input).bytes;
        prop_assert_eq!(&sanitised(&input).bytes, &first);
        let out = String::from_utf8(first).unwrap();
        let doc = roxmltree::Document::parse(&out).unwrap();
        let mut ids = HashSet::new();
        for id in doc.descendants().filter_map(|n| n.attribute("id")) {
            prop_assert!(crate::assets::svg::is_ncname(id), "id {:?} in {}", id, out);
            prop_assert!(ids.insert(id.to_owned()), "id {:?} twice in {}", id, out);
        }
        for node in doc.descendants() {
            let mut refs: Vec<String> = Vec::new();
            for attr in node.attributes() {
                if attr.name() == "href" {
                    refs.extend(attr.value().strip_prefix('#').map(str::to_owned));
                }
                if attr.name() == "aria-labelledby" {
                    refs.extend(attr.value().split_whitespace().map(str::to_owned));
                }
                refs.extend(attr.value().split("url(#").skip(1).map(|r| {
                    r.split(')').next().unwrap_or("").to_owned()
                }));
            }
            if let Some(css) = node.text().filter(|_| node.tag_name().name() == "style") {
                refs.extend(css.split("url(#").skip(1).map(|r| {
                    r.split(')').next().unwrap_or("").to_owned()
                }));
            }
            for r in refs {
                prop_assert!(ids.contains(&r), "#{} reaches nothing in {}", r, out);
            }
        }
    }
}
