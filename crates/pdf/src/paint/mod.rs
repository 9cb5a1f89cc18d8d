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
//! threads, so only compressed streams are held. A book is painted a batch of chapters at a
//! time as they are laid out ([`Painter::bodies`]): glyphs are numbered and images named in
//! page order before any font or image is made, so a chapter's frames are freed as soon as
//! its pages are painted, and the fonts are subset and the images made once, at the end
//! ([`Painter::finish`]). A page painted ahead (its *body*) is the first of its content
//! streams, enclosed in `q … Q` and moved for a bound margin; the running head and folio added
//! later are a second stream. printpdf then builds the document around the streams: the
//! fonts, image XObjects, page tree, and one hidden page that shows each glyph once so its
//! fonts' widths and ToUnicode are written. The bytes do not depend on the thread count.
//!
//! Resource names are chosen here (`F<face>`, `Im<asset>`), never printpdf's random ids, so the
//! same document always gives the same bytes.

mod content;
mod document;
mod graphics;
mod images;
pub use images::ImageOptions;
mod svg;
mod text;
mod writer;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};

use hanmoto_model::{AssetStore, Diagnostic, Diagnostics};
use lopdf::{Dictionary, Object, ObjectId};
use printpdf::{CustomPdfConformance, PdfConformance, PdfDocument, PdfPage, PdfSaveOptions, Pt};

use crate::fonts::FontSet;
use crate::frame::{Document, Element, Page};
use content::Content;
use graphics::{Action, Annotation};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// Writes `doc` as a PDF to `out`, consuming it: each page's frame is freed as soon as its
/// content stream is made. `Err` for a face that cannot be subset or a failed write; an image
/// that fails to decode is a warning in `diagnostics` and a grey box in its place. The file is
/// written as it is made, so an error can leave `out` with part of a file: give it a temporary
/// file, renamed once this returns `Ok`.
///
/// `progress` is called from any thread as pages and images are made, for a progress bar.
pub fn paint(
    doc: Document,
    fonts: &FontSet,
    assets: &AssetStore,
    images: ImageOptions,
    diagnostics: &Diagnostics,
    out: &mut dyn std::io::Write,
    progress: &(dyn Fn(PaintProgress) + Sync),
) -> Result<(), Diagnostic> {
    let bodies = (0..doc.pages.len()).map(|_| None).collect();
    Painter::new(fonts, assets, out).finish(doc, bodies, images, diagnostics, progress)
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
    paint(
        doc.clone(),
        fonts,
        assets,
        ImageOptions::default(),
        &diagnostics,
        &mut bytes,
        &|_| {},
    )?;
    Ok(bytes)
}

/// Where [`Painter::finish`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaintProgress {
    /// `done` of `total` distinct images made.
    Images { done: usize, total: usize },
    /// `done` of `total` pages painted (never all: the caller knows when the file is written).
    Pages { done: usize, total: usize },
}

/// A page's drawing painted ahead of its document ([`Painter::bodies`]): its content stream,
/// already written to the file.
pub struct Body(ObjectId);

/// A whole PDF painted and written a batch of pages at a time, so a book's frames and content
/// streams are never all alive: [`Painter::bodies`] paints pages as soon as they are laid out
/// and writes their streams to the file there and then; [`Painter::finish`] paints the rest
/// (front matter, running heads, links), makes the fonts and images, and writes them, the
/// pages and the outline. Glyph numbers and image names are given in page order, so the bytes
/// depend neither on how the pages were batched nor on the thread count.
pub struct Painter<'a> {
    fonts: &'a FontSet,
    assets: &'a AssetStore,
    text: text::TextFonts,
    images: images::Uses,
    file: writer::PdfWriter<'a>,
    /// Everything the file holds, hashed as it is written: the `/ID`.
    hash: Sha256,
}

/// Hashes `b` preceded by its length, so no two sequences of parts hash the same bytes.
fn hash_part(hash: &mut Sha256, b: &[u8]) {
    hash.update((b.len() as u64).to_be_bytes());
    hash.update(b);
}

impl<'a> Painter<'a> {
    pub fn new(
        fonts: &'a FontSet,
        assets: &'a AssetStore,
        out: &'a mut dyn std::io::Write,
    ) -> Painter<'a> {
        Painter {
            fonts,
            assets,
            text: text::TextFonts::default(),
            images: images::Uses::default(),
            file: writer::PdfWriter::new(out),
            hash: Sha256::new(),
        }
    }

    /// Paints the drawing of `pages` (in document order, after every page given before), on
    /// all threads, writes each stream to the file, and leaves each page with only its `Link`
    /// elements, to be resolved and placed with the document. A body is drawn in the page's
    /// own coordinates; `finish` moves it (`dx`) for a bound margin.
    pub fn bodies(&mut self, pages: &mut [&mut Page]) -> Vec<Body> {
        for page in pages.iter_mut() {
            unpack_upright(page);
        }
        self.text.register(self.fonts, pages.iter().map(|p| &**p));
        self.images
            .register(self.assets, pages.iter().map(|p| &**p));
        let (text, assets) = (&self.text, self.assets);
        let streams: Vec<document::Deflated> = pages
            .par_iter_mut()
            .map(|page| {
                let content = paint_drawing(page, text, assets);
                page.elements.retain(|e| matches!(e, Element::Link { .. }));
                document::deflate(content)
            })
            .collect();
        streams
            .into_iter()
            .map(|stream| Body(self.write_stream(&stream)))
            .collect()
    }

    /// Writes a content stream as a new object, hashed.
    fn write_stream(&mut self, stream: &document::Deflated) -> ObjectId {
        hash_part(&mut self.hash, stream.bytes());
        let id = self.file.alloc();
        self.file.stream(id, &stream.dict(), stream.bytes());
        id
    }

    /// Paints `doc`'s pages and finishes the file. `bodies` has one entry per page: a body
    /// painted ahead for that page, drawn under the page's own drawing and moved `dx` points
    /// right, or `None`.
    pub fn finish(
        mut self,
        mut doc: Document,
        bodies: Vec<Option<(Body, f32)>>,
        image_options: ImageOptions,
        diagnostics: &Diagnostics,
        progress: &(dyn Fn(PaintProgress) + Sync),
    ) -> Result<(), Diagnostic> {
        if bodies.len() != doc.pages.len() {
            return Err(internal("a body for a page the document does not have"));
        }
        for page in &mut doc.pages {
            unpack_upright(page);
        }
        self.text.register(self.fonts, &doc.pages);
        self.images.register(self.assets, &doc.pages);

        // The fonts and images, through printpdf (one hidden page showing every glyph once,
        // with its ToUnicode text: printpdf writes a font's /W and ToUnicode from the glyphs a
        // page shows), then copied into the file with their resource dictionary.
        let mut pdf = PdfDocument::new(&doc.info.title);
        pdf.metadata.info.conformance = PdfConformance::Custom(CustomPdfConformance::default());
        let images = images::embed(
            &self.images,
            self.fonts,
            self.assets,
            image_options,
            (&mut pdf, &mut self.file),
            diagnostics,
            &|done, total| progress(PaintProgress::Images { done, total }),
        );
        self.text.embed(self.fonts, &mut pdf)?;
        pdf.pages = vec![empty_page(1.0, 1.0, self.text.glyph_usage_ops())];
        let options = PdfSaveOptions {
            // We compress ourselves (level 4, not lopdf's 9) and prune nothing.
            optimize: false,
            // The fonts handed over are already subsets (`SubsetFont`).
            subset_fonts: false,
            secure: true,
            // Otherwise printpdf re-encodes images as JPEG.
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut resources_doc = pdf.to_lopdf_document(&options, &mut warnings);
        drop(pdf);
        check_warnings(&warnings)?;
        let hidden = resources_doc
            .get_pages()
            .into_values()
            .next()
            .ok_or_else(|| internal("printpdf wrote no page"))?;
        self.text
            .make_vertical(self.fonts, &mut resources_doc, hidden)?;
        svg::import_forms(&mut resources_doc, &images.svgs)?;
        document::compress(&mut resources_doc);
        let resources = self.copy_resources(resources_doc, &images.rasters)?;
        for digest in self.text.digests() {
            self.hash.update(digest);
        }
        for (name, sha) in &images.names {
            hash_part(&mut self.hash, name.as_bytes());
            hash_part(&mut self.hash, sha.as_bytes());
            let recipe = images.recipes.get(name).map_or("", String::as_str);
            hash_part(&mut self.hash, recipe.as_bytes());
        }
        for svg in &images.svgs {
            hash_part(&mut self.hash, svg);
        }

        // Each page's own drawing and links, deflated, on all threads; each frame is freed as
        // soon as its stream is made.
        let heights: Vec<f32> = doc.pages.iter().map(|p| p.height).collect();
        let done = AtomicUsize::new(0);
        let total = heights.len();
        let (text, assets) = (&self.text, self.assets);
        progress(PaintProgress::Pages { done: 0, total });
        let painted: Vec<(Option<document::Deflated>, Vec<Annotation>)> = doc
            .pages
            .par_iter_mut()
            .map(|page| {
                let (own, links) = paint_page(page, text, assets, &heights);
                page.elements = Vec::new();
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(PaintProgress::Pages {
                    done: n.min(total.saturating_sub(1)),
                    total,
                });
                ((!own.is_empty()).then(|| document::deflate(own)), links)
            })
            .collect();

        let tree = self.file.alloc();
        let page_ids: Vec<ObjectId> = doc.pages.iter().map(|_| self.file.alloc()).collect();
        let mut openers: BTreeMap<u32, ObjectId> = BTreeMap::new();
        let mut closer = None;
        let mut uris: HashMap<String, ObjectId> = HashMap::new();
        for (i, ((own, links), body)) in painted.into_iter().zip(bodies).enumerate() {
            let page = &doc.pages[i];
            self.hash.update(page.width.to_be_bytes());
            self.hash.update(page.height.to_be_bytes());
            let own = own.map(|own| self.write_stream(&own));
            let contents = match body {
                Some((Body(body), dx)) => {
                    let open = match openers.get(&dx.to_bits()) {
                        Some(&id) => id,
                        None => {
                            let id = self.write_stream(&document::Deflated::Plain(open_body(dx)));
                            openers.insert(dx.to_bits(), id);
                            id
                        }
                    };
                    let close = match closer {
                        Some(id) => id,
                        None => {
                            let id =
                                self.write_stream(&document::Deflated::Plain(CLOSE_BODY.to_vec()));
                            closer = Some(id);
                            id
                        }
                    };
                    hash_part(&mut self.hash, &body.0.to_be_bytes());
                    let mut refs = vec![open, body, close];
                    refs.extend(own);
                    Object::Array(refs.into_iter().map(Object::Reference).collect())
                }
                None => Object::Reference(match own {
                    Some(id) => id,
                    None => self.write_stream(&document::Deflated::Plain(Vec::new())),
                }),
            };
            self.hash.update((links.len() as u64).to_be_bytes());
            let mut annotations = Vec::with_capacity(links.len());
            for link in links {
                for v in link.rect {
                    self.hash.update(v.to_be_bytes());
                }
                match &link.action {
                    Action::Uri(uri) => {
                        hash_part(&mut self.hash, uri.as_bytes());
                        if !uris.contains_key(uri) {
                            // One action object per distinct URI: a book links the same
                            // address from its text and from its note.
                            let action = self.file.alloc();
                            self.file.object(
                                action,
                                &Object::Dictionary(Dictionary::from_iter([
                                    ("S", Object::Name(b"URI".to_vec())),
                                    ("URI", Object::string_literal(uri.as_str())),
                                ])),
                            );
                            uris.insert(uri.clone(), action);
                        }
                    }
                    Action::Goto { page, top } => {
                        self.hash.update((*page as u64).to_be_bytes());
                        self.hash.update(top.to_be_bytes());
                    }
                }
                annotations.push(Object::Dictionary(annotation(link, &page_ids, &uris)));
            }
            let media = Object::Array(
                [0.0, 0.0, page.width, page.height]
                    .into_iter()
                    .map(Object::Real)
                    .collect(),
            );
            let mut dict = Dictionary::from_iter([
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(tree)),
                ("MediaBox", media.clone()),
                ("TrimBox", media.clone()),
                ("CropBox", media),
                ("Resources", Object::Reference(resources)),
                ("Contents", contents),
            ]);
            if !annotations.is_empty() {
                dict.set("Annots", Object::Array(annotations));
            }
            self.file.object(page_ids[i], &Object::Dictionary(dict));
        }
        self.file.object(
            tree,
            &Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Pages".to_vec())),
                (
                    "Kids",
                    Object::Array(page_ids.iter().map(|&id| Object::Reference(id)).collect()),
                ),
                ("Count", Object::Integer(page_ids.len() as i64)),
            ])),
        );

        // Info and outline hold only strings, numbers and dates: their Debug form is a
        // faithful (if unpretty) serialisation, stable within one build of hanmoto.
        hash_part(
            &mut self.hash,
            format!("{:?}{:?}", doc.info, doc.outline).as_bytes(),
        );
        let digest = self.hash.finalize();
        let mut id = [0; 16];
        id.copy_from_slice(&digest[..16]);
        document::finish(self.file, &doc, tree, &page_ids, id)
    }

    /// Writes every object the hidden page's resources reach (fonts, images, forms),
    /// renumbered into the file, and the resource dictionary itself; returns its number.
    fn copy_resources(
        &mut self,
        mut pdf: lopdf::Document,
        rasters: &BTreeMap<String, ObjectId>,
    ) -> Result<ObjectId, Diagnostic> {
        let page = pdf
            .get_pages()
            .into_values()
            .next()
            .ok_or_else(|| internal("printpdf wrote no page"))?;
        let mut resources = pdf
            .get_dictionary(page)
            .and_then(|p| p.get(b"Resources"))
            .map_err(|_| internal("printpdf wrote a page without resources"))?
            .clone();
        // The raster images, written already, join the XObjects printpdf knows (the SVG forms),
        // once printpdf's objects are renumbered (their old numbers may be the rasters' new
        // ones): in the resources dictionary itself, or in the dictionary its `/XObject` is.
        let resources_ref = resources.as_reference().ok();
        let xobjects_ref = match resources_ref {
            Some(r) => pdf.get_dictionary(r).ok(),
            None => resources.as_dict().ok(),
        }
        .and_then(|d| d.get(b"XObject").ok())
        .and_then(|x| x.as_reference().ok());
        let add_names = |xobjects: &mut lopdf::Dictionary| {
            for (name, id) in rasters {
                xobjects.set(name.as_bytes(), Object::Reference(*id));
            }
        };
        let add_to_resources = |object: &mut Object| {
            let Ok(dict) = object.as_dict_mut() else {
                return;
            };
            if dict.get(b"XObject").is_err() {
                dict.set("XObject", lopdf::Dictionary::new());
            }
            if let Ok(Object::Dictionary(xobjects)) = dict.get_mut(b"XObject") {
                add_names(xobjects);
            }
        };
        // Every object reachable from the resources, numbered in the order first met. Only the
        // references are read on the way (no object, and so no stream, is copied), and each
        // object leaves the document as it is written.
        let mut numbers: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
        let mut order = Vec::new();
        let mut todo = Vec::new();
        references(&resources, &mut todo);
        todo.reverse();
        while let Some(r) = todo.pop() {
            if numbers.contains_key(&r) {
                continue;
            }
            let target = pdf
                .objects
                .get(&r)
                .ok_or_else(|| internal("printpdf wrote a reference to nothing"))?;
            numbers.insert(r, self.file.alloc());
            order.push(r);
            let mut refs = Vec::new();
            references(target, &mut refs);
            todo.extend(refs.into_iter().rev());
        }
        for old in order {
            let Some(object) = pdf.objects.remove(&old) else {
                continue;
            };
            let new = numbers[&old];
            match object {
                Object::Stream(stream) => {
                    let mut dict = Object::Dictionary(stream.dict);
                    renumber(&mut dict, &numbers);
                    if let Object::Dictionary(dict) = dict {
                        self.file.stream(new, &dict, &stream.content);
                    }
                }
                mut other => {
                    renumber(&mut other, &numbers);
                    if Some(old) == xobjects_ref {
                        if let Ok(xobjects) = other.as_dict_mut() {
                            add_names(xobjects);
                        }
                    } else if Some(old) == resources_ref && xobjects_ref.is_none() {
                        add_to_resources(&mut other);
                    }
                    self.file.object(new, &other);
                }
            }
        }
        renumber(&mut resources, &numbers);
        if resources_ref.is_none() && xobjects_ref.is_none() {
            add_to_resources(&mut resources);
        }
        let resources = match resources {
            Object::Reference(id) => id,
            dict => {
                let id = self.file.alloc();
                self.file.object(id, &dict);
                id
            }
        };
        Ok(resources)
    }
}

/// The references `object` holds (a stream's in its dictionary), in order.
fn references(object: &Object, out: &mut Vec<ObjectId>) {
    match object {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|o| references(o, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, o)| references(o, out)),
        Object::Stream(stream) => stream.dict.iter().for_each(|(_, o)| references(o, out)),
        _ => {}
    }
}

/// Rewrites every reference in `object` to its number in the file.
fn renumber(object: &mut Object, numbers: &BTreeMap<ObjectId, ObjectId>) {
    match object {
        Object::Reference(id) => {
            if let Some(&new) = numbers.get(id) {
                *id = new;
            }
        }
        Object::Array(items) => items.iter_mut().for_each(|o| renumber(o, numbers)),
        Object::Dictionary(dict) => dict.iter_mut().for_each(|(_, o)| renumber(o, numbers)),
        Object::Stream(stream) => stream
            .dict
            .iter_mut()
            .for_each(|(_, o)| renumber(o, numbers)),
        _ => {}
    }
}

/// The stream before a body: save the state, then move by `dx`.
fn open_body(dx: f32) -> Vec<u8> {
    let mut out = Content::with_capacity(32);
    out.op("q");
    if dx != 0.0 {
        for v in [1.0, 0.0, 0.0, 1.0, f64::from(dx), 0.0] {
            out.num(v);
        }
        out.op("cm");
    }
    out.into_bytes()
}

/// The stream after a body (PDF 32000 §8.4.2: `q` and `Q` balance over a page's streams).
const CLOSE_BODY: &[u8] = b"Q\n";

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
    assets: &AssetStore,
    heights: &[f32],
) -> (Vec<u8>, Vec<Annotation>) {
    let links = page
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Link { rect, dest } => {
                graphics::link_annotation(rect, dest, heights, page.height)
            }
            _ => None,
        })
        .collect();
    (paint_drawing(page, text_fonts, assets), links)
}

/// One page's content stream: everything but its links.
fn paint_drawing(page: &Page, text_fonts: &text::TextFonts, assets: &AssetStore) -> Vec<u8> {
    let mut out = Content::with_capacity(16 * 1024);
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
            Element::Image { asset, rect } => match images::xobject_name(assets, *asset) {
                Some(id) => images::place(&mut out, &id, rect, page.height),
                // The image did not load (warned then): its frame keeps the place the author
                // gave it.
                None => graphics::paint_rect(
                    &mut out,
                    &mut state,
                    rect,
                    None,
                    Some(images::MISSING_FRAME),
                    page.height,
                ),
            },
            // Unpacked before painting (`unpack_upright`).
            Element::Link { .. } | Element::Upright { .. } => {}
        }
    }
    out.into_bytes()
}

/// Upright boxes a frame still holds (layout unpacks them when it turns a vertical page) are
/// drawn as what they hold.
fn unpack_upright(page: &mut Page) {
    if page
        .elements
        .iter()
        .any(|e| matches!(e, Element::Upright { .. }))
    {
        page.elements = crate::frame::flatten_upright(std::mem::take(&mut page.elements));
    }
}
