//! Inline content: text, emphasis, code, links, images, ruby, math, note references.

use super::{escape, Writer};
use hanmoto_model::assets::AssetState;
use hanmoto_model::{Image, Inline, Length, LinkTarget};

impl<'a> Writer<'a> {
    pub(crate) fn inlines(&mut self, inlines: &'a [Inline]) {
        for i in inlines {
            self.inline(i);
        }
    }

    fn wrapped(&mut self, tag: &str, content: &'a [Inline]) {
        self.push("<");
        self.push(tag);
        self.push(">");
        self.inlines(content);
        self.push("</");
        self.push(tag);
        self.push(">");
    }

    fn inline(&mut self, inline: &'a Inline) {
        match inline {
            Inline::Text { text } => self.prose(text),
            Inline::Emphasis { content } => self.wrapped("em", content),
            Inline::Strong { content } => self.wrapped("strong", content),
            Inline::Strikethrough { content } => self.wrapped("del", content),
            Inline::Superscript { content } => self.wrapped("sup", content),
            Inline::Subscript { content } => self.wrapped("sub", content),
            Inline::Code {
                text,
                language,
                tokens,
            } => {
                match language.as_deref().map(escape::class_token) {
                    Some(lang) if !lang.is_empty() => {
                        self.push(&format!("<code class=\"highlight language-{lang}\">"))
                    }
                    _ => self.push("<code>"),
                }
                self.highlighted(text, 0, tokens);
                self.push("</code>");
            }
            Inline::Link {
                target,
                title,
                content,
            } => self.link(target, title.as_deref(), content),
            Inline::Image(img) => self.image(img),
            Inline::LineBreak => self.push("<br/>"),
            Inline::FootnoteReference { label } => self.footnote_reference(label),
            Inline::Ruby { base, text } => {
                // `<rp>` keeps the reading readable where ruby is not supported: 漢字（かんじ）.
                self.push("<ruby>");
                self.prose(base);
                self.push("<rp>（</rp><rt>");
                self.text(text);
                self.push("</rt><rp>）</rp></ruby>");
            }
            Inline::Math {
                tex,
                mathml: Some(mathml),
            } => self.mathml(tex, mathml),
            // TeX that could not be converted (a warning said so): its source.
            Inline::Math { tex, mathml: None } => {
                self.push("<code class=\"math\">$");
                self.text(tex);
                self.push("$</code>");
            }
        }
    }

    fn link(&mut self, target: &LinkTarget, title: Option<&str>, content: &'a [Inline]) {
        let href = if self.in_link {
            None
        } else {
            self.href(target)
        };
        let Some(href) = href else {
            // No place to go in the book (or already inside a link): keep the words.
            self.push("<span class=\"link-unresolved\">");
            self.inlines(content);
            self.push("</span>");
            return;
        };
        self.push("<a href=\"");
        self.attr(&href);
        self.push("\"");
        if let Some(t) = title.filter(|t| !t.is_empty()) {
            self.push(" title=\"");
            self.attr(t);
            self.push("\"");
        }
        self.push(">");
        self.in_link = true;
        self.inlines(content);
        self.in_link = false;
        self.push("</a>");
    }

    /// Where a link goes in the package, or `None` when it would dangle (EPUBCheck RSC-007/012).
    fn href(&self, target: &LinkTarget) -> Option<String> {
        match target {
            LinkTarget::Url { url } => external_href(url),
            LinkTarget::Fragment { id } => self.anchors.heading(id).map(|id| format!("#{id}")),
            LinkTarget::Post { post, fragment } => {
                let file = (self.ctx.chapter_of)(post)?;
                let fragment = fragment.as_deref().and_then(|f| {
                    let target = self.ctx.book.posts.iter().find(|p| p.meta.id == *post)?;
                    super::Anchors::of_post(target)
                        .heading(f)
                        .map(str::to_string)
                });
                Some(match fragment {
                    Some(f) => format!("{file}#{f}"),
                    None => file,
                })
            }
        }
    }

    fn footnote_reference(&mut self, label: &str) {
        let note = if self.in_link {
            None
        } else {
            self.note_ref(label)
        };
        match note {
            Some(n) => {
                self.push(
                    "<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#",
                );
                self.attr(&n.note_id);
                self.push("\" id=\"");
                self.attr(&n.ref_id);
                self.push(&format!("\">{}</a></sup>", n.number));
            }
            None => {
                // A reference without a note: show what was written rather than a dead link.
                self.push("<sup class=\"noteref-missing\">[");
                self.text(label);
                self.push("]</sup>");
            }
        }
    }

    fn image(&mut self, img: &Image) {
        match (self.ctx.image)(img.asset) {
            Some(r) => {
                self.push("<img src=\"");
                self.attr(&r.href);
                self.push("\" alt=\"");
                self.attr(&img.alt);
                self.push("\"");
                if let Some(t) = img.title.as_deref().filter(|t| !t.is_empty()) {
                    self.push(" title=\"");
                    self.attr(t);
                    self.push("\"");
                }
                if r.width > 0 && r.height > 0 {
                    // The intrinsic size lets readers reserve the box before decoding.
                    self.push(&format!(" width=\"{}\" height=\"{}\"", r.width, r.height));
                }
                if let Some(css) = image_width(img, r.width, r.height) {
                    self.push(" style=\"width: ");
                    self.push(&css);
                    self.push("\"");
                }
                self.push("/>");
            }
            None => self.missing_image(img),
        }
    }

    /// The alt text (and the remote URL as a link) where an image could not be had.
    fn missing_image(&mut self, img: &Image) {
        let url = match self.ctx.book.assets.get(img.asset).map(|a| &a.state) {
            Some(AssetState::Missing { url: Some(u), .. }) => Some(u.as_str()),
            _ => None,
        }
        .or_else(|| Some(img.src.as_str()).filter(|s| is_web_url(s)));
        let href = url.and_then(external_href);
        let label = if img.alt.trim().is_empty() {
            img.src.as_str()
        } else {
            img.alt.as_str()
        };
        self.push("<span class=\"image-missing\"><span class=\"image-alt\">");
        self.text(label);
        self.push("</span>");
        if let (Some(url), Some(href), false) = (url, href, self.in_link) {
            self.push(" <a class=\"image-url\" href=\"");
            self.attr(&href);
            self.push("\">");
            self.text(url);
            self.push("</a>");
        }
        self.push("</span>");
    }
}

/// The CSS width the author asked for (`400px`, `50%`); a lone `height` becomes the width that
/// keeps the aspect, so the stylesheet's `max-width: 100%; height: auto` can cap it.
fn image_width(img: &Image, w: u32, h: u32) -> Option<String> {
    match (img.width, img.height) {
        (Some(Length::Px(px)), _) => Some(format!("{}px", round(px))),
        (Some(Length::Percent(p)), _) => Some(format!("{}%", round(p.min(100.0)))),
        (None, Some(Length::Px(px))) if w > 0 && h > 0 => {
            Some(format!("{}px", round(px * w as f32 / h as f32)))
        }
        _ => None,
    }
}

/// At most two decimals, no trailing zeros: `400`, `33.33`.
fn round(v: f32) -> String {
    let s = format!("{:.2}", v);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn is_web_url(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// An `href` for a link leaving the book: only schemes a reading system can follow (never
/// `javascript:`), protocol-relative URLs made `https:`, and characters a URI cannot hold
/// (spaces, `"<>\^`{|}`) percent-encoded so EPUBCheck does not report RSC-020.
pub(crate) fn external_href(url: &str) -> Option<String> {
    let url = url.trim();
    let url = match url.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => url.to_string(),
    };
    let scheme = url.split_once(':')?.0.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel" | "ftp") {
        return None;
    }
    // What browsers repair silently but EPUBCheck 5 refuses (RSC-020 "not a valid URL"): a
    // second `#` (`…/page#/#7599`), a `%` that starts no escape, brackets outside an IPv6
    // host, and the characters URLs never hold as they are.
    let authority_end = url
        .find("://")
        .map(|i| i + 3)
        .map(|start| {
            url[start..]
                .find(['/', '?', '#'])
                .map_or(url.len(), |i| start + i)
        })
        .unwrap_or(0);
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    let mut in_fragment = false;
    for (i, c) in url.char_indices() {
        match c {
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            '#' if in_fragment => out.push_str("%23"),
            '#' => {
                in_fragment = true;
                out.push('#');
            }
            '%' if !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)) =>
            {
                out.push_str("%25")
            }
            '[' | ']' if i >= authority_end => out.push_str(&format!("%{:02X}", c as u32)),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Some(out)
}
