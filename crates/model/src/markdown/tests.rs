//! Behaviour tests on real inputs: the sample post and the habits of Jekyll blogs.

use super::*;
use crate::diagnostic::Diagnostic;
use crate::document::{walk_blocks, walk_inlines, Image, Inline, Length, LinkTarget};
use std::path::PathBuf;

struct Run {
    blocks: Vec<Block>,
    diagnostics: Vec<Diagnostic>,
}

fn run_with(body: &str, first_line: u32, html: bool) -> Run {
    run_with_settings(body, first_line, html, KramdownSettings::default())
}

fn run_with_settings(body: &str, first_line: u32, html: bool, kramdown: KramdownSettings) -> Run {
    run_full(body, first_line, html, kramdown, true)
}

/// `dollar_math`: whether the blog loads MathJax or KaTeX.
fn run_full(
    body: &str,
    first_line: u32,
    html: bool,
    kramdown: KramdownSettings,
    dollar_math: bool,
) -> Run {
    let file = PathBuf::from("_posts/2015-01-18-post.md");
    let assets = AssetStore::new();
    let mut links = SiteLinks::new(Some("https://blog.example".into()), String::new());
    links.add_post(
        "2014-12-01-old",
        "_posts/2014-12-01-old.md",
        "/2014/12/01/old.html",
    );
    let diagnostics = Diagnostics::new();
    let ctx = BodyContext {
        file: &file,
        source: body,
        first_line,
        assets: &assets,
        links: &links,
        diagnostics: &diagnostics,
        kramdown,
        dollar_math,
    };
    let blocks = if html {
        parse_html(body, &ctx)
    } else {
        parse_markdown(body, &ctx)
    };
    Run {
        blocks,
        diagnostics: diagnostics.into_sorted(),
    }
}

fn md(body: &str) -> Vec<Block> {
    run_with(body, 1, false).blocks
}

fn para(body: &str) -> Vec<Inline> {
    match md(body).into_iter().next() {
        Some(Block::Paragraph { content }) => content,
        other => panic!("expected a paragraph, got {other:?}"),
    }
}

fn text(s: &str) -> Inline {
    Inline::text(s)
}

fn images(blocks: &[Block]) -> Vec<Image> {
    let mut v = Vec::new();
    walk_inlines(blocks, &mut |i| {
        if let Inline::Image(img) = i {
            v.push(img.clone());
        }
    });
    v
}

fn headings(blocks: &[Block]) -> Vec<(u8, String, String)> {
    let mut v = Vec::new();
    walk_blocks(blocks, &mut |b| {
        if let Block::Heading {
            level, id, content, ..
        } = b
        {
            v.push((*level, id.clone(), crate::document::plain_text(content)));
        }
    });
    v
}

fn url(u: &str) -> LinkTarget {
    LinkTarget::Url { url: u.into() }
}

mod html_in_markdown;
mod kramdown_blocks;
mod kramdown_habits;
mod markdown_blocks;
mod math_reading;
mod robustness;
mod seed;
mod typography;
