//! Formulas in the PDF (`tests/fixtures/math-site/`): typeset with the embedded math face (a
//! subset with ToUnicode), never printed as TeX source, and copied back as their TeX.
//!
//! "Never printed as TeX" is read from the glyphs themselves: the PDF is expanded with
//! `qpdf --qdf` and every `/ActualText` key renamed (same length, so the file stays valid), so
//! that `pdftotext` reports what the glyphs are (their ToUnicode) instead of the TeX each formula
//! carries for copying.

use hanmoto_tests::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn site() -> PathBuf {
    fixtures().join("math-site")
}

/// Whether MathML draws anything (a formula that only defines macros draws nothing, as on the
/// blog).
fn draws(mathml: &str) -> bool {
    ["<mi", "<mn", "<mo", "<mtext", "<msqrt"]
        .iter()
        .any(|t| mathml.contains(t))
}

/// Every formula of the site that draws something: (display, TeX).
fn formulas() -> Vec<(bool, String)> {
    fn walk(v: &Value, display: bool, out: &mut Vec<(bool, String)>) {
        match v {
            Value::Object(m) => {
                if m.get("type").and_then(Value::as_str) == Some("math")
                    && m.get("mathml").and_then(Value::as_str).is_some_and(draws)
                {
                    out.push((display, m["tex"].as_str().unwrap_or_default().to_owned()));
                }
                let display = m.get("type").and_then(Value::as_str) == Some("math") || display;
                m.values().for_each(|x| walk(x, display, out));
            }
            Value::Array(xs) => xs.iter().for_each(|x| walk(x, display, out)),
            _ => {}
        }
    }
    let (book, out) = inspect(&workspace_root(), &["--site", site().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut all = Vec::new();
    for p in book["posts"].as_array().unwrap() {
        // Blocks: a `math` block is display math; `math` inside a paragraph is inline.
        for b in p["blocks"].as_array().unwrap() {
            if b["type"] == "math" {
                if b["mathml"].as_str().is_some_and(draws) {
                    all.push((true, b["tex"].as_str().unwrap().to_owned()));
                }
            } else {
                walk(b, false, &mut all);
            }
        }
    }
    all
}

/// The site's PDF book, built once.
fn book_pdf() -> &'static Path {
    static PDF: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &PDF.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build_site(&site(), "--pdf", dir.path());
        let out = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "pdf"))
            .expect("the build wrote a PDF");
        (dir, out)
    })
    .1
}

/// The texts of every ActualText span of the PDF.
fn actual_texts(pdf: &Path, expanded: &Path) -> Vec<String> {
    let o = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(expanded)
        .output()
        .expect("qpdf runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(expanded).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let mut out = Vec::new();
    for part in text.split("/ActualText <").skip(1) {
        let hex: String = part.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
        let units: Vec<u16> = (0..hex.len() / 4)
            .map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).unwrap())
            .collect();
        let s = String::from_utf16_lossy(&units);
        out.push(s.trim_start_matches('\u{feff}').to_owned());
    }
    out
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

#[test]
fn formulas_are_typeset_in_the_math_face_and_copy_as_their_tex() {
    if !require("poppler-utils and qpdf", pdf_tools_available()) {
        return;
    }
    let pdf = book_pdf();
    assert_qpdf_clean(pdf);
    assert_fonts_embedded_subset_unicode(pdf);
    let fonts = run_tool("pdffonts", &[], pdf);
    assert!(
        fonts
            .lines()
            .any(|l| l.contains("TeXGyreTermesMath") && l.contains("Type 0C")),
        "the math face is embedded (CFF, as a CID font):\n{fonts}"
    );
    let formulas = formulas();
    // The every-construct post alone has 86 formulas with MathML.
    assert!(formulas.len() >= 86, "{}", formulas.len());
    let dir = tempfile::tempdir().unwrap();
    let expanded = dir.path().join("expanded.pdf");
    let spans: Vec<String> = actual_texts(pdf, &expanded)
        .iter()
        .map(|s| squash(s))
        .collect();
    for (display, tex) in &formulas {
        let want = squash(tex);
        assert!(
            spans.iter().any(|s| s.contains(&want)),
            "the {} formula {tex:?} copies as its TeX; spans: {spans:?}",
            if *display { "display" } else { "inline" }
        );
    }
    // pdftotext honours ActualText: the page text holds each formula's TeX.
    let text = squash(&pdf_text(pdf, &[]));
    for (_, tex) in &formulas {
        assert!(text.contains(&squash(tex)), "pdftotext gives {tex:?}");
    }
}

#[test]
fn no_formula_is_printed_as_tex_source() {
    if !require("poppler-utils and qpdf", pdf_tools_available()) {
        return;
    }
    let pdf = book_pdf();
    let dir = tempfile::tempdir().unwrap();
    let expanded = dir.path().join("expanded.pdf");
    actual_texts(pdf, &expanded);
    // Same-length rename: the xref offsets stay right.
    let bytes = std::fs::read(&expanded).unwrap();
    let needle = b"/ActualText";
    let mut stripped = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(needle) {
            stripped.extend_from_slice(b"/ActualTexx");
            i += needle.len();
        } else {
            stripped.push(bytes[i]);
            i += 1;
        }
    }
    let glyphs_pdf = dir.path().join("glyphs.pdf");
    std::fs::write(&glyphs_pdf, stripped).unwrap();
    let glyph_text = pdf_text(&glyphs_pdf, &[]);
    // (The fixture's code block shows `\begin{equation}` as code: that is not a formula.)
    for source in ["\\frac", "$$", "\\sum", "\\left", "^{"] {
        assert!(
            !glyph_text.contains(source),
            "the glyphs print {source:?}: TeX source reached the page:\n{glyph_text}"
        );
    }
    let squashed = squash(&glyph_text);
    for (_, tex) in formulas().iter().filter(|(_, t)| t.contains('\\')) {
        assert!(
            !squashed.contains(&squash(tex)),
            "{tex:?} is printed as TeX"
        );
    }
    // What is printed instead: mathematical letters and operators of the math face.
    for printed in ['𝑥', '=', '∑'] {
        assert!(
            glyph_text.contains(printed),
            "{printed} is printed:\n{glyph_text}"
        );
    }
}
