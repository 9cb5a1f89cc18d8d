//! Images described from their headers alone: colour type, bit depth, interlacing, transparency
//! and animation, on files written by the real encoders; damaged files are refused without
//! decoding a pixel.

use super::*;
use crate::assets::header::{inspect, png_parts};
use crate::assets::{ColorType, ImageFormat, RasterInfo};

fn info(bytes: &[u8], format: ImageFormat) -> RasterInfo {
    inspect(bytes, format, 1 << 30).unwrap()
}

fn write(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn rgb(w: u32, h: u32) -> image::DynamicImage {
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([x as u8, y as u8, 7])
    }))
}

/// An indexed PNG from the png crate: `bits` per pixel, with a `tRNS` chunk if asked.
fn indexed_png(bits: png::BitDepth, trns: bool) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut e = png::Encoder::new(&mut out, 8, 2);
        e.set_color(png::ColorType::Indexed);
        e.set_depth(bits);
        e.set_palette(vec![0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]);
        if trns {
            e.set_trns(vec![0]);
        }
        let mut w = e.write_header().unwrap();
        let row = match bits {
            png::BitDepth::Two => 2,
            _ => 8,
        };
        w.write_image_data(&vec![0b0110_1100; row * 2]).unwrap();
    }
    out
}

/// Rewrites a PNG chunk's CRC after its data was patched.
fn fix_crc(bytes: &mut [u8], chunk_at: usize) {
    let len = u32::from_be_bytes(bytes[chunk_at..chunk_at + 4].try_into().unwrap()) as usize;
    let mut h = crc32fast::Hasher::new();
    h.update(&bytes[chunk_at + 4..chunk_at + 8 + len]);
    let crc = h.finalize().to_be_bytes();
    bytes[chunk_at + 8 + len..chunk_at + 12 + len].copy_from_slice(&crc);
}

#[test]
fn png_rgb_and_rgba_are_told_apart() {
    let i = info(
        &write(rgb(30, 20), image::ImageFormat::Png),
        ImageFormat::Png,
    );
    assert_eq!(
        (i.width, i.height, i.color, i.bit_depth),
        (30, 20, ColorType::Rgb, 8)
    );
    assert!(!i.transparency && !i.interlaced && !i.animated);
    let i = info(&png(30, 20), ImageFormat::Png);
    assert_eq!(i.color, ColorType::Rgba);
    assert!(i.transparency, "an alpha channel may be transparent");
}

#[test]
fn png_palette_bit_depth_and_trns() {
    let plain = indexed_png(png::BitDepth::Two, false);
    let i = info(&plain, ImageFormat::Png);
    assert_eq!(
        (i.color, i.bit_depth, i.transparency),
        (ColorType::Indexed, 2, false)
    );
    let parts = png_parts(&plain).unwrap();
    assert_eq!(parts.palette.map(<[u8]>::len), Some(12));
    assert_eq!(parts.image_data().first(), Some(&0x78), "a zlib stream");
    let i = info(&indexed_png(png::BitDepth::Eight, true), ImageFormat::Png);
    assert_eq!(
        (i.bit_depth, i.transparency),
        (8, true),
        "tRNS makes a palette transparent"
    );
}

#[test]
fn png_interlace_flag_is_read() {
    let mut bytes = write(rgb(8, 8), image::ImageFormat::Png);
    // IHDR data: width, height, depth, colour, compression, filter, interlace (byte 12).
    bytes[8 + 8 + 12] = 1;
    fix_crc(&mut bytes, 8);
    assert!(info(&bytes, ImageFormat::Png).interlaced);
}

#[test]
fn png_with_a_damaged_chunk_or_cut_short_is_corrupt() {
    let good = write(rgb(40, 40), image::ImageFormat::Png);
    let mut damaged = good.clone();
    let idat = good.windows(4).position(|w| w == b"IDAT").unwrap();
    damaged[idat + 6] ^= 0xFF;
    let e = inspect(&damaged, ImageFormat::Png, 1 << 30).unwrap_err();
    assert!(e.to_string().contains("wrong CRC"), "{e}");
    // Everything but the IEND chunk: a download cut just before the end.
    let cut = &good[..good.len() - 12];
    let e = inspect(cut, ImageFormat::Png, 1 << 30).unwrap_err();
    assert!(e.to_string().contains("truncated"), "{e}");
}

#[test]
fn jpeg_components_process_and_adobe_marker() {
    let bytes = write(rgb(16, 8), image::ImageFormat::Jpeg);
    let i = info(&bytes, ImageFormat::Jpeg);
    assert_eq!(
        (i.width, i.height, i.color, i.bit_depth),
        (16, 8, ColorType::Rgb, 8)
    );
    let coding = i.jpeg.unwrap();
    assert!(coding.is_common() && !coding.adobe && !i.interlaced);
    let gray = write(
        image::DynamicImage::ImageLuma8(image::GrayImage::new(4, 4)),
        image::ImageFormat::Jpeg,
    );
    assert_eq!(info(&gray, ImageFormat::Jpeg).color, ColorType::Gray);
    // The same frame header marked progressive (SOF2).
    let mut progressive = bytes.clone();
    let sof = progressive
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .unwrap();
    progressive[sof + 1] = 0xC2;
    let i = info(&progressive, ImageFormat::Jpeg);
    assert!(i.interlaced && i.jpeg.unwrap().is_common());
    // Arithmetic coding (SOF9) is described, and not common.
    progressive[sof + 1] = 0xC9;
    assert!(!info(&progressive, ImageFormat::Jpeg)
        .jpeg
        .unwrap()
        .is_common());
    // Cut before the scan: corrupt.
    assert!(inspect(&bytes[..sof + 6], ImageFormat::Jpeg, 1 << 30).is_err());
}

#[test]
fn gif_animation_and_transparency() {
    use image::codecs::gif::GifEncoder;
    let frame = |c: u8, a: u8| {
        image::Frame::new(image::RgbaImage::from_pixel(
            6,
            4,
            image::Rgba([c, 0, 0, a]),
        ))
    };
    let mut one = Vec::new();
    GifEncoder::new(&mut one)
        .encode_frames([frame(9, 255)])
        .unwrap();
    let i = info(&one, ImageFormat::Gif);
    assert_eq!((i.width, i.height, i.color), (6, 4, ColorType::Indexed));
    assert!(!i.animated && !i.transparency);
    let mut two = Vec::new();
    GifEncoder::new(&mut two)
        .encode_frames([frame(9, 0), frame(200, 255)])
        .unwrap();
    let i = info(&two, ImageFormat::Gif);
    assert!(i.animated && i.transparency);
}

#[test]
fn webp_alpha_is_read_from_the_header() {
    let i = info(&encode(5, 7, image::ImageFormat::WebP), ImageFormat::WebP);
    assert_eq!((i.width, i.height), (5, 7));
    let opaque = write(rgb(5, 7), image::ImageFormat::WebP);
    assert!(!info(&opaque, ImageFormat::WebP).transparency);
}

#[test]
fn loading_describes_the_image_without_decoding_it() {
    let site = Site::new();
    // A PNG whose header and chunks are whole but whose zlib data is nonsense: headers alone
    // cannot tell, and loading no longer decodes (the backend that needs pixels reports it).
    let mut bytes = write(rgb(40, 40), image::ImageFormat::Png);
    let idat = bytes.windows(4).position(|w| w == b"IDAT").unwrap() - 4;
    bytes[idat + 8] = 0x00;
    fix_crc(&mut bytes, idat);
    site.write("images/a.png", &bytes);
    let (asset, diags) = site.load_one("/images/a.png", &site.options());
    assert!(diags.is_empty(), "{diags:#?}");
    let l = loaded(&asset);
    assert_eq!(l.raster.map(|r| r.color), Some(ColorType::Rgb));
    assert!(l.decode_rgba().is_err(), "the pixels cannot be decoded");
}
