//! Splits a template into text, `{{ output }}` and `{% tag %}` tokens, the way Liquid 5's
//! tokenizer does (`{{` ends at the first `}}`, `{%` at the first `%}`), with whitespace control
//! applied and `raw`/`comment` bodies resolved here so that nothing inside them is parsed.
//!
//! Scanning is linear: every search starts where the previous one ended, so long runs of
//! whitespace or braces cost nothing extra (the `liquid` crate is quadratic there).

use super::{Pos, Problem};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token<'a> {
    Text(&'a str),
    /// The inside of `{{ … }}`, trimmed of the `-` markers.
    Output {
        markup: &'a str,
        pos: Pos,
    },
    /// `{% name markup %}`.
    Tag {
        name: &'a str,
        markup: &'a str,
        pos: Pos,
    },
}

/// Byte offset → 1-based line and character column.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }
    pub(crate) fn pos(&self, offset: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col + 1).unwrap_or(u32::MAX),
        }
    }
}

/// Ruby's `String#strip` set: Liquid's whitespace control removes these and nothing else
/// (an ideographic space U+3000 survives `{%-`, as in Jekyll).
pub(crate) fn is_liquid_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\0')
}

/// Tokens, and the lax readings made on the way (each a `liquid-lax` warning).
#[derive(Debug, Default)]
pub(crate) struct Lexed<'a> {
    pub tokens: Vec<Token<'a>>,
    pub warnings: Vec<Problem>,
}

/// Never fails: where Liquid's tokenizer raises a syntax error (and Jekyll stops the build:
/// an unterminated `{{` or `{%`, `{{ x }` ended by one brace, `{%%}`, an unclosed `raw` or
/// `comment`), the text is kept as written, or the block runs to the end, with a warning.
pub(crate) fn tokenize(text: &str) -> Lexed<'_> {
    let index = LineIndex::new(text);
    let mut tokens = Vec::new();
    let mut warnings = Vec::new();
    let mut rest_start = 0usize;
    // Set by a `-}}`/`-%}`: the next text loses its leading whitespace.
    let mut trim_next = false;
    let mut from = 0usize;
    while let Some(found) = find_open(text, from) {
        let (open, is_tag) = found;
        let inner_start = open + 2;
        from = inner_start;
        let pos = index.pos(open);
        // Liquid ends `{{` at the first `}` (taking a second one if it follows) and `{%` at
        // the first `%}`.
        let close = if is_tag {
            text.get(inner_start..)
                .and_then(|s| s.find("%}"))
                .map(|i| inner_start + i)
        } else {
            text.get(inner_start..)
                .and_then(|s| s.find('}'))
                .map(|i| inner_start + i)
                .filter(|&c| text.as_bytes().get(c + 1) == Some(&b'}'))
        };
        let Some(close) = close else {
            let what = if is_tag {
                "Tag '{%' was not properly terminated with '%}'"
            } else {
                "Variable '{{' was not properly terminated with '}}'"
            };
            warnings.push(
                Problem::lax(
                    pos,
                    format!(
                        "{what}: Jekyll stops the build here; hanmoto keeps the text as written"
                    ),
                )
                .with_hint("write {% raw %}…{% endraw %} around Liquid-like text"),
            );
            continue;
        };
        let raw_inner = text.get(inner_start..close).unwrap_or("");
        let lstrip = raw_inner.starts_with('-');
        // Liquid looks at the third and third-last characters of the token: in `{{-}}` one
        // dash trims both sides (measured).
        let rstrip = raw_inner.ends_with('-');
        let inner = raw_inner
            .get(usize::from(lstrip)..raw_inner.len().saturating_sub(usize::from(rstrip)))
            .unwrap_or("");
        let trimmed = inner.trim_start_matches(is_liquid_space);
        let name_len = if trimmed.starts_with('#') {
            1
        } else {
            trimmed
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(trimmed.len())
        };
        let name = trimmed.get(..name_len).unwrap_or("");
        if is_tag && name.is_empty() {
            warnings.push(Problem::lax(
                pos,
                format!("Tag '{{%{raw_inner}%}}' was not properly terminated: Jekyll stops the build here; hanmoto keeps the text as written"),
            ));
            from = close + 2;
            continue;
        }
        push_text(
            &mut tokens,
            text.get(rest_start..open).unwrap_or(""),
            trim_next,
            lstrip,
        );
        trim_next = rstrip;
        rest_start = close + 2;
        from = rest_start;
        if !is_tag {
            tokens.push(Token::Output { markup: inner, pos });
            continue;
        }
        let markup = trimmed
            .get(name_len..)
            .unwrap_or("")
            .trim_matches(is_liquid_space);
        match name {
            "raw" => {
                // Liquid's `raw` reads its body itself: the body keeps its whitespace, and the
                // text after `endraw` is trimmed by the `-%}` of the opening tag.
                let (body_end, after) = match find_end(text, rest_start, "raw", None) {
                    Some((body_end, end_l, _, after)) => {
                        if end_l {
                            warnings.push(Problem::lax(
                                index.pos(body_end),
                                "Jekyll 4.3 does not see '{%- endraw' as the end of 'raw' and stops the build; hanmoto ends 'raw' there",
                            ));
                        }
                        let body = text.get(rest_start..body_end).unwrap_or("");
                        let kept = if end_l {
                            body.trim_end_matches(is_liquid_space).len()
                        } else {
                            body.len()
                        };
                        (rest_start + kept, after)
                    }
                    None => {
                        warnings.push(Problem::lax(pos, "'raw' tag was never closed: Jekyll stops the build here; hanmoto keeps the rest of the text as written"));
                        (text.len(), text.len())
                    }
                };
                if let Some(body) = text.get(rest_start..body_end).filter(|b| !b.is_empty()) {
                    tokens.push(Token::Text(body));
                }
                rest_start = after;
                from = after;
            }
            "comment" => {
                let after = match find_end(text, rest_start, "comment", Some("comment")) {
                    Some((_, _, end_r, after)) => {
                        trim_next = end_r;
                        after
                    }
                    None => {
                        warnings.push(Problem::lax(pos, "'comment' tag was never closed: Jekyll stops the build here; hanmoto removes the rest of the body as comment"));
                        text.len()
                    }
                };
                rest_start = after;
                from = after;
            }
            "#" => {}
            _ => tokens.push(Token::Tag { name, markup, pos }),
        }
    }
    push_text(
        &mut tokens,
        text.get(rest_start..).unwrap_or(""),
        trim_next,
        false,
    );
    Lexed { tokens, warnings }
}

fn push_text<'a>(tokens: &mut Vec<Token<'a>>, s: &'a str, trim_start: bool, trim_end: bool) {
    let s = if trim_start {
        s.trim_start_matches(is_liquid_space)
    } else {
        s
    };
    let s = if trim_end {
        s.trim_end_matches(is_liquid_space)
    } else {
        s
    };
    if !s.is_empty() {
        tokens.push(Token::Text(s));
    }
}

/// The next `{{` or `{%` at or after `from`: (offset, is_tag).
fn find_open(text: &str, from: usize) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        let rel = text.get(i..)?.find('{')?;
        let at = i + rel;
        match bytes.get(at + 1) {
            Some(b'{') => return Some((at, false)),
            Some(b'%') => return Some((at, true)),
            Some(_) => i = at + 1,
            None => return None,
        }
    }
}

/// Finds `{% end<name> %}` after `from`, counting nested `{% <nest> %}` openers.
/// Returns (start of the end tag, its lstrip, its rstrip, offset after it).
fn find_end(
    text: &str,
    from: usize,
    name: &str,
    nest: Option<&str>,
) -> Option<(usize, bool, bool, usize)> {
    let end_name = format!("end{name}");
    let mut depth = 0usize;
    let mut i = from;
    loop {
        let open = i + text.get(i..)?.find("{%")?;
        let inner_start = open + 2;
        let close = inner_start + text.get(inner_start..)?.find("%}")?;
        let inner = text.get(inner_start..close).unwrap_or("");
        let lstrip = inner.starts_with('-');
        let rstrip = inner.len() > usize::from(lstrip) && inner.ends_with('-');
        let word = inner
            .trim_start_matches('-')
            .trim_start_matches(is_liquid_space)
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if word == end_name {
            if depth == 0 {
                return Some((open, lstrip, rstrip, close + 2));
            }
            depth -= 1;
        } else if Some(word) == nest {
            depth += 1;
        }
        i = close + 2;
    }
}
