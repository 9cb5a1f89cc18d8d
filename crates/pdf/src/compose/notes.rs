//! Notes: what paper needs instead of clicks.
//!
//! - `links = "notes"` (the handout default): footnotes at the end of the post under a short rule
//!   (`fn:label` anchors land there), then a "リンク" / "Links" section listing `n. URL` in first-use
//!   order (the registry's numbers; `note:n` anchors land there).
//! - `links = "footnotes"`: both kinds at the foot of every page whose lines reference them
//!   (space reserved while paginating, see [`FootNotes`]); a note referenced from several pages is
//!   printed on each, and its anchor lands on the first.
//! - `links = "none"`: no link notes; footnotes at the end as with `notes`.
//!
//! Each printed URL is a link to itself.

use std::collections::HashMap;
use std::ops::Range;

use hanmoto_model::Inline;

use super::blocks::{Composer, Region};
use super::flow::{Flow, FootMeasure, Piece};
use super::inline::{footnote_mark, Align, NoteRef};
use crate::frame::{Color, Element, Point, Stroke};

/// Anchor of the link-notes section heading.
pub const LINK_NOTES_ANCHOR: &str = "hanmoto-link-notes";

/// Notes set for the foot of pages, ready to be measured and placed.
#[derive(Debug, Default)]
pub(crate) struct FootNotes {
    pub flow: Flow,
    pub ranges: HashMap<NoteRef, Range<usize>>,
    /// Space above the first note (holds the separator rule).
    pub separator: f32,
    /// Space between two notes.
    pub gap: f32,
}

impl FootNotes {
    /// The notes to print for `refs`: each once, in order, with the notes they reference in turn
    /// (a footnote holding a link).
    pub fn closure(&self, refs: &[NoteRef]) -> Vec<NoteRef> {
        let mut out: Vec<NoteRef> = Vec::new();
        let mut todo: Vec<NoteRef> = refs.iter().rev().copied().collect();
        while let Some(r) = todo.pop() {
            if out.contains(&r) {
                continue;
            }
            out.push(r);
            if let Some(range) = self.ranges.get(&r) {
                for p in self.flow.pieces[range.clone()].iter().rev() {
                    todo.extend(p.notes.iter().rev().copied());
                }
            }
        }
        out.retain(|r| self.ranges.contains_key(r));
        out
    }

    fn note_height(&self, r: &NoteRef) -> f32 {
        let Some(range) = self.ranges.get(r) else {
            return 0.0;
        };
        self.flow.pieces[range.clone()]
            .iter()
            .enumerate()
            .map(|(k, p)| p.height + if k > 0 { p.space_before } else { 0.0 })
            .sum()
    }
}

impl FootMeasure for FootNotes {
    fn foot_height(&self, notes: &[NoteRef]) -> f32 {
        let all = self.closure(notes);
        if all.is_empty() {
            return 0.0;
        }
        self.separator
            + all.iter().map(|r| self.note_height(r)).sum::<f32>()
            + self.gap * (all.len() - 1) as f32
    }
}

impl Composer<'_> {
    /// Footnotes at the end of the post, under a short rule.
    pub(crate) fn end_footnotes(&mut self, region: &Region) {
        if self.notes.footnotes.is_empty() {
            return;
        }
        self.flow.space(self.size * 1.5);
        self.flow.push(short_rule(region, self.size));
        let mut i = 0;
        while i < self.notes.footnotes.len() {
            self.footnote(i, region);
            i += 1;
        }
    }

    /// Footnote `i` (number `i + 1`): the number hanging, the definition's blocks beside it.
    fn footnote(&mut self, i: usize, region: &Region) {
        let Some(label) = self.notes.footnotes.get(i).cloned() else {
            return;
        };
        let saved = self.size;
        self.size = saved * 0.85;
        let style = self.body_style();
        let number = self.label(&footnote_mark(i), &style);
        let gap = self.size * 0.5;
        let width = number.as_ref().map_or(0.0, |n| n.1);
        let inner = region.indent((width + gap).max(self.size * 2.0), self.min_width());
        self.flow.space(self.size * 0.4);
        let first = self.flow.pieces.len();
        let tight = std::mem::replace(&mut self.tight, true);
        if let Some(blocks) = self.footnotes.get(label.as_str()).copied() {
            self.blocks(blocks, &inner);
        }
        self.tight = tight;
        if self.flow.pieces.len() == first {
            let mut p = Piece::blank(style.leading);
            p.baseline = style.leading * 0.7;
            self.flow.push(p);
        }
        if let Some((line, w)) = number {
            self.hang_label(first, line, w, inner.x - gap);
        }
        self.flow.pieces[first]
            .anchors
            .insert(0, (format!("fn:{label}"), 0.0));
        self.size = saved;
    }

    /// The "リンク" / "Links" section: every distinct URL once, in order of first use.
    pub(crate) fn link_notes_section(&mut self, region: &Region) {
        if self.notes.links.is_empty() {
            return;
        }
        let title = if self.is_ja() { "リンク" } else { "Links" };
        self.heading(2, LINK_NOTES_ANCHOR, &[Inline::text(title)], region);
        let count = self.notes.links.len();
        let saved = self.size;
        self.size = saved * 0.85;
        let widest = self
            .label(&format!("{count}."), &self.body_style())
            .map_or(0.0, |l| l.1);
        self.size = saved;
        for i in 0..count {
            self.flow.space(saved * 0.25);
            self.link_note(i, widest, region);
        }
    }

    /// Link note `i`: `n.` hanging, the full URL wrapped beside it, every line a link to it.
    fn link_note(&mut self, i: usize, number_width: f32, region: &Region) {
        let Some(url) = self.notes.links.get(i).cloned() else {
            return;
        };
        let saved = self.size;
        self.size = saved * 0.85;
        let mut style = self.body_style();
        style.align = Align::Start;
        style.hyphenate = false;
        style.leading = self.size * 1.5;
        let gap = self.size * 0.5;
        let inner = region.indent(number_width + gap, self.min_width());
        let first = self.flow.pieces.len();
        let lines = self.text_lines(&url, &style, inner.width);
        self.push_linked(lines, &inner, &url);
        let end = self.flow.pieces.len();
        if end == first {
            self.size = saved;
            return;
        }
        // A URL is read as one thing: its lines stay together.
        for p in &mut self.flow.pieces[first..end - 1] {
            p.keep_with_next = true;
        }
        if let Some((line, w)) = self.label(&format!("{}.", i + 1), &style) {
            self.hang_label(first, line, w, inner.x - gap);
        }
        self.flow.pieces[first]
            .anchors
            .insert(0, (format!("note:{}", i + 1), 0.0));
        self.size = saved;
    }

    /// Sets every note for the foot of pages (`links = "footnotes"`), in its own flow.
    pub(crate) fn foot_notes(&mut self, region: &Region, with_links: bool) -> FootNotes {
        let body = std::mem::take(&mut self.flow);
        let mut ranges = HashMap::new();
        let (mut fi, mut li) = (0, 0);
        let widest = {
            let saved = self.size;
            self.size = saved * 0.85;
            let w = self.label("*99", &self.body_style()).map_or(0.0, |l| l.1);
            self.size = saved;
            w
        };
        // Notes may reference further notes (a link inside a footnote): set until none is new.
        loop {
            let start = self.flow.pieces.len();
            let key = if fi < self.notes.footnotes.len() {
                self.footnote(fi, region);
                fi += 1;
                NoteRef::Footnote(fi - 1)
            } else if with_links && li < self.notes.links.len() {
                self.flow.space(0.0);
                self.link_note(li, widest, region);
                li += 1;
                NoteRef::Link(li - 1)
            } else {
                break;
            };
            ranges.insert(key, start..self.flow.pieces.len());
        }
        let flow = std::mem::replace(&mut self.flow, body);
        FootNotes {
            flow,
            ranges,
            separator: self.size * 1.0,
            gap: self.size * 0.2,
        }
    }
}

/// A short rule above notes (a third of the column, at most 10 em).
pub(crate) fn short_rule(region: &Region, size: f32) -> Piece {
    let h = size * 0.8;
    let mut p = Piece::blank(h);
    p.groups = region.groups.clone();
    p.elements.push(Element::Rule {
        from: Point {
            x: region.x,
            y: h / 2.0,
        },
        to: Point {
            x: region.x + (region.width / 3.0).min(size * 10.0),
            y: h / 2.0,
        },
        stroke: Stroke {
            width: 0.5,
            color: Color::gray(0.4),
        },
    });
    p
}
