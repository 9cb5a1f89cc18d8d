//! What a raster image is, from its headers alone: pixel size, colour type, bit depth,
//! interlacing, transparency and animation, without decoding a pixel.
//!
//! Loading a book reads only this (`inspect`), so an image-heavy blog costs its file reads and
//! hashes, not a full decode of every screenshot; backends decode only the images whose pixels
//! they need (a PNG with alpha for the PDF, a WebP for the EPUB, a downscaled copy). The structure
//! is still checked so a broken file is a warning at load, as before: a PNG's chunks must be whole
//! with correct CRCs up to `IEND` (a truncated download fails here), a JPEG must have a frame
//! header and a scan, a GIF at least one whole frame descriptor, a WebP its frame header.
//!
//! PNG headers are read by the `png` crate, GIF by `gif` (frames skipped undecoded), WebP by
//! `image-webp` (the decoders `image` uses); JPEG's markers are walked here (the SOF segment is
//! what a PDF needs to pass the file through: precision, components, process, Adobe transform).

use super::decode::{DecodeError, ImageFormat};
use serde::Serialize;
use std::io::Cursor;

/// The colour model of the stored pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColorType {
    Gray,
    GrayAlpha,
    Rgb,
    Rgba,
    /// A palette (PNG `PLTE`, GIF colour tables).
    Indexed,
    /// A four-component JPEG (CMYK or YCCK).
    Cmyk,
}

/// A raster image as its headers describe it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RasterInfo {
    pub width: u32,
    pub height: u32,
    pub color: ColorType,
    /// Bits per sample (PNG 1–16, JPEG 8 or 12; 8 for GIF and WebP).
    pub bit_depth: u8,
    /// Adam7 (PNG), interlaced frames (GIF) or progressive (JPEG).
    pub interlaced: bool,
    /// Some pixel may be transparent: an alpha channel, a PNG `tRNS`, a GIF transparent index, a
    /// WebP with alpha. (Declared, not measured: an RGBA PNG may still be all opaque.)
    pub transparency: bool,
    /// More than one frame (APNG, animated GIF or WebP): backends show the first.
    pub animated: bool,
    /// JPEG only: how it is coded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jpeg: Option<JpegCoding>,
}

/// A JPEG's coding, from its start-of-frame marker and its APP14 segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct JpegCoding {
    /// The SOF marker's low byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive (Huffman);
    /// others are lossless, hierarchical or arithmetic-coded.
    pub sof: u8,
    /// An Adobe APP14 segment: a CMYK JPEG stores its samples inverted (Photoshop).
    pub adobe: bool,
}

impl JpegCoding {
    /// Huffman-coded baseline, extended or progressive DCT: what every PDF reader decodes.
    pub fn is_common(&self) -> bool {
        matches!(self.sof, 0xC0..=0xC2)
    }
}

/// Reads the headers of a raster image (never SVG) and checks its structure.
pub(crate) fn inspect(
    bytes: &[u8],
    format: ImageFormat,
    max_alloc: u64,
) -> Result<RasterInfo, DecodeError> {
    match format {
        ImageFormat::Png => png(bytes, max_alloc),
        ImageFormat::Jpeg => jpeg(bytes),
        ImageFormat::Gif => gif(bytes),
        ImageFormat::WebP => webp(bytes),
        ImageFormat::Svg => Err(DecodeError::Vector),
    }
}

fn corrupt(what: impl std::fmt::Display) -> DecodeError {
    DecodeError::Corrupt(what.to_string())
}

fn png(bytes: &[u8], max_alloc: u64) -> Result<RasterInfo, DecodeError> {
    let limits = png::Limits {
        bytes: usize::try_from(max_alloc).unwrap_or(usize::MAX),
    };
    let reader = png::Decoder::new_with_limits(Cursor::new(bytes), limits)
        .read_info()
        .map_err(|e| match e {
            png::DecodingError::LimitsExceeded => {
                DecodeError::TooLarge("the header needs more memory than the limit".into())
            }
            other => corrupt(other),
        })?;
    let info = reader.info();
    let color = match info.color_type {
        png::ColorType::Grayscale => ColorType::Gray,
        png::ColorType::GrayscaleAlpha => ColorType::GrayAlpha,
        png::ColorType::Rgb => ColorType::Rgb,
        png::ColorType::Rgba => ColorType::Rgba,
        png::ColorType::Indexed => ColorType::Indexed,
    };
    let parts = png_parts(bytes)?;
    if parts.idat.is_empty() {
        return Err(corrupt("a PNG without image data (no IDAT chunk)"));
    }
    Ok(RasterInfo {
        width: info.width,
        height: info.height,
        color,
        bit_depth: info.bit_depth as u8,
        interlaced: info.interlaced,
        transparency: matches!(color, ColorType::GrayAlpha | ColorType::Rgba)
            || info.trns.is_some(),
        animated: info.animation_control.is_some_and(|a| a.num_frames > 1),
        jpeg: None,
    })
}

/// The parts of a PNG a PDF can use as they are: its zlib image data (the `IDAT` chunks in
/// order, to be concatenated) and its palette.
#[derive(Debug)]
pub struct PngParts<'a> {
    pub idat: Vec<&'a [u8]>,
    pub palette: Option<&'a [u8]>,
}

impl PngParts<'_> {
    /// The image data as one zlib stream.
    pub fn image_data(&self) -> Vec<u8> {
        self.idat.concat()
    }
}

/// Walks a PNG's chunks, checking each CRC, up to `IEND`.
pub(crate) fn png_parts(bytes: &[u8]) -> Result<PngParts<'_>, DecodeError> {
    let mut at = 8;
    let mut parts = PngParts {
        idat: Vec::new(),
        palette: None,
    };
    loop {
        let head = bytes
            .get(at..at + 8)
            .ok_or_else(|| corrupt("the PNG ends before its IEND chunk (truncated?)"))?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        let end = at
            .checked_add(12)
            .and_then(|n| n.checked_add(len))
            .filter(|&end| end <= bytes.len())
            .ok_or_else(|| {
                corrupt(format!(
                    "the PNG's {} chunk is cut short (truncated file?)",
                    String::from_utf8_lossy(kind)
                ))
            })?;
        let data = &bytes[at + 8..at + 8 + len];
        let crc = u32::from_be_bytes([
            bytes[end - 4],
            bytes[end - 3],
            bytes[end - 2],
            bytes[end - 1],
        ]);
        let mut h = crc32fast::Hasher::new();
        h.update(kind);
        h.update(data);
        if h.finalize() != crc {
            return Err(corrupt(format!(
                "the PNG's {} chunk has a wrong CRC (damaged file)",
                String::from_utf8_lossy(kind)
            )));
        }
        match kind {
            b"IDAT" => parts.idat.push(data),
            b"PLTE" => parts.palette = Some(data),
            b"IEND" => return Ok(parts),
            _ => {}
        }
        at = end;
    }
}

fn jpeg(bytes: &[u8]) -> Result<RasterInfo, DecodeError> {
    let mut at = 2;
    let mut adobe = false;
    let mut frame = None;
    let cut = || corrupt("the JPEG ends before its first scan (truncated?)");
    loop {
        // Fill bytes before a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let marker = match bytes.get(at..at + 2) {
            Some([0xFF, m]) => *m,
            Some(_) => return Err(corrupt("the JPEG's markers are damaged")),
            None => return Err(cut()),
        };
        // Markers without a length.
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            at += 2;
            continue;
        }
        let len = bytes
            .get(at + 2..at + 4)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
            .ok_or_else(cut)?;
        let body = bytes.get(at + 4..at + 2 + len).ok_or_else(cut)?;
        match marker {
            0xEE if body.starts_with(b"Adobe") => adobe = true,
            // Every SOF but DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let b = |i: usize| body.get(i).copied().ok_or_else(cut);
                let precision = b(0)?;
                let height = u16::from_be_bytes([b(1)?, b(2)?]);
                let width = u16::from_be_bytes([b(3)?, b(4)?]);
                let components = b(5)?;
                let color = match components {
                    1 => ColorType::Gray,
                    3 => ColorType::Rgb,
                    4 => ColorType::Cmyk,
                    n => return Err(corrupt(format!("a JPEG with {n} colour components"))),
                };
                frame.get_or_insert((precision, width, height, color, marker));
            }
            // Start of scan: the headers are done.
            0xDA => {
                let (precision, width, height, color, sof) =
                    frame.ok_or_else(|| corrupt("a JPEG scan before any frame header"))?;
                return Ok(RasterInfo {
                    width: u32::from(width),
                    height: u32::from(height),
                    color,
                    bit_depth: precision,
                    interlaced: matches!(sof, 0xC2 | 0xC6 | 0xCA | 0xCE),
                    transparency: false,
                    animated: false,
                    jpeg: Some(JpegCoding { sof, adobe }),
                });
            }
            0xD9 => return Err(cut()),
            _ => {}
        }
        at += 2 + len;
    }
}

fn gif(bytes: &[u8]) -> Result<RasterInfo, DecodeError> {
    let mut opts = gif::DecodeOptions::new();
    // Frames are skipped over, not decompressed.
    opts.skip_frame_decoding(true);
    opts.set_color_output(gif::ColorOutput::Indexed);
    let mut d = opts.read_info(Cursor::new(bytes)).map_err(corrupt)?;
    let (width, height) = (u32::from(d.width()), u32::from(d.height()));
    let mut frames = 0;
    let mut transparency = false;
    let mut interlaced = false;
    while frames < 2 {
        match d.read_next_frame() {
            Ok(Some(frame)) => {
                frames += 1;
                transparency |= frame.transparent.is_some();
                interlaced |= frame.interlaced;
            }
            Ok(None) => break,
            // A GIF cut after its first frame still shows that frame in a browser.
            Err(_) if frames > 0 => break,
            Err(e) => return Err(corrupt(e)),
        }
    }
    if frames == 0 {
        return Err(corrupt("a GIF without any frame"));
    }
    Ok(RasterInfo {
        width,
        height,
        color: ColorType::Indexed,
        bit_depth: 8,
        interlaced,
        transparency,
        animated: frames > 1,
        jpeg: None,
    })
}

fn webp(bytes: &[u8]) -> Result<RasterInfo, DecodeError> {
    let d = image_webp::WebPDecoder::new(Cursor::new(bytes)).map_err(corrupt)?;
    let (width, height) = d.dimensions();
    let alpha = d.has_alpha();
    Ok(RasterInfo {
        width,
        height,
        color: if alpha {
            ColorType::Rgba
        } else {
            ColorType::Rgb
        },
        bit_depth: 8,
        interlaced: false,
        transparency: alpha,
        animated: d.is_animated(),
        jpeg: None,
    })
}
