//! Syntax highlighting, done once when a post is read: each code block gets its language's
//! Rouge name and token spans over its text in a small vocabulary ([`TokenKind`]) that both
//! backends map to their own look (Rouge classes in the EPUB, a print theme in the PDF).
//!
//! Grammars are syntect's Sublime Text grammars as bat curates them (two-face); the set is read
//! only when a book has code that names a language, and each grammar's patterns are compiled the
//! first time a block uses it.

mod console;
pub mod languages;
mod scopes;

use languages::Grammar;
use serde::Serialize;
use std::sync::OnceLock;
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

/// What a span of code is, as a reader tells it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    Keyword,
    String,
    Comment,
    Number,
    Function,
    Type,
    /// Language constants and builtins (`true`, `nil`, `self`, `None`).
    Constant,
    Operator,
    Punctuation,
    Variable,
    Attribute,
    /// HTML/XML tag names, CSS selectors.
    Tag,
    Regex,
    /// Escapes inside strings (`\n`, `%d`).
    Escape,
    Heading,
    Inserted,
    Deleted,
    /// A shell session's prompt (`$ `).
    Prompt,
    /// A shell session's output lines.
    Output,
}

impl TokenKind {
    /// Every kind, in declaration order.
    pub const ALL: [TokenKind; 19] = {
        use TokenKind::*;
        [
            Keyword,
            String,
            Comment,
            Number,
            Function,
            Type,
            Constant,
            Operator,
            Punctuation,
            Variable,
            Attribute,
            Tag,
            Regex,
            Escape,
            Heading,
            Inserted,
            Deleted,
            Prompt,
            Output,
        ]
    };

    /// The Rouge/Pygments short class the blog's own CSS (and Rouge themes) style.
    pub fn rouge_class(self) -> &'static str {
        use TokenKind::*;
        match self {
            Keyword => "k",
            String => "s",
            Comment => "c",
            Number => "m",
            Function => "nf",
            Type => "kt",
            Constant => "kc",
            Operator => "o",
            Punctuation => "p",
            Variable => "nv",
            Attribute => "na",
            Tag => "nt",
            Regex => "sr",
            Escape => "se",
            Heading => "gh",
            Inserted => "gi",
            Deleted => "gd",
            Prompt => "gp",
            Output => "go",
        }
    }
}

/// One highlighted span: byte offsets into the block's text, on character boundaries. Spans are
/// sorted, do not overlap, never cross a line break, and text outside every span is plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: TokenKind,
}

/// `text`, which starts at byte `offset` of the code `tokens` highlight, cut at the tokens'
/// edges: each piece with its kind, `None` for plain text; empty pieces are left out. The one
/// place a backend turns tokens into styled runs.
pub fn segments<'t>(
    text: &'t str,
    offset: usize,
    tokens: &[Token],
) -> Vec<(&'t str, Option<TokenKind>)> {
    let end = offset + text.len();
    let first = tokens.partition_point(|t| (t.end as usize) <= offset);
    let mut out = Vec::new();
    let mut at = offset;
    let mut piece = |from: usize, to: usize, kind| {
        if to > from {
            out.push((&text[from - offset..to - offset], kind));
        }
    };
    for t in &tokens[first..] {
        let (s, e) = (t.start as usize, t.end as usize);
        if s >= end {
            break;
        }
        let (s, e) = (s.max(at), e.min(end));
        piece(at, s, None);
        piece(s, e, Some(t.kind));
        at = e.max(at);
    }
    piece(at, end, None);
    out
}

/// The grammars, read on first use.
pub(crate) fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// A language name resolved: the Rouge name for the output and how to highlight it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// Rouge's tag (`ruby`, `cpp`, `console`), written as `language-…` in the EPUB.
    pub name: String,
    /// `None`: no grammar knows it (plain, with a warning).
    pub grammar: Option<Grammar>,
}

/// Resolves a name as written (`rb`, `{.c++}`, `language-shell-session`); `None` for no name.
pub fn resolve(raw: &str) -> Option<Language> {
    let cleaned = languages::clean(raw)?;
    Some(match languages::lookup(&cleaned) {
        Some((tag, grammar)) => Language {
            name: tag.to_owned(),
            grammar: Some(grammar.clone()),
        },
        // Not a Rouge name we list: syntect's own lookup by extension or grammar name.
        None => {
            let set = syntaxes();
            let found = set
                .find_syntax_by_token(&cleaned)
                .or_else(|| set.find_syntax_by_name(&cleaned))
                .map(|s| Grammar::Found(s.name.clone()));
            Language {
                name: cleaned,
                grammar: found,
            }
        }
    })
}

/// The tokens of `text` in `grammar`.
pub fn highlight(grammar: &Grammar, text: &str) -> Vec<Token> {
    let set = syntaxes();
    let syntax = |name: &str| set.find_syntax_by_name(name);
    let name = match grammar {
        Grammar::Plain => return Vec::new(),
        Grammar::Console => {
            let mut tokens = console::highlight(text, syntax("Bourne Again Shell (bash)"));
            merge(&mut tokens);
            return tokens;
        }
        // PHP written with its `<?php` opener is PHP inside HTML; without it, bare PHP code.
        Grammar::Syntax("PHP Source") if text.contains("<?") => "PHP",
        Grammar::Syntax(name) => name,
        Grammar::Found(name) => name.as_str(),
    };
    let mut tokens = syntax(name).map_or_else(Vec::new, |s| tokens_in(text, s, 0));
    merge(&mut tokens);
    tokens
}

/// Tokens of `text` (which starts at byte `base` of the block) in one grammar. A line the
/// grammar fails on (a pattern error) ends highlighting there: the rest stays plain.
pub(crate) fn tokens_in(text: &str, syntax: &SyntaxReference, base: usize) -> Vec<Token> {
    let set = syntaxes();
    let sigils = matches!(
        syntax.name.as_str(),
        "Bourne Again Shell (bash)"
            | "Perl"
            | "PHP"
            | "PHP Source"
            | "Makefile"
            | "PowerShell"
            | "Dockerfile"
            | "Fish"
    );
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let Ok(ops) = state.parse_line(line, set) else {
            break;
        };
        let mut at = 0;
        let mut push = |from: usize, to: usize, stack: &ScopeStack| {
            // Line breaks stay outside tokens, so a span never crosses lines.
            let to = if line[..to].ends_with('\n') {
                to - 1
            } else {
                to
            };
            if to > from {
                if let Some(kind) = scopes::kind_of(stack.as_slice(), sigils) {
                    out.push(Token {
                        start: (base + line_start + from) as u32,
                        end: (base + line_start + to) as u32,
                        kind,
                    });
                }
            }
        };
        for (i, op) in ops {
            if i > at {
                push(at, i, &stack);
                at = i;
            }
            if stack.apply(&op).is_err() {
                break;
            }
        }
        push(at, line.len(), &stack);
        line_start += line.len();
    }
    out
}

/// Joins neighbouring spans of one kind (`"`, `abc`, `"` → one string).
fn merge(tokens: &mut Vec<Token>) {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for t in tokens.drain(..) {
        match out.last_mut() {
            Some(last) if last.end == t.start && last.kind == t.kind => last.end = t.end,
            _ => out.push(t),
        }
    }
    *tokens = out;
}

/// kramdown's `syntax_highlighter_opts: default_lang` (or its `block:`/`span:` sub-keys): the
/// language of code that names none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefaultLanguages {
    pub block: Option<String>,
    pub span: Option<String>,
}

/// Highlights every code block of a post, and inline code that names a language (or has the
/// site's span default, as kramdown does). Names no grammar knows are handed to `unknown` (the
/// caller warns once per name per book).
pub fn highlight_blocks(
    blocks: &mut [crate::Block],
    defaults: &DefaultLanguages,
    unknown: &mut dyn FnMut(&str),
) {
    let mut one = |language: &mut Option<String>,
                   text: &str,
                   tokens: &mut Vec<Token>,
                   default: Option<&str>| {
        let Some(lang) = language.as_deref().or(default).and_then(resolve) else {
            return;
        };
        match &lang.grammar {
            Some(g) => *tokens = highlight(g, text),
            None => unknown(&lang.name),
        }
        *language = Some(lang.name);
    };
    crate::document::walk_blocks_mut(blocks, &mut |b| {
        if let crate::Block::CodeBlock {
            language,
            text,
            tokens,
            ..
        } = b
        {
            one(language, text, tokens, defaults.block.as_deref());
        }
    });
    crate::document::walk_inlines_mut(blocks, &mut |i| {
        if let crate::Inline::Code {
            language,
            text,
            tokens,
        } = i
        {
            one(language, text, tokens, defaults.span.as_deref());
        }
    });
}

#[cfg(test)]
mod tests;
