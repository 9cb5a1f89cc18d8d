//! book.toml `[fonts]` (strings, as the model keeps them) → the PDF backend's `FontConfig`.
//!
//! An entry naming a font file (`.ttf`, `.otf`, `.ttc`, optionally `#N` for a face of a
//! collection) is a path relative to book.toml; anything else is a family name looked up among
//! the installed fonts by the backend. Each request carries the line of its key in book.toml, so
//! a font that cannot be found or read is reported there (a missing file right away, before the
//! site is read).

use hanmoto_model::config::BookConfig;
use hanmoto_model::{Diagnostic, Span};
use hanmoto_pdf::fonts::{FaceRequest, FaceSpec, FontConfig};
use std::path::Path;

const FONT_EXTENSIONS: [&str; 4] = [".ttf", ".otf", ".ttc", ".otc"];

/// Maps `[fonts]`; `base` is book.toml's folder (paths are relative to it).
pub fn font_config(cfg: &BookConfig, base: &Path) -> Result<FontConfig, Diagnostic> {
    let role = |key: &str, entries: &[String]| -> Result<Vec<FaceRequest>, Diagnostic> {
        let place = cfg.section_key_span("fonts", key);
        let span = place
            .as_ref()
            .map(|(path, _, line)| Span::new(path.clone(), *line, 1));
        entries
            .iter()
            .map(|entry| {
                let spec = face_spec(entry, base).map_err(|message| {
                    let d = Diagnostic::error("book-toml", format!("[fonts] {key}: {message}"));
                    match &place {
                        Some((path, text, line)) if *line > 0 => d.at_line(path, text, *line, 1),
                        _ => d,
                    }
                })?;
                Ok(FaceRequest {
                    spec,
                    span: span.clone(),
                })
            })
            .collect()
    };
    Ok(FontConfig {
        body: role("body", &cfg.fonts.body)?,
        heading: role("heading", &cfg.fonts.heading)?,
        mono: role("mono", &cfg.fonts.mono)?,
    })
}

/// `fonts/a.ttc#1` → that file, face 1; `Noto Serif CJK JP` → a family.
fn face_spec(entry: &str, base: &Path) -> Result<FaceSpec, String> {
    let entry = entry.trim();
    if entry.is_empty() {
        return Err("an empty font name".into());
    }
    let (file, index) = match entry.rsplit_once('#') {
        Some((file, n)) if has_font_extension(file) => {
            let index = n.trim().parse::<u32>().map_err(|_| {
                format!(
                    "`{entry}`: the face index after `#` must be a number (e.g. `fonts/x.ttc#1`)"
                )
            })?;
            (file, index)
        }
        _ => (entry, 0),
    };
    if has_font_extension(file) {
        let path = base.join(file);
        // Checked here, before the site is read, so a typo fails fast and points at its line.
        if !path.is_file() {
            return Err(format!("the font file {} does not exist", path.display()));
        }
        return Ok(FaceSpec::Path { path, index });
    }
    if file.contains('/') || file.contains('\\') {
        return Err(format!(
            "`{entry}` looks like a path but is not a font file (.ttf, .otf, .ttc); give the file, or a family name"
        ));
    }
    Ok(FaceSpec::Family(entry.to_owned()))
}

fn has_font_extension(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    FONT_EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> BookConfig {
        BookConfig::parse(text, Path::new("/books/b/book.toml")).unwrap()
    }

    #[test]
    fn files_are_relative_to_book_toml_and_names_are_families() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("fonts")).unwrap();
        std::fs::write(dir.path().join("fonts/Serif.ttc"), b"").unwrap();
        std::fs::write(dir.path().join("m.OTF"), b"").unwrap();
        let cfg = parse(
            "[fonts]\nbody = [\"fonts/Serif.ttc#2\", \"Noto Serif CJK JP\"]\n\nmono = [\"m.OTF\"]\n",
        );
        let fc = font_config(&cfg, dir.path()).unwrap();
        assert_eq!(
            fc.body[0].spec,
            FaceSpec::Path {
                path: dir.path().join("fonts/Serif.ttc"),
                index: 2
            }
        );
        assert_eq!(
            fc.body[1].spec,
            FaceSpec::Family("Noto Serif CJK JP".into())
        );
        assert_eq!(fc.body[0].span.as_ref().map(|s| s.line), Some(2));
        assert_eq!(
            fc.mono[0].spec,
            FaceSpec::Path {
                path: dir.path().join("m.OTF"),
                index: 0
            }
        );
        assert_eq!(fc.mono[0].span.as_ref().map(|s| s.line), Some(4));
        assert!(fc.heading.is_empty());
    }

    #[test]
    fn a_family_name_with_a_hash_stays_a_family() {
        let cfg = parse("[fonts]\nheading = [\"Font #1\"]\n");
        let fc = font_config(&cfg, Path::new("/b")).unwrap();
        assert_eq!(fc.heading[0].spec, FaceSpec::Family("Font #1".into()));
    }

    #[test]
    fn bad_entries_are_errors_at_their_line() {
        for (text, word) in [
            ("[book]\n[fonts]\nbody = [\"a.ttc#x\"]\n", "a.ttc#x"),
            ("[book]\n[fonts]\nbody = [\"fonts/Serif\"]\n", "fonts/Serif"),
            ("[book]\n[fonts]\nbody = [\"  \"]\n", "empty"),
            ("[book]\n[fonts]\nbody = [\"nowhere.ttf\"]\n", "nowhere.ttf"),
        ] {
            let err = font_config(&parse(text), Path::new("/b")).unwrap_err();
            assert!(err.message.contains(word), "{}", err.message);
            assert_eq!(err.span.as_ref().map(|s| s.line), Some(3), "{text}");
        }
    }
}
