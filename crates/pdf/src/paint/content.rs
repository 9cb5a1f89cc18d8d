//! A page's content stream, written as bytes directly (PDF 32000 §8–9 operators).
//!
//! printpdf turns each operation into an object and each number into a formatted float, one
//! glyph at a time; for a 1000-page book that was a quarter of the painting time and most of its
//! memory. The painter knows exactly which few operators it needs, so it writes them here, with
//! numbers in fixed point (at most three decimals, 1/1000 pt on the page; `TJ` adjustments are
//! whole thousandths of an em), always the same bytes for the same document.

use crate::frame::Color;

/// Content stream bytes being written. Every operator ends with a newline.
#[derive(Debug, Default)]
pub(super) struct Content {
    bytes: Vec<u8>,
}

impl Content {
    pub fn with_capacity(capacity: usize) -> Content {
        Content {
            bytes: Vec::with_capacity(capacity),
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    #[cfg(test)]
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or("<not UTF-8>")
    }

    /// A number and a space.
    pub fn num(&mut self, v: f64) -> &mut Self {
        write_fixed(&mut self.bytes, v);
        self.bytes.push(b' ');
        self
    }

    /// The operator and a newline.
    pub fn op(&mut self, op: &str) {
        self.bytes.extend_from_slice(op.as_bytes());
        self.bytes.push(b'\n');
    }

    /// `/name ` (names the painter chooses: ASCII letters and digits).
    pub fn name(&mut self, name: &str) -> &mut Self {
        self.bytes.push(b'/');
        self.bytes.extend_from_slice(name.as_bytes());
        self.bytes.push(b' ');
        self
    }

    /// `r g b rg` (fill) or `RG` (stroke); components clamped to 0–1, since anything else is a
    /// PDF error.
    pub fn color(&mut self, c: Color, stroke: bool) {
        for v in [c.r, c.g, c.b] {
            self.num(f64::from(v.clamp(0.0, 1.0)));
        }
        self.op(if stroke { "RG" } else { "rg" });
    }

    /// `[<gid…>offset<gid…>…] TJ`: each glyph id as two bytes (Identity-H), with the adjustment
    /// after a glyph (1/1000 em, subtracted from the pen) where it is not zero.
    pub fn show_glyphs(&mut self, glyphs: &[(u16, f64)]) {
        self.bytes.push(b'[');
        let mut open = false;
        for &(gid, offset) in glyphs {
            if !open {
                self.bytes.push(b'<');
                open = true;
            }
            let [hi, lo] = gid.to_be_bytes();
            self.bytes.extend_from_slice(&hex_byte(hi));
            self.bytes.extend_from_slice(&hex_byte(lo));
            if offset != 0.0 {
                self.bytes.push(b'>');
                open = false;
                write_fixed(&mut self.bytes, offset);
            }
        }
        if open {
            self.bytes.push(b'>');
        }
        self.bytes.extend_from_slice(b"]TJ\n");
    }

    /// `/Span <</ActualText <FEFF…>>> BDC`: the text extractors return instead of the glyphs
    /// up to the matching `EMC` (UTF-16BE with a byte-order mark, as PDF text strings are).
    pub fn begin_actual_text(&mut self, text: &str) {
        self.bytes.extend_from_slice(b"/Span <</ActualText <FEFF");
        for unit in text.encode_utf16() {
            let [hi, lo] = unit.to_be_bytes();
            self.bytes.extend_from_slice(&hex_byte(hi));
            self.bytes.extend_from_slice(&hex_byte(lo));
        }
        self.bytes.extend_from_slice(b">>> BDC\n");
    }
}

fn hex_byte(b: u8) -> [u8; 2] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    [HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]
}

/// `v` rounded to three decimals, without trailing zeros or exponent (`12`, `-0.5`, `3.142`).
/// Not a number writes `0`: a PDF has no NaN, and a wrong position beats a broken file.
pub(super) fn write_fixed(out: &mut Vec<u8>, v: f64) {
    let milli = (v * 1000.0).round();
    let milli = if milli.is_finite() {
        // Far beyond any page (PDF's implementation limit is ±32767 units).
        milli.clamp(-1e15, 1e15) as i64
    } else {
        0
    };
    if milli < 0 {
        out.push(b'-');
    }
    let abs = milli.unsigned_abs();
    let mut buffer = itoa::Buffer::new();
    out.extend_from_slice(buffer.format(abs / 1000).as_bytes());
    let mut frac = abs % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut digits = 3;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        let text = buffer.format(frac);
        out.extend(std::iter::repeat_n(b'0', digits - text.len()));
        out.extend_from_slice(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(v: f64) -> String {
        let mut out = Vec::new();
        write_fixed(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_fixed_point_with_at_most_three_decimals() {
        assert_eq!(fixed(0.0), "0");
        assert_eq!(fixed(-0.0001), "0");
        assert_eq!(fixed(12.0), "12");
        assert_eq!(fixed(-0.5), "-0.5");
        assert_eq!(fixed(1.23456), "1.235");
        assert_eq!(fixed(0.05), "0.05");
        assert_eq!(fixed(0.007), "0.007");
        assert_eq!(fixed(-1234.0205), "-1234.021");
        assert_eq!(fixed(595.2756), "595.276");
        assert_eq!(fixed(f64::NAN), "0");
    }

    #[test]
    fn glyphs_group_into_hex_strings_between_adjustments() {
        let mut c = Content::default();
        c.show_glyphs(&[(1, 0.0), (0x0A2F, -12.0), (0xFFFF, 0.0)]);
        c.show_glyphs(&[(2, 3.0)]);
        assert_eq!(c.as_str(), "[<00010A2F>-12<FFFF>]TJ\n[<0002>3]TJ\n");
    }

    #[test]
    fn actual_text_is_utf16_with_a_byte_order_mark() {
        let mut c = Content::default();
        c.begin_actual_text("A版");
        assert_eq!(c.as_str(), "/Span <</ActualText <FEFF00417248>>> BDC\n");
    }
}
