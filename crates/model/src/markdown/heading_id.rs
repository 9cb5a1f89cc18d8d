//! Heading ids as Jekyll 4.3 (kramdown 2.4 with its default GFM input) makes them, so that
//! `#アプリケーションからサービスへ` links written against the blog still land in the book.
//!
//! Measured with `jekyll build`: the id is the heading's *text* (markup and link URLs gone)
//! lower-cased, every character that is not a word character, `-`, space or tab removed, spaces
//! and tabs turned into `-`; Japanese is kept as it is. A repeated id gets `-1`, `-2`, … by how
//! often that id was derived before (kramdown-parser-gfm `generate_gfm_header_id`).

use std::collections::{HashMap, HashSet};

#[derive(Debug, Default)]
pub(crate) struct HeadingIds {
    derived: HashMap<String, u32>,
    used: HashSet<String>,
}

impl HeadingIds {
    /// An id the author wrote (`{#id}`, IAL, `<h2 id>`); made unique if it is taken already.
    pub(crate) fn explicit(&mut self, id: &str) -> String {
        let id = id.trim();
        if id.is_empty() {
            return self.derive("");
        }
        if self.used.insert(id.to_owned()) {
            return id.to_owned();
        }
        self.derive(id)
    }

    /// An id derived from the heading's plain text.
    pub(crate) fn derive(&mut self, text: &str) -> String {
        let mut base = gfm_id(text);
        if base.is_empty() {
            // GFM would give an empty id here; kramdown's own parser says `section`.
            base = "section".to_owned();
        }
        loop {
            let n = self.derived.entry(base.clone()).or_insert(0);
            let candidate = if *n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            *n += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

fn gfm_id(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|&c| is_word_char(c) || matches!(c, '-' | ' ' | '\t'))
        .map(|c| if c == ' ' || c == '\t' { '-' } else { c })
        .collect()
}

/// Ruby's `\p{Word}`: letters, marks, decimal digits, connector punctuation.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c,
            '_' | '\u{203F}' | '\u{2040}' | '\u{2054}' | '\u{FE33}' | '\u{FE34}'
            | '\u{FE4D}'..='\u{FE4F}' | '\u{FF3F}'
            // Combining marks that `is_alphanumeric` misses (accents, dakuten).
            | '\u{0300}'..='\u{036F}' | '\u{3099}' | '\u{309A}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_heading_id_keeps_the_japanese_text() {
        let mut ids = HeadingIds::default();
        assert_eq!(
            ids.derive("アプリケーションからサービスへ"),
            "アプリケーションからサービスへ"
        );
        assert_eq!(
            ids.derive("Dockerを支えるホストOS"),
            "dockerを支えるホストos"
        );
    }

    #[test]
    fn repeated_heading_ids_get_counters_like_kramdown() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.derive("Hello World"), "hello-world");
        assert_eq!(ids.derive("hello-world"), "hello-world-1");
        assert_eq!(ids.derive("hello-world"), "hello-world-2");
    }

    #[test]
    fn punctuation_is_dropped_from_heading_ids() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.derive("C++ & Rust 2.0"), "c--rust-20");
        assert_eq!(ids.derive("foo_bar_ code"), "foo_bar_-code");
    }

    #[test]
    fn explicit_id_that_is_taken_is_made_unique() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.derive("intro"), "intro");
        assert_eq!(ids.explicit("intro"), "intro-1");
    }
}
