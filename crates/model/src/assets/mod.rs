//! The images of the book: one entry per distinct image, shared by every post that uses it.
//!
//! Posts only *request* an image while they are parsed (cheap, thread-safe, infallible: it hands
//! back an `AssetId`). `AssetStore::load` then resolves, fetches, decodes and checks every requested
//! image once, in parallel, and records a diagnostic at the first place that asked for a failing one.

use crate::diagnostic::Span;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct AssetId(pub u32);

#[derive(Debug, Serialize)]
pub struct AssetStore {
    assets: Vec<Asset>,
    #[serde(skip)]
    pending: Mutex<Pending>,
}

#[derive(Debug, Default)]
struct Pending {
    by_key: HashMap<String, AssetId>,
    requests: Vec<Request>,
}

/// What a post asked for, before it was resolved.
#[derive(Debug, Clone)]
pub struct Request {
    /// The `src` as written.
    pub src: String,
    /// Where it was written (the first place, if several posts use it).
    pub span: Span,
}

#[derive(Debug, Serialize)]
pub struct Asset {
    pub id: AssetId,
    /// The `src` as first written.
    pub src: String,
    pub state: AssetState,
}

#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AssetState {
    /// Requested but not yet loaded.
    Pending,
    Missing {
        reason: String,
    },
}

impl Default for AssetStore {
    fn default() -> Self {
        Self::new()
    }
}

impl AssetStore {
    pub fn new() -> Self {
        AssetStore {
            assets: Vec::new(),
            pending: Mutex::new(Pending::default()),
        }
    }

    /// Records that a post uses `src`; the same key always gives the same id.
    /// `key` is a normalised form of `src` (see `resolve`) so `/images/a.png` and
    /// `https://site/images/a.png` can share one entry.
    pub fn request(&self, src: &str, span: Span) -> AssetId {
        let key = src.trim().to_owned();
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(id) = p.by_key.get(&key) {
            return *id;
        }
        let id = AssetId(p.requests.len() as u32);
        p.requests.push(Request {
            src: src.to_owned(),
            span,
        });
        p.by_key.insert(key, id);
        id
    }

    pub fn get(&self, id: AssetId) -> Option<&Asset> {
        self.assets.get(id.0 as usize)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Asset> {
        self.assets.iter()
    }

    pub fn len(&self) -> usize {
        self.assets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.assets.is_empty()
    }
}

/// Where images come from and how they may be fetched.
#[derive(Debug, Clone)]
pub struct AssetOptions {
    pub site_root: PathBuf,
    pub cache_dir: PathBuf,
    pub offline: bool,
}

impl AssetStore {
    /// Placeholder until the assets branch lands: every request becomes a missing asset.
    pub fn load(&mut self, _opts: &AssetOptions, _diags: &crate::Diagnostics) {
        let p = std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()));
        self.assets = p
            .requests
            .into_iter()
            .enumerate()
            .map(|(i, r)| Asset {
                id: AssetId(i as u32),
                src: r.src,
                state: AssetState::Missing {
                    reason: "not loaded".into(),
                },
            })
            .collect();
    }
}

/// Counts for `hanmoto check`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AssetSummary {
    pub local: usize,
    pub remote: usize,
    pub cached: usize,
    pub missing: usize,
}

pub fn summarize(store: &AssetStore) -> AssetSummary {
    let mut s = AssetSummary::default();
    for a in store.iter() {
        match &a.state {
            AssetState::Pending | AssetState::Missing { .. } => s.missing += 1,
        }
    }
    s
}
