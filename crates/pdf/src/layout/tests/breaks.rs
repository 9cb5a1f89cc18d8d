//! Break opportunities in URLs and words, forced breaks, boxes, degenerate input.

use super::*;

#[test]
fn url_breaks_after_a_slash() {
    let text =
        "資料はhttps://speakerdeck.com/tcnksm/coreoskurasutanidockerkontenawodepuroiにあります";
    let (items, lines) = set(text, 20.0);
    assert_clean(&items, &lines, 20.0);
    let t = texts(&items, &lines);
    assert!(t.iter().any(|l| l.ends_with('/')), "{t:?}");
}

/// The text on both sides of every break inside a run of `text` (UAX #14's or a `Url` one; not
/// at spaces) (`code`: all inline code).
fn run_breaks(text: &str, code: bool) -> Vec<String> {
    let items = items(text);
    let mask = vec![code; items.len()];
    let cs = chars(&items);
    boundaries_with_code(&items, &mask)
        .iter()
        .enumerate()
        .filter(|(i, b)| {
            matches!(b, Boundary::Url | Boundary::Normal)
                && *i > 0
                && *i < cs.len()
                && !cs[*i - 1].is_whitespace()
        })
        .map(|(i, _)| {
            let left: String = cs[..i].iter().collect();
            let right: String = cs[i..].iter().collect();
            format!("{left}|{right}")
        })
        .collect()
}

#[test]
fn urls_break_after_slashes_and_before_dots_queries_and_fragments() {
    let b = run_breaks("https://example.com/docs/index.html?q=1#top", false);
    for want in [
        "https://|example.com/docs/index.html?q=1#top",
        "https://example|.com/docs/index.html?q=1#top",
        "https://example.com/|docs/index.html?q=1#top",
        "https://example.com/docs/index|.html?q=1#top",
        "https://example.com/docs/index.html|?q=1#top",
        "https://example.com/docs/index.html?q|=1#top",
    ] {
        assert!(b.iter().any(|x| x == want), "{want} not in {b:#?}");
    }
    // Never inside `//`, never after a dot, never leaving fewer than two characters.
    assert!(!b.iter().any(|x| x.contains("/|/")), "{b:#?}");
    assert!(!b.iter().any(|x| x.contains(".|")), "{b:#?}");
    assert!(!b.iter().any(|x| x.ends_with("|p")), "{b:#?}");
}

#[test]
fn short_runs_never_break_inside() {
    for text in ["Node.js", "e.g.", "a_b_c", "x.y#z.w", "getX"] {
        assert_eq!(run_breaks(text, true), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn code_identifiers_break_at_camel_humps_and_snake_joints_only_in_code() {
    let b = run_breaks("getElementById", true);
    assert_eq!(b, ["get|ElementById", "getElement|ById", "getElementBy|Id"]);
    assert_eq!(run_breaks("getElementById", false), Vec::<String>::new());
    let b = run_breaks("max_image_dpi_value", false);
    assert_eq!(
        b,
        [
            "max_|image_dpi_value",
            "max_image_|dpi_value",
            "max_image_dpi_|value"
        ]
    );
}

#[test]
fn a_long_identifier_in_japanese_breaks_at_a_hump_not_by_letter_spacing() {
    // 10 em: the identifier (9 em) cannot sit after the Japanese text on the first line.
    let text = "設定はgetElementsByClassNameで読む";
    let items = items(text);
    let mask: Vec<bool> = chars(&items).iter().map(|c| c.is_ascii()).collect();
    let lines = break_paragraph_with_code(&items, &mask, 10.0 * EM, EM);
    assert_clean(&items, &lines, 10.0);
    let t = texts(&items, &lines);
    assert!(
        t.iter()
            .any(|l| l.ends_with("getElements") || l.ends_with("getElementsBy")),
        "{t:?}"
    );
    assert!(lines.iter().all(|l| !l.ragged), "{t:?}");
}

#[test]
fn handle_breaks_after_an_underscore_not_before() {
    let (items, lines) = set("see @kazunori_279 and @y_uuk1 there", 7.0);
    assert_clean(&items, &lines, 7.0);
    let t = texts(&items, &lines);
    assert!(t.iter().all(|l| !l.starts_with('_')), "{t:?}");
}

#[test]
fn over_long_word_breaks_instead_of_overflowing() {
    let (items, lines) = set("Supercalifragilisticexpialidocious", 5.0);
    assert_clean(&items, &lines, 5.0);
    assert!(lines.len() == 4 && lines.iter().all(|l| !l.overflow));
}

#[test]
fn forced_break_ends_an_unjustified_line() {
    let (items, lines) = set("あいう\nえお", 20.0);
    assert_eq!(texts(&items, &lines), ["あいう", "えお"]);
    assert!(!lines[0].justified && lines[0].end == 4);
}

#[test]
fn inline_boxes_are_placed_side_by_side_and_broken_between() {
    let items = vec![
        Item::Box { width: 150.0 },
        Item::Box { width: 75.0 },
        Item::Box { width: 150.0 },
    ];
    let lines = break_paragraph(&items, 300.0, EM);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].glyphs[1].x, 150.0);
}

#[test]
fn degenerate_input_does_not_panic() {
    assert!(break_paragraph(&[], 100.0, EM).is_empty());
    for measure in [0.0, -5.0, f32::NAN, f32::INFINITY, 1e-3] {
        for em in [0.0, -1.0, f32::NAN, EM] {
            let lines = break_paragraph(&items("「あ」、Docker。 x\n"), measure, em);
            assert!(!lines.is_empty());
        }
    }
    for text in [
        "   ",
        "\n\n",
        "\nあ",
        "「",
        "」",
        "\u{AD}",
        "a\u{AD}\u{AD}b",
        "e\u{301}\u{200D}x",
    ] {
        let items = items(text);
        let lines = break_paragraph(&items, 30.0, EM);
        assert_eq!(lines.last().map(|l| l.end), Some(items.len()), "{text:?}");
    }
    let huge = items(&"a".repeat(10_000));
    assert!(!break_paragraph(&huge, 1e9, EM).is_empty());
}

#[test]
#[ignore = "timing, run with --ignored --nocapture"]
fn long_paragraph_timing() {
    let text = SAMPLE.repeat(40);
    let items = hyphenate(&items(&text), 5.0);
    let t = std::time::Instant::now();
    let lines = break_paragraph(&items, 43.2 * EM, EM);
    eprintln!(
        "{} items, {} lines in {:?}",
        items.len(),
        lines.len(),
        t.elapsed()
    );
}

/// Lines longer than the breaker considers (a paragraph of 4,900 items at a huge measure): the
/// pruned search stops where the full search stops, with the same lines.
#[test]
fn pruned_search_matches_full_search_past_the_longest_line() {
    use crate::layout::linebreak::break_paragraph_unpruned;
    let text = "あいう abc、「かな」".repeat(350);
    for measure in [1e9, 3000.0 * EM] {
        let items = items(&text);
        assert_eq!(
            break_paragraph(&items, measure, EM),
            break_paragraph_unpruned(&items, measure, EM)
        );
    }
}
