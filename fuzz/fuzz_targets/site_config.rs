//! `_config.yml`: the fuzzer's bytes are the site's configuration, read by `load_book` together
//! with one fixed post, so defaults, time zones, permalinks, `baseurl` and kramdown settings are
//! all applied to something.
#![no_main]

#[path = "../common/site.rs"]
mod site;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const POST: &[u8] =
    b"---\ntitle: A post\ndate: 2020-01-02 10:00:00\ncategories: [a, b]\ntags: x\n---\n\
Text with a [link]({{ '/about/' | relative_url }}) and ![dot](/images/dot.png).\n\n\
<div markdown=\"1\">*inside* {{ site.title }} {{ page.author }}</div>\n\n\
{% include note.html text=site.description %}\n";

fn site() -> &'static site::Site {
    static SITE: OnceLock<site::Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let s = site::Site::new("config", Some(b""));
        s.write("_posts/2020-01-02-post.md", POST);
        s
    })
}

fuzz_target!(|data: &[u8]| {
    let site = site();
    site.write("_config.yml", data);
    site.load();
});
