//! Images made from the book's images: a WebP as a JPEG for the EPUB, a photo scaled down for
//! `max_image_px`/`max_image_dpi`, a PNG with alpha as the PDF's deflated colour and mask
//! streams. Each is made once per distinct image and recipe, and kept in the cache folder
//! (`[images] cache_dir`, under `derived/`, beside the fetched images), so a rebuild of an
//! image-heavy blog reads the result back instead of decoding and encoding again (as Hugo keeps
//! its processed images in `resources/_gen`).
//!
//! An entry is named by the source image's content hash (BLAKE3), the recipe (which names every parameter) and
//! hanmoto's version, so a change of image, settings or encoder never reuses a stale file; it is
//! written to a temporary file and renamed into place (a crash never leaves half a file), and it
//! ends with the BLAKE3 hash of its content, checked on every read (a damaged entry is made again).
//! Without a cache folder, or when it cannot be written, results are simply not kept.

use std::path::PathBuf;

/// hanmoto's version: a new encoder may make other bytes.
const VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Default, Clone)]
pub struct DerivedCache {
    dir: Option<PathBuf>,
}

impl DerivedCache {
    /// A cache in `dir` (created when first written).
    pub fn new(dir: PathBuf) -> Self {
        DerivedCache { dir: Some(dir) }
    }

    /// No cache: every result is made each time.
    pub fn none() -> Self {
        DerivedCache { dir: None }
    }

    fn path(&self, source_hash: &str, recipe: &str) -> Option<PathBuf> {
        let safe = recipe
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        let dir = self.dir.as_ref().filter(|_| safe && !recipe.is_empty())?;
        Some(dir.join(format!("{source_hash}-{recipe}-v{VERSION}.bin")))
    }

    /// The bytes `recipe` makes of the image whose content hash is `source_hash`: read from
    /// the cache, else made by `make` and kept. `recipe` is ASCII letters, digits, `-`, `_`, `.`
    /// and must name every parameter that changes the result (`webp-jpeg-q90`, `fit-2000-png`).
    pub fn get_or_make<E>(
        &self,
        source_hash: &str,
        recipe: &str,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Vec<u8>, E> {
        let path = self.path(source_hash, recipe);
        if let Some(bytes) = path.as_ref().and_then(|p| read_checked(p)) {
            return Ok(bytes);
        }
        let bytes = make()?;
        if let Some(path) = path {
            // A cache that cannot be written only costs time on the next build.
            let _ = write_checked(&path, &bytes);
        }
        Ok(bytes)
    }
}

fn read_checked(path: &std::path::Path) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(path).ok()?;
    let split = bytes.len().checked_sub(32)?;
    let digest = blake3::hash(&bytes[..split]);
    if digest.as_bytes()[..] != bytes[split..] {
        return None;
    }
    bytes.truncate(split);
    Some(bytes)
}

fn write_checked(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    std::fs::create_dir_all(dir)?;
    let mut content = Vec::with_capacity(bytes.len() + 32);
    content.extend_from_slice(bytes);
    content.extend_from_slice(blake3::hash(bytes).as_bytes());
    super::fetch::write_atomic(dir, &name, &content)
}

/// A JPEG of opaque pixels (quality 1–100): grey stays grey, anything else becomes 8-bit RGB.
/// The jpeg-encoder crate (SIMD, several times faster than `image`'s own encoder).
pub fn encode_jpeg(pixels: &image::DynamicImage, quality: u8) -> Result<Vec<u8>, String> {
    use image::ColorType as C;
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    let (w, h) = (pixels.width(), pixels.height());
    let (w, h) = match (u16::try_from(w), u16::try_from(h)) {
        (Ok(w), Ok(h)) => (w, h),
        _ => return Err(format!("{w}×{h} pixels is too large for a JPEG")),
    };
    let result = match pixels.color() {
        C::L8 => encoder.encode(pixels.as_bytes(), w, h, jpeg_encoder::ColorType::Luma),
        C::L16 | C::La8 | C::La16 => encoder.encode(
            pixels.to_luma8().as_raw(),
            w,
            h,
            jpeg_encoder::ColorType::Luma,
        ),
        C::Rgb8 => encoder.encode(pixels.as_bytes(), w, h, jpeg_encoder::ColorType::Rgb),
        _ => encoder.encode(
            pixels.to_rgb8().as_raw(),
            w,
            h,
            jpeg_encoder::ColorType::Rgb,
        ),
    };
    result.map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_then_read_back_and_a_damaged_entry_is_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = DerivedCache::new(dir.path().join("derived"));
        let calls = std::cell::Cell::new(0);
        let make = || {
            calls.set(calls.get() + 1);
            Ok::<_, String>(b"converted".to_vec())
        };
        assert_eq!(
            cache.get_or_make("ab12", "webp-jpeg-q90", make).unwrap(),
            b"converted"
        );
        assert_eq!(
            cache.get_or_make("ab12", "webp-jpeg-q90", make).unwrap(),
            b"converted"
        );
        assert_eq!(calls.get(), 1, "the second call reads the cache");
        // Another recipe of the same image is another entry.
        cache.get_or_make("ab12", "fit-2000-png", make).unwrap();
        assert_eq!(calls.get(), 2);
        // A damaged entry fails its checksum and is made again.
        let entry = std::fs::read_dir(dir.path().join("derived"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains("webp-jpeg-q90"))
            .unwrap();
        let mut bytes = std::fs::read(&entry).unwrap();
        bytes[0] ^= 1;
        std::fs::write(&entry, bytes).unwrap();
        assert_eq!(
            cache.get_or_make("ab12", "webp-jpeg-q90", make).unwrap(),
            b"converted"
        );
        assert_eq!(calls.get(), 3);
        // Without a cache folder nothing is kept; a recipe with a path in it is never a file.
        let none = DerivedCache::none();
        none.get_or_make("ab12", "x", make).unwrap();
        none.get_or_make("ab12", "x", make).unwrap();
        cache.get_or_make("ab12", "../../etc", make).unwrap();
        assert_eq!(calls.get(), 6);
    }

    #[test]
    fn jpeg_keeps_grey_grey_and_drops_alpha() {
        let grey = image::DynamicImage::ImageLuma8(image::GrayImage::new(9, 5));
        let rgba = image::DynamicImage::ImageRgba8(image::RgbaImage::new(9, 5));
        for (img, color) in [(grey, image::ColorType::L8), (rgba, image::ColorType::Rgb8)] {
            let jpeg = encode_jpeg(&img, 90).unwrap();
            let back = image::load_from_memory(&jpeg).unwrap();
            assert_eq!((back.width(), back.height(), back.color()), (9, 5, color));
        }
    }
}
