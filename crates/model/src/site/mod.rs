//! The Jekyll site: where posts are and how they link to each other.

pub mod links;
