//! Printing diagnostics (with the source line, like rustc) and the check summary.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use hanmoto_model::{Diagnostic, Severity};
use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};

/// How every command prints a path (diagnostics, `wrote …` lines): relative to the current folder
/// when it lies inside it, without `./` steps, else absolute. `build --site DIR`, `check` in the
/// site and `handout POST` (which resolves the post to an absolute path) so name one file alike.
pub fn shown_path(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().ok();
    shown_path_from(path, cwd.as_deref())
}

fn shown_path_from(path: &Path, cwd: Option<&Path>) -> PathBuf {
    let plain: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    let Some(cwd) = cwd else { return plain };
    let absolute = if plain.is_absolute() {
        plain.clone()
    } else {
        cwd.join(&plain)
    };
    // A path through a symlinked folder still counts as inside: compare canonical forms too.
    let canonical_cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    let canonical = absolute.canonicalize().unwrap_or_else(|_| absolute.clone());
    for (full, base) in [(&absolute, cwd), (&canonical, canonical_cwd.as_path())] {
        if let Ok(rest) = full.strip_prefix(base) {
            if !rest.as_os_str().is_empty() {
                return rest.to_path_buf();
            }
        }
    }
    if plain.is_absolute() {
        plain
    } else {
        canonical
    }
}

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
    let path = d
        .span
        .as_ref()
        .map(|s| shown_path(&s.file).display().to_string());
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

    #[test]
    fn paths_are_shown_relative_to_the_current_folder_when_inside_it() {
        let t = tempfile::tempdir().unwrap();
        let cwd = t.path().canonicalize().unwrap();
        let post = cwd.join("site/_posts/2015-01-18-a.md");
        std::fs::create_dir_all(post.parent().unwrap()).unwrap();
        std::fs::write(&post, "x").unwrap();
        let shown = |p: &Path| shown_path_from(p, Some(&cwd));
        let expected = Path::new("site/_posts/2015-01-18-a.md");
        // `handout` canonicalises the post; `check` in the site folder joins `.`; `build --site`.
        assert_eq!(shown(&post), expected);
        assert_eq!(shown(Path::new("./site/_posts/2015-01-18-a.md")), expected);
        assert_eq!(shown(Path::new("site/./_posts/2015-01-18-a.md")), expected);
        // Outside the current folder: absolute, never `../..` chains.
        let outside = Path::new("/usr/share/x.md");
        assert_eq!(shown(outside), outside);
    }

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
