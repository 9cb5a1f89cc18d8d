//! kramdown's quotes and dashes in a whole post: where they convert and where they never do.
//! `typography.md` was rendered by kramdown 2.4.0 (GFM input, Jekyll 4.3.1's options); each
//! expectation quotes what it printed.

use super::*;

fn doc() -> String {
    format!("{:?}", md(include_str!("typography.md")))
}

fn has(doc: &str, s: &str) -> bool {
    doc.contains(&format!("{s:?}").trim_matches('"').to_owned())
}

#[test]
fn prose_everywhere_converts() {
    let d = doc();
    for s in [
        // <h1 id="quoted-heading--with-dash">“Quoted” heading – with dash…</h1>
        "“Quoted” heading – with dash…",
        // <em>x</em>’s and “<em>emph</em>” and “<strong>b</strong>”.
        "’s and “",
        "” and “",
        // <a …>link “text” – a</a> … http://b.com/p–q (a bare URL is prose to kramdown)
        "link “text” – a",
        "http://b.com/p–q",
        // <span>“in span” – x</span>
        "“in span” – x",
        "“cell” – a",
        "‘b’",
        "x…y",
        "don’t",
        "“item” – one",
        "it’s",
        // line one\n“line two” starts (the newline before the quote is white space)
        "“line two” starts",
        "“quoted” block – x",
        "Term “t”",
        "“def” – d",
        "“note” – n",
        // <b>“bold”</b>’s and <i>Custer</i>’s and <code>code</code>’s
        "“bold”",
        "’s and ",
    ] {
        assert!(has(&d, s), "missing {s:?} in {d}");
    }
    let ids = headings(&md(include_str!("typography.md")));
    assert_eq!(ids[0].1, "quoted-heading--with-dash");
}

#[test]
fn code_urls_alt_text_escapes_and_raw_html_stay_as_typed() {
    let d = doc();
    for s in [
        // <code>"x" -- y...</code>, fenced and indented code
        "\"x\" -- y...",
        "\"fenced\" -- code...",
        "\"indented\" -- code",
        // <a href="http://a.com/x--y...z">http://a.com/x--y...z</a>
        "http://a.com/x--y...z",
        // alt="alt &quot;q&quot; -- x..."
        "alt \"q\" -- x...",
        // "ent" and "esc" and 'e' and -- and ... and 'x'
        "\"ent\" and \"esc\" and 'e' and -- and ... and 'x'",
        // <code>"in code" -- x</code> and <kbd>"k"</kbd>
        "\"in code\" -- x",
        "\"k\"",
        // <div>"in div" -- raw...</div> and <p>"in p" -- raw</p>: block HTML is raw
        "\"in div\" -- raw...",
        "\"in p\" -- raw",
        // \("math" -- x\)
        "\"math\" -- x",
    ] {
        assert!(has(&d, s), "missing {s:?} in {d}");
    }
}

#[test]
fn span_ial_quotes_stay_markup() {
    let img = images(&md("![a](b.png){: width=\"300\"} \"after\"\n"));
    assert!(img[0].width.is_some());
    assert_eq!(
        para("![a](b.png){: width=\"300\"} \"after\"\n")[1..],
        [text(" “after”")]
    );
}

#[test]
fn smart_quotes_setting_reaches_the_text() {
    let settings = KramdownSettings {
        typography: crate::markdown::Typography {
            quotes: crate::markdown::SmartQuotes::parse(&[
                "sbquo".into(),
                "lsquo".into(),
                "bdquo".into(),
                "ldquo".into(),
            ])
            .unwrap(),
            symbols: false,
        },
        ..Default::default()
    };
    let r = run_with_settings("\"Ja\" -- 'so'\n", 1, false, settings);
    assert_eq!(format!("{:?}", r.blocks).matches("„Ja“ -- ‚so‘").count(), 1);
}

#[test]
fn double_angle_before_a_tag_like_word_is_a_guillemet() {
    // kramdown: `<<x>> and << y >>` → `«x» and «&nbsp;y&nbsp;»` (its `<<` comes before any tag).
    assert_eq!(
        para("<<x>> and << y >>\n"),
        [text("«x» and «\u{a0}y\u{a0}»")]
    );
}
