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

/// The book a post belongs to, found from the post itself (so `handout` works from any working
/// directory): walking up from the post's folder, the nearest `book.toml` whose site contains the
/// post; else the nearest folder with `_config.yml`; else the folder above the nearest `_posts` /
/// `_drafts`. `post` is canonical. Returns the config and the folder its paths are relative to.
pub fn book_for_post(post: &Path) -> Result<(BookConfig, PathBuf), Vec<Diagnostic>> {
    let ancestors: Vec<&Path> = post.ancestors().skip(1).collect();
    for dir in &ancestors {
        let toml = dir.join("book.toml");
        if !toml.is_file() {
            continue;
        }
        let config = BookConfig::load(&toml).map_err(|e| vec![e])?;
        let root = dir.join(&config.book.source);
        if root
            .canonicalize()
            .is_ok_and(|root| post.starts_with(&root))
        {
            return Ok((config, dir.to_path_buf()));
        }
    }
    let site = ancestors
        .iter()
        .find(|d| d.join("_config.yml").is_file())
        .map(|d| d.to_path_buf())
        .or_else(|| {
            ancestors
                .iter()
                .find(|d| {
                    d.file_name()
                        .is_some_and(|n| n == "_posts" || n == "_drafts")
                })
                .and_then(|d| d.parent())
                .map(Path::to_path_buf)
        });
    match site {
        Some(site) => {
            let mut c = BookConfig::default();
            c.images.cache_dir = PathBuf::from(".hanmoto-cache");
            Ok((c, site))
        }
        None => Err(vec![Diagnostic::error(
            "site",
            format!(
                "{} is not inside a Jekyll site: no book.toml, _config.yml or _posts/ above it",
                post.display()
            ),
        )
        .with_hint("pass --site DIR or --book FILE")]),
    }
}

/// `--book FILE` or `--site DIR` as `load_options` reads them, with the folder outputs are
/// relative to (book.toml's, or the site's).
pub fn book_from_args(
    book: Option<&Path>,
    site: Option<&Path>,
) -> Option<Result<(BookConfig, PathBuf), Vec<Diagnostic>>> {
    if let Some(book) = book {
        return Some(
            BookConfig::load(book)
                .map(|c| (c, parent_dir(book)))
                .map_err(|e| vec![e]),
        );
    }
    let site = site?;
    let mut c = BookConfig::default();
    c.images.cache_dir = PathBuf::from(".hanmoto-cache");
    Some(Ok((c, site.to_path_buf())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn post_in(site: &Path) -> PathBuf {
        fs::create_dir_all(site.join("_posts")).unwrap();
        let post = site.join("_posts/2020-01-02-a.md");
        fs::write(&post, "---\ntitle: a\n---\n").unwrap();
        post.canonicalize().unwrap()
    }

    #[test]
    fn the_nearest_book_toml_holding_the_post_wins() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().canonicalize().unwrap();
        let post = post_in(&root.join("blog"));
        fs::write(root.join("blog/_config.yml"), "title: x\n").unwrap();
        fs::write(root.join("book.toml"), "[book]\nsource = \"blog\"\n").unwrap();
        // A book.toml on the way up that is about another site is passed over.
        fs::write(
            root.join("blog/book.toml"),
            "[book]\nsource = \"elsewhere\"\n",
        )
        .unwrap();
        let (config, base) = book_for_post(&post).unwrap();
        assert_eq!(base, root);
        assert_eq!(config.book.source, PathBuf::from("blog"));
    }

    #[test]
    fn without_book_toml_the_site_is_the_config_folder_or_above_posts() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path().canonicalize().unwrap();
        let post = post_in(&root.join("site"));
        let (config, base) = book_for_post(&post).unwrap();
        assert_eq!(base, root.join("site"), "the folder above _posts/");
        assert_eq!(config.book.source, PathBuf::from("."));
        fs::write(root.join("_config.yml"), "title: outer\n").unwrap();
        fs::write(root.join("site/_config.yml"), "title: inner\n").unwrap();
        assert_eq!(
            book_for_post(&post).unwrap().1,
            root.join("site"),
            "the nearest _config.yml"
        );
    }

    #[test]
    fn a_file_outside_any_site_is_an_error() {
        let t = tempfile::tempdir().unwrap();
        let file = t.path().join("loose.md");
        fs::write(&file, "x").unwrap();
        let err = book_for_post(&file.canonicalize().unwrap()).unwrap_err();
        assert!(
            err[0].message.contains("not inside a Jekyll site"),
            "{}",
            err[0].message
        );
    }
}
