//! References inside CSS-like text: `url(#…)` in presentation attributes, `style="…"` and
//! `<style>`, and `#id` selectors in `<style>`.
//!
//! A `url(#id)` that reaches an element is rewritten to its new name. One that reaches nothing is
//! replaced as browsers render it (SVG 2 §13.2 and the WPT `fallback-00x` tests): by its fallback
//! colour when one follows (`url(#x) red` → `red`), else by `none` (no paint, no clip, no filter,
//! no marker). EPUBCheck reports a dangling one as RSC-012. A `url(…)` to anything outside the
//! file is replaced the same way: the book must not reach the network or other files.

/// What `rewrite_urls` needs to know: the new name of an id, or `None` when no written element
/// has it.
pub(super) type Resolve<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Rewrites every `url(…)` in `value`; `external` receives each target outside the file.
pub(super) fn rewrite_urls(value: &str, resolve: &Resolve, external: &mut Vec<String>) -> String {
    // ASCII lowercasing keeps byte offsets, so positions found in `lower` index `value`.
    let lower = value.to_ascii_lowercase();
    let mut out = String::with_capacity(value.len());
    let mut pos = 0;
    while let Some(found) = lower.get(pos..).and_then(|s| s.find("url(")) {
        let start = pos + found;
        out.push_str(value.get(pos..start).unwrap_or(""));
        let inner_start = start + 4;
        let Some(end) = url_end(value, inner_start) else {
            // Unclosed `url(`: drop the rest rather than guess.
            out.push_str("none");
            return out;
        };
        let inner = value.get(inner_start..end).unwrap_or("");
        let target = inner.trim().trim_matches(['"', '\'']).trim();
        let mut next = end + 1;
        match target
            .strip_prefix('#')
            .and_then(|f| resolve(&super::ids::fragment_id(f)))
        {
            Some(name) => {
                out.push_str("url(#");
                out.push_str(&name);
                out.push(')');
            }
            None => {
                if !target.starts_with('#') {
                    external.push(target.to_owned());
                }
                let rest = value.get(next..).unwrap_or("");
                let after_space = rest.trim_start();
                let has_fallback = after_space
                    .chars()
                    .next()
                    .is_some_and(|c| !matches!(c, ';' | ',' | '!' | '}' | ')' | '"' | '\''));
                if has_fallback {
                    // The fallback colour stands alone: `url(#x) red` is painted `red`.
                    next += rest.len() - after_space.len();
                } else {
                    out.push_str("none");
                }
            }
        }
        pos = next;
    }
    out.push_str(value.get(pos..).unwrap_or(""));
    out
}

/// The index of the `)` closing a `url(` whose content starts at `from` (a quoted URL may hold
/// a `)`).
fn url_end(value: &str, from: usize) -> Option<usize> {
    let rest = value.get(from..)?;
    let trimmed = rest.trim_start();
    let lead = rest.len() - trimmed.len();
    match trimmed.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let close = trimmed.get(1..)?.find(q)? + 1;
            let after = from + lead + close + 1;
            Some(after + value.get(after..)?.find(')')?)
        }
        _ => Some(from + rest.find(')')?),
    }
}

/// Rewrites the `#id` selectors of a stylesheet to the new names. Colours (`fill: #fff`) are
/// inside declaration blocks and stay; so do strings and comments. A selector to an id nothing
/// has is left as it is: it matches nothing either way.
pub(super) fn rewrite_selectors(css: &str, resolve: &Resolve) -> String {
    let mut out = String::with_capacity(css.len());
    // For each open `{`: true when it holds declarations, false for rules (`@media … {`).
    let mut blocks: Vec<bool> = Vec::new();
    let mut prelude = String::new();
    let mut chars = css.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if css.get(i + 1..).is_some_and(|r| r.starts_with('*')) => {
                let end = css
                    .get(i + 2..)
                    .and_then(|r| r.find("*/"))
                    .map_or(css.len(), |e| i + 2 + e + 2);
                out.push_str(css.get(i..end).unwrap_or(""));
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            '"' | '\'' => {
                out.push(c);
                while let Some((_, s)) = chars.next() {
                    out.push(s);
                    if s == '\\' {
                        if let Some((_, e)) = chars.next() {
                            out.push(e);
                        }
                    } else if s == c {
                        break;
                    }
                }
            }
            '{' => {
                let p = prelude.trim_start().to_ascii_lowercase();
                let holds_rules = ["@media", "@supports", "@document", "@layer", "@container"]
                    .iter()
                    .any(|a| p.starts_with(a));
                blocks.push(!holds_rules);
                prelude.clear();
                out.push(c);
            }
            '}' => {
                blocks.pop();
                prelude.clear();
                out.push(c);
            }
            ';' => {
                prelude.clear();
                out.push(c);
            }
            '#' if blocks.last() != Some(&true) && !prelude.trim_start().starts_with('@') => {
                let start = i + 1;
                let end = ident_end(css, start);
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
                let raw = css.get(start..end).unwrap_or("");
                let id = unescape_ident(raw);
                out.push('#');
                match resolve(&id).filter(|_| is_id_selector(raw)) {
                    Some(name) if name != id => out.push_str(&escape_ident(&name)),
                    _ => out.push_str(raw),
                }
                prelude.push_str(raw);
            }
            _ => {
                prelude.push(c);
                out.push(c);
            }
        }
    }
    out
}

/// Where the CSS identifier (with its escapes) starting at `start` ends.
fn ident_end(css: &str, start: usize) -> usize {
    let rest = css.get(start..).unwrap_or("");
    let mut chars = rest.char_indices().peekable();
    let mut end = 0;
    while let Some((j, c)) = chars.next() {
        if c == '\\' {
            // `\3A ` (up to six hex digits and one space) or `\:` (any other character).
            let mut hex = 0;
            end = j + 1;
            while hex < 6 && chars.peek().is_some_and(|(_, h)| h.is_ascii_hexdigit()) {
                chars.next();
                hex += 1;
                end += 1;
            }
            match chars.peek() {
                Some(&(k, w)) if hex > 0 && w.is_ascii_whitespace() => {
                    chars.next();
                    end = k + 1;
                }
                Some(&(k, e)) if hex == 0 && e != '\n' => {
                    chars.next();
                    end = k + e.len_utf8();
                }
                _ => {}
            }
        } else if c.is_ascii_alphanumeric() || c == '_' || c == '-' || !c.is_ascii() {
            end = j + c.len_utf8();
        } else {
            break;
        }
    }
    start + end
}

/// Whether `#raw` is an id selector to browsers: its name is a CSS identifier (not `#1abc`,
/// which makes the whole rule invalid; it stays invalid here too).
fn is_id_selector(raw: &str) -> bool {
    let mut chars = raw.chars();
    match chars.next() {
        Some('-') => !matches!(chars.next(), Some('0'..='9') | None),
        Some('0'..='9') | None => false,
        Some(_) => true,
    }
}

/// CSS escapes in an identifier: `\3A ` or `\:` are `:`.
fn unescape_ident(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.extend(chars.next());
        }
        if hex.is_empty() {
            out.extend(chars.next());
        } else {
            if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                chars.next();
            }
            let code = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
            out.push(code.unwrap_or('\u{FFFD}'));
        }
    }
    out
}

/// An NCName as a CSS identifier: only `.` (a name character in XML, not in CSS) needs escaping.
fn escape_ident(name: &str) -> String {
    name.replace('.', "\\.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(id: &str) -> Option<String> {
        match id {
            "patch0:1" => Some("patch0_1".into()),
            "g" => Some("g".into()),
            "a.b" => Some("a.b".into()),
            "1abc" => Some("_1abc".into()),
            _ => None,
        }
    }

    fn urls(value: &str) -> (String, Vec<String>) {
        let mut external = Vec::new();
        (rewrite_urls(value, &names, &mut external), external)
    }

    #[test]
    fn url_to_a_renamed_id_follows_the_rename() {
        assert_eq!(urls("url(#patch0:1)").0, "url(#patch0_1)");
        assert_eq!(urls("url( '#patch0%3A1' )").0, "url(#patch0_1)");
        assert_eq!(
            urls("fill:url(#g);stroke:url(\"#1abc\")").0,
            "fill:url(#g);stroke:url(#_1abc)"
        );
    }

    #[test]
    fn dangling_url_becomes_none_or_its_fallback_colour() {
        assert_eq!(urls("url(#missing)").0, "none");
        assert_eq!(urls("url(#missing) red").0, "red");
        assert_eq!(urls("url(#missing)  #f00").0, "#f00");
        assert_eq!(
            urls("fill:url(#missing);stroke:blue").0,
            "fill:none;stroke:blue"
        );
        assert_eq!(urls("fill:url(#missing) none; x").0, "fill:none; x");
    }

    #[test]
    fn external_url_is_replaced_and_reported() {
        let (out, ext) = urls("fill:url(https://e.example/p.svg#g)");
        assert_eq!(out, "fill:none");
        assert_eq!(ext, ["https://e.example/p.svg#g"]);
    }

    #[test]
    fn unclosed_url_drops_the_rest() {
        assert_eq!(urls("fill:url(#g").0, "fill:none");
    }

    #[test]
    fn id_selectors_are_renamed_but_colours_are_not() {
        let css = "#patch0\\:1, g > #g { fill: #fff } #1abc { fill: red }";
        assert_eq!(
            rewrite_selectors(css, &names),
            "#patch0_1, g > #g { fill: #fff } #1abc { fill: red }"
        );
    }

    #[test]
    fn id_selectors_inside_media_rules_are_renamed() {
        let css = "@media print { #patch0\\3A 1 { stroke: #000 } }";
        assert_eq!(
            rewrite_selectors(css, &names),
            "@media print { #patch0_1 { stroke: #000 } }"
        );
    }

    #[test]
    fn strings_and_comments_are_left_alone() {
        let css = "/* #patch0\\:1 */ [title=\"#g\"] #a\\.b {}";
        assert_eq!(rewrite_selectors(css, &names), css);
    }
}
