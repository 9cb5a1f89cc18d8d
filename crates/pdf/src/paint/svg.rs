//! SVG as vectors: svg2pdf converts the image to a one-page PDF, whose page becomes a form
//! XObject of ours in the lopdf step (printpdf cannot hold objects that reference others).
//!
//! Text is drawn as outlines of the book's faces (no fonts embedded for it, nothing to
//! extract: it is part of a picture). SVGs with filters (blur, drop shadow) are rasterised
//! instead, since svg2pdf only draws filters by rasterising them anyway.

use std::collections::BTreeMap;

use hanmoto_model::Diagnostic;
use lopdf::{Dictionary, Object, ObjectId, Stream};

/// The key that marks printpdf's placeholder for SVG number `n` until `import_forms` fills it.
pub(super) const PLACEHOLDER_KEY: &str = "HanmotoSvg";

/// The SVG as a one-page PDF, or `None` when it should be rasterised.
pub(super) fn to_pdf(tree: &resvg::usvg::Tree) -> Option<Vec<u8>> {
    if !tree.filters().is_empty() {
        return None;
    }
    let options = svg2pdf::ConversionOptions {
        embed_text: false,
        ..svg2pdf::ConversionOptions::default()
    };
    svg2pdf::to_pdf(tree, options, svg2pdf::PageOptions::default()).ok()
}

/// Replaces every placeholder stream with the page of its SVG's PDF, as a form XObject that
/// maps the page onto the unit square (as an image does, so placing it is the same).
pub(super) fn import_forms(pdf: &mut lopdf::Document, svgs: &[Vec<u8>]) -> Result<(), Diagnostic> {
    let placeholders: Vec<(ObjectId, usize)> = pdf
        .objects
        .iter()
        .filter_map(|(id, o)| match o {
            Object::Stream(s) => {
                let n = s.dict.get(PLACEHOLDER_KEY.as_bytes()).ok()?.as_i64().ok()?;
                Some((*id, usize::try_from(n).ok()?))
            }
            _ => None,
        })
        .collect();
    for (id, n) in placeholders {
        let bytes = svgs
            .get(n)
            .ok_or_else(|| broken("placeholder without its SVG"))?;
        let form = import_page(pdf, bytes)?;
        pdf.objects.insert(id, Object::Stream(form));
    }
    Ok(())
}

fn broken(what: &str) -> Diagnostic {
    Diagnostic::error("pdf-image", format!("cannot embed an SVG drawing: {what}"))
}

fn import_page(dst: &mut lopdf::Document, bytes: &[u8]) -> Result<Stream, Diagnostic> {
    let src = lopdf::Document::load_mem(bytes).map_err(|e| broken(&e.to_string()))?;
    let (_, page_id) = src
        .get_pages()
        .into_iter()
        .next()
        .ok_or_else(|| broken("no page"))?;
    let page = src
        .get_dictionary(page_id)
        .map_err(|e| broken(&e.to_string()))?;
    let content = src.get_page_content(page_id);
    let media = page
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .map_err(|e| broken(&e.to_string()))?;
    let number = |i: usize| media.get(i).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
    let (width, height) = (number(2) - number(0), number(3) - number(1));
    if width <= 0.0 || height <= 0.0 {
        return Err(broken("empty page"));
    }
    let mut importer = Importer {
        src: &src,
        map: BTreeMap::new(),
    };
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set(
        "BBox",
        Object::Array(vec![0.into(), 0.into(), width.into(), height.into()]),
    );
    dict.set(
        "Matrix",
        Object::Array(vec![
            (1.0 / width).into(),
            0.into(),
            0.into(),
            (1.0 / height).into(),
            0.into(),
            0.into(),
        ]),
    );
    for key in [&b"Resources"[..], b"Group"] {
        if let Ok(value) = page.get(key) {
            dict.set(key, importer.copy(dst, value)?);
        }
    }
    Ok(Stream::new(dict, content))
}

/// Copies objects of `src` into the destination, each once, references renumbered.
struct Importer<'a> {
    src: &'a lopdf::Document,
    map: BTreeMap<ObjectId, ObjectId>,
}

impl Importer<'_> {
    fn copy(&mut self, dst: &mut lopdf::Document, value: &Object) -> Result<Object, Diagnostic> {
        Ok(match value {
            Object::Reference(id) => Object::Reference(self.copy_object(dst, *id)?),
            Object::Array(items) => Object::Array(
                items
                    .iter()
                    .map(|o| self.copy(dst, o))
                    .collect::<Result<_, _>>()?,
            ),
            Object::Dictionary(d) => Object::Dictionary(self.copy_dict(dst, d)?),
            Object::Stream(s) => {
                let mut copy = s.clone();
                copy.dict = self.copy_dict(dst, &s.dict)?;
                Object::Stream(copy)
            }
            other => other.clone(),
        })
    }

    fn copy_dict(
        &mut self,
        dst: &mut lopdf::Document,
        dict: &Dictionary,
    ) -> Result<Dictionary, Diagnostic> {
        let mut out = Dictionary::new();
        for (key, value) in dict.iter() {
            out.set(key.clone(), self.copy(dst, value)?);
        }
        Ok(out)
    }

    fn copy_object(
        &mut self,
        dst: &mut lopdf::Document,
        id: ObjectId,
    ) -> Result<ObjectId, Diagnostic> {
        if let Some(new) = self.map.get(&id) {
            return Ok(*new);
        }
        let new = dst.new_object_id();
        // Reserved before copying: cycles (a /Parent) end here.
        self.map.insert(id, new);
        let object = self
            .src
            .get_object(id)
            .map_err(|e| broken(&e.to_string()))?;
        let copy = self.copy(dst, object)?;
        dst.objects.insert(new, copy);
        Ok(new)
    }
}
