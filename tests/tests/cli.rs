//! The command line: exit codes, book.toml checking, init.

use hanmoto_tests::*;
use std::fs;

fn tiny_site(dir: &std::path::Path) {
    fs::create_dir_all(dir.join("_posts")).unwrap();
    fs::write(
        dir.join("_config.yml"),
        "title: テスト\nauthor: Taro\nlang: ja\n",
    )
    .unwrap();
    fs::write(
        dir.join("_posts/2020-01-02-hello.md"),
        "---\ntitle: こんにちは\n---\n\n本文です。\n",
    )
    .unwrap();
}

#[test]
fn unknown_book_toml_key_is_an_error_with_file_and_line() {
    let t = tempfile::tempdir().unwrap();
    tiny_site(&t.path().join("site"));
    fs::write(
        t.path().join("book.toml"),
        "[book]\nsource = \"site\"\n\n[epub]\nwritting_mode = \"vertical-rl\"\n",
    )
    .unwrap();
    let out = hanmoto(t.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("writting_mode"), "{err}");
    assert!(err.contains("book.toml:5:"), "{err}");
}

#[test]
fn usage_errors_exit_two() {
    let t = tempfile::tempdir().unwrap();
    assert_eq!(
        hanmoto(t.path(), &["check", "--no-such-flag"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(hanmoto(t.path(), &["frobnicate"]).status.code(), Some(2));
}

#[test]
fn a_folder_that_is_no_site_is_a_clear_error() {
    let t = tempfile::tempdir().unwrap();
    let out = hanmoto(t.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no book here"), "{}", stderr(&out));
}

#[test]
fn a_site_without_book_toml_works_with_defaults() {
    let t = tempfile::tempdir().unwrap();
    tiny_site(t.path());
    let out = hanmoto(t.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("テスト (ja)"), "{}", stdout(&out));
    let out = hanmoto(
        t.path().parent().unwrap(),
        &["check", "--site", t.path().to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn init_writes_a_commented_book_toml_and_refuses_to_overwrite() {
    let t = tempfile::tempdir().unwrap();
    tiny_site(&t.path().join("blog"));
    let out = hanmoto(t.path(), &["init", "blog"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = fs::read_to_string(t.path().join("book.toml")).unwrap();
    assert!(text.contains("title = \"テスト\""), "{text}");
    assert!(text.contains("authors = [\"Taro\"]"), "{text}");
    assert!(text.contains("source = \"blog\""), "{text}");
    assert!(
        text.lines().filter(|l| l.starts_with('#')).count() > 10,
        "not commented:\n{text}"
    );
    // The written file is a working book.toml.
    let out = hanmoto(t.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // A second init must not overwrite it.
    fs::write(
        t.path().join("book.toml"),
        "# mine\n[book]\nsource = \"blog\"\n",
    )
    .unwrap();
    let out = hanmoto(t.path(), &["init", "blog"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        fs::read_to_string(t.path().join("book.toml")).unwrap(),
        "# mine\n[book]\nsource = \"blog\"\n"
    );
}

#[test]
fn strict_turns_warnings_into_failure() {
    let t = tempfile::tempdir().unwrap();
    tiny_site(t.path());
    fs::write(t.path().join("_posts/notes.md"), "---\n---\nnot a post\n").unwrap();
    let out = hanmoto(t.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("post-filename"), "{}", stderr(&out));
    assert_eq!(
        hanmoto(t.path(), &["check", "--strict"]).status.code(),
        Some(1)
    );
}

#[test]
fn inspect_one_post_by_id() {
    let t = tempfile::tempdir().unwrap();
    tiny_site(t.path());
    let (j, _) = inspect(t.path(), &["2020-01-02-hello"]);
    assert_eq!(j["meta"]["title"], "こんにちは");
    let out = hanmoto(t.path(), &["inspect", "--json", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn posts_without_front_matter_load_like_jekyll() {
    let t = tempfile::tempdir().unwrap();
    tiny_site(t.path());
    fs::write(
        t.path().join("_posts/2020-01-03-no-front-matter.md"),
        "本文だけ。\n",
    )
    .unwrap();
    fs::write(
        t.path().join("_posts/2020-01-04-unclosed.md"),
        "---\ntitle: x\n本文\n",
    )
    .unwrap();
    let (j, out) = inspect(t.path(), &[]);
    let titles: Vec<&str> = j["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["meta"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["こんにちは", "No Front Matter", "Unclosed"]);
    assert!(stderr(&out).contains("never closed"), "{}", stderr(&out));
}

#[test]
fn cover_and_stylesheet_are_checked() {
    let t = tempfile::tempdir().unwrap();
    tiny_site(&t.path().join("blog"));
    fs::write(
        t.path().join("book.toml"),
        "[book]\nsource = \"blog\"\ncover = \"nope.png\"\n[epub]\nstylesheet = \"missing.css\"\n",
    )
    .unwrap();
    let out = hanmoto(t.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("nope.png") && err.contains("book.toml:3"),
        "{err}"
    );
    assert!(
        err.contains("missing.css") && err.contains("book.toml:5"),
        "{err}"
    );
    // A real cover outside the site folder is allowed (it is the book's own file).
    fs::copy(
        workspace_root().join("content/images/2015/01/18/kubernates.png"),
        t.path().join("cover.png"),
    )
    .unwrap();
    fs::write(t.path().join("extra.css"), "p { color: black; }").unwrap();
    fs::write(
        t.path().join("book.toml"),
        "[book]\nsource = \"blog\"\ncover = \"cover.png\"\n[epub]\nstylesheet = \"extra.css\"\n",
    )
    .unwrap();
    let (j, out) = inspect(t.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let id = j["meta"]["cover"].as_u64().expect("cover asset");
    let a = j["assets"]["assets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_u64() == Some(id))
        .unwrap();
    assert_eq!(a["state"]["width"], 300);
    assert_eq!(j["stylesheet"], "p { color: black; }");
}

#[test]
fn an_invalid_date_warns_at_its_front_matter_line_and_uses_the_file_name() {
    let t = tempfile::tempdir().unwrap();
    tiny_site(t.path());
    fs::write(
        t.path().join("_posts/2020-01-05-bad-date.md"),
        "---\ntitle: x\ndate: tomorrow\n---\n本文\n",
    )
    .unwrap();
    let (j, out) = inspect(t.path(), &["2020-01-05-bad-date"]);
    assert!(
        j["meta"]["date"]
            .as_str()
            .unwrap()
            .starts_with("2020-01-05"),
        "{}",
        j["meta"]["date"]
    );
    let err = stderr(&out);
    assert!(err.contains("2020-01-05-bad-date.md:3:"), "{err}");
    assert!(err.contains("`date: tomorrow` is not a date"), "{err}");
}

#[test]
fn every_command_names_a_file_by_the_same_path() {
    // One post with a warning (a plugin tag hanmoto does not know), printed by `check`, `build`
    // and `handout` from the folder above the site: each names it `site/_posts/…`, never an
    // absolute path and never `./`.
    let t = tempfile::tempdir().unwrap();
    let site = t.path().join("site");
    tiny_site(&site);
    fs::write(
        site.join("_posts/2020-01-03-plugin.md"),
        "---\ntitle: plugin\n---\n\n本文です。\n\n{% unknown_plugin_tag x %}\n",
    )
    .unwrap();
    let expected = " --> site/_posts/2020-01-03-plugin.md:7:";
    for args in [
        &["check", "--site", "site"][..],
        &["build", "--site", "site", "-o", "out"],
        &["check", "--site", "./site"],
        &[
            "handout",
            "site/_posts/2020-01-03-plugin.md",
            "-o",
            "out/h.pdf",
        ],
    ] {
        let o = hanmoto(t.path(), args);
        let err = stderr(&o);
        assert!(err.contains(expected), "{args:?}:\n{err}");
        let abs = t.path().canonicalize().unwrap();
        assert!(!err.contains(abs.to_str().unwrap()), "{args:?}:\n{err}");
        if args[0] != "check" {
            let out = stdout(&o);
            assert!(out.contains("wrote out/"), "{args:?}:\n{out}");
        }
    }
}
