//! `tests/fixtures/block-html-site/`: a site with `kramdown: parse_block_html: true` whose posts
//! mix one-line HTML blocks (`<p>…</p>`, `<h3>__x__</h3>`) with fences and Markdown lines right
//! after them, as posts written in HTML habitually do. Each post must read as the text Jekyll
//! 4.3.1 renders (compared when `jekyll` is installed), with its code blocks as code, and no
//! fence or Markdown shown as typed.

use hanmoto_tests::*;
use serde_json::Value;
use std::process::Command;

fn site() -> std::path::PathBuf {
    fixtures().join("block-html-site")
}

fn book() -> Value {
    let (book, out) = inspect(&workspace_root(), &["--site", site().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    book
}

#[test]
fn fences_after_one_line_html_blocks_are_code_and_html_headings_keep_their_markdown() {
    let book = book();
    let post = &book["posts"][0];
    let blocks = post["blocks"].as_array().unwrap();
    let kinds: Vec<&str> = blocks.iter().map(|b| b["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "code_block").count(),
        3,
        "{kinds:?}"
    );
    // The `----` right after a two-line `<p>`'s end tag is a rule, not text in the HTML.
    assert!(kinds.contains(&"thematic_break"), "{kinds:?}");
    let h3 = blocks
        .iter()
        .find(|b| b["type"] == "heading" && b["level"] == 3)
        .expect("the h3");
    assert_eq!(plain_text(&h3["content"]), "ところが、");
    assert_eq!(h3["content"][0]["type"], "strong");
    // A custom element's fallback (raw HTML, indented) is its text, never a code block.
    assert!(
        !blocks
            .iter()
            .any(|b| b["type"] == "code_block"
                && b["text"].as_str().is_some_and(|t| t.contains("<p>"))),
        "{blocks:#?}"
    );
    let text = plain_text(&post["blocks"]);
    for typed in ["```", "](", "__", "<p>"] {
        assert!(!text.contains(typed), "{typed:?} shown as text: {text}");
    }
}

#[test]
fn block_html_posts_read_as_real_jekyll_renders_them() {
    if !require_tool("jekyll", Command::new("jekyll").arg("--version")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("_site");
    jekyll_build(&site(), &dest);
    let book = book();
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for post in book["posts"].as_array().unwrap() {
        let permalink = post["meta"]["url"].as_str().unwrap_or_default().to_owned();
        let text = jekyll_page_text(&dest.join(permalink.trim_start_matches('/')));
        let theirs = squeeze(&text);
        let mine = squeeze(&plain_text(&post["blocks"]));
        assert_eq!(mine, theirs, "{} reads differently from Jekyll", permalink);
    }
}
