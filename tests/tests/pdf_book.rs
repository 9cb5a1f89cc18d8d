//! `hanmoto build --pdf`: the real binary makes the sample book and the 200-post bench book, and
//! every PDF is read back with the real tools (qpdf, pdffonts, pdfinfo, pdftotext, pdfimages):
//! the contents' page numbers against where each chapter really starts, the outline, running
//! heads and folios, kinsoku, every sentence, shared images. Missing tools fail the test
//! (unless `HANMOTO_SKIP_VALIDATORS=1`). The command-line checks (`--quiet`, margins, a failed PDF) need no
//! tools.

use hanmoto_tests::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A book built into a temporary folder.
struct Built {
    _dir: tempfile::TempDir,
    pdf: PathBuf,
    out: Output,
}

/// `hanmoto build --pdf --offline -o <tmp> EXTRA…` in `cwd`; panics with hanmoto's messages
/// unless it succeeds and writes `<tmp>/<slug>.pdf`.
fn build_pdf(cwd: &Path, slug: &str, extra: &[&str]) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "build",
        "--pdf",
        "--offline",
        "-o",
        dir.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = hanmoto(cwd, &args);
    let pdf = dir.path().join(format!("{slug}.pdf"));
    assert!(
        out.status.success() && pdf.is_file(),
        "hanmoto {args:?} failed ({:?}):\n{}\n{}",
        out.status.code(),
        stdout(&out),
        stderr(&out)
    );
    Built {
        _dir: dir,
        pdf,
        out,
    }
}

/// What a book must be, from its model (`inspect --json`) and the paper.
struct Expect<'a> {
    book: &'a serde_json::Value,
    paper_mm: (f32, f32),
    images: usize,
}

/// A chapter as the checks see it: its title, the page it opens (1-based, physical) and the
/// page after its last.
struct Chapter {
    title: String,
    first: usize,
    end: usize,
}

/// Every check of the issue on one PDF book.
fn assert_book(pdf: &Path, e: &Expect) {
    assert_qpdf_clean(pdf);
    assert_fonts_embedded_subset_unicode(pdf);
    let book_title = e.book["meta"]["title"].as_str().unwrap().to_owned();
    assert_eq!(
        pdf_info(pdf).get("Title").map(String::as_str),
        Some(book_title.as_str()),
        "pdfinfo Title"
    );
    let posts = e.book["posts"].as_array().unwrap();
    let titles: Vec<String> = posts
        .iter()
        .map(|p| p["meta"]["title"].as_str().unwrap().to_owned())
        .collect();

    // Paper and a sane page count: a title page, contents, then at least a page per chapter.
    let (pages, (w, h)) = pdf_pages_and_size(pdf);
    let (pw, ph) = (e.paper_mm.0 * 72.0 / 25.4, e.paper_mm.1 * 72.0 / 25.4);
    assert!(
        (w - pw).abs() < 1.0 && (h - ph).abs() < 1.0,
        "page size {w} × {h} pt, expected {pw:.1} × {ph:.1}"
    );
    assert!(
        pages >= titles.len() + 2 && pages <= titles.len() * 12 + 6,
        "{pages} pages for {} chapters",
        titles.len()
    );

    // The outline: every chapter in order, each opening its page, its headings nested under it.
    let outline = pdf_outline(pdf);
    let mut chapter_marks = Vec::new();
    let mut from = 0;
    for (i, t) in titles.iter().enumerate() {
        let at = outline[from..]
            .iter()
            .position(|b| &b.title == t)
            .map(|k| from + k)
            .unwrap_or_else(|| {
                panic!(
                    "outline: chapter {} {t:?} missing (in order); top level: {:?}",
                    i + 1,
                    outline.iter().map(|b| &b.title).collect::<Vec<_>>()
                )
            });
        chapter_marks.push(&outline[at]);
        from = at + 1;
    }
    for (post, mark) in posts.iter().zip(&chapter_marks) {
        let headings = headings(post);
        let kids: Vec<&String> = mark.kids.iter().map(|k| &k.title).collect();
        let mut k = 0;
        for hd in &headings {
            k += kids[k..].iter().position(|t| *t == hd).unwrap_or_else(|| {
                panic!(
                    "outline: heading {hd:?} not under {:?}: {kids:?}",
                    mark.title
                )
            }) + 1;
        }
    }
    let starts: Vec<usize> = chapter_marks
        .iter()
        .map(|m| {
            m.page
                .unwrap_or_else(|| panic!("bookmark {:?} opens no page", m.title))
        })
        .collect();
    assert!(
        starts.windows(2).all(|w| w[0] < w[1]) && starts[0] >= 3,
        "chapters start on pages {starts:?}: after the title page and the contents, one per page"
    );
    let chapters: Vec<Chapter> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| Chapter {
            title: t.clone(),
            first: starts[i],
            end: starts.get(i + 1).copied().unwrap_or(pages + 1),
        })
        .collect();

    // The contents (pages 2 … before the first chapter) give each chapter's folio; folio plus one
    // offset (the front matter's pages) must be the physical page where the chapter starts.
    let toc = pdf_page_range_text(pdf, 2, starts[0] - 1, &["-layout"]).join("\n");
    let numbers = toc_page_numbers(&toc, &titles);
    let missing: Vec<&String> = titles
        .iter()
        .zip(&numbers)
        .filter(|(_, n)| n.is_none())
        .map(|(t, _)| t)
        .collect();
    assert!(
        missing.is_empty(),
        "contents: no page number for {missing:?}:\n{toc}"
    );
    let folios: Vec<usize> = numbers.iter().map(|n| n.unwrap() as usize).collect();
    let offset = starts[0] as isize - folios[0] as isize;
    assert!(
        (0..=starts[0] as isize).contains(&offset),
        "chapter 1 is on page {} but the contents say {}",
        starts[0],
        folios[0]
    );
    for (c, folio) in chapters.iter().zip(&folios) {
        assert_eq!(
            *folio as isize + offset,
            c.first as isize,
            "contents: {:?} on folio {folio} (page {}), but it starts on page {}",
            c.title,
            *folio as isize + offset,
            c.first
        );
    }

    // Each page, read on its own: openers have the title at the top and no running head or
    // folio; body pages have the running head (book title on a verso, the chapter's title on a
    // recto) and their folio.
    let texts = pdf_page_range_text(pdf, 1, pages, &[]);
    assert_eq!(texts.len(), pages, "pdftotext pages");
    let mut body = String::new();
    let mut body_raw = String::new();
    let raw = pdf_page_range_text(pdf, 1, pages, &["-raw"]);
    for c in &chapters {
        for p in c.first..c.end {
            let text = &texts[p - 1];
            let top = top_lines(text, 6);
            let folio = (p as isize - offset).to_string();
            let last = text.lines().rev().map(str::trim).find(|l| !l.is_empty());
            let has_folio =
                |l: Option<&str>| l.is_some_and(|l| l.split_whitespace().any(|t| t == folio));
            if p == c.first {
                let head = top.join("\n");
                assert_eq!(
                    find_across_breaks(&head, &c.title, Joins::Exact).len(),
                    1,
                    "page {p} opens {:?}: its title once at the top, no running head:\n{head}",
                    c.title
                );
                assert!(
                    !top[0].contains(&book_title),
                    "page {p} opens a chapter: no running head, yet it starts with {:?}",
                    top[0]
                );
                assert!(
                    !has_folio(top.first().map(String::as_str)) && !has_folio(last),
                    "page {p} opens a chapter: no folio {folio}:\n{text}"
                );
            } else if !top.is_empty() {
                let verso = p % 2 == 0;
                let ok = if verso {
                    top[0].contains(&book_title)
                } else {
                    shows_title(&top[0], &c.title)
                };
                assert!(
                    ok,
                    "page {p} ({}): running head {} expected, first line is {:?}",
                    if verso { "verso" } else { "recto" },
                    if verso { &book_title } else { &c.title },
                    top[0]
                );
                assert!(
                    has_folio(Some(&top[0])) || has_folio(last),
                    "page {p}: folio {folio} in the head or foot line:\n{text}"
                );
            }
            let opener = p == c.first;
            body.push_str(&strip_furniture(
                text,
                &book_title,
                &c.title,
                &folio,
                opener,
            ));
            body.push('\n');
            body_raw.push_str(&strip_furniture(
                &raw[p - 1],
                &book_title,
                &c.title,
                &folio,
                opener,
            ));
            body_raw.push('\n');
        }
    }

    let bad = kinsoku_violations(&texts.join("\n"));
    assert!(
        bad.is_empty(),
        "{} kinsoku violation(s):\n{}",
        bad.len(),
        bad.join("\n")
    );

    // Every Japanese sentence of every post, exactly (as often as the posts have it).
    let mut wanted: std::collections::BTreeMap<String, usize> = Default::default();
    for post in posts {
        for s in japanese_sentences(post) {
            *wanted.entry(s).or_default() += 1;
        }
    }
    assert!(!wanted.is_empty());
    for (mode, text, joins) in [
        ("default", &body, Joins::PopplerDehyphenates),
        ("-raw", &body_raw, Joins::Exact),
    ] {
        let short: Vec<String> = wanted
            .iter()
            .filter_map(|(s, n)| {
                let found = find_across_breaks(text, s, joins).len();
                (found < *n).then(|| format!("  {found} of {n}: {s}"))
            })
            .collect();
        assert!(
            short.is_empty(),
            "pdftotext {mode}: sentences not extracted exactly:\n{}",
            short.join("\n")
        );
    }

    assert_eq!(image_object_count(pdf), e.images, "pdfimages -list");
}

/// The text of a post's headings (what the outline should nest under its chapter).
fn headings(post: &serde_json::Value) -> Vec<String> {
    post["blocks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|b| b["type"] == "heading")
        .map(|b| reading_text(&b["content"]).trim().to_owned())
        .collect()
}

/// `line` shows `title` as a running head: whole, or cut short with `…` after at least 8
/// characters (a long title may not fit the head); a folio may share the line.
fn shows_title(line: &str, title: &str) -> bool {
    if line.contains(title) {
        return true;
    }
    line.split('…').next().is_some_and(|cut| {
        let cut = cut
            .split_whitespace()
            .filter(|t| !t.bytes().all(|b| b.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ");
        cut.chars().count() >= 8 && line.contains('…') && title.starts_with(&cut)
    })
}

/// A page's text without its running head and folio lines (only the first two and last two
/// lines are looked at), so that a sentence running over a page break reads on. On an opener
/// the chapter's title is its heading, not a running head, and stays.
fn strip_furniture(
    page: &str,
    book_title: &str,
    chapter: &str,
    folio: &str,
    opener: bool,
) -> String {
    let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
    let n = lines.len();
    let furniture = |i: usize, line: &str| {
        if i >= 2 && i + 2 < n {
            return false;
        }
        let rest = line
            .split_whitespace()
            .filter(|t| *t != folio)
            .collect::<Vec<_>>()
            .join(" ");
        rest.is_empty() || rest == book_title || (!opener && shows_title(&rest, chapter))
    };
    lines
        .iter()
        .enumerate()
        .filter(|(i, l)| !furniture(*i, l))
        .map(|(_, l)| *l)
        .collect::<Vec<_>>()
        .join("\n")
}

fn sample_book_json() -> serde_json::Value {
    inspect(&workspace_root(), &["--book", "book.toml"]).0
}

fn sample_book_at(paper: &str, paper_mm: (f32, f32)) {
    if !pdf_tools_available() {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let toml = t.path().join("book.toml");
    let content = workspace_root().join("content");
    fs::write(
        &toml,
        format!(
            "[book]\nsource = \"{}\"\nslug = \"container-notes\"\n[pdf]\npaper = \"{paper}\"\n",
            content.display()
        ),
    )
    .unwrap();
    let built = build_pdf(
        &workspace_root(),
        "container-notes",
        &["--book", toml.to_str().unwrap()],
    );
    let book = sample_book_json();
    assert_book(
        &built.pdf,
        &Expect {
            book: &book,
            paper_mm,
            images: 3,
        },
    );
}

#[test]
fn sample_book_a5_passes_every_check() {
    sample_book_at("A5", (148.0, 210.0));
}

#[test]
fn sample_book_b6_passes_every_check() {
    sample_book_at("B6", (128.0, 182.0));
}

#[test]
fn two_hundred_posts_sharing_three_images_pass_every_check() {
    if !pdf_tools_available()
        || !require_tool(
            "python3",
            std::process::Command::new("python3").arg("--version"),
        )
    {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let site = bench_site(&t.path().join("site"), 200);
    let (book, _) = inspect(&workspace_root(), &["--site", site.to_str().unwrap()]);
    assert_eq!(book["posts"].as_array().map(Vec::len), Some(200));
    let slug = book["meta"]["slug"].as_str().unwrap().to_owned();
    let built = build_pdf(
        &workspace_root(),
        &slug,
        &["--site", site.to_str().unwrap()],
    );
    assert_book(
        &built.pdf,
        &Expect {
            book: &book,
            paper_mm: (148.0, 210.0),
            images: 3,
        },
    );
}

#[test]
fn same_input_gives_byte_identical_books() {
    let a = build_pdf(
        &workspace_root(),
        "container-notes",
        &["--book", "book.toml"],
    );
    let b = build_pdf(
        &workspace_root(),
        "container-notes",
        &["--book", "book.toml"],
    );
    assert!(
        fs::read(&a.pdf).unwrap() == fs::read(&b.pdf).unwrap(),
        "two builds of the sample differ"
    );
    assert!(
        stdout(&a.out).contains("container-notes.pdf"),
        "{}",
        stdout(&a.out)
    );
}

/// A small site with `n` posts and book.toml (`[book]` plus `toml`) in `dir`.
fn small_book(dir: &Path, n: usize, toml: &str) -> PathBuf {
    let site = dir.join("site");
    fs::create_dir_all(site.join("_posts")).unwrap();
    fs::write(site.join("_config.yml"), "title: 小さな本\nlang: ja\n").unwrap();
    for i in 0..n {
        fs::write(
            site.join(format!("_posts/2020-01-{:02}-post-{i}.md", i + 1)),
            format!(
                "---\ntitle: 第{}の記事\ntags: [test]\n---\n\n## 始めに\n\n本文です。{}\n",
                i + 1,
                "長い文章が続きます。".repeat(40 * (i % 2 + 1))
            ),
        )
        .unwrap();
    }
    fs::write(
        dir.join("book.toml"),
        format!("[book]\nsource = \"site\"\nslug = \"small\"\n{toml}"),
    )
    .unwrap();
    site
}

#[test]
fn build_with_pdf_enabled_writes_the_epub_and_the_pdf() {
    let t = tempfile::tempdir().unwrap();
    small_book(t.path(), 3, "[pdf]\nenabled = true\n");
    let out = hanmoto(t.path(), &["build", "--offline"]);
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    for f in ["build/small.epub", "build/small.pdf"] {
        assert!(t.path().join(f).is_file(), "{f}: {}", stdout(&out));
        assert!(stdout(&out).contains(f), "{}", stdout(&out));
    }
}

#[test]
fn chapters_on_recto_start_on_odd_pages() {
    if !pdf_tools_available() {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    small_book(t.path(), 4, "[pdf]\nchapters_on_recto = true\n");
    let built = build_pdf(t.path(), "small", &[]);
    let starts: Vec<usize> = pdf_outline(&built.pdf)
        .iter()
        .filter(|b| b.title.ends_with("の記事"))
        .filter_map(|b| b.page)
        .collect();
    assert_eq!(starts.len(), 4, "{starts:?}");
    assert!(
        starts.iter().all(|p| p % 2 == 1),
        "chapters start on {starts:?}"
    );
}

#[test]
fn quiet_prints_nothing_but_problems_and_no_bar_off_a_terminal() {
    let t = tempfile::tempdir().unwrap();
    small_book(t.path(), 1, "");
    let quiet = hanmoto(t.path(), &["build", "--epub", "--offline", "--quiet"]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert_eq!(stdout(&quiet), "");
    assert_eq!(stderr(&quiet), "");
    assert!(t.path().join("build/small.epub").is_file());
    // Not quiet, but stderr is a pipe: the `wrote` lines, still no progress bar.
    let loud = hanmoto(t.path(), &["build", "--epub", "--offline"]);
    assert!(stdout(&loud).contains("wrote"), "{}", stdout(&loud));
    assert!(
        !stderr(&loud).contains("reading the site"),
        "{}",
        stderr(&loud)
    );
    // `-q` works after the subcommand and for other commands too.
    let check = hanmoto(t.path(), &["check", "-q", "--offline"]);
    assert!(check.status.success());
    assert_eq!(stdout(&check), "");
}

#[test]
fn margins_without_room_for_text_fail_the_pdf_at_their_line_not_the_epub() {
    let t = tempfile::tempdir().unwrap();
    small_book(
        t.path(),
        1,
        "[pdf]\npaper = \"A6\"\nmargins = { inner = 40, outer = 40 }\n",
    );
    let out = hanmoto(t.path(), &["build", "--epub", "--pdf", "--offline"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("text area") && err.contains("book.toml:6"),
        "{err}"
    );
    assert!(t.path().join("build/small.epub").is_file());
    assert!(!t.path().join("build/small.pdf").exists());
}

#[test]
fn a_failed_pdf_leaves_the_old_file_untouched_and_still_writes_the_epub() {
    let t = tempfile::tempdir().unwrap();
    // A font file that exists but is no font: the PDF renderer fails when it loads it.
    small_book(
        t.path(),
        2,
        "[pdf]\nenabled = true\n[fonts]\nbody = [\"bad.ttf\"]\n",
    );
    fs::write(t.path().join("bad.ttf"), b"not a font").unwrap();
    let build = t.path().join("build");
    fs::create_dir_all(&build).unwrap();
    fs::write(build.join("small.pdf"), b"old").unwrap();
    let out = hanmoto(t.path(), &["build", "--offline"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_eq!(fs::read(build.join("small.pdf")).unwrap(), b"old");
    assert!(build.join("small.epub").is_file(), "{}", stderr(&out));
    let mut left: Vec<_> = fs::read_dir(&build)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["small.epub", "small.pdf"], "no temporary files left");
}
