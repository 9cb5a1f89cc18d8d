//! A scratch Jekyll site for the fuzz targets: created once per process under `$TMPDIR`, then
//! one file of it is rewritten with the fuzzer's bytes before every `load_book`.

use hanmoto_model::config::BookConfig;
use hanmoto_model::load::{load_book, LoadOptions};
use std::path::{Path, PathBuf};

/// Site files every target shares: two includes (one with parameters, one that includes itself,
/// to reach the include depth limit), a PNG and an SVG that posts may name.
const INCLUDES: &[(&str, &[u8])] = &[
    (
        "_includes/note.html",
        b"<div class=\"note\"><b>{{ include.label | default: \"note\" }}</b>: {{ include.text }}</div>\n",
    ),
    ("_includes/self.html", b"x{% include self.html %}\n"),
    ("images/dot.png", include_bytes!("../../tests/fixtures/jekyll-site/images/shared/dot.png")),
    ("images/diagram.svg", include_bytes!("../../tests/fixtures/jekyll-site/images/diagram.svg")),
];

pub struct Site {
    pub root: PathBuf,
    opts: LoadOptions,
}

impl Site {
    /// A site at `$TMPDIR/hanmoto-fuzz-<pid>-<name>` with `config` as its `_config.yml` (none if
    /// `None`). Remote images are never fetched: the load is offline, with its cache in the site.
    pub fn new(name: &str, config: Option<&[u8]>) -> Site {
        let root = std::env::temp_dir().join(format!("hanmoto-fuzz-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (rel, bytes) in INCLUDES {
            write(&root.join(rel), bytes);
        }
        std::fs::create_dir_all(root.join("_posts")).expect("create _posts");
        if let Some(c) = config {
            write(&root.join("_config.yml"), c);
        }
        let mut config = BookConfig::default();
        config.book.source = root.clone();
        config.images.cache_dir = root.join(".hanmoto-cache");
        let opts = LoadOptions {
            config,
            base_dir: root.clone(),
            offline: true,
            drafts: None,
        };
        Site { root, opts }
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) {
        write(&self.root.join(rel), bytes);
    }

    /// Loads the whole book and formats every diagnostic, as `hanmoto check` does.
    pub fn load(&self) {
        match load_book(&self.opts) {
            Ok(loaded) => {
                for d in &loaded.diagnostics {
                    std::hint::black_box(d.to_string());
                }
                std::hint::black_box(&loaded.book);
            }
            Err(ds) => {
                for d in &ds {
                    std::hint::black_box(d.to_string());
                }
            }
        }
    }
}

/// Writes a new file rather than truncating the old one: ext4 flushes a file truncated and
/// rewritten at its close (`auto_da_alloc`), which made every execution wait for the disk.
fn write(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create site folder");
    }
    let _ = std::fs::remove_file(path);
    std::fs::write(path, bytes).expect("write site file");
}
