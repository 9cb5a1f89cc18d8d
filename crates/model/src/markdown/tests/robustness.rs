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
                Just("한국"), Just("\r\n"),
            ],
            0..40,
        )
    ) {
        let s: String = s.concat();
        run_with(&s, 3, false);
        run_with(&s, 3, true);
    }
}
