//! The model's MathML (MathML Core, as math-core writes it) in the form EPUB's MathML 3 schema
//! accepts: MathML Core lets any element carry `displaystyle` and `scriptlevel`; MathML 3 only
//! `mstyle` (and `math`). Such an element is wrapped in an `mstyle` that carries them (a table:
//! each of its cells' content is), which renders the same in every MathML engine.

/// Rewrites `mathml` (well-formed, as the model holds it). An `mtable`'s style goes into an
/// `mstyle` inside each of its cells rather than around it: MathML sets table cells in compact
/// style unless the table itself says otherwise, so a wrapper outside would shrink `\frac` in an
/// `aligned` block.
pub(crate) fn for_epub(mathml: &str) -> String {
    /// What the end tag of an open element must also close.
    enum Open {
        Plain,
        /// An `mstyle` added around the element.
        Wrapped,
        /// A table whose cells get an `mstyle` with these attributes.
        Table(String),
        /// A cell of such a table: its `mstyle` closes before it does.
        Cell,
    }
    let mut out = String::with_capacity(mathml.len() + 64);
    let mut open: Vec<Open> = Vec::new();
    let mut rest = mathml;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>').map(|g| lt + g) else {
            break;
        };
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('/') {
            let what = open.pop();
            if matches!(what, Some(Open::Cell)) {
                out.push_str("</mstyle>");
            }
            out.push('<');
            out.push_str(tag);
            out.push('>');
            if matches!(what, Some(Open::Wrapped)) {
                out.push_str("</mstyle>");
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.strip_suffix('/').unwrap_or(tag);
        let name = body.split_whitespace().next().unwrap_or("");
        let (moved, kept) = split_style_attributes(body);
        // A cell of a table whose style was moved: the style goes inside it.
        let cell_style = match (name, open.iter().rev().find(|o| !matches!(o, Open::Plain))) {
            ("mtd", Some(Open::Table(style))) if !self_closing => Some(style.clone()),
            _ => None,
        };
        let frame = if moved.is_empty() || name == "mstyle" || name == "math" {
            Open::Plain
        } else if name == "mtable" && !self_closing {
            Open::Table(moved.clone())
        } else {
            out.push_str("<mstyle");
            out.push_str(&moved);
            out.push('>');
            Open::Wrapped
        };
        out.push('<');
        out.push_str(if matches!(frame, Open::Plain) {
            body
        } else {
            &kept
        });
        if self_closing {
            out.push_str("/>");
            if matches!(frame, Open::Wrapped) {
                out.push_str("</mstyle>");
            }
            continue;
        }
        out.push('>');
        match cell_style {
            Some(style) => {
                out.push_str("<mstyle");
                out.push_str(&style);
                out.push('>');
                open.push(Open::Cell);
            }
            None => open.push(frame),
        }
    }
    out.push_str(rest);
    out
}

/// The `displaystyle`/`scriptlevel` attributes of a start tag's text (each with its leading
/// space), and the tag's text without them.
fn split_style_attributes(tag: &str) -> (String, String) {
    let mut moved = String::new();
    let mut kept = String::new();
    let mut rest = tag;
    // The element name, then ` name="value"` pairs (math-core quotes every value with `"`).
    let name_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    kept.push_str(&rest[..name_end]);
    rest = &rest[name_end..];
    while let Some(eq) = rest.find("=\"") {
        let Some(close) = rest[eq + 2..].find('"').map(|c| eq + 2 + c) else {
            break;
        };
        let attribute = &rest[..=close];
        let name = attribute[..eq].trim();
        if name == "displaystyle" || name == "scriptlevel" {
            moved.push_str(attribute);
        } else {
            kept.push_str(attribute);
        }
        rest = &rest[close + 1..];
    }
    kept.push_str(rest);
    (moved, kept)
}

#[cfg(test)]
mod tests {
    use super::for_epub;

    #[test]
    fn style_attributes_move_into_table_cells_or_an_mstyle_around_their_element() {
        let core = "<math display=\"block\"><mtable displaystyle=\"true\" scriptlevel=\"0\"><mtr><mtd><mi>x</mi></mtd></mtr></mtable><mfrac displaystyle=\"false\"><mn>1</mn><mn>2</mn></mfrac></math>";
        assert_eq!(
            for_epub(core),
            "<math display=\"block\"><mtable><mtr><mtd><mstyle displaystyle=\"true\" scriptlevel=\"0\"><mi>x</mi></mstyle></mtd></mtr></mtable><mstyle displaystyle=\"false\"><mfrac><mn>1</mn><mn>2</mn></mfrac></mstyle></math>"
        );
    }

    #[test]
    fn everything_else_is_kept_byte_for_byte() {
        let m = "<math><mo lspace=\"0\" rspace=\"0\">&lt;</mo><mspace width=\"1em\"/><mtext>a b</mtext></math>";
        assert_eq!(for_epub(m), m);
    }
}
