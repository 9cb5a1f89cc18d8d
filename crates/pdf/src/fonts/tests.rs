use super::*;
use std::sync::OnceLock;

/// Parsing the built-in faces once for all tests keeps them fast.
fn fonts() -> &'static FontSet {
    static SET: OnceLock<FontSet> = OnceLock::new();
    SET.get_or_init(FontSet::builtin)
}

fn postscript(id: FaceId) -> &'static str {
    fonts().face(id).postscript_name()
}

const JAPANESE: &str = "Dockerはアプリケーションを「コンテナ」で動かす。";

#[test]
fn font_set_is_shareable_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<FontSet>();
}

#[test]
fn fallback_picks_mono_face_for_code_and_ipaex_for_kana() {
    let f = fonts();
    let mono = |ch| f.face_for(Role::Mono, ch).map(postscript);
    assert_eq!(mono('x'), Some("DejaVuSansMono"));
    assert_eq!(mono('{'), Some("DejaVuSansMono"));
    // Japanese comments in code fall back to the gothic face.
    assert_eq!(mono('か'), Some("IPAexGothic"));
    assert_eq!(
        f.face_for(Role::Body, 'か').map(postscript),
        Some("IPAexMincho")
    );
    assert_eq!(
        f.face_for(Role::Heading, 'か').map(postscript),
        Some("IPAexGothic")
    );
}

#[test]
fn char_no_face_has_is_reported_with_its_position() {
    // U+A000 is Yi: none of the built-in faces has it.
    let text = "あ\u{A000}い";
    let shaped = fonts().shape(Role::Body, text, 10.0, Some("ja"));
    assert_eq!(
        shaped.missing,
        vec![MissingChar {
            ch: '\u{A000}',
            offset: 3
        }]
    );
    let warning = shaped.missing[0].to_diagnostic(Role::Body);
    assert!(warning.message.contains("U+A000"), "{}", warning.message);
}

#[test]
fn variation_selector_is_not_reported_missing() {
    // 葛 + IVS: the selector belongs to the kanji's face.
    assert!(fonts().missing_chars(Role::Body, "葛\u{E0100}").is_empty());
}

#[test]
fn japanese_shapes_one_full_width_glyph_per_char() {
    // プリ is a pair Noto's `kern` tightens; Japanese runs are shaped without kern/palt.
    let text = "アプリケーション、「日本語」。";
    let shaped = fonts().shape(Role::Body, text, 10.0, Some("ja"));
    assert_eq!(shaped.runs.len(), 1);
    assert!(shaped.runs[0].cjk);
    let glyphs: Vec<_> = shaped.glyphs().collect();
    assert_eq!(glyphs.len(), text.chars().count());
    for (_, g) in glyphs {
        assert!((g.x_advance - 10.0).abs() < 1e-3, "{g:?}");
    }
}

#[test]
fn mixed_text_splits_into_latin_and_japanese_runs() {
    let shaped = fonts().shape(Role::Body, "Docker Compose で動かす", 10.0, Some("ja"));
    let runs: Vec<_> = shaped
        .runs
        .iter()
        .map(|r| (r.cjk, &"Docker Compose で動かす"[r.range.clone()]))
        .collect();
    assert_eq!(runs, vec![(false, "Docker Compose "), (true, "で動かす")]);
}

#[test]
fn latin_kerning_and_ligatures_apply_in_a_latin_face() {
    // IPAex has neither `kern` pairs nor an fi ligature for its Latin; a configured Latin face
    // does. DejaVu Sans stands in for one (installed wherever fonts-dejavu-core is).
    let path = std::path::Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !path.exists() {
        eprintln!("SKIPPED: {} not installed", path.display());
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
    let f = FontSet::load(&config).unwrap();
    let av = f.shape(Role::Body, "AV", 10.0, Some("en"));
    assert_eq!(postscript_in(&f, av.runs[0].face), "DejaVuSans");
    let a = f.shape(Role::Body, "A", 10.0, Some("en")).width();
    let v = f.shape(Role::Body, "V", 10.0, Some("en")).width();
    assert!(
        av.width() < a + v - 0.1,
        "AV {} vs A+V {}",
        av.width(),
        a + v
    );

    let fi = f.shape(Role::Body, "fi", 10.0, Some("en"));
    let glyphs: Vec<_> = fi.glyphs().collect();
    assert_eq!(glyphs.len(), 1, "fi ligature");
    assert_eq!(glyphs[0].1.cluster, 0..2);
    // Kana still come from the built-in Mincho behind it.
    assert_eq!(
        f.face_for(Role::Body, 'か').map(|id| postscript_in(&f, id)),
        Some("IPAexMincho".to_owned())
    );
}

fn postscript_in(f: &FontSet, id: FaceId) -> String {
    f.face(id).postscript_name().to_owned()
}

#[test]
fn unknown_family_is_an_error_naming_it() {
    let config = FontConfig {
        heading: vec![FaceRequest {
            spec: FaceSpec::Family("No Such Family 9".into()),
            span: None,
        }],
        ..FontConfig::default()
    };
    let err = FontSet::load(&config).unwrap_err();
    assert_eq!(err.code, "font-not-found");
    assert!(err.message.contains("No Such Family 9"));
}

#[test]
fn clusters_map_glyphs_back_to_the_text() {
    let text = "office で「fi」と書く";
    for run in &fonts().shape(Role::Body, text, 10.0, Some("ja")).runs {
        let rebuilt: String = run.unicode_texts(text).collect();
        assert_eq!(rebuilt, &text[run.range.clone()]);
    }
    let all: String = fonts()
        .shape(Role::Body, text, 10.0, Some("ja"))
        .runs
        .iter()
        .flat_map(|r| r.unicode_texts(text))
        .collect();
    assert_eq!(all, text);
}

#[test]
fn subset_is_much_smaller_than_the_face() {
    let f = fonts();
    let shaped = f.shape(Role::Body, JAPANESE, 10.0, Some("ja"));
    let face = shaped.runs[0].face;
    let subset = f
        .subset(face, shaped.glyphs().map(|(_, g)| g.glyph_id))
        .unwrap();
    let full = f.face(face).data().len();
    eprintln!("subset {} bytes of {full}", subset.bytes.len());
    assert!(
        subset.bytes.len() * 100 < full,
        "{} of {full}",
        subset.bytes.len()
    );
    assert_eq!(subset.new_gid(0), Some(0));
    assert!(subset.base_font.ends_with("+IPAexMincho"));
    // Same glyphs → same tag, whatever the order.
    let mut reversed: Vec<u16> = shaped.glyphs().map(|(_, g)| g.glyph_id).collect();
    reversed.reverse();
    let again = f.subset(face, reversed).unwrap();
    assert_eq!(again.base_font, subset.base_font);
    assert_eq!(again.bytes, subset.bytes);
}

mod pdf;
