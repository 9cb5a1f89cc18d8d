//! The sample post, loaded by the model as the handout will be, laid out at A4 and A6 measures.

use hanmoto_model::document::{plain_text, walk_blocks, walk_inlines};
use hanmoto_model::load::{load_book, LoadOptions};
use hanmoto_model::{Block, Book};

use super::*;

fn sample_book(cache: &Path) -> Book {
    let mut opts = LoadOptions {
        offline: true,
        base_dir: content_root(),
        ..LoadOptions::default()
    };
    opts.config.book.source = PathBuf::from(".");
    opts.config.images.cache_dir = cache.to_path_buf();
    load_book(&opts).expect("the sample site loads").book
}

fn has_image(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| matches!(i, Inline::Image(_)))
}

#[test]
fn sample_post_paragraphs_extract_exactly_with_notes_for_every_url() {
    let cache = tempfile::tempdir().unwrap();
    let book = sample_book(cache.path());
    let post = &book.posts[0];
    let mut urls = Vec::new();
    walk_inlines(&post.blocks, &mut |i| {
        if let Inline::Link {
            target: LinkTarget::Url { url },
            ..
        } = i
        {
            if !urls.contains(url) {
                urls.push(url.clone());
            }
        }
    });
    assert_eq!(urls.len(), 21);
    for (w, h) in [(210.0, 297.0), (105.0, 148.0)] {
        let settings = Settings::for_paper(w, h, LinkStyle::Notes);
        let diagnostics = Diagnostics::new();
        let mut notes = NoteRegistry::default();
        let mut placeholders = 0;
        let mut images = 0;
        let mut paragraphs = Vec::new();
        walk_blocks(&post.blocks, &mut |b| {
            if let Block::Paragraph { content } = b {
                paragraphs.push(content);
            }
        });
        for content in paragraphs {
            let env = Env {
                fonts: fonts(),
                assets: &book.assets,
                settings: &settings,
                diagnostics: &diagnostics,
                source: &post.source,
                lang: "ja",
            };
            let mut ctx = InlineContext {
                env,
                notes: &mut notes,
            };
            let style = TextStyle::new(Role::Body, settings.body_size);
            let lines = layout_inlines(&mut ctx, content, &style, settings.measure());
            assert_kinsoku(&lines);
            for l in &lines {
                for e in &l.elements {
                    match e {
                        Element::Image { rect, .. } => {
                            images += 1;
                            assert!(rect.right() <= settings.measure() + 0.01);
                        }
                        Element::Rect {
                            stroke: Some(_),
                            rect,
                            ..
                        } => {
                            placeholders += 1;
                            assert!(rect.right() <= settings.measure() + 0.01);
                        }
                        _ => {}
                    }
                }
            }
            if !has_image(content) {
                assert_eq!(extracted(&lines), plain_text(content));
            }
        }
        assert_eq!(notes.links, urls, "every URL numbered in order");
        assert_eq!((images, placeholders), (3, 1));
    }
}
