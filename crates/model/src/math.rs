//! TeX math → MathML, once per formula when a post is read (math-core; why that one: the crate's
//! Cargo.toml). The MathML is what the EPUB shows and what the PDF's math layout will read; the
//! TeX stays beside it (alt text, copy, the fallback).
//!
//! Before conversion, a few forms MathJax reads and math-core does not are rewritten into
//! equivalents it does read (`eqnarray` → `align`, `split` → `aligned`, `smallmatrix` →
//! `matrix`, `\substack{…}` → a `subarray`), and control characters copied into a post are
//! dropped. After it, HTML that math-core puts inside `<mtext>` (`\textbf` as `<b>`), which is
//! not MathML in XHTML, is reduced to its text.

use crate::diagnostic::Diagnostic;
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
        c.convert_with_local_state(&tex, mode)
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

/// Converts every formula of a post's blocks. A formula that cannot be converted keeps its TeX
/// only (the backends show it as source, in the code style) and is reported to `failed` with the
/// message, once per formula.
pub fn convert_blocks(blocks: &mut [Block], failed: &mut dyn FnMut(&str, String)) {
    crate::document::walk_blocks_mut(blocks, &mut |b| {
        if let Block::Math { tex, mathml } = b {
            match to_mathml(tex, true) {
                Ok(m) => *mathml = Some(m),
                Err(e) => failed(tex, e),
            }
        }
    });
    crate::document::walk_inlines_mut(blocks, &mut |i| {
        if let Inline::Math { tex, mathml } = i {
            match to_mathml(tex, false) {
                Ok(m) => *mathml = Some(m),
                Err(e) => failed(tex, e),
            }
        }
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
        ("{smallmatrix}", "{matrix}"),
    ] {
        s = s
            .replace(&format!("\\begin{from}"), &format!("\\begin{to}"))
            .replace(&format!("\\end{from}"), &format!("\\end{to}"));
    }
    substack(&s)
}

/// `\substack{a \\ b}` → `\begin{subarray}{c}a \\ b\end{subarray}` (the same stacked limits).
fn substack(tex: &str) -> String {
    const CMD: &str = "\\substack";
    let mut out = String::with_capacity(tex.len());
    let mut rest = tex;
    while let Some(i) = rest.find(CMD) {
        let after = &rest[i + CMD.len()..];
        let body = after.trim_start();
        // Only the command itself (not `\substacks`), followed by a braced argument.
        if after.starts_with(|c: char| c.is_ascii_alphabetic()) || !body.starts_with('{') {
            out.push_str(&rest[..i + CMD.len()]);
            rest = after;
            continue;
        }
        let Some(end) = closing_brace(body) else {
            break;
        };
        out.push_str(&rest[..i]);
        out.push_str("\\begin{subarray}{c}");
        out.push_str(&body[1..end]);
        out.push_str("\\end{subarray}");
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    out
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
fn xhtml_safe(mathml: &str) -> String {
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
        out.push_str(&rest[..tag_end]);
        let inner = &rest[tag_end..close];
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
}
