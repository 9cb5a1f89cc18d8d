//! Short texts shaped once per `FontSet`: list markers and note numbers (`1.`, `12`), the hyphen
//! of a broken word, emphasis dots, and the punctuation left between links and code spans recur
//! throughout a book, and shaping even one character costs a rustybuzz buffer and a pass over the
//! face's lookups. Shaping is a function of role, text, size and language, so a kept result is
//! exactly what shaping again would give.

use std::collections::HashMap;
use std::sync::RwLock;

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
}

#[derive(Default)]
pub(super) struct ShortTexts {
    shaped: RwLock<HashMap<Key, ShapedText>>,
}

impl std::fmt::Debug for ShortTexts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.shaped.read().map(|m| m.len()).unwrap_or(0);
        f.debug_struct("ShortTexts").field("texts", &n).finish()
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
        };
        // A poisoned lock only means another thread panicked while inserting; the map itself
        // is always whole.
        if let Some(shaped) = self
            .shaped
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return shaped.clone();
        }
        let shaped = shape();
        let mut map = self.shaped.write().unwrap_or_else(|e| e.into_inner());
        if map.len() < MAX_ENTRIES {
            map.insert(key, shaped.clone());
        }
        shaped
    }
}
