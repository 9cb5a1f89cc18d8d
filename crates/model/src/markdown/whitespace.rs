//! White space in running text, resolved once in the model so both backends print the same
//! thing: soft line breaks follow the CSS Text 3 segment-break transformation
//! (<https://www.w3.org/TR/css-text-3/#line-break-transform>), runs of spaces collapse as a
//! browser collapses them, adjacent text is merged.
//!
//! While a block is built, a soft line break is kept as `'\n'` inside `Inline::Text` (Markdown
//! text never holds a raw newline outside code); `normalize_leaf` turns each one into a space or
//! nothing once both neighbours are known.

use crate::document::{Image, Inline, Length};
use crate::markdown::kramdown::parse_ial;

/// Whether a segment break between `before` and `after` disappears.
///
/// CSS Text 3: removed when both sides are East Asian Wide/Fullwidth/Halfwidth and neither is
/// Hangul (Korean keeps spaces between words). We also remove it when either side is CJK
/// punctuation, so `大きくて、` + newline + `Service,` joins without the space a Japanese reader
/// would see as a typo.
pub(crate) fn segment_break_vanishes(before: char, after: char) -> bool {
    (is_east_asian_wide(before) && is_east_asian_wide(after))
        || is_cjk_punctuation(before)
        || is_cjk_punctuation(after)
}

fn is_east_asian_wide(c: char) -> bool {
    use unicode_width::UnicodeWidthChar;
    if is_hangul(c) {
        return false;
    }
    // Halfwidth katakana and punctuation (East Asian Width H) count as Japanese too.
    matches!(c, '\u{FF61}'..='\u{FF9F}') || c.width() == Some(2)
}

fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3130}'..='\u{318F}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'
        | '\u{FFA0}'..='\u{FFDC}')
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c,
        // CJK Symbols and Punctuation: 、。〃「」『』【】〔〕〜 …
        '\u{3000}'..='\u{303F}'
        // ・ and ー
        | '\u{30FB}' | '\u{30FC}'
        // Fullwidth ！＂＃＄％＆＇（）＊＋，－．／ ：；＜＝＞？＠ ［＼］＾＿｀ ｛｜｝～ and halfwidth ｡｢｣､･
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}')
}

/// Finishes the inlines of a leaf block (paragraph, heading, cell, caption): merges text,
/// applies span IALs to images, trims the ends and resolves white space.
pub(crate) fn normalize_leaf(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut v = normalize(inlines);
    trim_ends(&mut v);
    resolve_spaces(&mut v);
    v.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    v
}

fn normalize(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let inline = match inline {
            Inline::Emphasis { content } => Inline::Emphasis {
                content: normalize(content),
            },
            Inline::Strong { content } => Inline::Strong {
                content: normalize(content),
            },
            Inline::Strikethrough { content } => Inline::Strikethrough {
                content: normalize(content),
            },
            Inline::Superscript { content } => Inline::Superscript {
                content: normalize(content),
            },
            Inline::Subscript { content } => Inline::Subscript {
                content: normalize(content),
            },
            Inline::Link {
                target,
                title,
                content,
            } => Inline::Link {
                target,
                title,
                content: normalize(content),
            },
            other => other,
        };
        match (out.last_mut(), inline) {
            (Some(Inline::Text { text: prev }), Inline::Text { text }) => prev.push_str(&text),
            (_, inline) => out.push(inline),
        }
    }
    apply_span_ials(&mut out);
    out
}

/// kramdown's span IAL right after a span element (`[a](u){:target="_blank"}`,
/// `**b**{: .c}`, `![a](b){:width="300px"}`): it never shows. An image takes its width and
/// height, inline code its `language-…` class; the rest (targets, classes, rels) has no use in a book and is dropped. After text, or
/// at the start, kramdown leaves it as text ("span IAL after text"), and so do we (measured with
/// Jekyll 4.3.1).
fn apply_span_ials(v: &mut [Inline]) {
    for i in 1..v.len() {
        let (head, tail) = v.split_at_mut(i);
        let (Some(element), Some(Inline::Text { text })) = (head.last_mut(), tail.first_mut())
        else {
            continue;
        };
        if matches!(element, Inline::Text { .. } | Inline::LineBreak) || !text.starts_with("{:") {
            continue;
        }
        let Some(end) = text.find('}').filter(|&e| e > 2) else {
            continue;
        };
        match element {
            Inline::Image(img) => apply_size(img, &parse_ial(&text[..=end]).attrs),
            // `` `puts 1`{:.language-ruby} ``: kramdown highlights the span in that language.
            Inline::Code { language, .. } => {
                let ial = parse_ial(&text[..=end]);
                if let Some(lang) = ial.classes.iter().find_map(|c| c.strip_prefix("language-")) {
                    *language = Some(lang.to_owned());
                }
            }
            _ => {}
        }
        text.replace_range(..=end, "");
    }
}

/// Applies `width`/`height` attributes (IAL or HTML) to an image.
pub(crate) fn apply_size(img: &mut Image, attrs: &[(String, String)]) {
    for (k, v) in attrs {
        match k.as_str() {
            "width" => img.width = Length::parse(v).or(img.width),
            "height" => img.height = Length::parse(v).or(img.height),
            _ => {}
        }
    }
}

fn trim_ends(v: &mut [Inline]) {
    if let Some(Inline::Text { text }) = v.first_mut() {
        let t = text.trim_start();
        if t.len() != text.len() {
            *text = t.to_owned();
        }
    }
    if let Some(Inline::Text { text }) = v.last_mut() {
        text.truncate(text.trim_end().len());
    }
}

/// Collapses each run of white space to one space, or to nothing when it holds a segment break
/// that vanishes (see `segment_break_vanishes`) or touches a hard line break.
fn resolve_spaces(v: &mut [Inline]) {
    for i in 0..v.len() {
        let before = i.checked_sub(1).and_then(|j| v.get(j));
        let prev_char = before.and_then(last_char);
        let after_break = matches!(before, Some(Inline::LineBreak));
        let next = v.get(i + 1);
        let next_char = next.and_then(first_char);
        let before_break = matches!(next, Some(Inline::LineBreak));
        if let Some(Inline::Text { text }) = v.get_mut(i) {
            *text = collapse(text, prev_char, next_char, after_break, before_break);
        }
        match v.get_mut(i) {
            Some(Inline::Emphasis { content })
            | Some(Inline::Strong { content })
            | Some(Inline::Strikethrough { content })
            | Some(Inline::Superscript { content })
            | Some(Inline::Subscript { content })
            | Some(Inline::Link { content, .. }) => resolve_spaces(content),
            _ => {}
        }
    }
}

/// Characters kept as they are: everything but collapsible white space. The ideographic space
/// and the no-break space (`&nbsp;`, kramdown's `<< `) are never collapsed, as in a browser.
fn kept_space(c: char) -> bool {
    !c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

fn collapse(
    text: &str,
    prev: Option<char>,
    next: Option<char>,
    after_break: bool,
    before_break: bool,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut last = prev;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if kept_space(c) {
            out.push(c);
            last = Some(c);
            at_start = false;
            continue;
        }
        let mut has_newline = c == '\n';
        while let Some(&d) = chars.peek() {
            if kept_space(d) {
                break;
            }
            has_newline |= d == '\n';
            chars.next();
        }
        let following = chars.peek().copied().or(next);
        let at_end = chars.peek().is_none();
        if (at_start && after_break) || (at_end && before_break) {
            continue;
        }
        let vanishes = has_newline
            && matches!((last, following), (Some(a), Some(b)) if segment_break_vanishes(a, b));
        if !vanishes {
            out.push(' ');
        }
        at_start = false;
    }
    out
}

fn last_char(i: &Inline) -> Option<char> {
    match i {
        Inline::Text { text } | Inline::Code { text, .. } => text.chars().last(),
        Inline::Math { tex, .. } => tex.chars().last(),
        Inline::Ruby { base, .. } => base.chars().last(),
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strikethrough { content }
        | Inline::Superscript { content }
        | Inline::Subscript { content }
        | Inline::Link { content, .. } => content.last().and_then(last_char),
        Inline::Image(_) | Inline::LineBreak | Inline::FootnoteReference { .. } => None,
    }
}

fn first_char(i: &Inline) -> Option<char> {
    match i {
        Inline::Text { text } | Inline::Code { text, .. } => text.chars().next(),
        Inline::Math { tex, .. } => tex.chars().next(),
        Inline::Ruby { base, .. } => base.chars().next(),
        Inline::Emphasis { content }
        | Inline::Strong { content }
        | Inline::Strikethrough { content }
        | Inline::Superscript { content }
        | Inline::Subscript { content }
        | Inline::Link { content, .. } => content.first().and_then(first_char),
        Inline::Image(_) | Inline::LineBreak | Inline::FootnoteReference { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::text(s)
    }

    #[test]
    fn break_between_japanese_sentences_vanishes() {
        let v = normalize_leaf(vec![text("行ってきました。\n運良く補欠枠")]);
        assert_eq!(v, vec![text("行ってきました。運良く補欠枠")]);
    }

    #[test]
    fn break_after_japanese_comma_before_latin_vanishes() {
        let v = normalize_leaf(vec![text("大きくて、\nService, Replication")]);
        assert_eq!(v, vec![text("大きくて、Service, Replication")]);
    }

    #[test]
    fn break_between_latin_words_is_a_space() {
        let v = normalize_leaf(vec![text("hello\nworld")]);
        assert_eq!(v, vec![text("hello world")]);
    }

    #[test]
    fn break_between_kanji_and_latin_is_a_space() {
        let v = normalize_leaf(vec![text("日本\nDocker")]);
        assert_eq!(v, vec![text("日本 Docker")]);
    }

    #[test]
    fn break_between_hangul_is_a_space() {
        let v = normalize_leaf(vec![text("한국어\n문장")]);
        assert_eq!(v, vec![text("한국어 문장")]);
    }

    #[test]
    fn break_sees_characters_inside_neighbouring_inlines() {
        let v = normalize_leaf(vec![
            Inline::Strong {
                content: vec![text("強調")],
            },
            text("\n次の文"),
        ]);
        assert_eq!(v[1], text("次の文"));
    }

    #[test]
    fn adjacent_text_merges_and_spaces_collapse() {
        let v = normalize_leaf(vec![text("  a  "), text("  b \n ")]);
        assert_eq!(v, vec![text("a b")]);
    }

    #[test]
    fn space_next_to_hard_break_is_dropped() {
        let v = normalize_leaf(vec![text("a \n"), Inline::LineBreak, text("\n b")]);
        assert_eq!(v, vec![text("a"), Inline::LineBreak, text("b")]);
    }
}
