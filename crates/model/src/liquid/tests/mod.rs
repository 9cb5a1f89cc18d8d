//! Tests over real-world inputs; expected outputs were checked against Jekyll 4.3.1 where the
//! behaviour is Jekyll's (see the module doc for the measurements).

mod filters;
mod jekyll;
mod lax;
mod lax_output;
mod limits;
mod syntax;

use super::{LiquidEngine, LiquidInput, LiquidSite};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::links::SiteLinks;
use serde_json::{json, Map, Value};

pub(super) struct Site {
    pub dir: tempfile::TempDir,
    pub engine: LiquidEngine,
}

pub(super) fn site_with(includes: &[(&str, &str)]) -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in includes {
        let p = dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, text).expect("write");
    }
    let mut links = SiteLinks::new(Some("https://example.com".into()), "/blog".into());
    links.add_post(
        "2015-01-18-name",
        "_posts/2015-01-18-name.md",
        "/2015/01/18/name.html",
    );
    links.add_post(
        "2016-02-01-other",
        "_posts/event/2016-02-01-other.md",
        "/event/2016/02/01/other.html",
    );
    let site = json!({
        "title": "テストブログ",
        "posts": [
            {"title": "新しい", "url": "/2016/02/01/other.html", "tags": ["b"], "date": "2016-02-01T00:00:00+09:00"},
            {"title": "古い", "url": "/2015/01/18/name.html", "tags": ["a", "b"], "date": "2015-01-18T00:00:00+09:00", "image": "/x.png"}
        ],
        "data": {"h": {"k1": "v1", "k2": "v2"}, "members": [{"name": "太郎", "role": "lead"}, {"name": "花子", "role": "dev"}, {"name": "次郎", "role": "dev"}]}
    });
    let Value::Object(site) = site else {
        unreachable!()
    };
    let engine = LiquidEngine::new(
        LiquidSite {
            root: dir.path().to_owned(),
            site,
            links,
        },
        &[],
    );
    Site { dir, engine }
}

pub(super) fn page() -> Map<String, Value> {
    let Value::Object(m) = json!({
        "title": "日本語のタイトル",
        "date": "2015-01-18T10:00:00+09:00",
        "tags": ["a", "b"],
        "url": "/2015/01/18/name.html",
    }) else {
        unreachable!()
    };
    m
}

impl Site {
    /// Renders `body` as a post at `_posts/2015-01-18-name.md` whose body starts on line 5.
    pub fn run(&self, body: &str) -> (Option<String>, Vec<Diagnostic>) {
        let file = self.dir.path().join("_posts/2015-01-18-name.md");
        let source = format!("---\ntitle: x\ndate: 2015-01-18\n---\n{body}");
        let page = page();
        let input = LiquidInput {
            body,
            page: &page,
            file: &file,
            source: &source,
            first_line: 5,
        };
        let diags = Diagnostics::new();
        let out = self.engine.render(&input, &diags);
        (out, diags.into_sorted())
    }
    pub fn out(&self, body: &str) -> String {
        let (out, diags) = self.run(body);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        out.unwrap_or_else(|| panic!("fatal: {diags:?}"))
    }
}

/// Renders with an empty site and checks no diagnostic was made.
pub(super) fn render(body: &str) -> String {
    let s = site_with(&[]);
    let (out, diags) = s.run(body);
    assert!(diags.is_empty(), "{diags:?}");
    out.unwrap_or_default()
}

/// Renders `body` in the page of the `LAX.md` measurements (`title: t`, `n: 5`,
/// `tags: [a, b]`), as the post `_posts/2020-01-01-p.html` whose body starts on line 6.
pub(super) fn lax_page_run(body: &str) -> (Option<String>, Vec<Diagnostic>) {
    let page = json!({"title": "t", "n": 5, "tags": ["a", "b"], "url": "/2020/01/01/p.html"});
    run_in_page(body, page)
}

/// Renders `body` with `page` as `page.*`, in the same file as `lax_page_run`.
pub(super) fn run_in_page(body: &str, page: Value) -> (Option<String>, Vec<Diagnostic>) {
    let s = site_with(&[]);
    let file = s.dir.path().join("_posts/2020-01-01-p.html");
    let source = format!("---\ntitle: t\nn: 5\ntags: [a, b]\n---\n{body}");
    let Value::Object(page) = page else {
        unreachable!("tests pass an object")
    };
    let input = LiquidInput {
        body,
        page: &page,
        file: &file,
        source: &source,
        first_line: 6,
    };
    let diags = Diagnostics::new();
    let out = s.engine.render(&input, &diags);
    (out, diags.into_sorted())
}

pub(super) fn line_of(d: &Diagnostic) -> (u32, u32) {
    d.span.as_ref().map_or((0, 0), |s| (s.line, s.column))
}

pub(super) fn file_name(d: &Diagnostic) -> String {
    d.span
        .as_ref()
        .and_then(|s| s.file.file_name())
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}
