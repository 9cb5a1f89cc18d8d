//! Layout on pure data: the built-in face's MATH constants against what each element does.

use super::*;
use crate::font::{MathFont, BUILTIN};

fn font() -> MathFont<'static> {
    MathFont::parse(BUILTIN, 0).expect("the built-in math face parses")
}

fn set(mathml: &str, display: bool) -> Formula {
    let f = font();
    let m = format!(r#"<math xmlns="http://www.w3.org/1998/Math/MathML">{mathml}</math>"#);
    layout(
        &m,
        &f,
        &NoFallback,
        &Options {
            display,
            available_width: 30.0,
        },
    )
    .expect("valid MathML")
}

fn glyphs<'a>(f: &'a Formula, text: &str) -> Vec<&'a Glyph> {
    f.items
        .iter()
        .filter_map(|i| match i {
            Item::Glyph(g) if g.text == text => Some(g),
            _ => None,
        })
        .collect()
}

fn rules(f: &Formula) -> Vec<&Rule> {
    f.items
        .iter()
        .filter_map(|i| match i {
            Item::Rule(r) => Some(r),
            _ => None,
        })
        .collect()
}

const EPS: f32 = 1e-4;

#[test]
fn the_builtin_face_has_math_constants() {
    let c = font().constants;
    assert!(c.fraction_rule_thickness > 0.0);
    assert!(
        c.axis_height > 0.2 && c.axis_height < 0.3,
        "{}",
        c.axis_height
    );
    assert!(c.script_scale > 0.6 && c.script_scale < 0.8);
}

#[test]
fn fraction_bar_and_shifts_follow_the_constants() {
    let c = font().constants;
    for display in [true, false] {
        let f = set("<mfrac><mi>a</mi><mi>b</mi></mfrac>", display);
        let bar = rules(&f);
        assert_eq!(bar.len(), 1);
        assert!((bar[0].height - c.fraction_rule_thickness).abs() < EPS);
        // The bar is centred on the math axis.
        assert!((bar[0].y + bar[0].height / 2.0 - c.axis_height).abs() < EPS);
        let fm = font();
        let s = if display { 1.0 } else { c.script_scale };
        let (num, den) = (glyphs(&f, "𝑎")[0], glyphs(&f, "𝑏")[0]);
        assert!((num.size - s).abs() < EPS);
        let (shift_up, shift_down, gap_num, gap_den) = if display {
            (
                c.fraction_numerator_display_style_shift_up,
                c.fraction_denominator_display_style_shift_down,
                c.fraction_num_display_style_gap_min,
                c.fraction_denom_display_style_gap_min,
            )
        } else {
            (
                c.fraction_numerator_shift_up,
                c.fraction_denominator_shift_down,
                c.fraction_numerator_gap_min,
                c.fraction_denominator_gap_min,
            )
        };
        let nd = fm.metrics(num.gid).descent * s;
        let da = fm.metrics(den.gid).ascent * s;
        let want_up = shift_up.max(c.axis_height + c.fraction_rule_thickness / 2.0 + gap_num + nd);
        let want_down =
            shift_down.max(da - c.axis_height + c.fraction_rule_thickness / 2.0 + gap_den);
        assert!((num.y - want_up).abs() < EPS, "{} vs {want_up}", num.y);
        assert!((den.y + want_down).abs() < EPS, "{} vs {want_down}", den.y);
        // Gaps never below the minimum.
        let bar_top = bar[0].y + bar[0].height;
        assert!(num.y - nd - bar_top >= gap_num - EPS);
        assert!(bar[0].y - (den.y + da) >= gap_den - EPS);
    }
}

#[test]
fn binom_is_a_stack_without_a_bar() {
    let c = font().constants;
    let f = set(
        r#"<mfrac linethickness="0"><mi>n</mi><mi>k</mi></mfrac>"#,
        true,
    );
    assert!(rules(&f).is_empty());
    let n = glyphs(&f, "𝑛")[0];
    assert!(n.y >= c.stack_top_display_style_shift_up - EPS);
}

#[test]
fn scripts_shift_by_the_constants() {
    let c = font().constants;
    let f = set("<msup><mi>x</mi><mn>2</mn></msup>", false);
    let two = glyphs(&f, "2")[0];
    assert!((two.y - c.superscript_shift_up).abs() < EPS, "{}", two.y);
    assert!((two.size - c.script_scale).abs() < EPS);
    let f = set("<msub><mi>x</mi><mi>i</mi></msub>", false);
    let i = glyphs(&f, "𝑖")[0];
    let fm = font();
    let want = c
        .subscript_shift_down
        .max(fm.metrics(i.gid).ascent * c.script_scale - c.subscript_top_max);
    assert!((i.y + want).abs() < EPS, "{} vs {want}", i.y);
    // Both: the gap between them is at least SubSuperscriptGapMin.
    let f = set("<msubsup><mi>y</mi><mi>i</mi><mi>n</mi></msubsup>", false);
    let (sub, sup) = (glyphs(&f, "𝑖")[0], glyphs(&f, "𝑛")[0]);
    let sub_top = sub.y + fm.metrics(sub.gid).ascent * c.script_scale;
    let sup_bottom = sup.y - fm.metrics(sup.gid).descent * c.script_scale;
    assert!(sup_bottom - sub_top >= c.sub_superscript_gap_min - EPS);
    // A superscript in a cramped style (under a fraction bar) uses the cramped shift.
    let f = set(
        "<mfrac><mn>1</mn><msup><mi>x</mi><mn>2</mn></msup></mfrac>",
        false,
    );
    let two = glyphs(&f, "2")[0];
    let x = glyphs(&f, "𝑥")[0];
    let ss = c.script_scale;
    let rel = two.y - x.y;
    let want = (c.superscript_shift_up_cramped * ss)
        .max(c.superscript_bottom_min * ss + fm.metrics(two.gid).descent * c.script_script_scale);
    assert!((rel - want).abs() < EPS, "{rel} vs {want}");
}

#[test]
fn a_stretched_delimiter_covers_its_content() {
    let f = set(
        "<mrow><mo>(</mo><mfrac><mfrac><mi>a</mi><mi>b</mi></mfrac><mi>c</mi></mfrac><mo>)</mo></mrow>",
        true,
    );
    let fm = font();
    // The content: everything but the parentheses.
    let (mut top, mut bottom) = (f32::MIN, f32::MAX);
    let (mut ptop, mut pbottom) = (f32::MIN, f32::MAX);
    let mut in_paren = false;
    for it in &f.items {
        let (t, b, paren) = match it {
            Item::Glyph(g) => {
                let m = fm.metrics(g.gid);
                if g.text == "(" {
                    in_paren = true;
                } else if !g.text.is_empty() {
                    in_paren = false;
                }
                (g.y + m.ascent * g.size, g.y - m.descent * g.size, in_paren)
            }
            Item::Rule(r) => (r.y + r.height, r.y, false),
        };
        if paren {
            ptop = ptop.max(t);
            pbottom = pbottom.min(b);
        } else {
            top = top.max(t);
            bottom = bottom.min(b);
        }
    }
    assert!(ptop >= top - 0.01, "paren top {ptop} < content top {top}");
    assert!(
        pbottom <= bottom + 0.01,
        "paren bottom {pbottom} > content {bottom}"
    );
    // And it is no longer the text-size glyph.
    let open = glyphs(&f, "(")[0];
    assert_ne!(Some(open.gid), fm.glyph('('));
}

#[test]
fn a_very_tall_delimiter_is_assembled() {
    let rows = "<mtr><mtd><mn>1</mn></mtd></mtr>".repeat(12);
    let f = set(
        &format!("<mrow><mo>[</mo><mtable>{rows}</mtable><mo>]</mo></mrow>"),
        true,
    );
    let fm = font();
    let parts = f
        .items
        .iter()
        .filter(|i| matches!(i, Item::Glyph(g) if g.x < 0.5 && g.text != "1"))
        .count();
    assert!(parts >= 3, "an assembly of several parts, got {parts}");
    assert!(fm.glyph('[').is_some());
    assert!(f.ascent + f.descent > 12.0);
}

#[test]
fn matrix_columns_align() {
    let f = set(
        "<mrow><mo>(</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr>\
         <mtr><mtd><mn>100</mn></mtd><mtd><mi>x</mi></mtd></mtr></mtable><mo>)</mo></mrow>",
        true,
    );
    let fm = font();
    let centre = |g: &Glyph, n: usize| g.x + fm.metrics(g.gid).advance * g.size * n as f32 / 2.0;
    let one = glyphs(&f, "1");
    // "1" of row 1 and the middle "0" of "100" share the first column's centre.
    let zeros = glyphs(&f, "0");
    assert_eq!(zeros.len(), 2);
    let hundred_centre = (one[1].x + zeros[1].x + fm.metrics(zeros[1].gid).advance) / 2.0;
    assert!((centre(one[0], 1) - hundred_centre).abs() < 0.01);
    let (two, x) = (glyphs(&f, "2")[0], glyphs(&f, "𝑥")[0]);
    assert!((centre(two, 1) - centre(x, 1)).abs() < 0.05);
    // Rows on separate baselines, the table centred on the axis.
    assert!(one[0].y > one[1].y);
}

#[test]
fn aligned_columns_meet_at_the_relation() {
    let cell_r = r#"<mtd style="text-align: right;justify-items: end;padding-right: 0;">"#;
    let cell_l = r#"<mtd style="text-align: left;justify-items: start;padding-left: 0;">"#;
    let f = set(
        &format!(
            "<mtable displaystyle=\"true\"><mtr>{cell_r}<mi>a</mi></mtd>{cell_l}<mo>=</mo><mi>b</mi></mtd></mtr>\
             <mtr>{cell_r}<mi>c</mi><mo>+</mo><mi>d</mi></mtd>{cell_l}<mo>=</mo><mi>e</mi></mtd></mtr></mtable>"
        ),
        true,
    );
    let eq = glyphs(&f, "=");
    assert_eq!(eq.len(), 2);
    assert!((eq[0].x - eq[1].x).abs() < EPS);
}

#[test]
fn an_equation_number_sits_at_the_right_margin() {
    let f = set(
        r#"<mtable displaystyle="true" style="width: 100%"><mtr><mtd style="width: 50%"></mtd><mtd><mi>E</mi><mo>=</mo><mi>m</mi></mtd><mtd style="width: 50%;text-align: right;justify-items: end;"><mtext>(1)</mtext></mtd></mtr></mtable>"#,
        true,
    );
    let fm = font();
    let close = glyphs(&f, ")")[0];
    let right = close.x + fm.metrics(close.gid).advance;
    // Flush with the margin (no padding at the table's edge).
    assert!((right - 30.0).abs() < 0.01, "{right}");
    assert!((f.width - 30.0).abs() < 0.01);
    // The equation itself is centred in the measure.
    let e = glyphs(&f, "𝐸")[0];
    let m = glyphs(&f, "𝑚")[0];
    let mid = (e.x + m.x + fm.metrics(m.gid).advance) / 2.0;
    assert!((mid - 15.0).abs() < 1.5, "{mid}");
}

#[test]
fn large_operators_grow_in_display_style_and_limits_move() {
    let sum = r#"<munderover><mo lspace="0">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"#;
    let fm = font();
    let c = fm.constants;
    let d = set(sum, true);
    let t = set(sum, false);
    let (gd, gt) = (glyphs(&d, "∑")[0], glyphs(&t, "∑")[0]);
    let hd = fm.metrics(gd.gid);
    assert!(hd.ascent + hd.descent >= c.display_operator_min_height - EPS);
    assert_ne!(gd.gid, gt.gid);
    // Display: n above the operator; text: beside it.
    let (nd, nt) = (glyphs(&d, "𝑛")[0], glyphs(&t, "𝑛")[0]);
    assert!(nd.x < gd.x + fm.metrics(gd.gid).advance);
    assert!(nd.y > gd.y + hd.ascent);
    assert!(nt.x >= gt.x + fm.metrics(gt.gid).advance - EPS);
    // The operator is centred on the axis.
    let mid = gd.y + (hd.ascent - hd.descent) / 2.0;
    assert!((mid - c.axis_height).abs() < EPS);
}

#[test]
fn radicals_cover_their_content_and_take_a_degree() {
    let fm = font();
    let c = fm.constants;
    let f = set("<msqrt><mfrac><mi>a</mi><mi>b</mi></mfrac></msqrt>", true);
    let r = rules(&f);
    // The fraction bar and the radical's overbar.
    assert_eq!(r.len(), 2);
    let over = r.iter().max_by(|a, b| a.y.total_cmp(&b.y)).unwrap();
    assert!((over.height - c.radical_rule_thickness).abs() < EPS);
    let a = glyphs(&f, "𝑎")[0];
    let a_top = a.y + fm.metrics(a.gid).ascent;
    assert!(over.y - a_top >= c.radical_display_style_vertical_gap - EPS);
    let f = set("<mroot><mi>x</mi><mn>3</mn></mroot>", false);
    let three = glyphs(&f, "3")[0];
    let surd = glyphs(&f, "√")[0];
    assert!(three.x < surd.x + fm.metrics(surd.gid).advance);
    assert!((three.size - c.script_script_scale).abs() < EPS);
}

#[test]
fn accents_sit_over_their_base() {
    let fm = font();
    let f = set(
        r#"<mover accent="true"><mi>x</mi><mo stretchy="false">ˆ</mo></mover>"#,
        false,
    );
    let x = glyphs(&f, "𝑥")[0];
    let hat = f
        .items
        .iter()
        .find_map(|i| match i {
            Item::Glyph(g) if g.text == "\u{302}" => Some(g),
            _ => None,
        })
        .expect("the combining circumflex");
    let m = fm.metrics(hat.gid);
    let hat_centre = hat.x + (m.ink_left + m.ink_right) / 2.0;
    let xm = fm.metrics(x.gid);
    assert!(hat_centre > x.x + xm.ink_left && hat_centre < x.x + xm.ink_right);
    assert!(hat.y >= 0.0);
    assert!(hat.y - m.descent + 0.001 >= 0.0 || hat.y + fm.metrics(hat.gid).ascent > xm.ascent);
    // \overline: a rule above, as wide as the base.
    let f = set(
        r#"<mover accent="true"><mrow><mi>A</mi><mi>B</mi></mrow><mo stretchy="true">̲</mo></mover>"#,
        false,
    );
    let r = rules(&f);
    assert_eq!(r.len(), 1);
    assert!((r[0].height - fm.constants.overbar_rule_thickness).abs() < EPS);
    // A brace under a sum stretches to it.
    let f = set(
        "<munder accentunder=\"true\"><mrow><mi>a</mi><mo>+</mo><mi>b</mi><mo>+</mo><mi>c</mi></mrow><mo>⏟</mo></munder>",
        true,
    );
    let c_glyph = glyphs(&f, "𝑐")[0];
    let base_right = c_glyph.x + fm.metrics(c_glyph.gid).advance;
    let brace: Vec<&Glyph> = f
        .items
        .iter()
        .skip(5)
        .filter_map(|i| match i {
            Item::Glyph(g) => Some(g),
            _ => None,
        })
        .collect();
    assert_eq!(brace[0].text, "⏟");
    let span = brace
        .iter()
        .map(|g| g.x + fm.metrics(g.gid).ink_right * g.size)
        .fold(0.0, f32::max);
    assert!(
        (span - base_right).abs() < 0.1,
        "the brace spans a+b+c: {span} vs {base_right}"
    );
    // Below the base's ink.
    let top = brace
        .iter()
        .map(|g| g.y + fm.metrics(g.gid).ascent)
        .fold(f32::MIN, f32::max);
    assert!(top <= 0.0, "{top}");
}

#[test]
fn operator_spacing_follows_the_dictionary_and_tex() {
    let f = set("<mi>a</mi><mo>=</mo><mo>−</mo><mi>b</mi>", false);
    let fm = font();
    let (a, eq, minus, b) = (
        glyphs(&f, "𝑎")[0],
        glyphs(&f, "=")[0],
        glyphs(&f, "−")[0],
        glyphs(&f, "𝑏")[0],
    );
    let after = |g: &Glyph| g.x + fm.metrics(g.gid).advance;
    let italic = fm.italic_correction(a.gid);
    assert!((eq.x - after(a) - italic - 5.0 / 18.0).abs() < EPS);
    assert!((minus.x - after(eq) - 5.0 / 18.0).abs() < EPS);
    // Unary minus: no space before b.
    assert!((b.x - after(minus)).abs() < EPS);
    // In a script, the relation's spaces go.
    let f = set(
        "<msub><mi>x</mi><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow></msub>",
        false,
    );
    let (i, eq) = (glyphs(&f, "𝑖")[0], glyphs(&f, "=")[0]);
    let gap = eq.x - (i.x + fm.metrics(i.gid).advance * i.size);
    assert!(gap < 0.1, "{gap}");
}

#[test]
fn invisible_operators_and_missing_characters() {
    let f = set("<mi>x</mi><mo>⁣</mo><mtext>日本</mtext>", false);
    assert!(glyphs(&f, "⁣").is_empty());
    assert_eq!(f.missing, vec!['日', '本']);
}

#[test]
fn display_formulas_offer_breaks_at_relations() {
    let f = set("<mi>a</mi><mo>=</mo><mi>b</mi><mo>+</mo><mi>c</mi>", true);
    assert_eq!(f.breaks.len(), 2);
    assert!(f.breaks[0].x < f.breaks[1].x);
    let Item::Glyph(g) = &f.items[f.breaks[0].item] else {
        panic!("a glyph starts the second part");
    };
    assert_eq!(g.text, "=");
}

#[test]
fn assembly_reaches_the_size_with_the_fewest_repeats() {
    use crate::font::{assemble, Part, Stretched};
    let part = |gid, adv, ext| Part {
        gid,
        start_connector: 0.2,
        end_connector: 0.2,
        full_advance: adv,
        extender: ext,
    };
    let parts = [part(1, 1.0, false), part(2, 1.0, true), part(3, 1.0, false)];
    let Some(Stretched::Assembly {
        parts: placed,
        size,
    }) = assemble(&parts, 0.05, 5.0)
    else {
        panic!("an assembly");
    };
    assert!(size >= 5.0 - EPS, "{size}");
    // 3 parts reach at most 2.9; 5 parts at most 4.8; 6 parts reach 5.75.
    assert_eq!(placed.len(), 6);
    assert_eq!(placed.first().map(|p| p.0), Some(1));
    assert_eq!(placed.last().map(|p| p.0), Some(3));
}

#[test]
fn a_wide_hat_takes_a_wider_variant_over_a_wide_base() {
    let fm = font();
    let narrow = set(
        r#"<mover accent="true"><mi>x</mi><mo stretchy="true">̂</mo></mover>"#,
        false,
    );
    let wide = set(
        r#"<mover accent="true"><mrow><mi>x</mi><mi>y</mi><mi>z</mi></mrow><mo stretchy="true">̂</mo></mover>"#,
        false,
    );
    let hat = |f: &Formula| {
        f.items
            .iter()
            .find_map(|i| match i {
                Item::Glyph(g) if g.text == "\u{302}" => Some(g.clone()),
                _ => None,
            })
            .expect("a hat")
    };
    let (hn, hw) = (hat(&narrow), hat(&wide));
    let ink = |g: &Glyph| {
        let m = fm.metrics(g.gid);
        m.ink_right - m.ink_left
    };
    assert!(ink(&hw) > ink(&hn) * 1.5, "{} vs {}", ink(&hw), ink(&hn));
    // Centred over x y z.
    let (x, z) = (glyphs(&wide, "𝑥")[0], glyphs(&wide, "𝑧")[0]);
    let mid = (x.x + z.x + fm.metrics(z.gid).advance) / 2.0;
    let m = fm.metrics(hw.gid);
    let hat_mid = hw.x + (m.ink_left + m.ink_right) / 2.0;
    assert!((hat_mid - mid).abs() < 0.15, "{hat_mid} vs {mid}");
}

#[test]
fn limits_of_an_operator_name_go_beside_it_in_text_style() {
    let m = r#"<munder><mo>argmax</mo><mi>x</mi></munder>"#;
    let t = set(m, false);
    let d = set(m, true);
    let (xt, xd) = (glyphs(&t, "𝑥")[0], glyphs(&d, "𝑥")[0]);
    assert!(xt.x > 2.0, "beside in text style: {}", xt.x);
    assert!(
        xd.x < 2.0 && xd.y < -0.3,
        "below in display style: {:?}",
        xd
    );
}

#[test]
fn a_prime_is_drawn_at_text_size_next_to_its_letter() {
    let fm = font();
    let f = set(
        "<msup><mi>f</mi><mo>′</mo></msup><mo>(</mo><mi>x</mi><mo>)</mo>",
        false,
    );
    let (ff, p) = (glyphs(&f, "𝑓")[0], glyphs(&f, "′")[0]);
    assert_eq!(p.size, 1.0);
    assert_eq!(p.y, 0.0);
    let after_f = ff.x + fm.metrics(ff.gid).advance;
    assert!(
        p.x >= after_f - EPS && p.x < after_f + 0.2,
        "{} {after_f}",
        p.x
    );
    // The prime's ink sits in the upper half of the line, like a superscript.
    assert!(fm.metrics(p.gid).descent < -0.3);
}

#[test]
fn mid_is_a_relation_that_does_not_stretch() {
    let fm = font();
    let f = set(
        "<mi>p</mi><mo stretchy=\"false\">(</mo><mi>z</mi><mo>∣</mo><mfrac><mi>a</mi><mi>b</mi></mfrac><mo stretchy=\"false\">)</mo>",
        true,
    );
    let bar = glyphs(&f, "∣")[0];
    assert_eq!(Some(bar.gid), fm.glyph('∣'));
}

#[test]
fn a_trailing_row_break_adds_no_empty_row_and_matrices_have_no_outer_padding() {
    let two = set(
        "<mtable><mtr><mtd><mi>a</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd></mtr><mtr><mtd></mtd></mtr></mtable>",
        true,
    );
    let one_row = set(
        "<mtable><mtr><mtd><mi>a</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd></mtr></mtable>",
        true,
    );
    assert!((two.ascent + two.descent - (one_row.ascent + one_row.descent)).abs() < EPS);
    let a = glyphs(&one_row, "𝑎")[0];
    assert!(
        a.x.abs() < EPS,
        "the first column starts at the table's edge: {}",
        a.x
    );
}

#[test]
fn multline_rows_reach_the_margins() {
    let r = r#"<mtable displaystyle="true" style="width: 100%"><mtr><mtd style="width: 7.5%"></mtd><mtd style="text-align: left;justify-items: start;"><mi>a</mi></mtd><mtd style="width: 7.5%"></mtd></mtr><mtr><mtd style="width: 7.5%"></mtd><mtd style="text-align: right;justify-items: end;"><mi>b</mi></mtd><mtd style="width: 7.5%"></mtd></mtr></mtable>"#;
    let f = set(r, true);
    let fm = font();
    let (a, b) = (glyphs(&f, "𝑎")[0], glyphs(&f, "𝑏")[0]);
    assert!((a.x - 30.0 * 0.075 - 0.4).abs() < 0.01, "{}", a.x);
    let b_right = b.x + fm.metrics(b.gid).advance;
    assert!((b_right - (30.0 * 0.925 - 0.4)).abs() < 0.01, "{b_right}");
}
