//! The book's images as files of the package: one per distinct image a post shows, named by its
//! content so rebuilds are stable.
//!
//! Most images go in as the site has them, byte for byte and undecoded: the archive stores them
//! (they are compressed already) straight from the `AssetStore`'s bytes (`archive`), so an
//! image-heavy blog costs its file reads, not a decode and a deflate per screenshot. Only two
//! kinds are decoded, each once, on all cores:
//! - WebP, which EPUB 3.2 readers and EPUBCheck 4.2.6 do not take (MED-003; core only from EPUB
//!   3.3): an opaque one becomes a JPEG (quality 90; a WebP is a lossy photo far more often than
//!   not), one with alpha a PNG;
//! - with `[epub] max_image_px`, an image whose longer side is larger: scaled down (Lanczos 3)
//!   to that size, a JPEG staying a JPEG (quality 90), anything else becoming a PNG. Animated
//!   images are left alone (scaling would keep one frame), and nothing is ever scaled up.
//!
//! What is made is kept in the derived-image cache (`hanmoto_model::assets::derived`), so a
//! rebuild reads it back.
//!
//! The XHTML keeps the original pixel size in `width`/`height`, so a downscaled image takes the
//! same room on the page as the original would.

use crate::EpubOptions;
use hanmoto_model::assets::derived::{encode_jpeg, DerivedCache};
use hanmoto_model::assets::{AssetBytes, AssetState, ImageFormat, Loaded, SCALER};
use hanmoto_model::document::walk_inlines;
use hanmoto_model::{AssetId, Book, Diagnostic, Diagnostics, Inline};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// JPEG quality for re-encoded photos: visually lossless on photos at reading sizes.
const JPEG_QUALITY: u8 = 90;

/// One image file of the package.
pub(crate) struct PackageImage {
    /// `images/<hash>.<ext>`, relative to the OPF.
    pub href: String,
    pub media_type: &'static str,
    pub bytes: AssetBytes,
}

/// Every image the posts show (and the cover, when it is a loaded image), keyed by the asset that
/// holds its content. One that cannot be converted is left out with a warning, so the chapter
/// shows its placeholder: one bad image never costs the book.
pub(crate) fn prepare(
    book: &Book,
    opts: &EpubOptions,
    diagnostics: &Diagnostics,
) -> BTreeMap<AssetId, PackageImage> {
    let mut used: Vec<(AssetId, &Loaded)> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut add = |id: AssetId| {
        let id = book.assets.canonical(id);
        if let Some(AssetState::Loaded(l)) = book.assets.get(id).map(|a| &a.state) {
            if seen.insert(id) {
                used.push((id, l));
            }
        }
    };
    for p in &book.posts {
        walk_inlines(&p.blocks, &mut |i| {
            if let Inline::Image(img) = i {
                add(img.asset);
            }
        });
    }
    if let Some(cover) = book.meta.cover {
        add(cover);
    }
    used.sort_by_key(|(id, _)| *id);
    let made: Vec<(AssetId, Result<PackageImage, String>)> = used
        .into_par_iter()
        .map(|(id, img)| {
            (
                id,
                package_image(img, opts.max_image_px, book.assets.derived()),
            )
        })
        .collect();
    let mut out = BTreeMap::new();
    for (id, result) in made {
        match result {
            Ok(image) => {
                out.insert(id, image);
            }
            Err(e) => {
                let d = Diagnostic::warning(
                    "epub-image",
                    format!("image left out of the EPUB: cannot convert it: {e}"),
                );
                diagnostics.push(match book.assets.first_use(id) {
                    Some(r) => d.at(r.span),
                    None => d,
                });
            }
        }
    }
    out
}

/// What the package holds for `img`: its own bytes, or a converted or downscaled copy (kept in
/// the derived-image cache, so a rebuild reads it back).
fn package_image(
    img: &Loaded,
    max_px: Option<u32>,
    cache: &DerivedCache,
) -> Result<PackageImage, String> {
    let short = img.hash.get(..16).unwrap_or(&img.hash);
    let raster = img.raster;
    let too_big = match (max_px, raster) {
        (Some(max), Some(r)) => !r.animated && r.width.max(r.height) > max,
        _ => false,
    };
    if img.format != ImageFormat::WebP && !too_big {
        return Ok(PackageImage {
            href: format!("images/{short}.{}", img.extension()),
            media_type: img.media_type,
            bytes: img.bytes.clone(),
        });
    }
    let max = max_px.filter(|_| too_big).unwrap_or(u32::MAX);
    let transparent = raster.is_some_and(|r| r.transparency);
    let jpeg = img.format == ImageFormat::Jpeg || (img.format == ImageFormat::WebP && !transparent);
    let (ext, media_type) = if jpeg {
        ("jpg", "image/jpeg")
    } else {
        ("png", "image/png")
    };
    let recipe = match max {
        u32::MAX => format!("epub-{ext}-q{JPEG_QUALITY}"),
        max => format!("epub-fit{max}-{SCALER}-{ext}-q{JPEG_QUALITY}"),
    };
    let bytes = cache.get_or_make(&img.hash, &recipe, || {
        let pixels = img.decode_within(max, max).map_err(|e| e.to_string())?;
        if jpeg {
            encode_jpeg(&pixels, JPEG_QUALITY)
        } else {
            encode_png(&pixels)
        }
    })?;
    Ok(PackageImage {
        href: format!("images/{short}.{ext}"),
        media_type,
        bytes: bytes.into(),
    })
}

fn encode_png(pixels: &image::DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = std::io::Cursor::new(Vec::new());
    pixels
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
