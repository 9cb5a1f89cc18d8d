//! HTML inside Markdown and whole `.html` posts.

use super::*;

fn html(body: &str) -> Vec<Block> {
    run_with(body, 1, true).blocks
}

#[test]
fn inline_link_tags_wrap_markdown_between_them() {
    assert_eq!(
        para("A <a href=\"http://x.org/\">*b* c</a> d"),
        vec![
            text("A "),
            Inline::Link {
                target: url("http://x.org/"),
                title: None,
                content: vec![
                    Inline::Emphasis {
                        content: vec![text("b")]
                    },
                    text(" c")
                ]
            },
            text(" d")
        ]
    );
}

#[test]
fn img_block_reads_alt_and_size() {
    let imgs = images(&md(
        "<img alt=\"ロゴ\" src=\"/i/logo.png\" width=\"50%\" height=\"120px\" title=\"t\" />\n",
    ));
    assert_eq!(imgs[0].alt, "ロゴ");
    assert_eq!(imgs[0].width, Some(Length::Percent(50.0)));
    assert_eq!(imgs[0].height, Some(Length::Px(120.0)));
    assert_eq!(imgs[0].title.as_deref(), Some("t"));
}

#[test]
fn two_img_lines_make_one_paragraph() {
    let b = md("<img src=\"a.png\" />\n<img src=\"b.png\" />\n");
    assert!(matches!(&b[..], [Block::Paragraph { content }] if content.len() == 3));
}

#[test]
fn figure_with_caption_becomes_a_figure() {
    let b = md("<figure>\n<img src=\"a.png\" alt=\"A\">\n<figcaption>図1 <em>説明</em></figcaption>\n</figure>\n");
    let [Block::Figure { content, caption }] = &b[..] else {
        panic!("{b:?}")
    };
    assert_eq!(images(content).len(), 1);
    assert_eq!(
        caption,
        &vec![
            text("図1 "),
            Inline::Emphasis {
                content: vec![text("説明")]
            }
        ]
    );
}

#[test]
fn iframe_becomes_a_titled_embed() {
    let b = md("<iframe src=\"https://www.youtube.com/embed/xyz\" width=\"560\"></iframe>\n");
    assert_eq!(
        b,
        vec![Block::Embed {
            url: "https://www.youtube.com/embed/xyz".into(),
            title: "YouTube video".into()
        }]
    );
}

#[test]
fn iframe_title_attribute_wins() {
    let b = html("<iframe src=\"https://speakerdeck.com/player/1\" title=\"CoreOS入門\"></iframe>");
    assert!(matches!(&b[..], [Block::Embed { title, .. }] if title == "CoreOS入門"));
}

#[test]
fn ruby_keeps_base_and_reading_and_drops_rp() {
    assert_eq!(
        para("<ruby>漢字<rp>(</rp><rt>かんじ</rt><rp>)</rp></ruby>を読む"),
        vec![
            Inline::Ruby {
                base: "漢字".into(),
                text: "かんじ".into()
            },
            text("を読む")
        ]
    );
}

#[test]
fn wrappers_give_their_content() {
    assert_eq!(
        html("<div class=\"x\"><span>中身</span></div><center>次</center>"),
        vec![
            Block::Paragraph {
                content: vec![text("中身")]
            },
            Block::Paragraph {
                content: vec![text("次")]
            }
        ]
    );
}

#[test]
fn script_and_style_never_reach_the_model() {
    let r = run_with(
        "<p>a</p><script>alert(1)</script><style>p{}</style><p onclick=\"x()\">b</p>",
        1,
        true,
    );
    assert_eq!(
        r.blocks,
        vec![
            Block::Paragraph {
                content: vec![text("a")]
            },
            Block::Paragraph {
                content: vec![text("b")]
            }
        ]
    );
    assert_eq!(
        r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec!["html-script"]
    );
}

#[test]
fn javascript_links_keep_only_their_text() {
    assert_eq!(
        para("<a href=\"javascript:alert(1)\">x</a>"),
        vec![text("x")]
    );
}

#[test]
fn javascript_links_warn_html_script() {
    let r = run_with("[x](javascript:alert(1))\n", 1, false);
    assert_eq!(
        r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec!["html-script"]
    );
}

#[test]
fn data_url_links_keep_only_their_text_and_warn() {
    let r = run_with(
        "[x](data:text/html,<script>alert(1)</script>) <a href=\" DATA:text/html,y\">y</a>\n",
        1,
        false,
    );
    assert_eq!(
        r.blocks,
        vec![Block::Paragraph {
            content: vec![text("x y")]
        }]
    );
    assert_eq!(
        r.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
        vec!["html-script", "html-script"]
    );
}

#[test]
fn vbscript_links_keep_only_their_text_and_warn() {
    let r = run_with(
        "[v](vbscript:msgbox) <a href=\"VBScript:x\">w</a>\n",
        1,
        false,
    );
    assert_eq!(
        r.blocks,
        vec![Block::Paragraph {
            content: vec![text("v w")]
        }]
    );
    assert_eq!(r.diagnostics.len(), 2);
    assert!(r.diagnostics.iter().all(|d| d.code == "html-script"));
}

#[test]
fn data_url_iframes_are_dropped() {
    assert_eq!(
        html("<iframe src=\"data:text/html,<script>x</script>\"></iframe>"),
        vec![]
    );
}

#[test]
fn data_url_images_are_still_images() {
    assert_eq!(
        images(&md(
            "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"a\">\n"
        ))
        .len(),
        1
    );
}

fn codes(r: &Run) -> Vec<&'static str> {
    r.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn textarea_in_running_text_keeps_its_text() {
    let r = run_with("<p>前 <textarea>入力欄の文</textarea> 後</p>", 1, true);
    assert_eq!(
        r.blocks,
        vec![Block::Paragraph {
            content: vec![text("前 入力欄の文 後")]
        }]
    );
    assert!(r.diagnostics.is_empty());
}

#[test]
fn textarea_standing_alone_is_a_code_block_as_typed() {
    assert_eq!(
        html("<textarea>let a = 1;\n  b</textarea>"),
        vec![Block::CodeBlock {
            language: None,
            line_numbers: false,
            text: "let a = 1;\n  b".into(),
            tokens: Vec::new()
        }]
    );
}

#[test]
fn select_and_its_options_leave_nothing_and_warn_once() {
    let r = run_with(
        "<p>都市: <select><option>東京</option><option>大阪</option></select></p>",
        1,
        true,
    );
    assert_eq!(
        r.blocks,
        vec![Block::Paragraph {
            content: vec![text("都市:")]
        }]
    );
    assert_eq!(codes(&r), vec!["html-form-control"]);
}

#[test]
fn button_label_is_left_out_and_warns() {
    let r = run_with("<p>本文 <button type=\"button\">送信</button></p>", 1, true);
    assert_eq!(
        r.blocks,
        vec![Block::Paragraph {
            content: vec![text("本文")]
        }]
    );
    assert_eq!(codes(&r), vec!["html-form-control"]);
}

#[test]
fn inputs_leave_nothing_not_even_their_value() {
    let r = run_with(
        "<p>a<input type=\"submit\" value=\"Go\">b<input type=\"hidden\" value=\"secret\"></p>",
        1,
        true,
    );
    assert_eq!(
        r.blocks,
        vec![Block::Paragraph {
            content: vec![text("ab")]
        }]
    );
    assert_eq!(codes(&r), vec!["html-form-control"]);
}

#[test]
fn checkbox_opening_a_list_item_is_its_task_mark() {
    let b = html("<ul><li><input type=\"checkbox\" checked disabled> 済み</li><li><input type=\"checkbox\"> 未</li></ul>");
    let [Block::List { items, .. }] = &b[..] else {
        panic!("{b:?}")
    };
    let marks: Vec<Option<bool>> = items.iter().map(|i| i.checked).collect();
    assert_eq!(marks, vec![Some(true), Some(false)]);
}

#[test]
fn form_keeps_its_text() {
    let r = run_with("<form action=\"/x\">名前</form>\n", 1, false);
    assert_eq!(
        r.blocks,
        vec![Block::Paragraph {
            content: vec![text("名前")]
        }]
    );
}

#[test]
fn radio_tab_group_keeps_every_tab_with_its_label_as_a_bold_paragraph() {
    let b = md(concat!(
        "<div class=\"tabs\">\n",
        "    <input type=\"radio\" id=\"t1\" name=\"g\" checked>\n",
        "    <label for=\"t1\">一つ目</label>\n",
        "\n",
        "    <div class=\"tab\">\n",
        "        <figure><img src=\"a.png\" alt=\"A\"></figure>\n",
        "    </div>\n",
        "    <input type=\"radio\" id=\"t2\" name=\"g\">\n",
        "    <label for=\"t2\">二つ目</label>\n",
        "\n",
        "    <div class=\"tab\"><p>本文</p></div>\n",
        "</div>\n",
    ));
    let bold = |s: &str| Block::Paragraph {
        content: vec![Inline::Strong {
            content: vec![text(s)],
        }],
    };
    assert_eq!(b.len(), 4, "{b:?}");
    assert_eq!(b[0], bold("一つ目"));
    assert!(matches!(&b[1], Block::Figure { content, .. } if images(content).len() == 1));
    assert_eq!(b[2], bold("二つ目"));
    assert_eq!(
        b[3],
        Block::Paragraph {
            content: vec![text("本文")]
        }
    );
}

#[test]
fn summary_is_a_bold_paragraph_and_the_details_stay() {
    let b = html("<details><summary>詳しく</summary><p>隠れた本文</p></details>");
    assert_eq!(
        b,
        vec![
            Block::Paragraph {
                content: vec![Inline::Strong {
                    content: vec![text("詳しく")]
                }]
            },
            Block::Paragraph {
                content: vec![text("隠れた本文")]
            }
        ]
    );
}

#[test]
fn unknown_tag_keeps_text_and_warns_with_file_line() {
    let r = run_with("本文\n\n<blink>点滅</blink>\n", 6, false);
    assert_eq!(
        r.blocks,
        vec![
            Block::Paragraph {
                content: vec![text("本文")]
            },
            Block::Paragraph {
                content: vec![text("点滅")]
            }
        ]
    );
    let d = &r.diagnostics[0];
    assert_eq!(d.code, "html-unknown-tag");
    assert_eq!(d.span.as_ref().map(|s| s.line), Some(8));
}

#[test]
fn entities_are_decoded_and_comments_dropped() {
    assert_eq!(
        html("<p>&amp; &lt;b&gt; &#x3042;<!-- secret --></p>"),
        vec![Block::Paragraph {
            content: vec![text("& <b> あ")]
        }]
    );
}

#[test]
fn block_html_with_markdown_text_keeps_the_text() {
    assert_eq!(
        md("<div>\n*not md*\n</div>\n"),
        vec![Block::Paragraph {
            content: vec![text("*not md*")]
        }]
    );
}

#[test]
fn markdown_inside_a_div_stays_text_even_after_a_blank_line() {
    // kramdown keeps a block element whole to its end tag; CommonMark would end it at the blank.
    let b = md("<div>\n\n## 見出し\n\n</div>\n");
    assert_eq!(
        b,
        vec![Block::Paragraph {
            content: vec![text("## 見出し")]
        }]
    );
}

#[test]
fn html_lists_tables_and_pre_map_to_blocks() {
    let b = html("<ul><li>a<li>b</ul><table><tr><th>h</th></tr><tr><td>1</td></tr></table><pre class=\"language-sh\">ls  -l\n</pre><hr><h3 id=\"x\">T</h3>");
    assert!(matches!(&b[0], Block::List { ordered: false, items, .. } if items.len() == 2));
    assert!(
        matches!(&b[1], Block::Table { header, rows, .. } if header == &vec![vec![text("h")]] && rows.len() == 1)
    );
    assert!(
        matches!(&b[2], Block::CodeBlock { language: Some(l), text, .. } if l == "sh" && text == "ls  -l")
    );
    assert_eq!(b[3], Block::ThematicBreak);
    assert!(matches!(&b[4], Block::Heading { level: 3, id, .. } if id == "x"));
}

#[test]
fn inline_formatting_tags_map_to_inlines() {
    assert_eq!(
        para("<b>b</b><i>i</i><code>c</code>H<sub>2</sub>O x<sup>2</sup> <del>d</del><br>e"),
        vec![
            Inline::Strong {
                content: vec![text("b")]
            },
            Inline::Emphasis {
                content: vec![text("i")]
            },
            Inline::code("c"),
            text("H"),
            Inline::Subscript {
                content: vec![text("2")]
            },
            text("O x"),
            Inline::Superscript {
                content: vec![text("2")]
            },
            text(" "),
            Inline::Strikethrough {
                content: vec![text("d")]
            },
            Inline::LineBreak,
            text("e"),
        ]
    );
}

#[test]
fn html_paragraph_soft_breaks_follow_the_japanese_rule() {
    assert_eq!(
        html("<p>一文目。\n  二文目</p>"),
        vec![Block::Paragraph {
            content: vec![text("一文目。二文目")]
        }]
    );
}

fn strong(s: &str) -> Inline {
    Inline::Strong {
        content: vec![text(s)],
    }
}

#[test]
fn markdown_1_on_one_line_div_reads_the_content_as_markdown() {
    assert_eq!(
        md("<div markdown=\"1\">**b**</div>\n\nafter\n"),
        vec![
            Block::Paragraph {
                content: vec![strong("b")]
            },
            Block::Paragraph {
                content: vec![text("after")]
            }
        ]
    );
}

#[test]
fn markdown_block_reads_blocks_with_file_lines() {
    let r = run_with(
        "<section markdown=\"block\">\n*x*\n\n![i](a.png)\n</section>\n",
        20,
        false,
    );
    assert_eq!(
        r.blocks[0],
        Block::Paragraph {
            content: vec![Inline::Emphasis {
                content: vec![text("x")]
            }]
        }
    );
    assert_eq!(images(&r.blocks)[0].src, "a.png");
}

#[test]
fn markdown_1_on_p_reads_spans() {
    assert_eq!(
        md("<p markdown=\"1\">**p**</p>\n"),
        vec![Block::Paragraph {
            content: vec![strong("p")]
        }]
    );
}

#[test]
fn markdown_span_on_a_div_keeps_one_paragraph() {
    let b = md("<div markdown=\"span\">**s**\n- t\n</div>\n");
    assert_eq!(b.len(), 1, "{b:?}");
}

#[test]
fn markdown_0_leaves_the_content_html() {
    assert_eq!(
        md("<div markdown=\"0\">\n*z*\n</div>\n"),
        vec![Block::Paragraph {
            content: vec![text("*z*")]
        }]
    );
}

#[test]
fn html_without_markdown_inside_a_markdown_div_stays_html() {
    assert_eq!(
        md("<div markdown=\"1\">\n<div>**inner**</div>\n</div>\n"),
        vec![Block::Paragraph {
            content: vec![text("**inner**")]
        }]
    );
}

#[test]
fn nested_markdown_divs_are_read() {
    assert_eq!(
        md("<div markdown=\"1\">\n<div markdown=\"1\">\n**nested**\n</div>\n</div>\n"),
        vec![Block::Paragraph {
            content: vec![strong("nested")]
        }]
    );
}

#[test]
fn markdown_div_keeps_file_lines_of_its_content() {
    let r = run_with(
        "<div markdown=\"1\">\n\n<blink>x</blink>\n</div>\n",
        5,
        false,
    );
    assert_eq!(r.diagnostics[0].span.as_ref().map(|s| s.line), Some(7));
}

#[test]
fn noscript_content_is_read_as_markup_like_a_browser_without_scripts() {
    // A poll embed (Jekyll 4.3.1 keeps the `<noscript>` line as block HTML): its link is a link.
    let blocks = md("アンケート。\n  <script src=\"http://x.example/p.js\"></script>\n  <noscript><a href=\"http://x.example/poll/\">好きなのは？</a></noscript>\n\n次。\n");
    let json = format!("{blocks:?}");
    assert!(!json.contains("<a href"), "{json}");
    assert!(json.contains("http://x.example/poll/"), "{json}");
    assert!(json.contains("好きなのは？"), "{json}");
    // Only the tag name `noscript`; the same-length rewrite keeps the text around it intact.
    assert_eq!(
        html("<p>a<NOSCRIPT>b</NOSCRIPT>c</p>\n<noscripts>d</noscripts>\n"),
        html("<p>a<div>b</div>c</p>\n<noscripts>d</noscripts>\n")
    );
}
