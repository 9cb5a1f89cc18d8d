//! Writes a small PDF with printpdf from shaped, subset text and checks it with poppler: the
//! only proof that subsets, widths and ToUnicode fit together.

use std::collections::BTreeMap;
use std::process::Command;

use printpdf::{
    Codepoint, FontId, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
    TextItem,
};

use super::super::*;
use super::{fonts, JAPANESE};

/// Poppler is required in CI; elsewhere its absence skips the test, loudly.
fn poppler_present() -> bool {
    let found = Command::new("pdffonts").arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "poppler-utils missing in CI"
        );
        eprintln!("SKIPPED: pdffonts/pdftotext not installed (apt-get install poppler-utils)");
    }
    found
}

/// The fonts of a document: one subset per face, over every line that uses it.
fn subset_fonts(
    doc: &mut PdfDocument,
    f: &FontSet,
    lines: &[ShapedText],
) -> BTreeMap<FaceId, (FontId, SubsetFont)> {
    let mut used: BTreeMap<FaceId, Vec<u16>> = BTreeMap::new();
    for (run, g) in lines.iter().flat_map(ShapedText::glyphs) {
        used.entry(run.face).or_default().push(g.glyph_id);
    }
    used.into_iter()
        .map(|(face, glyphs)| {
            let subset = f.subset(face, glyphs).unwrap();
            (face, (doc.add_font(&subset.to_printpdf()), subset))
        })
        .collect()
}

/// Text operations for one shaped line starting at `(x, y)`.
fn paint_line(
    fonts: &BTreeMap<FaceId, (FontId, SubsetFont)>,
    shaped: &ShapedText,
    text: &str,
    (x, y): (f32, f32),
) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection];
    // `SetTextCursor` is a relative `Td` from the start of the previous run.
    let mut step = (x, y);
    for run in &shaped.runs {
        let (id, subset) = &fonts[&run.face];
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(run.size_pt),
        });
        ops.push(Op::SetTextCursor {
            pos: Point {
                x: Pt(step.0),
                y: Pt(step.1),
            },
        });
        let upem = f32::from(subset.units_per_em);
        let items = run
            .glyphs
            .iter()
            .zip(run.unicode_texts(text))
            .map(|(g, unicode)| {
                let gid = subset.new_gid(g.glyph_id).unwrap();
                // printpdf writes /W truncated to 1/1000 em; make up the difference in TJ.
                let w = f32::from(subset.widths[&gid]) * 1000.0 / upem;
                let shaped = g.x_advance * 1000.0 / run.size_pt;
                Codepoint {
                    gid,
                    offset: w.trunc() - shaped,
                    cid: Some(unicode.to_owned()),
                }
            })
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(items)],
        });
        step = (run.width(), 0.0);
    }
    ops.push(Op::EndTextSection);
    ops
}

#[test]
fn pdf_embeds_subsets_with_tounicode_and_extracts_exact_text() {
    if !poppler_present() {
        return;
    }
    let f = fonts();
    let heading = "版元の見出し";
    let code = "let x = 1; // 日本語";
    let mut doc = PdfDocument::new("hanmoto font test");
    let lines = [
        (Role::Heading, heading, 760.0),
        (Role::Body, JAPANESE, 730.0),
        (Role::Mono, code, 700.0),
    ];
    let shaped: Vec<ShapedText> = lines
        .iter()
        .map(|&(role, text, _)| f.shape(role, text, 12.0, Some("ja")))
        .collect();
    assert!(shaped.iter().all(|s| s.missing.is_empty()));
    let subsets = subset_fonts(&mut doc, f, &shaped);
    let mut ops = Vec::new();
    for ((_, text, y), shaped) in lines.iter().zip(&shaped) {
        ops.extend(paint_line(&subsets, shaped, text, (72.0, *y)));
    }
    doc.with_pages(vec![PdfPage::new(Mm(210.0), Mm(297.0), ops)]);
    let mut warnings = Vec::new();
    let bytes = doc.save(&PdfSaveOptions::default(), &mut warnings);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fonts.pdf");
    std::fs::write(&path, &bytes).unwrap();
    eprintln!("PDF {} bytes", bytes.len());
    assert!(
        bytes.len() < 100_000,
        "{} bytes: fonts not subset?",
        bytes.len()
    );

    let fonts_out = Command::new("pdffonts").arg(&path).output().unwrap();
    let listing = String::from_utf8_lossy(&fonts_out.stdout);
    eprintln!("{listing}");
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    // IPAex Gothic (heading, and the Japanese comment in code), Mincho, DejaVu Sans Mono, and
    // Liberation Serif (`Docker` in the body line).
    assert_eq!(rows.len(), 4, "{listing}");
    assert!(listing.contains("+LiberationSerif "), "{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "{row}");
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb/sub/uni: {row}"
        );
    }

    let text_out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let extracted = String::from_utf8(text_out.stdout).unwrap();
    let lines: Vec<&str> = extracted.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines
            .iter()
            .map(|l| l.trim_matches('\u{c}'))
            .collect::<Vec<_>>(),
        vec![heading, JAPANESE, code]
    );
}

/// The `pdffonts` rows of `path`: (base font name, emb/sub/uni all `yes`).
fn pdffonts_rows(path: &std::path::Path) -> Vec<(String, bool)> {
    let out = Command::new("pdffonts").arg(path).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .map(|row| {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            (
                cols[0].to_owned(),
                cols[n - 5..n - 2] == ["yes", "yes", "yes"],
            )
        })
        .collect()
}

#[test]
fn liberation_faces_embed_as_subsets_with_tounicode() {
    if !poppler_present() {
        return;
    }
    let f = fonts();
    let lines = [
        (Role::Body, "AVoid Typography, 1984", 760.0),
        (Role::Emphasis, "The Elements of Style", 730.0),
        (Role::Strong, "Bold Wavy Text", 700.0),
        (Role::StrongEmphasis, "Bold Italic Effect", 670.0),
    ];
    let shaped: Vec<ShapedText> = lines
        .iter()
        .map(|&(role, text, _)| f.shape(role, text, 12.0, Some("en")))
        .collect();
    let mut doc = PdfDocument::new("hanmoto Latin faces");
    let subsets = subset_fonts(&mut doc, f, &shaped);
    let mut ops = Vec::new();
    for ((_, text, y), shaped) in lines.iter().zip(&shaped) {
        ops.extend(paint_line(&subsets, shaped, text, (72.0, *y)));
    }
    doc.with_pages(vec![PdfPage::new(Mm(210.0), Mm(297.0), ops)]);
    let bytes = doc.save(&PdfSaveOptions::default(), &mut Vec::new());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin.pdf");
    std::fs::write(&path, &bytes).unwrap();
    assert!(bytes.len() < 60_000, "{} bytes: not subset?", bytes.len());
    let rows = pdffonts_rows(&path);
    let mut names: Vec<&str> = rows
        .iter()
        .map(|(name, _)| name.split_once('+').map_or(name.as_str(), |(_, n)| n))
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "LiberationSerif",
            "LiberationSerif-Bold",
            "LiberationSerif-BoldItalic",
            "LiberationSerif-Italic"
        ]
    );
    assert!(rows.iter().all(|(_, ok)| *ok), "{rows:?}");
    let text_out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let extracted = String::from_utf8(text_out.stdout).unwrap();
    let got: Vec<&str> = extracted
        .lines()
        .map(|l| l.trim_matches('\u{c}'))
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(got, lines.iter().map(|l| l.1).collect::<Vec<_>>());
}

#[test]
fn english_handout_embeds_the_liberation_faces() {
    use hanmoto_model::load::{load_book, LoadOptions};
    use hanmoto_model::{Diagnostics, Renderer};

    if !poppler_present() {
        return;
    }
    let site =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/handout-site");
    let cache = tempfile::tempdir().unwrap();
    let mut opts = LoadOptions {
        offline: true,
        base_dir: site,
        ..LoadOptions::default()
    };
    opts.config.book.source = std::path::PathBuf::from(".");
    opts.config.images.cache_dir = cache.path().to_path_buf();
    let book = load_book(&opts).expect("the fixture site loads").book;
    let post = book
        .posts
        .iter()
        .position(|p| p.meta.lang == "en")
        .expect("the English post");
    let handout = crate::Handout {
        post,
        options: crate::PdfOptions {
            settings: crate::compose::Settings::for_paper(
                105.0,
                148.0,
                hanmoto_model::config::book_toml::LinkStyle::Notes,
            ),
            fonts: FontConfig::default(),
            images: crate::ImageOptions::default(),
        },
    };
    let mut bytes = std::io::Cursor::new(Vec::new());
    handout
        .render(&book, &Diagnostics::new(), &mut bytes)
        .unwrap();
    let bytes = bytes.into_inner();
    let path = cache.path().join("en.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let rows = pdffonts_rows(&path);
    let has = |face: &str| {
        rows.iter()
            .any(|(name, ok)| *ok && name.ends_with(&format!("+{face}")))
    };
    // The English text is the serif; its `*The Elements of Typographic Style*` the italic.
    assert!(has("LiberationSerif"), "{rows:?}");
    assert!(has("LiberationSerif-Italic"), "{rows:?}");
    assert!(rows.iter().all(|(_, ok)| *ok), "{rows:?}");
    // The italic words extract as written.
    let text = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("The Elements of Typographic"), "{text}");
}
