//! A bound on how deep an SVG nests its elements, checked on the text before parsing.
//!
//! roxmltree parses (and the writer writes) one stack frame per level, so a hostile file of
//! 100 000 nested `<g>` would overflow the stack and abort the whole build instead of becoming a
//! warning. Real drawings nest a few dozen levels (Inkscape layers and groups).

use crate::assets::Problem;

/// Deeper SVG is refused. Checked against the test threads' 2 MiB stack in a debug build.
pub(crate) const MAX_DEPTH: usize = 256;

/// Refuses text whose elements nest deeper than `MAX_DEPTH`, or whose DTD declares markup in
/// an entity (expanding it nests elements where this scan cannot see them).
pub(super) fn check(text: &str) -> Result<(), Problem> {
    let too_deep = || {
        Problem::new(
            "asset-corrupt",
            format!("SVG nests elements more than {MAX_DEPTH} deep"),
        )
    };
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(found) = bytes
        .get(i..)
        .and_then(|b| b.iter().position(|&c| c == b'<'))
    {
        let at = i + found;
        let rest = bytes.get(at..).unwrap_or_default();
        let skip_to = |end: &[u8]| find(rest, end).map_or(bytes.len(), |e| at + e + end.len());
        if rest.starts_with(b"<!--") {
            i = skip_to(b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_to(b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip_to(b"?>");
        } else if rest.starts_with(b"<!DOCTYPE") {
            // Its declarations (`<!ENTITY …>`) are scanned one by one below.
            i = at + 9;
        } else {
            let (end, markup_in_quotes) = tag_end(rest);
            let tag = rest.get(..end).unwrap_or_default();
            if rest.starts_with(b"<!") {
                if markup_in_quotes {
                    return Err(Problem::new(
                        "asset-corrupt",
                        "SVG declares an entity that holds markup",
                    ));
                }
            } else if rest.starts_with(b"</") {
                depth = depth.saturating_sub(1);
            } else if !tag.ends_with(b"/>") {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep());
                }
            }
            i = at + end.max(1);
        }
    }
    Ok(())
}

/// The length of the tag at the start of `s` (through its `>`, quotes respected), and whether a
/// quoted value in it holds a `<` or a character reference.
fn tag_end(s: &[u8]) -> (usize, bool) {
    let mut quote = None;
    let mut markup = false;
    for (i, &c) in s.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            // `&#60;` in an entity's value is a `<` once expanded.
            Some(_) => markup |= c == b'<' || (c == b'&' && s.get(i + 1) == Some(&b'#')),
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return (i + 1, markup),
            None => {}
        }
    }
    (s.len(), markup)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
