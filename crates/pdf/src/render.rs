//! The `Renderer`s: a handout of one post (and, later, the whole book). Glue only: load the faces,
//! compose the pages, paint them.

use hanmoto_model::config::book_toml::ContentsNumbers;
use hanmoto_model::{Book, Diagnostic, Diagnostics, Renderer};

use crate::compose::{self, Env, Settings};
use crate::fonts::{FontConfig, FontSet};
use crate::frame::Page;
use crate::paint::{self, ImageOptions, PaintProgress};

/// Everything the PDF backend takes from book.toml and the command line.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub settings: Settings,
    pub fonts: FontConfig,
    /// How images are written (`[pdf] max_image_dpi`).
    pub images: ImageOptions,
}

/// Where a long render is, for a progress bar: `done` of `total` in `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Chapters laid out (and their pages painted).
    Layout,
    /// Distinct images made (decoded, scaled, compressed, or passed through).
    Images,
    /// Pages written.
    Paint,
}

/// Called from any thread, often: keep it cheap.
pub type ProgressFn = std::sync::Arc<dyn Fn(Progress) + Send + Sync>;

/// The whole book as a printed book (issue 6): title page, contents, one chapter per post.
#[derive(Clone)]
pub struct BookPdf {
    pub options: PdfOptions,
    /// Chapters start on a right-hand (odd) page, a blank page before when needed.
    pub chapters_on_recto: bool,
    /// The contents' page numbers (`[pdf] contents_numbers`).
    pub contents_numbers: ContentsNumbers,
    pub progress: Option<ProgressFn>,
}

impl Renderer for BookPdf {
    fn name(&self) -> &'static str {
        "pdf"
    }

    /// Progress: `Stage::Layout` once per chapter as each finishes (from rayon's threads), then
    /// `Stage::Images` once per distinct image made, then `Stage::Paint`: `0 / pages` before
    /// painting, once per page made (from rayon's threads, at most `pages - 1`), and
    /// `pages / pages` once the file is written.
    fn render(
        &self,
        book: &Book,
        diagnostics: &Diagnostics,
        out: &mut dyn hanmoto_model::Output,
    ) -> Result<(), Diagnostic> {
        if book.posts.is_empty() {
            // Before loading fonts: an empty selection is the user's mistake to see first.
            return Err(compose::empty_book_error());
        }
        let fonts = FontSet::load(&self.options.fonts)?;
        let fonts = if self.options.settings.vertical.is_some() {
            fonts.with_vertical()?
        } else {
            fonts
        };
        let env = Env {
            fonts: &fonts,
            assets: &book.assets,
            settings: &self.options.settings,
            diagnostics,
            source: compose::book_source(),
            lang: book_lang(book),
        };
        let report = |stage: Stage, done: usize, total: usize| {
            if let Some(p) = &self.progress {
                p(Progress { stage, done, total });
            }
        };
        let options = compose::BookOptions {
            chapters_on_recto: self.chapters_on_recto,
            parallel: true,
            contents_numbers: self.contents_numbers,
        };
        // Each batch of chapters is painted as soon as it is laid out, so the book's frames
        // are never all alive: only the compressed bodies are kept.
        let mut painter = paint::Painter::new(&fonts, &book.assets, out);
        let mut bodies: Vec<Vec<paint::Body>> = Vec::with_capacity(book.posts.len());
        let composed = compose::compose_book_with(
            env,
            book,
            options,
            &|done, total| report(Stage::Layout, done, total),
            &mut |chapters| {
                let mut pages: Vec<&mut Page> = chapters
                    .iter_mut()
                    .flat_map(|c| c.pages.iter_mut())
                    .collect();
                let mut painted = painter.bodies(&mut pages).into_iter();
                for chapter in chapters.iter() {
                    bodies.push(painted.by_ref().take(chapter.pages.len()).collect());
                }
                Ok(())
            },
        )?;
        let document = composed.document;
        let pages = document.pages.len();
        let mut by_page: Vec<Option<(paint::Body, f32)>> = (0..pages).map(|_| None).collect();
        for (chapter, start) in bodies.into_iter().zip(&composed.chapter_starts) {
            for (k, body) in chapter.into_iter().enumerate() {
                let i = start + k;
                if let Some(slot) = by_page.get_mut(i) {
                    *slot = Some((body, compose::bind_shift(&self.options.settings, i + 1)));
                }
            }
        }
        painter.finish(
            document,
            by_page,
            self.options.images,
            diagnostics,
            &|p| match p {
                PaintProgress::Images { done, total } => report(Stage::Images, done, total),
                PaintProgress::Pages { done, total } => report(Stage::Paint, done, total),
            },
        )?;
        report(Stage::Paint, pages, pages);
        Ok(())
    }
}

/// The book's language, `ja` when the site names none (hanmoto's sample and its users' blogs).
fn book_lang(book: &Book) -> &str {
    let lang = book.meta.language.trim();
    if lang.is_empty() {
        "ja"
    } else {
        lang
    }
}

/// One post as a handout.
#[derive(Debug, Clone)]
pub struct Handout {
    /// Index into `book.posts`.
    pub post: usize,
    pub options: PdfOptions,
}

impl Renderer for Handout {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn render(
        &self,
        book: &Book,
        diagnostics: &Diagnostics,
        out: &mut dyn hanmoto_model::Output,
    ) -> Result<(), Diagnostic> {
        let Some(post) = book.posts.get(self.post) else {
            return Err(Diagnostic::error(
                "pdf",
                format!(
                    "post {} is not in the book ({} posts)",
                    self.post,
                    book.posts.len()
                ),
            ));
        };
        let fonts = FontSet::load(&self.options.fonts)?;
        let fonts = if self.options.settings.vertical.is_some() {
            fonts.with_vertical()?
        } else {
            fonts
        };
        let env = Env {
            fonts: &fonts,
            assets: &book.assets,
            settings: &self.options.settings,
            diagnostics,
            source: &post.source,
            lang: &post.meta.lang,
        };
        let document = compose::handout(env, book, self.post);
        paint::paint(
            document,
            &fonts,
            &book.assets,
            self.options.images,
            diagnostics,
            out,
            &|_| {},
        )
    }
}

#[cfg(test)]
mod tests {
    //! The book renderer end to end on a hand-made book: the real painter, read back with lopdf
    //! and the poppler tools.

    use std::process::Command;
    use std::sync::{Arc, Mutex};

    use hanmoto_model::assets::AssetOptions;
    use hanmoto_model::config::book_toml::LinkStyle;
    use hanmoto_model::{AssetStore, Block, BookMeta, Image, Inline, Post, PostMeta, Span};
    use image::{ImageFormat, Rgb, RgbImage};

    use super::*;

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::text(s)]
    }

    fn post(n: usize, blocks: Vec<Block>) -> Post {
        Post {
            meta: PostMeta {
                id: format!("p{n}"),
                title: format!("記事その{n}"),
                date: chrono::DateTime::parse_from_rfc3339("2015-01-18T00:00:00+09:00").unwrap(),
                slug: format!("p{n}"),
                tags: vec!["docker".into()],
                categories: Vec::new(),
                author: None,
                description: None,
                lang: "ja".into(),
                url: format!("/p{n}.html"),
                draft: false,
                front_matter: Default::default(),
            },
            blocks,
            source: format!("_posts/p{n}.md").into(),
        }
    }

    fn tool(name: &str, args: &[&str]) -> Option<String> {
        let out = Command::new(name).args(args).output().ok()?;
        assert!(
            out.status.success(),
            "{name} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[test]
    fn an_image_that_cannot_be_drawn_is_a_warning_and_a_grey_box_not_a_lost_pdf() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // Well-formed, so the model keeps it; its zero size is what resvg refuses.
        std::fs::write(
            d.join("bad.svg"),
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"><rect width="4" height="2"/></svg>"#,
        )
        .unwrap();
        let mut assets = AssetStore::new();
        let id = assets.request_file(&d.join("bad.svg"), Span::file(d.join("bad.svg")));
        assets.load(&AssetOptions::new(d, d.join("cache")), &Diagnostics::new());
        assert!(assets.loaded(id).is_some(), "the model accepts it");
        let image = Inline::Image(Image {
            asset: id,
            src: "bad.svg".into(),
            alt: "図".into(),
            title: None,
            width: None,
            height: None,
        });
        let book = Book {
            meta: BookMeta {
                title: "本".into(),
                subtitle: None,
                authors: Vec::new(),
                description: None,
                language: "ja".into(),
                publisher: None,
                site_url: None,
                slug: "book".into(),
                cover: None,
            },
            posts: vec![post(
                1,
                vec![Block::Paragraph {
                    content: vec![image],
                }],
            )],
            assets,
            stylesheet: None,
        };
        let diags = Diagnostics::new();
        let mut out = std::io::Cursor::new(Vec::new());
        let handout = Handout {
            post: 0,
            options: PdfOptions {
                settings: Settings::for_paper(148.0, 210.0, LinkStyle::Notes),
                fonts: FontConfig::default(),
                images: ImageOptions::default(),
            },
        };
        handout.render(&book, &diags, &mut out).unwrap();
        let warnings = diags.into_sorted();
        assert!(
            warnings
                .iter()
                .any(|d| d.code == "pdf-image" && d.message.contains("grey box")),
            "{warnings:?}"
        );
        let pdf = lopdf::Document::load_mem(out.get_ref()).unwrap();
        assert_eq!(pdf.get_pages().len(), 1);
    }

    /// The book renderer on B6 paper (128 × 182 mm) with link notes and the built-in faces.
    fn b6_book(chapters_on_recto: bool, progress: Option<ProgressFn>) -> BookPdf {
        BookPdf {
            options: PdfOptions {
                settings: Settings::for_paper(128.0, 182.0, LinkStyle::Notes),
                fonts: FontConfig::default(),
                images: ImageOptions::default(),
            },
            chapters_on_recto,
            contents_numbers: ContentsNumbers::Arabic,
            progress,
        }
    }

    /// `chapters` posts, each with a heading, a paragraph and the same two images (a PNG and
    /// a JPEG written into `d`).
    fn image_book(d: &std::path::Path, chapters: usize) -> Book {
        RgbImage::from_fn(40, 20, |x, y| Rgb([(x * 6) as u8, (y * 12) as u8, 128]))
            .save_with_format(d.join("a.png"), ImageFormat::Png)
            .unwrap();
        RgbImage::from_fn(64, 48, |x, y| Rgb([(x * 4) as u8, (y * 5) as u8, 90]))
            .save_with_format(d.join("b.jpg"), ImageFormat::Jpeg)
            .unwrap();
        let mut assets = AssetStore::new();
        let request = |s: &AssetStore, n: &str| s.request_file(&d.join(n), Span::file(d.join(n)));
        let ids = [request(&assets, "a.png"), request(&assets, "b.jpg")];
        assets.load(&AssetOptions::new(d, d.join("cache")), &Diagnostics::new());

        let posts = (0..chapters)
            .map(|n| {
                let image = |asset| {
                    Inline::Image(Image {
                        asset,
                        src: "x".into(),
                        alt: "図".into(),
                        title: None,
                        width: None,
                        height: None,
                    })
                };
                let blocks = vec![
                    Block::Heading {
                        level: 2,
                        id: "a".into(),
                        classes: Vec::new(),
                        content: text("見出し"),
                    },
                    Block::Paragraph {
                        content: text(&format!("第{n}章の本文です。")),
                    },
                    Block::Paragraph {
                        content: vec![image(ids[0]), image(ids[1])],
                    },
                ];
                post(n, blocks)
            })
            .collect();
        Book {
            meta: BookMeta {
                title: "本".into(),
                subtitle: None,
                authors: vec!["著者".into()],
                description: None,
                language: "ja".into(),
                publisher: None,
                site_url: None,
                slug: "book".into(),
                cover: None,
            },
            posts,
            assets,
            stylesheet: None,
        }
    }

    #[test]
    fn thirty_chapters_sharing_two_images_embed_each_once_and_number_the_contents_right() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let b = image_book(d, 30);

        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let renderer = b6_book(true, Some(Arc::new(move |p| log.lock().unwrap().push(p))));
        let mut bytes = std::io::Cursor::new(Vec::new());
        renderer
            .render(&b, &Diagnostics::new(), &mut bytes)
            .unwrap();
        let bytes = bytes.into_inner();

        let pdf = lopdf::Document::load_mem(&bytes).unwrap();
        let images = pdf
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image"))
            .count();
        assert_eq!(images, 2);
        let pages = pdf.get_pages().len();

        let seen = seen.lock().unwrap();
        let layout: Vec<&Progress> = seen.iter().filter(|p| p.stage == Stage::Layout).collect();
        assert_eq!(layout.len(), 30);
        assert!(layout.iter().any(|p| p.done == 30 && p.total == 30));
        assert_eq!(
            seen.last(),
            Some(&Progress {
                stage: Stage::Paint,
                done: pages,
                total: pages
            })
        );
        // The two distinct images made, after the layout and before the pages are written.
        let images_made: Vec<&Progress> =
            seen.iter().filter(|p| p.stage == Stage::Images).collect();
        assert_eq!(images_made.len(), 2);
        assert!(images_made.iter().any(|p| p.done == 2 && p.total == 2));
        let first_image = seen.iter().position(|p| p.stage == Stage::Images).unwrap();
        assert!(seen[..first_image].iter().all(|p| p.stage == Stage::Layout));
        // One report per page made, never "all done" before the file is written.
        let paint: Vec<&Progress> = seen.iter().filter(|p| p.stage == Stage::Paint).collect();
        assert_eq!(paint.len(), pages + 2, "0, each page, then the end");
        assert!(paint[..paint.len() - 1].iter().all(|p| p.done < pages));

        // The contents' numbers, read back from the file, are where the chapters open.
        let path = d.join("book.pdf");
        std::fs::write(&path, &bytes).unwrap();
        let p = path.to_str().unwrap();
        let Some(check) = tool("qpdf", &["--check", p]) else {
            eprintln!("SKIPPED the poppler/qpdf part: tools not installed");
            return;
        };
        assert!(!check.contains("WARNING"), "{check}");
        let contents = tool("pdftotext", &["-layout", "-f", "3", "-l", "5", p, "-"]).unwrap();
        for n in [0, 7, 29] {
            let title = format!("記事その{n}");
            let number = contents
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>())
                .find(|words| words.first() == Some(&title.as_str()))
                .and_then(|words| words.last().copied())
                .unwrap_or_else(|| panic!("{title} not in the contents:\n{contents}"));
            let page = tool("pdftotext", &["-f", number, "-l", number, p, "-"]).unwrap();
            assert!(
                page.lines().next() == Some(title.as_str()),
                "page {number} does not open {title}: {page}"
            );
        }
    }

    #[test]
    fn a_book_longer_than_a_batch_is_the_same_bytes_on_one_thread_and_on_four() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // More chapters than `compose::compose_book_with` lays out at a time, so pages are
        // painted and written in two batches; chapters not on rectos, so half the bodies move.
        let b = image_book(d, 70);
        let render = |threads: usize| {
            let renderer = b6_book(false, None);
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut bytes = std::io::Cursor::new(Vec::new());
            pool.install(|| renderer.render(&b, &Diagnostics::new(), &mut bytes))
                .unwrap();
            bytes.into_inner()
        };
        let one = render(1);
        assert!(one == render(4), "the bytes depend on the thread count");
        let pdf = lopdf::Document::load_mem(&one).unwrap();
        let pages = pdf.get_pages();
        // Title, contents, then chapters of one or two pages each.
        assert!(pages.len() > 70, "{} pages", pages.len());
        let path = d.join("book.pdf");
        std::fs::write(&path, &one).unwrap();
        let p = path.to_str().unwrap();
        let Some(check) = tool("qpdf", &["--check", p]) else {
            eprintln!("SKIPPED the poppler/qpdf part: tools not installed");
            return;
        };
        assert!(!check.contains("WARNING"), "{check}");
        // The last chapter (of the second batch) is where the contents say, with its text.
        let all = tool("pdftotext", &["-layout", p, "-"]).unwrap();
        let number = all
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|w| w.first() == Some(&"記事その69"))
            .and_then(|w| w.last().map(|n| n.to_string()))
            .expect("chapter 69 in the contents");
        let page = tool("pdftotext", &["-f", &number, "-l", &number, p, "-"]).unwrap();
        assert!(page.starts_with("記事その69"), "{page}");
        assert!(page.contains("第69章の本文です。"), "{page}");
    }
}
