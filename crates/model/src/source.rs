//! Reading the user's text files: UTF-8 only (with or without BOM), any line ending.

use crate::diagnostic::{Diagnostic, Span};
use std::path::Path;

/// Reads `path` as UTF-8 text, dropping a BOM and turning CRLF (and lone CR) into LF so that
/// every later stage sees one kind of line.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error("io", format!("cannot read {}: {e}", path.display())).at(Span::file(path))
    })?;
    decode_text(&bytes, path)
}

pub fn decode_text(bytes: &[u8], path: &Path) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let column = good
                .rsplit(|b| *b == b'\n')
                .next()
                .map(|l| String::from_utf8_lossy(l).chars().count())
                .unwrap_or(0) as u32
                + 1;
            let hint = if looks_like_shift_jis(bytes) {
                "the file looks like Shift_JIS; convert it with `iconv -f SHIFT_JIS -t UTF-8`"
            } else {
                "save the file as UTF-8"
            };
            return Err(Diagnostic::error(
                "post-encoding",
                format!(
                    "{} is not UTF-8 text (invalid byte at line {line}, column {column})",
                    path.display()
                ),
            )
            .at(Span::new(path, line, column))
            .with_hint(hint));
        }
    };
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_owned())
    }
}

/// Shift_JIS lead bytes followed by valid trail bytes, for the hint only.
fn looks_like_shift_jis(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| {
        matches!(w[0], 0x81..=0x9F | 0xE0..=0xEF) && matches!(w[1], 0x40..=0x7E | 0x80..=0xFC)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_normalised() {
        let t = decode_text(
            b"\xEF\xBB\xBF---\r\ntitle: a\r\n---\r\nx\r\n",
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(t, "---\ntitle: a\n---\nx\n");
    }

    #[test]
    fn shift_jis_is_a_clear_error_with_line() {
        // "日本" in Shift_JIS on line 2.
        let e = decode_text(b"---\n\x93\xfa\x96\x7b\n", Path::new("a.md")).unwrap_err();
        assert_eq!(e.code, "post-encoding");
        assert_eq!(e.span.unwrap().line, 2);
        assert!(e.hint.unwrap().contains("Shift_JIS"));
    }
}
