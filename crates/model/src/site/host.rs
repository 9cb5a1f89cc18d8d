//! The site's own host, as both link resolution (`links`) and image resolution
//! (`assets::resolve`) recognise it: a blog links and embeds its own pages by full URL too.

/// The host of the site's `url` (`https://www.Example.com/blog/` → `example.com`): lowercase,
/// without `www.`, with its port; a `url` written without a scheme is read as a host. Empty
/// when `url` is empty or uses another scheme than http(s).
pub(crate) fn own_host(url: &str) -> String {
    let url = url.trim();
    let rest = match url.split_once("://") {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            rest
        }
        Some(_) => return String::new(),
        None => url.strip_prefix("//").unwrap_or(url),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    without_www(&authority.to_ascii_lowercase()).to_owned()
}

/// Whether `authority` (the part of a URL between `//` and the path) is the site's own host:
/// http and https, upper or lower case, with or without `www.`, are the same site.
pub(crate) fn is_own_host(authority: &str, own: &str) -> bool {
    !own.is_empty() && without_www(&authority.to_ascii_lowercase()) == own
}

/// The path, query and fragment of an absolute http(s) `href` (`https://example.com/a?b` →
/// `/a?b`; `/` for the bare host), when its host is the site's own.
pub(crate) fn own_site_rest<'a>(href: &'a str, own: &str) -> Option<&'a str> {
    let (scheme, rest) = href.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if !is_own_host(authority, own) {
        return None;
    }
    Some(if tail.is_empty() { "/" } else { tail })
}

fn without_www(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_host_is_lowercase_without_www_and_scheme() {
        assert_eq!(own_host("https://www.Example.com/blog/"), "example.com");
        assert_eq!(own_host("http://example.com:4000"), "example.com:4000");
        assert_eq!(own_host("example.com"), "example.com");
        assert_eq!(own_host("ftp://example.com"), "");
        assert_eq!(own_host(""), "");
    }

    #[test]
    fn same_site_in_any_spelling_and_no_other() {
        let own = own_host("https://example.com");
        assert_eq!(
            own_site_rest("http://www.EXAMPLE.com/a/b.html#x", &own),
            Some("/a/b.html#x")
        );
        assert_eq!(own_site_rest("https://example.com", &own), Some("/"));
        assert_eq!(own_site_rest("https://example.com?q", &own), Some("?q"));
        assert_eq!(own_site_rest("https://example.com.evil/a", &own), None);
        assert_eq!(own_site_rest("https://sub.example.com/a", &own), None);
        assert_eq!(own_site_rest("mailto:me@example.com", &own), None);
        assert_eq!(own_site_rest("https://example.com/a", ""), None);
    }
}
