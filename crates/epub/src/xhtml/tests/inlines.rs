//! Inlines: text, links, ruby, math, footnotes, images.

use super::*;
use hanmoto_model::{Inline, Length, LinkTarget};

#[test]
fn text_is_escaped() {
    assert!(render(vec![para(vec![text("<script>&")])]).contains("<p>&lt;script&gt;&amp;</p>"));
}

#[test]
fn emphasis_strong_strike_sup_sub_and_code_are_semantic() {
    let x = render(vec![para(vec![
        Inline::Emphasis {
            content: vec![text("e")],
        },
        Inline::Strong {
            content: vec![text("s")],
        },
        Inline::Strikethrough {
            content: vec![text("d")],
        },
        Inline::Superscript {
            content: vec![text("2")],
        },
        Inline::Subscript {
            content: vec![text("i")],
        },
        Inline::code("a&b"),
        Inline::LineBreak,
    ])]);
    assert!(x.contains(
        "<em>e</em><strong>s</strong><del>d</del><sup>2</sup><sub>i</sub><code>a&amp;b</code><br/>"
    ));
}

#[test]
fn url_link_escapes_its_href() {
    let x = render(vec![para(vec![link(
        LinkTarget::Url {
            url: "https://e.com/?a=1&b=\"2\"".into(),
        },
        "x",
    )])]);
    assert!(x.contains("<a href=\"https://e.com/?a=1&amp;b=%222%22\">x</a>"));
}

#[test]
fn hrefs_browsers_repair_are_made_valid_urls() {
    // Each was copied from a blog into an EPUB that EPUBCheck 5 refused (RSC-020).
    let cases = [
        (
            "https://shop.example/support#/#7599-838-109",
            "https://shop.example/support#/%237599-838-109",
        ),
        ("https://e.example/100%sure", "https://e.example/100%25sure"),
        ("https://e.example/a%2Fb", "https://e.example/a%2Fb"),
        (
            "https://e.example/list[1]?q=[x]",
            "https://e.example/list%5B1%5D?q=%5Bx%5D",
        ),
        ("http://[::1]:8080/a", "http://[::1]:8080/a"),
    ];
    for (url, href) in cases {
        let x = render(vec![para(vec![link(
            LinkTarget::Url { url: url.into() },
            "x",
        )])]);
        assert!(
            x.contains(&format!("<a href=\"{href}\">x</a>")),
            "{url}: {x}"
        );
    }
}

#[test]
fn javascript_link_is_only_text() {
    let x = render(vec![para(vec![link(
        LinkTarget::Url {
            url: "javascript:alert(1)".into(),
        },
        "x",
    )])]);
    assert!(!x.contains("javascript"));
    assert!(x.contains("<span class=\"link-unresolved\">x</span>"));
}

#[test]
fn link_title_becomes_title_attribute() {
    let x = render(vec![para(vec![Inline::Link {
        target: LinkTarget::Url {
            url: "https://e.com/".into(),
        },
        title: Some("題".into()),
        content: vec![text("x")],
    }])]);
    assert!(x.contains("<a href=\"https://e.com/\" title=\"題\">x</a>"));
}

#[test]
fn post_link_points_to_the_chapter_and_heading() {
    let mut other = post(vec![heading(2, "まとめ", "まとめ")]);
    other.meta = meta("2015-01-19-b", "次", "ja");
    let first = post(vec![para(vec![link(
        LinkTarget::Post {
            post: "2015-01-19-b".into(),
            fragment: Some("まとめ".into()),
        },
        "次の記事",
    )])]);
    let x = render_book(&book(vec![first, other]), false);
    assert!(x.contains("<a href=\"chapter-002.xhtml#まとめ\">次の記事</a>"));
}

#[test]
fn post_link_to_unknown_heading_drops_the_fragment() {
    let mut other = post(vec![]);
    other.meta = meta("2015-01-19-b", "次", "ja");
    let first = post(vec![para(vec![link(
        LinkTarget::Post {
            post: "2015-01-19-b".into(),
            fragment: Some("nope".into()),
        },
        "x",
    )])]);
    let x = render_book(&book(vec![first, other]), false);
    assert!(x.contains("<a href=\"chapter-002.xhtml\">x</a>"));
}

#[test]
fn post_link_outside_the_book_is_plain_text() {
    let x = render(vec![para(vec![link(
        LinkTarget::Post {
            post: "2099-01-01-gone".into(),
            fragment: None,
        },
        "消えた記事",
    )])]);
    assert!(x.contains("<span class=\"link-unresolved\">消えた記事</span>"));
}

#[test]
fn fragment_link_points_to_the_heading() {
    let x = render(vec![
        heading(2, "a", "A"),
        para(vec![link(LinkTarget::Fragment { id: "a".into() }, "上")]),
    ]);
    assert!(x.contains("<a href=\"#a\">上</a>"));
}

#[test]
fn fragment_link_to_unknown_id_is_plain_text() {
    let x = render(vec![para(vec![link(
        LinkTarget::Fragment { id: "nope".into() },
        "x",
    )])]);
    assert!(!x.contains("href=\"#nope\""));
}

#[test]
fn link_inside_link_is_not_nested() {
    let inner = link(
        LinkTarget::Url {
            url: "https://b.com/".into(),
        },
        "b",
    );
    let outer = Inline::Link {
        target: LinkTarget::Url {
            url: "https://a.com/".into(),
        },
        title: None,
        content: vec![inner],
    };
    let x = render(vec![para(vec![outer])]);
    assert!(x.contains("<a href=\"https://a.com/\"><span class=\"link-unresolved\">b</span></a>"));
}

#[test]
fn ruby_has_reading_and_fallback_parentheses() {
    let x = render(vec![para(vec![Inline::Ruby {
        base: "漢字".into(),
        text: "かんじ".into(),
    }])]);
    assert!(x.contains("<ruby>漢字<rp>（</rp><rt>かんじ</rt><rp>）</rp></ruby>"));
}

#[test]
fn inline_math_shows_tex_source_as_code() {
    let x = render(vec![para(vec![Inline::Math {
        tex: "a<b".into(),
        mathml: None,
    }])]);
    assert!(x.contains("<code class=\"math\">$a&lt;b$</code>"));
}

#[test]
fn footnote_reference_is_an_epub_noteref() {
    let x = render(vec![
        para(vec![text("本文"), note_ref("a")]),
        note("a", "注"),
    ]);
    assert!(x.contains("<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-a\" id=\"fnref-a\">1</a></sup>"));
}

#[test]
fn footnotes_are_numbered_by_first_reference() {
    let x = render(vec![
        note("b", "二"),
        note("a", "一"),
        para(vec![note_ref("a"), note_ref("b")]),
    ]);
    assert!(x.contains("href=\"#fn-a\" id=\"fnref-a\">1</a>"));
    assert!(x.contains("href=\"#fn-b\" id=\"fnref-b\">2</a>"));
    assert!(x.find("id=\"fn-a\"").unwrap() < x.find("id=\"fn-b\"").unwrap());
}

#[test]
fn footnotes_are_asides_at_the_end_with_a_back_link() {
    let x = render(vec![para(vec![note_ref("a")]), note("a", "注の本文")]);
    assert!(x.contains("<section class=\"footnotes\" epub:type=\"footnotes\" role=\"doc-endnotes\">\n<aside epub:type=\"footnote\" role=\"doc-footnote\" class=\"footnote\" id=\"fn-a\">\n<p><span class=\"footnote-number\"><a role=\"doc-backlink\" href=\"#fnref-a\">1</a></span> 注の本文</p>\n</aside>\n</section>\n</section>"));
}

#[test]
fn second_reference_to_a_note_gets_its_own_id() {
    let x = render(vec![
        para(vec![note_ref("a"), note_ref("a")]),
        note("a", "注"),
    ]);
    assert!(x.contains("id=\"fnref-a\">1</a>"));
    assert!(x.contains("id=\"fnref-a-2\">1</a>"));
}

#[test]
fn footnote_label_becomes_a_valid_id() {
    let x = render(vec![para(vec![note_ref("my note")]), note("my note", "注")]);
    assert!(x.contains("href=\"#fn-my-note\" id=\"fnref-my-note\""));
}

#[test]
fn unreferenced_footnote_is_still_written() {
    let x = render(vec![note("a", "忘れられた注")]);
    assert!(x.contains("<span class=\"footnote-number\">1</span> 忘れられた注"));
}

#[test]
fn reference_without_a_note_is_plain_text() {
    let x = render(vec![para(vec![note_ref("x")])]);
    assert!(x.contains("<sup class=\"noteref-missing\">[x]</sup>"));
    assert!(!x.contains("footnotes"));
}

#[test]
fn image_has_src_alt_and_intrinsic_size() {
    let x = render(vec![para(vec![image(0, "/images/a.png", None, None)])]);
    assert!(x.contains("<img src=\"images/a.png\" alt=\"青い点\" width=\"400\" height=\"200\"/>"));
}

#[test]
fn image_pixel_width_becomes_css_width() {
    let x = render(vec![para(vec![image(
        0,
        "/images/a.png",
        Some(Length::Px(300.0)),
        None,
    )])]);
    assert!(x.contains("style=\"width: 300px\"/>"));
}

#[test]
fn image_percent_width_becomes_css_percent() {
    let x = render(vec![para(vec![image(
        0,
        "/images/a.png",
        Some(Length::Percent(50.0)),
        None,
    )])]);
    assert!(x.contains("style=\"width: 50%\"/>"));
}

#[test]
fn image_height_alone_becomes_the_width_keeping_aspect() {
    let x = render(vec![para(vec![image(
        0,
        "/images/a.png",
        None,
        Some(Length::Px(100.0)),
    )])]);
    assert!(x.contains("style=\"width: 200px\"/>"));
}

#[test]
fn missing_remote_image_shows_alt_and_links_the_url() {
    let x = render(vec![para(vec![image(
        7,
        "https://example.com/gone.png",
        None,
        None,
    )])]);
    assert!(x.contains("<span class=\"image-missing\"><span class=\"image-alt\">青い点</span> <a class=\"image-url\" href=\"https://example.com/gone.png\">https://example.com/gone.png</a></span>"));
    assert!(!x.contains("<img"));
}

#[test]
fn missing_local_image_shows_alt_without_link() {
    let x = render(vec![para(vec![image(7, "/images/gone.png", None, None)])]);
    assert!(
        x.contains("<span class=\"image-missing\"><span class=\"image-alt\">青い点</span></span>")
    );
}
