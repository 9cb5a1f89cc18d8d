//! Where pages break: headings kept with two lines, the 2/2 rule, code split between lines with a
//! tint per part, table headers repeated, space reserved for foot notes.

use hanmoto_model::{Alignment, Block};

use super::super::flow::{paginate, FootMeasure, NoFoot, Piece};
use super::super::inline::NoteRef;
use super::*;
use crate::frame::{Color, Document, Element};
use hanmoto_model::config::book_toml::LinkStyle;

/// Filler paragraphs of different lengths, so that across `k` the following block lands at every
/// height of a page.
fn filler(k: usize) -> Vec<Block> {
    (0..k)
        .map(|i| para(&"いろはにほへとちりぬるを".repeat(1 + i % 4)))
        .collect()
}

#[test]
fn heading_is_never_last_on_a_page() {
    let s = a6();
    let mut tested_near_bottom = false;
    for k in 0..40 {
        let mut blocks = filler(k);
        blocks.push(heading(2, "h", "見出しの行"));
        blocks.push(para(&"あ".repeat(200)));
        let doc = handout_of(&s, blocks);
        for page in &doc.pages {
            let ls = lines(page);
            if let Some(i) = ls.iter().position(|l| l.text == "見出しの行") {
                let after = ls[i + 1..]
                    .iter()
                    .filter(|l| l.text.starts_with('あ'))
                    .count();
                assert!(after >= 2, "k = {k}: heading with {after} line(s) after it");
                if i > 5 {
                    tested_near_bottom = true;
                }
            }
        }
    }
    assert!(tested_near_bottom);
}

#[test]
fn paragraph_split_leaves_two_lines_on_each_side() {
    let s = a6();
    let mut splits = 0;
    for k in 0..40 {
        let mut blocks = filler(k);
        blocks.push(para(&"あ".repeat(120)));
        let doc = handout_of(&s, blocks);
        let counts: Vec<usize> = doc
            .pages
            .iter()
            .map(|p| lines(p).iter().filter(|l| l.text.starts_with('あ')).count())
            .filter(|&n| n > 0)
            .collect();
        if counts.len() > 1 {
            splits += 1;
            assert!(counts.iter().all(|&n| n >= 2), "k = {k}: {counts:?}");
        }
    }
    assert!(
        splits > 3,
        "the paragraph straddled a break in only {splits} cases"
    );
}

fn is_code_tint(e: &Element) -> bool {
    matches!(e, Element::Rect { fill: Some(c), .. } if *c == Color::gray(0.955))
}

#[test]
fn code_block_splits_between_lines_with_a_tint_per_page() {
    let s = a6();
    let code: String = (0..60).map(|i| format!("let x{i} = {i};\n")).collect();
    let doc = handout_of(
        &s,
        vec![Block::CodeBlock {
            language: Some("rust".into()),
            line_numbers: false,
            text: code,
            tokens: Vec::new(),
        }],
    );
    let pages_with_code: Vec<_> = doc
        .pages
        .iter()
        .filter(|p| lines(p).iter().any(|l| l.text.starts_with("let x")))
        .collect();
    assert!(pages_with_code.len() >= 2);
    let mut seen = Vec::new();
    for p in &pages_with_code {
        let tints: Vec<_> = p.elements.iter().filter(|e| is_code_tint(e)).collect();
        assert_eq!(tints.len(), 1, "one tint per page part");
        let Element::Rect { rect, .. } = tints[0] else {
            unreachable!()
        };
        // The tint covers every code line of the page.
        for l in lines(p).iter().filter(|l| l.text.starts_with("let x")) {
            assert!(
                l.y > rect.y && l.y < rect.bottom(),
                "{l:?} outside {rect:?}"
            );
            seen.push(l.text.clone());
        }
    }
    // Every line once, in order, none split.
    let expected: Vec<String> = (0..60).map(|i| format!("let x{i} = {i};")).collect();
    assert_eq!(seen, expected);
    assert_inside_text_area(&doc, &s);
}

#[test]
fn table_header_repeats_after_a_page_break() {
    let s = a6();
    let rows = (0..60)
        .map(|i| vec![vec![text(&format!("行{i}"))], vec![text("値")]])
        .collect();
    let doc = handout_of(
        &s,
        vec![Block::Table {
            alignments: vec![Alignment::Left, Alignment::Right],
            header: vec![vec![text("名前")], vec![text("数")]],
            rows,
        }],
    );
    let table_pages: Vec<_> = doc
        .pages
        .iter()
        .filter(|p| lines(p).iter().any(|l| l.text.starts_with('行')))
        .collect();
    assert!(table_pages.len() >= 2);
    for p in &table_pages {
        let ls = lines(p);
        let head = ls
            .iter()
            .position(|l| l.text == "名前")
            .expect("header on every page");
        let first_row = ls.iter().position(|l| l.text.starts_with('行')).unwrap();
        assert!(head < first_row, "header above the rows");
    }
    let rows_seen: usize = table_pages
        .iter()
        .map(|p| lines(p).iter().filter(|l| l.text.starts_with('行')).count())
        .sum();
    assert_eq!(rows_seen, 60);
    assert_inside_text_area(&doc, &s);
}

struct FixedFoot(f32);

impl FootMeasure for FixedFoot {
    fn foot_height(&self, notes: &[NoteRef]) -> f32 {
        self.0 * notes.len() as f32
    }
}

#[test]
fn space_for_foot_notes_is_reserved_on_the_page_that_references_them() {
    let mut pieces: Vec<Piece> = (0..10).map(|_| Piece::blank(10.0)).collect();
    pieces[7].notes.push(NoteRef::Link(0));
    // 100 pt fit all ten lines without notes; with a 30 pt note the 8th line does not fit.
    assert_eq!(paginate(&pieces, 100.0, &NoFoot).len(), 1);
    let plans = paginate(&pieces, 100.0, &FixedFoot(30.0));
    assert_eq!(plans.len(), 2);
    assert!(plans[0].foot.is_empty());
    assert_eq!(plans[1].placed[0].piece, 7);
    assert_eq!(plans[1].foot, vec![NoteRef::Link(0)]);
}

#[test]
fn a_keep_chain_taller_than_a_page_still_breaks() {
    let pieces: Vec<Piece> = (0..30)
        .map(|_| Piece {
            keep_with_next: true,
            ..Piece::blank(10.0)
        })
        .collect();
    let plans = paginate(&pieces, 100.0, &NoFoot);
    assert_eq!(plans.len(), 3);
    let placed: usize = plans.iter().map(|p| p.placed.len()).sum();
    assert_eq!(placed, 30);
}

#[test]
fn space_before_is_dropped_at_the_top_of_a_page() {
    let pieces: Vec<Piece> = (0..4)
        .map(|_| Piece {
            space_before: 20.0,
            ..Piece::blank(30.0)
        })
        .collect();
    let plans = paginate(&pieces, 100.0, &NoFoot);
    // 30 + 20 + 30 = 80 fits, a third (+50) does not; the next page starts at y = 0.
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[1].placed[0].y, 0.0);
    assert_eq!(plans[0].placed[1].y, 50.0);
}

#[test]
fn notes_at_the_page_foot_sit_on_the_page_that_references_them() {
    use super::super::blocks::Composer;
    use super::super::post::pages_of;
    let s = Settings::for_paper(105.0, 148.0, LinkStyle::Footnotes);
    let blocks: Vec<Block> = (0..12)
        .map(|i| para(&format!("{i}番目の段落です。").repeat(6)))
        .collect();
    let b = book(blocks);
    with_env(&s, &b, |env| {
        let mut c = Composer::new(env, &b.posts[0].blocks);
        let region = c.full_region();
        c.blocks(&b.posts[0].blocks, &region);
        // What the inline layer reports for a link on a line near the end of the flow.
        let url = "https://example.com/a/very/long/path/that/wraps/in/a/narrow/column/index.html";
        let note = NoteRef::Link(c.notes.link(url));
        let at = c.flow.pieces.len() - 3;
        c.flow.pieces[at].notes.push(note);
        let foot = c.foot_notes(&region, true);
        let paged = pages_of(&c, Some(&foot));
        let (page, y) = paged.anchors["note:1"];
        let ls = lines(&paged.pages[page]);
        let url_line = ls
            .iter()
            .position(|l| url.starts_with(&l.text) && !l.text.is_empty());
        let url_line = url_line.expect("the URL at the foot of the page");
        // The note is the last thing on the page, under the body text, inside the text area.
        let last_body = ls.iter().rfind(|l| l.size == s.body_size).unwrap();
        assert!(last_body.y < y && y < ls[url_line].y);
        assert!(
            ls[url_line].y - last_body.y > 100.0,
            "at the foot, not right after the text"
        );
        assert!(ls[url_line..].iter().all(|l| l.size < s.body_size));
        let referencing = ls.iter().filter(|l| l.text.contains('番')).count();
        assert!(referencing > 0);
        let doc = Document {
            pages: paged.pages.clone(),
            ..Document::default()
        };
        assert_inside_text_area(&doc, &s);
        // Printed once, on that page only.
        let printed: usize = paged
            .pages
            .iter()
            .map(|p| {
                lines(p)
                    .iter()
                    .filter(|l| l.text.starts_with("https://example.com"))
                    .count()
            })
            .sum();
        assert_eq!(printed, 1);
    });
}

#[test]
fn an_image_line_taller_than_the_page_is_scaled_to_fit() {
    use super::super::flow::Flow;
    use super::super::inline::LineBox;
    use crate::frame::Rect;
    let line = LineBox {
        width: 100.0,
        ascent: 400.0,
        descent: 4.0,
        elements: vec![Element::Image {
            asset: hanmoto_model::AssetId(0),
            rect: Rect {
                x: 0.0,
                y: -400.0,
                width: 100.0,
                height: 400.0,
            },
        }],
        notes: Vec::new(),
        anchors: Vec::new(),
    };
    let mut flow = Flow::default();
    flow.push_lines(vec![line], 0.0, &[], true, 202.0);
    let p = &flow.pieces[0];
    assert!((p.height - 202.0).abs() < 0.01);
    let Element::Image { rect, .. } = p.elements[0] else {
        unreachable!()
    };
    assert!(
        (rect.width / rect.height - 0.25).abs() < 1e-4,
        "aspect kept"
    );
    assert!(rect.y >= -0.01 && rect.bottom() <= p.height + 0.01);
}

#[test]
fn block_quote_bar_is_drawn_on_each_page_it_spans() {
    let s = a6();
    let content = (0..12)
        .map(|i| para(&format!("引用{i}。").repeat(20)))
        .collect();
    let doc = handout_of(&s, vec![Block::BlockQuote { content }]);
    assert!(doc.pages.len() >= 2);
    for page in &doc.pages {
        let quoted = lines(page)
            .into_iter()
            .filter(|l| l.text.starts_with("引用"))
            .collect::<Vec<_>>();
        if quoted.is_empty() {
            continue;
        }
        let bars: Vec<_> = page
            .elements
            .iter()
            .filter_map(|e| match e {
                Element::Rect {
                    rect,
                    fill: Some(c),
                    ..
                } if *c == Color::gray(0.75) => Some(*rect),
                _ => None,
            })
            .collect();
        assert_eq!(bars.len(), 1);
        for l in quoted {
            assert!(bars[0].y < l.y && l.y < bars[0].bottom() + 0.01);
        }
    }
    assert_inside_text_area(&doc, &s);
}

#[test]
fn a_table_row_taller_than_the_page_is_cut_between_its_lines() {
    let s = a6();
    let cell: String = (0..400).map(|i| format!("長{i}")).collect();
    let doc = handout_of(
        &s,
        vec![Block::Table {
            alignments: Vec::new(),
            header: vec![vec![text("見出し")], vec![text("内容")]],
            rows: vec![vec![vec![text("一")], vec![text(&cell)]]],
        }],
    );
    assert!(doc.pages.len() >= 2);
    assert_inside_text_area(&doc, &s);
    let all: String = doc
        .pages
        .iter()
        .flat_map(lines)
        .filter(|l| {
            l.text.starts_with('長') || l.text.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .map(|l| l.text)
        .collect();
    assert!(
        all.contains("長0長1") && all.contains("長399"),
        "every line of the cell printed"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// For any flow: every piece lands exactly once, in order; a page overflows only when it holds
    /// a single piece taller than the page; a break falls after a keep only when the page is one
    /// unbroken keep chain.
    #[test]
    fn pagination_places_every_piece_once_and_respects_the_page(
        specs in proptest::collection::vec((0.0f32..150.0, 0.0f32..30.0, proptest::bool::weighted(0.4), proptest::option::weighted(0.2, 0.0f32..40.0)), 0..80),
        body in 50.0f32..400.0,
    ) {
        let pieces: Vec<Piece> = specs
            .iter()
            .map(|&(h, space, keep, note)| {
                let mut p = Piece { space_before: space, keep_with_next: keep, ..Piece::blank(h) };
                if note.is_some() {
                    p.notes.push(NoteRef::Link(0));
                }
                p
            })
            .collect();
        let foot = FixedFoot(12.0);
        let plans = paginate(&pieces, body, &foot);
        let order: Vec<usize> = plans.iter().flat_map(|p| p.placed.iter().map(|pl| pl.piece)).collect();
        proptest::prop_assert_eq!(order, (0..pieces.len()).collect::<Vec<_>>());
        for plan in &plans {
            let last = plan.placed.last().unwrap();
            let bottom = last.y + pieces[last.piece].height + foot.foot_height(&plan.foot);
            if plan.placed.len() > 1 {
                proptest::prop_assert!(bottom <= body + 0.02, "{} > {}", bottom, body);
            }
            proptest::prop_assert_eq!(plan.placed[0].y, 0.0);
        }
        for pair in plans.windows(2) {
            let last = pair[0].placed.last().unwrap().piece;
            if pieces[last].keep_with_next {
                // Broken inside a keep: only when the whole page is one chain.
                let first = pair[0].placed[0].piece;
                proptest::prop_assert!(pieces[first..last].iter().all(|p| p.keep_with_next));
            }
        }
    }
}
