//! A map filled on demand and shared by every thread: the shaping caches of a `FontSet`
//! (`plans`, `short_texts`) keep their results here for the life of the set.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::RwLock;

pub(super) struct Memo<K, V> {
    map: RwLock<HashMap<K, V>>,
    /// At most this many entries are kept (a bound on memory for unusual input); values asked
    /// for beyond it are made every time.
    limit: usize,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo::with_limit(usize::MAX)
    }
}

impl<K, V> std::fmt::Debug for Memo<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.map.read().map(|m| m.len()).unwrap_or(0);
        f.debug_struct("Memo").field("entries", &n).finish()
    }
}

impl<K, V> Memo<K, V> {
    pub fn with_limit(limit: usize) -> Self {
        Memo {
            map: RwLock::new(HashMap::new()),
            limit,
        }
    }
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// The value kept for `key`, else `make()`, kept while there is room. `make` must give
    /// the same value for the same key on any thread: which of two racing threads' values is
    /// kept does not matter.
    pub fn get_or_make(&self, key: K, make: impl FnOnce() -> V) -> V {
        // A poisoned lock only means another thread panicked while inserting; the map itself
        // is always whole (a value is inserted complete or not at all).
        if let Some(value) = self.map.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return value.clone();
        }
        let value = make();
        let mut map = self.map.write().unwrap_or_else(|e| e.into_inner());
        if map.len() < self.limit {
            map.entry(key).or_insert_with(|| value.clone());
        }
        value
    }
}
