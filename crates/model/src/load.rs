//! The ingestion pipeline: book.toml + Jekyll site → `Book`.
//!
//! Posts are read, rendered through Liquid and parsed in parallel; images are requested while
//! parsing and loaded once at the end. A broken post costs only itself: its diagnostics are kept
//! and the other posts load.

use crate::assets::{AssetId, AssetOptions, AssetStore};
use crate::book::{Book, BookMeta, Post};
use crate::config::book_toml::{DollarMath, PostOrder, RemoteImages};
use crate::config::{BookConfig, SiteConfig};
use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use crate::document::{walk_inlines, walk_inlines_mut, Block, Inline, LinkTarget};
use crate::liquid::{LiquidEngine, LiquidInput, LiquidSite};
use crate::markdown::{parse_html, parse_markdown, BodyContext};
use crate::site::discover::{discover_posts, PostFormat};
use crate::site::links::SiteLinks;
use crate::site::math_scripts::{site_loads_math_script, text_names_math_script};
use crate::site::post::{page_object, read_post, PostSource};
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub config: BookConfig,
    /// The folder of book.toml: `config`'s paths are relative to it.
    pub base_dir: PathBuf,
    /// Use only cached remote images (also `[images] remote = "offline"`).
    pub offline: bool,
    /// Overrides `[posts] drafts`.
    pub drafts: Option<bool>,
}

impl LoadOptions {
    pub fn site_root(&self) -> PathBuf {
        join_clean(&self.base_dir, &self.config.book.source)
    }
}

/// The result of loading: a book (possibly with fewer posts than files) and what was found wrong.
#[derive(Debug)]
pub struct Loaded {
    pub book: Book,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the book. `Err` only when there is no book at all (no site, unreadable `_config.yml`).
pub fn load_book(opts: &LoadOptions) -> Result<Loaded, Vec<Diagnostic>> {
    let diags = Diagnostics::new();
    let root = opts.site_root();
    if !root.is_dir() {
        return Err(vec![Diagnostic::error(
            "site",
            format!("the site folder {} does not exist", root.display()),
        )
        .with_hint("set [book] source in book.toml, or pass --site DIR")]);
    }
    let site = SiteConfig::load(&root, &diags).map_err(|e| vec![e])?;
    let cfg = &opts.config;
    let drafts = opts.drafts.unwrap_or(cfg.posts.drafts);

    let declared_lang = cfg
        .book
        .language
        .clone()
        .map(|l| l.0)
        .or_else(|| site.lang.clone());
    let lang_for_posts = declared_lang.clone().unwrap_or_default();

    let files = discover_posts(&root, drafts, &diags);
    let mut sources: Vec<PostSource> = files
        .into_par_iter()
        .filter_map(|f| match read_post(f, &site, &lang_for_posts, &diags) {
            Ok(p) => p,
            Err(d) => {
                diags.push(d);
                None
            }
        })
        .collect();
    sources.sort_by(|a, b| {
        a.meta
            .date
            .cmp(&b.meta.date)
            .then_with(|| a.meta.id.cmp(&b.meta.id))
    });

    let mut links = SiteLinks::new(site.url.clone(), site.baseurl.clone());
    for s in &sources {
        links.add_post(&s.meta.id, &s.file.relative, &s.meta.url);
    }

    // Selection: only after links are known, so links to left-out posts still resolve to their URL.
    sources.retain(|s| {
        (cfg.posts.tags.is_empty() || s.meta.tags.iter().any(|t| cfg.posts.tags.contains(t)))
            && !cfg
                .posts
                .exclude
                .iter()
                .any(|x| *x == s.meta.id || s.file.relative.ends_with(x.as_str()))
    });
    if cfg.posts.order == PostOrder::NewestFirst {
        sources.reverse();
    }

    let liquid_site = LiquidSite {
        root: root.clone(),
        site: site_object(&site, &sources, &root),
        links: links.clone(),
    };
    let bodies: Vec<&str> = sources.iter().map(PostSource::body).collect();
    let engine = LiquidEngine::new(liquid_site, &bodies);

    // The site's MathJax/KaTeX macros, for every post's formulas.
    let (site_macros, macro_warnings) = crate::site::math_macros::site_macros(&root, &site.raw);
    for w in macro_warnings {
        diags.push(w);
    }
    // Whether `$…$` is math in every post; `None`: only in posts that load MathJax themselves.
    let site_math = match cfg.math.dollars {
        DollarMath::Auto => site_loads_math_script(&root).then_some(true),
        DollarMath::Math => Some(true),
        DollarMath::Text => Some(false),
    };
    // kramdown's `syntax_highlighter_opts: default_lang` (and its `block:`/`span:` overrides), for
    // code that names no language.
    let hl_opts = site
        .raw
        .get("kramdown")
        .and_then(|k| k.get("syntax_highlighter_opts"));
    let default_of = |sub: Option<&str>| {
        let opts = hl_opts?;
        let opts = match sub {
            Some(k) => opts.get(k)?,
            None => opts,
        };
        opts.get("default_lang")
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let default_lang = default_of(None);
    let default_langs = crate::highlight::DefaultLanguages {
        block: default_of(Some("block")).or_else(|| default_lang.clone()),
        span: default_of(Some("span")).or(default_lang),
    };
    // Languages no grammar knows: one warning per name per book, at the first post using it.
    let unknown_languages: std::sync::Mutex<std::collections::BTreeMap<String, (PathBuf, usize)>> =
        Default::default();
    let assets = AssetStore::for_site(site.url.as_deref().unwrap_or(""), &site.baseurl, &root);
    let posts: Vec<Post> = sources
        .par_iter()
        .filter_map(|s| {
            let page = page_object(&s.meta);
            let input = LiquidInput {
                body: s.body(),
                page: &page,
                file: &s.file.path,
                source: &s.text,
                first_line: s.body_first_line,
            };
            let rendered = engine.render(&input, &diags)?;
            let ctx = BodyContext {
                file: &s.file.path,
                source: &s.text,
                first_line: s.body_first_line,
                assets: &assets,
                links: &links,
                diagnostics: &diags,
                kramdown: site.kramdown,
                // `auto` and no script site-wide: the post may load one itself.
                dollar_math: site_math.unwrap_or_else(|| text_names_math_script(&s.text)),
            };
            let mut blocks = match s.format {
                PostFormat::Markdown => parse_markdown(&rendered, &ctx),
                PostFormat::Html => parse_html(&rendered, &ctx),
            };
            crate::highlight::highlight_blocks(&mut blocks, &default_langs, &mut |name| {
                let mut unknown = unknown_languages.lock().unwrap_or_else(|e| e.into_inner());
                let entry = unknown
                    .entry(name.to_owned())
                    .or_insert_with(|| (s.file.path.clone(), 0));
                entry.1 += 1;
                // The first post by path, whichever thread got there first: the same on every run.
                if s.file.path < entry.0 {
                    entry.0 = s.file.path.clone();
                }
            });
            crate::math::convert_blocks(&mut blocks, &site_macros, &mut |tex, message| {
                diags.push(crate::math::failure_diagnostic(
                    &s.file.path,
                    &s.text,
                    tex,
                    &message,
                ));
            });
            Some(Post {
                meta: s.meta.clone(),
                blocks,
                source: PathBuf::from(&s.file.relative),
            })
        })
        .collect();

    for (name, (file, blocks)) in unknown_languages
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
    {
        diags.push(
            Diagnostic::warning(
                "code-language",
                format!(
                    "no grammar for code language `{name}` ({blocks} block{}); printed plain",
                    if blocks == 1 { "" } else { "s" }
                ),
            )
            .at(Span::file(file))
            .with_hint(
                "name a language Rouge knows (ruby, python, shell, console, …) or `plaintext`",
            ),
        );
    }

    let in_book: HashSet<String> = posts.iter().map(|p| p.meta.id.clone()).collect();
    let mut posts = posts;
    for p in &mut posts {
        unlink_missing_posts(&mut p.blocks, &in_book, &links);
    }

    let mut assets = assets;
    let cover = cfg.book.cover.as_ref().map(|c| {
        let path = join_clean(&opts.base_dir, c);
        assets.request_file(&path, config_span(cfg, "cover"))
    });
    let stylesheet = cfg.epub.stylesheet.as_ref().and_then(|css| {
        let path = join_clean(&opts.base_dir, css);
        match crate::source::read_text(&path) {
            Ok(text) => Some(text),
            Err(e) => {
                diags.push(
                    Diagnostic::error("book-toml", format!("[epub] stylesheet: {}", e.message))
                        .at(config_span(cfg, "stylesheet")),
                );
                None
            }
        }
    });
    let mut asset_opts = AssetOptions::new(
        root.clone(),
        join_clean(&opts.base_dir, &cfg.images.cache_dir),
    );
    asset_opts.offline = opts.offline || cfg.images.remote == RemoteImages::Offline;
    asset_opts.limits.max_download_bytes = u64::from(cfg.images.max_download_mib) * 1024 * 1024;
    asset_opts.limits.total_timeout =
        std::time::Duration::from_secs(u64::from(cfg.images.timeout_seconds.max(1)) * 3);
    asset_opts.limits.connect_timeout =
        std::time::Duration::from_secs(u64::from(cfg.images.timeout_seconds.max(1)));
    // Ids in the book's order of first use, not in the order threads happened to read posts.
    let mut first_use = Vec::new();
    for p in &posts {
        walk_inlines(&p.blocks, &mut |i| {
            if let Inline::Image(img) = i {
                first_use.push(img.asset);
            }
        });
    }
    first_use.extend(cover);
    let renumbered = assets.renumber(first_use);
    let new_id = |id: AssetId| renumbered.get(id.0 as usize).copied().unwrap_or(id);
    for p in &mut posts {
        walk_inlines_mut(&mut p.blocks, &mut |i| {
            if let Inline::Image(img) = i {
                img.asset = new_id(img.asset);
            }
        });
    }
    let cover = cover.map(new_id);
    assets.load(&asset_opts, &diags);
    // Content addressing: a post that names a copy of an image (another path, or the site's
    // own URL for it) shows the one asset that holds those bytes.
    for p in &mut posts {
        walk_inlines_mut(&mut p.blocks, &mut |i| {
            if let Inline::Image(img) = i {
                img.asset = assets.canonical(img.asset);
            }
        });
    }
    let cover = cover.map(|id| assets.canonical(id));

    let language = declared_lang.unwrap_or_else(|| guess_language(&posts));
    for p in &mut posts {
        if p.meta.lang.is_empty() {
            p.meta.lang = language.clone();
        }
    }
    let mut meta = book_meta(cfg, &site, &root, language);
    meta.cover = cover;
    if posts.is_empty() {
        diags.push(
            Diagnostic::warning("site", "the book has no posts")
                .at(Span::file(root.join("_posts"))),
        );
    }
    Ok(Loaded {
        book: Book {
            meta,
            posts,
            assets,
            stylesheet,
        },
        diagnostics: diags.into_sorted(),
    })
}

fn book_meta(cfg: &BookConfig, site: &SiteConfig, root: &Path, language: String) -> BookMeta {
    let dir_name = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "book".into());
    let title = cfg
        .book
        .title
        .clone()
        .or_else(|| site.title.clone())
        .unwrap_or_else(|| dir_name.clone());
    let authors = if cfg.book.authors.is_empty() {
        site.author.clone().into_iter().collect()
    } else {
        cfg.book.authors.clone()
    };
    let slug = cfg
        .book
        .slug
        .clone()
        .map(|s| ascii_slug(&s))
        .filter(|s| !s.is_empty())
        .or_else(|| Some(ascii_slug(&title)).filter(|s| !s.is_empty()))
        .or_else(|| Some(ascii_slug(&dir_name)).filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "book".into());
    BookMeta {
        title,
        subtitle: cfg.book.subtitle.clone(),
        authors,
        description: cfg
            .book
            .description
            .clone()
            .or_else(|| site.description.clone()),
        language,
        publisher: cfg.book.publisher.clone(),
        site_url: site.url.as_ref().map(|u| format!("{u}{}", site.baseurl)),
        slug,
        cover: None,
    }
}

/// Where `key` is set in book.toml (or just "book.toml" when the book has none).
fn config_span(cfg: &BookConfig, key: &str) -> Span {
    match cfg.key_span(key) {
        Some((path, _, line)) => Span::new(path, line, 1),
        None => Span::file("book.toml"),
    }
}

/// `site.*` for Liquid: `_config.yml` plus `posts` (newest first, as Jekyll), `tags`, `categories`
/// and `data` (`_data/*.yml|yaml|json`).
fn site_object(site: &SiteConfig, posts: &[PostSource], root: &Path) -> Map<String, Value> {
    let mut m = site.raw.clone();
    let mut list: Vec<Value> = posts
        .iter()
        .map(|p| Value::Object(page_object(&p.meta)))
        .collect();
    list.reverse();
    let mut tags: Map<String, Value> = Map::new();
    let mut cats: Map<String, Value> = Map::new();
    for p in posts.iter().rev() {
        let page = Value::Object(page_object(&p.meta));
        for t in &p.meta.tags {
            if let Value::Array(v) = tags
                .entry(t.clone())
                .or_insert_with(|| Value::Array(vec![]))
            {
                v.push(page.clone());
            }
        }
        for c in &p.meta.categories {
            if let Value::Array(v) = cats
                .entry(c.clone())
                .or_insert_with(|| Value::Array(vec![]))
            {
                v.push(page.clone());
            }
        }
    }
    m.insert("posts".into(), Value::Array(list));
    m.insert("tags".into(), Value::Object(tags));
    m.insert("categories".into(), Value::Object(cats));
    m.insert(
        "data".into(),
        Value::Object(read_data_dir(&root.join("_data"))),
    );
    m.insert(
        "time".into(),
        Value::String(build_time(site.timezone).to_rfc3339()),
    );
    m.entry("baseurl")
        .or_insert_with(|| Value::String(String::new()));
    m
}

/// `site.time`: when the book is made, like Jekyll — or `SOURCE_DATE_EPOCH` when set, so that a
/// reproducible build stays reproducible even if a post prints the build date.
fn build_time(tz: Option<chrono_tz::Tz>) -> chrono::DateTime<chrono::FixedOffset> {
    let utc = crate::date::source_date_epoch().unwrap_or_else(chrono::Utc::now);
    match tz {
        Some(tz) => utc.with_timezone(&tz).fixed_offset(),
        None => utc.fixed_offset(),
    }
}

fn read_data_dir(dir: &Path) -> Map<String, Value> {
    let mut out = Map::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        let ext = path
            .extension()
            .map(|s| s.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if path.is_dir() {
            out.insert(stem, Value::Object(read_data_dir(&path)));
            continue;
        }
        let Ok(text) = crate::source::read_text(&path) else {
            continue;
        };
        let value = match ext.as_str() {
            "yml" | "yaml" => crate::config::yaml::parse_mapping(&text)
                .map(Value::Object)
                .ok(),
            "json" => serde_json::from_str(&text).ok(),
            _ => None,
        };
        if let Some(v) = value {
            out.insert(stem, v);
        }
    }
    out
}

/// A link to a post that is not in this book (left out by `[posts]`) points at the blog instead.
fn unlink_missing_posts(blocks: &mut [Block], in_book: &HashSet<String>, links: &SiteLinks) {
    walk_inlines_mut(blocks, &mut |i| {
        if let Inline::Link {
            target: target @ LinkTarget::Post { .. },
            ..
        } = i
        {
            if let LinkTarget::Post { post, fragment } = &*target {
                if !in_book.contains(post.as_str()) {
                    let path = links
                        .post_urls
                        .get(post.as_str())
                        .cloned()
                        .unwrap_or_default();
                    let frag = fragment
                        .as_ref()
                        .map(|f| format!("#{f}"))
                        .unwrap_or_default();
                    let url = links.absolute(&format!("{}{path}{frag}", links.baseurl));
                    *target = LinkTarget::Url { url };
                }
            }
        }
    });
}

/// No `lang` anywhere: Japanese when the posts have kana, else English.
fn guess_language(posts: &[Post]) -> String {
    let mut kana = 0usize;
    let mut letters = 0usize;
    for p in posts {
        let mut count = |s: &str| {
            for c in s.chars() {
                if matches!(c, '\u{3040}'..='\u{30ff}') {
                    kana += 1;
                } else if c.is_alphabetic() {
                    letters += 1;
                }
            }
        };
        count(&p.meta.title);
        crate::document::walk_inlines(&p.blocks, &mut |i| {
            if let Inline::Text { text } = i {
                count(text)
            }
        });
    }
    if kana * 10 > letters { "ja" } else { "en" }.to_owned()
}

/// `Docker Meetup Tokyo #4` → `docker-meetup-tokyo-4`; non-ASCII letters are dropped.
pub fn ascii_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// `base/rel` without a leading `./` (so messages read `content/_posts/…`).
fn join_clean(base: &Path, rel: &Path) -> PathBuf {
    if rel.is_absolute() {
        return rel.to_path_buf();
    }
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    if base.as_os_str().is_empty() || base == Path::new(".") {
        if rel.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            rel.to_path_buf()
        }
    } else {
        base.join(rel)
    }
}
