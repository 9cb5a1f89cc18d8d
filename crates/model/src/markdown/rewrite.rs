//! The last step before pulldown-cmark: blocks kramdown reads differently from CommonMark are
//! rewritten into the CommonMark that reads the same way, in a copy of the text. A map of pieces
//! (`(offset_in_copy, offset_in_body)`, as `html::body_offset` reads them) keeps every span on
//! the author's file line, even where lines were added or dropped.
//!
//! Two blocks need it (both measured with Jekyll 4.3.1, same with `input: GFM` and `kramdown`):
//! - kramdown tables (`kramdown_table`): any cell count on the separator line, separator and
//!   footer lines inside the table, tables without a header, code spans holding `|`.
//! - block HTML (`block_html`): kramdown keeps an element whole up to its end tag, blank lines
//!   and indented lines included, where CommonMark ends the HTML at the first blank line and
//!   reads what follows as Markdown or as an indented code block.

use super::block_html;
use super::kramdown_table;
use crate::config::KramdownSettings;

/// One line of the body: where it starts, its text, its line ending.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line<'a> {
    pub start: usize,
    pub text: &'a str,
    pub ending: &'a str,
}

impl Line<'_> {
    pub(super) fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    pub(super) fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// The leading spaces, for lines written in the block's place.
    pub(super) fn indent_str(&self) -> &str {
        &self.text[..self.indent()]
    }
}

pub(super) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut start = 0;
    text.split_inclusive('\n')
        .map(|l| {
            let content = l.trim_end_matches(['\n', '\r']);
            let line = Line {
                start,
                text: content,
                ending: &l[content.len()..],
            };
            start += l.len();
            line
        })
        .collect()
}

/// The text pulldown-cmark reads, with its map back to the body.
#[derive(Debug, Default)]
pub(super) struct Rewritten {
    pub text: String,
    pub pieces: Vec<(usize, usize)>,
    /// Body offsets of block HTML elements that are never closed (kramdown then reads the rest of
    /// the post as their HTML), with the tag name, for a warning.
    pub unclosed: Vec<(usize, String)>,
    /// Text of our own was written last: the next copy starts a piece of its own.
    after_insert: bool,
}

impl Rewritten {
    /// Copies body text starting at body offset `from`.
    pub(super) fn copy(&mut self, from: usize, s: &str) {
        let in_step = !self.after_insert
            && self
                .pieces
                .last()
                .is_some_and(|&(t, b)| self.text.len() - t == from.wrapping_sub(b));
        self.after_insert = false;
        if !in_step {
            self.pieces.push((self.text.len(), from));
        }
        self.text.push_str(s);
    }

    /// Writes text of our own, reported at body offset `at`.
    pub(super) fn insert(&mut self, at: usize, s: &str) {
        if s.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), at));
        self.text.push_str(s);
        self.after_insert = true;
    }

    pub(super) fn copy_line(&mut self, line: &Line) {
        self.copy(line.start, line.text);
        self.copy(line.start + line.text.len(), line.ending);
    }
}

/// Rewrites `text` (the preprocessed body) for pulldown-cmark.
pub(super) fn rewrite(
    text: &str,
    settings: &KramdownSettings,
    parse_block_html_from: &[(usize, bool)],
    neutralised: &std::collections::HashSet<usize>,
) -> Rewritten {
    let lines = lines(text);
    let masked = mask_fenced_code(text, &lines);
    let mut out = Rewritten {
        text: String::with_capacity(text.len() + 64),
        ..Default::default()
    };
    let mut fence: Option<(char, usize)> = None;
    // Inside `<pre>`, `<script>`, `<style>`, `<textarea>` or a comment: text as it is, to this.
    let mut raw_until: Option<&str> = None;
    let mut prev_blank = true;
    let mut prev_code = false;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let blank = line.is_blank();
        let code = !blank && fence.is_none() && (prev_blank || prev_code) && is_indented(line);
        if let Some(end) = raw_until {
            if contains_ignore_case(line.text, end) {
                raw_until = None;
            }
        } else if let Some((ch, len)) = fence {
            if closes_fence(line.text, ch, len) {
                fence = None;
            }
        } else if let Some(f) = opens_fence(line.text) {
            fence = Some(f);
        } else if let Some(end) = opens_raw_text(line).filter(|_| !code) {
            raw_until = (!contains_ignore_case(line.text, end)).then_some(end);
        } else if let Some(end) = display_math_end(&lines, i).filter(|_| prev_blank && !code) {
            // kramdown reads a `$$` block before any block syntax inside it; CommonMark would
            // start a list at `- \log p`, a quote at `> 0`, a heading at `# `. Indented, the
            // lines are paragraph continuations (their indent is stripped), so the block stays
            // one `$$…$$` paragraph.
            out.copy_line(line);
            for l in &lines[i + 1..=end] {
                if l.is_blank() {
                    // A paragraph cannot hold one; in TeX it is only space.
                    continue;
                }
                out.insert(l.start, "    ");
                out.copy_line(l);
            }
            i = end + 1;
            prev_blank = false;
            prev_code = false;
            continue;
        } else if !code && !blank {
            let here = KramdownSettings {
                parse_block_html: block_html::parse_block_html_at(
                    settings.parse_block_html,
                    parse_block_html_from,
                    i,
                ),
                ..*settings
            };
            if let Some(next) =
                block_html::rewrite_element(text, &masked, &lines, i, &here, &mut out)
            {
                i = next;
                prev_blank = false;
                prev_code = false;
                continue;
            }
            // kramdown starts a table only after a block boundary. A line emptied before (an
            // IAL) is one only where a blank line (or the start) comes before it: `{: .info}`
            // after a blank line, then a table, is a table; an image's IAL line right under the
            // image, then a caption with a `|`, is not.
            let boundary = prev_blank && {
                let mut k = i;
                while k > 0 && neutralised.contains(&(k - 1)) {
                    k -= 1;
                }
                k == i || k == 0 || lines.get(k - 1).is_some_and(Line::is_blank)
            };
            if let Some(next) = quote_table(&lines, i, boundary, &mut out) {
                i = next;
                prev_blank = false;
                prev_code = false;
                continue;
            }
            if boundary {
                if let Some(next) = kramdown_table::rewrite_table(&lines, i, &mut out) {
                    i = next;
                    prev_blank = false;
                    prev_code = false;
                    continue;
                }
            }
            if !prev_blank && kramdown_table::defuse_delimiter_row(line, &mut out) {
                i += 1;
                prev_blank = false;
                prev_code = false;
                continue;
            }
            let after_span_tag = lines.get(i + 1).filter(|n| {
                prev_blank && !n.is_blank() && block_html::only_one_span_tag(line.text)
            });
            if let Some(next) = after_span_tag.and_then(|n| next_after_span_tag(n.text)) {
                match next {
                    NextLine::SameParagraph => {
                        // One line, so pulldown-cmark reads a paragraph that starts with
                        // inline HTML: the line ending becomes a space (a soft break reads as
                        // one).
                        out.copy(line.start, line.text);
                        out.insert(line.start + line.text.len(), " ");
                        prev_blank = false;
                    }
                    NextLine::NewBlock => {
                        // kramdown ends the paragraph before a heading, list, quote or block
                        // HTML line.
                        out.copy_line(line);
                        if line.ending.is_empty() {
                            out.insert(line.start + line.text.len(), "\n");
                        }
                        out.insert(line.start + line.text.len(), "\n");
                        prev_blank = true;
                    }
                }
                prev_code = false;
                i += 1;
                continue;
            }
            if (block_html::only_end_tags(line.text)
                || block_html::whole_block_element(line.text)
                || (here.parse_block_html && block_html::ends_with_block_end_tag(line.text)))
                && lines
                    .get(i + 1)
                    .is_some_and(|n| !n.is_blank() && !n.text.trim_start().starts_with('<'))
            {
                // kramdown starts a new block after an element's end tag (`</div>` of a
                // `markdown="1"` element, a one-line `<p>…</p>` under `parse_block_html`);
                // CommonMark would read the next line as HTML.
                out.copy_line(line);
                if line.ending.is_empty() {
                    out.insert(line.start + line.text.len(), "\n");
                }
                out.insert(line.start + line.text.len(), "\n");
                prev_blank = true;
                prev_code = false;
                i += 1;
                continue;
            }
        }
        let markdown_line = !code && !blank && fence.is_none() && raw_until.is_none();
        match paren_list_marker(line.text).filter(|_| markdown_line) {
            Some(paren) => {
                // kramdown's ordered lists take `1.` only: `1) First step.` is text.
                out.copy(line.start, &line.text[..paren]);
                out.insert(line.start + paren, "\\");
                out.copy(line.start + paren, &line.text[paren..]);
                out.copy(line.start + line.text.len(), line.ending);
            }
            None => out.copy_line(line),
        }
        prev_blank = blank;
        prev_code = code;
        i += 1;
    }
    out
}

/// The last line of a display math block that starts at line `i`: `$$` at the start of a
/// paragraph, up to the first `$$`, which must end its line (kramdown's block math; blank lines
/// inside are allowed). A one-line `$$…$$` counts too, so its `|` never makes it a table.
fn display_math_end(lines: &[Line], i: usize) -> Option<usize> {
    let line = lines.get(i)?;
    if line.indent() > 3 {
        return None;
    }
    let after = line.text.trim().strip_prefix("$$")?;
    if let Some(close) = after.find("$$") {
        return (close + 2 == after.len() && close > 0).then_some(i);
    }
    // A formula is rarely longer; past this the lines are left to CommonMark.
    const MAX_LINES: usize = 200;
    for (j, l) in lines.iter().enumerate().skip(i + 1).take(MAX_LINES) {
        if let Some(close) = l.text.find("$$") {
            return (close + 2 == l.text.trim_end().len()).then_some(j);
        }
    }
    None
}

/// A kramdown table at the start of a quote or after a blank line in it (`> a | b`): measured
/// with Jekyll 4.3.1, a quote's lines are read as a document of their own, so a `|` line there is
/// a table as at the top level. Only one level of `>`; returns the index of the line after it.
fn quote_table(lines: &[Line], i: usize, prev_blank: bool, out: &mut Rewritten) -> Option<usize> {
    let marker = |l: &Line| -> Option<usize> {
        let t = l.text.trim_start_matches(' ');
        let indent = l.text.len() - t.len();
        let rest = t.strip_prefix('>').filter(|_| indent <= 3)?;
        let len = indent + 1 + usize::from(rest.starts_with(' '));
        (!l.text[len..].trim_start().starts_with('>')).then_some(len)
    };
    let first = marker(lines.get(i)?)?;
    let after_boundary = prev_blank
        || i.checked_sub(1)
            .and_then(|p| lines.get(p))
            .is_some_and(|p| marker(p).is_some_and(|m| p.text[m..].trim().is_empty()));
    if !after_boundary {
        return None;
    }
    let prefix = &lines.get(i)?.text[..first];
    let mut inner = Vec::new();
    for l in lines.get(i..)? {
        match marker(l) {
            Some(m) => inner.push(Line {
                start: l.start + m,
                text: &l.text[m..],
                ending: l.ending,
            }),
            None => {
                // A lazy line continues the quote's last paragraph: no block boundary there.
                if !l.is_blank() {
                    inner.push(*l);
                }
                break;
            }
        }
    }
    let end = kramdown_table::rewrite_table_in(&inner, 0, prefix, out)?;
    Some(i + end)
}

/// The offset of the `)` of a CommonMark list marker `1)` starting the line (after spaces and
/// quote markers), which kramdown reads as text.
fn paren_list_marker(line: &str) -> Option<usize> {
    let mut at = 0;
    loop {
        let rest = &line[at..];
        let t = rest.trim_start_matches([' ', '\t']);
        at += rest.len() - t.len();
        match t.strip_prefix('>') {
            Some(_) => at += 1,
            None => break,
        }
    }
    let t = &line[at..];
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = t.get(digits..)?.strip_prefix(')')?;
    ((1..=9).contains(&digits) && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then_some(at + digits)
}

/// What the line after a lone span tag (`<br />`) is to kramdown.
enum NextLine {
    /// Text (or more span HTML) of the paragraph the tag starts.
    SameParagraph,
    /// A heading, list item, quote or block HTML line: a block of its own.
    NewBlock,
}

/// `None` for lines left as pulldown-cmark reads them (fences, tables, IALs, math).
fn next_after_span_tag(line: &str) -> Option<NextLine> {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let list_item = (digits > 0 && t[digits..].starts_with(". "))
        || ["- ", "* ", "+ "].iter().any(|m| t.starts_with(m));
    if t.starts_with(['#', '>']) || list_item {
        Some(NextLine::NewBlock)
    } else if t.starts_with('<') {
        Some(if block_html::starts_with_span_tag(t) {
            NextLine::SameParagraph
        } else {
            NextLine::NewBlock
        })
    } else if t.starts_with(['|', '{', '`', '~', '$']) {
        None
    } else {
        Some(NextLine::SameParagraph)
    }
}

/// `text` with the lines of fenced code blocks (fences included) turned into spaces, byte for
/// byte, so offsets stay.
fn mask_fenced_code(text: &str, lines: &[Line]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let mut fence: Option<(char, usize)> = None;
    for l in lines {
        let open = match fence {
            Some((ch, len)) => {
                if closes_fence(l.text, ch, len) {
                    fence = None;
                }
                true
            }
            None => {
                fence = opens_fence(l.text);
                fence.is_some()
            }
        };
        if open {
            if let Some(b) = bytes.get_mut(l.start..l.start + l.text.len()) {
                b.fill(b' ');
            }
        }
    }
    // Only whole lines were blanked, and spaces are one byte each: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())
}

/// The end of a CommonMark HTML block of type 1 or 2 opened on this line (kramdown also reads
/// them raw to their end).
fn opens_raw_text(line: &Line) -> Option<&'static str> {
    if line.indent() > 3 {
        return None;
    }
    let t = line.text.trim_start();
    if t.starts_with("<!--") {
        return Some("-->");
    }
    let rest = t.strip_prefix('<')?;
    ["pre", "script", "style", "textarea"]
        .into_iter()
        .zip(["</pre>", "</script>", "</style>", "</textarea>"])
        .find(|(name, _)| {
            rest.get(..name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && !rest[name.len()..].starts_with(|c: char| c != '>' && !c.is_ascii_whitespace())
        })
        .map(|(_, end)| end)
}

fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    hay.to_ascii_lowercase().contains(needle)
}

fn is_indented(line: &Line) -> bool {
    line.indent() >= 4 || line.text.starts_with('\t')
}

pub(super) fn opens_fence(content: &str) -> Option<(char, usize)> {
    let indent = content.len() - content.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let s = &content[indent..];
    let ch = s.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = s.len() - s.trim_start_matches(ch).len();
    if len < 3 || (ch == '`' && s[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

pub(super) fn closes_fence(content: &str, ch: char, len: usize) -> bool {
    let indent = content.len() - content.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let s = &content[indent..];
    let n = s.len() - s.trim_start_matches(ch).len();
    n >= len && s[n..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::super::html::body_offset;
    use super::*;

    #[test]
    fn paren_list_markers_are_escaped_as_kramdown_reads_them_as_text() {
        let r = rewrite(
            "1) a\n> 2) b\n\n    3) code\n",
            &KramdownSettings::default(),
            &[],
            &Default::default(),
        );
        assert_eq!(r.text, "1\\) a\n> 2\\) b\n\n    3) code\n");
        assert_eq!(paren_list_marker("(1) x"), None);
        assert_eq!(paren_list_marker("12)x"), None);
    }

    #[test]
    fn a_pipe_line_in_a_quote_is_a_table_and_a_lazy_line_keeps_it_a_paragraph() {
        let r = rewrite(
            "> a | b\n\n> c | d\nlazy\n",
            &KramdownSettings::default(),
            &[],
            &Default::default(),
        );
        assert!(
            r.text.starts_with("> |  |  |\n> |---|---|\n> | a | b |\n"),
            "{:?}",
            r.text
        );
        assert!(r.text.ends_with("\n\n> c | d\nlazy\n"), "{:?}", r.text);
    }

    #[test]
    fn copied_text_maps_to_itself() {
        let r = rewrite(
            "a\n\nb\n",
            &KramdownSettings::default(),
            &[],
            &Default::default(),
        );
        assert_eq!(r.text, "a\n\nb\n");
        assert_eq!(body_offset(&r.pieces, 3), 3);
    }

    #[test]
    fn text_after_an_insert_maps_back_to_its_body_offset() {
        let mut r = Rewritten::default();
        r.copy(0, "ab\n");
        r.insert(3, "new\n");
        r.copy(3, "cd\n");
        assert_eq!(r.text, "ab\nnew\ncd\n");
        assert_eq!(body_offset(&r.pieces, 7), 3);
        assert_eq!(body_offset(&r.pieces, 8), 4);
        assert_eq!(body_offset(&r.pieces, 4), 4);
    }
}
