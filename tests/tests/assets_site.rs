//! Content addressing on a blog that names one screenshot four ways (root path, a byte-identical
//! copy at another path, the site's own absolute URL, a relative path) and uses it as the cover:
//! one asset, one file in the EPUB, one XObject in the PDF, and a book that builds. A real blog
//! with two copies of one screenshot once lost its whole EPUB to a duplicate archive name.

use hanmoto_tests::*;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn site() -> PathBuf {
    fixtures().join("assets-site")
}

/// `hanmoto build` of the fixture (EPUB and PDF, from its book.toml) into a fresh folder.
fn built() -> &'static (PathBuf, std::process::Output) {
    static BUILT: OnceLock<(PathBuf, std::process::Output)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = tempfile::tempdir().unwrap().keep();
        let o = hanmoto(
            &site(),
            &["build", "--offline", "-o", out.to_str().unwrap()],
        );
        (out, o)
    })
}

fn output(ext: &str) -> PathBuf {
    let (dir, o) = built();
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} written:\n{}\n{}", stdout(o), stderr(o)))
}

fn image_entries(epub: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    (0..z.len())
        .filter_map(|i| {
            let mut f = z.by_index(i).unwrap();
            let name = f.name().to_owned();
            name.starts_with("OEBPS/images/").then(|| {
                let mut b = Vec::new();
                f.read_to_end(&mut b).unwrap();
                (name, b)
            })
        })
        .collect()
}

#[test]
fn a_copied_image_builds_without_warnings() {
    let (_, o) = built();
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(o), stderr(o));
    assert!(
        !stderr(o).contains("warning"),
        "no warnings expected:\n{}",
        stderr(o)
    );
}

#[test]
fn every_name_of_one_image_is_one_asset_in_the_model() {
    let (book, o) = inspect(&site(), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut ids = std::collections::BTreeSet::new();
    for post in book["posts"].as_array().unwrap() {
        collect_image_assets(&post["blocks"], &mut ids);
    }
    assert_eq!(ids.len(), 1, "four names, one content: {ids:?}");
    let cover = &book["meta"]["cover"];
    assert_eq!(
        cover.as_u64(),
        ids.first().copied(),
        "the cover is the same asset"
    );
}

fn collect_image_assets(v: &serde_json::Value, ids: &mut std::collections::BTreeSet<u64>) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(asset), Some(_)) = (m.get("asset").and_then(|a| a.as_u64()), m.get("alt"))
            {
                ids.insert(asset);
            }
            m.values().for_each(|x| collect_image_assets(x, ids));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_image_assets(x, ids)),
        _ => {}
    }
}

#[test]
fn the_epub_holds_the_image_once_and_passes_epubcheck() {
    let epub = output("epub");
    let images = image_entries(&epub);
    let names: Vec<&str> = images.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 1, "one image file (also the cover): {names:?}");
    let expected = std::fs::read(site().join("images/screenshot.png")).unwrap();
    assert_eq!(images[0].1, expected, "stored as it came");
    assert_epubcheck_clean(&epub);
}

#[test]
fn the_pdf_embeds_the_image_once_and_places_it_four_times() {
    if !pdf_tools_available() {
        return;
    }
    let pdf = output("pdf");
    assert_eq!(image_object_count(&pdf), 1, "one XObject");
    let placed = run_tool("pdfimages", &["-list"], &pdf)
        .lines()
        .skip(2)
        .filter(|row| row.split_whitespace().nth(2) == Some("image"))
        .count();
    assert_eq!(placed, 4, "placed in both posts, four times");
    assert_qpdf_clean(&pdf);
}
