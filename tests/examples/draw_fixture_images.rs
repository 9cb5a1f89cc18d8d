//! Writes the binary images of the fixture sites under `tests/fixtures/` (see its MANIFEST.md):
//!
//! ```text
//! cargo run -p hanmoto-tests --example draw_fixture_images -- tests/fixtures
//! ```
//!
//! One small image of every raster format the model reads (PNG, JPEG, GIF, WebP) for
//! `jekyll-site/`, and the hostile ones for `broken-site/`: a decompression bomb (a fully valid
//! PNG declaring 20000×20000 pixels whose zero rows deflate to a few tens of KB) and a truncated
//! PNG, and for `handout-site/` a PNG and a JPEG (the PDF passes JPEGs through untouched). The SVGs and the symlink are committed as they are. Output is deterministic.

use std::error::Error;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use image::codecs::gif::GifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

fn main() -> Result<(), Box<dyn Error>> {
    let root = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: draw_fixture_images <tests/fixtures dir>")?;
    let site = root.join("jekyll-site");
    let broken = root.join("broken-site");
    let handout = root.join("handout-site");
    let assets = root.join("assets-site");

    write_png(
        &checker(64, 64, Rgba([0x32, 0x6c, 0xe5, 255])),
        &site.join("images/shared/dot.png"),
    )?;
    write_png(
        &checker(40, 24, Rgba([0x2e, 0x8b, 0x57, 255])),
        &site.join("tech/_posts/local-figure.png"),
    )?;
    write_jpeg(&gradient(120, 80), &site.join("images/2019/photo.jpg"))?;
    write_gif(
        &checker(32, 32, Rgba([0xcc, 0x1f, 0x2f, 255])),
        &site.join("images/anim.gif"),
    )?;
    write_webp(
        &checker(48, 48, Rgba([0xef, 0x9b, 0x0f, 255])),
        &site.join("images/leaf.webp"),
    )?;

    write_png(
        &checker(16, 16, Rgba([0x55, 0x55, 0x55, 255])),
        &broken.join("images/good.png"),
    )?;
    write_truncated_png(&broken.join("images/corrupt.png"))?;
    write_png_bomb(&broken.join("images/bomb.png"))?;

    // handout-site: a PNG (decoded and re-embedded) and a JPEG (passed through untouched).
    write_png(
        &checker(96, 48, Rgba([0x1d, 0x4e, 0x89, 255])),
        &handout.join("images/handout/diagram.png"),
    )?;
    write_jpeg(
        &gradient(160, 100),
        &handout.join("images/handout/room.jpg"),
    )?;

    // assets-site: one screenshot copied to two paths (byte-identical), so content addressing
    // must make them one image.
    let screenshot = checker(120, 90, Rgba([0x6a, 0x3d, 0x9a, 255]));
    write_png(&screenshot, &assets.join("images/screenshot.png"))?;
    write_png(&screenshot, &assets.join("assets/2020/screenshot-copy.png"))?;
    Ok(())
}

/// A two-colour checkerboard of 8-pixel squares: cheap to compress, easy to recognise.
fn checker(w: u32, h: u32, colour: Rgba<u8>) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| {
        if (x / 8 + y / 8) % 2 == 0 {
            colour
        } else {
            Rgba([0xff, 0xff, 0xff, 255])
        }
    })
}

fn gradient(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 0x80])
    })
}

fn create(path: &Path) -> Result<BufWriter<File>, Box<dyn Error>> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    println!("{}", path.display());
    Ok(BufWriter::new(File::create(path)?))
}

fn write_png(img: &RgbaImage, path: &Path) -> Result<(), Box<dyn Error>> {
    let out = create(path)?;
    PngEncoder::new_with_quality(out, CompressionType::Best, FilterType::Adaptive).write_image(
        img.as_raw(),
        img.width(),
        img.height(),
        image::ExtendedColorType::Rgba8,
    )?;
    Ok(())
}

fn write_jpeg(img: &RgbImage, path: &Path) -> Result<(), Box<dyn Error>> {
    let mut out = create(path)?;
    JpegEncoder::new_with_quality(&mut out, 80).encode_image(img)?;
    out.flush()?;
    Ok(())
}

fn write_gif(img: &RgbaImage, path: &Path) -> Result<(), Box<dyn Error>> {
    let out = create(path)?;
    GifEncoder::new(out).encode(
        img.as_raw(),
        img.width(),
        img.height(),
        image::ExtendedColorType::Rgba8,
    )?;
    Ok(())
}

fn write_webp(img: &RgbaImage, path: &Path) -> Result<(), Box<dyn Error>> {
    let out = create(path)?;
    // image's WebP encoder is lossless only; fine for a 48×48 checkerboard.
    WebPEncoder::new_lossless(out).write_image(
        img.as_raw(),
        img.width(),
        img.height(),
        image::ExtendedColorType::Rgba8,
    )?;
    Ok(())
}

/// A real 16×16 PNG cut off in the middle of its IDAT chunk: signature and IHDR are fine, so only
/// decoding (not sniffing) finds the damage.
fn write_truncated_png(path: &Path) -> Result<(), Box<dyn Error>> {
    let mut bytes = Vec::new();
    PngEncoder::new(&mut bytes).write_image(
        gradient(16, 16).as_raw(),
        16,
        16,
        image::ExtendedColorType::Rgb8,
    )?;
    // 8 signature + 25 IHDR + IDAT header 8: keep a few bytes of compressed data only.
    bytes.truncate(8 + 25 + 8 + 12);
    create(path)?.write_all(&bytes)?;
    Ok(())
}

/// 20000×20000 1-bit greyscale, every row zero: valid to the last CRC, ~50 MB of raw rows, and
/// 400 MB (L8) to 1.6 GB (RGBA8) once a decoder expands it. A reader must refuse it from the
/// header's dimensions, before decoding.
fn write_png_bomb(path: &Path) -> Result<(), Box<dyn Error>> {
    const SIDE: u32 = 20_000;
    let out = create(path)?;
    let mut encoder = png::Encoder::new(out, SIDE, SIDE);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    encoder.set_compression(png::Compression::High);
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header()?;
    let mut stream = writer.stream_writer()?;
    let row = vec![0u8; (SIDE as usize).div_ceil(8)];
    for _ in 0..SIDE {
        stream.write_all(&row)?;
    }
    stream.finish()?;
    Ok(())
}
