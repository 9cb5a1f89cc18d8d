//! Store-level tests on real files in temporary sites: formats, limits, the site boundary and
//! sharing of entries. Remote fetching is in `fetch.rs`, against a local HTTP server.

mod fetch;
mod header;
mod local;
mod svg;

use super::*;
use std::io::Cursor;
use std::path::Path;

/// A site with `_posts/` and `images/`, published at `https://example.com/blog`.
pub(super) struct Site {
    pub dir: tempfile::TempDir,
    pub cache: tempfile::TempDir,
}

impl Site {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
        std::fs::create_dir_all(dir.path().join("images")).unwrap();
        Site {
            dir,
            cache: tempfile::tempdir().unwrap(),
        }
    }
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
    pub fn write(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    pub fn store(&self) -> AssetStore {
        AssetStore::for_site("https://example.com", "/blog", self.root())
    }
    pub fn options(&self) -> AssetOptions {
        AssetOptions::new(self.root(), self.cache.path())
    }
    /// The span of line 3 of the post `_posts/2024-01-01-hello.md`.
    pub fn span(&self) -> Span {
        Span::new(self.root().join("_posts/2024-01-01-hello.md"), 3, 1)
    }
    /// Requests `src` from the post, loads, and returns the asset and the diagnostics.
    pub fn load_one(&self, src: &str, opts: &AssetOptions) -> (Asset, Vec<Diagnostic>) {
        let mut store = self.store();
        let id = store.request(src, self.span());
        let diags = Diagnostics::new();
        store.load(opts, &diags);
        let asset = store.assets.into_iter().nth(id.0 as usize).unwrap();
        (asset, diags.into_sorted())
    }
}

pub(super) fn loaded(asset: &Asset) -> &Loaded {
    match &asset.state {
        AssetState::Loaded(l) => l,
        other => panic!("expected a loaded image, got {other:?}"),
    }
}

/// The reason and the one diagnostic's code of a missing asset.
pub(super) fn missing(
    asset: &Asset,
    diags: &[Diagnostic],
) -> (String, Option<String>, &'static str) {
    let AssetState::Missing { reason, url } = &asset.state else {
        panic!("expected a missing image, got {:?}", asset.state);
    };
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].severity, crate::diagnostic::Severity::Warning);
    (reason.clone(), url.clone(), diags[0].code)
}

pub(super) fn encode(w: u32, h: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([x as u8, y as u8, 128, 255]));
    let mut out = Cursor::new(Vec::new());
    match format {
        // JPEG has no alpha channel.
        image::ImageFormat::Jpeg => image::DynamicImage::ImageRgba8(img)
            .into_rgb8()
            .write_to(&mut out, format)
            .unwrap(),
        _ => img.write_to(&mut out, format).unwrap(),
    }
    out.into_inner()
}

pub(super) fn png(w: u32, h: u32) -> Vec<u8> {
    encode(w, h, image::ImageFormat::Png)
}

/// A real PNG whose IHDR is patched to declare `w`×`h`: a few hundred bytes that would decode to
/// gigabytes (a decompression bomb).
pub(super) fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut bytes = png(16, 16);
    // Signature (8) + length (4) + "IHDR" (4), then width and height, then the rest of IHDR.
    bytes[16..20].copy_from_slice(&w.to_be_bytes());
    bytes[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
