//! tests/fixtures/jekyll-site: the model facts MANIFEST.md lists for a site Jekyll builds cleanly.

use hanmoto_tests::*;
use serde_json::Value;
use std::sync::OnceLock;

fn site() -> String {
    fixtures()
        .join("jekyll-site")
        .to_string_lossy()
        .into_owned()
}

fn book() -> &'static Value {
    static BOOK: OnceLock<Value> = OnceLock::new();
    BOOK.get_or_init(|| {
        let (v, out) = inspect(&workspace_root(), &["--site", &site()]);
        assert!(out.status.success(), "inspect failed:\n{}", stderr(&out));
        v
    })
}

fn post(id: &str) -> &'static Value {
    book()["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["meta"]["id"] == id)
        .unwrap_or_else(|| panic!("no post {id}"))
}

fn meta(id: &str) -> &'static Value {
    &post(id)["meta"]
}

#[test]
fn check_has_no_errors_and_only_the_expected_warnings() {
    let out = hanmoto(
        &workspace_root(),
        &["check", "--json", "--offline", "--site", &site()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for d in v["diagnostics"].as_array().unwrap() {
        assert!(
            ["html-script", "post-filename"].contains(&d["code"].as_str().unwrap()),
            "unexpected diagnostic: {d}"
        );
    }
}

#[test]
fn config_last_duplicate_key_wins_and_defaults_apply() {
    let b = book();
    assert_eq!(b["meta"]["title"], "版元テストブログ");
    assert_eq!(b["meta"]["authors"], serde_json::json!(["山田 太郎"]));
    assert_eq!(b["meta"]["language"], "ja");
    assert_eq!(b["meta"]["site_url"], "https://example.com/blog");
    for p in b["posts"].as_array().unwrap() {
        assert_eq!(p["meta"]["author"], "既定の著者", "{}", p["meta"]["id"]);
        assert_eq!(p["meta"]["front_matter"]["show_note"], true);
    }
}

#[test]
fn twenty_two_posts_oldest_first_without_drafts_unpublished_or_backups() {
    let ids: Vec<&str> = book()["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["meta"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 22, "{ids:?}");
    assert_eq!(ids.first(), Some(&"2015-01-18-date-only"));
    assert_eq!(ids.last(), Some(&"2019-04-02-category-folder"));
    assert!(!ids.iter().any(|i| i.contains("unpublished")
        || i.contains("draft")
        || i.contains("notes-without-date")));
}

#[test]
fn drafts_join_when_asked() {
    let (v, _) = inspect(&workspace_root(), &["--site", &site(), "--drafts"]);
    let titles: Vec<&str> = v["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["meta"]["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"下書き"), "{titles:?}");
    assert_eq!(titles.len(), 23);
}

#[test]
fn every_date_form_reads_as_jekyll_reads_it() {
    for (id, date) in [
        ("2015-01-18-date-only", "2015-01-18T00:00:00+09:00"),
        ("2015-01-18-date-time", "2015-01-18T10:00:00+09:00"),
        ("2015-01-18-offset-colon", "2015-01-18T10:00:00+09:00"),
        ("2015-01-18-offset-compact", "2015-01-18T10:00:00+09:00"),
        ("2015-01-19-iso8601", "2015-01-20T08:30:00+09:00"),
        ("2015-01-20-offset-minus-500", "2015-01-20T10:00:00+09:00"),
        ("2015-01-21-no-date", "2015-01-21T00:00:00+09:00"),
        ("2015-02-01-tags-string", "2015-02-01T00:00:00+09:00"),
    ] {
        assert_eq!(meta(id)["date"], date, "{id}");
    }
}

#[test]
fn iso_date_in_utc_gives_the_tokyo_url_date_like_jekyll() {
    assert!(
        meta("2015-01-19-iso8601")["url"]
            .as_str()
            .unwrap()
            .starts_with("/2015/01/20/"),
        "{}",
        meta("2015-01-19-iso8601")["url"]
    );
}

#[test]
fn tags_categories_title_and_description() {
    let m = meta("2015-01-18-date-only");
    assert_eq!(m["title"], "日付だけの記事");
    assert_eq!(m["tags"], serde_json::json!(["docker", "勉強会"]));
    assert_eq!(m["categories"], serde_json::json!(["event", "report"]));
    assert_eq!(
        m["description"],
        "日付だけを書いた記事。日本語の改行の扱いを試す。"
    );
    assert_eq!(m["url"], "/event/report/2015/01/18/date-only.html");
    let m = meta("2015-02-01-tags-string");
    assert_eq!(m["title"], "Tags String");
    assert_eq!(
        m["tags"],
        serde_json::json!(["docker", "coreos", "kubernetes"])
    );
    assert_eq!(m["categories"], serde_json::json!(["event", "report"]));
    let m = meta("2015-02-13-lang-permalink");
    assert_eq!(m["lang"], "en");
    assert_eq!(m["url"], "/english/");
    assert_eq!(
        m["description"],
        "A short summary given in the front matter."
    );
    assert_eq!(
        meta("2019-04-01-nested-folder")["categories"],
        serde_json::json!([])
    );
    assert_eq!(
        meta("2019-04-02-category-folder")["categories"],
        serde_json::json!(["tech"])
    );
}

#[test]
fn typography_converts_in_the_text_but_not_in_the_title() {
    // Jekyll prints `page.title` raw; kramdown converts the body (see
    // jekyll-reference/expected/2015-02-14-typography.txt for the whole text).
    assert_eq!(
        meta("2015-02-14-typography")["title"],
        "約物の変換 \"typography\" -- test"
    );
    let body = serde_json::to_string(&post("2015-02-14-typography")["blocks"]).unwrap();
    for s in [
        "“Branches”",
        "rock ‘n’ roll",
        "「”foo”」と”日本語”",
        "wait—what",
        "«\u{a0}y\u{a0}»",
    ] {
        assert!(body.contains(s), "{s} missing in {body}");
    }
    assert!(
        body.contains("\\\"fenced\\\" -- code... 'x' <<y>>"),
        "{body}"
    );
}

#[test]
fn crlf_and_bom_posts_read_cleanly() {
    assert_eq!(meta("2015-02-10-crlf")["title"], "改行が CRLF の記事");
    assert_eq!(meta("2015-02-11-bom")["title"], "BOM つきの記事");
    let all = serde_json::to_string(&book()["posts"]).unwrap();
    assert!(!all.contains('\r') && !all.contains('\u{feff}'));
}

fn images_of(id: &str) -> Vec<Value> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<Value>) {
        match v {
            Value::Object(m) => {
                if m.get("type") == Some(&Value::from("image")) {
                    out.push(v.clone());
                }
                m.values().for_each(|x| walk(x, out));
            }
            Value::Array(xs) => xs.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(&post(id)["blocks"], &mut out);
    out
}

fn asset(id: u64) -> &'static Value {
    book()["assets"]["assets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_u64() == Some(id))
        .unwrap()
}

#[test]
fn one_image_used_by_four_posts_is_one_asset() {
    let mut ids = std::collections::BTreeSet::new();
    for p in [
        "2015-02-06-inline-html",
        "2015-02-05-kramdown-habits",
        "2015-02-07-images",
        "2015-02-08-markdown-extension",
    ] {
        for i in images_of(p) {
            if i["src"].as_str().unwrap().ends_with("dot.png") {
                ids.insert(i["asset"].as_u64().unwrap());
            }
        }
    }
    assert_eq!(ids.len(), 1, "{ids:?}");
    let a = asset(*ids.iter().next().unwrap());
    assert_eq!(
        (a["state"]["width"].as_u64(), a["state"]["height"].as_u64()),
        (Some(64), Some(64))
    );
}

#[test]
fn every_image_format_loads_and_hostile_svg_is_sanitised() {
    let imgs = images_of("2015-02-07-images");
    assert_eq!(imgs.len(), 6);
    let formats: Vec<String> = imgs
        .iter()
        .map(|i| {
            asset(i["asset"].as_u64().unwrap())["state"]["media_type"]
                .as_str()
                .unwrap_or("missing")
                .to_owned()
        })
        .collect();
    assert_eq!(
        formats,
        [
            "image/png",
            "image/jpeg",
            "image/gif",
            "image/webp",
            "image/svg+xml",
            "image/svg+xml"
        ]
    );
}

#[test]
fn baseurl_prefixed_and_relative_image_paths_resolve() {
    let photo = images_of("2015-02-06-inline-html")
        .into_iter()
        .find(|i| i["src"].as_str().unwrap().contains("photo.jpg"))
        .unwrap();
    assert_eq!(
        asset(photo["asset"].as_u64().unwrap())["state"]["state"],
        "loaded"
    );
    let local = images_of("2019-04-02-category-folder");
    assert_eq!(
        asset(local[0]["asset"].as_u64().unwrap())["state"]["width"],
        40
    );
}

#[test]
fn post_url_and_link_become_internal_links() {
    let blocks = &post("2015-02-03-code-and-links")["blocks"];
    let p = serde_json::to_string(blocks).unwrap();
    // Two links (post_url and link) to the same post, both to its chapter.
    assert_eq!(
        p.matches(r#""kind":"post","post":"2015-01-18-date-only""#)
            .count(),
        2,
        "{p}"
    );
    // Printed URLs are Jekyll's (with baseurl and categories).
    let text = plain_text(blocks);
    assert!(
        text.contains("/blog/event/report/2015/01/18/date-only.html"),
        "{text}"
    );
    assert!(
        text.contains("/blog/2019/04/01/nested-folder.html"),
        "{text}"
    );
}

#[test]
fn highlight_becomes_a_code_block_with_language() {
    let mut found = false;
    let blocks = serde_json::to_string(&post("2015-02-03-code-and-links")["blocks"]).unwrap();
    if blocks.contains(r#""type":"code_block","language":"ruby""#) {
        found = true;
    }
    assert!(found, "{blocks}");
}

#[test]
fn inline_html_becomes_model_elements() {
    let p = serde_json::to_string(&post("2015-02-06-inline-html")["blocks"]).unwrap();
    assert!(
        p.contains(r#""type":"ruby","base":"漢字","text":"かんじ""#),
        "{p}"
    );
    assert!(
        p.contains(r#""type":"embed""#) && p.contains("https://www.youtube.com/embed/dQw4w9WgXcQ"),
        "{p}"
    );
    assert!(p.contains(r#""type":"figure""#), "{p}");
    assert!(
        !p.contains("javascript:") && !p.contains("onclick") && !p.contains("document.write"),
        "{p}"
    );
}

/// A book.toml in a temporary folder pointing at the fixture site.
fn book_with(toml_rest: &str) -> Value {
    let t = tempfile::tempdir().unwrap();
    let toml = format!("[book]\nsource = {:?}\n{toml_rest}", site());
    std::fs::write(t.path().join("book.toml"), toml).unwrap();
    let (v, out) = inspect(t.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    v
}

#[test]
fn posts_selection_by_tag_and_order() {
    let v = book_with("[posts]\ntags = [\"docker\"]\norder = \"newest-first\"\n");
    let ids: Vec<&str> = v["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["meta"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["2015-02-01-tags-string", "2015-01-18-date-only"]);
}

#[test]
fn links_to_left_out_posts_point_at_the_blog() {
    let v = book_with("[posts]\nexclude = [\"2015-01-18-date-only\"]\n");
    let p = v["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["meta"]["id"] == "2015-02-03-code-and-links")
        .unwrap();
    let s = serde_json::to_string(&p["blocks"]).unwrap();
    assert!(!s.contains(r#""kind":"post""#), "{s}");
    assert!(
        s.contains(r#""url":"https://example.com/blog/event/report/2015/01/18/date-only.html""#),
        "{s}"
    );
}
