//! Forms and widgets in a post — a tab group of radio buttons and labels, a `<details>` box, a
//! search form, a "Copy" button. A book cannot offer the controls, so only what a reader takes
//! in as content stays, in document order (every tab's content, not only the checked one):
//!
//! - `<input>`, `<button>`, `<select>` (with its options) and `<datalist>` leave nothing: their
//!   words name an action or a choice ("Submit", "Copy", "次へ"), not content. A checkbox that
//!   opens a list item is the item's task mark (GFM task lists rendered to HTML look so).
//! - `<label>`, `<legend>` and `<summary>` standing as a block are a bold paragraph of their
//!   own: they name what follows (a tab, a group, a hidden box). Inside running text a label is
//!   just its text.
//! - `<textarea>` shows its text as typed, in a fixed-width box: a code block (inside running
//!   text, just its text).
//! - `<form>` and `<fieldset>` are wrappers; `<meter>`, `<progress>`, `<output>` keep their text.

use super::tree::{Kind, Origin, Tree};
use std::collections::BTreeMap;

/// Controls whose whole content is left out.
const DROPPED: &[&str] = &["button", "select", "datalist"];
/// Elements naming the content after them.
const CAPTIONS: &[&str] = &["label", "legend", "summary"];
const WRAPPERS: &[&str] = &["form", "fieldset", "meter", "progress", "output"];

pub(super) fn is_form_tag(name: &str) -> bool {
    name == "input"
        || name == "textarea"
        || DROPPED.contains(&name)
        || CAPTIONS.contains(&name)
        || WRAPPERS.contains(&name)
        || matches!(name, "option" | "optgroup")
}

pub(super) fn start_tag(
    tree: &mut Tree,
    name: &str,
    attrs: &BTreeMap<String, String>,
    self_closing: bool,
) {
    let control_warning = |tree: &mut Tree| {
        tree.warn_tag_once(
            "html-form-control",
            name,
            format!("<{name}> is a form control a book cannot offer: it is left out"),
        );
    };
    match name {
        "input" => {
            let checkbox = attrs
                .get("type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("checkbox"));
            if !(checkbox && tree.mark_task_item(attrs.contains_key("checked"))) {
                control_warning(tree);
            }
        }
        n if DROPPED.contains(&n) => {
            control_warning(tree);
            if !self_closing {
                tree.skip_until = Some(name.to_owned());
            }
        }
        // Outside a `<select>` (which skips them): the choices of a datalist or stray ones.
        "option" | "optgroup" if !self_closing => tree.skip_until = Some(name.to_owned()),
        "textarea" if !tree.in_inline_context() => tree.open(
            Kind::CodeBlock {
                language: None,
                line_numbers: false,
                text: String::new(),
            },
            Origin::Html(name.to_owned()),
        ),
        n if CAPTIONS.contains(&n) && !tree.in_inline_context() => {
            tree.break_paragraph();
            tree.open(Kind::Paragraph, Origin::Html(name.to_owned()));
            tree.open(Kind::Strong, Origin::Implicit);
        }
        "form" | "fieldset" => tree.break_paragraph(),
        _ => {}
    }
}

pub(super) fn end_tag(tree: &mut Tree, name: &str) {
    match name {
        "textarea" => {
            tree.close_html(name);
        }
        n if CAPTIONS.contains(&n) => {
            tree.close_html(name);
        }
        "form" | "fieldset" if !tree.in_inline_context() => tree.break_paragraph(),
        _ => {}
    }
}
