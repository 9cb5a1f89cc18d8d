//! What each block looks like: title block, lists, quotes, link notes, column widths.

use hanmoto_model::document::DefinitionItem;
use hanmoto_model::{Block, ListItem};

use super::super::blocks::Composer;
use super::super::table::column_widths;
use super::*;
use crate::frame::{Color, Document, Element, LinkDest};

#[test]
fn title_block_comes_first_with_date_author_tags_and_url() {
    let doc = handout_of(&a4(), vec![para("本文です。")]);
    let ls = lines(&doc.pages[0]);
    let texts: Vec<&str> = ls.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts[0], "テストの記事");
    assert_eq!(texts[1], "2015年1月18日　著者");
    assert_eq!(texts[2], "タグ：docker");
    assert_eq!(
        texts[3],
        "https://blog.example.com/2015/01/18/2015-01-18-post.html"
    );
    assert_eq!(texts[4], "本文です。");
    assert!(ls[0].size > ls[4].size * 1.8, "the title is large");
    // The URL is a link to itself, and a rule separates the block from the body.
    assert!(doc.pages[0].elements.iter().any(|e| matches!(e,
        Element::Link { dest: LinkDest::Uri(u), .. } if u.ends_with("2015-01-18-post.html"))));
    let rule_y = doc.pages[0]
        .elements
        .iter()
        .find_map(|e| match e {
            Element::Rule { from, .. } => Some(from.y),
            _ => None,
        })
        .expect("a rule under the title block");
    assert!(ls[3].y < rule_y && rule_y < ls[4].y);
}

#[test]
fn dates_follow_the_language() {
    let d = chrono::DateTime::parse_from_rfc3339("2015-01-18T00:00:00+09:00").unwrap();
    assert_eq!(super::super::format_date(&d, "ja"), "2015年1月18日");
    assert_eq!(super::super::format_date(&d, "en-US"), "January 18, 2015");
    assert_eq!(super::super::format_date(&d, "de"), "2015-01-18");
}

fn item(s: &str) -> ListItem {
    ListItem {
        checked: None,
        content: vec![para(s)],
    }
}

#[test]
fn list_bullets_hang_and_nest() {
    let long =
        "箇条書きの項目はぶら下がりで、折り返した二行目も一行目の本文と同じ位置から始まります。"
            .repeat(3);
    let nested = ListItem {
        checked: None,
        content: vec![
            para("外側"),
            Block::List {
                ordered: true,
                start: Some(3),
                tight: true,
                items: vec![item("内側"), item("内側二")],
            },
        ],
    };
    let doc = handout_of(
        &a6(),
        vec![Block::List {
            ordered: false,
            start: None,
            tight: true,
            items: vec![item(&long), nested],
        }],
    );
    let ls = lines(&doc.pages[0]);
    let bullet = ls.iter().position(|l| l.text == "•").expect("a bullet");
    let first = &ls[bullet + 1];
    let second = &ls[bullet + 2];
    assert!(first.text.starts_with("箇条書き"));
    assert!((first.x - second.x).abs() < 0.01, "{first:?} / {second:?}");
    assert!(ls[bullet].x < first.x, "the bullet hangs left of the text");
    assert!(
        (ls[bullet].y - first.y).abs() < 0.01,
        "on the first baseline"
    );
    let outer = ls.iter().find(|l| l.text == "外側").unwrap();
    let inner = ls.iter().find(|l| l.text == "内側").unwrap();
    assert!(inner.x > outer.x, "nested items are further in");
    // Ordered at depth 1: `(n)`, starting where the author said.
    assert!(
        ls.iter().any(|l| l.text == "(3)"),
        "ordered lists honour start"
    );
    assert!(ls.iter().any(|l| l.text == "(4)"));
}

#[test]
fn deep_nesting_keeps_eight_ems_of_measure() {
    let mut block = para(&"深".repeat(40));
    for _ in 0..60 {
        block = Block::List {
            ordered: false,
            start: None,
            tight: true,
            items: vec![ListItem {
                checked: None,
                content: vec![block],
            }],
        };
    }
    let s = a6();
    let doc = handout_of(&s, vec![block]);
    let deepest = lines(&doc.pages[0])
        .into_iter()
        .find(|l| l.text.starts_with('深'))
        .unwrap();
    let right = s.page_width - s.margin_outer;
    assert!(right - deepest.x >= s.body_size * 8.0 - 0.01);
    assert_inside_text_area(&doc, &s);
}

#[test]
fn task_items_and_definition_lists() {
    let doc = handout_of(
        &a4(),
        vec![
            Block::List {
                ordered: false,
                start: None,
                tight: true,
                items: vec![
                    ListItem {
                        checked: Some(true),
                        content: vec![para("済み")],
                    },
                    ListItem {
                        checked: Some(false),
                        content: vec![para("未")],
                    },
                ],
            },
            Block::DefinitionList {
                items: vec![DefinitionItem {
                    term: vec![text("用語")],
                    definitions: vec![vec![para("定義")]],
                }],
            },
        ],
    );
    let ls = lines(&doc.pages[0]);
    let has = |t: &str| ls.iter().any(|l| l.text == t);
    assert!(has("☑") || has("[x]"));
    assert!(has("☐") || has("[ ]"));
    let term = ls.iter().find(|l| l.text == "用語").unwrap();
    let def = ls.iter().find(|l| l.text == "定義").unwrap();
    assert!(def.x > term.x && def.y > term.y);
}

#[test]
fn block_quote_has_a_grey_bar_beside_its_lines() {
    let doc = handout_of(
        &a4(),
        vec![Block::BlockQuote {
            content: vec![para("引用文です。")],
        }],
    );
    let page = &doc.pages[0];
    let quote = lines(page)
        .into_iter()
        .find(|l| l.text == "引用文です。")
        .unwrap();
    let bar = page
        .elements
        .iter()
        .find_map(|e| match e {
            Element::Rect {
                rect,
                fill: Some(c),
                ..
            } if *c == Color::gray(0.75) => Some(*rect),
            _ => None,
        })
        .expect("a bar");
    assert!(bar.right() < quote.x);
    assert!(bar.y < quote.y && quote.y < bar.bottom());
}

#[test]
fn link_notes_list_each_url_once_in_first_use_order() {
    let s = a4();
    let b = book(vec![para("本文")]);
    with_env(&s, &b, |env| {
        let mut c = Composer::new(env, &[]);
        // What the inline layer does for each link: the same URL keeps its number.
        for url in [
            "https://b.example/",
            "https://a.example/x",
            "https://b.example/",
        ] {
            c.notes.link(url);
        }
        let region = c.full_region();
        c.link_notes_section(&region);
        let texts = piece_texts(&c.flow.pieces);
        assert_eq!(
            texts,
            [
                "リンク",
                "1.",
                "https://b.example/",
                "2.",
                "https://a.example/x",
            ]
        );
        let uris: Vec<&str> = c
            .flow
            .pieces
            .iter()
            .flat_map(|p| &p.elements)
            .filter_map(|e| match e {
                Element::Link {
                    dest: LinkDest::Uri(u),
                    ..
                } => Some(u.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(uris, ["https://b.example/", "https://a.example/x"]);
        let anchors: Vec<&str> = c
            .flow
            .pieces
            .iter()
            .flat_map(|p| &p.anchors)
            .map(|a| a.0.as_str())
            .collect();
        assert!(anchors.contains(&"note:1") && anchors.contains(&"note:2"));
    });
}

#[test]
fn auto_table_layout_distributes_what_is_left_by_max_minus_min() {
    // Everything fits at max-content.
    assert_eq!(
        column_widths(&[10.0, 20.0], &[30.0, 40.0], 100.0),
        [30.0, 40.0]
    );
    // Between: min + share of (max − min).
    let w = column_widths(&[10.0, 10.0], &[110.0, 30.0], 80.0);
    assert!((w.iter().sum::<f32>() - 80.0).abs() < 1e-3);
    assert!((w[0] - (10.0 + 100.0 * 60.0 / 120.0)).abs() < 1e-3);
    // Not even min fits: scaled to the measure.
    let w = column_widths(&[60.0, 60.0], &[90.0, 90.0], 60.0);
    assert_eq!(w, [30.0, 30.0]);
}

#[test]
fn a_short_column_is_set_whole_before_long_ones_share_the_rest() {
    // 用語 | 分類 (`実行環境`, 40 pt) | 説明: the category column does not wrap.
    let w = column_widths(&[10.0, 10.0, 10.0], &[150.0, 40.0, 400.0], 300.0);
    assert_eq!(w[1], 40.0);
    assert!((w.iter().sum::<f32>() - 300.0).abs() < 1e-3, "{w:?}");
    assert!(w[2] > w[0], "{w:?}");
    // When setting short columns whole leaves too little for the others' min, they share again.
    let w = column_widths(&[10.0, 10.0, 250.0], &[20.0, 60.0, 400.0], 300.0);
    assert!((w.iter().sum::<f32>() - 300.0).abs() < 1e-3, "{w:?}");
    assert!(w[2] >= 250.0, "{w:?}");
}

#[test]
fn table_columns_fit_the_measure_and_wrap() {
    let s = a6();
    let long = "とても長いセルの内容で、列幅に収まらないので折り返されます。".repeat(2);
    let doc = handout_of(
        &s,
        vec![Block::Table {
            alignments: vec![Alignment::None, Alignment::None],
            header: vec![vec![text("短")], vec![text("長")]],
            rows: vec![vec![vec![text("a")], vec![text(&long)]]],
        }],
    );
    assert_inside_text_area(&doc, &s);
    let wrapped = lines(&doc.pages[0])
        .iter()
        .filter(|l| long.contains(l.text.as_str()) && !l.text.is_empty() && l.text != "a")
        .count();
    assert!(wrapped >= 2, "the long cell wraps");
}

use hanmoto_model::Alignment;

#[test]
fn an_english_post_gets_english_labels() {
    let s = a4();
    let mut b = book(vec![para("Hello.")]);
    b.posts[0].meta.lang = "en".into();
    b.posts[0].meta.author = None;
    let doc = with_env(&s, &b, |env| {
        let env = Env { lang: "en", ..env };
        let mut c = Composer::new(env, &[]);
        c.notes.link("https://example.com/");
        let region = c.full_region();
        c.title_block(&b, &b.posts[0], &region);
        c.link_notes_section(&region);
        let doc = Document {
            pages: super::super::post::pages_of(&c, None).pages,
            ..Document::default()
        };
        assert_eq!(super::super::handout(env, &b, 0).info.lang, "en");
        doc
    });
    let ls = lines(&doc.pages[0]);
    let texts: Vec<&str> = ls.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts[1], "January 18, 2015 · 本の著者");
    assert_eq!(texts[2], "Tags: docker");
    assert!(texts.contains(&"Links"));
}

#[test]
fn a_squeezed_table_breaks_between_words_not_inside_them() {
    let s = a6();
    let words = "Kubernetes orchestration scheduling replication controllers";
    let doc = handout_of(
        &s,
        vec![Block::Table {
            alignments: Vec::new(),
            header: vec![vec![text("A")], vec![text("B")], vec![text("C")]],
            rows: vec![vec![
                vec![text(words)],
                vec![text(words)],
                vec![text(words)],
            ]],
        }],
    );
    let cell_lines: Vec<String> = lines(&doc.pages[0])
        .into_iter()
        .map(|l| l.text)
        .filter(|t| words.split(' ').any(|w| t.contains(w)))
        .collect();
    assert!(!cell_lines.is_empty());
    for t in &cell_lines {
        for piece in t.split(' ').filter(|p| !p.is_empty()) {
            assert!(
                words.split(' ').any(|w| w == piece),
                "{piece:?} is a broken word ({cell_lines:?})"
            );
        }
    }
    assert_inside_text_area(&doc, &s);
}
