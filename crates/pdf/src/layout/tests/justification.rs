//! Justification to the measure under the per-gap cap.

use super::*;

#[test]
fn justified_lines_fill_the_measure_to_a_hundredth_of_a_point() {
    for measure in [40.0, 30.0, 20.0, 13.7] {
        let (items, lines) = set(SAMPLE, measure);
        assert_clean(&items, &lines, measure);
        for l in lines.iter().filter(|l| l.justified) {
            assert!(
                (l.width - measure * EM).abs() <= 0.01,
                "{} at {measure}",
                l.width
            );
        }
    }
}

#[test]
fn no_gap_is_stretched_over_the_extraction_threshold() {
    for measure in [40.0, 30.0, 20.0, 17.3] {
        let (items, lines) = set(SAMPLE, measure);
        for l in &lines {
            assert!(l.gap_stretch <= 0.09 * EM + 1e-4);
            for w in l.glyphs.windows(2) {
                let cs = chars(&items);
                let japanese_pair = |a: char, b: char| (a as u32) > 0x2000 && (b as u32) > 0x2000;
                if japanese_pair(cs[w[0].index], cs[w[1].index]) {
                    assert!(w[1].gap_before <= 0.09 * EM + 1e-4, "{:?}", w[1]);
                }
            }
        }
    }
}

#[test]
fn latin_paragraph_is_justified_with_word_spaces_only() {
    let text = "Docker brought portability to applications. To deploy an application and run it as a service, you need orchestration and monitoring around it as well, and that is where CoreOS and Kubernetes come in.";
    let (items, lines) = set(text, 40.0);
    assert_clean(&items, &lines, 40.0);
    assert!(lines.len() > 2);
    for l in lines.iter().take(lines.len() - 1) {
        assert!(l.justified && !l.ragged && l.gap_stretch == 0.0, "{l:?}");
    }
}

/// Lines whose justification stretched inter-character gaps by more than 0.05 em, per measure.
#[test]
fn sample_needs_few_gaps_over_five_hundredths_of_an_em() {
    for measure in [40.0, 30.0, 20.0] {
        let (items, lines) = set(SAMPLE, measure);
        assert_clean(&items, &lines, measure);
        let loose = lines.iter().filter(|l| l.gap_stretch > 0.05 * EM).count();
        let ragged = lines.iter().filter(|l| l.ragged).count();
        let max = lines.iter().map(|l| l.gap_stretch / EM).fold(0.0, f32::max);
        eprintln!(
            "{measure} em: {} lines, {loose} over 0.05 em (max {max:.3} em), {ragged} ragged",
            lines.len()
        );
        // At 20 em the first line cannot be filled under the cap (`…ポータビリ|ティ` is 0.107 em
        // per gap short, `ィ` may not start a line); it is stretched to the cap and left 0.24 em
        // short rather than letter-spaced.
        assert!(
            ragged <= usize::from(measure == 20.0),
            "{ragged} ragged at {measure} em"
        );
    }
}
