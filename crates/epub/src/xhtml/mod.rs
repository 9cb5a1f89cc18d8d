//! One post → one XHTML content document (EPUB 3, polyglot XHTML5).
//!
//! Pure string building from the model: no file access, no epub-builder types, so it is tested on
//! its own. Everything that comes from the model is escaped (`escape`); nothing the model did not
//! understand reaches the output as markup. The only `style` attributes are image widths.

mod anchors;
mod blocks;
mod escape;
mod inlines;
mod mathml;
mod notes;

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod tests;

pub use anchors::{xml_name, Anchors};
pub use escape::attr as escape_attr;

use hanmoto_model::highlight::Token;
use hanmoto_model::text::Upright;
use hanmoto_model::{AssetId, Book, Post};
use notes::Notes;

/// An image as the package stores it.
#[derive(Debug, Clone)]
pub struct ImageRef {
    /// Path relative to the chapter file (`images/3f2a….png`).
    pub href: String,
    /// Intrinsic pixel size (CSS px for SVG).
    pub width: u32,
    pub height: u32,
}

/// What a chapter needs to know about the rest of the package.
pub struct ChapterContext<'a> {
    pub book: &'a Book,
    /// Post id → its chapter file name (`chapter-003.xhtml`), for links between posts.
    pub chapter_of: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Asset → where the package keeps it; `None` for a missing image (draw a placeholder).
    pub image: &'a (dyn Fn(AssetId) -> Option<ImageRef> + Sync),
    /// Stylesheet href relative to the chapter (`style.css`).
    pub stylesheet: &'a str,
    /// `vertical-rl` books get `class="vrtl"` on `<html>` (the CSS does the rest).
    pub vertical: bool,
    /// In a vertical book: digit runs of up to this many digits set tate-chu-yoko
    /// (`[epub] tcy_digits`; [`hanmoto_model::text::tcy_runs`]).
    pub tcy_digits: u8,
    /// A formula's fallback image, by its MathML (`None`: no image).
    pub math_image: &'a (dyn Fn(&str) -> Option<MathImage> + Sync),
}

/// A formula's fallback image as the chapter names it.
#[derive(Debug, Clone, PartialEq)]
pub struct MathImage {
    /// Relative to the chapter.
    pub href: String,
    /// em.
    pub width: f32,
    pub height: f32,
    /// Below the baseline, em.
    pub depth: f32,
}

/// The complete XHTML document of one post.
pub fn chapter_xhtml(post: &Post, ctx: &ChapterContext) -> String {
    let mut w = Writer::new(post, ctx);
    w.document();
    w.out
}

/// The id of the post title's `<h1>` in its chapter (the target of `aria-labelledby`).
pub const TITLE_ID: &str = "post-title";

/// The state of one chapter being written.
pub(crate) struct Writer<'a> {
    ctx: &'a ChapterContext<'a>,
    post: &'a Post,
    anchors: Anchors,
    /// Heading ids already written: a repeated model id gets a fresh one instead of a duplicate.
    written_headings: std::collections::HashSet<String>,
    /// The written level of each heading (`blocks::HeadingLevels`).
    heading_levels: blocks::HeadingLevels,
    notes: Notes<'a>,
    /// Inside `<a>`: nested links and note references are written as plain text (HTML forbids
    /// interactive content in `<a>`).
    in_link: bool,
    out: String,
}

impl<'a> Writer<'a> {
    fn new(post: &'a Post, ctx: &'a ChapterContext<'a>) -> Self {
        Writer {
            ctx,
            post,
            anchors: Anchors::of_post(post),
            written_headings: Default::default(),
            heading_levels: blocks::HeadingLevels::of_post(&post.blocks),
            notes: Notes::collect(&post.blocks),
            in_link: false,
            out: String::with_capacity(4096),
        }
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn text(&mut self, s: &str) {
        escape::push_text(&mut self.out, s);
    }

    /// Running text (not code): in a vertical book, tate-chu-yoko runs in `<span class="tcy">`
    /// and full-width Latin in `<span class="upright">` (the same runs the vertical PDF sets
    /// upright, [`hanmoto_model::text::vertical_pieces`]); the stylesheet does the rest.
    fn prose(&mut self, s: &str) {
        if !self.ctx.vertical {
            return self.text(s);
        }
        for (piece, kind) in hanmoto_model::text::vertical_pieces(s, self.ctx.tcy_digits) {
            let class = match kind {
                Upright::No => {
                    self.text(piece);
                    continue;
                }
                Upright::Combined => "tcy",
                Upright::FullWidth => "upright",
            };
            self.push("<span class=\"");
            self.push(class);
            self.push("\">");
            self.text(piece);
            self.push("</span>");
        }
    }

    /// `text`, which starts at byte `offset` of the code its `tokens` span, with each token in a
    /// `<span>` of its Rouge class.
    fn highlighted(&mut self, text: &str, offset: usize, tokens: &[Token]) {
        for (piece, kind) in hanmoto_model::highlight::segments(text, offset, tokens) {
            match kind {
                Some(kind) => {
                    self.push(&format!("<span class=\"{}\">", kind.rouge_class()));
                    self.text(piece);
                    self.push("</span>");
                }
                None => self.text(piece),
            }
        }
    }

    /// A formula: its MathML (from the model, a `<math>` element with the MathML namespace), with
    /// the TeX as `alttext` for readers that speak or show the source.
    fn mathml(&mut self, tex: &str, mathml: &str) {
        let image = (self.ctx.math_image)(mathml);
        let mathml = mathml::for_epub(mathml);
        match mathml.strip_prefix("<math") {
            Some(rest) => {
                self.push("<math alttext=\"");
                self.attr(tex);
                self.push("\"");
                // The fallback for reading systems without MathML (MathML 3's altimg).
                if let Some(img) = image {
                    self.push(" altimg=\"");
                    self.attr(&img.href);
                    self.push(&format!(
                        "\" altimg-width=\"{:.3}em\" altimg-height=\"{:.3}em\" altimg-valign=\"-{:.3}em\"",
                        img.width, img.height, img.depth
                    ));
                }
                self.push(rest);
            }
            None => self.push(&mathml),
        }
    }

    fn attr(&mut self, s: &str) {
        escape::push_attr(&mut self.out, s);
    }

    fn document(&mut self) {
        let meta = &self.post.meta;
        let lang = escape::language_tag(&meta.lang)
            .or_else(|| escape::language_tag(&self.ctx.book.meta.language))
            .unwrap_or_else(|| "und".into());
        let title = if meta.title.trim().is_empty() {
            meta.id.as_str()
        } else {
            meta.title.as_str()
        };
        self.push("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
        self.push("<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"");
        if self.ctx.vertical {
            self.push(" class=\"vrtl\"");
        }
        self.out
            .push_str(&format!(" lang=\"{lang}\" xml:lang=\"{lang}\">\n"));
        self.push("<head>\n<meta charset=\"UTF-8\"/>\n<title>");
        self.text(title);
        self.push("</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"");
        self.attr(self.ctx.stylesheet);
        self.push("\"/>\n</head>\n<body>\n");

        let title_id = self.anchors.fresh(TITLE_ID);
        self.push("<section epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"");
        self.attr(&title_id);
        self.push("\">\n<header>\n<h1 id=\"");
        self.attr(&title_id);
        self.push("\">");
        self.prose(title);
        self.push("</h1>\n");
        self.post_meta(&lang);
        self.push("</header>\n");
        self.blocks(&self.post.blocks);
        self.write_notes();
        self.push("</section>\n</body>\n</html>\n");
    }

    /// `<p class="post-meta">`: the date (machine-readable in `datetime`) and the tags.
    fn post_meta(&mut self, lang: &str) {
        let meta = &self.post.meta;
        self.push("<p class=\"post-meta\"><time datetime=\"");
        self.push(&meta.date.format("%Y-%m-%d").to_string());
        self.push("\">");
        let shown = human_date(&meta.date, lang);
        self.prose(&shown);
        self.push("</time>");
        if !meta.tags.is_empty() {
            self.push(" <span class=\"post-tags\">");
            for (i, tag) in meta.tags.iter().enumerate() {
                if i > 0 {
                    self.push(" ");
                }
                self.push("<span class=\"post-tag\">");
                self.text(tag);
                self.push("</span>");
            }
            self.push("</span>");
        }
        self.push("</p>\n");
    }
}

/// The date as a reader of `lang` writes it: `2015年1月18日`, `2015년 1월 18일`,
/// `January 18, 2015`.
fn human_date(date: &chrono::DateTime<chrono::FixedOffset>, lang: &str) -> String {
    let primary = lang.split('-').next().unwrap_or("").to_ascii_lowercase();
    let pattern = match primary.as_str() {
        "ja" | "zh" => "%Y年%-m月%-d日",
        "ko" => "%Y년 %-m월 %-d일",
        _ => "%B %-d, %Y",
    };
    date.format(pattern).to_string()
}
