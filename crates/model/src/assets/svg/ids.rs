//! The ids of an SVG, renamed to what EPUB accepts: XML names without colons (NCNames), unique in
//! the file.
//!
//! Plotting and drawing tools write ids such as `patch0:1` (a colon), `1abc` (a digit first) or
//! `Layer 1` (a space), and sometimes the same id twice; EPUBCheck reports each as RSC-005. Every
//! id is given a valid name here, and every reference to it is rewritten with the same map, so the
//! drawing still finds its gradients, clip paths and markers.

use std::collections::{HashMap, HashSet};

use roxmltree::NodeId;

/// The new name of every written element with an id, and of every id a reference can reach.
#[derive(Debug, Default)]
pub(super) struct Names {
    /// Original id → new name, for the element a reference to it reaches (the first with it).
    targets: HashMap<String, String>,
    by_node: HashMap<NodeId, String>,
}

impl Names {
    /// Names the elements `with_id` (in document order, each with its original id); `first`
    /// maps each id a reference may reach to the element that holds it. Ids that are already
    /// valid and reachable keep their name; the others get the nearest valid name not taken,
    /// in document order, so the same file always gives the same names.
    pub fn assign(with_id: &[(NodeId, String)], first: &HashMap<String, NodeId>) -> Names {
        let keeps = |node: NodeId, id: &str| is_ncname(id) && first.get(id) == Some(&node);
        let mut taken: HashSet<String> = with_id
            .iter()
            .filter(|(node, id)| keeps(*node, id))
            .map(|(_, id)| id.clone())
            .collect();
        let mut names = Names::default();
        for (node, id) in with_id {
            let name = if keeps(*node, id) {
                id.clone()
            } else {
                let base = to_ncname(id);
                let mut name = base.clone();
                let mut n = 2;
                while taken.contains(&name) {
                    name = format!("{base}-{n}");
                    n += 1;
                }
                taken.insert(name.clone());
                name
            };
            if first.get(id) == Some(node) {
                names.targets.insert(id.clone(), name.clone());
            }
            names.by_node.insert(*node, name);
        }
        names
    }

    /// The new name of the element a `#fragment` reaches, or `None` when nothing written has it.
    pub fn target(&self, fragment: &str) -> Option<&str> {
        self.targets.get(fragment).map(String::as_str)
    }

    /// The id to write on `node`.
    pub fn of(&self, node: NodeId) -> Option<&str> {
        self.by_node.get(&node).map(String::as_str)
    }
}

/// `#a%20b` written in an `href` or `url()` names the id `a b`.
pub(super) fn fragment_id(fragment: &str) -> String {
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned()
}

/// XML 1.0 (fifth edition) `NameStartChar`, without the colon.
fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 `NameChar`, without the colon.
fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c,
            '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

pub(crate) fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_name_start) && chars.all(is_name_char)
}

/// The nearest NCName: characters a name cannot hold become `_`, and a name that cannot start
/// with its first character (a digit, `-`, `.`) gets `_` in front.
pub(super) fn to_ncname(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    for c in s.chars() {
        if out.is_empty() && !is_name_start(c) {
            out.push('_');
            if is_name_char(c) {
                out.push(c);
            }
        } else {
            out.push(if is_name_char(c) { c } else { '_' });
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ncname_replaces_colons_spaces_and_a_leading_digit() {
        assert_eq!(to_ncname("patch0:1"), "patch0_1");
        assert_eq!(to_ncname("1abc"), "_1abc");
        assert_eq!(to_ncname("Layer 1"), "Layer_1");
        assert_eq!(to_ncname("-x"), "_-x");
        assert_eq!(to_ncname(":"), "_");
        assert_eq!(to_ncname(""), "_");
        assert_eq!(to_ncname("図1"), "図1");
    }

    #[test]
    fn ncname_check_matches_the_xml_grammar() {
        assert!(is_ncname("a-1.b_c"));
        assert!(is_ncname("図"));
        assert!(!is_ncname("a:b"));
        assert!(!is_ncname("1a"));
        assert!(!is_ncname("a b"));
        assert!(!is_ncname(""));
    }
}
