//! The math face: its MATH constants read once into plain numbers (em), and the glyph questions
//! layout asks (which glyph, how wide and tall, italic correction, accent attachment, a larger
//! variant or an assembly for a stretched operator).

use ttf_parser::{math, Face, GlyphId};

/// The TeX Gyre Termes Math face hanmoto ships (GUST Font License; fonts/NOTICE.md): the math
/// companion of Times, which the body's Liberation Serif matches metrically.
pub const BUILTIN: &[u8] = include_bytes!("../../../fonts/texgyretermes-math.otf");
/// Its file name, for messages.
pub const BUILTIN_FILE: &str = "texgyretermes-math.otf";

/// The MATH table's constants in em (font units ÷ units per em), percentages as fractions.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Constants {
    pub script_scale: f32,
    pub script_script_scale: f32,
    pub delimited_sub_formula_min_height: f32,
    pub display_operator_min_height: f32,
    pub axis_height: f32,
    pub accent_base_height: f32,
    pub subscript_shift_down: f32,
    pub subscript_top_max: f32,
    pub subscript_baseline_drop_min: f32,
    pub superscript_shift_up: f32,
    pub superscript_shift_up_cramped: f32,
    pub superscript_bottom_min: f32,
    pub superscript_baseline_drop_max: f32,
    pub sub_superscript_gap_min: f32,
    pub superscript_bottom_max_with_subscript: f32,
    pub space_after_script: f32,
    pub upper_limit_gap_min: f32,
    pub upper_limit_baseline_rise_min: f32,
    pub lower_limit_gap_min: f32,
    pub lower_limit_baseline_drop_min: f32,
    pub stack_top_shift_up: f32,
    pub stack_top_display_style_shift_up: f32,
    pub stack_bottom_shift_down: f32,
    pub stack_bottom_display_style_shift_down: f32,
    pub stack_gap_min: f32,
    pub stack_display_style_gap_min: f32,
    pub stretch_stack_top_shift_up: f32,
    pub stretch_stack_bottom_shift_down: f32,
    pub stretch_stack_gap_above_min: f32,
    pub stretch_stack_gap_below_min: f32,
    pub fraction_numerator_shift_up: f32,
    pub fraction_numerator_display_style_shift_up: f32,
    pub fraction_denominator_shift_down: f32,
    pub fraction_denominator_display_style_shift_down: f32,
    pub fraction_numerator_gap_min: f32,
    pub fraction_num_display_style_gap_min: f32,
    pub fraction_rule_thickness: f32,
    pub fraction_denominator_gap_min: f32,
    pub fraction_denom_display_style_gap_min: f32,
    pub overbar_vertical_gap: f32,
    pub overbar_rule_thickness: f32,
    pub overbar_extra_ascender: f32,
    pub underbar_vertical_gap: f32,
    pub underbar_rule_thickness: f32,
    pub underbar_extra_descender: f32,
    pub radical_vertical_gap: f32,
    pub radical_display_style_vertical_gap: f32,
    pub radical_rule_thickness: f32,
    pub radical_extra_ascender: f32,
    pub radical_kern_before_degree: f32,
    pub radical_kern_after_degree: f32,
    pub radical_degree_bottom_raise: f32,
    /// The smallest overlap of two parts of a glyph assembly (MathVariants).
    pub min_connector_overlap: f32,
}

/// Why a face cannot set math.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontError {
    /// The bytes are not a face ttf-parser reads.
    Unreadable,
    /// The face has no MATH table (or no constants in it): not a math face.
    NoMathTable,
}

impl std::fmt::Display for FontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontError::Unreadable => f.write_str("the font file cannot be read"),
            FontError::NoMathTable => {
                f.write_str("the face has no OpenType MATH table (it is not a math face)")
            }
        }
    }
}

impl std::error::Error for FontError {}

/// A parsed math face. Parse once per document: every formula reuses it.
pub struct MathFont<'a> {
    face: Face<'a>,
    upem: f32,
    pub constants: Constants,
    /// Glyph metrics, filled on first use: a CFF glyph's box means parsing its charstring,
    /// and layout asks for the same few hundred glyphs thousands of times.
    metrics: Box<[std::sync::OnceLock<Metrics>]>,
}

/// A glyph's metrics in em at size 1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Metrics {
    pub advance: f32,
    /// Ink above the baseline (may be negative for glyphs below it).
    pub ascent: f32,
    /// Ink below the baseline, positive down.
    pub descent: f32,
    /// Ink's left and right edges.
    pub ink_left: f32,
    pub ink_right: f32,
}

/// One part of a glyph assembly, in em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Part {
    pub gid: u16,
    pub start_connector: f32,
    pub end_connector: f32,
    pub full_advance: f32,
    pub extender: bool,
}

/// How to make an operator a given size along one axis.
#[derive(Debug, Clone, PartialEq)]
pub enum Stretched {
    /// One glyph (the base or a larger variant).
    Glyph(u16),
    /// Parts, bottom to top (vertical) or left to right (horizontal), each with its offset
    /// along the axis from the start of the assembly, in em; and the assembly's total size.
    Assembly { parts: Vec<(u16, f32)>, size: f32 },
}

impl std::fmt::Debug for MathFont<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MathFont")
            .field("units_per_em", &self.upem)
            .finish_non_exhaustive()
    }
}

impl<'a> MathFont<'a> {
    /// Parses `data` (face `index` of a collection) and reads its MATH constants.
    pub fn parse(data: &'a [u8], index: u32) -> Result<MathFont<'a>, FontError> {
        let face = Face::parse(data, index).map_err(|_| FontError::Unreadable)?;
        let upem = f32::from(face.units_per_em());
        let table = face.tables().math.ok_or(FontError::NoMathTable)?;
        let c = table.constants.ok_or(FontError::NoMathTable)?;
        let v = |m: math::MathValue| f32::from(m.value) / upem;
        let u = |m: u16| f32::from(m) / upem;
        let min_connector_overlap = table
            .variants
            .map(|vr| u(vr.min_connector_overlap))
            .unwrap_or(0.0);
        let constants = Constants {
            script_scale: f32::from(c.script_percent_scale_down()) / 100.0,
            script_script_scale: f32::from(c.script_script_percent_scale_down()) / 100.0,
            delimited_sub_formula_min_height: u(c.delimited_sub_formula_min_height()),
            display_operator_min_height: u(c.display_operator_min_height()),
            axis_height: v(c.axis_height()),
            accent_base_height: v(c.accent_base_height()),
            subscript_shift_down: v(c.subscript_shift_down()),
            subscript_top_max: v(c.subscript_top_max()),
            subscript_baseline_drop_min: v(c.subscript_baseline_drop_min()),
            superscript_shift_up: v(c.superscript_shift_up()),
            superscript_shift_up_cramped: v(c.superscript_shift_up_cramped()),
            superscript_bottom_min: v(c.superscript_bottom_min()),
            superscript_baseline_drop_max: v(c.superscript_baseline_drop_max()),
            sub_superscript_gap_min: v(c.sub_superscript_gap_min()),
            superscript_bottom_max_with_subscript: v(c.superscript_bottom_max_with_subscript()),
            space_after_script: v(c.space_after_script()),
            upper_limit_gap_min: v(c.upper_limit_gap_min()),
            upper_limit_baseline_rise_min: v(c.upper_limit_baseline_rise_min()),
            lower_limit_gap_min: v(c.lower_limit_gap_min()),
            lower_limit_baseline_drop_min: v(c.lower_limit_baseline_drop_min()),
            stack_top_shift_up: v(c.stack_top_shift_up()),
            stack_top_display_style_shift_up: v(c.stack_top_display_style_shift_up()),
            stack_bottom_shift_down: v(c.stack_bottom_shift_down()),
            stack_bottom_display_style_shift_down: v(c.stack_bottom_display_style_shift_down()),
            stack_gap_min: v(c.stack_gap_min()),
            stack_display_style_gap_min: v(c.stack_display_style_gap_min()),
            stretch_stack_top_shift_up: v(c.stretch_stack_top_shift_up()),
            stretch_stack_bottom_shift_down: v(c.stretch_stack_bottom_shift_down()),
            stretch_stack_gap_above_min: v(c.stretch_stack_gap_above_min()),
            stretch_stack_gap_below_min: v(c.stretch_stack_gap_below_min()),
            fraction_numerator_shift_up: v(c.fraction_numerator_shift_up()),
            fraction_numerator_display_style_shift_up: v(
                c.fraction_numerator_display_style_shift_up()
            ),
            fraction_denominator_shift_down: v(c.fraction_denominator_shift_down()),
            fraction_denominator_display_style_shift_down: v(
                c.fraction_denominator_display_style_shift_down()
            ),
            fraction_numerator_gap_min: v(c.fraction_numerator_gap_min()),
            fraction_num_display_style_gap_min: v(c.fraction_num_display_style_gap_min()),
            fraction_rule_thickness: v(c.fraction_rule_thickness()),
            fraction_denominator_gap_min: v(c.fraction_denominator_gap_min()),
            fraction_denom_display_style_gap_min: v(c.fraction_denom_display_style_gap_min()),
            overbar_vertical_gap: v(c.overbar_vertical_gap()),
            overbar_rule_thickness: v(c.overbar_rule_thickness()),
            overbar_extra_ascender: v(c.overbar_extra_ascender()),
            underbar_vertical_gap: v(c.underbar_vertical_gap()),
            underbar_rule_thickness: v(c.underbar_rule_thickness()),
            underbar_extra_descender: v(c.underbar_extra_descender()),
            radical_vertical_gap: v(c.radical_vertical_gap()),
            radical_display_style_vertical_gap: v(c.radical_display_style_vertical_gap()),
            radical_rule_thickness: v(c.radical_rule_thickness()),
            radical_extra_ascender: v(c.radical_extra_ascender()),
            radical_kern_before_degree: v(c.radical_kern_before_degree()),
            radical_kern_after_degree: v(c.radical_kern_after_degree()),
            radical_degree_bottom_raise: f32::from(c.radical_degree_bottom_raise_percent()) / 100.0,
            min_connector_overlap,
        };
        let metrics = (0..face.number_of_glyphs())
            .map(|_| std::sync::OnceLock::new())
            .collect();
        Ok(MathFont {
            face,
            upem,
            constants,
            metrics,
        })
    }

    /// The ttf-parser face (for painters that draw outlines, e.g. SVG).
    pub fn face(&self) -> &Face<'a> {
        &self.face
    }

    pub fn units_per_em(&self) -> f32 {
        self.upem
    }

    /// The face's glyph for `ch`, if it has one.
    pub fn glyph(&self, ch: char) -> Option<u16> {
        self.face.glyph_index(ch).map(|g| g.0).filter(|&g| g != 0)
    }

    pub fn metrics(&self, gid: u16) -> Metrics {
        match self.metrics.get(usize::from(gid)) {
            Some(slot) => *slot.get_or_init(|| self.read_metrics(gid)),
            None => self.read_metrics(gid),
        }
    }

    fn read_metrics(&self, gid: u16) -> Metrics {
        let g = GlyphId(gid);
        let advance = f32::from(self.face.glyph_hor_advance(g).unwrap_or(0)) / self.upem;
        match self.face.glyph_bounding_box(g) {
            Some(b) => Metrics {
                advance,
                ascent: f32::from(b.y_max) / self.upem,
                descent: -f32::from(b.y_min) / self.upem,
                ink_left: f32::from(b.x_min) / self.upem,
                ink_right: f32::from(b.x_max) / self.upem,
            },
            None => Metrics {
                advance,
                ink_right: advance,
                ..Metrics::default()
            },
        }
    }

    fn glyph_info(&self) -> Option<math::GlyphInfo<'a>> {
        self.face.tables().math?.glyph_info
    }

    /// The MATH italic correction of `gid`, em.
    pub fn italic_correction(&self, gid: u16) -> f32 {
        self.glyph_info()
            .and_then(|i| i.italic_corrections)
            .and_then(|c| c.get(GlyphId(gid)))
            .map_or(0.0, |v| f32::from(v.value) / self.upem)
    }

    /// Where an accent over `gid` is centred, em from its origin (half the advance when the
    /// font does not say, the middle of the ink for a zero-width mark).
    pub fn top_accent_attachment(&self, gid: u16) -> f32 {
        self.glyph_info()
            .and_then(|i| i.top_accent_attachments)
            .and_then(|c| c.get(GlyphId(gid)))
            .map_or_else(
                || {
                    let m = self.metrics(gid);
                    if m.advance > 0.0 {
                        m.advance / 2.0
                    } else {
                        // Zero-width combining marks: the middle of their ink.
                        (m.ink_left + m.ink_right) / 2.0
                    }
                },
                |v| f32::from(v.value) / self.upem,
            )
    }

    fn construction(&self, gid: u16, vertical: bool) -> Option<math::GlyphConstruction<'a>> {
        let variants = self.face.tables().math?.variants?;
        let set = if vertical {
            variants.vertical_constructions
        } else {
            variants.horizontal_constructions
        };
        set.get(GlyphId(gid))
    }

    /// Whether the face can stretch `gid` along that axis (variants or an assembly).
    pub fn can_stretch(&self, gid: u16, vertical: bool) -> bool {
        self.construction(gid, vertical).is_some()
    }

    /// The first variant of `gid` at least `size` em along the axis, else an assembly that
    /// reaches it, else the largest variant (or `gid` itself when the face has nothing).
    pub fn stretch(&self, gid: u16, vertical: bool, size: f32) -> Stretched {
        let Some(c) = self.construction(gid, vertical) else {
            return Stretched::Glyph(gid);
        };
        let mut largest = gid;
        for v in c.variants {
            largest = v.variant_glyph.0;
            if f32::from(v.advance_measurement) / self.upem >= size {
                return Stretched::Glyph(largest);
            }
        }
        match c.assembly {
            Some(a) => {
                let parts: Vec<Part> = a
                    .parts
                    .into_iter()
                    .map(|p| Part {
                        gid: p.glyph_id.0,
                        start_connector: f32::from(p.start_connector_length) / self.upem,
                        end_connector: f32::from(p.end_connector_length) / self.upem,
                        full_advance: f32::from(p.full_advance) / self.upem,
                        extender: p.part_flags.extender(),
                    })
                    .collect();
                assemble(&parts, self.constants.min_connector_overlap, size)
                    .unwrap_or(Stretched::Glyph(largest))
            }
            None => Stretched::Glyph(largest),
        }
    }

    /// The first vertical variant of `gid` at least `height` em tall (large operators in
    /// display style), or `gid`.
    pub fn variant_at_least(&self, gid: u16, height: f32) -> u16 {
        match self.construction(gid, true) {
            Some(c) => {
                let mut pick = gid;
                for v in c.variants {
                    pick = v.variant_glyph.0;
                    if f32::from(v.advance_measurement) / self.upem >= height {
                        break;
                    }
                }
                pick
            }
            None => gid,
        }
    }
}

/// Lays out an assembly reaching `size` (OpenType MATH, MathML Core §"Glyph assembly"): the
/// fewest repeats of the extenders whose size at the smallest overlaps reaches `size`, then one
/// overlap shared by every joint (never below the font's minimum, never beyond the connectors),
/// so the assembly is as close to `size` as the parts allow.
pub fn assemble(parts: &[Part], min_overlap: f32, size: f32) -> Option<Stretched> {
    if parts.is_empty() {
        return None;
    }
    let has_extender = parts.iter().any(|p| p.extender);
    let expand = |repeats: usize| -> Vec<Part> {
        let mut out = Vec::new();
        for p in parts {
            let n = if p.extender { repeats } else { 1 };
            out.extend(std::iter::repeat_n(*p, n));
        }
        out
    };
    let max_size = |ps: &[Part]| -> f32 {
        let total: f32 = ps.iter().map(|p| p.full_advance).sum();
        total - min_overlap * (ps.len().saturating_sub(1)) as f32
    };
    let mut repeats = 1;
    let mut ps = expand(repeats);
    while has_extender && max_size(&ps) < size && repeats < 1000 {
        repeats += 1;
        ps = expand(repeats);
    }
    if ps.is_empty() {
        return None;
    }
    let total: f32 = ps.iter().map(|p| p.full_advance).sum();
    let joints = ps.len().saturating_sub(1);
    // The largest overlap each joint allows: the shorter of the two connectors.
    let max_overlap = ps
        .windows(2)
        .map(|w| w[0].end_connector.min(w[1].start_connector))
        .fold(f32::INFINITY, f32::min)
        .max(min_overlap);
    let overlap = if joints == 0 {
        0.0
    } else {
        ((total - size) / joints as f32).clamp(min_overlap, max_overlap)
    };
    let mut at = 0.0;
    let mut placed = Vec::with_capacity(ps.len());
    for p in &ps {
        placed.push((p.gid, at));
        at += p.full_advance - overlap;
    }
    let size = total - overlap * joints as f32;
    Some(Stretched::Assembly {
        parts: placed,
        size,
    })
}
