//! An image-heavy blog with downscaling switched on (`[epub] max_image_px`, `[pdf]
//! max_image_dpi`): every raster kind the model reads (PNG with alpha, opaque PNG, a photo JPEG
//! larger than its place, GIF, WebP), drawn here. The books made on one thread and on three,
//! from an empty derived-image cache and from a warm one, are the same bytes; the EPUB passes
//! EPUBCheck and the PDF qpdf; the scaled images have the sizes the settings ask for.

use hanmoto_tests::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A smooth photo (gradients and rings): JPEG-friendly pixels whose scaling shows.
fn photo(w: u32, h: u32) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = (x as f32 - w as f32 / 2.0, y as f32 - h as f32 / 2.0);
        let ring = ((dx * dx + dy * dy).sqrt() / 9.0).sin() * 60.0 + 120.0;
        image::Rgb([(x * 255 / w) as u8, ring as u8, (y * 255 / h) as u8])
    })
}

fn save(img: image::DynamicImage, path: &Path, format: image::ImageFormat) {
    img.save_with_format(path, format).unwrap();
}

/// Writes the site into `dir`: four posts, five images, a book.toml asking for both outputs
/// scaled down.
fn write_site(dir: &Path) {
    let images = dir.join("images");
    std::fs::create_dir_all(dir.join("_posts")).unwrap();
    std::fs::create_dir_all(&images).unwrap();
    std::fs::write(
        dir.join("_config.yml"),
        "title: 写真の多いブログ\nauthor: 山田 太郎\nlang: ja\ntimezone: Asia/Tokyo\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("book.toml"),
        "[epub]\nmax_image_px = 700\n\n[pdf]\nenabled = true\nmax_image_dpi = 150\n",
    )
    .unwrap();
    // A window screenshot with a soft transparent shadow.
    let shot = image::RgbaImage::from_fn(1200, 900, |x, y| {
        let inside = (40..1160).contains(&x) && (40..860).contains(&y);
        let edge = x.min(y).min(1199 - x).min(899 - y).min(40);
        if inside {
            image::Rgba([240, (x % 200) as u8, (y % 180) as u8, 255])
        } else {
            image::Rgba([0, 0, 0, (edge * 3) as u8])
        }
    });
    save(
        image::DynamicImage::ImageRgba8(shot),
        &images.join("window.png"),
        image::ImageFormat::Png,
    );
    let terminal = image::RgbImage::from_fn(1400, 1000, |x, y| {
        if (y / 20) % 2 == 0 && x % 9 < 6 {
            image::Rgb([30, 200, 90])
        } else {
            image::Rgb([20, 22, 28])
        }
    });
    save(
        image::DynamicImage::ImageRgb8(terminal),
        &images.join("terminal.png"),
        image::ImageFormat::Png,
    );
    save(
        image::DynamicImage::ImageRgb8(photo(2400, 1800)),
        &images.join("photo.jpg"),
        image::ImageFormat::Jpeg,
    );
    save(
        image::DynamicImage::ImageRgb8(photo(900, 600)),
        &images.join("diagram.gif"),
        image::ImageFormat::Gif,
    );
    save(
        image::DynamicImage::ImageRgb8(photo(1000, 750)),
        &images.join("street.webp"),
        image::ImageFormat::WebP,
    );
    let posts = [
        ("2024-05-01-window", "window.png", "terminal.png"),
        ("2024-05-02-photo", "photo.jpg", "window.png"),
        ("2024-05-03-diagram", "diagram.gif", "photo.jpg"),
        ("2024-05-04-street", "street.webp", "terminal.png"),
    ];
    for (i, (name, a, b)) in posts.iter().enumerate() {
        std::fs::write(
            dir.join("_posts").join(format!("{name}.md")),
            format!(
                "---\ntitle: 写真 {n}\n---\n\n今日の写真です。\n\n![{a}](/images/{a})\n\n\
                 もう一枚。\n\n<img src=\"../images/{b}\" alt=\"{b}\">\n",
                n = i + 1
            ),
        )
        .unwrap();
    }
}

/// The books of one build: (EPUB bytes, PDF bytes).
type Books = (Vec<u8>, Vec<u8>);

fn build(site: &Path, threads: &str) -> Books {
    let out = tempfile::tempdir().unwrap();
    let o = hanmoto_env(
        site,
        &["build", "--offline", "-o", out.path().to_str().unwrap()],
        &[("RAYON_NUM_THREADS", Some(threads))],
    );
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let find = |ext: &str| {
        std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
            .map(|p| std::fs::read(p).unwrap())
            .unwrap_or_else(|| panic!("no .{ext} written:\n{}", stderr(&o)))
    };
    (find("epub"), find("pdf"))
}

/// Two copies of the site (two derived-image caches): one built on one thread, one on three,
/// then that one again from its warm cache.
fn builds() -> &'static (PathBuf, [Books; 3]) {
    static BUILDS: OnceLock<(PathBuf, [Books; 3])> = OnceLock::new();
    BUILDS.get_or_init(|| {
        let root = tempfile::tempdir().unwrap().keep();
        let (a, b) = (root.join("a"), root.join("b"));
        write_site(&a);
        write_site(&b);
        let one = build(&a, "1");
        let three = build(&b, "3");
        assert!(
            b.join(".hanmoto-cache/derived").is_dir(),
            "scaled images are kept in the derived cache"
        );
        let warm = build(&b, "3");
        (root, [one, three, warm])
    })
}

#[test]
fn the_books_do_not_depend_on_threads_or_on_the_cache() {
    let (_, [one, three, warm]) = builds();
    assert!(one.0 == three.0, "the EPUB differs between 1 and 3 threads");
    assert!(one.1 == three.1, "the PDF differs between 1 and 3 threads");
    assert!(three.0 == warm.0, "the EPUB from the warm cache differs");
    assert!(three.1 == warm.1, "the PDF from the warm cache differs");
}

#[test]
fn the_epub_passes_epubcheck_with_images_at_most_700_pixels() {
    let (root, [one, ..]) = builds();
    let path = root.join("scaled.epub");
    std::fs::write(&path, &one.0).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&one.0)).unwrap();
    let mut sizes = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_owned();
        // The generated cover is a drawing (SVG): not one of the site's images.
        if name.contains("images/") && !name.ends_with(".svg") {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
            let img = image::load_from_memory(&bytes).unwrap();
            sizes.push((name, img.width(), img.height()));
        }
    }
    assert_eq!(sizes.len(), 5, "{sizes:?}");
    for (name, w, h) in &sizes {
        assert!(w.max(h) <= &700, "{name} is {w}×{h}");
    }
    // The photo is a JPEG still, scaled to 700 on its long side, aspect kept.
    assert!(
        sizes
            .iter()
            .any(|(n, w, h)| n.ends_with(".jpg") && (*w, *h) == (700, 525)),
        "{sizes:?}"
    );
    // The GIF (900 px) is scaled too; the WebP becomes a JPEG.
    assert!(
        !sizes.iter().any(|(n, ..)| n.ends_with(".webp")),
        "{sizes:?}"
    );
    if require("EPUBCheck", !epubcheck_jars().is_empty()) {
        assert_epubcheck_clean(&path);
    }
}

#[test]
fn the_pdf_passes_qpdf_and_its_photo_is_a_smaller_jpeg() {
    let (root, [one, ..]) = builds();
    let path = root.join("scaled.pdf");
    std::fs::write(&path, &one.1).unwrap();
    if !require("poppler-utils and qpdf", pdf_tools_available()) {
        return;
    }
    assert_qpdf_clean(&path);
    // pdfimages -list: page num type width height color comp bpc enc …
    let list = run_tool("pdfimages", &["-list"], &path);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    let jpegs: Vec<(u32, u32)> = rows
        .iter()
        .filter(|r| r.get(2) == Some(&"image") && r.get(8) == Some(&"jpeg"))
        .map(|r| (r[3].parse().unwrap(), r[4].parse().unwrap()))
        .collect();
    assert!(!jpegs.is_empty(), "{list}");
    for (w, h) in &jpegs {
        assert!(
            *w < 2400 && (w * 3).abs_diff(h * 4) <= 4,
            "the 2400×1800 photo is scaled down, aspect kept: {w}×{h}\n{list}"
        );
    }
    // Nothing is larger than the biggest source image.
    for r in rows.iter().filter(|r| r.get(2) == Some(&"image")) {
        let w: u32 = r[3].parse().unwrap();
        assert!(w < 1400, "every image over 150 dpi is scaled down:\n{list}");
    }
}
