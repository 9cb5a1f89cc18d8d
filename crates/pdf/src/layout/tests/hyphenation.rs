//! Soft hyphens and English hyphenation.

use super::*;

#[test]
fn soft_hyphen_takes_room_only_at_a_line_end() {
    let mut items = items("あいう extra");
    items.insert(
        6,
        Item::Char {
            ch: '\u{AD}',
            advance: 5.0,
        },
    );
    items.extend(self::items("ordinary"));
    // あいう (30) + space (2.5) + ex (10) + hyphen (5) is exactly the measure.
    let lines = break_paragraph(&items, 47.5, EM);
    let t = texts(&items, &lines);
    assert_eq!(t[0], "あいう ex\u{AD}", "{t:?}");
    let hyphen = lines[0].glyphs.last().map(|g| g.advance);
    assert_eq!(hyphen, Some(5.0));
    assert!(lines[0].justified && (lines[0].width - 47.5).abs() < 0.01);
    let unbroken = break_paragraph(&items, 200.0, EM);
    assert!(unbroken[0]
        .glyphs
        .iter()
        .filter(|g| g.index == 6)
        .all(|g| g.advance == 0.0));
}

#[test]
fn hyphenation_marks_english_words_but_not_urls_or_handles() {
    let marked = |text: &str| -> String {
        chars(&hyphenate(&items(text), 5.0))
            .iter()
            .map(|&c| if c == '\u{AD}' { '~' } else { c })
            .collect()
    };
    assert_eq!(marked("orchestration"), "or~ches~tra~tion");
    assert_eq!(marked("Kubernetesの話"), "Ku~ber~netesの話");
    assert_eq!(
        marked("https://speakerdeck.com/orchestration"),
        "https://speakerdeck.com/orchestration"
    );
    assert_eq!(marked("@spesnova_orchestration"), "@spesnova_orchestration");
}

#[test]
fn hyphenated_latin_paragraph_is_justified_in_a_narrow_measure() {
    let text = "Docker brought portability to applications. To deploy an application and run it as a service, you need orchestration and monitoring around it as well.";
    let (items, lines) = set(text, 30.0);
    assert!(
        lines.iter().any(|l| l.ragged),
        "without hyphenation a line is ragged"
    );
    let (items_h, lines_h) = set_hyphenated(text, 30.0);
    assert_clean(&items_h, &lines_h, 30.0);
    assert!(
        lines_h.iter().all(|l| !l.ragged),
        "{:?}",
        texts(&items_h, &lines_h)
    );
    assert_clean(&items, &lines, 30.0);
}
