//! The math MathJax (or KaTeX's auto-render) finds in the text kramdown writes, on a blog that
//! loads one: found in the Markdown before pulldown-cmark reads it, because kramdown's escapes,
//! emphasis and hard breaks would otherwise take the TeX apart.
//!
//! Measured with Jekyll 4.3.1 (kramdown): `\\(x\\)` is written `\(x\)` and `\\[x\\]` is
//! written `\[x\]`, which MathJax's default delimiters make inline and display math; `\(x\)`
//! and `\[x\]` are written `(x)` and `[x]` (kramdown's escapes), which are not math. A bare
//! `\begin{equation}…\end{equation}` (any environment) stays as typed, and MathJax's
//! `processEnvironments` makes it display math; `\eqref{x}` and `\ref{x}` in prose stay too, and
//! `processRefs` makes them math. Never inside code spans, code blocks, HTML or `$$…$$`.
//!
//! The TeX is what MathJax reads in kramdown's output, with the author's intent where kramdown
//! breaks it: kramdown's escapes are undone as kramdown undoes them (`\\` → `\`, `\{` → `{`,
//! `\_` → `_`, `\!` → `!`; `\,` `\;` `\&` stay), but `*`/`_` pairs stay characters (kramdown
//! makes `\begin{align*}…\end{align*}` emphasis, which would break the formula on the blog), a
//! line-ending `\\` stays the row break the author meant (kramdown makes a `<br />` of it) and
//! no typographic conversion applies (kramdown's `’` for a prime `'`).
//!
//! A found formula is masked in the Markdown with `\u{1}` bytes (newlines kept, so every offset
//! and line stays where it was): pulldown-cmark reads the mask as plain text, and `events` turns
//! it back into the formula.

use super::events::options;
use super::html::body_offset;
use pulldown_cmark::{Event, Parser, Tag};
use std::ops::Range;

/// The byte a found formula is masked with.
pub(super) const MASK: u8 = 1;

/// A formula MathJax finds: where it starts in the post body, its TeX, display or inline.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Found {
    pub body_start: usize,
    pub tex: String,
    pub display: bool,
}

/// Finds MathJax's formulas in `text` (the rewritten Markdown; `pieces` maps it to the body) and
/// masks them. Nothing is found where the text already holds the mask byte.
pub(super) fn find_and_mask(text: &mut String, pieces: &[(usize, usize)]) -> Vec<Found> {
    let candidates = ["\\\\(", "\\\\[", "\\begin{", "\\eqref{", "\\ref{"];
    if !candidates.iter().any(|c| text.contains(c)) || text.as_bytes().contains(&MASK) {
        return Vec::new();
    }
    let (forbidden, leaves) = regions(text);
    let mut spans: Vec<(Range<usize>, String, bool)> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || in_any(&forbidden, i) {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|&&b| b == b'\\').count();
        let before_run = i == 0 || bytes[i - 1] != b'\\';
        let after = i + run;
        let found = before_run
            .then(|| {
                delimited(text, i, run, &forbidden, &leaves)
                    .or_else(|| environment(text, i, run, &forbidden))
                    .or_else(|| reference(text, i, run))
            })
            .flatten();
        match found {
            Some((range, tex, display)) => {
                i = range.end;
                spans.push((range, tex, display));
            }
            None => i = after,
        }
    }
    if spans.is_empty() {
        return Vec::new();
    }
    let mut masked = text.clone().into_bytes();
    for (range, _, _) in &spans {
        let depth = quote_depth(text, range.start);
        let mut line_start = false;
        let mut j = range.start;
        while j < range.end {
            if masked[j] == b'\n' {
                line_start = true;
                j += 1;
                continue;
            }
            if line_start {
                // A quote's `>` markers on a continuation line keep the quote a quote.
                let prefix = quote_prefix(&text[j..range.end], depth);
                j += prefix;
                line_start = false;
                continue;
            }
            masked[j] = MASK;
            j += 1;
        }
    }
    // Only ASCII and whole characters were replaced by an ASCII byte: still UTF-8.
    *text = String::from_utf8(masked)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    spans
        .into_iter()
        .map(|(range, tex, display)| Found {
            body_start: body_offset(pieces, range.start),
            tex,
            display,
        })
        .collect()
}

/// pulldown-cmark's events with the masks turned back into the formulas found: a mask's first
/// byte becomes `InlineMath` or `DisplayMath` (which `events` reads as `$…$` and `$$…$$`), the
/// rest of it and the line breaks inside it go.
pub(super) fn unmask<'e>(
    events: impl Iterator<Item = (Event<'e>, Range<usize>)> + 'e,
    source: &'e str,
    pieces: &'e [(usize, usize)],
    found: &'e [Found],
) -> impl Iterator<Item = (Event<'e>, Range<usize>)> + 'e {
    let bytes = source.as_bytes();
    let masked = move |at: usize| bytes.get(at) == Some(&MASK);
    events.flat_map(move |(event, raw)| {
        let mut out = Vec::new();
        match event {
            Event::Text(ref s) if s.as_bytes().contains(&MASK) => {
                let as_typed = source.get(raw.clone()) == Some(&**s);
                if !as_typed {
                    let kept: String = s.chars().filter(|&c| c != MASK as char).collect();
                    out.push((Event::Text(kept.into()), raw));
                    return out;
                }
                let mut k = 0;
                let b = s.as_bytes();
                while k < b.len() {
                    let start = k;
                    let is_mask = b[k] == MASK;
                    while k < b.len() && (b[k] == MASK) == is_mask {
                        k += 1;
                    }
                    let range = raw.start + start..raw.start + k;
                    if !is_mask {
                        out.push((Event::Text(s[start..k].to_owned().into()), range));
                        continue;
                    }
                    let body = body_offset(pieces, range.start);
                    if let Some(f) = found.iter().find(|f| f.body_start == body) {
                        let tex = f.tex.clone().into();
                        let e = if f.display {
                            Event::DisplayMath(tex)
                        } else {
                            Event::InlineMath(tex)
                        };
                        out.push((e, range));
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak
                if raw.start > 0 && masked(raw.start - 1) && {
                    let next = source[raw.end..]
                        .bytes()
                        .position(|b| !matches!(b, b' ' | b'\t' | b'>' | b'\n'));
                    next.is_some_and(|n| masked(raw.end + n))
                } => {}
            e => out.push((e, raw)),
        }
        out
    })
}

/// Where math is never found (code, HTML, `$…$`/`$$…$$`), and the leaf blocks a delimited
/// formula must start and end in.
fn regions(text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let mut forbidden = Vec::new();
    let mut leaves = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => forbidden.push(range),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                leaves.push(range)
            }
            _ => {}
        }
    }
    (forbidden, leaves)
}

fn in_any(ranges: &[Range<usize>], at: usize) -> bool {
    ranges.iter().any(|r| r.contains(&at))
}

/// `\\(…\\)` or `\\[…\\]` at `i` (a run of exactly two backslashes): closed by the same
/// delimiter in the same leaf block, with no blank line, code or HTML between.
fn delimited(
    text: &str,
    i: usize,
    run: usize,
    forbidden: &[Range<usize>],
    leaves: &[Range<usize>],
) -> Option<(Range<usize>, String, bool)> {
    let (close, display) = match text.as_bytes().get(i + run) {
        Some(b'(') if run == 2 => ("\\\\)", false),
        Some(b'[') if run == 2 => ("\\\\]", true),
        _ => return None,
    };
    let open_end = i + 3;
    let mut from = open_end;
    let end = loop {
        let at = from + text.get(from..)?.find(close)?;
        // `\\\)` is an escaped backslash and then `\)`: not the delimiter.
        if text.as_bytes().get(at.wrapping_sub(1)) != Some(&b'\\') {
            break at;
        }
        from = at + 1;
    };
    let inner = &text[open_end..end];
    if inner.trim().is_empty() || has_blank_line(inner) {
        return None;
    }
    if forbidden.iter().any(|r| r.start < end + 3 && r.end > i) {
        return None;
    }
    // The innermost leaf holding the start must hold the end.
    let leaf = leaves
        .iter()
        .filter(|r| r.contains(&i))
        .min_by_key(|r| r.len())?;
    if end + 3 > leaf.end {
        return None;
    }
    let tex = mathjax_tex(inner, quote_depth(text, i));
    Some((i..end + 3, tex.trim().to_owned(), display))
}

/// A bare `\begin{name}…\end{name}` at `i` (one backslash, or two: kramdown writes `\\` as `\`),
/// with no blank line, code or HTML inside: display math.
fn environment(
    text: &str,
    i: usize,
    run: usize,
    forbidden: &[Range<usize>],
) -> Option<(Range<usize>, String, bool)> {
    if run > 2 {
        return None;
    }
    let rest = text.get(i + run..)?.strip_prefix("begin{")?;
    let name_len = rest.find('}')?;
    let name = &rest[..name_len];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphabetic() || c == '*') {
        return None;
    }
    let end_tag = format!("end{{{name}}}");
    let body_from = i + run + "begin{".len() + name_len + 1;
    // Nested environments of the same name: the matching end.
    let begin_tag = format!("begin{{{name}}}");
    let mut depth = 1usize;
    let mut at = body_from;
    let end = loop {
        let next_end = at + text.get(at..)?.find(&end_tag)?;
        let next_begin = text.get(at..next_end)?.find(&begin_tag).map(|b| at + b);
        match next_begin {
            Some(b) => {
                depth += 1;
                at = b + begin_tag.len();
            }
            None => {
                depth -= 1;
                at = next_end + end_tag.len();
                if depth == 0 {
                    break at;
                }
            }
        }
    };
    let inner = &text[i..end];
    if has_blank_line(inner) || forbidden.iter().any(|r| r.start < end && r.end > i) {
        return None;
    }
    let tex = mathjax_tex(&text[i + run - 1..end], quote_depth(text, i));
    Some((i..end, tex.trim().to_owned(), true))
}

/// `\eqref{x}` or `\ref{x}` in prose (MathJax's `processRefs`): inline math.
fn reference(text: &str, i: usize, run: usize) -> Option<(Range<usize>, String, bool)> {
    if run > 2 {
        return None;
    }
    let rest = text.get(i + run..)?;
    let command = ["eqref{", "ref{"]
        .into_iter()
        .find(|c| rest.starts_with(c))?;
    let label_len = rest[command.len()..].find('}')?;
    let label = &rest[command.len()..command.len() + label_len];
    if label.is_empty() || label.contains(['\n', '{', '\\']) {
        return None;
    }
    let end = i + run + command.len() + label_len + 1;
    Some((i..end, format!("\\{command}{label}}}"), false))
}

fn has_blank_line(s: &str) -> bool {
    let lines: Vec<&str> = s.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

/// How many `>` quote markers open the line holding `at`.
fn quote_depth(text: &str, at: usize) -> usize {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let prefix = &text[line_start..at];
    prefix
        .trim_start()
        .chars()
        .take_while(|c| *c == '>' || *c == ' ')
        .filter(|c| *c == '>')
        .count()
}

/// The length of a continuation line's leading quote markers (`> > `), `depth` of them at most.
fn quote_prefix(line: &str, depth: usize) -> usize {
    let mut len = 0;
    let mut seen = 0;
    for c in line.chars() {
        match c {
            ' ' | '\t' if seen < depth || len == 0 => len += 1,
            '>' if seen < depth => {
                seen += 1;
                len += 1;
            }
            _ => break,
        }
    }
    if seen == 0 {
        0
    } else {
        len
    }
}

/// kramdown's escaped characters (its `ESCAPED_CHARS`): `\` before one of these is dropped.
const ESCAPED: &[u8] = b"\\.*_+`<>()[]{}#!:|\"'$=-";

/// The TeX MathJax reads from kramdown's output for the text of a `$…$` formula: kramdown does
/// not read single dollars as math, so its escapes apply (`\*` → `*`, `\{` → `{`) before
/// MathJax sees the formula.
pub(super) fn single_dollar_tex(raw: &str) -> String {
    mathjax_tex(raw, 0)
}

/// The TeX MathJax reads from kramdown's output for `raw` (see the module comment).
fn mathjax_tex(raw: &str, quote_depth: usize) -> String {
    let mut out = String::with_capacity(raw.len());
    for (n, line) in raw.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let line = if n > 0 && quote_depth > 0 {
            &line[quote_prefix(line, quote_depth)..]
        } else {
            line
        };
        let body = line.trim_end();
        // A line-ending run of backslashes: kramdown's hard break; the author's row break.
        let trailing = body.bytes().rev().take_while(|&b| b == b'\\').count();
        let (head, row_break) = if trailing >= 2 && trailing % 2 == 0 {
            (&body[..body.len() - trailing], true)
        } else {
            (line, false)
        };
        let bytes = head.as_bytes();
        let mut k = 0;
        while k < bytes.len() {
            if bytes[k] == b'\\' && bytes.get(k + 1).is_some_and(|b| ESCAPED.contains(b)) {
                // Both bytes ASCII: slicing stays on character boundaries.
                out.push(bytes[k + 1] as char);
                k += 2;
                continue;
            }
            let ch_len = head[k..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&head[k..k + ch_len]);
            k += ch_len;
        }
        if row_break {
            out.push_str("\\\\");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> (String, Vec<(String, bool)>) {
        let mut t = s.to_owned();
        let f = find_and_mask(&mut t, &[(0, 0)]);
        (t, f.into_iter().map(|f| (f.tex, f.display)).collect())
    }

    #[test]
    fn kramdown_escapes_are_undone_as_kramdown_does() {
        assert_eq!(
            mathjax_tex(r"\frac{a}{b} \\{x\\} \|x\| a\,b \!", 0),
            r"\frac{a}{b} \{x\} |x| a\,b !"
        );
        assert_eq!(
            mathjax_tex("a &= b \\\\\nc &= d \\\\\\\\\ne", 0),
            "a &= b \\\\\nc &= d \\\\\ne"
        );
        assert_eq!(mathjax_tex("x_1 \\_ y", 0), "x_1 _ y");
    }

    #[test]
    fn masks_keep_offsets_and_lines() {
        let (t, f) = find("A \\\\(x_1\\\\) b\n\n\\\\[\ny\n\\\\]\n");
        assert_eq!(t.len(), "A \\\\(x_1\\\\) b\n\n\\\\[\ny\n\\\\]\n".len());
        assert_eq!(t.matches('\n').count(), 5);
        assert_eq!(f, [("x_1".to_owned(), false), ("y".to_owned(), true)]);
    }

    #[test]
    fn single_backslash_delimiters_code_and_blank_lines_are_not_math() {
        assert!(find("A \\(x\\) and \\[y\\].").1.is_empty());
        assert!(find("A `\\\\(x\\\\)` code.").1.is_empty());
        assert!(find("```\n\\\\(x\\\\)\n```\n").1.is_empty());
        assert!(find("    \\begin{equation}x\\end{equation}\n").1.is_empty());
        assert!(find("\\\\(x\n\ny\\\\)\n").1.is_empty());
    }

    #[test]
    fn environments_and_references_are_found() {
        let (_, f) =
            find("\\begin{align*}\na &= b \\\\\nc_*1*_2\n\\end{align*}\n\nSee \\eqref{e:1}.\n");
        assert_eq!(
            f,
            [
                (
                    "\\begin{align*}\na &= b \\\\\nc_*1*_2\n\\end{align*}".to_owned(),
                    true
                ),
                ("\\eqref{e:1}".to_owned(), false)
            ]
        );
    }
}
