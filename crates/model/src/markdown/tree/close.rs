//! Closing a frame: what it built is delivered to its parent (a block, an inline, a list item,
//! a table row or cell, a caption, a ruby pair).

use super::super::whitespace::normalize_leaf;
use super::{Frame, Kind, Origin, Tree};
use crate::diagnostic::Diagnostic;
use crate::document::{plain_text, Alignment, Block, DefinitionItem, Inline, LinkTarget, ListItem};

impl Tree<'_, '_> {
    /// Pops the top frame and delivers what it built to its parent; returns its origin.
    pub(super) fn pop(&mut self) -> Origin {
        let Some(frame) = self.stack.pop() else {
            return Origin::Implicit;
        };
        if self.stack.is_empty() {
            // Never pop the root: put it back.
            self.stack.push(frame);
            return Origin::Markdown;
        }
        let Frame {
            kind,
            origin,
            blocks,
            inlines,
            display_math,
        } = frame;
        match kind {
            Kind::Root => self.top().blocks.extend(blocks),
            Kind::FlatBlocks => {
                for b in blocks {
                    self.push_block(b);
                }
            }
            Kind::FlatInlines => {
                for i in inlines {
                    self.push_inline(i);
                }
            }
            Kind::BlockQuote => self.push_block(Block::BlockQuote { content: blocks }),
            Kind::FootnoteDefinition { label } => self.push_block(Block::FootnoteDefinition {
                label,
                content: blocks,
            }),
            Kind::Figure { caption } => self.push_block(Block::Figure {
                content: blocks,
                caption,
            }),
            Kind::List {
                ordered,
                start,
                tight,
                items,
            } => {
                if !items.is_empty() {
                    self.push_block(Block::List {
                        ordered,
                        start: if ordered { start.or(Some(1)) } else { None },
                        tight,
                        items,
                    });
                }
            }
            Kind::Item { checked } => {
                let item = ListItem {
                    checked,
                    content: blocks,
                };
                match &mut self.top().kind {
                    Kind::List { items, .. } => items.push(item),
                    _ => {
                        for b in item.content {
                            self.push_block(b);
                        }
                    }
                }
            }
            Kind::DefinitionList { items } => {
                if !items.is_empty() {
                    self.push_block(Block::DefinitionList { items });
                }
            }
            Kind::DefinitionTerm => {
                let term = normalize_leaf(inlines);
                match &mut self.top().kind {
                    Kind::DefinitionList { items } => items.push(DefinitionItem {
                        term,
                        definitions: Vec::new(),
                    }),
                    _ if !term.is_empty() => self.push_block(Block::Paragraph { content: term }),
                    _ => {}
                }
            }
            Kind::Definition => match &mut self.top().kind {
                Kind::DefinitionList { items } => match items.last_mut() {
                    Some(item) => item.definitions.push(blocks),
                    None => items.push(DefinitionItem {
                        term: Vec::new(),
                        definitions: vec![blocks],
                    }),
                },
                _ => {
                    for b in blocks {
                        self.push_block(b);
                    }
                }
            },
            Kind::Paragraph => {
                let mut content = normalize_leaf(inlines);
                if display_math {
                    if let [Inline::Math { tex, .. }] = content.as_mut_slice() {
                        let tex = std::mem::take(tex);
                        self.push_block(Block::Math { tex, mathml: None });
                        return origin;
                    }
                }
                // Markdown spans read inside an HTML heading or caption (`<h3>__x__</h3>` under
                // `parse_block_html`, `markdown="span"`): the element's own text, not a
                // paragraph after it.
                if origin == Origin::Markdown
                    && matches!(self.top().kind, Kind::Heading { .. } | Kind::Figcaption)
                {
                    self.top().inlines.extend(content);
                    return origin;
                }
                if !content.is_empty() {
                    self.push_block(Block::Paragraph { content });
                }
            }
            Kind::Heading { level, id, classes } => {
                let content = normalize_leaf(inlines);
                let id = match id {
                    Some(id) => self.ids.explicit(&id),
                    None => self.ids.derive(&plain_text(&content)),
                };
                self.push_block(Block::Heading {
                    level,
                    id,
                    classes,
                    content,
                });
            }
            Kind::Figcaption => {
                let content = normalize_leaf(inlines);
                match &mut self.top().kind {
                    Kind::Figure { caption } => caption.extend(content),
                    _ if !content.is_empty() => self.push_block(Block::Paragraph { content }),
                    _ => {}
                }
            }
            Kind::CodeBlock {
                language,
                line_numbers,
                mut text,
            } => {
                if text.ends_with('\n') {
                    text.pop();
                }
                // A ```` ```math ```` fence: display math, as GitHub and GitLab show it.
                if language.as_deref() == Some("math") {
                    self.push_block(Block::Math {
                        tex: text,
                        mathml: None,
                    });
                    return origin;
                }
                self.push_block(Block::CodeBlock {
                    language,
                    line_numbers,
                    text,
                    tokens: Vec::new(),
                });
            }
            Kind::Table {
                mut alignments,
                mut header,
                rows,
                ..
            } => {
                // A header of empty cells says nothing (kramdown's tables without a header are
                // read with one, see `kramdown_table`).
                if header.iter().all(Vec::is_empty) {
                    header.clear();
                }
                let columns = header
                    .len()
                    .max(rows.iter().map(Vec::len).max().unwrap_or(0));
                alignments.resize(columns.max(alignments.len()), Alignment::None);
                if columns > 0 {
                    self.push_block(Block::Table {
                        alignments,
                        header,
                        rows,
                    });
                }
            }
            Kind::Row { cells, header } => match &mut self.top().kind {
                Kind::Table {
                    header: h,
                    rows,
                    in_head,
                    ..
                } => {
                    if (header || *in_head) && h.is_empty() && rows.is_empty() {
                        *h = cells;
                    } else if !cells.is_empty() {
                        rows.push(cells);
                    }
                }
                _ => {
                    for content in cells.into_iter().filter(|c| !c.is_empty()) {
                        self.push_block(Block::Paragraph { content });
                    }
                }
            },
            Kind::Cell => {
                let content = normalize_leaf(inlines);
                match &mut self.top().kind {
                    Kind::Row { cells, .. } => cells.push(content),
                    _ => {
                        for i in content {
                            self.push_inline(i);
                        }
                    }
                }
            }
            Kind::Emphasis => self.wrap(inlines, |content| Inline::Emphasis { content }),
            Kind::Strong => self.wrap(inlines, |content| Inline::Strong { content }),
            Kind::Strikethrough => self.wrap(inlines, |content| Inline::Strikethrough { content }),
            Kind::Superscript => self.wrap(inlines, |content| Inline::Superscript { content }),
            Kind::Subscript => self.wrap(inlines, |content| Inline::Subscript { content }),
            Kind::Link { target, title } => match target {
                Some(target) => self.push_inline(Inline::Link {
                    target,
                    title,
                    content: inlines,
                }),
                None => {
                    for i in inlines {
                        self.push_inline(i);
                    }
                }
            },
            Kind::Image { src, title, span } => {
                let alt = plain_text(&inlines).trim().to_owned();
                if src.trim().is_empty() {
                    self.ctx.diagnostics.push(
                        Diagnostic::warning(
                            "markdown",
                            format!("image \"{alt}\" has no source: only its alt text is kept"),
                        )
                        .at_line(
                            self.ctx.file,
                            self.ctx.source,
                            span.line,
                            span.column,
                        ),
                    );
                    self.push_text(&alt);
                    return origin;
                }
                let asset = self.ctx.assets.request(&src, span);
                self.push_inline(Inline::Image(crate::document::Image {
                    asset,
                    src,
                    alt,
                    title,
                    width: None,
                    height: None,
                }));
            }
            Kind::Code { text } => {
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    self.push_inline(Inline::code(text));
                }
            }
            Kind::Ruby { pairs } => {
                for (base, text) in pairs {
                    self.push_inline(Inline::Ruby { base, text });
                }
                for i in inlines {
                    self.push_inline(i);
                }
            }
            Kind::Rt => {
                let reading = plain_text(&inlines).trim().to_owned();
                let parent = self.top();
                match &mut parent.kind {
                    Kind::Ruby { pairs } => {
                        let base = plain_text(&std::mem::take(&mut parent.inlines))
                            .trim()
                            .to_owned();
                        pairs.push((base, reading));
                    }
                    _ => self.push_text(&reading),
                }
            }
        }
        origin
    }

    fn wrap(&mut self, content: Vec<Inline>, make: impl FnOnce(Vec<Inline>) -> Inline) {
        if !content.is_empty() {
            self.push_inline(make(content));
        }
    }
}

/// A block that arrived where only inlines can live, kept as inlines.
pub(super) fn block_to_inlines(block: Block) -> Vec<Inline> {
    match block {
        Block::Paragraph { content } | Block::Heading { content, .. } => content,
        Block::Embed { url, title } => vec![Inline::Link {
            target: LinkTarget::Url { url },
            title: None,
            content: vec![Inline::text(title)],
        }],
        Block::Math { tex, mathml } => vec![Inline::Math { tex, mathml }],
        Block::CodeBlock { text, .. } => vec![Inline::code(text)],
        Block::ThematicBreak => vec![Inline::LineBreak],
        Block::RawHtml { html } => vec![Inline::text(html)],
        Block::Figure { content, caption } => {
            let mut v: Vec<Inline> = content.into_iter().flat_map(block_to_inlines).collect();
            v.extend(caption);
            v
        }
        Block::BlockQuote { content } | Block::FootnoteDefinition { content, .. } => {
            content.into_iter().flat_map(block_to_inlines).collect()
        }
        Block::List { items, .. } => items
            .into_iter()
            .flat_map(|i| i.content)
            .flat_map(block_to_inlines)
            .collect(),
        Block::DefinitionList { items } => items
            .into_iter()
            .flat_map(|i| {
                let mut v = i.term;
                for d in i.definitions {
                    v.push(Inline::text(" "));
                    v.extend(d.into_iter().flat_map(block_to_inlines));
                }
                v
            })
            .collect(),
        Block::Table { header, rows, .. } => header
            .into_iter()
            .chain(rows.into_iter().flatten())
            .flatten()
            .collect(),
    }
}
