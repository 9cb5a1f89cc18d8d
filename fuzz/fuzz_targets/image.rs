//! Raster images (PNG, JPEG, GIF, WebP) under hanmoto's limits: the header size check, the
//! full decode that proves the data is sound, then `decode_rgba`, which backends call to
//! downscale or re-encode.
#![no_main]

#[path = "../common/asset.rs"]
mod asset;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(loaded) = asset::load(data, "image/png") else {
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
