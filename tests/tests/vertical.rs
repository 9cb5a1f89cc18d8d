//! Vertical writing (縦組み) in PDF: the real binary on the sample post (an A5 handout) and on the
//! handout fixture (B6), read back with poppler, qpdf and MuPDF.

use hanmoto_tests::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE_POST: &str = "content/_posts/2015-01-18-docker-meetup-tokyo-4.md";
const FIXTURE_JA: &str = "tests/fixtures/handout-site/_posts/2024-05-11-container-study-group.md";

struct Pdf {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn vertical_handout(post: &str, paper: &str) -> Pdf {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    let args = [
        "handout",
        post,
        "--offline",
        "--paper",
        paper,
        "--writing-mode",
        "vertical-rl",
        "-o",
        path.to_str().unwrap(),
    ];
    let out = hanmoto(&workspace_root(), &args);
    assert!(
        out.status.success(),
        "hanmoto {args:?}:\n{}\n{}",
        stdout(&out),
        stderr(&out)
    );
    Pdf { _dir: dir, path }
}

fn post_json(post: &str, site: &str) -> serde_json::Value {
    let id = Path::new(post).file_stem().unwrap().to_str().unwrap();
    let site = workspace_root().join(site);
    inspect(&workspace_root(), &["--site", site.to_str().unwrap(), id]).0
}

/// pdffonts: the Japanese faces twice, once `Identity-V`; every font an embedded subset with
/// ToUnicode; qpdf clean; `/Direction /R2L` in the catalog.
fn assert_vertical_pdf(pdf: &Path) {
    assert_qpdf_clean(pdf);
    assert_fonts_embedded_subset_unicode(pdf);
    let fonts = run_tool("pdffonts", &[], pdf);
    let vertical: Vec<&str> = fonts.lines().filter(|l| l.contains("Identity-V")).collect();
    assert!(
        vertical.iter().any(|l| l.contains("+IPAexMincho")),
        "the mincho set vertically (Identity-V):\n{fonts}"
    );
    for l in &vertical {
        assert!(l.contains("CID TrueType"), "a CID font: {l}");
    }
    let qdf = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("qpdf runs");
    let text = String::from_utf8_lossy(&qdf.stdout);
    assert!(
        text.contains("/Direction /R2L"),
        "ViewerPreferences /Direction /R2L"
    );
    assert!(text.contains("/DW2 ["), "vertical metrics /DW2");
}

/// Every sentence exact in `pdftotext -raw` (content order: columns right to left), with no
/// space inserted. poppler's default mode analyses layout for horizontal text only: it keeps
/// each column whole and exact but orders a page's columns left to right, so there each printed
/// column is checked to be a piece of the text instead.
fn assert_sentences(pdf: &Path, sentences: &[String]) {
    let raw = pdf_text(pdf, &["-raw"]);
    let missing: Vec<&String> = sentences
        .iter()
        .filter(|s| find_across_breaks(&raw, s, Joins::Exact).is_empty())
        .collect();
    assert!(
        missing.is_empty(),
        "pdftotext -raw: {} of {} sentences exact; missing:\n{}\n--- text ---\n{raw}",
        sentences.len() - missing.len(),
        sentences.len(),
        missing
            .iter()
            .map(|s| format!("  {s}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let layout = pdf_text(pdf, &[]);
    // Spaces aside: the default mode puts one between a list marker and its item.
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let joined = bare(&raw);
    let mut columns = 0;
    for column in layout
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() >= 8)
    {
        columns += 1;
        assert!(
            joined.contains(&bare(column)),
            "a column of pdftotext's default mode is not in the text: {column}"
        );
    }
    assert!(columns > 10, "{columns} columns read");
    let bad = kinsoku_violations(&layout);
    assert!(
        bad.is_empty(),
        "kinsoku at column starts/ends:\n{}",
        bad.join("\n")
    );
}

/// MuPDF reads the body's Japanese columns as vertical lines (`wmode="1"`): every line of its
/// structured text made only of kana and kanji, five or more, is vertical.
fn assert_mupdf_vertical_lines(pdf: &Path) {
    if !require_tool("mutool (MuPDF)", Command::new("mutool").arg("-v")) {
        return;
    }
    let out = Command::new("mutool")
        .args(["draw", "-q", "-F", "stext", "-o", "-"])
        .arg(pdf)
        .output()
        .expect("mutool runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = String::from_utf8_lossy(&out.stdout);
    let (mut vertical, mut horizontal_japanese) = (0, Vec::new());
    for line in xml.split("<line ").skip(1) {
        let head = line.split('>').next().unwrap_or("");
        let chars: String = line
            .split("c=\"")
            .skip(1)
            .filter_map(|c| c.split('"').next())
            .collect();
        let japanese = chars.chars().count() >= 5
            && chars
                .chars()
                .all(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}'));
        if head.contains("wmode=\"1\"") {
            vertical += 1;
        } else if japanese {
            horizontal_japanese.push(chars);
        }
    }
    assert!(vertical > 20, "{vertical} vertical lines");
    assert!(
        horizontal_japanese.is_empty(),
        "Japanese lines MuPDF reads horizontally: {horizontal_japanese:?}"
    );
}

#[test]
fn sample_post_as_a_vertical_a5_handout() {
    if !pdf_tools_available() {
        return;
    }
    let post = post_json(SAMPLE_POST, "content");
    let pdf = vertical_handout(SAMPLE_POST, "A5");
    assert_vertical_pdf(&pdf.path);
    let sentences = japanese_sentences(&post);
    assert_eq!(sentences.len(), 44);
    assert_sentences(&pdf.path, &sentences);
    assert_mupdf_vertical_lines(&pdf.path);
    // Portrait A5.
    let (_, (w, h)) = pdf_pages_and_size(&pdf.path);
    assert!(
        (w - 419.53).abs() < 0.5 && (h - 595.28).abs() < 0.5,
        "{w} x {h}"
    );
}

#[test]
fn handout_fixture_as_a_vertical_b6_handout() {
    if !pdf_tools_available() {
        return;
    }
    let post = post_json(FIXTURE_JA, "tests/fixtures/handout-site");
    let pdf = vertical_handout(FIXTURE_JA, "B6");
    assert_vertical_pdf(&pdf.path);
    let sentences = japanese_sentences(&post);
    assert!(sentences.len() > 20, "{}", sentences.len());
    assert_sentences(&pdf.path, &sentences);
    assert_mupdf_vertical_lines(&pdf.path);
}

#[test]
fn a_vertical_handout_is_the_same_bytes_every_run() {
    let a = vertical_handout(SAMPLE_POST, "A5");
    let b = vertical_handout(SAMPLE_POST, "A5");
    assert!(fs::read(&a.path).unwrap() == fs::read(&b.path).unwrap());
}

#[test]
fn a_bad_writing_mode_is_a_usage_error() {
    let out = hanmoto(
        &workspace_root(),
        &["handout", SAMPLE_POST, "--writing-mode", "tategaki"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("tategaki"), "{}", stderr(&out));
}

/// The handout fixture as a vertical B6 book, chapters on rectos; `extra` goes into `[pdf]`.
fn vertical_book(dir: &Path, extra: &str) -> PathBuf {
    let site = workspace_root().join("tests/fixtures/handout-site");
    let toml = format!(
        "[book]\nsource = {:?}\ntitle = \"縦組みの本\"\n\n[epub]\nenabled = false\n\n[pdf]\nenabled = true\npaper = \"B6\"\nwriting_mode = \"vertical-rl\"\nchapters_on_recto = true\n{extra}",
        site.to_str().unwrap()
    );
    let book = dir.join("book.toml");
    fs::write(&book, toml).unwrap();
    let out_dir = dir.join("out");
    let out = hanmoto(
        dir,
        &[
            "build",
            "--book",
            book.to_str().unwrap(),
            "--offline",
            "-o",
            out_dir.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}\n{}", stdout(&out), stderr(&out));
    fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF")
}

#[test]
fn handout_fixture_as_a_vertical_b6_book() {
    if !pdf_tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = vertical_book(dir.path(), "");
    assert_vertical_pdf(&pdf);
    let post = post_json(FIXTURE_JA, "tests/fixtures/handout-site");
    assert_sentences(&pdf, &japanese_sentences(&post));
    assert_mupdf_vertical_lines(&pdf);
    // Bookmarks: the contents and both chapters, on the pages the contents print.
    let outline = pdf_outline(&pdf);
    assert_eq!(outline.len(), 3, "{outline:?}");
    assert_eq!(outline[0].title, "目次");
    let pages = pdf_text_pages(&pdf, &["-raw"]);
    let contents = &pages[outline[0].page.unwrap() - 1];
    for chapter in &outline[1..] {
        let page = chapter.page.expect("a chapter's page");
        assert!(page % 2 == 1, "{} starts on a recto: {page}", chapter.title);
        // Kanji numerals by default in a vertical book (一三 for 13), one per column line.
        assert!(
            contents.contains(&kanji(page)),
            "the contents give {} its page {} ({page}):\n{contents}",
            chapter.title,
            kanji(page)
        );
        assert!(
            pages[page - 1].contains(&chapter.title),
            "page {page} opens {}",
            chapter.title
        );
    }
    // The title page is vertical too: its title is one column.
    assert!(pages[0].contains("縦組みの本"), "{}", pages[0]);
}

/// `13` as the contents of a vertical book print it: 一三.
fn kanji(n: usize) -> String {
    n.to_string()
        .chars()
        .map(|d| {
            "〇一二三四五六七八九"
                .chars()
                .nth(d as usize - '0' as usize)
                .unwrap()
        })
        .collect()
}

#[test]
fn a_vertical_books_contents_can_print_arabic_numbers() {
    if !pdf_tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = vertical_book(dir.path(), "contents_numbers = \"arabic\"\n");
    let outline = pdf_outline(&pdf);
    let pages = pdf_text_pages(&pdf, &["-raw"]);
    let contents = &pages[outline[0].page.unwrap() - 1];
    for chapter in &outline[1..] {
        let page = chapter.page.expect("a chapter's page");
        assert!(
            contents.contains(&page.to_string()) && !contents.contains(&kanji(page)),
            "arabic {page} for {}:\n{contents}",
            chapter.title
        );
    }
}
