//! `hanmoto handout`: the real binary on the sample post and on `fixtures/handout-site`, every
//! PDF read back with the real tools (qpdf, pdffonts, pdfinfo, pdftotext, pdfimages). The
//! command-line checks (bad arguments, finding the site) need no PDF engine.

use hanmoto_tests::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

const SAMPLE_POST: &str = "content/_posts/2015-01-18-docker-meetup-tokyo-4.md";
const FIXTURE_JA: &str = "tests/fixtures/handout-site/_posts/2024-05-11-container-study-group.md";
const FIXTURE_EN: &str = "tests/fixtures/handout-site/_posts/2024-06-02-long-words-in-print.md";
/// A handout written into a temporary folder.
struct Pdf {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

/// `hanmoto handout POST --offline -o <tmp>/out.pdf EXTRA…` from the workspace root; panics with
/// hanmoto's messages unless it succeeds and writes the file.
fn handout(post: &str, extra: &[&str]) -> Pdf {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    let mut args = vec!["handout", post, "--offline", "-o", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = hanmoto(&workspace_root(), &args);
    assert!(
        out.status.success(),
        "hanmoto {args:?} failed ({:?}):\n{}\n{}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
    assert!(path.is_file(), "no PDF written: {}", stdout(&out));
    Pdf { _dir: dir, path }
}

/// The post's parsed model, as `inspect --json` prints it.
fn post_json(post: &str) -> serde_json::Value {
    let site = if post.starts_with("content/") {
        workspace_root().join("content")
    } else {
        workspace_root().join("tests/fixtures/handout-site")
    };
    let id = Path::new(post).file_stem().unwrap().to_str().unwrap();
    inspect(&workspace_root(), &["--site", site.to_str().unwrap(), id]).0
}

/// qpdf, pdffonts and pdfinfo agree the file is sound; returns the page count.
fn assert_valid_pdf(pdf: &Path, title: &str) -> usize {
    assert_qpdf_clean(pdf);
    assert_fonts_embedded_subset_unicode(pdf);
    let info = pdf_info(pdf);
    assert_eq!(
        info.get("PDF version").map(String::as_str),
        Some("1.7"),
        "{info:?}"
    );
    assert_eq!(
        info.get("Title").map(String::as_str),
        Some(title),
        "{info:?}"
    );
    assert!(
        !info.contains_key("PDF subtype"),
        "no PDF/X claims: {info:?}"
    );
    info.get("Pages")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gives no page count: {info:?}"))
}

/// Every passage found in the extracted text, in both pdftotext modes; `what` names them in the
/// failure message, which lists the missing ones and the count.
fn assert_passages(pdf: &Path, passages: &[String], what: &str) {
    for (mode, args, joins) in [
        ("default", &[][..], Joins::PopplerDehyphenates),
        ("-raw", &["-raw"][..], Joins::Exact),
    ] {
        let text = pdf_text(pdf, args);
        let missing: Vec<&String> = passages
            .iter()
            .filter(|p| find_across_breaks(&text, p, joins).is_empty())
            .collect();
        assert!(
            missing.is_empty(),
            "pdftotext {mode}: {} of {} {what} extracted exactly; missing:\n{}\n--- text ---\n{text}",
            passages.len() - missing.len(),
            passages.len(),
            missing
                .iter()
                .map(|s| format!("  {s}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// No printed line breaks a kinsoku rule. Read in poppler's default mode, whose lines are the
/// printed lines; `-raw` also starts a new line after a raised footnote mark, which is no line
/// of the page.
fn assert_no_kinsoku_violations(pdf: &Path) {
    let bad = kinsoku_violations(&pdf_text(pdf, &[]));
    assert!(
        bad.is_empty(),
        "{} kinsoku violation(s) in the printed lines:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// `pdfinfo -url` lists exactly the post's URL links, plus at most the post's own address (the
/// title block links it); returns how many distinct URLs the post links.
fn assert_link_annotations(pdf: &Path, post: &serde_json::Value) -> usize {
    let listed: std::collections::BTreeSet<String> = run_tool("pdfinfo", &["-url"], pdf)
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().last().map(str::to_owned))
        .collect();
    let expected: std::collections::BTreeSet<String> =
        url_links(post).into_iter().map(|l| l.url).collect();
    let missing: Vec<&String> = expected.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "pdfinfo -url: {} of {} URLs are links; missing {missing:?}; listed {listed:?}",
        expected.len() - missing.len(),
        expected.len()
    );
    let own = post["meta"]["url"].as_str().unwrap_or("");
    let extra: Vec<&String> = listed
        .difference(&expected)
        .filter(|u| own.is_empty() || !u.ends_with(own))
        .collect();
    assert!(
        extra.is_empty(),
        "pdfinfo -url: links the post does not have: {extra:?}"
    );
    expected.len()
}

/// The notes after the body (after `body_end`, the post's last sentence) give each noted URL
/// once, in first-use order, each after its number. Numbers and order are read in poppler's
/// default (reading-order) mode, where a wrapped URL may lose a line-final hyphen; `-raw` mode
/// (content-stream order, hyphens kept) must still show each URL whole, once.
fn assert_notes(pdf: &Path, post: &serde_json::Value, body_end: &str) {
    let urls = noted_urls(post);
    for (mode, args, joins) in [
        ("default", &[][..], Joins::PopplerDehyphenates),
        ("-raw", &["-raw"][..], Joins::Exact),
    ] {
        let text = pdf_text(pdf, args);
        let ends = spans_across_breaks(&text, body_end, joins);
        let &(_, end) = ends.last().unwrap_or_else(|| {
            panic!("{mode}: the body's last sentence {body_end:?} is not in:\n{text}")
        });
        let notes: Vec<char> = text.chars().skip(end).collect();
        let notes_text: String = notes.iter().collect();
        let mut after = 0;
        for (n, url) in urls.iter().enumerate() {
            let found: Vec<(usize, usize)> = spans_across_breaks(&notes_text, url, joins)
                .into_iter()
                // A whole URL, not the start of a longer one.
                .filter(|&(_, e)| notes.get(e).is_none_or(|c| c.is_whitespace()))
                .collect();
            assert_eq!(
                found.len(),
                1,
                "{mode}: note {}: {url} printed {} times in the notes:\n{notes_text}",
                n + 1,
                found.len()
            );
            if mode == "-raw" {
                continue;
            }
            let (start, e) = found[0];
            assert!(
                start >= after,
                "note {} ({url}) out of order:\n{notes_text}",
                n + 1
            );
            let between: String = notes[after..start].iter().collect();
            let number = (n + 1).to_string();
            assert!(
                between
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|d| d == number),
                "note {} ({url}) has no number {number} before it: {between:?}",
                n + 1
            );
            after = e;
        }
    }
}

/// `pdfimages -list`: (distinct image objects, how many are JPEG).
fn image_objects(pdf: &Path) -> (usize, usize) {
    let objects = pdf_image_objects(pdf);
    let jpeg = objects.values().filter(|enc| *enc == "jpeg").count();
    (objects.len(), jpeg)
}

fn sample_passes_every_check(paper: &str, pages: std::ops::RangeInclusive<usize>) {
    if !pdf_tools_available() {
        return;
    }
    let post = post_json(SAMPLE_POST);
    let title = post["meta"]["title"].as_str().unwrap().to_owned();
    let pdf = handout(SAMPLE_POST, &["--paper", paper]);
    let n = assert_valid_pdf(&pdf.path, &title);
    assert!(pages.contains(&n), "{paper}: {n} pages, expected {pages:?}");

    let sentences = japanese_sentences(&post);
    assert_eq!(sentences.len(), 44, "the sample's Japanese sentences");
    assert_passages(&pdf.path, &sentences, "Japanese sentences");
    assert_no_kinsoku_violations(&pdf.path);
    assert_eq!(assert_link_annotations(&pdf.path, &post), 21);
    assert_notes(&pdf.path, &post, sentences.last().unwrap());

    // The 3 local logos; the remote image is missing (offline, not cached): a placeholder with
    // its alt text and URL.
    assert_eq!(image_objects(&pdf.path).0, 3, "pdfimages -list");
    let remote =
        "https://connpass-tokyo.s3.amazonaws.com/thumbs/89/fe/89fef31788a8303a59530c568d4bda7e.png";
    let raw = pdf_text(&pdf.path, &["-raw"]);
    assert!(
        !find_across_breaks(&raw, remote, Joins::Exact).is_empty(),
        "the missing image's URL is printed:\n{raw}"
    );
    assert!(
        find_across_breaks(&raw, "Docker Meetup Tokyo #4", Joins::Exact).len() >= 3,
        "title, link text and the placeholder's alt text:\n{raw}"
    );
}

#[test]
fn sample_handout_a4_passes_every_check() {
    sample_passes_every_check("A4", 1..=4);
}

#[test]
fn sample_handout_a5_passes_every_check() {
    sample_passes_every_check("A5", 1..=8);
}

#[test]
fn sample_handout_a6_passes_every_check() {
    sample_passes_every_check("A6", 2..=16);
}

#[test]
fn same_input_gives_byte_identical_pdfs() {
    let t = tempfile::tempdir().unwrap();
    for epoch in [None, Some("1700000000")] {
        let mut outs = Vec::new();
        for run in 0..2 {
            let path = t
                .path()
                .join(format!("{}-{run}.pdf", epoch.unwrap_or("unset")));
            let out = hanmoto_env(
                &workspace_root(),
                &[
                    "handout",
                    SAMPLE_POST,
                    "--offline",
                    "-o",
                    path.to_str().unwrap(),
                ],
                &[("SOURCE_DATE_EPOCH", epoch)],
            );
            assert!(out.status.success(), "{}", stderr(&out));
            outs.push(fs::read(&path).unwrap());
        }
        assert!(
            outs[0] == outs[1],
            "SOURCE_DATE_EPOCH={epoch:?}: two runs differ"
        );
    }
}

#[test]
fn fixture_japanese_post_at_a4_and_a6() {
    if !pdf_tools_available() {
        return;
    }
    let post = post_json(FIXTURE_JA);
    let title = post["meta"]["title"].as_str().unwrap().to_owned();
    let sentences = japanese_sentences(&post);
    let code_text: String = post["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "code_block")
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    assert!(
        code_text.lines().count() >= 80,
        "the fixture has a long code block"
    );
    let code: Vec<String> = code_text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    // The body ends before the footnote definitions (wherever the footnotes are printed).
    let body: Vec<serde_json::Value> = post["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] != "footnote_definition")
        .cloned()
        .collect();
    let body_end = japanese_sentences(&serde_json::json!({ "blocks": body }))
        .pop()
        .unwrap();
    assert!(body_end.ends_with("が参考になります。"), "{body_end}");
    for paper in ["A4", "A6"] {
        let pdf = handout(FIXTURE_JA, &["--paper", paper]);
        let pages = assert_valid_pdf(&pdf.path, &title);
        assert_passages(
            &pdf.path,
            &sentences,
            &format!("Japanese sentences at {paper}"),
        );
        assert_no_kinsoku_violations(&pdf.path);
        assert_link_annotations(&pdf.path, &post);
        assert_notes(&pdf.path, &post, &body_end);

        // Code lines extract exactly (runs of spaces compared as one: extractors collapse them).
        let text = pdf_text(&pdf.path, &["-raw"]);
        let squeezed = text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n");
        let missing: Vec<&String> = code
            .iter()
            .filter(|l| find_across_breaks(&squeezed, l, Joins::Exact).is_empty())
            .collect();
        assert!(
            missing.is_empty(),
            "{paper}: {} of {} code lines exact; missing {missing:#?}",
            code.len() - missing.len(),
            code.len()
        );

        // Footnote texts, the ruby bases, the long URL whole (in the notes, checked above).
        for needle in [
            "当日の資料は、参加できなかった人のために録画と一緒に公開する予定です。",
            "測定に使ったのは、メモリ 16 GB のノートパソコン三台です。",
            "冪等性",
            "漢字",
        ] {
            assert!(
                !find_across_breaks(&text, needle, Joins::Exact).is_empty(),
                "{paper}: {needle} not in the text"
            );
        }
        let long = noted_urls(&post)
            .into_iter()
            .find(|u| u.len() > 150)
            .expect("the fixture has a URL over 150 characters");
        assert!(!find_across_breaks(&text, &long, Joins::Exact).is_empty());

        // A PNG and a JPEG, the JPEG passed through (pdfimages reports its encoding as jpeg).
        assert_eq!(image_objects(&pdf.path), (2, 1), "{paper}: pdfimages -list");

        if paper == "A6" {
            // The 44-row table breaks across pages and repeats its header row.
            let with_header = pdf_text_pages(&pdf.path, &[])
                .iter()
                .filter(|p| p.lines().any(|l| l.contains("分類")))
                .count();
            assert!(
                with_header >= 2,
                "A6: the table header is on {with_header} of {pages} pages"
            );
        }
    }
}

#[test]
fn fixture_english_post_extracts_exactly() {
    if !pdf_tools_available() {
        return;
    }
    let post = post_json(FIXTURE_EN);
    let title = post["meta"]["title"].as_str().unwrap().to_owned();
    let units = text_units(&post);
    assert!(units.iter().any(|u| u.contains("Lopadotemacho")));
    for paper in ["A4", "A6"] {
        let pdf = handout(FIXTURE_EN, &["--paper", paper]);
        assert_valid_pdf(&pdf.path, &title);
        assert_passages(&pdf.path, &units, &format!("English paragraphs at {paper}"));
        assert_link_annotations(&pdf.path, &post);
        assert_notes(&pdf.path, &post, units.last().unwrap());
    }
}

#[test]
fn links_as_footnotes_or_none() {
    if !pdf_tools_available() {
        return;
    }
    let post = post_json(FIXTURE_EN);
    let title = post["meta"]["title"].as_str().unwrap().to_owned();
    let urls = noted_urls(&post);
    assert_eq!(urls.len(), 4);

    let pdf = handout(FIXTURE_EN, &["--paper", "A6", "--links", "footnotes"]);
    assert_valid_pdf(&pdf.path, &title);
    assert_link_annotations(&pdf.path, &post);
    let text = pdf_text(&pdf.path, &["-raw"]);
    for url in &urls {
        assert!(
            !find_across_breaks(&text, url, Joins::Exact).is_empty(),
            "footnotes: {url} is printed"
        );
    }

    let pdf = handout(FIXTURE_EN, &["--paper", "A6", "--links", "none"]);
    assert_valid_pdf(&pdf.path, &title);
    assert_link_annotations(&pdf.path, &post);
    let text = pdf_text(&pdf.path, &["-raw"]);
    for url in &urls {
        assert!(
            find_across_breaks(&text, url, Joins::Exact).is_empty(),
            "links = none: {url} is printed:\n{text}"
        );
    }
}

#[test]
fn strict_fails_on_the_missing_image_warning_but_still_writes() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("strict.pdf");
    let out = run_handout(&workspace_root(), SAMPLE_POST, &target, &["--strict"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("asset-fetch"), "{}", stderr(&out));
    assert!(
        target.is_file(),
        "like build, the file is written and the run fails"
    );
}

#[test]
fn paper_given_in_millimetres() {
    if !pdf_tools_available() {
        return;
    }
    let pdf = handout(SAMPLE_POST, &["--paper", "148x210mm"]);
    let info = pdf_info(&pdf.path);
    let size = info.get("Page size").cloned().unwrap_or_default();
    assert!(size.starts_with("419.5"), "148 mm = 419.53 pt: {size}");
    assert!(size.contains("x 595.2"), "210 mm = 595.28 pt: {size}");
}

// ---- The command line: no PDF engine needed ----

fn run(dir: &Path, args: &[&str]) -> Output {
    hanmoto(dir, args)
}

/// `hanmoto handout POST --offline -o TARGET` (then `extra`) run in `dir`.
fn run_handout(dir: &Path, post: impl AsRef<Path>, target: &Path, extra: &[&str]) -> Output {
    let (post, target) = (post.as_ref().to_str().unwrap(), target.to_str().unwrap());
    let mut args = vec!["handout", post, "--offline", "-o", target];
    args.extend_from_slice(extra);
    run(dir, &args)
}

#[test]
fn a_bad_paper_is_a_usage_error_naming_it() {
    let out = run(
        &workspace_root(),
        &["handout", SAMPLE_POST, "--paper", "A9"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("unknown paper `A9`"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &workspace_root(),
        &["handout", SAMPLE_POST, "--paper", "10x10mm"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_bad_link_style_is_a_usage_error() {
    let out = run(
        &workspace_root(),
        &["handout", SAMPLE_POST, "--links", "endnotes"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("endnotes"), "{}", stderr(&out));
}

#[test]
fn a_missing_post_is_a_usage_error() {
    let out = run(
        &workspace_root(),
        &["handout", "content/_posts/2099-01-01-nope.md"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("2099-01-01-nope.md"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_that_is_not_a_post_is_a_usage_error() {
    let out = run(&workspace_root(), &["handout", "content/_config.yml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a post"), "{}", stderr(&out));
}

#[test]
fn a_post_outside_the_given_site_is_an_error() {
    let site = fixtures().join("handout-site");
    let out = run(
        &workspace_root(),
        &["handout", SAMPLE_POST, "--site", site.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not in the site"),
        "{}",
        stderr(&out)
    );
    let t = tempfile::tempdir().unwrap();
    let loose = t.path().join("2020-01-01-loose.md");
    fs::write(&loose, "---\ntitle: x\n---\n").unwrap();
    let out = run(Path::new("/"), &["handout", loose.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not inside a Jekyll site"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn problems_of_other_posts_do_not_concern_the_handout() {
    let post = fixtures().join("broken-site/_posts/2020-01-01-good-first.md");
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("good.pdf");
    let out = run_handout(Path::new("/"), post, &target, &[]);
    let err = stderr(&out);
    for other in [
        "broken-yaml",
        "shift-jis",
        "not-a-post",
        "[yaml]",
        "[post-encoding]",
    ] {
        assert!(!err.contains(other), "{other} reported:\n{err}");
    }
}

/// A book: `book.toml` (with `toml` appended) beside `site/` with one post and one draft.
fn tiny_book(dir: &Path, toml: &str) -> PathBuf {
    let site = dir.join("site");
    fs::create_dir_all(site.join("_posts")).unwrap();
    fs::create_dir_all(site.join("_drafts")).unwrap();
    fs::write(site.join("_config.yml"), "title: 小さなブログ\nlang: ja\n").unwrap();
    fs::write(
        site.join("_posts/2020-01-02-hello.md"),
        "---\ntitle: こんにちは\ntags: [greeting]\n---\n\n本文です。\n",
    )
    .unwrap();
    fs::write(
        site.join("_posts/2020-01-03-hidden.md"),
        "---\ntitle: 非公開\npublished: false\n---\n\n出さない記事です。\n",
    )
    .unwrap();
    fs::write(
        site.join("_drafts/work-in-progress.md"),
        "---\ntitle: 下書き\n---\n\n書きかけです。\n",
    )
    .unwrap();
    fs::write(
        dir.join("book.toml"),
        format!("[book]\nsource = \"site\"\nslug = \"tiny\"\n{toml}"),
    )
    .unwrap();
    site
}

#[test]
fn the_book_is_found_from_the_post_in_any_working_directory() {
    let t = tempfile::tempdir().unwrap();
    let site = tiny_book(t.path(), "\n[handout]\npaper = \"A9\"\n");
    let post = site.join("_posts/2020-01-02-hello.md");
    // From `/`, the post's book.toml is found (its bad paper is reported at its line).
    let out = run(Path::new("/"), &["handout", post.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("A9") && err.contains("book.toml:6"), "{err}");
}

#[test]
fn a_handout_is_written_beside_the_book_from_any_working_directory() {
    let t = tempfile::tempdir().unwrap();
    let site = tiny_book(t.path(), "");
    let post = site.join("_posts/2020-01-02-hello.md");
    let out = run(
        Path::new("/"),
        &["handout", post.to_str().unwrap(), "--offline"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    // build/<post-slug>.pdf, relative to book.toml like `build`'s outputs.
    assert!(
        t.path().join("build/hello.pdf").is_file(),
        "{}",
        stdout(&out)
    );
    // Without book.toml the site is the folder with _config.yml, and build/ goes inside it.
    fs::remove_file(t.path().join("book.toml")).unwrap();
    let out = run(
        Path::new("/"),
        &["handout", post.to_str().unwrap(), "--offline"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.join("build/hello.pdf").is_file(), "{}", stdout(&out));
}

#[test]
fn drafts_and_posts_left_out_by_tags_still_print() {
    let t = tempfile::tempdir().unwrap();
    let site = tiny_book(
        t.path(),
        "\n[posts]\ntags = [\"other\"]\nexclude = [\"2020-01-02-hello\"]\n",
    );
    for (post, out) in [
        ("_posts/2020-01-02-hello.md", "a.pdf"),
        ("_drafts/work-in-progress.md", "b.pdf"),
    ] {
        let target = t.path().join(out);
        let o = run_handout(t.path(), site.join(post), &target, &[]);
        assert!(o.status.success(), "{post}: {}", stderr(&o));
        assert!(target.is_file());
    }
}

#[test]
fn an_unpublished_post_is_a_clear_error() {
    let t = tempfile::tempdir().unwrap();
    let site = tiny_book(t.path(), "");
    let post = site.join("_posts/2020-01-03-hidden.md");
    let out = run(t.path(), &["handout", post.to_str().unwrap(), "--offline"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("is not part of the site's posts"), "{err}");
    assert!(err.contains("published: false"), "{err}");
    assert!(!t.path().join("build").exists());
}

#[test]
fn output_into_a_missing_folder_creates_it() {
    let t = tempfile::tempdir().unwrap();
    let site = tiny_book(t.path(), "");
    let target = t.path().join("new/deeper/hello.pdf");
    let out = run_handout(
        t.path(),
        site.join("_posts/2020-01-02-hello.md"),
        &target,
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(target.is_file());
}

#[test]
fn a_failed_handout_leaves_the_old_file_untouched() {
    let t = tempfile::tempdir().unwrap();
    let site = tiny_book(t.path(), "\n[fonts]\nbody = [\"fonts/missing.ttf\"]\n");
    let target = t.path().join("out/hello.pdf");
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::write(&target, b"old").unwrap();
    let out = run_handout(
        t.path(),
        site.join("_posts/2020-01-02-hello.md"),
        &target,
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("missing.ttf") && err.contains("book.toml:6"),
        "{err}"
    );
    assert_eq!(fs::read(&target).unwrap(), b"old");
    let left: Vec<_> = fs::read_dir(target.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        left,
        [std::ffi::OsString::from("hello.pdf")],
        "no temporary files left"
    );
    // Into folders that did not exist: they are not left behind either.
    let fresh = t.path().join("new/deeper/hello.pdf");
    let out = run_handout(
        t.path(),
        site.join("_posts/2020-01-02-hello.md"),
        &fresh,
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(!t.path().join("new").exists(), "{}", stderr(&out));
}
