//! Cases measured with kramdown 2.4.0 + kramdown-parser-gfm 1.1.0 (Jekyll 4.3.1's), input GFM,
//! default options: each expected string is what `Kramdown::Document.new(src).to_html` printed
//! for the paragraph `src`.

use super::*;

fn conv(s: &str) -> String {
    convert(s, None, "", &Typography::default()).0
}

/// (kramdown source, what kramdown printed), paragraph by paragraph.
const MEASURED: &[(&str, &str)] = &[
    (
        "\"Branches\" and 'single' quotes",
        "“Branches” and ‘single’ quotes",
    ),
    (
        "don't, it's, '90s, the '80s, rock 'n' roll, o'clock, 1990's",
        "don’t, it’s, ’90s, the ’80s, rock ‘n’ roll, o’clock, 1990’s",
    ),
    (
        "He said, \"'Quoted' words in a larger quote.\"",
        "He said, “‘Quoted’ words in a larger quote.”",
    ),
    (
        "a -- b, a---b, a--b, a ---- b, a ----- b, - single",
        "a – b, a—b, a–b, a —- b, a —– b, - single",
    ),
    ("foo...bar, wait..., ....., ..", "foo…bar, wait…, ….., .."),
    (
        "<< x >>, <<x>>, a << b >> c",
        "«\u{a0}x\u{a0}», «x», a «\u{a0}b\u{a0}» c",
    ),
    // CJK before a quote is kramdown's "closing" context (SQ_CLOSE), so the quote after 「 or
    // after a kana closes: the blog shows 「”foo”」.
    (
        "「\"foo\"」と\"日本語\"です。'日本'も。「'x'」",
        "「”foo”」と”日本語”です。’日本’も。「’x’」",
    ),
    (
        "日本語\"引用\"日本語、英語 \"quote\" 英語",
        "日本語”引用”日本語、英語 “quote” 英語",
    ),
    ("\"日本語\"", "“日本語”"),
    ("5'10\" tall, 3\" x 4'", "5’10” tall, 3” x 4’"),
    (
        "x \"(paren)\" and '(p)' and \".\" and '.'",
        "x “(paren)” and ‘(p)’ and “.” and ‘.’",
    ),
    ("\"quote at end\"", "“quote at end”"),
    ("'single at end'", "‘single at end’"),
];

#[test]
fn measured_paragraphs_read_as_kramdown_prints_them() {
    for (src, want) in MEASURED {
        assert_eq!(conv(src), *want, "source: {src:?}");
    }
}

#[test]
fn a_quote_after_an_element_sees_no_previous_character() {
    // `*x*'s` → `<em>x</em>’s` (measured): the run after the emphasis starts at the quote.
    assert_eq!(
        convert("'s and", None, "", &Typography::default()).0,
        "’s and"
    );
    // `"*emph*"` → `“<em>emph</em>”`: the opening quote looks ahead at the `*`.
    assert_eq!(
        convert("\"", None, "*emph*\"", &Typography::default()).0,
        "“"
    );
    // `a "b` split across two plain runs reads as one.
    let t = Typography::default();
    let (first, prev) = convert("a ", None, "\"b", &t);
    assert_eq!((first.as_str(), prev), ("a ", Some(' ')));
    assert_eq!(convert("\"b\"", prev, "", &t).0, "“b”");
}

#[test]
fn a_dash_or_quote_leaves_nothing_visible_for_the_next_run() {
    let t = Typography::default();
    assert_eq!(convert("a--", None, "", &t), ("a–".to_owned(), None));
    assert_eq!(convert("x\"", None, "", &t), ("x”".to_owned(), None));
}

#[test]
fn smart_quotes_setting_picks_the_characters() {
    // `smart_quotes: ["sbquo", "lsquo", "bdquo", "ldquo"]` (German) and code points.
    let items = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let german = SmartQuotes::parse(&items(&["sbquo", "lsquo", "bdquo", "ldquo"])).unwrap();
    let t = Typography {
        quotes: german,
        symbols: true,
    };
    assert_eq!(convert("\"Ja\" 'so'", None, "", &t).0, "„Ja“ ‚so‘");
    // `apos,apos,quot,quot` is how sites turn curly quotes off.
    let off = SmartQuotes::parse(&items(&["apos", "apos", "quot", "quot"])).unwrap();
    let t = Typography {
        quotes: off,
        symbols: true,
    };
    assert_eq!(convert("\"a\" don't --", None, "", &t).0, "\"a\" don't –");
    let numbers = SmartQuotes::parse(&items(&["8216", "8217", "171", "187"])).unwrap();
    assert_eq!(numbers.ldquo, '«');
    assert!(SmartQuotes::parse(&items(&["lsquo", "rsquo"])).is_err());
    assert!(SmartQuotes::parse(&items(&["lsquo", "rsquo", "nope", "rdquo"])).is_err());
}

#[test]
fn no_auto_typographic_keeps_dashes_but_still_curls_quotes() {
    let t = Typography {
        quotes: SmartQuotes::default(),
        symbols: false,
    };
    assert_eq!(
        convert("\"a\" -- b... << c >>", None, "", &t).0,
        "“a” -- b... << c >>"
    );
}

/// 800 random runs (quotes, dashes, dots, guillemets, ASCII, CJK, punctuation) and what
/// kramdown printed for each (`kramdown-runs.rb` regenerates the file with real kramdown).
#[test]
fn random_runs_read_as_kramdown_prints_them() {
    let mut checked = 0;
    for line in include_str!("kramdown-runs.jsonl").lines() {
        let (src, want): (String, String) = serde_json::from_str(line).unwrap();
        assert_eq!(conv(&src), want, "source: {src:?}");
        checked += 1;
    }
    assert_eq!(checked, 800);
}
