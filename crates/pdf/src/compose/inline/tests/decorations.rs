//! Code, strong, emphasis, strikethrough, scripts, ruby, math and code blocks.

use super::*;
use crate::frame::{Rect, Segment};

fn tints(line: &LineBox) -> Vec<Rect> {
    line.elements
        .iter()
        .filter_map(|e| match e {
            Element::Rect {
                rect,
                fill: Some(_),
                stroke: None,
            } => Some(*rect),
            _ => None,
        })
        .collect()
}

fn segments(line: &LineBox) -> Vec<&Segment> {
    text_lines(line)
        .filter(|t| t.origin.y == 0.0)
        .flat_map(|t| t.segments.iter())
        .collect()
}

#[test]
fn code_is_mono_on_a_tint_per_line_fragment() {
    let mut f = Fixture::a4();
    let code = "docker run --rm -it --name web -p 8080:80 nginx:latest";
    let inlines = [
        text("コンテナは"),
        Inline::code(code),
        text("で起動します。"),
    ];
    let lines = f.body(&inlines, 200.0);
    assert!(lines.len() >= 2);
    let mono = fonts().chain(Role::Mono)[0];
    let mut fragments = 0;
    for l in &lines {
        let t = tints(l);
        assert!(t.len() <= 1);
        fragments += t.len();
        for s in segments(l).into_iter().filter(|s| s.face == mono) {
            assert!((s.size - SIZE * 0.9).abs() < 0.001);
            for g in &s.glyphs {
                assert!(g.x >= t[0].x && g.x + g.advance <= t[0].right() + 0.001);
            }
        }
    }
    assert!(fragments >= 2, "the code spans lines");
    assert_eq!(extracted(&lines), format!("コンテナは{code}で起動します。"));
}

#[test]
fn code_is_never_stretched_by_justification() {
    let mut f = Fixture::a4();
    let inlines = [
        text("設定は"),
        Inline::code("a b c d e"),
        text("のように書きますが、行を揃えるために字間が広がることがあります。"),
    ];
    let lines = f.body(&inlines, 180.0);
    let mono = fonts().chain(Role::Mono)[0];
    let g: Vec<&PlacedGlyph> = segments(&lines[0])
        .into_iter()
        .filter(|s| s.face == mono)
        .flat_map(|s| s.glyphs.iter())
        .collect();
    assert_eq!(g.len(), 9);
    for w in g.windows(2) {
        assert!((w[1].x - w[0].x - w[0].advance).abs() < 0.001);
    }
}

#[test]
fn strong_is_gothic_and_emphasis_has_sesame_dots() {
    let mut f = Fixture::a4();
    let inlines = [
        Inline::Strong {
            content: vec![text("太字")],
        },
        Inline::Emphasis {
            content: vec![text("強調、A")],
        },
    ];
    let lines = f.body(&inlines, 400.0);
    let gothic = fonts().chain(Role::Heading)[0];
    let segs = segments(&lines[0]);
    assert_eq!(segs[0].face, gothic);
    assert_eq!(segs[0].glyphs.len(), 2);
    let dots: Vec<&TextLine> = text_lines(&lines[0]).filter(|t| t.origin.y < 0.0).collect();
    assert_eq!(dots.len(), 1);
    let dot_glyphs: Vec<&PlacedGlyph> = dots[0].segments.iter().flat_map(|s| &s.glyphs).collect();
    // 強 and 調 get a dot; the comma does not, nor the Latin A (it is italic instead).
    assert_eq!(dot_glyphs.len(), 2);
    let italic = fonts().chain(Role::Emphasis)[0];
    let a = segs.iter().find(|s| s.glyphs.iter().any(|g| g.text == "A"));
    assert_eq!(a.map(|s| s.face), Some(italic));
    assert!(dot_glyphs.iter().all(|g| !g.extract));
    // Their ink centred over their characters.
    let main = main_glyphs(&lines[0]);
    let kyo = main.iter().find(|g| g.text == "強").unwrap();
    let d = dot_glyphs[0];
    let face = fonts().face(dots[0].segments[0].face);
    let b = face
        .rb()
        .glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(d.gid))
        .unwrap();
    let scale = dots[0].segments[0].size / f32::from(face.units_per_em());
    let ink_mid = d.x + (f32::from(b.x_min) + f32::from(b.x_max)) / 2.0 * scale;
    assert!((ink_mid - (kyo.x + kyo.advance / 2.0)).abs() < 0.01);
    assert!(dots[0].origin.y < -0.5 * SIZE);
    assert!(lines[0].ascent >= -dots[0].origin.y);
    assert_eq!(extracted(&lines), "太字強調、A");
}

#[test]
fn strikethrough_draws_a_rule_through_the_text() {
    let mut f = Fixture::a4();
    let lines = f.body(
        &[
            text("前"),
            Inline::Strikethrough {
                content: vec![text("取り消し")],
            },
        ],
        400.0,
    );
    let rules: Vec<(f32, f32, f32)> = lines[0]
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Rule { from, to, .. } => Some((from.x, to.x, from.y)),
            _ => None,
        })
        .collect();
    assert_eq!(rules.len(), 1);
    let (x0, x1, y) = rules[0];
    assert!((x0 - SIZE).abs() < 0.01 && (x1 - 5.0 * SIZE).abs() < 0.01);
    assert!(y < 0.0 && y > -0.88 * SIZE);
}

#[test]
fn superscript_and_subscript_are_smaller_and_shifted() {
    let mut f = Fixture::a4();
    let lines = f.body(
        &[
            text("E=mc"),
            Inline::Superscript {
                content: vec![text("2")],
            },
            text("H"),
            Inline::Subscript {
                content: vec![text("2")],
            },
            text("O"),
        ],
        400.0,
    );
    let segs = segments(&lines[0]);
    let rises: Vec<f32> = segs
        .iter()
        .filter(|s| s.size < SIZE)
        .map(|s| s.rise)
        .collect();
    assert_eq!(rises.len(), 2);
    assert!(rises[0] > 0.0 && rises[1] < 0.0);
    assert_eq!(extracted(&lines), "E=mc2H2O");
}

#[test]
fn ruby_reading_is_centred_above_its_base() {
    let mut f = Fixture::a4();
    let lines = f.body(
        &[
            text("これは"),
            Inline::Ruby {
                base: "漢字".into(),
                text: "かんじ".into(),
            },
            text("です。"),
        ],
        400.0,
    );
    let ruby: Vec<&TextLine> = text_lines(&lines[0]).filter(|t| t.origin.y < 0.0).collect();
    assert_eq!(ruby.len(), 1);
    let rg: Vec<&PlacedGlyph> = ruby[0].segments.iter().flat_map(|s| &s.glyphs).collect();
    assert_eq!(
        rg.iter().map(|g| g.text.as_str()).collect::<String>(),
        "かんじ"
    );
    assert!(rg.iter().all(|g| !g.extract));
    assert!((ruby[0].segments[0].size - SIZE / 2.0).abs() < 0.001);
    let main = main_glyphs(&lines[0]);
    let kan = main.iter().find(|g| g.text == "漢").unwrap();
    let ji = main.iter().find(|g| g.text == "字").unwrap();
    let base_mid = (kan.x + ji.x + ji.advance) / 2.0;
    let ruby_mid = (rg[0].x + rg[2].x + rg[2].advance) / 2.0;
    assert!((base_mid - ruby_mid).abs() < 0.01);
    // On top of the base's em box, and the line grew to hold it.
    assert!(ruby[0].origin.y <= -0.88 * SIZE);
    assert!(lines[0].ascent >= -ruby[0].origin.y + 0.88 * SIZE / 2.0 - 0.01);
    assert_eq!(extracted(&lines), "これは漢字です。");
}

#[test]
fn ruby_base_is_never_broken() {
    for width in (30..=120).step_by(5) {
        let mut f = Fixture::a4();
        let lines = f.body(
            &[
                text("あいうえお"),
                Inline::Ruby {
                    base: "東京都".into(),
                    text: "とうきょうと".into(),
                },
                text("かきくけこ"),
            ],
            width as f32,
        );
        for l in &lines {
            let t = extracted(std::slice::from_ref(l));
            assert!(!t.contains('東') || t.contains("東京都"), "{t} at {width}");
        }
    }
}

#[test]
fn math_shows_its_tex_in_code_style() {
    let mut f = Fixture::a4();
    let lines = f.body(
        &[Inline::Math {
            tex: "x^2".into(),
            mathml: None,
        }],
        400.0,
    );
    assert_eq!(extracted(&lines), "$x^2$");
    assert_eq!(tints(&lines[0]).len(), 1);
}

#[test]
fn code_block_keeps_spaces_expands_tabs_and_marks_wrapped_lines() {
    let mut f = Fixture::a4();
    let mut style = TextStyle::new(Role::Mono, 9.0);
    style.preformatted = true;
    style.leading = 9.0 * 1.4;
    let src = "fn main() {\n\tlet x = 1;\n\n    println!(\"{}\", \"a very long string that cannot fit on one line of the measure\");\n}";
    let lines = f.lay(&[text(src)], &style, 200.0);
    let expected = src.replace('\t', "    ").replace('\n', "");
    assert_eq!(extracted(&lines), expected);
    // 5 source lines, the long one wrapped at least once.
    assert!(lines.len() > 5);
    assert!(extracted(&lines[2..3]).is_empty(), "the empty line is kept");
    let marks: usize = lines
        .iter()
        .map(|l| {
            main_glyphs(l)
                .iter()
                .filter(|g| g.text == "↪" && !g.extract)
                .count()
        })
        .sum();
    assert_eq!(marks, lines.len() - 5);
    for l in &lines {
        for g in main_glyphs(l) {
            assert!(g.x + g.advance <= 200.0 + 0.01);
        }
    }
    // The tab went to column 4: `let` starts 4 advances in.
    let second = main_glyphs(&lines[1]);
    let adv = second[0].advance;
    let l = second.iter().find(|g| g.text == "l").unwrap();
    assert!((l.x - 4.0 * adv).abs() < 0.001);
}

#[test]
fn code_tint_does_not_cover_a_trailing_space() {
    let mut f = Fixture::a4();
    let lines = f.body(&[Inline::code("ab "), text("です")], 400.0);
    let t = tints(&lines[0]);
    assert_eq!(t.len(), 1);
    let g = main_glyphs(&lines[0]);
    let b = g.iter().find(|g| g.text == "b").unwrap();
    assert!(t[0].right() < b.x + b.advance + 0.2 * SIZE);
}

/// The width between the glyph before and the glyph after a ruby base.
fn ruby_group(before: &str, after: &str) -> (f32, Vec<LineBox>) {
    let mut f = Fixture::a4();
    let lines = f.body(
        &[
            text(before),
            Inline::Ruby {
                base: "東".into(),
                text: "ひがしがわ".into(),
            },
            text(after),
        ],
        400.0,
    );
    let g = main_glyphs(&lines[0]);
    let prev = g.iter().find(|g| g.text == before).unwrap();
    let next = g.iter().find(|g| g.text == after).unwrap();
    (next.x - (prev.x + prev.advance), lines)
}

#[test]
fn long_ruby_overhangs_kana_but_not_kanji() {
    let reading = 5.0 * SIZE / 2.0;
    // Between kana: one ruby character of overhang on each side.
    let (kana_gap, lines) = ruby_group("の", "を");
    assert!((kana_gap - (reading - SIZE)).abs() < 0.01, "{kana_gap}");
    assert_eq!(extracted(&lines), "の東を");
    // Between kanji: the group is as wide as the reading.
    let (kanji_gap, _) = ruby_group("山", "川");
    assert!((kanji_gap - reading).abs() < 0.01, "{kanji_gap}");
}

#[test]
fn overhanging_ruby_stays_inside_the_measure_at_line_edges() {
    let mut starts_a_line = false;
    for width in (40..=160).step_by(2) {
        let width = width as f32;
        let mut f = Fixture::a4();
        let lines = f.body(
            &[
                text("あいうえおかきくけこの"),
                Inline::Ruby {
                    base: "東".into(),
                    text: "ひがしがわ".into(),
                },
                text("をみるのです"),
            ],
            width,
        );
        for (i, l) in lines.iter().enumerate() {
            starts_a_line |= i > 0 && first_glyph(l).is_some_and(|g| g.text == "東");
            for t in text_lines(l).filter(|t| t.origin.y < 0.0) {
                for g in t.segments.iter().flat_map(|s| &s.glyphs) {
                    assert!(
                        g.x >= -0.01 && g.x + g.advance <= width + 0.01,
                        "at {width}"
                    );
                }
            }
        }
    }
    assert!(starts_a_line, "some measure puts the ruby at a line start");
}

/// The face of the main-line glyph whose text is `t`.
fn face_of(line: &LineBox, t: &str) -> Option<crate::fonts::FaceId> {
    segments(line)
        .into_iter()
        .find(|s| s.glyphs.iter().any(|g| g.text == t))
        .map(|s| s.face)
}

fn dot_count(line: &LineBox) -> usize {
    text_lines(line)
        .filter(|t| t.origin.y < 0.0)
        .flat_map(|t| t.segments.iter().flat_map(|s| &s.glyphs))
        .count()
}

fn ps(face: Option<crate::fonts::FaceId>) -> Option<&'static str> {
    face.map(|id| fonts().face(id).postscript_name())
}

#[test]
fn english_emphasis_is_italic_without_dots_and_japanese_emphasis_keeps_them() {
    let mut f = Fixture::a4();
    let lines = f.body(
        &[
            text("Read "),
            Inline::Emphasis {
                content: vec![text("Typography")],
            },
            text(" now"),
        ],
        400.0,
    );
    assert_eq!(lines.len(), 1);
    assert_eq!(ps(face_of(&lines[0], "T")), Some("LiberationSerif-Italic"));
    assert_eq!(ps(face_of(&lines[0], "R")), Some("LiberationSerif"));
    assert_eq!(dot_count(&lines[0]), 0);
    assert_eq!(extracted(&lines), "Read Typography now");

    // Mixed: 日本語 dotted (3 dots), `style` italic and undotted, ¼ em between 語 and s.
    let lines = f.body(
        &[Inline::Emphasis {
            content: vec![text("日本語style")],
        }],
        400.0,
    );
    assert_eq!(dot_count(&lines[0]), 3);
    assert_eq!(ps(face_of(&lines[0], "日")), Some("IPAexMincho"));
    assert_eq!(ps(face_of(&lines[0], "s")), Some("LiberationSerif-Italic"));
    let g = main_glyphs(&lines[0]);
    let go = g.iter().find(|g| g.text == "語").unwrap();
    let s = g.iter().find(|g| g.text == "s").unwrap();
    assert!((s.x - go.x - go.advance - 0.25 * SIZE).abs() < 0.001);
    // The dots sit over the kanji only: every dot's x is left of `s`.
    let dots: Vec<f32> = text_lines(&lines[0])
        .filter(|t| t.origin.y < 0.0)
        .flat_map(|t| t.segments.iter().flat_map(|s| s.glyphs.iter().map(|g| g.x)))
        .collect();
    assert!(dots.iter().all(|&x| x < s.x), "{dots:?} vs {}", s.x);
}

#[test]
fn strong_latin_is_bold_and_strong_japanese_is_gothic() {
    let mut f = Fixture::a4();
    let lines = f.body(
        &[
            Inline::Strong {
                content: vec![text("Bold 太字")],
            },
            text(" Plain"),
        ],
        400.0,
    );
    assert_eq!(ps(face_of(&lines[0], "B")), Some("LiberationSerif-Bold"));
    assert_eq!(ps(face_of(&lines[0], "太")), Some("IPAexGothic"));
    assert_eq!(ps(face_of(&lines[0], "P")), Some("LiberationSerif"));
    // The bold is wider than the regular for the same word.
    let bold = f.body(
        &[Inline::Strong {
            content: vec![text("Wording")],
        }],
        400.0,
    );
    let regular = f.body(&[text("Wording")], 400.0);
    let width = |l: &LineBox| main_glyphs(l).iter().map(|g| g.advance).sum::<f32>();
    assert!(width(&bold[0]) > width(&regular[0]) + 0.5);
    // Strong inside emphasis (and the other way round): bold italic.
    let lines = f.body(
        &[Inline::Emphasis {
            content: vec![Inline::Strong {
                content: vec![text("Both")],
            }],
        }],
        400.0,
    );
    assert_eq!(
        ps(face_of(&lines[0], "B")),
        Some("LiberationSerif-BoldItalic")
    );
    assert_eq!(dot_count(&lines[0]), 0);
}

#[test]
fn emphasis_in_a_heading_is_bold_italic_for_latin_and_dots_for_japanese() {
    let mut f = Fixture::a4();
    let style = TextStyle::new(Role::Heading, SIZE);
    let lines = f.lay(
        &[
            text("About "),
            Inline::Emphasis {
                content: vec![text("Docker入門")],
            },
        ],
        &style,
        400.0,
    );
    assert_eq!(ps(face_of(&lines[0], "A")), Some("IPAexGothic"));
    assert_eq!(
        ps(face_of(&lines[0], "D")),
        Some("LiberationSerif-BoldItalic")
    );
    assert_eq!(ps(face_of(&lines[0], "入")), Some("IPAexGothic"));
    assert_eq!(dot_count(&lines[0]), 2);
}

#[test]
fn emphasis_splits_dotted_japanese_from_italic_latin() {
    use crate::compose::inline::runs::split_emphasis;
    assert_eq!(
        split_emphasis("大事な Docker コンテナ 3つ"),
        vec![
            ("大事な ", true),
            ("Docker ", false),
            ("コンテナ ", true),
            ("3", false),
            ("つ", true)
        ]
    );
    // Full-width letters and CJK punctuation are Japanese (dotted where alphanumeric); `…` in
    // Japanese text comes from the mincho, so it stays with the dotted part.
    assert_eq!(
        split_emphasis("ＡＢ…CD"),
        vec![("ＡＢ…", true), ("CD", false)]
    );
    assert_eq!(split_emphasis(" lead"), vec![(" lead", false)]);
    assert_eq!(split_emphasis(""), vec![]);
}
