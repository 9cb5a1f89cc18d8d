//! Typesets a Jekyll site as a PDF book, for measuring the book engine before the CLI has it:
//!
//!     cargo run --release -p hanmoto-pdf --example book -- SITE OUT.pdf [a5|b6|a4] [--recto]
//!
//! Prints the page count, the stages' times and the diagnostics' count.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use hanmoto_model::config::book_toml::{ContentsNumbers, LinkStyle};
use hanmoto_model::config::BookConfig;
use hanmoto_model::load::{load_book, LoadOptions};
use hanmoto_model::{Diagnostics, Renderer};
use hanmoto_pdf::compose::Settings;
use hanmoto_pdf::fonts::FontConfig;
use hanmoto_pdf::{BookPdf, PdfOptions, Stage};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(site), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: book SITE OUT.pdf [a5|b6|a4] [--recto]");
        std::process::exit(2);
    };
    let (w, h) = match args.get(2).map(String::as_str) {
        Some("b6") => (128.0, 182.0),
        Some("a4") => (210.0, 297.0),
        _ => (148.0, 210.0),
    };
    let recto = args.iter().any(|a| a == "--recto");
    let t0 = Instant::now();
    let site = PathBuf::from(site);
    let mut config = BookConfig::default();
    config.book.source = site;
    let loaded = match load_book(&LoadOptions {
        config,
        base_dir: PathBuf::from("."),
        offline: true,
        drafts: None,
    }) {
        Ok(l) => l,
        Err(d) => {
            eprintln!("{d:?}");
            std::process::exit(1);
        }
    };
    let t_load = t0.elapsed();
    let book = loaded.book;
    let diags = Diagnostics::new();
    let layout_done = Arc::new(std::sync::Mutex::new(None));
    let ld = layout_done.clone();
    let renderer = BookPdf {
        options: PdfOptions {
            settings: Settings::for_paper(w, h, LinkStyle::Notes),
            fonts: FontConfig::default(),
            images: hanmoto_pdf::ImageOptions::default(),
        },
        chapters_on_recto: recto,
        contents_numbers: ContentsNumbers::Arabic,
        progress: Some(Arc::new(move |p| {
            if p.stage == Stage::Paint && p.done == 0 {
                *ld.lock().unwrap() = Some((t0.elapsed(), p.total));
            }
        })),
    };
    if std::env::var_os("BOOK_STAGES").is_some() {
        stages(&renderer, &book, &diags);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    if let Err(d) = renderer.render(&book, &diags, &mut bytes) {
        eprintln!("{d:?}");
        std::process::exit(1);
    }
    let bytes = bytes.into_inner();
    std::fs::write(out, &bytes).expect("write the PDF");
    let (t_layout, pages) = layout_done.lock().unwrap().unwrap_or_default();
    eprintln!(
        "{} posts, {pages} pages, {} bytes; load {:.3}s, layout done {:.3}s, total {:.3}s; {} diagnostics",
        book.posts.len(),
        bytes.len(),
        t_load.as_secs_f64(),
        t_layout.as_secs_f64(),
        t0.elapsed().as_secs_f64(),
        diags.into_sorted().len() + loaded.diagnostics.len(),
    );
}

/// Times layout and painting apart (BOOK_STAGES=1), sequential and parallel.
fn stages(r: &BookPdf, book: &hanmoto_model::Book, diags: &Diagnostics) {
    use hanmoto_pdf::compose::{book_source, compose_book, BookOptions, Env};
    use hanmoto_pdf::fonts::FontSet;
    let t = Instant::now();
    let fonts = FontSet::load(&r.options.fonts).expect("fonts");
    eprintln!("fonts loaded in {:.3}s", t.elapsed().as_secs_f64());
    let env = Env {
        fonts: &fonts,
        assets: &book.assets,
        settings: &r.options.settings,
        diagnostics: diags,
        source: book_source(),
        lang: "ja",
    };
    for parallel in [false, true] {
        let options = BookOptions {
            chapters_on_recto: r.chapters_on_recto,
            parallel,
            contents_numbers: r.contents_numbers,
        };
        let t = Instant::now();
        let composed = compose_book(env, book, options, &|_, _| {}).expect("layout");
        let layout = t.elapsed();
        eprintln!("after layout: {}", peak_rss());
        let t = Instant::now();
        let bytes = hanmoto_pdf::paint::paint_to_vec(&composed.document, &fonts, &book.assets)
            .expect("paint");
        eprintln!(
            "parallel={parallel}: layout {:.3}s, paint {:.3}s ({} bytes)",
            layout.as_secs_f64(),
            t.elapsed().as_secs_f64(),
            bytes.len()
        );
    }
}

/// `VmHWM` (peak resident set) and `VmRSS` from /proc, for the stages' report.
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("VmHWM") || l.starts_with("VmRSS"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}
