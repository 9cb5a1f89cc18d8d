//! Blocks: headings, lists, tables, code, quotes, figures, embeds.

use super::*;
use hanmoto_model::{Alignment, Block, Inline, ListItem};

#[test]
fn level_one_heading_becomes_h2() {
    assert!(render(vec![heading(1, "a", "見出し")]).contains("<h2 id=\"a\">見出し</h2>"));
}

#[test]
fn headings_rank_below_the_title_without_skipping_a_level() {
    // A post written with ### and #### only: h2 and h3 under the title's h1.
    let x = render(vec![
        heading(3, "a", "x"),
        heading(4, "b", "y"),
        heading(3, "c", "z"),
    ]);
    assert!(x.contains("<h2 id=\"a\">x</h2>"), "{x}");
    assert!(x.contains("<h3 id=\"b\">y</h3>"), "{x}");
    assert!(x.contains("<h2 id=\"c\">z</h2>"), "{x}");
    // ## then #### with ### used later: the #### written first is one level below the ##.
    let x = render(vec![
        heading(2, "a", "x"),
        heading(4, "b", "y"),
        heading(3, "c", "z"),
        heading(4, "d", "w"),
    ]);
    assert!(x.contains("<h2 id=\"a\">x</h2>"), "{x}");
    assert!(x.contains("<h3 id=\"b\">y</h3>"), "{x}");
    assert!(x.contains("<h3 id=\"c\">z</h3>"), "{x}");
    assert!(x.contains("<h4 id=\"d\">w</h4>"), "{x}");
    // Six levels used: # and ## both rank below the title, ###### stays at h6.
    let all: Vec<Block> = (1..=6).map(|l| heading(l, &format!("h{l}"), "x")).collect();
    let x = render(all);
    for (l, n) in [(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 6)] {
        assert!(x.contains(&format!("<h{n} id=\"h{l}\">")), "# x{l}: {x}");
    }
}

#[test]
fn japanese_heading_id_is_kept() {
    assert!(
        render(vec![heading(2, "脚注と取り消し線", "x")]).contains("<h2 id=\"脚注と取り消し線\">")
    );
}

#[test]
fn repeated_heading_id_is_made_unique() {
    let x = render(vec![heading(2, "a", "x"), heading(2, "a", "y")]);
    assert!(x.contains("<h2 id=\"a\">x</h2>"));
    assert!(x.contains("<h2 id=\"a-2\">y</h2>"));
}

#[test]
fn heading_id_wins_over_the_title_id() {
    let x = render(vec![heading(2, "post-title", "x")]);
    assert!(x.contains("<h2 id=\"post-title\">x</h2>"));
    assert!(x.contains("<h1 id=\"post-title-2\">"));
}

#[test]
fn ordered_list_keeps_its_start() {
    let items = vec![ListItem {
        checked: None,
        content: vec![para(vec![text("三")])],
    }];
    let x = render(vec![Block::List {
        ordered: true,
        start: Some(3),
        tight: true,
        items,
    }]);
    assert!(x.contains("<ol start=\"3\">\n<li>三</li>\n</ol>"));
}

#[test]
fn ordered_list_from_one_has_no_start() {
    let items = vec![ListItem {
        checked: None,
        content: vec![para(vec![text("一")])],
    }];
    let x = render(vec![Block::List {
        ordered: true,
        start: Some(1),
        tight: true,
        items,
    }]);
    assert!(x.contains("<ol>\n"));
}

#[test]
fn loose_list_items_keep_paragraphs() {
    let items = vec![ListItem {
        checked: None,
        content: vec![para(vec![text("a")])],
    }];
    let x = render(vec![Block::List {
        ordered: false,
        start: None,
        tight: false,
        items,
    }]);
    assert!(x.contains("<ul>\n<li>\n<p>a</p>\n</li>\n</ul>"));
}

#[test]
fn task_items_show_their_state_without_form_controls() {
    let items = vec![
        ListItem {
            checked: Some(true),
            content: vec![para(vec![text("済")])],
        },
        ListItem {
            checked: Some(false),
            content: vec![para(vec![text("未")])],
        },
    ];
    let x = render(vec![Block::List {
        ordered: false,
        start: None,
        tight: true,
        items,
    }]);
    assert!(x.contains("<ul class=\"task-list\">"));
    assert!(
        x.contains("role=\"checkbox\" aria-checked=\"true\" aria-disabled=\"true\">☑</span> 済")
    );
    assert!(x.contains("aria-checked=\"false\" aria-disabled=\"true\">☐</span> 未"));
    assert!(!x.contains("<input"));
}

#[test]
fn table_has_head_body_and_alignment_classes() {
    let x = render(vec![Block::Table {
        alignments: vec![Alignment::Left, Alignment::Center, Alignment::None],
        header: vec![vec![text("a")], vec![text("b")], vec![text("c")]],
        rows: vec![vec![vec![text("1")], vec![text("2")], vec![text("3")]]],
    }]);
    assert!(x.contains("<thead>\n<tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th>c</th></tr>\n</thead>"));
    assert!(x.contains("<tbody>\n<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td>3</td></tr>\n</tbody>"));
}

#[test]
fn code_block_has_language_class_and_escaped_text() {
    let x = render(vec![Block::CodeBlock {
        language: Some("ruby".into()),
        line_numbers: false,
        text: "puts 1 < 2\n".into(),
        tokens: Vec::new(),
    }]);
    assert!(x.contains(
        "<pre class=\"code highlight\"><code class=\"language-ruby\">puts 1 &lt; 2</code></pre>"
    ));
}

#[test]
fn code_tokens_become_rouge_class_spans_with_escaped_text() {
    use hanmoto_model::highlight::{Token, TokenKind};
    let t = |start, end, kind| Token { start, end, kind };
    // `if a < "b&c" # 日本`
    let text = "if a < \"b&c\" # 日本\n";
    let x = render(vec![Block::CodeBlock {
        language: Some("ruby".into()),
        line_numbers: false,
        text: text.into(),
        tokens: vec![
            t(0, 2, TokenKind::Keyword),
            t(5, 6, TokenKind::Operator),
            t(7, 12, TokenKind::String),
            t(13, 21, TokenKind::Comment),
        ],
    }]);
    assert!(
        x.contains(concat!(
            "<code class=\"language-ruby\"><span class=\"k\">if</span> a ",
            "<span class=\"o\">&lt;</span> <span class=\"s\">\"b&amp;c\"</span> ",
            "<span class=\"c\"># 日本</span></code>"
        )),
        "{x}"
    );
}

#[test]
fn code_block_line_numbers_are_a_column_of_their_own() {
    use hanmoto_model::highlight::{Token, TokenKind};
    let text: String = (1..=10).map(|i| format!("l{i}\n")).collect();
    // A token on line 10 (`l10` starts at byte 27).
    let x = render(vec![Block::CodeBlock {
        language: None,
        line_numbers: true,
        text,
        tokens: vec![Token {
            start: 28,
            end: 30,
            kind: TokenKind::Number,
        }],
    }]);
    assert!(x.contains(concat!(
        "<pre class=\"code highlight linenos\"><code><span class=\"line\">",
        "<span class=\"ln\" aria-hidden=\"true\"> 1 </span>l1\n</span>"
    )));
    assert!(x.contains(concat!(
        "<span class=\"line\"><span class=\"ln\" aria-hidden=\"true\">10 </span>",
        "l<span class=\"m\">10</span></span></code>"
    )));
}

#[test]
fn inline_code_names_its_language_only_when_highlighted() {
    use hanmoto_model::highlight::{Token, TokenKind};
    let x = render(vec![para(vec![
        Inline::Code {
            text: "nil".into(),
            language: Some("ruby".into()),
            tokens: vec![Token {
                start: 0,
                end: 3,
                kind: TokenKind::Constant,
            }],
        },
        Inline::code("x"),
    ])]);
    assert!(x.contains(
        "<code class=\"highlight language-ruby\"><span class=\"kc\">nil</span></code><code>x</code>"
    ));
}

#[test]
fn block_quote_wraps_its_blocks() {
    let x = render(vec![Block::BlockQuote {
        content: vec![para(vec![text("引用")])],
    }]);
    assert!(x.contains("<blockquote>\n<p>引用</p>\n</blockquote>"));
}

#[test]
fn figure_has_its_caption() {
    let x = render(vec![Block::Figure {
        content: vec![para(vec![image(0, "/images/a.png", None, None)])],
        caption: vec![text("図1")],
    }]);
    assert!(x.contains("<figcaption>図1</figcaption>\n</figure>"));
}

#[test]
fn thematic_break_is_hr() {
    assert!(render(vec![Block::ThematicBreak]).contains("<hr/>"));
}

#[test]
fn display_math_that_did_not_convert_shows_its_tex_source_as_preformatted() {
    let x = render(vec![Block::Math {
        tex: "E=mc^2".into(),
        mathml: None,
    }]);
    assert!(x.contains("<pre class=\"math\"><code>$$E=mc^2$$</code></pre>"));
}

#[test]
fn math_is_its_mathml_with_the_tex_as_alttext() {
    let tex = "a<b";
    let mathml = hanmoto_model::math::to_mathml(tex, true).unwrap();
    let x = render(vec![
        Block::Math {
            tex: tex.into(),
            mathml: Some(mathml.clone()),
        },
        para(vec![Inline::Math {
            tex: "x^2".into(),
            mathml: hanmoto_model::math::to_mathml("x^2", false).ok(),
        }]),
    ]);
    assert!(
        x.contains("<div class=\"math\"><math alttext=\"a&lt;b\" xmlns="),
        "{x}"
    );
    assert!(x.contains("<p><math alttext=\"x^2\" xmlns="), "{x}");
}

#[test]
fn embed_is_the_title_linked_with_the_url_shown() {
    let x = render(vec![Block::Embed {
        url: "https://www.youtube.com/embed/x".into(),
        title: "動画".into(),
    }]);
    assert!(x.contains("<p class=\"embed\"><a href=\"https://www.youtube.com/embed/x\">動画</a><br/><span class=\"embed-url\">https://www.youtube.com/embed/x</span></p>"));
}

#[test]
fn protocol_relative_embed_gets_https() {
    let x = render(vec![Block::Embed {
        url: "//player.example.com/1".into(),
        title: "".into(),
    }]);
    assert!(x.contains("<a href=\"https://player.example.com/1\">//player.example.com/1</a>"));
}

#[test]
fn raw_html_is_shown_as_escaped_text() {
    let x = render(vec![Block::RawHtml {
        html: "<marquee onclick=\"x\">hi</marquee>".into(),
    }]);
    assert!(x.contains("<pre class=\"raw-html\"><code>&lt;marquee onclick=\"x\"&gt;hi&lt;/marquee&gt;</code></pre>"));
    assert!(!x.contains("<marquee"));
}
