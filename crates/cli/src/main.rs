//! hanmoto: publish a Jekyll blog as an EPUB 3 ebook and print-quality PDF.
//!
//! The binary owns the command line, finding book.toml, and printing diagnostics; the work is done
//! by `hanmoto-model` (and the backends).

mod commands;
mod font_config;
mod locate;
mod output;
mod progress;
mod report;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "hanmoto",
    version,
    about = "Publish a Jekyll blog as an EPUB 3 ebook and print-quality PDF"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// No progress bar and no `wrote …`/summary lines; warnings and errors are still printed
    /// (on stderr) and the exit status tells the rest.
    #[arg(short, long, global = true)]
    quiet: bool,
}

/// Which book to read: `--book FILE`, `--site DIR`, else `./book.toml`, else the current folder as
/// a Jekyll site.
#[derive(Args, Clone, Debug, Default)]
pub struct BookArgs {
    /// The book.toml to use.
    #[arg(long, value_name = "FILE", conflicts_with = "site")]
    pub book: Option<PathBuf>,
    /// A Jekyll site folder (with _config.yml and _posts/), read with default settings.
    #[arg(long, value_name = "DIR")]
    pub site: Option<PathBuf>,
    /// Use only cached remote images; never touch the network.
    #[arg(long)]
    pub offline: bool,
    /// Also read posts in _drafts/.
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the book: the formats given, else those enabled in book.toml (EPUB by default).
    Build {
        #[command(flatten)]
        book: BookArgs,
        /// Build the EPUB.
        #[arg(long)]
        epub: bool,
        /// Build the PDF book.
        #[arg(long)]
        pdf: bool,
        /// Write the outputs into DIR (as DIR/<slug>.epub, DIR/<slug>.pdf) instead of the paths in
        /// book.toml.
        #[arg(short = 'o', long = "out-dir", value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Read the whole site and report problems and a summary.
    Check {
        #[command(flatten)]
        book: BookArgs,
        /// Print the diagnostics and the summary as JSON on stdout (for scripts and CI).
        #[arg(long)]
        json: bool,
    },
    /// Print the parsed book (or one post) as JSON, for debugging a site.
    Inspect {
        #[command(flatten)]
        book: BookArgs,
        /// Print JSON (the only format for now).
        #[arg(long, default_value_t = true)]
        json: bool,
        /// One post: its id (2015-01-18-name), file name or path.
        post: Option<String>,
    },
    /// Print one post as a PDF handout (A4 unless [handout] paper or --paper say otherwise).
    Handout(commands::handout::HandoutArgs),
    /// Write a commented book.toml for an existing Jekyll site.
    Init {
        /// The Jekyll site folder (default: the current folder).
        site: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    // Before the work allocates: see the note on `rustix` in Cargo.toml. A kernel without THP
    // (or without the prctl) just says no, and nothing changes.
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let cli = Cli::parse();
    let quiet = cli.quiet;
    let result = match cli.command {
        Command::Build {
            book,
            epub,
            pdf,
            out_dir,
        } => commands::build::run(
            &book,
            commands::build::Formats { epub, pdf },
            out_dir.as_deref(),
            quiet,
        ),
        Command::Check { book, json } => commands::check::run(&book, json, quiet),
        Command::Inspect { book, post, .. } => commands::inspect::run(&book, post.as_deref()),
        Command::Handout(args) => commands::handout::run(&args, quiet),
        Command::Init { site } => commands::init::run(site.as_deref(), quiet),
    };
    match result {
        Ok(code) => code,
        Err(diags) => {
            report::print_diagnostics(&diags);
            ExitCode::from(1)
        }
    }
}
