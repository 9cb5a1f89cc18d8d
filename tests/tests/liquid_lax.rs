//! tests/fixtures/liquid-lax-site: posts with Liquid that Jekyll reads in its lax mode
//! (`{{{ "{ lang " }}}}` in a code sample, `{{ - }}`, `{% if a @ %}`, …; see
//! crates/model/src/liquid/LAX.md). Every post must be in the book, with `liquid-lax` warnings
//! and no error, and read as the text Jekyll 4.3.1 renders (checked when `jekyll` is installed).

use hanmoto_tests::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

const POSTS: &[(&str, &str)] = &[
    ("2020-01-01-code-sample", "code-sample.html"),
    ("2020-01-02-odd-output", "odd-output.html"),
    ("2020-01-03-odd-tags", "odd-tags.html"),
    ("2020-01-05-markdownify", "markdownify.html"),
];

fn site() -> std::path::PathBuf {
    fixtures().join("liquid-lax-site")
}

fn check_json(site: &Path) -> (Value, i32) {
    let out = hanmoto(
        &workspace_root(),
        &[
            "check",
            "--json",
            "--offline",
            "--site",
            site.to_str().unwrap(),
        ],
    );
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON ({e}):\n{}", stderr(&out)));
    (v, out.status.code().unwrap_or(-1))
}

fn post_ids(book: &Value) -> Vec<String> {
    book["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["meta"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// All whitespace removed: the model and Jekyll's HTML break lines differently.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn lax_liquid_posts_are_all_in_the_book_with_warnings_and_no_error() {
    let (v, code) = check_json(&site());
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(code, 0, "check failed: {diags:?}");
    assert!(diags.iter().all(|d| d["severity"] != "error"), "{diags:?}");
    // `<language>{{{ "{ lang " }}}}</language>` is on file line 9 of the code sample.
    assert!(
        diags.iter().any(|d| d["code"] == "liquid-lax"
            && d["span"]["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("2020-01-01-code-sample.md"))
            && d["span"]["line"] == 9),
        "{diags:?}"
    );
    let (book, out) = inspect(&workspace_root(), &["--site", site().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let want: Vec<&str> = POSTS.iter().map(|(id, _)| *id).collect();
    assert_eq!(post_ids(&book), want);
}

#[test]
fn code_sample_with_triple_braces_reads_as_jekyll_prints_it() {
    let (book, _) = inspect(&workspace_root(), &["--site", site().to_str().unwrap()]);
    let post = &book["posts"][0];
    let text = plain_text(&post["blocks"]);
    assert!(text.contains("<language>}}</language>"), "{text}");
    assert!(text.contains("三重の波括弧 } は"), "{text}");
}

#[test]
fn markdownify_inside_block_html_is_read_as_its_html() {
    // `{{ x | markdownify }}` inside a `<div>`: Jekyll puts HTML there, so the quote, the link,
    // the heading, the list and the image are real ones, not `> [text](url)` as typed.
    let (book, _) = inspect(&workspace_root(), &["--site", site().to_str().unwrap()]);
    let post = book["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["meta"]["id"] == "2020-01-05-markdownify")
        .expect("the markdownify post");
    let json = post["blocks"].to_string();
    for (what, needle) in [
        ("a quote", "\"type\":\"block_quote\""),
        ("a heading", "\"type\":\"heading\""),
        ("a list", "\"type\":\"list\""),
        ("the link", "https://example.com/notes/"),
        ("the image", "https://example.com/hall.png"),
        ("strong", "\"type\":\"strong\""),
    ] {
        assert!(json.contains(needle), "no {what} in {json}");
    }
    let text = plain_text(&post["blocks"]);
    for typed in ["> ", "](", "**", "## "] {
        assert!(!text.contains(typed), "{typed:?} shown as text: {text}");
    }
}

#[test]
fn posts_jekyll_refuses_to_build_stay_in_the_book() {
    // Jekyll stops the whole build on these (unterminated `{{`, an unknown tag, an unclosed
    // `if`); hanmoto keeps the post, with warnings.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("site");
    copy_dir(&site(), &copy);
    std::fs::write(
        copy.join("_posts/2020-01-04-refused.md"),
        "---\ntitle: Jekyll が拒む記事\n---\n閉じない {{ x と {% gist 1 %} と\n\n{% if true %}最後まで\n",
    )
    .unwrap();
    let (v, code) = check_json(&copy);
    assert_eq!(code, 0, "{v}");
    let (book, _) = inspect(&workspace_root(), &["--site", copy.to_str().unwrap()]);
    assert!(post_ids(&book).contains(&"2020-01-04-refused".to_owned()));
    let refused = book["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["meta"]["id"] == "2020-01-04-refused")
        .unwrap();
    let text = plain_text(&refused["blocks"]);
    assert!(
        text.contains("閉じない {{ x と") && text.contains("最後まで"),
        "{text}"
    );
}

#[test]
fn lax_liquid_posts_read_as_real_jekyll_renders_them() {
    if !require_tool("jekyll", Command::new("jekyll").arg("--version")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    copy_dir(&site(), &src);
    let dest = dir.path().join("_site");
    jekyll_build(&src, &dest);
    let (book, _) = inspect(&workspace_root(), &["--site", site().to_str().unwrap()]);
    for (i, (id, page)) in POSTS.iter().enumerate() {
        let text = jekyll_page_text(&dest.join(page));
        let theirs = squeeze(&text);
        let mine = squeeze(&plain_text(&book["posts"][i]["blocks"]));
        assert_eq!(mine, theirs, "{id} reads differently from Jekyll");
    }
}
