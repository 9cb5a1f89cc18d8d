//! `_config.yml`: the Jekyll site's own settings, read the way Jekyll reads them.

use super::yaml::{self, as_text};
use crate::diagnostic::Diagnostic;
use crate::markdown::{SmartQuotes, Typography};
use crate::source::read_text;
use chrono_tz::Tz;
use serde_json::{Map, Value};
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct SiteConfig {
    /// Every key, for `{{ site.x }}`.
    pub raw: Map<String, Value>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    pub lang: Option<String>,
    /// `https://example.com`, no trailing slash.
    pub url: Option<String>,
    /// `/blog`, or "".
    pub baseurl: String,
    pub timezone: Option<Tz>,
    /// Jekyll's `permalink` style or template (default `date`).
    pub permalink: String,
    pub defaults: Vec<DefaultRule>,
    pub kramdown: KramdownSettings,
}

/// The `kramdown:` settings that change how a post reads (Jekyll hands them to kramdown).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct KramdownSettings {
    /// `parse_block_html`: Markdown inside block HTML (`<div>`, `<details>`) is read as
    /// Markdown, as if each element said `markdown="1"`. Off by default, as in Jekyll.
    pub parse_block_html: bool,
    /// Curly quotes from `smart_quotes`; dashes, ellipsis and guillemets unless GFM input says
    /// `gfm_quirks: no_auto_typographic`.
    pub typography: Typography,
}

impl KramdownSettings {
    fn from_config(
        raw: &Map<String, Value>,
        path: &Path,
        text: &str,
        diags: &crate::Diagnostics,
    ) -> KramdownSettings {
        let kramdown = raw.get("kramdown").and_then(Value::as_object);
        // YAML `true`, or the string "true" some configs quote.
        let flag = |k: &str| {
            kramdown
                .and_then(|m| m.get(k))
                .and_then(as_text)
                .is_some_and(|v| v.trim() == "true")
        };
        // A YAML list, or kramdown's comma-separated string.
        let list = |k: &str| {
            kramdown.and_then(|m| m.get(k)).map(|v| match v {
                Value::Array(items) => items.iter().filter_map(as_text).collect::<Vec<_>>(),
                v => as_text(v)
                    .map(|s| s.split(',').map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        };
        let quotes = match list("smart_quotes").map(|items| SmartQuotes::parse(&items)) {
            None => SmartQuotes::default(),
            Some(Ok(q)) => q,
            Some(Err(message)) => {
                let line = yaml::key_line(text, "smart_quotes").unwrap_or(0);
                diags.push(
                    Diagnostic::warning(
                        "config",
                        format!("kramdown {message}; curly quotes are printed as kramdown's default ‘ ’ “ ”"),
                    )
                    .at_line(path, text, line, 1)
                    .with_hint("write four entity names or code points: lsquo,rsquo,ldquo,rdquo"),
                );
                SmartQuotes::default()
            }
        };
        let gfm = kramdown
            .and_then(|m| m.get("input"))
            .and_then(as_text)
            .is_none_or(|v| v.trim().eq_ignore_ascii_case("gfm"));
        let no_auto_typographic = list("gfm_quirks")
            .unwrap_or_default()
            .iter()
            .any(|q| q.trim().trim_start_matches(':') == "no_auto_typographic");
        KramdownSettings {
            parse_block_html: flag("parse_block_html"),
            typography: Typography {
                quotes,
                symbols: !(gfm && no_auto_typographic),
            },
        }
    }
}

/// One `defaults:` entry: values applied to posts under `path` (and of `type` posts, if given).
#[derive(Debug, Clone)]
pub struct DefaultRule {
    pub path: String,
    pub values: Map<String, Value>,
}

impl SiteConfig {
    /// Reads `root/_config.yml`; a site without one gets Jekyll's defaults.
    pub fn load(root: &Path, diags: &crate::Diagnostics) -> Result<SiteConfig, Diagnostic> {
        let path = root.join("_config.yml");
        if !path.exists() {
            return Ok(SiteConfig {
                permalink: "date".into(),
                ..Default::default()
            });
        }
        let text = read_text(&path)?;
        let raw = yaml::parse_mapping(&text).map_err(|e| {
            Diagnostic::error("yaml", format!("_config.yml: {}", e.message))
                .at_line(&path, &text, e.line, e.column)
        })?;
        Ok(Self::from_map(raw, &path, &text, diags))
    }

    pub fn from_map(
        raw: Map<String, Value>,
        path: &Path,
        text: &str,
        diags: &crate::Diagnostics,
    ) -> SiteConfig {
        let s = |k: &str| {
            raw.get(k)
                .and_then(as_text)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let author = match raw.get("author") {
            Some(Value::Object(m)) => m.get("name").and_then(as_text),
            Some(v) => as_text(v),
            None => None,
        };
        let timezone = s("timezone").and_then(|name| match name.parse::<Tz>() {
            Ok(tz) => Some(tz),
            Err(_) => {
                let line = yaml::key_line(text, "timezone").unwrap_or(0);
                diags.push(
                    Diagnostic::warning(
                        "config",
                        format!("unknown timezone `{name}`; dates without a zone are read as UTC"),
                    )
                    .at_line(path, text, line, 1)
                    .with_hint("use an IANA name such as Asia/Tokyo"),
                );
                None
            }
        });
        let mut baseurl = s("baseurl").unwrap_or_default();
        if !baseurl.is_empty() && !baseurl.starts_with('/') {
            baseurl.insert(0, '/');
        }
        let baseurl = baseurl.trim_end_matches('/').to_owned();
        let defaults = raw
            .get("defaults")
            .and_then(Value::as_array)
            .map(|rules| rules.iter().filter_map(default_rule).collect())
            .unwrap_or_default();
        SiteConfig {
            title: s("title"),
            author,
            description: s("description"),
            lang: site_lang(s("lang").or_else(|| s("language")), path, text, diags),
            url: s("url").map(|u| u.trim_end_matches('/').to_owned()),
            baseurl,
            timezone,
            permalink: s("permalink").unwrap_or_else(|| "date".into()),
            defaults,
            kramdown: KramdownSettings::from_config(&raw, path, text, diags),
            raw,
        }
    }

    /// Front-matter defaults for a post at `relative_path` (from the site root), in file order
    /// (a later matching rule overrides an earlier one; a longer path wins over a shorter one,
    /// as in Jekyll).
    pub fn defaults_for(&self, relative_path: &str) -> Map<String, Value> {
        let mut rules: Vec<&DefaultRule> = self
            .defaults
            .iter()
            .filter(|r| scope_applies(&r.path, relative_path))
            .collect();
        rules.sort_by_key(|r| r.path.len());
        let mut out = Map::new();
        for r in rules {
            for (k, v) in &r.values {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }
}

/// `lang` if it is a BCP 47 tag; otherwise a warning and none (the book's language is then
/// guessed from the text).
fn site_lang(
    lang: Option<String>,
    path: &Path,
    text: &str,
    diags: &crate::Diagnostics,
) -> Option<String> {
    let lang = lang?;
    if crate::config::book_toml::LanguageTag::is_valid(&lang) {
        return Some(lang);
    }
    diags.push(
        Diagnostic::warning(
            "config",
            format!("`lang: {lang}` is not a BCP 47 language tag; ignored"),
        )
        .at_line(path, text, yaml::key_line(text, "lang").unwrap_or(0), 1)
        .with_hint("write e.g. ja, en or en-US"),
    );
    None
}

/// Jekyll's `applies_path?`: a plain scope path is a string prefix of the post's path; one with
/// `*` is a glob (as `Dir.glob`: `*` stays within one folder) matching the post or a folder above it.
fn scope_applies(scope: &str, relative_path: &str) -> bool {
    let scope = scope.trim_start_matches("./");
    if scope.is_empty() {
        return true;
    }
    if !scope.contains('*') {
        return relative_path.starts_with(scope);
    }
    let Ok(pattern) = glob::Pattern::new(scope) else {
        return false;
    };
    let opts = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    let mut candidate = relative_path;
    loop {
        if pattern.matches_with(candidate, opts) {
            return true;
        }
        match candidate.rfind('/') {
            Some(i) => candidate = &candidate[..i],
            None => return false,
        }
    }
}

fn default_rule(v: &Value) -> Option<DefaultRule> {
    let scope = v.get("scope").and_then(Value::as_object);
    let kind = scope.and_then(|s| s.get("type")).and_then(as_text);
    if kind
        .as_deref()
        .is_some_and(|k| k != "posts" && k != "drafts")
    {
        return None;
    }
    let path = scope
        .and_then(|s| s.get("path"))
        .and_then(as_text)
        .unwrap_or_default();
    let values = v.get("values")?.as_object()?.clone();
    Some(DefaultRule {
        path: path.trim_matches('/').to_owned(),
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(yaml_text: &str) -> SiteConfig {
        let raw = yaml::parse_mapping(yaml_text).unwrap();
        SiteConfig::from_map(
            raw,
            Path::new("_config.yml"),
            yaml_text,
            &crate::Diagnostics::new(),
        )
    }

    #[test]
    fn reads_the_keys_jekyll_uses() {
        let c = cfg("title: Blog\nauthor:\n  name: Taro\nlang: ja\nurl: https://e.com/\nbaseurl: blog/\ntimezone: Asia/Tokyo\n");
        assert_eq!(c.title.as_deref(), Some("Blog"));
        assert_eq!(c.author.as_deref(), Some("Taro"));
        assert_eq!(c.url.as_deref(), Some("https://e.com"));
        assert_eq!(c.baseurl, "/blog");
        assert_eq!(c.timezone, Some(chrono_tz::Asia::Tokyo));
        assert_eq!(c.permalink, "date");
    }

    #[test]
    fn defaults_scope_may_be_a_glob() {
        let c = cfg("defaults:\n  - scope: {path: \"_posts/*-b.md\"}\n    values: {tags: globbed}\n  - scope: {path: \"*/_posts\"}\n    values: {x: 1}\n");
        assert_eq!(c.defaults_for("_posts/2020-01-01-b.md")["tags"], "globbed");
        assert!(c
            .defaults_for("_posts/2020-01-01-c.md")
            .get("tags")
            .is_none());
        assert_eq!(c.defaults_for("tech/_posts/2020-01-01-c.md")["x"], 1);
        assert!(c.defaults_for("_posts/2020-01-01-c.md").get("x").is_none());
    }

    #[test]
    fn defaults_apply_by_path_longest_last() {
        let c = cfg(
            "defaults:\n  - scope: {path: \"\", type: posts}\n    values: {author: A, x: 1}\n  - scope: {path: tech}\n    values: {author: B}\n  - scope: {type: pages}\n    values: {author: C}\n",
        );
        assert_eq!(c.defaults_for("_posts/a.md")["author"], "A");
        assert_eq!(c.defaults_for("tech/_posts/a.md")["author"], "B");
        assert_eq!(c.defaults_for("tech/_posts/a.md")["x"], 1);
    }
}
