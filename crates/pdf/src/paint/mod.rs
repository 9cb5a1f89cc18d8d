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
//! Pages become content streams in parallel, a chunk of pages at a time, each chunk through a
//! printpdf document of its own that holds only the fonts (printpdf converts a whole document at
//! once, on one thread, and would hold every page's operations meanwhile); the real document
//! gets the streams, the link annotations and one hidden page that shows each glyph once so its
//! fonts' widths and ToUnicode are written as before. The bytes do not depend on the chunking.
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
use printpdf::{Op, PdfDocument, PdfPage, PdfSaveOptions, Pt};

use crate::fonts::FontSet;
use crate::frame::{Document, Element, Page};
use rayon::prelude::*;

/// Writes `doc` as a PDF to `out`, consuming it: each page's frame is freed as soon as its
/// drawing operations are built, so a book's glyphs are never held as frames and as PDF operations
/// at once. `Err` for an image that fails to decode, a face that cannot be subset, or a failed
/// write; nothing is written to `out` before the whole file is ready.
pub fn paint(
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

/// The PDF of a borrowed document, as bytes (the same bytes [`paint`] writes).
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

    // Content streams are made on all threads, a chunk of pages at a time: each chunk paints
    // its pages' operations (from a fresh graphics state per page, so they do not depend on
    // the order) and has printpdf turn them into content bytes in a document of its own that
    // holds only the fonts; the operations are dropped with the chunk. An owned document frees
    // each chunk's frames there too. Only the link annotations go on to the real document.
    let heights: Vec<f32> = doc.pages.iter().map(|p| p.height).collect();
    let paint_chunk = |pages: &[Page]| {
        let painted = pages
            .iter()
            .map(|page| paint_page(page, &text_fonts, &images.ids, &heights))
            .collect();
        contents_of(painted, &pdf.resources.fonts, &options)
    };
    let chunks: Vec<Result<Vec<PageContent>, Diagnostic>> = match &mut doc {
        Cow::Borrowed(doc) => doc
            .pages
            .par_chunks(PAGES_PER_CHUNK)
            .map(paint_chunk)
            .collect(),
        Cow::Owned(doc) => doc
            .pages
            .par_chunks_mut(PAGES_PER_CHUNK)
            .map(|pages| {
                let contents = paint_chunk(pages);
                for page in pages {
                    page.elements = Vec::new();
                }
                contents
            })
            .collect(),
    };
    let mut contents = Vec::with_capacity(doc.pages.len());
    let mut pages = Vec::with_capacity(doc.pages.len() + 1);
    for chunk in chunks {
        for (content, links) in chunk? {
            contents.push(content);
            let index = pages.len();
            let Some(page) = doc.pages.get(index) else {
                return Err(internal("more content streams than pages"));
            };
            let media = printpdf::Rect::from_wh(Pt(page.width), Pt(page.height));
            pages.push(PdfPage {
                media_box: media.clone(),
                trim_box: media.clone(),
                crop_box: media,
                ops: links,
            });
        }
    }
    // One extra page showing every glyph once, with its ToUnicode text: printpdf writes a
    // font's /W and ToUnicode from the glyphs the pages show, and the real pages show none
    // here. It is taken out of the page tree below (and pruned with its objects).
    let media = printpdf::Rect::from_wh(Pt(1.0), Pt(1.0));
    pages.push(PdfPage {
        media_box: media.clone(),
        trim_box: media.clone(),
        crop_box: media,
        ops: text_fonts.glyph_usage_ops(),
    });
    pdf.pages = pages;

    let mut warnings = Vec::new();
    let mut lopdf = pdf.to_lopdf_document(&options, &mut warnings);
    drop(pdf);
    check_warnings(&warnings)?;
    set_contents(&mut lopdf, contents)?;
    svg::import_forms(&mut lopdf, &images.svgs)?;
    document::finish(lopdf, &doc)
}

/// Pages per chunk of [`paint_doc`]'s content streams: enough that the fonts each chunk's
/// printpdf document writes again are noise, few enough that a book's chunks keep every
/// thread busy and only a few pages' operations are alive at once.
const PAGES_PER_CHUNK: usize = 32;

fn internal(what: &str) -> Diagnostic {
    Diagnostic::error("pdf-write", what.to_owned())
}

fn check_warnings(warnings: &[printpdf::PdfWarnMsg]) -> Result<(), Diagnostic> {
    match warnings
        .iter()
        .find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error))
    {
        Some(w) => Err(Diagnostic::error(
            "pdf-write",
            format!("printpdf: {}", w.msg),
        )),
        None => Ok(()),
    }
}

/// A page's content stream (uncompressed) and its link annotations.
type PageContent = (Vec<u8>, Vec<Op>);

/// Each page's content stream bytes (uncompressed) and its link annotations, through a
/// printpdf document holding only `fonts` and these pages.
fn contents_of(
    pages: Vec<PdfPage>,
    fonts: &printpdf::PdfFontMap,
    options: &PdfSaveOptions,
) -> Result<Vec<PageContent>, Diagnostic> {
    let mut pdf = PdfDocument::new("");
    pdf.resources.fonts = fonts.clone();
    let mut links = Vec::with_capacity(pages.len());
    pdf.pages = pages
        .into_iter()
        .map(|mut page| {
            let (annotations, ops) = page
                .ops
                .into_iter()
                .partition(|op| matches!(op, Op::LinkAnnotation { .. }));
            links.push(annotations);
            page.ops = ops;
            page
        })
        .collect();
    let mut warnings = Vec::new();
    let mut lopdf = pdf.to_lopdf_document(options, &mut warnings);
    drop(pdf);
    check_warnings(&warnings)?;
    let page_ids: Vec<lopdf::ObjectId> = lopdf.get_pages().into_values().collect();
    if page_ids.len() != links.len() {
        return Err(internal("printpdf wrote another number of pages"));
    }
    let mut contents = Vec::with_capacity(page_ids.len());
    for (id, links) in page_ids.into_iter().zip(links) {
        contents.push((take_content(&mut lopdf, id)?, links));
    }
    Ok(contents)
}

/// The content stream id of page `id`.
fn content_id(pdf: &lopdf::Document, id: lopdf::ObjectId) -> Result<lopdf::ObjectId, Diagnostic> {
    pdf.get_dictionary(id)
        .and_then(|page| page.get(b"Contents"))
        .and_then(lopdf::Object::as_reference)
        .map_err(|_| internal("a page without one content stream"))
}

fn take_content(pdf: &mut lopdf::Document, id: lopdf::ObjectId) -> Result<Vec<u8>, Diagnostic> {
    let content = content_id(pdf, id)?;
    match pdf.objects.get_mut(&content) {
        Some(lopdf::Object::Stream(stream)) => Ok(std::mem::take(&mut stream.content)),
        _ => Err(internal("a page's contents are not a stream")),
    }
}

/// Puts the chunks' content streams into the real document's pages, and takes the glyph usage
/// page (the last) out of the page tree.
fn set_contents(pdf: &mut lopdf::Document, contents: Vec<Vec<u8>>) -> Result<(), Diagnostic> {
    let page_ids: Vec<lopdf::ObjectId> = pdf.get_pages().into_values().collect();
    if page_ids.len() != contents.len() + 1 {
        return Err(internal("printpdf wrote another number of pages"));
    }
    for (&id, content) in page_ids.iter().zip(contents) {
        let stream = content_id(pdf, id)?;
        match pdf.objects.get_mut(&stream) {
            Some(lopdf::Object::Stream(s)) => s.set_content(content),
            _ => return Err(internal("a page's contents are not a stream")),
        }
    }
    let usage_page = page_ids[page_ids.len() - 1];
    let tree = pdf
        .get_dictionary(usage_page)
        .and_then(|page| page.get(b"Parent"))
        .and_then(lopdf::Object::as_reference)
        .map_err(|_| internal("a page without a parent"))?;
    let tree = pdf
        .get_dictionary_mut(tree)
        .map_err(|_| internal("the page tree is not a dictionary"))?;
    let kids = tree
        .get_mut(b"Kids")
        .and_then(lopdf::Object::as_array_mut)
        .map_err(|_| internal("the page tree has no kids"))?;
    kids.retain(|kid| kid.as_reference().ok() != Some(usage_page));
    let count = kids.len() as i64;
    tree.set("Count", lopdf::Object::Integer(count));
    Ok(())
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
