//! Short texts shaped once per `FontSet`: list markers and note numbers (`1.`, `12`), the hyphen
//! of a broken word, emphasis dots, and the punctuation left between links and code spans recur
//! throughout a book, and shaping even one character costs a rustybuzz buffer and a pass over the
//! face's lookups. Shaping is a function of role, text, size and language, so a kept result is
//! exactly what shaping again would give.

use super::memo::Memo;
use super::set::Role;
use super::shape::ShapedText;

/// Texts up to this many bytes are kept.
pub(super) const MAX_BYTES: usize = 8;
/// At most this many distinct texts are kept (a bound on memory for unusual input).
const MAX_ENTRIES: usize = 4096;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    role: Role,
    /// The size's bits: two sizes are the same key only when they are the same number.
    size: u32,
    lang: Option<String>,
    text: String,
    /// Shaped for vertical lines ([`super::FontSet::shape_vertical`]).
    vertical: bool,
}

#[derive(Debug)]
pub(super) struct ShortTexts {
    shaped: Memo<Key, ShapedText>,
}

impl Default for ShortTexts {
    fn default() -> Self {
        ShortTexts {
            shaped: Memo::with_limit(MAX_ENTRIES),
        }
    }
}

impl ShortTexts {
    /// `text` shaped in `role` at `size_pt` for `lang`, by `shape` the first time it is asked
    /// for. Texts longer than [`MAX_BYTES`] are shaped every time.
    pub fn get(
        &self,
        role: Role,
        text: &str,
        size_pt: f32,
        lang: Option<&str>,
        vertical: bool,
        shape: impl FnOnce() -> ShapedText,
    ) -> ShapedText {
        if text.len() > MAX_BYTES {
            return shape();
        }
        let key = Key {
            role,
            size: size_pt.to_bits(),
            lang: lang.map(str::to_owned),
            text: text.to_owned(),
            vertical,
        };
        self.shaped.get_or_make(key, shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontSet;

    fn advances(s: &ShapedText) -> Vec<f32> {
        s.glyphs().map(|(_, g)| g.x_advance).collect()
    }

    #[test]
    fn a_kept_text_is_exactly_what_shaping_again_gives_for_every_key_part() {
        let fonts = FontSet::builtin();
        // Asked twice (the second answer comes from the cache), each against a fresh shaping.
        for _ in 0..2 {
            for (role, text, size, lang) in [
                (Role::Body, "1.", 10.0, Some("ja")),
                (Role::Body, "1.", 20.0, Some("ja")),
                (Role::Heading, "1.", 10.0, Some("ja")),
                (Role::Body, "“", 10.0, Some("ja")),
                (Role::Body, "“", 10.0, Some("en")),
            ] {
                let kept = fonts.shape(role, text, size, lang);
                let fresh = fonts.shape_uncached(role, text, size, lang, false);
                assert_eq!(
                    advances(&kept),
                    advances(&fresh),
                    "{role:?} {text} {size} {lang:?}"
                );
                let faces = |s: &ShapedText| s.runs.iter().map(|r| r.face).collect::<Vec<_>>();
                assert_eq!(
                    faces(&kept),
                    faces(&fresh),
                    "{role:?} {text} {size} {lang:?}"
                );
            }
        }
        // The key parts matter: size scales the advances, and in a Japanese post a quote mark
        // is set in the Japanese face, in an English one in the Latin face.
        let ten = advances(&fonts.shape(Role::Body, "1.", 10.0, Some("ja")));
        let twenty = advances(&fonts.shape(Role::Body, "1.", 20.0, Some("ja")));
        assert_ne!(ten, twenty);
        let face = |lang| fonts.shape(Role::Body, "“", 10.0, Some(lang)).runs[0].face;
        assert_ne!(face("ja"), face("en"));
    }
}
