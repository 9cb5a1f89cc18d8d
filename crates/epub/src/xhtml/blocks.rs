//! Block content: headings, paragraphs, lists, quotes, code, tables, figures, embeds.

use super::inlines::external_href;
use super::{escape, Writer};
use hanmoto_model::document::TableCell;
use hanmoto_model::highlight::Token;
use hanmoto_model::{Alignment, Block, Inline, ListItem};

impl<'a> Writer<'a> {
    pub(crate) fn blocks(&mut self, blocks: &'a [Block]) {
        for b in blocks {
            self.block(b);
        }
    }

    fn block(&mut self, block: &'a Block) {
        match block {
            Block::Heading {
                level,
                id,
                classes,
                content,
            } => self.heading(*level, id, classes, content),
            Block::Paragraph { content } => {
                self.push("<p>");
                self.inlines(content);
                self.push("</p>\n");
            }
            Block::List {
                ordered,
                start,
                tight,
                items,
            } => self.list(*ordered, *start, *tight, items),
            Block::BlockQuote { content } => {
                self.push("<blockquote>\n");
                self.blocks(content);
                self.push("</blockquote>\n");
            }
            Block::CodeBlock {
                language,
                line_numbers,
                text,
                tokens,
            } => self.code_block(language.as_deref(), *line_numbers, text, tokens),
            Block::Table {
                alignments,
                header,
                rows,
            } => self.table(alignments, header, rows),
            Block::Figure { content, caption } => {
                self.push("<figure>\n");
                self.blocks(content);
                if !caption.is_empty() {
                    self.push("<figcaption>");
                    self.inlines(caption);
                    self.push("</figcaption>\n");
                }
                self.push("</figure>\n");
            }
            Block::DefinitionList { items } => {
                self.push("<dl>\n");
                for item in items {
                    self.push("<dt>");
                    self.inlines(&item.term);
                    self.push("</dt>\n");
                    for d in &item.definitions {
                        self.push("<dd>");
                        self.blocks(d);
                        self.push("</dd>\n");
                    }
                }
                self.push("</dl>\n");
            }
            Block::ThematicBreak => self.push("<hr/>\n"),
            // Written with the notes at the end of the chapter.
            Block::FootnoteDefinition { .. } => {}
            Block::Embed { url, title } => self.embed(url, title),
            Block::Math {
                tex,
                mathml: Some(mathml),
            } => {
                self.push("<div class=\"math\">");
                self.mathml(tex, mathml);
                self.push("</div>\n");
            }
            // TeX that could not be converted (a warning said so): its source.
            Block::Math { tex, mathml: None } => {
                self.push("<pre class=\"math\"><code>$$");
                self.text(tex);
                self.push("$$</code></pre>\n");
            }
            Block::RawHtml { html } => {
                // Markup the model could not understand is shown, never passed through.
                self.push("<pre class=\"raw-html\"><code>");
                self.text(html);
                self.push("</code></pre>\n");
            }
        }
    }

    /// `<h1>` is the post title, so a post's `#` heading becomes `<h2>` and the rest follow.
    fn heading(&mut self, level: u8, id: &str, classes: &[String], content: &'a [Inline]) {
        let n = self.heading_levels.next(level);
        let mut doc_id = self
            .anchors
            .heading(id)
            .map(str::to_string)
            .unwrap_or_else(|| self.anchors.fresh(id));
        if !self.written_headings.insert(doc_id.clone()) {
            doc_id = self.anchors.fresh(id);
            self.written_headings.insert(doc_id.clone());
        }
        self.push(&format!("<h{n} id=\""));
        self.attr(&doc_id);
        self.push("\"");
        self.class_attr(classes.iter().map(String::as_str));
        self.push(">");
        self.inlines(content);
        self.push(&format!("</h{n}>\n"));
    }

    fn class_attr<'s>(&mut self, classes: impl Iterator<Item = &'s str>) {
        let tokens: Vec<String> = classes
            .map(escape::class_token)
            .filter(|t| !t.is_empty())
            .collect();
        if !tokens.is_empty() {
            self.push(" class=\"");
            self.push(&tokens.join(" "));
            self.push("\"");
        }
    }

    fn list(&mut self, ordered: bool, start: Option<u64>, tight: bool, items: &'a [ListItem]) {
        let tag = if ordered { "ol" } else { "ul" };
        self.push("<");
        self.push(tag);
        if ordered {
            if let Some(s) = start.filter(|&s| s != 1) {
                self.push(&format!(" start=\"{s}\""));
            }
        }
        let tasks = items.iter().any(|i| i.checked.is_some());
        if tasks {
            self.push(" class=\"task-list\"");
        }
        self.push(">\n");
        for item in items {
            self.list_item(item, tight);
        }
        self.push("</");
        self.push(tag);
        self.push(">\n");
    }

    fn list_item(&mut self, item: &'a ListItem, tight: bool) {
        self.push("<li>");
        if let Some(checked) = item.checked {
            // A character, not `<input type="checkbox">`: form controls render oddly or not at
            // all in several reading systems. The role keeps the state for screen readers.
            let (mark, state) = if checked {
                ("☑", "true")
            } else {
                ("☐", "false")
            };
            self.push(&format!(
                "<span class=\"task\" role=\"checkbox\" aria-checked=\"{state}\" aria-disabled=\"true\">{mark}</span> "
            ));
        }
        let mut content = item.content.as_slice();
        // A tight item's first paragraph is its text, as in HTML renderers (no paragraph gaps).
        if tight {
            if let Some((Block::Paragraph { content: first }, rest)) = content.split_first() {
                self.inlines(first);
                content = rest;
            }
        }
        if !content.is_empty() {
            self.push("\n");
            self.blocks(content);
        }
        self.push("</li>\n");
    }

    fn code_block(
        &mut self,
        language: Option<&str>,
        line_numbers: bool,
        text: &str,
        tokens: &[Token],
    ) {
        let text = text.strip_suffix('\n').unwrap_or(text);
        // `highlight` as Rouge writes it, so a reader's Rouge theme applies too.
        self.push(if line_numbers {
            "<pre class=\"code highlight linenos\"><code"
        } else {
            "<pre class=\"code highlight\"><code"
        });
        let lang = language.map(escape::class_token).unwrap_or_default();
        if !lang.is_empty() {
            self.push(&format!(" class=\"language-{lang}\""));
        }
        self.push(">");
        if line_numbers {
            // Numbers as text (not CSS counters): every reading system shows them. Each line is
            // a block whose wrapped rest hangs past the number column (the stylesheet); the
            // numbers are hidden from screen readers, which would read them before each line,
            // and not selectable, so copying takes the code alone.
            let count = text.split('\n').count();
            let width = count.to_string().len();
            let mut start = 0;
            for (i, line) in text.split('\n').enumerate() {
                self.push(&format!(
                    "<span class=\"line\"><span class=\"ln\" aria-hidden=\"true\">{:>width$} </span>",
                    i + 1
                ));
                self.highlighted(line, start, tokens);
                self.push(if i + 1 < count {
                    "\n</span>"
                } else {
                    "</span>"
                });
                start += line.len() + 1;
            }
        } else {
            self.highlighted(text, 0, tokens);
        }
        self.push("</code></pre>\n");
    }

    fn table(
        &mut self,
        alignments: &[Alignment],
        header: &'a [TableCell],
        rows: &'a [Vec<TableCell>],
    ) {
        self.push("<table>\n");
        if !header.is_empty() {
            self.push("<thead>\n");
            self.table_row("th", alignments, header);
            self.push("</thead>\n");
        }
        if !rows.is_empty() {
            self.push("<tbody>\n");
            for row in rows {
                self.table_row("td", alignments, row);
            }
            self.push("</tbody>\n");
        }
        self.push("</table>\n");
    }

    fn table_row(&mut self, tag: &str, alignments: &[Alignment], cells: &'a [TableCell]) {
        self.push("<tr>");
        for (i, cell) in cells.iter().enumerate() {
            self.push("<");
            self.push(tag);
            // Classes, not `style`: the only inline styles hanmoto writes are image widths.
            match alignments.get(i) {
                Some(Alignment::Left) => self.push(" class=\"align-left\""),
                Some(Alignment::Center) => self.push(" class=\"align-center\""),
                Some(Alignment::Right) => self.push(" class=\"align-right\""),
                Some(Alignment::None) | None => {}
            }
            self.push(">");
            self.inlines(cell);
            self.push("</");
            self.push(tag);
            self.push(">");
        }
        self.push("</tr>\n");
    }

    /// An `<iframe>` cannot play in a book: its title, linked, and the address, visible.
    fn embed(&mut self, url: &str, title: &str) {
        let shown = if title.trim().is_empty() { url } else { title };
        self.push("<p class=\"embed\">");
        match external_href(url) {
            Some(href) => {
                self.push("<a href=\"");
                self.attr(&href);
                self.push("\">");
                self.text(shown);
                self.push("</a>");
            }
            None => self.text(shown),
        }
        if shown != url {
            self.push("<br/><span class=\"embed-url\">");
            self.text(url);
            self.push("</span>");
        }
        self.push("</p>\n");
    }
}

/// The levels a chapter's headings are written at. The post title is the chapter's `<h1>`; the
/// post's own headings rank below it in the order of the levels the post uses (a post written
/// with `###` and `####` only gets `<h2>` and `<h3>`), and none goes more than one level deeper
/// than the heading before it: assistive technology navigates by level, and a skipped level
/// reads as a missing section (WCAG 1.3.1; DAISY Ace's `heading-order`). The navigation keeps
/// the post's own nesting; only the written levels change, as on a blog's headings styled by
/// level the visual sizes shift with them.
pub(crate) struct HeadingLevels {
    /// `ranks[level]`: the written level of a Markdown level in this post.
    ranks: [u8; 7],
    /// The level of the heading written last (1: the title).
    last: u8,
}

impl HeadingLevels {
    pub(crate) fn of_post(blocks: &[Block]) -> Self {
        let mut used = [false; 7];
        hanmoto_model::document::walk_blocks(blocks, &mut |b| {
            if let Block::Heading { level, .. } = b {
                used[usize::from((*level).clamp(1, 6))] = true;
            }
        });
        let mut ranks = [2u8; 7];
        let mut next = 2u8;
        for level in 1..=6 {
            ranks[level] = next.min(6);
            if used[level] {
                next += 1;
            }
        }
        HeadingLevels { ranks, last: 1 }
    }

    /// The written level (2–6) of the next heading, at Markdown `level`.
    pub(crate) fn next(&mut self, level: u8) -> u8 {
        let n = self.ranks[usize::from(level.clamp(1, 6))].min(self.last + 1);
        self.last = n;
        n
    }
}
