//! The post body as a tree of blocks and inlines: what both backends render.

use crate::assets::AssetId;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Heading {
        level: u8,
        /// Unique within the post; from `{#id}`, an IAL, or derived from the text like kramdown.
        id: String,
        classes: Vec<String>,
        content: Vec<Inline>,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    List {
        ordered: bool,
        /// The first number of an ordered list (`3.` starts at 3).
        start: Option<u64>,
        /// Tight lists have no blank lines between items (no paragraph spacing).
        tight: bool,
        items: Vec<ListItem>,
    },
    BlockQuote {
        content: Vec<Block>,
    },
    CodeBlock {
        language: Option<String>,
        /// `{% highlight x linenos %}`.
        line_numbers: bool,
        text: String,
        /// Highlighting over `text` (see `highlight`); empty for plain code.
        tokens: Vec<crate::highlight::Token>,
    },
    Table {
        alignments: Vec<Alignment>,
        header: Vec<TableCell>,
        rows: Vec<Vec<TableCell>>,
    },
    /// `<figure>`: images (or other content) with an optional caption.
    Figure {
        content: Vec<Block>,
        caption: Vec<Inline>,
    },
    /// kramdown's `term` / `: definition` lists and HTML `<dl>`.
    DefinitionList {
        items: Vec<DefinitionItem>,
    },
    ThematicBreak,
    FootnoteDefinition {
        label: String,
        content: Vec<Block>,
    },
    /// An `<iframe>` (video, slides, map): in a book it becomes a titled link.
    Embed {
        url: String,
        title: String,
    },
    /// Display math (`$$…$$`): the TeX as written and its MathML (`None` when the TeX could not
    /// be converted: shown as source, with a warning).
    Math {
        tex: String,
        mathml: Option<String>,
    },
    /// HTML the model could not understand, kept as text (a warning was issued).
    RawHtml {
        html: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListItem {
    /// Task list items: `Some(true)` for `[x]`.
    pub checked: Option<bool>,
    pub content: Vec<Block>,
}

/// One term with its definitions. Terms written one after the other (`<dt>a<dt>b<dd>…`) are
/// items of their own, the earlier ones with no definitions; a definition with no term before
/// it has an empty `term`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefinitionItem {
    pub term: Vec<Inline>,
    /// Each definition is its own blocks (a `<dd>`).
    pub definitions: Vec<Vec<Block>>,
}

pub type TableCell = Vec<Inline>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Alignment {
    None,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Emphasis {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    Strikethrough {
        content: Vec<Inline>,
    },
    Superscript {
        content: Vec<Inline>,
    },
    Subscript {
        content: Vec<Inline>,
    },
    /// Inline code; `language` only when it names one (kramdown's `{:.language-ruby}` IAL or the
    /// site's `default_lang`), then `tokens` highlight it as in a code block.
    Code {
        text: String,
        language: Option<String>,
        tokens: Vec<crate::highlight::Token>,
    },
    Link {
        target: LinkTarget,
        title: Option<String>,
        content: Vec<Inline>,
    },
    Image(Image),
    LineBreak,
    FootnoteReference {
        label: String,
    },
    /// `<ruby>` base text with its reading.
    Ruby {
        base: String,
        text: String,
    },
    /// Inline math (`$…$`): the TeX as written and its MathML (see `Block::Math`).
    Math {
        tex: String,
        mathml: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkTarget {
    /// Anywhere outside the book (or an anchor on a page the book does not contain).
    Url { url: String },
    /// Another post of the site: its chapter in the book. `post` is the post's id
    /// (`2015-01-18-docker-meetup-tokyo-4`).
    Post {
        post: String,
        fragment: Option<String>,
    },
    /// An anchor inside the same post (`#section`).
    Fragment { id: String },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Image {
    pub asset: AssetId,
    /// The `src` as written, for placeholders and messages.
    pub src: String,
    pub alt: String,
    pub title: Option<String>,
    /// `width`/`height` attributes (or IAL) as the author wrote them.
    pub width: Option<Length>,
    pub height: Option<Length>,
}

/// An HTML length: CSS pixels (1/96 in) or a percentage of the text width.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "unit", content = "value", rename_all = "lowercase")]
pub enum Length {
    Px(f32),
    Percent(f32),
}

impl Length {
    /// Reads `400`, `400px`, ` 50% `; anything else (`auto`, `10em`) is `None`.
    pub fn parse(s: &str) -> Option<Length> {
        let s = s.trim();
        if let Some(p) = s.strip_suffix('%') {
            return p
                .trim()
                .parse::<f32>()
                .ok()
                .filter(|v| v.is_finite() && *v > 0.0)
                .map(Length::Percent);
        }
        let n = s.strip_suffix("px").unwrap_or(s).trim();
        n.parse::<f32>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0)
            .map(Length::Px)
    }
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Self {
        Inline::Text { text: s.into() }
    }

    /// Plain inline code (no language).
    pub fn code(s: impl Into<String>) -> Self {
        Inline::Code {
            text: s.into(),
            language: None,
            tokens: Vec::new(),
        }
    }
}

/// The plain text of inlines, as a reader would read it aloud (alt text for images, ruby base).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain_text(inlines, &mut out);
    out
}

fn push_plain_text(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text { text } | Inline::Code { text, .. } => out.push_str(text),
            Inline::Math { tex, .. } => out.push_str(tex),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Link { content, .. } => push_plain_text(content, out),
            Inline::Image(img) => out.push_str(&img.alt),
            Inline::LineBreak => out.push('\n'),
            Inline::FootnoteReference { .. } => {}
            Inline::Ruby { base, .. } => out.push_str(base),
        }
    }
}

/// Walks every block (depth first), including those nested in lists, quotes, figures, footnotes.
pub fn walk_blocks<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::List { items, .. } => {
                for it in items {
                    walk_blocks(&it.content, f);
                }
            }
            Block::BlockQuote { content }
            | Block::Figure { content, .. }
            | Block::FootnoteDefinition { content, .. } => walk_blocks(content, f),
            Block::DefinitionList { items } => {
                for it in items {
                    for d in &it.definitions {
                        walk_blocks(d, f);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Visits every block mutably (depth first, parents before children), nested ones included.
pub fn walk_blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for b in blocks {
        f(b);
        match b {
            Block::List { items, .. } => {
                for it in items {
                    walk_blocks_mut(&mut it.content, f);
                }
            }
            Block::BlockQuote { content }
            | Block::Figure { content, .. }
            | Block::FootnoteDefinition { content, .. } => walk_blocks_mut(content, f),
            Block::DefinitionList { items } => {
                for it in items {
                    for d in &mut it.definitions {
                        walk_blocks_mut(d, f);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Walks every inline of every block (depth first), including table cells and captions.
pub fn walk_inlines<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Inline)) {
    fn inl<'a>(xs: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
        for x in xs {
            f(x);
            match x {
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content }
                | Inline::Link { content, .. } => inl(content, f),
                _ => {}
            }
        }
    }
    walk_blocks(blocks, &mut |b| match b {
        Block::Heading { content, .. } | Block::Paragraph { content } => inl(content, f),
        Block::Table { header, rows, .. } => {
            for c in header.iter().chain(rows.iter().flatten()) {
                inl(c, f);
            }
        }
        Block::Figure { caption, .. } => inl(caption, f),
        // The definitions are blocks, reached by `walk_blocks`.
        Block::DefinitionList { items } => {
            for it in items {
                inl(&it.term, f);
            }
        }
        _ => {}
    });
}

/// Visits every inline of every block mutably (depth first, parents before children), including
/// table cells, captions and nested blocks: for passes that rewrite the tree after parsing.
pub fn walk_inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    walk_mut(blocks, &mut |n| {
        if let NodeMut::Inline(i) = n {
            f(i)
        }
    });
}

/// A block or an inline met by [`walk_mut`].
pub enum NodeMut<'a> {
    Block(&'a mut Block),
    Inline(&'a mut Inline),
}

/// Visits every block and every inline mutably in reading order: a block before what it holds,
/// a parent inline before its children, a figure's content before its caption, a table's head
/// before its rows, a term before its definitions (so display and inline math come in the order
/// they are read, as equation numbers need).
pub fn walk_mut(blocks: &mut [Block], f: &mut dyn FnMut(NodeMut)) {
    fn inl(xs: &mut [Inline], f: &mut dyn FnMut(NodeMut)) {
        for x in xs {
            f(NodeMut::Inline(x));
            match x {
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Strikethrough { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content }
                | Inline::Link { content, .. } => inl(content, f),
                _ => {}
            }
        }
    }
    for b in blocks {
        f(NodeMut::Block(b));
        match b {
            Block::Heading { content, .. } | Block::Paragraph { content } => inl(content, f),
            Block::List { items, .. } => {
                for it in items {
                    walk_mut(&mut it.content, f);
                }
            }
            Block::BlockQuote { content } | Block::FootnoteDefinition { content, .. } => {
                walk_mut(content, f)
            }
            Block::Figure { content, caption } => {
                walk_mut(content, f);
                inl(caption, f);
            }
            Block::Table { header, rows, .. } => {
                for c in header.iter_mut().chain(rows.iter_mut().flatten()) {
                    inl(c, f);
                }
            }
            Block::DefinitionList { items } => {
                for it in items {
                    inl(&mut it.term, f);
                    for d in &mut it.definitions {
                        walk_mut(d, f);
                    }
                }
            }
            _ => {}
        }
    }
}
