//! SVG: kept as a vector, but rewritten from a parsed tree so nothing active or external
//! survives into the book, and what remains is valid SVG 1.1 as EPUB 3 requires.
//!
//! EPUB readers are browsers: a `<script>`, an `onload=`, a `javascript:` link or a
//! `<foreignObject>` full of HTML in an image would run (or be refused by EPUBCheck), and an
//! external `href`/`url(…)` would make the reader go to the network. The writer emits only
//! SVG 1.1 elements (`plan`) and plain, `xlink:` and `xml:` attributes, so editor metadata
//! (Inkscape, Sodipodi, RDF) and DTDs are dropped too; entities are already expanded by the
//! parser, and external ones are never read (a reference to one is a parse error).
//!
//! Third-party SVG (matplotlib, gnuplot, draw.io, Inkscape, Illustrator) also carries ids that
//! are not XML names and references to ids the file lacks; both are EPUBCheck errors. Ids are
//! renamed (`ids`) together with every reference to them (`href`, `url(#…)`, `<style>`
//! selectors, `css`); references to nothing are removed as browsers would ignore them.
//!
//! Nothing a reader would have shown is dropped silently: each kind of loss becomes one
//! `asset-svg` warning (`Sanitised::notes`).

mod css;
mod ids;
mod nesting;
#[cfg(test)]
pub(crate) use ids::is_ncname;
#[cfg(test)]
pub(crate) use nesting::MAX_DEPTH;
mod plan;
mod size;
mod vocabulary;

use std::collections::BTreeMap;

use plan::Role;

use super::{AssetLimits, Problem};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Attributes that list ids (ARIA relations, allowed on SVG elements by EPUB's schema).
const ID_LISTS: &[&str] = &[
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-flowto",
    "aria-details",
    "aria-activedescendant",
    "aria-errormessage",
];

/// The sanitised SVG and its size in CSS pixels, with a note for each kind of content that a
/// reader would have shown and the book cannot keep.
#[derive(Debug)]
pub(crate) struct Sanitised {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub notes: Vec<Problem>,
}

/// Cheap check used by format sniffing: XML text whose start mentions `<svg`.
pub(crate) fn looks_like_svg(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = bytes.get(..bytes.len().min(4096)).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head);
    text.trim_start().starts_with('<') && text.contains("<svg")
}

/// Parses, strips and re-serialises the SVG. The same bytes in always give the same bytes out.
pub(crate) fn sanitise(bytes: &[u8], limits: &AssetLimits) -> Result<Sanitised, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Problem::new("asset-corrupt", format!("SVG is not UTF-8: {e}")))?;
    nesting::check(text)?;
    let opts = roxmltree::ParsingOptions {
        // Illustrator and Inkscape write a DOCTYPE; roxmltree bounds entity expansion itself.
        allow_dtd: true,
        nodes_limit: 1_000_000,
    };
    let doc = roxmltree::Document::parse_with_options(text, opts)
        .map_err(|e| Problem::new("asset-corrupt", format!("SVG is not well-formed XML: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(Problem::new(
            "asset-format",
            format!(
                "not an SVG image: its root element is <{}>",
                root.tag_name().name()
            ),
        ));
    }
    // SVG pasted from HTML often has no xmlns; then unqualified elements are SVG.
    let ns = root.tag_name().namespace();
    if ns.is_some_and(|n| n != SVG_NS) {
        return Err(Problem::new(
            "asset-format",
            "the <svg> element is not in the SVG namespace",
        ));
    }
    let (width, height) = size::size(&root, limits);
    let mut losses = Losses::default();
    let plan = plan::plan(&root, ns, limits, &mut losses);
    let mut w = Writer {
        plan: &plan,
        losses: &mut losses,
        out: String::with_capacity(text.len()),
    };
    w.element(&root, true);
    let out = w.out;
    Ok(Sanitised {
        bytes: out.into_bytes(),
        width,
        height,
        notes: losses.into_notes(),
    })
}

/// What a reader would have shown and the book does not keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Loss {
    ForeignObject,
    UnknownElement,
    LinkedImage,
    DataImage,
    External,
}

/// How many of each loss, with the first few examples (deterministic: document order).
#[derive(Debug, Default)]
struct Losses(BTreeMap<Loss, (usize, Vec<String>)>);

impl Losses {
    fn add(&mut self, loss: Loss, example: &str) {
        let (count, examples) = self.0.entry(loss).or_default();
        *count += 1;
        if !example.is_empty() && examples.len() < 3 && !examples.iter().any(|e| e == example) {
            examples.push(shorten(example));
        }
    }

    fn into_notes(self) -> Vec<Problem> {
        self.0
            .into_iter()
            .map(|(loss, (count, examples))| {
                let list = examples
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let (reason, hint) = match loss {
                    Loss::ForeignObject => (
                        format!("{count} `<foreignObject>` (HTML inside the SVG) left out"),
                        "EPUB readers may refuse HTML inside an image and the PDF cannot draw \
                         it; export the figure with text as SVG text or paths",
                    ),
                    Loss::UnknownElement => (
                        format!("{count} element(s) that are not SVG 1.1 left out: {list}"),
                        "EPUB's SVG is SVG 1.1; Inkscape's flowed text (`flowRoot`) and SVG 2 \
                         drafts are not shown by readers; convert them to plain text or paths",
                    ),
                    Loss::LinkedImage => (
                        format!("{count} linked image(s) left out: {list}"),
                        "only images embedded in the SVG (`data:` PNG, JPEG, GIF or WebP) are \
                         kept; embed the image, or use it in the post directly",
                    ),
                    Loss::DataImage => (
                        format!("{count} embedded image(s) left out: {list}"),
                        "an image inside an SVG must be a PNG, JPEG, GIF or WebP within the \
                         size limits",
                    ),
                    Loss::External => (
                        format!("{count} reference(s) to other files left out: {list}"),
                        "an image in a book cannot reach other files or the network; put what \
                         it uses inside the SVG",
                    ),
                };
                Problem::new("asset-svg", reason).with_hint(hint)
            })
            .collect()
    }
}

/// Long `data:` URIs are cut in messages.
fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", s.get(..i).unwrap_or(s)),
        None => s.to_owned(),
    }
}

struct Writer<'p> {
    plan: &'p plan::Plan,
    losses: &'p mut Losses,
    out: String,
}

impl Writer<'_> {
    fn element(&mut self, node: &roxmltree::Node, is_root: bool) {
        match self.plan.role(node) {
            Role::Drop => return,
            Role::Unwrap => {
                for child in node.children().filter(roxmltree::Node::is_element) {
                    self.element(&child, false);
                }
                return;
            }
            Role::Write => {}
        }
        let name = node.tag_name().name();
        self.out.push('<');
        self.out.push_str(name);
        if is_root {
            self.out.push_str(" xmlns=\"");
            self.out.push_str(SVG_NS);
            self.out.push_str("\" xmlns:xlink=\"");
            self.out.push_str(XLINK_NS);
            self.out.push('"');
        }
        self.attributes(node);
        let mut children = node.children().peekable();
        if children.peek().is_none() {
            self.out.push_str("/>");
            return;
        }
        self.out.push('>');
        let in_style = name == "style";
        for child in children {
            if child.is_element() {
                self.element(&child, false);
            } else if let Some(t) = child.text().filter(|_| child.is_text()) {
                if in_style {
                    let css = self.stylesheet(t);
                    escape(&css, false, &mut self.out);
                } else {
                    escape(t, false, &mut self.out);
                }
            }
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Writes the attributes of `node` that are safe and valid, with its ids and references
    /// renamed.
    fn attributes(&mut self, node: &roxmltree::Node) {
        let element = node.tag_name().name();
        // Declarations moved out of attributes EPUB refuses; they come before the element's own
        // `style`, which outranks presentation attributes.
        let mut style = String::new();
        for attr in node.attributes() {
            let (prefix, value) = match attr.namespace() {
                None if vocabulary::NEWER_PRESENTATION.contains(&attr.name()) => {
                    let value = self.urls(attr.value());
                    style.push_str(&format!("{}:{};", attr.name(), value.trim()));
                    continue;
                }
                None if attr.name() == "style" => continue,
                None => ("", self.plain_attribute(node, attr.name(), attr.value())),
                Some(XLINK_NS) if attr.name() == "href" => {
                    ("xlink:", self.href(element, attr.value()))
                }
                Some(XLINK_NS) => ("xlink:", Some(attr.value().to_owned())),
                Some(XML_NS) => match attr.name() {
                    "space" if matches!(attr.value(), "default" | "preserve") => {
                        ("xml:", Some(attr.value().to_owned()))
                    }
                    "lang" => ("xml:", Some(attr.value().to_owned())),
                    // Written as `id` (below) unless the element has one.
                    "id" if node.attribute("id").is_none() => {
                        ("", self.plan.names.of(node.id()).map(str::to_owned))
                    }
                    // `xml:base` would turn `#a` into a link to another file.
                    _ => continue,
                },
                Some(_) => continue,
            };
            let Some(value) = value else { continue };
            let written_name = match attr.namespace() {
                Some(XML_NS) if attr.name() == "id" => "id",
                _ => attr.name(),
            };
            self.out.push(' ');
            self.out.push_str(prefix);
            self.out.push_str(written_name);
            self.out.push_str("=\"");
            escape(&value, true, &mut self.out);
            self.out.push('"');
        }
        for (name, value) in vocabulary::missing_required(node, self.plan.image_size(node)) {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape(&value, true, &mut self.out);
            self.out.push('"');
        }
        if let Some(own) = node.attribute("style") {
            style.push_str(&self.urls(own));
        }
        if !style.is_empty() {
            self.out.push_str(" style=\"");
            escape(&style, true, &mut self.out);
            self.out.push('"');
        }
    }

    /// The value to write for an attribute in no namespace, or `None` to drop it.
    fn plain_attribute(
        &mut self,
        node: &roxmltree::Node,
        name: &str,
        value: &str,
    ) -> Option<String> {
        if name.len() > 2 && name.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on")) {
            return None;
        }
        match name {
            "id" => self.plan.names.of(node.id()).map(str::to_owned),
            "href" => self.href(node.tag_name().name(), value),
            // EPUB's schema knows only these (SVG 1.0 to 1.2); others say nothing to a reader.
            "version" => matches!(value.trim(), "1.0" | "1.1" | "1.2").then(|| value.to_owned()),
            // Removed in SVG 2 and ignored by browsers; resvg would skip what draw.io marks
            // `#Extensibility` and draw its "Text is not SVG" notice instead.
            "requiredFeatures" => None,
            _ if ID_LISTS.contains(&name) => {
                let ids: Vec<&str> = value
                    .split_ascii_whitespace()
                    .filter_map(|id| self.plan.names.target(id))
                    .collect();
                (!ids.is_empty()).then(|| ids.join(" "))
            }
            _ if vocabulary::SVG11_ATTRIBUTES.contains(&name) || vocabulary::is_aria(name) => {
                Some(self.urls(value))
            }
            _ => None,
        }
    }

    /// Only links inside the image and embedded raster data stay (elements whose link is
    /// essential were already dropped by the plan when it goes elsewhere).
    fn href(&mut self, element: &str, value: &str) -> Option<String> {
        let v = value.trim();
        if let Some(fragment) = v.strip_prefix('#') {
            // A link to nothing is dropped: browsers ignore it, EPUBCheck reports it (RSC-012).
            let name = self.plan.names.target(&ids::fragment_id(fragment))?;
            return Some(format!("#{name}"));
        }
        let lower = v.to_ascii_lowercase();
        if lower.starts_with("data:") {
            // The plan kept `<image>` and `<feImage>` only if their data is a checked PNG, JPEG,
            // GIF or WebP (not `image/svg+xml`, which could carry its own script).
            return matches!(element, "image" | "feImage").then(|| v.to_owned());
        }
        // `javascript:` and links out of `<a>` are no loss in an image; anything else is.
        if !lower.starts_with("javascript:") {
            self.losses.add(Loss::External, v);
        }
        None
    }

    fn urls(&mut self, value: &str) -> String {
        let names = &self.plan.names;
        let resolve = |id: &str| names.target(id).map(str::to_owned);
        let mut external = Vec::new();
        let out = css::rewrite_urls(value, &resolve, &mut external);
        for e in &external {
            self.losses.add(Loss::External, e);
        }
        out
    }

    fn stylesheet(&mut self, css: &str) -> String {
        // `@import` pulls a stylesheet from elsewhere; there is no safe part to keep.
        if css.to_ascii_lowercase().contains("@import") {
            self.losses.add(Loss::External, "@import");
            return String::new();
        }
        let names = &self.plan.names;
        let resolve = |id: &str| names.target(id).map(str::to_owned);
        let css = css::rewrite_selectors(css, &resolve);
        self.urls(&css)
    }
}

fn escape(text: &str, attribute: bool, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}
