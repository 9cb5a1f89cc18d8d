//! `hanmoto build`: the book in every format asked for, each written atomically.

use crate::{locate, report, BookArgs};
use hanmoto_epub::{EpubOptions, EpubRenderer};
use hanmoto_model::config::book_toml::WritingMode;
use hanmoto_model::load::load_book;
use hanmoto_model::{Diagnostic, Diagnostics, Renderer, Severity};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy)]
pub struct Formats {
    pub epub: bool,
    pub pdf: bool,
}

pub fn run(
    args: &BookArgs,
    asked: Formats,
    out_dir: Option<&Path>,
) -> Result<ExitCode, Vec<Diagnostic>> {
    let opts = locate::load_options(args)?;
    let cfg = &opts.config;
    // No format flag: what book.toml enables.
    let formats = if asked.epub || asked.pdf {
        asked
    } else {
        Formats {
            epub: cfg.epub.enabled,
            pdf: cfg.pdf.enabled,
        }
    };
    if formats.pdf {
        return Err(vec![Diagnostic::error(
            "usage",
            "PDF output is not available yet in this version of hanmoto",
        )
        .with_hint(
            "build the EPUB with `hanmoto build --epub`, or set [pdf] enabled = false",
        )]);
    }
    if !formats.epub {
        return Err(vec![Diagnostic::error(
            "usage",
            "nothing to build: every format is disabled in book.toml",
        )
        .with_hint("pass --epub, or set [epub] enabled = true")]);
    }
    let loaded = load_book(&opts)?;
    let diags = Diagnostics::new();
    diags.extend(loaded.diagnostics);
    diags.extend(super::math_notes(&loaded.book, &opts.site_root()));
    let book = loaded.book;

    let mut written = Vec::new();
    if formats.epub {
        let target = output_path(
            out_dir,
            &opts.base_dir,
            &cfg.epub.output,
            &book.meta.slug,
            "epub",
        );
        let renderer = EpubRenderer {
            options: EpubOptions {
                vertical: cfg.epub.writing_mode == WritingMode::VerticalRl,
                modified: None,
            },
        };
        match render_to_file(&renderer, &book, &diags, &target) {
            Ok(()) => written.push(target),
            Err(d) => diags.push(d),
        }
    }

    let diags = diags.into_sorted();
    report::print_diagnostics(&diags);
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    for w in &written {
        println!("wrote {} ({} posts)", w.display(), book.posts.len());
    }
    println!("{errors} error(s), {warnings} warning(s)");
    let failed = errors > 0 || (args.strict && warnings > 0) || written.is_empty();
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `-o DIR` → `DIR/<slug>.<ext>`; else book.toml's template (`build/{slug}.epub`) beside book.toml.
fn output_path(
    out_dir: Option<&Path>,
    base: &Path,
    template: &str,
    slug: &str,
    ext: &str,
) -> PathBuf {
    match out_dir {
        Some(dir) => dir.join(format!("{slug}.{ext}")),
        None => base.join(template.replace("{slug}", slug)),
    }
}

/// Renders into memory, then writes a temporary file beside `target` and renames it into place:
/// a failed build never leaves a truncated file, and an existing output stays untouched.
fn render_to_file(
    renderer: &dyn Renderer,
    book: &hanmoto_model::Book,
    diags: &Diagnostics,
    target: &Path,
) -> Result<(), Diagnostic> {
    let io = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::error("io", format!("{what} {}: {e}", target.display()))
    };
    let mut bytes = Vec::new();
    renderer.render(book, diags, &mut bytes)?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| io("cannot create the folder for", &e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".hanmoto-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(|e| io("cannot create a temporary file for", &e))?;
    tmp.write_all(&bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| io("cannot write", &e))?;
    // Temporary files are private (0600); the book is an ordinary file: keep the old output's
    // permissions, else the usual 0644.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(target)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .map_err(|e| io("cannot set permissions of", &e))?;
    }
    tmp.persist(target)
        .map_err(|e| io("cannot move into place", &e.error))?;
    Ok(())
}
