//! What of an SVG is written, decided before writing: which elements stay, which go (and whether
//! the picture loses something by it), and the new name of every id.
//!
//! Deciding first lets every reference be checked against what will really be in the file: a
//! `<use href="#a">` whose `#a` is dropped (it was inside a `<foreignObject>`, or is itself a
//! `<use>` of nothing) is dropped too, so nothing in the output points at a missing id.

use std::collections::{HashMap, HashSet};

use roxmltree::{Node, NodeId};

use super::ids::{fragment_id, Names};
use super::vocabulary::SVG11;
use super::{Loss, Losses, XLINK_NS, XML_NS};
use crate::assets::{decode, resolve, AssetLimits};

/// Elements dropped with everything inside them; nothing visible is lost (`<img>` never runs
/// scripts, and the others are not drawn in an image).
const ACTIVE: &[&str] = &["script", "iframe", "embed", "object", "handler", "listener"];
/// Animation elements: dropped when they animate a link (`<set attributeName="href" to="javascript:…">`).
const ANIMATIONS: &[&str] = &[
    "set",
    "animate",
    "animateColor",
    "animateTransform",
    "animateMotion",
];
/// Elements that show nothing without the element their `href` names (SVG 2 §5.6, §11.10).
const NEED_TARGET: &[&str] = &["use", "tref", "textPath", "mpath", "feImage"];

/// How an element is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Write,
    /// Left out, but its children are written in its place (links, which `<img>` cannot follow).
    Unwrap,
    /// Left out with everything inside it.
    Drop,
}

pub(super) struct Plan {
    roles: HashMap<NodeId, Role>,
    pub names: Names,
    /// The pixel size of each embedded image kept, for an `<image>` that gives none.
    image_sizes: HashMap<NodeId, (u32, u32)>,
}

impl Plan {
    pub fn role(&self, node: &Node) -> Role {
        self.roles.get(&node.id()).copied().unwrap_or(Role::Drop)
    }

    pub fn image_size(&self, node: &Node) -> Option<(u32, u32)> {
        self.image_sizes.get(&node.id()).copied()
    }
}

/// Decides the role of every element under `root` and names the ids of those written.
pub(super) fn plan(
    root: &Node,
    ns: Option<&str>,
    limits: &AssetLimits,
    losses: &mut Losses,
) -> Plan {
    let mut roles = HashMap::new();
    let mut image_sizes = HashMap::new();
    let mut with_id: Vec<(NodeId, String)> = Vec::new();
    let mut first: HashMap<String, NodeId> = HashMap::new();
    // Elements that draw nothing unless their `#target` is written, with that target.
    let mut needs: Vec<(NodeId, String)> = Vec::new();
    let mut stack = vec![*root];
    while let Some(node) = stack.pop() {
        let role = if node == *root {
            Role::Write
        } else {
            role_of(&node, ns, limits, losses, &mut image_sizes)
        };
        roles.insert(node.id(), role);
        if role == Role::Drop {
            continue;
        }
        if role == Role::Write {
            if let Some(id) = id_of(&node) {
                first.entry(id.to_owned()).or_insert(node.id());
                with_id.push((node.id(), id.to_owned()));
            }
            let name = node.tag_name().name();
            if NEED_TARGET.contains(&name) || ANIMATIONS.contains(&name) {
                if let Some(f) = href(&node).and_then(|h| h.trim().strip_prefix('#')) {
                    needs.push((node.id(), fragment_id(f)));
                }
            }
        }
        // Pushed in reverse so they are visited, and their ids met, in document order.
        let children: Vec<Node> = node.children().filter(Node::is_element).collect();
        stack.extend(children.into_iter().rev());
    }
    drop_unreachable(root, &needs, &mut roles, &mut first);
    Plan {
        names: Names::assign(&with_id, &first),
        roles,
        image_sizes,
    }
}

/// Drops every element of `needs` whose target is not written, then every one whose target was
/// inside one just dropped, and so on (a worklist: each element is dropped once).
fn drop_unreachable(
    root: &Node,
    needs: &[(NodeId, String)],
    roles: &mut HashMap<NodeId, Role>,
    first: &mut HashMap<String, NodeId>,
) {
    let doc = root.document();
    let mut dependents: HashMap<&str, Vec<NodeId>> = HashMap::new();
    for (node, target) in needs {
        dependents.entry(target).or_default().push(*node);
    }
    let mut queue: Vec<NodeId> = needs
        .iter()
        .filter(|(_, target)| !first.contains_key(target))
        .map(|(node, _)| *node)
        .collect();
    let mut dropped = HashSet::new();
    while let Some(id) = queue.pop() {
        if !dropped.insert(id) {
            continue;
        }
        roles.insert(id, Role::Drop);
        let Some(node) = doc.get_node(id) else {
            continue;
        };
        for inner in node.descendants().filter(Node::is_element) {
            let Some(name) = id_of(&inner) else { continue };
            if first.get(name) == Some(&inner.id()) {
                first.remove(name);
                if let Some(more) = dependents.get(name) {
                    queue.extend(more);
                }
            }
        }
    }
}

/// The element's id: `id`, or `xml:id` (written as `id`, the only one EPUB's schema knows).
pub(super) fn id_of<'a>(node: &Node<'a, '_>) -> Option<&'a str> {
    node.attribute("id")
        .or_else(|| node.attribute((XML_NS, "id")))
}

/// `href`, or the older `xlink:href`.
pub(super) fn href<'a>(node: &Node<'a, '_>) -> Option<&'a str> {
    node.attribute("href")
        .or_else(|| node.attribute((XLINK_NS, "href")))
}

fn role_of(
    node: &Node,
    ns: Option<&str>,
    limits: &AssetLimits,
    losses: &mut Losses,
    image_sizes: &mut HashMap<NodeId, (u32, u32)>,
) -> Role {
    let name = node.tag_name().name();
    if node.tag_name().namespace() != ns || ACTIVE.contains(&name) {
        // Editor data (Inkscape, Illustrator, RDF) in other namespaces, and scripts.
        return Role::Drop;
    }
    if name == "foreignObject" {
        // draw.io puts HTML labels in a `<switch>` with a plain `<text>` after them: that one
        // is shown instead, and nothing is lost.
        let has_fallback = node.parent_element().is_some_and(|p| {
            p.tag_name().name() == "switch"
                && p.children()
                    .any(|c| c.is_element() && c.tag_name().name() != "foreignObject")
        });
        if !has_fallback {
            losses.add(Loss::ForeignObject, "");
        }
        return Role::Drop;
    }
    if !SVG11.contains(&name) {
        losses.add(Loss::UnknownElement, name);
        return Role::Drop;
    }
    // An animation of a link could set `javascript:`; one that names no attribute animates
    // nothing (and EPUB's schema requires the name), except `<animateMotion>`, which moves.
    let animated = node.attribute("attributeName");
    if ANIMATIONS.contains(&name)
        && (animated.is_some_and(|a| a.ends_with("href"))
            || (animated.is_none() && name != "animateMotion"))
    {
        return Role::Drop;
    }
    if name == "a" {
        // Books show SVG through `<img>`, where links cannot be followed; an `<a>` left in is
        // only a link without a title to EPUBCheck (ACC-011). Keep what it wraps.
        return Role::Unwrap;
    }
    let link = href(node).map(str::trim);
    match (name, link) {
        ("image", None) => Role::Drop,
        ("image" | "feImage", Some(link)) if is_data(link) => {
            match check_data_image(link, limits) {
                Ok(size) => {
                    image_sizes.insert(node.id(), size);
                    Role::Write
                }
                Err(why) => {
                    losses.add(Loss::DataImage, &why);
                    Role::Drop
                }
            }
        }
        ("image", Some(link)) => {
            losses.add(Loss::LinkedImage, link);
            Role::Drop
        }
        (_, Some(link))
            if (NEED_TARGET.contains(&name) || ANIMATIONS.contains(&name))
                && !link.starts_with('#') =>
        {
            losses.add(Loss::External, link);
            Role::Drop
        }
        _ => Role::Write,
    }
}

fn is_data(link: &str) -> bool {
    link.get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("data:"))
}

/// A `data:` image inside an SVG stays only if it is a PNG, JPEG, GIF or WebP within the
/// book's limits: an SVG inside could carry its own script, and a decompression bomb would reach
/// the PDF's rasteriser, which decodes it.
fn check_data_image(uri: &str, limits: &AssetLimits) -> Result<(u32, u32), String> {
    let bytes = resolve::decode_data_uri(uri, limits).map_err(|p| p.reason)?;
    match decode::sniff(&bytes) {
        Some(decode::ImageFormat::Svg) | None => {
            Err("not a PNG, JPEG, GIF or WebP image".to_owned())
        }
        Some(format) => decode::check_raster(&bytes, format, limits).map_err(|p| p.reason),
    }
}
