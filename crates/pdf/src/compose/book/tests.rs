//! The book on pure data: front matter, numbering, heads, outline and links read back from the
//! composed `Document`.

use hanmoto_model::{Block, Book, Diagnostics, Inline, LinkTarget, Post};

use super::{compose_book, BookOptions, ComposedBook, PageKind};
use crate::compose::tests::{a6, book, fonts, heading, lines, para, post_meta, ReadLine};
use crate::compose::{Env, Settings};
use crate::frame::{Element, LinkDest, OutlineItem, Page};

/// A post of `paras` paragraphs under two headings (`intro`, `more`).
fn post(id: &str, title: &str, day: u32, paras: usize, extra: Vec<Block>) -> Post {
    let mut blocks = vec![heading(2, "intro", &format!("{title}のはじめに"))];
    for i in 0..paras {
        if i == paras / 2 {
            blocks.push(heading(3, "more", &format!("{title}の続き")));
        }
        blocks.push(para(&format!(
            "{title}の段落{i}。日本語の文章がここに続きます。組版の試験のために長めに書いておきます。\
             Docker と Kubernetes の話もします。"
        )));
    }
    blocks.extend(extra);
    let mut meta = post_meta(id, title);
    meta.date =
        chrono::DateTime::parse_from_rfc3339(&format!("2015-{day:02}-18T00:00:00+09:00")).unwrap();
    meta.tags = vec![format!("tag{day}"), "docker".into()];
    Post {
        meta,
        blocks,
        source: format!("_posts/{id}.md").into(),
    }
}

fn link(target: LinkTarget, text: &str) -> Block {
    Block::Paragraph {
        content: vec![Inline::Link {
            target,
            title: None,
            content: vec![Inline::text(text)],
        }],
    }
}

/// Five chapters of different lengths; the last links to the first and to its own heading.
fn five() -> Book {
    let mut b = book(Vec::new());
    b.meta.title = "テストの本".into();
    b.posts = (1..=5)
        .map(|n| {
            let extra = if n == 5 {
                vec![
                    link(
                        LinkTarget::Post {
                            post: "p1".into(),
                            fragment: Some("more".into()),
                        },
                        "最初の記事の続き",
                    ),
                    link(
                        LinkTarget::Post {
                            post: "p2".into(),
                            fragment: None,
                        },
                        "二つ目の記事",
                    ),
                    link(
                        LinkTarget::Fragment { id: "intro".into() },
                        "この記事の冒頭",
                    ),
                ]
            } else {
                Vec::new()
            };
            post(
                &format!("p{n}"),
                &format!("第{n}の記事"),
                n,
                n as usize * 7,
                extra,
            )
        })
        .collect();
    b
}

fn compose(b: &Book, s: &Settings, recto: bool, parallel: bool) -> ComposedBook {
    try_compose(b, s, recto, parallel, "ja").expect("a book with posts composes")
}

/// The book in the book-level language `lang`.
fn try_compose(
    b: &Book,
    s: &Settings,
    recto: bool,
    parallel: bool,
    lang: &str,
) -> Result<ComposedBook, hanmoto_model::Diagnostic> {
    let diagnostics = Diagnostics::new();
    let env = Env {
        fonts: fonts(),
        assets: &b.assets,
        settings: s,
        diagnostics: &diagnostics,
        source: super::book_source(),
        lang,
    };
    let options = BookOptions {
        chapters_on_recto: recto,
        parallel,
        contents_numbers: hanmoto_model::config::book_toml::ContentsNumbers::Arabic,
    };
    compose_book(env, b, options, &|_, _| {})
}

/// Text lines above the text area (running heads) and below it (folios).
fn margins(page: &Page, s: &Settings) -> (Vec<ReadLine>, Vec<ReadLine>) {
    let all = lines(page);
    let head = all.iter().filter(|l| l.y < s.margin_top).cloned().collect();
    let foot = all
        .into_iter()
        .filter(|l| l.y > s.page_height - s.margin_bottom)
        .collect();
    (head, foot)
}

fn page_links(page: &Page) -> Vec<LinkDest> {
    page.elements
        .iter()
        .filter_map(|e| match e {
            Element::Link { dest, .. } => Some(dest.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_book_without_posts_is_a_clear_error() {
    let mut b = book(Vec::new());
    b.posts.clear();
    let err = try_compose(&b, &a6(), true, true, "ja").unwrap_err();
    assert_eq!(err.code, "pdf-empty-book");
    assert!(err.message.contains("no posts"), "{}", err.message);
}

#[test]
fn one_post_makes_title_page_contents_and_a_recto_chapter() {
    let mut b = five();
    b.posts.truncate(1);
    let s = a6();
    let book = compose(&b, &s, true, true);
    assert_eq!(book.chapter_starts, vec![4]);
    assert_eq!(
        &book.kinds[..5],
        &[
            PageKind::Title,
            PageKind::Blank,
            PageKind::ContentsOpener,
            PageKind::Blank,
            PageKind::ChapterOpener(0)
        ]
    );
    let title = lines(&book.document.pages[0]);
    assert_eq!(title.first().map(|l| l.text.as_str()), Some("テストの本"));
    assert!(title.iter().any(|l| l.text == "本の著者"), "{title:?}");
    assert!(title.iter().any(|l| l.text == "2015年1月"), "{title:?}");
    assert!(lines(&book.document.pages[1]).is_empty());
}

#[test]
fn title_page_spans_the_months_of_the_posts() {
    let b = five();
    let book = compose(&b, &a6(), false, true);
    let title = lines(&book.document.pages[0]);
    assert!(
        title.iter().any(|l| l.text == "2015年1月〜2015年5月"),
        "{title:?}"
    );
    assert!(lines(&book.document.pages[0])
        .iter()
        .all(|l| l.y < a6().page_height - a6().margin_bottom));
}

#[test]
fn contents_numbers_are_the_printed_numbers_of_the_chapter_openers() {
    let b = five();
    let s = a6();
    for recto in [false, true] {
        let book = compose(&b, &s, recto, true);
        let doc = &book.document;
        let contents: Vec<usize> = (0..doc.pages.len())
            .filter(|&i| matches!(book.kinds[i], PageKind::ContentsOpener | PageKind::Contents))
            .collect();
        let toc: Vec<ReadLine> = contents
            .iter()
            .flat_map(|&i| lines(&doc.pages[i]))
            .collect();
        let links: Vec<LinkDest> = contents
            .iter()
            .flat_map(|&i| page_links(&doc.pages[i]))
            .collect();
        assert_eq!(links.len(), 5);
        for (n, &start) in book.chapter_starts.iter().enumerate() {
            assert_eq!(book.kinds[start], PageKind::ChapterOpener(n));
            let title = format!("第{}の記事", n + 1);
            // The opener's first line is the chapter's title (no running head above it).
            assert_eq!(lines(&doc.pages[start])[0].text, title);
            // The contents line: the title, then its number on the same baseline, right-aligned.
            let entry = toc.iter().position(|l| l.text == title).expect("entry");
            let on_baseline: Vec<&ReadLine> = toc.iter().filter(|l| l.y == toc[entry].y).collect();
            let number = on_baseline
                .iter()
                .find(|l| l.text.chars().all(|c| c.is_ascii_digit()))
                .expect("number on the title's baseline");
            assert_eq!(number.text, (start + 1).to_string());
            assert!(number.x > toc[entry].x + s.measure() * 0.8, "right-aligned");
            // Dotted leaders between them.
            assert!(on_baseline
                .iter()
                .any(|l| l.text.len() > 3 && l.text.chars().all(|c| c == '.')));
            assert_eq!(book.contents_numbers[n], start + 1);
            assert_eq!(
                links[n],
                LinkDest::Page {
                    page: start,
                    y: 0.0
                }
            );
        }
    }
}

#[test]
fn chapters_start_on_rectos_when_asked_with_blank_versos_before() {
    let b = five();
    let s = a6();
    let book = compose(&b, &s, true, true);
    let mut blanks = 0;
    for (n, &start) in book.chapter_starts.iter().enumerate() {
        assert_eq!(start % 2, 0, "chapter {n} starts on page {}", start + 1);
        if book.kinds[start - 1] == PageKind::Blank {
            blanks += 1;
            assert!(book.document.pages[start - 1].elements.is_empty());
        }
    }
    assert!(blanks > 0, "some chapter needed a blank verso");
    let flowing = compose(&b, &s, false, true);
    assert!(!flowing.kinds.contains(&PageKind::Blank));
    for w in flowing.chapter_starts.windows(2) {
        assert!(matches!(flowing.kinds[w[1] - 1], PageKind::Chapter(_)));
    }
}

#[test]
fn running_heads_and_folios_only_on_body_pages() {
    let b = five();
    let s = a6();
    let book = compose(&b, &s, true, true);
    let mut seen = (0, 0);
    for (i, (page, kind)) in book.document.pages.iter().zip(&book.kinds).enumerate() {
        let (head, foot) = margins(page, &s);
        let recto = i % 2 == 0;
        match kind {
            PageKind::Chapter(n) => {
                let want = if recto {
                    seen.0 += 1;
                    format!("第{}の記事", n + 1)
                } else {
                    seen.1 += 1;
                    "テストの本".to_owned()
                };
                assert_eq!(head.len(), 1, "page {}: {head:?}", i + 1);
                assert_eq!(head[0].text, want, "page {}", i + 1);
                assert_eq!(foot.len(), 1, "page {}", i + 1);
                assert_eq!(foot[0].text, (i + 1).to_string());
                // Outer corners: the recto's head ends at the right margin, the verso's starts
                // at the left one.
                if !recto {
                    assert!((head[0].x - s.margin_outer).abs() < 0.5);
                    assert!((foot[0].x - s.margin_outer).abs() < 0.5);
                } else {
                    assert!(head[0].x > s.page_width / 2.0);
                }
                assert!(page
                    .elements
                    .iter()
                    .any(|e| matches!(e, Element::Rule { from, .. } if from.y < s.margin_top)));
            }
            _ => {
                assert!(head.is_empty(), "page {} ({kind:?}): {head:?}", i + 1);
                assert!(foot.is_empty(), "page {} ({kind:?}): {foot:?}", i + 1);
            }
        }
    }
    assert!(seen.0 > 0 && seen.1 > 0, "{seen:?}");
}

#[test]
fn outline_lists_contents_then_every_chapter_with_nested_headings() {
    let b = five();
    let book = compose(&b, &a6(), true, true);
    let outline = &book.document.outline;
    assert_eq!(outline.len(), 6);
    assert_eq!(outline[0].title, "目次");
    assert_eq!(book.kinds[outline[0].page], PageKind::ContentsOpener);
    for (n, item) in outline[1..].iter().enumerate() {
        assert_eq!(item.title, format!("第{}の記事", n + 1));
        assert_eq!(item.page, book.chapter_starts[n]);
        let titles = |items: &[OutlineItem]| -> Vec<String> {
            items.iter().map(|i| i.title.clone()).collect()
        };
        assert_eq!(
            titles(&item.children),
            vec![format!("第{}の記事のはじめに", n + 1)]
        );
        let h3 = &item.children[0].children;
        assert_eq!(titles(h3), vec![format!("第{}の記事の続き", n + 1)]);
        // The heading's page is inside its chapter.
        let end = book
            .chapter_starts
            .get(n + 1)
            .copied()
            .unwrap_or(book.kinds.len());
        assert!((book.chapter_starts[n]..end).contains(&h3[0].page));
    }
}

#[test]
fn links_resolve_to_other_chapters_and_to_the_own_chapters_headings() {
    let b = five();
    let book = compose(&b, &a6(), true, true);
    let doc = &book.document;
    let first = &doc.outline[1];
    let more = &first.children[0].children[0];
    let fifth = &doc.outline[5];
    let own_intro = &fifth.children[0];
    let links: Vec<LinkDest> = (book.chapter_starts[4]..doc.pages.len())
        .flat_map(|i| page_links(&doc.pages[i]))
        .filter(|d| matches!(d, LinkDest::Page { .. }))
        .collect();
    // `post:p1#more` → the h3 of chapter 1 (not chapter 5's own `more`).
    assert!(
        links.contains(&LinkDest::Page {
            page: more.page,
            y: more.y
        }),
        "{links:?} lacks {more:?}"
    );
    // `post:p2` → chapter 2's title.
    let second = book.chapter_starts[1];
    assert!(links
        .iter()
        .any(|d| matches!(d, LinkDest::Page { page, .. } if *page == second)));
    // `#intro` → this chapter's `intro`, though every chapter has one.
    assert!(links.contains(&LinkDest::Page {
        page: own_intro.page,
        y: own_intro.y
    }));
    assert!(!doc
        .pages
        .iter()
        .flat_map(page_links)
        .any(|d| matches!(d, LinkDest::Anchor(_))));
}

#[test]
fn parallel_layout_gives_the_same_book_as_sequential() {
    let b = five();
    let s = a6();
    assert_eq!(compose(&b, &s, true, true), compose(&b, &s, true, false));
}

#[test]
fn document_info_comes_from_the_book() {
    let b = five();
    let book = compose(&b, &a6(), false, true);
    let info = &book.document.info;
    assert_eq!(info.title, "テストの本");
    assert_eq!(info.author.as_deref(), Some("本の著者"));
    assert_eq!(info.lang, "ja");
    assert_eq!(
        info.keywords,
        vec!["tag1", "docker", "tag2", "tag3", "tag4", "tag5"]
    );
    assert_eq!(info.date, b.posts.iter().map(|p| p.meta.date).max());
}

#[test]
fn versos_move_to_the_inner_margin_on_the_right_when_margins_differ() {
    let b = five();
    let mut s = a6();
    s.margin_inner += 10.0;
    let book = compose(&b, &s, false, true);
    let body_x = |i: usize| {
        lines(&book.document.pages[i])
            .into_iter()
            .filter(|l| l.y > s.margin_top && l.y < s.page_height - s.margin_bottom)
            .map(|l| l.x)
            .fold(f32::INFINITY, f32::min)
    };
    let (verso, recto) = (
        (0..book.kinds.len())
            .find(|&i| i % 2 == 1 && matches!(book.kinds[i], PageKind::Chapter(_)))
            .unwrap(),
        (0..book.kinds.len())
            .find(|&i| i % 2 == 0 && matches!(book.kinds[i], PageKind::Chapter(_)))
            .unwrap(),
    );
    assert!((body_x(recto) - s.margin_inner).abs() < 0.5);
    assert!((body_x(verso) - s.margin_outer).abs() < 0.5);
}

#[test]
fn long_chapter_titles_are_cut_to_one_line_in_the_running_head() {
    let mut b = five();
    b.posts[4].meta.title = "とても長い題名".repeat(12);
    let s = a6();
    let book = compose(&b, &s, false, true);
    let recto = (0..book.kinds.len())
        .find(|&i| i % 2 == 0 && book.kinds[i] == PageKind::Chapter(4))
        .expect("a recto in chapter 5");
    let (head, _) = margins(&book.document.pages[recto], &s);
    assert_eq!(head.len(), 1, "{head:?}");
    assert!(head[0].text.ends_with('…'), "{}", head[0].text);
    assert!(head[0].text.starts_with("とても長い題名とても"));
}

#[test]
fn date_range_is_written_in_the_books_language() {
    let b = five();
    assert_eq!(
        super::date_range(&b, "ja").as_deref(),
        Some("2015年1月〜2015年5月")
    );
    assert_eq!(
        super::date_range(&b, "en-US").as_deref(),
        Some("January 2015 – May 2015")
    );
    assert_eq!(
        super::date_range(&b, "fr").as_deref(),
        Some("2015-01 – 2015-05")
    );
    let mut one = five();
    one.posts.truncate(1);
    assert_eq!(
        super::date_range(&one, "en").as_deref(),
        Some("January 2015")
    );
    one.posts.clear();
    assert_eq!(super::date_range(&one, "en"), None);
}

#[test]
fn an_english_book_has_contents_not_mokuji() {
    let mut b = five();
    for p in &mut b.posts {
        p.meta.lang = "en".into();
    }
    let book = try_compose(&b, &a6(), false, false, "en").unwrap();
    assert_eq!(book.document.outline[0].title, "Contents");
    let contents = lines(&book.document.pages[1]);
    assert_eq!(contents[0].text, "Contents");
    assert!(
        contents.iter().any(|l| l.text == "January 18, 2015"),
        "{contents:?}"
    );
}

#[test]
fn contents_longer_than_a_page_still_number_every_chapter_right() {
    let mut b = five();
    b.posts = (0..40)
        .map(|n| {
            post(
                &format!("q{n}"),
                &format!("短い記事{n}"),
                1 + n % 12,
                1,
                Vec::new(),
            )
        })
        .collect();
    let s = a6();
    let book = compose(&b, &s, true, true);
    let contents: Vec<usize> = (0..book.kinds.len())
        .filter(|&i| matches!(book.kinds[i], PageKind::ContentsOpener | PageKind::Contents))
        .collect();
    assert!(contents.len() >= 3, "{} contents pages", contents.len());
    // Contiguous, after the title page and its blank back.
    assert_eq!(contents[0], 2);
    assert_eq!(contents.windows(2).filter(|w| w[1] != w[0] + 1).count(), 0);
    let toc: Vec<Vec<ReadLine>> = contents
        .iter()
        .map(|&i| lines(&book.document.pages[i]))
        .collect();
    for (n, &start) in book.chapter_starts.iter().enumerate() {
        assert_eq!(start % 2, 0);
        let title = format!("短い記事{n}");
        let page = toc
            .iter()
            .find(|p| p.iter().any(|l| l.text == title))
            .expect("entry");
        let y = page.iter().find(|l| l.text == title).unwrap().y;
        let numbers: Vec<&str> = page
            .iter()
            .filter(|l| l.y == y && l.text.chars().all(|c| c.is_ascii_digit()))
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(numbers, vec![(start + 1).to_string()], "{title}");
    }
}

#[test]
fn contents_numerals_are_kanji_digit_by_digit_or_arabic() {
    use hanmoto_model::config::book_toml::ContentsNumbers::{Arabic, Kanji};
    // 縦組み contents number pages digit by digit (一〇五), as Japanese books print them.
    assert_eq!(super::front::numeral(Kanji, 105), "一〇五");
    assert_eq!(super::front::numeral(Kanji, 7), "七");
    assert_eq!(super::front::numeral(Kanji, 20), "二〇");
    assert_eq!(super::front::numeral(Arabic, 105), "105");
}
