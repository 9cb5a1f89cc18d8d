//! HTML (in Markdown, or a whole `.html` post) read with a real tokenizer into the block tree.
//!
//! Only what a book can show is kept: the tags bloggers use map to the model, wrappers give
//! their content, anything else keeps its text with a warning. `script`, `style`, event
//! attributes and `javascript:` URLs never reach the model: attributes are read by name only
//! (`src`, `href`, `alt`, …), so `on*` ones are never looked at.

use super::block_html::{content_is_markdown, VOID_ELEMENTS};
use super::forms;
use super::tree::{Kind, Origin, Tree};
use super::whitespace::apply_size;
use crate::document::{Block, Inline, LinkTarget};
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::collections::BTreeMap;

type Attrs = BTreeMap<String, String>;

/// Reads `text` into `tree`. `pieces` maps offsets in `text` to offsets in the body
/// (`(offset_in_text, offset_in_body)`, ascending), for the lines of diagnostics and images.
pub(super) fn read_html(tree: &mut Tree, text: &str, pieces: &[(usize, usize)]) {
    read(tree, text, pieces, false);
}

/// An HTML block: with the site's `parse_block_html`, its outermost elements read their content
/// as Markdown (as kramdown does; nested ones follow from that Markdown).
pub(super) fn read_block_html(tree: &mut Tree, text: &str, pieces: &[(usize, usize)]) {
    let on = super::block_html::parse_block_html_at(
        tree.ctx.kramdown.parse_block_html,
        &tree.parse_block_html_from,
        tree.body_line(body_offset(pieces, 0)),
    );
    read(tree, text, pieces, on);
}

fn read(tree: &mut Tree, text: &str, pieces: &[(usize, usize)], parse_block_html: bool) {
    // Elements open in `text`: only the outermost take `parse_block_html`.
    let mut depth = 0usize;
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script and style content is one raw text token, not markup.
    emitter.naively_switch_states(true);
    // Tokens before this offset were read as Markdown (`<div markdown="1">`).
    let mut resume_at = 0;
    let markup = noscript_as_markup(text);
    for token in Tokenizer::new_with_emitter(&*markup, emitter).flatten() {
        match token {
            Token::StartTag(tag) if tag.span.start >= resume_at => {
                tree.pos = body_offset(pieces, tag.span.start);
                let name = lossy(&tag.name).to_ascii_lowercase();
                let attrs: Attrs = tag
                    .attributes
                    .iter()
                    .map(|(k, v)| (lossy(k).to_ascii_lowercase(), lossy(v)))
                    .collect();
                start_tag(tree, &name, &attrs, tag.self_closing);
                let mode = match attrs.get("markdown") {
                    Some(m) => markdown_mode(&name, m),
                    None if parse_block_html && depth == 0 && content_is_markdown(&name) => {
                        markdown_mode(&name, "1")
                    }
                    None => None,
                };
                if !tag.self_closing && !VOID_ELEMENTS.contains(&name.as_str()) {
                    depth += 1;
                }
                if let (Some(spans_only), false, true) = (
                    mode,
                    tag.self_closing || tree.skip_until.is_some(),
                    tree.markdown_in_html_depth < MAX_MARKDOWN_IN_HTML,
                ) {
                    let start = tag.span.end.min(text.len());
                    let end = matching_end_tag(text, start, &name);
                    read_markdown_content(tree, text, pieces, start..end, spans_only);
                    resume_at = end;
                }
            }
            Token::StartTag(_) => {}
            Token::String(s) if s.span.start < resume_at => {}
            Token::EndTag(tag) if tag.span.start >= resume_at => {
                depth = depth.saturating_sub(1);
                tree.pos = body_offset(pieces, tag.span.start);
                end_tag(tree, &lossy(&tag.name).to_ascii_lowercase());
            }
            Token::String(s) => {
                if tree.skip_until.is_none() {
                    tree.pos = body_offset(pieces, s.span.start);
                    text_token(tree, &lossy(&s.value));
                }
            }
            Token::EndTag(_) | Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
}

/// `markdown="1"` inside `markdown="1"` … beyond this the content is read as HTML.
const MAX_MARKDOWN_IN_HTML: usize = 16;

/// kramdown's `markdown` attribute: `Some(true)` to read the content as Markdown spans only,
/// `Some(false)` as Markdown blocks, `None` to leave it HTML. `"1"` follows the element's
/// content model (kramdown's `HTML_CONTENT_MODEL`); raw elements (`pre`, `code`) stay HTML.
fn markdown_mode(name: &str, value: &str) -> Option<bool> {
    match value.trim() {
        "block" => Some(false),
        "span" => Some(true),
        "1" if BLOCK_CONTENT.contains(&name) => Some(false),
        "1" if !RAW_CONTENT.contains(&name) => Some(true),
        _ => None,
    }
}

const BLOCK_CONTENT: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "fieldset",
    "figure",
    "figcaption",
    "footer",
    "form",
    "header",
    "hgroup",
    "li",
    "main",
    "nav",
    "noscript",
    "section",
    "summary",
    "td",
    "center",
];
const RAW_CONTENT: &[&str] = &[
    "script", "style", "math", "option", "textarea", "pre", "code", "kbd", "samp", "var",
];

/// `<noscript>` read as a browser without scripts reads it, as markup (a book runs no script;
/// the content is what a reader should see: a poll's link, an embed's fallback). html5gum's
/// naive state switching treats it as raw text (a browser *with* scripts), which showed
/// `<a href=…>` as text. The tags become `<div>` wrappers of the same length, so every offset
/// (spans, `markdown="1"` resumption) stays true.
fn noscript_as_markup(text: &str) -> std::borrow::Cow<'_, str> {
    const OPEN: &str = "<noscript";
    const CLOSE: &str = "</noscript";
    let lower = text.to_ascii_lowercase();
    if !lower.contains(OPEN) {
        return text.into();
    }
    let mut out = text.as_bytes().to_vec();
    for (needle, with) in [(OPEN, "<div     "), (CLOSE, "</div     ")] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(needle) {
            let at = from + i;
            let end = at + needle.len();
            // Only the whole tag name: `<noscripts>` is another element.
            let next = lower.as_bytes().get(end).copied();
            if next.is_none_or(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/') {
                out[at..end].copy_from_slice(with.as_bytes());
            }
            from = end;
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes of the same length.
    String::from_utf8(out).map_or_else(|_| text.into(), Into::into)
}

/// Offset of the end tag closing the `name` element whose content starts at `start` (nested
/// elements of the same name counted), or the end of `text`.
fn matching_end_tag(text: &str, start: usize, name: &str) -> usize {
    let Some(rest) = text.get(start..) else {
        return text.len();
    };
    let mut depth = 0usize;
    let emitter = DefaultEmitter::<usize>::new_with_span();
    for token in Tokenizer::new_with_emitter(rest, emitter).flatten() {
        match token {
            Token::StartTag(t) if !t.self_closing && lossy(&t.name).eq_ignore_ascii_case(name) => {
                depth += 1;
            }
            Token::EndTag(t) if lossy(&t.name).eq_ignore_ascii_case(name) => {
                if depth == 0 {
                    return start + t.span.start;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    text.len()
}

/// Reads `text[range]` as Markdown, keeping its offsets (and so file lines) in the body.
fn read_markdown_content(
    tree: &mut Tree,
    text: &str,
    pieces: &[(usize, usize)],
    range: std::ops::Range<usize>,
    spans_only: bool,
) {
    let Some(content) = text.get(range.clone()) else {
        return;
    };
    let mut inner = vec![(0, body_offset(pieces, range.start))];
    inner.extend(
        pieces
            .iter()
            .filter(|&&(t, _)| t > range.start && t < range.end)
            .map(|&(t, b)| (t - range.start, b)),
    );
    if spans_only {
        // A Markdown paragraph frame keeps every block read inside it in its running text.
        tree.open_markdown_spans();
    }
    tree.markdown_in_html_depth += 1;
    super::events::read_markdown_in_html(tree, content, &inner);
    tree.markdown_in_html_depth -= 1;
    if spans_only {
        tree.end_markdown();
    }
}

/// `.html` posts: the whole body is HTML.
pub(super) fn read_html_document(tree: &mut Tree, text: &str) {
    read_html(tree, text, &[(0, 0)]);
}

pub(super) fn body_offset(pieces: &[(usize, usize)], offset: usize) -> usize {
    let i = pieces
        .partition_point(|&(t, _)| t <= offset)
        .saturating_sub(1);
    pieces
        .get(i)
        .map_or(offset, |&(t, b)| b.saturating_add(offset.saturating_sub(t)))
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// What a link points at; `None` (content only) for empty links and for links that would run
/// code (`javascript:`, `vbscript:`, and `data:` — a `data:text/html` page can hold a script).
pub(super) fn link_target(tree: &Tree, href: &str) -> Option<LinkTarget> {
    let href = href.trim();
    if href.is_empty() {
        return None;
    }
    if is_script_url(href) || url_scheme_is(href, "data:") {
        tree.warn(
            "html-script",
            format!(
                "a link to \"{}\" cannot be followed in a book: only its text is kept",
                href.chars().take(40).collect::<String>()
            ),
        );
        return None;
    }
    Some(tree.ctx.links.resolve(href))
}

fn is_script_url(url: &str) -> bool {
    url_scheme_is(url, "javascript:") || url_scheme_is(url, "vbscript:")
}

fn url_scheme_is(url: &str, scheme: &str) -> bool {
    // Browsers ignore tabs and newlines inside the scheme (`java\tscript:`).
    let start: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(scheme.len())
        .collect::<String>()
        .to_ascii_lowercase();
    start == scheme
}

fn text_token(tree: &mut Tree, s: &str) {
    if tree.in_raw_text() {
        tree.push_text(s);
        return;
    }
    // Runs of white space are one space; a newline inside a run stays a soft break, resolved
    // with the Markdown ones when the block closes.
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_whitespace() {
            let mut newline = c == '\n';
            while let Some(d) = chars.peek().copied().filter(char::is_ascii_whitespace) {
                newline |= d == '\n';
                chars.next();
            }
            out.push(if newline { '\n' } else { ' ' });
        } else {
            out.push(c);
        }
    }
    tree.push_text(&out);
}

const WRAPPER_BLOCKS: &[&str] = &[
    "div", "center", "section", "article", "main", "header", "footer", "aside", "nav", "body",
    "html", "noscript", "address", "hgroup", "details",
];
const WRAPPER_INLINES: &[&str] = &[
    "span", "font", "small", "big", "u", "mark", "abbr", "acronym", "cite", "q", "time", "ins",
    "bdi", "bdo", "wbr", "rb", "dfn", "nobr", "tbody", "tfoot", "picture", "colgroup", "col",
];
const SILENT_SKIPS: &[&str] = &["style", "template", "head", "title"];
const VOIDS: &[&str] = &["meta", "link", "base", "source", "track", "param", "area"];
fn start_tag(tree: &mut Tree, name: &str, attrs: &Attrs, self_closing: bool) {
    if tree.skip_until.is_some() {
        return;
    }
    let attr = |k: &str| attrs.get(k).map(String::as_str);
    let html = || Origin::Html(name.to_owned());
    let in_inline = tree.in_inline_context();
    match name {
        "script" => {
            tree.warn(
                "html-script",
                "a <script> cannot run in a book: it was dropped".to_owned(),
            );
            skip(tree, name, self_closing);
        }
        "iframe" => {
            // `data:` too: a `data:text/html` frame is a page of its own, scripts included.
            if let Some(src) = attr("src")
                .filter(|s| !s.trim().is_empty() && !is_script_url(s) && !url_scheme_is(s, "data:"))
            {
                let url = tree.ctx.links.absolute(src.trim());
                let title = attr("title")
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map_or_else(|| embed_title(&url), str::to_owned);
                tree.push_block(Block::Embed { url, title });
            }
            skip(tree, name, self_closing);
        }
        "rp" => skip(tree, name, self_closing),
        n if SILENT_SKIPS.contains(&n) => skip(tree, name, self_closing),
        n if VOIDS.contains(&n) => {}
        n if forms::is_form_tag(n) => forms::start_tag(tree, name, attrs, self_closing),
        "img" => image(tree, attrs),
        "br" => tree.push_inline(Inline::LineBreak),
        "hr" if !in_inline => tree.push_block(Block::ThematicBreak),
        "hr" => tree.push_inline(Inline::LineBreak),
        "a" => {
            // A link inside a link is not allowed in HTML: the new one closes the old one.
            tree.close_html("a");
            let target = attr("href").and_then(|h| link_target(tree, h));
            let title = attr("title").map(str::to_owned).filter(|t| !t.is_empty());
            if target.is_some() {
                tree.open(Kind::Link { target, title }, html());
            }
        }
        "strong" | "b" => tree.open(Kind::Strong, html()),
        "em" | "i" | "var" => tree.open(Kind::Emphasis, html()),
        "del" | "s" | "strike" => tree.open(Kind::Strikethrough, html()),
        "sup" => tree.open(Kind::Superscript, html()),
        "sub" => tree.open(Kind::Subscript, html()),
        "code" | "kbd" | "samp" | "tt" if !tree.in_raw_text() => tree.open(
            Kind::Code {
                text: String::new(),
            },
            html(),
        ),
        "ruby" => tree.open(Kind::Ruby { pairs: Vec::new() }, html()),
        "rt" => {
            if matches!(tree.top_kind(), Some(Kind::Ruby { .. })) {
                tree.open(Kind::Rt, html());
            }
        }
        n if WRAPPER_INLINES.contains(&n) => {}
        // Before the inline check: `<dt>a<dd>b` ends the open term.
        "dt" | "dd" if !in_inline || tree.html_open_within("dl", |_| false) => {
            tree.close_to_definition_list();
            let kind = if name == "dt" {
                Kind::DefinitionTerm
            } else {
                Kind::Definition
            };
            tree.open(kind, html());
        }
        // Block-level tags inside running text are only wrappers.
        _ if in_inline && is_block_tag(name) => {}
        n if WRAPPER_BLOCKS.contains(&n) => tree.break_paragraph(),
        "p" => {
            tree.close_html("p");
            tree.open(Kind::Paragraph, html());
        }
        "dl" => tree.open(Kind::DefinitionList { items: Vec::new() }, html()),

        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = name.as_bytes().get(1).map_or(2, |d| d - b'0');
            let id = attr("id").map(str::to_owned).filter(|s| !s.is_empty());
            let classes = attr("class")
                .map(|c| c.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default();
            tree.open(Kind::Heading { level, id, classes }, html());
        }
        "blockquote" => tree.open(Kind::BlockQuote, html()),
        "figure" => tree.open(
            Kind::Figure {
                caption: Vec::new(),
            },
            html(),
        ),
        "figcaption" => tree.open(Kind::Figcaption, html()),
        "ul" | "ol" => {
            let start = attr("start").and_then(|s| s.trim().parse().ok());
            tree.open(
                Kind::List {
                    ordered: name == "ol",
                    start: if name == "ol" {
                        start.or(Some(1))
                    } else {
                        None
                    },
                    tight: true,
                    items: Vec::new(),
                },
                html(),
            );
        }
        "li" => {
            if tree.html_open_within("li", |k| matches!(k, Kind::List { .. })) {
                tree.close_html("li");
            }
            tree.open(Kind::Item { checked: None }, html());
        }
        "pre" => {
            let language = attr("class").and_then(language_from_class);
            tree.open(
                Kind::CodeBlock {
                    language,
                    line_numbers: false,
                    text: String::new(),
                },
                html(),
            );
        }
        "code" => {
            // `<pre><code class="language-ruby">`: the language is on the inner tag.
            if let (Some(lang), Some(Kind::CodeBlock { language, .. })) = (
                attr("class").and_then(language_from_class),
                tree.find_kind_mut(|k| matches!(k, Kind::CodeBlock { .. })),
            ) {
                language.get_or_insert(lang);
            }
        }
        "table" => tree.open(
            Kind::Table {
                alignments: Vec::new(),
                header: Vec::new(),
                rows: Vec::new(),
                in_head: false,
            },
            html(),
        ),
        "thead" => {
            if let Some(Kind::Table { in_head, .. }) = tree.top_kind_mut() {
                *in_head = true;
            }
        }
        "tr" => {
            tree.close_html("tr");
            tree.open(
                Kind::Row {
                    cells: Vec::new(),
                    header: false,
                },
                html(),
            );
        }
        "th" | "td" => {
            tree.close_html("th");
            tree.close_html("td");
            if name == "th" {
                if let Some(Kind::Row { header, cells }) = tree.top_kind_mut() {
                    *header = cells.is_empty() || *header;
                }
            } else if let Some(Kind::Row { header, .. }) = tree.top_kind_mut() {
                *header = false;
            }
            tree.open(Kind::Cell, html());
        }
        "caption" => {}
        _ => tree.warn_tag_once(
            "html-unknown-tag",
            name,
            format!("<{name}> is not known to hanmoto: only its text is kept"),
        ),
    }
}

fn end_tag(tree: &mut Tree, name: &str) {
    if let Some(skipping) = &tree.skip_until {
        if skipping == name {
            tree.skip_until = None;
        }
        return;
    }
    match name {
        "br" => tree.push_inline(Inline::LineBreak),
        "strong" | "b" | "em" | "i" | "var" | "del" | "s" | "strike" | "sup" | "sub" | "code"
        | "kbd" | "samp" | "tt" | "a" | "ruby" | "rt" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        | "blockquote" | "figure" | "figcaption" | "ul" | "ol" | "li" | "pre" | "table" | "tr"
        | "th" | "td" => {
            tree.close_html(name);
        }
        "p" => {
            tree.close_html("p");
        }
        "dl" | "dt" | "dd" => {
            tree.close_html(name);
        }
        "thead" => {
            tree.close_html("tr");
            if let Some(Kind::Table { in_head, .. }) = tree.top_kind_mut() {
                *in_head = false;
            }
        }
        n if WRAPPER_BLOCKS.contains(&n) && !tree.in_inline_context() => tree.break_paragraph(),
        n if forms::is_form_tag(n) => forms::end_tag(tree, name),
        _ => {}
    }
}

fn skip(tree: &mut Tree, name: &str, self_closing: bool) {
    if !self_closing {
        tree.skip_until = Some(name.to_owned());
    }
}

fn image(tree: &mut Tree, attrs: &Attrs) {
    let alt = attrs.get("alt").cloned().unwrap_or_default();
    let Some(src) = attrs
        .get("src")
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && !is_script_url(s))
    else {
        // No picture to show: the alt text still says what was there.
        tree.push_text(&alt);
        return;
    };
    let span = tree.span_here();
    let mut img = crate::document::Image {
        asset: tree.ctx.assets.request(src, span),
        src: src.to_owned(),
        alt,
        title: attrs.get("title").cloned().filter(|t| !t.is_empty()),
        width: None,
        height: None,
    };
    let size: Vec<(String, String)> = ["width", "height"]
        .iter()
        .filter_map(|k| attrs.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect();
    apply_size(&mut img, &size);
    tree.push_inline(Inline::Image(img));
}

fn language_from_class(class: &str) -> Option<String> {
    class
        .split_whitespace()
        .find_map(|c| {
            c.strip_prefix("language-")
                .or_else(|| c.strip_prefix("lang-"))
        })
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
}

/// "YouTube video", "Speaker Deck slides", else the host: what a reader sees instead of a player.
fn embed_title(url: &str) -> String {
    let host = url
        .split_once("//")
        .map_or(url, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    let known = [
        ("youtube.com", "YouTube video"),
        ("youtube-nocookie.com", "YouTube video"),
        ("youtu.be", "YouTube video"),
        ("vimeo.com", "Vimeo video"),
        ("speakerdeck.com", "Speaker Deck slides"),
        ("slideshare.net", "SlideShare slides"),
        ("google.com", "Google embed"),
        ("twitter.com", "Tweet"),
        ("x.com", "Tweet"),
        ("codepen.io", "CodePen"),
        ("gist.github.com", "GitHub Gist"),
    ];
    known
        .iter()
        .find(|(h, _)| host == *h || host.ends_with(&format!(".{h}")))
        .map_or_else(
            || {
                if host.is_empty() {
                    "Embedded content".to_owned()
                } else {
                    format!("Embedded content from {host}")
                }
            },
            |(_, t)| (*t).to_owned(),
        )
}

fn is_block_tag(name: &str) -> bool {
    WRAPPER_BLOCKS.contains(&name)
        || matches!(
            name,
            "p" | "dl"
                | "dt"
                | "dd"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "blockquote"
                | "figure"
                | "figcaption"
                | "ul"
                | "ol"
                | "li"
                | "pre"
                | "table"
                | "thead"
                | "tr"
                | "th"
                | "td"
        )
}
