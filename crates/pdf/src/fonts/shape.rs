//! Shaping: text → runs of one face → glyphs with advances in points and the source cluster.
//!
//! Decision on `kern`/`palt` (see ../../../../shared/notes/printpdf.md): Japanese runs are
//! shaped with both **off**. Body text keeps kana and kanji on the full-width grid (JIS X 4051
//! §4; pair kerning like `プリ` −40/1000 would break the grid and the justification the layout
//! computes from 1 em advances); spacing and punctuation compression are the layout's job
//! (JLREQ 3.1), done explicitly and measurably. Latin runs keep every default feature (`kern`,
//! `liga`, …). Runs split at the boundary between Japanese and other characters for that reason.

use std::ops::Range;

use rustybuzz::ttf_parser::Tag;
use rustybuzz::{Feature, Language, UnicodeBuffer};

use super::plans::PlanKey;
use super::set::{inherits_face, FaceId, FontSet, MissingChar, Role};

/// One glyph, positioned. Lengths are in points at the size the text was shaped at.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedGlyph {
    /// Glyph id in the face of the run (the original face, before subsetting).
    pub glyph_id: u16,
    pub x_advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// Bytes of the source text this glyph belongs to. Several glyphs may share a cluster
    /// (decomposition) and one glyph may cover several characters (ligature).
    pub cluster: Range<usize>,
}

/// Consecutive glyphs of one face.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedRun {
    pub face: FaceId,
    /// Bytes of the source text this run covers.
    pub range: Range<usize>,
    /// Japanese (kana, kanji, full-width forms): shaped without `kern`/`palt`.
    pub cjk: bool,
    pub size_pt: f32,
    pub glyphs: Vec<ShapedGlyph>,
}

impl ShapedRun {
    /// Total advance in points.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.x_advance).sum()
    }

    /// The text each glyph stands for in ToUnicode: the cluster's text on its first glyph and
    /// `""` on the others, so extraction gives the source back exactly once.
    pub fn unicode_texts<'t>(&'t self, text: &'t str) -> impl Iterator<Item = &'t str> + 't {
        let mut previous: Option<Range<usize>> = None;
        self.glyphs.iter().map(move |g| {
            if previous.as_ref() == Some(&g.cluster) {
                ""
            } else {
                previous = Some(g.cluster.clone());
                text.get(g.cluster.clone()).unwrap_or("")
            }
        })
    }
}

/// The shaped text and the characters no face had (they shaped to `.notdef`: warn).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShapedText {
    pub runs: Vec<ShapedRun>,
    pub missing: Vec<MissingChar>,
}

impl ShapedText {
    pub fn width(&self) -> f32 {
        self.runs.iter().map(ShapedRun::width).sum()
    }
    pub fn glyphs(&self) -> impl Iterator<Item = (&ShapedRun, &ShapedGlyph)> {
        self.runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(move |g| (r, g)))
    }
}

/// Japanese for spacing purposes: the characters that sit on the full-width grid.
pub fn is_cjk(ch: char) -> bool {
    matches!(ch,
        '\u{3000}'..='\u{303F}'   // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}' // katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FF00}'..='\u{FF60}' // full-width forms
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// A run of text in one face: the face, whether it is Japanese, its bytes.
type Segment = (FaceId, bool, Range<usize>);

/// Spaces between words: never kerned against their neighbours.
fn is_word_space(ch: char) -> bool {
    matches!(ch, ' ' | '\u{A0}' | '\u{202F}' | '\t')
}

/// Word spaces are not kerned: the space between words is the layout's glue (as in TeX), not a
/// glyph pair. Liberation Serif (Times' metrics) kerns `A␣` by −0.055 em and `␣Y` by −0.037 em,
/// which narrows a gap below the ~0.1 em at which poppler still sees a word break (`A careful`
/// was extracted as `Acareful`). A space glyph and the glyph before it (a pair's adjustment sits
/// on its first glyph) get their own advances back; a zero-advance mark is left alone.
fn unkern_word_spaces(
    face: &super::face::Face,
    text: &str,
    glyphs: &mut [ShapedGlyph],
    scale: f32,
) {
    let is_space = |g: &ShapedGlyph| {
        let mut chars = text[g.cluster.clone()].chars();
        matches!((chars.next(), chars.next()), (Some(ch), None) if is_word_space(ch))
    };
    let own = |g: &ShapedGlyph| f32::from(face.advance(g.glyph_id)) * scale;
    for i in 0..glyphs.len() {
        if !is_space(&glyphs[i]) {
            continue;
        }
        glyphs[i].x_advance = own(&glyphs[i]);
        if let Some(prev) = i.checked_sub(1).map(|p| &mut glyphs[p]) {
            if prev.x_advance != 0.0 && !is_space(prev) {
                prev.x_advance = own(prev);
            }
        }
    }
}

/// Characters that take the class of their neighbours instead of cutting a run: spaces and
/// joiners, so `Docker Compose` stays one Latin run.
/// In Japanese text, quotes, dashes and `…` (which it sets full-width in the mincho, see
/// [`super::latin_face_char`]) that touch Latin text and no Japanese come from the Latin face, as
/// in English: `don’t`, `“Branches”`, `1990–1999`, `a – b` inside a Japanese post. Kramdown
/// makes these from `'`, `"`, `--` typed in English, and a full-width `’` in `don’t` reads as
/// a gap. Decided by the nearest characters on each side (white space and other punctuation
/// are skipped only when neither side touches a letter). Returns the language to look the face
/// up in (`en`), or `None` to keep the text's.
fn latin_context(text: &str, at: usize, ch: char, lang: Option<&str>) -> Option<&'static str> {
    if super::latin_face_char(ch, lang) || !super::latin_face_char(ch, Some("en")) {
        return None;
    }
    #[derive(PartialEq, Clone, Copy)]
    enum Side {
        Latin,
        Japanese,
        Other,
    }
    let side = |c: char| {
        if is_cjk(c) {
            Side::Japanese
        } else if c.is_alphanumeric() && super::latin_face_char(c, None) {
            Side::Latin
        } else {
            Side::Other
        }
    };
    let before = text[..at].chars().rev().map(side);
    let after = text[at + ch.len_utf8()..].chars().map(side);
    let decide = |a: Option<Side>, b: Option<Side>| {
        let sides = [a, b];
        (sides.contains(&Some(Side::Latin)) && !sides.contains(&Some(Side::Japanese)))
            .then_some("en")
    };
    let (near_a, near_b) = (before.clone().next(), after.clone().next());
    if near_a.is_some_and(|s| s != Side::Other) || near_b.is_some_and(|s| s != Side::Other) {
        return decide(near_a, near_b);
    }
    decide(
        before.into_iter().find(|s| *s != Side::Other),
        after.into_iter().find(|s| *s != Side::Other),
    )
}

fn is_neutral(ch: char) -> bool {
    ch == ' ' || inherits_face(ch)
}

impl FontSet {
    /// Shapes `text` in `role` at `size_pt`. `lang` is a BCP 47 tag (`"ja"`, `"en"`) that
    /// selects language-specific forms where the face has them.
    pub fn shape(&self, role: Role, text: &str, size_pt: f32, lang: Option<&str>) -> ShapedText {
        self.short_texts.get(role, text, size_pt, lang, false, || {
            self.shape_uncached(role, text, size_pt, lang, false)
        })
    }

    /// [`FontSet::shape`] for a vertical line: Japanese runs come from the faces' vertical
    /// twins ([`FontSet::with_vertical`]) with the OpenType `vert` and `vrt2` forms (「」（）、。
    /// ー〜… turned and placed for vertical text); other runs are shaped as in horizontal text
    /// (the painter turns them 90° clockwise). Advances stay the horizontal ones, which for the
    /// full-width Japanese glyphs are the vertical one em as well, so the breaker measures a
    /// column exactly as a line.
    pub fn shape_vertical(
        &self,
        role: Role,
        text: &str,
        size_pt: f32,
        lang: Option<&str>,
    ) -> ShapedText {
        self.short_texts.get(role, text, size_pt, lang, true, || {
            self.shape_uncached(role, text, size_pt, lang, true)
        })
    }

    pub(super) fn shape_uncached(
        &self,
        role: Role,
        text: &str,
        size_pt: f32,
        lang: Option<&str>,
        vertical: bool,
    ) -> ShapedText {
        let language = lang.and_then(|l| l.parse::<Language>().ok());
        let mut runs = Vec::new();
        let (segments, missing) = self.segment(role, text, lang);
        for (face, cjk, range) in segments {
            let face = match self.vertical_twin(face) {
                Some(twin) if vertical && cjk => twin,
                _ => face,
            };
            let glyphs = self.shape_run(face, cjk, text, range.clone(), size_pt, language.as_ref());
            runs.push(ShapedRun {
                face,
                range,
                cjk,
                size_pt,
                glyphs,
            });
        }
        ShapedText { runs, missing }
    }

    /// Splits `text` where the face or the Japanese/other class changes. A character no face
    /// has goes to the run it is in (it becomes `.notdef` there and is reported as missing).
    /// Faces are chosen per character by [`FontSet::face_for_lang`]: in body text Latin
    /// characters come from the Latin serif, Japanese ones from the mincho.
    ///
    /// Also returns what [`FontSet::missing_chars`] would, from the same lookups: whether a
    /// character has a face at all does not depend on the language (a Latin-only face the
    /// language rules out is still taken for a non-Japanese character no other face has).
    fn segment(
        &self,
        role: Role,
        text: &str,
        lang: Option<&str>,
    ) -> (Vec<Segment>, Vec<MissingChar>) {
        let first = self.chain(role).first().copied().unwrap_or(FaceId(0));
        let mut segments: Vec<Segment> = Vec::new();
        // Whether the text so far is all neutral characters (then it is one segment, or none).
        // Kept as a flag: re-scanning the first segment per character made a long one-run text
        // (a URL in the link notes) quadratic.
        let mut all_neutral = true;
        let mut missing = Vec::new();
        let mut space_missing = None;
        for (i, ch) in text.char_indices() {
            let end = i + ch.len_utf8();
            let only_neutral_so_far = segments.len() == 1 && all_neutral;
            let current = segments.last_mut();
            if ch == ' '
                && *space_missing
                    .get_or_insert_with(|| self.face_for_lang(role, ' ', lang).is_none())
            {
                missing.push(MissingChar { ch, offset: i });
            }
            if is_neutral(ch) {
                match current {
                    Some(seg) => seg.2.end = end,
                    None => segments.push((
                        self.face_for_lang(role, ch, lang).unwrap_or(first),
                        false,
                        i..end,
                    )),
                }
                continue;
            }
            all_neutral = false;
            let found = self.face_for_lang(role, ch, latin_context(text, i, ch, lang).or(lang));
            if found.is_none() {
                missing.push(MissingChar { ch, offset: i });
            }
            let face = found.unwrap_or(match &current {
                Some(seg) => seg.0,
                None => first,
            });
            let cjk = is_cjk(ch);
            match current {
                Some(seg) if seg.0 == face && seg.1 == cjk => seg.2.end = end,
                // A leading neutral (space) joins the first real character's run.
                Some(seg) if only_neutral_so_far => {
                    *seg = (face, cjk, seg.2.start..end);
                }
                _ => segments.push((face, cjk, i..end)),
            }
        }
        (segments, missing)
    }

    fn shape_run(
        &self,
        face_id: FaceId,
        cjk: bool,
        text: &str,
        range: Range<usize>,
        size_pt: f32,
        language: Option<&Language>,
    ) -> Vec<ShapedGlyph> {
        let face = self.face(face_id);
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(&text[range.clone()]);
        if let Some(language) = language {
            buffer.set_language(language.clone());
        }
        buffer.guess_segment_properties();
        let features: &[Feature] = if self.is_vertical(face_id) {
            &[
                Feature::new(Tag::from_bytes(b"kern"), 0, ..),
                Feature::new(Tag::from_bytes(b"palt"), 0, ..),
                Feature::new(Tag::from_bytes(b"vert"), 1, ..),
                Feature::new(Tag::from_bytes(b"vrt2"), 1, ..),
            ]
        } else if cjk {
            &[
                Feature::new(Tag::from_bytes(b"kern"), 0, ..),
                Feature::new(Tag::from_bytes(b"palt"), 0, ..),
            ]
        } else {
            &[]
        };
        let key = PlanKey {
            face: face_id,
            cjk,
            direction: buffer.direction(),
            // `guess_segment_properties` sets only a real script; none stays `None`.
            script: Some(buffer.script()).filter(|s| *s != rustybuzz::script::UNKNOWN),
            language: buffer.language(),
        };
        let plan = self.plans.get(key, face.rb(), features);
        let output = rustybuzz::shape_with_plan(face.rb(), &plan, buffer);
        let scale = size_pt / f32::from(face.units_per_em());
        // Cluster values are byte offsets into the run; a cluster ends where the next larger
        // cluster starts (this holds in either direction).
        let mut starts: Vec<usize> = output
            .glyph_infos()
            .iter()
            .map(|g| g.cluster as usize)
            .collect();
        starts.sort_unstable();
        starts.dedup();
        let run_len = range.len();
        let mut glyphs: Vec<ShapedGlyph> = output
            .glyph_infos()
            .iter()
            .zip(output.glyph_positions())
            .map(|(info, pos)| {
                let start = info.cluster as usize;
                let end = match starts.binary_search(&start) {
                    Ok(k) => starts.get(k + 1).copied().unwrap_or(run_len),
                    Err(_) => run_len,
                };
                ShapedGlyph {
                    glyph_id: info.glyph_id as u16,
                    x_advance: pos.x_advance as f32 * scale,
                    x_offset: pos.x_offset as f32 * scale,
                    y_offset: pos.y_offset as f32 * scale,
                    cluster: range.start + start..range.start + end,
                }
            })
            .collect();
        if !cjk {
            unkern_word_spaces(face, text, &mut glyphs, scale);
        }
        glyphs
    }
}
