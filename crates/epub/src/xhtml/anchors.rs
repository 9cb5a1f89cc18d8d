//! The ids of one chapter: heading ids from the model, and the ones the writer makes up (title,
//! footnotes). Every id is an XML name without colons (an `NCName`) and unique in its document.
//!
//! The navigation document links to headings too: it must ask `Anchors::of_post(post).heading(id)`
//! rather than use the model's id, so both agree when an id had to change.

use hanmoto_model::document::walk_blocks;
use hanmoto_model::{Block, Post};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Default, Clone)]
pub struct Anchors {
    /// Model heading id → id in the document.
    headings: HashMap<String, String>,
    taken: HashSet<String>,
    /// Per base name, the suffix to try next: the hundredth reference to one footnote must not
    /// walk `x-2` … `x-100` again (a post with thousands was quadratic: minutes for one chapter).
    next_suffix: HashMap<String, usize>,
}

impl Anchors {
    /// Heading ids come first, in document order, so they stay as the model wrote them; ids made
    /// up later give way to them.
    pub fn of_post(post: &Post) -> Anchors {
        let mut a = Anchors::default();
        walk_blocks(&post.blocks, &mut |b| {
            if let Block::Heading { id, .. } = b {
                if !a.headings.contains_key(id) {
                    let fresh = a.fresh(id);
                    a.headings.insert(id.clone(), fresh);
                }
            }
        });
        a
    }

    /// The document id of the heading the model calls `id`.
    pub fn heading(&self, id: &str) -> Option<&str> {
        self.headings.get(id).map(String::as_str)
    }

    /// A new id like `wanted`, made a valid name and unique (`x`, `x-2`, `x-3`, …).
    pub fn fresh(&mut self, wanted: &str) -> String {
        let base = xml_name(wanted);
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        let mut id = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while self.taken.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.next_suffix.insert(base, n + 1);
        self.taken.insert(id.clone());
        id
    }
}

/// `s` as an XML `NCName`: characters a name cannot hold become `-`; a name that cannot start as
/// it does gets an `id-` prefix.
pub fn xml_name(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if is_name_char(c) { c } else { '-' })
        .collect();
    if !out.chars().next().is_some_and(is_name_start_char) {
        out.insert_str(0, "id-");
    }
    out
}

/// XML 1.0 (5th ed.) `NameStartChar` without `:`.
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_heading_id_is_kept() {
        assert_eq!(xml_name("脚注と取り消し線"), "脚注と取り消し線");
    }

    #[test]
    fn leading_digit_gets_a_prefix() {
        assert_eq!(xml_name("1"), "id-1");
    }

    #[test]
    fn spaces_and_colons_become_hyphens() {
        assert_eq!(xml_name("a b:c"), "a-b-c");
    }

    #[test]
    fn empty_name_gets_a_prefix() {
        assert_eq!(xml_name(""), "id-");
    }

    #[test]
    fn fresh_ids_never_repeat() {
        let mut a = Anchors::default();
        assert_eq!(a.fresh("x"), "x");
        assert_eq!(a.fresh("x"), "x-2");
        assert_eq!(a.fresh("x"), "x-3");
        // An id a heading already holds is skipped, also when counting on.
        let mut b = Anchors::default();
        assert_eq!(b.fresh("x-2"), "x-2");
        assert_eq!(b.fresh("x"), "x");
        assert_eq!(b.fresh("x"), "x-3");
        assert_eq!(b.fresh("x-2"), "x-2-2");
    }

    #[test]
    fn many_references_to_one_note_get_distinct_ids_in_order() {
        // Found by fuzzing: tens of thousands of references to one footnote took minutes, each
        // new id walking every suffix before it. Counting on from the last one is linear.
        let mut a = Anchors::default();
        let ids: Vec<String> = (0..50_000).map(|_| a.fresh("fnref-f")).collect();
        assert_eq!(ids[0], "fnref-f");
        assert_eq!(ids[49_999], "fnref-f-50000");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
    }
}
