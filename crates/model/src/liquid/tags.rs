//! Jekyll's own tags: `include`, `include_relative`, `highlight`, `post_url`, `link`.

use super::parser::{Include, Markup};
use super::render::Renderer;
use super::{Origin, Pos, Problem};
use serde_json::{Map, Value};
use std::path::{Component, Path, PathBuf};

/// Jekyll has no limit and overflows its stack; ten levels is more than any real site uses.
const MAX_INCLUDE_DEPTH: usize = 10;

/// `{% highlight %}` becomes a fenced block the Markdown stage reads: the info string's first
/// word is the language, the word `linenos` asks for line numbers.
pub(crate) fn write_fence(lang: Option<&str>, linenos: bool, code: &str, out: &mut String) {
    // Jekyll strips leading and trailing line breaks from the block (highlight.rb).
    let code = code
        .trim_start_matches(['\n', '\r'])
        .trim_end_matches(['\n', '\r']);
    let longest = code.split(|c| c != '~').map(str::len).max().unwrap_or(0);
    let fence = "~".repeat(longest.max(2) + 1);
    out.push('\n');
    out.push_str(&fence);
    for word in [lang, linenos.then_some("linenos")].into_iter().flatten() {
        out.push(' ');
        out.push_str(word);
    }
    out.push('\n');
    out.push_str(code);
    out.push('\n');
    out.push_str(&fence);
    out.push('\n');
}

impl Renderer<'_> {
    fn markup_text(&mut self, m: &Markup, origin: &Origin) -> String {
        match m {
            Markup::Literal(s) => s.clone(),
            Markup::Template(nodes) => {
                let mut s = String::new();
                self.render_nodes(nodes, origin, &mut s);
                s.trim().to_owned()
            }
        }
    }

    pub(crate) fn render_include(&mut self, inc: &Include, origin: &Origin, out: &mut String) {
        self.at = inc.pos;
        let name = self.markup_text(&inc.file, origin);
        let fail = |r: &Self, msg: String, hint: &str| {
            r.report(
                origin,
                Problem {
                    code: "liquid-include",
                    ..Problem::error(inc.pos, msg)
                }
                .with_hint(hint),
            );
        };
        if self.include_depth >= MAX_INCLUDE_DEPTH {
            fail(self, format!("include '{name}' is nested more than {MAX_INCLUDE_DEPTH} deep (does it include itself?)"), "break the include cycle");
            return;
        }
        let root = &self.engine.root;
        let (base, what) = if inc.relative {
            let dir = if self.include_depth == 0 {
                self.post_file.parent().map(Path::to_path_buf)
            } else {
                origin.file.parent().map(Path::to_path_buf)
            };
            (dir.unwrap_or_else(|| root.clone()), "the site")
        } else {
            (root.join("_includes"), "_includes")
        };
        let fence = if inc.relative {
            root.clone()
        } else {
            root.join("_includes")
        };
        let Some(path) = contained(&base, &name, &fence) else {
            fail(
                self,
                format!("include '{name}' is outside {what}: refused"),
                "includes must stay inside the folder they are read from",
            );
            return;
        };
        let file = match self.engine.include_file(&path, self.diags) {
            Ok(f) => f,
            Err(e) => {
                fail(
                    self,
                    format!("could not read include '{name}' ({}): {e}", path.display()),
                    "create the file or remove the tag",
                );
                return;
            }
        };
        let nodes = match &file.nodes {
            Ok(n) => n,
            Err(_) => {
                // The syntax error itself was reported at its place in the include file.
                self.report(
                    origin,
                    Problem {
                        code: "liquid-include",
                        ..Problem::error(
                            inc.pos,
                            format!("include '{name}' has a Liquid syntax error"),
                        )
                    },
                );
                self.fatal = true;
                return;
            }
        };
        let mut params = Map::new();
        for (k, v) in &inc.params {
            let v = self.eval(v);
            params.insert(k.clone(), v);
        }
        let mut scope = Map::new();
        scope.insert("include".into(), Value::Object(params));
        // Problems from the parameters belong to the including file; positions inside the
        // include are in its own file.
        self.report_notes(origin);
        self.push_scope(scope);
        self.include_depth += 1;
        let outer_loop = self.loop_at.take();
        let inner = Origin {
            file: &file.file,
            source: &file.source,
            first_line: 1,
        };
        self.render_nodes(nodes, &inner, out);
        self.loop_at = outer_loop;
        self.at = inc.pos;
        self.include_depth -= 1;
        self.pop_scope();
    }

    pub(crate) fn render_post_url(
        &mut self,
        target: &str,
        pos: Pos,
        origin: &Origin,
        out: &mut String,
    ) {
        self.at = pos;
        match find_post(&self.engine.links, target) {
            Some(url) => {
                let url = format!("{}{url}", self.engine.links.baseurl);
                self.write(out, &url, origin);
            }
            None => self.report(
                origin,
                Problem::warning(
                    "liquid-link",
                    pos,
                    format!("post_url: no post '{target}'; rendered as \"\""),
                )
                .with_hint(
                    "post_url takes a post's file name without extension, e.g. 2015-01-18-name",
                ),
            ),
        }
    }

    pub(crate) fn render_link(
        &mut self,
        target: &Markup,
        pos: Pos,
        origin: &Origin,
        out: &mut String,
    ) {
        self.at = pos;
        let target = self.markup_text(target, origin);
        let links = &self.engine.links;
        let rel = target.trim_start_matches('/');
        if let Some(url) = links
            .post_paths
            .get(rel)
            .and_then(|id| links.post_urls.get(id))
        {
            let url = format!("{}{url}", links.baseurl);
            self.write(out, &url, origin);
            return;
        }
        // A static file (an image, a PDF): Jekyll links it at its own path.
        let is_page = matches!(
            Path::new(rel).extension().and_then(|e| e.to_str()),
            Some("md" | "markdown" | "html" | "htm")
        );
        if !is_page {
            if let Some(p) = contained(&self.engine.root, rel, &self.engine.root) {
                if p.is_file() {
                    let url = format!("{}/{rel}", links.baseurl);
                    self.write(out, &url, origin);
                    return;
                }
            }
        }
        self.report(
            origin,
            Problem::warning(
                "liquid-link",
                pos,
                format!("link: no post or file '{target}' in the site; rendered as \"\""),
            )
            .with_hint("link takes a path from the site root, e.g. _posts/2015-01-18-name.md"),
        );
    }
}

/// The URL path of the post `{% post_url %}` names: `2015-01-18-name`, or with the folder it is
/// in under `_posts` (`cat/2015-01-18-name`), or a category folder's posts (`cat/_posts/…`).
fn find_post(links: &crate::site::links::SiteLinks, target: &str) -> Option<String> {
    let target = target.trim().trim_matches('/');
    if target.is_empty() {
        return None;
    }
    let mut matches: Vec<(&String, &String)> = links
        .post_paths
        .iter()
        .filter(|(path, _)| {
            let stem = Path::new(path.as_str()).with_extension("");
            let stem = stem.to_string_lossy().replace('\\', "/");
            stem == format!("_posts/{target}")
                || stem.ends_with(&format!("/_posts/{target}"))
                || target
                    .rsplit_once('/')
                    .is_some_and(|(dir, name)| stem == format!("{dir}/_posts/{name}"))
        })
        .collect();
    matches.sort();
    if let Some(url) = matches.first().and_then(|(_, id)| links.post_urls.get(*id)) {
        return Some(url.clone());
    }
    links.post_urls.get(target).cloned()
}

/// `base/name` when it stays inside `fence` (after resolving `..` and symlinks).
fn contained(base: &Path, name: &str, fence: &Path) -> Option<PathBuf> {
    let rel = Path::new(name.trim());
    if name.trim().is_empty()
        || rel.is_absolute()
        || rel.components().any(|c| {
            matches!(
                c,
                Component::ParentDir | Component::Prefix(_) | Component::RootDir
            )
        })
    {
        return None;
    }
    let joined = base.join(rel);
    match (joined.canonicalize(), fence.canonicalize()) {
        (Ok(real), Ok(fence)) => real.starts_with(&fence).then_some(joined),
        // Missing file: let the read report it, the path has no `..`.
        _ => Some(joined),
    }
}
