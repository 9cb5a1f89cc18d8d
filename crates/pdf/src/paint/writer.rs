//! The PDF file written front to back as objects are made (PDF 32000 §7.5): a header, each
//! object as soon as it exists (a chapter's page streams while the next chapters are laid
//! out), then the cross-reference table and the trailer. Only the objects' offsets are kept,
//! so a book's pages are never all in memory.
//!
//! Objects are lopdf's `Object`s (the fonts and images come from a printpdf/lopdf document);
//! lopdf's own serialiser is private to it, so the few lines of syntax are written here.

use std::io::{self, BufWriter, Write};

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

pub(super) struct PdfWriter<'w> {
    out: BufWriter<&'w mut dyn Write>,
    /// Bytes written so far.
    offset: u64,
    /// The offset of object n at index n − 1, once written.
    offsets: Vec<Option<u64>>,
    /// The first failed write: later writes are skipped and [`PdfWriter::finish`] returns it.
    error: Option<io::Error>,
}

impl<'w> PdfWriter<'w> {
    /// Starts a PDF 1.7 file (with the binary comment line that marks it as binary).
    pub fn new(out: &'w mut dyn Write) -> PdfWriter<'w> {
        let mut w = PdfWriter {
            out: BufWriter::with_capacity(256 * 1024, out),
            offset: 0,
            offsets: Vec::new(),
            error: None,
        };
        w.raw(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        w
    }

    /// A new object number, to be written later (in any order).
    pub fn alloc(&mut self) -> ObjectId {
        self.offsets.push(None);
        (self.offsets.len() as u32, 0)
    }

    fn raw(&mut self, bytes: &[u8]) {
        if self.error.is_some() {
            return;
        }
        match self.out.write_all(bytes) {
            Ok(()) => self.offset += bytes.len() as u64,
            Err(e) => self.error = Some(e),
        }
    }

    fn begin(&mut self, id: ObjectId) {
        if let Some(slot) = self.offsets.get_mut(id.0 as usize - 1) {
            *slot = Some(self.offset);
        }
        self.raw(format!("{} 0 obj\n", id.0).as_bytes());
    }

    /// Writes object `id` (from [`PdfWriter::alloc`]).
    pub fn object(&mut self, id: ObjectId, object: &Object) {
        self.begin(id);
        let mut buf = Vec::with_capacity(256);
        serialize(object, &mut buf);
        buf.extend_from_slice(b"\nendobj\n");
        self.raw(&buf);
    }

    /// Writes stream object `id`: `dict` (its `/Length` set here) and `content`.
    pub fn stream(&mut self, id: ObjectId, dict: &Dictionary, content: &[u8]) {
        self.begin(id);
        let mut dict = dict.clone();
        dict.set("Length", Object::Integer(content.len() as i64));
        let mut buf = Vec::with_capacity(256);
        serialize(&Object::Dictionary(dict), &mut buf);
        buf.extend_from_slice(b"\nstream\n");
        self.raw(&buf);
        self.raw(content);
        self.raw(b"\nendstream\nendobj\n");
    }

    /// Writes the cross-reference table and the trailer, and flushes. Every allocated object
    /// must have been written.
    pub fn finish(mut self, trailer: Dictionary) -> io::Result<()> {
        let start = self.offset;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for offset in &self.offsets {
            match offset {
                Some(at) => table.push_str(&format!("{at:010} 00000 n \n")),
                None => return Err(io::Error::other("an object was numbered but never written")),
            }
        }
        let mut trailer = trailer;
        trailer.set("Size", Object::Integer(self.offsets.len() as i64 + 1));
        table.push_str("trailer\n");
        let mut buf = table.into_bytes();
        serialize(&Object::Dictionary(trailer), &mut buf);
        buf.extend_from_slice(format!("\nstartxref\n{start}\n%%EOF\n").as_bytes());
        self.raw(&buf);
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        self.out.flush()
    }
}

/// PDF syntax for `object` (a stream's content is written by [`PdfWriter::stream`]).
pub(super) fn serialize(object: &Object, out: &mut Vec<u8>) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => {
            // Display never uses an exponent; PDF has none.
            let r = if r.is_finite() { *r } else { 0.0 };
            out.extend_from_slice(format!("{r}").as_bytes());
        }
        Object::Name(name) => write_name(name, out),
        Object::String(bytes, StringFormat::Literal) => {
            out.push(b'(');
            for &b in bytes {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in bytes {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                serialize(item, out);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dict(dict, out),
        // Streams are only ever written whole, as objects; inside another object lopdf
        // writes a stream's dictionary too.
        Object::Stream(stream) => write_dict(&stream.dict, out),
        Object::Reference(id) => out.extend_from_slice(format!("{} {} R", id.0, id.1).as_bytes()),
    }
}

fn write_dict(dict: &Dictionary, out: &mut Vec<u8>) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        write_name(key, out);
        out.push(b' ');
        serialize(value, out);
        out.push(b'\n');
    }
    out.extend_from_slice(b">>");
}

/// `/Name`, with `#xx` for every byte that is not a regular character (§7.3.5).
fn write_name(name: &[u8], out: &mut Vec<u8>) {
    out.push(b'/');
    for &b in name {
        let regular = b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b);
        if regular {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_file_is_read_back_by_lopdf() {
        let mut bytes = Vec::new();
        let mut w = PdfWriter::new(&mut bytes);
        let pages = w.alloc();
        let page = w.alloc();
        let content = w.alloc();
        let catalog = w.alloc();
        w.stream(content, &Dictionary::new(), b"0 0 m 10 10 l S");
        w.object(
            page,
            &Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages)),
                (
                    "MediaBox",
                    Object::Array(vec![0.into(), 0.into(), Object::Real(100.5), 200.into()]),
                ),
                ("Contents", Object::Reference(content)),
            ])),
        );
        w.object(
            pages,
            &Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Pages".to_vec())),
                ("Kids", Object::Array(vec![Object::Reference(page)])),
                ("Count", Object::Integer(1)),
            ])),
        );
        w.object(
            catalog,
            &Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"Catalog".to_vec())),
                ("Pages", Object::Reference(pages)),
                ("Odd", Object::Name(b"a b#(c)".to_vec())),
                ("Text", Object::string_literal("(x) \\ y\n")),
            ])),
        );
        w.finish(Dictionary::from_iter([(
            "Root",
            Object::Reference(catalog),
        )]))
        .unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        assert_eq!(doc.get_pages().len(), 1);
        let cat = doc.catalog().unwrap();
        assert_eq!(cat.get(b"Odd").unwrap().as_name().unwrap(), b"a b#(c)");
        assert_eq!(cat.get(b"Text").unwrap().as_str().unwrap(), b"(x) \\ y\n");
        let page = doc.get_pages()[&1];
        assert_eq!(
            doc.get_page_content(page).trim_ascii_end(),
            b"0 0 m 10 10 l S"
        );
        // The table's offsets are where the objects are (lopdf would otherwise rebuild it).
        let text = String::from_utf8_lossy(&bytes);
        let xref = text.rfind("\nxref\n").unwrap() + 1;
        let first = text[xref..].lines().nth(3).unwrap();
        let at: usize = first[..10].parse().unwrap();
        assert!(bytes[at..].starts_with(b"1 0 obj"), "offset {at}");
    }

    #[test]
    fn an_object_numbered_but_not_written_is_an_error() {
        let mut bytes = Vec::new();
        let mut w = PdfWriter::new(&mut bytes);
        w.alloc();
        assert!(w.finish(Dictionary::new()).is_err());
    }
}
