//! `hanmoto init [SITE]`: a commented book.toml for an existing Jekyll site, in the current folder.

use hanmoto_model::config::SiteConfig;
use hanmoto_model::{Diagnostic, Diagnostics};
use std::path::Path;
use std::process::ExitCode;

pub fn run(site: Option<&Path>, quiet: bool) -> Result<ExitCode, Vec<Diagnostic>> {
    let site = site.unwrap_or(Path::new("."));
    let target = Path::new("book.toml");
    if target.exists() {
        return Err(vec![Diagnostic::error(
            "init",
            "book.toml already exists; not overwriting it",
        )
        .with_hint("edit it, or remove it and run `hanmoto init` again")]);
    }
    if !site.join("_config.yml").is_file() && !site.join("_posts").is_dir() {
        return Err(vec![Diagnostic::error(
            "init",
            format!(
                "{} is not a Jekyll site (no _config.yml, no _posts/)",
                site.display()
            ),
        )]);
    }
    let diags = Diagnostics::new();
    let cfg = SiteConfig::load(site, &diags).map_err(|e| vec![e])?;
    let text = book_toml_text(site, &cfg);
    write_new(target, &text).map_err(|e| {
        vec![Diagnostic::error(
            "io",
            format!("cannot write book.toml: {e}"),
        )]
    })?;
    crate::report::print_diagnostics(&diags.into_sorted());
    if !quiet {
        println!("wrote book.toml for {}", site.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `target` whole or not at all, and never over an existing file (even one that
/// appeared since the check above): a complete temporary file is hard-linked into place, which
/// fails if the target exists.
fn write_new(target: &Path, text: &str) -> std::io::Result<()> {
    let tmp = target.with_extension(format!("toml.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    let linked = std::fs::hard_link(&tmp, target);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            // No hard links on this file system: create_new still refuses to overwrite.
            use std::io::Write as _;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(target)?;
            f.write_all(text.as_bytes())
        }
        other => other,
    }
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

pub fn book_toml_text(site: &Path, cfg: &SiteConfig) -> String {
    let source = site.to_string_lossy();
    let source = if source.is_empty() {
        ".".into()
    } else {
        source
    };
    let title = cfg.title.clone().unwrap_or_else(|| "My Blog".into());
    let authors = cfg
        .author
        .iter()
        .map(|a| toml_str(a))
        .collect::<Vec<_>>()
        .join(", ");
    let lang = cfg.lang.clone().unwrap_or_else(|| "ja".into());
    format!(
        r#"# hanmoto book settings. Every key is optional; the README documents each one.

[book]
# The Jekyll site (folder with _config.yml and _posts/), relative to this file.
source = {source}
# Title and authors of the book (default: `title` and `author` from _config.yml).
title = {title}
authors = [{authors}]
# BCP 47 language of the book (default: `lang` from _config.yml, else guessed from the text).
language = {lang}
# subtitle = ""
# description = ""
# publisher = ""
# Base name of output files (default: from the title).
# slug = "my-blog"
# cover = "cover.png"

[posts]
# Only posts with one of these tags (empty: every post).
tags = []
# Include _drafts/.
drafts = false
# "oldest-first" or "newest-first".
order = "oldest-first"
# Post ids or file names to leave out.
exclude = []

[images]
# "fetch" remote images (cached in cache_dir) or "offline" (cache only).
remote = "fetch"
cache_dir = ".hanmoto-cache"
max_download_mib = 20
timeout_seconds = 10

[epub]
enabled = true
output = "build/{{slug}}.epub"
# "horizontal-tb" or "vertical-rl" (vertical Japanese).
writing_mode = "horizontal-tb"
# stylesheet = "extra.css"

[pdf]
# The printed book (`hanmoto build --pdf`, or every `hanmoto build` when enabled).
enabled = false
output = "build/{{slug}}.pdf"
# A4, A5, A6, B5, B6 (JIS), Letter or WxHmm.
paper = "A5"
# In mm; inner is the binding side. Sides left out take the paper's default (A5: 15 mm).
# margins = {{ top = 15, bottom = 15, inner = 18, outer = 12 }}
# Start every chapter on a right-hand page (a blank page before it when needed).
chapters_on_recto = false
# "notes": every link's URL as a numbered note at the end; "footnotes": at the page foot; "none".
links = "notes"

[handout]
# `hanmoto handout POST`: one post as a PDF (paper and links as in [pdf]).
paper = "A4"
links = "notes"

[fonts]
# Faces tried before the built-in ones (IPAex Mincho, IPAex Gothic, DejaVu Sans Mono): font files
# relative to this file ("fonts/x.ttc#1" = face 1 of a collection) or installed family names.
# body = ["Noto Serif CJK JP"]
# heading = ["Noto Sans CJK JP"]
# mono = []
"#,
        source = toml_str(&source),
        title = toml_str(&title),
        lang = toml_str(&lang),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_book_toml_is_valid_and_reads_back() {
        let cfg = SiteConfig {
            title: Some("技術 \"ブログ\"".into()),
            author: Some("Taro".into()),
            lang: Some("ja".into()),
            ..Default::default()
        };
        let text = book_toml_text(Path::new("content"), &cfg);
        let back = hanmoto_model::config::BookConfig::parse(&text, Path::new("book.toml")).unwrap();
        assert_eq!(back.book.title.as_deref(), Some("技術 \"ブログ\""));
        assert_eq!(back.book.authors, ["Taro"]);
        assert_eq!(back.book.source, Path::new("content"));
        assert_eq!(back.epub.output, "build/{slug}.epub");
    }
}
