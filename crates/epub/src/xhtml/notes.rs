//! Footnotes as EPUB 3 note pairs: a `noteref` link where the note is referenced, and an
//! `<aside epub:type="footnote">` collected at the end of the chapter (readers such as Apple Books
//! and Kobo show those as pop-ups; the others follow the link). Notes are numbered in the order of
//! their first reference, as Markdown renderers do.

use super::Writer;
use hanmoto_model::document::walk_blocks;
use hanmoto_model::Block;
use std::collections::HashMap;

pub(crate) struct Notes<'a> {
    /// Every definition, in document order.
    defs: Vec<Definition<'a>>,
    /// Label → its first definition.
    by_label: HashMap<&'a str, usize>,
    /// Definitions in number order (number = position + 1).
    order: Vec<usize>,
}

struct Definition<'a> {
    label: &'a str,
    content: &'a [Block],
    /// Set when numbered: the aside's id and the first reference's id (the back-link target).
    ids: Option<NoteIds>,
}

struct NoteIds {
    number: usize,
    note: String,
    first_ref: Option<String>,
}

/// What a reference writes.
pub(crate) struct NoteRef {
    pub number: usize,
    pub note_id: String,
    pub ref_id: String,
}

impl<'a> Notes<'a> {
    pub fn collect(blocks: &'a [Block]) -> Self {
        let mut defs = Vec::new();
        walk_blocks(blocks, &mut |b| {
            if let Block::FootnoteDefinition { label, content } = b {
                defs.push(Definition {
                    label,
                    content,
                    ids: None,
                });
            }
        });
        let mut by_label = HashMap::new();
        for (i, d) in defs.iter().enumerate() {
            by_label.entry(d.label).or_insert(i);
        }
        Notes {
            defs,
            by_label,
            order: Vec::new(),
        }
    }
}

impl Writer<'_> {
    /// A reference to `label`: numbered on first use. `None` when no note has that label.
    pub(crate) fn note_ref(&mut self, label: &str) -> Option<NoteRef> {
        let &i = self.notes.by_label.get(label)?;
        let ref_id = self.anchors.fresh(&format!("fnref-{label}"));
        self.number_note(i);
        let ids = self.notes.defs[i].ids.as_mut()?;
        if ids.first_ref.is_none() {
            ids.first_ref = Some(ref_id.clone());
        }
        Some(NoteRef {
            number: ids.number,
            note_id: ids.note.clone(),
            ref_id,
        })
    }

    fn number_note(&mut self, i: usize) {
        if self.notes.defs[i].ids.is_some() {
            return;
        }
        let note = self
            .anchors
            .fresh(&format!("fn-{}", self.notes.defs[i].label));
        self.notes.order.push(i);
        self.notes.defs[i].ids = Some(NoteIds {
            number: self.notes.order.len(),
            note,
            first_ref: None,
        });
    }

    /// The notes section. Notes referenced only from other notes get their numbers while this
    /// runs; notes never referenced (and second definitions of a label) come last, so no text is
    /// lost.
    pub(crate) fn write_notes(&mut self) {
        if self.notes.defs.is_empty() {
            return;
        }
        self.push("<section class=\"footnotes\" epub:type=\"footnotes\" role=\"doc-endnotes\">\n");
        let mut k = 0;
        loop {
            if k == self.notes.order.len() {
                // Everything referenced is written: number the first unreferenced note, if any.
                match (0..self.notes.defs.len()).find(|&i| self.notes.defs[i].ids.is_none()) {
                    Some(i) => self.number_note(i),
                    None => break,
                }
            }
            let i = self.notes.order[k];
            self.write_note(i);
            k += 1;
        }
        self.push("</section>\n");
    }

    fn write_note(&mut self, i: usize) {
        let def = &self.notes.defs[i];
        let content = def.content;
        let Some(ids) = &def.ids else { return };
        let (number, note, back) = (ids.number, ids.note.clone(), ids.first_ref.clone());
        self.push("<aside epub:type=\"footnote\" role=\"doc-footnote\" class=\"footnote\" id=\"");
        self.attr(&note);
        self.push("\">\n");
        // The number leads the note and links back to the reference, so a reader who followed
        // the link finds the way back where it is expected.
        let mut marker = String::from("<span class=\"footnote-number\">");
        match back {
            Some(back) => {
                marker.push_str("<a role=\"doc-backlink\" href=\"#");
                escape_into(&mut marker, &back);
                marker.push_str(&format!("\">{number}</a>"));
            }
            None => marker.push_str(&number.to_string()),
        }
        marker.push_str("</span> ");
        match content.split_first() {
            Some((Block::Paragraph { content: first }, rest)) => {
                self.push("<p>");
                self.push(&marker);
                self.inlines(first);
                self.push("</p>\n");
                self.blocks(rest);
            }
            _ => {
                self.push("<p>");
                self.push(&marker);
                self.push("</p>\n");
                self.blocks(content);
            }
        }
        self.push("</aside>\n");
    }
}

fn escape_into(out: &mut String, s: &str) {
    super::escape::push_attr(out, s);
}
