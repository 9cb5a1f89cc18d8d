//! Raster images: the format from the magic bytes, sizes under explicit limits, and pixels on
//! demand for backends.
//!
//! Every decode goes through `reader`, which sets `image::Limits`: a PNG whose header declares
//! 20000×20000 but whose data is a few hundred bytes (a decompression bomb) is refused from its
//! header, before any pixel buffer is allocated.

use super::header::RasterInfo;
use super::{AssetLimits, Problem};
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use std::io::Cursor;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    WebP,
    Svg,
}

impl ImageFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Gif => "image/gif",
            ImageFormat::WebP => "image/webp",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Gif => "gif",
            ImageFormat::WebP => "webp",
            ImageFormat::Svg => "svg",
        }
    }

    fn raster(self) -> Option<image::ImageFormat> {
        match self {
            ImageFormat::Png => Some(image::ImageFormat::Png),
            ImageFormat::Jpeg => Some(image::ImageFormat::Jpeg),
            ImageFormat::Gif => Some(image::ImageFormat::Gif),
            ImageFormat::WebP => Some(image::ImageFormat::WebP),
            ImageFormat::Svg => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("image too large: {0}")]
    TooLarge(String),
    #[error("corrupt image: {0}")]
    Corrupt(String),
    #[error("SVG is a vector image; rasterise it instead of decoding")]
    Vector,
}

/// The format from the first bytes, whatever the file is called. `None` for anything else,
/// notably an HTML error page served with status 200.
pub(crate) fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageFormat::Gif)
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(ImageFormat::WebP)
    } else if super::svg::looks_like_svg(bytes) {
        Some(ImageFormat::Svg)
    } else {
        None
    }
}

/// A few words on what the bytes are instead, for the diagnostic.
pub(crate) fn describe(bytes: &[u8]) -> String {
    let head = bytes.get(..bytes.len().min(512)).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    if bytes.is_empty() {
        "the file is empty".into()
    } else if text.contains("<html") || text.contains("<!doctype html") {
        "it is an HTML page".into()
    } else {
        let hex: Vec<String> = head.iter().take(8).map(|b| format!("{b:02x}")).collect();
        format!("starts with bytes {}", hex.join(" "))
    }
}

fn image_limits(limits: &AssetLimits) -> image::Limits {
    let mut l = image::Limits::default();
    l.max_image_width = Some(limits.max_dimension);
    l.max_image_height = Some(limits.max_dimension);
    l.max_alloc = Some(limits.max_alloc);
    l
}

fn reader<'a>(
    bytes: &'a [u8],
    format: ImageFormat,
    limits: &AssetLimits,
) -> Result<image::ImageReader<Cursor<&'a [u8]>>, DecodeError> {
    let raster = format.raster().ok_or(DecodeError::Vector)?;
    let mut r = image::ImageReader::with_format(Cursor::new(bytes), raster);
    r.limits(image_limits(limits));
    Ok(r)
}

/// The size the header declares. Only the allocation cap applies here (reading a header is
/// cheap), so `check_size` can name the declared size in its message ("20000×20000 pixels")
/// instead of the decoder's generic "Image size exceeds limit".
fn header_dimensions(
    bytes: &[u8],
    format: ImageFormat,
    limits: &AssetLimits,
) -> Result<(u32, u32), DecodeError> {
    let raster = format.raster().ok_or(DecodeError::Vector)?;
    let mut r = image::ImageReader::with_format(Cursor::new(bytes), raster);
    let mut l = image::Limits::no_limits();
    l.max_alloc = Some(limits.max_alloc);
    r.limits(l);
    r.into_dimensions().map_err(map_image_error)
}

fn map_image_error(e: image::ImageError) -> DecodeError {
    match e {
        image::ImageError::Limits(l) => DecodeError::TooLarge(l.to_string()),
        other => DecodeError::Corrupt(other.to_string()),
    }
}

fn check_size(w: u32, h: u32, limits: &AssetLimits) -> Result<(), DecodeError> {
    let pixels = u64::from(w) * u64::from(h);
    if w > limits.max_dimension || h > limits.max_dimension {
        return Err(DecodeError::TooLarge(format!(
            "{w}×{h} pixels; the limit is {0}×{0}",
            limits.max_dimension
        )));
    }
    if pixels > limits.max_pixels {
        return Err(DecodeError::TooLarge(format!(
            "{w}×{h} = {pixels} pixels; the limit is {}",
            limits.max_pixels
        )));
    }
    if w == 0 || h == 0 {
        return Err(DecodeError::Corrupt(format!("{w}×{h} pixels")));
    }
    Ok(())
}

/// What the headers say, checked against the limits: the declared size (and the memory its
/// pixels would take) is refused when too large, and the file's structure is checked
/// (`header::inspect`), but no pixel is decoded. A book's images are decoded only by the backend
/// that needs their pixels.
pub(crate) fn inspect_raster(
    bytes: &[u8],
    format: ImageFormat,
    limits: &AssetLimits,
) -> Result<RasterInfo, Problem> {
    let info = super::header::inspect(bytes, format, limits.max_alloc).map_err(problem)?;
    check_size(info.width, info.height, limits).map_err(problem)?;
    // What `decode_rgba` would allocate (8-bit RGBA): refused here, not at the backend.
    let rgba = u64::from(info.width) * u64::from(info.height) * 4;
    if rgba > limits.max_alloc {
        return Err(problem(DecodeError::TooLarge(format!(
            "{}×{} pixels need {} MB to decode; the limit is {} MB",
            info.width,
            info.height,
            rgba.div_ceil(1_000_000),
            limits.max_alloc / 1_000_000
        ))));
    }
    Ok(info)
}

/// Reads the declared size from the header, refuses it if too large, then decodes the whole
/// image once (under the same limits) to prove the data is not corrupt. Returns the size. For
/// images inside an SVG, which the PDF's rasteriser decodes without our limits.
pub(crate) fn check_raster(
    bytes: &[u8],
    format: ImageFormat,
    limits: &AssetLimits,
) -> Result<(u32, u32), Problem> {
    let (w, h) = header_dimensions(bytes, format, limits)
        .and_then(|(w, h)| check_size(w, h, limits).map(|()| (w, h)))
        .map_err(problem)?;
    // The decoded pixels are dropped at once: backends decode again only if they must.
    let _ticket = Ticket::take(decode_cost(w, h));
    reader(bytes, format, limits)
        .and_then(|r| r.decode().map_err(map_image_error))
        .map_err(problem)?;
    Ok((w, h))
}

/// The pixels as RGBA, under the limits: for backends that downscale or re-encode.
pub(crate) fn decode_rgba(
    bytes: &[u8],
    format: ImageFormat,
    limits: &AssetLimits,
) -> Result<image::RgbaImage, DecodeError> {
    let _ticket = Ticket::for_header(bytes, format, limits);
    Ok(decode_pixels(bytes, format, limits)?.into_rgba8())
}

/// The pixels in the decoder's own layout (8-bit RGB for most JPEGs, RGBA for a PNG with alpha,
/// 16-bit for a 16-bit PNG…), under the limits.
pub(crate) fn decode_any(
    bytes: &[u8],
    format: ImageFormat,
    limits: &AssetLimits,
) -> Result<image::DynamicImage, DecodeError> {
    let _ticket = Ticket::for_header(bytes, format, limits);
    decode_pixels(bytes, format, limits)
}

/// `decode_any` without taking a share of the decoding budget (the caller holds one).
fn decode_pixels(
    bytes: &[u8],
    format: ImageFormat,
    limits: &AssetLimits,
) -> Result<image::DynamicImage, DecodeError> {
    let r = reader(bytes, format, limits)?;
    let (w, h) = header_dimensions(bytes, format, limits)?;
    check_size(w, h, limits)?;
    r.decode().map_err(map_image_error)
}

/// How many bytes of decoded pixels may be alive at once across the threads that decode: an
/// image whose decoding costs more than what is left waits for others to finish, so two 4032×3024
/// photos are not decoded side by side while small screenshots still are. One image larger than
/// the whole budget still decodes, alone.
const DECODE_BUDGET: u64 = 160 * 1024 * 1024;

/// What decoding a `w`×`h` image may take at its peak: RGBA pixels and as much again for the
/// decoder's planes and a scaled copy.
fn decode_cost(w: u32, h: u32) -> u64 {
    u64::from(w) * u64::from(h) * 8
}

/// The bytes of the budget in use, and a signal when some are given back.
static BUDGET: (std::sync::Mutex<u64>, std::sync::Condvar) =
    (std::sync::Mutex::new(0), std::sync::Condvar::new());

/// A share of `DECODE_BUDGET`, given back when dropped.
struct Ticket(u64);

impl Ticket {
    fn take(cost: u64) -> Ticket {
        let cost = cost.min(DECODE_BUDGET);
        let (used, freed) = &BUDGET;
        // The guarded value is a plain counter: a panic elsewhere cannot leave it torn.
        let mut used = used
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *used + cost > DECODE_BUDGET {
            used = freed
                .wait(used)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *used += cost;
        Ticket(cost)
    }

    /// A ticket for the size the header declares (none when it cannot be read: the decoder
    /// then fails at once).
    fn for_header(bytes: &[u8], format: ImageFormat, limits: &AssetLimits) -> Ticket {
        match header_dimensions(bytes, format, limits) {
            Ok((w, h)) => Ticket::take(decode_cost(w, h)),
            Err(_) => Ticket(0),
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let (used, freed) = &BUDGET;
        let mut used = used
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *used -= self.0;
        freed.notify_all();
    }
}

/// How downscaled pixels are made, for the recipes of derived images (`derived::DerivedCache`):
/// a change here must not reuse images scaled the old way.
pub const SCALER: &str = "dct-lanczos3";

/// A JPEG decoded at the smallest of 1/1, 1/2, 1/4 and 1/8 of its size (scaled in the IDCT, as
/// libjpeg's `scale_denom`) that still covers `w`×`h`, or `None` when it is not an 8-bit grey or
/// RGB baseline/progressive JPEG or the scaled decoder refuses it (the caller decodes in full).
/// A 4032×3024 photo for a 1476-pixel-wide place decodes at 2016×1512: 9 MB instead of 37 MB.
fn decode_jpeg_scaled(
    bytes: &[u8],
    w: u32,
    h: u32,
    limits: &AssetLimits,
) -> Option<image::DynamicImage> {
    let mut d = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    d.set_max_decoding_buffer_size(usize::try_from(limits.max_alloc).unwrap_or(usize::MAX));
    let (sw, sh) = d
        .scale(u16::try_from(w).ok()?, u16::try_from(h).ok()?)
        .ok()?;
    let info = d.info()?;
    let pixels = d.decode().ok()?;
    let (sw, sh) = (u32::from(sw), u32::from(sh));
    match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => {
            image::RgbImage::from_raw(sw, sh, pixels).map(image::DynamicImage::ImageRgb8)
        }
        jpeg_decoder::PixelFormat::L8 => {
            image::GrayImage::from_raw(sw, sh, pixels).map(image::DynamicImage::ImageLuma8)
        }
        _ => None,
    }
}

/// The pixels scaled down to fit `max_w`×`max_h` (aspect kept, never up): a JPEG is first
/// decoded at a reduced size when it can be (`decode_jpeg_scaled`), then everything is
/// scaled to the exact size by `resize`.
pub(crate) fn decode_within(
    bytes: &[u8],
    format: ImageFormat,
    info: Option<&RasterInfo>,
    max_w: u32,
    max_h: u32,
    limits: &AssetLimits,
) -> Result<image::DynamicImage, DecodeError> {
    let _ticket = match info {
        Some(info) => Ticket::take(decode_cost(info.width, info.height)),
        None => Ticket::for_header(bytes, format, limits),
    };
    if let Some(info) = info {
        let target = fit_within(info.width, info.height, max_w, max_h);
        let plain = matches!(info.color, super::ColorType::Gray | super::ColorType::Rgb)
            && info.bit_depth == 8
            && info.jpeg.is_some_and(|j| j.is_common());
        if let (Some((w, h)), true) = (target, plain) {
            if let Some(img) = decode_jpeg_scaled(bytes, w, h, limits) {
                return if (img.width(), img.height()) == (w, h) {
                    Ok(img)
                } else {
                    resize(&img, w, h)
                };
            }
        }
    }
    let img = decode_pixels(bytes, format, limits)?;
    match fit_within(img.width(), img.height(), max_w, max_h) {
        Some((w, h)) => resize(&img, w, h),
        None => Ok(img),
    }
}

/// `img` scaled to `w`×`h` (Lanczos 3), in its own pixel layout, by fast_image_resize: on 8-bit
/// pixels with SIMD and no float copy of the image (`image`'s own `resize` keeps a 32-bit float
/// copy of the half-scaled picture: 47 MB for a 4032×3024 photo scaled to 1300 pixels), and with
/// alpha premultiplied while filtering so transparent edges do not darken. 16-bit and float
/// images are first made 8-bit RGBA.
pub(crate) fn resize(
    img: &image::DynamicImage,
    w: u32,
    h: u32,
) -> Result<image::DynamicImage, DecodeError> {
    use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
    use image::DynamicImage as D;
    let converted;
    let src = match img {
        D::ImageLuma8(_) | D::ImageLumaA8(_) | D::ImageRgb8(_) | D::ImageRgba8(_) => img,
        other => {
            converted = D::ImageRgba8(other.to_rgba8());
            &converted
        }
    };
    let mut dst = D::new(w, h, src.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(src, &mut dst, &options)
        .map_err(|e| DecodeError::Corrupt(format!("cannot scale the image: {e}")))?;
    Ok(dst)
}

/// The size that fits `w`×`h` inside `max_w`×`max_h`, aspect kept (rounded, at least 1 pixel);
/// `None` when it already fits (images are never scaled up).
pub fn fit_within(w: u32, h: u32, max_w: u32, max_h: u32) -> Option<(u32, u32)> {
    if w <= max_w && h <= max_h {
        return None;
    }
    let scale = (f64::from(max_w) / f64::from(w)).min(f64::from(max_h) / f64::from(h));
    let size = |v: u32| ((f64::from(v) * scale).round() as u32).max(1);
    Some((size(w), size(h)))
}

fn problem(e: DecodeError) -> Problem {
    match e {
        DecodeError::TooLarge(m) => Problem::new("asset-too-large", m)
            .with_hint("shrink the image; hanmoto refuses huge images to bound memory"),
        DecodeError::Corrupt(m) => Problem::new("asset-corrupt", m),
        DecodeError::Vector => Problem::new("asset-format", "unexpected vector image"),
    }
}

/// The content hash of an asset, lowercase hex: BLAKE3 (twice as fast as SHA-256 with the CPU's
/// SHA extensions on the image bench site's 21 MB, 7.7 ms against 15.5 ms).
pub(crate) fn content_hash_hex(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        // Writing to a String cannot fail.
        let _ = write!(s, "{b:02x}");
    }
    s
}
