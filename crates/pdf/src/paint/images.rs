//! Image XObjects: one per distinct asset (per distinct file, even), placed as often as the
//! frame uses it.
//!
//! Nothing is decoded that need not be:
//! - a JPEG goes in as it is (`/DCTDecode`, the file's bytes);
//! - a PNG without transparency (grey, RGB or palette, 1–16 bits, not interlaced) goes in as its
//!   own zlib data (the `IDAT` chunks) with `/DecodeParms << /Predictor 15 … >>`: PDF's Flate
//!   filter undoes PNG's row filters itself, so there is no decode and no re-compression;
//! - anything else (a PNG with alpha or interlaced, GIF, WebP) is decoded once, to 8-bit RGB
//!   (grey when every pixel is) with an `/SMask` only when some pixel is not opaque, and
//!   deflated at once with PNG row filters, so its pixels are freed before the next image;
//! - SVG is drawn as vectors (`svg`), or, when it uses filters, rasterised with resvg at 300 dpi
//!   of its largest placed size; either way its text is set in the book's faces.
//!
//! Raster images are made on all cores, a few at a time (one per thread). With `max_image_dpi`
//! an image with more pixels than that at its largest placed size is scaled down to it, never
//! up: a JPEG stays a JPEG (quality 90), anything else becomes deflated samples (`Flate`); both
//! are kept in the derived-image cache, so a rebuild passes them through like any JPEG.
//! Streams are built as printpdf "external" XObjects so printpdf neither re-encodes nor renames
//! them.

use std::collections::{BTreeMap, BTreeSet};

use hanmoto_model::assets::derived::{encode_jpeg, DerivedCache};
use hanmoto_model::assets::{fit_within, ColorType, ImageFormat, Loaded, RasterInfo, SCALER};
use hanmoto_model::{AssetId, AssetStore, Diagnostic, Diagnostics};
use printpdf::{DictItem, ExternalStream, ExternalXObject, PdfDocument, XObject, XObjectId};

use super::content::Content;
use super::writer::PdfWriter;
use crate::fonts::{FontSet, Role};
use crate::frame::{Color, Element, Page, Rect, Stroke};
use lopdf::ObjectId;

/// Raster resolution for vector images.
const SVG_DPI: f32 = 300.0;
/// Longest side of a rasterised SVG, whatever its placed size (memory bound: 64 MB RGBA).
const SVG_MAX_PIXELS: f32 = 4096.0;

/// The XObjects of the document's images.
#[derive(Default)]
pub(super) struct Embedded {
    /// The raster images, already written: each XObject's name and its object.
    pub rasters: BTreeMap<String, ObjectId>,
    /// Each XObject's name and the content hash of the file it was made from.
    pub names: BTreeMap<String, String>,
    /// SVG drawings as one-page PDFs, for `svg::import_forms` to put in their placeholders.
    pub svgs: Vec<Vec<u8>>,
    /// How each XObject was made from its file (passed through, decoded, scaled to W×H…), for
    /// the document's fingerprint.
    pub recipes: BTreeMap<String, String>,
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

/// An image's stream and how it was made, or why it could not be.
type Made = Result<(ExternalStream, String), Diagnostic>;

/// How images are written.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ImageOptions {
    /// `[pdf] max_image_dpi`: images with more pixels per inch at their largest placed size are
    /// scaled down to it. `None`: every image as the site has it.
    pub max_dpi: Option<u32>,
}

/// The images pages place, registered a batch of pages at a time like the glyphs
/// (`text::TextFonts`): a page names its images before any is made, and each distinct file is
/// made once at the end, at its largest placed size.
#[derive(Default)]
pub(super) struct Uses {
    /// Per distinct file (content hash): the assets showing it and the largest placed size (pt),
    /// which decides an SVG's raster size and whether a raster image is scaled down.
    files: BTreeMap<String, FileUse>,
}

/// The assets showing one file and its largest placed size (pt).
type FileUse = (BTreeSet<AssetId>, (f32, f32));

impl Uses {
    /// Notes the images `pages` place.
    pub fn register<'p>(&mut self, assets: &AssetStore, pages: impl IntoIterator<Item = &'p Page>) {
        for element in pages.into_iter().flat_map(|p| &p.elements) {
            if let Element::Image { asset, rect } = element {
                if let Some(loaded) = assets.loaded(*asset) {
                    if !self.files.contains_key(&loaded.hash) {
                        self.files
                            .insert(loaded.hash.clone(), (BTreeSet::new(), (0.0, 0.0)));
                    }
                    let Some((ids, size)) = self.files.get_mut(&loaded.hash) else {
                        continue;
                    };
                    ids.insert(assets.canonical(*asset));
                    size.0 = size.0.max(rect.width);
                    size.1 = size.1.max(rect.height);
                }
            }
        }
    }
}

/// The XObject a page shows for `asset`: named after the asset holding its bytes, so it is
/// known before the image is made. `None` for an image that did not load (the page prints
/// [`MISSING_FRAME`]).
pub(super) fn xobject_name(assets: &AssetStore, asset: AssetId) -> Option<XObjectId> {
    assets
        .loaded(asset)
        .map(|_| XObjectId(format!("Im{}", assets.canonical(asset).0)))
}

/// Makes every image registered in `uses`, on all cores; one that cannot be drawn is a
/// warning and a light grey box under its name (its pages were painted already).
/// `progress(done, total)` is called (from any thread) as images are made.
///
/// Raster images go straight into `file` (the second of the pair; SVG forms into the first), in order, a few per core in flight (`in_order`): each
/// is decoded (if at all) and compressed by one thread, written as soon as it and those before
/// it are made, and dropped, so a book of hundreds of large screenshots holds only a few images
/// in memory (never the whole set, nor a second copy for printpdf). SVG drawings go through `pdf` (their forms
/// need the book's fonts), in order after the rasters.
pub(super) fn embed(
    uses: &Uses,
    fonts: &FontSet,
    assets: &AssetStore,
    options: ImageOptions,
    (pdf, file): (&mut PdfDocument, &mut PdfWriter<'_>),
    diagnostics: &Diagnostics,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Embedded {
    let files = &uses.files;
    let total = files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let step = || {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        progress(n, total);
    };
    let mut embedded = Embedded::default();
    // One image that cannot be drawn is a grey box and a warning, never a lost book.
    let usable = |ids: &BTreeSet<AssetId>, made: Made| -> (ExternalStream, String) {
        match made {
            Ok(made) => made,
            Err(e) => {
                let d = Diagnostic::warning(
                    e.code,
                    format!("{}; a grey box is printed in its place", e.message),
                );
                let first = ids.first().copied();
                diagnostics.push(match first.and_then(|f| assets.first_use(f)) {
                    Some(r) => d.at(r.span),
                    None => d,
                });
                (missing_box(), "missing".to_owned())
            }
        }
    };
    // The XObject names of a file: one per canonical asset showing it (two canonical assets
    // may still share bytes); all name the one object.
    let names_of = |ids: &BTreeSet<AssetId>| -> Vec<XObjectId> {
        ids.iter()
            .filter_map(|&id| xobject_name(assets, id))
            .collect()
    };

    let rasters: Vec<(&String, &FileUse)> = files
        .iter()
        .filter(|(_, (ids, _))| {
            ids.first()
                .and_then(|&id| assets.loaded(id))
                .is_some_and(|l| l.format != ImageFormat::Svg)
        })
        .collect();
    let threads = rayon::current_num_threads().max(1);
    in_order(
        rasters.len(),
        threads,
        threads * 2,
        |i| {
            let (_, (ids, size)) = rasters[i];
            let made = match ids.first().and_then(|&id| assets.loaded(id)) {
                Some(loaded) => image_stream(loaded, *size, options, assets.derived()),
                None => Err(Diagnostic::warning("asset", "an image vanished")),
            };
            step();
            made
        },
        |i, made| {
            let (sha, (ids, _)) = rasters[i];
            let names = names_of(ids);
            if names.is_empty() {
                return;
            }
            let (stream, recipe) = usable(ids, made);
            let id = write_external(file, stream);
            for name in names {
                embedded.recipes.insert(name.0.clone(), recipe.clone());
                embedded.names.insert(name.0.clone(), sha.clone());
                embedded.rasters.insert(name.0, id);
            }
        },
    );

    // Built on the first SVG only: it copies the faces into resvg's database.
    let mut svg_options = None;
    for (sha, (ids, size)) in files {
        let Some(loaded) = ids.first().and_then(|&id| assets.loaded(id)) else {
            continue;
        };
        if loaded.format != ImageFormat::Svg {
            continue;
        }
        let options = svg_options.get_or_insert_with(|| svg_options_for(fonts));
        let svgs = &mut embedded.svgs;
        let made =
            svg_stream(loaded, options, *size, svgs).map(|s| (s, format!("svg {}", svgs.len())));
        step();
        let (stream, recipe) = usable(ids, made);
        for name in names_of(ids) {
            embedded.recipes.insert(name.0.clone(), recipe.clone());
            embedded.names.insert(name.0.clone(), sha.clone());
            pdf.resources.xobjects.map.insert(
                name,
                XObject::External(ExternalXObject {
                    stream: stream.clone(),
                    width: None,
                    height: None,
                    dpi: None,
                }),
            );
        }
    }
    embedded
}

/// Makes items `0..count` on `threads` threads and hands each to `consume` on this thread, in
/// order, as soon as it and those before it are made; at most `window` are made ahead of the
/// one `consume` waits for, so memory holds a few items, not all, and one slow item does not
/// stall the others (no batches). An item whose making panics is a warning-carrying error.
fn in_order(
    count: usize,
    threads: usize,
    window: usize,
    make: impl Fn(usize) -> Made + Sync,
    mut consume: impl FnMut(usize, Made),
) {
    use std::sync::{Condvar, Mutex, PoisonError};
    struct State {
        next: usize,
        consumed: usize,
        ready: BTreeMap<usize, Made>,
    }
    let state = Mutex::new(State {
        next: 0,
        consumed: 0,
        ready: BTreeMap::new(),
    });
    let changed = Condvar::new();
    let lock = || state.lock().unwrap_or_else(PoisonError::into_inner);
    std::thread::scope(|scope| {
        for _ in 0..threads.min(count) {
            scope.spawn(|| loop {
                let i = {
                    let mut st = lock();
                    while st.next < count && st.next >= st.consumed + window {
                        st = changed.wait(st).unwrap_or_else(PoisonError::into_inner);
                    }
                    if st.next >= count {
                        return;
                    }
                    st.next += 1;
                    st.next - 1
                };
                let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| make(i)))
                    .unwrap_or_else(|_| {
                        Err(Diagnostic::warning(
                            "image-internal",
                            "the image could not be made (an internal error)",
                        ))
                    });
                lock().ready.insert(i, made);
                changed.notify_all();
            });
        }
        for i in 0..count {
            let made = {
                let mut st = lock();
                loop {
                    if let Some(made) = st.ready.remove(&i) {
                        st.consumed = i + 1;
                        break made;
                    }
                    st = changed.wait(st).unwrap_or_else(PoisonError::into_inner);
                }
            };
            changed.notify_all();
            consume(i, made);
        }
    });
}

/// Writes `stream` (already in its final encoding) as an object of `file`; a stream nested in
/// its dictionary (a soft mask) becomes an object of its own, as PDF requires.
fn write_external(file: &mut PdfWriter<'_>, stream: ExternalStream) -> ObjectId {
    let mut dict = lopdf::Dictionary::new();
    for (key, value) in stream.dict {
        let value = match value {
            DictItem::Stream { stream } => lopdf::Object::Reference(write_external(file, stream)),
            other => other.to_lopdf(),
        };
        dict.set(key, value);
    }
    let id = file.alloc();
    file.stream(id, &dict, &stream.content);
    id
}

/// The form shown for an image that could not be made: the unit square in light grey (the
/// page places it like the image, so it fills the image's place).
fn missing_box() -> ExternalStream {
    let dict = BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Form")),
        (
            "BBox".to_owned(),
            DictItem::Array([0, 0, 1, 1].map(DictItem::Int).to_vec()),
        ),
    ]);
    ExternalStream {
        dict,
        content: b"0.92 g 0 0 1 1 re f".to_vec(),
        compress: false,
    }
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

/// JPEG quality of a photo scaled down for `max_image_dpi`.
const JPEG_QUALITY: u8 = 90;

/// A raster image's stream and a word on how it was made. `placed_pt` is its largest placed
/// size, for `max_dpi`.
fn image_stream(
    loaded: &Loaded,
    placed_pt: (f32, f32),
    options: ImageOptions,
    cache: &DerivedCache,
) -> Result<(ExternalStream, String), Diagnostic> {
    let fail = |e: &dyn std::fmt::Display| {
        Diagnostic::error(
            "pdf-image",
            format!("cannot decode image {}: {e}", short_hash(loaded)),
        )
    };
    let info = loaded.raster.ok_or_else(|| fail(&"not a raster image"))?;
    let fit = options.max_dpi.and_then(|dpi| {
        let px = |pt: f32| ((pt / 72.0 * dpi as f32).ceil() as u32).max(1);
        fit_within(info.width, info.height, px(placed_pt.0), px(placed_pt.1))
    });
    if let Some((w, h)) = fit {
        if loaded.format == ImageFormat::Jpeg {
            // A photo stays a JPEG, only smaller.
            let recipe = format!("pdf-fit{w}x{h}-{SCALER}-jpg-q{JPEG_QUALITY}");
            let jpeg = cache
                .get_or_make(&loaded.hash, &recipe, || {
                    let pixels = loaded.decode_within(w, h).map_err(|e| e.to_string())?;
                    encode_jpeg(&pixels, JPEG_QUALITY)
                })
                .map_err(|e| fail(&e))?;
            let gray = matches!(info.color, ColorType::Gray);
            let stream = jpeg_stream(jpeg, w, h, if gray { 1 } else { 3 }, false);
            return Ok((stream, recipe));
        }
        // Anything else: the scaled pixels' deflated streams, kept in the cache too, so a
        // rebuild neither decodes nor scales nor deflates the screenshot again.
        let recipe = format!(
            "pdf-fit{w}x{h}-{SCALER}-flate{}",
            super::document::COMPRESSION_LEVEL
        );
        let make = || -> Result<Vec<u8>, String> {
            let pixels = loaded.decode_within(w, h).map_err(|e| e.to_string())?;
            Ok(Flate::of_rgba(w, h, pixels.into_rgba8().as_raw()).to_bytes())
        };
        let bytes = cache
            .get_or_make(&loaded.hash, &recipe, make)
            .map_err(|e| fail(&e))?;
        // A cache entry passes its checksum, so only a change of this format fails here.
        let flate = match Flate::from_bytes(&bytes) {
            Some(flate) => flate,
            None => Flate::from_bytes(&make().map_err(|e| fail(&e))?)
                .ok_or_else(|| fail(&"cannot read the scaled image back"))?,
        };
        return Ok((flate.stream(), recipe));
    }
    if let (Some(coding), 8) = (info.jpeg, info.bit_depth) {
        if coding.is_common() {
            let components = match info.color {
                ColorType::Gray => 1,
                ColorType::Cmyk => 4,
                _ => 3,
            };
            let stream = jpeg_stream(
                loaded.bytes.to_vec(),
                info.width,
                info.height,
                components,
                coding.adobe,
            );
            return Ok((stream, "jpeg as it is".into()));
        }
        // 12-bit, arithmetic-coded or lossless: decoded instead.
    }
    if let Some(stream) = png_passthrough(loaded, &info) {
        return Ok((stream, "png data as it is".into()));
    }
    let rgba = loaded.decode_rgba().map_err(|e| fail(&e))?;
    Ok((
        rgba_stream(rgba.width(), rgba.height(), rgba.as_raw()),
        "decoded".into(),
    ))
}

/// A PNG's own zlib data as the image stream, when PDF can read it as it is: no transparency
/// (alpha, `tRNS`), not interlaced, grey (1–16 bits), RGB (8 or 16) or a palette (1–8).
fn png_passthrough(loaded: &Loaded, info: &RasterInfo) -> Option<ExternalStream> {
    if info.transparency || info.interlaced {
        return None;
    }
    let (colors, bits) = (info.color, info.bit_depth);
    let ok = match colors {
        ColorType::Gray => matches!(bits, 1 | 2 | 4 | 8 | 16),
        ColorType::Rgb => matches!(bits, 8 | 16),
        ColorType::Indexed => matches!(bits, 1 | 2 | 4 | 8),
        _ => false,
    };
    if !ok {
        return None;
    }
    let parts = loaded.png_parts()?;
    let space = match colors {
        ColorType::Gray => name("DeviceGray"),
        ColorType::Rgb => name("DeviceRGB"),
        _ => {
            let palette = parts.palette?;
            let entries = palette.len() / 3;
            if entries == 0 {
                return None;
            }
            DictItem::Array(vec![
                name("Indexed"),
                name("DeviceRGB"),
                DictItem::Int(entries as i64 - 1),
                DictItem::String {
                    data: palette[..entries * 3].to_vec(),
                    literal: false,
                },
            ])
        }
    };
    let channels = if colors == ColorType::Rgb { 3 } else { 1 };
    let mut dict = image_dict(info.width, info.height, "DeviceRGB");
    dict.insert("ColorSpace".to_owned(), space);
    dict.insert(
        "BitsPerComponent".to_owned(),
        DictItem::Int(i64::from(bits)),
    );
    set_png_predictor(&mut dict, channels, i64::from(bits), i64::from(info.width));
    Some(ExternalStream {
        dict,
        content: parts.image_data(),
        // The file's own zlib data.
        compress: false,
    })
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
        loaded.hash.get(..12).unwrap_or(&loaded.hash),
        loaded.extension()
    )
}

/// RGB pixels, plus a soft mask when any pixel is not fully opaque, each deflated at once with
/// PNG row filters (`/Predictor 15`), so only compressed bytes outlive the call.
/// Grey images (screenshots of terminals, scans) are written as DeviceGray: a third the size.
fn rgba_stream(width: u32, height: u32, rgba: &[u8]) -> ExternalStream {
    Flate::of_rgba(width, height, rgba).stream()
}

/// An image made of decoded pixels: its colour samples (1 = grey, 3 = RGB) and its alpha, when
/// any pixel is not opaque, each deflated after PNG row filters.
struct Flate {
    width: u32,
    height: u32,
    channels: u8,
    color: Vec<u8>,
    alpha: Option<Vec<u8>>,
}

impl Flate {
    /// The magic of `to_bytes`, with the format's version.
    const MAGIC: &'static [u8; 8] = b"hmflate1";

    fn of_rgba(width: u32, height: u32, rgba: &[u8]) -> Flate {
        let gray = rgba
            .chunks_exact(4)
            .all(|px| px[0] == px[1] && px[1] == px[2]);
        let channels = if gray { 1 } else { 3 };
        let alpha = rgba.chunks_exact(4).any(|px| px[3] != u8::MAX).then(|| {
            let alpha: Vec<u8> = rgba.chunks_exact(4).map(|px| px[3]).collect();
            deflate_rows(&alpha, width as usize, 1)
        });
        // Fixed-size copies per pixel (no call per pixel): this runs over every decoded pixel.
        let mut color = vec![0u8; rgba.len() / 4 * channels];
        if gray {
            for (c, px) in color.iter_mut().zip(rgba.chunks_exact(4)) {
                *c = px[0];
            }
        } else {
            for (c, px) in color.chunks_exact_mut(3).zip(rgba.chunks_exact(4)) {
                c[0] = px[0];
                c[1] = px[1];
                c[2] = px[2];
            }
        }
        let color = deflate_rows(&color, width as usize, channels);
        Flate {
            width,
            height,
            channels: channels as u8,
            color,
            alpha,
        }
    }

    fn stream(self) -> ExternalStream {
        let space = if self.channels == 1 {
            "DeviceGray"
        } else {
            "DeviceRGB"
        };
        let mut dict = image_dict(self.width, self.height, space);
        let columns = i64::from(self.width);
        if let Some(alpha) = self.alpha {
            let mut mask = image_dict(self.width, self.height, "DeviceGray");
            set_png_predictor(&mut mask, 1, 8, columns);
            dict.insert(
                "SMask".to_owned(),
                DictItem::Stream {
                    stream: ExternalStream {
                        dict: mask,
                        content: alpha,
                        compress: false,
                    },
                },
            );
        }
        set_png_predictor(&mut dict, i64::from(self.channels), 8, columns);
        ExternalStream {
            dict,
            content: self.color,
            compress: false,
        }
    }

    /// For the derived-image cache: magic, width, height, channels, the colour stream's
    /// length, the colour stream, then the alpha stream (empty: opaque).
    fn to_bytes(&self) -> Vec<u8> {
        let alpha = self.alpha.as_deref().unwrap_or_default();
        let mut out = Vec::with_capacity(25 + self.color.len() + alpha.len());
        out.extend_from_slice(Self::MAGIC);
        out.extend_from_slice(&self.width.to_le_bytes());
        out.extend_from_slice(&self.height.to_le_bytes());
        out.push(self.channels);
        out.extend_from_slice(&(self.color.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.color);
        out.extend_from_slice(alpha);
        out
    }

    fn from_bytes(bytes: &[u8]) -> Option<Flate> {
        let rest = bytes.strip_prefix(Self::MAGIC.as_slice())?;
        let (width, rest) = rest.split_first_chunk::<4>()?;
        let (height, rest) = rest.split_first_chunk::<4>()?;
        let (&channels, rest) = rest.split_first()?;
        let (len, rest) = rest.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        if !matches!(channels, 1 | 3) || len > rest.len() {
            return None;
        }
        let (color, alpha) = rest.split_at(len);
        Some(Flate {
            width: u32::from_le_bytes(*width),
            height: u32::from_le_bytes(*height),
            channels,
            color: color.to_vec(),
            alpha: (!alpha.is_empty()).then(|| alpha.to_vec()),
        })
    }
}

/// Deflates 8-bit samples (`channels` per pixel, `width` pixels a row) after PNG row filters
/// chosen per row (None, Sub, Up, Average or Paeth: the least sum of absolute values, as libpng
/// does); the stream's dictionary needs `set_png_predictor`.
fn deflate_rows(samples: &[u8], width: usize, channels: usize) -> Vec<u8> {
    use std::io::Write as _;
    let stride = width * channels;
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(samples.len() / 4),
        flate2::Compression::new(super::document::COMPRESSION_LEVEL),
    );
    let zero = vec![0u8; stride];
    let mut prev: &[u8] = &zero;
    let mut candidates: [Vec<u8>; 5] = std::array::from_fn(|_| vec![0u8; stride + 1]);
    for row in samples.chunks_exact(stride.max(1)) {
        let mut best = 0;
        let mut best_cost = u64::MAX;
        for (kind, out) in candidates.iter_mut().enumerate() {
            let cost = filter_row(kind as u8, row, prev, channels, out);
            if cost < best_cost {
                (best, best_cost) = (kind, cost);
            }
            if cost == 0 {
                break; // nothing can do better (a flat row)
            }
        }
        // Writing to a Vec cannot fail.
        let _ = encoder.write_all(&candidates[best]);
        prev = row;
    }
    encoder.finish().unwrap_or_default()
}

/// Writes PNG filter `kind` (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth) of `row` (with `prev` the
/// row above, `bpp` bytes a pixel) into `out` (the filter byte, then the filtered row) and
/// returns the row's cost: the sum of its bytes as signed magnitudes. One loop per filter (no
/// branch per byte), so the simple ones vectorise; this is the hot loop of painting decoded
/// images.
fn filter_row(kind: u8, row: &[u8], prev: &[u8], bpp: usize, out: &mut [u8]) -> u64 {
    out[0] = kind;
    let o = &mut out[1..];
    let n = row.len();
    let bpp = bpp.min(n);
    match kind {
        0 => o.copy_from_slice(row),
        1 => {
            o[..bpp].copy_from_slice(&row[..bpp]);
            for ((o, &x), &a) in o[bpp..].iter_mut().zip(&row[bpp..]).zip(row) {
                *o = x.wrapping_sub(a);
            }
        }
        2 => {
            for ((o, &x), &b) in o.iter_mut().zip(row).zip(prev) {
                *o = x.wrapping_sub(b);
            }
        }
        3 => {
            for ((o, &x), &b) in o[..bpp].iter_mut().zip(row).zip(prev) {
                *o = x.wrapping_sub(b / 2);
            }
            for (((o, &x), &a), &b) in o[bpp..]
                .iter_mut()
                .zip(&row[bpp..])
                .zip(row)
                .zip(&prev[bpp..])
            {
                *o = x.wrapping_sub(((u16::from(a) + u16::from(b)) / 2) as u8);
            }
        }
        _ => {
            // Paeth with a = c = 0 on the first pixel is the byte above.
            for ((o, &x), &b) in o[..bpp].iter_mut().zip(row).zip(prev) {
                *o = x.wrapping_sub(b);
            }
            for ((((o, &x), &a), &b), &c) in o[bpp..]
                .iter_mut()
                .zip(&row[bpp..])
                .zip(row)
                .zip(&prev[bpp..])
                .zip(prev)
            {
                *o = x.wrapping_sub(paeth(a, b, c));
            }
        }
    }
    o.iter().map(|&x| u64::from((x as i8).unsigned_abs())).sum()
}

/// `/FlateDecode` with PNG row filters: `colors` samples of `bits` bits per pixel, `columns`
/// pixels a row.
fn set_png_predictor(dict: &mut BTreeMap<String, DictItem>, colors: i64, bits: i64, columns: i64) {
    dict.insert("Filter".to_owned(), name("FlateDecode"));
    dict.insert(
        "DecodeParms".to_owned(),
        DictItem::Dict {
            map: BTreeMap::from([
                ("Predictor".to_owned(), DictItem::Int(15)),
                ("Colors".to_owned(), DictItem::Int(colors)),
                ("BitsPerComponent".to_owned(), DictItem::Int(bits)),
                ("Columns".to_owned(), DictItem::Int(columns)),
            ]),
        },
    );
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    // The PNG predictor (the neighbour nearest `a + b - c`, ties to a, then b), without
    // branches: `p - a = b - c`, `p - b = a - c`, `p - c = a + b - 2c`, and selects the compiler
    // turns into vector blends.
    let (a16, b16, c16) = (i16::from(a), i16::from(b), i16::from(c));
    let pa = (b16 - c16).abs();
    let pb = (a16 - c16).abs();
    let pc = (a16 + b16 - 2 * c16).abs();
    let (nearest, distance) = if pa <= pb { (a, pa) } else { (b, pb) };
    if distance <= pc {
        nearest
    } else {
        c
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

/// A JPEG as it is (`/DCTDecode`): `components` 1 (grey), 3 or 4 (CMYK; `adobe`: stored
/// inverted, as Photoshop writes it, so `/Decode` flips it).
fn jpeg_stream(
    bytes: Vec<u8>,
    width: u32,
    height: u32,
    components: u8,
    adobe: bool,
) -> ExternalStream {
    let space = match components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        _ => "DeviceCMYK",
    };
    let mut dict = image_dict(width, height, space);
    dict.insert("Filter".to_owned(), name("DCTDecode"));
    if components == 4 && adobe {
        dict.insert(
            "Decode".to_owned(),
            DictItem::Array([1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec()),
        );
    }
    ExternalStream {
        dict,
        content: bytes,
        // Already compressed; the bytes must stay the file's.
        compress: false,
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
mod filter_tests {
    use super::{deflate_rows, paeth};
    use std::io::Read as _;

    /// The PNG specification's Paeth predictor, as written there.
    fn paeth_reference(a: u8, b: u8, c: u8) -> u8 {
        let p = i16::from(a) + i16::from(b) - i16::from(c);
        let (pa, pb, pc) = (
            (p - i16::from(a)).abs(),
            (p - i16::from(b)).abs(),
            (p - i16::from(c)).abs(),
        );
        if pa <= pb && pa <= pc {
            a
        } else if pb <= pc {
            b
        } else {
            c
        }
    }

    #[test]
    fn paeth_is_the_specification_s_for_every_input() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                for c in (0..=255u8).step_by(3) {
                    assert_eq!(paeth(a, b, c), paeth_reference(a, b, c), "{a} {b} {c}");
                }
            }
        }
    }

    /// Inflates and unfilters what `deflate_rows` wrote, as a PDF reader does for
    /// `/Predictor 15`.
    fn undo(stream: &[u8], width: usize, channels: usize) -> Vec<u8> {
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(stream)
            .read_to_end(&mut raw)
            .unwrap();
        let stride = width * channels;
        let mut out: Vec<u8> = Vec::new();
        for (r, line) in raw.chunks_exact(stride + 1).enumerate() {
            let start = out.len();
            for i in 0..stride {
                let a = if i >= channels {
                    out[start + i - channels]
                } else {
                    0
                };
                let b = if r > 0 { out[start + i - stride] } else { 0 };
                let c = if r > 0 && i >= channels {
                    out[start + i - stride - channels]
                } else {
                    0
                };
                let p = match line[0] {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => ((u16::from(a) + u16::from(b)) / 2) as u8,
                    4 => paeth_reference(a, b, c),
                    k => panic!("filter {k}"),
                };
                out.push(line[1 + i].wrapping_add(p));
            }
        }
        out
    }

    #[test]
    fn filtered_rows_decode_to_the_samples_for_every_filter_and_channel_count() {
        // Gradients (Sub, Up, Average win), noise (None, Paeth) and flat rows (early exit).
        let mut seed = 12345u32;
        let mut noise = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as u8
        };
        for channels in [1, 3, 4] {
            for width in [1, 2, 7, 64] {
                let height = 9;
                let mut samples = Vec::new();
                for y in 0..height {
                    for x in 0..width * channels {
                        samples.push(match y % 3 {
                            0 => (x * 3 + y) as u8,
                            1 => noise(),
                            _ => 200,
                        });
                    }
                }
                let stream = deflate_rows(&samples, width, channels);
                assert_eq!(
                    undo(&stream, width, channels),
                    samples,
                    "{channels} × {width}"
                );
            }
        }
    }
}
