//! Kinsoku (JLREQ 3.1.7–3.1.10): what may start and end a line.

use super::*;

/// A line of `before` Japanese characters, then `c`, then more text, at a 20-em measure: the
/// natural break puts `c` at the start of the second line.
fn at_line_start(c: char) -> (Vec<Item>, Vec<Line>) {
    set(&format!("{}{c}{}", "あ".repeat(20), "い".repeat(10)), 20.0)
}

fn assert_never_starts_line(cs: &str) {
    for c in cs.chars() {
        let (items, lines) = at_line_start(c);
        assert_clean(&items, &lines, 20.0);
        let t = texts(&items, &lines);
        assert!(t.iter().skip(1).all(|l| !l.starts_with(c)), "{c}: {t:?}");
    }
}

#[test]
fn kinsoku_keeps_closing_punctuation_off_line_start() {
    assert_never_starts_line("、。，．）」』】〕");
}

#[test]
fn kinsoku_keeps_middle_dots_colons_and_marks_off_line_start() {
    assert_never_starts_line("・：；？！");
}

#[test]
fn kinsoku_keeps_hyphens_and_wave_dash_off_line_start() {
    assert_never_starts_line("‐〜゠–");
}

#[test]
fn kinsoku_keeps_prolonged_sound_mark_off_line_start() {
    assert_never_starts_line("ー");
}

#[test]
fn kinsoku_keeps_small_kana_off_line_start() {
    assert_never_starts_line("ぁぃぅぇぉっゃゅょァィゥェォッャュョゎヮヵヶ");
}

#[test]
fn kinsoku_keeps_iteration_marks_off_line_start() {
    assert_never_starts_line("々ゝゞヽヾ");
}

#[test]
fn kinsoku_keeps_opening_brackets_off_line_end() {
    for c in "（「『【〔".chars() {
        let (items, lines) = set(&format!("{}{c}{}", "あ".repeat(19), "い".repeat(10)), 20.0);
        assert_clean(&items, &lines, 20.0);
        let t = texts(&items, &lines);
        assert!(t[0].ends_with('あ') && t[1].starts_with(c), "{c}: {t:?}");
    }
}

#[test]
fn kinsoku_never_splits_ellipsis_or_dash_pairs() {
    for pair in ["……", "——"] {
        let (items, lines) = set(
            &format!("{}{pair}{}", "あ".repeat(19), "い".repeat(10)),
            20.0,
        );
        assert_clean(&items, &lines, 20.0);
        assert!(
            texts(&items, &lines).iter().any(|l| l.contains(pair)),
            "{pair}"
        );
    }
}

#[test]
fn kinsoku_pushes_out_a_character_with_the_final_full_stop() {
    // 21 em of text at 20 em: `。` may not stand alone on the paragraph's last line, and even
    // half-width it does not fit, so a character goes down with it.
    let (items, lines) = set(&format!("{}。", "あ".repeat(20)), 20.0);
    assert_clean(&items, &lines, 20.0);
    assert_eq!(texts(&items, &lines), ["あ".repeat(19), "あ。".to_string()]);
    assert!(lines[0].justified && !lines[1].justified);
}

#[test]
fn kinsoku_pushes_in_a_full_stop_set_half_width_at_line_end() {
    let (items, lines) = set(&format!("{}。{}", "あ".repeat(19), "い".repeat(5)), 19.5);
    assert_clean(&items, &lines, 19.5);
    assert_eq!(texts(&items, &lines)[0], format!("{}。", "あ".repeat(19)));
    assert!((lines[0].width - 195.0).abs() < 0.01);
}

#[test]
fn kinsoku_keeps_closing_bracket_off_the_last_line_start() {
    let (items, lines) = set(&format!("{}」", "あ".repeat(20)), 20.0);
    assert_clean(&items, &lines, 20.0);
    assert_eq!(
        texts(&items, &lines).last().map(String::as_str),
        Some("あ」")
    );
}
