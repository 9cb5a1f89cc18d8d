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

/// The post with every construct of issue 15 (it loads MathJax itself: `mathjax: true`).
const EVERY_CONSTRUCT: &str = "2023-03-14-every-construct";

fn posts_of(site: &std::path::Path) -> Vec<Value> {
    let (book, out) = inspect(&workspace_root(), &["--site", site.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    book["posts"].as_array().unwrap().clone()
}

fn post_of(site: &std::path::Path, id: &str) -> Value {
    posts_of(site)
        .into_iter()
        .find(|p| p["meta"]["id"] == id)
        .unwrap_or_else(|| panic!("no post {id}"))
}

fn post() -> Value {
    post_of(&site(), "2021-07-11-display-math-lines")
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

/// The TeX of every formula of a post that has MathML, in order.
fn converted(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if m.get("type").and_then(Value::as_str) == Some("math") && m["mathml"].is_string() {
                out.push(m["tex"].as_str().unwrap_or_default().to_owned());
            }
            m.values().for_each(|x| converted(x, out));
        }
        Value::Array(xs) => xs.iter().for_each(|x| converted(x, out)),
        _ => {}
    }
}

/// A post's text with each formula's TeX where it stands (inside emphasis too).
fn reading(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => match m.get("type").and_then(Value::as_str) {
            Some("math") => out.push_str(m["tex"].as_str().unwrap_or_default()),
            Some("text" | "code" | "code_block") => {
                out.push_str(m["text"].as_str().unwrap_or_default())
            }
            _ => m
                .iter()
                .filter(|(k, _)| *k != "target")
                .for_each(|(_, x)| reading(x, out)),
        },
        Value::Array(xs) => xs.iter().for_each(|x| reading(x, out)),
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
    jekyll_build(&site(), &dest);
    for post in posts_of(&site()) {
        // Its TeX is read back from the source as the author meant it (kramdown's escapes
        // undone, its emphasis and `<br />` inside formulas not), not as kramdown's text.
        if post["meta"]["id"] == EVERY_CONSTRUCT {
            continue;
        }
        let url = post["meta"]["url"]
            .as_str()
            .unwrap()
            .trim_start_matches('/')
            .to_owned();
        let text = jekyll_page_text(&dest.join(&url));
        // Jekyll writes the formulas as `\[…\]` and `\(…\)` for MathJax; the model keeps their
        // TeX. Single dollars are text on both sides (this site loads no MathJax).
        let theirs: String = text
            .replace("\\[", "")
            .replace("\\]", "")
            .replace("\\(", "")
            .replace("\\)", "")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let mut mine = String::new();
        reading(&post["blocks"], &mut mine);
        let mine: String = mine.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(mine, theirs, "{url}");
    }
}

#[test]
fn dollars_are_text_unless_the_blog_loads_mathjax_or_katex_or_book_toml_says_math() {
    let id = "2022-01-13-shell-dollars";
    let count = |post: &Value| {
        let mut tex = Vec::new();
        formulas(&post["blocks"], &mut tex);
        tex.len()
    };
    // As on the blog: no MathJax, so kramdown's text is what a reader sees.
    let post = post_of(&site(), id);
    assert_eq!(count(&post), 0);
    let text = plain_text(&post["blocks"]);
    assert!(text.contains("cp $var 5 /mnt/video/$var.ts"), "{text}");
    assert!(
        text.contains("from $5 to $10, and $HOME stays $HOME."),
        "{text}"
    );

    // A layout include that loads MathJax: `$…$` is math on that blog.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("site");
    copy_dir(&site(), &copy);
    std::fs::create_dir_all(copy.join("_includes")).unwrap();
    std::fs::write(
        copy.join("_includes/head.html"),
        "<script src=\"https://cdn.example/mathjax/3/tex-chtml.js\"></script>\n",
    )
    .unwrap();
    assert!(count(&post_of(&copy, id)) > 0);

    // book.toml decides over the detection, either way.
    std::fs::write(
        dir.path().join("book.toml"),
        "[book]\nsource = \"site\"\n[math]\ndollars = \"text\"\n",
    )
    .unwrap();
    let (book, out) = inspect(dir.path(), &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let post = book["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["meta"]["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(count(&post), 0);
    // The `$$` blocks stay math whatever `dollars` says (kramdown's own math).
    let display = book["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["meta"]["id"] == "2021-07-11-display-math-lines")
        .unwrap()
        .clone();
    assert_eq!(count(&display), 5);
}

#[test]
fn a_caption_with_a_pipe_under_an_image_and_its_ial_is_a_paragraph() {
    // kramdown starts a table only after a blank line; the IAL line is none.
    let post = post_of(&site(), "2017-08-01-caption-under-image");
    let kinds: Vec<String> = post["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["type"].as_str().unwrap().to_owned())
        .collect();
    // One table: the one under the IAL line that follows a blank line (kramdown styles it).
    assert_eq!(
        kinds.iter().filter(|k| *k == "table").count(),
        1,
        "{kinds:?}"
    );
    assert_eq!(kinds.last().map(String::as_str), Some("table"), "{kinds:?}");
    let mut tex = Vec::new();
    formulas(&post["blocks"], &mut tex);
    assert_eq!(
        tex,
        [
            "\\log_2 p(y|x) - \\log_2 p(y|x \\backslash A_i)",
            "K",
            "\\mathcal{D}"
        ]
    );
}

#[test]
fn every_formula_is_mathml_in_the_epub_with_its_tex_as_alttext() {
    let dir = tempfile::tempdir().unwrap();
    let o = build_site(&site(), "--epub", dir.path());
    // One formula is beyond math-core 0.7 (`\boxed`, see MANIFEST): it alone falls back to its
    // source, with a warning at its line naming the command.
    let err = stderr(&o);
    assert_eq!(err.matches("warning[math-unsupported]").count(), 1, "{err}");
    assert!(
        err.contains("Unknown command \"\\boxed\"")
            && err.contains("2023-03-14-every-construct.md:161:17"),
        "{err}"
    );
    let epub = dir.path().join("math-site.epub");
    assert_epubcheck_clean(&epub);

    let mut z = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut read = |name: &str| {
        use std::io::Read as _;
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let opf = read("OEBPS/content.opf");
    let posts = posts_of(&site());
    let mut total = 0;
    let mut fallbacks = std::collections::BTreeSet::new();
    for (i, p) in posts.iter().enumerate() {
        let mut tex = Vec::new();
        converted(&p["blocks"], &mut tex);
        let chapter = format!("chapter-{:03}.xhtml", i + 1);
        let xhtml = read(&format!("OEBPS/{chapter}"));
        let doc = roxmltree::Document::parse_with_options(
            &xhtml,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap();
        let maths: Vec<roxmltree::Node> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "math")
            .collect();
        assert_eq!(maths.len(), tex.len(), "{chapter}");
        if p["meta"]["id"] == EVERY_CONSTRUCT {
            // 87 formulas, one of them not convertible.
            assert_eq!(maths.len(), 86, "{chapter}");
            let display = maths
                .iter()
                .filter(|m| m.attribute("display") == Some("block"))
                .count();
            assert_eq!(display, 28, "{chapter}");
        }
        for (m, t) in maths.iter().zip(&tex) {
            assert_eq!(
                m.tag_name().namespace(),
                Some("http://www.w3.org/1998/Math/MathML")
            );
            assert_eq!(m.attribute("alttext"), Some(t.as_str()), "{chapter}");
            // A formula that draws something has a fallback image for readers without MathML:
            // an SVG in the package, sized in em, hanging below the baseline by its depth.
            let draws = m
                .descendants()
                .any(|n| ["mi", "mn", "mo", "mtext"].contains(&n.tag_name().name()));
            if draws {
                let href = m
                    .attribute("altimg")
                    .unwrap_or_else(|| panic!("altimg: {t}"));
                assert!(
                    href.starts_with("math/") && href.ends_with(".svg"),
                    "{href}"
                );
                fallbacks.insert(href.to_owned());
                for a in ["altimg-width", "altimg-height"] {
                    let v = m.attribute(a).unwrap_or_else(|| panic!("{a}: {t}"));
                    let em: f32 = v.strip_suffix("em").unwrap().parse().unwrap();
                    assert!(em > 0.2, "{a}={v} for {t}");
                }
                assert!(m.attribute("altimg-valign").unwrap().starts_with('-'));
            }
        }
        // No TeX source shown where MathML stands.
        assert!(!xhtml.contains("class=\"math\"><code>"), "{chapter}");
        let item = opf
            .lines()
            .find(|l| l.contains(&format!("href=\"{chapter}\"")))
            .unwrap();
        assert_eq!(
            item.contains("properties=\"mathml\""),
            !tex.is_empty(),
            "{item}"
        );
        total += tex.len();
    }
    assert!(total >= 5, "{total} formulas");
    // Each image is in the manifest as SVG and is an SVG document with glyph outlines.
    assert!(fallbacks.len() >= 80, "{}", fallbacks.len());
    for href in &fallbacks {
        let item = opf
            .lines()
            .find(|l| l.contains(&format!("href=\"{href}\"")))
            .unwrap_or_else(|| panic!("{href} is not in the manifest"));
        assert!(item.contains("media-type=\"image/svg+xml\""), "{item}");
        let svg = read(&format!("OEBPS/{href}"));
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{href}: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(doc.descendants().any(|n| n.has_tag_name("path")), "{href}");
    }
}

#[test]
fn the_every_construct_post_reads_math_as_mathjax_shows_it_with_numbers_per_post() {
    let post = post_of(&site(), EVERY_CONSTRUCT);
    let mut tex = Vec::new();
    formulas(&post["blocks"], &mut tex);
    assert_eq!(tex.len(), 87, "{tex:#?}");
    // `\\(…\\)`, `\\[…\\]`, bare environments, prose references and a math fence.
    for t in [
        "y = mx + c",
        "\\int_a^b f'(x)\\,dx = f(b) - f(a)",
        "\\begin{align*}\nu &= v + w \\\\\n  &= z\n\\end{align*}",
        "\\eqref{eq:gauss}",
        "\\ref{eq:energy}",
        "\\frac{\\partial f}{\\partial x} = 2x",
    ] {
        assert!(tex.iter().any(|x| x == t), "{t:?} not in {tex:#?}");
    }
    // Not math: prices, code spans, `\(z\)` (kramdown writes `(z)`), an indented code block.
    let text = plain_text(&post["blocks"]);
    assert!(text.contains("Prices $5 and $6 stay text."), "{text}");
    assert!(text.contains(" and (z) in this line."), "{text}");
    assert!(!tex.iter().any(|t| t.contains("code")), "{tex:#?}");
    // Numbers run on through the post: (1) E = mc², (2)(3) align, (4)(G) gather, (5) split,
    // (6) multline, (7)(8) eqnarray, (9) the variance; references give the same numbers.
    let mathml = |needle: &str| -> String {
        let mut found = None;
        find_math(&post["blocks"], needle, &mut found);
        found.unwrap_or_else(|| panic!("no formula {needle:?}"))
    };
    assert!(mathml("\\label{eq:energy}").contains("<mtext>(1)</mtext>"));
    assert!(mathml("\\label{eq:variance}").contains("<mtext>(9)</mtext>"));
    assert!(mathml("\\tag{G}").contains("<mtext>(G)</mtext>"));
    assert!(mathml("\\eqref{eq:variance}").contains("(9)"));
    assert!(mathml("\\eqref{eq:gauss}").contains("(2)"));
    // The site loads no MathJax and the other posts keep their dollars: unchanged.
    let shell = post_of(&site(), "2022-01-13-shell-dollars");
    let mut none = Vec::new();
    formulas(&shell["blocks"], &mut none);
    assert!(none.is_empty(), "{none:?}");
}

/// The MathML of the first formula whose TeX contains `needle`.
fn find_math(v: &Value, needle: &str, found: &mut Option<String>) {
    match v {
        Value::Object(m) => {
            if found.is_none()
                && m.get("type").and_then(Value::as_str) == Some("math")
                && m["tex"].as_str().is_some_and(|t| t.contains(needle))
            {
                *found = m["mathml"].as_str().map(str::to_owned);
            }
            m.values().for_each(|x| find_math(x, needle, found));
        }
        Value::Array(xs) => xs.iter().for_each(|x| find_math(x, needle, found)),
        _ => {}
    }
}
