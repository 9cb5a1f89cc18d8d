//! Rewriting epub-builder's archive into the one we ship.
//!
//! epub-builder cannot do several things EPUBCheck, readers or reproducibility need, and its
//! `Zip` trait is private, so its output is re-read and written again here:
//! - `mimetype` first and stored (OCF), every entry dated from the book (`SOURCE_DATE_EPOCH` or
//!   the newest post), not "now": same input → same bytes;
//! - `nav.xhtml` gets `lang`/`xml:lang` (its template has none);
//! - the OPF gets what the builder has no API for: `dc:publisher` and the accessibility metadata
//!   (`schema:accessMode`…; MetadataOpfV3 writes its content unescaped, so we write them here,
//!   escaped).

use crate::metadata;
use crate::xhtml::escape_attr as esc;
use crate::EpubOptions;
use chrono::{DateTime, Datelike, Timelike, Utc};
use hanmoto_model::{Book, Diagnostic};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

pub fn rewrite(
    raw: &[u8],
    book: &Book,
    opts: &EpubOptions,
    modified: DateTime<Utc>,
) -> Result<Vec<u8>, Diagnostic> {
    let err =
        |what: &str, e: &dyn std::fmt::Display| Diagnostic::error("epub", format!("{what}: {e}"));
    let mut input =
        ZipArchive::new(Cursor::new(raw)).map_err(|e| err("reading epub-builder's archive", &e))?;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::with_capacity(input.len());
    for i in 0..input.len() {
        let mut f = input
            .by_index(i)
            .map_err(|e| err("reading epub-builder's archive", &e))?;
        if f.is_dir() {
            continue;
        }
        let mut bytes = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut bytes)
            .map_err(|e| err("reading epub-builder's archive", &e))?;
        entries.push((f.name().to_owned(), bytes));
    }

    let time = zip_time(modified);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(time);
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    out.start_file("mimetype", stored)
        .map_err(|e| err("writing the EPUB", &e))?;
    out.write_all(b"application/epub+zip")
        .map_err(|e| err("writing the EPUB", &e))?;
    for (name, bytes) in entries {
        let bytes = match name.as_str() {
            "mimetype" => continue,
            "OEBPS/content.opf" => patch_opf(&bytes, book, opts).into_bytes(),
            "OEBPS/nav.xhtml" => patch_nav(&bytes, &book.meta.language).into_bytes(),
            _ => bytes,
        };
        // Images are already compressed: storing them saves time and changes nothing in size.
        let already_compressed = [".png", ".jpg", ".jpeg", ".gif", ".webp"]
            .iter()
            .any(|e| name.ends_with(e));
        out.start_file(
            name.as_str(),
            if already_compressed { stored } else { deflated },
        )
        .map_err(|e| err("writing the EPUB", &e))?;
        out.write_all(&bytes)
            .map_err(|e| err("writing the EPUB", &e))?;
    }
    let cursor = out.finish().map_err(|e| err("writing the EPUB", &e))?;
    Ok(cursor.into_inner())
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
    match opf.find("  </metadata>") {
        Some(i) => format!("{}{}{}", &opf[..i], extra, &opf[i..]),
        None => opf,
    }
}

fn patch_nav(bytes: &[u8], lang: &str) -> String {
    let nav = String::from_utf8_lossy(bytes).into_owned();
    let tag = "xmlns:epub=\"http://www.idpf.org/2007/ops\"";
    nav.replacen(
        tag,
        &format!("{tag} lang=\"{0}\" xml:lang=\"{0}\"", esc(lang)),
        1,
    )
}
