//! `book.toml`: parsing and checking, then the lookups that point diagnostics at a key's line.
#![no_main]

use hanmoto_model::config::BookConfig;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    // The CLI reads book.toml with `read_to_string`: non-UTF-8 is an I/O error before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match BookConfig::parse(text, Path::new("book.toml")) {
        Ok(config) => {
            for key in ["cover", "stylesheet", "source", "title"] {
                std::hint::black_box(config.key_span(key));
            }
            for (section, key) in [("fonts", "body"), ("pdf", "paper"), ("handout", "paper")] {
                std::hint::black_box(config.section_key_span(section, key));
            }
        }
        Err(d) => {
            std::hint::black_box(d.to_string());
        }
    }
});
