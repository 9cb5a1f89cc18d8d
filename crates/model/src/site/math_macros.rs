//! The TeX macros a blog gives MathJax (or KaTeX) for every page: in its MathJax configuration
//! in `_layouts/` and `_includes/` (MathJax 2: `TeX: { Macros: { R: "{\\mathbb{R}}", bold:
//! ["{\\bf #1}", 1] } }`; MathJax 3 and KaTeX: `macros: {…}`), and in `_config.yml` under
//! `mathjax: macros`, `mathjax: tex: macros` or `katex: macros` (keys themes read into that
//! configuration). A macro math-core cannot read is a warning at its line, and is left out.

use crate::diagnostic::Diagnostic;
use crate::math::{check_macro, Macro};
use serde_json::{Map, Value};
use std::path::Path;

/// Files read per folder at most, and bytes per file (as `math_scripts`).
const MAX_FILES: usize = 2000;
const MAX_BYTES: u64 = 1 << 20;

/// The site's macros, in the order found (a later one of the same name wins), and the warnings.
pub fn site_macros(root: &Path, config: &Map<String, Value>) -> (Vec<Macro>, Vec<Diagnostic>) {
    let mut macros = Vec::new();
    let mut warnings = Vec::new();
    let config_file = root.join("_config.yml");
    let config_text = std::fs::read_to_string(&config_file).unwrap_or_default();
    for path in [
        &["mathjax", "macros"][..],
        &["mathjax", "tex", "macros"],
        &["mathjax", "TeX", "Macros"],
        &["katex", "macros"],
    ] {
        let mut v = config.get(path[0]);
        for k in &path[1..] {
            v = v.and_then(|x| x.get(*k));
        }
        let Some(Value::Object(map)) = v else {
            continue;
        };
        for (name, value) in map {
            let body = match value {
                Value::String(s) => Some(s.clone()),
                Value::Array(a) => a.first().and_then(Value::as_str).map(str::to_owned),
                _ => None,
            };
            let line = line_of(&config_text, &format!("{name}:"));
            match body {
                Some(body) => keep(
                    Macro {
                        name: name.clone(),
                        body,
                    },
                    &config_file,
                    &config_text,
                    line,
                    &mut macros,
                    &mut warnings,
                ),
                None => warnings.push(warning(
                    format!("the macro `{name}` is neither a string nor [string, count]"),
                    &config_file,
                    &config_text,
                    line,
                )),
            }
        }
    }
    let mut budget = MAX_FILES;
    for dir in ["_layouts", "_includes"] {
        scan_folder(&root.join(dir), 0, &mut budget, &mut macros, &mut warnings);
    }
    (macros, warnings)
}

fn scan_folder(
    dir: &Path,
    depth: usize,
    budget: &mut usize,
    macros: &mut Vec<Macro>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if depth < 8 {
                scan_folder(&p, depth + 1, budget, macros, warnings);
            }
            continue;
        }
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let small = std::fs::metadata(&p).is_ok_and(|m| m.len() <= MAX_BYTES);
        let Some(text) = small.then(|| std::fs::read(&p).ok()).flatten() else {
            continue;
        };
        let text = String::from_utf8_lossy(&text);
        let lower = text.to_ascii_lowercase();
        if !lower.contains("mathjax") && !lower.contains("katex") {
            continue;
        }
        for (name, body, at) in config_macros(&text) {
            let line = text[..at].matches('\n').count() as u32 + 1;
            match body {
                Ok(body) => keep(Macro { name, body }, &p, &text, line, macros, warnings),
                Err(e) => warnings.push(warning(
                    format!("the MathJax macro `{name}` cannot be read: {e}"),
                    &p,
                    &text,
                    line,
                )),
            }
        }
    }
}

fn keep(
    m: Macro,
    file: &Path,
    text: &str,
    line: u32,
    macros: &mut Vec<Macro>,
    warnings: &mut Vec<Diagnostic>,
) {
    match check_macro(&m) {
        Ok(()) => macros.push(m),
        Err(e) => warnings.push(warning(
            format!("this macro cannot be used ({e}); formulas using it are printed as TeX"),
            file,
            text,
            line,
        )),
    }
}

fn warning(message: String, file: &Path, text: &str, line: u32) -> Diagnostic {
    Diagnostic::warning("math-macro", message).at_line(file, text, line.max(1), 1)
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.find(needle)
        .map_or(1, |at| text[..at].matches('\n').count() as u32 + 1)
}

/// Every `name: "body"` or `name: ["body", n]` of every `Macros: {…}` / `macros: {…}` object in a
/// script, with where the entry starts.
fn config_macros(text: &str) -> Vec<(String, Result<String, String>, usize)> {
    let mut out = Vec::new();
    for key in ["Macros", "macros"] {
        let mut from = 0;
        while let Some(i) = text[from..].find(key).map(|i| from + i) {
            from = i + key.len();
            let rest = text[from..].trim_start();
            let rest = rest
                .strip_prefix(['"', '\''])
                .map(str::trim_start)
                .unwrap_or(rest);
            let Some(rest) = rest.strip_prefix(':').map(str::trim_start) else {
                continue;
            };
            let Some(object) = rest.strip_prefix('{') else {
                continue;
            };
            let base = text.len() - object.len();
            read_entries(object, base, &mut out);
        }
    }
    out
}

/// The entries of a JavaScript object literal (after its `{`), up to its `}`.
fn read_entries(s: &str, base: usize, out: &mut Vec<(String, Result<String, String>, usize)>) {
    let mut p = Cursor { s, at: 0 };
    loop {
        p.skip_space_and_commas();
        let start = p.at;
        if p.eat('}') || p.at >= s.len() {
            return;
        }
        let Some(name) = p.key() else { return };
        p.skip_space();
        if !p.eat(':') {
            return;
        }
        p.skip_space();
        let body = if p.eat('[') {
            p.skip_space();
            let body = p.string();
            // The argument count (and a default) follow; math-core counts `#n` itself.
            while p.at < s.len() && !p.eat(']') {
                if p.peek().is_some_and(|c| c == '"' || c == '\'') {
                    let _ = p.string();
                } else {
                    p.at += p.peek().map_or(1, char::len_utf8);
                }
            }
            body
        } else {
            p.string()
        };
        match body {
            Some(b) => out.push((name, Ok(b), base + start)),
            None => {
                out.push((name, Err("its value is not a string".into()), base + start));
                return;
            }
        }
    }
}

struct Cursor<'a> {
    s: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.at..].chars().next()
    }
    fn eat(&mut self, c: char) -> bool {
        let ok = self.peek() == Some(c);
        if ok {
            self.at += c.len_utf8();
        }
        ok
    }
    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }
    fn skip_space_and_commas(&mut self) {
        while self.peek().is_some_and(|c| c.is_whitespace() || c == ',') {
            self.at += 1;
        }
    }
    /// An identifier or a quoted key.
    fn key(&mut self) -> Option<String> {
        if self.peek().is_some_and(|c| c == '"' || c == '\'') {
            return self.string();
        }
        let len = self.s[self.at..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
            .unwrap_or(self.s.len() - self.at);
        let key = &self.s[self.at..self.at + len];
        self.at += len;
        (!key.is_empty()).then(|| key.to_owned())
    }
    /// A JavaScript string literal, its escapes read (`\\` → `\`).
    fn string(&mut self) -> Option<String> {
        let quote = self.peek().filter(|c| *c == '"' || *c == '\'')?;
        self.at += 1;
        let mut out = String::new();
        let mut chars = self.s[self.at..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, e)) => out.push(e),
                    None => return None,
                },
                c if c == quote => {
                    self.at += i + 1;
                    return Some(out);
                }
                c => out.push(c),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mathjax_2_and_3_configurations_give_their_macros() {
        let mj2 = r#"MathJax.Hub.Config({ TeX: { Macros: { R: "{\\mathbb{R}}", bold: ["{\\bf #1}",1], 'E': '\\mathbb{E}' } } });"#;
        let found = config_macros(mj2);
        let names: Vec<(&str, &str)> = found
            .iter()
            .map(|(n, b, _)| (n.as_str(), b.as_deref().unwrap()))
            .collect();
        assert_eq!(
            names,
            [
                ("R", r"{\mathbb{R}}"),
                ("bold", r"{\bf #1}"),
                ("E", r"\mathbb{E}")
            ]
        );
        let mj3 = "window.MathJax = {\n  tex: {\n    macros: {\n      RR: '\\\\mathbb{R}',\n      norm: ['\\\\left\\\\| #1 \\\\right\\\\|', 1]\n    }\n  }\n};";
        let found = config_macros(mj3);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[1].1.as_deref().unwrap(), r"\left\| #1 \right\|");
    }

    #[test]
    fn a_site_gives_macros_from_its_includes_and_config_and_warns_at_a_bad_one() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::create_dir_all(root.join("_includes")).unwrap();
        std::fs::write(
            root.join("_includes/mathjax.html"),
            "<script>\nMathJax = { tex: { macros: {\n  R: '\\\\mathbb{R}',\n  bad: '\\\\notacommand'\n} } };\n</script>\n<script src=\"mathjax/tex-chtml.js\"></script>\n",
        )
        .unwrap();
        let config: Map<String, Value> =
            serde_json::from_str(r#"{"katex": {"macros": {"C": "\\mathbb{C}"}}}"#).unwrap();
        let (macros, warnings) = site_macros(root, &config);
        let names: Vec<&str> = macros.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["C", "R"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let span = warnings[0].span.clone().unwrap();
        assert_eq!(span.line, 4);
        assert!(
            warnings[0].message.contains("bad"),
            "{}",
            warnings[0].message
        );
    }
}
