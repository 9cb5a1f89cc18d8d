//! The kramdown fixture site (`fixtures/kramdown-site`): tables and block HTML that CommonMark
//! reads differently from kramdown must read as the blog shows them. Nothing of the Markdown or
//! HTML source may be left as text, and, where real Jekyll is installed, every post's text must
//! be Jekyll's (built live, so it cannot drift).

use hanmoto_tests::reading_lines::{diff, model_lines};
use hanmoto_tests::*;
use serde_json::Value;
use std::process::Command;

/// Where hanmoto reads differently from Jekyll on purpose: (post id, Jekyll's line, hanmoto's).
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    // A button names an action, not content: it is left out (see markdown/forms.rs).
    ("2021-03-03-block-html", "検索語送信", "検索語"),
    // kramdown splits a list item holding a link with `"|"` in its text into a table, which
    // shows the link's Markdown source and loses the `|`; the link is kept (REALWORLD.md 16).
    (
        "2021-03-08-pipes",
        "[1.2.3 : \u{201c} \u{201d} の扱いを直した](https://example.com/changes)",
        "1.2.3 : \u{201c}|\u{201d} の扱いを直した",
    ),
];

fn site() -> std::path::PathBuf {
    fixtures().join("kramdown-site")
}

fn book() -> Value {
    let (book, out) = inspect(&site(), &[]);
    assert!(out.status.success(), "inspect failed:\n{}", stderr(&out));
    book
}

fn post<'a>(book: &'a Value, id: &str) -> &'a Value {
    book["posts"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["meta"]["id"] == id))
        .unwrap_or_else(|| panic!("no post {id}"))
}

/// Jekyll's text and ours are compared without white space: hanmoto joins Japanese lines
/// without the space a browser shows, which is not what this site is about.
fn squeeze(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| l.split_whitespace().collect::<String>())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn no_html_or_table_syntax_is_left_as_text() {
    let book = book();
    let text = plain_text(&book["posts"]);
    for source in ["<div", "<input", "<label", "<figure", "|--", "|---", "| --"] {
        assert!(
            !text.contains(source),
            "`{source}` left as text in:\n{text}"
        );
    }
}

#[test]
fn table_with_a_short_separator_line_is_a_table_of_three_columns() {
    let book = book();
    let blocks = post(&book, "2021-03-01-tables")["blocks"]
        .as_array()
        .unwrap();
    let tables: Vec<&Value> = blocks.iter().filter(|b| b["type"] == "table").collect();
    assert_eq!(tables.len(), 4, "{blocks:#?}");
    assert_eq!(tables[0]["header"].as_array().unwrap().len(), 3);
    assert_eq!(tables[0]["rows"].as_array().unwrap().len(), 2);
    // Separator and footer lines in the body are no rows; the header-less table has no header.
    assert_eq!(tables[1]["rows"].as_array().unwrap().len(), 3);
    assert!(tables[3]["header"].as_array().unwrap().is_empty());
}

#[test]
fn every_tab_of_the_included_tab_group_is_kept_in_order() {
    let book = book();
    let p = post(&book, "2021-03-02-tabs");
    let kinds: Vec<&str> = p["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "paragraph",
            "paragraph",
            "figure",
            "paragraph",
            "figure",
            "paragraph",
            "paragraph"
        ]
    );
    let text = plain_text(p);
    let order: Vec<usize> = ["写真", "一つ目の説明", "図解", "二つ目の本文"]
        .iter()
        .map(|s| {
            text.find(s)
                .unwrap_or_else(|| panic!("{s} missing in {text}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    let images = noted_images(p);
    assert_eq!(images, ["/images/tab-one.svg", "/images/tab-two.svg"]);
}

fn noted_images(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if m.get("type").and_then(Value::as_str) == Some("image") {
                    out.extend(m.get("src").and_then(Value::as_str).map(str::to_owned));
                }
                m.values().for_each(|x| walk(x, out));
            }
            Value::Array(xs) => xs.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(v, &mut out);
    out
}

#[test]
fn every_post_reads_as_jekyll_renders_it() {
    if !require_tool("jekyll", Command::new("jekyll").arg("--version")) {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let built = work.path().join("site");
    let out = jekyll_build(&site(), &built);
    assert!(
        out.stderr.is_empty(),
        "jekyll build warned:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book = book();
    let mut failures = Vec::new();
    for p in book["posts"].as_array().unwrap() {
        let id = p["meta"]["id"].as_str().unwrap();
        // 2021-03-01-tables → 2021/03/01/tables.html (Jekyll's default permalink).
        let mut parts = id.splitn(4, '-');
        let (y, m, d, slug) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let mut theirs = jekyll_page_text(&built.join(format!("{y}/{m}/{d}/{slug}.html")));
        for (post, jekyll, hanmoto) in KNOWN_DIFFERENCES {
            if *post == id {
                theirs = theirs.replace(jekyll, hanmoto);
            }
        }
        let theirs = squeeze(&theirs.lines().map(str::to_owned).collect::<Vec<_>>());
        let mine = squeeze(&model_lines(&p["blocks"]));
        if mine != theirs {
            failures.push(format!("--- {id}\n{}", diff(&theirs, &mine)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn kramdown_site_makes_a_valid_epub() {
    let out = tempfile::tempdir().unwrap();
    let o = hanmoto(
        &workspace_root(),
        &[
            "build",
            "--epub",
            "--offline",
            "-o",
            out.path().to_str().unwrap(),
            "--site",
            site().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    let epub = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an EPUB");
    assert_epubcheck_clean(&epub);
}

/// Every inline of `type` in a post, as its plain text.
fn inline_texts(v: &Value, kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, kind: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if m.get("type").and_then(Value::as_str) == Some(kind) {
                    out.push(plain_text(v));
                }
                m.values().for_each(|x| walk(x, kind, out));
            }
            Value::Array(xs) => xs.iter().for_each(|x| walk(x, kind, out)),
            _ => {}
        }
    }
    walk(v, kind, &mut out);
    out
}

#[test]
fn emphasis_next_to_japanese_punctuation_is_strong_and_no_asterisk_is_left() {
    let book = book();
    let p = post(&book, "2021-03-05-emphasis");
    let strong = inline_texts(p, "strong");
    for s in [
        "「北口の時計台」",
        "必ず",
        "重要",
        "「持ち物」",
        "「服装」",
        "(注)",
        "2.",
        "init",
    ] {
        assert!(strong.iter().any(|t| t == s), "{s} not strong: {strong:?}");
    }
    let text = plain_text(p);
    // The only asterisks left are the ones kramdown leaves: code, `2 * 3 * 4`, `** spaced **`.
    assert_eq!(text.matches('*').count(), 3 + 2 + 4, "{text}");
    assert!(
        text.contains("これは__下線二つ__のままで、これは_下線一つ_のまま"),
        "{text}"
    );
    assert!(text.contains("snake_case_name"), "{text}");
}

#[test]
fn span_ials_after_links_images_and_strong_never_show() {
    let book = book();
    let p = post(&book, "2021-03-06-span-ials");
    let text = plain_text(p);
    assert!(!text.contains("{:"), "{text}");
    assert!(text.contains("[資料]"), "{text}");
    let images = inline_texts(p, "image");
    assert_eq!(images.len(), 2, "{p:#?}");
    let first = &p["blocks"][2]["content"][0];
    assert_eq!(
        first["width"],
        serde_json::json!({"unit": "percent", "value": 50.0}),
        "{first:#?}"
    );
}

#[test]
fn odd_angle_brackets_stay_text_and_paren_numbers_stay_in_the_text() {
    let book = book();
    let p = post(&book, "2021-03-07-autolinks-and-markers");
    let text = plain_text(p);
    assert!(text.contains("#<refinement:Greeter@Greeter>"), "{text}");
    assert!(
        text.contains("1) 箱を開ける。") && text.contains("2) Read the manual."),
        "{text}"
    );
    let lists: Vec<&Value> = p["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "list")
        .collect();
    assert_eq!(lists.len(), 1, "only `1.` makes a list: {p:#?}");
    assert_eq!(inline_texts(p, "link").len(), 3);
}

#[test]
fn a_lone_line_with_a_pipe_is_a_one_row_table() {
    let book = book();
    let p = post(&book, "2021-03-08-pipes");
    let blocks = p["blocks"].as_array().unwrap();
    let tables: Vec<&Value> = blocks.iter().filter(|b| b["type"] == "table").collect();
    assert_eq!(tables.len(), 1, "{blocks:#?}");
    assert_eq!(tables[0]["rows"][0].as_array().unwrap().len(), 2);
    // In a quote too.
    let quote = blocks
        .iter()
        .find(|b| b["type"] == "block_quote")
        .expect("a quote");
    assert_eq!(quote["content"][0]["type"], "table", "{quote:#?}");
    // The list item keeps its link, words and `|` (kramdown's table there shows the source), and
    // its quotes curl as they would in any link text.
    assert_eq!(
        inline_texts(p, "link"),
        ["1.2.3 : \u{201c}|\u{201d} の扱いを直した"]
    );
}
