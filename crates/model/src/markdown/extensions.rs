//! kramdown's `{::name}…{:/name}` extensions inside a line, rewritten into raw HTML that
//! pulldown-cmark passes through untouched, so nothing of their markup reaches the book.
//!
//! Measured with Jekyll 4.3.1 / kramdown 2.4:
//! - `{::nomarkdown}<b>x</b> **y**{:/nomarkdown}` (also closed by `{:/}`, also over several
//!   lines, at the start of a line or inside a paragraph) is output as raw HTML: `<b>x</b> **y**`.
//!   It becomes `<![CDATA[!nomd…]]>`, which CommonMark keeps whole as an HTML block or inline
//!   HTML; `events` reads what is inside with the HTML reader.
//! - `{::comment}…{:/comment}` inside a line becomes an HTML comment (`<!-- … -->`): nothing
//!   visible. (Whole comment lines are blanked by `kramdown::preprocess`.)
//! - `{::options … /}`, `{::nomarkdown /}`, `{::comment /}` produce nothing.
//! - Inside code spans they are text.

/// The CDATA opening that marks a `{::nomarkdown}` region (a text no author writes).
pub(crate) const NOMARKDOWN_OPEN: &str = "<![CDATA[!nomd";
pub(crate) const NOMARKDOWN_CLOSE: &str = "]]>";

/// An extension opened on an earlier line and not yet closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpenExtension {
    Nomarkdown,
    Comment,
}

impl OpenExtension {
    fn name(self) -> &'static str {
        match self {
            OpenExtension::Nomarkdown => "nomarkdown",
            OpenExtension::Comment => "comment",
        }
    }

    fn close(self) -> &'static str {
        match self {
            OpenExtension::Nomarkdown => NOMARKDOWN_CLOSE,
            OpenExtension::Comment => "-->",
        }
    }
}

/// Rewrites the extensions of one line (without its ending); `open` carries an extension left
/// open from line to line.
pub(crate) fn rewrite_line(line: &str, open: &mut Option<OpenExtension>) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut rest = line;
    while !rest.is_empty() {
        if let Some(ext) = *open {
            // Inside: copied as is up to the closing marker.
            match find_close(rest, ext.name()) {
                Some((at, len)) => {
                    out.push_str(&rest[..at]);
                    out.push_str(ext.close());
                    rest = &rest[at + len..];
                    *open = None;
                }
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            }
            continue;
        }
        let Some(at) = rest.find(['`', '{']) else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('`') {
            let n = rest.len() - rest.trim_start_matches('`').len();
            let code = code_span_len(rest, n).unwrap_or(n);
            out.push_str(&rest[..code]);
            rest = &rest[code..];
            continue;
        }
        match opening(rest) {
            Some((name, len, self_closing)) => {
                match (name, self_closing) {
                    ("nomarkdown" | "comment" | "options", true) => {}
                    ("nomarkdown", false) => {
                        out.push_str(NOMARKDOWN_OPEN);
                        *open = Some(OpenExtension::Nomarkdown);
                    }
                    ("comment", false) => {
                        out.push_str("<!--");
                        *open = Some(OpenExtension::Comment);
                    }
                    _ => out.push_str(&rest[..len]),
                }
                rest = &rest[len..];
            }
            None => {
                out.push('{');
                rest = &rest[1..];
            }
        }
    }
    out
}

/// `{::name attrs}` or `{::name attrs /}` at the start of `s`: (name, length, self-closing).
fn opening(s: &str) -> Option<(&str, usize, bool)> {
    let inner = s.strip_prefix("{::")?;
    let end = inner.find('}')?;
    let body = &inner[..end];
    let name_len = body
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
        .unwrap_or(body.len());
    let name = &body[..name_len];
    if name.is_empty() {
        return None;
    }
    Some((name, 3 + end + 1, body.trim_end().ends_with('/')))
}

/// The first `{:/name}` or `{:/}` in `s`: (offset, length).
fn find_close(s: &str, name: &str) -> Option<(usize, usize)> {
    let named = format!("{{:/{name}}}");
    [
        s.find(&named).map(|i| (i, named.len())),
        s.find("{:/}").map(|i| (i, 4)),
    ]
    .into_iter()
    .flatten()
    .min()
}

/// Length of the code span opened by the `n` backticks starting `s`, when it closes on this line.
fn code_span_len(s: &str, n: usize) -> Option<usize> {
    let mut i = n;
    while let Some(at) = s.get(i..)?.find('`') {
        let start = i + at;
        let run = s[start..].len() - s[start..].trim_start_matches('`').len();
        if run == n {
            return Some(start + run);
        }
        i = start + run;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(line: &str) -> String {
        rewrite_line(line, &mut None)
    }

    #[test]
    fn nomarkdown_becomes_a_cdata_section() {
        assert_eq!(
            rewrite("a {::nomarkdown}<b>x</b>{:/nomarkdown} b"),
            "a <![CDATA[!nomd<b>x</b>]]> b"
        );
    }

    #[test]
    fn short_closing_marker_closes_too() {
        assert_eq!(rewrite("{::nomarkdown}x{:/}"), "<![CDATA[!nomdx]]>");
    }

    #[test]
    fn nomarkdown_stays_open_across_lines() {
        let mut open = None;
        assert_eq!(rewrite_line("{::nomarkdown}", &mut open), NOMARKDOWN_OPEN);
        assert_eq!(rewrite_line("<p>**x**</p>", &mut open), "<p>**x**</p>");
        assert_eq!(rewrite_line("{:/nomarkdown}", &mut open), "]]>");
        assert_eq!(open, None);
    }

    #[test]
    fn inline_comment_becomes_an_html_comment() {
        assert_eq!(rewrite("c {::comment}x{:/comment} d"), "c <!--x--> d");
    }

    #[test]
    fn self_closing_extensions_vanish() {
        assert_eq!(
            rewrite("s {::options x=\"1\" /} t {::nomarkdown /}u"),
            "s  t u"
        );
    }

    #[test]
    fn extensions_in_code_spans_stay() {
        assert_eq!(rewrite("`{::nomarkdown}` x"), "`{::nomarkdown}` x");
    }

    #[test]
    fn ials_and_braces_stay() {
        assert_eq!(
            rewrite("![a](b){:width=\"3\"} {x}"),
            "![a](b){:width=\"3\"} {x}"
        );
    }
}
