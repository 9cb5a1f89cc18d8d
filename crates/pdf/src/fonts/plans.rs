//! Shaping plans, built once per face and shaping settings and shared by every thread.
//!
//! Building a rustybuzz `ShapePlan` (collecting and compiling the face's GSUB/GPOS lookups for a
//! script, direction, language and feature list) costs more than shaping a short run with it:
//! a 200-post book spent 0.19 CPU-s of its 0.36 s of shaping re-planning every call. A book uses
//! a handful of distinct plans (faces × Japanese/Latin × script), so they are kept for the life of
//! the `FontSet`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use rustybuzz::{Direction, Feature, Language, Script, ShapePlan};

use super::set::FaceId;

/// What a plan depends on: the face, the buffer's segment properties and the features (which
/// are fixed per Japanese/other run, see `shape.rs`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub(super) struct PlanKey {
    pub face: FaceId,
    pub cjk: bool,
    pub direction: Direction,
    pub script: Option<Script>,
    pub language: Option<Language>,
}

#[derive(Default)]
pub(super) struct PlanCache {
    plans: RwLock<HashMap<PlanKey, Arc<ShapePlan>>>,
}

impl std::fmt::Debug for PlanCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.plans.read().map(|p| p.len()).unwrap_or(0);
        f.debug_struct("PlanCache").field("plans", &n).finish()
    }
}

impl PlanCache {
    /// The plan for `key`, built with `face` and `features` the first time it is asked for.
    pub fn get(
        &self,
        key: PlanKey,
        face: &rustybuzz::Face<'_>,
        features: &[Feature],
    ) -> Arc<ShapePlan> {
        // A poisoned lock only means another thread panicked while inserting; the map itself
        // is always whole (a plan is inserted complete or not at all).
        if let Some(plan) = self
            .plans
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return plan.clone();
        }
        let plan = Arc::new(ShapePlan::new(
            face,
            key.direction,
            key.script,
            key.language.as_ref(),
            features,
        ));
        self.plans
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_insert(plan)
            .clone()
    }
}
