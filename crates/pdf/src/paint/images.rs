//! Image XObjects: one per distinct asset (per distinct file, even), placed as often as the
//! frame uses it.
//!
//! JPEGs go in as they are (`/DCTDecode`, the file's bytes); PNG, GIF and WebP are decoded to
//! 8-bit RGB (grey when every pixel is) with an `/SMask` only when some pixel is not opaque; SVG is drawn as vectors
//! (`svg`), or, when it uses filters, rasterised with resvg at 300 dpi of its largest placed
//! size; either way its text is set in the book's faces. Streams are built as printpdf "external" XObjects so
//! printpdf neither re-encodes nor renames them.

use std::collections::BTreeMap;

use hanmoto_model::assets::{ImageFormat, Loaded};
use hanmoto_model::{AssetId, AssetStore, Diagnostic, Diagnostics};
use printpdf::{DictItem, ExternalStream, ExternalXObject, PdfDocument, XObject, XObjectId};

use super::content::Content;
use crate::fonts::{FontSet, Role};
use crate::frame::{Color, Document, Element, Rect, Stroke};

/// Raster resolution for vector images.
const SVG_DPI: f32 = 300.0;
/// Longest side of a rasterised SVG, whatever its placed size (memory bound: 64 MB RGBA).
const SVG_MAX_PIXELS: f32 = 4096.0;

/// The XObjects of the document's images.
pub(super) struct Embedded {
    /// The XObject name of each placed asset that loaded.
    pub ids: BTreeMap<AssetId, XObjectId>,
    /// SVG drawings as one-page PDFs, for `svg::import_forms` to put in their placeholders.
    pub svgs: Vec<Vec<u8>>,
}

/// The frame printed where an image could not be drawn: a light grey hairline.
pub(super) const MISSING_FRAME: Stroke = Stroke {
    width: 0.5,
    color: Color {
        r: 0.6,
        g: 0.6,
        b: 0.6,
    },
};

/// Embeds every loaded image the document places; one that cannot be drawn is left out with a
/// warning (the page prints [`MISSING_FRAME`] in its place).
pub(super) fn embed(
    doc: &Document,
    fonts: &FontSet,
    assets: &AssetStore,
    pdf: &mut PdfDocument,
    diagnostics: &Diagnostics,
) -> Embedded {
    // One XObject per distinct file (two ids with the same bytes share it), named in the
    // order of the first id; the largest placed size (pt) decides an SVG's raster size.
    let mut files: BTreeMap<&str, (AssetId, (f32, f32))> = BTreeMap::new();
    for element in doc.pages.iter().flat_map(|p| &p.elements) {
        if let Element::Image { asset, rect } = element {
            if let Some(loaded) = assets.loaded(*asset) {
                let (first, size) = files
                    .entry(loaded.sha256.as_str())
                    .or_insert((*asset, (0.0, 0.0)));
                *first = (*first).min(*asset);
                size.0 = size.0.max(rect.width);
                size.1 = size.1.max(rect.height);
            }
        }
    }
    let names = super::resource_names(files.values().map(|(first, _)| *first), "Im");
    let mut by_file = BTreeMap::new();
    // Built on the first SVG only: it copies the faces into resvg's database.
    let mut svg_options = None;
    let mut svgs = Vec::new();
    for (sha, (first, size)) in &files {
        let Some(loaded) = assets.loaded(*first) else {
            continue;
        };
        let stream = if loaded.format == ImageFormat::Svg {
            let options = svg_options.get_or_insert_with(|| svg_options_for(fonts));
            svg_stream(loaded, options, *size, &mut svgs)
        } else {
            image_stream(loaded)
        };
        // One image that cannot be drawn is its placeholder frame and a warning, never a lost
        // book.
        let stream = match stream {
            Ok(stream) => stream,
            Err(e) => {
                let d = Diagnostic::warning(
                    e.code,
                    format!("{}; a frame is printed in its place", e.message),
                );
                diagnostics.push(match assets.first_use(*first) {
                    Some(r) => d.at(r.span),
                    None => d,
                });
                continue;
            }
        };
        let id = XObjectId(names[first].clone());
        pdf.resources.xobjects.map.insert(
            id.clone(),
            XObject::External(ExternalXObject {
                stream,
                width: None,
                height: None,
                dpi: None,
            }),
        );
        by_file.insert(*sha, id);
    }
    let mut ids = BTreeMap::new();
    for element in doc.pages.iter().flat_map(|p| &p.elements) {
        if let Element::Image { asset, .. } = element {
            if let Some(id) = assets
                .loaded(*asset)
                .and_then(|l| by_file.get(l.sha256.as_str()))
            {
                ids.insert(*asset, id.clone());
            }
        }
    }
    Embedded { ids, svgs }
}

/// An SVG as a vector drawing (pushed onto `svgs`, a placeholder form for the lopdf step) or,
/// when it uses what PDF drawing cannot, a raster of its largest placed size.
fn svg_stream(
    loaded: &Loaded,
    options: &resvg::usvg::Options<'static>,
    placed_pt: (f32, f32),
    svgs: &mut Vec<Vec<u8>>,
) -> Result<ExternalStream, Diagnostic> {
    let tree = resvg::usvg::Tree::from_data(&loaded.bytes, options).map_err(|e| {
        Diagnostic::error(
            "pdf-image",
            format!("cannot read SVG {}: {e}", short_hash(loaded)),
        )
    })?;
    Ok(match super::svg::to_pdf(&tree) {
        Some(drawing) => {
            svgs.push(drawing);
            svg_placeholder(svgs.len() - 1)
        }
        None => {
            let (width, height, rgba) = rasterise_svg(loaded, &tree, placed_pt)?;
            rgba_stream(width, height, &rgba)
        }
    })
}

/// An empty form that the lopdf step replaces with SVG drawing `n`.
fn svg_placeholder(n: usize) -> ExternalStream {
    let mut dict = BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Form")),
        (
            "BBox".to_owned(),
            DictItem::Array([0, 0, 1, 1].map(DictItem::Int).to_vec()),
        ),
    ]);
    dict.insert(
        super::svg::PLACEHOLDER_KEY.to_owned(),
        DictItem::Int(i64::try_from(n).unwrap_or(i64::MAX)),
    );
    ExternalStream {
        dict,
        content: Vec::new(),
        compress: false,
    }
}

/// Draws the image into `rect`: the unit square scaled and moved (top-left → bottom-left).
pub(super) fn place(out: &mut Content, id: &XObjectId, rect: &Rect, page_height: f32) {
    out.op("q");
    for v in [
        rect.width,
        0.0,
        0.0,
        rect.height,
        rect.x,
        page_height - rect.bottom(),
    ] {
        out.num(f64::from(v));
    }
    out.op("cm");
    out.name(&id.0).op("Do");
    out.op("Q");
}

/// A raster image's stream.
fn image_stream(loaded: &Loaded) -> Result<ExternalStream, Diagnostic> {
    if loaded.format == ImageFormat::Jpeg {
        if let Some(info) = jpeg_info(&loaded.bytes) {
            return Ok(jpeg_stream(loaded, info));
        }
        // 12-bit, arithmetic-coded or odd component counts: decode instead.
    }
    let img = loaded.decode_rgba().map_err(|e| {
        Diagnostic::error(
            "pdf-image",
            format!("cannot decode image {}: {e:?}", short_hash(loaded)),
        )
    })?;
    Ok(rgba_stream(img.width(), img.height(), img.as_raw()))
}

/// resvg's options with the book's faces as its only fonts: `serif` is the body face,
/// `sans-serif` the heading face, `monospace` the code face, and unnamed text is body text.
fn svg_options_for(fonts: &FontSet) -> resvg::usvg::Options<'static> {
    let mut db = resvg::usvg::fontdb::Database::new();
    let mut loaded = std::collections::BTreeSet::new();
    for role in Role::ALL {
        for &id in fonts.chain(role) {
            if loaded.insert(id) {
                db.load_font_data(fonts.face(id).data().to_vec());
            }
        }
    }
    let family = |role| {
        fonts
            .chain(role)
            .first()
            .map(|&id| fonts.face(id).family().to_owned())
            .unwrap_or_default()
    };
    db.set_serif_family(family(Role::Body));
    db.set_sans_serif_family(family(Role::Heading));
    db.set_monospace_family(family(Role::Mono));
    resvg::usvg::Options {
        font_family: family(Role::Body),
        fontdb: std::sync::Arc::new(db),
        ..resvg::usvg::Options::default()
    }
}

fn short_hash(loaded: &Loaded) -> String {
    format!(
        "{}.{}",
        loaded.sha256.get(..12).unwrap_or(&loaded.sha256),
        loaded.extension()
    )
}

/// RGB pixels, plus a soft mask when any pixel is not fully opaque.
/// Grey images (screenshots of terminals, scans) are written as DeviceGray: a third the size.
fn rgba_stream(width: u32, height: u32, rgba: &[u8]) -> ExternalStream {
    let gray = rgba
        .chunks_exact(4)
        .all(|px| px[0] == px[1] && px[1] == px[2]);
    let channels = if gray { 1 } else { 3 };
    let mut color = Vec::with_capacity(rgba.len() / 4 * channels);
    let mut alpha = Vec::with_capacity(rgba.len() / 4);
    for px in rgba.chunks_exact(4) {
        color.extend_from_slice(&px[..channels]);
        alpha.push(px[3]);
    }
    let space = if gray { "DeviceGray" } else { "DeviceRGB" };
    let mut dict = image_dict(width, height, space);
    if alpha.iter().any(|&a| a != u8::MAX) {
        dict.insert(
            "SMask".to_owned(),
            DictItem::Stream {
                stream: ExternalStream {
                    dict: image_dict(width, height, "DeviceGray"),
                    content: alpha,
                    compress: true,
                },
            },
        );
    }
    ExternalStream {
        dict,
        content: color,
        compress: true,
    }
}

fn image_dict(width: u32, height: u32, color_space: &str) -> BTreeMap<String, DictItem> {
    BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Image")),
        ("Width".to_owned(), DictItem::Int(i64::from(width))),
        ("Height".to_owned(), DictItem::Int(i64::from(height))),
        ("ColorSpace".to_owned(), name(color_space)),
        ("BitsPerComponent".to_owned(), DictItem::Int(8)),
    ])
}

fn name(n: &str) -> DictItem {
    DictItem::Name(n.as_bytes().to_vec())
}

/// What the PDF needs to know about a JPEG it passes through.
#[derive(Debug, Clone, Copy, PartialEq)]
struct JpegInfo {
    width: u16,
    height: u16,
    components: u8,
    /// An Adobe APP14 marker: CMYK is stored inverted (Photoshop), so `/Decode` flips it.
    adobe: bool,
}

fn jpeg_stream(loaded: &Loaded, info: JpegInfo) -> ExternalStream {
    let space = match info.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        _ => "DeviceCMYK",
    };
    let mut dict = image_dict(u32::from(info.width), u32::from(info.height), space);
    dict.insert("Filter".to_owned(), name("DCTDecode"));
    if info.components == 4 && info.adobe {
        dict.insert(
            "Decode".to_owned(),
            DictItem::Array([1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec()),
        );
    }
    ExternalStream {
        dict,
        content: loaded.bytes.to_vec(),
        // Already compressed; the bytes must stay the file's.
        compress: false,
    }
}

/// Reads the frame header (baseline or progressive Huffman, 8 bits) of a JPEG. `None` for
/// anything a PDF reader's DCT decoder may not handle.
fn jpeg_info(bytes: &[u8]) -> Option<JpegInfo> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut at = 2;
    let mut adobe = false;
    loop {
        // Skip fill bytes before a marker.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        let len = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        let body = bytes.get(at + 4..at + 2 + len)?;
        match marker {
            0xEE if body.starts_with(b"Adobe") => adobe = true,
            // SOF0 baseline, SOF1 extended, SOF2 progressive (Huffman).
            0xC0..=0xC2 => {
                let precision = *body.first()?;
                let height = u16::from_be_bytes([*body.get(1)?, *body.get(2)?]);
                let width = u16::from_be_bytes([*body.get(3)?, *body.get(4)?]);
                let components = *body.get(5)?;
                let ok =
                    precision == 8 && width > 0 && height > 0 && matches!(components, 1 | 3 | 4);
                return ok.then_some(JpegInfo {
                    width,
                    height,
                    components,
                    adobe,
                });
            }
            // Other SOFs (lossless, arithmetic) and start of scan before any frame.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF | 0xDA => return None,
            _ => {}
        }
        at += 2 + len;
    }
}

/// Renders the SVG at 300 dpi of the largest size it is placed at.
fn rasterise_svg(
    loaded: &Loaded,
    tree: &resvg::usvg::Tree,
    placed_pt: (f32, f32),
) -> Result<(u32, u32, Vec<u8>), Diagnostic> {
    let fail = |what: String| {
        Diagnostic::error(
            "pdf-image",
            format!("cannot draw SVG {}: {what}", short_hash(loaded)),
        )
    };
    let size = tree.size();
    let scale_for = |pt: f32, px: f32| pt / 72.0 * SVG_DPI / px.max(1.0);
    let mut scale = scale_for(placed_pt.0, size.width()).max(scale_for(placed_pt.1, size.height()));
    let longest = size.width().max(size.height()) * scale;
    if longest > SVG_MAX_PIXELS {
        scale *= SVG_MAX_PIXELS / longest;
    }
    // Float noise must not add a pixel column (500.00003 → 500).
    let width = (size.width() * scale - 1e-3).ceil().max(1.0) as u32;
    let height = (size.height() * scale - 1e-3).ceil().max(1.0) as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| fail(format!("{width}×{height} pixels")))?;
    resvg::render(
        tree,
        resvg::tiny_skia::Transform::from_scale(
            width as f32 / size.width(),
            height as f32 / size.height(),
        ),
        &mut pixmap.as_mut(),
    );
    // tiny-skia stores premultiplied alpha; the PDF wants straight colour plus a mask.
    let rgba = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    Ok((width, height, rgba))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_header_gives_size_and_components() {
        // SOI, APP14 "Adobe", SOF0 8-bit 3×2 with 4 components.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xEE, 0x00, 0x07];
        jpeg.extend_from_slice(b"Adobe");
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x08, 8, 0, 2, 0, 3, 4]);
        assert_eq!(
            jpeg_info(&jpeg),
            Some(JpegInfo {
                width: 3,
                height: 2,
                components: 4,
                adobe: true
            })
        );
        // 12-bit precision is refused (decoded instead).
        let last = jpeg.len() - 6;
        jpeg[last] = 12;
        assert_eq!(jpeg_info(&jpeg), None);
        assert_eq!(jpeg_info(b"not a jpeg"), None);
    }
}
