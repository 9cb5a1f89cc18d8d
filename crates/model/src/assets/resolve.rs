//! From a `src` as written in a post to the image it names, and reading local images safely.
//!
//! `resolve` is pure (no file system): it runs inside `AssetStore::request` on many threads and
//! gives the key that makes every spelling of one image share one entry. `Root::read` runs at
//! load time and is where the site-root boundary is enforced on the real file system
//! (canonicalised, so symlinks pointing outside are caught).

use super::bytes::AssetBytes;
use super::{AssetLimits, Problem};
use base64::Engine as _;
use std::path::{Component, Path, PathBuf};

/// The site as `request` needs it: where it lives and where it is published.
#[derive(Debug, Clone, Default)]
pub(crate) struct Site {
    /// `example.com` (`site::host::own_host`: lowercase, no `www.`); empty when unknown.
    host: String,
    /// `/blog` (leading slash, no trailing slash) or empty.
    baseurl: String,
    root: PathBuf,
}

impl Site {
    pub fn new(url: &str, baseurl: &str, root: PathBuf) -> Self {
        let host = crate::site::host::own_host(url);
        let baseurl = baseurl.trim().trim_matches('/');
        let baseurl = if baseurl.is_empty() {
            String::new()
        } else {
            format!("/{baseurl}")
        };
        Site {
            host,
            baseurl,
            root: normalise(&root).unwrap_or(root),
        }
    }

    /// The real location of a site file, when it exists: two spellings that reach one file
    /// through a symlink inside the site share one entry. (One `canonicalize` per request; the
    /// root boundary itself is still enforced at load time by `Root::read`.)
    pub fn canonical(&self, path: &Path) -> Option<PathBuf> {
        let full = if path.is_absolute() {
            path.to_path_buf()
        } else {
            self.root.join(path)
        };
        full.canonicalize().ok()
    }
}

/// What a `src` names.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// A file of the site. `path` is relative to the site root when the store knew the root,
    /// otherwise it may be absolute (made relative at load time). `as_written` keeps a `/…`
    /// source, which may be a mistaken file-system path (`/etc/passwd`) rather than a site path.
    Local {
        path: PathBuf,
        as_written: Option<PathBuf>,
    },
    /// An `http(s)` URL on another site (fragment removed).
    Remote(String),
    /// A whole `data:` URI.
    Data(String),
    /// A file named by the book's own configuration (`[book] cover`): trusted, so not bound to
    /// the site root.
    File(PathBuf),
    /// Refused without looking further (escapes the root, `file:`, unknown scheme, empty).
    Refused(Problem),
}

impl Target {
    /// The dedup key: equal for every spelling of one image. Refused sources key by their text,
    /// so each distinct bad `src` gets its own diagnostic.
    pub fn key(&self, src: &str) -> String {
        match self {
            Target::Local { path, .. } => format!("local:{}", path.display()),
            Target::Remote(url) => format!("remote:{url}"),
            Target::File(path) => format!("file:{}", path.display()),
            // A data URI is its own content; hash it so the map does not hold megabytes twice.
            Target::Data(uri) => format!("data:{}", super::decode::sha256_hex(uri.as_bytes())),
            Target::Refused(_) => format!("refused:{}", src.trim()),
        }
    }
}

/// Resolves `src` written in the post at `post_file`.
pub(crate) fn resolve(site: &Site, src: &str, post_file: &Path) -> Target {
    let src = src.trim();
    if src.is_empty() {
        return Target::Refused(Problem::new("asset-missing", "the image has no `src`"));
    }
    if let Some((scheme, rest)) = split_scheme(src) {
        return match scheme.to_ascii_lowercase().as_str() {
            "data" => Target::Data(src.to_owned()),
            "http" | "https" => resolve_url(site, src, rest),
            "file" => Target::Refused(outside(
                "`file:` URLs are not allowed; images must be files of the site",
            )),
            other => Target::Refused(Problem::new(
                "asset-fetch",
                format!("`{other}:` URLs are not supported; only http and https are fetched"),
            )),
        };
    }
    if let Some(rest) = src.strip_prefix("//") {
        // Protocol-relative: the published page would load it over https.
        return resolve_url(site, &format!("https://{rest}"), &format!("//{rest}"));
    }
    let path = strip_query(src);
    let path = percent_decode(path);
    if let Some(abs) = path.strip_prefix('/') {
        let abs = format!("/{abs}");
        let under_base = match site.baseurl.as_str() {
            "" => Some(abs.as_str()),
            base => abs
                .strip_prefix(base)
                .filter(|r| r.is_empty() || r.starts_with('/')),
        };
        // `/etc/x.png` on a site with baseurl `/blog` is still looked up at the root: Jekyll
        // sites often hard-code root paths that happen to work on the dev server.
        let site_path = under_base.unwrap_or(&abs);
        // An absolute file-system path into the site (`/home/me/site/images/a.png`).
        if !site.root.as_os_str().is_empty() && site.root.is_absolute() {
            if let Ok(rel) = Path::new(&abs).strip_prefix(&site.root) {
                return local(rel, None);
            }
        }
        let written = Some(PathBuf::from(&abs));
        return local(Path::new(site_path.trim_start_matches('/')), written);
    }
    let dir = post_file.parent().unwrap_or(Path::new(""));
    let joined = dir.join(&path);
    let Some(norm) = normalise(&joined) else {
        return Target::Refused(outside("the path climbs out of the site with `..`"));
    };
    if site.root.as_os_str().is_empty() {
        return Target::Local {
            path: norm,
            as_written: None,
        };
    }
    match norm.strip_prefix(&site.root) {
        Ok(rel) => Target::Local {
            path: rel.to_path_buf(),
            as_written: None,
        },
        Err(_) => Target::Refused(outside("the path climbs out of the site with `..`")),
    }
}

fn local(rel: &Path, as_written: Option<PathBuf>) -> Target {
    match normalise(rel) {
        Some(path) => Target::Local { path, as_written },
        None => Target::Refused(outside("the path climbs out of the site with `..`")),
    }
}

fn resolve_url(site: &Site, src: &str, after_scheme: &str) -> Target {
    let no_fragment = src.split('#').next().unwrap_or(src);
    let Some(rest) = after_scheme.strip_prefix("//") else {
        return Target::Refused(Problem::new("asset-fetch", "malformed URL").with_url(src));
    };
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (rest.get(..i).unwrap_or(rest), rest.get(i..).unwrap_or("")),
        None => (rest, ""),
    };
    if authority.is_empty() {
        return Target::Refused(Problem::new("asset-fetch", "URL has no host").with_url(src));
    }
    if crate::site::host::is_own_host(authority, &site.host) {
        // The site's own URL (http or https): the image is a file of the site.
        let path = if path.starts_with('/') { path } else { "/" };
        let post = Path::new("");
        return resolve(site, path, post);
    }
    // Lowercase scheme and host so `HTTPS://Example.com/a.png` shares `https://example.com/a.png`.
    let scheme = src
        .split(':')
        .next()
        .unwrap_or("https")
        .to_ascii_lowercase();
    let tail = no_fragment
        .get(scheme.len() + 3 + authority.len()..)
        .unwrap_or("");
    Target::Remote(format!(
        "{scheme}://{}{tail}",
        authority.to_ascii_lowercase()
    ))
}

fn outside(reason: &str) -> Problem {
    Problem::new("asset-outside-site", reason)
        .with_hint("copy the image into the site (e.g. `/assets/`) and link it from there")
}

/// `scheme:rest` for a URL-like `src` (RFC 3986 scheme syntax); `None` for paths.
fn split_scheme(src: &str) -> Option<(&str, &str)> {
    let colon = src.find(':')?;
    let scheme = src.get(..colon)?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (scheme, src.get(colon + 1..).unwrap_or("")))
}

/// `/images/a.png?v=2#x` names the file `/images/a.png`.
fn strip_query(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or(path)
}

/// Jekyll posts write non-ASCII names as `%E5%86%99.png`; files on disk have the real name.
fn percent_decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map(|s| s.into_owned())
        .unwrap_or_else(|_| path.to_owned())
}

/// Removes `.` and `..` without touching the disk; `None` if `..` climbs above the start.
pub(crate) fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    let mut depth = 0usize;
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if depth == 0 {
                    return None;
                }
                out.pop();
                depth -= 1;
            }
            Component::Normal(s) => {
                out.push(s);
                depth += 1;
            }
            Component::RootDir | Component::Prefix(_) => out.push(c.as_os_str()),
        }
    }
    Some(out)
}

/// The site root on disk, canonicalised once per `load`.
pub(crate) struct Root {
    given: PathBuf,
    canonical: Result<PathBuf, String>,
}

impl Root {
    pub fn new(site_root: &Path) -> Self {
        let dir = if site_root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            site_root
        };
        Root {
            given: site_root.to_path_buf(),
            canonical: dir
                .canonicalize()
                .map_err(|e| format!("cannot open the site folder {}: {e}", dir.display())),
        }
    }

    /// Reads the file at `path` (relative to the root, or absolute inside it), refusing anything
    /// whose real location is outside the root. Returns the path relative to the root.
    pub fn read(
        &self,
        path: &Path,
        as_written: Option<&Path>,
        limits: &AssetLimits,
    ) -> Result<(PathBuf, AssetBytes), Problem> {
        let root = self
            .canonical
            .as_ref()
            .map_err(|e| Problem::new("asset-missing", e.clone()))?;
        let rel = if path.is_absolute() {
            path.strip_prefix(&self.given)
                .or_else(|_| path.strip_prefix(root))
                .map_err(|_| outside("the file is outside the site"))?
                .to_path_buf()
        } else {
            path.to_path_buf()
        };
        let real = match root.join(&rel).canonicalize() {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // `/etc/passwd` is not a file of the site, but it is one of the machine: say so
                // rather than "missing", which would invite the author to "fix" the path.
                if as_written.is_some_and(Path::exists) {
                    return Err(outside(
                        "an absolute file-system path outside the site; site paths start at the site root",
                    ));
                }
                return Err(Problem::new(
                    "asset-missing",
                    format!("no file `{}` in the site", rel.display()),
                ));
            }
            Err(e) => {
                return Err(Problem::new(
                    "asset-missing",
                    format!("cannot open `{}`: {e}", rel.display()),
                ))
            }
        };
        if !real.starts_with(root) {
            return Err(outside("the file is a link to a place outside the site"));
        }
        let rel = real.strip_prefix(root).unwrap_or(&rel).to_path_buf();
        let bytes = read_file(&real, &rel, limits)?;
        Ok((rel, bytes))
    }
}

enum ReadError {
    TooLarge,
    Io(std::io::Error),
}

/// Reads `real` (shown as `shown` in messages) under the local size cap.
pub(crate) fn read_file(
    real: &Path,
    shown: &Path,
    limits: &AssetLimits,
) -> Result<AssetBytes, Problem> {
    read_capped(real, limits.max_bytes).map_err(|e| match e {
        ReadError::TooLarge => Problem::new(
            "asset-too-large",
            format!("larger than {} bytes", limits.max_bytes),
        ),
        ReadError::Io(e) => Problem::new(
            "asset-missing",
            format!("cannot read `{}`: {e}", shown.display()),
        ),
    })
}

fn read_capped(path: &Path, max: u64) -> Result<AssetBytes, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::Io(std::io::Error::other("not a file")));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge);
    }
    // The length can change under us; the cap on the read (and the check below) is what counts.
    let bytes =
        AssetBytes::of_file(file, meta.len(), max.saturating_add(1)).map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Decodes `data:[<type>][;base64],<data>`; the bytes are then sniffed like any file.
pub(crate) fn decode_data_uri(uri: &str, limits: &AssetLimits) -> Result<Vec<u8>, Problem> {
    let corrupt = |why: &str| Problem::new("asset-corrupt", format!("bad `data:` URI: {why}"));
    let rest = uri.get(5..).ok_or_else(|| corrupt("too short"))?;
    let (meta, data) = rest.split_once(',').ok_or_else(|| corrupt("no `,`"))?;
    // Base64 grows data by 4/3; refuse before decoding anything too big.
    if (data.len() as u64).saturating_mul(3) / 4 > limits.max_bytes {
        return Err(Problem::new(
            "asset-too-large",
            format!("`data:` image larger than {} bytes", limits.max_bytes),
        ));
    }
    let is_base64 = meta
        .rsplit(';')
        .next()
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("base64"));
    if is_base64 {
        let clean: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let clean = percent_decode(&clean);
        base64::engine::general_purpose::STANDARD
            .decode(clean.trim_end_matches('=').to_owned() + pad(&clean))
            .map_err(|e| corrupt(&e.to_string()))
    } else {
        Ok(percent_encoding::percent_decode_str(data).collect())
    }
}

/// Restores the `=` padding some writers drop.
fn pad(s: &str) -> &'static str {
    match s.trim_end_matches('=').len() % 4 {
        2 => "==",
        3 => "=",
        _ => "",
    }
}
