//! A whole one-post site load: front matter (YAML), Liquid, then Markdown or HTML, links and
//! images, exactly as `hanmoto build` reads a site (`load_book` on a real folder).
//!
//! Input: the first byte picks the post's kind and the site's `_config.yml`; the rest is the post.
#![no_main]

#[path = "../common/site.rs"]
mod site;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// Two site configurations: Jekyll's defaults, and one with `url`/`baseurl`, a time zone, a
/// permalink template and kramdown's `parse_block_html` (Markdown inside block HTML).
const CONFIGS: [&[u8]; 2] = [
    b"title: Fuzz\nlang: ja\n",
    b"title: Fuzz\nurl: https://example.com\nbaseurl: /blog\ntimezone: Asia/Tokyo\n\
permalink: /:categories/:year/:month/:day/:title:output_ext\n\
kramdown:\n  input: GFM\n  parse_block_html: true\n\
defaults:\n  - scope:\n      path: \"\"\n    values:\n      author: Default\n",
];

/// `[config][html]`: four sites, so switching kind never leaves a stale post behind.
fn sites() -> &'static [[site::Site; 2]; 2] {
    static SITES: OnceLock<[[site::Site; 2]; 2]> = OnceLock::new();
    SITES.get_or_init(|| {
        [0, 1].map(|c| [0, 1].map(|h| site::Site::new(&format!("load{c}{h}"), Some(CONFIGS[c]))))
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, post)) = data.split_first() else {
        return;
    };
    let html = usize::from(flags & 1 != 0);
    let config = usize::from(flags & 2 != 0);
    let site = &sites()[config][html];
    let name = if html == 1 {
        "_posts/2020-01-02-fuzz.html"
    } else {
        "_posts/2020-01-02-fuzz.md"
    };
    site.write(name, post);
    site.load();
});
