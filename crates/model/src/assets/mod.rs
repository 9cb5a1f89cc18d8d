//! The images of the book: one entry per distinct image, shared by every post that uses it.
//!
//! Posts only *request* an image while they are parsed (cheap, thread-safe, infallible: it hands
//! back an `AssetId`). Requests are keyed by the image they *resolve to* (`resolve`), so
//! `/images/a.png`, `/blog/images/a.png`, `https://example.com/blog/images/a.png` and
//! `../images/a.png` written in a post share one entry. `AssetStore::load` then reads
//! (`resolve::read_local`), fetches (`fetch`), sniffs, checks and sanitises (`decode`, `svg`)
//! every requested image once, in parallel, and records a diagnostic at the first place that asked
//! for a failing one.
//!
//! Every asset problem is a **warning**: the build goes on and backends draw a placeholder (the
//! alt text, plus the URL for remote images). `--strict` (handled by the CLI) turns warnings into a
//! failed build. Codes: `asset-outside-site`, `asset-missing`, `asset-too-large`, `asset-corrupt`,
//! `asset-fetch`, `asset-format`; and `asset-svg` for an SVG that loads but loses something a
//! reader would have shown (HTML in `<foreignObject>`, linked images; see `svg`).

mod bytes;
mod decode;
pub mod derived;
mod fetch;
pub mod header;
mod resolve;
mod svg;
#[cfg(test)]
mod tests;

pub use bytes::AssetBytes;
pub use decode::{fit_within, DecodeError, ImageFormat, SCALER};
pub use header::{ColorType, JpegCoding, PngParts, RasterInfo};

use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use resolve::{Site, Target};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct AssetId(pub u32);

#[derive(Debug, Serialize)]
pub struct AssetStore {
    assets: Vec<Asset>,
    #[serde(skip)]
    site: Site,
    #[serde(skip)]
    pending: Mutex<Pending>,
    /// Where backends keep what they make of the images (`derived`); set by `load`.
    #[serde(skip)]
    derived: derived::DerivedCache,
}

#[derive(Debug, Default)]
struct Pending {
    by_key: HashMap<String, AssetId>,
    requests: Vec<Request>,
    targets: Vec<Target>,
}

/// What a post asked for, before it was resolved.
#[derive(Debug, Clone)]
pub struct Request {
    /// The `src` as written.
    pub src: String,
    /// Where it was written (the first place, if several posts use it).
    pub span: Span,
}

#[derive(Debug, Serialize)]
pub struct Asset {
    pub id: AssetId,
    /// The `src` as first written.
    pub src: String,
    pub state: AssetState,
}

#[derive(Debug, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum AssetState {
    /// Requested but not yet loaded.
    Pending,
    Loaded(Loaded),
    /// The same bytes as an earlier asset (another path or URL to a copy of one file): `of`
    /// is the asset that holds them. The book's references are rewritten to `of` after loading
    /// (`AssetStore::canonical`), so each distinct content is one file in the EPUB and one
    /// XObject in the PDF.
    Duplicate {
        of: AssetId,
    },
    /// Could not be used; backends draw the alt text (and `url`, for remote images) instead.
    Missing {
        reason: String,
        /// The remote URL, when the image was one, so the placeholder can show it.
        url: Option<String>,
    },
}

/// A checked image, ready for a backend: it never needs to re-open a file.
#[derive(Debug, Clone, Serialize)]
pub struct Loaded {
    pub format: ImageFormat,
    /// `image/png`, `image/jpeg`, `image/gif`, `image/webp` or `image/svg+xml`.
    pub media_type: &'static str,
    /// Pixels for raster images; CSS pixels from `width`/`height`/`viewBox` for SVG.
    pub width: u32,
    pub height: u32,
    /// The file as it came (JPEG/PNG/GIF/WebP untouched, so backends can pass them through), or
    /// the sanitised SVG. Skipped in `inspect --json`; `byte_len` says how big it is.
    #[serde(skip)]
    pub bytes: AssetBytes,
    pub byte_len: usize,
    /// What a raster image's headers say (colour type, bit depth, transparency, animation…);
    /// `None` for SVG. Loading reads only headers: pixels are decoded by the backend that needs
    /// them (`decode_rgba`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raster: Option<RasterInfo>,
    pub origin: Origin,
    /// Lowercase hex BLAKE3 of `bytes` (64 digits): what makes two assets one, and a stable file
    /// name for backends (`<hash>.png`) and the derived-image cache.
    pub hash: String,
    #[serde(skip)]
    limits: AssetLimits,
}

impl Loaded {
    /// Decodes the pixels under the same limits the image was checked with (backends that
    /// downscale or re-encode call this; they never re-open the file).
    pub fn decode_rgba(&self) -> Result<image::RgbaImage, DecodeError> {
        decode::decode_rgba(&self.bytes, self.format, &self.limits)
    }

    /// The pixels in the decoder's own layout (no RGBA copy of an RGB photo), under the limits.
    pub fn decode(&self) -> Result<image::DynamicImage, DecodeError> {
        decode::decode_any(&self.bytes, self.format, &self.limits)
    }

    /// The pixels, scaled down (Lanczos 3) to fit `max_w`×`max_h` when larger, aspect kept;
    /// never scaled up. For backends that downscale (`[epub] max_image_px`, `[pdf]
    /// max_image_dpi`).
    pub fn decode_within(
        &self,
        max_w: u32,
        max_h: u32,
    ) -> Result<image::DynamicImage, DecodeError> {
        decode::decode_within(
            &self.bytes,
            self.format,
            self.raster.as_ref(),
            max_w,
            max_h,
            &self.limits,
        )
    }

    /// A PNG's zlib image data and palette, for a backend that passes the file's pixels through
    /// undecoded (the PDF). `None` for anything but a PNG.
    pub fn png_parts(&self) -> Option<PngParts<'_>> {
        if self.format != ImageFormat::Png {
            return None;
        }
        header::png_parts(&self.bytes).ok()
    }

    /// `png`, `jpg`, `gif`, `webp` or `svg`.
    pub fn extension(&self) -> &'static str {
        self.format.extension()
    }
}

/// Where a loaded image came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// A file of the site; `path` is relative to the site root.
    Local { path: PathBuf },
    /// Fetched over HTTP(S), or taken from the disk cache of an earlier fetch.
    Remote { url: String, from_cache: bool },
    /// A `data:` URI written in the post.
    Inline,
}

impl Default for AssetStore {
    fn default() -> Self {
        Self::new()
    }
}

impl AssetStore {
    /// A store for a site without `url`/`baseurl` whose root is the current directory; prefer
    /// `for_site` so absolute URLs to the site's own pages resolve to local files.
    pub fn new() -> Self {
        Self::for_site("", "", PathBuf::new())
    }

    /// A store for the site at `site_root` published at `url` + `baseurl` (Jekyll's `_config.yml`
    /// keys, e.g. `https://example.com` and `/blog`; either may be empty).
    pub fn for_site(url: &str, baseurl: &str, site_root: impl Into<PathBuf>) -> Self {
        AssetStore {
            assets: Vec::new(),
            site: Site::new(url, baseurl, site_root.into()),
            pending: Mutex::new(Pending::default()),
            derived: derived::DerivedCache::none(),
        }
    }

    /// Records that a post uses `src`; every `src` that resolves to the same image (same local
    /// file or same remote URL) gets the same id. `span.file` is the post's path (site root
    /// joined with the post's relative path): relative `src`s resolve against its folder.
    pub fn request(&self, src: &str, span: Span) -> AssetId {
        let target = resolve::resolve(&self.site, src, &span.file);
        let key = match &target {
            Target::Local { path, .. } => match self.site.canonical(path) {
                Some(real) => format!("local:{}", real.display()),
                None => target.key(src),
            },
            _ => target.key(src),
        };
        self.insert(src, span, target, key)
    }

    /// Records an image named by the book's configuration (the cover), read from `path` as it
    /// is: the user's own setting, not a post, so it may live outside the site.
    pub fn request_file(&self, path: &Path, span: Span) -> AssetId {
        let target = Target::File(path.to_path_buf());
        let key = target.key("");
        self.insert(&path.to_string_lossy(), span, target, key)
    }

    fn insert(&self, src: &str, span: Span, target: Target, key: String) -> AssetId {
        // A panic while holding the lock cannot leave the maps inconsistent: keep going.
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(&id) = p.by_key.get(&key) {
            // Posts are read on several threads: the request kept (for messages) is the one
            // earliest in (file, line, column), whichever thread came first.
            if let Some(kept) = p.requests.get_mut(id.0 as usize) {
                let at = |s: &Span| (s.file.clone(), s.line, s.column);
                if at(&span) < at(&kept.span) {
                    *kept = Request {
                        src: src.to_owned(),
                        span,
                    };
                }
            }
            return id;
        }
        let id = AssetId(u32::try_from(p.requests.len()).unwrap_or(u32::MAX));
        p.requests.push(Request {
            src: src.to_owned(),
            span,
        });
        p.targets.push(target);
        p.by_key.insert(key, id);
        id
    }

    /// Renumbers the images requested (before any `load`) in the order given, the book's order
    /// of first use, so that ids, and what backends order by id (EPUB manifest items, PDF
    /// XObject names, which of two byte-identical copies is kept), do not depend on which
    /// thread read its post first. Ids not in `order` follow, ordered by what they name.
    /// Returns the new id of every old one (indexed by the old id); the caller rewrites the ids
    /// its posts hold. After a `load`, nothing is renumbered (the identity is returned).
    pub fn renumber(&mut self, order: impl IntoIterator<Item = AssetId>) -> Vec<AssetId> {
        let p = self.pending.get_mut().unwrap_or_else(|e| e.into_inner());
        let n = p.requests.len();
        if !self.assets.is_empty() {
            return (0..n).map(|i| AssetId(i as u32)).collect();
        }
        let mut new_order: Vec<usize> = Vec::with_capacity(n);
        let mut placed = vec![false; n];
        for id in order {
            let i = id.0 as usize;
            if i < n && !placed[i] {
                placed[i] = true;
                new_order.push(i);
            }
        }
        let mut keys: Vec<(&String, usize)> = p
            .by_key
            .iter()
            .map(|(k, id)| (k, id.0 as usize))
            .filter(|&(_, i)| i < n && !placed[i])
            .collect();
        keys.sort();
        new_order.extend(keys.into_iter().map(|(_, i)| i));
        let mut map = vec![AssetId(u32::MAX); n];
        for (new, &old) in new_order.iter().enumerate() {
            map[old] = AssetId(new as u32);
        }
        let mut requests: Vec<Option<Request>> = std::mem::take(&mut p.requests)
            .into_iter()
            .map(Some)
            .collect();
        let mut targets: Vec<Option<Target>> = std::mem::take(&mut p.targets)
            .into_iter()
            .map(Some)
            .collect();
        for &old in &new_order {
            if let (Some(r), Some(t)) = (requests[old].take(), targets[old].take()) {
                p.requests.push(r);
                p.targets.push(t);
            }
        }
        for id in p.by_key.values_mut() {
            *id = map[id.0 as usize];
        }
        map
    }

    /// Resolves, reads or fetches, and checks every image requested since the last `load`, each
    /// distinct image once, in parallel. Failures become `Missing` plus a warning at the first
    /// request's span.
    pub fn load(&mut self, opts: &AssetOptions, diags: &Diagnostics) {
        use rayon::prelude::*;
        let (requests, targets) = {
            let p = self.pending.get_mut().unwrap_or_else(|e| e.into_inner());
            let done = self.assets.len().min(p.requests.len());
            (
                p.requests.get(done..).unwrap_or_default().to_vec(),
                p.targets.get(done..).unwrap_or_default().to_vec(),
            )
        };
        let first = self.assets.len();
        self.derived = derived::DerivedCache::new(opts.cache_dir.join("derived"));
        let root = resolve::Root::new(&opts.site_root);
        let fetcher = fetch::Fetcher::new(opts);
        let loaded: Vec<Asset> = requests
            .par_iter()
            .zip(targets.par_iter())
            .enumerate()
            .map(|(i, (req, target))| {
                let id = AssetId(u32::try_from(first + i).unwrap_or(u32::MAX));
                let state = match load_one(target, &root, &fetcher, &opts.limits) {
                    Ok((loaded, notes)) => {
                        for note in &notes {
                            diags.push(note.diagnostic(req));
                        }
                        AssetState::Loaded(loaded)
                    }
                    Err(problem) => {
                        diags.push(problem.diagnostic(req));
                        AssetState::Missing {
                            reason: problem.reason,
                            url: problem.url,
                        }
                    }
                };
                Asset {
                    id,
                    src: req.src.clone(),
                    state,
                }
            })
            .collect();
        self.assets.extend(loaded);
        self.merge_same_content(first);
    }

    /// Content addressing: every asset loaded from `first` on whose bytes equal an earlier
    /// asset's becomes a `Duplicate` of it (SVGs compare after sanitising, so two copies of one
    /// drawing are one even if their editors' metadata differed).
    fn merge_same_content(&mut self, first: usize) {
        let mut by_hash: HashMap<String, AssetId> = HashMap::new();
        for a in &mut self.assets {
            let AssetState::Loaded(l) = &a.state else {
                continue;
            };
            match by_hash.get(&l.hash) {
                Some(&of) if a.id.0 as usize >= first => a.state = AssetState::Duplicate { of },
                Some(_) => {}
                None => {
                    by_hash.insert(l.hash.clone(), a.id);
                }
            }
        }
    }

    /// The cache for images made from the book's images (conversions, downscaled copies).
    pub fn derived(&self) -> &derived::DerivedCache {
        &self.derived
    }

    /// The asset that holds `id`'s content: `id` itself unless it is a `Duplicate`.
    pub fn canonical(&self, id: AssetId) -> AssetId {
        match self.get(id).map(|a| &a.state) {
            Some(AssetState::Duplicate { of }) => *of,
            _ => id,
        }
    }

    pub fn get(&self, id: AssetId) -> Option<&Asset> {
        self.assets.get(id.0 as usize)
    }

    /// The loaded image behind `id` (or behind the asset it duplicates), if it loaded.
    pub fn loaded(&self, id: AssetId) -> Option<&Loaded> {
        match &self.get(self.canonical(id))?.state {
            AssetState::Loaded(l) => Some(l),
            _ => None,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = &Asset> {
        self.assets.iter()
    }

    pub fn len(&self) -> usize {
        self.assets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.assets.is_empty()
    }

    /// How many distinct images have been requested (loaded or not).
    /// The requests not loaded yet, in id order (where each image was first asked for).
    pub fn pending_requests(&self) -> Vec<Request> {
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .requests
            .clone()
    }

    /// Where `id` was first asked for, so a backend can place a warning about it.
    pub fn first_use(&self, id: AssetId) -> Option<Request> {
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .requests
            .get(id.0 as usize)
            .cloned()
    }

    pub fn requested(&self) -> usize {
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .requests
            .len()
    }
}

/// Where images come from and how they may be fetched. The site's `url`/`baseurl` are given to
/// `AssetStore::for_site`, since `request` needs them before `load`.
#[derive(Debug, Clone)]
pub struct AssetOptions {
    pub site_root: PathBuf,
    /// `.hanmoto-cache/` beside `book.toml`; remote images go under `assets/` inside it.
    pub cache_dir: PathBuf,
    /// Use only the cache for remote images (`--offline`).
    pub offline: bool,
    pub user_agent: String,
    pub limits: AssetLimits,
}

impl AssetOptions {
    pub fn new(site_root: impl Into<PathBuf>, cache_dir: impl Into<PathBuf>) -> Self {
        AssetOptions {
            site_root: site_root.into(),
            cache_dir: cache_dir.into(),
            offline: false,
            user_agent: concat!("hanmoto/", env!("CARGO_PKG_VERSION")).to_owned(),
            limits: AssetLimits::default(),
        }
    }
}

/// Bounds on what one image may cost, so a hostile or broken file cannot exhaust the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssetLimits {
    /// Largest local file read (a full-size camera JPEG fits).
    pub max_bytes: u64,
    /// Largest remote image fetched (enforced while streaming, not from `Content-Length`):
    /// `[images] max_download_mib`.
    pub max_download_bytes: u64,
    /// Largest width or height, in pixels.
    pub max_dimension: u32,
    /// Largest width × height.
    pub max_pixels: u64,
    /// Largest allocation the decoder may make (`image::Limits::max_alloc`).
    pub max_alloc: u64,
    pub connect_timeout: Duration,
    /// Whole request, from connecting to the last body byte.
    pub total_timeout: Duration,
    pub max_redirects: u32,
}

impl Default for AssetLimits {
    fn default() -> Self {
        AssetLimits {
            max_bytes: 64 * 1024 * 1024,
            max_download_bytes: 20 * 1024 * 1024,
            max_dimension: 16_384,
            // A 48-megapixel phone photo fits; its RGBA decode is 192 MiB, under `max_alloc`.
            max_pixels: 48_000_000,
            max_alloc: 256 * 1024 * 1024,
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_redirects: 5,
        }
    }
}

/// Why one image could not be used.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub code: &'static str,
    pub reason: String,
    pub url: Option<String>,
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(code: &'static str, reason: impl Into<String>) -> Self {
        Problem {
            code,
            reason: reason.into(),
            url: None,
            hint: None,
        }
    }
    pub fn with_url(mut self, url: &str) -> Self {
        self.url = Some(url.to_owned());
        self
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    fn diagnostic(&self, req: &Request) -> Diagnostic {
        let src = shorten(&req.src);
        let d = Diagnostic::warning(self.code, format!("image `{src}`: {}", self.reason));
        let d = match source_text(&req.span.file) {
            Some(text) if req.span.line > 0 => {
                d.at_line(&req.span.file, &text, req.span.line, req.span.column)
            }
            _ => d.at(req.span.clone()),
        };
        match &self.hint {
            Some(h) => d.with_hint(h.clone()),
            None => d,
        }
    }
}

/// `data:` URIs can be megabytes long; messages show their start.
fn shorten(src: &str) -> String {
    const MAX: usize = 80;
    match src.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", src.get(..i).unwrap_or(src)),
        None => src.to_owned(),
    }
}

fn source_text(file: &Path) -> Option<String> {
    std::fs::read_to_string(file).ok()
}

fn load_one(
    target: &Target,
    root: &resolve::Root,
    fetcher: &fetch::Fetcher,
    limits: &AssetLimits,
) -> Result<(Loaded, Vec<Problem>), Problem> {
    match target {
        Target::Local { path, as_written } => {
            let (rel, bytes) = root.read(path, as_written.as_deref(), limits)?;
            check(bytes, Origin::Local { path: rel }, limits)
        }
        Target::Remote(url) => {
            let fetched = fetcher.fetch(url)?;
            let origin = Origin::Remote {
                url: url.clone(),
                from_cache: fetched.from_cache,
            };
            check(fetched.bytes.into(), origin, limits).map_err(|p| p.with_url(url))
        }
        Target::Data(uri) => {
            let bytes = resolve::decode_data_uri(uri, limits)?;
            check(bytes.into(), Origin::Inline, limits)
        }
        Target::File(path) => {
            let bytes = resolve::read_file(path, path, limits)?;
            check(bytes, Origin::Local { path: path.clone() }, limits)
        }
        Target::Refused(problem) => Err(problem.clone()),
    }
}

/// Sniffs the format from the bytes (never the extension), checks sizes, and sanitises SVG;
/// also returns the warnings of an image that loads but loses something (`asset-svg`).
pub(crate) fn check(
    bytes: AssetBytes,
    origin: Origin,
    limits: &AssetLimits,
) -> Result<(Loaded, Vec<Problem>), Problem> {
    let format = decode::sniff(&bytes).ok_or_else(|| {
        Problem::new(
            "asset-format",
            format!(
                "not a PNG, JPEG, GIF, WebP or SVG image ({})",
                decode::describe(&bytes)
            ),
        )
    })?;
    let (bytes, width, height, raster, notes) = if format == ImageFormat::Svg {
        let svg = svg::sanitise(&bytes, limits)?;
        (svg.bytes.into(), svg.width, svg.height, None, svg.notes)
    } else {
        let info = decode::inspect_raster(&bytes, format, limits)?;
        (bytes, info.width, info.height, Some(info), Vec::new())
    };
    let hash = decode::content_hash_hex(&bytes);
    let loaded = Loaded {
        format,
        media_type: format.media_type(),
        width,
        height,
        byte_len: bytes.len(),
        bytes,
        raster,
        origin,
        hash,
        limits: *limits,
    };
    Ok((loaded, notes))
}

/// Counts for `hanmoto check`: `remote` are fetched (or cached) remote images, `cached` the part
/// of them that came from the cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AssetSummary {
    pub local: usize,
    pub remote: usize,
    pub cached: usize,
    pub missing: usize,
}

pub fn summarize(store: &AssetStore) -> AssetSummary {
    let mut s = AssetSummary::default();
    for a in store.iter() {
        match &a.state {
            AssetState::Loaded(l) => match &l.origin {
                Origin::Remote { from_cache, .. } => {
                    s.remote += 1;
                    s.cached += usize::from(*from_cache);
                }
                _ => s.local += 1,
            },
            // Counted once, as the asset it is a copy of.
            AssetState::Duplicate { .. } => {}
            AssetState::Pending | AssetState::Missing { .. } => s.missing += 1,
        }
    }
    s
}
