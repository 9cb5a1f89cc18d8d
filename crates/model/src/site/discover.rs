//! Finding the posts of a Jekyll site: every `_posts/` folder (the site's own and category folders
//! like `tech/_posts/`, with sub-folders), and `_drafts/` when asked.

use crate::diagnostic::{Diagnostic, Diagnostics, Span};
use std::path::{Path, PathBuf};

/// What a post file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostFormat {
    Markdown,
    Html,
}

#[derive(Debug, Clone)]
pub struct PostFile {
    /// `root.join(relative)`: what messages show.
    pub path: PathBuf,
    /// From the site root, with `/` separators (`tech/_posts/2015-01-18-a.md`).
    pub relative: String,
    /// Folders above `_posts` (`tech/_posts/` → `["tech"]`).
    pub categories: Vec<String>,
    pub draft: bool,
    pub format: PostFormat,
}

/// Jekyll's default `markdown_ext` plus HTML.
fn format_of(name: &str) -> Option<PostFormat> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
    match ext.as_str() {
        "md" | "markdown" | "mkdown" | "mkdn" | "mkd" => Some(PostFormat::Markdown),
        "html" | "htm" => Some(PostFormat::Html),
        _ => None,
    }
}

/// Editor backups and hidden files, which Jekyll also leaves alone.
fn is_backup(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".bak")
        || name.ends_with(".swp")
}

/// Site folders that never hold posts.
fn is_skipped_dir(name: &str) -> bool {
    name.starts_with('.')
        || matches!(
            name,
            "_site"
                | "node_modules"
                | "vendor"
                | ".jekyll-cache"
                | "_includes"
                | "_layouts"
                | "_data"
                | "_sass"
        )
}

pub fn discover_posts(root: &Path, drafts: bool, diags: &Diagnostics) -> Vec<PostFile> {
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), Vec::<String>::new())];
    while let Some((dir, cats)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            // Symlinked folders are not followed: they could lead outside the site.
            let Ok(ft) = e.file_type() else { continue };
            if !ft.is_dir() {
                continue;
            }
            if name == "_posts" || (drafts && name == "_drafts") {
                collect(root, &e.path(), &cats, name == "_drafts", diags, &mut out);
            } else if !is_skipped_dir(&name) && !name.starts_with('_') {
                let mut c = cats.clone();
                c.push(name);
                stack.push((e.path(), c));
            }
        }
    }
    out.sort_by(|a, b| a.relative.cmp(&b.relative));
    out
}

fn collect(
    root: &Path,
    dir: &Path,
    cats: &[String],
    draft: bool,
    diags: &Diagnostics,
    out: &mut Vec<PostFile>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            if !name.starts_with('.') {
                collect(root, &path, cats, draft, diags, out);
            }
            continue;
        }
        if is_backup(&name) {
            continue;
        }
        let Some(format) = format_of(&name) else {
            continue;
        };
        let relative = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let display = root.join(&relative);
        if !draft && crate::date::date_from_file_name(&name, None).is_none() {
            diags.push(
                Diagnostic::warning(
                    "post-filename",
                    format!("`{name}` is not a post: its name does not start with a date"),
                )
                .at(Span::file(&display))
                .with_hint("Jekyll posts are named YYYY-MM-DD-title.md; this file is skipped"),
            );
            continue;
        }
        out.push(PostFile {
            path: display,
            relative,
            categories: cats.to_vec(),
            draft,
            format,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn finds_posts_in_nested_and_category_folders_and_skips_the_rest() {
        let t = tempfile::tempdir().unwrap();
        let r = t.path();
        for f in [
            "_posts/2015-01-18-a.md",
            "_posts/2019/2019-02-01-b.markdown",
            "tech/_posts/2016-03-04-c.html",
            "_posts/2015-01-18-a.md~",
            "_posts/2015-01-18-a.md.bak",
            "_posts/notes.md",
            "_posts/image.png",
            "_drafts/idea.md",
            "_site/_posts/2015-01-01-x.md",
        ] {
            fs::create_dir_all(r.join(f).parent().unwrap()).unwrap();
            fs::write(r.join(f), "---\n---\n").unwrap();
        }
        let d = Diagnostics::new();
        let posts = discover_posts(r, false, &d);
        let rel: Vec<_> = posts.iter().map(|p| p.relative.as_str()).collect();
        assert_eq!(
            rel,
            [
                "_posts/2015-01-18-a.md",
                "_posts/2019/2019-02-01-b.markdown",
                "tech/_posts/2016-03-04-c.html"
            ]
        );
        assert_eq!(posts[2].categories, ["tech"]);
        assert_eq!(posts[2].format, PostFormat::Html);
        let diags = d.into_sorted();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "post-filename");
        assert!(diags[0].message.contains("notes.md"));

        let with_drafts = discover_posts(r, true, &Diagnostics::new());
        assert!(with_drafts
            .iter()
            .any(|p| p.draft && p.relative == "_drafts/idea.md"));
    }
}
