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
    pub fonts: FontsSection,
    pub math: MathSection,
    pub code: CodeSection,
    /// The file this came from and its text, to point diagnostics about a value at its line.
    #[serde(skip)]
    pub origin: Option<ConfigOrigin>,
}

#[derive(Debug, Clone)]
pub struct ConfigOrigin {
    pub path: PathBuf,
    pub text: String,
}

impl BookConfig {
    /// Where `key` (e.g. `cover`) is set in book.toml, for messages about its value.
    pub fn key_span(&self, key: &str) -> Option<(PathBuf, String, u32)> {
        let o = self.origin.as_ref()?;
        let line = o
            .text
            .lines()
            .position(|l| {
                l.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with('='))
            })
            .map_or(0, |i| i as u32 + 1);
        Some((o.path.clone(), o.text.clone(), line))
    }

    /// Where `key` is set inside the table `[section]` (keys like `body` may appear in several
    /// tables), for messages about its value. Line 0 when the key is not in the file.
    pub fn section_key_span(&self, section: &str, key: &str) -> Option<(PathBuf, String, u32)> {
        let o = self.origin.as_ref()?;
        let mut current = String::new();
        let mut found = 0;
        for (i, line) in o.text.lines().enumerate() {
            let t = line.trim();
            if let Some(header) = t.strip_prefix('[').and_then(|h| h.split(']').next()) {
                current = header.trim().to_owned();
                continue;
            }
            let is_key = t
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='));
            // Dotted keys at the top level (`fonts.body = […]`) count too.
            let dotted = current.is_empty()
                && t.strip_prefix(section)
                    .and_then(|r| r.trim_start().strip_prefix('.'))
                    .and_then(|r| r.trim_start().strip_prefix(key))
                    .is_some_and(|r| r.trim_start().starts_with('='));
            if (current == section && is_key) || dotted {
                found = i as u32 + 1;
                break;
            }
        }
        Some((o.path.clone(), o.text.clone(), found))
    }
}

/// `horizontal-tb` or `vertical-rl` (vertical Japanese).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WritingMode {
    #[default]
    HorizontalTb,
    VerticalRl,
}

/// `[code]`: how highlighted code prints (the EPUB's colours are its stylesheet's).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CodeSection {
    pub theme: CodeTheme,
}

/// The PDF's code colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeTheme {
    /// Dark, saturated colours for paper that stay apart in greyscale; keywords bold, comments
    /// italic.
    #[default]
    Print,
    /// Black and grey only: weight and style carry the highlighting.
    Monochrome,
    /// GitHub's light theme (Primer) colours, as on github.com.
    Github,
}

/// How links are shown on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkStyle {
    /// Every link's URL printed as a numbered note.
    #[default]
    Notes,
    /// Link URLs at the foot of the page where the link is.
    Footnotes,
    None,
}

/// A paper size: a name (`A4`, `A5`, `B5` (JIS), `B6`, `A6`, `Letter`) or `WxHmm` (`148x210mm`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Paper {
    pub name: String,
    pub width_mm: f32,
    pub height_mm: f32,
}

impl TryFrom<String> for Paper {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let named = [
            ("A4", 210.0, 297.0),
            ("A5", 148.0, 210.0),
            ("A6", 105.0, 148.0),
            ("B5", 182.0, 257.0),
            ("B6", 128.0, 182.0),
            ("LETTER", 215.9, 279.4),
        ];
        let upper = s.trim().to_ascii_uppercase();
        if let Some((n, w, h)) = named.iter().find(|(n, _, _)| *n == upper) {
            return Ok(Paper {
                name: (*n).to_owned(),
                width_mm: *w,
                height_mm: *h,
            });
        }
        let dims = upper.strip_suffix("MM").and_then(|d| d.split_once('X'));
        let parse = |v: &str| {
            v.trim()
                .parse::<f32>()
                .ok()
                .filter(|v| v.is_finite() && (50.0..=1000.0).contains(v))
        };
        match dims.and_then(|(w, h)| Some((parse(w)?, parse(h)?))) {
            Some((w, h)) => Ok(Paper { name: s.trim().to_owned(), width_mm: w, height_mm: h }),
            None => Err(format!(
                "unknown paper `{s}`: use A4, A5, A6, B5, B6, Letter or WxHmm (e.g. 148x210mm, 50–1000 mm)"
            )),
        }
    }
}

impl From<Paper> for String {
    fn from(p: Paper) -> String {
        p.name
    }
}

/// A BCP 47 language tag (`ja`, `en-US`, `zh-Hant-TW`), checked for shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageTag(pub String);

impl LanguageTag {
    pub fn is_valid(s: &str) -> bool {
        let mut parts = s.split('-');
        let first = parts.next().unwrap_or("");
        (2..=8).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_alphabetic())
            && parts
                .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    }
}

impl TryFrom<String> for LanguageTag {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let t = s.trim();
        if Self::is_valid(t) {
            Ok(LanguageTag(t.to_owned()))
        } else {
            Err(format!(
                "`{s}` is not a BCP 47 language tag (e.g. ja, en, en-US, zh-Hant)"
            ))
        }
    }
}

impl From<LanguageTag> for String {
    fn from(l: LanguageTag) -> String {
        l.0
    }
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
    pub language: Option<LanguageTag>,
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

/// `[math]`: how TeX math in posts is recognised.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MathSection {
    pub dollars: DollarMath,
}

/// Whether `$…$` is math. kramdown (Jekyll's renderer) leaves it as text; the blog's MathJax or
/// KaTeX makes it math in the browser, so by default it is math where the blog loads one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DollarMath {
    /// Math when the site's layouts, includes or `_config.yml` (or the post itself) name
    /// MathJax or KaTeX; text otherwise.
    #[default]
    Auto,
    /// Always math.
    Math,
    /// Always text, as typed.
    Text,
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
    pub writing_mode: WritingMode,
    /// In vertical text, digit runs of up to this many digits are set upright in one em
    /// (tate-chu-yoko, 縦中横); longer numbers lie rotated like Latin words. 0: never.
    #[serde(deserialize_with = "tcy_digits")]
    pub tcy_digits: u8,
    /// An extra CSS file appended to the default stylesheet.
    pub stylesheet: Option<PathBuf>,
    /// Images whose longer side exceeds this many pixels are scaled down to it (a JPEG stays a
    /// JPEG); none: every image as the site has it.
    #[serde(deserialize_with = "max_image_px")]
    pub max_image_px: Option<u32>,
}

impl Default for EpubSection {
    fn default() -> Self {
        EpubSection {
            enabled: true,
            output: "build/{slug}.epub".into(),
            writing_mode: WritingMode::HorizontalTb,
            tcy_digits: 2,
            stylesheet: None,
            max_image_px: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfSection {
    pub enabled: bool,
    pub output: String,
    pub paper: Paper,
    pub links: LinkStyle,
    /// Page margins in mm; a side left out takes the paper's default.
    pub margins: Margins,
    /// Every chapter starts on a right-hand (odd) page, after a blank page when needed.
    pub chapters_on_recto: bool,
    /// Images with more pixels per inch than this at their largest placed size are scaled down
    /// to it (a JPEG stays a JPEG); none: every image as the site has it.
    #[serde(deserialize_with = "max_image_dpi")]
    pub max_image_dpi: Option<u32>,
    /// `vertical-rl`: the book set top to bottom, columns right to left, bound on the right.
    pub writing_mode: WritingMode,
    /// As `[epub] tcy_digits`, for the PDF book and handouts.
    #[serde(deserialize_with = "tcy_digits")]
    pub tcy_digits: u8,
    /// How the contents number their pages; none: kanji in a vertical book, else arabic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contents_numbers: Option<ContentsNumbers>,
}

/// `[pdf] contents_numbers`: `"kanji"` (一二三, digit by digit as vertical books print page
/// numbers: 一〇五) or `"arabic"` (105).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContentsNumbers {
    Kanji,
    Arabic,
}

impl PdfSection {
    /// The contents' numerals: as given, else kanji for a vertical book and arabic otherwise.
    pub fn contents_numbers(&self) -> ContentsNumbers {
        self.contents_numbers.unwrap_or(match self.writing_mode {
            WritingMode::VerticalRl => ContentsNumbers::Kanji,
            WritingMode::HorizontalTb => ContentsNumbers::Arabic,
        })
    }
}

/// `margins = { top = 15, bottom = 15, inner = 18, outer = 12 }` (mm). `inner` is the binding
/// side (left on a right-hand page), `outer` the other. Whether they leave a text area is checked
/// against the paper by the PDF command, which knows both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Margins {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bottom: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inner: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outer: Option<f32>,
}

impl Default for PdfSection {
    fn default() -> Self {
        PdfSection {
            enabled: false,
            output: "build/{slug}.pdf".into(),
            paper: Paper {
                name: "A5".into(),
                width_mm: 148.0,
                height_mm: 210.0,
            },
            links: LinkStyle::Notes,
            margins: Margins::default(),
            chapters_on_recto: false,
            max_image_dpi: None,
            writing_mode: WritingMode::HorizontalTb,
            tcy_digits: 2,
            contents_numbers: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct HandoutSection {
    pub paper: Paper,
    /// Handouts print link URLs as numbered notes at the end unless told otherwise.
    pub links: LinkStyle,
    /// As `[pdf] max_image_dpi`, for handouts.
    #[serde(deserialize_with = "max_image_dpi")]
    pub max_image_dpi: Option<u32>,
    /// As `[pdf] writing_mode`, for handouts (`--writing-mode` overrides).
    pub writing_mode: WritingMode,
}

/// `max_image_px`: at least 100 pixels (a smaller limit would make every picture a thumbnail).
fn max_image_px<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    bounded(d, 100, "pixels", "max_image_px = 2000")
}

/// `max_image_dpi`: at least 72 (a screen's resolution; print wants 300).
fn max_image_dpi<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    bounded(d, 72, "dpi", "max_image_dpi = 300")
}

fn bounded<'de, D: serde::Deserializer<'de>>(
    d: D,
    min: u32,
    unit: &str,
    example: &str,
) -> Result<Option<u32>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Other(toml::Value),
    }
    let v = match Raw::deserialize(d)? {
        Raw::Int(v) => v,
        Raw::Other(other) => {
            return Err(serde::de::Error::custom(format!(
                "expected a whole number of {unit} (e.g. `{example}`), found {}",
                other.type_str()
            )))
        }
    };
    match u32::try_from(v) {
        Ok(v) if v >= min => Ok(Some(v)),
        _ => Err(serde::de::Error::custom(format!(
            "{v} {unit} is too small a limit: give {min} or more (e.g. `{example}`), or leave the key out to keep images as they are"
        ))),
    }
}

/// Faces put before the built-in ones, per role, most preferred first. Each entry is a font file
/// (`.ttf`, `.otf`, `.ttc`, relative to book.toml; `file.ttc#1` picks a face of a collection) or
/// a family name looked up among the installed fonts. The PDF backend turns these into its
/// `FontConfig`; the model only keeps the strings (it knows nothing of fonts).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FontsSection {
    pub body: Vec<String>,
    pub heading: Vec<String>,
    pub mono: Vec<String>,
}

impl Default for HandoutSection {
    fn default() -> Self {
        HandoutSection {
            paper: Paper {
                name: "A4".into(),
                width_mm: 210.0,
                height_mm: 297.0,
            },
            links: LinkStyle::Notes,
            max_image_dpi: None,
            writing_mode: WritingMode::HorizontalTb,
        }
    }
}

/// `tcy_digits`: 0 to 4 (more digits than four cannot share one em legibly).
fn tcy_digits<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
    let v = i64::deserialize(d)?;
    u8::try_from(v).ok().filter(|&v| v <= 4).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "{v} digits cannot be set in one em: give 0 (never) to 4, e.g. `tcy_digits = 2`"
        ))
    })
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
        let mut config = toml::from_str::<BookConfig>(text).map_err(|e| {
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
        })?;
        config.origin = Some(ConfigOrigin {
            path: path.to_path_buf(),
            text: text.to_owned(),
        });
        Ok(config)
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
    fn image_limits_are_read() {
        let text = "[epub]\nmax_image_px = 2000\n[pdf]\nmax_image_dpi = 300\n";
        let c = BookConfig::parse(text, Path::new("book.toml")).unwrap();
        assert_eq!(
            (c.epub.max_image_px, c.pdf.max_image_dpi),
            (Some(2000), Some(300))
        );
        assert_eq!(
            c.handout.max_image_dpi, None,
            "images kept as they are by default"
        );
    }

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
    fn bad_values_are_errors_at_their_line() {
        for (text, line, word) in [
            ("[epub]\nwriting_mode = \"vertical\"\n", 2, "vertical"),
            ("[pdf]\npaper = \"A9000\"\n", 2, "A9000"),
            ("[epub]\nmax_image_px = 50\n", 2, "give 100 or more"),
            ("[pdf]\n\nmax_image_dpi = -3\n", 3, "give 72 or more"),
            (
                "[handout]\nmax_image_dpi = \"300\"\n",
                2,
                "whole number of dpi",
            ),
            ("[pdf]\nlinks = \"maybe\"\n", 2, "maybe"),
            ("[book]\nlanguage = \"xx-!!\"\n", 2, "xx-!!"),
            ("[pdf]\ntcy_digits = 7\n", 2, "give 0 (never) to 4"),
            ("[handout]\nwriting_mode = \"tategaki\"\n", 2, "tategaki"),
            ("[pdf]\ncontents_numbers = \"roman\"\n", 2, "roman"),
        ] {
            let err = BookConfig::parse(text, Path::new("book.toml")).unwrap_err();
            assert!(err.message.contains(word), "{}", err.message);
            assert_eq!(err.span.as_ref().map(|s| s.line), Some(line), "{text}");
        }
    }

    #[test]
    fn writing_modes_and_tate_chu_yoko() {
        let text = "[pdf]\nwriting_mode = \"vertical-rl\"\ntcy_digits = 3\n[handout]\nwriting_mode = \"vertical-rl\"\n";
        let c = BookConfig::parse(text, Path::new("book.toml")).unwrap();
        assert_eq!(c.pdf.writing_mode, WritingMode::VerticalRl);
        assert_eq!(c.handout.writing_mode, WritingMode::VerticalRl);
        assert_eq!((c.pdf.tcy_digits, c.epub.tcy_digits), (3, 2));
        assert_eq!(c.epub.writing_mode, WritingMode::HorizontalTb);
        assert_eq!(c.pdf.contents_numbers(), ContentsNumbers::Kanji);
        let parse = |text: &str| BookConfig::parse(text, Path::new("book.toml")).unwrap();
        let c = parse("[pdf]\nwriting_mode = \"vertical-rl\"\ncontents_numbers = \"arabic\"\n");
        assert_eq!(c.pdf.contents_numbers(), ContentsNumbers::Arabic);
        let c = parse("[pdf]\ncontents_numbers = \"kanji\"\n");
        assert_eq!(c.pdf.contents_numbers(), ContentsNumbers::Kanji);
        assert_eq!(parse("").pdf.contents_numbers(), ContentsNumbers::Arabic);
    }

    #[test]
    fn papers_by_name_and_size() {
        let c = BookConfig::parse(
            "[pdf]\npaper = \"b6\"\n[handout]\npaper = \"100x150mm\"\n",
            Path::new("b.toml"),
        )
        .unwrap();
        assert_eq!(
            (c.pdf.paper.width_mm, c.pdf.paper.height_mm),
            (128.0, 182.0)
        );
        assert_eq!(
            (c.handout.paper.width_mm, c.handout.paper.height_mm),
            (100.0, 150.0)
        );
        assert_eq!(c.epub.writing_mode, WritingMode::HorizontalTb);
    }

    #[test]
    fn handout_links_and_footnotes_are_read() {
        let c = BookConfig::parse(
            "[pdf]\nlinks = \"footnotes\"\n[handout]\nlinks = \"none\"\n",
            Path::new("b.toml"),
        )
        .unwrap();
        assert_eq!(c.pdf.links, LinkStyle::Footnotes);
        assert_eq!(c.handout.links, LinkStyle::None);
        let d = BookConfig::parse("", Path::new("b.toml")).unwrap();
        assert_eq!(d.handout.links, LinkStyle::Notes);
        let err = BookConfig::parse("[handout]\nlinks = \"endnotes\"\n", Path::new("b.toml"))
            .unwrap_err();
        assert!(err.message.contains("endnotes"), "{}", err.message);
        assert_eq!(err.span.as_ref().map(|s| s.line), Some(2));
    }

    #[test]
    fn fonts_are_lists_per_role_and_unknown_roles_are_errors() {
        let text = "[book]\ntitle = \"x\"\n\n[fonts]\nbody = [\"fonts/a.ttc#1\", \"Noto Serif CJK JP\"]\nmono = [\"DejaVu Sans Mono\"]\n";
        let c = BookConfig::parse(text, Path::new("b.toml")).unwrap();
        assert_eq!(c.fonts.body, ["fonts/a.ttc#1", "Noto Serif CJK JP"]);
        assert!(c.fonts.heading.is_empty());
        assert_eq!(c.fonts.mono, ["DejaVu Sans Mono"]);
        assert_eq!(c.section_key_span("fonts", "body").map(|s| s.2), Some(5));
        assert_eq!(c.section_key_span("fonts", "mono").map(|s| s.2), Some(6));
        assert_eq!(c.section_key_span("fonts", "heading").map(|s| s.2), Some(0));
        let err = BookConfig::parse("[fonts]\nbold = [\"x\"]\n", Path::new("b.toml")).unwrap_err();
        assert!(err.message.contains("bold"), "{}", err.message);
        assert_eq!(err.span.as_ref().map(|s| s.line), Some(2));
        let err = BookConfig::parse("[fonts]\nbody = \"x\"\n", Path::new("b.toml")).unwrap_err();
        assert_eq!(
            err.span.as_ref().map(|s| s.line),
            Some(2),
            "{}",
            err.message
        );
    }

    #[test]
    fn section_key_span_tells_tables_apart() {
        let text = "[pdf]\nlinks = \"none\"\n[handout]\nlinks = \"notes\"\n";
        let c = BookConfig::parse(text, Path::new("b.toml")).unwrap();
        assert_eq!(c.section_key_span("handout", "links").map(|s| s.2), Some(4));
        assert_eq!(c.section_key_span("pdf", "links").map(|s| s.2), Some(2));
        let dotted = BookConfig::parse("fonts.mono = [\"x\"]\n", Path::new("b.toml")).unwrap();
        assert_eq!(
            dotted.section_key_span("fonts", "mono").map(|s| s.2),
            Some(1)
        );
    }

    #[test]
    fn pdf_margins_and_recto_chapters_are_read() {
        let c = BookConfig::parse(
            "[pdf]\nmargins = { top = 15, bottom = 14.5, inner = 18 }\nchapters_on_recto = true\n",
            Path::new("b.toml"),
        )
        .unwrap();
        assert_eq!(
            c.pdf.margins,
            Margins {
                top: Some(15.0),
                bottom: Some(14.5),
                inner: Some(18.0),
                outer: None
            }
        );
        assert!(c.pdf.chapters_on_recto);
        let table = BookConfig::parse("[pdf.margins]\nouter = 10\n", Path::new("b.toml")).unwrap();
        assert_eq!(table.pdf.margins.outer, Some(10.0));
        let d = BookConfig::parse("", Path::new("b.toml")).unwrap();
        assert_eq!(d.pdf.margins, Margins::default());
        assert!(!d.pdf.chapters_on_recto);
        let err = BookConfig::parse(
            "[book]\n[pdf]\nmargins = { left = 10 }\n",
            Path::new("b.toml"),
        )
        .unwrap_err();
        assert!(err.message.contains("left"), "{}", err.message);
        assert_eq!(err.span.as_ref().map(|s| s.line), Some(3));
    }

    #[test]
    fn empty_file_gives_defaults() {
        let c = BookConfig::parse("", Path::new("book.toml")).unwrap();
        assert!(c.epub.enabled);
        assert_eq!(c.posts.order, PostOrder::OldestFirst);
        assert_eq!(c.book.source, PathBuf::from("."));
    }
}
