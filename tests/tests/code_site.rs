//! `tests/fixtures/code-site/`: code as bloggers write it (one block per listed language, every
//! fence form, Rouge aliases, a shell session) is highlighted once in the model; the languages
//! are the ones real Jekyll (kramdown + Rouge) gives each block; the EPUB carries Rouge's classes
//! and passes EPUBCheck; the PDF prints the tokens in at least three colours, in bold and italic
//! code faces, and `pdftotext` gives every code line back exactly.

use hanmoto_tests::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn site() -> PathBuf {
    fixtures().join("code-site")
}

/// A code block or an inline code span as `hanmoto inspect --json` prints it.
#[derive(Debug)]
struct Code {
    post: String,
    block: bool,
    language: Option<String>,
    text: String,
    tokens: Vec<(usize, usize, String)>,
}

impl Code {
    /// The kind of the token that covers `needle`'s first occurrence in full.
    fn kind_at(&self, needle: &str) -> Option<&str> {
        let start = self.text.find(needle)?;
        let end = start + needle.len();
        self.tokens
            .iter()
            .find(|(s, e, _)| *s <= start && end <= *e)
            .map(|(_, _, k)| k.as_str())
    }
}

fn collect(v: &serde_json::Value, post: &str, out: &mut Vec<Code>) {
    match v {
        serde_json::Value::Object(m) => {
            let kind = m.get("type").and_then(|t| t.as_str());
            if let Some(block) = match kind {
                Some("code_block") => Some(true),
                Some("code") => Some(false),
                _ => None,
            } {
                let c = m;
                {
                    let tokens = c["tokens"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| {
                            (
                                t["start"].as_u64().unwrap() as usize,
                                t["end"].as_u64().unwrap() as usize,
                                t["kind"].as_str().unwrap().to_owned(),
                            )
                        })
                        .collect();
                    out.push(Code {
                        post: post.to_owned(),
                        block,
                        language: c["language"].as_str().map(str::to_owned),
                        text: c["text"].as_str().unwrap().to_owned(),
                        tokens,
                    });
                }
            }
            for v in m.values() {
                collect(v, post, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect(v, post, out)),
        _ => {}
    }
}

/// Every code block and span of the site, post by post, in reading order.
fn codes() -> &'static [Code] {
    static CODES: OnceLock<Vec<Code>> = OnceLock::new();
    CODES.get_or_init(|| {
        let (json, out) = inspect(&workspace_root(), &["--site", site().to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let mut codes = Vec::new();
        for p in json["posts"].as_array().unwrap() {
            let source = p["source"].as_str().unwrap();
            let id = Path::new(source).file_stem().unwrap().to_str().unwrap();
            collect(&p["blocks"], id, &mut codes);
        }
        codes
    })
}

fn blocks_of(post: &str) -> Vec<&'static Code> {
    codes()
        .iter()
        .filter(|c| c.block && c.post.ends_with(post))
        .collect()
}

#[test]
fn every_listed_language_has_its_keywords_strings_and_comments() {
    // (language, text in the block, its kind) — two or three key spans per block.
    #[rustfmt::skip]
    let expected: &[(&str, &[(&str, &str)])] = &[
        ("ruby", &[("def", "keyword"), ("\"Hello, ", "string"), ("# 挨拶する", "comment")]),
        ("python", &[("import", "keyword"), ("'hi'", "string"), ("# コメント", "comment"), ("42", "number")]),
        ("javascript", &[("const", "keyword"), ("// 足し算", "comment")]),
        ("typescript", &[("interface", "keyword"), ("1", "number")]),
        ("json", &[("\"key\"", "attribute"), ("\"value\"", "string"), ("3", "number")]),
        ("yaml", &[("title", "attribute"), ("\"My blog\"", "string"), ("# コメント", "comment")]),
        ("toml", &[("name", "attribute"), ("\"hanmoto\"", "string")]),
        ("shell", &[("if", "keyword"), ("\"hi\"", "string"), ("# c", "comment")]),
        ("c", &[("return", "keyword"), ("<stdio.h>", "string")]),
        ("cpp", &[("\"x\"", "string"), ("// c", "comment")]),
        ("rust", &[("fn", "keyword"), ("\"文字列\"", "string")]),
        ("go", &[("func", "keyword"), ("\"hi\"", "string")]),
        ("java", &[("public", "keyword"), ("\"x\"", "string")]),
        ("kotlin", &[("fun", "keyword"), ("\"x\"", "string")]),
        ("swift", &[("func", "keyword"), ("\"x\"", "string")]),
        ("csharp", &[("class", "keyword"), ("\"x\"", "string")]),
        ("php", &[("echo", "keyword"), ("\"hi\"", "string"), ("// c", "comment")]),
        ("sql", &[("SELECT", "keyword"), ("'x'", "string")]),
        ("html", &[("href", "attribute"), ("\"/x\"", "string")]),
        ("xml", &[("item", "tag"), ("\"1\"", "string")]),
        ("css", &[("/* c */", "comment"), ("color", "attribute")]),
        ("scss", &[("color", "attribute")]),
        ("markdown", &[("Title", "heading"), ("`code`", "string")]),
        ("diff", &[("-old", "deleted"), ("+new", "inserted")]),
        ("docker", &[("FROM", "keyword"), ("\"hi\"", "string")]),
        ("make", &[("# c", "comment"), ("\"hi\"", "string")]),
        ("nginx", &[("server", "keyword"), ("# c", "comment")]),
        ("ini", &[("; c", "comment")]),
        ("haskell", &[("\"hi\"", "string")]),
        ("scheme", &[("; c", "comment"), ("\"s\"", "string")]),
        ("lua", &[("local", "keyword"), ("\"s\"", "string"), ("-- c", "comment")]),
        ("elixir", &[("defmodule", "keyword"), ("\"s\"", "string")]),
        ("perl", &[("my", "keyword"), ("\"s\"", "string"), ("# c", "comment")]),
        ("nasm", &[("; c", "comment"), ("1", "number")]),
        ("slim", &[("/ comment", "comment"), ("h1", "tag")]),
        ("haml", &[("comment", "comment"), ("h1", "tag")]),
        ("liquid", &[("if", "keyword"), ("endif", "keyword")]),
    ];
    let blocks = blocks_of("languages");
    assert_eq!(blocks.len(), 40, "{blocks:#?}");
    let mut failed = Vec::new();
    for (lang, spans) in expected {
        let block = blocks
            .iter()
            .find(|b| b.language.as_deref() == Some(*lang))
            .unwrap_or_else(|| panic!("no {lang} block"));
        for (needle, kind) in *spans {
            let got = block.kind_at(needle);
            if got != Some(*kind) {
                failed.push(format!("{lang}: {needle:?} is {got:?}, want {kind}"));
            }
        }
    }
    // Every block of the post is highlighted (the fixture has no plain one).
    for b in &blocks {
        if b.tokens.is_empty() {
            failed.push(format!("{:?}: no tokens", b.language));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn fence_forms_and_rouge_aliases_name_their_language() {
    let langs: Vec<Option<&str>> = blocks_of("fences")
        .iter()
        .map(|b| b.language.as_deref())
        .collect();
    #[rustfmt::skip]
    let expected = [
        "ruby", "cpp", "ruby", "ruby", "ruby", "python",
        // ``` with no name: the site's `syntax_highlighter_opts: block: default_lang`.
        "ruby",
        "shell", "shell", "ruby", "javascript", "yaml", "cpp", "objective_c", "docker", "erb",
        "erb", "plaintext", "plaintext", "no-such-language",
    ];
    assert_eq!(langs, expected.map(Some));
    let blocks = blocks_of("fences");
    // `{% highlight ruby linenos %}` keeps its line numbers.
    assert_eq!(blocks[4].kind_at("def"), Some("keyword"));
    for b in &blocks {
        let plain = matches!(
            b.language.as_deref(),
            Some("plaintext" | "no-such-language")
        );
        assert_eq!(b.tokens.is_empty(), plain, "{b:?}");
    }
    // Inline code: highlighted when it names its language (`{:.language-ruby}`), else plain
    // (the default_lang here is for blocks only).
    let spans: Vec<&Code> = codes()
        .iter()
        .filter(|c| !c.block && c.post.ends_with("fences"))
        .collect();
    assert_eq!(spans.len(), 2, "{spans:?}");
    assert_eq!(spans[0].language.as_deref(), Some("ruby"));
    assert_eq!(spans[0].kind_at("\"inline\""), Some("string"));
    assert_eq!(spans[1].language, None);
    assert!(spans[1].tokens.is_empty());
}

#[test]
fn an_unknown_language_is_warned_once_for_the_book() {
    let err = &epub().stderr;
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning[")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(
        warnings[0].contains("code-language") && warnings[0].contains("no-such-language"),
        "{err}"
    );
    assert!(err.contains("2024-05-02-fences.md"), "{err}");
}

#[test]
fn shell_sessions_tell_prompt_command_and_output_apart() {
    let blocks = blocks_of("console");
    assert_eq!(blocks.len(), 2);
    let s = blocks[0];
    assert_eq!(s.language.as_deref(), Some("console"));
    assert_eq!(s.kind_at("$ "), Some("prompt"));
    assert_eq!(s.kind_at("hello\n$"), None);
    assert_eq!(s.kind_at("total 0"), Some("output"));
    assert_eq!(s.kind_at("root"), Some("output"));
    assert_eq!(s.kind_at("\"hello\""), Some("string"));
    // The continued command (`ls \` then `  -la`) is command, not output.
    assert_ne!(s.kind_at("-la"), Some("output"));
    let t = blocks[1];
    assert_eq!(t.kind_at("user@host:~$ "), Some("prompt"));
    assert_eq!(t.kind_at("Compiling hanmoto"), Some("output"));
}

/// Each code block's language as Jekyll wrote it (`language-X` on the block's wrapper) and
/// whether Rouge highlighted it, in page order.
fn jekyll_blocks(html: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<pre") {
        let before = &rest[..i];
        let mut end = rest[i..].find("</pre>").map_or(rest.len(), |e| i + e);
        // `linenos`: one block holding a table of two more `<pre>`s (numbers, code).
        if rest[i..end].contains("rouge-table") {
            end = rest[i..].find("</table>").map_or(rest.len(), |e| i + e);
        }
        let body = &rest[i..end];
        rest = &rest[end..];
        // The name is on the `<code>` (plain and `{% highlight %}` blocks) or on the wrapper
        // `<div>` before the `<pre>` (Rouge's fenced blocks).
        let tag = body
            .find("class=\"language-")
            .map(|k| &body[k + 16..])
            .or_else(|| before.rfind("class=\"language-").map(|k| &before[k + 16..]))
            .unwrap_or("");
        let lang = tag.split(['"', ' ']).next().unwrap_or("");
        out.push((lang.to_owned(), body.contains("<span class=")));
    }
    out
}

#[test]
fn languages_are_those_jekyll_gives_each_block() {
    if !require_tool("jekyll", Command::new("jekyll").arg("--version")) {
        return;
    }
    let dest = tempfile::tempdir().unwrap();
    let out = jekyll_build(&site(), dest.path());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (post, path) in [
        ("languages", "2024/05/01/languages.html"),
        ("fences", "2024/05/02/fences.html"),
        ("console", "2024/05/03/console.html"),
    ] {
        let html = std::fs::read_to_string(dest.path().join(path)).unwrap();
        let theirs = jekyll_blocks(&html);
        let ours = blocks_of(post);
        assert_eq!(theirs.len(), ours.len(), "{post}: {theirs:?}");
        for ((lang, highlighted), b) in theirs.iter().zip(&ours) {
            // Jekyll writes the name as the author did (`c++`, `sh`); the model keeps Rouge's
            // canonical name. The same language either way.
            let named = hanmoto_model::highlight::resolve(lang).map(|l| l.name);
            assert_eq!(named, b.language, "{post}: Jekyll's {lang:?}");
            // What Rouge highlights, hanmoto highlights too (hanmoto also knows `html+erb`,
            // which Rouge 3 prints plain).
            if *highlighted {
                assert!(!b.tokens.is_empty(), "{post}: {lang} plain here");
            }
        }
    }
}

/// The EPUB of the site, built once, and what hanmoto printed.
struct Epub {
    _dir: tempfile::TempDir,
    path: PathBuf,
    stderr: String,
}

fn epub() -> &'static Epub {
    static EPUB: OnceLock<Epub> = OnceLock::new();
    EPUB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let o = build_site(&site(), "--epub", dir.path());
        Epub {
            path: dir.path().join("code-site.epub"),
            stderr: stderr(&o),
            _dir: dir,
        }
    })
}

fn epub_entry(name: &str) -> String {
    use std::io::Read as _;
    let mut z = zip::ZipArchive::new(std::fs::File::open(&epub().path).unwrap()).unwrap();
    let mut f = z.by_name(name).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_epub_passes_epubcheck() {
    assert_epubcheck_clean(&epub().path);
}

#[test]
fn the_epub_carries_rouge_classes_and_the_code_reads_as_written() {
    let languages = epub_entry("OEBPS/chapter-001.xhtml");
    assert!(
        languages.contains("<pre class=\"code highlight\"><code class=\"language-ruby\">"),
        "{languages}"
    );
    assert!(languages.contains("<span class=\"k\">def</span>"));
    assert!(languages.contains("<span class=\"c\"># 挨拶する</span>"));
    assert!(languages.contains("<span class=\"gd\">-old</span>"));
    let fences = epub_entry("OEBPS/chapter-002.xhtml");
    // Line numbers: a column of their own, hidden from screen readers.
    assert!(fences.contains(
        "<pre class=\"code highlight linenos\"><code class=\"language-ruby\"><span class=\"line\"><span class=\"ln\" aria-hidden=\"true\">1 </span><span class=\"k\">def</span>"
    ));
    assert!(
        fences.contains("<code class=\"highlight language-ruby\"><span class=\"nf\">puts</span>")
    );
    let console = epub_entry("OEBPS/chapter-003.xhtml");
    assert!(
        console.contains("<span class=\"gp\">$ </span>"),
        "{console}"
    );
    assert!(console.contains("<span class=\"go\">total 0</span>"));

    // Each block's text, without its line numbers, is the code as written.
    let blocks: Vec<&Code> = codes().iter().filter(|c| c.block).collect();
    let mut pres = Vec::new();
    for chapter in 1..=4 {
        let xhtml = epub_entry(&format!("OEBPS/chapter-{chapter:03}.xhtml"));
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&xhtml, options).unwrap();
        for pre in doc.descendants().filter(|n| n.has_tag_name("pre")) {
            let text: String = pre
                .descendants()
                .filter(|n| n.is_text())
                .filter(|n| !n.ancestors().any(|a| a.attribute("class") == Some("ln")))
                .map(|n| n.text().unwrap())
                .collect();
            pres.push(text);
        }
    }
    assert_eq!(pres.len(), blocks.len());
    for (text, b) in pres.iter().zip(&blocks) {
        assert_eq!(text, b.text.trim_end_matches('\n'));
    }

    // The stylesheet: prompts and line numbers are not copied; keywords bold, comments italic.
    let css = epub_entry("OEBPS/stylesheet.css");
    for rule in [".highlight .gp {", "pre .ln {"] {
        let body = &css[css.find(rule).unwrap_or_else(|| panic!("{rule}"))..];
        let body = &body[..body.find('}').unwrap()];
        assert!(body.contains("user-select: none"), "{rule}: {body}");
        assert!(body.contains("-webkit-user-select: none"), "{rule}: {body}");
    }
    assert!(css.contains(".highlight .k { color: #cf222e; font-weight: bold; }"));
    assert!(css.contains(".highlight .c { color: #57606a; font-style: italic; }"));
}

/// Builds the PDF book of the site with `[code] theme = theme` (none: the default).
fn pdf(theme: Option<&str>, dir: &Path) -> PathBuf {
    let book = dir.join("book.toml");
    let mut toml = format!(
        "[book]\nsource = {:?}\nslug = \"code\"\n[pdf]\nenabled = true\n",
        site().to_str().unwrap()
    );
    if let Some(t) = theme {
        toml.push_str(&format!("[code]\ntheme = \"{t}\"\n"));
    }
    std::fs::write(&book, toml).unwrap();
    let o = hanmoto(
        dir,
        &[
            "build",
            "--pdf",
            "--offline",
            "--book",
            book.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    dir.join("build/code.pdf")
}

/// The distinct `r g b rg` fill colours of the PDF's content streams (decompressed by qpdf).
fn fill_colors(pdf: &Path) -> std::collections::BTreeSet<String> {
    let qdf = pdf.with_extension("qdf.pdf");
    let o = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&qdf)
        .output()
        .expect("qpdf runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&qdf).unwrap();
    String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|l| l.strip_suffix(" rg"))
        .map(str::to_owned)
        .collect()
}

fn rg(hex: u32) -> String {
    let c = |v: u32| {
        let s = format!("{:.3}", f64::from(v) / 255.0);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s.is_empty() {
            "0".to_owned()
        } else {
            s.to_owned()
        }
    };
    format!(
        "{} {} {}",
        c(hex >> 16),
        c((hex >> 8) & 0xff),
        c(hex & 0xff)
    )
}

#[test]
fn the_pdf_prints_tokens_in_colour_and_weight_and_extracts_each_code_line() {
    if !pdf_tools_available() || !require_tool("qpdf", Command::new("qpdf").arg("--version")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf(None, dir.path());
    assert_qpdf_clean(&pdf);
    assert_fonts_embedded_subset_unicode(&pdf);
    let fonts = run_tool("pdffonts", &[], &pdf);
    assert!(fonts.contains("DejaVuSansMono-Bold"), "{fonts}");
    assert!(fonts.contains("DejaVuSansMono-Oblique"), "{fonts}");

    // The print theme's keyword, string, comment, number and function colours.
    let colors = fill_colors(&pdf);
    let theme = [0x8b0a50, 0x1e6b1e, 0x5c5c5c, 0x1f3f99, 0x5a2d8c].map(rg);
    let found: Vec<&String> = theme.iter().filter(|c| colors.contains(*c)).collect();
    assert!(found.len() >= 3, "theme {theme:?}, content {colors:?}");

    // Every code line comes back exactly, in content order (`-raw`): no colour change splits a
    // word with a space, none joins two. pdftotext infers spaces from gaps, so a run of spaces
    // (indentation, `x  # c`) comes back as one: compared with runs collapsed.
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = pdf_text(&pdf, &["-raw"]);
    let lines: std::collections::HashSet<String> = text.lines().map(squeeze).collect();
    let mut missing = Vec::new();
    for b in codes().iter().filter(|c| c.block) {
        for line in b.text.lines() {
            let line = squeeze(line);
            if !line.is_empty() && !lines.contains(&line) {
                missing.push(line);
            }
        }
    }
    assert!(missing.is_empty(), "not in pdftotext: {missing:#?}");
}

#[test]
fn the_pdf_code_theme_is_chosen_in_book_toml() {
    if !pdf_tools_available() || !require_tool("qpdf", Command::new("qpdf").arg("--version")) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mono = fill_colors(&pdf(Some("monochrome"), dir.path()));
    // No colour of the other themes; comments and output in its one grey.
    for hex in [0x8b0a50, 0x1e6b1e, 0x1f3f99, 0xcf222e, 0x0a3069, 0x0550ae] {
        assert!(!mono.contains(&rg(hex)), "{} in {mono:?}", rg(hex));
    }
    assert!(mono.contains(&rg(0x555555)), "{mono:?}");
    let dir = tempfile::tempdir().unwrap();
    let pdf = pdf(Some("github"), dir.path());
    let github = fill_colors(&pdf);
    assert!(github.contains(&rg(0xcf222e)), "{github:?}");
    assert!(!github.contains(&rg(0x8b0a50)), "{github:?}");
    // Bold and italic faces stay in every theme.
    let fonts = run_tool("pdffonts", &[], &pdf);
    assert!(fonts.contains("DejaVuSansMono-Oblique"), "{fonts}");
}

#[test]
fn a_bad_code_theme_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("book.toml");
    std::fs::write(
        &book,
        format!(
            "[book]\nsource = {:?}\n\n[code]\ntheme = \"solarized\"\n",
            site().to_str().unwrap()
        ),
    )
    .unwrap();
    let o = hanmoto(
        dir.path(),
        &["check", "--offline", "--book", book.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("book.toml:5"), "{err}");
    assert!(err.contains("solarized"), "{err}");
}

#[test]
fn ace_finds_nothing_in_the_highlighted_chapters() {
    let Some(findings) = ace_findings(&epub().path) else {
        return;
    };
    // Every token span, line number and prompt, and the package and its navigation: no finding
    // above minor (the package's language and the navs' roles and names included).
    let bad: Vec<&AceFinding> = findings.iter().filter(|f| f.impact != "minor").collect();
    assert!(bad.is_empty(), "{bad:#?}");
}
