//! Lays out a corpus of formulas (one `<math>` element per line of the file named by the first
//! argument or `MATH_CORPUS`; `bench/math.sh` makes one from a real blog) and prints the time per
//! 1000 formulas. Not a test: numbers go to BENCHMARKS.md.

use std::time::Instant;

use hanmoto_math::{layout, MathFont, NoFallback, Options, BUILTIN};

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .or_else(|| std::env::var("MATH_CORPUS").ok())
        .expect("give a corpus file (one MathML formula per line): bench/math.sh makes one");
    let corpus = std::fs::read_to_string(&path).expect("the corpus file reads");
    let formulas: Vec<&str> = corpus.lines().filter(|l| l.starts_with("<math")).collect();
    assert!(!formulas.is_empty(), "no <math> lines in {path}");
    let t0 = Instant::now();
    let font = MathFont::parse(BUILTIN, 0).expect("the built-in face parses");
    let parse = t0.elapsed();
    let mut best = f64::INFINITY;
    let mut items = 0usize;
    for _ in 0..5 {
        let t = Instant::now();
        items = 0;
        for m in &formulas {
            let display = m.contains("display=\"block\"");
            let f = layout(
                m,
                &font,
                &NoFallback,
                &Options {
                    display,
                    available_width: 30.0,
                },
            )
            .expect("math-core's MathML parses");
            items += f.items.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} formulas ({} glyphs and rules): best of 5 {:.1} ms, {:.1} ms per 1000 formulas; face parsed once in {:.2} ms",
        formulas.len(),
        items,
        best * 1e3,
        best * 1e6 / formulas.len() as f64,
        parse.as_secs_f64() * 1e3
    );
}
