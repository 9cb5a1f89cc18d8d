//! `hanmoto build`: the book in every format asked for, each written atomically (see `output`).
//!
//! The EPUB is written first; a PDF book that fails (a font that cannot be read, a render error)
//! is an error of its own and never costs the EPUB, nor the PDF already there from the last build.

use crate::progress::BuildProgress;
use crate::{font_config, locate, output, report, BookArgs};
use hanmoto_epub::{EpubOptions, EpubRenderer};
use hanmoto_model::config::book_toml::WritingMode;
use hanmoto_model::config::BookConfig;
use hanmoto_model::load::load_book;
use hanmoto_model::{Diagnostic, Diagnostics, Severity};
use hanmoto_pdf::compose::{mm, Settings};
use hanmoto_pdf::{BookPdf, ImageOptions, PdfOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy)]
pub struct Formats {
    pub epub: bool,
    pub pdf: bool,
}

/// The smallest text area margins may leave, in mm: below this no line of a book fits.
const MIN_TEXT_WIDTH_MM: f32 = 40.0;
const MIN_TEXT_HEIGHT_MM: f32 = 50.0;

pub fn run(
    args: &BookArgs,
    asked: Formats,
    out_dir: Option<&Path>,
    quiet: bool,
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
    if !formats.epub && !formats.pdf {
        return Err(vec![Diagnostic::error(
            "usage",
            "nothing to build: every format is disabled in book.toml",
        )
        .with_hint(
            "pass --epub or --pdf, or set [epub] enabled = true or [pdf] enabled = true",
        )]);
    }
    let diags = Diagnostics::new();
    // The PDF's settings and fonts are checked before the site is read, so a mistake in
    // book.toml shows at once; it fails the PDF only (the EPUB is still built).
    let pdf_options = if formats.pdf {
        match pdf_settings(cfg).and_then(|settings| {
            Ok(PdfOptions {
                settings,
                fonts: font_config::font_config(cfg, &opts.base_dir)?,
                images: ImageOptions {
                    max_dpi: cfg.pdf.max_image_dpi,
                },
            })
        }) {
            Ok(o) => Some(o),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    } else {
        None
    };

    let progress = BuildProgress::new(quiet);
    progress.reading_site();
    let loaded = match load_book(&opts) {
        Ok(l) => l,
        Err(e) => {
            progress.finish();
            let mut all = diags.into_sorted();
            all.extend(e);
            return Err(all);
        }
    };
    progress.site_read(loaded.book.posts.len());
    diags.extend(loaded.diagnostics);
    let book = loaded.book;

    let mut written = Vec::new();
    let mut failed_format = false;
    if formats.epub {
        progress.step("writing the EPUB");
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
                tcy_digits: cfg.epub.tcy_digits,
                modified: None,
                max_image_px: cfg.epub.max_image_px,
            },
        };
        match output::render_to_file(&renderer, &book, &diags, &target) {
            Ok(()) => written.push((target, "EPUB".to_owned())),
            Err(d) => {
                diags.push(d);
                failed_format = true;
            }
        }
    }
    if formats.pdf {
        match pdf_options {
            Some(options) => {
                progress.step("laying out the PDF book");
                let target = output_path(
                    out_dir,
                    &opts.base_dir,
                    &cfg.pdf.output,
                    &book.meta.slug,
                    "pdf",
                );
                let renderer = BookPdf {
                    options,
                    chapters_on_recto: cfg.pdf.chapters_on_recto,
                    contents_numbers: cfg.pdf.contents_numbers(),
                    progress: progress.pdf_callback(),
                };
                match output::render_to_file(&renderer, &book, &diags, &target) {
                    Ok(()) => written.push((target, format!("PDF, {}", cfg.pdf.paper.name))),
                    Err(d) => {
                        diags.push(d);
                        failed_format = true;
                    }
                }
            }
            None => failed_format = true,
        }
    }
    progress.finish();

    let diags = diags.into_sorted();
    report::print_diagnostics(&diags);
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if !quiet {
        for (path, what) in &written {
            let n = book.posts.len();
            let posts = if n == 1 { "post" } else { "posts" };
            println!(
                "wrote {} ({what}, {n} {posts})",
                report::shown_path(path).display()
            );
        }
        println!("{errors} error(s), {warnings} warning(s)");
    }
    let failed = failed_format || errors > 0 || (args.strict && warnings > 0) || written.is_empty();
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `[pdf] paper`, `margins` and `links` → the page (and `[code] theme` → its code). Margins not given take the paper's defaults;
/// margins that leave no room for text are an error at their line in book.toml.
pub fn pdf_settings(cfg: &BookConfig) -> Result<Settings, Diagnostic> {
    let pdf = &cfg.pdf;
    let mut s = Settings::for_paper(pdf.paper.width_mm, pdf.paper.height_mm, pdf.links);
    s.code_theme = cfg.code.theme;
    if pdf.writing_mode == WritingMode::VerticalRl {
        s.vertical = Some(hanmoto_pdf::compose::Vertical {
            tcy_digits: pdf.tcy_digits,
        });
    }
    let m = &pdf.margins;
    let sides = [
        ("top", m.top, &mut s.margin_top),
        ("bottom", m.bottom, &mut s.margin_bottom),
        ("inner", m.inner, &mut s.margin_inner),
        ("outer", m.outer, &mut s.margin_outer),
    ];
    for (name, given, field) in sides {
        if let Some(v) = given {
            if !v.is_finite() || v < 0.0 {
                return Err(margin_error(
                    cfg,
                    name,
                    format!("[pdf] margins: {name} = {v} mm is not a margin (give 0 mm or more)"),
                ));
            }
            *field = mm(v);
        }
    }
    let pt_to_mm = |v: f32| v * 25.4 / 72.0;
    let width = pdf.paper.width_mm - pt_to_mm(s.margin_inner + s.margin_outer);
    let height = pdf.paper.height_mm - pt_to_mm(s.margin_top + s.margin_bottom);
    if width < MIN_TEXT_WIDTH_MM || height < MIN_TEXT_HEIGHT_MM {
        let key = if width < MIN_TEXT_WIDTH_MM {
            "inner"
        } else {
            "top"
        };
        return Err(margin_error(
            cfg,
            key,
            format!(
                "[pdf] margins leave a text area of {width:.0} × {height:.0} mm on {} paper ({} × {} mm); it must be at least {MIN_TEXT_WIDTH_MM:.0} × {MIN_TEXT_HEIGHT_MM:.0} mm",
                pdf.paper.name, pdf.paper.width_mm, pdf.paper.height_mm
            ),
        ));
    }
    Ok(s)
}

/// An error about `[pdf] margins`, at the line that sets them (`margins = {…}` or, in a
/// `[pdf.margins]` table, the side's own line).
fn margin_error(cfg: &BookConfig, side: &str, message: String) -> Diagnostic {
    let d = Diagnostic::error("book-toml", message).with_hint(
        "margins are in mm: margins = { top = 15, bottom = 15, inner = 18, outer = 12 }",
    );
    let inline = cfg.section_key_span("pdf", "margins").filter(|p| p.2 > 0);
    let place = inline.or_else(|| {
        cfg.section_key_span("pdf.margins", side)
            .filter(|p| p.2 > 0)
    });
    match place {
        Some((path, text, line)) => d.at_line(&path, &text, line, 1),
        None => d,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> BookConfig {
        BookConfig::parse(text, Path::new("/b/book.toml")).unwrap()
    }

    #[test]
    fn pdf_paper_defaults_to_a5_with_its_own_margins() {
        let s = pdf_settings(&parse("")).unwrap();
        let d = Settings::for_paper(148.0, 210.0, Default::default());
        assert_eq!((s.page_width, s.page_height), (d.page_width, d.page_height));
        assert_eq!(s.margin_inner, d.margin_inner);
    }

    #[test]
    fn given_margins_replace_only_their_sides() {
        let s = pdf_settings(&parse(
            "[pdf]\npaper = \"B6\"\nmargins = { inner = 18, outer = 12 }\nlinks = \"none\"\n",
        ))
        .unwrap();
        let d = Settings::for_paper(128.0, 182.0, Default::default());
        assert!((s.margin_inner - mm(18.0)).abs() < 1e-3);
        assert!((s.margin_outer - mm(12.0)).abs() < 1e-3);
        assert_eq!(
            (s.margin_top, s.margin_bottom),
            (d.margin_top, d.margin_bottom)
        );
        assert_eq!(s.page_width, d.page_width);
        assert_eq!(s.links, hanmoto_model::config::book_toml::LinkStyle::None);
    }

    #[test]
    fn margins_that_leave_no_text_area_are_an_error_at_their_line() {
        let err = pdf_settings(&parse(
            "[book]\n[pdf]\npaper = \"A6\"\nmargins = { inner = 40, outer = 30 }\n",
        ))
        .unwrap_err();
        assert!(err.message.contains("text area of 35"), "{}", err.message);
        assert_eq!(err.span.as_ref().map(|s| s.line), Some(4));
        let err = pdf_settings(&parse("[pdf.margins]\ntop = -3\n")).unwrap_err();
        assert!(err.message.contains("-3"), "{}", err.message);
        assert_eq!(err.span.as_ref().map(|s| s.line), Some(2));
    }

    #[test]
    fn outputs_go_to_the_template_or_the_out_dir() {
        assert_eq!(
            output_path(None, Path::new("/b"), "build/{slug}.pdf", "s", "pdf"),
            PathBuf::from("/b/build/s.pdf")
        );
        assert_eq!(
            output_path(
                Some(Path::new("o")),
                Path::new("/b"),
                "x/{slug}.pdf",
                "s",
                "pdf"
            ),
            PathBuf::from("o/s.pdf")
        );
    }
}
