//! The leak guard: no chapter of the sample or of any fixture site shows Liquid (`{%`, `{{`),
//! kramdown IALs (`{:`), HTML tags (`<div`, `<span`, `<input`) or table rules (`|---`, `|--`) as
//! visible text, unless real Jekyll's page of the same post shows that text there too (written
//! inside `{% raw %}`, say). Inside code the author's text is shown as written, so code is not
//! counted. The PDF, whose text cannot tell code from prose, may show no more of them than the
//! EPUB does in all.
//!
//! Counting is `tests/tools/leaks.py`, shared with the real-blog runs (tests/realworld/).
//! `broken-site` is left out: Jekyll refuses to build it (unknown tags), so there is no blog to
//! compare with, and its kept-as-text fragments are asserted in broken_site.rs.

use hanmoto_tests::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::Command;

type Counts = BTreeMap<String, u64>;

/// The sample book and every fixture site Jekyll builds: (where hanmoto runs, the Jekyll site).
fn sites() -> Vec<(PathBuf, PathBuf)> {
    let root = workspace_root();
    let mut sites = vec![(root.clone(), root.join("content"))];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("_config.yml").is_file() && !p.ends_with("broken-site"))
        .collect();
    fixtures.sort();
    sites.extend(fixtures.into_iter().map(|p| (p.clone(), p)));
    sites
}

/// `leaks.py` over `files`: per file, pattern → count outside code, and `*code*` inside.
fn leaks(files: &[PathBuf]) -> BTreeMap<PathBuf, (Counts, Counts)> {
    if files.is_empty() {
        return BTreeMap::new();
    }
    let out = Command::new("python3")
        .arg(workspace_root().join("tests/tools/leaks.py"))
        .args(files)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let counts = |v: &Value| -> Counts {
        v.as_object()
            .into_iter()
            .flatten()
            .filter_map(|(k, n)| Some((k.clone(), n.as_u64()?)))
            .collect()
    };
    v.as_object()
        .unwrap()
        .iter()
        .map(|(file, c)| (PathBuf::from(file), (counts(c), counts(&c["*code*"]))))
        .collect()
}

fn add(total: &mut Counts, more: &Counts) {
    for (k, n) in more {
        *total.entry(k.clone()).or_default() += n;
    }
}

/// Builds `site`'s EPUB and PDF; returns the chapter files (in post order) and the PDF's text.
fn build(site: &Path, out: &Path) -> (Vec<PathBuf>, PathBuf) {
    let o = hanmoto(
        site,
        &[
            "build",
            "--epub",
            "--pdf",
            "--offline",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        o.status.success(),
        "{} does not build:\n{}",
        site.display(),
        stderr(&o)
    );
    let find = |ext: &str| {
        std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .unwrap()
    };
    let epub = find("epub");
    let mut z = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut chapters = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_owned();
        if let Some(file) = name
            .strip_prefix("OEBPS/chapter-")
            .filter(|n| n.ends_with(".xhtml"))
        {
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            let path = out.join(format!("chapter-{file}"));
            std::fs::write(&path, text).unwrap();
            chapters.push(path);
        }
    }
    chapters.sort();
    let pdf = find("pdf");
    let text = out.join("pdf.txt");
    std::fs::write(&text, pdf_text(&pdf, &[])).unwrap();
    (chapters, text)
}

/// Post ids in book order (chapter 1 is the first).
fn post_ids(site: &Path) -> Vec<String> {
    let (book, o) = inspect(site, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    book["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["meta"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// What Jekyll's own page of each post shows outside code, by post id; `None` without Jekyll
/// (only with `HANMOTO_SKIP_VALIDATORS=1`: see `require`).
fn jekyll_counts(site: &Path, out: &Path) -> Option<BTreeMap<String, Counts>> {
    if !require_tool("jekyll", Command::new("jekyll").arg("--version")) {
        return None;
    }
    let o = Command::new("bash")
        .arg(workspace_root().join("tests/tools/jekyll-posts.sh"))
        .arg(site)
        .arg(out)
        .output()
        .expect("bash runs");
    assert!(
        o.status.success(),
        "Jekyll does not build {}:\n{}",
        site.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let pages: Vec<PathBuf> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    Some(
        leaks(&pages)
            .into_iter()
            .map(|(p, (prose, _))| {
                let id = p.file_stem().unwrap().to_string_lossy().into_owned();
                (id, prose)
            })
            .collect(),
    )
}

#[test]
fn no_markup_leaks_into_any_fixture_book() {
    if !pdf_tools_available() {
        return;
    }
    // One site per thread: each is a hanmoto build, a Jekyll build and a few python runs.
    let problems: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = sites()
            .into_iter()
            .map(|(site, jekyll_site)| scope.spawn(move || site_leaks(&site, &jekyll_site)))
            .collect();
        runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
    });
    assert!(
        problems.is_empty(),
        "markup leaked:\n{}",
        problems.join("\n")
    );
}

/// The leaks of one site's EPUB chapters (beyond Jekyll's page of the same post) and PDF text
/// (beyond the whole EPUB's), as messages.
fn site_leaks(site: &Path, jekyll_site: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let (chapters, pdf_txt) = build(site, dir.path());
    let ids = post_ids(site);
    assert_eq!(ids.len(), chapters.len(), "one chapter per post");
    let jekyll = jekyll_counts(jekyll_site, &dir.path().join("jekyll"));
    let epub = leaks(&chapters);
    let mut all = Counts::new();
    for (id, chapter) in ids.iter().zip(&chapters) {
        let (prose, code) = &epub[chapter];
        add(&mut all, prose);
        add(&mut all, code);
        let allowed = jekyll.as_ref().and_then(|j| j.get(id));
        for (pattern, n) in prose {
            let shown = allowed.and_then(|a| a.get(pattern)).copied().unwrap_or(0);
            if *n > shown {
                problems.push(format!(
                    "{}: post {id} shows `{pattern}` {n}× as text, Jekyll {shown}×",
                    site.display()
                ));
            }
        }
    }
    let (pdf, _) = &leaks(std::slice::from_ref(&pdf_txt))[&pdf_txt];
    for (pattern, n) in pdf {
        let in_epub = all.get(pattern).copied().unwrap_or(0);
        if *n > in_epub {
            problems.push(format!(
                "{}: the PDF shows `{pattern}` {n}×, the whole EPUB {in_epub}×",
                site.display()
            ));
        }
    }
    problems
}
