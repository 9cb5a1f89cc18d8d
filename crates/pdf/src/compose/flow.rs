//! The vertical flow: blocks become a list of unbreakable [`Piece`]s (a line, a table row, a rule)
//! with "may the page break after me?" flags, and [`paginate`] cuts that list into pages.
//!
//! This is TeX's vertical list without glue stretch: a piece's `space_before` is discarded at the
//! top of a page, `keep_with_next` forbids a break (headings, the 2/2 widow/orphan rule, a table
//! header), and when a page overflows the break moves back to the last allowed place. Containers
//! that must be drawn across a break (a quote's bar, a code block's tint) are [`Group`]s: after
//! pagination each page draws each group once, from the top of its first piece on that page to the
//! bottom of its last.

use std::collections::HashMap;

use crate::frame::{Color, Element, Rect, Stroke};

use super::inline::{LineBox, NoteRef};

/// Pieces never need more precision than this (pt) to decide whether they fit.
const FIT_EPSILON: f32 = 0.01;

pub(crate) type GroupId = usize;

/// What a container draws behind its pieces on each page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Group {
    /// A vertical bar (block quote), `x` from the text area's left.
    Bar { x: f32, width: f32, color: Color },
    /// A tinted and/or framed box (code block, embed).
    Tint {
        x: f32,
        width: f32,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
}

/// One unbreakable slice of the flow. Element positions: x from the text area's left edge, y from
/// the piece's top.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Piece {
    pub height: f32,
    /// Space above, dropped when the piece starts a page.
    pub space_before: f32,
    /// The first baseline, from the piece's top (list markers sit on it).
    pub baseline: f32,
    pub elements: Vec<Element>,
    /// No page break between this piece and the next.
    pub keep_with_next: bool,
    /// Containers this piece is inside, outermost first.
    pub groups: Vec<GroupId>,
    /// Named places in this piece: name, y from the piece's top.
    pub anchors: Vec<(String, f32)>,
    /// Notes referenced by the piece's lines, in order.
    pub notes: Vec<NoteRef>,
    /// An outline entry (heading level, title) at the piece's top.
    pub heading: Option<(u8, String)>,
    /// A table row: the index of its header piece, repeated when this row starts a page.
    pub header: Option<usize>,
}

impl Piece {
    /// A piece holding one line box whose left edge is at `x`.
    pub fn from_line(line: LineBox, x: f32) -> Piece {
        let mut elements = line.elements;
        for e in &mut elements {
            e.translate(x, line.ascent);
        }
        Piece {
            height: line.ascent + line.descent,
            baseline: line.ascent,
            elements,
            anchors: line.anchors.into_iter().map(|a| (a, 0.0)).collect(),
            notes: line.notes,
            ..Piece::default()
        }
    }

    /// A piece of blank space (and nothing else).
    pub fn blank(height: f32) -> Piece {
        Piece {
            height,
            baseline: height,
            ..Piece::default()
        }
    }

    /// Moves the content down by `dy` and makes the piece that much taller.
    pub fn pad_top(&mut self, dy: f32) {
        for e in &mut self.elements {
            e.translate(0.0, dy);
        }
        for a in &mut self.anchors {
            a.1 += dy;
        }
        self.height += dy;
        self.baseline += dy;
    }
}

/// Builds the piece list of a post (or of a note, a cell).
#[derive(Debug, Default)]
pub(crate) struct Flow {
    pub pieces: Vec<Piece>,
    pub groups: Vec<Group>,
    /// Collapsing space for the next piece: the largest asked for wins.
    pending_space: f32,
    /// The next piece pushed must stay with the one after it (a heading wants two lines after it).
    keep_next: bool,
}

impl Flow {
    /// Asks for at least `space` pt before the next piece.
    pub fn space(&mut self, space: f32) {
        self.pending_space = self.pending_space.max(space);
    }

    pub fn group(&mut self, g: Group) -> GroupId {
        self.groups.push(g);
        self.groups.len() - 1
    }

    pub fn push(&mut self, mut piece: Piece) {
        piece.space_before = piece.space_before.max(self.pending_space);
        self.pending_space = 0.0;
        if std::mem::take(&mut self.keep_next) {
            piece.keep_with_next = true;
        }
        self.pieces.push(piece);
    }

    /// After a heading: the first piece that follows stays with the second, so the heading (kept
    /// with the first) always has two lines under it on its page.
    pub fn keep_next(&mut self) {
        self.keep_next = true;
    }

    /// Pushes the lines of one paragraph-like block at `x`, in `groups`. With `widows`, the 2/2
    /// rule: no page break after the first line or before the last one.
    pub fn push_lines(
        &mut self,
        lines: Vec<LineBox>,
        x: f32,
        groups: &[GroupId],
        widows: bool,
        max_height: f32,
    ) -> std::ops::Range<usize> {
        let start = self.pieces.len();
        let n = lines.len();
        for (k, mut line) in lines.into_iter().enumerate() {
            fit_line_height(&mut line, max_height);
            let mut piece = Piece::from_line(line, x);
            piece.groups = groups.to_vec();
            let above = k + 1;
            piece.keep_with_next = widows && above < n && (above < 2 || n - above < 2);
            self.push(piece);
        }
        start..self.pieces.len()
    }
}

/// A line taller than the page body (a tall image) is scaled down to fit: its images and links
/// shrink about the line's left end, keeping their aspect. Text is not scaled.
fn fit_line_height(line: &mut LineBox, max_height: f32) {
    let h = line.ascent + line.descent;
    if max_height.is_nan() || max_height <= 0.0 || h <= max_height {
        return;
    }
    let s = max_height / h;
    for e in &mut line.elements {
        if let Element::Image { rect, .. } | Element::Link { rect, .. } = e {
            *rect = Rect {
                x: rect.x * s,
                y: rect.y * s,
                width: rect.width * s,
                height: rect.height * s,
            };
        }
    }
    line.ascent *= s;
    line.descent *= s;
}

/// Where a piece landed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    pub piece: usize,
    /// Top of the piece, from the top of the text area.
    pub y: f32,
}

/// One page's share of the flow.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PagePlan {
    /// A repeated table header comes first when the page starts inside a table.
    pub placed: Vec<Placed>,
    /// Notes to print at this page's foot, in order of reference.
    pub foot: Vec<NoteRef>,
}

/// How tall the foot area must be for a set of notes (0 when empty).
pub(crate) trait FootMeasure {
    fn foot_height(&self, notes: &[NoteRef]) -> f32;
}

/// No notes at the foot of pages.
pub(crate) struct NoFoot;

impl FootMeasure for NoFoot {
    fn foot_height(&self, _: &[NoteRef]) -> f32 {
        0.0
    }
}

/// Cuts `pieces` into pages of `body_height` pt. A piece taller than a whole page is placed alone
/// (it overflows rather than looping forever); a keep chain taller than a page is broken where the
/// page is full.
pub(crate) fn paginate(
    pieces: &[Piece],
    body_height: f32,
    foot: &dyn FootMeasure,
) -> Vec<PagePlan> {
    let n = pieces.len();
    let mut pages = Vec::new();
    let mut start = 0;
    while start < n {
        let mut placed = Vec::new();
        let mut y = 0.0;
        if let Some(h) = pieces[start].header.filter(|&h| h < start) {
            placed.push(Placed { piece: h, y: 0.0 });
            y += pieces[h].height;
        }
        let mut notes: Vec<NoteRef> = Vec::new();
        let mut end = n;
        let mut i = start;
        while i < n {
            let p = &pieces[i];
            let space = if i == start { 0.0 } else { p.space_before };
            let mut with = notes.clone();
            for r in &p.notes {
                if !with.contains(r) {
                    with.push(*r);
                }
            }
            let fits = y + space + p.height + foot.foot_height(&with) <= body_height + FIT_EPSILON;
            if fits || i == start {
                placed.push(Placed {
                    piece: i,
                    y: y + space,
                });
                y += space + p.height;
                notes = with;
                i += 1;
            } else {
                end = match (start..i).rev().find(|&j| !pieces[j].keep_with_next) {
                    Some(j) => j + 1,
                    None => i,
                };
                break;
            }
        }
        placed.retain(|pl| pl.piece < end);
        let mut foot_notes: Vec<NoteRef> = Vec::new();
        for pl in &placed {
            for r in &pieces[pl.piece].notes {
                if !foot_notes.contains(r) {
                    foot_notes.push(*r);
                }
            }
        }
        pages.push(PagePlan {
            placed,
            foot: foot_notes,
        });
        start = end;
    }
    pages
}

/// The elements of one page's flow, moved to the page (`left`, `top` = the text area's corner),
/// with each group's decoration drawn first (outer groups below inner ones).
pub(crate) fn place_page(
    plan: &PagePlan,
    pieces: &[Piece],
    groups: &[Group],
    page: usize,
    (left, top): (f32, f32),
    anchors: &mut HashMap<String, (usize, f32)>,
    headings: &mut Vec<(u8, String, usize, f32)>,
) -> Vec<Element> {
    let mut extents: Vec<(GroupId, f32, f32)> = Vec::new();
    let mut body = Vec::new();
    for pl in &plan.placed {
        let p = &pieces[pl.piece];
        let (y0, y1) = (top + pl.y, top + pl.y + p.height);
        for &g in &p.groups {
            match extents.iter_mut().find(|e| e.0 == g) {
                Some(e) => {
                    e.1 = e.1.min(y0);
                    e.2 = e.2.max(y1);
                }
                None => extents.push((g, y0, y1)),
            }
        }
        for e in &p.elements {
            let mut e = e.clone();
            e.translate(left, y0);
            body.push(e);
        }
        for (name, dy) in &p.anchors {
            anchors.entry(name.clone()).or_insert((page, y0 + dy));
        }
        if let Some((level, title)) = &p.heading {
            headings.push((*level, title.clone(), page, y0));
        }
    }
    extents.sort_by_key(|e| e.0);
    let mut out = Vec::with_capacity(extents.len() + body.len());
    for (g, y0, y1) in extents {
        let Some(group) = groups.get(g) else { continue };
        out.push(match group {
            Group::Bar { x, width, color } => Element::Rect {
                rect: Rect {
                    x: left + x,
                    y: y0,
                    width: *width,
                    height: y1 - y0,
                },
                fill: Some(*color),
                stroke: None,
            },
            Group::Tint {
                x,
                width,
                fill,
                stroke,
            } => Element::Rect {
                rect: Rect {
                    x: left + x,
                    y: y0,
                    width: *width,
                    height: y1 - y0,
                },
                fill: *fill,
                stroke: *stroke,
            },
        });
    }
    out.extend(body);
    out
}

/// Splits a piece taller than `max` pt (a table row with a very long cell) into slices that each
/// fit, cutting only between text lines. Each element goes to the slice holding its top (a text
/// line: its baseline); a rectangle crossing cuts is clipped to each slice it crosses.
pub(crate) fn split_tall(piece: Piece, max: f32) -> Vec<Piece> {
    if piece.height <= max + FIT_EPSILON || max.is_nan() || max <= 1.0 {
        return vec![piece];
    }
    // Vertical extent of each text line (ascent ≈ 1 em, descent ≈ 0.3 em).
    let mut spans: Vec<(f32, f32)> = piece
        .elements
        .iter()
        .filter_map(|e| match e {
            Element::Text(t) => {
                let size = t.segments.iter().map(|s| s.size).fold(0.0, f32::max);
                Some((t.origin.y - size, t.origin.y + size * 0.3))
            }
            _ => None,
        })
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let cuttable = |y: f32| !spans.iter().any(|&(a, b)| a < y - 0.01 && y + 0.01 < b);
    let mut cuts = Vec::new();
    let mut top = 0.0;
    while piece.height - top > max + FIT_EPSILON {
        let limit = top + max;
        let best = spans
            .iter()
            .map(|s| s.1)
            .filter(|&y| y > top + 0.5 && y <= limit && cuttable(y))
            .fold(None, |m: Option<f32>, y| Some(m.map_or(y, |m| m.max(y))));
        let cut = best.unwrap_or(limit);
        cuts.push(cut);
        top = cut;
    }
    let bounds: Vec<(f32, f32)> = std::iter::once(0.0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().chain(std::iter::once(piece.height)))
        .collect();
    let last = bounds.len() - 1;
    let mut slices: Vec<Piece> = bounds
        .iter()
        .enumerate()
        .map(|(i, &(y0, y1))| Piece {
            height: y1 - y0,
            space_before: if i == 0 { piece.space_before } else { 0.0 },
            baseline: if i == 0 { piece.baseline } else { 0.0 },
            keep_with_next: i == last && piece.keep_with_next,
            groups: piece.groups.clone(),
            heading: if i == 0 { piece.heading.clone() } else { None },
            header: piece.header,
            ..Piece::default()
        })
        .collect();
    let slice_of = |y: f32| bounds.iter().rposition(|b| y >= b.0 - 0.01).unwrap_or(0);
    for e in piece.elements {
        match e {
            Element::Rect { rect, fill, stroke } if rect.height > 0.0 => {
                for (i, &(y0, y1)) in bounds.iter().enumerate() {
                    let (a, b) = (rect.y.max(y0), rect.bottom().min(y1));
                    if b > a {
                        slices[i].elements.push(Element::Rect {
                            rect: Rect {
                                y: a - y0,
                                height: b - a,
                                ..rect
                            },
                            fill,
                            stroke,
                        });
                    }
                }
            }
            mut e => {
                let y = match &e {
                    Element::Text(t) => t.origin.y,
                    Element::Rect { rect, .. }
                    | Element::Image { rect, .. }
                    | Element::Upright { rect, .. }
                    | Element::Link { rect, .. } => rect.y,
                    Element::Rule { from, to, .. } => from.y.min(to.y),
                };
                // A rule on the bottom edge belongs to the last slice.
                let i = if y >= piece.height - 0.01 {
                    last
                } else {
                    slice_of(y)
                };
                e.translate(0.0, -bounds[i].0);
                slices[i].elements.push(e);
            }
        }
    }
    for (name, y) in piece.anchors {
        let i = slice_of(y);
        slices[i].anchors.push((name, y - bounds[i].0));
    }
    slices[0].notes = piece.notes;
    slices
}
