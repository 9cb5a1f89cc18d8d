//! `FontSet`: the faces of a book and, per role, the fallback chain a character walks until a
//! face has it.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use hanmoto_model::diagnostic::{Diagnostic, Span};

use super::builtin::{self, BuiltinFace};
use super::face::{Face, FaceOrigin};

/// What a piece of text is set as; each role has its own fallback chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Body,
    Heading,
    Mono,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Body, Role::Heading, Role::Mono];
    fn slot(self) -> usize {
        self as usize
    }
    fn name(self) -> &'static str {
        match self {
            Role::Body => "body",
            Role::Heading => "heading",
            Role::Mono => "mono",
        }
    }
}

/// A face inside one `FontSet` (an index; meaningless across sets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FaceId(pub(crate) u16);

/// How configuration names a face.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaceSpec {
    /// A font file and the face index inside it (0 unless it is a `.ttc` collection).
    Path { path: PathBuf, index: u32 },
    /// A family name looked up among the system fonts (regular weight, upright).
    Family(String),
}

/// A face named in configuration, with where it was named (for the error message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceRequest {
    pub spec: FaceSpec,
    pub span: Option<Span>,
}

/// Faces the configuration puts before the built-in ones, per role, most preferred first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontConfig {
    pub body: Vec<FaceRequest>,
    pub heading: Vec<FaceRequest>,
    pub mono: Vec<FaceRequest>,
}

impl FontConfig {
    fn for_role(&self, role: Role) -> &[FaceRequest] {
        match role {
            Role::Body => &self.body,
            Role::Heading => &self.heading,
            Role::Mono => &self.mono,
        }
    }
}

/// A character no face of the chain has, and where it is in the text (byte offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingChar {
    pub ch: char,
    pub offset: usize,
}

impl MissingChar {
    /// The warning the caller shows (it adds the place in the post).
    pub fn to_diagnostic(self, role: Role) -> Diagnostic {
        Diagnostic::warning(
            "font-missing-char",
            format!(
                "no {} font has {:?} (U+{:04X}); it prints as an empty box",
                role.name(),
                self.ch,
                u32::from(self.ch)
            ),
        )
        .with_hint("name a font that has it in book.toml ([pdf] fonts), or install one (e.g. Noto)")
    }
}

/// The faces of a book, parsed once, and a fallback chain per role. `Send + Sync`: share it
/// between threads behind an `Arc`.
#[derive(Debug)]
pub struct FontSet {
    faces: Vec<Face>,
    chains: [Vec<FaceId>; 3],
}

/// Built-in chains. Mincho and Gothic cover the same characters, so each backs the other up;
/// the mono face comes last for the symbols only DejaVu has. Code falls back to Gothic for
/// Japanese comments: its kana sit on the same full-width grid and read better beside a sans mono.
const BUILTIN_CHAINS: [&[usize]; 3] = [&[0, 1, 2], &[1, 0, 2], &[2, 1, 0]];
const BUILTINS: [BuiltinFace; 3] = [
    builtin::IPAEX_MINCHO,
    builtin::IPAEX_GOTHIC,
    builtin::DEJAVU_SANS_MONO,
];

impl FontSet {
    /// Only the faces shipped in the binary.
    pub fn builtin() -> FontSet {
        // The built-in files are checked by the tests; a failure here is a broken build.
        FontSet::load(&FontConfig::default()).expect("built-in fonts parse")
    }

    /// The configured faces (per role, before the built-in ones), each file parsed once.
    pub fn load(config: &FontConfig) -> Result<FontSet, Diagnostic> {
        let mut faces = Vec::new();
        for b in BUILTINS {
            faces.push(Face::parse(
                Cow::Borrowed(b.data),
                0,
                FaceOrigin::Builtin(b.file),
            )?);
        }
        let mut system: Option<fontdb::Database> = None;
        let mut loaded: Vec<(PathBuf, u32, FaceId)> = Vec::new();
        let mut chains: [Vec<FaceId>; 3] = Default::default();
        for role in Role::ALL {
            let chain = &mut chains[role.slot()];
            for request in config.for_role(role) {
                let (path, index) = match &request.spec {
                    FaceSpec::Path { path, index } => (path.clone(), *index),
                    FaceSpec::Family(name) => {
                        let db = system.get_or_insert_with(|| {
                            let mut db = fontdb::Database::new();
                            db.load_system_fonts();
                            db
                        });
                        find_family(db, name).ok_or_else(|| {
                            place(
                                Diagnostic::error(
                                    "font-not-found",
                                    format!("no installed font has the family name {name:?}"),
                                )
                                .with_hint(
                                    "check the name with `fc-list : family`, or give a file path",
                                ),
                                request,
                            )
                        })?
                    }
                };
                if let Some((_, _, id)) = loaded.iter().find(|(p, i, _)| *p == path && *i == index)
                {
                    chain.push(*id);
                    continue;
                }
                let face = read_face(&path, index).map_err(|d| place(d, request))?;
                let id = FaceId(faces.len() as u16);
                faces.push(face);
                loaded.push((path, index, id));
                chain.push(id);
            }
            chain.extend(
                BUILTIN_CHAINS[role.slot()]
                    .iter()
                    .map(|&i| FaceId(i as u16)),
            );
        }
        Ok(FontSet { faces, chains })
    }

    pub fn face(&self, id: FaceId) -> &Face {
        // FaceIds are only made by this set, so the index is in range.
        &self.faces[usize::from(id.0)]
    }

    /// The chain of `role`, most preferred first.
    pub fn chain(&self, role: Role) -> &[FaceId] {
        &self.chains[role.slot()]
    }

    /// The first face of `role`'s chain that has `ch`.
    pub fn face_for(&self, role: Role, ch: char) -> Option<FaceId> {
        self.chain(role)
            .iter()
            .copied()
            .find(|&id| self.face(id).has_char(ch))
    }

    /// Every character of `text` that no face of the chain has, in order.
    pub fn missing_chars(&self, role: Role, text: &str) -> Vec<MissingChar> {
        text.char_indices()
            .filter(|&(_, ch)| !inherits_face(ch) && self.face_for(role, ch).is_none())
            .map(|(offset, ch)| MissingChar { ch, offset })
            .collect()
    }
}

/// Characters that belong to the face of the character before them: combining marks, variation
/// selectors (IVS on kanji), joiners. Looking them up alone would split a cluster across faces
/// or report a selector as missing.
pub(crate) fn inherits_face(ch: char) -> bool {
    matches!(ch,
        '\u{0300}'..='\u{036F}'
        | '\u{3099}'..='\u{309A}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{E0100}'..='\u{E01EF}')
        || ch.is_control()
}

fn place(d: Diagnostic, request: &FaceRequest) -> Diagnostic {
    match &request.span {
        Some(span) => d.at(span.clone()),
        None => d,
    }
}

fn read_face(path: &Path, index: u32) -> Result<Face, Diagnostic> {
    let data = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            "font-read",
            format!("cannot read font {}: {e}", path.display()),
        )
    })?;
    Face::parse(Cow::Owned(data), index, FaceOrigin::File(path.to_owned()))
}

/// The regular upright face of `family` among the system fonts: its file and face index.
fn find_family(db: &fontdb::Database, family: &str) -> Option<(PathBuf, u32)> {
    let id = db.query(&fontdb::Query {
        families: &[fontdb::Family::Name(family)],
        ..fontdb::Query::default()
    })?;
    // fontdb falls back to any face when the family is absent; insist on the name.
    let info = db.face(id)?;
    if !info
        .families
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case(family))
    {
        return None;
    }
    match &info.source {
        fontdb::Source::File(path) => Some((path.clone(), info.index)),
        _ => None,
    }
}
