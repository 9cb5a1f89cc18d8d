//! Inline layout on pure data with the built-in faces and the sample blog's images: positions,
//! kinsoku with note numbers, links and notes, images, decorations, ruby, code blocks, and the
//! extracted text of random paragraphs.

mod decorations;
mod images;
mod links;
mod properties;
mod sample_post;
mod text;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hanmoto_model::assets::AssetOptions;
use hanmoto_model::config::book_toml::LinkStyle;
use hanmoto_model::{AssetId, AssetStore, Diagnostics, Inline, LinkTarget, Span};

use super::*;
use crate::compose::{Env, Settings};
use crate::fonts::FontSet;
use crate::frame::{Element, LinkDest, PlacedGlyph, TextLine};
use crate::layout::is_no_start;

pub const SIZE: f32 = 10.5;

pub fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(FontSet::builtin)
}

fn content_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content")
}

/// The sample blog's three images, loaded (ids 0: coreos 600×200, 1: kubernates 300×300,
/// 2: project-atomic 800×300).
pub fn assets() -> &'static AssetStore {
    static ASSETS: OnceLock<AssetStore> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let root = content_root();
        let mut store = AssetStore::for_site("", "", &root);
        let post = root.join("_posts/2015-01-18-docker-meetup-tokyo-4.md");
        for src in [
            "/images/2015/01/18/coreos-horiz.png",
            "/images/2015/01/18/kubernates.png",
            "/images/2015/01/18/project-atomic.png",
        ] {
            store.request(src, Span::new(&post, 1, 1));
        }
        let mut opts = AssetOptions::new(&root, std::env::temp_dir());
        opts.offline = true;
        let diags = Diagnostics::new();
        store.load(&opts, &diags);
        assert!(diags.into_sorted().is_empty(), "sample images load");
        store
    })
}

pub const COREOS: AssetId = AssetId(0);
pub const KUBERNATES: AssetId = AssetId(1);
pub const ATOMIC: AssetId = AssetId(2);
/// Never requested: stands for an image that did not load.
pub const MISSING: AssetId = AssetId(99);

pub struct Fixture {
    pub settings: Settings,
    pub diagnostics: Diagnostics,
    pub notes: NoteRegistry,
}

impl Fixture {
    pub fn a4() -> Fixture {
        Fixture::paper(210.0, 297.0, LinkStyle::Notes)
    }
    pub fn a6() -> Fixture {
        Fixture::paper(105.0, 148.0, LinkStyle::Notes)
    }
    pub fn paper(w: f32, h: f32, links: LinkStyle) -> Fixture {
        Fixture {
            settings: Settings::for_paper(w, h, links),
            diagnostics: Diagnostics::new(),
            notes: NoteRegistry::default(),
        }
    }
    pub fn measure(&self) -> f32 {
        self.settings.measure()
    }
    pub fn lay(&mut self, inlines: &[Inline], style: &TextStyle, width: f32) -> Vec<LineBox> {
        let env = Env {
            fonts: fonts(),
            assets: assets(),
            settings: &self.settings,
            diagnostics: &self.diagnostics,
            source: Path::new("_posts/2015-01-18-docker-meetup-tokyo-4.md"),
            lang: "ja",
        };
        let mut ctx = InlineContext {
            env,
            notes: &mut self.notes,
        };
        layout_inlines(&mut ctx, inlines, style, width)
    }
    pub fn body(&mut self, inlines: &[Inline], width: f32) -> Vec<LineBox> {
        self.lay(inlines, &TextStyle::new(Role::Body, SIZE), width)
    }
}

pub fn text(s: &str) -> Inline {
    Inline::text(s)
}

pub fn url_link(url: &str, content: Vec<Inline>) -> Inline {
    Inline::Link {
        target: LinkTarget::Url {
            url: url.to_owned(),
        },
        title: None,
        content,
    }
}

/// The text lines of a line box, in order.
pub fn text_lines(line: &LineBox) -> impl Iterator<Item = &TextLine> {
    line.elements.iter().filter_map(|e| match e {
        Element::Text(t) => Some(t),
        _ => None,
    })
}

/// Every glyph of the line's main text (the text line on the baseline).
pub fn main_glyphs(line: &LineBox) -> Vec<&PlacedGlyph> {
    text_lines(line)
        .filter(|t| t.origin.y == 0.0)
        .flat_map(|t| t.segments.iter().flat_map(|s| s.glyphs.iter()))
        .collect()
}

/// What copy and pdftotext give: the `extract` glyphs' texts, in order.
pub fn extracted(lines: &[LineBox]) -> String {
    lines
        .iter()
        .flat_map(|l| {
            text_lines(l)
                .flat_map(|t| t.segments.iter().flat_map(|s| s.glyphs.iter()))
                .filter(|g| g.extract)
                .map(|g| g.text.clone())
                .collect::<Vec<_>>()
        })
        .collect()
}

pub fn links(line: &LineBox) -> Vec<(&crate::frame::Rect, &LinkDest)> {
    line.elements
        .iter()
        .filter_map(|e| match e {
            Element::Link { rect, dest } => Some((rect, dest)),
            _ => None,
        })
        .collect()
}

/// The first glyph a reader sees on the line, and whether it is author text.
pub fn first_glyph(line: &LineBox) -> Option<&PlacedGlyph> {
    main_glyphs(line)
        .into_iter()
        .filter(|g| !g.text.trim().is_empty() || !g.extract)
        .min_by(|a, b| a.x.total_cmp(&b.x))
}

/// No line starts with a character kinsoku keeps off the line start, nor with a note number.
pub fn assert_kinsoku(lines: &[LineBox]) {
    for (i, l) in lines.iter().enumerate().skip(1) {
        let Some(g) = first_glyph(l) else { continue };
        assert!(g.extract, "line {i} starts with a note number");
        let c = g.text.chars().next().unwrap_or(' ');
        assert!(!is_no_start(c), "line {i} starts with {c:?}");
    }
}
