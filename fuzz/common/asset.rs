//! Loads the fuzzer's bytes as an image the way a post's `data:` URI is loaded: through
//! `AssetStore` (sniffing, size limits, decoding or SVG sanitising), offline.

use base64::Engine as _;
use hanmoto_model::assets::{AssetOptions, AssetState};
use hanmoto_model::{AssetStore, Diagnostics, Span};
use std::path::Path;

/// Returns the loaded image, if it loaded; every diagnostic is formatted on the way.
pub fn load(bytes: &[u8], media_type: &str) -> Option<hanmoto_model::assets::Loaded> {
    let uri = format!(
        "data:{media_type};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    );
    let mut store = AssetStore::new();
    let id = store.request(&uri, Span::new(Path::new("post.md"), 1, 1));
    let mut opts = AssetOptions::new("", "");
    opts.offline = true;
    let diags = Diagnostics::new();
    store.load(&opts, &diags);
    for d in diags.into_sorted() {
        std::hint::black_box(d.to_string());
    }
    match store.get(id).map(|a| &a.state) {
        Some(AssetState::Loaded(l)) => Some(l.clone()),
        _ => None,
    }
}
