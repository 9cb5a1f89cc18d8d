//! `hanmoto build`: the book in every format asked for, each written atomically.

use crate::{locate, output, report, BookArgs};
use hanmoto_epub::{EpubOptions, EpubRenderer};
use hanmoto_model::config::book_toml::WritingMode;
use hanmoto_model::load::load_book;
use hanmoto_model::{Diagnostic, Diagnostics, Severity};
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
        match output::render_to_file(&renderer, &book, &diags, &target) {
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
