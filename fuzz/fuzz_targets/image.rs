//! Raster images (PNG, JPEG, GIF, WebP) under hanmoto's limits: the header size check, the
//! full decode that proves the data is sound, then `decode_rgba`, which backends call to
//! downscale or re-encode.
//!
//! A PNG's chunks carry CRCs, so nearly every mutation would stop at the first checksum; the
//! target rewrites them before loading, so the fuzzer reaches the header sizes (decompression
//! bombs) and the compressed data. Other formats go in as they are.
#![no_main]

#[path = "../common/asset.rs"]
mod asset;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = data.to_vec();
    fix_png_crcs(&mut bytes);
    let Some(loaded) = asset::load(&bytes, "image/png") else {
        return;
    };
    if loaded.format == hanmoto_model::assets::ImageFormat::Svg {
        return;
    }
    // An image that passed the load check decodes: backends rely on it.
    let rgba = loaded
        .decode_rgba()
        .expect("an image that loaded must decode");
    assert_eq!((rgba.width(), rgba.height()), (loaded.width, loaded.height));
});

/// Sets every whole chunk's CRC to the right value (a PNG only).
fn fix_png_crcs(bytes: &mut [u8]) {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return;
    }
    let mut at = 8;
    while let Some(len) = bytes.get(at..at + 4) {
        let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let Some(end) = (at + 8).checked_add(len) else {
            return;
        };
        if end + 4 > bytes.len() {
            return;
        }
        let crc = crc32fast::hash(&bytes[at + 4..end]);
        bytes[end..end + 4].copy_from_slice(&crc.to_be_bytes());
        at = end + 4;
    }
}
