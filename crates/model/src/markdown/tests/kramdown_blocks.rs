//! kramdown's tables and block HTML, where CommonMark reads otherwise; each case measured with
//! `jekyll build` (Jekyll 4.3.1, kramdown 2.4, default `input: GFM`; `input: kramdown` reads
//! them the same).

use super::*;
use crate::document::TableCell;

fn tables(blocks: &[Block]) -> Vec<(Vec<TableCell>, Vec<Vec<TableCell>>)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table { header, rows, .. } => Some((header.clone(), rows.clone())),
            _ => None,
        })
        .collect()
}

fn cells(row: &[TableCell]) -> Vec<String> {
    row.iter().map(|c| crate::document::plain_text(c)).collect()
}

fn only_paragraph_text(b: &[Block]) -> String {
    match b {
        [Block::Paragraph { content }] => crate::document::plain_text(content),
        other => panic!("expected one paragraph, got {other:?}"),
    }
}

#[test]
fn separator_line_with_fewer_cells_than_the_header_still_makes_a_table() {
    let t = tables(&md("| a | b | c |\n| -- | --|\n| 1 | 2 | 3 |\n"));
    assert_eq!(t.len(), 1);
    assert_eq!(cells(&t[0].0), ["a", "b", "c"]);
    assert_eq!(cells(&t[0].1[0]), ["1", "2", "3"]);
}

#[test]
fn separator_and_footer_lines_inside_a_table_keep_every_row() {
    let t = tables(&md(
        "| h1 | h2 |\n|----|----|\n| r1 | x |\n|----|----|\n| r2 | y |\n|====|====|\n| f1 | f2 |\n",
    ));
    let rows: Vec<Vec<String>> = t[0].1.iter().map(|r| cells(r)).collect();
    assert_eq!(rows, [["r1", "x"], ["r2", "y"], ["f1", "f2"]]);
}

#[test]
fn table_without_leading_pipes_is_a_table() {
    let t = tables(&md("h1 | h2\n---|---\nr1 | x\n"));
    assert_eq!(cells(&t[0].0), ["h1", "h2"]);
}

#[test]
fn rows_without_a_separator_line_are_a_table_without_header() {
    let t = tables(&md("| 東京 | 晴れ |\n| 大阪 | 雨 |\n"));
    assert!(t[0].0.is_empty());
    assert_eq!(t[0].1.len(), 2);
}

#[test]
fn a_lone_line_with_a_pipe_is_a_one_row_table() {
    let t = tables(&md("前\n\na | b\n\n後\n"));
    assert_eq!(cells(&t[0].1[0]), ["a", "b"]);
}

#[test]
fn pipe_inside_a_code_span_stays_in_its_cell() {
    let t = tables(&md("| code | meaning |\n|---|---|\n| `a|b` | or |\n"));
    assert_eq!(t[0].1[0][0], vec![Inline::code("a|b")]);
    assert_eq!(cells(&t[0].1[0])[1], "or");
}

#[test]
fn escaped_pipe_in_a_code_span_keeps_its_backslash_as_kramdown_does() {
    let t = tables(&md("| x |\n|---|\n| `c\\|d` |\n"));
    assert_eq!(t[0].1[0][0], vec![Inline::code("c\\|d")]);
}

#[test]
fn short_body_rows_are_padded_to_the_widest_row() {
    let t = tables(&md("| a | b | c |\n|---|---|---|\n| 1 |\n"));
    assert_eq!(cells(&t[0].1[0]), ["1", "", ""]);
}

#[test]
fn table_lines_right_after_a_paragraph_line_stay_the_paragraph() {
    let b = md("text\n| h1 | h2 |\n|----|----|\n| r1 | x |\n");
    // kramdown prints `|—-|—-|` here (measured): its `---` is an em dash in a paragraph.
    assert_eq!(
        only_paragraph_text(&b),
        "text | h1 | h2 | |—-|—-| | r1 | x |"
    );
}

#[test]
fn table_followed_by_a_text_line_is_a_paragraph() {
    let b = md("| a | b |\n|---|---|\n| 1 | 2 |\ntext after\n");
    assert!(tables(&b).is_empty(), "{b:?}");
}

#[test]
fn header_and_separator_without_body_are_a_paragraph() {
    assert!(tables(&md("| a | b |\n|---|---|\n")).is_empty());
}

#[test]
fn a_warning_in_a_rewritten_table_points_at_its_file_line() {
    let r = run_with("前\n\n| <blink>x</blink> | y |\n| z | w |\n", 5, false);
    let d = r.diagnostics.first().expect("a warning");
    assert_eq!(d.span.as_ref().map(|s| s.line), Some(7));
}

#[test]
fn blank_line_and_indented_lines_inside_a_div_stay_html() {
    let b = md("<div class=\"tabs\">\n  <p>一</p>\n\n    <div class=\"tab\">\n        <p>二</p>\n    </div>\n</div>\n");
    assert_eq!(
        b,
        vec![
            Block::Paragraph {
                content: vec![text("一")]
            },
            Block::Paragraph {
                content: vec![text("二")]
            }
        ]
    );
}

#[test]
fn a_warning_after_a_blank_line_inside_a_div_keeps_its_file_line() {
    let r = run_with("<div>\n\n\n<blink>x</blink>\n</div>\n", 10, false);
    let d = r.diagnostics.first().expect("a warning");
    assert_eq!(d.span.as_ref().map(|s| s.line), Some(13));
}

#[test]
fn line_after_a_closing_tag_is_markdown_again() {
    let b = md("<div>\nx\n</div>\n**太字** の後\n");
    assert_eq!(
        b.last(),
        Some(&Block::Paragraph {
            content: vec![
                Inline::Strong {
                    content: vec![text("太字")]
                },
                text(" の後")
            ]
        })
    );
}

#[test]
fn details_keep_their_markdown_as_text_and_summary_is_bold() {
    let b = md("<details>\n<summary>要約</summary>\n\n**中身**\n\n</details>\n");
    assert_eq!(
        b,
        vec![
            Block::Paragraph {
                content: vec![Inline::Strong {
                    content: vec![text("要約")]
                }]
            },
            Block::Paragraph {
                content: vec![text("**中身**")]
            }
        ]
    );
}

#[test]
fn html_table_with_a_blank_line_and_indented_rows_is_a_table() {
    let t = tables(&md(
        "<table>\n  <tr><th>H1</th><th>H2</th></tr>\n\n    <tr><td>a</td><td>b</td></tr>\n</table>\n",
    ));
    assert_eq!(cells(&t[0].0), ["H1", "H2"]);
    assert_eq!(cells(&t[0].1[0]), ["a", "b"]);
}

#[test]
fn element_never_closed_keeps_the_rest_as_text_and_warns() {
    let r = run_with("<div>\ntext\n\n## 見出し\n", 1, false);
    assert!(headings(&r.blocks).is_empty(), "{:?}", r.blocks);
    let d = r.diagnostics.first().expect("a warning");
    assert_eq!(d.code, "html-unclosed");
    assert_eq!(d.span.as_ref().map(|s| s.line), Some(1));
}

#[test]
fn markdown_attribute_inside_a_raw_div_reads_markdown() {
    let b = md("<div>\n\n<div markdown=\"1\">\n*md*\n</div>\n\nraw *text*\n\n</div>\n");
    assert_eq!(
        b,
        vec![
            Block::Paragraph {
                content: vec![Inline::Emphasis {
                    content: vec![text("md")]
                }]
            },
            Block::Paragraph {
                content: vec![text("raw *text*")]
            }
        ]
    );
}

#[test]
fn parse_block_html_reads_markdown_inside_a_div() {
    let settings = KramdownSettings {
        parse_block_html: true,
        ..Default::default()
    };
    let r = run_with_settings(
        "<div class=\"note\">\n\n## 見出し\n\n</div>\n",
        1,
        false,
        settings,
    );
    assert_eq!(headings(&r.blocks).len(), 1);
}

#[test]
fn parse_block_html_reads_indented_lines_in_a_div_as_code_like_jekyll() {
    let settings = KramdownSettings {
        parse_block_html: true,
        ..Default::default()
    };
    let r = run_with_settings("<div>\n    <p>x</p>\n</div>\n", 1, false, settings);
    assert!(
        matches!(&r.blocks[..], [Block::CodeBlock { text, .. }] if text == "<p>x</p>"),
        "{:?}",
        r.blocks
    );
}

#[test]
fn markdown_definition_list_is_a_definition_list() {
    let b = md("kramdown\n: Jekyll の既定の処理系\n");
    assert!(matches!(&b[..], [Block::DefinitionList { items }] if items.len() == 1));
}

#[test]
fn line_after_the_end_tag_of_a_markdown_div_is_markdown_again() {
    let b = md("<div markdown=\"1\">\ntext\n</div>\n## 見出し\n");
    assert_eq!(headings(&b).len(), 1, "{b:?}");
}

#[test]
fn table_lines_inside_pre_stay_as_typed() {
    let b = md("<pre>\n\na | b\n|-|-|\n</pre>\n");
    assert!(
        matches!(&b[..], [Block::CodeBlock { text, .. }] if text.contains("a | b\n|-|-|")),
        "{b:?}"
    );
}

#[test]
fn highlight_fence_inside_a_div_is_still_code() {
    // `{% highlight %}` comes to the Markdown as a fence; on the blog it is Rouge's HTML.
    let b = md("<div class=\"ex\">\n\n```html\n<div>\n```\n\n<p>後</p>\n</div>\n\nMarkdown *後*\n");
    assert!(
        matches!(&b[0], Block::CodeBlock { text, language, .. } if text == "<div>" && language.as_deref() == Some("html")),
        "{b:?}"
    );
    assert_eq!(
        b[1],
        Block::Paragraph {
            content: vec![text("後")]
        }
    );
    assert!(matches!(&b[2], Block::Paragraph { content } if content.len() == 2));
}

#[test]
fn options_line_turns_parse_block_html_on_from_there() {
    let b = md("<div>\n\n**前**\n\n</div>\n\n{::options parse_block_html=\"true\" /}\n\n<div>\n\n**後**\n\n</div>\n");
    assert_eq!(
        b,
        vec![
            Block::Paragraph {
                content: vec![text("**前**")]
            },
            Block::Paragraph {
                content: vec![Inline::Strong {
                    content: vec![text("後")]
                }]
            }
        ]
    );
}

#[test]
fn a_span_tag_alone_on_a_line_starts_a_paragraph_whose_markdown_is_read() {
    // Jekyll: `<p><br />\n<img src="/img/e.png" alt="Elmo" /> and <em>emphasis</em>.</p>`;
    // CommonMark's HTML block (type 7) kept the second line as raw text.
    let b = md("Intro.\n\n<br />\n![Elmo](/img/e.png) and *emphasis*.\n");
    let [_, Block::Paragraph { content }] = b.as_slice() else {
        panic!("{b:?}")
    };
    assert!(
        content
            .iter()
            .any(|i| matches!(i, Inline::Image(img) if img.alt == "Elmo")),
        "{content:?}"
    );
    assert!(content.iter().any(|i| matches!(i, Inline::Emphasis { .. })));
    assert!(!crate::document::plain_text(content).contains("!["));
}

#[test]
fn an_img_line_followed_by_a_caption_line_reads_both() {
    let b = md("<img src=\"/a.png\" alt=\"図\">\n*図1* のキャプション\n");
    let [Block::Paragraph { content }] = b.as_slice() else {
        panic!("{b:?}")
    };
    assert!(content.iter().any(|i| matches!(i, Inline::Image(_))));
    assert!(content.iter().any(|i| matches!(i, Inline::Emphasis { .. })));
}

#[test]
fn a_span_tag_line_before_a_list_or_heading_stays_apart() {
    // Jekyll: `<p><br /></p>` then `<h1>` / `<ul>`.
    let b = md("<br />\n# 見出し\n\n<br />\n- 項目\n");
    assert!(
        b.iter().any(|x| matches!(x, Block::Heading { .. })),
        "{b:?}"
    );
    assert!(b.iter().any(|x| matches!(x, Block::List { .. })), "{b:?}");
}

#[test]
fn parse_block_html_ends_a_one_line_element_before_a_fence_or_text() {
    // Jekyll 4.3.1 with `parse_block_html: true`: `<p>…</p>`, then a fence right after it is a
    // code block, and the text line after that fence a paragraph of its own.
    let settings = KramdownSettings {
        parse_block_html: true,
        ..Default::default()
    };
    let r = run_with_settings(
        "<p>前の段落。</p>\n```terminal\n$ bundle exec jekyll serve\n```\nを実行した時に、\n<h3>見出し</h3>\n次の行。\n\n<p>二行の\nとする。</p>\n----\n",
        1,
        false,
        settings,
    );
    assert!(
        matches!(
            &r.blocks[..],
            [
                Block::Paragraph { .. },
                Block::CodeBlock { text, .. },
                Block::Paragraph { .. },
                Block::Heading { .. },
                Block::Paragraph { .. },
                Block::Paragraph { .. },
                Block::ThematicBreak
            ] if text == "$ bundle exec jekyll serve"
        ),
        "{:#?}",
        r.blocks
    );
}

#[test]
fn display_math_lines_that_look_like_blocks_stay_in_the_formula() {
    // Jekyll 4.3.1 (kramdown): one `\[…\]` block with every line, `x_0` intact; CommonMark made
    // a list of `- \log…` and `+ b_1`, a quote of `> 0` and ate `_` as emphasis.
    let tex_lines = [
        "\\begin{aligned}",
        "- \\log p_\\theta(\\mathbf{x}_0) &\\leq q_1 \\\\",
        "+ b_1 &= c_2 \\\\",
        "> 0 \\text{ and } # 1",
        "1. &= \\mathbf{x}_0",
        "\\end{aligned}",
    ];
    let body = format!(
        "前の段落。\n\n$$\n{}\n$$\n\n後の段落。\n",
        tex_lines.join("\n")
    );
    let blocks = md(&body);
    assert!(
        matches!(&blocks[..], [Block::Paragraph { .. }, Block::Math { tex, .. }, Block::Paragraph { .. }]
            if tex_lines.iter().all(|l| tex.contains(l.trim_start_matches(['-', '+', '>', ' ']))) && tex.contains("- \\log")),
        "{blocks:#?}"
    );
    // Blank lines inside (kramdown allows them), and a one-line block with `|` (not a table).
    let blocks = md("$$\nf(x)\n& = A \\\\\n\n\\frac{d f}{d x}\n$$\n\n$$p(x_i | c)$$\n\nEnd.\n");
    assert!(
        matches!(&blocks[..], [Block::Math { tex: a, .. }, Block::Math { tex: b, .. }, Block::Paragraph { .. }]
            if a.contains("& = A") && a.contains("\\frac{d f}{d x}") && b == "p(x_i | c)"),
        "{blocks:#?}"
    );
    // No closing `$$` at a line end: no math block, the list stays a list.
    let open = md("$$\n- a\n\nb $$ c\n");
    assert!(
        open.iter().any(|b| matches!(b, Block::List { .. })),
        "{open:#?}"
    );
}

#[test]
fn a_pipe_line_right_after_a_block_ial_is_not_a_table() {
    // Jekyll 4.3.1: the image paragraph takes the IAL, and the caption under it (with a `|` in
    // its formula) is a paragraph: kramdown starts a table only after a blank line.
    let blocks = md("Before.\n\n![Alt](/x.png)\n{: style=\"width: 400px;\" class=\"center\"}\n*Fig. 1. The difference is $$p(y|x)$$. Explanations.*\n\nEnd.\n");
    assert!(
        !blocks.iter().any(|b| matches!(b, Block::Table { .. })),
        "{blocks:#?}"
    );
    // An IAL after a blank line, then the table it styles: a table (Jekyll 4.3.1).
    let blocks = md(
        "Before.\n\n{: class=\"info\"}\n| Symbol | Meaning |\n| --- | --- |\n| $$K$$ | classes |\n\nEnd.\n",
    );
    assert!(
        blocks.iter().any(|b| matches!(b, Block::Table { .. })),
        "{blocks:#?}"
    );
    // After a real blank line it is one, as in kramdown.
    let blocks = md("Before.\n\n*a | b*\n\nEnd.\n");
    assert!(
        blocks.iter().any(|b| matches!(b, Block::Table { .. })),
        "{blocks:#?}"
    );
}
