//! kramdown's emphasis (`*`, `**`, `_`, `__`), which CommonMark pairs differently.
//!
//! CommonMark's flanking rules refuse `**` between a letter and punctuation, so Japanese such as
//! `場所は**「A」**です。` keeps its asterisks, and they can pair the wrong delimiters
//! (`**「A」**と**「B」**` becomes one strong run across `と`). kramdown (Jekyll's renderer, the
//! same under `input: GFM` and `input: kramdown`, measured with Jekyll 4.3.1) has no flanking
//! rule; its `parse_emphasis` (`kramdown/parser/kramdown/emphasis.rb`) is replayed here:
//! - an opener is never followed by white space; `_`/`__` opens nothing right after a letter
//!   (`snake_case`, `これは__重要__です` stay text), `*` opens anywhere (`2*3*4`);
//! - a closer follows no white space and closes a non-empty run; `*` does not close an em where
//!   `**` (not `***`) starts, `_` closes nothing followed by a letter or digit;
//! - emphasis does not nest in itself; a `**` with no closer is retried as `*`.
//!
//! Why a pass over the source before the real parse, not a fix-up of pulldown-cmark's output:
//! CommonMark's wrong pairs are already built into the event stream and cannot be undone from
//! the leftover text. So each run of inline text is parsed once with pulldown-cmark only to learn
//! what is code, a link, HTML, math or an escape (never emphasis: those stay as they are), the
//! delimiters are paired the kramdown way, and, only where that differs from CommonMark's pairs,
//! every delimiter of the run is rewritten: paired ones to `<em>`/`<strong>` (read by the HTML
//! reader into the same tree), the others escaped (`\*`). A map keeps every offset on the
//! author's line.

use super::events::options;
use super::html::body_offset;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// Beyond this many delimiters in one paragraph the pairing (backtracking, like kramdown's) is
/// not tried and CommonMark's is kept.
const MAX_DELIMITERS: usize = 400;

/// Steps of the pairing for one run before it gives up (unclosed openers rescan the rest of the
/// run, as kramdown's do); CommonMark's pairs are kept then.
const MAX_STEPS: usize = 4_000_000;

/// `text` (with its map to the body) rewritten so pulldown-cmark pairs emphasis as kramdown
/// does; `None` when nothing changes.
pub(super) fn kramdown_emphasis(
    text: &str,
    pieces: &[(usize, usize)],
) -> Option<(String, Vec<(usize, usize)>)> {
    if !text.contains(['*', '_']) {
        return None;
    }
    let mut edits = Vec::new();
    let mut runs: Vec<Run> = Vec::new();
    // For each open link: whether its text is a run of its own (autolinks are not).
    let mut links: Vec<bool> = Vec::new();
    // Inside a code block or HTML block: text events there are no inline text.
    let mut raw_block = false;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                raw_block = true
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                raw_block = false
            }
            _ if raw_block => continue,
            _ => {}
        }
        let inline = is_inline(&event);
        if !inline {
            // A block starts or ends: every open run (a link's text too) is complete.
            while let Some(run) = runs.pop() {
                run.pair(text, &mut edits);
            }
            continue;
        }
        if matches!(event, Event::End(TagEnd::Link)) {
            if !links.pop().unwrap_or(false) {
                continue;
            }
            if let Some(run) = runs.pop() {
                let (start, end) = (run.start.saturating_sub(1), run.end);
                run.pair(text, &mut edits);
                if let Some(parent) = runs.last_mut() {
                    parent.end = parent.end.max(end).max(range.end);
                    parent.opaque.push(start..range.end.max(end));
                }
            }
            continue;
        }
        if runs.is_empty() {
            runs.push(Run::new(range.start));
        }
        let Some(run) = runs.last_mut() else { continue };
        run.end = run.end.max(range.end);
        let inside_opaque = range.start < run.skip_until;
        match event {
            Event::Start(Tag::Link { .. }) if inside_opaque => links.push(false),
            Event::Start(Tag::Link { link_type, .. })
                if !matches!(link_type, LinkType::Autolink | LinkType::Email) =>
            {
                links.push(true);
                // The link's text is a run of its own (kramdown parses it apart too).
                let mut inner = Run::new(range.start + 1);
                inner.end = range.start + 1;
                runs.push(inner);
            }
            Event::Start(Tag::Link { .. }) | Event::Start(Tag::Image { .. }) => {
                if matches!(event, Event::Start(Tag::Link { .. })) {
                    links.push(false);
                }
                run.opaque.push(range.clone());
                run.skip_until = run.skip_until.max(range.end);
            }
            _ if inside_opaque => {}
            Event::Start(Tag::Emphasis) => run.commonmark.push((range.start, 1, range.end - 1)),
            Event::Start(Tag::Strong) => run.commonmark.push((range.start, 2, range.end - 2)),
            // An escape or an entity: one character that is never a delimiter.
            Event::Text(s) if text.get(range.clone()) != Some(&*s) => run.opaque.push(range),
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::Html(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => run.opaque.push(range),
            _ => {}
        }
    }
    while let Some(run) = runs.pop() {
        run.pair(text, &mut edits);
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e: &Edit| e.at);
    Some(apply(text, pieces, &edits))
}

fn is_inline(event: &Event) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Html(_) | Event::Rule => false,
        _ => true,
    }
}

/// One run of inline text (a paragraph's, a cell's, a link's text).
struct Run {
    start: usize,
    end: usize,
    /// Ranges read as one character that is no delimiter: code, links, HTML, escapes.
    opaque: Vec<Range<usize>>,
    /// CommonMark's pairs: (opener offset, length, closer offset).
    commonmark: Vec<(usize, usize, usize)>,
    /// Inside an image or autolink: its events are covered by its opaque range.
    skip_until: usize,
}

/// Replace `len` bytes at `at` with `with`.
struct Edit {
    at: usize,
    len: usize,
    with: &'static str,
}

#[derive(Clone, Copy, PartialEq)]
enum Tok {
    Char(char),
    /// A delimiter character (`*` or `_`) at this offset.
    Delim(char, usize),
    Opaque,
}

#[derive(Clone, Copy, PartialEq)]
enum Element {
    Em,
    Strong,
}

impl Run {
    fn new(start: usize) -> Self {
        Run {
            start,
            end: start,
            opaque: Vec::new(),
            commonmark: Vec::new(),
            skip_until: 0,
        }
    }

    fn tokens(&self, text: &str) -> Vec<Tok> {
        let mut opaque = self.opaque.clone();
        opaque.sort_by_key(|r| r.start);
        let mut toks = Vec::new();
        let mut o = opaque.iter().peekable();
        let mut at = self.start;
        let Some(s) = text.get(self.start..self.end) else {
            return toks;
        };
        let mut chars = s.char_indices().peekable();
        while let Some(&(i, c)) = chars.peek() {
            let pos = self.start + i;
            while o.peek().is_some_and(|r| r.end <= pos) {
                o.next();
            }
            if o.peek().is_some_and(|r| r.start <= pos) {
                if at <= pos {
                    toks.push(Tok::Opaque);
                    at = o.peek().map_or(pos + 1, |r| r.end);
                }
                chars.next();
                continue;
            }
            if c == '{' && s[i..].starts_with("{:") {
                // A span IAL (`{:target="_blank"}`): kramdown reads it before any emphasis.
                if let Some(close) = s[i..]
                    .find(['}', '\n'])
                    .filter(|&n| s[i + n..].starts_with('}'))
                {
                    toks.push(Tok::Opaque);
                    while chars.peek().is_some_and(|&(j, _)| j <= i + close) {
                        chars.next();
                    }
                    continue;
                }
            }
            if c == '\\' && s[i + 1..].starts_with(|n: char| n.is_ascii_punctuation()) {
                // `\*`: an escaped character, never a delimiter.
                chars.next();
                chars.next();
                toks.push(Tok::Opaque);
                continue;
            }
            let backslashes = text
                .as_bytes()
                .get(..pos)
                .unwrap_or_default()
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count();
            toks.push(if matches!(c, '*' | '_') && backslashes % 2 == 0 {
                Tok::Delim(c, pos)
            } else {
                Tok::Char(c)
            });
            chars.next();
        }
        toks
    }

    fn pair(self, text: &str, edits: &mut Vec<Edit>) {
        let toks = self.tokens(text);
        let delims = toks.iter().filter(|t| matches!(t, Tok::Delim(..))).count();
        if delims == 0 || delims > MAX_DELIMITERS {
            return;
        }
        let mut k = Kramdown {
            toks: &toks,
            pos: 0,
            pairs: Vec::new(),
            steps: 0,
        };
        let mut stack = Vec::new();
        k.parse_spans(None, &mut stack);
        if k.steps > MAX_STEPS {
            return;
        }
        let mut mine = k.pairs;
        let mut theirs = self.commonmark;
        mine.sort_unstable();
        theirs.sort_unstable();
        if mine == theirs {
            return;
        }
        let mut paired = std::collections::HashMap::new();
        for &(open, len, close) in &mine {
            let (o, c) = if len == 2 {
                ("<strong>", "</strong>")
            } else {
                ("<em>", "</em>")
            };
            paired.insert(open, (len, o));
            paired.insert(close, (len, c));
        }
        let mut covered = 0;
        for t in &toks {
            let Tok::Delim(_, at) = *t else { continue };
            if at < covered {
                continue;
            }
            match paired.get(&at) {
                Some(&(len, with)) => {
                    edits.push(Edit { at, len, with });
                    covered = at + len;
                }
                None => edits.push(Edit {
                    at,
                    len: 0,
                    with: "\\",
                }),
            }
        }
    }
}

/// kramdown's `parse_spans`/`parse_emphasis` over one run's tokens.
struct Kramdown<'t> {
    toks: &'t [Tok],
    pos: usize,
    /// (opener offset, length, closer offset).
    pairs: Vec<(usize, usize, usize)>,
    steps: usize,
}

struct Stop {
    delim: char,
    len: usize,
    element: Element,
}

impl Kramdown<'_> {
    fn delim_at(&self, i: usize) -> Option<char> {
        match self.toks.get(i) {
            Some(Tok::Delim(c, _)) => Some(*c),
            _ => None,
        }
    }

    fn offset_at(&self, i: usize) -> usize {
        match self.toks.get(i) {
            Some(Tok::Delim(_, at)) => *at,
            _ => 0,
        }
    }

    fn is_space_at(&self, i: usize) -> bool {
        matches!(self.toks.get(i), Some(Tok::Char(c)) if c.is_whitespace())
    }

    fn is_alpha_at(&self, i: usize) -> bool {
        matches!(self.toks.get(i), Some(Tok::Char(c)) if c.is_alphabetic())
    }

    fn is_alnum_at(&self, i: usize) -> bool {
        matches!(self.toks.get(i), Some(Tok::Char(c)) if c.is_alphanumeric())
    }

    /// `delim` repeated `len` times at `i`.
    fn run_at(&self, i: usize, delim: char, len: usize) -> bool {
        (i..i + len).all(|j| self.delim_at(j) == Some(delim))
    }

    /// Parses until `stop` closes (true) or the run ends (false). `content` counts what the
    /// element holds so far (kramdown's `!el.children.empty?`).
    fn parse_spans(&mut self, stop: Option<&Stop>, stack: &mut Vec<Element>) -> bool {
        let mut content = false;
        while self.pos < self.toks.len() {
            self.steps += 1;
            if self.steps > MAX_STEPS {
                return false;
            }
            if let Some(s) = stop {
                if self.run_at(self.pos, s.delim, s.len) && self.closes(s, content) {
                    return true;
                }
            }
            if self.delim_at(self.pos).is_some() && self.parse_emphasis(stack) {
                content = true;
                continue;
            }
            self.pos += 1;
            content = true;
        }
        false
    }

    fn closes(&self, s: &Stop, content: bool) -> bool {
        let p = self.pos;
        content
            && !(p > 0 && self.is_space_at(p - 1))
            // An em does not close where a strong (`**`, not `***`) starts.
            && (s.element != Element::Em
                || !self.run_at(p, s.delim, 2)
                || self.run_at(p + 2, s.delim, 1))
            && (s.delim != '_' || !self.is_alnum_at(p + s.len))
    }

    /// At a delimiter: true when an element was read (or its delimiters consumed as text),
    /// false when the caller should step over one token.
    fn parse_emphasis(&mut self, stack: &mut Vec<Element>) -> bool {
        let start = self.pos;
        let Some(delim) = self.delim_at(start) else {
            return false;
        };
        let len = if self.delim_at(start + 1) == Some(delim) {
            2
        } else {
            1
        };
        let element = if len == 2 {
            Element::Strong
        } else {
            Element::Em
        };
        let after_letter = start > 0
            && (self.is_alpha_at(start - 1)
                || (start > 1
                    && matches!(self.toks.get(start - 1), Some(Tok::Char('-')))
                    && self.is_alpha_at(start - 2)));
        if (delim == '_' && after_letter)
            || self.is_space_at(start + len)
            || stack.contains(&element)
        {
            self.pos += len;
            return true;
        }
        if self.sub_parse(start, start + len, (delim, len), element, stack) {
            return true;
        }
        // The em's opener is the first delimiter; the second is its text.
        if element == Element::Strong
            && stack.last() != Some(&Element::Em)
            && self.sub_parse(start, start + 1, (delim, 1), Element::Em, stack)
        {
            return true;
        }
        self.pos = start + len;
        true
    }

    /// Reads an element opened by the delimiter token `opener` whose content starts at token
    /// `from`; on success the closer is consumed and the pair recorded.
    fn sub_parse(
        &mut self,
        opener: usize,
        from: usize,
        (delim, len): (char, usize),
        element: Element,
        stack: &mut Vec<Element>,
    ) -> bool {
        let opener = self.offset_at(opener);
        let saved = self.pairs.len();
        self.pos = from;
        stack.push(element);
        let stop = Stop {
            delim,
            len,
            element,
        };
        let found = self.parse_spans(Some(&stop), stack);
        stack.pop();
        if found {
            let closer = self.offset_at(self.pos);
            self.pos += len;
            // Nested pairs were pushed first; this one goes before them, in source order.
            self.pairs.insert(saved, (opener, len, closer));
        } else {
            self.pairs.truncate(saved);
        }
        found
    }
}

/// Applies `edits` (sorted, not overlapping) to `text`, composing the offset map.
fn apply(text: &str, pieces: &[(usize, usize)], edits: &[Edit]) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len() + edits.len() * 8);
    let mut map: Vec<(usize, usize)> = Vec::new();
    let copy = |out: &mut String, map: &mut Vec<(usize, usize)>, from: usize, to: usize| {
        // Split at the old pieces' starts so every part keeps its own mapping.
        let mut at = from;
        while at < to {
            let next = pieces
                .get(pieces.partition_point(|&(t, _)| t <= at))
                .map_or(to, |&(t, _)| t.min(to));
            map.push((out.len(), body_offset(pieces, at)));
            out.push_str(text.get(at..next).unwrap_or(""));
            at = next;
        }
    };
    let mut at = 0;
    for e in edits {
        copy(&mut out, &mut map, at, e.at);
        map.push((out.len(), body_offset(pieces, e.at)));
        out.push_str(e.with);
        at = e.at + e.len;
    }
    copy(&mut out, &mut map, at, text.len());
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        kramdown_emphasis(s, &[(0, 0)]).map_or_else(|| s.to_owned(), |(t, _)| t)
    }

    #[test]
    fn strong_around_japanese_brackets_becomes_html() {
        assert_eq!(
            run("場所は**「A」**です。\n"),
            "場所は<strong>「A」</strong>です。\n"
        );
    }

    #[test]
    fn text_commonmark_pairs_the_same_way_is_left_alone() {
        assert_eq!(run("a **b** and `*c*` _d_\n"), "a **b** and `*c*` _d_\n");
    }

    #[test]
    fn underscores_after_a_letter_are_escaped_when_the_run_is_rewritten() {
        assert_eq!(
            run("これは__重要__です。場所は**「A」**です\n"),
            "これは\\_\\_重要\\_\\_です。場所は<strong>「A」</strong>です\n"
        );
    }

    #[test]
    fn many_unclosed_openers_finish_in_time_and_stay_text() {
        let s = "*a **b ".repeat(150) + "\n";
        assert_eq!(run(&s), s);
    }

    #[test]
    fn code_blocks_and_html_blocks_are_left_alone() {
        let s = "```\ndef f(*a, **k): __x__ * 2\n```\n\n    g(*a) _b\n\n<div>\n*x* __y\n</div>\n\nは**「A」**\n";
        let out = run(s);
        assert_eq!(out, s.replace("**「A」**", "<strong>「A」</strong>"));
    }

    #[test]
    fn an_autolink_does_not_end_the_run_it_is_in() {
        assert_eq!(
            run("<https://example.com/a_b> は**「A」**です\n"),
            "<https://example.com/a_b> は<strong>「A」</strong>です\n"
        );
    }

    #[test]
    fn emphasis_inside_an_image_or_a_link_stays() {
        assert_eq!(
            run("![*a*](x.png) [**b**](u) は**「A」**です\n"),
            "![*a*](x.png) [**b**](u) は<strong>「A」</strong>です\n"
        );
    }

    #[test]
    fn map_points_after_an_edit_to_the_body() {
        let (t, map) = kramdown_emphasis("は**「A」**で\n", &[(0, 0)]).unwrap();
        let after = t.find('で').unwrap();
        assert_eq!(body_offset(&map, after), "は**「A」**".len());
    }
}
