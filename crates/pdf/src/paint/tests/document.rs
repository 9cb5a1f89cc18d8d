//! Document-level output: info, outline, links, determinism.
