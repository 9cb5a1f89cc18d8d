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

use std::collections::BTreeMap;

use hanmoto_model::Diagnostic;
use printpdf::{Codepoint, FontId, Op, PdfDocument, PdfFont, PdfFontHandle, Pt, TextItem};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::content::Content;
use super::graphics::State;
use crate::fonts::{FaceId, FontSet};
use crate::frame::{ActualText, Element, Page, PlacedGlyph, TextLine, COLUMN_CENTRE_EM};

/// The widest gap, in em of the smaller neighbour, that every extractor measured keeps exact.
const SAFE_GAP_EM: f32 = 0.09;

/// One face's glyphs as the document uses them, and (once [`TextFonts::embed`] ran) its subset.
pub(super) struct EmbeddedFont {
    /// `F<face>`: named after the face, so a page can be painted before the others are seen.
    resource: String,
    /// SHA-256 of the embedded font program and of each glyph's ToUnicode text: what this
    /// font puts into the file, for the file's `/ID` (set by `embed`).
    digest: [u8; 32],
    /// The painter's state key.
    index: usize,
    /// A vertical twin: embedded with `Identity-V`, its pen moving down.
    pub(super) vertical: bool,
    /// Indexed by original glyph id (a page looks glyphs up a thousand times).
    glyphs: Vec<Option<EmbeddedGlyph>>,
    /// Original glyph ids in the order they were met: the subset's numbering (0 is `.notdef`).
    order: subsetter::GlyphRemapper,
}

struct EmbeddedGlyph {
    /// In the subset.
    gid: u16,
    /// `/W` width as printpdf writes it (1/1000 em, truncated).
    width: f32,
    /// Its ToUnicode text: the first non-empty text it was met with, never changed after
    /// (pages painted before rely on it).
    text: String,
}

impl EmbeddedFont {
    fn glyph(&self, gid: u16) -> Option<&EmbeddedGlyph> {
        self.glyphs.get(usize::from(gid))?.as_ref()
    }
}

/// Every face the document uses, with its glyphs numbered in the order pages met them, so a
/// book is painted a batch of pages at a time: [`TextFonts::register`] the batch (in page
/// order, on one thread), paint it (on all threads), and only at the end subset the faces
/// ([`TextFonts::embed`]). The numbering depends on the page order alone, never on batch
/// sizes or threads.
#[derive(Default)]
pub(super) struct TextFonts {
    by_face: BTreeMap<FaceId, EmbeddedFont>,
}

impl TextFonts {
    /// Numbers the glyphs `pages` use that no earlier page used, and gives each its width and
    /// ToUnicode text. Call in page order.
    pub fn register<'p>(&mut self, fonts: &FontSet, pages: impl IntoIterator<Item = &'p Page>) {
        for page in pages {
            for element in &page.elements {
                let Element::Text(line) = element else {
                    continue;
                };
                for seg in &line.segments {
                    let font = self.by_face.entry(seg.face).or_insert_with(|| {
                        let index = usize::from(seg.face.0);
                        EmbeddedFont {
                            resource: format!("F{index}"),
                            digest: [0; 32],
                            index,
                            vertical: fonts.is_vertical(seg.face),
                            glyphs: Vec::new(),
                            order: subsetter::GlyphRemapper::new(),
                        }
                    });
                    for g in &seg.glyphs {
                        let at = usize::from(g.gid);
                        if font.glyphs.len() <= at {
                            font.glyphs.resize_with(at + 1, || None);
                        }
                        match &mut font.glyphs[at] {
                            Some(known) => {
                                if known.text.is_empty() && !g.text.is_empty() {
                                    known.text.clone_from(&g.text);
                                }
                            }
                            slot @ None => {
                                let face = fonts.face(seg.face);
                                let upem = f32::from(face.units_per_em());
                                // The same arithmetic as printpdf's `get_scaled_glyph_width`
                                // (f32, truncated).
                                // A vertical face's pen moves down by the vertical advance
                                // (`Identity-V`, `/W2`/`/DW2`).
                                let units = if fonts.is_vertical(seg.face) {
                                    face.vertical_metrics(g.gid).1 as f32
                                } else {
                                    f32::from(face.advance(g.gid))
                                };
                                *slot = Some(EmbeddedGlyph {
                                    gid: font.order.remap(g.gid),
                                    width: (units * 1000.0 / upem) as i64 as f32,
                                    text: g.text.clone(),
                                });
                            }
                        }
                    }
                }
            }
        }
    }

    /// Subsets every face met (on all threads) to the glyphs met, numbered as registered, and
    /// registers it with `pdf`.
    pub fn embed(&mut self, fonts: &FontSet, pdf: &mut PdfDocument) -> Result<(), Diagnostic> {
        let subsets: Vec<_> = self
            .by_face
            .par_iter()
            .map(|(&face, font)| {
                let subset = fonts.subset_numbered(face, &font.order)?;
                let mut digest = Sha256::new();
                digest.update(&subset.bytes);
                if font.vertical {
                    digest.update(b"Identity-V");
                }
                for (gid, g) in font.glyphs.iter().enumerate() {
                    if let Some(g) = g {
                        digest.update((gid as u32).to_be_bytes());
                        digest.update((g.text.len() as u32).to_be_bytes());
                        digest.update(g.text.as_bytes());
                    }
                }
                Ok((face, subset, <[u8; 32]>::from(digest.finalize())))
            })
            // All results, then the first error in face order: the same error every run.
            .collect::<Vec<Result<_, Diagnostic>>>()
            .into_iter()
            .collect::<Result<_, Diagnostic>>()?;
        for (face, subset, digest) in subsets {
            if let Some(font) = self.by_face.get_mut(&face) {
                font.digest = digest;
                pdf.resources.fonts.map.insert(
                    FontId(font.resource.clone()),
                    PdfFont::new(subset.to_printpdf()),
                );
            }
        }
        Ok(())
    }

    /// Turns the vertical twins printpdf wrote (as every font, `Identity-H`) into vertical
    /// CID fonts in `pdf` (its `page`'s resources): `/Encoding /Identity-V`, and the vertical
    /// metrics from the face (`/DW2` the most common origin and advance, `/W2` the others),
    /// sharing nothing else's objects. Their program, widths and ToUnicode stay as written.
    pub fn make_vertical(
        &self,
        fonts: &FontSet,
        pdf: &mut lopdf::Document,
        page: lopdf::ObjectId,
    ) -> Result<(), Diagnostic> {
        use lopdf::Object;
        let fail = || super::internal("printpdf wrote a font dictionary hanmoto cannot read");
        let resources = pdf
            .get_dictionary(page)
            .and_then(|p| p.get(b"Resources"))
            .map_err(|_| fail())?
            .clone();
        let resources = match &resources {
            Object::Reference(r) => pdf.get_dictionary(*r).map_err(|_| fail())?.clone(),
            Object::Dictionary(d) => d.clone(),
            _ => return Err(fail()),
        };
        let font_dict = match resources.get(b"Font").map_err(|_| fail())? {
            Object::Reference(r) => pdf.get_dictionary(*r).map_err(|_| fail())?.clone(),
            Object::Dictionary(d) => d.clone(),
            _ => return Err(fail()),
        };
        for (&face_id, font) in &self.by_face {
            if !font.vertical {
                continue;
            }
            let face = fonts.face(face_id);
            let upem = f64::from(face.units_per_em()).max(1.0);
            let thousandths = |v: i32| (f64::from(v) * 1000.0 / upem).round() as i64;
            // (subset gid, vertical origin, vertical advance, half the horizontal width).
            let mut metrics: Vec<(u16, i64, i64, i64)> = font
                .glyphs
                .iter()
                .enumerate()
                .filter_map(|(gid, g)| {
                    let g = g.as_ref()?;
                    let (origin, advance) = face.vertical_metrics(gid as u16);
                    let half = thousandths(i32::from(face.advance(gid as u16))) / 2;
                    Some((g.gid, thousandths(origin), thousandths(advance), half))
                })
                .collect();
            metrics.sort_unstable();
            let mut counts: BTreeMap<(i64, i64), usize> = BTreeMap::new();
            for m in &metrics {
                *counts.entry((m.1, m.2)).or_default() += 1;
            }
            let (vy, w1) = counts
                .iter()
                .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
                .map_or((880, 1000), |(k, _)| *k);
            let mut w2 = Vec::new();
            for &(gid, origin, advance, half) in &metrics {
                if (origin, advance) != (vy, w1) {
                    w2.push(Object::Integer(i64::from(gid)));
                    w2.push(Object::Array(vec![
                        Object::Integer(-advance),
                        Object::Integer(half),
                        Object::Integer(origin),
                    ]));
                }
            }
            let type0 = font_dict
                .get(font.resource.as_bytes())
                .and_then(Object::as_reference)
                .map_err(|_| fail())?;
            let dict = pdf.get_dictionary_mut(type0).map_err(|_| fail())?;
            dict.set("Encoding", Object::Name(b"Identity-V".to_vec()));
            // printpdf writes the CIDFont inline (a reference is followed too).
            let first = dict
                .get_mut(b"DescendantFonts")
                .and_then(Object::as_array_mut)
                .ok()
                .and_then(|a| a.first_mut())
                .ok_or_else(fail)?;
            let cid = match first {
                Object::Dictionary(d) => d,
                Object::Reference(r) => {
                    let r = *r;
                    pdf.get_dictionary_mut(r).map_err(|_| fail())?
                }
                _ => return Err(fail()),
            };
            cid.set(
                "DW2",
                Object::Array(vec![Object::Integer(vy), Object::Integer(-w1)]),
            );
            if !w2.is_empty() {
                cid.set("W2", Object::Array(w2));
            }
        }
        Ok(())
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

/// A glyph of the line with the segment it belongs to.
struct Flat<'a> {
    seg: usize,
    size: f32,
    glyph: &'a PlacedGlyph,
}

/// Inclusive glyph ranges of the line that need ActualText, merged, in order: the line's own
/// [`TextLine::actual`] runs (formulas) and the glyphs the rules below pick.
fn actual_text_spans(
    flat: &[Flat],
    fonts: &TextFonts,
    faces: &[FaceId],
    given: &[ActualText],
) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let last = flat.len().saturating_sub(1);
    let inside = |i: usize| given.iter().any(|a| a.first <= i && i <= a.last);
    for a in given {
        if a.first <= a.last && a.last <= last {
            ranges.push((a.first, a.last));
        }
    }
    for (i, f) in flat.iter().enumerate() {
        if inside(i) {
            // A given run is one span; only its edges' gaps are looked at below.
            if let Some(next) = flat.get(i + 1).filter(|_| !inside(i + 1)) {
                let gap = next.glyph.x - (f.glyph.x + f.glyph.advance);
                if gap.abs() > SAFE_GAP_EM * f.size.min(next.size) + 0.001 {
                    ranges.push((i, i + 1));
                }
            }
            continue;
        }
        let canonical = fonts
            .by_face
            .get(&faces[f.seg])
            .and_then(|e| e.glyph(f.glyph.gid))
            .map(|g| &g.text);
        if !f.glyph.extract {
            // With its neighbours: the gap it leaves, and its other size and rise, must not
            // split the text around it (poppler, all modes).
            ranges.push((i.saturating_sub(1), (i + 1).min(last)));
        } else if canonical.is_none_or(|t| t.is_empty() || *t != f.glyph.text) {
            // Alone: MuPDF 1.28 honours a one-glyph span but breaks the line after a longer one.
            ranges.push((i, i));
        }
        if let Some(next) = flat.get(i + 1) {
            let gap = next.glyph.x - (f.glyph.x + f.glyph.advance);
            // 1/1000 pt of slack: layout caps its stretch at exactly 0.09 em. Negative gaps
            // (compression) count too: `pdftotext -raw` splits the line at a large overlap.
            if gap.abs() > SAFE_GAP_EM * f.size.min(next.size) + 0.001 {
                ranges.push((i, i + 1));
            }
        }
    }
    ranges.sort_unstable();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        match spans.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => spans.push((a, b)),
        }
    }
    spans
}

/// The text a span of glyphs `a..=b` extracts as: each given run's text once, the other
/// glyphs' own texts.
fn span_text(flat: &[Flat], given: &[ActualText], a: usize, b: usize) -> String {
    let mut text = String::new();
    let mut i = a;
    while i <= b {
        if let Some(run) = given.iter().find(|r| r.first <= i && i <= r.last) {
            if run.first == i || i == a {
                text.push_str(&run.text);
            }
            i = run.last + 1;
            continue;
        }
        if flat[i].glyph.extract {
            text.push_str(&flat[i].glyph.text);
        }
        i += 1;
    }
    text
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
    // A vertical line extracts exactly only as one span (poppler puts a space at every small
    // gap down a column, and its reading order is the span's).
    let spans = if line.vertical {
        vec![(0, flat.len() - 1)]
    } else {
        actual_text_spans(&flat, fonts, &faces, &line.actual)
    };
    let baseline = page_height - line.origin.y;
    let mut painter = LinePainter {
        out,
        state,
        fonts,
        line,
        baseline,
        page_height,
        chunk: None,
    };
    painter.out.op("BT");
    let mut spans = spans.into_iter().peekable();
    let mut open: Option<usize> = None;
    for (i, f) in flat.iter().enumerate() {
        if let Some(&(a, b)) = spans.peek() {
            if a == i {
                painter.flush();
                let text = span_text(&flat, &line.actual, a, b);
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
    page_height: f32,
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
            // to the next glyph, never accumulated. Down a column (`Identity-V`) a positive
            // number moves the pen on, across a line it moves it back.
            if font.vertical {
                prev.1 = (target - chunk.pen).round();
                chunk.pen += prev.1;
            } else {
                prev.1 = (chunk.pen - target).round();
                chunk.pen -= prev.1;
            }
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
        // Only a turned Latin run keeps its rise as `Ts` (its glyphs' up is the page's right);
        // upright glyphs are moved right by it instead.
        let ts = if self.line.vertical && (font.vertical || seg.tcy.is_some()) {
            0.0
        } else {
            seg.rise
        };
        if self.state.rise != ts {
            self.out.num(f64::from(ts)).op("Ts");
            self.state.rise = ts;
        }
        let matrix = if !self.line.vertical {
            [
                1.0,
                0.0,
                0.0,
                1.0,
                self.line.origin.x + chunk.x0,
                self.baseline + chunk.y_offset,
            ]
        } else {
            // The column's centre line: the baseline turned, moved right by the rise.
            let up = seg.rise + chunk.y_offset;
            let centre = self.line.origin.x + up + COLUMN_CENTRE_EM * seg.size;
            let top = self.line.origin.y;
            if font.vertical {
                // `Identity-V`: the pen is at the top centre of the glyph's em box.
                [
                    1.0,
                    0.0,
                    0.0,
                    1.0,
                    centre,
                    self.page_height - (top + chunk.x0),
                ]
            } else if let Some(t) = seg.tcy {
                // Upright across the column, squeezed into its cell, the digits' middle (half
                // their cap height, ≈ 0.35 em) at the cell's.
                let squeeze = if t.width > t.length && t.width > 0.0 {
                    t.length / t.width
                } else {
                    1.0
                };
                let x = centre - t.width * squeeze / 2.0 + (chunk.x0 - t.start) * squeeze;
                let baseline = top + t.start + t.length / 2.0 + 0.35 * seg.size;
                [squeeze, 0.0, 0.0, 1.0, x, self.page_height - baseline]
            } else {
                // Turned 90° clockwise: the glyphs' baseline runs down the page.
                [
                    0.0,
                    -1.0,
                    1.0,
                    0.0,
                    self.line.origin.x + chunk.y_offset,
                    self.page_height - (top + chunk.x0),
                ]
            }
        };
        for v in matrix {
            self.out.num(f64::from(v));
        }
        self.out.op("Tm");
        self.out.show_glyphs(&chunk.glyphs);
    }
}
