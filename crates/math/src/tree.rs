//! MathML (as math-core writes it: MathML Core elements, a few CSS declarations in `style`) →
//! a small owned tree the layout walks.

/// The elements layout knows. Anything else is laid out as a row of its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Math,
    Mi,
    Mn,
    Mo,
    Mtext,
    Ms,
    Mspace,
    Mrow,
    Mfrac,
    Msqrt,
    Mroot,
    Msub,
    Msup,
    Msubsup,
    Munder,
    Mover,
    Munderover,
    Mmultiscripts,
    Mprescripts,
    Mtable,
    Mtr,
    Mtd,
    Mstyle,
    Mpadded,
    Mphantom,
    Menclose,
    Merror,
    Semantics,
    /// `annotation`, `annotation-xml`: never drawn.
    Annotation,
    Other,
}

impl Tag {
    fn from_name(name: &str) -> Tag {
        match name {
            "math" => Tag::Math,
            "mi" => Tag::Mi,
            "mn" => Tag::Mn,
            "mo" => Tag::Mo,
            "mtext" => Tag::Mtext,
            "ms" => Tag::Ms,
            "mspace" => Tag::Mspace,
            "mrow" => Tag::Mrow,
            "mfrac" => Tag::Mfrac,
            "msqrt" => Tag::Msqrt,
            "mroot" => Tag::Mroot,
            "msub" => Tag::Msub,
            "msup" => Tag::Msup,
            "msubsup" => Tag::Msubsup,
            "munder" => Tag::Munder,
            "mover" => Tag::Mover,
            "munderover" => Tag::Munderover,
            "mmultiscripts" => Tag::Mmultiscripts,
            "mprescripts" => Tag::Mprescripts,
            "mtable" => Tag::Mtable,
            "mtr" | "mlabeledtr" => Tag::Mtr,
            "mtd" => Tag::Mtd,
            "mstyle" => Tag::Mstyle,
            "mpadded" => Tag::Mpadded,
            "mphantom" => Tag::Mphantom,
            "menclose" => Tag::Menclose,
            "merror" => Tag::Merror,
            "semantics" => Tag::Semantics,
            "annotation" | "annotation-xml" => Tag::Annotation,
            _ => Tag::Other,
        }
    }

    /// Token elements hold text, not elements.
    pub fn is_token(self) -> bool {
        matches!(self, Tag::Mi | Tag::Mn | Tag::Mo | Tag::Mtext | Tag::Ms)
    }
}

/// The CSS declarations math-core writes in `style` that change layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Css {
    pub color: Option<[f32; 3]>,
    /// `text-align` of a table cell.
    pub align: Option<Align>,
    /// `padding-left` / `padding-right`, em.
    pub padding_left: Option<f32>,
    pub padding_right: Option<f32>,
    /// `width: N%` (of the available width): equation-number tables and their spacer cells.
    pub width_percent: Option<f32>,
    /// `border-top` / `border-right` widths, em (array rules).
    pub border_top: Option<f32>,
    pub border_right: Option<f32>,
    /// `margin-left` (negative spaces), em.
    pub margin_left: Option<f32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub tag: Tag,
    pub attrs: Vec<(String, String)>,
    pub css: Css,
    pub children: Vec<Node>,
    /// Token elements: their text.
    pub text: String,
}

impl Node {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A boolean attribute (`"true"`/`"false"`), if present.
    pub fn flag(&self, name: &str) -> Option<bool> {
        match self.attr(name)?.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

/// Parses a `<math>` element (or any MathML fragment with one root).
pub fn parse(mathml: &str) -> Result<Node, String> {
    let doc = roxmltree::Document::parse(mathml).map_err(|e| e.to_string())?;
    Ok(convert(doc.root_element()))
}

fn convert(n: roxmltree::Node) -> Node {
    let tag = Tag::from_name(n.tag_name().name());
    let attrs: Vec<(String, String)> = n
        .attributes()
        .map(|a| (a.name().to_owned(), a.value().to_owned()))
        .collect();
    let css = attrs
        .iter()
        .find(|(k, _)| k == "style")
        .map(|(_, v)| parse_css(v))
        .unwrap_or_default();
    let mut text = String::new();
    let mut children = Vec::new();
    if tag.is_token() {
        // Markup inside tokens (`<mglyph>`, stray HTML) contributes its text.
        for d in n.descendants().filter(|d| d.is_text()) {
            text.push_str(d.text().unwrap_or(""));
        }
        if tag != Tag::Mtext && tag != Tag::Ms {
            text = text.trim().to_owned();
        }
    } else {
        children = n
            .children()
            .filter(|c| c.is_element())
            .map(convert)
            .collect();
    }
    Node {
        tag,
        attrs,
        css,
        children,
        text,
    }
}

/// A CSS length in em (`em`, `ex` ≈ 0.45 em, `px` at 16 px/em, `pt`, `mm`, `cm`, `in` at a
/// 10 pt em, bare `0`). Percentages are not lengths here.
pub fn length_em(v: &str) -> Option<f32> {
    let v = v.trim();
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(split);
    let n: f32 = num.parse().ok()?;
    let em = match unit.trim() {
        "em" => n,
        "ex" => n * 0.45,
        "px" => n / 16.0,
        "pt" => n / 10.0,
        "mm" => n / 10.0 * 72.0 / 25.4,
        "cm" => n / 10.0 * 72.0 / 2.54,
        "in" => n * 7.2,
        "mu" => n / 18.0,
        "" if n == 0.0 => 0.0,
        _ => return None,
    };
    em.is_finite().then_some(em)
}

/// MathML's named spaces and lengths (`thinmathspace`, `0.1667em`, …), em.
pub fn mathml_length(v: &str) -> Option<f32> {
    let named = match v.trim() {
        "veryverythinmathspace" => Some(1.0 / 18.0),
        "verythinmathspace" => Some(2.0 / 18.0),
        "thinmathspace" => Some(3.0 / 18.0),
        "mediummathspace" => Some(4.0 / 18.0),
        "thickmathspace" => Some(5.0 / 18.0),
        "verythickmathspace" => Some(6.0 / 18.0),
        "veryverythickmathspace" => Some(7.0 / 18.0),
        _ => None,
    };
    named.or_else(|| length_em(v))
}

fn parse_color(v: &str) -> Option<[f32; 3]> {
    let v = v.trim();
    if let Some(hex) = v.strip_prefix('#') {
        let h = |s: &str| u8::from_str_radix(s, 16).ok().map(|b| f32::from(b) / 255.0);
        return match hex.len() {
            6 => Some([h(&hex[0..2])?, h(&hex[2..4])?, h(&hex[4..6])?]),
            3 => {
                let d = |i: usize| h(&hex[i..i + 1].repeat(2));
                Some([d(0)?, d(1)?, d(2)?])
            }
            _ => None,
        };
    }
    let named = |r: u8, g: u8, b: u8| Some([r, g, b].map(|c| f32::from(c) / 255.0));
    match v.to_ascii_lowercase().as_str() {
        "black" => named(0, 0, 0),
        "white" => named(255, 255, 255),
        "red" => named(255, 0, 0),
        "green" => named(0, 128, 0),
        "blue" => named(0, 0, 255),
        "yellow" => named(255, 255, 0),
        "cyan" => named(0, 255, 255),
        "magenta" => named(255, 0, 255),
        "gray" | "grey" => named(128, 128, 128),
        "orange" => named(255, 165, 0),
        "purple" => named(128, 0, 128),
        "brown" => named(165, 42, 42),
        _ => None,
    }
}

pub fn color(v: &str) -> Option<[f32; 3]> {
    parse_color(v)
}

fn parse_css(style: &str) -> Css {
    let mut css = Css::default();
    for decl in style.split(';') {
        let Some((k, v)) = decl.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.trim() {
            "color" => css.color = parse_color(v),
            "text-align" => {
                css.align = match v {
                    "left" | "start" => Some(Align::Left),
                    "right" | "end" => Some(Align::Right),
                    "center" => Some(Align::Center),
                    _ => None,
                }
            }
            "padding-left" => css.padding_left = length_em(v),
            "padding-right" => css.padding_right = length_em(v),
            "width" => css.width_percent = v.strip_suffix('%').and_then(|p| p.trim().parse().ok()),
            "border-top" => css.border_top = v.split_whitespace().next().and_then(length_em),
            "border-right" => css.border_right = v.split_whitespace().next().and_then(length_em),
            "margin-left" => css.margin_left = length_em(v),
            _ => {}
        }
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_math_core_output() {
        let n = parse(r#"<math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><mtd style="width: 50%;text-align: right;justify-items: end;padding-left:1em;"><mo lspace="0">&gt;</mo><mtext>for all </mtext></mtd></math>"#).unwrap();
        assert_eq!(n.tag, Tag::Math);
        assert_eq!(n.attr("display"), Some("block"));
        let td = &n.children[0];
        assert_eq!(td.css.width_percent, Some(50.0));
        assert_eq!(td.css.align, Some(Align::Right));
        assert_eq!(td.css.padding_left, Some(1.0));
        assert_eq!(td.children[0].text, ">");
        assert_eq!(td.children[1].text, "for all ");
    }

    #[test]
    fn lengths_and_colours() {
        assert_eq!(mathml_length("thickmathspace"), Some(5.0 / 18.0));
        assert_eq!(mathml_length("0.2777778em"), Some(0.2777778));
        assert_eq!(length_em("-0.16666667em"), Some(-0.16666667));
        assert_eq!(length_em("0"), Some(0.0));
        assert_eq!(length_em("12px"), Some(0.75));
        assert_eq!(parse_color("#FF0000"), Some([1.0, 0.0, 0.0]));
        assert_eq!(parse_color("blue"), Some([0.0, 0.0, 1.0]));
        assert_eq!(parse_color("nonsense"), None);
    }
}
