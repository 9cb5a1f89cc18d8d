//! Formulas in the frame: display math centred with its TeX as the line's ActualText, too-wide
//! formulas broken or scaled inside the measure, inline math in the line's own text run.

use hanmoto_model::{Block, Inline};

use super::*;

fn math(tex: &str, display: bool) -> (String, String) {
    let m = hanmoto_model::math::to_mathml(tex, display).expect("math-core converts it");
    (tex.to_owned(), m)
}

fn display(tex: &str) -> Block {
    let (tex, mathml) = math(tex, true);
    Block::Math {
        tex,
        mathml: Some(mathml),
    }
}

/// The text lines with an ActualText run, with that run's text.
fn formula_lines(doc: &Document) -> Vec<(&TextLine, String)> {
    doc.pages
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Text(t) if !t.actual.is_empty() => Some((t, t.actual[0].text.clone())),
            _ => None,
        })
        .collect()
}

fn extent(t: &TextLine) -> (f32, f32) {
    let xs = t.segments.iter().flat_map(|s| s.glyphs.iter());
    let x0 = xs
        .clone()
        .map(|g| t.origin.x + g.x)
        .fold(f32::MAX, f32::min);
    let x1 = xs
        .map(|g| t.origin.x + g.x + g.advance)
        .fold(f32::MIN, f32::max);
    (x0, x1)
}

#[test]
fn a_display_formula_is_centred_in_the_math_face_and_copies_as_its_tex() {
    let s = a4();
    let doc = handout_of(
        &s,
        vec![para("前の段落"), display(r"\frac{a}{b} = c"), para("後")],
    );
    let lines = formula_lines(&doc);
    assert_eq!(lines.len(), 1);
    let (line, tex) = &lines[0];
    assert_eq!(tex, r"\frac{a}{b} = c");
    // Every glyph covered by the run, all in the math face.
    let n: usize = line.segments.iter().map(|s| s.glyphs.len()).sum();
    assert_eq!((line.actual[0].first, line.actual[0].last), (0, n - 1));
    assert!(line.segments.iter().all(|s| s.face == fonts().math_face()));
    let (x0, x1) = extent(line);
    let (left, right) = (s.margin_inner, s.page_width - s.margin_outer);
    assert!(
        ((x0 - left) - (right - x1)).abs() < 2.0,
        "centred: {x0} {x1}"
    );
    // The fraction bar is a filled rectangle under the numerator.
    let bars = doc.pages[0]
        .elements
        .iter()
        .filter(|e| matches!(e, Element::Rect { fill: Some(_), stroke: None, rect } if rect.height < 1.0))
        .count();
    assert!(bars >= 1);
    assert_inside_text_area(&doc, &s);
}

#[test]
fn a_too_wide_display_formula_breaks_before_relations_or_is_scaled() {
    let s = a6();
    let sum: String = (1..=40).map(|i| format!("a_{{{i}}} + ")).collect();
    let tex = format!("{sum} z = b");
    let doc = handout_of(&s, vec![display(&tex)]);
    let lines = formula_lines(&doc);
    assert!(lines.len() >= 3, "{} lines", lines.len());
    // The TeX is copied once, from the first line.
    assert_eq!(lines[0].1, tex);
    assert!(lines[1..].iter().all(|(_, t)| t.is_empty()));
    // Continuation lines start indented, each with an operator.
    let first_x = extent(lines[0].0).0;
    let second_x = extent(lines[1].0).0;
    assert!(second_x > first_x + 5.0, "{first_x} {second_x}");
    assert_inside_text_area(&doc, &s);

    // No place to break (one long text): scaled to the measure, with a warning.
    let b = book(vec![display(&format!(
        r"\text{{{}}}",
        "long words ".repeat(30)
    ))]);
    let diagnostics = Diagnostics::new();
    let env = Env {
        fonts: fonts(),
        assets: &b.assets,
        settings: &s,
        diagnostics: &diagnostics,
        source: Path::new("_posts/post.md"),
        lang: "ja",
    };
    let doc = crate::compose::handout(env, &b, 0);
    let codes: Vec<String> = diagnostics
        .into_sorted()
        .into_iter()
        .map(|d| d.code.to_string())
        .collect();
    assert_eq!(codes, ["math-too-wide"]);
    assert_eq!(formula_lines(&doc).len(), 1);
    assert_inside_text_area(&doc, &s);
}

#[test]
fn inline_math_is_in_the_line_and_copies_as_its_tex() {
    let s = a4();
    let (tex, mathml) = math(r"x^2 + y_i", false);
    let doc = handout_of(
        &s,
        vec![Block::Paragraph {
            content: vec![
                Inline::text("The value "),
                Inline::Math {
                    tex: tex.clone(),
                    mathml: Some(mathml),
                },
                Inline::text(" is small."),
            ],
        }],
    );
    let lines = formula_lines(&doc);
    assert_eq!(lines.len(), 1);
    let (line, text) = &lines[0];
    assert_eq!(text, &tex);
    // The line holds the words too: the formula is inside the sentence.
    let all = line_text(line);
    assert!(
        all.starts_with("The value ") && all.ends_with(" is small."),
        "{all}"
    );
    let run = &line.actual[0];
    let flat: Vec<_> = line
        .segments
        .iter()
        .flat_map(|s| s.glyphs.iter().map(move |g| (s.face, g)))
        .collect();
    assert!(flat[run.first..=run.last]
        .iter()
        .all(|(f, _)| *f == fonts().math_face()));
    assert_ne!(flat[run.first - 1].0, fonts().math_face());
    // The superscript is raised: a segment with a rise.
    assert!(line
        .segments
        .iter()
        .any(|s| s.face == fonts().math_face() && s.rise > 1.0));
}

#[test]
fn an_eqref_links_to_its_labelled_equation() {
    let mut blocks = vec![
        Block::Math {
            tex: r"\begin{equation} E = mc^2 \label{eq:e} \end{equation}".into(),
            mathml: None,
        },
        Block::Paragraph {
            content: vec![
                Inline::text("See "),
                Inline::Math {
                    tex: r"\eqref{eq:e}".into(),
                    mathml: None,
                },
                Inline::text("."),
            ],
        },
    ];
    hanmoto_model::math::convert_blocks(&mut blocks, &[], &mut |tex, e| panic!("{tex}: {e}"));
    let s = a4();
    let doc = handout_of(&s, blocks);
    let links: Vec<&crate::frame::LinkDest> = doc
        .pages
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Link { dest, .. } => Some(dest),
            _ => None,
        })
        .collect();
    // Resolved to the equation's place on page 1 (the anchor is the number's row).
    assert!(
        links
            .iter()
            .any(|d| matches!(d, crate::frame::LinkDest::Page { page: 0, y } if *y > s.margin_top)),
        "{links:?}"
    );
}

#[test]
fn inline_math_keeps_a_quarter_em_from_japanese_text() {
    let s = a4();
    let (tex, mathml) = math("w", false);
    let doc = handout_of(
        &s,
        vec![Block::Paragraph {
            content: vec![
                Inline::text("単語"),
                Inline::Math {
                    tex,
                    mathml: Some(mathml),
                },
                Inline::text("にトピックを割り当てる。"),
            ],
        }],
    );
    let (line, _) = formula_lines(&doc).into_iter().next().expect("the line");
    let flat: Vec<_> = line
        .segments
        .iter()
        .flat_map(|s| s.glyphs.iter().map(move |g| (s.size, g)))
        .collect();
    let run = &line.actual[0];
    let (size, before) = flat[run.first - 1];
    let (_, w) = flat[run.first];
    let (_, after) = flat[run.last + 1];
    let gap_before = w.x - (before.x + before.advance);
    let gap_after = after.x - (w.x + w.advance);
    // JLREQ's quarter em between Japanese and Western text (it may shrink or stretch a little
    // when the line is justified; this one is the last line, set at its natural width).
    assert!(
        (gap_before - 0.25 * size).abs() < 0.05 * size,
        "{gap_before}"
    );
    assert!(gap_after > 0.15 * size, "{gap_after}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Well-formed TeX, nested: every construct the layout has a rule for, inside any other.
    fn formula() -> impl Strategy<Value = String> {
        let leaf = prop::sample::select(vec![
            "x",
            "1",
            "\\alpha",
            "+",
            "=",
            "\\infty",
            "\\sum",
            "\\int",
            "(",
            "]",
            "\\mid",
            "\\text{日本}",
            "f'",
            "\\,",
            "\\mathbb{R}",
            "\\lim",
        ])
        .prop_map(str::to_owned);
        leaf.prop_recursive(5, 40, 4, |inner| {
            let two = (inner.clone(), inner.clone());
            prop_oneof![
                two.clone().prop_map(|(a, b)| format!("{a} {b}")),
                two.clone()
                    .prop_map(|(a, b)| format!("\\frac{{{a}}}{{{b}}}")),
                two.clone().prop_map(|(a, b)| format!("{{{a}}}^{{{b}}}")),
                two.clone().prop_map(|(a, b)| format!("{{{a}}}_{{{b}}}")),
                two.clone()
                    .prop_map(|(a, b)| format!("\\sum_{{{a}}}^{{{b}}}")),
                two.clone().prop_map(|(a, b)| format!("\\sqrt[{a}]{{{b}}}")),
                two.clone()
                    .prop_map(|(a, b)| format!("\\overbrace{{{a}}}^{{{b}}}")),
                two.clone().prop_map(|(a, b)| {
                    format!("\\begin{{pmatrix}}{a} & {b} \\\\ {b} & {a}\\end{{pmatrix}}")
                }),
                two.prop_map(|(a, b)| format!(
                    "\\begin{{aligned}}{a} &= {b} \\\\ &= {a}\\end{{aligned}}"
                )),
                inner.clone().prop_map(|a| format!("\\left( {a} \\right)")),
                inner.clone().prop_map(|a| format!("\\widehat{{{a}}}")),
                inner.clone().prop_map(|a| format!("\\color{{red}}{{{a}}}")),
                inner.prop_map(|a| format!("\\begin{{cases}}{a} & x \\\\ 0 & y\\end{{cases}}")),
            ]
        })
    }

    /// TeX made of real pieces in any order: commands with and without their arguments, stray
    /// braces, environments, scripts, alignment marks and row breaks.
    fn noise() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "x",
            "y_",
            "^2",
            "{",
            "}",
            "\\frac",
            "\\frac{a}{b}",
            "\\sqrt",
            "\\sqrt[3]{z}",
            "&",
            "\\\\",
            "\\left(",
            "\\right)",
            "\\middle|",
            "\\sum_{i=1}^n",
            "\\int",
            "\\hat",
            "\\hat{x}",
            "\\begin{pmatrix}",
            "\\end{pmatrix}",
            "\\begin{aligned}",
            "\\end{aligned}",
            "\\text{日本}",
            "\\overbrace{a+b}^{c}",
            "\\color{red}",
            "\\color{blue}{q}",
            "\\mathbb{R}",
            "=",
            "+",
            "-",
            "\\,",
            "\\quad",
            "\\big(",
            "\\not=",
            "\\mid",
            "'",
            "\\binom{n}{k}",
            "\\tag{1}",
            " ",
            "\\widetilde{ab}",
            "\\begin{cases}",
            "\\end{cases}",
            "\\xrightarrow{f}",
            "\\unknown",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    fn tex() -> impl Strategy<Value = String> {
        prop_oneof![formula(), noise()]
    }

    fn finite(f: &hanmoto_math::Formula) -> bool {
        let ok = |v: f32| v.is_finite();
        ok(f.width)
            && ok(f.ascent)
            && ok(f.descent)
            && f.items.iter().all(|i| match i {
                hanmoto_math::Item::Glyph(g) => ok(g.x) && ok(g.y) && ok(g.size) && g.size > 0.0,
                hanmoto_math::Item::Rule(r) => {
                    ok(r.x) && ok(r.y) && ok(r.width) && ok(r.height) && r.height >= 0.0
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Whatever TeX a post holds: it converts or is refused, never panics; what converts lays
        /// out with finite numbers, and as display math stays inside the text area of an A6 page.
        #[test]
        fn any_tex_lays_out_or_is_refused(tex in tex(), display in any::<bool>()) {
            let Ok(mathml) = hanmoto_model::math::to_mathml(&tex, display) else {
                return Ok(());
            };
            let font = fonts().math_font();
            let options = hanmoto_math::Options { display, available_width: 20.0 };
            let f = hanmoto_math::layout(&mathml, font, &hanmoto_math::NoFallback, &options)
                .expect("math-core's MathML parses");
            prop_assert!(finite(&f), "{tex}: {f:?}");
            let svg = hanmoto_math::to_svg(&f, font);
            prop_assert!(svg.document.starts_with("<svg") && svg.document.ends_with("</svg>\n"));
            prop_assert!(svg.width.is_finite() && svg.height.is_finite() && svg.depth.is_finite());
            if display {
                let s = a6();
                let doc = handout_of(&s, vec![Block::Math { tex, mathml: Some(mathml) }]);
                assert_inside_text_area(&doc, &s);
            }
        }
    }
}
