//! `tests/fixtures/svg-site/`: figures as plotting and drawing tools write them (ids with colons,
//! a digit first or spaces, duplicated ids, references to ids the file lacks, a DTD with
//! entities, `<foreignObject>`, editor namespaces, a linked image, Inkscape's `flowRoot`) become
//! an EPUB that EPUBCheck 4.2.6 and 5.x pass with 0 errors and 0 warnings, and a PDF that still
//! draws them.

use hanmoto_tests::*;
use std::collections::HashSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn site() -> PathBuf {
    fixtures().join("svg-site")
}

/// Builds `format` (`--epub` or `--pdf`) of the SVG site into `out`; returns hanmoto's output.
fn build(format: &str, out: &Path) -> Output {
    let o = hanmoto(
        &workspace_root(),
        &[
            "build",
            format,
            "--offline",
            "-o",
            out.to_str().unwrap(),
            "--site",
            site().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    o
}

/// The SVG files of the EPUB (not the generated cover), by name.
fn svgs(epub: &Path) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().to_owned();
        if name.ends_with(".svg") && !name.ends_with("cover.svg") {
            let mut text = String::new();
            f.read_to_string(&mut text).unwrap();
            out.push((name, text));
        }
    }
    out
}

#[test]
fn svg_site_epub_passes_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    build("--epub", dir.path());
    assert_epubcheck_clean(&dir.path().join("svg.epub"));
}

#[test]
fn svg_ids_are_unique_xml_names_and_every_reference_reaches_one() {
    let dir = tempfile::tempdir().unwrap();
    build("--epub", dir.path());
    let files = svgs(&dir.path().join("svg.epub"));
    assert_eq!(files.len(), 3, "{files:?}");
    for (name, text) in &files {
        let doc = roxmltree::Document::parse(text).unwrap();
        let mut ids = HashSet::new();
        for id in doc.descendants().filter_map(|n| n.attribute("id")) {
            let mut chars = id.chars();
            let starts = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
            let rest = chars.all(|c| c.is_alphanumeric() || "-_.".contains(c));
            assert!(starts && rest, "{name}: id {id:?} is not an XML name");
            assert!(ids.insert(id), "{name}: id {id:?} twice");
        }
        for node in doc.descendants() {
            for attr in node.attributes() {
                let v = attr.value();
                let mut refs: Vec<&str> = v
                    .split("url(#")
                    .skip(1)
                    .filter_map(|r| r.split(')').next())
                    .collect();
                if attr.name() == "href" {
                    refs.extend(v.strip_prefix('#'));
                }
                for r in refs {
                    assert!(
                        ids.contains(r),
                        "{name}: {}=\"{v}\" reaches nothing",
                        attr.name()
                    );
                }
            }
        }
    }
}

#[test]
fn svg_losses_are_warned_once_each_at_the_image() {
    let dir = tempfile::tempdir().unwrap();
    let o = build("--epub", dir.path());
    let err = stderr(&o);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning[")).collect();
    assert_eq!(warnings.len(), 2, "{err}");
    assert!(
        warnings[0].contains("asset-svg") && warnings[0].contains("icon.png"),
        "{err}"
    );
    assert!(
        warnings[1].contains("asset-svg") && warnings[1].contains("flowRoot"),
        "{err}"
    );
    assert!(err.contains("2024-03-01-figures.md:14"), "{err}");
}

#[test]
fn svg_site_pdf_draws_the_figures() {
    if !pdf_tools_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    build("--pdf", dir.path());
    let pdf = dir.path().join("svg.pdf");
    assert_qpdf_clean(&pdf);
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "80", "-png"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    // The Inkscape-like circle is filled with a yellow-to-orange radial gradient; before the
    // sanitiser turned its `filter:url(#blur-missing)` into `none`, resvg left the circle out.
    let mut gradient_pixels = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "png") {
            let img = image::open(&path).unwrap().into_rgb8();
            gradient_pixels += img
                .pixels()
                .filter(|p| p[0] > 230 && (150..=215).contains(&p[1]) && p[2] < 80)
                .count();
        }
    }
    assert!(gradient_pixels > 200, "{gradient_pixels} gradient pixels");
}
