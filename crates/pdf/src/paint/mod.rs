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
//! Each page's content stream is written directly as bytes (`content`; printpdf would build an
//! object per operation and format every number as a float) and deflated at once, on all
//! threads, a page at a time, so only compressed streams are held for the whole book. printpdf
//! then builds the document around them: the fonts, image XObjects, page tree, and one hidden
//! page that shows each glyph once so its fonts' widths and ToUnicode are written; the
//! streams and link annotations go into its pages. The bytes do not depend on the thread count.
//!
//! Resource names are chosen here (`F0`…, `Im0`…), never printpdf's random ids, so the same
//! document always gives the same bytes.

mod content;
mod document;
mod graphics;
mod images;
pub use images::ImageOptions;
mod svg;
mod text;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use hanmoto_model::{AssetId, AssetStore, Diagnostic, Diagnostics};
use lopdf::{Dictionary, Object, ObjectId};
use printpdf::{CustomPdfConformance, PdfConformance, PdfDocument, PdfPage, PdfSaveOptions, Pt};

use crate::fonts::FontSet;
use crate::frame::{Document, Element, Page};
use content::Content;
use graphics::{Action, Annotation};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// Writes `doc` as a PDF to `out`, consuming it: each page's frame is freed as soon as its
/// content stream is made, so a book's glyphs are never held as frames and as PDF content at
/// once. `Err` for a face that cannot be subset or a failed write; an image that fails to
/// decode is a warning in `diagnostics` and a frame in its place. Everything is checked before the first byte goes out, but a failed write can leave
/// `out` with part of a file: give it a temporary file, renamed once this returns `Ok`.
///
/// `page_done` is called from any thread with the number of pages made so far, for a progress
/// bar; it never says all are done (the caller knows when `paint` returns).
pub fn paint(
    doc: Document,
    fonts: &FontSet,
    assets: &AssetStore,
    images: ImageOptions,
    diagnostics: &Diagnostics,
    out: &mut dyn std::io::Write,
    page_done: &(dyn Fn(usize) + Sync),
) -> Result<(), Diagnostic> {
    paint_doc(
        Cow::Owned(doc),
        fonts,
        assets,
        images,
        diagnostics,
        out,
        page_done,
    )
}

/// The PDF of a borrowed document, as bytes (the same bytes [`paint`] writes); warnings are
/// dropped.
pub fn paint_to_vec(
    doc: &Document,
    fonts: &FontSet,
    assets: &AssetStore,
) -> Result<Vec<u8>, Diagnostic> {
    let mut bytes = Vec::new();
    let diagnostics = Diagnostics::new();
    paint_doc(
        Cow::Borrowed(doc),
        fonts,
        assets,
        ImageOptions::default(),
        &diagnostics,
        &mut bytes,
        &|_| {},
    )?;
    Ok(bytes)
}

fn paint_doc(
    mut doc: Cow<'_, Document>,
    fonts: &FontSet,
    assets: &AssetStore,
    image_options: ImageOptions,
    diagnostics: &Diagnostics,
    out: &mut dyn std::io::Write,
    page_done: &(dyn Fn(usize) + Sync),
) -> Result<(), Diagnostic> {
    let mut pdf = PdfDocument::new(&doc.info.title);
    // Not PDF/X: no ICC output intent, no XMP packet (printpdf's default claims PDF/X-3).
    pdf.metadata.info.conformance = PdfConformance::Custom(CustomPdfConformance::default());
    let text_fonts = text::TextFonts::embed(&doc, fonts, &mut pdf)?;
    let images = images::embed(&doc, fonts, assets, image_options, &mut pdf, diagnostics);

    let options = PdfSaveOptions {
        // We compress ourselves (level 4, not lopdf's 9) and prune nothing: every object
        // written is referenced.
        optimize: false,
        // The fonts handed over are already subsets (`SubsetFont`).
        subset_fonts: false,
        secure: true,
        // Otherwise printpdf re-encodes images as JPEG.
        image_optimization: None,
    };

    // Each page's content, deflated, on all threads; an owned document frees each page's
    // frame as soon as its stream is made.
    let heights: Vec<f32> = doc.pages.iter().map(|p| p.height).collect();
    let done = AtomicUsize::new(0);
    let last = heights.len().saturating_sub(1);
    let paint_one = |page: &Page| {
        let (content, links) = paint_page(page, &text_fonts, &images.ids, &heights);
        let painted = (document::deflate(content), links);
        page_done((done.fetch_add(1, Ordering::Relaxed) + 1).min(last));
        painted
    };
    let painted: Vec<PageContent> = match &mut doc {
        Cow::Borrowed(doc) => doc.pages.par_iter().map(paint_one).collect(),
        Cow::Owned(doc) => doc
            .pages
            .par_iter_mut()
            .map(|page| {
                let painted = paint_one(page);
                page.elements = Vec::new();
                painted
            })
            .collect(),
    };

    let mut pages: Vec<PdfPage> = doc
        .pages
        .iter()
        .map(|page| empty_page(page.width, page.height, Vec::new()))
        .collect();
    // One extra page showing every glyph once, with its ToUnicode text: printpdf writes a
    // font's /W and ToUnicode from the glyphs the pages show, and the real pages show none
    // here. It is taken out of the page tree below, with its objects.
    pages.push(empty_page(1.0, 1.0, text_fonts.glyph_usage_ops()));
    pdf.pages = pages;

    let mut warnings = Vec::new();
    let mut lopdf = pdf.to_lopdf_document(&options, &mut warnings);
    drop(pdf);
    check_warnings(&warnings)?;
    let id = fingerprint(&doc, &painted, &text_fonts, &images, assets);
    set_contents(&mut lopdf, painted)?;
    svg::import_forms(&mut lopdf, &images.svgs)?;
    document::finish(lopdf, &doc, id, out)
}

/// The file's `/ID` (PDF 32000 §14.4: any value; both halves equal for a file never updated):
/// a hash of everything the file holds — each page's size, content stream and links, each
/// font's program and ToUnicode texts, the images, the info and the outline — so the same
/// document always gets the same ID and another document another. Every variable-length part
/// is preceded by its length, so no two documents hash the same bytes.
fn fingerprint(
    doc: &Document,
    painted: &[PageContent],
    fonts: &text::TextFonts,
    images: &images::Embedded,
    assets: &AssetStore,
) -> [u8; 16] {
    let mut hash = Sha256::new();
    let bytes = |hash: &mut Sha256, b: &[u8]| {
        hash.update((b.len() as u64).to_be_bytes());
        hash.update(b);
    };
    for (page, (content, links)) in doc.pages.iter().zip(painted) {
        hash.update(page.width.to_be_bytes());
        hash.update(page.height.to_be_bytes());
        bytes(&mut hash, content.bytes());
        hash.update((links.len() as u64).to_be_bytes());
        for link in links {
            for v in link.rect {
                hash.update(v.to_be_bytes());
            }
            match &link.action {
                Action::Uri(uri) => bytes(&mut hash, uri.as_bytes()),
                Action::Goto { page, top } => {
                    hash.update((*page as u64).to_be_bytes());
                    hash.update(top.to_be_bytes());
                }
            }
        }
    }
    for digest in fonts.digests() {
        hash.update(digest);
    }
    for (id, name) in &images.ids {
        if let Some(loaded) = assets.loaded(*id) {
            bytes(&mut hash, name.0.as_bytes());
            bytes(&mut hash, loaded.sha256.as_bytes());
            let recipe = images.recipes.get(&name.0).map_or("", String::as_str);
            bytes(&mut hash, recipe.as_bytes());
        }
    }
    for svg in &images.svgs {
        bytes(&mut hash, svg);
    }
    // Info and outline hold only strings, numbers and dates: their Debug form is a faithful
    // (if unpretty) serialisation, stable within one build of hanmoto.
    bytes(
        &mut hash,
        format!("{:?}{:?}", doc.info, doc.outline).as_bytes(),
    );
    let digest = hash.finalize();
    let mut id = [0; 16];
    id.copy_from_slice(&digest[..16]);
    id
}

fn empty_page(width: f32, height: f32, ops: Vec<printpdf::Op>) -> PdfPage {
    let media = printpdf::Rect::from_wh(Pt(width), Pt(height));
    PdfPage {
        media_box: media.clone(),
        trim_box: media.clone(),
        crop_box: media,
        ops,
    }
}

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

/// A page's content stream (deflated when that makes it smaller) and its link annotations.
type PageContent = (document::Deflated, Vec<Annotation>);

/// The content stream id of page `id`.
fn content_id(pdf: &lopdf::Document, id: ObjectId) -> Result<ObjectId, Diagnostic> {
    pdf.get_dictionary(id)
        .and_then(|page| page.get(b"Contents"))
        .and_then(Object::as_reference)
        .map_err(|_| internal("a page without one content stream"))
}

/// Puts the content streams and link annotations into the document's pages, and takes the
/// glyph usage page (the last) out of the page tree.
fn set_contents(pdf: &mut lopdf::Document, contents: Vec<PageContent>) -> Result<(), Diagnostic> {
    let page_ids: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    if page_ids.len() != contents.len() + 1 {
        return Err(internal("printpdf wrote another number of pages"));
    }
    // One action object per distinct URI, numbered in order of first use; then each page's
    // annotations, on all threads.
    let mut uris = HashMap::new();
    for (_, links) in &contents {
        for link in links {
            if let Action::Uri(uri) = &link.action {
                if !uris.contains_key(uri) {
                    let action = pdf.add_object(Dictionary::from_iter([
                        ("S", Object::Name(b"URI".to_vec())),
                        ("URI", Object::string_literal(uri.as_str())),
                    ]));
                    uris.insert(uri.clone(), action);
                }
            }
        }
    }
    let pages: Vec<(document::Deflated, Vec<Object>)> = contents
        .into_par_iter()
        .map(|(content, links)| {
            let annotations = links
                .into_iter()
                .map(|link| Object::Dictionary(annotation(link, &page_ids, &uris)))
                .collect();
            (content, annotations)
        })
        .collect();
    for (&id, (content, annotations)) in page_ids.iter().zip(pages) {
        let stream = content_id(pdf, id)?;
        match pdf.objects.get_mut(&stream) {
            Some(Object::Stream(s)) => content.set_on(s),
            _ => return Err(internal("a page's contents are not a stream")),
        }
        pdf.get_dictionary_mut(id)
            .map_err(|_| internal("a page is not a dictionary"))?
            .set("Annots", Object::Array(annotations));
    }
    let usage_page = page_ids[page_ids.len() - 1];
    let tree = pdf
        .get_dictionary(usage_page)
        .and_then(|page| page.get(b"Parent"))
        .and_then(Object::as_reference)
        .map_err(|_| internal("a page without a parent"))?;
    let tree = pdf
        .get_dictionary_mut(tree)
        .map_err(|_| internal("the page tree is not a dictionary"))?;
    let kids = tree
        .get_mut(b"Kids")
        .and_then(Object::as_array_mut)
        .map_err(|_| internal("the page tree has no kids"))?;
    kids.retain(|kid| kid.as_reference().ok() != Some(usage_page));
    let count = kids.len() as i64;
    tree.set("Count", Object::Integer(count));
    // With its content stream and resources (the fonts it shows stay: the real pages use them).
    if let Some(Object::Dictionary(page)) = pdf.objects.remove(&usage_page) {
        for key in [&b"Contents"[..], b"Resources"] {
            if let Ok(id) = page.get(key).and_then(Object::as_reference) {
                pdf.objects.remove(&id);
            }
        }
    }
    Ok(())
}

/// A link annotation with no border (PDF 32000 §12.5.6.5): an internal link as a `/Dest`, a
/// URI as the one action object each distinct URI has (`uris`), since a book links the same
/// address from its text and from its note. Only pages that exist are targets:
/// [`graphics::link_annotation`] drops the others.
fn annotation(
    link: Annotation,
    page_ids: &[ObjectId],
    uris: &HashMap<String, ObjectId>,
) -> Dictionary {
    let target = match link.action {
        Action::Uri(uri) => match uris.get(&uri) {
            Some(&action) => ("A", Object::Reference(action)),
            // Every URI got its action above.
            None => ("A", Object::Null),
        },
        Action::Goto { page, top } => {
            let page = page_ids
                .get(page)
                .copied()
                .map_or(Object::Null, Object::Reference);
            (
                "Dest",
                Object::Array(vec![
                    page,
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(top),
                    Object::Null,
                ]),
            )
        }
    };
    Dictionary::from_iter([
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Link".to_vec())),
        (
            "Rect",
            Object::Array(link.rect.iter().map(|&v| Object::Real(v)).collect()),
        ),
        ("Border", Object::Array(vec![Object::Integer(0); 3])),
        target,
    ])
}

/// One page's content stream and link annotations.
fn paint_page(
    page: &Page,
    text_fonts: &text::TextFonts,
    image_ids: &BTreeMap<AssetId, printpdf::XObjectId>,
    heights: &[f32],
) -> (Vec<u8>, Vec<Annotation>) {
    let mut out = Content::with_capacity(16 * 1024);
    let mut links = Vec::new();
    let mut state = graphics::State::default();
    for element in &page.elements {
        match element {
            Element::Text(line) => {
                text::paint_line(&mut out, &mut state, text_fonts, line, page.height)
            }
            Element::Rect { rect, fill, stroke } => {
                graphics::paint_rect(&mut out, &mut state, rect, *fill, *stroke, page.height)
            }
            Element::Rule { from, to, stroke } => {
                graphics::paint_rule(&mut out, &mut state, *from, *to, *stroke, page.height)
            }
            Element::Image { asset, rect } => match image_ids.get(asset) {
                Some(id) => images::place(&mut out, id, rect, page.height),
                // The image could not be drawn (warned when embedding): its frame keeps the
                // place the author gave it.
                None => graphics::paint_rect(
                    &mut out,
                    &mut state,
                    rect,
                    None,
                    Some(images::MISSING_FRAME),
                    page.height,
                ),
            },
            Element::Link { rect, dest } => {
                links.extend(graphics::link_annotation(rect, dest, heights, page.height))
            }
        }
    }
    (out.into_bytes(), links)
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
