//! Text: subsets with ToUnicode, exact extraction across gaps, notes and face changes, and
//! glyph positions that do not drift.

use hanmoto_model::AssetStore;

use super::*;
use crate::frame::Element;

const SIZE: f32 = 10.5;

/// The lines of the extraction test and the text each must give back.
fn extraction_lines() -> Vec<(TextLine, &'static str)> {
    extraction_lines_with(fonts())
}

fn extraction_lines_with(fonts: &FontSet) -> Vec<(TextLine, &'static str)> {
    let em = SIZE;
    let body = |t| piece(Role::Body, t, SIZE);
    let cases: Vec<(Vec<Piece>, &str)> = vec![
        // ¼ em between Latin and Japanese (JLREQ 3.2.5): over the safe gap.
        (
            vec![body("Docker"), body("はアプリケーションの").gap(em / 4.0)],
            "Dockerはアプリケーションの",
        ),
        // Justified at the cap (0.09 em per gap): safe as it is, no span needed.
        (
            vec![body("技術としてのコンテナ仮想化").spacing(0.09 * em)],
            "技術としてのコンテナ仮想化",
        ),
        // Stretched well past the cap.
        (
            vec![body("技術としてのコンテナ").spacing(0.3 * em)],
            "技術としてのコンテナ",
        ),
        // A link-note number between two Japanese characters: smaller, raised, not text.
        (
            vec![
                body("詳しくは公式サイト"),
                piece(Role::Body, "12", 6.0).note(4.0),
                body("を参照。"),
            ],
            "詳しくは公式サイトを参照。",
        ),
        // The mono face mid-line, set off by ¼ em on both sides.
        (
            vec![
                body("設定は"),
                piece(Role::Mono, "docker run -d", 9.5).gap(em / 4.0),
                body("で行う。").gap(em / 4.0),
            ],
            "設定はdocker run -dで行う。",
        ),
        // Punctuation compression: an overlap -raw mode would split the line at.
        (
            vec![
                body("「コンテナ」"),
                body("、").gap(-em / 2.0),
                body("「仮想化」"),
            ],
            "「コンテナ」、「仮想化」",
        ),
        // Two characters, one glyph (WAVE DASH and FULLWIDTH TILDE share it in IPAex): the
        // ToUnicode entry holds the first, ActualText gives the second back.
        (
            vec![body("東京〜大阪、名古屋～京都")],
            "東京〜大阪、名古屋～京都",
        ),
        // The hyphen of a word broken at the line end is not the author's text.
        (
            vec![body("Kubernetes orches"), body("-").hidden()],
            "Kubernetes orches",
        ),
    ];
    cases
        .into_iter()
        .enumerate()
        .map(|(i, (pieces, want))| {
            let origin = (72.0, 100.0 + 30.0 * i as f32);
            (line_with(fonts, origin, &pieces), want)
        })
        .collect()
}

fn extraction_doc() -> Document {
    let lines = extraction_lines();
    Document {
        pages: vec![page(
            lines.into_iter().map(|(l, _)| Element::Text(l)).collect(),
        )],
        ..Document::default()
    }
}

#[test]
fn extracted_text_is_exact_in_every_pdftotext_mode() {
    if !tools_present() {
        return;
    }
    let want: Vec<&str> = extraction_lines().iter().map(|(_, w)| *w).collect();
    let (_dir, path, _) = paint_checked(&extraction_doc(), &AssetStore::new());
    for mode in [&[][..], &["-layout"][..], &["-raw"][..]] {
        let got = text_lines(&run("pdftotext", mode, &path));
        let got: Vec<&str> = got.iter().map(|l| l.trim()).collect();
        assert_eq!(got, want, "pdftotext {mode:?}");
    }
}

#[test]
fn spans_wrap_only_wide_gaps_and_hidden_glyphs() {
    let bytes = super::super::paint_to_vec(&extraction_doc(), fonts(), &AssetStore::new()).unwrap();
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let (_, page_id) = pdf.get_pages().into_iter().next().unwrap();
    let content = lopdf::content::Content::decode(&pdf.get_page_content(page_id)).unwrap();
    let mut spans_per_line = Vec::new();
    let mut texts = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BT" => spans_per_line.push(0),
            "BDC" => {
                *spans_per_line.last_mut().unwrap() += 1;
                let dict = op.operands[1].as_dict().unwrap();
                let raw = dict.get(b"ActualText").unwrap().as_str().unwrap();
                let units: Vec<u16> = raw[2..]
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                assert_eq!(&raw[..2], &[0xFE, 0xFF], "BOM");
                texts.push(String::from_utf16(&units).unwrap());
            }
            _ => {}
        }
    }
    // Docker|は; none at 0.09 em; one over the whole stretched line; the note with its
    // neighbours; mono set off on both sides (two spans); the compressed pair; the second
    // user of a shared glyph; the hidden hyphen with the letter before it.
    assert_eq!(spans_per_line, vec![1, 0, 1, 1, 2, 1, 1, 1]);
    assert_eq!(
        texts,
        vec![
            "rは",
            "技術としてのコンテナ",
            "トを",
            "はd",
            "dで",
            "」、",
            "～",
            "s"
        ]
    );
}

#[test]
fn fonts_are_embedded_subsets_with_tounicode() {
    if !tools_present() {
        return;
    }
    let (_dir, path, bytes) = paint_checked(&extraction_doc(), &AssetStore::new());
    assert!(bytes.len() < 60_000, "{} bytes: not subset?", bytes.len());
    let listing = run("pdffonts", &[], &path);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    // IPAex Mincho (Japanese body), Liberation Serif (Latin body) and DejaVu Sans Mono.
    assert_eq!(rows.len(), 3, "{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[0].as_bytes().get(6), Some(&b'+'), "{row}");
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb/sub/uni: {row}"
        );
    }
}

/// `pdftotext -bbox` word boxes: (xMin, xMax, word).
fn word_boxes(html: &str) -> Vec<(f32, f32, String)> {
    html.lines()
        .filter_map(|l| {
            let l = l.trim();
            let attr = |name: &str| -> Option<f32> {
                let start = l.find(&format!("{name}=\""))? + name.len() + 2;
                let end = start + l[start..].find('"')?;
                l[start..end].parse().ok()
            };
            let word = l
                .strip_prefix("<word")?
                .split('>')
                .nth(1)?
                .split('<')
                .next()?;
            Some((attr("xMin")?, attr("xMax")?, word.to_owned()))
        })
        .collect()
}

#[test]
fn glyph_positions_do_not_drift_along_a_long_kerned_line() {
    if !tools_present() {
        return;
    }
    // Kerned Latin (AV, Wa, To) plus Japanese, 90 glyphs over ~450 pt, with justification.
    let text = "AVAVAV WAVE Tokyo Yokohama Typography affine office AWAY";
    let l = line(
        (60.0, 200.0),
        &[
            piece(Role::Body, text, 11.0).spacing(0.05),
            piece(Role::Body, "日本語の組版でも位置がずれない", 11.0).gap(11.0 / 4.0),
        ],
    );
    let last_word_x = {
        // The glyph after the last space of the Latin piece: "AWAY".
        let glyphs = &l.segments[0].glyphs;
        let i = glyphs.iter().rposition(|g| g.text == " ").unwrap() + 1;
        l.origin.x + glyphs[i].x
    };
    let last = l.segments.last().unwrap();
    let last_glyph = last.glyphs.last().unwrap();
    let line_end = l.origin.x + last_glyph.x + last_glyph.advance;
    let doc = Document {
        pages: vec![page(vec![Element::Text(l)])],
        ..Document::default()
    };
    let (_dir, path, _) = paint_checked(&doc, &AssetStore::new());
    let words = word_boxes(&run("pdftotext", &["-bbox"], &path));
    let away = words.iter().find(|w| w.2.starts_with("AWAY")).unwrap();
    eprintln!(
        "AWAY at {} (frame {last_word_x}); line ends {} (frame {line_end})",
        away.0,
        words.last().unwrap().1
    );
    assert!(
        (away.0 - last_word_x).abs() < 0.01,
        "{away:?} vs {last_word_x}"
    );
    // The end differs only by the last glyph's /W truncation (< 1/1000 em).
    let end = words.last().unwrap().1;
    assert!(
        (end - line_end).abs() < 11.0 / 1000.0 + 0.01,
        "{end} vs {line_end}"
    );
}

/// A CID-keyed CFF face from a collection (Noto Serif CJK JP, as Debian installs it): the
/// codes printpdf writes for it are charset CIDs, and positions and text must still hold.
#[test]
fn cff_collection_face_paints_exactly_too() {
    use crate::fonts::{FaceRequest, FaceSpec, FontConfig};
    let path = std::path::Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
    if !path.exists() || !tools_present() {
        eprintln!("SKIPPED: {} not installed (fonts-noto-cjk)", path.display());
        return;
    }
    let config = FontConfig {
        body: vec![FaceRequest {
            spec: FaceSpec::Path {
                path: path.to_owned(),
                index: 0,
            },
            span: None,
        }],
        ..FontConfig::default()
    };
    let noto = FontSet::load(&config).unwrap();
    let lines = extraction_lines_with(&noto);
    let want: Vec<&str> = lines.iter().map(|(_, w)| *w).collect();
    let doc = Document {
        pages: vec![page(
            lines.into_iter().map(|(l, _)| Element::Text(l)).collect(),
        )],
        ..Document::default()
    };
    let (_dir, path, bytes) = paint_checked_with(&noto, &doc, &AssetStore::new());
    assert!(bytes.len() < 150_000, "{} bytes: not subset?", bytes.len());
    let listing = run("pdffonts", &[], &path);
    eprintln!("{listing}");
    assert!(listing.contains("NotoSerifCJKjp-Regular"), "{listing}");
    for row in listing.lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            &["yes", "yes", "yes"],
            "emb/sub/uni: {row}"
        );
    }
    for mode in [&[][..], &["-layout"][..], &["-raw"][..]] {
        let got = text_lines(&run("pdftotext", mode, &path));
        let got: Vec<&str> = got.iter().map(|l| l.trim()).collect();
        assert_eq!(got, want, "pdftotext {mode:?}");
    }
}
