//! `tests/fixtures/math-site/`: TeX math as math blogs write it. A `$$` display block whose
//! lines start with `-`, `+` or `>` (terms of a sum, a relation) is one formula, as kramdown
//! reads it on the blog, not a list, a quote and paragraphs with `_` eaten as emphasis. Compared
//! with Jekyll 4.3.1's page when `jekyll` is installed.

use hanmoto_tests::*;
use serde_json::Value;
use std::process::Command;

fn site() -> std::path::PathBuf {
    fixtures().join("math-site")
}

fn post() -> Value {
    let (book, out) = inspect(&workspace_root(), &["--site", site().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    book["posts"][0].clone()
}

/// Every TeX source of a post (display and inline), in order.
fn formulas(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if m.get("type").and_then(Value::as_str) == Some("math") {
                out.push(m["tex"].as_str().unwrap_or_default().to_owned());
            }
            m.values().for_each(|x| formulas(x, out));
        }
        Value::Array(xs) => xs.iter().for_each(|x| formulas(x, out)),
        _ => {}
    }
}

#[test]
fn display_math_lines_that_look_like_markdown_blocks_stay_one_formula() {
    let post = post();
    let blocks = post["blocks"].as_array().unwrap();
    let kinds: Vec<&str> = blocks.iter().map(|b| b["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "paragraph",
            "math",
            "paragraph",
            "math",
            "paragraph",
            "paragraph",
            "math",
            "math",
            "paragraph"
        ],
        "{blocks:#?}"
    );
    let mut tex = Vec::new();
    formulas(&post["blocks"], &mut tex);
    assert_eq!(tex.len(), 5, "{tex:?}");
    for piece in [
        "- \\log p_\\theta(\\mathbf{x}_0)",
        "+ b_1 &= c_2",
        "> 0 &\\text{ for every } t",
    ] {
        assert!(tex[0].contains(piece), "{piece:?} not in {:?}", tex[0]);
    }
    assert!(
        tex[1].contains("- \\alpha \\nabla_\\theta J(\\theta_t)"),
        "{:?}",
        tex[1]
    );
    assert_eq!(tex[2].trim(), "x_0");
    // A blank line inside the block (kramdown allows it) and a `|` (not a table).
    assert!(
        tex[3].contains("& = A \\log x") && tex[3].contains("\\frac{d f(x)}{d x}"),
        "{:?}",
        tex[3]
    );
    assert_eq!(tex[4], "\\hat{y} = \\arg\\max_{c} p(x_i | c)");
}

#[test]
fn math_site_reads_as_real_jekyll_renders_it() {
    if !require_tool("jekyll", Command::new("jekyll").arg("--version")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("_site");
    let out = Command::new("jekyll")
        .args(["build", "--source"])
        .arg(site())
        .arg("--destination")
        .arg(&dest)
        .output()
        .expect("jekyll runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::File::open(dest.join("display-math-lines.html")).unwrap();
    let text = Command::new("python3")
        .arg(fixtures().join("jekyll-reference/extract_text.py"))
        .stdin(html)
        .output()
        .expect("python3 runs");
    // Jekyll writes the formulas as `\[…\]` and `\(…\)` for MathJax; the model keeps their TeX.
    let theirs: String = String::from_utf8_lossy(&text.stdout)
        .replace("\\[", "")
        .replace("\\]", "")
        .replace("\\(", "")
        .replace("\\)", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let post = post();
    let mut mine = String::new();
    for b in post["blocks"].as_array().unwrap() {
        if b["type"] == "math" {
            mine.push_str(b["tex"].as_str().unwrap());
        } else {
            for i in b["content"].as_array().into_iter().flatten() {
                match i["type"].as_str() {
                    Some("math") => mine.push_str(i["tex"].as_str().unwrap()),
                    _ => mine.push_str(&plain_text(i)),
                }
            }
        }
    }
    let mine: String = mine.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(mine, theirs);
}
