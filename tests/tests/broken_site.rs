//! tests/fixtures/broken-site: one hostile or broken input per post. Each gives the expected
//! diagnostic (code, file line, message) and the good posts still load. See fixtures/MANIFEST.md.

use hanmoto_tests::*;
use serde_json::Value;
use std::sync::OnceLock;

fn site() -> std::path::PathBuf {
    fixtures().join("broken-site")
}

/// `hanmoto check --json` on the broken site (offline: the unreachable hosts fail fast).
fn check() -> &'static (Value, i32) {
    static OUT: OnceLock<(Value, i32)> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = hanmoto(
            &workspace_root(),
            &[
                "check",
                "--json",
                "--offline",
                "--site",
                site().to_str().unwrap(),
            ],
        );
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("no JSON ({e}):\n{}", stderr(&out)));
        (v, out.status.code().unwrap_or(-1))
    })
}

fn book() -> &'static Value {
    static BOOK: OnceLock<Value> = OnceLock::new();
    BOOK.get_or_init(|| inspect(&workspace_root(), &["--site", site().to_str().unwrap()]).0)
}

/// Asserts one diagnostic with `code` in `file` at `line` whose message contains `fragment`.
fn expect(file: &str, line: u64, code: &str, severity: &str, fragment: &str) {
    let (v, _) = check();
    let diags = v["diagnostics"].as_array().unwrap();
    let found = diags.iter().any(|d| {
        d["code"] == code
            && d["severity"] == severity
            && d["span"]["file"]
                .as_str()
                .is_some_and(|f| f.ends_with(file))
            && d["span"]["line"].as_u64() == Some(line)
            && d["message"].as_str().is_some_and(|m| m.contains(fragment))
    });
    assert!(
        found,
        "expected {severity} [{code}] at {file}:{line} mentioning `{fragment}`; got:\n{}",
        diags
            .iter()
            .map(|d| format!(
                "  {} [{}] {}:{} {}",
                d["severity"], d["code"], d["span"]["file"], d["span"]["line"], d["message"]
            ))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn post(id: &str) -> Option<&'static Value> {
    book()["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["meta"]["id"] == id)
}

fn text_of(id: &str) -> String {
    plain_text(&post(id).unwrap_or_else(|| panic!("post {id} not in the book"))["blocks"])
}

#[test]
fn check_fails_with_exit_code_one() {
    assert_eq!(check().1, 1);
}

#[test]
fn good_posts_still_load() {
    assert_eq!(
        post("2020-01-01-good-first").unwrap()["meta"]["title"],
        "良い記事その一"
    );
    let second = post("2020-01-02-good-second").unwrap();
    assert_eq!(second["meta"]["title"], "良い記事その二");
    let assets = book()["assets"]["assets"].as_array().unwrap();
    let good = assets
        .iter()
        .find(|a| a["src"].as_str().unwrap_or("").ends_with("good.png"))
        .unwrap();
    assert_eq!(
        (
            good["state"]["state"].as_str(),
            good["state"]["width"].as_u64()
        ),
        (Some("loaded"), Some(16))
    );
}

#[test]
fn broken_yaml_is_an_error_at_the_post_file_line_and_the_post_is_left_out() {
    expect(
        "_posts/2020-02-01-broken-yaml.md",
        4,
        "yaml",
        "error",
        "mapping values",
    );
    assert!(post("2020-02-01-broken-yaml").is_none());
}

#[test]
fn shift_jis_post_is_a_clear_error() {
    expect(
        "_posts/2020-02-07-shift-jis.md",
        2,
        "post-encoding",
        "error",
        "UTF-8",
    );
    assert!(post("2020-02-07-shift-jis").is_none());
}

#[test]
fn unknown_liquid_tags_warn_and_are_removed() {
    expect(
        "_posts/2020-02-02-unknown-tags.md",
        7,
        "liquid-unknown-tag",
        "warning",
        "gist",
    );
    expect(
        "_posts/2020-02-02-unknown-tags.md",
        9,
        "liquid-unknown-tag",
        "warning",
        "footnotes",
    );
    let t = text_of("2020-02-02-unknown-tags");
    assert!(t.contains("前の段落。") && t.contains("後の段落。"), "{t}");
    assert!(!t.contains("{%") && !t.contains("gist"), "{t}");
}

#[test]
fn unclosed_if_warns_at_the_opening_tag_and_keeps_the_post() {
    // Jekyll stops the build ("'if' tag was never closed"); hanmoto closes the block at the end
    // of the body, so the post stays in the book (crates/model/src/liquid/LAX.md).
    expect(
        "_posts/2020-02-03-unclosed-if.md",
        6,
        "liquid-lax",
        "warning",
        "'if' tag was never closed",
    );
    let t = text_of("2020-02-03-unclosed-if");
    assert!(
        t.contains("一行目。") && t.contains("閉じられない if の中身。"),
        "{t}"
    );
}

#[test]
fn missing_include_is_an_error_and_keeps_the_text() {
    // Jekyll aborts the build; hanmoto reports an error (check fails) but keeps the post's text.
    expect(
        "_posts/2020-02-04-missing-include.md",
        6,
        "liquid-include",
        "error",
        "nope.html",
    );
    let t = text_of("2020-02-04-missing-include");
    assert!(t.contains("前の文。") && t.contains("後の文。"), "{t}");
}

#[test]
fn unknown_post_url_and_link_targets_warn_and_keep_the_link_text() {
    expect(
        "_posts/2020-02-05-post-url-missing.md",
        5,
        "liquid-link",
        "warning",
        "2099-01-01-nope",
    );
    expect(
        "_posts/2020-02-06-link-missing.md",
        5,
        "liquid-link",
        "warning",
        "_posts/2099-01-01-nope.md",
    );
    assert!(text_of("2020-02-05-post-url-missing").contains("未来の記事"));
    assert!(text_of("2020-02-06-link-missing").contains("消えた記事"));
}

#[test]
fn images_outside_the_site_are_refused() {
    expect(
        "_posts/2020-02-08-path-traversal.md",
        5,
        "asset-outside-site",
        "warning",
        "../../../../etc/passwd",
    );
    // A root-relative `/etc/passwd` is refused as outside the site (never looked up, not even under
    // the site root): clearer than "missing" for what is usually an attack or a mistake.
    expect(
        "_posts/2020-02-08-path-traversal.md",
        7,
        "asset-outside-site",
        "warning",
        "/etc/passwd",
    );
    expect(
        "_posts/2020-02-09-symlink-escape.md",
        5,
        "asset-outside-site",
        "warning",
        "escape.png",
    );
    let dump = serde_json::to_string(book()).unwrap();
    assert!(
        !dump.contains("root:x:0:0"),
        "the host's /etc/passwd reached the model"
    );
}

#[test]
fn png_bomb_and_corrupt_and_missing_images_are_warnings() {
    expect(
        "_posts/2020-02-10-png-bomb.md",
        5,
        "asset-too-large",
        "warning",
        "20000",
    );
    expect(
        "_posts/2020-02-11-corrupt-png.md",
        5,
        "asset-corrupt",
        "warning",
        "corrupt.png",
    );
    expect(
        "_posts/2020-02-12-missing-image.md",
        5,
        "asset-missing",
        "warning",
        "nowhere.png",
    );
}

#[test]
fn unreachable_remote_images_warn_and_keep_their_url() {
    expect(
        "_posts/2020-02-13-remote-unreachable.md",
        5,
        "asset-fetch",
        "warning",
        "127.0.0.1:9",
    );
    expect(
        "_posts/2020-02-13-remote-unreachable.md",
        7,
        "asset-fetch",
        "warning",
        "connpass-tokyo.s3.amazonaws.com",
    );
    let assets = book()["assets"]["assets"].as_array().unwrap();
    let remote = assets
        .iter()
        .find(|a| a["src"].as_str().unwrap_or("").contains("127.0.0.1:9"))
        .unwrap();
    assert_eq!(remote["state"]["state"], "missing");
    assert!(remote["state"]["url"]
        .as_str()
        .unwrap()
        .contains("127.0.0.1:9"));
}

#[test]
fn unknown_html_tag_warns_and_keeps_its_text() {
    expect(
        "_posts/2020-02-14-unknown-html.md",
        5,
        "html-unknown-tag",
        "warning",
        "marquee",
    );
    assert!(text_of("2020-02-14-unknown-html").contains("流れる文字"));
}

#[test]
fn script_never_reaches_the_model() {
    expect(
        "_posts/2020-02-15-script.md",
        7,
        "html-script",
        "warning",
        "script",
    );
    let p = serde_json::to_string(post("2020-02-15-script").unwrap()).unwrap();
    assert!(
        !p.contains("alert") && !p.contains("javascript:") && !p.contains("onclick"),
        "{p}"
    );
    let t = text_of("2020-02-15-script");
    assert!(
        t.contains("本文です。") && t.contains("危ないリンク"),
        "{t}"
    );
}

#[test]
fn files_without_a_date_are_skipped_with_a_warning() {
    let (v, _) = check();
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "post-filename"
            && d["message"].as_str().unwrap().contains("not-a-post.md")));
    assert!(post("not-a-post").is_none());
}
