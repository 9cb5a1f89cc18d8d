//! `hanmoto inspect --json [POST]`: the parsed book as JSON, for users debugging their site.

use crate::{locate, report, BookArgs};
use hanmoto_model::load::load_book;
use hanmoto_model::Diagnostic;
use std::io::Write;
use std::process::ExitCode;

pub fn run(args: &BookArgs, post: Option<&str>) -> Result<ExitCode, Vec<Diagnostic>> {
    let opts = locate::load_options(args)?;
    let loaded = load_book(&opts)?;
    report::print_diagnostics(&loaded.diagnostics);
    let json = match post {
        None => serde_json::to_string_pretty(&loaded.book),
        Some(want) => {
            let found = loaded.book.posts.iter().find(|p| {
                p.meta.id == want
                    || p.source.to_string_lossy() == want
                    || p.source
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy() == want)
                    || std::path::Path::new(want).ends_with(&p.source)
            });
            match found {
                Some(p) => serde_json::to_string_pretty(p),
                None => {
                    // Naming a post that is not there is a usage error (exit 2).
                    report::print_diagnostics(&[Diagnostic::error(
                        "usage",
                        format!("no post `{want}` in the book"),
                    )
                    .with_hint("name a post by its id (2015-01-18-name), file name or path")]);
                    return Ok(ExitCode::from(2));
                }
            }
        }
    };
    let json = json.map_err(|e| vec![Diagnostic::error("json", e.to_string())])?;
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = writeln!(out, "{json}");
    let failed = loaded.diagnostics.iter().any(Diagnostic::is_error);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
