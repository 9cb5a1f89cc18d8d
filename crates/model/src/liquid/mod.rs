//! Jekyll-flavoured Liquid: renders a post body the way Jekyll 4.3 (Liquid 5.4) would, before
//! the Markdown stage reads it.
//!
//! # Why our own interpreter and not the `liquid` crate
//! The notes in `shared/notes/liquid-yaml.md` measured liquid 0.26 against Jekyll 4.3.1. Three
//! gaps cannot be closed from outside the crate:
//! - undefined variables are errors; a lenient runtime fixes globals but not missing keys on
//!   loop variables (`{% for p in site.posts %}{{ p.image }}`, the most common Jekyll loop).
//!   Only a patch to liquid-core (`find::find`, `RuntimeCore::get`) fixed it, i.e. a vendored
//!   fork under `[patch.crates-io]` that we would have to carry;
//! - unknown tags and filters are parse errors with no catch-all (Jekyll ignores unknown
//!   filters; we must warn on unknown tags and go on), and Jekyll's argument forms
//!   (`{% include dir/x.html %}`, `{% link _posts/x.md %}`) need a quoting pre-pass;
//! - errors are text only, with wrong columns after non-ASCII text and unclosed blocks reported
//!   at the end of the file; parsing is quadratic in long whitespace runs.
//!
//! The language a blog uses is small (a dozen tags, ~80 filters) and every workaround above was
//! already half an interpreter, so this module is one: a linear tokenizer (`lexer`), a tree
//! (`parser`, `expr`), and a tree walker (`render`, `tags`) over `serde_json::Value`
//! (`value`), with Liquid's and Jekyll's filters (`filters`, `jekyll_filters`, `date`).
//! Every position is exact, every undefined lookup is "" and nothing panics on any input.
//!
//! # Lax mode, like Jekyll's (`LAX.md`)
//! Jekyll reads Liquid with `error_mode: warn`: markup the strict parser refuses is read again
//! by Liquid's lax parsers (`lax`), so `{{{ x }}}` renders `}` and `{% if a @ %}` tests `a`.
//! We do the same, with a `liquid-lax` warning at the tag's file line. Where Jekyll stops the
//! build (an unterminated `{{`, an unclosed block, a stray `{% endif %}`), we warn and render
//! a best effort instead, so that the post stays in the book. `LAX.md` in this folder is the
//! table of every such form: Jekyll's output (measured), ours before and after; each row has
//! its test in `tests/lax.rs` or `tests/lax_output.rs`.
//!
//! # Measured against Jekyll 4.3.1 (tiny sites built with `jekyll build`)
//! `{% post_url %}` and `{% link %}` include `baseurl` (`/blog/2015/01/18/name.html`);
//! `"日本語" | size` = 3; `{{ x bar }}` renders `x` and `{{ "a" | }}` renders `a` (lax output);
//! unknown filters pass the input through; `{{ 3.0 }}` = `3.0`, `10 | divided_by: 3.0` =
//! `3.3333333333333335`, `-7 | divided_by: 2` = `-4`, `-7 | modulo: 3` = `2`, `2.5 | round` = 3;
//! arrays print joined with nothing; `increment` prints 0 then 1 and `{{ c }}` then gives 2;
//! `truncate: 5` of `abcdefghijkl` = `ab...`; `"a b  c" | split: " "` has 3 items; `cgi_escape`
//! turns a space into `+` and `uri_escape` keeps reserved characters; `slugify` keeps Japanese.
//! Jekyll prints dates in the build machine's zone; we keep the offset the date was written with.
//!
//! # Limits (`limits`, `render`): a hostile post costs an error, never the process
//! - Nesting: the 101st block inside others is "nesting too deep", as in Liquid 5.4 (measured:
//!   100 `if`s render in Jekyll, 101 fail). The same bound holds for `[`/`(` inside an
//!   expression and for `and`/`or` chains (Liquid accepts any length there; we recurse), and
//!   300 blocks across includes (Liquid counts loops and includes to 100; Ruby's stack ends the
//!   rest).
//! - Size: no value (string bytes plus 32 per item) and no rendered text (the body, a capture)
//!   may exceed 16 MiB. Filters that can multiply their input (`append`, `prepend`, `replace*`,
//!   `join`, `split`, `concat`, `push`, `unshift`) are checked before they allocate, the others
//!   (at most a few times their input) after; writes are checked before they grow the text.
//!   Jekyll has no such limit; 16 MiB is some hundred times a long post.
//! - Work: 1 000 000 nodes rendered per body, and one more per KiB of a value read (copied), so
//!   that a loop re-reading a big string is a runaway too; the error points at the innermost loop.
//! - Ranges: `(a..b)` keeps its first 100 001 items, with a warning. Jekyll materialises them
//!   all; a loop over more items would exceed the work budget anyway, and a warning (not an
//!   error) keeps the post when the loop stops early (`limit:`, `break`), as Jekyll's would.
//!
//! The error is a `liquid` diagnostic at the tag that crossed the limit; the post is skipped.
//! These limits are the only Liquid errors that skip a post; syntax errors are lax (above).

mod date;
mod expr;
mod expression_filters;
mod filters;
mod jekyll_filters;
mod lax;
mod lexer;
mod limits;
mod parser;
mod render;
mod tag_markup;
mod tags;
#[cfg(test)]
mod tests;
mod value;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::links::SiteLinks;
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What every post of a site shares.
pub struct LiquidSite {
    /// The site root; includes are in `root/_includes`.
    pub root: PathBuf,
    /// `site.*`: `_config.yml` keys plus `posts`, `tags`, `categories`, `data`.
    pub site: Map<String, Value>,
    pub links: SiteLinks,
}

/// One body to render.
pub struct LiquidInput<'a> {
    /// The post body after the front matter.
    pub body: &'a str,
    /// `page.*`: front matter plus url, id, slug, date (RFC 3339), tags, categories.
    pub page: &'a Map<String, Value>,
    /// For diagnostics, and the folder `include_relative` reads from.
    pub file: &'a Path,
    /// The whole file text, for the source line in diagnostics.
    pub source: &'a str,
    /// 1-based line of the file where `body` starts.
    pub first_line: u32,
}

pub struct LiquidEngine {
    root: PathBuf,
    site: Value,
    links: SiteLinks,
    /// Parsed `_includes` files by path, shared by all posts and threads.
    includes: Mutex<HashMap<PathBuf, Arc<IncludeFile>>>,
    unknown_tags: Vec<String>,
}

/// A place in a template: 1-based line (of the template text) and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A finding while parsing or rendering, before it is placed in a file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    pub error: bool,
    pub code: &'static str,
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
    /// One of Liquid's limits (nesting depth): the body cannot be rendered at all. Any other
    /// syntax error is read leniently, with a warning, so that the post stays in the book.
    pub stops: bool,
}

impl Problem {
    pub(crate) fn error(pos: Pos, message: impl Into<String>) -> Self {
        Problem {
            error: true,
            code: "liquid",
            pos,
            message: message.into(),
            hint: None,
            stops: false,
        }
    }
    pub(crate) fn warning(code: &'static str, pos: Pos, message: impl Into<String>) -> Self {
        Problem {
            error: false,
            code,
            pos,
            message: message.into(),
            hint: None,
            stops: false,
        }
    }
    /// A Liquid syntax error that Jekyll stops the build at; hanmoto warns and goes on.
    pub(crate) fn lax(pos: Pos, message: impl Into<String>) -> Self {
        Problem::warning("liquid-lax", pos, message)
    }
    pub(crate) fn stopping(mut self) -> Self {
        self.stops = true;
        self
    }
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The text a template came from, to turn template positions into file positions.
#[derive(Clone, Copy)]
pub(crate) struct Origin<'s> {
    pub file: &'s Path,
    pub source: &'s str,
    pub first_line: u32,
}

impl Origin<'_> {
    pub(crate) fn diagnostic(&self, p: Problem) -> Diagnostic {
        let line = p.pos.line.saturating_add(self.first_line.saturating_sub(1));
        let d = if p.error {
            Diagnostic::error(p.code, p.message)
        } else {
            Diagnostic::warning(p.code, p.message)
        };
        let d = d.at_line(self.file, self.source, line, p.pos.col);
        match p.hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }
}

/// A parsed `_includes` (or `include_relative`) file.
pub(crate) struct IncludeFile {
    pub file: PathBuf,
    pub source: String,
    /// `Err` when the file has a Liquid syntax error (already reported once).
    pub nodes: Result<Vec<parser::Node>, Problem>,
}

impl LiquidEngine {
    /// Built once per site. `bodies` = every post body, so unknown tag names are known up front.
    pub fn new(site: LiquidSite, bodies: &[&str]) -> Self {
        let mut unknown = BTreeSet::new();
        for body in bodies {
            for tok in lexer::tokenize(body).tokens {
                if let lexer::Token::Tag { name, .. } = tok {
                    let opener = name.strip_prefix("end").unwrap_or(name);
                    if !parser::KNOWN_TAGS.contains(&name) && !parser::KNOWN_TAGS.contains(&opener)
                    {
                        unknown.insert(opener.to_owned());
                    }
                }
            }
        }
        LiquidEngine {
            root: site.root,
            site: Value::Object(site.site),
            links: site.links,
            includes: Mutex::new(HashMap::new()),
            unknown_tags: unknown.into_iter().collect(),
        }
    }

    /// Plugin tag names found in the site's bodies that hanmoto removes (sorted).
    pub fn unknown_tags(&self) -> &[String] {
        &self.unknown_tags
    }

    /// Renders one body. Problems go to `diags`; `None` = one of Liquid's limits was crossed
    /// (an error diagnostic with file and line was pushed), the caller then skips that post.
    /// Syntax errors never give `None`: they are warnings with a lax reading (`LAX.md`).
    pub fn render(&self, input: &LiquidInput, diags: &Diagnostics) -> Option<String> {
        let origin = Origin {
            file: input.file,
            source: input.source,
            first_line: input.first_line,
        };
        let parsed = match parser::parse(input.body) {
            Ok(p) => p,
            Err(p) => {
                diags.push(origin.diagnostic(p));
                return None;
            }
        };
        for w in parsed.warnings {
            diags.push(origin.diagnostic(w));
        }
        let mut r =
            render::Renderer::new(self, diags, Value::Object(input.page.clone()), input.file);
        let mut out = String::with_capacity(input.body.len());
        r.render_nodes(&parsed.nodes, &origin, &mut out);
        if r.fatal {
            None
        } else {
            Some(out)
        }
    }

    /// The parsed include at `path` (cached). Syntax problems are reported the first time only.
    pub(crate) fn include_file(
        &self,
        path: &Path,
        diags: &Diagnostics,
    ) -> std::io::Result<Arc<IncludeFile>> {
        // Held while reading and parsing, so that a file is parsed and reported once; includes
        // are small and this happens once per file per site.
        let mut cache = self.lock_includes();
        if let Some(f) = cache.get(path) {
            return Ok(Arc::clone(f));
        }
        let source = std::fs::read_to_string(path)?;
        let origin = Origin {
            file: path,
            source: &source,
            first_line: 1,
        };
        let nodes = match parser::parse(&source) {
            Ok(p) => {
                for w in p.warnings {
                    diags.push(origin.diagnostic(w));
                }
                Ok(p.nodes)
            }
            Err(p) => {
                diags.push(origin.diagnostic(p.clone()));
                Err(p)
            }
        };
        let file = Arc::new(IncludeFile {
            file: path.to_owned(),
            source,
            nodes,
        });
        cache.insert(path.to_owned(), Arc::clone(&file));
        Ok(file)
    }

    fn lock_includes(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<IncludeFile>>> {
        // A panic while holding the lock cannot leave the map inconsistent.
        self.includes.lock().unwrap_or_else(|e| e.into_inner())
    }
}
