//! One post file → its metadata and body, ready for Liquid and Markdown.

use super::discover::{PostFile, PostFormat};
use super::permalink::{post_url, PermalinkParts};
use crate::book::PostMeta;
use crate::config::yaml::{self, as_list, as_text, is_false};
use crate::config::SiteConfig;
use crate::date::{date_from_file_name, parse_date};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::{frontmatter, source};
use serde_json::{Map, Value};

/// A post read from disk, before its body is rendered.
#[derive(Debug)]
pub struct PostSource {
    pub file: PostFile,
    pub meta: PostMeta,
    /// The whole file (BOM dropped, LF line endings).
    pub text: String,
    /// Byte offset of the body in `text`.
    pub body_start: usize,
    pub body_first_line: u32,
    pub format: PostFormat,
}

impl PostSource {
    pub fn body(&self) -> &str {
        self.text.get(self.body_start..).unwrap_or("")
    }
}

/// Reads one post. `Ok(None)`: not part of the book (`published: false`, no front matter) —
/// a diagnostic says why when the user may not expect it.
pub fn read_post(
    file: PostFile,
    site: &SiteConfig,
    book_lang: &str,
    diags: &Diagnostics,
) -> Result<Option<PostSource>, Diagnostic> {
    let text = source::read_text(&file.path)?;
    // Jekyll publishes a post file without front matter too (title from the file name), and
    // reads a file whose front matter is never closed as all body (measured with Jekyll 4.3.1).
    let (fm, yaml, body_first_line, body_start, yaml_first_line) = match frontmatter::split(&text) {
        Some(split) => {
            let fm = frontmatter::parse(&split, &file.path, &text)?;
            (
                fm,
                split.yaml,
                split.body_first_line,
                text.len() - split.body.len(),
                split.yaml_first_line,
            )
        }
        None => {
            if text.lines().next().is_some_and(|l| l.trim_end() == "---") {
                diags.push(
                    Diagnostic::warning(
                        "post-front-matter",
                        "the front matter is never closed: the whole file is read as the post's body",
                    )
                    .at_line(&file.path, &text, 1, 1)
                    .with_hint("end the front matter with a `---` line"),
                );
            }
            (serde_json::Map::new(), "", 1, 0, 1)
        }
    };

    let mut data = site.defaults_for(&file.relative);
    for (k, v) in fm {
        data.insert(k, v);
    }
    if is_false(data.get("published")) {
        return Ok(None);
    }

    let name = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let from_name = date_from_file_name(&name, site.timezone);
    let slug_from_name = from_name
        .as_ref()
        .map(|(_, s)| s.to_string())
        .unwrap_or_else(|| name.clone());
    let slug = data.get("slug").and_then(as_text).unwrap_or(slug_from_name);

    let date = match data.get("date") {
        Some(v) => match as_text(v).and_then(|s| parse_date(&s, site.timezone)) {
            Some(d) => Some(d),
            None => {
                let line = yaml::key_line(yaml, "date")
                    .map_or(yaml_first_line, |l| l + yaml_first_line - 1);
                diags.push(
                    Diagnostic::warning(
                        "date",
                        format!(
                            "`date: {}` is not a date; using the file name's date",
                            as_text(v).unwrap_or_default()
                        ),
                    )
                    .at_line(&file.path, &text, line, 1)
                    .with_hint("write dates as 2015-01-18 or 2015-01-18 10:00:00 +0900"),
                );
                None
            }
        },
        None => None,
    };
    let date = match date.or_else(|| from_name.as_ref().map(|(d, _)| *d)) {
        Some(d) => d,
        None => draft_date(&file),
    };

    let title = data
        .get("title")
        .and_then(as_text)
        .map(|t| title_text(t.trim()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| titleize_slug(&slug));

    let mut tags = as_list(data.get("tags").unwrap_or(&Value::Null));
    tags.extend(as_list(data.get("tag").unwrap_or(&Value::Null)));
    dedup(&mut tags);
    let mut categories = file.categories.clone();
    categories.extend(as_list(data.get("categories").unwrap_or(&Value::Null)));
    categories.extend(as_list(data.get("category").unwrap_or(&Value::Null)));
    dedup(&mut categories);

    let url = match data.get("permalink").and_then(as_text) {
        Some(p) => post_url(
            &p,
            &PermalinkParts {
                date,
                slug: &slug,
                categories: &categories,
                output_ext: ".html",
            },
        ),
        None => post_url(
            &site.permalink,
            &PermalinkParts {
                date,
                slug: &slug,
                categories: &categories,
                output_ext: ".html",
            },
        ),
    };
    let author = match data.get("author") {
        Some(Value::Object(m)) => m.get("name").and_then(as_text),
        Some(Value::Array(xs)) => {
            Some(xs.iter().filter_map(as_text).collect::<Vec<_>>().join(", "))
        }
        Some(v) => as_text(v),
        None => None,
    }
    .or_else(|| site.author.clone());
    let description = data
        .get("description")
        .or_else(|| data.get("excerpt"))
        .and_then(as_text)
        .map(|s| s.trim().to_owned());
    let lang = data
        .get("lang")
        .and_then(as_text)
        .unwrap_or_else(|| book_lang.to_owned());

    let format = file.format;
    let meta = PostMeta {
        id: name,
        title,
        date,
        slug,
        tags,
        categories,
        author,
        description,
        lang,
        url,
        draft: file.draft,
        front_matter: data,
    };
    Ok(Some(PostSource {
        file,
        meta,
        text,
        body_start,
        body_first_line,
        format,
    }))
}

/// `page.*` for Liquid: the front matter plus what Jekyll computes.
pub fn page_object(meta: &PostMeta) -> Map<String, Value> {
    let mut m = meta.front_matter.clone();
    // `{{ page.title }}` is the title as written, markup and all (the layout prints it raw).
    if !m.get("title").is_some_and(Value::is_string) {
        m.insert("title".into(), meta.title.clone().into());
    }
    m.insert("date".into(), meta.date.to_rfc3339().into());
    m.insert("slug".into(), meta.slug.clone().into());
    m.insert("url".into(), meta.url.clone().into());
    m.insert("id".into(), meta.url.trim_end_matches(".html").into());
    m.insert("tags".into(), meta.tags.clone().into());
    m.insert("categories".into(), meta.categories.clone().into());
    m.insert("draft".into(), meta.draft.into());
    if let Some(a) = &meta.author {
        m.entry("author").or_insert_with(|| a.clone().into());
    }
    m
}

/// The title as the blog shows it: layouts print `{{ page.title }}` unescaped, so a browser
/// renders its markup (`Why <code>document</code> is…` reads "Why document is…") and its entities
/// (`Q&amp;A` reads "Q&A"). Text without `<` or `&` is returned as it is.
fn title_text(raw: &str) -> String {
    use html5gum::{Token, Tokenizer};
    if !raw.contains(['<', '&']) {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut hidden = 0usize;
    for token in Tokenizer::new(raw).flatten() {
        match token {
            Token::StartTag(t) if is_hidden(&t.name) && !t.self_closing => hidden += 1,
            Token::EndTag(t) if is_hidden(&t.name) => hidden = hidden.saturating_sub(1),
            Token::String(s) if hidden == 0 => out.push_str(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    // ASCII white space only: an ideographic space (U+3000) is the author's.
    out.split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Elements whose content a reader never sees in a title.
fn is_hidden(name: &[u8]) -> bool {
    [&b"script"[..], b"style", b"template"]
        .iter()
        .any(|h| name.eq_ignore_ascii_case(h))
}

/// Jekyll's `Utils.titleize_slug`: `docker-meetup-tokyo-4` → `Docker Meetup Tokyo 4`.
fn titleize_slug(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drafts have no date in their name; Jekyll uses the file's modification time.
fn draft_date(file: &PostFile) -> chrono::DateTime<chrono::FixedOffset> {
    std::fs::metadata(&file.path)
        .and_then(|m| m.modified())
        .map(|t| chrono::DateTime::<chrono::Utc>::from(t).fixed_offset())
        .unwrap_or_default()
}

fn dedup(v: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_title_reads_as_the_blog_shows_it() {
        assert_eq!(
            title_text("Why <code>document</code> is an object"),
            "Why document is an object"
        );
        assert_eq!(title_text("Q&amp;A: a &lt; b"), "Q&A: a < b");
        assert_eq!(title_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(title_text("x<script>alert(1)</script>y"), "xy");
        assert_eq!(title_text("<b>同じ</b>　全角"), "同じ　全角");
    }

    #[test]
    fn slug_becomes_title() {
        assert_eq!(
            titleize_slug("docker-meetup-tokyo-4"),
            "Docker Meetup Tokyo 4"
        );
    }
}
