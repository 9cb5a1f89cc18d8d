//! The block tree both readers build into: Markdown events and HTML tokens open and close
//! frames on one stack, so `<a href>` from one inline-HTML event and `</a>` from a later one wrap
//! the Markdown text between them, and a `<div>` in one HTML block may hold Markdown blocks.
//!
//! Frames remember who opened them. A Markdown end closes up to its own start (auto-closing HTML
//! left open inside); an HTML end tag closes up to its start tag but never across a Markdown
//! frame (then it is ignored). Content that lands where it cannot live gets an implicit frame
//! (text in a `<div>` → a paragraph, `<li>` outside a list → a list) or is flattened to text, so
//! nothing the author wrote is lost and the stack always shrinks back to the root.

mod close;

use super::heading_id::HeadingIds;
use super::BodyContext;
use crate::diagnostic::{Diagnostic, Span};
use crate::document::{
    plain_text, Alignment, Block, DefinitionItem, Inline, LinkTarget, ListItem, TableCell,
};
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Origin {
    Markdown,
    Html(String),
    Implicit,
}

#[derive(Debug)]
pub(super) enum Kind {
    Root,
    BlockQuote,
    FootnoteDefinition {
        label: String,
    },
    Figure {
        caption: Vec<Inline>,
    },
    List {
        ordered: bool,
        start: Option<u64>,
        tight: bool,
        items: Vec<ListItem>,
    },
    Item {
        checked: Option<bool>,
    },
    DefinitionList {
        items: Vec<DefinitionItem>,
    },
    DefinitionTerm,
    Definition,
    Paragraph,
    Heading {
        level: u8,
        id: Option<String>,
        classes: Vec<String>,
    },
    Figcaption,
    CodeBlock {
        language: Option<String>,
        line_numbers: bool,
        text: String,
    },
    Table {
        alignments: Vec<Alignment>,
        header: Vec<TableCell>,
        rows: Vec<Vec<TableCell>>,
        in_head: bool,
    },
    Row {
        cells: Vec<TableCell>,
        header: bool,
    },
    Cell,
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    /// `target: None` is a link with nothing to follow: only its content is kept.
    Link {
        target: Option<LinkTarget>,
        title: Option<String>,
    },
    /// A Markdown image collecting its alt text.
    Image {
        src: String,
        title: Option<String>,
        span: Span,
    },
    /// HTML `<code>`/`<kbd>`: collects plain text.
    Code {
        text: String,
    },
    Ruby {
        pairs: Vec<(String, String)>,
    },
    Rt,
    /// A container opened deeper than [`MAX_DEPTH`]: its blocks go to the parent.
    FlatBlocks,
    /// An inline wrapper opened deeper than [`MAX_DEPTH`]: its inlines go to the parent.
    FlatInlines,
}

/// Frames deeper than this are flattened into their parent, so the model stays shallow enough
/// for every recursive walk (drop, serde, the backends) even in a debug build, whatever the
/// input (`>` repeated 50000 times is one line of text).
pub(super) const MAX_DEPTH: usize = 100;

/// What a frame holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Holds {
    Blocks,
    Inlines,
    Items,
    Definitions,
    Rows,
    Cells,
    RawText,
}

impl Kind {
    fn holds(&self) -> Holds {
        match self {
            Kind::Root
            | Kind::BlockQuote
            | Kind::FootnoteDefinition { .. }
            | Kind::Figure { .. }
            | Kind::Item { .. }
            | Kind::Definition
            | Kind::FlatBlocks => Holds::Blocks,
            Kind::List { .. } => Holds::Items,
            Kind::DefinitionList { .. } => Holds::Definitions,
            Kind::Table { .. } => Holds::Rows,
            Kind::Row { .. } => Holds::Cells,
            Kind::CodeBlock { .. } | Kind::Code { .. } => Holds::RawText,
            _ => Holds::Inlines,
        }
    }

    /// Frames that make a block of their own (they need a block container as parent).
    pub(super) fn is_block(&self) -> bool {
        matches!(
            self,
            Kind::BlockQuote
                | Kind::FootnoteDefinition { .. }
                | Kind::Figure { .. }
                | Kind::List { .. }
                | Kind::DefinitionList { .. }
                | Kind::Paragraph
                | Kind::Heading { .. }
                | Kind::CodeBlock { .. }
                | Kind::Table { .. }
        )
    }
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    origin: Origin,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    /// A `$$…$$` was read into this frame: a paragraph holding only that is display math.
    display_math: bool,
}

pub(super) struct Tree<'c, 'a> {
    pub ctx: &'c BodyContext<'a>,
    /// The text offsets refer to (the preprocessed body); same lines as the post body.
    text: &'c str,
    line_starts: Vec<usize>,
    stack: Vec<Frame>,
    ids: HeadingIds,
    /// Byte offset in `text` of what is being read, for spans.
    pub pos: usize,
    /// Inside `<script>`, `<style>`, `<iframe>`, `<rp>`: content dropped until this end tag.
    pub skip_until: Option<String>,
    warned_tags: HashSet<String>,
    warned_depth: bool,
    /// How many `markdown="1"` HTML elements are being read inside each other.
    pub markdown_in_html_depth: usize,
    /// `{::options parse_block_html=… /}` lines of the post (see `kramdown::Preprocessed`).
    pub parse_block_html_from: Vec<(usize, bool)>,
}

impl<'c, 'a> Tree<'c, 'a> {
    pub(super) fn new(ctx: &'c BodyContext<'a>, text: &'c str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Tree {
            ctx,
            text,
            line_starts,
            stack: vec![Frame::new(Kind::Root, Origin::Markdown)],
            ids: HeadingIds::default(),
            pos: 0,
            skip_until: None,
            warned_tags: HashSet::new(),
            warned_depth: false,
            markdown_in_html_depth: 0,
            parse_block_html_from: Vec::new(),
        }
    }

    /// 0-based body line of a byte offset.
    pub(super) fn body_line(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte at `offset` of the body text.
    /// The text body offsets refer to.
    pub(super) fn body_text(&self) -> &'c str {
        self.text
    }

    pub(super) fn byte_at(&self, offset: usize) -> Option<u8> {
        self.text.as_bytes().get(offset).copied()
    }

    /// File line and column (1-based, columns in characters) of a byte offset.
    pub(super) fn file_position(&self, offset: usize) -> (u32, u32) {
        let line = self.body_line(offset);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        let file_line = u32::try_from(line)
            .unwrap_or(u32::MAX)
            .saturating_add(self.ctx.first_line.max(1));
        (
            file_line,
            u32::try_from(column).unwrap_or(u32::MAX).saturating_add(1),
        )
    }

    pub(super) fn span_here(&self) -> Span {
        let (line, column) = self.file_position(self.pos);
        Span::new(self.ctx.file, line, column)
    }

    pub(super) fn warn(&self, code: &'static str, message: String) {
        let (line, column) = self.file_position(self.pos);
        self.ctx
            .diagnostics
            .push(Diagnostic::warning(code, message).at_line(
                self.ctx.file,
                self.ctx.source,
                line,
                column,
            ));
    }

    /// Warns once per post and tag name.
    pub(super) fn warn_tag_once(&mut self, code: &'static str, tag: &str, message: String) {
        if self.warned_tags.insert(format!("{code}:{tag}")) {
            self.warn(code, message);
        }
    }

    // ----- reading the stack -----

    fn top(&mut self) -> &mut Frame {
        // The root frame is never popped before `finish`.
        if self.stack.is_empty() {
            self.stack.push(Frame::new(Kind::Root, Origin::Markdown));
        }
        let last = self.stack.len() - 1;
        &mut self.stack[last]
    }

    pub(super) fn top_kind_mut(&mut self) -> Option<&mut Kind> {
        self.stack.last_mut().map(|f| &mut f.kind)
    }

    pub(super) fn top_kind(&self) -> Option<&Kind> {
        self.stack.last().map(|f| &f.kind)
    }

    /// Whether inline content is being collected by something other than an implicit paragraph:
    /// block-level HTML tags seen here are read as mere wrappers.
    pub(super) fn in_inline_context(&self) -> bool {
        self.stack.last().is_some_and(|f| {
            matches!(f.kind.holds(), Holds::Inlines | Holds::RawText)
                && !(f.origin == Origin::Implicit && matches!(f.kind, Kind::Paragraph))
        })
    }

    pub(super) fn in_raw_text(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|f| f.kind.holds() == Holds::RawText)
    }

    /// The innermost frame of this kind, for setting flags (task markers, list looseness).
    /// Whether text goes where kramdown never converts quotes and dashes: code, and an image's
    /// alt text (kramdown keeps the source as typed there).
    pub(super) fn in_verbatim_text(&self) -> bool {
        self.stack.iter().any(|f| {
            matches!(
                f.kind,
                Kind::CodeBlock { .. } | Kind::Code { .. } | Kind::Image { .. }
            )
        })
    }

    pub(super) fn find_kind_mut(&mut self, pred: impl Fn(&Kind) -> bool) -> Option<&mut Kind> {
        self.stack
            .iter_mut()
            .rev()
            .map(|f| &mut f.kind)
            .find(|k| pred(k))
    }

    /// The inlines being collected by the top frame.
    pub(super) fn top_inlines_mut(&mut self) -> &mut Vec<Inline> {
        &mut self.top().inlines
    }

    // ----- opening and closing -----

    pub(super) fn open(&mut self, kind: Kind, origin: Origin) {
        // A caption sits beside the figure's blocks, never inside its implicit paragraph.
        if kind.is_block() || matches!(kind, Kind::Figcaption) {
            self.make_room_for_block();
        } else {
            match kind {
                Kind::Item { .. } => self.make_room_for(Holds::Items),
                Kind::DefinitionTerm | Kind::Definition => {
                    if self.top().kind.holds() != Holds::Definitions {
                        self.make_room_for_block();
                    }
                }
                Kind::Row { .. } => self.make_room_for(Holds::Rows),
                Kind::Cell => self.make_room_for(Holds::Cells),
                _ => self.make_room_for_inline(),
            }
        }
        self.push_frame(kind, origin);
    }

    /// The frame for Markdown spans inside an HTML element (`markdown="span"`, or `"1"` and
    /// `parse_block_html` on a span-content element). Inside a heading or caption it sits in
    /// that element (its text goes there when it closes) instead of closing it as a block would.
    pub(super) fn open_markdown_spans(&mut self) {
        if matches!(self.top().kind, Kind::Heading { .. } | Kind::Figcaption) {
            self.push_frame(Kind::Paragraph, Origin::Markdown);
        } else {
            self.open(Kind::Paragraph, Origin::Markdown);
        }
    }

    /// Pushes a frame, flattening nesting containers and inline wrappers past [`MAX_DEPTH`].
    fn push_frame(&mut self, kind: Kind, origin: Origin) {
        let kind = if self.stack.len() < MAX_DEPTH {
            kind
        } else {
            // Items stay: a list that holds items must get items, and an item under a
            // flattened list already gives its blocks to its parent.
            let flat = match kind {
                Kind::BlockQuote
                | Kind::FootnoteDefinition { .. }
                | Kind::Figure { .. }
                | Kind::List { .. }
                | Kind::DefinitionList { .. } => Kind::FlatBlocks,
                Kind::Emphasis
                | Kind::Strong
                | Kind::Strikethrough
                | Kind::Superscript
                | Kind::Subscript
                | Kind::Link { .. } => Kind::FlatInlines,
                leaf => leaf,
            };
            if matches!(flat, Kind::FlatBlocks | Kind::FlatInlines) && !self.warned_depth {
                self.warned_depth = true;
                self.warn(
                    "markdown",
                    format!(
                        "quotes, lists or formatting nested deeper than {MAX_DEPTH} levels: the \
                         deeper levels are flattened into their parent"
                    ),
                );
            }
            flat
        };
        self.stack.push(Frame::new(kind, origin));
    }

    /// Closes implicit paragraphs and HTML inline frames so a block can start here.
    fn make_room_for_block(&mut self) {
        loop {
            let deep = self.stack.len() > 1;
            let f = self.top();
            match f.kind.holds() {
                Holds::Blocks => return,
                Holds::Items => {
                    self.push_frame(Kind::Item { checked: None }, Origin::Implicit);
                    return;
                }
                Holds::Definitions => {
                    self.push_frame(Kind::Definition, Origin::Implicit);
                    return;
                }
                Holds::Inlines | Holds::RawText if f.origin != Origin::Markdown && deep => {
                    self.pop();
                }
                // Inside a Markdown inline frame or a table: the block nests here and is
                // flattened into it when it closes.
                _ => return,
            }
        }
    }

    fn make_room_for(&mut self, wanted: Holds) {
        let holds = self.top().kind.holds();
        if holds == wanted {
            return;
        }
        match (wanted, holds) {
            (Holds::Items, _) => {
                self.make_room_for_block();
                if self.top().kind.holds() != Holds::Items {
                    self.push_frame(
                        Kind::List {
                            ordered: false,
                            start: None,
                            tight: true,
                            items: Vec::new(),
                        },
                        Origin::Implicit,
                    );
                }
            }
            (Holds::Cells, Holds::Rows) => self.push_frame(
                Kind::Row {
                    cells: Vec::new(),
                    header: false,
                },
                Origin::Implicit,
            ),
            _ => {}
        }
    }

    fn make_room_for_inline(&mut self) {
        loop {
            match self.top().kind.holds() {
                Holds::Inlines | Holds::RawText => return,
                Holds::Blocks => {
                    self.push_frame(Kind::Paragraph, Origin::Implicit);
                    return;
                }
                Holds::Items => self.push_frame(Kind::Item { checked: None }, Origin::Implicit),
                Holds::Definitions => self.push_frame(Kind::Definition, Origin::Implicit),
                Holds::Rows => self.make_room_for(Holds::Cells),
                Holds::Cells => self.push_frame(Kind::Cell, Origin::Implicit),
            }
        }
    }

    /// Closes an implicit paragraph (a `<div>` boundary or a blank line in HTML ends it).
    pub(super) fn break_paragraph(&mut self) {
        while let Some(f) = self.stack.last() {
            let closes = matches!(f.kind, Kind::Paragraph) && f.origin != Origin::Markdown
                || (f.origin == Origin::Implicit && f.kind.holds() == Holds::Inlines);
            if !closes || self.stack.len() <= 1 {
                return;
            }
            self.pop();
        }
    }

    /// A Markdown end event: closes everything up to the innermost Markdown frame.
    pub(super) fn end_markdown(&mut self) {
        while self.stack.len() > 1 {
            if self.pop() == Origin::Markdown {
                return;
            }
        }
    }

    /// An HTML end tag: closes up to the frame its start tag opened; `false` when there is none
    /// reachable without crossing a Markdown frame.
    pub(super) fn close_html(&mut self, name: &str) -> bool {
        let mut depth = None;
        for (i, f) in self.stack.iter().enumerate().rev() {
            match &f.origin {
                Origin::Html(n) if n == name => {
                    depth = Some(i);
                    break;
                }
                Origin::Markdown => break,
                _ => {}
            }
        }
        let Some(depth) = depth else { return false };
        while self.stack.len() > depth.max(1) {
            self.pop();
        }
        true
    }

    /// `<dt>`/`<dd>`: closes the open term or definition (HTML or implicit) of the innermost
    /// `<dl>`, when one is reachable without crossing a Markdown frame.
    pub(super) fn close_to_definition_list(&mut self) {
        let reachable = self
            .stack
            .iter()
            .rev()
            .take_while(|f| {
                f.origin != Origin::Markdown || matches!(f.kind, Kind::DefinitionList { .. })
            })
            .any(|f| matches!(f.kind, Kind::DefinitionList { .. }));
        while reachable
            && self.stack.len() > 1
            && !matches!(self.top().kind, Kind::DefinitionList { .. })
        {
            self.pop();
        }
    }

    /// A soft break in a Markdown term: kramdown makes each line a term of its own.
    pub(super) fn split_markdown_term(&mut self) -> bool {
        let split = self.stack.last().is_some_and(|f| {
            matches!(f.kind, Kind::DefinitionTerm) && f.origin == Origin::Markdown
        });
        if split {
            self.end_markdown();
            self.open(Kind::DefinitionTerm, Origin::Markdown);
        }
        split
    }

    /// A checkbox before anything else in a list item makes it a task item; `false` elsewhere.
    pub(super) fn mark_task_item(&mut self, done: bool) -> bool {
        let n = self.stack.len();
        let item_at = match self.stack.last() {
            Some(f) if matches!(f.kind, Kind::Item { .. }) => n - 1,
            Some(f) if matches!(f.kind, Kind::Paragraph) && f.inlines.is_empty() => {
                n.saturating_sub(2)
            }
            _ => return false,
        };
        match self.stack.get_mut(item_at) {
            Some(Frame {
                kind: Kind::Item { checked },
                blocks,
                ..
            }) if checked.is_none() && blocks.is_empty() => {
                *checked = Some(done);
                true
            }
            _ => false,
        }
    }

    /// Whether an open HTML frame of this tag is reachable (for `<li>`/`<p>` auto-closing).
    pub(super) fn html_open_within(&self, name: &str, stop: impl Fn(&Kind) -> bool) -> bool {
        for f in self.stack.iter().rev() {
            if matches!(&f.origin, Origin::Html(n) if n == name) {
                return true;
            }
            if f.origin == Origin::Markdown || stop(&f.kind) {
                return false;
            }
        }
        false
    }

    /// Closes every frame and hands back the post's blocks.
    pub(super) fn finish(mut self) -> Vec<Block> {
        while self.stack.len() > 1 {
            self.pop();
        }
        self.stack.pop().map(|f| f.blocks).unwrap_or_default()
    }

    // ----- adding content -----

    pub(super) fn push_text(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let holds = self.top().kind.holds();
        if holds == Holds::RawText {
            self.push_raw(s);
            return;
        }
        if holds != Holds::Inlines && s.trim().is_empty() {
            return;
        }
        self.make_room_for_inline();
        if self.in_raw_text() {
            self.push_raw(s);
            return;
        }
        let inlines = self.top_inlines_mut();
        if let Some(Inline::Text { text }) = inlines.last_mut() {
            text.push_str(s);
        } else {
            inlines.push(Inline::text(s));
        }
    }

    /// Removes one `\` ending the text just pushed; `false` when the text does not end so.
    pub(super) fn pop_trailing_backslash(&mut self) -> bool {
        if self.top().kind.holds() != Holds::Inlines {
            return false;
        }
        match self.top_inlines_mut().last_mut() {
            Some(Inline::Text { text }) if text.ends_with('\\') => {
                text.pop();
                true
            }
            _ => false,
        }
    }

    fn push_raw(&mut self, s: &str) {
        match &mut self.top().kind {
            Kind::CodeBlock { text, .. } | Kind::Code { text } => text.push_str(s),
            _ => {}
        }
    }

    pub(super) fn push_inline(&mut self, inline: Inline) {
        if let Inline::Text { text } = &inline {
            let text = text.clone();
            self.push_text(&text);
            return;
        }
        let holds = self.top().kind.holds();
        if holds == Holds::RawText {
            let s = match &inline {
                Inline::LineBreak => "\n".to_owned(),
                other => plain_text(std::slice::from_ref(other)),
            };
            self.push_raw(&s);
            return;
        }
        if holds != Holds::Inlines && matches!(inline, Inline::LineBreak) {
            return;
        }
        self.make_room_for_inline();
        if self.in_raw_text() {
            let s = plain_text(std::slice::from_ref(&inline));
            self.push_raw(&s);
            return;
        }
        self.top_inlines_mut().push(inline);
    }

    pub(super) fn push_block(&mut self, block: Block) {
        self.make_room_for_block();
        let f = self.top();
        match f.kind.holds() {
            Holds::Blocks => f.blocks.push(block),
            // A Markdown inline frame or a table: keep the block's text in the flow.
            _ => {
                for inline in close::block_to_inlines(block) {
                    self.push_inline(inline);
                }
            }
        }
    }

    /// `$$…$$` inside a paragraph: splits the paragraph around a display-math block.
    /// `$$…$$`: display math when it is a paragraph of its own (decided when the paragraph
    /// closes), else inline math within the sentence — kramdown reads it the same way.
    pub(super) fn push_display_math(&mut self, tex: &str) {
        if let Some(f) = self.stack.last_mut() {
            f.display_math = true;
        }
        self.push_inline(Inline::Math {
            tex: tex.trim().to_owned(),
            mathml: None,
        });
    }
}

impl Frame {
    fn new(kind: Kind, origin: Origin) -> Self {
        Frame {
            kind,
            origin,
            blocks: Vec::new(),
            inlines: Vec::new(),
            display_math: false,
        }
    }
}
