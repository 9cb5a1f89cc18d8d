//! How highlighted code prints: per token kind a colour and a face (regular, bold, italic).
//!
//! Paper is not a screen. The `print` theme (the default) uses dark, saturated inks that keep at
//! least 4.5:1 contrast on the code tint and print as dark greys on a black-and-white printer
//! grey values 0.22–0.36, black text at 0); what matters most does not rest on colour: keywords
//! are bold and comments italic, so a photocopy still reads.
//! `monochrome` keeps only black, one grey and the weights; `github` is GitHub's light theme
//! (Primer's `prettylights` colours) for those who want the book to look like the repository.

use hanmoto_model::config::book_toml::CodeTheme;
use hanmoto_model::highlight::TokenKind;

use crate::fonts::Role;
use crate::frame::Color;

/// How one kind of token is set; `color: None` keeps the surrounding text's colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub color: Option<Color>,
    pub weight: Weight,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
    Italic,
}

impl Weight {
    /// The code face for this weight.
    pub fn role(self) -> Role {
        match self {
            Weight::Regular => Role::Mono,
            Weight::Bold => Role::MonoBold,
            Weight::Italic => Role::MonoItalic,
        }
    }
}

const fn hex(v: u32) -> Option<Color> {
    Some(Color::rgb(
        ((v >> 16) & 0xff) as f32 / 255.0,
        ((v >> 8) & 0xff) as f32 / 255.0,
        (v & 0xff) as f32 / 255.0,
    ))
}

const fn look(color: Option<Color>, weight: Weight) -> Look {
    Look { color, weight }
}

/// The look of `kind` in `theme`.
pub fn look_of(theme: CodeTheme, kind: TokenKind) -> Look {
    use TokenKind::*;
    use Weight::*;
    match theme {
        CodeTheme::Print => match kind {
            Keyword => look(hex(0x8b0a50), Bold),
            Type => look(hex(0x005f73), Regular),
            Constant | Number | Attribute => look(hex(0x1f3f99), Regular),
            String => look(hex(0x1e6b1e), Regular),
            Escape | Regex => look(hex(0x7a4a00), Regular),
            Comment => look(hex(0x5c5c5c), Italic),
            Function => look(hex(0x5a2d8c), Regular),
            Variable => look(hex(0x7a3a10), Regular),
            Tag => look(hex(0x0b5e50), Regular),
            Heading => look(hex(0x1f3f99), Bold),
            Inserted => look(hex(0x1e6b1e), Regular),
            Deleted => look(hex(0xa0102a), Regular),
            Prompt => look(hex(0x5c5c5c), Bold),
            Output => look(hex(0x4a4a4a), Regular),
            Operator | Punctuation => look(None, Regular),
        },
        CodeTheme::Monochrome => match kind {
            Keyword | Heading | Prompt => look(None, Bold),
            Comment => look(hex(0x555555), Italic),
            Output => look(hex(0x555555), Regular),
            Deleted => look(None, Italic),
            _ => look(None, Regular),
        },
        CodeTheme::Github => match kind {
            Keyword => look(hex(0xcf222e), Regular),
            Type | Variable => look(hex(0x953800), Regular),
            Constant | Number | Attribute => look(hex(0x0550ae), Regular),
            String | Regex => look(hex(0x0a3069), Regular),
            Escape | Tag | Inserted => look(hex(0x116329), Regular),
            Comment => look(hex(0x6e7781), Italic),
            Function => look(hex(0x8250df), Regular),
            Heading => look(hex(0x0550ae), Bold),
            Deleted => look(hex(0x82071e), Regular),
            Prompt => look(hex(0x6e7781), Bold),
            Output => look(hex(0x57606a), Regular),
            Operator | Punctuation => look(None, Regular),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(c: Color) -> f32 {
        let lin = |v: f32| {
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
    }

    #[test]
    fn print_colours_keep_contrast_on_the_code_tint_and_weights_carry_meaning() {
        // The code block's tint is grey 0.955.
        let tint = luminance(Color::gray(0.955));
        for kind in TokenKind::ALL {
            let l = look_of(CodeTheme::Print, kind);
            if let Some(c) = l.color {
                let ratio = (tint + 0.05) / (luminance(c) + 0.05);
                assert!(ratio >= 4.5, "{kind:?}: contrast {ratio:.2}");
            }
        }
        for theme in [CodeTheme::Print, CodeTheme::Monochrome] {
            assert_eq!(look_of(theme, TokenKind::Keyword).weight, Weight::Bold);
            assert_eq!(look_of(theme, TokenKind::Comment).weight, Weight::Italic);
        }
    }

    #[test]
    fn monochrome_has_no_hue() {
        for kind in TokenKind::ALL {
            if let Some(c) = look_of(CodeTheme::Monochrome, kind).color {
                assert!(c.r == c.g && c.g == c.b, "{kind:?}: {c:?}");
            }
        }
    }
}
