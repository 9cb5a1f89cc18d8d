//! A cover made from the title and authors when book.toml names none: an SVG, so the reader's own
//! Japanese fonts draw the title (no font has to be embedded) and it stays sharp at any size.

use crate::xhtml::escape_attr as esc;

const WIDTH: f32 = 1600.0;
const HEIGHT: f32 = 2400.0;
const MARGIN: f32 = 150.0;

/// Characters that must not begin a line (JIS X 4051 line-start prohibitions, the common ones).
const NO_LINE_START: &str =
    "、。，．）」』】〕〉》’”・：；？！ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々…‥";

pub fn cover_svg(title: &str, subtitle: Option<&str>, authors: &[String], lang: &str) -> String {
    let mut body = String::new();
    let (size, lines) = fit(title, 150.0, 5);
    let line_height = size * 1.35;
    let top = HEIGHT * 0.38 - line_height * lines.len() as f32 / 2.0 + size;
    let y = push_lines(&mut body, &lines, top, size, line_height, "t");
    if let Some(sub) = subtitle.filter(|s| !s.trim().is_empty()) {
        let (sub_size, sub_lines) = fit(sub, 70.0, 3);
        push_lines(
            &mut body,
            &sub_lines,
            y + sub_size * 0.6,
            sub_size,
            sub_size * 1.4,
            "s",
        );
    }
    let author = authors.join(", ");
    if !author.is_empty() {
        let (a_size, a_lines) = fit(&author, 80.0, 2);
        push_lines(
            &mut body,
            &a_lines,
            HEIGHT * 0.82,
            a_size,
            a_size * 1.4,
            "a",
        );
    }
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" xml:lang="{lang}">
<title>{title}</title>
<style>
text {{ text-anchor: middle; fill: #f7f3ea; }}
.t {{ font-family: "Hiragino Mincho ProN", "Yu Mincho", "YuMincho", "Noto Serif CJK JP", "Noto Serif JP", "IPAexMincho", serif; font-weight: bold; }}
.s, .a {{ font-family: "Hiragino Kaku Gothic ProN", "Yu Gothic", "Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", sans-serif; }}
.s {{ fill: #d9d2c0; }}
</style>
<rect width="{WIDTH}" height="{HEIGHT}" fill="#1f2a44"/>
<rect x="{MARGIN}" y="{rule_y}" width="{rule_w}" height="6" fill="#c8a24a"/>
<rect x="{MARGIN}" y="{rule2_y}" width="{rule_w}" height="6" fill="#c8a24a"/>
{body}
</svg>
"##,
        lang = esc(lang),
        title = esc(title),
        rule_y = HEIGHT * 0.12,
        rule2_y = HEIGHT * 0.72,
        rule_w = WIDTH - 2.0 * MARGIN,
    )
}

/// Centred `<text>` lines from baseline `y` down; returns the baseline after the last one.
fn push_lines(
    out: &mut String,
    lines: &[String],
    mut y: f32,
    size: f32,
    step: f32,
    class: &str,
) -> f32 {
    for line in lines {
        out.push_str(&format!(
            r#"<text x="{x}" y="{y:.0}" font-size="{size:.0}" class="{class}">{}</text>"#,
            esc(line),
            x = WIDTH / 2.0
        ));
        y += step;
    }
    y
}

/// Width of `c` in ems, roughly: full-width characters 1, others about half.
fn em_width(c: char) -> f32 {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6);
    if wide {
        1.0
    } else if c == ' ' {
        0.3
    } else {
        0.58
    }
}

/// The largest font size (≤ `start`) at which `text` fits the width in at most `max_lines` lines.
fn fit(text: &str, start: f32, max_lines: usize) -> (f32, Vec<String>) {
    let mut size = start;
    loop {
        let lines = wrap(text, (WIDTH - 2.0 * MARGIN) / size);
        if lines.len() <= max_lines || size < 40.0 {
            return (size, lines);
        }
        size *= 0.9;
    }
}

/// Greedy wrapping: Latin words stay whole when they fit; CJK breaks between characters except
/// before closing punctuation and small kana.
fn wrap(text: &str, max_em: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut width = 0.0;
    // Units that must stay together: a Latin word (with its trailing space) or one CJK character.
    let mut units: Vec<String> = Vec::new();
    for c in text.trim().chars() {
        let latin = em_width(c) < 1.0 && c != ' ';
        match units.last_mut() {
            Some(u)
                if latin
                    && u.chars()
                        .last()
                        .is_some_and(|l| em_width(l) < 1.0 && l != ' ') =>
            {
                u.push(c)
            }
            Some(u) if c == ' ' => u.push(c),
            Some(u) if NO_LINE_START.contains(c) => u.push(c),
            _ => units.push(c.to_string()),
        }
    }
    for u in units {
        let w: f32 = u.chars().map(em_width).sum();
        if width + w > max_em && !line.is_empty() {
            lines.push(line.trim_end().to_owned());
            line.clear();
            width = 0.0;
        }
        line.push_str(&u);
        width += w;
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_japanese_title_wraps_without_line_start_punctuation() {
        let lines = wrap("コンテナ勉強会ノート、そしてその後の長い長い記録。", 8.0);
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines {
            assert!(!l.starts_with(['、', '。']), "{lines:?}");
        }
        assert_eq!(
            lines.concat(),
            "コンテナ勉強会ノート、そしてその後の長い長い記録。"
        );
    }

    #[test]
    fn latin_words_stay_whole() {
        let lines = wrap("Docker Meetup Tokyo report", 8.0);
        assert!(lines.iter().all(|l| !l.starts_with(' ')), "{lines:?}");
        assert!(
            lines.contains(&"Docker".to_owned()) || lines[0].starts_with("Docker "),
            "{lines:?}"
        );
    }

    #[test]
    fn cover_is_wellformed_svg_with_the_title() {
        let svg = cover_svg("技術 & <ブログ>", None, &["著者".into()], "ja");
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let text: String = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert!(text.contains("技術 & <ブログ>"), "{text}");
        assert!(text.contains("著者"));
    }
}
