//! A post's URL on the blog, from Jekyll's `permalink` setting (site-wide style or template, or the
//! post's own `permalink`). Links between posts are matched against these URLs.

use chrono::{DateTime, Datelike, FixedOffset};

pub struct PermalinkParts<'a> {
    pub date: DateTime<FixedOffset>,
    pub slug: &'a str,
    pub categories: &'a [String],
    /// `.html` for posts.
    pub output_ext: &'a str,
}

/// Jekyll's built-in styles.
fn template_for(style: &str) -> &str {
    match style {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        other => other,
    }
}

pub fn post_url(permalink: &str, p: &PermalinkParts) -> String {
    let template = template_for(permalink.trim());
    let d = p.date;
    let cats: Vec<String> = p
        .categories
        .iter()
        .map(|c| slug_part(&c.to_lowercase()))
        .collect();
    let mut out = String::new();
    let mut rest = template;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let name = &after[..name_len];
        let value = match name {
            "year" => format!("{:04}", d.year()),
            "month" => format!("{:02}", d.month()),
            "i_month" => d.month().to_string(),
            "short_month" => d.format("%b").to_string(),
            "day" => format!("{:02}", d.day()),
            "i_day" => d.day().to_string(),
            "y_day" => format!("{:03}", d.ordinal()),
            "short_year" => format!("{:02}", d.year() % 100),
            "hour" => d.format("%H").to_string(),
            "minute" => d.format("%M").to_string(),
            "second" => d.format("%S").to_string(),
            "week" => format!("{:02}", d.iso_week().week()),
            "short_day" => d.format("%a").to_string(),
            "long_day" => d.format("%A").to_string(),
            "title" => p.slug.to_owned(),
            "slug" => p.slug.to_owned(),
            "name" => p.slug.to_owned(),
            "categories" => cats.join("/"),
            "output_ext" => p.output_ext.to_owned(),
            _ => {
                out.push(':');
                out.push_str(name);
                rest = &after[name_len..];
                continue;
            }
        };
        out.push_str(&value);
        rest = &after[name_len..];
    }
    out.push_str(rest);
    // Empty placeholders leave `//`; Jekyll squeezes them.
    let mut clean = String::with_capacity(out.len() + 1);
    for c in out.chars() {
        if c == '/' && clean.ends_with('/') {
            continue;
        }
        clean.push(c);
    }
    if !clean.starts_with('/') {
        clean.insert(0, '/');
    }
    clean
}

fn slug_part(s: &str) -> String {
    s.replace(' ', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(cats: &'a [String]) -> PermalinkParts<'a> {
        PermalinkParts {
            date: chrono::DateTime::parse_from_rfc3339("2015-01-18T10:00:00+09:00").unwrap(),
            slug: "docker-meetup-tokyo-4",
            categories: cats,
            output_ext: ".html",
        }
    }

    #[test]
    fn default_date_style() {
        assert_eq!(
            post_url("date", &parts(&[])),
            "/2015/01/18/docker-meetup-tokyo-4.html"
        );
        assert_eq!(
            post_url("date", &parts(&["Tech".into()])),
            "/tech/2015/01/18/docker-meetup-tokyo-4.html"
        );
    }

    #[test]
    fn pretty_none_and_templates() {
        assert_eq!(
            post_url("pretty", &parts(&[])),
            "/2015/01/18/docker-meetup-tokyo-4/"
        );
        assert_eq!(post_url("none", &parts(&[])), "/docker-meetup-tokyo-4.html");
        assert_eq!(
            post_url("/blog/:year/:title/", &parts(&[])),
            "/blog/2015/docker-meetup-tokyo-4/"
        );
    }
}
