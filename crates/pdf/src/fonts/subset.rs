//! Subsetting a face for the PDF, and the printpdf font built from the subset.
//!
//! printpdf 0.12 without `text_layout` embeds whole faces (a 2-page PDF was 25.6 MB). We subset
//! with `subsetter` and hand printpdf a `ParsedFont` built from the subset ourselves (its
//! `from_bytes` refuses subsets: no `hhea`/`cmap`). Content streams then use the *new* glyph ids
//! (`SubsetFont::new_gid`), and ToUnicode comes from the `Codepoint::cid` texts.

use std::collections::{BTreeMap, BTreeSet};

use hanmoto_model::diagnostic::Diagnostic;
use rustybuzz::ttf_parser;
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;

use super::set::{FaceId, FontSet};

/// A face cut down to the glyphs a document uses.
#[derive(Debug, Clone)]
pub struct SubsetFont {
    pub face: FaceId,
    /// The font program to embed (TrueType, or OpenType/CFF when `is_cff`).
    pub bytes: Vec<u8>,
    /// `ABCDEF+PostScriptName`: the tag marks a subset (PDF 32000 §9.6.4) and is derived from the
    /// used glyphs, so the same document gives the same name.
    pub base_font: String,
    /// Original glyph id → glyph id in `bytes`. `.notdef` (0) is always 0.
    pub remap: BTreeMap<u16, u16>,
    /// New glyph id → advance in font units.
    pub widths: BTreeMap<u16, u16>,
    pub units_per_em: u16,
    pub ascent: i16,
    pub descent: i16,
    pub bbox: [i16; 4],
    pub is_cff: bool,
    caret_slope: (i16, i16),
    weight: u16,
}

impl SubsetFont {
    /// The glyph id to write in the content stream for original glyph `gid`.
    pub fn new_gid(&self, gid: u16) -> Option<u16> {
        self.remap.get(&gid).copied()
    }

    /// printpdf's font, ready for `PdfDocument::add_font`. Its glyph ids are the subset's.
    pub fn to_printpdf(&self) -> printpdf::ParsedFont {
        printpdf::ParsedFont {
            original_bytes: self.bytes.clone(),
            font_index: 0,
            font_name: Some(self.base_font.clone()),
            // Text goes in as glyph ids (`TextItem::GlyphIds`), never through printpdf's cmap.
            codepoint_to_glyph: BTreeMap::new(),
            glyph_widths: self.widths.clone(),
            units_per_em: self.units_per_em,
            font_metrics: printpdf::FontMetrics {
                ascent: self.ascent,
                descent: self.descent,
            },
            font_type: if self.is_cff {
                printpdf::FontType::OpenTypeCFF(())
            } else {
                printpdf::FontType::TrueType
            },
            pdf_font_metrics: printpdf::PdfFontMetricsStub {
                units_per_em: self.units_per_em,
                x_min: self.bbox[0],
                y_min: self.bbox[1],
                x_max: self.bbox[2],
                y_max: self.bbox[3],
                caret_slope_rise: self.caret_slope.0,
                caret_slope_run: self.caret_slope.1,
                us_weight_class: self.weight,
            },
        }
    }
}

impl FontSet {
    /// Subsets `face` to `used_glyphs` (original ids; `.notdef` is added), renumbered in
    /// ascending original ids.
    pub fn subset(
        &self,
        face_id: FaceId,
        used_glyphs: impl IntoIterator<Item = u16>,
    ) -> Result<SubsetFont, Diagnostic> {
        let used: BTreeSet<u16> = used_glyphs.into_iter().chain([0]).collect();
        let used: Vec<u16> = used.into_iter().collect();
        self.subset_numbered(face_id, &GlyphRemapper::new_from_glyphs_sorted(&used))
    }

    /// Subsets `face` to the glyphs `remapper` holds, numbered as it numbers them (the
    /// painter's order of first use; `.notdef` is 0).
    pub fn subset_numbered(
        &self,
        face_id: FaceId,
        remapper: &GlyphRemapper,
    ) -> Result<SubsetFont, Diagnostic> {
        let face = self.face(face_id);
        let used: Vec<u16> = remapper.remapped_gids().collect();
        let bytes = subsetter::subset(face.data(), face.index(), remapper).map_err(|e| {
            Diagnostic::error(
                "font-subset",
                format!(
                    "cannot subset {} ({}): {e}",
                    face.postscript_name(),
                    face.origin()
                ),
            )
        })?;
        let mut remap = BTreeMap::new();
        let mut widths = BTreeMap::new();
        for &old in &used {
            if let Some(new) = remapper.get(old) {
                remap.insert(old, new);
                widths.insert(new, face.advance(old));
            }
        }
        let ttf: &ttf_parser::Face = face.rb();
        let bb = ttf.global_bounding_box();
        // ttf-parser does not expose hhea's caret slope; read it (offsets 18 and 20). Upright
        // (1, 0) when the table is short.
        let raw_hhea = ttf.raw_face().table(ttf_parser::Tag::from_bytes(b"hhea"));
        let read_i16 = |at: usize| {
            raw_hhea
                .and_then(|t| t.get(at..at + 2))
                .map(|b| i16::from_be_bytes([b[0], b[1]]))
        };
        let caret_slope = match (read_i16(18), read_i16(20)) {
            (Some(rise), Some(run)) => (rise, run),
            _ => (1, 0),
        };
        Ok(SubsetFont {
            face: face_id,
            bytes,
            base_font: format!(
                "{}+{}",
                subset_tag(face.postscript_name(), &used),
                face.postscript_name()
            ),
            remap,
            widths,
            units_per_em: face.units_per_em(),
            ascent: ttf.ascender(),
            descent: ttf.descender(),
            bbox: [bb.x_min, bb.y_min, bb.x_max, bb.y_max],
            is_cff: face.is_cff(),
            caret_slope,
            weight: ttf.weight().to_number(),
        })
    }
}

/// Six capital letters from a hash of the face name and the used glyphs.
fn subset_tag(postscript_name: &str, glyphs: &[u16]) -> String {
    let mut hash = Sha256::new();
    hash.update(postscript_name.as_bytes());
    for g in glyphs {
        hash.update(g.to_be_bytes());
    }
    hash.finalize()
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}
