//! `tests/fixtures/embeds-site/`: what blogs embed for browsers with scripts (a poll's
//! `<script>`), and the `<noscript>` fallback written for those without. A book runs no script,
//! so the fallback is what the reader gets: its link is a real link in the EPUB and the PDF, its
//! markup never shows as text (the leak guard also runs over this site against Jekyll's page).

use hanmoto_tests::*;
use std::io::Read as _;

fn build(format: &str, out: &std::path::Path) {
    let site = fixtures().join("embeds-site");
    let o = hanmoto(
        &workspace_root(),
        &[
            "build",
            format,
            "--offline",
            "-o",
            out.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
}

fn chapter_text(epub: &std::path::Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        if f.name().contains("chapter") && f.name().ends_with(".xhtml") {
            f.read_to_string(&mut all).unwrap();
        }
    }
    all
}

#[test]
fn noscript_fallbacks_are_read_as_markup_and_no_script_remains() {
    let dir = tempfile::tempdir().unwrap();
    build("--epub", dir.path());
    let epub = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "epub"))
        .expect("an EPUB");
    let xhtml = chapter_text(&epub);
    assert!(!xhtml.is_empty(), "no chapter found");
    for href in [
        "https://polls.example.com/poll/1234/",
        "https://polls.example.com/results/",
    ] {
        assert!(
            xhtml.contains(&format!("href=\"{href}\"")),
            "no link to {href}:\n{xhtml}"
        );
    }
    assert!(xhtml.contains("好きなエディタは何ですか？"), "{xhtml}");
    for shown in ["&lt;a", "&lt;p", "&lt;noscript", "<script", "1234.js"] {
        assert!(!xhtml.contains(shown), "{shown} in the chapter:\n{xhtml}");
    }
    assert_epubcheck_clean(&epub);
}

#[test]
fn noscript_fallback_prints_in_the_pdf() {
    if !pdf_tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    build("--pdf", dir.path());
    let pdf = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF");
    let text = pdf_text(&pdf, &[]);
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains("好きなエディタは何ですか？"), "{text}");
    assert!(flat.contains("結果のページ"), "{text}");
    assert!(!flat.contains("<a"), "{text}");
}
