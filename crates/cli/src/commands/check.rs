//! `hanmoto check`: read everything, report problems and a one-screen summary.

use crate::{locate, report, BookArgs};
use hanmoto_model::document::{walk_blocks, walk_inlines};
use hanmoto_model::load::load_book;
use hanmoto_model::{Block, Book, Diagnostic, Inline, Severity};
use std::process::ExitCode;

pub fn run(args: &BookArgs, json: bool, quiet: bool) -> Result<ExitCode, Vec<Diagnostic>> {
    let opts = locate::load_options(args)?;
    let loaded = load_book(&opts)?;
    let count = |s: Severity| {
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    if json {
        let v = serde_json::json!({
            "diagnostics": loaded.diagnostics,
            "posts": loaded.book.posts.iter().map(|p| &p.meta.id).collect::<Vec<_>>(),
            "images": hanmoto_model::assets::summarize(&loaded.book.assets),
            "errors": errors,
            "warnings": warnings,
        });
        println!("{v:#}");
    } else {
        report::print_diagnostics(&loaded.diagnostics);
        if !quiet {
            println!("{}", summary(&loaded.book));
            println!("{errors} error(s), {warnings} warning(s)");
        }
    }
    let failed = errors > 0 || (args.strict && warnings > 0);
    if failed && args.strict && errors == 0 {
        eprintln!("--strict: warnings count as errors");
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What the book holds, in a few lines.
pub fn summary(book: &Book) -> String {
    let mut chars = 0usize;
    let mut words = 0usize;
    let mut headings = 0usize;
    let mut links = std::collections::BTreeSet::new();
    for p in &book.posts {
        walk_blocks(&p.blocks, &mut |b| {
            if matches!(b, Block::Heading { .. }) {
                headings += 1;
            }
            if let Block::CodeBlock { text, .. } = b {
                chars += text.chars().filter(|c| !c.is_whitespace()).count();
            }
        });
        walk_inlines(&p.blocks, &mut |i| match i {
            Inline::Text { text } | Inline::Code { text, .. } => {
                chars += text.chars().filter(|c| !c.is_whitespace()).count();
                words += count_words(text);
            }
            Inline::Link { target, .. } => {
                links.insert(format!("{target:?}"));
            }
            _ => {}
        });
    }
    let a = hanmoto_model::assets::summarize(&book.assets);
    let drafts = book.posts.iter().filter(|p| p.meta.draft).count();
    let range = match (
        book.posts.iter().map(|p| p.meta.date).min(),
        book.posts.iter().map(|p| p.meta.date).max(),
    ) {
        (Some(a), Some(b)) => format!(", {} – {}", a.format("%Y-%m-%d"), b.format("%Y-%m-%d")),
        _ => String::new(),
    };
    format!(
        "{title} ({lang})\n  posts:  {posts}{drafts}{range}\n  text:   {chars} characters, {words} Latin words, {headings} headings, {links} distinct links\n  images: {local} local, {remote} remote ({cached} from cache), {missing} missing",
        title = book.meta.title,
        lang = book.meta.language,
        posts = book.posts.len(),
        drafts = if drafts > 0 { format!(" ({drafts} drafts)") } else { String::new() },
        links = links.len(),
        local = a.local,
        remote = a.remote,
        cached = a.cached,
        missing = a.missing,
    )
}

/// Runs of ASCII letters/digits count as words; CJK text is measured in characters instead.
fn count_words(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}
