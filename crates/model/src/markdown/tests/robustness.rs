//! No input makes the readers panic.

use super::*;
use proptest::prelude::*;

const NASTY: &[&str] = &[
    "",
    "\n",
    "#",
    "##",
    "#######",
    "{:",
    "{: ",
    "{:}",
    "{::comment}",
    "{::nomarkdown}",
    "{:/}",
    "]]>",
    "<div markdown=\"1\">",
    ": ",
    "* TOC\n",
    "*[",
    "`",
    "```",
    "~~~ linenos",
    "$",
    "$$",
    "$$\n",
    "[^",
    "[^1]:",
    "|",
    "|-|\n|",
    "<",
    "</",
    "<a",
    "<a href=",
    "</a></a></a>",
    "<a href=x><a href=y>",
    "<div>",
    "</div></div>",
    "<p><p><p>",
    "<li>",
    "</li>",
    "<ul><li><table><tr><td><pre><code>",
    "<ruby><rt>",
    "</rt></ruby>",
    "<rt>x</rt>",
    "<rp>",
    "<script>",
    "<script>x",
    "<iframe>",
    "<iframe src=\"javascript:x\">",
    "<img>",
    "<img src>",
    "<!--",
    "<!-- x",
    "&",
    "&#x110000;",
    "&#0;",
    "\r\n",
    "\r",
    "\u{0}",
    "\u{FEFF}",
    "　",
    "。\n",
    "> ",
    "> <div>\n> x",
    "- [x]",
    "1. ",
    "![",
    "![a](",
    "![a](b){:",
    "![a](b){:width=\"-1\"}",
    "<th>",
    "<thead><tr>",
    "<figcaption>",
    "<figure></figure>",
    "<h7>",
    "<svg><text>x</text></svg>",
];

#[test]
fn nasty_inputs_do_not_panic() {
    for a in NASTY {
        for b in NASTY {
            let s = format!("{a}{b}\n{b}{a}");
            run_with(&s, 1, false);
            run_with(&s, 1, true);
            run_with(&s, 0, false);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    #[test]
    fn any_markdown_or_html_reads_without_panic(
        s in proptest::collection::vec(
            prop_oneof![
                Just("<a href=\"x\">"), Just("</a>"), Just("<div>"), Just("</div>"), Just("<p>"),
                Just("<li>"), Just("<ul>"), Just("</ul>"), Just("<ruby>"), Just("<rt>"),
                Just("</ruby>"), Just("<figure>"), Just("<figcaption>"), Just("<pre>"),
                Just("<table>"), Just("<tr>"), Just("<td>"), Just("<script>"), Just("</script>"),
                Just("<img src=a width=3>"), Just("*"), Just("**"), Just("_"), Just("~~"),
                Just("$"), Just("$$"), Just("`"), Just("```"), Just("#"), Just("##"), Just("> "),
                Just("- "), Just("1. "), Just("|"), Just("[^1]"), Just("[^1]: "), Just("{: .x}"),
                Just("{:toc}"), Just("!["), Just("]("), Just(")"), Just("{:width=\"9\"}"),
                Just("\n"), Just("\n\n"), Just("    "), Just("日本語。"), Just("abc"), Just("&amp;"),
                Just("한국"), Just("\r\n"), Just("|---|"), Just("|===|"), Just("a | b"),
                Just("<details>"), Just("<summary>"), Just("<label for=x>"), Just("</label>"),
                Just("<input type=checkbox checked>"), Just("<button>"), Just("<select>"),
                Just("<textarea>"), Just("<div markdown=\"1\">"), Just("<my-el>"), Just("</my-el>"),
            ],
            0..40,
        )
    ) {
        let s: String = s.concat();
        run_with(&s, 3, false);
        run_with(&s, 3, true);
    }
}

#[test]
fn fifty_thousand_nested_quotes_do_not_overflow_the_stack() {
    let r = run_with(&format!("{}deep\n", ">".repeat(50_000)), 1, false);
    let mut depth = 0;
    let mut blocks = &r.blocks;
    while let [Block::BlockQuote { content }] = &blocks[..] {
        depth += 1;
        blocks = content;
    }
    assert!(depth <= 100, "{depth}");
    assert_eq!(crate::document::plain_text(&para_of(blocks)), "deep");
    assert_eq!(
        r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec!["markdown"]
    );
}

#[test]
fn twenty_thousand_nested_list_items_are_flattened_below_the_depth_cap() {
    let r = run_with(&format!("{}x\n", "- ".repeat(20_000)), 1, false);
    fn list_depth(blocks: &[Block]) -> usize {
        blocks
            .iter()
            .map(|b| match b {
                Block::List { items, .. } => {
                    1 + items
                        .iter()
                        .map(|i| list_depth(&i.content))
                        .max()
                        .unwrap_or(0)
                }
                _ => 0,
            })
            .max()
            .unwrap_or(0)
    }
    let depth = list_depth(&r.blocks);
    assert!((40..=100).contains(&depth), "{depth}");
    let mut texts = Vec::new();
    walk_inlines(&r.blocks, &mut |i| {
        texts.push(crate::document::plain_text(std::slice::from_ref(i)))
    });
    assert_eq!(texts, vec!["x"]);
}

#[test]
fn fifty_thousand_nested_bold_tags_do_not_overflow_the_stack() {
    let r = run_with(&format!("{}b", "<b>".repeat(50_000)), 1, true);
    let mut n = 0;
    walk_inlines(&r.blocks, &mut |i| {
        n += usize::from(matches!(i, Inline::Strong { .. }))
    });
    assert!((1..=100).contains(&n), "{n}");
}

fn para_of(blocks: &[Block]) -> Vec<Inline> {
    match blocks {
        [Block::Paragraph { content }] => content.clone(),
        other => panic!("{other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// The emphasis pass writes `<em>`/`<strong>` and `\*` into the text pulldown-cmark reads:
    /// none of it may ever reach the reader as text, and the number of `*`/`_` shown never
    /// exceeds what the author typed.
    #[test]
    fn kramdown_emphasis_never_shows_its_own_markup(
        s in proptest::collection::vec(
            prop_oneof![
                Just("*"), Just("**"), Just("***"), Just("_"), Just("__"), Just("「"), Just("」"),
                Just("は"), Just("a"), Just(" "), Just("\n"), Just("\\"), Just("`"), Just("["),
                Just("]"), Just("(u)"), Just("<https://x.org/a_b>"), Just("<b>"), Just("</b>"),
                Just("-"), Just("2"), Just("{: .c}"), Just("\n\n"), Just("- "), Just("# "),
                Just("|"), Just("~~"), Just("&amp;"), Just("!["),
            ],
            0..40,
        )
    ) {
        let s: String = s.concat();
        let blocks = run_with(&s, 1, false).blocks;
        let mut shown = String::new();
        crate::document::walk_inlines(&blocks, &mut |i| {
            if let Inline::Text { text } = i {
                shown.push_str(text);
            }
        });
        for tag in ["<em>", "</em>", "<strong>", "</strong>"] {
            prop_assert!(!shown.contains(tag), "{tag} shown for {s:?}: {shown:?}");
        }
        let count = |t: &str| t.chars().filter(|c| matches!(c, '*' | '_')).count();
        prop_assert!(count(&shown) <= count(&s), "{s:?} shows {shown:?}");
    }
}
