//! The typographic-settings fixture site (`fixtures/smart-quotes-site`): `smart_quotes` picks
//! the quote characters and GFM's `no_auto_typographic` quirk keeps dashes and dots as typed.
//! Where real Jekyll is installed, the post's text must be Jekyll's (built live).

use hanmoto_tests::reading_lines::{diff, model_lines};
use hanmoto_tests::*;
use serde_json::Value;
use std::process::Command;

fn site() -> std::path::PathBuf {
    fixtures().join("smart-quotes-site")
}

fn lines() -> Vec<String> {
    let (book, out) = inspect(&site(), &[]);
    assert!(out.status.success(), "inspect failed:\n{}", stderr(&out));
    let posts: &Vec<Value> = book["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 1);
    model_lines(&posts[0]["blocks"])
        .into_iter()
        .filter(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn german_quotes_and_dashes_as_typed() {
    // Jekyll 4.3.1 prints: <p>Er sagte „Guten Tag“ und ‚bis bald‘, it‘s fine.</p>
    assert_eq!(
        lines(),
        [
            "Er sagte „Guten Tag“ und ‚bis bald‘, it‘s fine.",
            "Dashes stay -- as typed --- and dots too... and << these >> as well.",
            "「“引用“」と“日本語“、\"code\" -- x.",
        ]
    );
}

#[test]
fn the_post_reads_as_jekyll_renders_it() {
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
    let extracted = jekyll_page_text(&built.join("2022/05/01/german-quotes.html"));
    let theirs: Vec<String> = extracted.lines().map(str::to_owned).collect();
    let mine = lines();
    assert_eq!(mine, theirs, "{}", diff(&theirs, &mine));
}
