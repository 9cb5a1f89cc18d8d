//! kramdown habits that pulldown-cmark does not know, handled line by line before parsing so the
//! post reads as it does on the blog. Every line stays a line (removed ones become blank), so
//! byte offsets from pulldown-cmark still give the right file line.
//!
//! Measured with Jekyll 4.3.1 / kramdown 2.4:
//! - `##見出し` is a heading with kramdown's own input (Jekyll's `input: kramdown`, the habit of
//!   older blogs); Jekyll's default GFM input needs the space. We always read it as a heading.
//! - A block IAL line (`{: .note}`) attaches to the block above and ends it: the next line starts
//!   a new paragraph. It is removed; on a heading it gives id/classes, after an image paragraph
//!   its width/height go to the images (kramdown puts them on the `<p>`, where browsers ignore
//!   them; the author meant the image).
//! - `{:toc}` with the `* TOC` line before it, ALDs (`{:ref: .x}`), abbreviation definitions
//!   (`*[ABC]: …`), `{::options …/}` and `{::comment}…{:/comment}` produce no text; an
//!   options line's `parse_block_html` is remembered (it holds from that line on).
//! - `{::…}` extensions inside lines are rewritten by `extensions`.

use super::extensions::{rewrite_line, OpenExtension};
use std::collections::HashMap;

/// The body with kramdown-only lines neutralised, and the block IALs that were removed.
#[derive(Debug, Default)]
pub(crate) struct Preprocessed {
    pub text: String,
    /// 0-based body line of each removed block IAL → its attributes.
    pub block_ials: HashMap<usize, Ial>,
    /// `{::options parse_block_html="true" /}` lines: 0-based body line and the value, which
    /// holds from that line on (as kramdown applies it).
    pub parse_block_html_from: Vec<(usize, bool)>,
    /// 0-based body lines emptied here (IALs, ALDs, extensions, comments, abbreviations): blank
    /// to CommonMark, but no block boundary to kramdown (a table needs a real blank line before
    /// it).
    pub neutralised: std::collections::HashSet<usize>,
}

/// An inline attribute list: `{: #id .class key="value"}`.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Ial {
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub attrs: Vec<(String, String)>,
}

pub(crate) fn preprocess(body: &str) -> Preprocessed {
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut out = Preprocessed {
        text: String::with_capacity(body.len() + 16),
        ..Default::default()
    };
    let mut fence: Option<(char, usize)> = None;
    let mut in_comment = false;
    let mut blank_next = false;
    let mut open_extension: Option<OpenExtension> = None;
    // Indented code (after a blank line, or after more code) keeps `{::…}` as text.
    let mut prev_blank = true;
    let mut prev_code = false;
    for (i, line) in lines.iter().enumerate() {
        let (content, ending) = split_ending(line);
        let is_code = !content.trim().is_empty()
            && (leading_spaces(content) >= 4 || content.starts_with('\t'))
            && (prev_blank || prev_code)
            && fence.is_none()
            && open_extension.is_none();
        prev_code = is_code;
        prev_blank = content.trim().is_empty();
        if open_extension.is_some() {
            out.text
                .push_str(&rewrite_line(content, &mut open_extension));
            out.text.push_str(ending);
            continue;
        }
        if let Some((ch, len)) = fence {
            if closes_fence(content, ch, len) {
                fence = None;
            }
            out.text.push_str(line);
            continue;
        }
        if let Some(f) = opens_fence(content) {
            fence = Some(f);
            out.text.push_str(line);
            continue;
        }
        let trimmed = content.trim();
        let blank = if std::mem::take(&mut blank_next) {
            true
        } else if in_comment || trimmed.starts_with("{::comment}") {
            in_comment = !(trimmed.contains("{:/comment}") || trimmed.contains("{:/}"));
            true
        } else if leading_spaces(content) < 4 && is_extension_line(trimmed) {
            if let Some(on) = options_flag(trimmed, "parse_block_html") {
                out.parse_block_html_from.push((i, on));
            }
            true
        } else if leading_spaces(content) < 4 && is_attribute_line(trimmed) {
            if !is_ald(trimmed) && !is_toc(trimmed) {
                out.block_ials.insert(i, parse_ial(trimmed));
            }
            true
        } else if is_abbreviation(trimmed) {
            true
        } else if is_toc_item(trimmed)
            && lines
                .get(i + 1)
                .is_some_and(|next| is_toc(split_ending(next).0.trim()))
        {
            blank_next = true;
            true
        } else {
            false
        };
        let rewritten;
        let content = if blank || is_code {
            content
        } else {
            rewritten = rewrite_line(content, &mut open_extension);
            rewritten.as_str()
        };
        if blank {
            if !trimmed.is_empty() {
                out.neutralised.insert(i);
            }
            out.text.push_str(ending);
        } else if let Some(rest) = atx_without_space(content) {
            let hashes = &content[..content.len() - rest.len()];
            out.text.push_str(hashes);
            out.text.push(' ');
            out.text.push_str(rest);
            out.text.push_str(ending);
        } else {
            out.text.push_str(content);
            out.text.push_str(ending);
        }
    }
    out
}

fn split_ending(line: &str) -> (&str, &str) {
    let content = line.trim_end_matches(['\n', '\r']);
    (content, &line[content.len()..])
}

fn leading_spaces(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

fn opens_fence(content: &str) -> Option<(char, usize)> {
    if leading_spaces(content) > 3 {
        return None;
    }
    let s = content.trim_start_matches(' ');
    let ch = s.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = s.len() - s.trim_start_matches(ch).len();
    if len < 3 || (ch == '`' && s[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

fn closes_fence(content: &str, ch: char, len: usize) -> bool {
    if leading_spaces(content) > 3 {
        return false;
    }
    let s = content.trim_start_matches(' ');
    let n = s.len() - s.trim_start_matches(ch).len();
    n >= len && s[n..].trim().is_empty()
}

/// `##見出し` → the text after the hashes, when a space must be inserted.
fn atx_without_space(content: &str) -> Option<&str> {
    let n = content.len() - content.trim_start_matches('#').len();
    if !(1..=6).contains(&n) {
        return None;
    }
    let rest = &content[n..];
    let next = rest.chars().next()?;
    (!next.is_whitespace()).then_some(rest)
}

/// `{: …}`, `{:toc}`, `{:ref: …}` alone on a line (not `{::…}` extensions).
fn is_attribute_line(t: &str) -> bool {
    t.starts_with("{:") && !t.starts_with("{::") && t.ends_with('}')
}

/// `{::options … /}` and other one-line extensions.
fn is_extension_line(t: &str) -> bool {
    // The first `}` ends the line: `{::nomarkdown}x{:/}` has content.
    t.starts_with("{::") && t.ends_with("/}") && t.find('}') == Some(t.len() - 1)
}

/// The value of a boolean option on an `{::options … /}` line.
fn options_flag(t: &str, name: &str) -> Option<bool> {
    let rest = t.strip_prefix("{::options")?;
    let at = rest.find(name)?;
    let value = rest[at + name.len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let value = value.trim_start_matches(['"', '\'']);
    if value.starts_with("true") {
        Some(true)
    } else if value.starts_with("false") {
        Some(false)
    } else {
        None
    }
}

fn is_toc(t: &str) -> bool {
    t.trim_start_matches("{:").trim_end_matches('}').trim() == "toc"
}

/// `* TOC`, `- TOC`, `1. TOC`: the list kramdown replaces with the table of contents.
fn is_toc_item(t: &str) -> bool {
    let rest = t
        .strip_prefix(['*', '-', '+'])
        .or_else(|| {
            let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            t.get(digits..)?.strip_prefix('.')
        })
        .unwrap_or("");
    rest.starts_with([' ', '\t']) && rest.trim() == "TOC"
}

/// `{:name: .class}`: an attribute list definition.
fn is_ald(t: &str) -> bool {
    let inner = t.trim_start_matches("{:");
    let name_len = inner.len()
        - inner
            .trim_start_matches(|c: char| c.is_alphanumeric() || c == '-' || c == '_')
            .len();
    name_len > 0 && inner[name_len..].starts_with(':')
}

/// `*[ABC]: Alpha Beta Company`.
fn is_abbreviation(t: &str) -> bool {
    t.starts_with("*[") && t.contains("]:")
}

/// Reads `{: #id .class key="value" key='v' key=v}` (also without the colon).
pub(crate) fn parse_ial(s: &str) -> Ial {
    let inner = s.trim();
    let inner = inner.strip_prefix('{').unwrap_or(inner);
    let inner = inner.strip_suffix('}').unwrap_or(inner);
    let inner = inner.strip_prefix(':').unwrap_or(inner);
    let mut ial = Ial::default();
    let mut chars = inner.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        // One token: up to white space, except inside quotes.
        let mut quote: Option<char> = None;
        let mut end = inner.len();
        for (i, c) in chars.by_ref() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c.is_whitespace() => {
                    end = i;
                    break;
                }
                None => {}
            }
        }
        let token = &inner[start..end];
        if let Some(id) = token.strip_prefix('#') {
            ial.id = Some(id.to_owned()).filter(|s| !s.is_empty());
        } else if let Some(class) = token.strip_prefix('.') {
            if !class.is_empty() {
                ial.classes.push(class.to_owned());
            }
        } else if let Some((k, v)) = token.split_once('=') {
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            ial.attrs.push((k.to_ascii_lowercase(), v.to_owned()));
        }
    }
    ial
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atx_heading_without_space_gets_one() {
        assert_eq!(preprocess("##見出し\n").text, "## 見出し\n");
    }

    #[test]
    fn hashes_inside_a_code_fence_stay() {
        let src = "```\n##not\n{: .x}\n```\n";
        assert_eq!(preprocess(src).text, src);
    }

    #[test]
    fn seven_hashes_are_not_a_heading() {
        assert_eq!(preprocess("#######x\n").text, "#######x\n");
    }

    #[test]
    fn ial_line_becomes_blank_and_is_remembered() {
        let p = preprocess("para\n{: .note #n width=\"200\"}\nnext\n");
        assert_eq!(p.text, "para\n\nnext\n");
        let ial = p.block_ials.get(&1).cloned().unwrap_or_default();
        assert_eq!(ial.id.as_deref(), Some("n"));
        assert_eq!(ial.classes, vec!["note"]);
        assert_eq!(ial.attrs, vec![("width".to_owned(), "200".to_owned())]);
    }

    #[test]
    fn toc_list_and_marker_are_removed() {
        assert_eq!(preprocess("* TOC\n{:toc}\n\ntext\n").text, "\n\n\ntext\n");
    }

    #[test]
    fn ald_and_abbreviation_lines_are_removed() {
        let p = preprocess("{:ref: .x}\n*[ABC]: Alpha\nABC\n");
        assert_eq!(p.text, "\n\nABC\n");
        assert!(p.block_ials.is_empty());
    }

    #[test]
    fn comment_extension_is_removed() {
        let p = preprocess("a\n{::comment}\nhidden\n{:/comment}\nb\n");
        assert_eq!(p.text, "a\n\n\n\nb\n");
    }

    #[test]
    fn options_line_switching_parse_block_html_is_remembered() {
        let p = preprocess("a\n{::options parse_block_html=\"true\" /}\nb\n");
        assert_eq!(p.text, "a\n\nb\n");
        assert_eq!(p.parse_block_html_from, vec![(1, true)]);
    }

    #[test]
    fn crlf_line_endings_are_kept() {
        assert_eq!(preprocess("#x\r\n{:toc}\r\n").text, "# x\r\n\r\n");
    }
}
