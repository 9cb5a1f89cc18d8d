//! The SVG sanitiser on small hand-written SVGs: what is removed for safety (`safety`), how ids
//! and the references to them are renamed and what happens to references to nothing
//! (`references`), what EPUBCheck refuses in third-party SVG (`epub`), and properties that hold
//! for every SVG (`property`).

mod epub;
mod property;
mod references;
mod safety;

use crate::assets::svg::{sanitise, Sanitised};
use crate::assets::AssetLimits;

pub(super) fn sanitised(svg: &str) -> Sanitised {
    sanitise(svg.as_bytes(), &AssetLimits::default()).unwrap()
}

pub(super) fn clean(svg: &str) -> String {
    String::from_utf8(sanitised(svg).bytes).unwrap()
}

/// The reasons of the `asset-svg` notes.
pub(super) fn notes(svg: &str) -> Vec<String> {
    sanitised(svg)
        .notes
        .into_iter()
        .map(|p| {
            assert_eq!(p.code, "asset-svg");
            p.reason
        })
        .collect()
}

pub(super) const NS: &str =
    r#"xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink""#;

pub(super) fn svg(body: &str) -> String {
    format!("<svg {NS}>{body}</svg>")
}

/// The ids of the output, in document order.
pub(super) fn ids(out: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(out).unwrap();
    doc.descendants()
        .filter_map(|n| n.attribute("id").map(str::to_owned))
        .collect()
}
