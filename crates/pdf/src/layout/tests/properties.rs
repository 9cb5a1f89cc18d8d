//! Properties that hold for all input.

use proptest::prelude::*;

use super::*;

/// Random Japanese text: kana, kanji, punctuation, brackets, Latin words, ellipses.
fn japanese_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        4 => "[あ-んア-ン一-龠]{1,6}",
        1 => "[、。，．」』）】〕・ーっゃョ？！：；々ゝ〜]",
        1 => "[「（『【〔]",
        1 => "[A-Za-z0-9]{1,14}",
        1 => Just(" ".to_string()),
        1 => Just("……".to_string()),
        1 => "https://[a-z]{1,8}\\.com/[a-z_]{1,10}",
    ];
    prop::collection::vec(token, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn no_line_breaks_kinsoku_or_overflows(text in japanese_text(), measure_em in 2.0f32..45.0) {
        let items = hyphenate(&items(&text), 0.5 * EM);
        let lines = break_paragraph(&items, measure_em * EM, EM);
        let v = violations(&items, &lines, measure_em * EM, EM);
        prop_assert!(v.is_empty(), "{:?} in {:?}", v, texts(&items, &lines));
    }
}

/// Any characters, any advances (negative, NaN, infinite), any measure: no panic, and the lines
/// cover the paragraph in order.
fn any_item() -> impl Strategy<Value = Item> {
    let advance = prop_oneof![
        8 => 0.0f32..20.0,
        1 => Just(f32::NAN),
        1 => Just(f32::INFINITY),
        1 => -20.0f32..0.0,
    ];
    prop_oneof![
        8 => (any::<char>(), advance.clone()).prop_map(|(ch, advance)| Item::Char { ch, advance }),
        1 => advance.clone().prop_map(|width| Item::Box { width }),
        1 => advance.prop_map(|width| Item::Formula { width }),
        1 => Just(Item::ForcedBreak),
    ]
}

proptest! {
    #[test]
    fn any_input_is_broken_without_panic(
        items in prop::collection::vec(any_item(), 0..80),
        measure in prop_oneof![-10.0f32..400.0, Just(f32::NAN), Just(0.0)],
        em in prop_oneof![0.0f32..20.0, Just(f32::NAN)],
    ) {
        let lines = break_paragraph(&items, measure, em);
        let mut next = 0;
        for l in &lines {
            prop_assert_eq!(l.start, next);
            prop_assert!(l.start <= l.content_end && l.content_end <= l.end);
            prop_assert!(l.width.is_finite());
            next = l.end;
        }
        prop_assert_eq!(next, items.len());
    }
}

/// Random Japanese text with forced breaks, long URLs and runs of unbreakable Latin, the input
/// where many candidate lines are certainly ragged and the pruning has most to skip.
fn ragged_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        3 => "[あ-んア-ン一-龠]{1,6}",
        1 => "[、。」）・ー]",
        1 => "[「（]",
        2 => "[A-Za-z0-9]{1,30}",
        1 => Just(" ".to_string()),
        1 => Just("\n".to_string()),
        2 => "https://[a-z]{1,8}\\.com/[a-z_/.?=&-]{1,60}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|v| v.concat())
}

proptest! {
    /// The pruned search finds the lines the full search finds, bit for bit.
    #[test]
    fn pruned_search_matches_full_search(text in ragged_text(), measure_em in 0.5f32..60.0) {
        use crate::layout::linebreak::break_paragraph_unpruned;
        for items in [items(&text), hyphenate(&items(&text), 0.5 * EM)] {
            prop_assert_eq!(
                break_paragraph(&items, measure_em * EM, EM),
                break_paragraph_unpruned(&items, measure_em * EM, EM)
            );
        }
    }

    /// The same for any items, advances and measure.
    #[test]
    fn pruned_search_matches_full_search_on_any_input(
        items in prop::collection::vec(any_item(), 0..80),
        measure in prop_oneof![-10.0f32..400.0, Just(f32::NAN), Just(0.0)],
        em in prop_oneof![0.0f32..20.0, Just(f32::NAN)],
    ) {
        use crate::layout::linebreak::break_paragraph_unpruned;
        prop_assert_eq!(
            break_paragraph(&items, measure, em),
            break_paragraph_unpruned(&items, measure, em)
        );
    }
}
