//! XML escaping: every string from the model goes through here on its way into a chapter.

/// Appends `s` as element content: `&`, `<`, `>` escaped, characters XML 1.0 forbids dropped.
pub fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends `s` as the value of a double-quoted attribute.
///
/// Tabs and line breaks are written as character references: a parser would otherwise normalise
/// them to spaces (XML 1.0 §3.3.3), and alt texts keep their lines.
pub fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `s` escaped as an attribute value.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_attr(&mut out, s);
    out
}

/// XML 1.0 `Char`, minus the C1 controls and non-characters HTML calls errors (EPUBCheck runs an
/// HTML validator over the document, not only an XML parser).
pub fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r'
        | '\u{20}'..='\u{7E}'
        | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
        && !is_noncharacter(c)
}

fn is_noncharacter(c: char) -> bool {
    let v = c as u32;
    (v & 0xFFFE) == 0xFFFE
}

/// A class token from free text (a code block's language): only `[A-Za-z0-9_+#.-]`, so the token
/// cannot split into several classes or leave the attribute.
pub fn class_token(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '#' | '.' | '-'))
        .collect()
}

/// A BCP 47 tag as far as its characters go (`ja`, `en-US`); anything else is dropped.
pub fn language_tag(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = !s.is_empty()
        && s.len() <= 35
        && s.split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    ok.then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, s);
        out
    }

    #[test]
    fn text_escapes_markup_characters() {
        assert_eq!(text("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
    }

    #[test]
    fn text_keeps_quotes() {
        assert_eq!(text(r#""x" 'y'"#), r#""x" 'y'"#);
    }

    #[test]
    fn attr_escapes_double_quotes() {
        assert_eq!(attr(r#"say "hi" & go"#), "say &quot;hi&quot; &amp; go");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(text("a\u{0}b\u{1B}c\u{7F}d\u{FFFE}e"), "abcde");
    }

    #[test]
    fn attr_keeps_line_breaks_as_references() {
        assert_eq!(attr("a\nb"), "a&#10;b");
    }

    #[test]
    fn class_token_cannot_break_out() {
        assert_eq!(class_token("c++\" onclick=x"), "c++onclickx");
    }

    #[test]
    fn language_tag_accepts_bcp47_shapes_only() {
        assert_eq!(language_tag("ja").as_deref(), Some("ja"));
        assert_eq!(language_tag("en-US").as_deref(), Some("en-US"));
        assert_eq!(language_tag("ja\" x"), None);
        assert_eq!(language_tag(""), None);
    }
}
