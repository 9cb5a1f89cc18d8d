//! kramdown habits, each checked against `jekyll build` (Jekyll 4.3.1, kramdown 2.4).

use super::*;

#[test]
fn heading_without_space_after_hashes_is_a_heading() {
    let h = headings(&md("##見出し\n\n本文\n"));
    assert_eq!(h, vec![(2, "見出し".into(), "見出し".into())]);
}

#[test]
fn block_ial_after_heading_sets_id_and_class() {
    let b = md("## Heading\n{: .cls #myid}\n");
    assert!(
        matches!(&b[..], [Block::Heading { id, classes, .. }] if id == "myid" && classes == &["cls"])
    );
}

#[test]
fn block_ial_line_ends_the_paragraph_and_vanishes() {
    let b = md("para one\n{: .note}\npara two\n");
    assert_eq!(
        b,
        vec![
            Block::Paragraph {
                content: vec![text("para one")]
            },
            Block::Paragraph {
                content: vec![text("para two")]
            },
        ]
    );
}

#[test]
fn toc_list_and_marker_produce_nothing() {
    assert_eq!(
        md("* TOC\n{:toc}\n\n本文\n"),
        vec![Block::Paragraph {
            content: vec![text("本文")]
        }]
    );
}

#[test]
fn ald_and_abbreviation_definitions_produce_nothing() {
    assert_eq!(
        md("{:ref: .x}\n\n*[ABC]: Alpha Beta\n\nABC is here.\n"),
        vec![Block::Paragraph {
            content: vec![text("ABC is here.")]
        }]
    );
}

#[test]
fn span_ial_after_image_sets_its_width() {
    let c = para("![a](b.png){:width=\"300px\"}");
    let [Inline::Image(img)] = &c[..] else {
        panic!("{c:?}")
    };
    assert_eq!(img.width, Some(Length::Px(300.0)));
}

#[test]
fn block_ial_after_image_paragraph_sizes_the_image() {
    let imgs = images(&md("![c](d.png)\n{: width=\"200\" height=\"100\"}\n"));
    assert_eq!(imgs[0].width, Some(Length::Px(200.0)));
    assert_eq!(imgs[0].height, Some(Length::Px(100.0)));
}

#[test]
fn more_marker_is_ignored() {
    assert_eq!(md("a\n\n<!--more-->\n\nb\n").len(), 2);
}

#[test]
fn comment_extension_hides_its_content() {
    assert_eq!(md("{::comment}\nhidden\n{:/comment}\n"), vec![]);
}

#[test]
fn hashes_in_fenced_code_are_kept() {
    let b = md("```\n##insidefence\n{: .x}\n```\n");
    assert!(matches!(&b[..], [Block::CodeBlock { text, .. }] if text == "##insidefence\n{: .x}"));
}

#[test]
fn two_backslashes_at_line_end_are_a_hard_break() {
    assert_eq!(
        para("line one\\\\\nline two\n"),
        vec![text("line one"), Inline::LineBreak, text("line two")]
    );
}

#[test]
fn four_backslashes_at_line_end_are_one_backslash_and_a_break() {
    assert_eq!(
        para("a\\\\\\\\\nb\n"),
        vec![text("a\\"), Inline::LineBreak, text("b")]
    );
}

#[test]
fn two_backslashes_ending_a_paragraph_are_one_backslash() {
    assert_eq!(para("end\\\\\n"), vec![text("end\\")]);
}

#[test]
fn two_backslashes_in_the_middle_of_a_line_are_one_backslash() {
    assert_eq!(para("mid \\\\ text\n"), vec![text("mid \\ text")]);
}

#[test]
fn two_backslashes_in_a_code_span_stay() {
    assert_eq!(
        para("`code\\\\`\nx\n"),
        vec![Inline::code("code\\\\"), text(" x")]
    );
}

#[test]
fn two_backslashes_in_a_quote_are_a_hard_break() {
    let b = md("> q\\\\\n> r\n");
    let [Block::BlockQuote { content }] = &b[..] else {
        panic!("{b:?}")
    };
    assert_eq!(
        content,
        &vec![Block::Paragraph {
            content: vec![text("q"), Inline::LineBreak, text("r")]
        }]
    );
}

#[test]
fn inline_nomarkdown_is_read_as_html() {
    assert_eq!(
        para("a {::nomarkdown}<b>raw</b> **not**{:/nomarkdown} b\n"),
        vec![
            text("a "),
            Inline::Strong {
                content: vec![text("raw")]
            },
            text(" **not** b")
        ]
    );
}

#[test]
fn block_nomarkdown_is_read_as_html_with_file_lines() {
    let r = run_with(
        "intro\n\n{::nomarkdown}\n<p>p</p>\n\n<p><blink>q</blink></p>\n{:/}\n\nafter\n",
        10,
        false,
    );
    assert_eq!(
        r.blocks,
        vec![
            Block::Paragraph {
                content: vec![text("intro")]
            },
            Block::Paragraph {
                content: vec![text("p")]
            },
            Block::Paragraph {
                content: vec![text("q")]
            },
            Block::Paragraph {
                content: vec![text("after")]
            },
        ]
    );
    assert_eq!(r.diagnostics[0].span.as_ref().map(|s| s.line), Some(15));
}

#[test]
fn one_line_nomarkdown_keeps_its_html() {
    assert_eq!(
        md("{::nomarkdown}<div>x **y**</div>{:/nomarkdown}\n"),
        vec![Block::Paragraph {
            content: vec![text("x **y**")]
        }]
    );
}

#[test]
fn empty_nomarkdown_and_options_produce_nothing() {
    assert_eq!(
        md("{::nomarkdown /}\n\nu {::nomarkdown /} v {::options auto_ids=\"false\" /}w\n\n{::options parse_block_html=\"true\" /}\n"),
        vec![Block::Paragraph { content: vec![text("u v w")] }]
    );
}

#[test]
fn inline_comment_extension_hides_its_content() {
    assert_eq!(
        para("c {::comment}hidden{:/comment} d\n"),
        vec![text("c d")]
    );
}

#[test]
fn nomarkdown_in_a_code_span_is_text() {
    assert_eq!(
        para("`{::nomarkdown}` code\n"),
        vec![Inline::code("{::nomarkdown}"), text(" code")]
    );
}

#[test]
fn nomarkdown_in_indented_code_is_text() {
    let b = md("para\n\n    {::nomarkdown}x{:/}\n");
    assert!(matches!(&b[1], Block::CodeBlock { text, .. } if text == "{::nomarkdown}x{:/}"));
}

fn strong(s: &str) -> Inline {
    Inline::Strong {
        content: vec![text(s)],
    }
}

#[test]
fn strong_next_to_japanese_brackets_is_strong() {
    assert_eq!(
        para("場所は**「A」**です。\n"),
        vec![text("場所は"), strong("「A」"), text("です。")]
    );
}

#[test]
fn two_strong_runs_around_a_word_pair_as_kramdown_pairs_them() {
    assert_eq!(
        para("**「A」**と**「B」**\n"),
        vec![strong("「A」"), text("と"), strong("「B」")]
    );
}

#[test]
fn underscores_inside_words_stay_text_when_a_run_is_rewritten() {
    assert_eq!(
        para("snake_case_name と **「A」**です\n"),
        vec![text("snake_case_name と "), strong("「A」"), text("です")]
    );
}

#[test]
fn code_span_and_link_keep_their_asterisks_beside_kramdown_strong() {
    let c = para("`**a**` [*b*](https://example.com/x_y_z)の**「C」**。\n");
    assert!(
        matches!(&c[..], [Inline::Code { text: code, .. }, _, Inline::Link { content, .. }, _, Inline::Strong { .. }, _]
            if code == "**a**" && matches!(&content[..], [Inline::Emphasis { .. }])),
        "{c:?}"
    );
}

#[test]
fn escaped_asterisks_stay_text_beside_kramdown_strong() {
    assert_eq!(
        para("\\*注\\* は**「A」**です\n"),
        vec![text("*注* は"), strong("「A」"), text("です")]
    );
}

#[test]
fn span_ial_after_a_link_vanishes() {
    let c = para("See [the site](https://example.com/){:target=\"_blank\"}.\n");
    assert!(
        matches!(&c[..], [_, Inline::Link { .. }, Inline::Text { text }] if text == "."),
        "{c:?}"
    );
}

#[test]
fn span_ial_after_strong_and_code_vanishes_and_inside_brackets_too() {
    let c = para("**x**{: .c} `y`{: .d} [[z](https://example.com/){:target=\"_blank\"}]\n");
    assert!(!crate::document::plain_text(&c).contains("{:"), "{c:?}");
    assert!(crate::document::plain_text(&c).contains("[z]"), "{c:?}");
}

#[test]
fn span_ial_after_text_stays_text_as_kramdown_leaves_it() {
    assert_eq!(
        para("text {: .x} and {:y}\n"),
        vec![text("text {: .x} and {:y}")]
    );
}

#[test]
fn angle_brackets_around_a_non_web_scheme_stay_text() {
    assert_eq!(
        para("self は #<refinement:Foo@Foo> です。\n"),
        vec![text("self は #<refinement:Foo@Foo> です。")]
    );
}

#[test]
fn web_and_mailto_autolinks_stay_links_and_mailto_shows_the_address() {
    let c = para("<https://example.com> <mailto:a@example.com> <foo:bar>x\n");
    assert!(
        matches!(&c[..], [Inline::Link { content: a, .. }, _, Inline::Link { content: m, .. }, Inline::Text { text: t }]
            if crate::document::plain_text(a) == "https://example.com"
                && crate::document::plain_text(m) == "a@example.com"
                && t == " x"),
        "{c:?}"
    );
}

#[test]
fn paren_numbers_are_text_not_a_list() {
    assert_eq!(
        md("1) First step.\n2) Second step.\n"),
        vec![Block::Paragraph {
            content: vec![text("1) First step. 2) Second step.")]
        }]
    );
}
