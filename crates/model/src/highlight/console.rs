//! Shell sessions (Rouge's `console`): a line that starts with a prompt is a command, read as
//! shell; a line after a command that ends in `\` continues it; every other line is output.

use super::{tokens_in, Token, TokenKind};
use syntect::parsing::SyntaxReference;

/// The prompt at the start of `line`, in bytes: `$ `, `# `, `% `, `> `, `❯ `, or a
/// `user@host:~/dir$ ` / `[user@host dir]# ` / `PS C:\> ` prompt ending in one of those.
pub fn prompt_len(line: &str) -> Option<usize> {
    let marks = ['$', '#', '%', '>', '❯', '❮', '»'];
    // The prompt is a run without spaces ending in a mark and a space (or the line's end).
    let word_end = line
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(line.len(), |(i, _)| i);
    let head = &line[..word_end];
    let last = head.chars().last()?;
    if !marks.contains(&last) {
        // `[user@host dir]$ `: a bracketed prompt holds one space.
        if line.starts_with('[') {
            let close = line.find("] ").or_else(|| line.find("]$"))?;
            let rest = &line[close + 1..];
            let mark = rest.chars().next()?;
            if marks.contains(&mark) {
                let after = close + 1 + mark.len_utf8();
                return Some(after + usize::from(line[after..].starts_with(' ')));
            }
        }
        return None;
    }
    // A lone `#` followed by text is a root prompt only when what follows reads as a command;
    // `#!/bin/sh` or `#comment` is not a prompt (no space after the mark).
    if word_end < line.len() && !line[word_end..].starts_with(' ') {
        return None;
    }
    Some(word_end + usize::from(word_end < line.len()))
}

pub fn highlight(text: &str, shell: Option<&SyntaxReference>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut continued = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let command = if continued { Some(0) } else { prompt_len(body) };
        match command {
            Some(p) => {
                if p > 0 {
                    out.push(Token {
                        start: at as u32,
                        end: (at + p) as u32,
                        kind: TokenKind::Prompt,
                    });
                }
                if let Some(sh) = shell {
                    out.extend(tokens_in(&body[p..], sh, at + p));
                }
                continued = body.ends_with('\\');
            }
            None if !body.trim().is_empty() => {
                out.push(Token {
                    start: at as u32,
                    end: (at + body.len()) as u32,
                    kind: TokenKind::Output,
                });
            }
            None => {}
        }
        at += line.len();
    }
    out
}
