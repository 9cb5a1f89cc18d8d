//! Printing diagnostics (with the source line, like rustc) and the check summary.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use hanmoto_model::{Diagnostic, Severity};
use std::io::IsTerminal;

pub fn print_diagnostics(diags: &[Diagnostic]) {
    let renderer = if std::io::stderr().is_terminal() {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for d in diags {
        eprintln!("{}\n", render(d, &renderer));
    }
}

fn render(d: &Diagnostic, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let path = d.span.as_ref().map(|s| s.file.display().to_string());
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let mut elements: Vec<annotate_snippets::Element<'_>> = Vec::new();
    match (&d.span, &d.source_line) {
        (Some(span), Some(line)) if span.line > 0 => {
            let start: usize = line
                .chars()
                .take(span.column.saturating_sub(1) as usize)
                .map(char::len_utf8)
                .sum();
            let start = start.min(line.len());
            let end = line[start..]
                .chars()
                .next()
                .map(|c| start + c.len_utf8())
                .unwrap_or(start);
            elements.push(
                Snippet::source(line.as_str())
                    .line_start(span.line as usize)
                    .path(path.clone())
                    .annotation(AnnotationKind::Primary.span(start..end))
                    .into(),
            );
        }
        (Some(span), _) => {
            let mut origin = annotate_snippets::Origin::path(path.clone().unwrap_or_default());
            if span.line > 0 {
                origin = origin
                    .line(span.line as usize)
                    .char_column(span.column.max(1) as usize);
            }
            elements.push(origin.into());
        }
        _ => {}
    }
    let mut report = vec![Group::with_title(title).elements(elements)];
    if let Some(h) = &d.hint {
        report.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
    }
    renderer.render(&report).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn shows_file_line_snippet_and_hint() {
        let src = "---\ntitle: a\ntags: [x\n---\n";
        let d = Diagnostic::error("yaml", "front matter: unclosed list")
            .at_line(Path::new("_posts/2015-01-18-a.md"), src, 3, 7)
            .with_hint("close the list");
        let out = render(&d, &Renderer::plain());
        assert!(
            out.contains("error[yaml]: front matter: unclosed list"),
            "{out}"
        );
        assert!(out.contains("_posts/2015-01-18-a.md:3:7"), "{out}");
        assert!(out.contains("tags: [x"), "{out}");
        assert!(out.contains("help: close the list"), "{out}");
    }
}
