//! Text lines → `BT … ET` with glyph ids, positioned exactly and extracting exactly.
//!
//! Position: a chunk of glyphs (one segment, one vertical offset) starts with a `Tm` at its
//! first glyph; after each glyph the viewer advances by the glyph's `/W` width, which printpdf
//! writes *truncated* to whole 1/1000 em, so the TJ number after each glyph is computed against
//! that integer, with the pen tracked in f64 from what is actually written (no drift). The TJ
//! numbers are whole units too: every glyph lands within 1/2000 em (0.005 pt at 9.5 pt) of
//! where layout put it, and a run of glyphs whose widths need no correction is one string.
//!
//! Extraction (notes/printpdf.md, measured): a gap wider than ~0.1 em becomes a space in
//! poppler, and an overlap of 0.2 em or more (punctuation compression, `」、`) starts a new line
//! in `pdftotext -raw` (measured here: exact at −0.15 em, split at −0.2 em). Every gap over
//! 0.09 em either way, every glyph that is not the author's text
//! (`extract == false`) is wrapped with its neighbours in a `/Span <</ActualText …>>`
//! marked-content sequence carrying the real text; a glyph whose text differs from its font's
//! ToUnicode entry (one entry per glyph id: `〜` and `～` share a glyph in IPAex) gets a span of
//! its own.

use std::collections::{BTreeMap, HashMap};

use hanmoto_model::Diagnostic;
use printpdf::{Codepoint, FontId, Op, PdfDocument, PdfFont, PdfFontHandle, Pt, TextItem};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::content::Content;
use super::graphics::State;
use crate::fonts::{FaceId, FontSet};
use crate::frame::{Document, Element, PlacedGlyph, TextLine};

/// The widest gap, in em of the smaller neighbour, that every extractor measured keeps exact.
const SAFE_GAP_EM: f32 = 0.09;

/// One embedded subset and what the painter needs to place its glyphs.
pub(super) struct EmbeddedFont {
    resource: String,
    /// SHA-256 of the embedded font program and of each glyph's ToUnicode text: what this
    /// font puts into the file, for the file's `/ID`.
    digest: [u8; 32],
    /// The resource's place in the document's font order (the painter's state key).
    index: usize,
    /// Indexed by original glyph id (a page looks glyphs up a thousand times).
    glyphs: Vec<Option<EmbeddedGlyph>>,
}

struct EmbeddedGlyph {
    /// In the subset.
    gid: u16,
    /// `/W` width as printpdf writes it (1/1000 em, truncated).
    width: f32,
    /// Its ToUnicode text.
    text: String,
}

impl EmbeddedFont {
    fn glyph(&self, gid: u16) -> Option<&EmbeddedGlyph> {
        self.glyphs.get(usize::from(gid))?.as_ref()
    }
}

pub(super) struct TextFonts {
    by_face: BTreeMap<FaceId, EmbeddedFont>,
}

impl TextFonts {
    /// Subsets every face the document uses (on all threads) and registers it with `pdf` under
    /// a stable name.
    pub fn embed(
        doc: &Document,
        fonts: &FontSet,
        pdf: &mut PdfDocument,
    ) -> Result<TextFonts, Diagnostic> {
        let unicode = unicode_texts(doc);
        let names = super::resource_names(unicode.keys().copied(), "F");
        let subsets: Vec<_> = unicode
            .into_par_iter()
            .map(|(face, texts)| {
                let subset = fonts.subset(face, texts.keys().copied())?;
                let upem = f32::from(subset.units_per_em);
                let size = texts.keys().last().map_or(0, |&g| usize::from(g) + 1);
                let mut glyphs: Vec<Option<EmbeddedGlyph>> = Vec::new();
                glyphs.resize_with(size, || None);
                for (old, text) in texts {
                    let new = subset.new_gid(old).ok_or_else(|| {
                        Diagnostic::error(
                            "font-subset",
                            format!(
                                "glyph {old} of {} is missing from its subset",
                                fonts.face(face).postscript_name()
                            ),
                        )
                    })?;
                    let units = subset.widths.get(&new).copied().unwrap_or(0);
                    // The same arithmetic as printpdf's `get_scaled_glyph_width` (f32,
                    // truncated).
                    let width = (f32::from(units) * 1000.0 / upem) as i64 as f32;
                    glyphs[usize::from(old)] = Some(EmbeddedGlyph {
                        gid: new,
                        width,
                        text,
                    });
                }
                let mut digest = Sha256::new();
                digest.update(&subset.bytes);
                for (gid, g) in glyphs.iter().enumerate() {
                    if let Some(g) = g {
                        digest.update((gid as u32).to_be_bytes());
                        digest.update((g.text.len() as u32).to_be_bytes());
                        digest.update(g.text.as_bytes());
                    }
                }
                Ok((face, subset, glyphs, digest.finalize().into()))
            })
            // All results, then the first error in face order: the same error every run.
            .collect::<Vec<Result<_, Diagnostic>>>()
            .into_iter()
            .collect::<Result<_, Diagnostic>>()?;
        let mut by_face = BTreeMap::new();
        for (face, subset, glyphs, digest) in subsets {
            let resource = names[&face].clone();
            let index = by_face.len();
            pdf.resources
                .fonts
                .map
                .insert(FontId(resource.clone()), PdfFont::new(subset.to_printpdf()));
            by_face.insert(
                face,
                EmbeddedFont {
                    resource,
                    digest,
                    index,
                    glyphs,
                },
            );
        }
        Ok(TextFonts { by_face })
    }

    /// Each embedded font's digest (program and ToUnicode texts), in resource order.
    pub fn digests(&self) -> impl Iterator<Item = &[u8; 32]> {
        self.by_face.values().map(|f| &f.digest)
    }

    /// Every embedded glyph shown once with its ToUnicode text: what printpdf needs to see to
    /// write each font's widths and ToUnicode map (the same texts every real occurrence has).
    pub fn glyph_usage_ops(&self) -> Vec<Op> {
        let mut ops = vec![Op::StartTextSection];
        for font in self.by_face.values() {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(font.resource.clone())),
                size: Pt(1.0),
            });
            let codepoints = font
                .glyphs
                .iter()
                .flatten()
                .map(|g| Codepoint {
                    gid: g.gid,
                    offset: 0.0,
                    cid: Some(g.text.clone()),
                })
                .collect();
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(codepoints)],
            });
        }
        ops.push(Op::EndTextSection);
        ops
    }
}

/// The best text seen so far for each glyph of each face, with its rank (lower is better).
type Best<'a> = BTreeMap<FaceId, HashMap<u16, (u8, &'a str)>>;

/// One ToUnicode text per glyph id per face: the first text the author's glyphs give it, else
/// the first any glyph gives it, else empty. Pages are read on all threads; the merge keeps
/// the earlier page's text on a tie, so the result is the same as reading them in order.
fn unicode_texts(doc: &Document) -> BTreeMap<FaceId, BTreeMap<u16, String>> {
    fn offer<'a>(best: &mut Best<'a>, face: FaceId, gid: u16, rank: u8, text: &'a str) {
        let entry = best
            .entry(face)
            .or_default()
            .entry(gid)
            .or_insert((u8::MAX, ""));
        if rank < entry.0 {
            *entry = (rank, text);
        }
    }
    let best = doc
        .pages
        .par_iter()
        .fold(Best::new, |mut best, page| {
            for element in &page.elements {
                let Element::Text(line) = element else {
                    continue;
                };
                for seg in &line.segments {
                    for g in &seg.glyphs {
                        let rank = match (g.extract, g.text.is_empty()) {
                            (true, false) => 0,
                            (false, false) => 1,
                            _ => 2,
                        };
                        offer(&mut best, seg.face, g.gid, rank, &g.text);
                    }
                }
            }
            best
        })
        .reduce(Best::new, |mut earlier, later| {
            for (face, glyphs) in later {
                for (gid, (rank, text)) in glyphs {
                    offer(&mut earlier, face, gid, rank, text);
                }
            }
            earlier
        });
    best.into_iter()
        .map(|(face, glyphs)| {
            let texts = glyphs
                .into_iter()
                .map(|(gid, (_, text))| (gid, text.to_owned()))
                .collect();
            (face, texts)
        })
        .collect()
}

/// A glyph of the line with the segment it belongs to.
struct Flat<'a> {
    seg: usize,
    size: f32,
    glyph: &'a PlacedGlyph,
}

/// Inclusive glyph ranges of the line that need ActualText, merged, in order.
fn actual_text_spans(flat: &[Flat], fonts: &TextFonts, faces: &[FaceId]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut add = |a: usize, b: usize| match spans.last_mut() {
        Some(last) if a <= last.1 => last.1 = last.1.max(b),
        _ => spans.push((a, b)),
    };
    let last = flat.len().saturating_sub(1);
    for (i, f) in flat.iter().enumerate() {
        let canonical = fonts
            .by_face
            .get(&faces[f.seg])
            .and_then(|e| e.glyph(f.glyph.gid))
            .map(|g| &g.text);
        if !f.glyph.extract {
            // With its neighbours: the gap it leaves, and its other size and rise, must not
            // split the text around it (poppler, all modes).
            add(i.saturating_sub(1), (i + 1).min(last));
        } else if canonical.is_none_or(|t| t.is_empty() || *t != f.glyph.text) {
            // Alone: MuPDF 1.28 honours a one-glyph span but breaks the line after a longer one.
            add(i, i);
        }
        if let Some(next) = flat.get(i + 1) {
            let gap = next.glyph.x - (f.glyph.x + f.glyph.advance);
            // 1/1000 pt of slack: layout caps its stretch at exactly 0.09 em. Negative gaps
            // (compression) count too: `pdftotext -raw` splits the line at a large overlap.
            if gap.abs() > SAFE_GAP_EM * f.size.min(next.size) + 0.001 {
                add(i, i + 1);
            }
        }
    }
    spans
}

/// Glyphs shown with one `Tm` + `TJ`.
struct Chunk {
    seg: usize,
    y_offset: f32,
    x0: f32,
    /// Pen position after the last glyph shown, 1/1000 em from `x0`.
    pen: f64,
    /// Subset glyph ids, each with the `TJ` adjustment after it (whole 1/1000 em).
    glyphs: Vec<(u16, f64)>,
}

pub(super) fn paint_line(
    out: &mut Content,
    state: &mut State,
    fonts: &TextFonts,
    line: &TextLine,
    page_height: f32,
) {
    let faces: Vec<FaceId> = line.segments.iter().map(|s| s.face).collect();
    let flat: Vec<Flat> = line
        .segments
        .iter()
        .enumerate()
        .flat_map(|(seg, s)| {
            s.glyphs.iter().map(move |glyph| Flat {
                seg,
                size: s.size,
                glyph,
            })
        })
        .collect();
    if flat.is_empty() {
        return;
    }
    let spans = actual_text_spans(&flat, fonts, &faces);
    let baseline = page_height - line.origin.y;
    let mut painter = LinePainter {
        out,
        state,
        fonts,
        line,
        baseline,
        chunk: None,
    };
    painter.out.op("BT");
    let mut spans = spans.into_iter().peekable();
    let mut open: Option<usize> = None;
    for (i, f) in flat.iter().enumerate() {
        if let Some(&(a, b)) = spans.peek() {
            if a == i {
                painter.flush();
                let text: String = flat[a..=b]
                    .iter()
                    .filter(|f| f.glyph.extract)
                    .map(|f| f.glyph.text.as_str())
                    .collect();
                painter.out.begin_actual_text(&text);
                open = Some(b);
                spans.next();
            }
        }
        painter.show(f);
        if open == Some(i) {
            painter.flush();
            painter.out.op("EMC");
            open = None;
        }
    }
    painter.flush();
    painter.out.op("ET");
}

struct LinePainter<'a> {
    out: &'a mut Content,
    state: &'a mut State,
    fonts: &'a TextFonts,
    line: &'a TextLine,
    baseline: f32,
    chunk: Option<Chunk>,
}

impl LinePainter<'_> {
    fn show(&mut self, f: &Flat) {
        let seg = &self.line.segments[f.seg];
        let Some(font) = self.fonts.by_face.get(&seg.face) else {
            return;
        };
        // Every glyph of the frame was collected for its face's subset.
        let Some(&EmbeddedGlyph { gid, width, .. }) = font.glyph(f.glyph.gid) else {
            return;
        };
        let continues = self
            .chunk
            .as_ref()
            .is_some_and(|c| c.seg == f.seg && c.y_offset == f.glyph.y_offset);
        if !continues {
            self.flush();
            self.chunk = Some(Chunk {
                seg: f.seg,
                y_offset: f.glyph.y_offset,
                x0: f.glyph.x,
                pen: 0.0,
                glyphs: Vec::new(),
            });
        }
        // Just set above when absent.
        let Some(chunk) = self.chunk.as_mut() else {
            return;
        };
        if let Some(prev) = chunk.glyphs.last_mut() {
            // Move the pen from where the previous glyph left it to this glyph's x.
            let target = f64::from(f.glyph.x - chunk.x0) * 1000.0 / f64::from(seg.size);
            // Whole units: what is left (under half a unit, 1/2000 em) is carried in `pen`
            // to the next glyph, never accumulated.
            prev.1 = (chunk.pen - target).round();
            chunk.pen -= prev.1;
        }
        chunk.pen += f64::from(width);
        chunk.glyphs.push((gid, 0.0));
    }

    fn flush(&mut self) {
        let Some(chunk) = self.chunk.take() else {
            return;
        };
        let seg = &self.line.segments[chunk.seg];
        let Some(font) = self.fonts.by_face.get(&seg.face) else {
            return;
        };
        let want = (font.index, seg.size);
        if self.state.font != Some(want) {
            self.out
                .name(&font.resource)
                .num(f64::from(seg.size))
                .op("Tf");
            self.state.font = Some(want);
        }
        self.state.set_fill(self.out, seg.color);
        if self.state.rise != seg.rise {
            self.out.num(f64::from(seg.rise)).op("Ts");
            self.state.rise = seg.rise;
        }
        self.out
            .num(1.0)
            .num(0.0)
            .num(0.0)
            .num(1.0)
            .num(f64::from(self.line.origin.x + chunk.x0))
            .num(f64::from(self.baseline + chunk.y_offset))
            .op("Tm");
        self.out.show_glyphs(&chunk.glyphs);
    }
}
