//! `book.toml`: what to publish and how. Every key is documented in the README; an unknown key is
//! an error naming the key, the file and the line, so typos never pass silently.

use crate::diagnostic::{Diagnostic, Span};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct BookConfig {
    pub book: BookSection,
    pub posts: PostsSection,
    pub images: ImagesSection,
    pub epub: EpubSection,
    pub pdf: PdfSection,
    pub handout: HandoutSection,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct BookSection {
    /// The Jekyll site, relative to book.toml.
    pub source: PathBuf,
    /// Overrides `_config.yml`'s `title`.
    pub title: Option<String>,
    pub subtitle: Option<String>,
    /// Overrides `_config.yml`'s `author`.
    pub authors: Vec<String>,
    /// BCP 47; overrides `_config.yml`'s `lang`.
    pub language: Option<String>,
    pub description: Option<String>,
    pub publisher: Option<String>,
    /// Output file base name; default from the title.
    pub slug: Option<String>,
    /// A cover image, relative to book.toml.
    pub cover: Option<PathBuf>,
}

impl Default for BookSection {
    fn default() -> Self {
        BookSection {
            source: PathBuf::from("."),
            title: None,
            subtitle: None,
            authors: Vec::new(),
            language: None,
            description: None,
            publisher: None,
            slug: None,
            cover: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PostOrder {
    #[default]
    OldestFirst,
    NewestFirst,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PostsSection {
    /// Only posts with at least one of these tags (empty: all posts).
    pub tags: Vec<String>,
    /// Also read `_drafts/`.
    pub drafts: bool,
    pub order: PostOrder,
    /// Post ids (`2015-01-18-name`) or file names to leave out.
    pub exclude: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemoteImages {
    /// Fetch remote images (and cache them).
    #[default]
    Fetch,
    /// Use only what is already in the cache.
    Offline,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesSection {
    pub remote: RemoteImages,
    /// Where fetched images are kept, relative to book.toml.
    pub cache_dir: PathBuf,
    /// Largest remote image accepted, in MiB.
    pub max_download_mib: u32,
    /// Seconds to wait for a remote server.
    pub timeout_seconds: u32,
}

impl Default for ImagesSection {
    fn default() -> Self {
        ImagesSection {
            remote: RemoteImages::Fetch,
            cache_dir: PathBuf::from(".hanmoto-cache"),
            max_download_mib: 20,
            timeout_seconds: 10,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct EpubSection {
    pub enabled: bool,
    /// `{slug}` is replaced by the book's slug; relative to book.toml.
    pub output: String,
    /// `horizontal-tb` or `vertical-rl`.
    pub writing_mode: String,
    /// An extra CSS file appended to the default stylesheet.
    pub stylesheet: Option<PathBuf>,
}

impl Default for EpubSection {
    fn default() -> Self {
        EpubSection {
            enabled: true,
            output: "build/{slug}.epub".into(),
            writing_mode: "horizontal-tb".into(),
            stylesheet: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfSection {
    pub enabled: bool,
    pub output: String,
    pub paper: String,
    /// `notes` (URLs printed as numbered notes) or `none`.
    pub links: String,
}

impl Default for PdfSection {
    fn default() -> Self {
        PdfSection {
            enabled: false,
            output: "build/{slug}.pdf".into(),
            paper: "A5".into(),
            links: "notes".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct HandoutSection {
    pub paper: String,
}

impl Default for HandoutSection {
    fn default() -> Self {
        HandoutSection { paper: "A4".into() }
    }
}

impl BookConfig {
    /// Reads and checks `path`.
    pub fn load(path: &Path) -> Result<BookConfig, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error("book-toml", format!("cannot read {}: {e}", path.display()))
                .at(Span::file(path))
        })?;
        Self::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<BookConfig, Diagnostic> {
        toml::from_str::<BookConfig>(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| line_column(text, s.start))
                .unwrap_or((0, 0));
            let mut message = e.message().trim().to_owned();
            if let Some(first) = message.lines().next() {
                message = first.to_owned();
            }
            Diagnostic::error("book-toml", message)
                .at_line(path, text, line, column)
                .with_hint("every book.toml key is listed in the README")
        })
    }
}

/// 1-based line and character column of byte offset `at`.
pub fn line_column(text: &str, at: usize) -> (u32, u32) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() as u32 + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0) as u32
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_an_error_naming_key_and_line() {
        let text = "[book]\ntitle = \"x\"\n\n[epub]\nwritting_mode = \"vertical-rl\"\n";
        let err = BookConfig::parse(text, Path::new("book.toml")).unwrap_err();
        assert!(err.message.contains("writting_mode"), "{}", err.message);
        assert_eq!(err.span.as_ref().map(|s| s.line), Some(5));
        assert_eq!(
            err.source_line.as_deref(),
            Some("writting_mode = \"vertical-rl\"")
        );
    }

    #[test]
    fn empty_file_gives_defaults() {
        let c = BookConfig::parse("", Path::new("book.toml")).unwrap();
        assert!(c.epub.enabled);
        assert_eq!(c.posts.order, PostOrder::OldestFirst);
        assert_eq!(c.book.source, PathBuf::from("."));
    }
}
