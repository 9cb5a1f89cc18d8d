//! CommonMark/GFM constructs read into the model.

use super::*;
use crate::document::{Alignment, DefinitionItem};

#[test]
fn fenced_code_takes_the_first_word_as_language() {
    let b = md("~~~ ruby\nputs 1\n~~~\n");
    assert_eq!(
        b,
        vec![Block::CodeBlock {
            language: Some("ruby".into()),
            line_numbers: false,
            text: "puts 1".into(),
            tokens: Vec::new()
        }]
    );
}

#[test]
fn linenos_in_the_info_string_turns_on_line_numbers() {
    let b = md("~~~ ruby linenos\nputs 1\n~~~\n");
    assert!(matches!(
        &b[..],
        [Block::CodeBlock { language: Some(l), line_numbers: true, .. }] if l == "ruby"
    ));
}

#[test]
fn indented_code_has_no_language() {
    let b = md("    ##not a heading\n");
    assert!(
        matches!(&b[..], [Block::CodeBlock { language: None, text, .. }] if text == "##not a heading")
    );
}

#[test]
fn ordered_list_keeps_its_start_and_tightness() {
    let b = md("3. a\n4. b\n");
    let [Block::List {
        ordered: true,
        start: Some(3),
        tight: true,
        items,
    }] = &b[..]
    else {
        panic!("{b:?}");
    };
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0].content,
        vec![Block::Paragraph {
            content: vec![text("a")]
        }]
    );
}

#[test]
fn list_with_blank_lines_is_loose() {
    let b = md("- a\n\n- b\n");
    assert!(matches!(&b[..], [Block::List { tight: false, .. }]));
}

#[test]
fn task_items_are_checked_or_not() {
    let b = md("- [x] done\n- [ ] todo\n- plain\n");
    let [Block::List { items, .. }] = &b[..] else {
        panic!("{b:?}")
    };
    let checks: Vec<Option<bool>> = items.iter().map(|i| i.checked).collect();
    assert_eq!(checks, vec![Some(true), Some(false), None]);
}

#[test]
fn table_keeps_alignment_header_and_rows() {
    let b = md("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n");
    let [Block::Table {
        alignments,
        header,
        rows,
    }] = &b[..]
    else {
        panic!("{b:?}")
    };
    assert_eq!(
        alignments,
        &[Alignment::Left, Alignment::Center, Alignment::Right]
    );
    assert_eq!(header[1], vec![text("b")]);
    assert_eq!(
        rows,
        &vec![vec![vec![text("1")], vec![text("2")], vec![text("3")]]]
    );
}

#[test]
fn footnotes_become_references_and_definitions() {
    let b = md("本文[^1]\n\n[^1]: 注釈\n");
    assert_eq!(
        b[0],
        Block::Paragraph {
            content: vec![
                text("本文"),
                Inline::FootnoteReference { label: "1".into() }
            ]
        }
    );
    assert!(matches!(&b[1], Block::FootnoteDefinition { label, .. } if label == "1"));
}

#[test]
fn inline_math_is_math_not_emphasis() {
    assert_eq!(
        para("text $a_b$ and $c_d$"),
        vec![
            text("text "),
            Inline::Math {
                tex: "a_b".into(),
                mathml: None
            },
            text(" and "),
            Inline::Math {
                tex: "c_d".into(),
                mathml: None
            }
        ]
    );
}

#[test]
fn display_math_paragraph_is_a_math_block() {
    assert_eq!(
        md("$$\nE = mc^2\n$$\n"),
        vec![Block::Math {
            tex: "E = mc^2".into(),
            mathml: None
        }]
    );
}

#[test]
fn display_math_inside_a_sentence_stays_in_the_sentence() {
    // kramdown (Jekyll) renders this as inline math: `\(E = mc^2\)` within the paragraph.
    assert_eq!(
        para("式 $$E = mc^2$$ の扱い。"),
        vec![
            text("式 "),
            Inline::Math {
                tex: "E = mc^2".into(),
                mathml: None
            },
            text(" の扱い。")
        ]
    );
}

#[test]
fn heading_attribute_gives_id_and_classes() {
    let b = md("# Title {#custom .wide}\n");
    assert_eq!(
        b,
        vec![Block::Heading {
            level: 1,
            id: "custom".into(),
            classes: vec!["wide".into()],
            content: vec![text("Title")]
        }]
    );
}

#[test]
fn duplicate_headings_get_numbered_ids() {
    let h = headings(&md("## まとめ\n\n## まとめ\n"));
    assert_eq!(h[0].1, "まとめ");
    assert_eq!(h[1].1, "まとめ-1");
}

#[test]
fn link_to_own_post_points_at_its_chapter() {
    let c = para("[前回](/2014/12/01/old.html)");
    assert!(
        matches!(&c[..], [Inline::Link { target: LinkTarget::Post { post, .. }, .. }] if post == "2014-12-01-old")
    );
}

#[test]
fn link_keeps_title_and_resolves_site_relative_url() {
    let c = para("[about](/about/ \"About me\")");
    assert_eq!(
        c,
        vec![Inline::Link {
            target: url("https://blog.example/about/"),
            title: Some("About me".into()),
            content: vec![text("about")]
        }]
    );
}

#[test]
fn link_with_empty_href_is_just_its_content() {
    assert_eq!(para("a [b]() c"), vec![text("a b c")]);
}

#[test]
fn markdown_image_has_alt_and_title() {
    let imgs = images(&md("![猫の写真](/images/cat.png \"Cat\")"));
    assert_eq!(imgs[0].alt, "猫の写真");
    assert_eq!(imgs[0].title.as_deref(), Some("Cat"));
    assert_eq!(imgs[0].src, "/images/cat.png");
}

#[test]
fn emphasis_strong_and_strikethrough_nest() {
    assert_eq!(
        para("*a* **b** ~~c~~"),
        vec![
            Inline::Emphasis {
                content: vec![text("a")]
            },
            text(" "),
            Inline::Strong {
                content: vec![text("b")]
            },
            text(" "),
            Inline::Strikethrough {
                content: vec![text("c")]
            },
        ]
    );
}

#[test]
fn hard_break_is_a_line_break() {
    assert_eq!(
        para("a  \nb"),
        vec![text("a"), Inline::LineBreak, text("b")]
    );
}

#[test]
fn quotes_and_dashes_convert_as_kramdown_prints_them() {
    // Jekyll 4.3.1 prints `<p>“quoted” – dash…</p>` for this paragraph.
    assert_eq!(
        para("\"quoted\" -- dash..."),
        vec![text("“quoted” – dash…")]
    );
}

#[test]
fn blockquote_holds_blocks() {
    assert_eq!(
        md("> 引用\n"),
        vec![Block::BlockQuote {
            content: vec![Block::Paragraph {
                content: vec![text("引用")]
            }]
        }]
    );
}

#[test]
fn image_without_source_keeps_alt_text_and_warns() {
    let r = run_with("前\n\n見て ![図](<>) ね\n", 10, false);
    assert_eq!(
        r.blocks[1],
        Block::Paragraph {
            content: vec![text("見て 図 ね")]
        }
    );
    assert_eq!(r.diagnostics[0].code, "markdown");
    assert_eq!(r.diagnostics[0].span.as_ref().map(|s| s.line), Some(12));
}

fn dl(body: &str) -> Vec<DefinitionItem> {
    match md(body).into_iter().next() {
        Some(Block::DefinitionList { items }) => items,
        other => panic!("expected a definition list, got {other:?}"),
    }
}

fn def_para(s: &str) -> Vec<Block> {
    vec![Block::Paragraph {
        content: vec![text(s)],
    }]
}

#[test]
fn colon_line_after_a_term_makes_a_definition_list() {
    assert_eq!(
        dl("term\n: definition\n"),
        vec![DefinitionItem {
            term: vec![text("term")],
            definitions: vec![def_para("definition")]
        }]
    );
}

#[test]
fn each_line_before_a_definition_is_a_term_of_its_own() {
    let items = dl("t1\nt2\n: d1\n: d2\n");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].term, vec![text("t1")]);
    assert!(items[0].definitions.is_empty());
    assert_eq!(items[1].term, vec![text("t2")]);
    assert_eq!(items[1].definitions, vec![def_para("d1"), def_para("d2")]);
}

#[test]
fn definition_continues_with_indented_paragraphs() {
    let items = dl("term\n: d2\n\n    more\n");
    assert_eq!(
        items[0].definitions,
        vec![vec![
            Block::Paragraph {
                content: vec![text("d2")]
            },
            Block::Paragraph {
                content: vec![text("more")]
            }
        ]]
    );
}

#[test]
fn colon_without_a_space_is_text() {
    assert_eq!(
        md("term\n:no space\n"),
        vec![Block::Paragraph {
            content: vec![text("term :no space")]
        }]
    );
}

#[test]
fn definition_terms_are_walked_as_inlines() {
    let b = md("term *em*\n: def with **b**\n");
    let mut n = 0;
    walk_inlines(&b, &mut |i| {
        n += usize::from(matches!(i, Inline::Emphasis { .. } | Inline::Strong { .. }))
    });
    assert_eq!(n, 2);
}

#[test]
fn html_dl_becomes_a_definition_list() {
    let b = run_with("<dl><dt>A<dd>B</dd><dd>C</dd><dt>D</dt></dl>", 1, true).blocks;
    assert_eq!(
        b,
        vec![Block::DefinitionList {
            items: vec![
                DefinitionItem {
                    term: vec![text("A")],
                    definitions: vec![def_para("B"), def_para("C")]
                },
                DefinitionItem {
                    term: vec![text("D")],
                    definitions: vec![]
                }
            ]
        }]
    );
}

#[test]
fn html_dl_block_in_markdown_keeps_markdown_text_literal() {
    let items = dl("<dl>\n<dt>T</dt>\n<dd>*D*</dd>\n</dl>\n");
    assert_eq!(items[0].definitions, vec![def_para("*D*")]);
}
