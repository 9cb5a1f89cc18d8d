//! Local files: formats by magic bytes, limits, the site boundary, and shared entries.

use super::*;
use std::time::Instant;

#[test]
fn png_loads_with_size_media_type_and_origin() {
    let site = Site::new();
    site.write("images/a.png", &png(30, 20));
    let (asset, diags) = site.load_one("/images/a.png", &site.options());
    let l = loaded(&asset);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!((l.format, l.media_type), (ImageFormat::Png, "image/png"));
    assert_eq!((l.width, l.height), (30, 20));
    assert_eq!(
        l.origin,
        Origin::Local {
            path: "images/a.png".into()
        }
    );
    assert_eq!(l.byte_len, l.bytes.len());
    assert_eq!(l.hash.len(), 64);
}

#[test]
fn jpeg_bytes_are_kept_as_they_are() {
    let site = Site::new();
    let jpeg = encode(40, 10, image::ImageFormat::Jpeg);
    site.write("images/p.jpg", &jpeg);
    let (asset, _) = site.load_one("/images/p.jpg", &site.options());
    let l = loaded(&asset);
    assert_eq!(l.format, ImageFormat::Jpeg);
    assert_eq!(&*l.bytes, &jpeg[..]);
    assert_eq!((l.width, l.height), (40, 10));
}

#[test]
fn gif_loads() {
    let site = Site::new();
    site.write("images/g.gif", &encode(7, 5, image::ImageFormat::Gif));
    let (asset, _) = site.load_one("/images/g.gif", &site.options());
    let l = loaded(&asset);
    assert_eq!(
        (l.format, l.media_type, l.width, l.height),
        (ImageFormat::Gif, "image/gif", 7, 5)
    );
}

#[test]
fn webp_loads() {
    let site = Site::new();
    site.write("images/w.webp", &encode(9, 4, image::ImageFormat::WebP));
    let (asset, _) = site.load_one("/images/w.webp", &site.options());
    let l = loaded(&asset);
    assert_eq!(
        (l.format, l.media_type, l.width, l.height),
        (ImageFormat::WebP, "image/webp", 9, 4)
    );
}

#[test]
fn format_comes_from_bytes_not_extension() {
    let site = Site::new();
    site.write("images/really-png.jpg", &png(3, 3));
    let (asset, _) = site.load_one("/images/really-png.jpg", &site.options());
    assert_eq!(loaded(&asset).format, ImageFormat::Png);
}

#[test]
fn svg_file_is_sanitised_and_sized() {
    let site = Site::new();
    site.write(
        "images/d.svg",
        br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30" onload="x()"><script>x()</script><rect width="4" height="4"/></svg>"#,
    );
    let (asset, _) = site.load_one("/images/d.svg", &site.options());
    let l = loaded(&asset);
    let text = std::str::from_utf8(&l.bytes).unwrap();
    assert_eq!(
        (l.format, l.media_type),
        (ImageFormat::Svg, "image/svg+xml")
    );
    assert_eq!((l.width, l.height), (40, 30));
    assert!(
        !text.contains("script") && !text.contains("onload"),
        "{text}"
    );
    assert_eq!(l.hash, decode::content_hash_hex(text.as_bytes()));
}

#[test]
fn png_bomb_is_refused_as_too_large_quickly() {
    let site = Site::new();
    let bomb = png_bomb(20_000, 20_000);
    assert!(bomb.len() < 1000);
    site.write("images/bomb.png", &bomb);
    let start = Instant::now();
    let (asset, diags) = site.load_one("/images/bomb.png", &site.options());
    let elapsed = start.elapsed();
    let (reason, _, code) = missing(&asset, &diags);
    assert_eq!(code, "asset-too-large", "{reason}");
    assert!(elapsed.as_millis() < 500, "took {elapsed:?}");
}

#[test]
fn png_bomb_under_dimension_limit_is_refused_by_pixel_count() {
    let site = Site::new();
    site.write("images/bomb.png", &png_bomb(16_000, 16_000));
    let (asset, diags) = site.load_one("/images/bomb.png", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-too-large");
}

#[test]
fn png_bomb_is_refused_by_decoder_alloc_limit_without_pixel_cap() {
    let site = Site::new();
    site.write("images/bomb.png", &png_bomb(16_000, 16_000));
    let mut opts = site.options();
    // Only image::Limits::max_alloc (256 MiB) is left against a 1 GiB RGBA buffer.
    opts.limits.max_pixels = u64::MAX;
    let (asset, diags) = site.load_one("/images/bomb.png", &opts);
    let (reason, _, code) = missing(&asset, &diags);
    assert_eq!(code, "asset-too-large", "{reason}");
}

#[test]
fn decode_over_alloc_limit_is_refused() {
    let site = Site::new();
    site.write("images/big.png", &png(1000, 1000));
    let mut opts = site.options();
    // 1000×1000 RGBA needs 4 MB; only image::Limits::max_alloc stands in the way here.
    opts.limits.max_alloc = 1024 * 1024;
    let (asset, diags) = site.load_one("/images/big.png", &opts);
    assert_eq!(missing(&asset, &diags).2, "asset-too-large");
}

#[test]
fn truncated_png_is_corrupt() {
    let site = Site::new();
    let bytes = png(50, 50);
    site.write("images/cut.png", &bytes[..bytes.len() / 2]);
    let (asset, diags) = site.load_one("/images/cut.png", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-corrupt");
}

#[test]
fn text_named_png_is_not_an_image() {
    let site = Site::new();
    site.write("images/fake.png", b"hello, not an image");
    let (asset, diags) = site.load_one("/images/fake.png", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-format");
}

#[test]
fn file_over_byte_limit_is_too_large() {
    let site = Site::new();
    site.write("images/a.png", &png(64, 64));
    let mut opts = site.options();
    opts.limits.max_bytes = 100;
    let (asset, diags) = site.load_one("/images/a.png", &opts);
    assert_eq!(missing(&asset, &diags).2, "asset-too-large");
}

#[test]
fn missing_file_warns_at_the_request_span() {
    let site = Site::new();
    site.write(
        "_posts/2024-01-01-hello.md",
        "---\n---\n<img src=\"/images/nope.png\">\n".as_bytes(),
    );
    let (asset, diags) = site.load_one("/images/nope.png", &site.options());
    let (_, url, code) = missing(&asset, &diags);
    assert_eq!((code, url), ("asset-missing", None));
    assert_eq!(diags[0].span, Some(site.span()));
    assert_eq!(
        diags[0].source_line.as_deref(),
        Some("<img src=\"/images/nope.png\">")
    );
}

#[test]
fn dotdot_traversal_is_refused() {
    let site = Site::new();
    let (asset, diags) = site.load_one("../../etc/passwd", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-outside-site");
}

#[test]
fn dotdot_traversal_of_a_site_path_is_refused() {
    let site = Site::new();
    let (asset, diags) = site.load_one("/images/../../../etc/passwd", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-outside-site");
}

#[test]
fn absolute_system_path_is_refused() {
    let site = Site::new();
    let (asset, diags) = site.load_one("/etc/passwd", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-outside-site");
}

#[test]
fn file_url_is_refused() {
    let site = Site::new();
    let (asset, diags) = site.load_one("file:///etc/passwd", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-outside-site");
}

#[cfg(unix)]
#[test]
fn symlink_pointing_outside_the_site_is_refused() {
    let site = Site::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), png(2, 2)).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        site.root().join("images/link.png"),
    )
    .unwrap();
    let (asset, diags) = site.load_one("/images/link.png", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-outside-site");
}

#[cfg(unix)]
#[test]
fn symlink_inside_the_site_is_followed() {
    let site = Site::new();
    site.write("assets/real.png", &png(2, 2));
    std::os::unix::fs::symlink(
        site.root().join("assets/real.png"),
        site.root().join("images/link.png"),
    )
    .unwrap();
    let (asset, _) = site.load_one("/images/link.png", &site.options());
    assert_eq!(
        loaded(&asset).origin,
        Origin::Local {
            path: "assets/real.png".into()
        }
    );
}

#[test]
fn relative_path_resolves_against_the_post_folder() {
    let site = Site::new();
    site.write("_posts/pics/a.png", &png(2, 2));
    let (asset, _) = site.load_one("pics/a.png", &site.options());
    assert_eq!(
        loaded(&asset).origin,
        Origin::Local {
            path: "_posts/pics/a.png".into()
        }
    );
}

#[test]
fn percent_encoded_japanese_name_resolves() {
    let site = Site::new();
    site.write("images/写真.png", &png(2, 2));
    let (asset, diags) = site.load_one("/images/%E5%86%99%E7%9C%9F.png?v=2", &site.options());
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(
        loaded(&asset).origin,
        Origin::Local {
            path: "images/写真.png".into()
        }
    );
}

#[test]
fn every_spelling_of_one_image_shares_one_entry() {
    let site = Site::new();
    site.write("images/x.png", &png(2, 2));
    let store = site.store();
    let span = site.span();
    let ids: Vec<AssetId> = [
        "/images/x.png",
        "/blog/images/x.png",
        "https://example.com/blog/images/x.png",
        "http://EXAMPLE.com/blog/images/x.png#top",
        "../images/x.png",
        "./../images/./x.png",
    ]
    .iter()
    .map(|src| store.request(src, span.clone()))
    .collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(store.requested(), 1);
}

#[test]
fn requests_from_many_threads_share_ids() {
    let site = Site::new();
    let store = site.store();
    let span = site.span();
    let ids: Vec<Vec<AssetId>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    (0..50)
                        .map(|i| store.request(&format!("/images/{}.png", i % 10), span.clone()))
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(store.requested(), 10);
    assert!(ids.iter().all(|v| v == &ids[0]));
}

#[test]
fn different_remote_url_gets_its_own_entry() {
    let site = Site::new();
    let store = site.store();
    let a = store.request("/images/x.png", site.span());
    let b = store.request("https://other.example/images/x.png", site.span());
    assert_ne!(a, b);
}

#[test]
fn data_uri_png_loads_inline() {
    use base64::Engine as _;
    let site = Site::new();
    let src = format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(png(5, 6))
    );
    let (asset, _) = site.load_one(&src, &site.options());
    let l = loaded(&asset);
    assert_eq!((l.width, l.height, &l.origin), (5, 6, &Origin::Inline));
}

#[test]
fn data_uri_svg_percent_encoded_loads() {
    let site = Site::new();
    let src = "data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%20width%3D%2210%22%20height%3D%2220%22%2F%3E";
    let (asset, _) = site.load_one(src, &site.options());
    assert_eq!((loaded(&asset).width, loaded(&asset).height), (10, 20));
}

#[test]
fn data_uri_with_bad_base64_is_corrupt() {
    let site = Site::new();
    let (asset, diags) = site.load_one("data:image/png;base64,@@@not base64@@@", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-corrupt");
}

#[test]
fn decode_rgba_gives_the_pixels() {
    let site = Site::new();
    site.write("images/a.png", &png(4, 3));
    let (asset, _) = site.load_one("/images/a.png", &site.options());
    let rgba = loaded(&asset).decode_rgba().unwrap();
    assert_eq!(rgba.dimensions(), (4, 3));
    assert_eq!(rgba.get_pixel(2, 1).0, [2, 1, 128, 255]);
}

#[test]
fn decode_rgba_of_svg_is_an_error() {
    let site = Site::new();
    site.write(
        "images/d.svg",
        br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#,
    );
    let (asset, _) = site.load_one("/images/d.svg", &site.options());
    assert!(matches!(
        loaded(&asset).decode_rgba(),
        Err(DecodeError::Vector)
    ));
}

#[test]
fn inspect_json_has_byte_length_but_not_bytes() {
    let site = Site::new();
    site.write("images/a.png", &png(2, 2));
    let mut store = site.store();
    store.request("/images/a.png", site.span());
    store.load(&site.options(), &Diagnostics::new());
    let json = serde_json::to_value(&store).unwrap();
    let asset = &json["assets"][0]["state"];
    assert_eq!(asset["state"], "loaded");
    assert_eq!(asset["media_type"], "image/png");
    assert!(asset["byte_len"].as_u64().unwrap() > 0);
    assert!(asset.get("bytes").is_none());
}

#[test]
fn one_file_used_by_many_posts_is_loaded_once() {
    let site = Site::new();
    site.write("images/x.png", &png(2, 2));
    let mut store = site.store();
    for post in ["a", "b", "c"] {
        let span = Span::new(site.root().join(format!("_posts/{post}.md")), 1, 1);
        store.request("/images/x.png", span);
    }
    store.load(&site.options(), &Diagnostics::new());
    assert_eq!(store.len(), 1);
}

#[test]
fn load_twice_loads_only_new_requests() {
    let site = Site::new();
    site.write("images/a.png", &png(2, 2));
    site.write("images/b.png", &png(3, 3));
    let mut store = site.store();
    let a = store.request("/images/a.png", site.span());
    store.load(&site.options(), &Diagnostics::new());
    let b = store.request("/images/b.png", site.span());
    store.load(&site.options(), &Diagnostics::new());
    assert_eq!(store.len(), 2);
    assert_eq!(store.loaded(a).map(|l| l.width), Some(2));
    assert_eq!(store.loaded(b).map(|l| l.width), Some(3));
}

#[test]
fn baseurl_path_is_not_mistaken_for_a_system_path() {
    let site = Site::new();
    let (asset, diags) = site.load_one("/blog/etc/passwd", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-missing");
}

#[test]
fn each_distinct_refused_src_gets_its_own_warning() {
    let site = Site::new();
    let mut store = site.store();
    let a = store.request("../../etc/passwd", site.span());
    let b = store.request("../../etc/shadow", site.span());
    let diags = Diagnostics::new();
    store.load(&site.options(), &diags);
    assert_ne!(a, b);
    assert_eq!(diags.into_sorted().len(), 2);
}

#[test]
fn byte_identical_copies_at_two_paths_are_one_asset() {
    let site = Site::new();
    site.write("images/a.png", &png(12, 8));
    site.write("assets/copy-of-a.png", &png(12, 8));
    site.write("images/other.png", &png(13, 8));
    let mut store = site.store();
    let a = store.request("/images/a.png", site.span());
    let copy = store.request("https://example.com/blog/assets/copy-of-a.png", site.span());
    let other = store.request("/images/other.png", site.span());
    assert_ne!(a, copy, "two files: two requests");
    let diags = Diagnostics::new();
    store.load(&site.options(), &diags);
    assert!(diags.into_sorted().is_empty());
    assert_eq!(
        store.canonical(copy),
        a,
        "the copy is the first file's asset"
    );
    assert_eq!(store.canonical(a), a);
    assert_eq!(store.canonical(other), other);
    assert!(matches!(
        store.get(copy).map(|x| &x.state),
        Some(AssetState::Duplicate { of }) if *of == a
    ));
    assert_eq!(
        store.loaded(copy).map(|l| &l.hash),
        store.loaded(a).map(|l| &l.hash)
    );
    let summary = summarize(&store);
    assert_eq!((summary.local, summary.missing), (2, 0), "{summary:?}");
}

#[test]
fn a_copy_loaded_later_still_joins_the_first() {
    let site = Site::new();
    site.write("images/a.png", &png(12, 8));
    site.write("images/b.png", &png(12, 8));
    let mut store = site.store();
    let a = store.request("/images/a.png", site.span());
    store.load(&site.options(), &Diagnostics::new());
    let b = store.request("/images/b.png", site.span());
    store.load(&site.options(), &Diagnostics::new());
    assert_eq!(store.canonical(b), a);
}

/// A smooth photo-like JPEG: gradients, so scaled pixels can be compared.
fn gradient_jpeg(w: u32, h: u32, gray: bool) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x + y) % 256) as u8 / 2,
        ])
    });
    let img = if gray {
        image::DynamicImage::ImageLuma8(image::DynamicImage::ImageRgb8(img).into_luma8())
    } else {
        image::DynamicImage::ImageRgb8(img)
    };
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[test]
fn a_jpeg_scaled_down_is_decoded_small_and_matches_a_full_decode() {
    for gray in [false, true] {
        let site = Site::new();
        site.write("images/p.jpg", &gradient_jpeg(1600, 1200, gray));
        let (asset, _) = site.load_one("/images/p.jpg", &site.options());
        let l = loaded(&asset);
        let scaled = l.decode_within(400, 400).unwrap();
        assert_eq!((scaled.width(), scaled.height()), (400, 300));
        assert_eq!(scaled.color().has_color(), !gray, "keeps its layout");
        // The reference: the whole photo decoded, then filtered down.
        let full = l.decode().unwrap().into_rgb8();
        let reference =
            image::imageops::resize(&full, 400, 300, image::imageops::FilterType::Lanczos3);
        let scaled = scaled.into_rgb8();
        let diff: u64 = scaled
            .as_raw()
            .iter()
            .zip(reference.as_raw())
            .map(|(a, b)| u64::from(a.abs_diff(*b)))
            .sum();
        let mean = diff as f64 / scaled.as_raw().len() as f64;
        assert!(mean < 2.0, "gray={gray}: mean difference {mean:.2} levels");
    }
}

#[test]
fn an_image_that_fits_is_not_scaled() {
    let site = Site::new();
    site.write("images/p.jpg", &gradient_jpeg(300, 200, false));
    let (asset, _) = site.load_one("/images/p.jpg", &site.options());
    let img = loaded(&asset).decode_within(400, 400).unwrap();
    assert_eq!((img.width(), img.height()), (300, 200));
}

#[test]
fn decoding_from_many_threads_at_once_finishes() {
    // Eight 4-megapixel decodes cost more than the decoding budget together: they take turns.
    let site = Site::new();
    site.write("images/p.jpg", &gradient_jpeg(2400, 1800, false));
    let (asset, _) = site.load_one("/images/p.jpg", &site.options());
    let l = loaded(&asset);
    std::thread::scope(|s| {
        let runs: Vec<_> = (0..8)
            .map(|i| s.spawn(move || l.decode_within(600 + i, 600 + i).unwrap().width()))
            .collect();
        for (i, r) in runs.into_iter().enumerate() {
            assert_eq!(r.join().unwrap(), 600 + i as u32);
        }
    });
}

#[test]
fn renumbering_puts_ids_in_the_books_order_whatever_thread_asked_first() {
    let site = Site::new();
    site.write("images/a.png", &png(3, 3));
    site.write("images/b.png", &png(4, 4));
    site.write("images/c.png", &png(5, 5));
    let mut store = site.store();
    // A later post's thread asked first: b, then c (never shown), then a.
    let late = Span::new(site.root().join("_posts/2024-02-01-late.md"), 9, 1);
    let early = Span::new(site.root().join("_posts/2024-01-01-early.md"), 2, 1);
    let b = store.request("/images/b.png", late.clone());
    let c = store.request("/images/c.png", late.clone());
    let a = store.request("/images/a.png", early.clone());
    // The earlier post names b too: its place is the one messages give.
    assert_eq!(store.request("/images/b.png", early.clone()), b);
    let map = store.renumber([a, b]);
    assert_eq!(
        (map[a.0 as usize], map[b.0 as usize], map[c.0 as usize]),
        (AssetId(0), AssetId(1), AssetId(2))
    );
    assert_eq!(store.request("/images/a.png", late.clone()), AssetId(0));
    assert_eq!(store.first_use(AssetId(1)).unwrap().span, early);
    let diags = Diagnostics::new();
    store.load(&site.options(), &diags);
    let sizes: Vec<u32> = store.assets.iter().map(|a| loaded(a).width).collect();
    assert_eq!(sizes, [3, 4, 5]);
}
