//! Macro definitions written in a formula (`\newcommand`, `\renewcommand`, `\def`,
//! `\DeclareMathOperator`): MathJax defines them when it typesets the formula, shows nothing for
//! them, and uses them in every later formula of the page. math-core takes macros only in its
//! configuration, so they are taken out of the TeX here and given to the post's converter.

/// A macro: its name without the backslash, and its body (`#1`… for arguments).
#[derive(Debug, Clone, PartialEq)]
pub struct Macro {
    pub name: String,
    pub body: String,
}

/// The TeX without its definitions, and the definitions in order. A definition that cannot be
/// read (no name, an unclosed brace) is an error naming it; the TeX keeps it then.
pub fn take_definitions(tex: &str) -> (String, Vec<Result<Macro, String>>) {
    const COMMANDS: [&str; 6] = [
        "\\newcommand",
        "\\renewcommand",
        "\\providecommand",
        "\\DeclareMathOperator",
        "\\def",
        "\\gdef",
    ];
    let mut out = String::with_capacity(tex.len());
    let mut found = Vec::new();
    let mut rest = tex;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let here = &rest[i..];
        let command = COMMANDS.iter().find(|c| {
            here.starts_with(**c)
                && !here[c.len()..].starts_with(|ch: char| ch.is_ascii_alphabetic())
        });
        let Some(command) = command else {
            // Not a definition: the backslash and the character it escapes stay.
            let len = here.chars().take(2).map(char::len_utf8).sum::<usize>();
            out.push_str(&here[..len]);
            rest = &here[len..];
            continue;
        };
        let after = &here[command.len()..];
        let parsed = if command.ends_with("def") {
            def(after)
        } else {
            newcommand(after, *command == "\\DeclareMathOperator")
        };
        match parsed {
            Ok((m, used)) => {
                found.push(Ok(m));
                rest = &after[used..];
            }
            Err(e) => {
                found.push(Err(format!("{command}: {e}")));
                out.push_str(command);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (out, found)
}

/// `{\name}[n]{body}`, `\name[n]{body}` (the `[n]` optional); for `\DeclareMathOperator`,
/// `{\name}{text}` (a `*` after it: limits, as for `\lim`).
fn newcommand(s: &str, operator: bool) -> Result<(Macro, usize), String> {
    let mut at = skip_space(s, 0);
    let star = operator && s[at..].starts_with('*');
    if star || s[at..].starts_with('*') {
        at += 1;
    }
    at = skip_space(s, at);
    let name = if s[at..].starts_with('{') {
        let end = closing(s, at).ok_or("the name's brace is never closed")?;
        let name = s[at + 1..end].trim();
        at = end + 1;
        name
    } else {
        let (name, len) = control_sequence(&s[at..]).ok_or("no macro name")?;
        at += len;
        name
    };
    let name = name.strip_prefix('\\').ok_or("the name is not a command")?;
    if name.is_empty() {
        return Err("no macro name".into());
    }
    at = skip_space(s, at);
    if s[at..].starts_with('[') {
        let end = s[at..]
            .find(']')
            .ok_or("the argument count is never closed")?;
        at += end + 1;
        at = skip_space(s, at);
        // A default for the first argument (`[2][x]`): MathJax's optional argument; math-core
        // has none, so the argument is required.
        if s[at..].starts_with('[') {
            let end = s[at..].find(']').ok_or("the default is never closed")?;
            at += end + 1;
            at = skip_space(s, at);
        }
    }
    if !s[at..].starts_with('{') {
        return Err(format!("\\{name} has no body"));
    }
    let end = closing(s, at).ok_or_else(|| format!("the body of \\{name} is never closed"))?;
    let inner = &s[at + 1..end];
    let body = if operator {
        let kind = if star {
            "operatorname*"
        } else {
            "operatorname"
        };
        format!("\\{kind}{{{inner}}}")
    } else {
        format!("{{{inner}}}")
    };
    Ok((
        Macro {
            name: name.to_owned(),
            body,
        },
        end + 1,
    ))
}

/// `\name#1#2{body}` after `\def`.
fn def(s: &str) -> Result<(Macro, usize), String> {
    let at = skip_space(s, 0);
    let (name, len) = control_sequence(&s[at..]).ok_or("no macro name")?;
    let name = name.trim_start_matches('\\');
    let mut at = at + len;
    // The parameter text: `#1#2`; anything else (delimited parameters) math-core cannot take.
    let params_end = s[at..].find('{').map(|i| at + i).ok_or("no body")?;
    let params: String = s[at..params_end].split_whitespace().collect();
    let plain = params
        .as_bytes()
        .chunks(2)
        .enumerate()
        .all(|(k, c)| c.len() == 2 && c[0] == b'#' && c[1] == b'1' + k as u8);
    if !params.is_empty() && !plain {
        return Err(format!("\\{name} has delimited parameters `{params}`"));
    }
    at = params_end;
    let end = closing(s, at).ok_or_else(|| format!("the body of \\{name} is never closed"))?;
    Ok((
        Macro {
            name: name.to_owned(),
            body: format!("{{{}}}", &s[at + 1..end]),
        },
        end + 1,
    ))
}

fn skip_space(s: &str, at: usize) -> usize {
    at + s[at..].len() - s[at..].trim_start().len()
}

/// `\name` (letters) or `\x` (one other character) at the start of `s`, and its length.
fn control_sequence(s: &str) -> Option<(&str, usize)> {
    let rest = s.strip_prefix('\\')?;
    let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let len = if letters > 0 {
        letters
    } else {
        rest.chars().next()?.len_utf8()
    };
    Some((&s[..1 + len], 1 + len))
}

/// The index of the `}` closing the `{` at `at` (escaped braces skipped).
fn closing(s: &str, at: usize) -> Option<usize> {
    super::closing_brace(&s[at..]).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(name: &str, body: &str) -> Result<Macro, String> {
        Ok(Macro {
            name: name.into(),
            body: body.into(),
        })
    }

    #[test]
    fn definitions_are_taken_out_of_the_tex() {
        let (tex, defs) = take_definitions(
            r"\newcommand{\R}{\mathbb{R}} \renewcommand\vec[1]{\mathbf{#1}} \def\abs#1{|#1|} x \in \R",
        );
        assert_eq!(tex.trim(), r"x \in \R");
        assert_eq!(
            defs,
            [
                ok("R", r"{\mathbb{R}}"),
                ok("vec", r"{\mathbf{#1}}"),
                ok("abs", "{|#1|}")
            ]
        );
        let (tex, defs) = take_definitions(r"\DeclareMathOperator*{\argmax}{arg\,max} \argmax_x f");
        assert_eq!(tex.trim(), r"\argmax_x f");
        assert_eq!(defs, [ok("argmax", r"\operatorname*{arg\,max}")]);
    }

    #[test]
    fn a_broken_definition_is_an_error_and_stays() {
        let (tex, defs) = take_definitions(r"\newcommand{\R}{\mathbb{R} x");
        assert!(tex.starts_with(r"\newcommand"), "{tex}");
        assert!(
            matches!(&defs[..], [Err(e)] if e.contains("never closed")),
            "{defs:?}"
        );
        let (_, defs) = take_definitions(r"\def\a.#1.{x}");
        assert!(
            matches!(&defs[..], [Err(e)] if e.contains("delimited")),
            "{defs:?}"
        );
        // Commands that only start like one are left alone.
        assert_eq!(take_definitions(r"\default \defi x").0, r"\default \defi x");
    }
}
