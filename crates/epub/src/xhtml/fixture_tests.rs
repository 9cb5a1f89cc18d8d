//! Every chapter of the real sites (the sample blog and the Jekyll fixture) parses as XML, has
//! unique ids, and links only to ids that exist.
//!
//! `HANMOTO_XHTML_DUMP=DIR` also writes the chapters there (to look at them, or zip them for
//! EPUBCheck).

use super::{chapter_xhtml, ChapterContext, ImageRef};
use hanmoto_model::config::BookConfig;
use hanmoto_model::load::{load_book, LoadOptions};
use hanmoto_model::{AssetId, Book};
use std::collections::HashSet;
use std::path::Path;

fn load(site: &str) -> (Book, tempfile::TempDir) {
    let cache = tempfile::tempdir().unwrap();
    let mut config = BookConfig::default();
    config.book.source = Path::new(env!("CARGO_MANIFEST_DIR")).join(site);
    config.images.cache_dir = cache.path().to_path_buf();
    let opts = LoadOptions {
        config,
        base_dir: Default::default(),
        offline: true,
        drafts: None,
    };
    let loaded = load_book(&opts).unwrap_or_else(|d| panic!("{site} does not load: {d:?}"));
    (loaded.book, cache)
}

fn chapters(book: &Book) -> Vec<(String, String)> {
    let chapter_of = |id: &str| {
        book.posts
            .iter()
            .position(|p| p.meta.id == id)
            .map(crate::package::chapter_file)
    };
    let image = |id: AssetId| {
        book.assets.loaded(id).map(|l| ImageRef {
            href: format!("images/{}.{}", l.hash, l.extension()),
            width: l.width,
            height: l.height,
        })
    };
    let ctx = ChapterContext {
        book,
        chapter_of: &chapter_of,
        image: &image,
        stylesheet: "style.css",
        vertical: false,
        tcy_digits: 2,
        math_image: &|_| None,
    };
    book.posts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                format!("chapter-{:03}.xhtml", i + 1),
                chapter_xhtml(p, &ctx),
            )
        })
        .collect()
}

fn check_site(site: &str) {
    let (book, _cache) = load(site);
    assert!(!book.posts.is_empty(), "{site} has no posts");
    let all = chapters(&book);
    if let Some(dir) = std::env::var_os("HANMOTO_XHTML_DUMP") {
        let dir = Path::new(&dir).join(site.trim_start_matches("../").replace('/', "_"));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, xhtml) in &all {
            std::fs::write(dir.join(name), xhtml).unwrap();
        }
        std::fs::create_dir_all(dir.join("images")).unwrap();
        for a in book.assets.iter() {
            if let Some(l) = book.assets.loaded(a.id) {
                let file = format!("{}.{}", l.hash, l.extension());
                std::fs::write(dir.join("images").join(file), &l.bytes[..]).unwrap();
            }
        }
    }
    for (name, xhtml) in &all {
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(xhtml, opts)
            .unwrap_or_else(|e| panic!("{site} {name} is not well-formed: {e}\n{xhtml}"));
        let mut ids = HashSet::new();
        for n in doc.descendants().filter(|n| n.is_element()) {
            if let Some(id) = n.attribute("id") {
                assert!(ids.insert(id), "{site} {name}: id {id:?} twice");
            }
            let tag = n.tag_name().name();
            assert!(tag != "script" && tag != "iframe", "{site} {name}: <{tag}>");
            for a in n.attributes() {
                assert!(!a.name().starts_with("on"), "{site} {name}: {}", a.name());
                if a.name() == "style" {
                    assert_eq!(tag, "img", "{site} {name}: style on <{tag}>");
                }
            }
        }
        for n in doc.descendants().filter(|n| n.has_tag_name("a")) {
            let href = n.attribute("href").unwrap_or_default();
            if let Some(frag) = href.strip_prefix('#') {
                assert!(ids.contains(frag), "{site} {name}: dangling {href}");
            }
            assert!(!href.to_ascii_lowercase().starts_with("javascript:"));
        }
        for n in doc.descendants().filter(|n| n.has_tag_name("img")) {
            let src = n.attribute("src").unwrap_or_default();
            assert!(src.starts_with("images/"), "{site} {name}: img src {src}");
        }
    }
}

#[test]
fn fixture_site_chapters_are_well_formed() {
    check_site("../../tests/fixtures/jekyll-site");
}

#[test]
fn sample_blog_chapters_are_well_formed() {
    check_site("../../content");
}

#[test]
fn sample_post_keeps_japanese_sentences_joined() {
    let (book, _cache) = load("../../content");
    let all = chapters(&book);
    assert!(all
        .iter()
        .any(|(_, x)| x.contains("行ってきました。運良く")));
}
