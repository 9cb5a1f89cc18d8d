//! For random Japanese/Latin inline trees and measures: the extracted text is the source text,
//! no line starts with a kinsoku character or a note number, no glyph passes the measure.

use proptest::prelude::*;

use super::*;

const WORDS: &[&str] = &[
    "アプリケーション",
    "の",
    "、",
    "。",
    "技術",
    "「サービス」",
    "（通称：キュゥべえ）",
    "ちょっと",
    "Docker",
    "Kubernetes",
    " ",
    "ECS",
    "2015",
    "ー",
    "……",
    "Service, Replication Controller, Pod",
    "https://example.com/a/b",
    "@y_uuk1",
];

fn leaf() -> impl Strategy<Value = Inline> {
    prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(text),
        1 => proptest::sample::select(&["docker run", "a_b.c", "x = 1"][..])
            .prop_map(Inline::code),
        1 => proptest::sample::select(&["漢字", "東京"][..]).prop_map(|b| Inline::Ruby {
            base: b.into(),
            text: "よみ".into(),
        }),
        1 => proptest::sample::select(&["a", "b", "1"][..])
            .prop_map(|l| Inline::FootnoteReference { label: l.into() }),
        1 => Just(Inline::LineBreak),
    ]
}

fn tree() -> impl Strategy<Value = Inline> {
    leaf().prop_recursive(2, 12, 4, |inner| {
        let kids = proptest::collection::vec(inner, 1..4);
        prop_oneof![
            kids.clone().prop_map(|c| Inline::Emphasis { content: c }),
            kids.clone().prop_map(|c| Inline::Strong { content: c }),
            kids.clone()
                .prop_map(|c| Inline::Superscript { content: c }),
            (kids, 0..3usize).prop_map(|(c, u)| url_link(
                [
                    "https://a.example/",
                    "https://b.example/x",
                    "http://c.example/"
                ][u],
                c
            )),
        ]
    })
}

/// What the reader wrote: text, code, link text, ruby bases, footnote numbers (numbered in
/// order of first reference).
fn source(inlines: &[Inline], footnotes: &mut Vec<String>) -> String {
    let mut out = String::new();
    for i in inlines {
        match i {
            Inline::Text { text } | Inline::Code { text, .. } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Superscript { content }
            | Inline::Link { content, .. } => out.push_str(&source(content, footnotes)),
            Inline::Ruby { base, .. } => out.push_str(base),
            Inline::FootnoteReference { label } => {
                let n = match footnotes.iter().position(|l| l == label) {
                    Some(i) => i + 1,
                    None => {
                        footnotes.push(label.clone());
                        footnotes.len()
                    }
                };
                out.push_str(&format!("*{n}"));
            }
            _ => {}
        }
    }
    out
}

fn without_breaks(inlines: &[Inline]) -> Vec<Inline> {
    inlines
        .iter()
        .filter(|i| !matches!(i, Inline::LineBreak))
        .map(|i| match i {
            Inline::Emphasis { content } => Inline::Emphasis {
                content: without_breaks(content),
            },
            Inline::Strong { content } => Inline::Strong {
                content: without_breaks(content),
            },
            Inline::Superscript { content } => Inline::Superscript {
                content: without_breaks(content),
            },
            Inline::Link {
                target,
                title,
                content,
            } => Inline::Link {
                target: target.clone(),
                title: title.clone(),
                content: without_breaks(content),
            },
            other => other.clone(),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn paragraphs_extract_exactly_and_keep_the_rules(
        inlines in proptest::collection::vec(tree(), 1..10),
        width in 60.0f32..420.0,
    ) {
        let mut f = Fixture::a4();
        let lines = f.body(&inlines, width);
        prop_assert_eq!(extracted(&lines), source(&inlines, &mut Vec::new()));
        // A forced break may put anything at a line start: kinsoku is checked without them.
        let unbroken = without_breaks(&inlines);
        assert_kinsoku(&Fixture::a4().body(&unbroken, width));
        for l in &lines {
            for t in text_lines(l).filter(|t| t.origin.y == 0.0) {
                for g in t.segments.iter().flat_map(|s| &s.glyphs) {
                    // Brackets and full stops may hang their half-em blank past the edge (the
                    // breaker sets them half width at line starts and ends).
                    let blank = if g.text.chars().any(|c| "（「、。）」：".contains(c)) {
                        g.advance / 2.0
                    } else {
                        0.0
                    };
                    if !g.text.trim().is_empty() {
                        prop_assert!(g.x >= -blank - 0.01 && g.x + g.advance <= width + blank + 0.01,
                            "{:?} at {}+{} past {}", g.text, g.x, g.advance, width);
                    }
                }
            }
        }
    }
}
