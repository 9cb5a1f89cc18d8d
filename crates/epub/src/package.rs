//! Assembling the package with epub-builder: metadata, cover, title page, chapters, images and
//! the navigation (posts and their headings, nested).

use crate::xhtml::escape_attr as esc;
use crate::xhtml::{chapter_xhtml, Anchors, ChapterContext, ImageRef};
use crate::{cover, images, metadata, style, EpubOptions};
use chrono::{DateTime, Utc};
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};
use hanmoto_model::document::{plain_text, walk_blocks};
use hanmoto_model::{AssetId, Block, Book, Diagnostic, Diagnostics, Post};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// The words the package itself shows, in the book's language.
pub(crate) struct Labels {
    pub contents: &'static str,
    pub cover: &'static str,
    pub title_page: &'static str,
    /// The accessible name of the landmarks nav (it must differ from the toc's: Ace's
    /// `landmark-unique`).
    pub landmarks: &'static str,
}

pub(crate) fn labels(lang: &str) -> Labels {
    if lang.starts_with("ja") {
        Labels {
            contents: "目次",
            cover: "表紙",
            title_page: "扉",
            landmarks: "ランドマーク",
        }
    } else {
        Labels {
            contents: "Contents",
            cover: "Cover",
            title_page: "Title page",
            landmarks: "Landmarks",
        }
    }
}

/// The chapter file of the `index`-th post (0-based).
pub(crate) fn chapter_file(index: usize) -> String {
    format!("chapter-{:03}.xhtml", index + 1)
}

pub(crate) fn build(
    book: &Book,
    opts: &EpubOptions,
    modified: DateTime<Utc>,
    diagnostics: &Diagnostics,
) -> Result<Built, Diagnostic> {
    let err = |e: epub_builder::Error| Diagnostic::error("epub", format!("epub-builder: {e}"));
    let lang = book.meta.language.as_str();
    let l = labels(lang);
    let mut b = EpubBuilder::new(ZipLibrary::new().map_err(err)?).map_err(err)?;
    b.epub_version(EpubVersion::V30);
    // epub-builder escapes metadata and titles itself.
    b.set_title(book.meta.title.as_str());
    b.set_authors(book.meta.authors.clone());
    b.set_lang(lang);
    b.set_generator(concat!("hanmoto ", env!("CARGO_PKG_VERSION")));
    b.set_toc_name(l.contents);
    b.set_uuid(metadata::identifier(book));
    b.set_modified_date(modified);
    if let Some(d) = &book.meta.description {
        b.add_description(d.as_str());
    }
    for s in subjects(book) {
        b.add_subject(s);
    }
    if opts.vertical {
        // `epub_direction()` is never written into the OPF by 0.8.x; this key is.
        b.metadata("direction", "rtl").map_err(err)?;
    }
    // Formulas: an SVG of each distinct one, the fallback of its MathML; and the math face.
    let math = crate::math_images::prepare(book);
    let has_math = !math.by_mathml.is_empty();
    b.stylesheet(
        style::stylesheet_for(opts.vertical, has_math, book.stylesheet.as_deref()).as_bytes(),
    )
    .map_err(err)?;
    if has_math {
        b.add_resource(style::MATH_FONT_HREF, hanmoto_math::BUILTIN, "font/otf")
            .map_err(err)?;
    }

    // Images: each distinct image a post shows, once (`images`). epub-builder only lists them:
    // it is given no bytes, and `archive::rewrite` stores each image's own bytes in the
    // archive, once, undeflated.
    let images = images::prepare(book, opts, diagnostics);
    // Listed with no bytes: `archive::rewrite` writes each (`text_files`).
    for (href, _) in &math.files {
        b.add_resource(href, &[][..], "image/svg+xml")
            .map_err(err)?;
    }
    let math_image = |mathml: &str| {
        math.by_mathml.get(mathml).map(|m| crate::xhtml::MathImage {
            href: m.href.clone(),
            width: m.width,
            height: m.height,
            depth: m.depth,
        })
    };

    // Cover: the user's image (the same file when a post shows it too), else one drawn from
    // the title.
    let cover_id = book.meta.cover.map(|id| book.assets.canonical(id));
    let cover_href = match cover_id.and_then(|id| images.get(&id)) {
        Some(img) => {
            b.add_cover_image(&img.href, &[][..], img.media_type)
                .map_err(err)?;
            img.href.clone()
        }
        None => {
            let svg = cover::cover_svg(
                &book.meta.title,
                book.meta.subtitle.as_deref(),
                &book.meta.authors,
                lang,
            );
            b.add_cover_image("images/cover.svg", svg.as_bytes(), "image/svg+xml")
                .map_err(err)?;
            "images/cover.svg".to_owned()
        }
    };
    let cover_page = cover_xhtml(book, &cover_href, l.cover);
    b.add_content(
        EpubContent::new("cover.xhtml", cover_page.as_bytes())
            .title(l.cover)
            .reftype(ReferenceType::Cover),
    )
    .map_err(err)?;
    let title_page = title_xhtml(book, l.title_page);
    b.add_content(
        EpubContent::new("titlepage.xhtml", title_page.as_bytes())
            .title(book.meta.title.as_str())
            .reftype(ReferenceType::TitlePage),
    )
    .map_err(err)?;

    for (id, img) in &images {
        if Some(*id) != cover_id {
            b.add_resource(&img.href, &[][..], img.media_type)
                .map_err(err)?;
        }
    }

    let chapters: HashMap<&str, String> = book
        .posts
        .iter()
        .enumerate()
        .map(|(i, p)| (p.meta.id.as_str(), chapter_file(i)))
        .collect();
    let chapter_of = |id: &str| chapters.get(id).cloned();
    let image_of = |id: AssetId| {
        let id = book.assets.canonical(id);
        let href = &images.get(&id)?.href;
        let img = book.assets.loaded(id)?;
        Some(ImageRef {
            href: href.clone(),
            width: img.width,
            height: img.height,
        })
    };
    // Chapters are independent: write them on every core, then add them in order.
    let ctx = ChapterContext {
        book,
        chapter_of: &chapter_of,
        image: &image_of,
        stylesheet: "stylesheet.css",
        vertical: opts.vertical,
        tcy_digits: opts.tcy_digits,
        math_image: &math_image,
    };
    let chapters_xhtml: Vec<String> = book
        .posts
        .par_iter()
        .map(|post| chapter_xhtml(post, &ctx))
        .collect();
    for (i, (post, xhtml)) in book.posts.iter().zip(&chapters_xhtml).enumerate() {
        let file = chapter_file(i);
        let mut content =
            EpubContent::new(file.as_str(), xhtml.as_bytes()).title(post.meta.title.as_str());
        if i == 0 {
            // The `bodymatter` landmark: where reading starts.
            content = content.reftype(ReferenceType::Text);
        }
        for child in heading_toc(post, &file) {
            content = content.child(child);
        }
        b.add_content(content).map_err(err)?;
    }

    let mut out = Vec::new();
    b.generate(&mut out).map_err(err)?;
    let files = images
        .into_values()
        .map(|img| (format!("OEBPS/{}", img.href), img.bytes))
        .collect();
    let text_files = math
        .files
        .into_iter()
        .map(|(href, svg)| (format!("OEBPS/{href}"), svg))
        .collect();
    Ok(Built {
        archive: out,
        images: files,
        text_files,
    })
}

/// epub-builder's archive, whose image entries are empty, and the bytes of each image by its
/// path in the archive.
pub(crate) struct Built {
    pub archive: Vec<u8>,
    pub images: HashMap<String, hanmoto_model::assets::AssetBytes>,
    /// Generated text files listed empty (formula images), by their path in the archive.
    pub text_files: HashMap<String, String>,
}

/// Tags as subjects, most used first.
fn subjects(book: &Book) -> Vec<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &book.posts {
        for t in &p.meta.tags {
            *count.entry(t.as_str()).or_default() += 1;
        }
    }
    let mut v: Vec<(&str, usize)> = count.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter().map(|(t, _)| t.to_owned()).collect()
}

/// The post's headings as nested navigation entries (h2 › h3 › …).
fn heading_toc(post: &Post, file: &str) -> Vec<TocElement> {
    // The chapter may have renamed an id (duplicates, invalid XML names): link to what it wrote.
    let anchors = Anchors::of_post(post);
    let mut heads: Vec<(u8, String, String)> = Vec::new();
    walk_blocks(&post.blocks, &mut |b| {
        if let Block::Heading {
            level, id, content, ..
        } = b
        {
            let text = plain_text(content);
            if let (false, Some(anchor)) = (text.trim().is_empty(), anchors.heading(id)) {
                heads.push((*level, anchor.to_owned(), text));
            }
        }
    });
    let mut i = 0;
    nest(&heads, &mut i, 0, file)
}

fn nest(heads: &[(u8, String, String)], i: &mut usize, parent: u8, file: &str) -> Vec<TocElement> {
    let mut out = Vec::new();
    while let Some((level, id, text)) = heads.get(*i) {
        if *level <= parent {
            break;
        }
        *i += 1;
        let mut el = TocElement::new(format!("{file}#{id}"), text.as_str());
        for child in nest(heads, i, *level, file) {
            el = el.child(child);
        }
        out.push(el);
    }
    out
}

fn page(lang: &str, title: &str, class: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">
<head>
<meta charset="utf-8"/>
<title>{title}</title>
<link rel="stylesheet" type="text/css" href="stylesheet.css"/>
</head>
<body class="{class}">
{body}
</body>
</html>
"#,
        lang = esc(lang),
        title = esc(title),
    )
}

fn cover_xhtml(book: &Book, href: &str, label: &str) -> String {
    page(
        &book.meta.language,
        label,
        "cover",
        &format!(
            r#"<section epub:type="cover" class="cover-image"><img src="{}" alt="{}"/></section>"#,
            esc(href),
            esc(&book.meta.title)
        ),
    )
}

fn title_xhtml(book: &Book, label: &str) -> String {
    let m = &book.meta;
    let mut body = format!(
        r#"<section epub:type="titlepage" class="titlepage" aria-label="{}">"#,
        esc(label)
    );
    body.push_str(&format!(r#"<h1 class="book-title">{}</h1>"#, esc(&m.title)));
    if let Some(s) = &m.subtitle {
        body.push_str(&format!(r#"<p class="book-subtitle">{}</p>"#, esc(s)));
    }
    if !m.authors.is_empty() {
        body.push_str(&format!(
            r#"<p class="book-author">{}</p>"#,
            esc(&m.authors.join(", "))
        ));
    }
    if let Some(d) = &m.description {
        body.push_str(&format!(r#"<p class="book-description">{}</p>"#, esc(d)));
    }
    let first = book.posts.iter().map(|p| p.meta.date).min();
    let last = book.posts.iter().map(|p| p.meta.date).max();
    if let (Some(a), Some(b)) = (first, last) {
        let (a, b) = (
            a.format("%Y-%m-%d").to_string(),
            b.format("%Y-%m-%d").to_string(),
        );
        let range = if a == b {
            a.clone()
        } else {
            format!("{a} – {b}")
        };
        body.push_str(&format!(r#"<p class="book-dates">{}</p>"#, esc(&range)));
    }
    if let Some(url) = &m.site_url {
        body.push_str(&format!(
            r#"<p class="book-url"><a href="{0}">{0}</a></p>"#,
            esc(url)
        ));
    }
    if let Some(p) = &m.publisher {
        body.push_str(&format!(r#"<p class="book-publisher">{}</p>"#, esc(p)));
    }
    body.push_str("</section>");
    page(&m.language, label, "titlepage", &body)
}
