//! Package metadata that epub-builder leaves to us: a stable identifier, the modification date,
//! and accessibility metadata (EPUB Accessibility 1.1 / schema.org).

use chrono::{DateTime, Utc};
use hanmoto_model::document::walk_inlines;
use hanmoto_model::{Book, Inline};

/// `SOURCE_DATE_EPOCH` when set (reproducible-builds.org), else the newest post's date, else the
/// Unix epoch: never "now", so the same input gives the same EPUB.
pub fn modified_date(book: &Book) -> DateTime<Utc> {
    if let Some(t) = hanmoto_model::date::source_date_epoch() {
        return t;
    }
    book.posts
        .iter()
        .map(|p| p.meta.date.with_timezone(&Utc))
        .max()
        .unwrap_or_default()
}

/// A name-based UUID of the book: its title, authors, language and posts. The same book gets the
/// same `dc:identifier` on every build, so readers treat a rebuilt EPUB as the same book.
pub fn identifier(book: &Book) -> uuid::Uuid {
    let mut name = format!(
        "hanmoto\n{}\n{}\n{}",
        book.meta.title,
        book.meta.authors.join("\n"),
        book.meta.language
    );
    if let Some(url) = &book.meta.site_url {
        name.push('\n');
        name.push_str(url);
    }
    for p in &book.posts {
        name.push('\n');
        name.push_str(&p.meta.id);
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
}

/// `(property, value)` pairs for `<meta property=…>`; values are plain text (escaped by the caller).
pub fn accessibility(book: &Book) -> Vec<(&'static str, String)> {
    let mut images = 0usize;
    let mut images_with_alt = 0usize;
    for p in &book.posts {
        walk_inlines(&p.blocks, &mut |i| {
            if let Inline::Image(img) = i {
                images += 1;
                if !img.alt.trim().is_empty() {
                    images_with_alt += 1;
                }
            }
        });
    }
    let mut v = vec![("schema:accessMode", "textual".to_owned())];
    if images > 0 {
        v.push(("schema:accessMode", "visual".to_owned()));
    }
    v.push(("schema:accessModeSufficient", "textual".to_owned()));
    if images > 0 {
        v.push(("schema:accessModeSufficient", "textual,visual".to_owned()));
    }
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ] {
        v.push(("schema:accessibilityFeature", feature.to_owned()));
    }
    if images > 0 && images_with_alt == images {
        v.push(("schema:accessibilityFeature", "alternativeText".to_owned()));
    }
    v.push(("schema:accessibilityHazard", "none".to_owned()));
    let summary = if images == 0 {
        "Text with headings, a table of contents and navigation between chapters.".to_owned()
    } else if images_with_alt == images {
        format!("Text with headings, a table of contents and navigation; all {images} images have alternative text.")
    } else {
        format!(
            "Text with headings, a table of contents and navigation; {images_with_alt} of {images} images have alternative text (the others come from the blog without one)."
        )
    };
    v.push(("schema:accessibilitySummary", summary));
    v
}
