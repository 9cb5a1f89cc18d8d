//! TeX math → MathML, once per formula when a post is read (math-core; why that one: the crate's
//! Cargo.toml). The MathML is what the EPUB shows and what the PDF's math layout will read; the
//! TeX stays beside it (alt text, copy, the fallback).
//!
//! Before conversion, a few forms MathJax reads and math-core does not are rewritten into
//! equivalents it does read (`eqnarray` → `align`, `split` → `aligned`, `smallmatrix` →
//! a `matrix` at script size, `\substack{…}` → a `subarray`), and control characters copied into a post are
//! dropped. After it, HTML that math-core puts inside `<mtext>` (`\textbf` as `<b>`), which is
//! not MathML in XHTML, is reduced to its text.

mod definitions;

pub use definitions::{take_definitions, Macro};

use crate::diagnostic::Diagnostic;
use crate::document::NodeMut;
use crate::{Block, Inline};
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use std::path::Path;

thread_local! {
    /// One converter per thread (posts are read on all threads).
    static CONVERTER: Option<LatexToMathML> = LatexToMathML::new(MathCoreConfig {
        xml_namespace: true,
        ..Default::default()
    })
    .ok();
}

/// The MathML of `tex` (a `<math>` element, `display="block"` for display math), or why it could
/// not be made (math-core's message, naming the command or environment).
pub fn to_mathml(tex: &str, display: bool) -> Result<String, String> {
    if let Some(e) = too_deep(tex) {
        return Err(e);
    }
    let tex = prepare(tex);
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    CONVERTER.with(|c| {
        let c = c
            .as_ref()
            .ok_or_else(|| "the math converter could not start".to_owned())?;
        guarded(|| c.convert_with_local_state(&tex, mode))?
            .map(|r| xhtml_safe(&r.mathml))
            .map_err(|e| {
                format!(
                    "{}, at `{}`",
                    e.error_message().trim_end_matches('.'),
                    at(&tex, e.0.clone())
                )
            })
    })
}

/// The TeX an error points at (a command, an environment name, a character), at most 40
/// characters of it: what the warning names.
fn at(tex: &str, range: std::ops::Range<usize>) -> String {
    let boundary = |mut i: usize| {
        i = i.min(tex.len());
        while !tex.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = boundary(range.start);
    let end = boundary(range.end.max(range.start));
    let piece = if end > start {
        &tex[start..end]
    } else {
        // An empty range: what follows it, up to the next space.
        let rest = &tex[start..];
        &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())]
    };
    piece.trim().chars().take(40).collect()
}

/// Converts every formula of a post, in reading order, as one document: equation numbers
/// (`equation`, `align`, `\tag`) run on across the post and restart in the next one, and
/// `\eqref{x}`/`\ref{x}` anywhere in the post (before the label too) give the labelled number.
/// The labelled row's number cell keeps math-core's `id`; the reference's `<a href>` (HTML
/// inside `<mtext>`) becomes that `mtext`'s MathML `href` (`xhtml_safe`): a link to the row in
/// the EPUB and the PDF. Macros defined in the post's
/// formulas (`\newcommand`, `\def`, see `definitions`) and the site's (`site_macros`) apply to
/// every formula of the post — MathJax would not know a macro before its definition; a formula
/// that uses it early is the rare case, and showing it is kinder than an error. A formula that
/// cannot be converted keeps its TeX only (the backends show it as source, in the code style)
/// and is reported to `failed` with the message, once per formula; so is a definition that
/// cannot be read.
pub fn convert_blocks(
    blocks: &mut [Block],
    site_macros: &[Macro],
    failed: &mut dyn FnMut(&str, String),
) {
    let mut formulas: Vec<(String, bool)> = Vec::new();
    visit_formulas(blocks, &mut |tex, _, display| {
        formulas.push((tex.clone(), display))
    });
    if formulas.is_empty() {
        return;
    }
    let mut macros: Vec<Macro> = site_macros.to_vec();
    let mut prepared = Vec::with_capacity(formulas.len());
    for (tex, display) in &formulas {
        let (rest, definitions) = take_definitions(tex);
        for d in definitions {
            match d.and_then(|m| check_macro(&m).map(|()| m)) {
                Ok(m) => macros.push(m),
                Err(e) => failed(tex, format!("a macro definition cannot be read: {e}")),
            }
        }
        let (rest, refs) = ref_as_eqref(&prepare(&rest));
        prepared.push((rest, refs, *display));
    }
    // A formula nested deeper than any real one is not given to the converter, whose recursion
    // would overflow the stack (an abort, not an error): it is left as TeX, with a warning.
    let deep: Vec<Option<String>> = prepared.iter().map(|(t, _, _)| too_deep(t)).collect();
    for (p, d) in prepared.iter_mut().zip(&deep) {
        if d.is_some() {
            p.0.clear();
        }
    }
    let results: Vec<Result<String, String>> = convert_post(&prepared, &macros)
        .into_iter()
        .zip(deep)
        .map(|(r, d)| match d {
            Some(e) => Err(e),
            None => r,
        })
        .collect();
    let mut results = results.into_iter();
    visit_formulas(blocks, &mut |tex, mathml, _| match results.next() {
        Some(Ok(m)) => *mathml = Some(m),
        Some(Err(e)) => failed(tex, e),
        None => {}
    });
}

/// Converts a post's prepared formulas together (numbers and references across them), with
/// the macros (a later definition of a name wins, as `\renewcommand` does).
fn convert_post(
    prepared: &[(String, Vec<bool>, bool)],
    macros: &[Macro],
) -> Vec<Result<String, String>> {
    let snippets: Vec<(&str, MathDisplay)> = prepared
        .iter()
        .map(|(tex, _, display)| {
            let mode = if *display {
                MathDisplay::Block
            } else {
                MathDisplay::Inline
            };
            (tex.as_str(), mode)
        })
        .collect();
    let finish = |converter: &LatexToMathML| -> Vec<Result<String, String>> {
        let read = |snippets: &[(&str, MathDisplay)], prepared: &[(String, Vec<bool>, bool)]| {
            guarded(|| converter.convert_all(snippets)).map(|results| {
                results
                    .into_iter()
                    .zip(prepared)
                    .map(|(r, (tex, refs, _))| {
                        r.map(|r| xhtml_safe(&plain_refs(&r.mathml, refs)))
                            .map_err(|e| {
                                format!(
                                    "{}, at `{}`",
                                    e.error_message().trim_end_matches('.'),
                                    at(tex, e.0.clone())
                                )
                            })
                    })
                    .collect::<Vec<_>>()
            })
        };
        // A formula that makes the converter fail (a panic, not an error) must not lose the
        // post's others: then each is converted alone (numbers and references no longer run
        // across this rare post), the failing one keeping its TeX.
        read(&snippets, prepared).unwrap_or_else(|failure| {
            snippets
                .iter()
                .zip(prepared)
                .map(|(s, p)| {
                    read(std::slice::from_ref(s), std::slice::from_ref(p))
                        .and_then(|mut one| one.pop().unwrap_or_else(|| Err(failure.clone())))
                })
                .collect()
        })
    };
    if macros.is_empty() {
        return CONVERTER.with(|c| match c {
            Some(c) => finish(c),
            None => vec![Err("the math converter could not start".to_owned()); prepared.len()],
        });
    }
    match converter_with(macros) {
        Some(c) => finish(&c),
        None => vec![Err("the math converter could not start".to_owned()); prepared.len()],
    }
}

/// Runs the converter, turning a panic of it (math-core asserts on a few inputs it cannot lay
/// out, e.g. `\color` around an `aligned`) into an error: the formula keeps its TeX and the
/// build goes on. The panic's own message is not printed (see `quiet_panics`).
fn guarded<T>(convert: impl FnOnce() -> T) -> Result<T, String> {
    quiet_panics();
    CONVERTING.with(|c| c.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(convert));
    CONVERTING.with(|c| c.set(false));
    result.map_err(|_| {
        "the math converter failed on this formula (an internal error of math-core)".to_owned()
    })
}

thread_local! {
    /// Whether this thread is inside `guarded` (its panics are reported as warnings).
    static CONVERTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs, once, a panic hook that stays silent for a panic inside `guarded` (it becomes a
/// warning naming the formula) and hands every other panic to the hook it replaced.
fn quiet_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CONVERTING.with(|c| c.get()) {
                previous(info);
            }
        }));
    });
}

/// A converter knowing `macros` (each already checked; one math-core still refuses is left out).
fn converter_with(macros: &[Macro]) -> Option<LatexToMathML> {
    let mut list: Vec<(String, String)> = macros
        .iter()
        .map(|m| (m.name.clone(), m.body.clone()))
        .collect();
    loop {
        match LatexToMathML::new(MathCoreConfig {
            xml_namespace: true,
            macros: list.clone(),
            ..Default::default()
        }) {
            Ok(c) => return Some(c),
            Err((_, index, _)) if index < list.len() => {
                list.remove(index);
            }
            Err(_) => return None,
        }
    }
}

/// Whether math-core can read a macro: why not, naming it.
pub fn check_macro(m: &Macro) -> Result<(), String> {
    LatexToMathML::new(MathCoreConfig {
        macros: vec![(m.name.clone(), m.body.clone())],
        ..Default::default()
    })
    .map(|_| ())
    .map_err(|(e, _, _)| {
        format!(
            "\\{} = `{}`: {}",
            m.name,
            m.body,
            e.error_message().trim_end_matches('.')
        )
    })
}

/// `\ref{x}` (which math-core lacks) as `\eqref{x}`, and for each reference in order whether it
/// was a `\ref` (its number then loses the parentheses, as MathJax shows it).
fn ref_as_eqref(tex: &str) -> (String, Vec<bool>) {
    let mut out = String::with_capacity(tex.len());
    let mut kinds = Vec::new();
    let mut rest = tex;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let here = &rest[i..];
        let name_len = here[1..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count();
        let name = &here[1..1 + name_len];
        let len = if name_len > 0 {
            1 + name_len
        } else {
            here.chars().take(2).map(char::len_utf8).sum()
        };
        match name {
            "ref" | "eqref" => {
                out.push_str("\\eqref");
                kinds.push(name == "ref");
            }
            _ => out.push_str(&here[..len]),
        }
        rest = &here[len..];
    }
    out.push_str(rest);
    (out, kinds)
}

/// math-core writes a reference as `<a href="#x">(1)</a>`: for a `\ref`, `1` (the link stays,
/// see `xhtml_safe`).
fn plain_refs(mathml: &str, refs: &[bool]) -> String {
    if !refs.contains(&true) {
        return mathml.to_owned();
    }
    let mut out = String::with_capacity(mathml.len());
    let mut rest = mathml;
    let mut kinds = refs.iter();
    while let Some(i) = rest.find("<a href=\"") {
        let Some(close) = rest[i..].find('>').map(|e| i + e + 1) else {
            break;
        };
        out.push_str(&rest[..close]);
        rest = &rest[close..];
        if kinds.next() == Some(&true) {
            if let Some(end) = rest.find("</a>") {
                let number = &rest[..end];
                out.push_str(
                    number
                        .strip_prefix('(')
                        .and_then(|n| n.strip_suffix(')'))
                        .unwrap_or(number),
                );
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Visits every formula in reading order: its TeX, its MathML, whether it is display math.
fn visit_formulas(blocks: &mut [Block], f: &mut dyn FnMut(&mut String, &mut Option<String>, bool)) {
    crate::document::walk_mut(blocks, &mut |n| match n {
        NodeMut::Block(Block::Math { tex, mathml }) => f(tex, mathml, true),
        NodeMut::Inline(Inline::Math { tex, mathml }) => f(tex, mathml, false),
        _ => {}
    });
}

/// The warning for a formula that could not be converted, at the line of `source` (the post's
/// file) where its TeX first appears, else at the file.
pub fn failure_diagnostic(file: &Path, source: &str, tex: &str, message: &str) -> Diagnostic {
    let d = Diagnostic::warning(
        "math-unsupported",
        format!("this formula cannot be typeset ({message}); it is printed as its TeX source"),
    )
    .with_hint("write it with commands MathJax and LaTeX share, or define the macro in the post");
    // The formula's most distinctive line (its longest: `\begin{aligned}` alone would find the
    // post's first aligned block), then back to the formula's first line.
    let (index, needle) = tex
        .lines()
        .map(str::trim)
        .enumerate()
        .max_by_key(|(i, l)| (l.len(), std::cmp::Reverse(*i)))
        .unwrap_or((0, tex.trim()));
    match source.find(needle).filter(|_| !needle.is_empty()) {
        Some(at) => {
            let found = source[..at].matches('\n').count() as u32 + 1;
            // On the formula's first line, the column where it starts; else that line's start.
            let (line, column) = if index == 0 {
                let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
                (found, source[line_start..at].chars().count() as u32 + 1)
            } else {
                (found.saturating_sub(index as u32).max(1), 1)
            };
            d.at_line(file, source, line, column)
        }
        None => d.at(crate::diagnostic::Span::file(file)),
    }
}

/// How deep braces and environments may nest: far beyond any real formula (the deepest seen in
/// the real blogs is under 15), well within the converter's and the layout's stacks.
const MAX_NESTING: usize = 32;

/// Why `tex` is too deeply nested to convert, if it is.
fn too_deep(tex: &str) -> Option<String> {
    let (mut depth, mut max) = (0usize, 0usize);
    let mut escaped = false;
    for (i, c) in tex.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => {
                escaped = true;
                if tex[i..].starts_with("\\begin{") {
                    depth += 1;
                } else if tex[i..].starts_with("\\end{") {
                    depth = depth.saturating_sub(1);
                } else if tex[i..].starts_with("\\left")
                    && !tex[i + 5..].starts_with(|c: char| c.is_ascii_alphabetic())
                {
                    depth += 1;
                } else if tex[i..].starts_with("\\right")
                    && !tex[i + 6..].starts_with(|c: char| c.is_ascii_alphabetic())
                {
                    depth = depth.saturating_sub(1);
                }
            }
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        max = max.max(depth);
    }
    (max > MAX_NESTING)
        .then(|| format!("it nests {max} levels deep (at most {MAX_NESTING} are set)"))
}

/// The TeX math-core is given: control characters dropped, and the forms it lacks rewritten.
fn prepare(tex: &str) -> String {
    let mut s: String = tex
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\n' | '\t'))
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    for (from, to) in [
        ("{eqnarray*}", "{align*}"),
        ("{eqnarray}", "{align}"),
        ("{split}", "{aligned}"),
    ] {
        s = s
            .replace(&format!("\\begin{from}"), &format!("\\begin{to}"))
            .replace(&format!("\\end{from}"), &format!("\\end{to}"));
    }
    // A script-size matrix: `script_size_tables` below keeps the table at that size.
    s = s
        .replace("\\begin{smallmatrix}", "{\\scriptstyle\\begin{matrix}")
        .replace("\\end{smallmatrix}", "\\end{matrix}}");
    let s = s.replace("\\mbox{", "\\text{");
    text_underscores(&wide_tildes(&color_arguments(&substack(&s))))
}

/// Marks a `\widetilde` rewritten as `\widehat` (math-core 0.7 lacks `\widetilde`): a private
/// character in a `\text` right after the accented group, which `restore_wide_tildes` finds
/// after conversion and turns back into a wide tilde.
const WIDE_TILDE_MARK: char = '\u{E000}';

/// `\widetilde{x}` → `\widehat{x}\text{<mark>}`.
fn wide_tildes(tex: &str) -> String {
    rewrite_commands(tex, &["\\widetilde"], &mut |after| {
        let (a, e) = argument(after)?;
        let replacement = format!("\\widehat{}\\text{{{WIDE_TILDE_MARK}}}", &after[a..e]);
        Some((replacement, e))
    })
}

/// The wide hat before each mark becomes the wide tilde the author wrote; the marks go.
fn restore_wide_tildes(mathml: &str) -> String {
    let mark = format!("<mtext>{WIDE_TILDE_MARK}</mtext>");
    if !mathml.contains(&mark) {
        return mathml.to_owned();
    }
    let hat = "<mo stretchy=\"true\">\u{302}</mo></mover>";
    let tilde = "<mo stretchy=\"true\">\u{303}</mo></mover>";
    let mut out = mathml.replace(&format!("{hat}{mark}"), tilde);
    // A mark not right after a wide hat (never expected) still must not show.
    out = out.replace(&mark, "");
    out
}

/// Rewrites each use of one of `cmds` (the command itself, not a longer name starting with it):
/// `f` gets the text after the command, and gives the replacement and how many bytes of
/// that text it consumed, or `None` to leave the use as written.
fn rewrite_commands(
    tex: &str,
    cmds: &[&str],
    f: &mut dyn FnMut(&str) -> Option<(String, usize)>,
) -> String {
    let mut out = String::with_capacity(tex.len() + 16);
    let mut rest = tex;
    while let Some((i, cmd)) = cmds
        .iter()
        .filter_map(|c| rest.find(c).map(|i| (i, *c)))
        .min()
    {
        let after = &rest[i + cmd.len()..];
        let whole = !after.starts_with(|c: char| c.is_ascii_alphabetic());
        match whole.then(|| f(after)).flatten() {
            Some((replacement, used)) => {
                out.push_str(&rest[..i]);
                out.push_str(&replacement);
                rest = &after[used..];
            }
            None => {
                out.push_str(&rest[..i + cmd.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The braced argument at the start of `s`, after any spaces: its byte range, braces included.
fn argument(s: &str) -> Option<(usize, usize)> {
    let start = s.len() - s.trim_start().len();
    let group = &s[start..];
    if !group.starts_with('{') {
        return None;
    }
    Some((start, start + closing_brace(group)? + 1))
}

/// MathJax's `\color{c}{x}` colours only `x` (two arguments); math-core reads LaTeX's switch,
/// which colours everything after it up to the end of the group, `&` and `\\` included (an
/// `aligned` block collapsed into one cell). So `\color{c}{x}` → `{\color{c}x}`;
/// `\textcolor{c}{x}` (which math-core lacks) likewise.
fn color_arguments(tex: &str) -> String {
    rewrite_commands(tex, &["\\color", "\\textcolor"], &mut |after| {
        let (a, a_end) = argument(after)?;
        let (b, b_end) = argument(&after[a_end..])?;
        let body = &after[a_end + b + 1..a_end + b_end - 1];
        Some((
            format!("{{\\color{}{body}}}", &after[a..a_end]),
            a_end + b_end,
        ))
    })
}

/// MathJax takes `_` inside `\text{…}` literally; math-core wants `\_`.
fn text_underscores(tex: &str) -> String {
    rewrite_commands(tex, &["\\text"], &mut |after| {
        let (a, e) = argument(after)?;
        let mut body = String::with_capacity(e - a + 4);
        let mut escaped = false;
        for c in after[a + 1..e - 1].chars() {
            if c == '_' && !escaped {
                body.push('\\');
            }
            escaped = c == '\\' && !escaped;
            body.push(c);
        }
        Some((format!("\\text{{{body}}}"), e))
    })
}

/// `\substack{a \\ b}` → `\begin{subarray}{c}a \\ b\end{subarray}` (the same stacked limits).
fn substack(tex: &str) -> String {
    rewrite_commands(tex, &["\\substack"], &mut |after| {
        let (a, e) = argument(after)?;
        let rows = &after[a + 1..e - 1];
        Some((
            format!("\\begin{{subarray}}{{c}}{rows}\\end{{subarray}}"),
            e,
        ))
    })
}

/// The index of the `}` closing the `{` at the start of `s` (escaped braces skipped).
fn closing_brace(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// math-core's MathML made XHTML-safe: markup inside `<mtext>` (HTML formatting, which XHTML
/// would read as MathML elements) reduced to its text.
/// math-core resets every table to `scriptlevel="0"`; a table right inside `\scriptstyle`
/// (`smallmatrix`, rewritten by `prepare`) keeps the script size it was asked for.
fn script_size_tables(mathml: &str) -> String {
    mathml.replace(
        "scriptlevel=\"1\"><mtable displaystyle=\"false\" scriptlevel=\"0\">",
        "scriptlevel=\"1\"><mtable displaystyle=\"false\" scriptlevel=\"1\">",
    )
}

fn xhtml_safe(mathml: &str) -> String {
    let sized = script_size_tables(&restore_wide_tildes(mathml));
    let mathml = sized.as_str();
    const OPEN: &str = "<mtext";
    const CLOSE: &str = "</mtext>";
    let mut out = String::with_capacity(mathml.len());
    let mut rest = mathml;
    while let Some(i) = rest.find(OPEN) {
        let Some(tag_end) = rest[i..].find('>').map(|e| i + e + 1) else {
            break;
        };
        let Some(close) = rest[tag_end..].find(CLOSE).map(|e| tag_end + e) else {
            break;
        };
        let inner = &rest[tag_end..close];
        // A reference (`\eqref`: `<a href="#label">(1)</a>`) keeps its target as MathML's own
        // `href` on the `mtext`, which links in MathML readers and in the PDF.
        let href = inner
            .find("<a href=\"")
            .map(|a| &inner[a + 9..])
            .and_then(|h| h.find('"').map(|e| &h[..e]))
            .filter(|h| h.starts_with('#') && !h.contains(['<', '>']));
        match href {
            Some(h) if !rest[i..tag_end].contains(" href=") => {
                out.push_str(&rest[..tag_end - 1]);
                out.push_str(" href=\"");
                out.push_str(h);
                out.push_str("\">");
            }
            _ => out.push_str(&rest[..tag_end]),
        }
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.push_str(CLOSE);
        rest = &rest[close + CLOSE.len()..];
    }
    out.push_str(rest);
    out.replace("&nbsp;", "&#160;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn well_formed(xml: &str) -> bool {
        // Balanced tags and no bare `<` or `&` outside references: enough for these outputs.
        let mut depth = 0i32;
        let mut rest = xml;
        while let Some(i) = rest.find('<') {
            let Some(end) = rest[i..].find('>') else {
                return false;
            };
            let tag = &rest[i + 1..i + end];
            if tag.starts_with('/') {
                depth -= 1;
            } else if !tag.ends_with('/') {
                depth += 1;
            }
            rest = &rest[i + end + 1..];
        }
        depth == 0
    }

    #[test]
    fn display_and_inline_math_become_mathml_with_the_namespace() {
        let block = to_mathml(r"\frac{a}{b} = \sum_{i=1}^n x_i", true).unwrap();
        assert!(block.starts_with("<math xmlns=\"http://www.w3.org/1998/Math/MathML\""));
        assert!(block.contains("display=\"block\""), "{block}");
        assert!(block.contains("<mfrac>"), "{block}");
        let inline = to_mathml(r"x^2", false).unwrap();
        assert!(!inline.contains("display=\"block\""), "{inline}");
        assert!(inline.contains("<msup>"), "{inline}");
    }

    #[test]
    fn a_formula_the_converter_panics_on_keeps_its_tex_and_spares_the_others() {
        // math-core 0.7 asserts (ast.rs, "ColumnSeparator node should be handled") on this
        // input, found by the PDF's math property test.
        let bad =
            r"\color{red}{\begin{aligned}\color{red}{x} &= x \\ &= \color{red}{x}\end{aligned}}";
        let alone = to_mathml(bad, false);
        if let Err(e) = &alone {
            assert!(e.contains("math converter failed"), "{e}");
        }
        let mut blocks = vec![
            Block::Math {
                tex: r"\begin{equation}a = b\end{equation}".into(),
                mathml: None,
            },
            Block::Math {
                tex: bad.into(),
                mathml: None,
            },
            Block::Math {
                tex: r"\frac{1}{2}".into(),
                mathml: None,
            },
        ];
        let mut failures = Vec::new();
        convert_blocks(&mut blocks, &[], &mut |tex, e| {
            failures.push((tex.to_owned(), e))
        });
        let converted: Vec<bool> = blocks
            .iter()
            .map(|b| {
                matches!(
                    b,
                    Block::Math {
                        mathml: Some(_),
                        ..
                    }
                )
            })
            .collect();
        assert!(converted[0]);
        assert!(converted[2]);
        assert_eq!(converted[1], alone.is_ok(), "{failures:?}");
        assert_eq!(failures.len(), usize::from(alone.is_err()), "{failures:?}");
    }

    #[test]
    fn forms_mathjax_reads_are_rewritten_into_ones_math_core_reads() {
        for tex in [
            r"\begin{eqnarray} a &=& b \\ c &=& d \end{eqnarray}",
            r"\begin{equation}\begin{split} a &= b \\ &= c \end{split}\end{equation}",
            r"\begin{smallmatrix} a & b \\ c & d \end{smallmatrix}",
            r"\sum_{\substack{i=1 \\ j \ne i}} x_{ij}",
        ] {
            let m = to_mathml(tex, true).unwrap_or_else(|e| panic!("{tex}: {e}"));
            assert!(well_formed(&m), "{tex}: {m}");
        }
        let small = to_mathml(r"\begin{smallmatrix} a & b \end{smallmatrix}", false).unwrap();
        assert!(
            small.contains("<mtable displaystyle=\"false\" scriptlevel=\"1\">"),
            "{small}"
        );
        assert_eq!(
            color_arguments(r"\color{red}{x} + \textcolor{blue}{y^2} \colorbox \color{red} z"),
            r"{\color{red}x} + {\color{blue}y^2} \colorbox \color{red} z"
        );
        let deep = format!("{}x{}", "\\frac{".repeat(3000), "}{y}".repeat(3000));
        assert!(to_mathml(&deep, true).unwrap_err().contains("levels deep"));
        let nested = format!("{}x{}", "\\sqrt{".repeat(30), "}".repeat(30));
        assert!(to_mathml(&nested, false).is_ok());
        let braces = format!("{}x{}", "{".repeat(32), "}".repeat(32));
        assert!(to_mathml(&braces, false).is_ok());
        assert!(to_mathml(&format!("{{{braces}}}"), false).is_err());
        let wide = to_mathml(r"\widetilde{ab} + \widehat{\widetilde{x}} \mbox{ok}", false).unwrap();
        assert_eq!(wide.matches("\u{303}").count(), 2, "{wide}");
        assert_eq!(wide.matches("\u{302}").count(), 1, "{wide}");
        assert!(
            !wide.contains('\u{E000}') && wide.contains("<mtext>ok</mtext>"),
            "{wide}"
        );
        let aligned = to_mathml(
            r"\begin{aligned} a &= \color{red}{b} \\ c &= d \end{aligned}",
            true,
        )
        .unwrap();
        assert_eq!(aligned.matches("<mtr>").count(), 2, "{aligned}");
        assert_eq!(
            text_underscores(r"\text{style_fwd} x_1 \text{a\_b}"),
            r"\text{style\_fwd} x_1 \text{a\_b}"
        );
        assert!(to_mathml(r"\text{sentence_length}", false).is_ok());
        assert_eq!(
            substack(r"\sum_{\substack{a \\ b}} \substacks"),
            r"\sum_{\begin{subarray}{c}a \\ b\end{subarray}} \substacks"
        );
    }

    #[test]
    fn text_formatting_inside_mtext_is_plain_text_and_control_characters_go() {
        let m = to_mathml("\\text{a \\textbf{bold} word}\u{1c} + x", false).unwrap();
        assert!(!m.contains("<b>") && !m.contains("\u{1c}"), "{m}");
        assert!(m.contains("bold"), "{m}");
        assert!(well_formed(&m), "{m}");
    }

    #[test]
    fn an_unknown_command_is_an_error_naming_it() {
        let e = to_mathml(r"\frac{1}{2} \notacommand x", true).unwrap_err();
        assert!(e.contains("notacommand"), "{e}");
        // A message that names no command still says where.
        let e = to_mathml(r"a \begin{aligned} x & \small{y} \end{aligned}", true).unwrap_err();
        assert!(e.contains("at `"), "{e}");
    }

    #[test]
    fn a_failure_is_reported_at_the_line_of_its_tex() {
        let source = "---\ntitle: t\n---\nText\n\n$$\\notacommand x$$\n";
        let d = failure_diagnostic(Path::new("p.md"), source, r"\notacommand x", "Unknown");
        let span = d.span.clone().unwrap();
        assert_eq!(span.line, 6);
        // Two aligned blocks: the second's line, found by its longest line.
        let source = "$$\n\\begin{aligned}\na &= b\n\\end{aligned}\n$$\n\n$$\n\\begin{aligned}\nx &= \\bad{y} + z\n\\end{aligned}\n$$\n";
        let tex = "\\begin{aligned}\nx &= \\bad{y} + z\n\\end{aligned}";
        let d = failure_diagnostic(Path::new("p.md"), source, tex, "Unknown");
        assert_eq!(d.span.clone().unwrap().line, 8);
    }

    fn post(blocks: &mut [Block], site: &[Macro]) -> Vec<String> {
        let mut failures = Vec::new();
        convert_blocks(blocks, site, &mut |tex, e| {
            failures.push(format!("{tex}: {e}"))
        });
        failures
    }

    fn display(tex: &str) -> Block {
        Block::Math {
            tex: tex.into(),
            mathml: None,
        }
    }

    fn inline_para(tex: &str) -> Block {
        Block::Paragraph {
            content: vec![
                Inline::text("see "),
                Inline::Math {
                    tex: tex.into(),
                    mathml: None,
                },
            ],
        }
    }

    fn mathml_of(blocks: &[Block]) -> Vec<String> {
        let mut v = Vec::new();
        crate::document::walk_blocks(blocks, &mut |b| {
            if let Block::Math { mathml, .. } = b {
                v.push(mathml.clone().unwrap_or_default());
            }
        });
        crate::document::walk_inlines(blocks, &mut |i| {
            if let Inline::Math { mathml, .. } = i {
                v.push(mathml.clone().unwrap_or_default());
            }
        });
        v
    }

    #[test]
    fn equation_numbers_run_on_across_a_post_and_references_find_them() {
        let mut blocks = vec![
            // A reference before its label (forward) still finds the number.
            inline_para(r"\eqref{eq:second}"),
            display(r"\begin{equation} a = b \label{eq:first} \end{equation}"),
            display(r"\begin{align} c &= d \label{eq:second} \\ e &= f \tag{*} \end{align}"),
            inline_para(r"\ref{eq:first}"),
        ];
        assert!(post(&mut blocks, &[]).is_empty());
        let m = mathml_of(&blocks);
        assert!(
            m[0].contains("id=\"eq:first\"") && m[0].contains("(1)"),
            "{}",
            m[0]
        );
        assert!(
            m[1].contains("id=\"eq:second\"") && m[1].contains("(2)"),
            "{}",
            m[1]
        );
        assert!(m[1].contains("(*)"), "{}", m[1]);
        assert!(m[2].contains(">(2)<"), "{}", m[2]);
        // References link to the labelled row (MathML's own `href`).
        assert!(
            m[2].contains("<mtext href=\"#eq:second\">(2)</mtext>"),
            "{}",
            m[2]
        );
        assert!(
            m[3].contains("<mtext href=\"#eq:first\">1</mtext>"),
            "{}",
            m[3]
        );
        // `\ref` gives the number without parentheses, as MathJax shows it.
        assert!(m[3].contains(">1<") && !m[3].contains("(1)"), "{}", m[3]);
        // The next post starts again at (1).
        let mut next = vec![display(r"\begin{equation} x \end{equation}")];
        assert!(post(&mut next, &[]).is_empty());
        assert!(mathml_of(&next)[0].contains("(1)"));
    }

    #[test]
    fn a_posts_definitions_apply_to_its_later_formulas_and_the_sites_to_all() {
        let site = [Macro {
            name: "E".into(),
            body: r"\mathbb{E}".into(),
        }];
        let mut blocks = vec![
            display(r"\newcommand{\R}{\mathbb{R}} \def\abs#1{\left|#1\right|}"),
            inline_para(r"x \in \R, \abs{y}, \E[z]"),
            inline_para(r"\renewcommand{\R}{\mathcal{R}} \R"),
        ];
        assert_eq!(post(&mut blocks, &site), Vec::<String>::new());
        let m = mathml_of(&blocks);
        assert!(m[1].contains("|") && m[1].contains("𝔼"), "{}", m[1]);
        // A later `\renewcommand` wins.
        assert!(m[2].contains("ℛ"), "{}", m[2]);
    }

    #[test]
    fn a_broken_definition_warns_and_its_formula_keeps_its_tex() {
        let mut blocks = vec![display(r"\newcommand{\R}{\mathbb{R} x")];
        let failures = post(&mut blocks, &[]);
        assert!(
            failures.iter().any(|f| f.contains("never closed")),
            "{failures:?}"
        );
    }
}
