//! pulldown-cmark events streamed into the block tree (no intermediate HTML).

use super::emphasis;
use super::extensions::{NOMARKDOWN_CLOSE, NOMARKDOWN_OPEN};
use super::html;
use super::kramdown::Ial;
use super::mathjax;
use super::rewrite::Rewritten;
use super::tree::{Kind, Origin, Tree};
use super::typography;
use super::whitespace::apply_size;
use crate::document::{Alignment, Inline};
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

pub(super) fn options() -> Options {
    // pulldown-cmark's smart punctuation stays off: its rules are not kramdown's (`typography`
    // converts the text events instead).
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        // kramdown's `term` / `: definition`; same syntax for the common case (see
        // `escape_colon_lines` for the one difference).
        | Options::ENABLE_DEFINITION_LIST
}

/// kramdown needs white space after a definition's `:`; pulldown-cmark also takes `:text`. Those
/// `:` are escaped so the line stays text, as on the blog. Lines stay lines.
pub(super) fn escape_colon_lines(text: &mut String) {
    let suspect = text.lines().any(|l| {
        let t = l.trim_start_matches(' ');
        l.len() - t.len() < 4 && t.starts_with(':') && !t[1..].starts_with([' ', '\t'])
    });
    if !suspect {
        return;
    }
    let escapes: Vec<usize> = Parser::new_ext(text, options())
        .into_offset_iter()
        .filter(|(e, r)| {
            matches!(e, Event::Start(Tag::DefinitionListDefinition))
                && text.as_bytes().get(r.start) == Some(&b':')
                && !matches!(text.as_bytes().get(r.start + 1), Some(b' ' | b'\t'))
        })
        .map(|(_, r)| r.start)
        .collect();
    for at in escapes.into_iter().rev() {
        text.insert(at, '\\');
    }
}

/// Reads the rewritten body into `tree`.
pub(super) fn read_markdown(
    tree: &mut Tree,
    body: &Rewritten,
    block_ials: &HashMap<usize, Ial>,
    found: &[mathjax::Found],
) {
    read_fragment(tree, &body.text, &body.pieces, block_ials, found);
}

/// Reads Markdown found inside HTML (`<div markdown="1">`): `pieces` maps its offsets to the
/// body's, as for `html::read_html`.
pub(super) fn read_markdown_in_html(tree: &mut Tree, text: &str, pieces: &[(usize, usize)]) {
    read_fragment(tree, text, pieces, &HashMap::new(), &[]);
}

fn read_fragment(
    tree: &mut Tree,
    source: &str,
    source_pieces: &[(usize, usize)],
    block_ials: &HashMap<usize, Ial>,
    found: &[mathjax::Found],
) {
    let paired = emphasis::kramdown_emphasis(source, source_pieces);
    let (source, source_pieces) = match &paired {
        Some((text, pieces)) => (text.as_str(), pieces.as_slice()),
        None => (source, source_pieces),
    };
    let mut html_block: Option<(String, Vec<(usize, usize)>)> = None;
    // Inside a `<…>` autolink kramdown does not read as a link (see `autolink`).
    let mut in_autolink: Option<Autolink> = None;
    // The character kramdown's span scanner still sees before the next text (see `typography`).
    let mut prev_char: Option<char> = None;
    let mut autolinks = 0usize;
    // Prose text as typed, gathered over adjacent text events (pulldown-cmark splits a run such
    // as `|----|` where kramdown scans it whole), converted when something else comes.
    let mut prose: Option<Prose> = None;
    let events = Parser::new_ext(source, options()).into_offset_iter();
    let events: Box<dyn Iterator<Item = (Event, Range<usize>)>> = if found.is_empty() {
        Box::new(events)
    } else {
        Box::new(mathjax::unmask(events, source, source_pieces, found))
    };
    for (event, raw) in events {
        if let Event::Text(s) = &event {
            let at = html::body_offset(source_pieces, raw.start);
            let as_typed = source.get(raw.clone()) == Some(&**s);
            if as_typed
                && tree.skip_until.is_none()
                && autolinks == 0
                && in_autolink.is_none()
                && !tree.in_verbatim_text()
            {
                // The rewrite may have added escapes (`\-` so a line is no setext underline)
                // that the author never typed and kramdown never saw: an escape counts only if
                // the post body has it too.
                let escaped = is_escaped(source, raw.start) && is_escaped(tree.body_text(), at);
                match &mut prose {
                    Some(p)
                        if !escaped && (p.raw.end == raw.start || p.raw.end + 1 == raw.start) =>
                    {
                        p.text.push_str(s);
                        p.raw.end = raw.end;
                        continue;
                    }
                    _ => {}
                }
                flush_prose(tree, source, &mut prose, &mut prev_char);
                let mut start = raw.start;
                let mut before = prev_char.take();
                if escaped {
                    // pulldown-cmark starts the text of `\"` at the quote: kramdown's escape
                    // keeps that character as typed, and nothing before the rest stays visible.
                    if let Some(c) = s.chars().next() {
                        tree.pos = at;
                        tree.push_text(c.encode_utf8(&mut [0; 4]));
                        start += c.len_utf8();
                    }
                    before = None;
                }
                prose = Some(Prose {
                    text: source[start..raw.end].to_owned(),
                    raw: start..raw.end,
                    at,
                    before,
                });
                continue;
            }
        }
        // `<<x>>`: kramdown takes `<<` as a guillemet before any tag, so `<x>` after a `<` is
        // text, where CommonMark read an HTML tag.
        if let (Event::InlineHtml(s), Some(p)) = (&event, &mut prose) {
            if tree.ctx.kramdown.typography.symbols
                && p.raw.end == raw.start
                && p.text.ends_with('<')
                && !p.text.ends_with("\\<")
            {
                p.text.push_str(s);
                p.raw.end = raw.end;
                continue;
            }
        }
        flush_prose(tree, source, &mut prose, &mut prev_char);
        prev_char = None;
        let range =
            html::body_offset(source_pieces, raw.start)..html::body_offset(source_pieces, raw.end);
        tree.pos = range.start;
        if let Some(mode) = in_autolink {
            match event {
                Event::End(TagEnd::Link) => {
                    in_autolink = None;
                    if mode == Autolink::Mailto {
                        tree.end_markdown();
                    }
                }
                Event::Text(s) if mode == Autolink::Mailto => {
                    tree.push_text(s.strip_prefix("mailto:").unwrap_or(&s))
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                ref dest_url,
                ..
            }) if autolink(dest_url) != Autolink::Link => {
                let mode = autolink(dest_url);
                match mode {
                    Autolink::Text => tree.push_text(&format!("<{dest_url}>")),
                    Autolink::Mailto => start(tree, event, &range),
                    Autolink::Link | Autolink::Tag => {}
                }
                in_autolink = Some(mode);
            }
            Event::Start(Tag::HtmlBlock) => {
                tree.break_paragraph();
                html_block = Some((String::new(), Vec::new()));
            }
            Event::Start(tag) => {
                if matches!(
                    tag,
                    Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    }
                ) {
                    autolinks += 1;
                }
                start_tag(tree, tag, &range)
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((mut text, pieces)) = html_block.take() {
                    unwrap_nomarkdown(&mut text);
                    html::read_block_html(tree, &text, &pieces);
                }
                tree.skip_until = None;
                tree.break_paragraph();
            }
            Event::End(tag) => {
                if tag == TagEnd::Link {
                    autolinks = autolinks.saturating_sub(1);
                }
                end(tree, tag, &range, block_ials)
            }
            Event::Html(s) => match &mut html_block {
                Some((text, pieces)) => {
                    pieces.push((text.len(), range.start));
                    text.push_str(&s);
                }
                None => html::read_html(tree, &s, &[(0, range.start)]),
            },
            Event::InlineHtml(s) => match nomarkdown_content(&s) {
                Some(inner) => {
                    html::read_html(tree, inner, &[(0, range.start + NOMARKDOWN_OPEN.len())])
                }
                None => html::read_html(tree, &s, &[(0, range.start)]),
            },
            _ if tree.skip_until.is_some() => {}
            Event::Text(s) => tree.push_text(&s),
            Event::Code(s) => tree.push_inline(Inline::code(s.into_string())),
            Event::InlineMath(s) if tree.ctx.dollar_math => {
                // A `$…$` the author wrote (not a `\\(…\\)` found by `mathjax.rs`, whose TeX is
                // already what MathJax reads): kramdown's escapes apply to it first.
                let tex = if source.as_bytes().get(raw.start) == Some(&b'$') {
                    super::mathjax::single_dollar_tex(&s)
                } else {
                    s.into_string()
                };
                tree.push_inline(Inline::Math { tex, mathml: None })
            }
            // No MathJax on the blog: `$var … $` is shell text, shown as typed.
            Event::InlineMath(s) => tree.push_text(&format!("${s}$")),
            Event::DisplayMath(s) => tree.push_display_math(&s),
            Event::FootnoteReference(label) => tree.push_inline(Inline::FootnoteReference {
                label: label.into_string(),
            }),
            Event::SoftBreak if tree.split_markdown_term() => {}
            Event::SoftBreak => {
                // kramdown: `\\` right before the line end is a hard break; CommonMark read
                // it as an escaped backslash, already pushed as text.
                if ends_in_backslash_pair(source, raw.start) && tree.pop_trailing_backslash() {
                    tree.push_inline(Inline::LineBreak);
                } else {
                    tree.push_text("\n");
                    prev_char = Some('\n');
                }
            }
            Event::HardBreak => tree.push_inline(Inline::LineBreak),
            Event::Rule => tree.push_block(crate::document::Block::ThematicBreak),
            Event::TaskListMarker(done) => {
                if let Some(Kind::Item { checked }) =
                    tree.find_kind_mut(|k| matches!(k, Kind::Item { .. }))
                {
                    *checked = Some(done);
                }
            }
        }
    }
    flush_prose(tree, source, &mut prose, &mut prev_char);
}

/// Prose text waiting for kramdown's typographic conversions.
struct Prose {
    text: String,
    /// Its range in the fragment's source (adjacent text events, or one escape the rewrite
    /// added between them).
    raw: Range<usize>,
    /// Where it starts in the post body.
    at: usize,
    /// The character kramdown's scan still saw before it.
    before: Option<char>,
}

/// Converts and pushes the waiting prose; `prev_char` becomes what stays visible after it.
fn flush_prose(
    tree: &mut Tree,
    source: &str,
    prose: &mut Option<Prose>,
    prev_char: &mut Option<char>,
) {
    let Some(p) = prose.take() else { return };
    let after = source.get(p.raw.end..).unwrap_or("");
    let typography = tree.ctx.kramdown.typography;
    let (text, visible) = typography::convert(&p.text, p.before, after, &typography);
    tree.pos = p.at;
    tree.push_text(&text);
    *prev_char = visible;
}

/// What kramdown makes of a `<scheme:…>` CommonMark reads as an autolink (measured with Jekyll
/// 4.3.1, both inputs): only `http(s)`, `ftp(s)` and `mailto` are links (a `mailto:` link shows
/// the address without `mailto:`); `<foo:bar>` is an HTML tag, which shows nothing; anything
/// else (`#<refinement:Foo@Foo>`, Ruby's inspect output) is text with its angle brackets.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Autolink {
    Link,
    Mailto,
    Tag,
    Text,
}

fn autolink(url: &str) -> Autolink {
    let scheme = url.split(':').next().unwrap_or("");
    match scheme {
        "http" | "https" | "ftp" | "ftps" => Autolink::Link,
        "mailto" => Autolink::Mailto,
        _ if is_qualified_name(url) => Autolink::Tag,
        _ => Autolink::Text,
    }
}

/// An XML name with at most one prefix (`foo:bar`): kramdown's HTML tag name.
fn is_qualified_name(s: &str) -> bool {
    let name = |n: &str| {
        n.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && n.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    };
    match s.split_once(':') {
        Some((prefix, local)) => name(prefix) && name(local),
        None => name(s),
    }
}

fn start(tree: &mut Tree, event: Event, range: &Range<usize>) {
    if let Event::Start(tag) = event {
        start_tag(tree, tag, range);
    }
}

fn start_tag(tree: &mut Tree, tag: Tag, range: &Range<usize>) {
    let kind = match tag {
        Tag::Paragraph => {
            // A paragraph directly in a list item makes the list loose.
            if matches!(tree.top_kind(), Some(Kind::Item { .. })) {
                if let Some(Kind::List { tight, .. }) =
                    tree.find_kind_mut(|k| matches!(k, Kind::List { .. }))
                {
                    *tight = false;
                }
            }
            Kind::Paragraph
        }
        Tag::Heading {
            level,
            id,
            classes,
            attrs: _,
        } => Kind::Heading {
            level: level as u8,
            id: id.map(|s| s.into_string()),
            classes: classes.into_iter().map(|c| c.into_string()).collect(),
        },
        Tag::BlockQuote(_) => Kind::BlockQuote,
        Tag::CodeBlock(kind) => {
            let (language, line_numbers) = match kind {
                CodeBlockKind::Fenced(info) => {
                    let mut words = info.split_whitespace();
                    let language = words
                        .next()
                        .map(|w| w.trim_start_matches(['{', '.']).trim_end_matches('}'))
                        .filter(|w| !w.is_empty() && *w != "linenos")
                        .map(str::to_owned);
                    (language, info.split_whitespace().any(|w| w == "linenos"))
                }
                CodeBlockKind::Indented => (None, false),
            };
            Kind::CodeBlock {
                language,
                line_numbers,
                text: String::new(),
            }
        }
        // Handled by `read_markdown`.
        Tag::HtmlBlock => return,
        Tag::List(start) => Kind::List {
            ordered: start.is_some(),
            start,
            tight: true,
            items: Vec::new(),
        },
        Tag::Item => Kind::Item { checked: None },
        Tag::FootnoteDefinition(label) => Kind::FootnoteDefinition {
            label: label.into_string(),
        },
        Tag::Table(aligns) => Kind::Table {
            alignments: aligns.into_iter().map(alignment).collect(),
            header: Vec::new(),
            rows: Vec::new(),
            in_head: false,
        },
        Tag::TableHead => Kind::Row {
            cells: Vec::new(),
            header: true,
        },
        Tag::TableRow => Kind::Row {
            cells: Vec::new(),
            header: false,
        },
        Tag::TableCell => Kind::Cell,
        Tag::Emphasis => Kind::Emphasis,
        Tag::Strong => Kind::Strong,
        Tag::Strikethrough => Kind::Strikethrough,
        Tag::Superscript => Kind::Superscript,
        Tag::Subscript => Kind::Subscript,
        Tag::Link {
            dest_url, title, ..
        } => Kind::Link {
            target: html::link_target(tree, &dest_url),
            title: Some(title.into_string()).filter(|t| !t.is_empty()),
        },
        Tag::Image {
            dest_url, title, ..
        } => {
            tree.pos = range.start;
            Kind::Image {
                src: dest_url.into_string(),
                title: Some(title.into_string()).filter(|t| !t.is_empty()),
                span: tree.span_here(),
            }
        }
        Tag::DefinitionList => Kind::DefinitionList { items: Vec::new() },
        Tag::DefinitionListTitle => Kind::DefinitionTerm,
        Tag::DefinitionListDefinition => Kind::Definition,
        // Not enabled in `options`; read as a plain container if it ever comes.
        Tag::MetadataBlock(_) => Kind::BlockQuote,
    };
    tree.open(kind, Origin::Markdown);
}

fn end(tree: &mut Tree, tag: TagEnd, range: &Range<usize>, block_ials: &HashMap<usize, Ial>) {
    let block_level = !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    );
    if matches!(tag, TagEnd::Paragraph | TagEnd::Heading(_)) {
        // A removed block IAL on the next line belongs to this block.
        let last = tree.body_line(range.end.saturating_sub(1).max(range.start));
        let last = if tree.byte_at(range.end.saturating_sub(1)) == Some(b'\n') {
            tree.body_line(range.end.saturating_sub(2).max(range.start))
        } else {
            last
        };
        if let Some(ial) = block_ials.get(&(last + 1)) {
            apply_block_ial(tree, ial);
        }
    }
    if block_level {
        tree.skip_until = None;
    }
    tree.end_markdown();
}

/// id/classes to a heading; width/height to the images of a paragraph.
fn apply_block_ial(tree: &mut Tree, ial: &Ial) {
    if let Some(Kind::Heading { id, classes, .. }) =
        tree.find_kind_mut(|k| matches!(k, Kind::Heading { .. } | Kind::Paragraph))
    {
        if ial.id.is_some() {
            id.clone_from(&ial.id);
        }
        classes.extend(ial.classes.iter().cloned());
        return;
    }
    fn size_images(inlines: &mut [Inline], attrs: &[(String, String)]) {
        for i in inlines {
            match i {
                Inline::Image(img) => apply_size(img, attrs),
                Inline::Link { content, .. } => size_images(content, attrs),
                _ => {}
            }
        }
    }
    size_images(tree.top_inlines_mut(), &ial.attrs);
}

/// The raw HTML of a `{::nomarkdown}` region (see `extensions`).
fn nomarkdown_content(html: &str) -> Option<&str> {
    let inner = html.strip_prefix(NOMARKDOWN_OPEN)?;
    Some(inner.strip_suffix(NOMARKDOWN_CLOSE).unwrap_or(inner))
}

/// An HTML block that is a `{::nomarkdown}` region: its markers become spaces, which keeps every
/// offset (and so every file line) of the HTML inside.
fn unwrap_nomarkdown(text: &mut String) {
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with(NOMARKDOWN_OPEN) {
        return;
    }
    text.replace_range(
        start..start + NOMARKDOWN_OPEN.len(),
        &" ".repeat(NOMARKDOWN_OPEN.len()),
    );
    if let Some(end) = text.rfind(NOMARKDOWN_CLOSE) {
        text.replace_range(end..end + NOMARKDOWN_CLOSE.len(), "   ");
    }
}

/// Whether the character at `at` follows an odd run of backslashes (it is escaped).
fn is_escaped(text: &str, at: usize) -> bool {
    let n = text
        .as_bytes()
        .get(..at)
        .map_or(0, |b| b.iter().rev().take_while(|&&c| c == b'\\').count());
    n % 2 == 1
}

/// Whether the line ending at `end` ends in an even, non-zero number of backslashes (an odd
/// number is already a CommonMark hard break, as it is for kramdown's GFM reader).
fn ends_in_backslash_pair(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    if !matches!(bytes.get(end), Some(b'\n' | b'\r')) {
        return false;
    }
    let n = bytes
        .get(..end)
        .map_or(0, |b| b.iter().rev().take_while(|&&c| c == b'\\').count());
    n >= 2 && n % 2 == 0
}

fn alignment(a: pulldown_cmark::Alignment) -> Alignment {
    match a {
        pulldown_cmark::Alignment::None => Alignment::None,
        pulldown_cmark::Alignment::Left => Alignment::Left,
        pulldown_cmark::Alignment::Center => Alignment::Center,
        pulldown_cmark::Alignment::Right => Alignment::Right,
    }
}
