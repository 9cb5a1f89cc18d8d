//! YAML as Jekyll (Ruby's Psych) reads it, through serde-saphyr.
//!
//! serde-saphyr is the maintained serde YAML reader closest to Psych (see
//! ../shared/notes/liquid-yaml.md): YAML 1.1 booleans (`published: no` is false), duplicate keys
//! allowed with the last one winning (Psych does this; `_config.yml` files in the wild rely on it),
//! octal `0755` as 493, and an alias budget against billion-laughs files. Dates stay strings: the
//! caller parses them (`date.rs`).

use serde_json::{Map, Value};

/// A YAML problem at a 1-based line/column of the YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

fn options() -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    o.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
    o.legacy_octal_numbers = true;
    o.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
    o.with_snippet = false;
    o
}

/// Reads a YAML mapping (front matter, `_config.yml`). An empty document is an empty mapping.
pub fn parse_mapping(text: &str) -> Result<Map<String, Value>, YamlError> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: Value = serde_saphyr::from_str_with_options(text, options()).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (l.line() as u32, l.column() as u32))
            .unwrap_or((0, 0));
        YamlError {
            message: describe(&e),
            line,
            column,
        }
    })?;
    match value {
        Value::Object(m) => Ok(m),
        Value::Null => Ok(Map::new()),
        other => Err(YamlError {
            message: format!("expected `key: value` lines, found {}", kind(&other)),
            line: 1,
            column: 1,
        }),
    }
}

/// The error's words without the position (the diagnostic carries the position itself).
fn describe(e: &serde_saphyr::Error) -> String {
    let text = e.without_snippet().to_string();
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    if first.starts_with("budget breached") {
        // serde-saphyr's budget text names internal counters; say what it means for the user.
        return "the YAML expands to too much data (aliases that repeat aliases?): refused".into();
    }
    // serde-saphyr appends " at line L, column C" (and more); the diagnostic shows the place.
    match first.find(" at line ") {
        Some(i) => first[..i].trim_end_matches(',').to_owned(),
        None => first.to_owned(),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// The 1-based line of the last top-level `key:` in `text` (the one that wins), if any: where a
/// diagnostic about that key's value points.
pub fn key_line(text: &str, key: &str) -> Option<u32> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|(i, _)| i as u32 + 1)
        .last()
}

/// A string value, also from numbers (`title: 2015`), as Liquid would print it.
pub fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Jekyll's list-or-string fields (`tags: a b` or `tags: [a, b]`).
pub fn as_list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(xs) => xs
            .iter()
            .filter_map(as_text)
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        other => as_text(other)
            .map(|s| s.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default(),
    }
}

/// Psych's truthiness for flags like `published`: only `false` and null are false.
pub fn is_false(v: Option<&Value>) -> bool {
    matches!(v, Some(Value::Bool(false)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_key_last_one_wins_like_jekyll() {
        let m = parse_mapping("title: a\ntitle: b\n").unwrap();
        assert_eq!(m["title"], "b");
    }

    #[test]
    fn yaml_1_1_no_is_false() {
        let m = parse_mapping("published: no\n").unwrap();
        assert!(is_false(m.get("published")));
    }

    #[test]
    fn error_has_line_and_column() {
        let e = parse_mapping("title: a\ntags: [a, b\nx: 1\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        assert!(!e.message.contains(" at line "), "{e:?}");
    }

    #[test]
    fn tab_after_colon_is_accepted() {
        let m = parse_mapping("title:\tfoo\n").unwrap();
        assert_eq!(m["title"], "foo");
    }

    #[test]
    fn tags_as_string_or_list() {
        assert_eq!(as_list(&Value::from("docker  k8s")), vec!["docker", "k8s"]);
        assert_eq!(
            as_list(&serde_json::json!(["a b", 2015])),
            vec!["a b", "2015"]
        );
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            s.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        let e = parse_mapping(&s).unwrap_err();
        assert!(e.message.contains("aliases"), "{e:?}");
    }
}
