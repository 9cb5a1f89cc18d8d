//! The document-level objects, written by us rather than printpdf 0.12, which writes them
//! wrong or not at all (measured in notes/printpdf.md): a nested outline, `/Lang`, a PDF 1.7
//! header, an info dictionary without empty PDF/X keys, an `/ID` that is a hash of the content
//! (not random), and compression at level 4 (not lopdf's slow level 9).

use std::io::Write as _;

use super::writer::PdfWriter;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use hanmoto_model::Diagnostic;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use rayon::prelude::*;

use crate::frame::{DocInfo, Document, OutlineItem};

/// zlib level 4 (zlib-rs): on the 200-post book 2 % larger than level 6 (4.32 against 4.23 MB)
/// for about 150 ms less CPU; level 6 is itself within ~10 % of level 9 at half its time
/// (notes/printpdf.md).
pub(super) const COMPRESSION_LEVEL: u32 = 4;

/// Writes the catalog, the outline and the info dictionary, then the cross-reference table
/// and the trailer with `id` as the file's `/ID`. `tree` is the page tree, `pages` the pages'
/// objects in order.
pub(super) fn finish(
    mut file: PdfWriter<'_>,
    doc: &Document,
    tree: ObjectId,
    pages: &[ObjectId],
    id: [u8; 16],
) -> Result<(), Diagnostic> {
    let outline = write_outline(&mut file, &doc.outline, pages, doc);
    let mut catalog = Dictionary::from_iter([
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(tree)),
    ]);
    if !doc.info.lang.is_empty() {
        catalog.set("Lang", text_string(&doc.info.lang));
    }
    let mut preferences = Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))]);
    if doc.info.right_to_left {
        // Spreads and page turning right to left: a vertical book bound on the right.
        preferences.set("Direction", Object::Name(b"R2L".to_vec()));
    }
    catalog.set("ViewerPreferences", preferences);
    match outline {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => catalog.set("PageMode", Object::Name(b"UseNone".to_vec())),
    }
    let catalog_id = file.alloc();
    file.object(catalog_id, &Object::Dictionary(catalog));
    let info = file.alloc();
    file.object(info, &Object::Dictionary(info_dictionary(&doc.info)));
    let id = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    let trailer = Dictionary::from_iter([
        ("Root", Object::Reference(catalog_id)),
        ("Info", Object::Reference(info)),
        ("ID", Object::Array(vec![id.clone(), id])),
    ]);
    file.finish(trailer)
        .map_err(|e| internal(&format!("cannot write the PDF: {e}")))
}

fn internal(what: &str) -> Diagnostic {
    Diagnostic::error("pdf-write", what.to_owned())
}

/// Deflates every stream that may be compressed and is not yet, on all threads (each stream
/// on its own: the bytes do not depend on the thread count).
pub(super) fn compress(pdf: &mut lopdf::Document) {
    let streams: Vec<&mut lopdf::Stream> = pdf
        .objects
        .values_mut()
        .filter_map(|object| match object {
            Object::Stream(stream) => Some(stream),
            _ => None,
        })
        .filter(|stream| stream.allows_compression && !stream.dict.has(b"Filter"))
        .collect();
    streams.into_par_iter().for_each(|stream| {
        deflate(std::mem::take(&mut stream.content)).set_on(stream);
    });
}

/// A stream's content, deflated when that makes it smaller.
pub(super) enum Deflated {
    Plain(Vec<u8>),
    Flate(Vec<u8>),
}

impl Deflated {
    /// The stream's dictionary (its filter; the writer adds `/Length`).
    pub fn dict(&self) -> Dictionary {
        match self {
            Deflated::Plain(_) => Dictionary::new(),
            Deflated::Flate(_) => {
                Dictionary::from_iter([("Filter", Object::Name(b"FlateDecode".to_vec()))])
            }
        }
    }

    /// The bytes the stream will hold.
    pub fn bytes(&self) -> &[u8] {
        match self {
            Deflated::Plain(bytes) | Deflated::Flate(bytes) => bytes,
        }
    }

    /// Makes `stream` hold this content, with the filter it needs.
    pub fn set_on(self, stream: &mut lopdf::Stream) {
        match self {
            Deflated::Plain(bytes) => stream.set_content(bytes),
            Deflated::Flate(bytes) => {
                stream
                    .dict
                    .set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(bytes);
            }
        }
        // Already as compressed as it will be: lopdf must not try again.
        stream.allows_compression = false;
    }
}

/// `bytes` deflated (zlib, [`COMPRESSION_LEVEL`]) when that is shorter, else as they are.
pub(super) fn deflate(bytes: Vec<u8>) -> Deflated {
    let mut encoder = ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        Compression::new(COMPRESSION_LEVEL),
    );
    match encoder.write_all(&bytes).and_then(|()| encoder.finish()) {
        Ok(deflated) if deflated.len() < bytes.len() => Deflated::Flate(deflated),
        _ => Deflated::Plain(bytes),
    }
}

/// A PDF text string: plain ASCII as a literal, anything else as UTF-16BE with a BOM.
fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut data = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            data.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(data, StringFormat::Hexadecimal)
    }
}

fn info_dictionary(info: &DocInfo) -> Dictionary {
    let mut dict = Dictionary::new();
    if !info.title.is_empty() {
        dict.set("Title", text_string(&info.title));
    }
    if let Some(author) = &info.author {
        dict.set("Author", text_string(author));
    }
    if let Some(subject) = &info.subject {
        dict.set("Subject", text_string(subject));
    }
    if !info.keywords.is_empty() {
        dict.set("Keywords", text_string(&info.keywords.join(", ")));
    }
    dict.set("Creator", text_string("hanmoto"));
    dict.set(
        "Producer",
        text_string(concat!(
            "hanmoto ",
            env!("CARGO_PKG_VERSION"),
            " (printpdf 0.12)"
        )),
    );
    if let Some(date) = info.date {
        let offset = date.offset().local_minus_utc();
        let sign = if offset < 0 { '-' } else { '+' };
        let value = format!(
            "D:{}{sign}{:02}'{:02}'",
            date.format("%Y%m%d%H%M%S"),
            offset.abs() / 3600,
            offset.abs() % 3600 / 60
        );
        dict.set("CreationDate", text_string(&value));
        dict.set("ModDate", text_string(&value));
    }
    dict
}

/// Writes the outline tree; returns the `/Outlines` dictionary's id, or `None` when empty.
fn write_outline(
    pdf: &mut PdfWriter<'_>,
    items: &[OutlineItem],
    pages: &[ObjectId],
    doc: &Document,
) -> Option<ObjectId> {
    if items.is_empty() {
        return None;
    }
    let root = pdf.alloc();
    let (first, last, count) = write_outline_level(pdf, items, root, pages, doc);
    let mut dict = Dictionary::from_iter([("Type", Object::Name(b"Outlines".to_vec()))]);
    dict.set("First", Object::Reference(first));
    dict.set("Last", Object::Reference(last));
    dict.set("Count", Object::Integer(count));
    pdf.object(root, &Object::Dictionary(dict));
    Some(root)
}

/// Writes `items` as children of `parent`; returns (first, last, number of visible
/// descendants). Every item is open, so each `/Count` is the size of its whole subtree.
fn write_outline_level(
    pdf: &mut PdfWriter<'_>,
    items: &[OutlineItem],
    parent: ObjectId,
    pages: &[ObjectId],
    doc: &Document,
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = items.iter().map(|_| pdf.alloc()).collect();
    let mut total = 0;
    for (i, item) in items.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&item.title));
        dict.set("Parent", Object::Reference(parent));
        if i > 0 {
            dict.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", Object::Reference(*next));
        }
        if let (Some(page), Some(frame)) = (pages.get(item.page), doc.pages.get(item.page)) {
            dict.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(*page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(frame.height - item.y),
                    Object::Null,
                ]),
            );
        }
        total += 1;
        if !item.children.is_empty() {
            let (first, last, count) = write_outline_level(pdf, &item.children, ids[i], pages, doc);
            dict.set("First", Object::Reference(first));
            dict.set("Last", Object::Reference(last));
            dict.set("Count", Object::Integer(count));
            total += count;
        }
        pdf.object(ids[i], &Object::Dictionary(dict));
    }
    // `items` is not empty: the callers check.
    (ids[0], ids[ids.len() - 1], total)
}
