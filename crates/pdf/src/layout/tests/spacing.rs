//! Japanese–Latin space and punctuation compression (JLREQ 3.1, 3.2).

use super::*;

#[test]
fn quarter_em_between_japanese_and_latin() {
    let (items, lines) = set("Dockerは2015年", 40.0);
    assert!((gap_before(&items, &lines, 'は') - 2.5).abs() < 1e-4);
    assert!((gap_before(&items, &lines, '2') - 2.5).abs() < 1e-4);
    assert!((gap_before(&items, &lines, '年') - 2.5).abs() < 1e-4);
}

#[test]
fn no_japanese_latin_space_next_to_punctuation() {
    let (items, lines) = set("Docker、（Amazon）", 40.0);
    assert_eq!(gap_before(&items, &lines, '、'), 0.0);
    assert_eq!(gap_before(&items, &lines, 'A'), 0.0);
    assert_eq!(gap_before(&items, &lines, '）'), 0.0);
}

#[test]
fn adjacent_punctuation_is_compressed() {
    for (text, second) in [("ね。」と", '」'), ("（あ）、い", '、'), ("あ、「い", '「')]
    {
        let (items, lines) = set(text, 40.0);
        assert!(
            (gap_before(&items, &lines, second) + 5.0).abs() < 1e-4,
            "{text}"
        );
    }
}

#[test]
fn opening_bracket_at_line_start_may_be_half_width() {
    // 20.5 em of text at 20 em: the bracket at the start gives up its blank.
    let (_, lines) = set(&format!("「{}", "あ".repeat(19)), 19.5);
    assert_eq!(lines.len(), 1);
    assert!((lines[0].glyphs[0].x + 5.0).abs() < 1e-4);
    assert!((lines[0].width - 195.0).abs() < 0.01);
}
