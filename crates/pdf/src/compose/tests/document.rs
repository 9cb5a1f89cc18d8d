//! The document around the flow: page numbers, outline, anchors, document info, the sample post,
//! odd input.

use std::path::Path;

use hanmoto_model::config::BookConfig;
use hanmoto_model::load::{load_book, LoadOptions};
use hanmoto_model::{Block, ListItem};

use super::super::{compose_post, resolve_links};
use super::*;
use crate::frame::{Element, LinkDest, Rect};

fn long_post() -> Vec<Block> {
    let mut blocks = vec![heading(2, "first", "第一節")];
    for i in 0..30 {
        blocks.push(para(&format!("{i}番目の段落。").repeat(12)));
        if i == 10 {
            blocks.push(heading(3, "sub", "小見出し"));
        }
        if i == 20 {
            blocks.push(heading(2, "second", "第二節"));
        }
    }
    blocks
}

#[test]
fn every_page_has_its_number_out_of_the_total() {
    let s = a6();
    let doc = handout_of(&s, long_post());
    let n = doc.pages.len();
    assert!(n >= 3);
    for (i, page) in doc.pages.iter().enumerate() {
        let ls = lines(page);
        let folio = ls.last().unwrap();
        assert_eq!(folio.text, format!("{} / {n}", i + 1));
        assert!(
            folio.y > s.page_height - s.margin_bottom,
            "in the bottom margin"
        );
        let centre = folio.x + (page.width - 2.0 * folio.x) / 2.0;
        assert!((centre - page.width / 2.0).abs() < 0.5);
    }
    assert_inside_text_area(&doc, &s);
}

#[test]
fn outline_nests_headings_under_the_title() {
    let doc = handout_of(&a6(), long_post());
    assert_eq!(doc.outline.len(), 1);
    let title = &doc.outline[0];
    assert_eq!(title.title, "テストの記事");
    assert_eq!(title.page, 0);
    let names: Vec<&str> = title.children.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(names, ["第一節", "第二節"]);
    assert_eq!(title.children[0].children[0].title, "小見出し");
    // Each entry points at the page where its heading is printed, at its y.
    for item in [
        &title.children[0],
        &title.children[0].children[0],
        &title.children[1],
    ] {
        let ls = lines(&doc.pages[item.page]);
        let l = ls
            .iter()
            .find(|l| l.text == item.title)
            .expect("heading on its page");
        assert!(item.y < l.y && l.y - item.y < 30.0, "{item:?} / {l:?}");
    }
}

#[test]
fn anchors_resolve_to_the_page_of_their_heading() {
    let s = a6();
    let b = book(long_post());
    let composed = with_env(&s, &b, |env| compose_post(env, &b, 0));
    let (page, y) = composed.anchors["second"];
    let l = lines(&composed.pages[page])
        .into_iter()
        .find(|l| l.text == "第二節")
        .unwrap();
    assert!(y < l.y && l.y - y < 30.0);
    assert_eq!(composed.anchors["post:2015-01-18-post"].0, 0);

    let mut pages = composed.pages.clone();
    let link = |name: &str| Element::Link {
        rect: Rect::default(),
        dest: LinkDest::Anchor(name.into()),
    };
    pages[0].elements.push(link("second"));
    pages[0].elements.push(link("nowhere"));
    resolve_links(&mut pages, &|n| {
        composed
            .anchors
            .get(n)
            .map(|&(page, y)| LinkDest::Page { page, y })
    });
    let dests: Vec<_> = pages[0]
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Link { dest, .. } => Some(dest.clone()),
            _ => None,
        })
        .collect();
    assert!(dests.contains(&LinkDest::Page { page, y }));
    assert!(dests.contains(&LinkDest::Anchor("nowhere".into())));
}

#[test]
fn document_info_comes_from_the_post() {
    let doc = handout_of(&a4(), vec![para("本文")]);
    assert_eq!(doc.info.title, "テストの記事");
    assert_eq!(doc.info.author.as_deref(), Some("著者"));
    assert_eq!(doc.info.subject.as_deref(), Some("説明"));
    assert_eq!(doc.info.keywords, ["docker"]);
    assert_eq!(doc.info.lang, "ja");
    assert_eq!(
        doc.info.date.unwrap().to_rfc3339(),
        "2015-01-18T00:00:00+09:00"
    );
}

#[test]
fn footnotes_print_at_the_end_only_when_referenced() {
    let s = a4();
    let b = book(vec![
        para("本文"),
        Block::FootnoteDefinition {
            label: "a".into(),
            content: vec![para("注の本文")],
        },
        Block::FootnoteDefinition {
            label: "unused".into(),
            content: vec![para("使われない注")],
        },
    ]);
    let composed = with_env(&s, &b, |env| {
        let mut c = super::super::blocks::Composer::new(env, &b.posts[0].blocks);
        let region = c.full_region();
        c.blocks(&b.posts[0].blocks, &region);
        // What the inline layer does for `[^a]`.
        c.notes.footnote("a");
        c.end_footnotes(&region);
        c.flow
    });
    let texts = piece_texts(&composed.pieces);
    // The number comes before its note in content order (copy, `pdftotext -raw`).
    assert_eq!(texts, ["本文", "*1", "注の本文"]);
    assert!(composed
        .pieces
        .iter()
        .any(|p| p.anchors.iter().any(|a| a.0 == "fn:a")));
}

#[test]
fn odd_posts_compose_without_panicking() {
    let s = a6();
    let huge_table = Block::Table {
        alignments: Vec::new(),
        header: Vec::new(),
        rows: (0..300)
            .map(|i| (0..12).map(|j| vec![text(&format!("{i}-{j}"))]).collect())
            .collect(),
    };
    let code = Block::CodeBlock {
        language: None,
        line_numbers: true,
        text: (0..10_000).map(|i| format!("line {i}\n")).collect(),
        tokens: Vec::new(),
    };
    let cases: Vec<Vec<Block>> = vec![
        Vec::new(),
        vec![heading(2, "only", "見出しだけ")],
        vec![huge_table],
        vec![code],
        vec![
            Block::ThematicBreak,
            Block::Embed {
                url: "https://www.youtube.com/embed/x".into(),
                title: "動画".into(),
            },
            Block::Math {
                tex: "e^{i\\pi} + 1 = 0".into(),
                mathml: None,
            },
            Block::RawHtml {
                html: "<marquee>x</marquee>".into(),
            },
            Block::List {
                ordered: true,
                start: Some(u64::MAX),
                tight: false,
                items: vec![
                    ListItem {
                        checked: None,
                        content: Vec::new(),
                    },
                    ListItem {
                        checked: None,
                        content: Vec::new(),
                    },
                ],
            },
            Block::Figure {
                content: Vec::new(),
                caption: vec![text("図")],
            },
            Block::Table {
                alignments: Vec::new(),
                header: Vec::new(),
                rows: Vec::new(),
            },
        ],
    ];
    for blocks in cases {
        let doc = handout_of(&s, blocks);
        assert!(!doc.pages.is_empty());
        assert_inside_text_area(&doc, &s);
    }
}

#[test]
fn code_line_numbers_are_not_text() {
    let doc = handout_of(
        &a4(),
        vec![Block::CodeBlock {
            language: None,
            line_numbers: true,
            text: "a\nb\n".into(),
            tokens: Vec::new(),
        }],
    );
    let numbers: Vec<bool> = doc.pages[0]
        .elements
        .iter()
        .filter_map(|e| match e {
            // The numbers are lines of their own, each one glyph.
            Element::Text(t) if t.segments.len() == 1 && t.segments[0].glyphs.len() == 1 => {
                t.segments[0].glyphs.first()
            }
            _ => None,
        })
        .filter(|g| g.text == "1" || g.text == "2")
        .map(|g| g.extract)
        .collect();
    assert_eq!(numbers, [false, false]);
}

fn sample_book() -> Option<hanmoto_model::Book> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let config = BookConfig::load(&root.join("book.toml")).ok()?;
    let opts = LoadOptions {
        config,
        base_dir: root,
        offline: true,
        drafts: None,
    };
    load_book(&opts).ok().map(|l| l.book)
}

#[test]
fn sample_post_page_counts_are_sane_at_a4_and_a6() {
    let book = sample_book().expect("the sample book loads");
    for (settings, range) in [(a4(), 2..=6), (a6(), 4..=20)] {
        let doc = with_env(&settings, &book, |env| super::super::handout(env, &book, 0));
        let n = doc.pages.len();
        assert!(
            range.contains(&n),
            "{n} pages at {}pt wide",
            settings.page_width
        );
        assert_inside_text_area(&doc, &settings);
        let first = page_text(&doc.pages[0]).replace('\n', "");
        assert!(
            first.starts_with("Docker Meetup Tokyo #4 に行ってきました"),
            "{first}"
        );
        assert!(first.contains("2015年1月18日"));
    }
}

#[test]
fn links_to_posts_resolve_in_the_post_or_to_the_other_posts_url() {
    use super::super::post::resolve_in_handout;
    let s = a6();
    let mut b = book(long_post());
    b.posts.push(hanmoto_model::Post {
        meta: post_meta("2015-02-01-other", "別の記事"),
        blocks: Vec::new(),
        source: "_posts/2015-02-01-other.md".into(),
    });
    let composed = with_env(&s, &b, |env| compose_post(env, &b, 0));
    let (post, anchors) = (&b.posts[0], &composed.anchors);
    let resolve = |name: &str| resolve_in_handout(name, &b, post, anchors);
    let (page, y) = anchors["second"];
    assert_eq!(resolve("second"), Some(LinkDest::Page { page, y }));
    assert_eq!(
        resolve("post:2015-01-18-post#second"),
        Some(LinkDest::Page { page, y })
    );
    assert!(matches!(
        resolve("post:2015-01-18-post"),
        Some(LinkDest::Page { page: 0, .. })
    ));
    assert_eq!(
        resolve("post:2015-02-01-other#x"),
        Some(LinkDest::Uri(
            "https://blog.example.com/2015/01/18/2015-02-01-other.html#x".into()
        ))
    );
    assert_eq!(resolve("post:not-in-the-book"), None);
    b.meta.site_url = None;
    assert_eq!(
        resolve_in_handout("post:2015-02-01-other", &b, &b.posts[0], anchors),
        None,
        "no site URL: the link stays unresolved"
    );
}

#[test]
fn figure_caption_sits_smaller_under_its_content_and_stays_with_it() {
    let s = a6();
    for k in 0..30 {
        let mut blocks: Vec<Block> = (0..k)
            .map(|i| para(&"埋め草の文。".repeat(1 + i % 3)))
            .collect();
        blocks.push(Block::Figure {
            content: vec![para("図の中身")],
            caption: vec![text("図のキャプション")],
        });
        let doc = handout_of(&s, blocks);
        let page = doc
            .pages
            .iter()
            .find(|p| lines(p).iter().any(|l| l.text == "図のキャプション"))
            .unwrap();
        let ls = lines(page);
        let body = ls
            .iter()
            .find(|l| l.text == "図の中身")
            .expect("with its figure");
        let caption = ls.iter().find(|l| l.text == "図のキャプション").unwrap();
        assert!(caption.y > body.y && caption.size < body.size, "k = {k}");
    }
}

#[test]
fn verso_pages_move_their_content_for_binding() {
    let mut s = a6();
    s.margin_inner = super::super::mm(16.0);
    s.margin_outer = super::super::mm(10.0);
    let b = book(long_post());
    let mut composed = with_env(&s, &b, |env| compose_post(env, &b, 0));
    let before: Vec<f32> = composed.pages.iter().map(|p| lines(p)[0].x).collect();
    super::super::bind_margins(&s, &mut composed.pages, 1);
    for (i, page) in composed.pages.iter().enumerate() {
        let x = lines(page)[0].x;
        let expected = if i % 2 == 1 {
            before[i] + s.margin_outer - s.margin_inner
        } else {
            before[i]
        };
        assert!((x - expected).abs() < 0.01, "page {}", i + 1);
    }
    // Recto text starts at the inner margin, verso text at the outer one.
    assert!((lines(&composed.pages[1])[0].x - s.margin_outer).abs() < 0.01);
}
