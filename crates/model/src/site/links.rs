//! Which URLs point into the book: a link to one of the site's own posts becomes a link to its
//! chapter, whether it was written by `{% post_url %}`, `{% link %}` or by hand.

use crate::document::LinkTarget;
use std::collections::HashMap;

#[derive(Debug, Clone, Default)]
pub struct SiteLinks {
    /// `https://example.com` (no trailing slash), when the site has one.
    pub url: Option<String>,
    /// `/blog` (leading slash, no trailing slash), or "".
    pub baseurl: String,
    /// Post id (`2015-01-18-name`) → its URL path (`/2015/01/18/name.html`, without baseurl).
    pub post_urls: HashMap<String, String>,
    /// Path relative to the site root (`_posts/2015-01-18-name.md`) → post id.
    pub post_paths: HashMap<String, String>,
    /// URL path (without baseurl) → post id, including `/x/`↔`/x/index.html`↔`/x.html` forms.
    by_url: HashMap<String, String>,
    /// `url`'s host as `site::host` compares it (empty without a `url`), worked out once.
    host: String,
}

impl SiteLinks {
    pub fn new(url: Option<String>, baseurl: String) -> Self {
        SiteLinks {
            host: url
                .as_deref()
                .map(super::host::own_host)
                .unwrap_or_default(),
            url,
            baseurl,
            ..Default::default()
        }
    }

    pub fn add_post(&mut self, id: &str, relative_path: &str, url_path: &str) {
        self.post_urls.insert(id.to_owned(), url_path.to_owned());
        self.post_paths
            .insert(relative_path.to_owned(), id.to_owned());
        for form in url_forms(url_path) {
            self.by_url.entry(form).or_insert_with(|| id.to_owned());
        }
    }

    /// The site-relative path of `href` when it points at this site (`/x`, `{baseurl}/x`,
    /// `{url}{baseurl}/x`), without query or fragment; `None` for other sites and schemes.
    pub fn local_path<'a>(&self, href: &'a str) -> Option<&'a str> {
        let mut rest = href;
        if let Some(r) = super::host::own_site_rest(rest, &self.host) {
            rest = r;
        } else if rest.contains("://") || rest.starts_with("//") {
            return None;
        }
        if !rest.starts_with('/') {
            return None;
        }
        if !self.baseurl.is_empty() {
            if let Some(r) = rest.strip_prefix(self.baseurl.as_str()) {
                if r.is_empty() || r.starts_with('/') {
                    rest = if r.is_empty() { "/" } else { r };
                }
            }
        }
        let end = rest.find(['?', '#']).unwrap_or(rest.len());
        Some(&rest[..end])
    }

    /// What a link written as `href` in a post points at.
    pub fn resolve(&self, href: &str) -> LinkTarget {
        let href = href.trim();
        if let Some(id) = href.strip_prefix('#') {
            return LinkTarget::Fragment { id: id.to_owned() };
        }
        if let Some(path) = self.local_path(href) {
            if let Some(post) = self.by_url.get(path) {
                let fragment = href
                    .split_once('#')
                    .map(|(_, f)| f.to_owned())
                    .filter(|f| !f.is_empty());
                return LinkTarget::Post {
                    post: post.clone(),
                    fragment,
                };
            }
        }
        LinkTarget::Url {
            url: self.absolute(href),
        }
    }

    /// `href` made absolute on the site's URL when it is site-relative (`/about/`), so that a
    /// reader of the book can still follow it; other links unchanged.
    pub fn absolute(&self, href: &str) -> String {
        match (&self.url, href.starts_with('/') && !href.starts_with("//")) {
            (Some(url), true) if !url.is_empty() => {
                let base =
                    if href.starts_with(&format!("{}/", self.baseurl)) || self.baseurl.is_empty() {
                        String::new()
                    } else {
                        self.baseurl.clone()
                    };
                format!("{url}{base}{href}")
            }
            _ => href.to_owned(),
        }
    }
}

fn url_forms(path: &str) -> Vec<String> {
    let mut v = vec![path.to_owned()];
    if let Some(dir) = path.strip_suffix("index.html") {
        v.push(dir.to_owned());
    } else if let Some(stem) = path.strip_suffix(".html") {
        v.push(stem.to_owned());
        v.push(format!("{stem}/"));
    } else if let Some(stem) = path.strip_suffix('/') {
        v.push(format!("{path}index.html"));
        v.push(format!("{stem}.html"));
        v.push(stem.to_owned());
    } else {
        v.push(format!("{path}.html"));
        v.push(format!("{path}/"));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> SiteLinks {
        let mut l = SiteLinks::new(Some("https://example.com".into()), "/blog".into());
        l.add_post(
            "2015-01-18-a",
            "_posts/2015-01-18-a.md",
            "/2015/01/18/a.html",
        );
        l
    }

    #[test]
    fn own_post_links_in_every_form_point_at_the_chapter() {
        let l = links();
        for href in [
            "/2015/01/18/a.html",
            "/blog/2015/01/18/a.html",
            "https://example.com/blog/2015/01/18/a.html",
            "http://www.example.com/blog/2015/01/18/a",
        ] {
            assert_eq!(
                l.resolve(href),
                LinkTarget::Post {
                    post: "2015-01-18-a".into(),
                    fragment: None
                },
                "{href}"
            );
        }
        assert_eq!(
            l.resolve("/blog/2015/01/18/a.html#x"),
            LinkTarget::Post {
                post: "2015-01-18-a".into(),
                fragment: Some("x".into())
            }
        );
    }

    #[test]
    fn other_links_stay_urls_and_site_relative_ones_become_absolute() {
        let l = links();
        assert_eq!(
            l.resolve("https://other.org/x"),
            LinkTarget::Url {
                url: "https://other.org/x".into()
            }
        );
        assert_eq!(
            l.resolve("/about/"),
            LinkTarget::Url {
                url: "https://example.com/blog/about/".into()
            }
        );
        assert_eq!(l.resolve("#top"), LinkTarget::Fragment { id: "top".into() });
    }
}
