//! Shaping plans, built once per face and shaping settings and shared by every thread.
//!
//! Building a rustybuzz `ShapePlan` (collecting and compiling the face's GSUB/GPOS lookups for a
//! script, direction, language and feature list) costs more than shaping a short run with it:
//! a 200-post book spent 0.19 CPU-s of its 0.36 s of shaping re-planning every call. A book uses
//! a handful of distinct plans (faces × Japanese/Latin × script), so they are kept for the life of
//! the `FontSet`.

use std::sync::Arc;

use rustybuzz::{Direction, Feature, Language, Script, ShapePlan};

use super::memo::Memo;
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

#[derive(Default, Debug)]
pub(super) struct PlanCache {
    plans: Memo<PlanKey, Arc<ShapePlan>>,
}

impl PlanCache {
    /// The plan for `key`, built with `face` and `features` the first time it is asked for.
    pub fn get(
        &self,
        key: PlanKey,
        face: &rustybuzz::Face<'_>,
        features: &[Feature],
    ) -> Arc<ShapePlan> {
        let (direction, script, language) = (key.direction, key.script, key.language.clone());
        self.plans.get_or_make(key, || {
            Arc::new(ShapePlan::new(
                face,
                direction,
                script,
                language.as_ref(),
                features,
            ))
        })
    }
}
