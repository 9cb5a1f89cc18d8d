//! SVG sanitising: parse, strip everything active or external, rename ids, re-serialise. The
//! output must itself be an SVG that loads again, and sanitising converges: the second pass may
//! still tidy (an element whose children were all dropped is written `<g></g>` by the first pass
//! and `<g/>` by the second, the same XML), but the third changes nothing.
#![no_main]

#[path = "../common/asset.rs"]
mod asset;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(first) = asset::load(data, "image/svg+xml") else {
        return;
    };
    if first.format != hanmoto_model::assets::ImageFormat::Svg {
        return;
    }
    let again =
        asset::load(&first.bytes, "image/svg+xml").expect("the sanitised SVG must load again");
    if again.bytes == first.bytes {
        return;
    }
    let third = asset::load(&again.bytes, "image/svg+xml")
        .expect("the twice-sanitised SVG must load again");
    assert_eq!(
        String::from_utf8_lossy(&third.bytes),
        String::from_utf8_lossy(&again.bytes),
        "sanitising does not converge"
    );
});
