//! Finding the book: `--book FILE`, `--site DIR`, `./book.toml`, or the current folder as a site.

use crate::BookArgs;
use hanmoto_model::config::BookConfig;
use hanmoto_model::load::LoadOptions;
use hanmoto_model::Diagnostic;
use std::path::{Path, PathBuf};

pub fn load_options(args: &BookArgs) -> Result<LoadOptions, Vec<Diagnostic>> {
    let (config, base_dir) = if let Some(book) = &args.book {
        (
            BookConfig::load(book).map_err(|e| vec![e])?,
            parent_dir(book),
        )
    } else if let Some(site) = &args.site {
        (site_defaults(site), PathBuf::new())
    } else if Path::new("book.toml").is_file() {
        (
            BookConfig::load(Path::new("book.toml")).map_err(|e| vec![e])?,
            PathBuf::new(),
        )
    } else if Path::new("_config.yml").is_file() || Path::new("_posts").is_dir() {
        (site_defaults(Path::new(".")), PathBuf::new())
    } else {
        return Err(vec![Diagnostic::error("site", "no book here: found neither book.toml nor a Jekyll site (_config.yml, _posts/)")
            .with_hint("run in your blog's folder, pass --site DIR or --book FILE, or create book.toml with `hanmoto init`")]);
    };
    Ok(LoadOptions {
        config,
        base_dir,
        offline: args.offline,
        drafts: args.drafts.then_some(true),
    })
}

/// A site without book.toml: everything from `_config.yml`, the cache beside the site.
fn site_defaults(site: &Path) -> BookConfig {
    let mut c = BookConfig::default();
    c.book.source = site.to_path_buf();
    c.images.cache_dir = site.join(".hanmoto-cache");
    c
}

fn parent_dir(file: &Path) -> PathBuf {
    file.parent().map(Path::to_path_buf).unwrap_or_default()
}
