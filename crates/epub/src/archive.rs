//! Rewriting epub-builder's archive into the one we ship.
//!
//! epub-builder cannot do several things EPUBCheck, readers or reproducibility need, and its
//! `Zip` trait is private, so its output is re-read and written again here. It is a small
//! archive: epub-builder is given the images' names only, and each image's bytes are written here
//! once, stored; its deflated text files are copied raw (not inflated and deflated again).
//! What this pass changes:
//! - `mimetype` first and stored (OCF), every entry dated from the book (`SOURCE_DATE_EPOCH` or
//!   the newest post), not "now": same input → same bytes;
//! - `nav.xhtml` gets `lang`/`xml:lang` (its template has none), the toc nav its ARIA role
//!   (`doc-toc`, named by its heading) and the landmarks nav a name of its own, hidden from
//!   the reading (DAISY Ace: `epub-type-has-matching-role`, `landmark-unique`);
//! - `<package>` gets `xml:lang` (Ace's `epub-lang`: the package's language, not only
//!   `dc:language`);
//! - the OPF gets what the builder has no API for: `dc:publisher` and the accessibility metadata
//!   (`schema:accessMode`…; MetadataOpfV3 writes its content unescaped, so we write them here,
//!   escaped).

use crate::metadata;
use crate::xhtml::escape_attr as esc;
use crate::EpubOptions;
use chrono::{DateTime, Datelike, Timelike, Utc};
use hanmoto_model::{Book, Diagnostic};
use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// A rewrite of one text file of the package.
type Patch = fn(&[u8], &Book, &EpubOptions) -> String;

pub fn rewrite(
    raw: &[u8],
    images: &HashMap<String, hanmoto_model::assets::AssetBytes>,
    text_files: &HashMap<String, String>,
    book: &Book,
    opts: &EpubOptions,
    modified: DateTime<Utc>,
    out: &mut dyn hanmoto_model::Output,
) -> Result<(), Diagnostic> {
    let err =
        |what: &str, e: &dyn std::fmt::Display| Diagnostic::error("epub", format!("{what}: {e}"));
    let reading = |e: &dyn std::fmt::Display| err("reading epub-builder's archive", e);
    let writing = |e: &dyn std::fmt::Display| err("writing the EPUB", e);
    let mut input = ZipArchive::new(Cursor::new(raw)).map_err(|e| reading(&e))?;

    let time = zip_time(modified);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(time);
    // Thousands of small generated files (formula images): the fastest deflate, which on SVG
    // path data gives within a few per cent of level 9 at a fraction of the time.
    let deflated_fast = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(time);
    let mut out = ZipWriter::new(out);
    out.start_file("mimetype", stored)
        .map_err(|e| writing(&e))?;
    out.write_all(b"application/epub+zip")
        .map_err(|e| writing(&e))?;
    for i in 0..input.len() {
        let f = input.by_index_raw(i).map_err(|e| reading(&e))?;
        if f.is_dir() || f.name() == "mimetype" {
            continue;
        }
        let name = f.name().to_owned();
        let patch: Option<Patch> = match name.as_str() {
            "OEBPS/content.opf" => Some(patch_opf),
            "OEBPS/nav.xhtml" => Some(|b, book, _| patch_nav(b, &book.meta.language)),
            _ => None,
        };
        if let Some(text) = text_files.get(&name) {
            drop(f);
            out.start_file(name.as_str(), deflated_fast)
                .map_err(|e| writing(&e))?;
            out.write_all(text.as_bytes()).map_err(|e| writing(&e))?;
        } else if let Some(image) = images.get(&name) {
            // epub-builder listed it with no bytes: the file's own bytes go in here, stored
            // (images are compressed already: deflating them costs time and saves nothing).
            drop(f);
            out.start_file(name.as_str(), stored)
                .map_err(|e| writing(&e))?;
            out.write_all(image).map_err(|e| writing(&e))?;
        } else if let Some(patch) = patch {
            drop(f);
            let mut bytes = Vec::new();
            input
                .by_index(i)
                .and_then(|mut f| Ok(f.read_to_end(&mut bytes)?))
                .map_err(|e| reading(&e))?;
            out.start_file(name.as_str(), deflated)
                .map_err(|e| writing(&e))?;
            out.write_all(patch(&bytes, book, opts).as_bytes())
                .map_err(|e| writing(&e))?;
        } else {
            // Chapters, stylesheet, NCX…: epub-builder's deflated data copied as it is, only
            // re-dated (no inflate and deflate again).
            out.raw_copy_file_touch(f, time, None)
                .map_err(|e| writing(&e))?;
        }
    }
    out.finish().map_err(|e| writing(&e))?;
    Ok(())
}

/// A zip timestamp (local time, 2-second resolution, 1980–2107) for `t`.
fn zip_time(t: DateTime<Utc>) -> zip::DateTime {
    let year = t.year().clamp(1980, 2107) as u16;
    zip::DateTime::from_date_and_time(
        year,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .unwrap_or_default()
}

fn patch_opf(bytes: &[u8], book: &Book, opts: &EpubOptions) -> String {
    let opf = String::from_utf8_lossy(bytes).into_owned();
    let package = "<package version=\"3.0\"";
    let opf = opf.replacen(
        package,
        &format!("{package} xml:lang=\"{}\"", esc(&book.meta.language)),
        1,
    );
    let mut extra = String::new();
    if let Some(p) = &book.meta.publisher {
        extra.push_str(&format!("    <dc:publisher>{}</dc:publisher>\n", esc(p)));
    }
    for (property, value) in metadata::accessibility(book) {
        extra.push_str(&format!(
            "    <meta property=\"{property}\">{}</meta>\n",
            esc(&value)
        ));
    }
    if opts.vertical {
        // Fixed-layout readers ignore it; reflowable ones (Apple Books, Kobo) use it to start
        // vertical books on the right page.
        extra.push_str("    <meta name=\"primary-writing-mode\" content=\"vertical-rl\"/>\n");
    }
    let opf = match opf.find("  </metadata>") {
        Some(i) => format!("{}{}{}", &opf[..i], extra, &opf[i..]),
        None => opf,
    };
    mark_mathml(opf, book)
}

/// `properties="mathml"` on the manifest items of chapters that hold MathML (EPUB 3 requires it;
/// epub-builder has no way to say it).
fn mark_mathml(mut opf: String, book: &Book) -> String {
    for (index, post) in book.posts.iter().enumerate() {
        let mut math = false;
        hanmoto_model::document::walk_blocks(&post.blocks, &mut |b| {
            math |= matches!(
                b,
                hanmoto_model::Block::Math {
                    mathml: Some(_),
                    ..
                }
            );
        });
        hanmoto_model::document::walk_inlines(&post.blocks, &mut |i| {
            math |= matches!(
                i,
                hanmoto_model::Inline::Math {
                    mathml: Some(_),
                    ..
                }
            );
        });
        if !math {
            continue;
        }
        let href = format!("href=\"{}\"", crate::package::chapter_file(index));
        if let Some(at) = opf.find(&href) {
            opf.insert_str(at + href.len(), " properties=\"mathml\"");
        }
    }
    opf
}

fn patch_nav(bytes: &[u8], lang: &str) -> String {
    let nav = String::from_utf8_lossy(bytes).into_owned();
    let tag = "xmlns:epub=\"http://www.idpf.org/2007/ops\"";
    let landmarks = crate::package::labels(lang).landmarks;
    nav.replacen(
        tag,
        &format!("{tag} lang=\"{0}\" xml:lang=\"{0}\"", esc(lang)),
        1,
    )
    .replacen(
        "<nav epub:type = \"toc\" id=\"toc\">",
        "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc-title\">",
        1,
    )
    .replacen(
        "<nav epub:type = \"landmarks\">",
        &format!(
            "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"{}\" hidden=\"hidden\">",
            esc(landmarks)
        ),
        1,
    )
}
