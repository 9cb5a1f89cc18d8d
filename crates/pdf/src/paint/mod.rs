//! Painting: the laid-out `frame::Document` → PDF bytes, through printpdf 0.12 and a lopdf
//! finishing step. Nothing here measures or breaks text: every position comes from the frame.
//!
//! - `text`: text lines → glyph-id `TJ`s whose offsets are computed against the `/W` widths
//!   printpdf writes, with ActualText spans wherever a gap or a hidden glyph would otherwise
//!   change the extracted text (see ../../../../shared/notes/printpdf.md).
//! - `images`: each distinct asset → one image XObject (JPEG passed through); `svg`: SVG
//!   drawings as form XObjects.
//! - `document`: what printpdf cannot do — nested outline, `/Lang`, info, PDF 1.7 header,
//!   compression level, a deterministic `/ID`.
//!
//! Resource names are chosen here (`F0`…, `Im0`…), never printpdf's random ids, so the same
//! document always gives the same bytes.

mod document;
mod graphics;
mod images;
mod svg;
mod text;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;

use hanmoto_model::{AssetId, AssetStore, Diagnostic};
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, Pt};

use crate::fonts::FontSet;
use crate::frame::{Document, Element, Page};
use rayon::prelude::*;

/// Writes `doc` as a PDF to `out`. `Err` for an image that fails to decode, a face that cannot
/// be subset, or a failed write; nothing is written to `out` before the whole file is ready.
pub fn paint(
    doc: &Document,
    fonts: &FontSet,
    assets: &AssetStore,
    out: &mut dyn std::io::Write,
) -> Result<(), Diagnostic> {
    let bytes = paint_to_vec(doc, fonts, assets)?;
    write_out(&bytes, out)
}

/// [`paint`], consuming the document: each page's frame is freed as soon as its drawing
/// operations are built, so a book's glyphs are never held as frames and as PDF operations at
/// once (the output is the same).
pub fn paint_owned(
    doc: Document,
    fonts: &FontSet,
    assets: &AssetStore,
    out: &mut dyn std::io::Write,
) -> Result<(), Diagnostic> {
    let bytes = paint_doc(Cow::Owned(doc), fonts, assets)?;
    write_out(&bytes, out)
}

fn write_out(bytes: &[u8], out: &mut dyn std::io::Write) -> Result<(), Diagnostic> {
    out.write_all(bytes)
        .map_err(|e| Diagnostic::error("pdf-write", format!("cannot write the PDF: {e}")))
}

/// The PDF as bytes.
pub fn paint_to_vec(
    doc: &Document,
    fonts: &FontSet,
    assets: &AssetStore,
) -> Result<Vec<u8>, Diagnostic> {
    paint_doc(Cow::Borrowed(doc), fonts, assets)
}

fn paint_doc(
    mut doc: Cow<'_, Document>,
    fonts: &FontSet,
    assets: &AssetStore,
) -> Result<Vec<u8>, Diagnostic> {
    let mut pdf = PdfDocument::new(&doc.info.title);
    let text_fonts = text::TextFonts::embed(&doc, fonts, &mut pdf)?;
    let images = images::embed(&doc, fonts, assets, &mut pdf)?;

    // Pages are painted on all threads (each from its own fresh graphics state, so the
    // operations do not depend on the order); an owned document frees each page's frame as
    // soon as its operations exist.
    let heights: Vec<f32> = doc.pages.iter().map(|p| p.height).collect();
    let paint_page = |page: &Page| paint_page(page, &text_fonts, &images.ids, &heights);
    let pages: Vec<PdfPage> = match &mut doc {
        Cow::Borrowed(doc) => doc.pages.par_iter().map(paint_page).collect(),
        Cow::Owned(doc) => doc
            .pages
            .par_iter_mut()
            .map(|page| {
                let painted = paint_page(page);
                page.elements = Vec::new();
                painted
            })
            .collect(),
    };
    pdf.pages = pages;

    let options = PdfSaveOptions {
        // We compress ourselves (level 6, not lopdf's 9) and prune nothing: every object
        // written is referenced.
        optimize: false,
        // The fonts handed over are already subsets (`SubsetFont`).
        subset_fonts: false,
        secure: true,
        // Otherwise printpdf re-encodes images as JPEG.
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lopdf = pdf.to_lopdf_document(&options, &mut warnings);
    // The operations are now content streams: free them before compressing and writing.
    drop(pdf);
    if let Some(w) = warnings
        .iter()
        .find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error))
    {
        return Err(Diagnostic::error(
            "pdf-write",
            format!("printpdf: {}", w.msg),
        ));
    }
    svg::import_forms(&mut lopdf, &images.svgs)?;
    document::finish(lopdf, &doc)
}

/// One page's drawing operations.
fn paint_page(
    page: &Page,
    text_fonts: &text::TextFonts,
    image_ids: &BTreeMap<AssetId, printpdf::XObjectId>,
    heights: &[f32],
) -> PdfPage {
    let mut ops = Vec::new();
    let mut state = graphics::State::default();
    for element in &page.elements {
        match element {
            Element::Text(line) => {
                text::paint_line(&mut ops, &mut state, text_fonts, line, page.height)
            }
            Element::Rect { rect, fill, stroke } => {
                graphics::paint_rect(&mut ops, &mut state, rect, *fill, *stroke, page.height)
            }
            Element::Rule { from, to, stroke } => {
                graphics::paint_rule(&mut ops, &mut state, *from, *to, *stroke, page.height)
            }
            Element::Image { asset, rect } => {
                if let Some(id) = image_ids.get(asset) {
                    images::place(&mut ops, id, rect, page.height);
                }
            }
            Element::Link { rect, dest } => {
                graphics::paint_link(&mut ops, rect, dest, heights, page.height)
            }
        }
    }
    let media = printpdf::Rect::from_wh(Pt(page.width), Pt(page.height));
    PdfPage {
        media_box: media.clone(),
        trim_box: media.clone(),
        crop_box: media,
        ops,
    }
}

/// Deterministic resource names, in a stable order.
fn resource_names<K: Ord + Copy>(
    keys: impl IntoIterator<Item = K>,
    prefix: &str,
) -> BTreeMap<K, String> {
    keys.into_iter()
        .collect::<std::collections::BTreeSet<K>>()
        .into_iter()
        .enumerate()
        .map(|(i, k)| (k, format!("{prefix}{i}")))
        .collect()
}
