//! Whether a blog shows `$…$` as math: kramdown leaves single dollars as text, and they become
//! math only in the browser, when the page loads MathJax or KaTeX. A blog of shell snippets
//! (`cp $var /tmp/$var.ts`) must keep its dollars; a math blog gets its formulas.

use std::path::Path;

/// What a layout or include that loads a math typesetter names (compared case-insensitively).
const NAMES: [&str; 2] = ["mathjax", "katex"];

/// Files read per folder at most, and bytes per file: layouts and includes are small; a theme
/// folder full of assets must not make loading slow.
const MAX_FILES: usize = 2000;
const MAX_BYTES: u64 = 1 << 20;

/// Whether the site's `_config.yml`, `_layouts/` or `_includes/` name MathJax or KaTeX.
pub fn site_loads_math_script(root: &Path) -> bool {
    let mut budget = MAX_FILES;
    names_math(&root.join("_config.yml"), &mut budget)
        || ["_layouts", "_includes"]
            .iter()
            .any(|d| folder_names_math(&root.join(d), 0, &mut budget))
}

/// Whether a post's own text (a `<script>` in its body, `mathjax: true` in its front matter)
/// names MathJax or KaTeX.
pub fn text_names_math_script(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    NAMES.iter().any(|n| lower.contains(n))
}

fn folder_names_math(dir: &Path, depth: usize, budget: &mut usize) -> bool {
    if depth > 8 {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    paths.into_iter().any(|p| {
        if p.is_dir() {
            folder_names_math(&p, depth + 1, budget)
        } else {
            names_math(&p, budget)
        }
    })
}

fn names_math(file: &Path, budget: &mut usize) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let small = std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.len() <= MAX_BYTES);
    small
        && std::fs::read(file)
            .is_ok_and(|bytes| text_names_math_script(&String::from_utf8_lossy(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_or_include_naming_mathjax_or_katex_turns_dollar_math_on() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::write(root.join("_config.yml"), "title: shell notes\n").unwrap();
        std::fs::create_dir_all(root.join("_layouts")).unwrap();
        std::fs::write(
            root.join("_layouts/post.html"),
            "<html>{{ content }}</html>",
        )
        .unwrap();
        assert!(!site_loads_math_script(root));
        std::fs::create_dir_all(root.join("_includes/head")).unwrap();
        std::fs::write(
            root.join("_includes/head/math.html"),
            "<script src=\"https://cdn.example/MathJax.js?config=TeX-AMS_HTML\"></script>",
        )
        .unwrap();
        assert!(site_loads_math_script(root));
        let t2 = tempfile::tempdir().unwrap();
        std::fs::write(t2.path().join("_config.yml"), "katex: true\n").unwrap();
        assert!(site_loads_math_script(t2.path()));
    }

    #[test]
    fn a_post_can_load_its_own() {
        assert!(text_names_math_script("---\nmathjax: true\n---\n$x$"));
        assert!(!text_names_math_script("---\ntitle: cp $a $b\n---\n"));
    }
}
