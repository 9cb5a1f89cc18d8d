//! Inline tree → flat styled pieces: text runs with their style (role, size, colour, rise, link,
//! emphasis, strike, code), note numbers, images, ruby and forced breaks. Adjacent text of one
//! style is merged so it is shaped (kerned, ligated) as one run.

use hanmoto_model::config::book_toml::{CodeTheme, LinkStyle};
use hanmoto_model::document::plain_text;
use hanmoto_model::highlight::{segments, Token};
use hanmoto_model::{Image, Inline, LinkTarget};

use super::super::code_theme::look_of;
use super::{NoteRef, NoteRegistry, TextStyle};
use crate::fonts::{latin_face_char, Role};
use crate::frame::{Color, LinkDest};

/// Link text: a dark blue that reads as a link on screen and prints as a dark grey (luminance
/// ≈ 0.2) on a black-and-white printer, so it never looks faded on paper.
pub const LINK_COLOR: Color = Color::rgb(0.05, 0.22, 0.50);
/// Code and math: set in the mono face at this fraction of the surrounding size (a mono face
/// looks larger than a mincho at the same size).
pub const CODE_SCALE: f32 = 0.9;
/// Superscript and subscript size, and their baseline shifts (fractions of the outer size).
pub const SCRIPT_SCALE: f32 = 0.7;
pub const SUPERSCRIPT_RISE: f32 = 0.36;
pub const SUBSCRIPT_RISE: f32 = -0.14;
/// Note numbers (link notes and footnote references): smaller than superscripts, set high so
/// they never collide with the text's own digits.
pub const NOTE_SCALE: f32 = 0.6;
pub const NOTE_RISE: f32 = 0.42;

/// How one piece of text is set.
#[derive(Debug, Clone, PartialEq)]
pub struct RunStyle {
    pub role: Role,
    pub size: f32,
    pub color: Color,
    /// Baseline shift in pt, positive up.
    pub rise: f32,
    /// Index into [`Runs::links`].
    pub link: Option<usize>,
    /// Sesame dots over the letters (Japanese emphasis). Set only on text no Latin face sets
    /// ([`split_emphasis`]): Latin emphasis is the italic of `role` instead.
    pub emphasis: bool,
    pub strike: bool,
    pub code: bool,
}

/// One piece of a paragraph, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece<'a> {
    Text {
        text: String,
        style: RunStyle,
    },
    /// A note number glued to what comes before it (it never starts a line).
    Note {
        text: String,
        style: RunStyle,
        /// Footnote numbers are text; link note numbers are not (copying the sentence must not
        /// give `…に行ってきました1`).
        extract: bool,
        note: NoteRef,
        anchor: Option<String>,
    },
    Image {
        image: &'a Image,
        style: RunStyle,
    },
    Ruby {
        base: &'a str,
        reading: &'a str,
        style: RunStyle,
    },
    /// A formula: set by the math layout as one box (`compose/math.rs`).
    Math {
        tex: &'a str,
        mathml: &'a str,
        style: RunStyle,
    },
    Break,
}

/// The pieces and the destinations of the paragraph's links (one entry per link occurrence).
#[derive(Debug, Default)]
pub struct Runs<'a> {
    pub pieces: Vec<Piece<'a>>,
    pub links: Vec<LinkDest>,
}

/// Flattens `inlines` set in `style`; note numbers are drawn from `notes`.
pub fn flatten<'a>(
    inlines: &'a [Inline],
    style: &TextStyle,
    notes: &mut NoteRegistry,
    link_style: LinkStyle,
    code_theme: CodeTheme,
) -> Runs<'a> {
    let mut walker = Walker {
        notes,
        link_style,
        code_theme,
        runs: Runs::default(),
    };
    walker.walk(inlines, &base_style(style));
    walker.runs
}

/// One line of a code block, `text`, starting at byte `offset` of the block whose highlighting
/// is `tokens`, set in `style` with each token in its look from `theme`.
pub fn code_line<'a>(
    text: &str,
    offset: usize,
    tokens: &[Token],
    style: &TextStyle,
    theme: CodeTheme,
) -> Runs<'a> {
    let mut runs = Runs::default();
    runs.highlighted(text, offset, tokens, &base_style(style), theme);
    runs
}

fn base_style(style: &TextStyle) -> RunStyle {
    RunStyle {
        role: style.role,
        size: style.size,
        color: style.color,
        rise: 0.0,
        link: None,
        emphasis: false,
        strike: false,
        code: false,
    }
}

impl Runs<'_> {
    fn push_piece(&mut self, text: &str, style: &RunStyle) {
        if text.is_empty() {
            return;
        }
        if let Some(Piece::Text { text: t, style: s }) = self.pieces.last_mut() {
            if s == style {
                t.push_str(text);
                return;
            }
        }
        self.pieces.push(Piece::Text {
            text: text.to_owned(),
            style: style.clone(),
        });
    }

    /// `text` (from byte `offset` of the code `tokens` highlight) in `base`, each token in its
    /// colour and face. A token's pieces are shaped apart, which changes nothing in a mono face
    /// (no kerning, no ligatures across them) and nothing in what the text extracts to.
    fn highlighted(
        &mut self,
        text: &str,
        offset: usize,
        tokens: &[Token],
        base: &RunStyle,
        theme: CodeTheme,
    ) {
        for (piece, kind) in segments(text, offset, tokens) {
            let Some(kind) = kind else {
                self.push_piece(piece, base);
                continue;
            };
            let look = look_of(theme, kind);
            let style = RunStyle {
                role: look.weight.role(),
                color: look.color.unwrap_or(base.color),
                ..base.clone()
            };
            self.push_piece(piece, &style);
        }
    }
}

struct Walker<'a, 'n> {
    notes: &'n mut NoteRegistry,
    link_style: LinkStyle,
    code_theme: CodeTheme,
    runs: Runs<'a>,
}

impl<'a> Walker<'a, '_> {
    fn push_text(&mut self, text: &str, style: &RunStyle) {
        if style.emphasis {
            for (part, dots) in split_emphasis(text) {
                // A heading's role has no italic of its own: its emphasised Latin words take
                // the bold italic serif (as heavy as the gothic around them).
                let role = match style.role {
                    Role::Heading if !dots => Role::StrongEmphasis,
                    role => role,
                };
                let s = RunStyle {
                    role,
                    emphasis: dots,
                    ..style.clone()
                };
                self.push_piece(part, &s);
            }
        } else {
            self.push_piece(text, style);
        }
    }

    fn push_piece(&mut self, text: &str, style: &RunStyle) {
        self.runs.push_piece(text, style);
    }

    fn walk(&mut self, inlines: &'a [Inline], style: &RunStyle) {
        for inline in inlines {
            match inline {
                Inline::Text { text } => self.push_text(text, style),
                Inline::Emphasis { content } => {
                    // Latin text turns italic (the role), Japanese text gets sesame dots (the
                    // flag; `push_text` keeps it off Latin characters). Code keeps its face.
                    let s = RunStyle {
                        role: style.role.emphasised(),
                        emphasis: true,
                        ..style.clone()
                    };
                    self.walk(content, &s);
                }
                Inline::Strong { content } => {
                    // Latin text turns bold (Liberation Serif Bold), Japanese text gothic (IPAex
                    // has no bold; the Strong chain falls through to the gothic). Never a
                    // stroked fake bold. Headings (already gothic) and code keep their role.
                    let s = RunStyle {
                        role: style.role.strengthened(),
                        ..style.clone()
                    };
                    self.walk(content, &s);
                }
                Inline::Strikethrough { content } => {
                    let s = RunStyle {
                        strike: true,
                        ..style.clone()
                    };
                    self.walk(content, &s);
                }
                Inline::Superscript { content } => {
                    let s = RunStyle {
                        size: style.size * SCRIPT_SCALE,
                        rise: style.rise + style.size * SUPERSCRIPT_RISE,
                        ..style.clone()
                    };
                    self.walk(content, &s);
                }
                Inline::Subscript { content } => {
                    let s = RunStyle {
                        size: style.size * SCRIPT_SCALE,
                        rise: style.rise + style.size * SUBSCRIPT_RISE,
                        ..style.clone()
                    };
                    self.walk(content, &s);
                }
                // Highlighted unless it is a link's text (that keeps the link's colour).
                Inline::Code { text, tokens, .. } if style.link.is_none() => {
                    let s = code_style(style);
                    self.runs.highlighted(text, 0, tokens, &s, self.code_theme);
                }
                Inline::Code { text, .. } => self.push_text(text, &code_style(style)),
                Inline::Math {
                    tex,
                    mathml: Some(mathml),
                } => self.runs.pieces.push(Piece::Math {
                    tex,
                    mathml,
                    style: style.clone(),
                }),
                // The converter could not read it (warned when the post was read): its TeX
                // source, delimiters included, in code style.
                Inline::Math { tex, mathml: None } => {
                    self.push_text(&format!("${tex}$"), &code_style(style));
                }
                Inline::Link {
                    target, content, ..
                } => self.link(target, content, style),
                Inline::Image(image) => self.runs.pieces.push(Piece::Image {
                    image,
                    style: style.clone(),
                }),
                Inline::LineBreak => self.runs.pieces.push(Piece::Break),
                Inline::FootnoteReference { label } => {
                    let i = self.notes.footnote(label);
                    let link = self.runs.links.len();
                    self.runs
                        .links
                        .push(LinkDest::Anchor(format!("fn:{label}")));
                    // `*1`: footnotes never read like link notes (plain `1`).
                    self.runs.pieces.push(Piece::Note {
                        text: footnote_mark(i),
                        style: note_style(style, Some(link)),
                        extract: true,
                        note: NoteRef::Footnote(i),
                        anchor: Some(format!("fnref:{label}")),
                    });
                }
                Inline::Ruby { base, text } => self.runs.pieces.push(Piece::Ruby {
                    base,
                    reading: text,
                    style: style.clone(),
                }),
            }
        }
    }

    fn link(&mut self, target: &LinkTarget, content: &'a [Inline], style: &RunStyle) {
        let link = self.runs.links.len();
        self.runs.links.push(link_dest(target));
        let s = RunStyle {
            link: Some(link),
            color: LINK_COLOR,
            ..style.clone()
        };
        self.walk(content, &s);
        let LinkTarget::Url { url } = target else {
            return; // internal links go to their target; nothing to print
        };
        if self.link_style == LinkStyle::None || text_is_url(&plain_text(content), url) {
            return;
        }
        let i = self.notes.link(url);
        // The number leads to its note (the flow names the note `note:<n>`), as a footnote
        // reference leads to its footnote.
        let note_link = self.runs.links.len();
        self.runs
            .links
            .push(LinkDest::Anchor(format!("note:{}", i + 1)));
        self.runs.pieces.push(Piece::Note {
            text: (i + 1).to_string(),
            style: note_style(&s, Some(note_link)),
            extract: false,
            note: NoteRef::Link(i),
            anchor: None,
        });
    }
}

/// Splits emphasised `text` into parts with sesame dots (`true`: Japanese, and anything else
/// the Latin italic does not set) and parts without (`false`: Latin letters, digits and
/// punctuation, which the Emphasis role sets in a real italic). Spaces go with the part before
/// them. The test is [`latin_face_char`] for Japanese text: a Greek letter or `…` in Japanese
/// text comes from the Japanese face, upright, so it keeps its dot.
pub fn split_emphasis(text: &str) -> Vec<(&str, bool)> {
    let mut parts: Vec<(&str, bool)> = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (i, ch) in text.char_indices() {
        if ch.is_whitespace() {
            continue;
        }
        let dots = !latin_face_char(ch, None);
        match current {
            Some(c) if c != dots => {
                parts.push((&text[start..i], c));
                start = i;
                current = Some(dots);
            }
            Some(_) => {}
            None => current = Some(dots),
        }
    }
    if start < text.len() {
        parts.push((&text[start..], current.unwrap_or(false)));
    }
    parts
}

pub fn code_style(style: &RunStyle) -> RunStyle {
    RunStyle {
        role: Role::Mono,
        size: style.size * CODE_SCALE,
        code: true,
        emphasis: false,
        ..style.clone()
    }
}

fn note_style(style: &RunStyle, link: Option<usize>) -> RunStyle {
    RunStyle {
        role: Role::Body,
        size: style.size * NOTE_SCALE,
        rise: style.rise + style.size * NOTE_RISE,
        link,
        emphasis: false,
        strike: false,
        code: false,
        ..style.clone()
    }
}

/// Where a link goes. Internal targets are `LinkDest::Anchor` names the flow resolves after
/// pagination: a fragment of this post is its id as written (`section-1`); another post is
/// `post:<post id>` or `post:<post id>#<fragment>` (in a one-post handout the renderer turns an
/// unknown post into that post's URL).
pub fn link_dest(target: &LinkTarget) -> LinkDest {
    match target {
        LinkTarget::Url { url } => LinkDest::Uri(url.clone()),
        LinkTarget::Fragment { id } => LinkDest::Anchor(id.clone()),
        LinkTarget::Post { post, fragment } => LinkDest::Anchor(match fragment {
            Some(f) => format!("post:{post}#{f}"),
            None => format!("post:{post}"),
        }),
    }
}

/// Whether a link's text already prints its URL (`https://example.com/`, `example.com`,
/// `http://example.com` for `http://example.com/`): such a link gets no note.
pub fn text_is_url(text: &str, url: &str) -> bool {
    fn bare(s: &str) -> &str {
        let s = s.trim();
        let s = ["https://", "http://", "mailto:"]
            .iter()
            .find_map(|p| {
                s.get(..p.len())
                    .filter(|h| h.eq_ignore_ascii_case(p))
                    .map(|_| &s[p.len()..])
            })
            .unwrap_or(s);
        s.strip_suffix('/').unwrap_or(s)
    }
    let t = bare(text);
    !t.is_empty() && t == bare(url)
}

/// The mark of footnote `i` (0-based), in the text and before its note: `*1`, `*2`… Link notes
/// are plain numbers, so a reader never mistakes one kind for the other.
pub fn footnote_mark(i: usize) -> String {
    format!("*{}", i + 1)
}
