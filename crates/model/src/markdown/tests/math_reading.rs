//! Math as the blog shows it: kramdown's output read as MathJax reads it (measured with Jekyll
//! 4.3.1; see `markdown/mathjax.rs`).

use super::*;
use crate::document::walk_blocks;

/// Every formula of a body, in order: (TeX, whether it is a display block).
fn maths_of(blocks: &[Block]) -> Vec<(String, bool)> {
    let mut v = Vec::new();
    walk_blocks(blocks, &mut |b| {
        if let Block::Math { tex, .. } = b {
            v.push((tex.clone(), true));
        }
    });
    walk_inlines(blocks, &mut |i| {
        if let Inline::Math { tex, .. } = i {
            v.push((tex.clone(), false));
        }
    });
    v
}

fn maths(body: &str) -> Vec<(String, bool)> {
    maths_of(&md(body))
}

fn without_mathjax(body: &str) -> Vec<Block> {
    run_full(body, 1, false, KramdownSettings::default(), false).blocks
}

fn m(tex: &str, display: bool) -> (String, bool) {
    (tex.to_owned(), display)
}

#[test]
fn double_backslash_parentheses_are_inline_math() {
    // kramdown writes `\\(` as `\(`: MathJax's inline delimiter.
    let p = para("A \\\\(x_1 + y_1\\\\) end.");
    assert_eq!(
        p,
        [
            text("A "),
            Inline::Math {
                tex: "x_1 + y_1".into(),
                mathml: None
            },
            text(" end.")
        ]
    );
}

#[test]
fn single_backslash_delimiters_are_kramdown_escapes_not_math() {
    // kramdown writes `\(x\)` as `(x)` and `\[x\]` as `[x]`.
    assert_eq!(para("A \\(x\\) and \\[y\\]."), [text("A (x) and [y].")]);
    assert!(maths("A \\(x\\) alone").is_empty());
}

#[test]
fn double_backslash_brackets_alone_are_a_display_block() {
    let blocks = md("Before.\n\n\\\\[\nx = \\frac{1}{2} \\\\\\\\\ny\n\\\\]\n\nAfter.\n");
    assert!(
        matches!(
            blocks.as_slice(),
            [
                Block::Paragraph { .. },
                Block::Math { .. },
                Block::Paragraph { .. }
            ]
        ),
        "{blocks:?}"
    );
    // The line-ending `\\\\` (a `<br />` after kramdown) is the row break the author meant.
    assert_eq!(maths_of(&blocks), [m("x = \\frac{1}{2} \\\\\ny", true)]);
}

#[test]
fn kramdown_escapes_inside_are_undone_and_emphasis_stays_tex() {
    assert_eq!(
        maths("\\\\(\\frac{a}{b} \\\\{x\\\\} a*b*c \\|v\\| a\\,b\\\\)"),
        [m("\\frac{a}{b} \\{x\\} a*b*c |v| a\\,b", false)]
    );
}

#[test]
fn math_delimiters_in_code_are_code() {
    let p = para("A `\\\\(x\\\\)` code.");
    assert!(p.iter().any(|i| matches!(i, Inline::Code { .. })), "{p:?}");
    assert!(maths("```\n\\\\(x\\\\)\n\\begin{equation}x\\end{equation}\n```\n").is_empty());
    assert!(maths("    \\begin{equation}\n    x\n    \\end{equation}\n").is_empty());
}

#[test]
fn without_mathjax_on_the_blog_nothing_but_double_dollars_is_math() {
    let blocks = without_mathjax(
        "A \\\\(x\\\\) b.\n\n\\begin{equation}\nx\n\\end{equation}\n\n$$y$$\n\nCost $5 and $6.\n",
    );
    assert_eq!(maths_of(&blocks), [m("y", true)]);
    let text = crate::document::plain_text(match &blocks[0] {
        Block::Paragraph { content } => content,
        b => panic!("{b:?}"),
    });
    assert_eq!(text, "A \\(x\\) b.");
}

#[test]
fn dollar_amounts_in_prose_are_not_math() {
    // pulldown-cmark (like MathJax with `$` and a sensible blog) needs the closing `$` not to
    // be followed by a digit.
    let p = para("Cost $5 and $6.");
    assert!(!p.iter().any(|i| matches!(i, Inline::Math { .. })), "{p:?}");
}

#[test]
fn a_bare_environment_paragraph_is_display_math_with_the_authors_tex() {
    // kramdown makes `*}…\end{align*` emphasis and `\\` at a line end a `<br />`.
    let body = "\\begin{align*}\na &= b_*1*_2 \\\\\n- c &= d\n\\end{align*}\n";
    let blocks = md(body);
    assert_eq!(
        maths_of(&blocks),
        [m(
            "\\begin{align*}\na &= b_*1*_2 \\\\\n- c &= d\n\\end{align*}",
            true
        )]
    );
    assert_eq!(blocks.len(), 1, "{blocks:?}");
}

#[test]
fn an_environment_after_text_in_its_paragraph_is_math_in_it() {
    let blocks = md("Text before\n\\begin{equation}\na = b\n\\end{equation}\n");
    let found = maths_of(&blocks);
    assert_eq!(
        found,
        [m("\\begin{equation}\na = b\n\\end{equation}", false)]
    );
}

#[test]
fn references_in_prose_are_math() {
    assert_eq!(
        maths("See \\eqref{eq:one} and \\ref{eq:two}."),
        [m("\\eqref{eq:one}", false), m("\\ref{eq:two}", false)]
    );
}

#[test]
fn a_math_fence_is_display_math() {
    let blocks = md("```math\n\\frac{a}{b}\n```\n");
    assert_eq!(maths_of(&blocks), [m("\\frac{a}{b}", true)]);
}

#[test]
fn formulas_in_a_quote_and_a_list_keep_their_containers() {
    let blocks = md("> \\\\[\n> x\n> \\\\]\n\n* \\\\(y\\\\) in a list\n");
    assert!(
        matches!(&blocks[0], Block::BlockQuote { content } if matches!(content.as_slice(), [Block::Math { tex, .. }] if tex == "x")),
        "{blocks:?}"
    );
    assert!(matches!(&blocks[1], Block::List { .. }), "{blocks:?}");
    assert_eq!(maths_of(&blocks[1..]), [m("y", false)]);
}

#[test]
fn single_dollar_math_is_what_kramdown_leaves_of_it() {
    // kramdown does not read `$…$` as math, so its escapes apply before MathJax sees it
    // (Huxpro's blog writes `\*` to keep Markdown from reading emphasis).
    assert_eq!(
        maths(r"The set $\Sigma^{\*}$ here."),
        [m(r"\Sigma^{*}", false)]
    );
    assert_eq!(maths(r"Braces $\{x\}$ vanish."), [m("{x}", false)]);
    // A row break in `$…$` is `\\\\` on a kramdown blog (`\\` is an escaped backslash).
    assert_eq!(
        maths(r"M $a \\\\ b$ and $c \\ d$."),
        [m(r"a \\ b", false), m(r"c \ d", false)]
    );
    // `$$…$$` is kramdown's own math: kept as written.
    assert_eq!(maths(r"Braces $$\{x\}$$ stay."), [m(r"\{x\}", false)]);
}
