//! `hanmoto build --epub`: real EPUBs of the sample and the fixture sites, checked with EPUBCheck
//! 4.2.6 and 5.x (0 errors, 0 warnings), read back, and rebuilt byte for byte.

use hanmoto_tests::*;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Builds the EPUB of `site_args` (e.g. `["--site", dir]`) into a fresh folder; returns its path.
fn build(dir: &Path, extra: &[&str]) -> PathBuf {
    let out = tempfile::tempdir().unwrap().keep();
    let mut args = vec!["build", "--epub", "--offline", "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = hanmoto(dir, &args);
    assert!(
        o.status.code().is_some_and(|c| c <= 1),
        "build crashed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    let epub = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"));
    epub.unwrap_or_else(|| panic!("no EPUB written:\n{}\n{}", stdout(&o), stderr(&o)))
}

fn sample() -> &'static PathBuf {
    static EPUB: OnceLock<PathBuf> = OnceLock::new();
    EPUB.get_or_init(|| build(&workspace_root(), &[]))
}

fn entries(epub: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_owned(), b)
        })
        .collect()
}

fn entry(epub: &Path, name: &str) -> String {
    let e = entries(epub);
    let (_, b) = e
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the EPUB"));
    String::from_utf8(b.clone()).unwrap()
}

/// XHTML documents start with `<!DOCTYPE html>`, which roxmltree refuses unless asked.
fn parse_xhtml(text: &str) -> roxmltree::Document<'_> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts).unwrap()
}

#[test]
fn sample_passes_epubcheck() {
    assert_epubcheck_clean(sample());
}

/// DAISY Ace's findings on `epub` that a reader with assistive technology would meet: every
/// critical, serious and moderate one (minor ones are advice, not failures).
fn assert_ace_clean(epub: &Path) {
    let Some(findings) = ace_findings(epub) else {
        return;
    };
    let bad: Vec<&AceFinding> = findings
        .iter()
        .filter(|f| matches!(f.impact.as_str(), "critical" | "serious" | "moderate"))
        .collect();
    assert!(bad.is_empty(), "{}: {bad:#?}", epub.display());
}

#[test]
fn sample_passes_ace() {
    assert_ace_clean(sample());
}

/// The Jekyll fixture site's EPUB, built once for the tests that check it.
fn jekyll_site() -> &'static PathBuf {
    static EPUB: OnceLock<PathBuf> = OnceLock::new();
    EPUB.get_or_init(|| {
        build(
            &workspace_root(),
            &["--site", fixtures().join("jekyll-site").to_str().unwrap()],
        )
    })
}

#[test]
fn jekyll_fixture_site_passes_ace() {
    assert_ace_clean(jekyll_site());
}

#[test]
fn the_package_and_its_navigation_say_their_language_and_roles() {
    let opf = entry(sample(), "OEBPS/content.opf");
    assert!(
        opf.contains("<package version=\"3.0\" xml:lang=\"ja\""),
        "{}",
        &opf[..300.min(opf.len())]
    );
    let nav = entry(sample(), "OEBPS/nav.xhtml");
    assert!(
        nav.contains("role=\"doc-toc\" aria-labelledby=\"toc-title\""),
        "{nav}"
    );
    assert!(nav.contains("<h1 id=\"toc-title\">"), "{nav}");
    assert!(
        nav.contains("epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"ランドマーク\""),
        "{nav}"
    );
    parse_xhtml(&nav);
}

#[test]
fn jekyll_fixture_site_passes_epubcheck() {
    assert_epubcheck_clean(jekyll_site());
}

#[test]
fn broken_fixture_site_still_makes_a_valid_epub() {
    assert_epubcheck_clean(&build(
        &workspace_root(),
        &["--site", fixtures().join("broken-site").to_str().unwrap()],
    ));
}

#[test]
fn vertical_writing_passes_epubcheck_and_progresses_right_to_left() {
    let t = tempfile::tempdir().unwrap();
    // The sample as a vertical book; `extra` goes into `[epub]`.
    let vertical = |extra: &str| {
        std::fs::write(
            t.path().join("book.toml"),
            format!(
                "[book]\nsource = {:?}\n[epub]\nwriting_mode = \"vertical-rl\"\n{extra}",
                workspace_root().join("content")
            ),
        )
        .unwrap();
        build(t.path(), &[])
    };
    let epub = vertical("");
    assert_epubcheck_clean(&epub);
    assert!(entry(&epub, "OEBPS/content.opf").contains(r#"page-progression-direction="rtl""#));
    let css = entry(&epub, "OEBPS/stylesheet.css");
    assert!(css.contains("vertical-rl") && css.contains("text-combine-upright: all;"));
    // Tate-chu-yoko (tcy_digits = 2 by default): 第4回 and the date's month and day; 2015 and
    // the Latin phrase stay turned.
    let chapter = entry(&epub, "OEBPS/chapter-001.xhtml");
    assert!(chapter.contains("Docker Meetup Tokyo 第<span class=\"tcy\">4</span>回"));
    assert!(chapter.contains("2015年<span class=\"tcy\">1</span>月<span class=\"tcy\">18</span>日"));
    assert!(!chapter.contains("<span class=\"tcy\">2015</span>"));
    parse_xhtml(&chapter);

    // tcy_digits = 0: no digit stands upright.
    let chapter = entry(&vertical("tcy_digits = 0\n"), "OEBPS/chapter-001.xhtml");
    assert!(chapter.contains("Docker Meetup Tokyo 第4回"));
}

#[test]
fn mimetype_is_first_and_stored() {
    let mut z = zip::ZipArchive::new(std::fs::File::open(sample()).unwrap()).unwrap();
    let first = z.by_index(0).unwrap();
    assert_eq!(first.name(), "mimetype");
    assert_eq!(first.compression(), zip::CompressionMethod::Stored);
}

#[test]
fn rebuilds_are_byte_identical() {
    let again = build(&workspace_root(), &[]);
    assert_eq!(
        std::fs::read(sample()).unwrap(),
        std::fs::read(again).unwrap()
    );
}

#[test]
fn nav_lists_the_post_and_its_six_headings() {
    let nav = entry(sample(), "OEBPS/nav.xhtml");
    let doc = parse_xhtml(&nav);
    let toc = doc
        .descendants()
        .find(|n| n.attribute(("http://www.idpf.org/2007/ops", "type")) == Some("toc"))
        .unwrap();
    let links: Vec<&str> = toc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(links.contains(&"chapter-001.xhtml"), "{links:?}");
    let headings = links
        .iter()
        .filter(|l| l.starts_with("chapter-001.xhtml#"))
        .count();
    assert_eq!(headings, 6, "{links:?}");
    // Every heading link points at an element that exists.
    let chapter = entry(sample(), "OEBPS/chapter-001.xhtml");
    let cdoc = parse_xhtml(&chapter);
    for l in links
        .iter()
        .filter_map(|l| l.strip_prefix("chapter-001.xhtml#"))
    {
        assert!(
            cdoc.descendants().any(|n| n.attribute("id") == Some(l)),
            "no id {l} in the chapter"
        );
    }
}

#[test]
fn chapter_has_title_text_and_joined_lines() {
    let chapter = entry(sample(), "OEBPS/chapter-001.xhtml");
    let doc = parse_xhtml(&chapter);
    let h1: String = doc
        .descendants()
        .find(|n| n.has_tag_name("h1"))
        .unwrap()
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(h1, "Docker Meetup Tokyo #4 に行ってきました");
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert!(text.contains("行ってきました。運良く"), "{text}");
    assert_eq!(
        doc.root_element()
            .attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("ja")
    );
}

#[test]
fn images_are_inside_and_nothing_points_outside_the_package() {
    let all = entries(sample());
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    let chapter = entry(sample(), "OEBPS/chapter-001.xhtml");
    let doc = parse_xhtml(&chapter);
    let srcs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("img"))
        .filter_map(|n| n.attribute("src"))
        .collect();
    assert_eq!(
        srcs.len(),
        3,
        "3 local images shown, the unreachable one is a placeholder: {srcs:?}"
    );
    for s in &srcs {
        assert!(
            !s.contains("://") && !s.starts_with('/'),
            "src outside the package: {s}"
        );
        assert!(
            names.contains(&format!("OEBPS/{s}").as_str()),
            "{s} is not in the package"
        );
    }
    // The unreachable remote image: its alt text and URL stay visible.
    assert!(
        chapter.contains("connpass-tokyo.s3.amazonaws.com"),
        "placeholder lost the URL"
    );
    // Three distinct images, each stored once.
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("OEBPS/images/") && n.ends_with(".png"))
            .count(),
        3
    );
}

#[test]
fn a_failed_build_leaves_the_old_epub_untouched() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("book.epub");
    std::fs::write(&target, b"old").unwrap();
    // The site folder does not exist: the build fails before writing anything.
    std::fs::write(
        t.path().join("book.toml"),
        "[book]\nsource = \"nope\"\nslug = \"book\"\n",
    )
    .unwrap();
    let o = hanmoto(
        t.path(),
        &["build", "--epub", "-o", t.path().to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&target).unwrap(), b"old");
    let leftovers: Vec<_> = std::fs::read_dir(t.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[test]
fn two_hundred_post_bench_site_passes_epubcheck() {
    let t = tempfile::tempdir().unwrap();
    let site = bench_site(&t.path().join("site"), 200);
    let epub = build(&workspace_root(), &["--site", site.to_str().unwrap()]);
    let nav = entry(&epub, "OEBPS/nav.xhtml");
    assert_eq!(
        nav.matches("<a href=\"chapter-").count(),
        200 * 7,
        "200 chapters with 6 headings each"
    );
    // 200 posts share the sample's 3 images: 3 image files, not 600.
    let images = entries(&epub)
        .iter()
        .filter(|(n, _)| n.starts_with("OEBPS/images/") && n.ends_with(".png"))
        .count();
    assert_eq!(images, 3);
    assert_epubcheck_clean(&epub);
}
