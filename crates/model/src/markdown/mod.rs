//! A post body → blocks: Markdown read as kramdown would read it on the blog, and the HTML inside
//! it (or a whole `.html` post) read with a real tokenizer into the same tree.
//!
//! Stages, in order: `kramdown` neutralises kramdown-only lines (keeping every line in place)
//! and `extensions` turns `{::nomarkdown}`/`{::comment}` into raw HTML, `rewrite` turns
//! kramdown's tables and block HTML into the CommonMark that reads the same (with a map back to
//! the body's lines), `emphasis` re-pairs `*`/`_` the kramdown way where CommonMark's flanking
//! rules pair them differently, `mathjax` finds and masks the math MathJax would find, `events` streams pulldown-cmark events and `html` streams HTML
//! tokens into one `tree`, and `whitespace` settles soft line breaks and spaces when each block
//! closes.
//! Everything here is safe to call from many threads at once and never panics on input.

mod block_html;
mod emphasis;
mod events;
mod extensions;
mod forms;
mod heading_id;
mod html;
mod kramdown;
mod kramdown_table;
mod mathjax;
mod rewrite;
mod tree;
mod typography;
mod whitespace;

#[cfg(test)]
mod tests;

pub use typography::{SmartQuotes, Typography};

use crate::assets::AssetStore;
use crate::config::KramdownSettings;
use crate::diagnostic::Diagnostics;
use crate::document::Block;
use crate::site::links::SiteLinks;
use std::path::Path;

/// Where a body comes from and where its findings go.
pub struct BodyContext<'a> {
    /// The post file, for diagnostics and spans.
    pub file: &'a Path,
    /// The whole file text (for the source line of diagnostics).
    pub source: &'a str,
    /// 1-based file line where the body starts: every span reports file lines.
    pub first_line: u32,
    pub assets: &'a AssetStore,
    pub links: &'a SiteLinks,
    pub diagnostics: &'a Diagnostics,
    /// The site's `kramdown:` settings.
    pub kramdown: KramdownSettings,
    /// Whether `$…$` is math (the blog loads MathJax or KaTeX, or `[math] dollars`); else text
    /// as kramdown leaves it. `$$…$$` is always math, as in kramdown.
    pub dollar_math: bool,
}

/// Reads a `.md`/`.markdown` post body (after Liquid).
pub fn parse_markdown(body: &str, ctx: &BodyContext) -> Vec<Block> {
    let mut pre = kramdown::preprocess(body);
    events::escape_colon_lines(&mut pre.text);
    let mut rewritten = rewrite::rewrite(
        &pre.text,
        &ctx.kramdown,
        &pre.parse_block_html_from,
        &pre.neutralised,
    );
    // MathJax's `\\(…\\)`, `\\[…\\]`, bare environments: only on a blog that loads it.
    let found = if ctx.dollar_math {
        mathjax::find_and_mask(&mut rewritten.text, &rewritten.pieces)
    } else {
        Vec::new()
    };
    let mut tree = tree::Tree::new(ctx, &pre.text);
    tree.parse_block_html_from = pre.parse_block_html_from;
    for (at, name) in &rewritten.unclosed {
        tree.pos = *at;
        tree.warn(
            "html-unclosed",
            format!(
                "<{name}> is never closed: kramdown reads the rest of the post as its HTML, so \
                 Markdown after it shows as typed, as on the blog"
            ),
        );
    }
    events::read_markdown(&mut tree, &rewritten, &pre.block_ials, &found);
    tree.finish()
}

/// Reads a `.html` post body: HTML only, no Markdown.
pub fn parse_html(body: &str, ctx: &BodyContext) -> Vec<Block> {
    let mut tree = tree::Tree::new(ctx, body);
    html::read_html_document(&mut tree, body);
    tree.finish()
}
