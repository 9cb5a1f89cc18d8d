//! Block HTML as kramdown reads it, kept in one piece for pulldown-cmark.
//!
//! Measured with Jekyll 4.3.1 (same with `input: GFM` and `input: kramdown`): a line starting
//! with a tag that is not a span element (`<div>`, `<figure>`, `<details>`, `<my-widget>`, not
//! `<span>`, `<img>`, `<input>`) starts an HTML element that runs to its own end tag, nested
//! elements counted and stray end tags skipped; blank lines and lines indented by four spaces
//! inside it are HTML, not the end of the block or a code block, and Markdown inside it is text
//! (`**a**` stays `**a**`) unless the element (or one inside) says `markdown="1"`, or the site
//! sets `parse_block_html: true`. An element never closed runs to the end of the post. The line
//! after the end tag starts a new block.
//!
//! CommonMark ends an HTML block at its first blank line instead; here blank lines inside a raw
//! element are filled with an empty comment (invisible to the HTML reader), and a blank line is
//! added where a new block must start. One exception to "all HTML": a fence inside the element
//! stays a code block: there it is almost always a `{% highlight %}` (Liquid writes it as a fence;
//! the blog shows Rouge's HTML there, which is code).

use super::rewrite::{closes_fence, opens_fence, Line, Rewritten};
use crate::config::KramdownSettings;
use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::ops::Range;

/// kramdown's `HTML_SPAN_ELEMENTS`: a line starting with one of these is a paragraph.
const SPAN_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em",
    "i", "img", "input", "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc", "rp", "rt",
    "rtc", "ruby", "samp", "select", "small", "span", "strike", "strong", "sub", "sup", "textarea",
    "tt", "u", "var",
];

/// kramdown's `HTML_ELEMENTS_WITHOUT_BODY`.
pub(super) const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
];

/// CommonMark HTML blocks of type 1: kept whole up to their end tag already.
const COMMONMARK_RAW: &[&str] = &["pre", "script", "style", "textarea"];

/// CommonMark HTML blocks of type 6; any other tag needs a line of its own (type 7) and cannot
/// interrupt a paragraph.
const COMMONMARK_BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// `parse_block_html` at a 0-based body line: the site's setting, or the last
/// `{::options parse_block_html=… /}` line above it.
pub(super) fn parse_block_html_at(site: bool, switches: &[(usize, bool)], line: usize) -> bool {
    switches
        .iter()
        .rev()
        .find(|(from, _)| *from <= line)
        .map_or(site, |&(_, on)| on)
}

/// kramdown's `HTML_CONTENT_MODEL` for `markdown="1"` and `parse_block_html`: `true` where
/// the content is read as Markdown (blocks or spans), `false` where it stays raw.
pub(super) fn content_is_markdown(name: &str) -> bool {
    const BLOCK: &[&str] = &[
        "address",
        "applet",
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
        "iframe",
        "li",
        "main",
        "map",
        "menu",
        "nav",
        "noscript",
        "object",
        "section",
        "summary",
        "td",
    ];
    const SPAN: &[&str] = &[
        "a", "abbr", "acronym", "b", "bdo", "big", "button", "cite", "caption", "del", "dfn", "dt",
        "em", "h1", "h2", "h3", "h4", "h5", "h6", "i", "ins", "label", "legend", "optgroup", "p",
        "q", "rb", "rbc", "rp", "rt", "rtc", "ruby", "select", "small", "span", "strong", "sub",
        "sup", "th", "tt",
    ];
    BLOCK.contains(&name) || SPAN.contains(&name)
}

/// Whether an element's content is read as Markdown, from its `markdown` attribute (kramdown's
/// `HTML_MARKDOWN_ATTR_MAP`) or else the site setting.
fn reads_markdown(name: &str, markdown_attr: Option<&str>, settings: &KramdownSettings) -> bool {
    match markdown_attr.map(str::trim) {
        Some("0") => false,
        Some("1") => content_is_markdown(name),
        Some("block" | "span") => true,
        _ => settings.parse_block_html && content_is_markdown(name),
    }
}

/// A line of end tags only (`</div>`, `</div></section>`) of block elements.
pub(super) fn only_end_tags(line: &str) -> bool {
    let mut rest = line.trim();
    if rest.is_empty() {
        return false;
    }
    while let Some(after) = rest.strip_prefix("</") {
        let Some(close) = after.find('>') else {
            return false;
        };
        let name = after[..close].trim().to_ascii_lowercase();
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            || SPAN_ELEMENTS.contains(&name.as_str())
        {
            return false;
        }
        rest = after[close + 1..].trim_start();
    }
    rest.is_empty()
}

/// A line that is one whole block element, start tag to its end tag (`<p>Text.</p>`,
/// `<h1>Title</h1>`), with nothing after it. kramdown ends the block there; CommonMark's HTML
/// block would go on over the next lines (a fence or a paragraph right after it showed as raw
/// text when `parse_block_html` is on, where the element is not kept raw).
pub(super) fn whole_block_element(line: &str) -> bool {
    let text = line.trim();
    if !text.starts_with('<') || !text.ends_with('>') {
        return false;
    }
    let emitter = DefaultEmitter::<usize>::new_with_span();
    let mut name: Option<Vec<u8>> = None;
    let mut depth = 0usize;
    for token in Tokenizer::new_with_emitter(text, emitter).flatten() {
        match token {
            Token::StartTag(t) => match &name {
                None => {
                    let lower = t.name.to_ascii_lowercase();
                    if t.self_closing
                        || !COMMONMARK_BLOCK.contains(&&*String::from_utf8_lossy(&lower))
                    {
                        return false;
                    }
                    name = Some(lower);
                    depth = 1;
                }
                Some(n) if t.name.eq_ignore_ascii_case(n) && !t.self_closing => depth += 1,
                Some(_) => {}
            },
            Token::EndTag(t)
                if name
                    .as_ref()
                    .is_some_and(|n| t.name.eq_ignore_ascii_case(n)) =>
            {
                depth -= 1;
                if depth == 0 {
                    return text.len() == t.span.end;
                }
            }
            Token::EndTag(_) => {}
            Token::Error(_) => {}
            _ if name.is_none() => return false,
            _ => {}
        }
    }
    false
}

/// A line that ends with the end tag of a block element (`とする。</p>`, the last line of a `<p>`
/// opened lines before). Under `parse_block_html` kramdown ends the element there and reads the
/// next line as a block of its own (a `---` rule, a fence).
pub(super) fn ends_with_block_end_tag(line: &str) -> bool {
    let Some(rest) = line.trim_end().strip_suffix('>') else {
        return false;
    };
    let Some(open) = rest.rfind("</") else {
        return false;
    };
    let name = rest[open + 2..].trim().to_ascii_lowercase();
    COMMONMARK_BLOCK.contains(&name.as_str())
}

/// A line that is exactly one tag (start, end or self-closing) of a span element: `<br />`,
/// `<img src="x.png">`, `<span class="a">`. CommonMark starts an HTML block there (type 7) that
/// swallows the following lines up to a blank one as raw HTML; kramdown starts a paragraph, so
/// Markdown on the next lines is read (an image or a link after `<br />`).
pub(super) fn only_one_span_tag(line: &str) -> bool {
    let t = line.trim();
    let Some(inner) = t.strip_prefix('<').and_then(|r| r.strip_suffix('>')) else {
        return false;
    };
    !inner.contains(['<', '>']) && starts_with_span_tag(t)
}

/// Whether a line starts with a tag (start or end) of a span element.
pub(super) fn starts_with_span_tag(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix('<') else {
        return false;
    };
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let ends = rest[name.len()..].starts_with([' ', '>', '/', '\t']);
    ends && SPAN_ELEMENTS.contains(&name.as_str())
}

/// A raw element found at the start of a line.
#[derive(Debug)]
struct RawElement {
    name: String,
    /// Body offset just past its end tag (or the end of the body).
    end: usize,
    closed: bool,
    /// Body ranges inside it that are Markdown again (`markdown="1"` on an inner element).
    markdown: Vec<Range<usize>>,
}

/// If `lines[i]` starts a raw block HTML element, writes it (and what pulldown-cmark needs to
/// read it as one HTML block) and returns the index of the line after it. `masked` is the text
/// with fenced code blanked, so tags inside code do not count.
pub(super) fn rewrite_element(
    text: &str,
    masked: &str,
    lines: &[Line],
    i: usize,
    settings: &KramdownSettings,
    out: &mut Rewritten,
) -> Option<usize> {
    let line = lines.get(i)?;
    if line.indent() > 3 {
        return None;
    }
    let tag_at = line.start + line.indent();
    let element = raw_element(masked, tag_at, settings)?;
    if !element.closed {
        out.unclosed.push((tag_at, element.name.clone()));
    }
    let indent = line.indent_str();
    let prev_blank = i == 0 || lines.get(i - 1).is_some_and(Line::is_blank);
    if !COMMONMARK_BLOCK.contains(&element.name.as_str()) {
        // An empty `<div>` before it makes CommonMark start an HTML block here, also after a
        // paragraph line (as kramdown does); the HTML reader sees only a block boundary.
        let blank = if prev_blank { "" } else { "\n" };
        out.insert(line.start, &format!("{blank}{indent}<div></div>\n"));
    }
    let mut j = i;
    let mut fence: Option<(char, usize)> = None;
    while let Some(l) = lines.get(j) {
        let in_markdown = element
            .markdown
            .iter()
            .any(|r| r.start < l.start && l.start < r.end);
        let line_end = l.start + l.text.len();
        if let Some((ch, len)) = fence {
            out.copy_line(l);
            if closes_fence(l.text, ch, len) {
                fence = None;
                // Back to HTML: an empty `<div>` starts an HTML block again.
                let newline = if l.ending.is_empty() { "\n" } else { "" };
                out.insert(line_end, &format!("{newline}\n{indent}<div></div>\n"));
            }
        } else if let Some(f) = opens_fence(l.text).filter(|_| j > i) {
            // A `{% highlight %}` inside the element (Liquid wrote it as a fence; on the blog it
            // is Rouge's HTML): the HTML block ends so CommonMark reads the code.
            fence = Some(f);
            out.insert(l.start, "\n");
            out.copy_line(l);
        } else if l.is_blank() && !in_markdown {
            out.insert(l.start, &format!("{indent}<!---->"));
            out.copy(l.start + l.text.len(), l.ending);
        } else {
            out.copy_line(l);
        }
        j += 1;
        if line_end >= element.end && fence.is_none() {
            break;
        }
    }
    // The line after the end tag starts a new block (CommonMark would go on with the HTML).
    if lines.get(j).is_some_and(|l| !l.is_blank()) {
        let at = lines.get(j).map_or(text.len(), |l| l.start);
        let last = j.checked_sub(1).and_then(|k| lines.get(k));
        if last.is_some_and(|l| l.ending.is_empty()) {
            out.insert(at, "\n");
        }
        out.insert(at, "\n");
    }
    Some(j)
}

/// kramdown's reading of the element whose start tag is at `at`: `None` unless it is a block
/// element whose content stays raw HTML.
fn raw_element(text: &str, at: usize, settings: &KramdownSettings) -> Option<RawElement> {
    let rest = text.get(at..)?;
    if !rest
        .strip_prefix('<')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        return None;
    }
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut tokens = Tokenizer::new_with_emitter(rest, emitter).flatten();
    let Some(Token::StartTag(first)) = tokens.next() else {
        return None;
    };
    let name = String::from_utf8_lossy(&first.name).to_ascii_lowercase();
    let attr = |t: &html5gum::StartTag<usize>, k: &[u8]| {
        t.attributes
            .get(k)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    };
    if SPAN_ELEMENTS.contains(&name.as_str())
        || COMMONMARK_RAW.contains(&name.as_str())
        || reads_markdown(&name, attr(&first, b"markdown").as_deref(), settings)
    {
        return None;
    }
    let mut element = RawElement {
        name: name.clone(),
        end: at + first.span.end,
        closed: true,
        markdown: Vec::new(),
    };
    if first.self_closing || VOID_ELEMENTS.contains(&name.as_str()) {
        return Some(element);
    }
    // Open elements: name, and where Markdown content starts if it is read as Markdown.
    let mut stack: Vec<(String, Option<usize>)> = vec![(name, None)];
    for token in tokens {
        match token {
            Token::StartTag(t) => {
                let n = String::from_utf8_lossy(&t.name).to_ascii_lowercase();
                if t.self_closing || VOID_ELEMENTS.contains(&n.as_str()) {
                    continue;
                }
                // Inside a raw element only an explicit attribute turns Markdown on.
                let md = attr(&t, b"markdown")
                    .filter(|m| reads_markdown(&n, Some(m), &KramdownSettings::default()))
                    .map(|_| at + t.span.end);
                stack.push((n, md));
            }
            Token::EndTag(t) => {
                let n = String::from_utf8_lossy(&t.name).to_ascii_lowercase();
                // kramdown skips an end tag that does not close the innermost element.
                if stack.last().is_some_and(|(open, _)| *open == n) {
                    if let Some((_, Some(md_start))) = stack.pop() {
                        element.markdown.push(md_start..at + t.span.start);
                    }
                    if stack.is_empty() {
                        element.end = at + t.span.end;
                        return Some(element);
                    }
                }
            }
            _ => {}
        }
    }
    element.end = text.len();
    element.closed = false;
    Some(element)
}

#[cfg(test)]
mod tests {
    use super::super::rewrite::{lines, Rewritten};
    use super::*;

    fn rewritten(src: &str, settings: &KramdownSettings) -> String {
        let lines = lines(src);
        let mut out = Rewritten::default();
        let mut i = 0;
        while let Some(l) = lines.get(i) {
            match rewrite_element(src, src, &lines, i, settings, &mut out) {
                Some(next) => i = next,
                None => {
                    out.copy_line(l);
                    i += 1;
                }
            }
        }
        out.text
    }

    #[test]
    fn blank_lines_inside_a_div_are_filled() {
        assert_eq!(
            rewritten(
                "<div>\n\n    <p>x</p>\n</div>\n",
                &KramdownSettings::default()
            ),
            "<div>\n<!---->\n    <p>x</p>\n</div>\n"
        );
    }

    #[test]
    fn line_after_the_end_tag_starts_a_new_block() {
        assert_eq!(
            rewritten("<div>x</div>\n**b**\n", &KramdownSettings::default()),
            "<div>x</div>\n\n**b**\n"
        );
    }

    #[test]
    fn custom_element_gets_a_block_start() {
        assert_eq!(
            rewritten(
                "para\n<my-el>\n\ny\n</my-el>\n",
                &KramdownSettings::default()
            ),
            "para\n\n<div></div>\n<my-el>\n<!---->\ny\n</my-el>\n"
        );
    }

    #[test]
    fn markdown_div_is_left_to_markdown() {
        let src = "<div markdown=\"1\">\n\n*x*\n</div>\n";
        assert_eq!(rewritten(src, &KramdownSettings::default()), src);
    }

    #[test]
    fn parse_block_html_leaves_divs_to_markdown() {
        let src = "<div>\n\n*x*\n</div>\n";
        let settings = KramdownSettings {
            parse_block_html: true,
            ..Default::default()
        };
        assert_eq!(rewritten(src, &settings), src);
    }

    #[test]
    fn markdown_inside_a_raw_div_keeps_its_blank_lines() {
        assert_eq!(
            rewritten(
                "<div>\n\n<div markdown=\"1\">\n*a*\n\n*b*\n</div>\n\nc\n</div>\n",
                &KramdownSettings::default()
            ),
            "<div>\n<!---->\n<div markdown=\"1\">\n*a*\n\n*b*\n</div>\n<!---->\nc\n</div>\n"
        );
    }

    #[test]
    fn stray_end_tag_is_skipped_when_matching() {
        let src = "<div>\n<p>a\n</div>\n\nb\n";
        let e = raw_element(src, 0, &KramdownSettings::default());
        assert!(e.is_some_and(|e| !e.closed && e.end == src.len()));
    }

    #[test]
    fn span_element_line_is_not_block_html() {
        assert!(raw_element("<img src=\"a\">\n", 0, &KramdownSettings::default()).is_none());
        assert!(raw_element("<input type=\"radio\">\n", 0, &KramdownSettings::default()).is_none());
    }
}
