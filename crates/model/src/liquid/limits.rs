//! How much a template may nest and allocate. A post comes from a stranger's blog; a hostile
//! one must cost an error, not the process (stack overflow) or the machine (memory).

/// Blocks nested in one template (Liquid 5.4's `Block::MAX_DEPTH`: the 101st raises
/// "Nesting too deep", measured with Jekyll 4.3.1). Also caps `[`/`(` nesting in an expression
/// and the `and`/`or` chain of a condition, which Liquid evaluates in a loop and we recurse on.
pub(crate) const MAX_DEPTH: usize = 100;
