//! Plain and styled text: positions from the breaker, extraction, alignment, indent, breaks,
//! missing characters.

use super::*;
use crate::layout::{break_paragraph, Item};

const DOCKER: &str = "Dockerはアプリケーションのポータビリティをもたらしてくれました。";

#[test]
fn glyphs_sit_at_the_breakers_x_positions() {
    let mut f = Fixture::a4();
    let width = 150.0;
    let lines = f.body(&[text(DOCKER)], width);
    // The same paragraph through the breaker directly: one item per char, shaped advances.
    let shaped = fonts().shape(Role::Body, DOCKER, SIZE, Some("ja"));
    let mut items: Vec<Item> = DOCKER
        .chars()
        .map(|ch| Item::Char { ch, advance: 0.0 })
        .collect();
    let offsets: Vec<usize> = DOCKER.char_indices().map(|(b, _)| b).collect();
    for (_, g) in shaped.glyphs() {
        let i = offsets.partition_point(|&b| b < g.cluster.start);
        if let Item::Char { advance, .. } = &mut items[i] {
            *advance += g.x_advance;
        }
    }
    let expected = break_paragraph(&items, width, SIZE);
    assert_eq!(lines.len(), expected.len());
    assert!(lines.len() >= 2, "the sentence wraps at 150 pt");
    for (line, exp) in lines.iter().zip(&expected) {
        let glyphs = main_glyphs(line);
        assert_eq!(glyphs.len(), exp.glyphs.len());
        for (g, e) in glyphs.iter().zip(&exp.glyphs) {
            assert!(
                (g.x - e.x).abs() < 0.001,
                "{} at {} not {}",
                g.text,
                g.x,
                e.x
            );
        }
    }
    // Concretely, on one unjustified line: a quarter em between `Docker` and `は`, then the
    // full-width grid.
    let lines = f.body(&[text(DOCKER)], 400.0);
    assert_eq!(lines.len(), 1);
    let g = main_glyphs(&lines[0]);
    let docker_width: f32 = g[..6].iter().map(|g| g.advance).sum();
    assert_eq!(g[6].text, "は");
    assert!((g[6].x - docker_width - 0.25 * SIZE).abs() < 0.001);
    for w in g[6..].windows(2) {
        assert!(
            (w[1].x - w[0].x - SIZE).abs() < 0.001,
            "{} {}",
            w[0].text,
            w[1].text
        );
    }
    assert_eq!(extracted(&lines), DOCKER);
}

#[test]
fn justified_lines_fill_the_measure_and_the_last_starts() {
    let mut f = Fixture::a4();
    let lines = f.body(&[text(DOCKER), text(DOCKER)], 200.0);
    for line in &lines[..lines.len() - 1] {
        let last = main_glyphs(line)
            .into_iter()
            .max_by(|a, b| a.x.total_cmp(&b.x))
            .unwrap();
        assert!(
            (last.x + last.advance - 200.0).abs() < 0.6,
            "ends at {}",
            last.x + last.advance
        );
    }
}

#[test]
fn centred_lines_are_set_at_natural_width_and_shifted() {
    let mut f = Fixture::a4();
    let mut style = TextStyle::new(Role::Heading, 16.0);
    style.align = Align::Center;
    let lines = f.lay(&[text("アプリケーションからサービスへ")], &style, 400.0);
    assert_eq!(lines.len(), 1);
    let g = main_glyphs(&lines[0]);
    let left = g[0].x;
    let right = g.last().map(|g| g.x + g.advance).unwrap();
    assert!((left - (400.0 - right)).abs() < 0.01, "{left} vs {right}");
    // Start alignment: no justification stretch on a broken line.
    style.align = Align::Start;
    let lines = f.lay(&[text(DOCKER)], &style, 200.0);
    assert!(lines.len() > 1);
    let g = main_glyphs(&lines[0]);
    for w in g.windows(2).skip(7) {
        assert!(
            (w[1].x - w[0].x - w[0].advance).abs() < 0.001,
            "gap after {}",
            w[0].text
        );
    }
}

#[test]
fn first_line_indent_moves_only_the_first_line() {
    let mut f = Fixture::a4();
    let mut style = TextStyle::new(Role::Body, SIZE);
    style.first_indent = SIZE;
    let lines = f.lay(&[text(DOCKER)], &style, 150.0);
    assert!((main_glyphs(&lines[0])[0].x - SIZE).abs() < 0.001);
    assert!(main_glyphs(&lines[1])[0].x.abs() < 0.001);
    assert_eq!(extracted(&lines), DOCKER);
}

#[test]
fn line_break_forces_a_new_line() {
    let mut f = Fixture::a4();
    let lines = f.body(&[text("一行目"), Inline::LineBreak, text("二行目")], 400.0);
    assert_eq!(lines.len(), 2);
    assert_eq!(extracted(&lines[..1]), "一行目");
    assert_eq!(extracted(&lines[1..]), "二行目");
}

#[test]
fn trimmed_spaces_still_separate_the_words_in_the_text() {
    let mut f = Fixture::a4();
    let src = "Service, Replication Controller, Pod and many other concepts of Kubernetes";
    let lines = f.body(&[text(src)], 120.0);
    assert!(lines.len() > 2);
    assert_eq!(extracted(&lines), src);
}

#[test]
fn missing_character_is_reported_once_per_post() {
    let mut f = Fixture::a4();
    f.body(&[text("象形文字𓀀と𓀀")], 300.0);
    f.body(&[text("また𓀀")], 300.0);
    let d = std::mem::take(&mut f.diagnostics).into_sorted();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].code, "font-missing-char");
    assert!(d[0].message.contains("U+13000"));
}

#[test]
fn leading_sets_the_line_height() {
    let mut f = Fixture::a4();
    let lines = f.body(&[text(DOCKER)], 150.0);
    for l in &lines {
        assert!((l.height() - SIZE * 1.75).abs() < 0.001);
    }
}

#[test]
fn hyphenated_words_show_a_hyphen_that_is_not_text() {
    let mut f = Fixture::a4();
    let src = "Orchestration infrastructure internationalization considerations everywhere";
    let lines = f.body(&[text(src)], 90.0);
    let hyphens: Vec<&PlacedGlyph> = lines
        .iter()
        .flat_map(main_glyphs)
        .filter(|g| !g.extract)
        .collect();
    assert!(!hyphens.is_empty(), "a narrow measure hyphenates");
    assert!(hyphens.iter().all(|g| g.text == "-"));
    assert_eq!(extracted(&lines), src);
}

#[test]
fn no_hyphenation_when_the_style_says_so() {
    let mut f = Fixture::a4();
    let mut style = TextStyle::new(Role::Body, SIZE);
    style.hyphenate = false;
    let src = "Orchestration infrastructure internationalization considerations everywhere";
    let lines = f.lay(&[text(src)], &style, 90.0);
    assert!(lines.iter().flat_map(main_glyphs).all(|g| g.extract));
}

#[test]
fn a_line_of_spaces_keeps_the_text_leading() {
    let mut f = Fixture::a4();
    let lines = f.body(&[text("   ")], 300.0);
    assert_eq!(lines.len(), 1);
    assert!((lines[0].height() - SIZE * 1.75).abs() < 0.001);
}
