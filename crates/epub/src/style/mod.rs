//! The stylesheet every chapter links: made for Japanese (and Latin) reading, with a vertical
//! variant for `writing_mode = "vertical-rl"`, and the user's CSS last so it wins.

/// The horizontal sheet: fonts, spacing, kinsoku, and the classes `xhtml` writes.
const DEFAULT_CSS: &str = include_str!("default.css");
/// Overrides for vertical Japanese, appended to the default sheet.
const VERTICAL_CSS: &str = include_str!("vertical.css");

/// Where the package keeps the math face (`MATH_FONT_CSS` names it relative to the sheet).
pub const MATH_FONT_HREF: &str = "fonts/texgyretermes-math.otf";

/// For a book with formulas: the math face the PDF uses, shipped in the package, so that a
/// reader with MathML but no math font of its own (Chromium-based ones, most phones) still
/// stretches delimiters, radicals and wide accents; `math` (CSS Fonts 4) is the reader's own
/// math font, when the face cannot load.
const MATH_FONT_CSS: &str =
    "\n/* Formulas: the book's math face (TeX Gyre Termes Math, GUST Font License). */\n\
@font-face { font-family: \"TeX Gyre Termes Math\"; src: url(\"fonts/texgyretermes-math.otf\"); }\n\
math { font-family: \"TeX Gyre Termes Math\", math; }\n";

/// The package's stylesheet. `extra` (the book's `[epub] stylesheet`) comes last.
pub fn stylesheet(vertical: bool, extra: Option<&str>) -> String {
    stylesheet_for(vertical, false, extra)
}

/// The package's stylesheet, with the math face when the book has formulas (`math`).
pub fn stylesheet_for(vertical: bool, math: bool, extra: Option<&str>) -> String {
    let mut css = String::with_capacity(DEFAULT_CSS.len() + VERTICAL_CSS.len() + 512);
    css.push_str(DEFAULT_CSS);
    if vertical {
        css.push('\n');
        css.push_str(VERTICAL_CSS);
    }
    if math {
        css.push_str(MATH_FONT_CSS);
    }
    if let Some(extra) = extra.filter(|e| !e.trim().is_empty()) {
        css.push_str("\n/* The book's own stylesheet. */\n");
        // A second `@charset` would be misplaced (it is only valid first in a file).
        for line in extra.lines() {
            if !line.trim_start().starts_with("@charset") {
                css.push_str(line);
                css.push('\n');
            }
        }
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_math_face_is_declared_only_for_books_with_formulas() {
        assert!(!stylesheet(false, None).contains("@font-face"));
        let css = stylesheet_for(false, true, Some("p { color: red; }"));
        assert!(css.contains(&format!("url(\"{MATH_FONT_HREF}\")")));
        // The user's sheet still comes last.
        assert!(css.find("@font-face") < css.find("p { color: red; }"));
    }

    #[test]
    fn japanese_serif_stack_comes_first() {
        let css = stylesheet(false, None);
        assert!(css.contains("\"Hiragino Mincho ProN\", \"Yu Mincho\", \"YuMincho\""));
    }

    #[test]
    fn reading_rules_are_present() {
        let css = stylesheet(false, None);
        for key in [
            "line-height: 1.75",
            "text-align: justify",
            "line-break: strict",
            "word-break: normal",
            "overflow-wrap: anywhere",
            "white-space: pre-wrap",
        ] {
            assert!(css.contains(key), "{key}");
        }
    }

    #[test]
    fn images_never_overflow() {
        let css = stylesheet(false, None);
        assert!(css.contains("max-width: 100%;\n  height: auto;"));
    }

    #[test]
    fn every_class_the_chapters_use_is_styled() {
        let css = stylesheet(false, None);
        for class in [
            ".post-meta",
            ".post-tag",
            ".image-missing",
            ".embed",
            ".embed-url",
            ".footnotes",
            ".footnote",
            ".align-center",
            ".align-right",
            ".task-list",
            ".ln",
            ".math",
            ".raw-html",
        ] {
            assert!(css.contains(class), "{class}");
        }
    }

    #[test]
    fn horizontal_sheet_has_no_writing_mode() {
        assert!(!stylesheet(false, None).contains("writing-mode"));
    }

    #[test]
    fn vertical_sheet_sets_writing_mode_with_epub_prefix() {
        let css = stylesheet(true, None);
        assert!(css.contains("writing-mode: vertical-rl;"));
        assert!(css.contains("-epub-writing-mode: vertical-rl;"));
        assert!(css.contains("max-height: 100%"));
        // Tate-chu-yoko with all three spellings, and only on the `.tcy` spans: on a container
        // they squeeze every text run into one em (Chromium).
        for property in [
            "-epub-text-combine: horizontal;",
            "-webkit-text-combine: horizontal;",
            "text-combine-upright: all;",
        ] {
            assert!(css.contains(property), "{property}");
        }
        for (at, _) in css.match_indices("text-combine") {
            let open = css[..at].rfind('{').unwrap();
            let selector_start = css[..open].rfind(['}', '/']).map_or(0, |i| i + 1);
            assert_eq!(
                css[selector_start..open].trim(),
                ".tcy",
                "text-combine at {at}"
            );
        }
        assert!(css.contains(".upright {\n  -epub-text-orientation: upright;"));
    }

    #[test]
    fn extra_css_comes_last() {
        let css = stylesheet(true, Some("p { color: red; }"));
        assert!(css.trim_end().ends_with("p { color: red; }"));
    }

    #[test]
    fn extra_charset_rule_is_dropped() {
        let css = stylesheet(false, Some("@charset \"UTF-8\";\np { color: red; }"));
        assert_eq!(css.matches("@charset").count(), 1);
    }
}
