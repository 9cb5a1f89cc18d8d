//! Remote images: fetched once over HTTP(S) with bounded time, size and redirects, then kept in
//! the book's cache so later builds (and `--offline` ones) do not touch the network.
//!
//! Cache layout, under `<cache_dir>/assets/`: `<sha256 of the URL>.bin` holds the image bytes as
//! served and `<same>.json` a little metadata (URL, length, content hash). Both are written to a
//! temporary file and renamed, so a build killed mid-write never leaves a truncated image that a
//! later offline build would trust. Only bytes that sniff as an image are cached: an HTML error
//! page served with status 200 is fetched again next time.

use super::{decode, AssetLimits, AssetOptions, Problem};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub(crate) struct Fetcher {
    agent: ureq::Agent,
    cache: PathBuf,
    offline: bool,
    limits: AssetLimits,
}

pub(crate) struct Fetched {
    pub bytes: Vec<u8>,
    pub from_cache: bool,
}

impl Fetcher {
    pub fn new(opts: &AssetOptions) -> Self {
        let limits = opts.limits;
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(limits.connect_timeout))
            .timeout_global(Some(limits.total_timeout))
            .max_redirects(limits.max_redirects)
            .user_agent(opts.user_agent.as_str())
            .accept("image/png,image/jpeg,image/gif,image/webp,image/svg+xml;q=0.9,*/*;q=0.1")
            .build();
        Fetcher {
            agent: config.into(),
            cache: opts.cache_dir.join("assets"),
            offline: opts.offline,
            limits,
        }
    }

    /// The image at `url` (http or https, already checked by `resolve`), from the cache if an
    /// earlier build fetched it.
    pub fn fetch(&self, url: &str) -> Result<Fetched, Problem> {
        let stem = decode::sha256_hex(url.as_bytes());
        let bin = self.cache.join(format!("{stem}.bin"));
        if let Some(bytes) = self.read_cache(&bin) {
            return Ok(Fetched {
                bytes,
                from_cache: true,
            });
        }
        if self.offline {
            return Err(
                Problem::new("asset-fetch", "not in the cache and --offline is set")
                    .with_url(url)
                    .with_hint("build once without --offline to fill the cache"),
            );
        }
        let bytes = self.download(url).map_err(|p| p.with_url(url))?;
        if decode::sniff(&bytes).is_some() {
            // A cache that cannot be written only costs a fetch next time.
            let _ = self.write_cache(&stem, url, &bytes);
        }
        Ok(Fetched {
            bytes,
            from_cache: false,
        })
    }

    fn read_cache(&self, bin: &Path) -> Option<Vec<u8>> {
        let len = std::fs::metadata(bin).ok()?.len();
        if len > self.limits.max_download_bytes {
            return None;
        }
        let bytes = std::fs::read(bin).ok()?;
        decode::sniff(&bytes).map(|_| bytes)
    }

    fn download(&self, url: &str) -> Result<Vec<u8>, Problem> {
        let mut response = self.agent.get(url).call().map_err(|e| self.problem(e))?;
        response
            .body_mut()
            .with_config()
            .limit(self.limits.max_download_bytes)
            .read_to_vec()
            .map_err(|e| self.problem(e))
    }

    fn problem(&self, e: ureq::Error) -> Problem {
        use ureq::Error as E;
        match e {
            E::StatusCode(code) => {
                Problem::new("asset-fetch", format!("the server answered HTTP {code}"))
            }
            E::Timeout(which) => Problem::new(
                "asset-fetch",
                format!(
                    "timed out ({which}; limits: connect {:?}, total {:?})",
                    self.limits.connect_timeout, self.limits.total_timeout
                ),
            ),
            E::TooManyRedirects => Problem::new(
                "asset-fetch",
                format!("more than {} redirects", self.limits.max_redirects),
            ),
            E::BodyExceedsLimit(max) => Problem::new(
                "asset-too-large",
                format!("the download is larger than {max} bytes"),
            ),
            E::BadUri(msg) => Problem::new("asset-fetch", format!("unusable URL: {msg}")),
            E::HostNotFound => Problem::new("asset-fetch", "host not found"),
            E::ConnectionFailed => Problem::new("asset-fetch", "could not connect"),
            other => Problem::new("asset-fetch", other.to_string()),
        }
    }

    fn write_cache(&self, stem: &str, url: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.cache)?;
        let meta = serde_json::json!({
            "url": url,
            "bytes": bytes.len(),
            "sha256": decode::sha256_hex(bytes),
        });
        // Metadata first: a `.bin` is only trusted once it exists, and it is renamed last.
        write_atomic(
            &self.cache,
            &format!("{stem}.json"),
            meta.to_string().as_bytes(),
        )?;
        write_atomic(&self.cache, &format!("{stem}.bin"), bytes)
    }
}

/// Writes `dir/name` via a temporary file in the same folder and a rename (atomic on one file
/// system), so readers see the old file or the whole new one.
pub(super) fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, dir.join(name)));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
