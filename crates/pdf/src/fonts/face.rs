//! One parsed font face: its bytes, the rustybuzz face over them, and the names and metrics the
//! PDF needs. Parsed once, then shared read-only between threads.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};

use hanmoto_model::diagnostic::Diagnostic;
use rustybuzz::ttf_parser;

type RbFace<'a> = rustybuzz::Face<'a>;

self_cell::self_cell!(
    /// The bytes and the face that borrows them, kept together so user fonts read from disk
    /// need neither leaking nor re-parsing per shaping call.
    struct FaceCell {
        owner: Cow<'static, [u8]>,
        #[covariant]
        dependent: RbFace,
    }
);

/// Where a face came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaceOrigin {
    /// Shipped in the binary; the file name under `fonts/`.
    Builtin(&'static str),
    /// A font file (named in `book.toml`, or found among the system fonts).
    File(PathBuf),
}

/// A parsed face.
pub struct Face {
    cell: FaceCell,
    index: u32,
    origin: FaceOrigin,
    postscript_name: String,
    family: String,
    is_cff: bool,
    /// [`Face::has_char`] answers for the Basic Multilingual Plane, filled in on first lookup:
    /// font fallback asks for every character of every run, and a cmap lookup (a binary search
    /// through the format 4 segments) cost ~10 % of a book's layout.
    bmp_coverage: Box<[AtomicU8]>,
}

/// States of a [`Face::bmp_coverage`] entry.
const COVERAGE_UNKNOWN: u8 = 0;
const COVERAGE_NO: u8 = 1;
const COVERAGE_YES: u8 = 2;

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("postscript_name", &self.postscript_name)
            .field("index", &self.index)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Face {
    /// Parses face `index` of `data` (an sfnt or a collection).
    pub fn parse(
        data: Cow<'static, [u8]>,
        index: u32,
        origin: FaceOrigin,
    ) -> Result<Face, Diagnostic> {
        let cell = FaceCell::try_new(data, |bytes| RbFace::from_slice(bytes, index).ok_or(()))
            .map_err(|()| {
                Diagnostic::error(
                    "font-parse",
                    format!("{} is not a font hanmoto can read (face {index})", origin),
                )
                .with_hint("give a TrueType or OpenType file (.ttf, .otf, .ttc)")
            })?;
        let ttf: &ttf_parser::Face = cell.borrow_dependent();
        let name = |id: u16| {
            ttf.names()
                .into_iter()
                .filter(|n| n.name_id == id && n.is_unicode())
                .find_map(|n| n.to_string())
        };
        let family = name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
            .or_else(|| name(ttf_parser::name_id::FAMILY))
            .unwrap_or_default();
        // A PDF name may not hold spaces or delimiters; PostScript names normally have none, but
        // a font without one still needs a usable /BaseFont.
        let postscript_name: String = name(ttf_parser::name_id::POST_SCRIPT_NAME)
            .unwrap_or_else(|| family.clone())
            .chars()
            .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
            .collect();
        let postscript_name = if postscript_name.is_empty() {
            "Unnamed".to_owned()
        } else {
            postscript_name
        };
        let is_cff = ttf.tables().cff.is_some();
        Ok(Face {
            cell,
            index,
            origin,
            postscript_name,
            family,
            is_cff,
            bmp_coverage: std::iter::repeat_with(|| AtomicU8::new(COVERAGE_UNKNOWN))
                .take(0x1_0000)
                .collect(),
        })
    }

    /// The same face again, for setting it vertically (the painter embeds it a second time,
    /// with `Identity-V`): built-in bytes are shared, a file's are copied.
    pub fn twin(&self) -> Result<Face, Diagnostic> {
        Face::parse(
            self.cell.borrow_owner().clone(),
            self.index,
            self.origin.clone(),
        )
    }

    /// Vertical metrics of glyph `gid` for `Identity-V`: (vertical origin above the horizontal
    /// baseline, vertical advance), in font units. From `VORG`/`vmtx` when the face has them
    /// (origin = top side bearing + ink top), else the ideographic em box: origin at the
    /// ascender, advance one em.
    pub fn vertical_metrics(&self, gid: u16) -> (i32, i32) {
        let face = self.rb();
        let id = ttf_parser::GlyphId(gid);
        let upem = i32::from(self.units_per_em());
        let advance = face.glyph_ver_advance(id).map_or(upem, i32::from).max(1);
        let origin = face
            .glyph_y_origin(id)
            .map(i32::from)
            .or_else(|| {
                let tsb = face.glyph_ver_side_bearing(id)?;
                let ink = face.glyph_bounding_box(id)?;
                Some(i32::from(tsb) + i32::from(ink.y_max))
            })
            .unwrap_or_else(|| i32::from(face.ascender()));
        (origin, advance)
    }

    /// The rustybuzz face (derefs to the ttf-parser face).
    pub fn rb(&self) -> &rustybuzz::Face<'_> {
        self.cell.borrow_dependent()
    }
    /// The whole file this face was read from.
    pub fn data(&self) -> &[u8] {
        self.cell.borrow_owner()
    }
    /// The face's index inside a collection (0 for a plain file).
    pub fn index(&self) -> u32 {
        self.index
    }
    pub fn origin(&self) -> &FaceOrigin {
        &self.origin
    }
    pub fn postscript_name(&self) -> &str {
        &self.postscript_name
    }
    pub fn family(&self) -> &str {
        &self.family
    }
    /// CFF outlines (`.otf`) rather than TrueType `glyf`.
    pub fn is_cff(&self) -> bool {
        self.is_cff
    }
    pub fn units_per_em(&self) -> u16 {
        // rustybuzz's own `units_per_em` shadows ttf-parser's and returns i32.
        ttf_parser::Face::units_per_em(self.rb())
    }
    /// Whether the face maps `ch` to a real glyph.
    pub fn has_char(&self, ch: char) -> bool {
        let lookup = || self.rb().glyph_index(ch).is_some_and(|g| g.0 != 0);
        let Some(slot) = self.bmp_coverage.get(ch as usize) else {
            return lookup();
        };
        // Relaxed is enough: every thread that fills a slot writes the same answer.
        match slot.load(Ordering::Relaxed) {
            COVERAGE_YES => true,
            COVERAGE_NO => false,
            _ => {
                let has = lookup();
                let state = if has { COVERAGE_YES } else { COVERAGE_NO };
                slot.store(state, Ordering::Relaxed);
                has
            }
        }
    }
    /// Advance of glyph `gid` in font units (0 for a glyph the face lacks).
    pub fn advance(&self, gid: u16) -> u16 {
        self.rb()
            .glyph_hor_advance(ttf_parser::GlyphId(gid))
            .unwrap_or(0)
    }
}

impl std::fmt::Display for FaceOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FaceOrigin::Builtin(file) => write!(f, "built-in font {file}"),
            FaceOrigin::File(path) => write!(f, "{}", path.display()),
        }
    }
}
