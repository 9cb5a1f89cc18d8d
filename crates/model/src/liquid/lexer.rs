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

pub(crate) fn tokenize(text: &str) -> Result<Vec<Token<'_>>, Problem> {
    let index = LineIndex::new(text);
    let mut tokens = Vec::new();
    let mut rest_start = 0usize;
    // Set by a `-}}`/`-%}`: the next text loses its leading whitespace.
    let mut trim_next = false;
    while let Some(found) = find_open(text, rest_start) {
        let (open, is_tag) = found;
        let inner_start = open + 2;
        let close_pat = if is_tag { "%}" } else { "}}" };
        let Some(close_rel) = text.get(inner_start..).and_then(|s| s.find(close_pat)) else {
            let what = if is_tag { "Tag '{%'" } else { "Variable '{{'" };
            return Err(Problem::error(
                index.pos(open),
                format!("{what} was not properly terminated with '{close_pat}'"),
            ));
        };
        let close = inner_start + close_rel;
        let raw_inner = text.get(inner_start..close).unwrap_or("");
        let lstrip = raw_inner.starts_with('-');
        let rstrip = raw_inner.ends_with('-') && raw_inner.len() > usize::from(lstrip);
        let inner = raw_inner
            .get(usize::from(lstrip)..raw_inner.len() - usize::from(rstrip))
            .unwrap_or("");
        push_text(
            &mut tokens,
            text.get(rest_start..open).unwrap_or(""),
            trim_next,
            lstrip,
        );
        trim_next = rstrip;
        rest_start = close + 2;
        let pos = index.pos(open);
        if !is_tag {
            tokens.push(Token::Output { markup: inner, pos });
            continue;
        }
        let trimmed = inner.trim_start_matches(is_liquid_space);
        let name_len = if trimmed.starts_with('#') {
            1
        } else {
            trimmed
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(trimmed.len())
        };
        let name = trimmed.get(..name_len).unwrap_or("");
        if name.is_empty() {
            return Err(Problem::error(
                pos,
                format!("Tag '{{%{raw_inner}%}}' was not properly terminated"),
            ));
        }
        let markup = trimmed
            .get(name_len..)
            .unwrap_or("")
            .trim_matches(is_liquid_space);
        match name {
            "raw" => {
                let Some((body, end_l, end_r, after)) = find_end(text, rest_start, "raw", None)
                else {
                    return Err(Problem::error(pos, "'raw' tag was never closed"));
                };
                let body = text.get(rest_start..body).unwrap_or("");
                let body = if trim_next {
                    body.trim_start_matches(is_liquid_space)
                } else {
                    body
                };
                let body = if end_l {
                    body.trim_end_matches(is_liquid_space)
                } else {
                    body
                };
                if !body.is_empty() {
                    tokens.push(Token::Text(body));
                }
                trim_next = end_r;
                rest_start = after;
            }
            "comment" => {
                let Some((_, _, end_r, after)) =
                    find_end(text, rest_start, "comment", Some("comment"))
                else {
                    return Err(Problem::error(pos, "'comment' tag was never closed"));
                };
                trim_next = end_r;
                rest_start = after;
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
    Ok(tokens)
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
