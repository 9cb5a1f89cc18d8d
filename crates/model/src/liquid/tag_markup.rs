//! The arguments of single tags: `for` headers, `when` lists, `cycle`, and Jekyll's `include`
//! markup (`file.html key="v" key2=var`, `{{ var }}` in the file name).

use super::expr::{self, Condition, Operand, Tok};
use super::parser::{parse, ForLoop, Include, Markup, Node};
use super::{Pos, Problem};

pub(crate) fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

pub(crate) fn parse_cond(tag: &str, markup: &str, pos: Pos) -> Result<Condition, Problem> {
    if markup.trim().is_empty() {
        return Err(Problem::error(
            pos,
            format!("Syntax Error in tag '{tag}' - Valid syntax: {tag} [expression]"),
        ));
    }
    expr::parse_condition(markup)
        .map_err(|m| Problem::error(pos, format!("Syntax Error in tag '{tag}': {m}")))
}

pub(crate) fn single_operand(markup: &str) -> Result<Operand, String> {
    let toks = expr::lex(markup)?;
    let mut p = expr::Parser::new(&toks);
    let o = p.operand()?;
    if !p.is_done() {
        return Err(format!("unexpected text in '{markup}'"));
    }
    Ok(o)
}

pub(crate) fn when_values(markup: &str) -> Result<Vec<Operand>, String> {
    let toks = expr::lex(markup)?;
    let mut p = expr::Parser::new(&toks);
    let mut values = vec![p.operand()?];
    while p.eat(",") || p.eat_ident("or") {
        values.push(p.operand()?);
    }
    if !p.is_done() {
        return Err(format!("Syntax Error in tag 'case' - bad 'when {markup}'"));
    }
    Ok(values)
}

pub(crate) fn for_header(markup: &str) -> Result<ForLoop, String> {
    let usage = "Valid syntax: for [item] in [collection]";
    let toks = expr::lex(markup)?;
    let mut p = expr::Parser::new(&toks);
    let var = p.ident().ok_or(usage)?.to_owned();
    if !p.eat_ident("in") {
        return Err(usage.into());
    }
    let source = p.operand()?;
    let mut lp = ForLoop {
        var,
        source,
        limit: None,
        offset: None,
        reversed: false,
        body: Vec::new(),
        otherwise: Vec::new(),
        pos: Pos::default(),
    };
    while let Some(word) = p.ident() {
        if word == "reversed" {
            lp.reversed = true;
            continue;
        }
        if !p.eat(":") {
            return Err(format!("unexpected '{word}'"));
        }
        // `offset: continue` resumes a previous loop; we read it as 0.
        let v = if p.eat_ident("continue") {
            Operand::Lit(0.into())
        } else {
            p.operand()?
        };
        match word {
            "limit" => lp.limit = Some(v),
            "offset" => lp.offset = Some(v),
            _ => {
                return Err(format!(
                    "unknown attribute '{word}' (Valid attributes are limit and offset)"
                ))
            }
        }
        p.eat(",");
    }
    if !p.is_done() {
        return Err(usage.into());
    }
    Ok(lp)
}

pub(crate) fn cycle(markup: &str, pos: Pos) -> Result<Node, String> {
    let toks = expr::lex(markup)?;
    let mut p = expr::Parser::new(&toks);
    let mut key = markup.to_owned();
    if let (Some(Tok::Str(_) | Tok::Ident(_)), Some(Tok::Punct(":"))) = (toks.first(), toks.get(1))
    {
        let group = p.operand()?;
        p.eat(":");
        key = format!("{group:?}");
    }
    let mut values = vec![p.operand()?];
    while p.eat(",") {
        values.push(p.operand()?);
    }
    Ok(Node::Cycle { key, values, pos })
}

/// A tag argument that may contain `{{ … }}`.
pub(crate) fn markup_arg(s: &str, pos: Pos) -> Result<Markup, Problem> {
    if !s.contains("{{") {
        return Ok(Markup::Literal(s.to_owned()));
    }
    // Positions inside the argument are reported at the tag.
    let parsed = parse(s).map_err(|e| Problem { pos, ..e })?;
    Ok(Markup::Template(parsed.nodes))
}

/// `file.html key="v" key2=var` (Jekyll's include syntax, also with `{{ var }}` in the file).
pub(crate) fn include(markup: &str, relative: bool, pos: Pos) -> Result<Include, Problem> {
    let invalid = |why: &str| {
        Problem::error(
            pos,
            format!("Invalid syntax for include tag ({why}): '{markup}'"),
        )
        .with_hint("Valid syntax: {% include file.ext param='value' param2=variable %}")
    };
    let markup = markup.trim();
    // The file name ends at the first space outside `{{ … }}`.
    let mut depth = 0usize;
    let mut end = markup.len();
    let mut chars = markup.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if matches!(chars.peek(), Some((_, '{'))) => depth += 1,
            '}' if depth > 0 && matches!(chars.peek(), Some((_, '}'))) => depth -= 1,
            c if c.is_whitespace() && depth == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let (file, mut rest) = markup.split_at(end);
    if file.is_empty() {
        return Err(invalid("no file name"));
    }
    let file = markup_arg(file, pos)?;
    let mut params = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let key_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(rest.len());
        let (key, after) = rest.split_at(key_len);
        let after = after.trim_start();
        let Some(after) = after.strip_prefix('=').filter(|_| !key.is_empty()) else {
            return Err(invalid("expected key=value"));
        };
        let after = after.trim_start();
        let (value, remaining) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after[1..];
                let mut out = String::new();
                let mut it = body.char_indices();
                let mut close = None;
                while let Some((i, c)) = it.next() {
                    if c == '\\' {
                        if let Some((_, n)) = it.next() {
                            if n != q {
                                out.push('\\');
                            }
                            out.push(n);
                        }
                    } else if c == q {
                        close = Some(i);
                        break;
                    } else {
                        out.push(c);
                    }
                }
                let close = close.ok_or_else(|| invalid("unterminated quote"))?;
                (Operand::Lit(out.into()), &body[close + 1..])
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                let (v, r) = after.split_at(end);
                (single_operand(v).map_err(|m| invalid(&m))?, r)
            }
        };
        params.push((key.to_owned(), value));
        rest = remaining;
    }
    Ok(Include {
        relative,
        file,
        params,
        pos,
    })
}
