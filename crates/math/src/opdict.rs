//! The operator dictionary: how an `<mo>` is spaced and whether it stretches, by its text and
//! form (MathML Core's dictionary, with TeX's habits where blog authors expect TeX: `|` and `/`
//! are ordinary, `:` is a relation, a binary operator with nothing on its left is unary).

/// Where an operator stands in its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Prefix,
    Infix,
    Postfix,
}

/// TeX's atom class, as far as spacing needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Ord,
    Op,
    Bin,
    Rel,
    Open,
    Close,
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpInfo {
    pub class: Class,
    /// em.
    pub lspace: f32,
    pub rspace: f32,
    pub stretchy: bool,
    pub symmetric: bool,
    pub largeop: bool,
    pub movablelimits: bool,
    /// Draws nothing (U+2061–U+2064).
    pub invisible: bool,
}

const THIN: f32 = 3.0 / 18.0;
const MEDIUM: f32 = 4.0 / 18.0;
const THICK: f32 = 5.0 / 18.0;

const OPEN: &str = "([{⟨⌊⌈⟦⦃⟮⦇〈❲⟬";
const CLOSE: &str = ")]}⟩⌋⌉⟧⦄⟯⦈〉❳⟭";
/// `∣` (`\mid`) and `∥` (`\parallel`) are relations, not fences: they never stretch.
const BOTH_FENCES: &str = "|‖¦⦀";
const REL: &str = "=<>≤≥≦≧≠≡≢∼≈≅≃≍≐≔≕∝→←↔⇒⇐⇔↦⟶⟵⟷⟹⟸⟺⟼↪↩↑↓↕⇑⇓⇕↗↘↙↖⇀⇁↼↽⇌⇋∈∉∋∌⊂⊃⊆⊇⊄⊅⊈⊉⊊⊋⊏⊐⊑⊒⊥⊢⊣⊨⊩⊧≺≻⪯⪰≼≽≪≫≲≳≶≷≮≯≰≱∽⊲⊳⊴⊵⋈∣∥∤∦:≜≝≞≟∷⟂⊸≀⇝⇜↠↞⇄⇆⇉⇇⇈⇊";
const BIN: &str = "+-−±∓×÷·⋅∘∙∗*⊕⊖⊗⊘⊙⊚⊛∪∩∧∨∖⊎⊓⊔⋆★†‡⋄◇△▽◁▷⊞⊟⊠⊡⋉⋊⋋⋌⋒⋓⨿⊻⊼⊽⋎⋏⊺⨯";
const PUNCT: &str = ",;";
const LARGE_LIMITS: &str = "∑∏∐⋃⋂⨁⨂⨀⨄⨆⋁⋀⨅⨉";
const INTEGRALS: &str = "∫∬∭∮∯∰∱∲∳⨌⨍⨏⨐⨑⨒⨓⨔⨕⨖⨗";
/// Stretch horizontally when over or under something.
const HORIZONTAL: &str = "→←↔⇒⇐⇔↦⟶⟵⟷⟹⟸⟺↪↩⇀⇁↼↽⇌⇋⏞⏟⏜⏝⎴⎵‾¯_̲^ˆ~˜⃗⃖⃡ˇ";
const POSTFIX_ORD: &str = "!′″‴⁗'°";
const ORD: &str = "/.…⋯⋮⋱⋰∂∇∞∅∀∃∄¬?@#%&";

fn info(class: Class, lspace: f32, rspace: f32) -> OpInfo {
    OpInfo {
        class,
        lspace,
        rspace,
        stretchy: false,
        symmetric: false,
        largeop: false,
        movablelimits: false,
        invisible: false,
    }
}

/// The dictionary entry for `text` in `form`.
pub fn lookup(text: &str, form: Form) -> OpInfo {
    let mut chars = text.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        // Names (`lim`, `sin`, `argmax`) and runs: math-core gives them explicit spacing;
        // otherwise like TeX's \operatorname, a thin space on each side. Limits under a name
        // (`\operatorname*`, `\DeclareMathOperator*`) go beside it in text style, as TeX's
        // \displaylimits does.
        return OpInfo {
            movablelimits: true,
            ..info(Class::Op, THIN, THIN)
        };
    };
    let has = |set: &str| set.contains(c);
    if ('\u{2061}'..='\u{2064}').contains(&c) {
        return OpInfo {
            invisible: true,
            ..info(Class::Ord, 0.0, 0.0)
        };
    }
    if has(OPEN) || has(CLOSE) || has(BOTH_FENCES) {
        let class = if has(OPEN) {
            Class::Open
        } else if has(CLOSE) {
            Class::Close
        } else {
            match form {
                Form::Prefix => Class::Open,
                Form::Postfix => Class::Close,
                Form::Infix => Class::Ord,
            }
        };
        return OpInfo {
            stretchy: true,
            symmetric: true,
            ..info(class, 0.0, 0.0)
        };
    }
    if has(LARGE_LIMITS) || has(INTEGRALS) {
        return OpInfo {
            largeop: true,
            movablelimits: has(LARGE_LIMITS),
            symmetric: true,
            ..info(Class::Op, THIN, THIN)
        };
    }
    let stretchy = has(HORIZONTAL) || matches!(c, '↑' | '↓' | '↕' | '⇑' | '⇓' | '⇕');
    let mut op = if has(REL) {
        info(Class::Rel, THICK, THICK)
    } else if has(BIN) {
        match form {
            Form::Infix => info(Class::Bin, MEDIUM, MEDIUM),
            // Unary: `-x`, `(+1)`.
            _ => info(Class::Ord, 0.0, 0.0),
        }
    } else if has(PUNCT) {
        info(Class::Punct, 0.0, THIN)
    } else if has(POSTFIX_ORD) || has(ORD) || has(HORIZONTAL) {
        info(Class::Ord, 0.0, 0.0)
    } else {
        // Not in the dictionary: MathML Core's default (thick spaces, infix).
        info(Class::Rel, THICK, THICK)
    };
    op.stretchy = stretchy;
    op
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_spaces() {
        assert_eq!(lookup("=", Form::Infix).class, Class::Rel);
        assert_eq!(lookup("=", Form::Infix).lspace, THICK);
        assert_eq!(lookup("+", Form::Infix).lspace, MEDIUM);
        assert_eq!(lookup("−", Form::Prefix).rspace, 0.0);
        assert_eq!(lookup(",", Form::Infix).rspace, THIN);
        assert!(lookup("(", Form::Prefix).stretchy);
        assert!(lookup("∑", Form::Prefix).movablelimits);
        assert!(!lookup("∫", Form::Prefix).movablelimits);
        assert!(lookup("⁣", Form::Infix).invisible);
        assert!(lookup("→", Form::Infix).stretchy);
        // `\mid` is a relation that keeps its size.
        assert_eq!(lookup("∣", Form::Infix).class, Class::Rel);
        assert!(!lookup("∣", Form::Infix).stretchy);
        assert_eq!(lookup("lim", Form::Prefix).class, Class::Op);
    }
}
