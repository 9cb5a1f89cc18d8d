//! Markdown (kramdown habits) and inline HTML → blocks. (Being written.)
