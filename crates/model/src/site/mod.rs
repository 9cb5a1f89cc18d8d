//! The Jekyll site: where posts are, what their URLs are and how they link to each other.

pub mod discover;
pub(crate) mod host;
pub mod links;
pub mod math_macros;
pub mod math_scripts;
pub mod permalink;
pub mod post;
