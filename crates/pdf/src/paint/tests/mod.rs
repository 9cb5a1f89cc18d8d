//! The painter checked with the real tools: documents built by hand from glyphs the built-in
//! faces really shape, painted to a temp dir, read back with poppler and qpdf.

mod document;
mod images;
mod text;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use hanmoto_model::AssetStore;

use crate::fonts::{FontSet, Role};
use crate::frame::{Color, Document, Page, PlacedGlyph, Point, Segment, TextLine};

fn fonts() -> &'static FontSet {
    static SET: OnceLock<FontSet> = OnceLock::new();
    SET.get_or_init(FontSet::builtin)
}

/// poppler and qpdf are required in CI; elsewhere their absence skips the test, loudly.
fn tools_present() -> bool {
    let found = ["pdffonts", "pdftotext", "pdfinfo", "pdfimages", "qpdf"]
        .iter()
        .all(|t| Command::new(t).arg("--version").output().is_ok());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "poppler-utils/qpdf missing in CI"
        );
        eprintln!(
            "SKIPPED: poppler-utils or qpdf not installed (apt-get install poppler-utils qpdf)"
        );
    }
    found
}

/// Runs a tool and returns its stdout; fails the test on a non-zero exit.
fn run(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Paints `doc` into a fresh temp dir; `qpdf --check` must pass with no warnings.
fn paint_checked(doc: &Document, assets: &AssetStore) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    paint_checked_with(fonts(), doc, assets)
}

fn paint_checked_with(
    fonts: &FontSet,
    doc: &Document,
    assets: &AssetStore,
) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    let mut bytes = Vec::new();
    super::paint(
        doc.clone(),
        fonts,
        assets,
        super::ImageOptions::default(),
        &hanmoto_model::Diagnostics::new(),
        &mut bytes,
        &|_| {},
    )
    .unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success() && !report.contains("WARNING"),
        "qpdf --check: {report}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    (dir, path, bytes)
}

/// A piece of a hand-made line: text in one role and size, set after `gap` pt of extra space,
/// with every glyph `spacing` pt apart (justification).
#[derive(Clone)]
struct Piece<'a> {
    role: Role,
    text: &'a str,
    size: f32,
    gap: f32,
    spacing: f32,
    rise: f32,
    extract: bool,
    color: Color,
}

fn piece(role: Role, text: &str, size: f32) -> Piece<'_> {
    Piece {
        role,
        text,
        size,
        gap: 0.0,
        spacing: 0.0,
        rise: 0.0,
        extract: true,
        color: Color::BLACK,
    }
}

impl Piece<'_> {
    fn gap(mut self, gap: f32) -> Self {
        self.gap = gap;
        self
    }
    fn spacing(mut self, spacing: f32) -> Self {
        self.spacing = spacing;
        self
    }
    /// Not the author's text (the hyphen of a broken word).
    fn hidden(mut self) -> Self {
        self.extract = false;
        self
    }
    /// A link note number: smaller, raised, not the author's text.
    fn note(mut self, rise: f32) -> Self {
        self.rise = rise;
        self.extract = false;
        self.color = Color::rgb(0.1, 0.2, 0.6);
        self
    }
}

/// Shapes the pieces with the built-in faces and lays them end to end from `origin`.
fn line(origin: (f32, f32), pieces: &[Piece]) -> TextLine {
    line_with(fonts(), origin, pieces)
}

fn line_with(fonts: &FontSet, origin: (f32, f32), pieces: &[Piece]) -> TextLine {
    let mut x = 0.0;
    let mut segments = Vec::new();
    for p in pieces {
        x += p.gap;
        let shaped = fonts.shape(p.role, p.text, p.size, Some("ja"));
        assert!(shaped.missing.is_empty(), "{:?}", shaped.missing);
        for run in &shaped.runs {
            let mut glyphs = Vec::new();
            for (g, text) in run.glyphs.iter().zip(run.unicode_texts(p.text)) {
                if !glyphs.is_empty() {
                    x += p.spacing;
                }
                glyphs.push(PlacedGlyph {
                    gid: g.glyph_id,
                    x: x + g.x_offset,
                    advance: g.x_advance,
                    y_offset: g.y_offset,
                    text: text.to_owned(),
                    extract: p.extract,
                });
                x += g.x_advance;
            }
            segments.push(Segment {
                face: run.face,
                size: p.size,
                color: p.color,
                rise: p.rise,
                glyphs,
                tcy: None,
            });
        }
    }
    TextLine {
        origin: Point {
            x: origin.0,
            y: origin.1,
        },
        segments,
        actual: Vec::new(),
        vertical: false,
    }
}

const A4: (f32, f32) = (595.276, 841.89);

fn page(elements: Vec<crate::frame::Element>) -> Page {
    Page {
        width: A4.0,
        height: A4.1,
        elements,
    }
}

/// pdftotext's lines, without blank lines and form feeds.
fn text_lines(extracted: &str) -> Vec<String> {
    extracted
        .lines()
        .map(|l| l.trim_matches('\u{c}').to_owned())
        .filter(|l| !l.trim().is_empty())
        .collect()
}
