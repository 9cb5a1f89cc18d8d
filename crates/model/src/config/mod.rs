//! Configuration: `book.toml` (hanmoto's) and `_config.yml` (the Jekyll site's).

pub mod book_toml;
pub mod site_config;
pub mod yaml;

pub use book_toml::BookConfig;
pub use site_config::{KramdownSettings, SiteConfig};
