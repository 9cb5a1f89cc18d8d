//! MathML elements → boxes of glyphs and rules (MathML Core §3 with the MATH constants).

use crate::font::{MathFont, Stretched};
use crate::opdict::{lookup, Class, Form, OpInfo};
use crate::tree::{self, Align, Node, Tag};

/// A laid-out formula. Lengths in em of the base size; y up from the baseline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Formula {
    pub width: f32,
    pub ascent: f32,
    pub descent: f32,
    pub items: Vec<Item>,
    /// Where a display formula may break (before a top-level relation or binary operator).
    pub breaks: Vec<Break>,
    /// Characters neither the math face nor the fallback has (drawn as nothing, 0.5 em wide).
    pub missing: Vec<char>,
    /// Clickable areas: elements with an `href` (`\eqref` → `#label`).
    pub links: Vec<Link>,
    /// Elements with an `id` (a labelled equation's row): the id and the top of its box, em.
    pub anchors: Vec<(String, f32)>,
}

/// A link area (`x`, `y` its bottom-left corner) and its target as written (`#label`).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub href: String,
}

/// A place to break a display formula: `items[..item]` end the line, the rest starts at `x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub x: f32,
    pub item: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Glyph(Glyph),
    Rule(Rule),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// 0: the math face; otherwise the fallback's font number.
    pub font: u16,
    pub gid: u16,
    /// Origin of the glyph.
    pub x: f32,
    pub y: f32,
    /// Size as a fraction of the base size (scripts are smaller).
    pub size: f32,
    /// The text it stands for (`""` on the second and later parts of an assembly).
    pub text: String,
    pub color: Option<[f32; 3]>,
}

/// A filled rectangle: fraction bars, radical and over/under bars, table rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub x: f32,
    /// Bottom edge.
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub color: Option<[f32; 3]>,
}

/// A glyph from one of the caller's text faces, metrics in em at size 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FallbackGlyph {
    pub font: u16,
    pub gid: u16,
    pub advance: f32,
    pub ascent: f32,
    pub descent: f32,
}

/// Where characters the math face lacks come from (CJK text in `\text{}`).
pub trait Fallback {
    fn glyph(&self, ch: char) -> Option<FallbackGlyph>;
}

/// No fallback: missing characters are reported.
pub struct NoFallback;

impl Fallback for NoFallback {
    fn glyph(&self, _: char) -> Option<FallbackGlyph> {
        None
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Display style (`display="block"` on the `<math>` also sets it).
    pub display: bool,
    /// The measure, em: numbered equations put their number at its right end.
    pub available_width: f32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            display: false,
            available_width: 30.0,
        }
    }
}

/// Lays out `mathml` (a `<math>` element).
pub fn layout(
    mathml: &str,
    font: &MathFont,
    fallback: &dyn Fallback,
    options: &Options,
) -> Result<Formula, String> {
    let root = tree::parse(mathml)?;
    Ok(layout_tree(&root, font, fallback, options))
}

/// Lays out a parsed tree.
pub fn layout_tree(
    root: &Node,
    font: &MathFont,
    fallback: &dyn Fallback,
    options: &Options,
) -> Formula {
    let display = options.display || root.attr("display") == Some("block");
    let mut l = Layouter {
        font,
        fallback,
        available: options.available_width,
        missing: Vec::new(),
        breaks: Vec::new(),
    };
    let style = Style {
        display,
        level: 0,
        cramped: false,
        color: None,
    };
    let style = l.apply_attrs(root, style);
    let children: Vec<&Node> = flat_children(root);
    let b = l.row(&children, style, true);
    Formula {
        width: b.w,
        ascent: b.a,
        descent: b.d,
        items: b.items,
        breaks: l.breaks,
        missing: l.missing,
        links: b.links,
        anchors: b.anchors,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    display: bool,
    level: u8,
    cramped: bool,
    color: Option<[f32; 3]>,
}

impl Style {
    fn script(self) -> Style {
        Style {
            display: false,
            level: self.level.saturating_add(1),
            ..self
        }
    }
    fn cramp(self) -> Style {
        Style {
            cramped: true,
            ..self
        }
    }
}

/// A laid-out subtree: width, height above and depth below the baseline, and what it paints.
#[derive(Debug, Clone, Default)]
struct MBox {
    w: f32,
    a: f32,
    d: f32,
    /// Italic correction of its last glyph (scripts and following upright text use it).
    italic: f32,
    /// Where an accent over it is centred.
    accent_x: Option<f32>,
    items: Vec<Item>,
    /// A single glyph of the math face (a token): scripts ignore its baseline drops.
    token: bool,
    links: Vec<Link>,
    anchors: Vec<(String, f32)>,
}

impl MBox {
    /// Adds `other`'s items moved by (dx, dy); grows the extents.
    fn put(&mut self, other: MBox, dx: f32, dy: f32) {
        self.a = self.a.max(other.a + dy);
        self.d = self.d.max(other.d - dy);
        self.w = self.w.max(dx + other.w);
        for mut l in other.links {
            l.x += dx;
            l.y += dy;
            self.links.push(l);
        }
        for (id, y) in other.anchors {
            self.anchors.push((id, y + dy));
        }
        for mut it in other.items {
            match &mut it {
                Item::Glyph(g) => {
                    g.x += dx;
                    g.y += dy;
                }
                Item::Rule(r) => {
                    r.x += dx;
                    r.y += dy;
                }
            }
            self.items.push(it);
        }
    }

    fn rule(&mut self, x: f32, y: f32, width: f32, height: f32, color: Option<[f32; 3]>) {
        self.items.push(Item::Rule(Rule {
            x,
            y,
            width,
            height,
            color,
        }));
        self.a = self.a.max(y + height);
        self.d = self.d.max(-y);
    }
}

/// The element's children, with `<mrow>`-like wrappers of one child kept as they are.
fn flat_children(n: &Node) -> Vec<&Node> {
    n.children
        .iter()
        .filter(|c| c.tag != Tag::Annotation)
        .collect()
}

/// The `<mo>` at the core of an embellished operator (MathML Core §3.2.4.1).
fn core_op(n: &Node) -> Option<&Node> {
    match n.tag {
        Tag::Mo => Some(n),
        Tag::Msub
        | Tag::Msup
        | Tag::Msubsup
        | Tag::Munder
        | Tag::Mover
        | Tag::Munderover
        | Tag::Mmultiscripts
        | Tag::Mfrac
        | Tag::Semantics => n.children.first().and_then(core_op),
        Tag::Mrow | Tag::Mstyle | Tag::Mphantom | Tag::Mpadded => {
            let mut non_space = n.children.iter().filter(|c| !is_space_like(c));
            match (non_space.next(), non_space.next()) {
                (Some(only), None) => core_op(only),
                _ => None,
            }
        }
        _ => None,
    }
}

fn is_space_like(n: &Node) -> bool {
    match n.tag {
        Tag::Mspace => true,
        Tag::Mtext => n.text.trim().is_empty(),
        Tag::Mrow | Tag::Mstyle | Tag::Mphantom | Tag::Mpadded => {
            n.children.iter().all(is_space_like)
        }
        _ => false,
    }
}

const LINE_ACCENTS: &[char] = &[
    '\u{0332}', '\u{00AF}', '\u{203E}', '_', '\u{2015}', '\u{0305}',
];

/// The combining form of a spacing accent, which math faces place at `AccentBaseHeight`.
fn combining(c: char) -> char {
    match c {
        'ˆ' | '^' => '\u{0302}',
        'ˇ' => '\u{030C}',
        '˘' => '\u{0306}',
        '˙' => '\u{0307}',
        '¨' => '\u{0308}',
        '˜' | '~' => '\u{0303}',
        '¯' => '\u{0304}',
        '´' => '\u{0301}',
        '`' => '\u{0300}',
        '˚' => '\u{030A}',
        other => other,
    }
}

fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c) || ('\u{20D0}'..='\u{20FF}').contains(&c)
}

/// MathML Core's `math-auto` italic for a single-letter `<mi>`.
fn math_italic(c: char) -> char {
    let shifted = |base: u32, offset: u32| char::from_u32(base + offset).unwrap_or(c);
    match c {
        'h' => 'ℎ',
        'ı' => '𝚤',
        'ȷ' => '𝚥',
        'A'..='Z' => shifted(0x1D434, c as u32 - 'A' as u32),
        'a'..='z' => shifted(0x1D44E, c as u32 - 'a' as u32),
        'Α'..='Ω' if c != '\u{03A2}' => shifted(0x1D6E2, c as u32 - 'Α' as u32),
        'α'..='ω' => shifted(0x1D6FC, c as u32 - 'α' as u32),
        'ϵ' => '𝜖',
        'ϑ' => '𝜗',
        'ϰ' => '𝜘',
        'ϕ' => '𝜙',
        'ϱ' => '𝜚',
        'ϖ' => '𝜛',
        '∇' => '𝛻',
        '∂' => '𝜕',
        _ => c,
    }
}

struct Layouter<'f, 'a> {
    font: &'f MathFont<'a>,
    fallback: &'f dyn Fallback,
    available: f32,
    missing: Vec<char>,
    breaks: Vec<Break>,
}

impl Layouter<'_, '_> {
    fn scale(&self, style: Style) -> f32 {
        let c = &self.font.constants;
        match style.level {
            0 => 1.0,
            1 => c.script_scale,
            _ => c.script_script_scale,
        }
    }

    /// `displaystyle`, `scriptlevel`, `mathcolor` and a CSS colour on `n`.
    fn apply_attrs(&self, n: &Node, mut style: Style) -> Style {
        if let Some(d) = n.flag("displaystyle") {
            style.display = d;
        }
        if let Some(level) = n.attr("scriptlevel").map(str::trim) {
            if let Some(inc) = level.strip_prefix('+') {
                if let Ok(i) = inc.parse::<u8>() {
                    style.level = style.level.saturating_add(i);
                }
            } else if let Some(dec) = level.strip_prefix('-') {
                if let Ok(i) = dec.parse::<u8>() {
                    style.level = style.level.saturating_sub(i);
                }
            } else if let Ok(abs) = level.parse::<u8>() {
                style.level = abs;
            }
        }
        if let Some(c) = n.attr("mathcolor").and_then(tree::color).or(n.css.color) {
            style.color = Some(c);
        }
        style
    }

    fn node(&mut self, n: &Node, style: Style) -> MBox {
        let mut b = self.element(n, style);
        if let Some(href) = n.attr("href") {
            b.links.push(Link {
                x: 0.0,
                y: -b.d,
                width: b.w,
                height: b.a + b.d,
                href: href.to_owned(),
            });
        }
        if let Some(id) = n.attr("id") {
            b.anchors.push((id.to_owned(), b.a));
        }
        b
    }

    fn element(&mut self, n: &Node, style: Style) -> MBox {
        let style = self.apply_attrs(n, style);
        match n.tag {
            Tag::Mi | Tag::Mn | Tag::Mtext | Tag::Ms => self.token(n, style),
            Tag::Mo => {
                let info = self.op_info(n, Form::Infix, style);
                self.operator(n, style, &info, None)
            }
            Tag::Mspace => self.space(n, style),
            Tag::Mfrac => self.fraction(n, style),
            Tag::Msqrt => {
                let inner = self.row(&flat_children(n), style.cramp(), false);
                self.radical(inner, None, style)
            }
            Tag::Mroot => {
                let base = n
                    .children
                    .first()
                    .map(|c| self.node(c, style.cramp()))
                    .unwrap_or_default();
                let degree_style = Style {
                    display: false,
                    level: style.level.saturating_add(2),
                    ..style
                };
                let degree = n.children.get(1).map(|c| self.node(c, degree_style));
                self.radical(base, degree, style)
            }
            Tag::Msub | Tag::Msup | Tag::Msubsup => self.scripts(n, style),
            Tag::Munder | Tag::Mover | Tag::Munderover => self.under_over(n, style),
            Tag::Mmultiscripts => self.multiscripts(n, style),
            Tag::Mtable => self.table(n, style),
            Tag::Mphantom => {
                let mut b = self.row(&flat_children(n), style, false);
                b.items.clear();
                b
            }
            Tag::Mpadded => self.padded(n, style),
            Tag::Menclose => self.enclose(n, style),
            Tag::Merror => {
                let s = Style {
                    color: Some([0.8, 0.0, 0.0]),
                    ..style
                };
                self.row(&flat_children(n), s, false)
            }
            Tag::Semantics => match n.children.first() {
                Some(first) => self.node(first, style),
                None => MBox::default(),
            },
            Tag::Annotation | Tag::Mprescripts => MBox::default(),
            Tag::Math | Tag::Mrow | Tag::Mstyle | Tag::Mtr | Tag::Mtd | Tag::Other => {
                self.row(&flat_children(n), style, false)
            }
        }
    }

    /// Glyph `gid` of the math face at `size`, raised by `y`, standing for `text`.
    fn glyph_box(&self, gid: u16, text: char, size: f32, y: f32, color: Option<[f32; 3]>) -> MBox {
        let m = self.font.metrics(gid);
        MBox {
            w: m.advance * size,
            a: m.ascent * size + y,
            d: m.descent * size - y,
            italic: self.font.italic_correction(gid) * size,
            accent_x: Some(self.font.top_accent_attachment(gid) * size),
            items: vec![Item::Glyph(Glyph {
                font: 0,
                gid,
                x: 0.0,
                y,
                size,
                text: text.to_string(),
                color,
            })],
            ..MBox::default()
        }
    }

    /// One character as a glyph box at `size`: the math face's glyph, else the fallback's.
    fn char_box(&mut self, c: char, size: f32, color: Option<[f32; 3]>) -> MBox {
        if let Some(gid) = self.font.glyph(c) {
            return MBox {
                token: true,
                ..self.glyph_box(gid, c, size, 0.0, color)
            };
        }
        if let Some(g) = self.fallback.glyph(c) {
            return MBox {
                w: g.advance * size,
                a: g.ascent * size,
                d: g.descent * size,
                items: vec![Item::Glyph(Glyph {
                    font: g.font,
                    gid: g.gid,
                    x: 0.0,
                    y: 0.0,
                    size,
                    text: c.to_string(),
                    color,
                })],
                ..MBox::default()
            };
        }
        if !c.is_whitespace() && !self.missing.contains(&c) {
            self.missing.push(c);
        }
        MBox {
            w: if c.is_whitespace() { 0.25 } else { 0.5 } * size,
            ..MBox::default()
        }
    }

    fn token(&mut self, n: &Node, style: Style) -> MBox {
        let s = self.scale(style);
        let mut chars: Vec<char> = n.text.chars().collect();
        let variant = n.attr("mathvariant");
        if n.tag == Tag::Mi && chars.len() == 1 && variant.is_none() {
            chars[0] = math_italic(chars[0]);
        } else if variant == Some("italic") {
            chars.iter_mut().for_each(|c| *c = math_italic(*c));
        }
        if n.tag == Tag::Ms {
            chars.insert(0, '"');
            chars.push('"');
        }
        let mut b = MBox::default();
        let single = chars.len() == 1;
        for c in chars {
            if matches!(c, '\u{FE00}'..='\u{FE0F}') {
                continue; // variation selectors (math-core's \mathcal): the base letter
            }
            let g = self.char_box(c, s, style.color);
            let x = b.w;
            b.italic = g.italic;
            if single {
                b.accent_x = g.accent_x;
                b.token = g.token;
            }
            b.put(g, x, 0.0);
        }
        if !single {
            b.accent_x = Some(b.w / 2.0);
        }
        b
    }

    fn space(&mut self, n: &Node, style: Style) -> MBox {
        let s = self.scale(style);
        let len = |k: &str| n.attr(k).and_then(tree::mathml_length).unwrap_or(0.0);
        MBox {
            w: (len("width") + n.css.margin_left.unwrap_or(0.0)) * s,
            a: len("height") * s,
            d: len("depth") * s,
            ..MBox::default()
        }
    }

    /// The dictionary entry of operator `n` in `form`, with its attributes applied.
    fn op_info(&self, n: &Node, form: Form, style: Style) -> OpInfo {
        let form = match n.attr("form") {
            Some("prefix") => Form::Prefix,
            Some("postfix") => Form::Postfix,
            Some("infix") => Form::Infix,
            _ => form,
        };
        let mut info = lookup(&n.text, form);
        let explicit_l = n.attr("lspace").and_then(tree::mathml_length);
        let explicit_r = n.attr("rspace").and_then(tree::mathml_length);
        if style.level > 0 && matches!(info.class, Class::Bin | Class::Rel | Class::Punct) {
            // TeX: no medium or thick spaces in scripts.
            info.lspace = 0.0;
            info.rspace = 0.0;
        }
        if let Some(l) = explicit_l {
            info.lspace = l;
        }
        if let Some(r) = explicit_r {
            info.rspace = r;
        }
        for (flag, slot) in [
            ("stretchy", &mut info.stretchy),
            ("symmetric", &mut info.symmetric),
            ("largeop", &mut info.largeop),
            ("movablelimits", &mut info.movablelimits),
        ] {
            if let Some(v) = n.flag(flag) {
                *slot = v;
            }
        }
        info
    }

    /// An operator: its glyph, its display size for large operators, stretched to
    /// `target` (height, depth) when stretchy and given one.
    fn operator(
        &mut self,
        n: &Node,
        style: Style,
        info: &OpInfo,
        target: Option<(f32, f32)>,
    ) -> MBox {
        let s = self.scale(style);
        if info.invisible {
            return MBox::default();
        }
        let mut chars = n.text.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            // Operator names (`lim`, `sin`): upright text.
            return self.token(n, style);
        };
        let Some(gid) = self.font.glyph(c) else {
            return self.char_box(c, s, style.color);
        };
        let c_axis = self.font.constants.axis_height * s;
        if info.largeop {
            let gid = if style.display {
                self.font
                    .variant_at_least(gid, self.font.constants.display_operator_min_height)
            } else {
                gid
            };
            let m = self.font.metrics(gid);
            // Centred on the axis.
            let shift = c_axis - (m.ascent - m.descent) * s / 2.0;
            return MBox {
                accent_x: Some(m.advance * s / 2.0),
                ..self.glyph_box(gid, c, s, shift, style.color)
            };
        }
        let min = n
            .attr("minsize")
            .and_then(tree::mathml_length)
            .map(|v| v * s);
        let max = n
            .attr("maxsize")
            .and_then(tree::mathml_length)
            .map(|v| v * s);
        let wants_size = min.is_some();
        if (info.stretchy || wants_size) && self.font.can_stretch(gid, true) {
            let (ta, td) = target.unwrap_or((0.0, 0.0));
            let mut size = if info.symmetric {
                2.0 * (ta - c_axis).max(td + c_axis)
            } else {
                ta + td
            };
            if let Some(min) = min {
                size = size.max(min);
            }
            if let Some(max) = max {
                size = size.min(max);
            }
            let m = self.font.metrics(gid);
            if size > (m.ascent + m.descent) * s {
                let centre = if info.symmetric || target.is_none() {
                    c_axis
                } else {
                    (ta - td) / 2.0
                };
                return self.stretched_vertical(gid, c, size, centre, style);
            }
        }
        self.char_box(c, s, style.color)
    }

    /// `gid` made `size` em tall (a variant or an assembly), centred on `centre`.
    fn stretched_vertical(
        &mut self,
        gid: u16,
        c: char,
        size: f32,
        centre: f32,
        style: Style,
    ) -> MBox {
        let s = self.scale(style);
        match self.font.stretch(gid, true, size / s) {
            Stretched::Glyph(v) => {
                let m = self.font.metrics(v);
                let shift = centre - (m.ascent - m.descent) * s / 2.0;
                MBox {
                    accent_x: None,
                    ..self.glyph_box(v, c, s, shift, style.color)
                }
            }
            Stretched::Assembly { parts, size: total } => {
                let bottom = centre - total * s / 2.0;
                let mut b = MBox::default();
                for (i, (part, offset)) in parts.into_iter().enumerate() {
                    let m = self.font.metrics(part);
                    // Each part's ink starts at its offset from the assembly's bottom.
                    let y = bottom + offset * s + m.descent * s;
                    b.w = b.w.max(m.advance * s);
                    b.items.push(Item::Glyph(Glyph {
                        font: 0,
                        gid: part,
                        x: 0.0,
                        y,
                        size: s,
                        text: if i == 0 { c.to_string() } else { String::new() },
                        color: style.color,
                    }));
                }
                b.a = bottom + total * s;
                b.d = -bottom;
                b
            }
        }
    }

    /// `gid` made `width` em wide (a variant or an assembly), left edge at 0.
    fn stretched_horizontal(&mut self, gid: u16, c: char, width: f32, style: Style) -> MBox {
        let s = self.scale(style);
        let mut b = MBox::default();
        match self.font.stretch(gid, false, width / s) {
            Stretched::Glyph(v) => {
                b = MBox {
                    italic: 0.0,
                    ..self.glyph_box(v, c, s, 0.0, style.color)
                };
            }
            Stretched::Assembly { parts, size } => {
                for (i, (part, offset)) in parts.into_iter().enumerate() {
                    let m = self.font.metrics(part);
                    b.a = b.a.max(m.ascent * s);
                    b.d = b.d.max(m.descent * s);
                    b.items.push(Item::Glyph(Glyph {
                        font: 0,
                        gid: part,
                        x: offset * s,
                        y: 0.0,
                        size: s,
                        text: if i == 0 { c.to_string() } else { String::new() },
                        color: style.color,
                    }));
                }
                b.w = size * s;
            }
        }
        if b.accent_x.is_none() {
            b.accent_x = Some(b.w / 2.0);
        }
        b
    }

    /// A row: operators get their form from their place, stretchy ones stretch to the rest of
    /// the row, and boxes are set side by side with the operators' spaces.
    fn row(&mut self, children: &[&Node], style: Style, top: bool) -> MBox {
        let counted: Vec<usize> = (0..children.len())
            .filter(|&i| !is_space_like(children[i]))
            .collect();
        let n = counted.len();
        // Per child: its operator info (embellished operators included).
        let mut infos: Vec<Option<OpInfo>> = Vec::with_capacity(children.len());
        let mut prev_class: Option<Class> = None;
        for (i, child) in children.iter().enumerate() {
            let Some(op) = core_op(child) else {
                if !is_space_like(child) {
                    prev_class = Some(Class::Ord);
                }
                infos.push(None);
                continue;
            };
            let pos = counted.iter().position(|&c| c == i);
            let form = match pos {
                Some(0) if n > 1 => Form::Prefix,
                Some(p) if n > 1 && p == n - 1 => Form::Postfix,
                _ => Form::Infix,
            };
            let op_style = self.apply_attrs(child, style);
            let mut info = self.op_info(op, form, op_style);
            // TeX's rule: a binary operator with no operand on its left is unary.
            if info.class == Class::Bin
                && matches!(
                    prev_class,
                    None | Some(Class::Bin | Class::Rel | Class::Open | Class::Punct | Class::Op)
                )
                && op.attr("lspace").is_none()
            {
                info.class = Class::Ord;
                info.lspace = 0.0;
                info.rspace = 0.0;
            }
            prev_class = Some(info.class);
            infos.push(Some(info));
        }
        // Non-stretchy children first: their extent is what stretchy ones reach.
        let stretchy_here = |i: usize| {
            children[i].tag == Tag::Mo && infos[i].is_some_and(|inf| inf.stretchy && !inf.largeop)
        };
        let mut boxes: Vec<Option<MBox>> = vec![None; children.len()];
        let (mut ta, mut td) = (0.0f32, 0.0f32);
        let mut any_other = false;
        for i in 0..children.len() {
            if stretchy_here(i) {
                continue;
            }
            let b = self.node(children[i], style);
            if !is_space_like(children[i]) {
                any_other = true;
                ta = ta.max(b.a);
                td = td.max(b.d);
            }
            boxes[i] = Some(b);
        }
        let target = any_other.then_some((ta, td));
        for i in 0..children.len() {
            if boxes[i].is_none() {
                let op_style = self.apply_attrs(children[i], style);
                let info = infos[i].unwrap_or_else(|| lookup(&children[i].text, Form::Infix));
                boxes[i] = Some(self.operator(children[i], op_style, &info, target));
            }
        }
        let s = self.scale(style);
        let mut out = MBox::default();
        let mut x = 0.0;
        let last = children.len().saturating_sub(1);
        for (i, b) in boxes.into_iter().enumerate() {
            let b = b.unwrap_or_default();
            let info = infos[i];
            if let Some(inf) = info {
                if top && i > 0 && matches!(inf.class, Class::Rel | Class::Bin) {
                    self.breaks.push(Break {
                        x,
                        item: out.items.len(),
                    });
                }
                x += inf.lspace * s;
            }
            let w = b.w;
            let italic = b.italic;
            let is_letter = children[i].tag == Tag::Mi && b.token;
            out.italic = italic;
            if children.len() == 1 {
                out.accent_x = b.accent_x;
                out.token = b.token;
            }
            out.put(b, x, 0.0);
            x += w;
            // A letter followed by something upright keeps its italic correction (TeX).
            if is_letter && i < last {
                x += italic;
            }
            if let Some(inf) = info {
                x += inf.rspace * s;
            }
        }
        out.w = out.w.max(x);
        out
    }

    fn fraction(&mut self, n: &Node, style: Style) -> MBox {
        let c = self.font.constants;
        let s = self.scale(style);
        let inner = if style.display {
            Style {
                display: false,
                ..style
            }
        } else {
            style.script()
        };
        let num = n
            .children
            .first()
            .map(|c| self.node(c, inner))
            .unwrap_or_default();
        let den = n
            .children
            .get(1)
            .map(|c| self.node(c, inner.cramp()))
            .unwrap_or_default();
        let default_t = c.fraction_rule_thickness * s;
        let t = match n.attr("linethickness").map(str::trim) {
            None => default_t,
            Some("thin") => default_t / 2.0,
            Some("medium") => default_t,
            Some("thick") => default_t * 2.0,
            Some(v) => {
                if let Some(p) = v.strip_suffix('%') {
                    p.parse::<f32>()
                        .map_or(default_t, |p| default_t * p / 100.0)
                } else if let Ok(k) = v.parse::<f32>() {
                    default_t * k
                } else {
                    tree::length_em(v).map_or(default_t, |l| l * s)
                }
            }
        };
        let axis = c.axis_height * s;
        let (mut u, mut v);
        if t > 0.0 {
            let (su, sv, gn, gd) = if style.display {
                (
                    c.fraction_numerator_display_style_shift_up,
                    c.fraction_denominator_display_style_shift_down,
                    c.fraction_num_display_style_gap_min,
                    c.fraction_denom_display_style_gap_min,
                )
            } else {
                (
                    c.fraction_numerator_shift_up,
                    c.fraction_denominator_shift_down,
                    c.fraction_numerator_gap_min,
                    c.fraction_denominator_gap_min,
                )
            };
            u = (su * s).max(axis + t / 2.0 + gn * s + num.d);
            v = (sv * s).max(den.a - axis + t / 2.0 + gd * s);
        } else {
            let (su, sv, gap_min) = if style.display {
                (
                    c.stack_top_display_style_shift_up,
                    c.stack_bottom_display_style_shift_down,
                    c.stack_display_style_gap_min,
                )
            } else {
                (
                    c.stack_top_shift_up,
                    c.stack_bottom_shift_down,
                    c.stack_gap_min,
                )
            };
            u = su * s;
            v = sv * s;
            let gap = (u - num.d) - (den.a - v);
            if gap < gap_min * s {
                let more = (gap_min * s - gap) / 2.0;
                u += more;
                v += more;
            }
        }
        // TeX's \nulldelimiterspace (1.2 pt at 10 pt) on each side.
        let pad = 0.12 * s;
        let inner_w = num.w.max(den.w);
        let mut b = MBox::default();
        let (nw, dw) = (num.w, den.w);
        b.put(num, pad + (inner_w - nw) / 2.0, u);
        b.put(den, pad + (inner_w - dw) / 2.0, -v);
        if t > 0.0 {
            b.rule(pad, axis - t / 2.0, inner_w, t, style.color);
        }
        b.w = inner_w + 2.0 * pad;
        b.accent_x = Some(b.w / 2.0);
        b
    }

    fn radical(&mut self, base: MBox, degree: Option<MBox>, style: Style) -> MBox {
        let c = self.font.constants;
        let s = self.scale(style);
        let t = c.radical_rule_thickness * s;
        let mut gap = if style.display {
            c.radical_display_style_vertical_gap
        } else {
            c.radical_vertical_gap
        } * s;
        let target = base.a + base.d + gap + t;
        let Some(surd_gid) = self.font.glyph('√') else {
            return base;
        };
        // The surd, at least `target` tall, its top at the rule's top.
        let surd = match self.font.stretch(surd_gid, true, target / s) {
            Stretched::Glyph(g) => {
                let m = self.font.metrics(g);
                (
                    vec![(g, 0.0)],
                    (m.ascent + m.descent) * s,
                    m.advance * s,
                    m.descent * s,
                )
            }
            Stretched::Assembly { parts, size } => {
                let w = parts
                    .iter()
                    .map(|&(g, _)| self.font.metrics(g).advance)
                    .fold(0.0, f32::max)
                    * s;
                let placed = parts
                    .into_iter()
                    .map(|(g, off)| (g, off * s + self.font.metrics(g).descent * s))
                    .collect();
                (placed, size * s, w, 0.0)
            }
        };
        let (parts, height, surd_w, first_descent) = surd;
        if height > target {
            gap += (height - target) / 2.0;
        }
        let rule_top = base.a + gap + t;
        let surd_bottom = rule_top - height;
        let mut b = MBox::default();
        // The degree, tucked into the surd's notch.
        let mut x = 0.0;
        if let Some(deg) = degree {
            let before = c.radical_kern_before_degree * s;
            let after = c.radical_kern_after_degree * s;
            let raise = c.radical_degree_bottom_raise * height;
            let dy = surd_bottom + raise + deg.d;
            let dw = deg.w;
            b.put(deg, before, dy);
            x = (before + dw + after).max(0.0);
        }
        for (i, (g, offset)) in parts.into_iter().enumerate() {
            let y = if i == 0 && offset == 0.0 {
                surd_bottom + first_descent
            } else {
                surd_bottom + offset
            };
            b.items.push(Item::Glyph(Glyph {
                font: 0,
                gid: g,
                x,
                y,
                size: s,
                text: if i == 0 {
                    "√".to_owned()
                } else {
                    String::new()
                },
                color: style.color,
            }));
        }
        b.a = b.a.max(rule_top);
        b.d = b.d.max(-surd_bottom);
        let bw = base.w;
        b.put(base, x + surd_w, 0.0);
        b.rule(x + surd_w, rule_top - t, bw, t, style.color);
        b.a = b.a.max(rule_top + c.radical_extra_ascender * s);
        b.w = x + surd_w + bw;
        b
    }

    /// `msub`, `msup`, `msubsup`.
    fn scripts(&mut self, n: &Node, style: Style) -> MBox {
        let base_node = n.children.first();
        let base = base_node.map(|c| self.node(c, style)).unwrap_or_default();
        let (sub_node, sup_node) = match n.tag {
            Tag::Msub => (n.children.get(1), None),
            Tag::Msup => (None, n.children.get(1)),
            _ => (n.children.get(1), n.children.get(2)),
        };
        let largeop = base_node
            .and_then(core_op)
            .is_some_and(|op| self.op_info(op, Form::Prefix, style).largeop);
        let sub = sub_node.map(|c| self.node(c, style.script().cramp()));
        if let Some(p) = sup_node.filter(|p| is_prime(p)) {
            // `f'`: the face's prime is drawn raised at text size (a superscript-size prime,
            // lifted again, would float above the letter), right after the base.
            let prime = self.node(p, style);
            let mut b = self.attach(base, sub, None, style, largeop);
            let x = b.w
                - if sub_node.is_some() {
                    0.0
                } else {
                    self.font.constants.space_after_script * self.scale(style)
                };
            let pw = prime.w;
            b.put(prime, x, 0.0);
            b.w = x + pw;
            return b;
        }
        let sup = sup_node.map(|c| self.node(c, style.script()));
        self.attach(base, sub, sup, style, largeop)
    }

    /// Places scripts beside `base` (MathML Core §3.4.3 with the MATH constants).
    fn attach(
        &mut self,
        base: MBox,
        sub: Option<MBox>,
        sup: Option<MBox>,
        style: Style,
        largeop: bool,
    ) -> MBox {
        let c = self.font.constants;
        let s = self.scale(style);
        let drops = !base.token;
        let mut v = 0.0f32;
        let mut u = 0.0f32;
        if let Some(sub) = &sub {
            v = (c.subscript_shift_down * s).max(sub.a - c.subscript_top_max * s);
            if drops {
                v = v.max(base.d + c.subscript_baseline_drop_min * s);
            }
        }
        if let Some(sup) = &sup {
            let shift = if style.cramped {
                c.superscript_shift_up_cramped
            } else {
                c.superscript_shift_up
            };
            u = (shift * s).max(sup.d + c.superscript_bottom_min * s);
            if drops {
                u = u.max(base.a - c.superscript_baseline_drop_max * s);
            }
        }
        if let (Some(sub), Some(sup)) = (&sub, &sup) {
            let gap = (u - sup.d) - (sub.a - v);
            if gap < c.sub_superscript_gap_min * s {
                v += c.sub_superscript_gap_min * s - gap;
                let psi = c.superscript_bottom_max_with_subscript * s - (u - sup.d);
                if psi > 0.0 {
                    u += psi;
                    v -= psi;
                }
            }
        }
        let italic = base.italic;
        let bw = base.w;
        let mut b = MBox::default();
        b.put(base, 0.0, 0.0);
        b.accent_x = None;
        let mut right = bw;
        if let Some(sub) = sub {
            let x = if largeop { bw - italic } else { bw };
            right = right.max(x + sub.w);
            b.put(sub, x, -v);
        }
        if let Some(sup) = sup {
            let x = bw + italic;
            right = right.max(x + sup.w);
            b.put(sup, x, u);
        }
        b.w = right + c.space_after_script * s;
        b
    }

    fn multiscripts(&mut self, n: &Node, style: Style) -> MBox {
        let base = n
            .children
            .first()
            .map(|c| self.node(c, style))
            .unwrap_or_default();
        let mut post: Vec<&Node> = Vec::new();
        let mut pre: Vec<&Node> = Vec::new();
        let mut in_pre = false;
        for c in n.children.iter().skip(1) {
            if c.tag == Tag::Mprescripts {
                in_pre = true;
            } else if in_pre {
                pre.push(c);
            } else {
                post.push(c);
            }
        }
        let script_row = |list: &[&Node], l: &mut Self| -> (Option<MBox>, Option<MBox>) {
            let (mut sub, mut sup): (Option<MBox>, Option<MBox>) = (None, None);
            for pair in list.chunks(2) {
                let add = |slot: &mut Option<MBox>, b: MBox| {
                    let acc = slot.get_or_insert_with(MBox::default);
                    let x = acc.w;
                    acc.put(b, x, 0.0);
                };
                add(&mut sub, l.node(pair[0], style.script().cramp()));
                if let Some(sp) = pair.get(1) {
                    add(&mut sup, l.node(sp, style.script()));
                }
            }
            (
                sub.filter(|b| !b.items.is_empty()),
                sup.filter(|b| !b.items.is_empty()),
            )
        };
        let (post_sub, post_sup) = script_row(&post, self);
        let (pre_sub, pre_sup) = script_row(&pre, self);
        let mut b = MBox::default();
        let mut x = 0.0;
        if pre_sub.is_some() || pre_sup.is_some() {
            let pre_w = pre_sub
                .as_ref()
                .map_or(0.0, |b| b.w)
                .max(pre_sup.as_ref().map_or(0.0, |b| b.w));
            let pre_box = self.attach(MBox::default(), pre_sub, pre_sup, style, false);
            b.put(pre_box, 0.0, 0.0);
            x = pre_w;
        }
        let main = self.attach(base, post_sub, post_sup, style, false);
        b.put(main, x, 0.0);
        b
    }

    /// `munder`, `mover`, `munderover`: limits, accents, stretched arrows and braces.
    fn under_over(&mut self, n: &Node, style: Style) -> MBox {
        let c = self.font.constants;
        let s = self.scale(style);
        let base_node = n.children.first();
        let (under_node, over_node) = match n.tag {
            Tag::Munder => (n.children.get(1), None),
            Tag::Mover => (None, n.children.get(1)),
            _ => (n.children.get(1), n.children.get(2)),
        };
        let base_op = base_node.and_then(core_op);
        let base_info = base_op.map(|op| self.op_info(op, Form::Prefix, style));
        let movable = base_info.is_some_and(|i| i.movablelimits);
        if movable && !style.display {
            // Limits beside the operator in text style (`\sum_i^n` inline).
            let base = base_node.map(|b| self.node(b, style)).unwrap_or_default();
            let sub = under_node.map(|c| self.node(c, style.script().cramp()));
            let sup = over_node.map(|c| self.node(c, style.script()));
            let largeop = base_info.is_some_and(|i| i.largeop);
            return self.attach(base, sub, sup, style, largeop);
        }
        let largeop = base_info.is_some_and(|i| i.largeop);
        let accent = n.flag("accent").unwrap_or(false)
            || over_node.is_some_and(|o| o.tag == Tag::Mo && o.flag("accent") == Some(true));
        let accent_under = n.flag("accentunder").unwrap_or(false);
        // The base first, unless it is itself a stretchy operator (an arrow under `\xrightarrow`'s
        // label stretches to the label).
        let base_stretches = base_node.is_some_and(|b| {
            b.tag == Tag::Mo
                && base_info.is_some_and(|i| i.stretchy)
                && b.text.chars().next().is_some_and(|ch| {
                    self.font
                        .glyph(ch)
                        .is_some_and(|g| self.font.can_stretch(g, false))
                })
        });
        let script_style = |acc: bool| if acc { style } else { style.script() };
        // A spacing accent (math-core writes `ˆ`, `¯`) is set as its combining form, which
        // math faces design for placement over a letter.
        let mut combining_accent = false;
        let mut over = over_node
            .filter(|o| !self.stretches_horizontally(o))
            .map(|o| {
                let ch = o.text.chars().next().unwrap_or(' ');
                let cc = combining(ch);
                if accent
                    && o.tag == Tag::Mo
                    && o.text.chars().count() == 1
                    && is_combining(cc)
                    && self.font.glyph(cc).is_some()
                {
                    combining_accent = true;
                    let os = self.apply_attrs(o, style);
                    return self.char_box(cc, s, os.color);
                }
                self.node(o, script_style(accent))
            });
        let mut under = under_node
            .filter(|u| !self.stretches_horizontally(u))
            .map(|u| self.node(u, script_style(accent_under).cramp()));
        let mut base = if base_stretches {
            None
        } else {
            base_node.map(|b| self.node(b, style))
        };
        let widest = [&base, &over, &under]
            .iter()
            .filter_map(|b| b.as_ref().map(|b| b.w))
            .fold(0.0, f32::max);
        if base.is_none() {
            let b = base_node.expect("base_stretches implies a base");
            let ch = b.text.chars().next().unwrap_or(' ');
            let gid = self.font.glyph(ch).unwrap_or(0);
            // A stretched arrow is as wide as its label plus a little on each side.
            base = Some(self.stretched_horizontal(gid, ch, widest.max(s), style));
        }
        let mut base = base.unwrap_or_default();
        // Bars become rules; other stretchy scripts stretch to the base.
        let mut over_rule = false;
        let mut under_rule = false;
        if let Some(o) = over_node.filter(|o| self.stretches_horizontally(o)) {
            if is_line(o) {
                over_rule = true;
            } else {
                // A wide accent (`\widehat`: a stretchy combining mark) is one of the face's
                // wider accent variants, placed like an accent.
                combining_accent = accent
                    && o.text
                        .chars()
                        .next()
                        .is_some_and(|c| is_combining(combining(c)));
                let os = if combining_accent {
                    style
                } else {
                    script_style(accent)
                };
                let ch = o.text.chars().next().map(combining).unwrap_or(' ');
                over = Some(match self.font.glyph(ch).filter(|_| combining_accent) {
                    Some(gid) => {
                        let os = self.apply_attrs(o, os);
                        self.stretched_horizontal(gid, ch, base.w, os)
                    }
                    None => self.stretch_script(o, base.w, os),
                });
            }
        }
        if let Some(u) = under_node.filter(|u| self.stretches_horizontally(u)) {
            if is_line(u) {
                under_rule = true;
            } else {
                under = Some(self.stretch_script(u, base.w, script_style(accent_under)));
            }
        }
        let mut b = MBox::default();
        let width = [
            Some(base.w),
            over.as_ref().map(|o| o.w),
            under.as_ref().map(|u| u.w),
        ]
        .into_iter()
        .flatten()
        .fold(0.0, f32::max);
        let italic = if largeop { base.italic } else { 0.0 };
        let base_x = (width - base.w) / 2.0;
        let base_a = base.a;
        let base_d = base.d;
        let base_accent_x = base.accent_x.unwrap_or(base.w / 2.0);
        let base_token = base.token;
        let base_w = base.w;
        base.accent_x = None;
        b.put(base, base_x, 0.0);
        b.w = width;
        if over_rule {
            let t = c.overbar_rule_thickness * s;
            let y = base_a + c.overbar_vertical_gap * s;
            b.rule(base_x, y, base_w, t, style.color);
            b.a = b.a.max(y + t + c.overbar_extra_ascender * s);
        }
        if under_rule {
            let t = c.underbar_rule_thickness * s;
            let y = -base_d - c.underbar_vertical_gap * s - t;
            b.rule(base_x, y, base_w, t, style.color);
            b.d = b.d.max(-y + c.underbar_extra_descender * s);
        }
        if let Some(o) = over {
            let (x, y) = if combining_accent {
                // TeX's and MathML Core's accent: the glyph is drawn for a base no taller than
                // AccentBaseHeight; a taller base raises it by the difference.
                let y = (base_a - c.accent_base_height * s).max(0.0);
                let attach = o.accent_x.unwrap_or(o.w / 2.0);
                let anchor = if base_token {
                    base_accent_x
                } else {
                    base_w / 2.0
                };
                (base_x + anchor - attach, y)
            } else if accent {
                // A stretched accent (brace, arrow, wide hat) over its base: the stack gap
                // between a stretched element and what is below it.
                let gap = c.stretch_stack_gap_below_min * s;
                ((width - o.w) / 2.0, base_a + gap + o.d)
            } else if largeop {
                let y = (base_a + c.upper_limit_gap_min * s + o.d)
                    .max(base_a + c.upper_limit_baseline_rise_min * s - base_a.min(0.0));
                ((width - o.w) / 2.0 + italic / 2.0, y)
            } else {
                let y = base_a + c.upper_limit_gap_min * s + o.d;
                ((width - o.w) / 2.0, y)
            };
            b.put(o, x, y);
        }
        if let Some(u) = under {
            let y = if accent_under {
                -base_d - c.stretch_stack_gap_above_min * s - u.a
            } else if largeop {
                (-base_d - c.lower_limit_gap_min * s - u.a)
                    .min(-c.lower_limit_baseline_drop_min * s)
            } else {
                -base_d - c.lower_limit_gap_min * s - u.a
            };
            let x = (width - u.w) / 2.0 - italic / 2.0;
            b.put(u, x, y);
        }
        // As wide as the widest of base and scripts: a combining accent's ink may hang past
        // its origin, but it never widens the box (TeX's \accent).
        b.w = width;
        b.accent_x = Some(width / 2.0);
        b
    }

    /// A script that stretches to its base's width (arrows, braces, wide accents).
    fn stretches_horizontally(&self, n: &Node) -> bool {
        if n.tag != Tag::Mo || n.flag("stretchy") == Some(false) {
            return false;
        }
        let mut chars = n.text.chars();
        let (Some(ch), None) = (chars.next(), chars.next()) else {
            return false;
        };
        if LINE_ACCENTS.contains(&ch) {
            return n.flag("stretchy") == Some(true) || ch == '\u{0332}' || ch == '‾';
        }
        (lookup(&n.text, Form::Postfix).stretchy || n.flag("stretchy") == Some(true))
            && self
                .font
                .glyph(ch)
                .is_some_and(|g| self.font.can_stretch(g, false))
    }

    fn stretch_script(&mut self, n: &Node, width: f32, style: Style) -> MBox {
        let style = self.apply_attrs(n, style);
        let ch = n.text.chars().next().unwrap_or(' ');
        let Some(gid) = self.font.glyph(ch) else {
            return self.node(n, style);
        };
        self.stretched_horizontal(gid, ch, width, style)
    }

    fn padded(&mut self, n: &Node, style: Style) -> MBox {
        let s = self.scale(style);
        let mut inner = self.row(&flat_children(n), style, false);
        let len = |k: &str| {
            n.attr(k)
                .filter(|v| !v.starts_with('+') && !v.starts_with('-') && !v.ends_with('%'))
                .and_then(tree::mathml_length)
                .map(|v| v * s)
        };
        let lspace = len("lspace").unwrap_or(0.0);
        let voffset = n
            .attr("voffset")
            .and_then(tree::mathml_length)
            .map_or(0.0, |v| v * s);
        let mut b = MBox::default();
        let (w, a, d) = (inner.w, inner.a, inner.d);
        inner.accent_x = None;
        b.put(inner, lspace, voffset);
        b.w = len("width").unwrap_or(w + lspace);
        b.a = len("height").unwrap_or(a + voffset);
        b.d = len("depth").unwrap_or(d - voffset);
        b
    }

    fn enclose(&mut self, n: &Node, style: Style) -> MBox {
        let s = self.scale(style);
        let inner = self.row(&flat_children(n), style, false);
        let notation = n.attr("notation").unwrap_or("longdiv").to_owned();
        let t = self.font.constants.fraction_rule_thickness * s;
        let pad = 0.2 * s;
        let (w, a, d) = (inner.w, inner.a, inner.d);
        let mut b = MBox::default();
        b.put(inner, pad, 0.0);
        let (x0, x1, y0, y1) = (0.0, w + 2.0 * pad, -d - pad, a + pad);
        for part in notation.split_whitespace() {
            match part {
                "box" | "roundedbox" => {
                    b.rule(x0, y0, x1 - x0, t, style.color);
                    b.rule(x0, y1 - t, x1 - x0, t, style.color);
                    b.rule(x0, y0, t, y1 - y0, style.color);
                    b.rule(x1 - t, y0, t, y1 - y0, style.color);
                }
                "top" => b.rule(x0, y1 - t, x1 - x0, t, style.color),
                "bottom" => b.rule(x0, y0, x1 - x0, t, style.color),
                "left" => b.rule(x0, y0, t, y1 - y0, style.color),
                "right" => b.rule(x1 - t, y0, t, y1 - y0, style.color),
                "horizontalstrike" => {
                    let axis = self.font.constants.axis_height * s;
                    b.rule(x0, axis - t / 2.0, x1 - x0, t, style.color);
                }
                _ => {}
            }
        }
        b.w = x1;
        b
    }

    /// A table centred on the math axis: columns as wide as their widest cell (cells aligned
    /// by their `text-align`), percentage columns sharing what the available width leaves (an
    /// equation number goes to the right edge), array rules from cell borders.
    fn table(&mut self, n: &Node, style: Style) -> MBox {
        let s = self.scale(style);
        let axis = self.font.constants.axis_height * s;
        let rows: Vec<&Node> = n.children.iter().filter(|r| r.tag == Tag::Mtr).collect();
        struct Cell<'n> {
            node: &'n Node,
            b: MBox,
        }
        let mut grid: Vec<Vec<Cell>> = Vec::new();
        for r in &rows {
            let rs = self.apply_attrs(r, style);
            let mut cells = Vec::new();
            for td in r.children.iter().filter(|c| c.tag == Tag::Mtd) {
                let cs = self.apply_attrs(td, rs);
                let b = self.row(&flat_children(td), cs, false);
                cells.push(Cell { node: td, b });
            }
            grid.push(cells);
        }
        // A trailing `\\` leaves an empty last row, which TeX does not show.
        while grid.len() > 1
            && grid
                .last()
                .is_some_and(|r| r.iter().all(|c| c.b.items.is_empty()))
        {
            grid.pop();
        }
        let ncols = grid.iter().map(Vec::len).max().unwrap_or(0);
        // MathML Core's 0.4 em each side of a cell, except at the table's outer edges (amsmath's
        // matrices and `cases` start right at their delimiters; a number at the margin).
        let default_pad = 0.4 * s;
        let pad = |j: usize, c: &Cell, left: bool| {
            let edge = if left { j == 0 } else { j + 1 == ncols };
            let default = if edge { 0.0 } else { default_pad };
            if left {
                c.node.css.padding_left.map_or(default, |p| p * s)
            } else {
                c.node.css.padding_right.map_or(default, |p| p * s)
            }
        };
        let mut widths = vec![0.0f32; ncols];
        let mut percent = vec![None::<f32>; ncols];
        for row in &grid {
            for (j, c) in row.iter().enumerate() {
                if let Some(p) = c.node.css.width_percent {
                    percent[j] = Some(percent[j].unwrap_or(0.0).max(p));
                }
                widths[j] = widths[j].max(pad(j, c, true) + c.b.w + pad(j, c, false));
            }
        }
        let full = n.css.width_percent.map(|p| self.available * p / 100.0);
        if let Some(full) = full {
            let fixed: f32 = (0..ncols)
                .filter(|&j| percent[j].is_none())
                .map(|j| widths[j])
                .sum();
            let total_pct: f32 = percent.iter().flatten().sum();
            let leftover = (full - fixed).max(0.0);
            let free: Vec<usize> = (0..ncols).filter(|&j| percent[j].is_none()).collect();
            if total_pct < 100.0 && !free.is_empty() {
                // `multline`'s 7.5 % margins: each percentage of the whole width, and the
                // content columns share the rest (so its first line starts at the left margin).
                let mut rest = full;
                for j in 0..ncols {
                    if let Some(p) = percent[j] {
                        widths[j] = widths[j].max(full * p / 100.0);
                        rest -= widths[j];
                    }
                }
                let content: f32 = free.iter().map(|&j| widths[j]).sum();
                if rest > content {
                    let extra = (rest - content) / free.len() as f32;
                    for &j in &free {
                        widths[j] += extra;
                    }
                }
            } else {
                // Equation numbers (50 % + 50 %): the spacers share what the content leaves.
                for j in 0..ncols {
                    if let Some(p) = percent[j] {
                        let share = if total_pct > 0.0 {
                            leftover * p / total_pct
                        } else {
                            0.0
                        };
                        widths[j] = widths[j].max(share);
                    }
                }
            }
            // When the content does not fit, the spacer columns shrink to their content.
            let sum: f32 = widths.iter().sum();
            if sum > full {
                for j in 0..ncols {
                    if percent[j].is_some() {
                        let content = grid
                            .iter()
                            .filter_map(|r| r.get(j))
                            .map(|c| c.b.w)
                            .fold(0.0, f32::max);
                        widths[j] = content;
                    }
                }
            }
        }
        // Rows: at least a strut tall (TeX's arrays: 0.7 and 0.3 of a 1.2 em baseline skip).
        let strut_a = 0.84 * s * if style.display { 1.0 } else { 0.85 };
        let strut_d = 0.36 * s * if style.display { 1.0 } else { 0.85 };
        let row_gap = if style.display { 0.3 } else { 0.12 } * s;
        let heights: Vec<(f32, f32)> = grid
            .iter()
            .map(|r| {
                r.iter()
                    .fold((strut_a, strut_d), |(a, d), c| (a.max(c.b.a), d.max(c.b.d)))
            })
            .collect();
        let total: f32 = heights.iter().map(|(a, d)| a + d).sum::<f32>()
            + row_gap * heights.len().saturating_sub(1) as f32;
        let top = axis + total / 2.0;
        let mut b = MBox::default();
        let mut y_top = top;
        let table_w: f32 = widths.iter().sum();
        let color = style.color;
        for (i, row) in grid.into_iter().enumerate() {
            let (ra, rd) = heights[i];
            let baseline = y_top - ra;
            let mut x = 0.0;
            for (j, cell) in row.into_iter().enumerate() {
                let (pl, pr) = (pad(j, &cell, true), pad(j, &cell, false));
                let inner = widths[j] - pl - pr;
                let align = cell.node.css.align.unwrap_or(Align::Center);
                let dx = match align {
                    Align::Left => pl,
                    Align::Right => pl + (inner - cell.b.w).max(0.0),
                    Align::Center => pl + (inner - cell.b.w).max(0.0) / 2.0,
                };
                let half_gap = row_gap / 2.0;
                if let Some(bt) = cell.node.css.border_top {
                    b.rule(x, y_top + half_gap - bt * s / 2.0, widths[j], bt * s, color);
                }
                if let Some(br) = cell.node.css.border_right {
                    let y0 = baseline - rd - half_gap;
                    let y1 = y_top + half_gap;
                    b.rule(x + widths[j] - br * s / 2.0, y0, br * s, y1 - y0, color);
                }
                if let Some(id) = cell.node.attr("id") {
                    b.anchors.push((id.to_owned(), y_top));
                }
                let mut cb = cell.b;
                cb.accent_x = None;
                b.put(cb, x + dx, baseline);
                x += widths[j];
            }
            y_top = baseline - rd - row_gap;
        }
        b.w = table_w;
        b.a = b.a.max(top);
        b.d = b.d.max(total - top);
        b
    }
}

/// A superscript of primes only (`′`, `″`, `‴`, `⁗`).
fn is_prime(n: &Node) -> bool {
    matches!(n.tag, Tag::Mo | Tag::Mi)
        && !n.text.is_empty()
        && n.text.chars().all(|c| matches!(c, '′' | '″' | '‴' | '⁗'))
}

fn is_line(n: &Node) -> bool {
    let mut chars = n.text.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if LINE_ACCENTS.contains(&c))
}

#[cfg(test)]
mod tests;
