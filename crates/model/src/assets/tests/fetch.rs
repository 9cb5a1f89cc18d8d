//! Remote images against a real HTTP server on 127.0.0.1, started by each test.

use super::*;
use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What the test server does for one request.
enum Reply {
    Ok(Vec<u8>),
    /// A body sent with no `Content-Length`, ended by closing the connection.
    OkUnsized(Vec<u8>),
    Status(u16),
    Redirect(String),
    /// Accepts, then says nothing for this long.
    Stall(Duration),
}

struct Server {
    base: String,
    hits: Arc<AtomicUsize>,
}

/// Serves `route(path)` on a fresh port until the test process ends.
fn serve(route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let route = Arc::new(route);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let route = route.clone();
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                let head = String::from_utf8_lossy(&head);
                let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
                let (status, headers, body) = match route(&path) {
                    Reply::Ok(b) => (200, format!("Content-Length: {}\r\n", b.len()), b),
                    Reply::OkUnsized(b) => (200, String::new(), b),
                    Reply::Status(s) => (s, "Content-Length: 9\r\n".into(), b"not found".to_vec()),
                    Reply::Redirect(to) => (
                        302,
                        format!("Location: {to}\r\nContent-Length: 0\r\n"),
                        vec![],
                    ),
                    Reply::Stall(d) => {
                        std::thread::sleep(d);
                        return;
                    }
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\n{headers}Connection: close\r\n\r\n"
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    Server { base, hits }
}

fn fetch_one(site: &Site, url: &str, opts: &AssetOptions) -> (Asset, Vec<Diagnostic>) {
    site.load_one(url, opts)
}

#[test]
fn fetch_200_png_loads_and_is_cached() {
    let server = serve(|_| Reply::Ok(png(8, 6)));
    let site = Site::new();
    let url = format!("{}/a.png", server.base);
    let (asset, diags) = fetch_one(&site, &url, &site.options());
    assert!(diags.is_empty(), "{diags:#?}");
    let l = loaded(&asset);
    assert_eq!((l.width, l.height), (8, 6));
    assert_eq!(
        l.origin,
        Origin::Remote {
            url: url.clone(),
            from_cache: false
        }
    );
    let stem = decode::sha256_hex(url.as_bytes());
    let cached = std::fs::read(site.cache.path().join(format!("assets/{stem}.bin"))).unwrap();
    assert_eq!(cached, png(8, 6));
    assert!(site
        .cache
        .path()
        .join(format!("assets/{stem}.json"))
        .is_file());
}

#[test]
fn fetch_404_is_missing_and_keeps_the_url() {
    let server = serve(|_| Reply::Status(404));
    let site = Site::new();
    let url = format!("{}/gone.png", server.base);
    let (asset, diags) = fetch_one(&site, &url, &site.options());
    let (reason, kept, code) = missing(&asset, &diags);
    assert_eq!(code, "asset-fetch");
    assert!(reason.contains("404"), "{reason}");
    assert_eq!(kept, Some(url));
}

#[test]
fn fetch_redirect_loop_is_refused() {
    let server = serve(|path| {
        Reply::Redirect(if path == "/a" {
            "/b".into()
        } else {
            "/a".into()
        })
    });
    let site = Site::new();
    let (asset, diags) = fetch_one(&site, &format!("{}/a", server.base), &site.options());
    let (reason, _, code) = missing(&asset, &diags);
    assert_eq!(code, "asset-fetch");
    assert!(reason.contains("redirect"), "{reason}");
    // The first request plus at most five redirects.
    assert!(server.hits.load(Ordering::SeqCst) <= 6);
}

#[test]
fn fetch_redirect_is_followed() {
    let server = serve(|path| {
        if path == "/old.png" {
            Reply::Redirect("/new.png".into())
        } else {
            Reply::Ok(png(3, 2))
        }
    });
    let site = Site::new();
    let (asset, _) = fetch_one(&site, &format!("{}/old.png", server.base), &site.options());
    assert_eq!(loaded(&asset).width, 3);
}

#[test]
fn fetch_redirect_to_file_url_is_refused() {
    let server = serve(|_| Reply::Redirect("file:///etc/passwd".into()));
    let site = Site::new();
    let (asset, diags) = fetch_one(&site, &format!("{}/a.png", server.base), &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-fetch");
}

#[test]
fn fetch_slow_server_times_out() {
    let server = serve(|_| Reply::Stall(Duration::from_secs(10)));
    let site = Site::new();
    let mut opts = site.options();
    opts.limits.total_timeout = Duration::from_millis(300);
    let start = Instant::now();
    let (asset, diags) = fetch_one(&site, &format!("{}/slow.png", server.base), &opts);
    let elapsed = start.elapsed();
    let (reason, _, code) = missing(&asset, &diags);
    assert_eq!(code, "asset-fetch");
    assert!(reason.contains("timed out"), "{reason}");
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
}

#[test]
fn fetch_oversized_body_is_refused_while_streaming() {
    let server = serve(|_| Reply::OkUnsized(vec![0u8; 50_000]));
    let site = Site::new();
    let mut opts = site.options();
    opts.limits.max_download_bytes = 10_000;
    let (asset, diags) = fetch_one(&site, &format!("{}/huge.png", server.base), &opts);
    assert_eq!(missing(&asset, &diags).2, "asset-too-large");
}

#[test]
fn fetch_html_page_served_with_200_is_not_an_image() {
    let server = serve(|_| Reply::Ok(b"<!DOCTYPE html><html><body>Oops</body></html>".to_vec()));
    let site = Site::new();
    let url = format!("{}/a.png", server.base);
    let (asset, diags) = fetch_one(&site, &url, &site.options());
    let (reason, kept, code) = missing(&asset, &diags);
    assert_eq!(code, "asset-format");
    assert!(reason.contains("HTML"), "{reason}");
    assert_eq!(kept, Some(url));
    assert!(
        !site.cache.path().join("assets").exists()
            || std::fs::read_dir(site.cache.path().join("assets"))
                .unwrap()
                .next()
                .is_none()
    );
}

#[test]
fn offline_uses_the_cache() {
    let server = serve(|_| Reply::Ok(png(4, 4)));
    let site = Site::new();
    let url = format!("{}/a.png", server.base);
    fetch_one(&site, &url, &site.options());
    assert_eq!(server.hits.load(Ordering::SeqCst), 1);
    let mut opts = site.options();
    opts.offline = true;
    let (asset, diags) = fetch_one(&site, &url, &opts);
    assert!(diags.is_empty(), "{diags:#?}");
    assert_eq!(
        loaded(&asset).origin,
        Origin::Remote {
            url,
            from_cache: true
        }
    );
    assert_eq!(server.hits.load(Ordering::SeqCst), 1);
}

#[test]
fn offline_without_cache_is_missing() {
    let server = serve(|_| Reply::Ok(png(4, 4)));
    let site = Site::new();
    let mut opts = site.options();
    opts.offline = true;
    let (asset, diags) = fetch_one(&site, &format!("{}/a.png", server.base), &opts);
    assert_eq!(missing(&asset, &diags).2, "asset-fetch");
    assert_eq!(server.hits.load(Ordering::SeqCst), 0);
}

#[test]
fn non_http_scheme_is_refused() {
    let site = Site::new();
    let (asset, diags) = fetch_one(&site, "ftp://example.org/a.png", &site.options());
    assert_eq!(missing(&asset, &diags).2, "asset-fetch");
}

#[test]
fn site_own_url_is_read_locally_not_fetched() {
    let site = Site::new();
    site.write("images/x.png", &png(2, 2));
    let (asset, _) = fetch_one(
        &site,
        "https://example.com/blog/images/x.png",
        &site.options(),
    );
    assert_eq!(
        loaded(&asset).origin,
        Origin::Local {
            path: "images/x.png".into()
        }
    );
}
