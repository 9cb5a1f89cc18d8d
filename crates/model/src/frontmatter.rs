//! Front matter: the YAML block between `---` lines at the top of a post.

use crate::config::yaml;
use crate::diagnostic::Diagnostic;
use serde_json::{Map, Value};
use std::path::Path;

/// A post file cut in two.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the first YAML line (2 when the file starts with `---`).
    pub yaml_first_line: u32,
    pub body: &'a str,
    /// File line where the body starts.
    pub body_first_line: u32,
}

/// Cuts `text` (LF line endings) into front matter and body the way Jekyll's
/// `YAML_FRONT_MATTER_REGEXP` does: `---` on the first line, closed by `---` or `...`.
/// `None` when the file has no front matter.
pub fn split(text: &str) -> Option<Split<'_>> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let mut offset = first_end + 1;
    for (line, l) in (2u32..).zip(text[offset..].split_inclusive('\n')) {
        let t = l.trim_end();
        if t == "---" || t == "..." {
            let yaml = &text[first_end + 1..offset];
            let body_start = offset + l.len();
            return Some(Split {
                yaml,
                yaml_first_line: 2,
                body: &text[body_start..],
                body_first_line: line + 1,
            });
        }
        offset += l.len();
    }
    None
}

/// Reads the YAML of `split`; errors carry the post file's line (not the YAML block's).
pub fn parse(split: &Split<'_>, file: &Path, text: &str) -> Result<Map<String, Value>, Diagnostic> {
    yaml::parse_mapping(split.yaml).map_err(|e| {
        let line = if e.line == 0 {
            split.yaml_first_line
        } else {
            e.line + split.yaml_first_line - 1
        };
        Diagnostic::error("yaml", format!("front matter: {}", e.message))
            .at_line(file, text, line, e.column.max(1))
            .with_hint("the post is skipped; other posts still load")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let t = "---\ntitle: a\ntags: x\n---\n\nbody\n";
        let s = split(t).unwrap();
        assert_eq!(s.yaml, "title: a\ntags: x\n");
        assert_eq!(s.body, "\nbody\n");
        assert_eq!(s.body_first_line, 5);
    }

    #[test]
    fn no_front_matter() {
        assert!(split("# hi\n").is_none());
        assert!(split("---\ntitle: a\n").is_none());
    }

    #[test]
    fn empty_front_matter() {
        let s = split("---\n---\nx").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "x");
        assert_eq!(s.body_first_line, 3);
    }

    #[test]
    fn yaml_error_line_is_counted_in_the_post_file() {
        let t = "---\ntitle: a\ndate: 2015-01-18\ntags: [a, b\nfoo: 1\n---\nbody\n";
        let s = split(t).unwrap();
        let e = parse(&s, Path::new("p.md"), t).unwrap_err();
        assert_eq!(e.code, "yaml");
        let line = e.span.unwrap().line;
        assert!((4..=6).contains(&line), "line {line}: {}", e.message);
    }
}
