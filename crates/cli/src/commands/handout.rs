//! `hanmoto handout POST`: one post as a printable PDF.
//!
//! The post names its site: without `--book`/`--site` the book is found by walking up from the
//! post's folder (see `locate::book_for_post`). The post is loaded on its own — every other post
//! of the site is excluded and `[posts] tags`/`exclude` are ignored, and `_drafts/` is read when
//! the post is a draft — so a handout of a named post works whatever book.toml selects, links to
//! other posts print as their web URLs, and only this post's remote images are fetched. Problems
//! found in the other post files are not reported: they are not this handout's.

use crate::{font_config, locate, output, report};
use hanmoto_model::config::book_toml::{LinkStyle, Paper, WritingMode};
use hanmoto_model::config::BookConfig;
use hanmoto_model::load::{load_book, LoadOptions};
use hanmoto_model::site::discover::discover_posts;
use hanmoto_model::{Diagnostic, Diagnostics, Severity};
use hanmoto_pdf::compose::{Settings, Vertical};
use hanmoto_pdf::{Handout, ImageOptions, PdfOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What the command line gives `handout` (besides the global `--quiet`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct HandoutArgs {
    /// The post's file (in _posts/ or _drafts/); its site is found from it unless --book or
    /// --site is given.
    pub post: PathBuf,
    /// The book.toml to use.
    #[arg(long, value_name = "FILE", conflicts_with = "site")]
    pub book: Option<PathBuf>,
    /// The Jekyll site the post belongs to, read with default settings.
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
    /// Where to write the PDF (default: build/<post-slug>.pdf beside book.toml, or in the site).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Paper: A4, A5, A6, B5, B6, Letter or WxHmm (e.g. 148x210mm).
    #[arg(long, value_name = "PAPER", value_parser = parse_paper)]
    pub paper: Option<Paper>,
    /// How link URLs are printed: notes (numbered, at the end), footnotes or none.
    #[arg(long, value_name = "STYLE", value_parser = parse_links)]
    pub links: Option<LinkStyle>,
    /// horizontal-tb, or vertical-rl: Japanese set top to bottom, columns right to left.
    #[arg(long, value_name = "MODE", value_parser = parse_writing_mode)]
    pub writing_mode: Option<WritingMode>,
    /// Use only cached remote images; never touch the network.
    #[arg(long)]
    pub offline: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

/// `--paper`: the same forms as book.toml's `paper`.
pub fn parse_paper(s: &str) -> Result<Paper, String> {
    Paper::try_from(s.to_owned())
}

/// `--writing-mode`: the same words as book.toml's `writing_mode`.
pub fn parse_writing_mode(s: &str) -> Result<WritingMode, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "horizontal-tb" => Ok(WritingMode::HorizontalTb),
        "vertical-rl" => Ok(WritingMode::VerticalRl),
        other => Err(format!(
            "`{other}` is not a writing mode: give horizontal-tb or vertical-rl"
        )),
    }
}

/// `--links`: the same words as book.toml's `links`.
pub fn parse_links(s: &str) -> Result<LinkStyle, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "notes" => Ok(LinkStyle::Notes),
        "footnotes" => Ok(LinkStyle::Footnotes),
        "none" => Ok(LinkStyle::None),
        _ => Err(format!(
            "unknown link style `{s}`: use notes, footnotes or none"
        )),
    }
}

/// A mistake in what was asked (exit 2), as opposed to a failed render (exit 1).
fn usage(message: String, hint: &str) -> Result<ExitCode, Vec<Diagnostic>> {
    report::print_diagnostics(&[Diagnostic::error("usage", message).with_hint(hint)]);
    Ok(ExitCode::from(2))
}

/// `quiet`: no `wrote …`/summary lines (diagnostics are still printed).
pub fn run(args: &HandoutArgs, quiet: bool) -> Result<ExitCode, Vec<Diagnostic>> {
    let post = match args.post.canonicalize() {
        Ok(p) if p.is_file() => p,
        Ok(_) => {
            return usage(
                format!("{} is not a file", args.post.display()),
                "name the post's Markdown file, e.g. _posts/2015-01-18-name.md",
            )
        }
        Err(e) => {
            return usage(
                format!("cannot read the post {}: {e}", args.post.display()),
                "name the post's Markdown file, e.g. _posts/2015-01-18-name.md",
            )
        }
    };
    let (config, base) = match locate::book_from_args(args.book.as_deref(), args.site.as_deref()) {
        Some(found) => found?,
        None => locate::book_for_post(&post)?,
    };
    let fonts = font_config::font_config(&config, &base).map_err(|e| vec![e])?;
    let root = base.join(&config.book.source);
    let Ok(root_abs) = root.canonicalize() else {
        return Err(vec![Diagnostic::error(
            "site",
            format!("the site folder {} does not exist", root.display()),
        )
        .with_hint("set [book] source in book.toml, or pass --site DIR")]);
    };
    if !post.starts_with(&root_abs) {
        return usage(
            format!(
                "{} is not in the site {}",
                args.post.display(),
                root_abs.display()
            ),
            "pass --site DIR or --book FILE for the site the post belongs to, or leave both out to find it from the post",
        );
    }
    // Every post file of the site (drafts too), to find this one and leave the others out.
    let files = discover_posts(&root_abs, true, &Diagnostics::new());
    let Some(target) = files
        .iter()
        .find(|f| f.path.canonicalize().is_ok_and(|p| p == post))
    else {
        return usage(
            format!(
                "{} is not a post of the site {}",
                args.post.display(),
                root_abs.display()
            ),
            "posts are Markdown or HTML files in _posts/ (named YYYY-MM-DD-title.md) or _drafts/",
        );
    };

    let opts = LoadOptions {
        config: single_post_config(
            &config,
            &target.relative,
            files.iter().map(|f| f.relative.as_str()),
        ),
        base_dir: base.clone(),
        offline: args.offline,
        drafts: Some(target.draft),
    };
    let loaded = load_book(&opts)?;
    let diags = Diagnostics::new();
    // The site's other post files are still read (file names, front matter) before the
    // exclusion applies; their problems are not this handout's.
    let in_post_folder = |p: &Path| {
        p.components()
            .any(|c| c.as_os_str() == "_posts" || c.as_os_str() == "_drafts")
    };
    diags.extend(loaded.diagnostics.into_iter().filter(|d| {
        !d.span
            .as_ref()
            .is_some_and(|s| in_post_folder(&s.file) && !s.file.ends_with(&target.relative))
    }));
    let book = loaded.book;
    let Some(index) = book
        .posts
        .iter()
        .position(|p| p.source == Path::new(&target.relative))
    else {
        let mut all = diags.into_sorted();
        all.push(
            Diagnostic::error(
                "post",
                format!("{} is not part of the site's posts", target.relative),
            )
            .with_hint(if all.iter().any(Diagnostic::is_error) {
                "it could not be read: see the errors above"
            } else {
                "a post with `published: false` is never published; remove that line to print it"
            }),
        );
        report::print_diagnostics(&all);
        return Ok(ExitCode::from(1));
    };

    let paper = args
        .paper
        .clone()
        .unwrap_or_else(|| config.handout.paper.clone());
    let links = args.links.unwrap_or(config.handout.links);
    let mut settings = Settings::for_paper(paper.width_mm, paper.height_mm, links);
    settings.code_theme = config.code.theme;
    if args.writing_mode.unwrap_or(config.handout.writing_mode) == WritingMode::VerticalRl {
        settings.vertical = Some(Vertical {
            tcy_digits: config.pdf.tcy_digits,
        });
    }
    let renderer = Handout {
        post: index,
        options: PdfOptions {
            settings,
            fonts,
            images: ImageOptions {
                max_dpi: config.handout.max_image_dpi,
            },
        },
    };
    let target_file = match &args.output {
        Some(o) => o.clone(),
        // `build/<post-slug>.pdf` beside book.toml (or in the site), like `build`'s outputs.
        None => base
            .join("build")
            .join(format!("{}.pdf", book.posts[index].meta.slug)),
    };
    let written = match output::render_to_file(&renderer, &book, &diags, &target_file) {
        Ok(()) => true,
        Err(d) => {
            diags.push(d);
            false
        }
    };

    let diags = diags.into_sorted();
    report::print_diagnostics(&diags);
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if !quiet {
        if written {
            println!(
                "wrote {} ({}, {})",
                report::shown_path(&target_file).display(),
                paper.name,
                book.posts[index].meta.title
            );
        }
        println!("{errors} error(s), {warnings} warning(s)");
    }
    let failed = !written || errors > 0 || (args.strict && warnings > 0);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The book's config narrowed to one post: no tag filter, every other post file excluded by its
/// path. An exclusion that would also match the post (`[posts] exclude` matches path suffixes:
/// `_posts/x.md` matches `tech/_posts/x.md`) is dropped; that other post is then loaded too,
/// which costs time but changes nothing in the handout.
fn single_post_config<'a>(
    config: &BookConfig,
    post: &str,
    all: impl Iterator<Item = &'a str>,
) -> BookConfig {
    let mut c = config.clone();
    c.posts.tags.clear();
    c.posts.exclude = all
        .filter(|other| *other != post && !post.ends_with(other))
        .map(str::to_owned)
        .collect();
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_post_config_drops_filters_and_excludes_the_others() {
        let mut cfg = BookConfig::default();
        cfg.posts.tags = vec!["docker".into()];
        cfg.posts.exclude = vec!["2015-01-18-a".into()];
        let c = single_post_config(
            &cfg,
            "tech/_posts/2015-01-18-a.md",
            [
                "_posts/2015-01-18-a.md",
                "_posts/2015-01-19-b.md",
                "tech/_posts/2015-01-18-a.md",
            ]
            .into_iter(),
        );
        assert!(c.posts.tags.is_empty());
        assert_eq!(c.posts.exclude, ["_posts/2015-01-19-b.md"]);
    }

    #[test]
    fn paper_and_links_parse_like_book_toml() {
        assert_eq!(parse_paper("a6").map(|p| p.width_mm), Ok(105.0));
        assert_eq!(
            parse_paper("148x210mm").map(|p| (p.width_mm, p.height_mm)),
            Ok((148.0, 210.0))
        );
        assert!(parse_paper("A9").unwrap_err().contains("A9"));
        assert_eq!(parse_links("Footnotes"), Ok(LinkStyle::Footnotes));
        assert!(parse_links("end").unwrap_err().contains("end"));
    }
}
