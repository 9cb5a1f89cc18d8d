//! `FontSet`: the faces of a book and, per role, the fallback chain a character walks until a
//! face has it.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use hanmoto_model::diagnostic::{Diagnostic, Span};

use super::builtin::{self, BuiltinFace};
use super::face::{Face, FaceOrigin};
use super::shape::is_cjk;

/// What a piece of text is set as; each role has its own fallback chain.
///
/// `Emphasis`, `Strong` and `StrongEmphasis` are body text in italic, bold and bold italic: for
/// Latin characters (see [`latin_face_char`]) the built-in chains start with Liberation Serif
/// Italic / Bold / Bold Italic; Japanese characters fall through to IPAex Mincho (emphasis; the
/// layout adds sesame dots) or IPAex Gothic (strong), since IPAex has neither italic nor bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Body,
    Heading,
    Mono,
    Emphasis,
    Strong,
    StrongEmphasis,
    /// Code in bold (highlighted keywords): the mono face's bold, same advances.
    MonoBold,
    /// Code in italic (highlighted comments): the mono face's oblique.
    MonoItalic,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Body,
        Role::Heading,
        Role::Mono,
        Role::Emphasis,
        Role::Strong,
        Role::StrongEmphasis,
        Role::MonoBold,
        Role::MonoItalic,
    ];
    fn slot(self) -> usize {
        self as usize
    }
    fn name(self) -> &'static str {
        match self {
            Role::Body => "body",
            Role::Heading => "heading",
            Role::Mono => "mono",
            Role::Emphasis => "emphasis",
            Role::Strong => "strong",
            Role::StrongEmphasis => "strong emphasis",
            Role::MonoBold => "bold mono",
            Role::MonoItalic => "italic mono",
        }
    }

    /// The role of emphasised text inside text of this role: body text turns italic, strong
    /// text bold italic. Headings and code keep their role (a heading is already gothic; code
    /// is code).
    pub fn emphasised(self) -> Role {
        match self {
            Role::Body => Role::Emphasis,
            Role::Strong => Role::StrongEmphasis,
            other => other,
        }
    }

    /// The role of strong text inside text of this role: body text turns bold, emphasised text
    /// bold italic; headings and code keep their role.
    pub fn strengthened(self) -> Role {
        match self {
            Role::Body => Role::Strong,
            Role::Emphasis => Role::StrongEmphasis,
            other => other,
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
/// Emphasis, strong and strong emphasis derive theirs from `body` and `heading` (see
/// [`FontSet::load`]).
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
            Role::Emphasis
            | Role::Strong
            | Role::StrongEmphasis
            | Role::MonoBold
            | Role::MonoItalic => &[],
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
    chains: [Vec<FaceId>; 8],
    /// Faces that may set only Latin characters ([`latin_face_char`]): the built-in Liberation
    /// Serif faces. Their kana-free but symbol-rich cmaps must not take `…`, `×` or a full-width
    /// form away from the Japanese face in Japanese text.
    latin_only: Vec<bool>,
    /// Shaping plans built so far (see `plans.rs`).
    pub(super) plans: super::plans::PlanCache,
    /// Short texts shaped so far (see `short_texts.rs`).
    pub(super) short_texts: super::short_texts::ShortTexts,
    /// The math face's MATH table, parsed once for every formula of the document.
    math: hanmoto_math::MathFont<'static>,
    /// Per face: its vertical twin ([`FontSet::with_vertical`]), Japanese set top to bottom.
    vertical: Vec<Option<FaceId>>,
    /// Per face: whether it is a vertical twin.
    is_twin: Vec<bool>,
}

/// Indices into [`BUILTINS`].
const MINCHO: usize = 0;
const GOTHIC: usize = 1;
const MONO: usize = 2;
const SERIF: usize = 3;
const SERIF_ITALIC: usize = 4;
const SERIF_BOLD: usize = 5;
const SERIF_BOLD_ITALIC: usize = 6;
const MONO_BOLD: usize = 7;
const MONO_OBLIQUE: usize = 8;
/// The math face: in no chain, only formulas use it (`compose/math.rs`).
const MATH: usize = 9;

/// Built-in chains, per role in `Role::ALL` order. Body text puts Liberation Serif first (it
/// takes Latin characters only), then Mincho; Mincho and Gothic cover the same characters, so
/// each backs the other up; the mono face comes last for the symbols only DejaVu has. Code falls
/// back to Gothic for Japanese comments: its kana sit on the same full-width grid and read better
/// beside a sans mono. Headings stay gothic for Latin too. Emphasis is the italic then the body
/// chain; strong and strong emphasis are the bold (italic) then the heading chain (Japanese
/// strong is gothic). Bold and italic code are DejaVu Sans Mono's bold and oblique, then the code
/// chain (Japanese in them stays the gothic: no fake bold, no slanted kana).
const BUILTIN_CHAINS: [&[usize]; 8] = [
    &[SERIF, MINCHO, GOTHIC, MONO],
    &[GOTHIC, MINCHO, MONO],
    &[MONO, GOTHIC, MINCHO],
    &[SERIF_ITALIC, MINCHO, GOTHIC, MONO],
    &[SERIF_BOLD, GOTHIC, MINCHO, MONO],
    &[SERIF_BOLD_ITALIC, GOTHIC, MINCHO, MONO],
    &[MONO_BOLD, MONO, GOTHIC, MINCHO],
    &[MONO_OBLIQUE, MONO, GOTHIC, MINCHO],
];
const BUILTINS: [BuiltinFace; 10] = [
    builtin::IPAEX_MINCHO,
    builtin::IPAEX_GOTHIC,
    builtin::DEJAVU_SANS_MONO,
    builtin::LIBERATION_SERIF,
    builtin::LIBERATION_SERIF_ITALIC,
    builtin::LIBERATION_SERIF_BOLD,
    builtin::LIBERATION_SERIF_BOLD_ITALIC,
    builtin::DEJAVU_SANS_MONO_BOLD,
    builtin::DEJAVU_SANS_MONO_OBLIQUE,
    builtin::TEX_GYRE_TERMES_MATH,
];
const LATIN_ONLY: [usize; 4] = [SERIF, SERIF_ITALIC, SERIF_BOLD, SERIF_BOLD_ITALIC];

/// The style of a face looked up beside a configured body family, for the derived roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    Italic,
    Bold,
    BoldItalic,
}

/// Whether a Latin-only face ([`FontSet`]'s built-in Liberation Serif) may set `ch` in text of
/// language `lang` (BCP 47; `None` counts as Japanese, hanmoto's default).
///
/// - Never: Japanese ([`is_cjk`]: kana, kanji, CJK punctuation, full-width forms), whatever
///   the face's cmap holds.
/// - Always: ASCII, Latin-1 letters and symbols, Latin Extended-A/B and Additional, the Latin
///   ligatures U+FB00–FB06; except the Latin-1 symbols JIS X 0208 has (`§ ¨ ° ± ´ ¶ × ÷`).
/// - Only when the text is not Japanese: those eight symbols, Greek, Cyrillic, General
///   Punctuation (dashes, quotes `“ ”`, `…`, `†`, `‰`), currency signs and `™`. A Japanese
///   text sets them in the Japanese face, on the full-width grid (`……`, `——` as written in
///   Japanese), the convention of Japanese typesetting (LuaTeX-ja does the same by default).
///
/// A character only a Latin-only face has still comes from it rather than printing as a box
/// (never a Japanese one).
pub fn latin_face_char(ch: char, lang: Option<&str>) -> bool {
    if is_cjk(ch) {
        return false;
    }
    let jis_symbol = matches!(
        ch,
        '\u{A7}' | '\u{A8}' | '\u{B0}' | '\u{B1}' | '\u{B4}' | '\u{B6}' | '\u{D7}' | '\u{F7}'
    );
    let always = !jis_symbol
        && matches!(ch,
            '\u{20}'..='\u{7E}'
            | '\u{A0}'..='\u{24F}'
            | '\u{1E00}'..='\u{1EFF}'
            | '\u{FB00}'..='\u{FB06}');
    if always {
        return true;
    }
    let japanese = lang.is_none_or(|l| l.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("ja")));
    !japanese
        && (jis_symbol
            || matches!(ch,
                '\u{370}'..='\u{4FF}'
                | '\u{2010}'..='\u{205E}'
                | '\u{20A0}'..='\u{20CF}'
                | '\u{2122}'))
}

impl FontSet {
    /// Only the faces shipped in the binary.
    pub fn builtin() -> FontSet {
        // The built-in files are checked by the tests; a failure here is a broken build.
        FontSet::load(&FontConfig::default()).expect("built-in fonts parse")
    }

    /// The configured faces (per role, before the built-in ones), each file parsed once.
    ///
    /// Emphasis, strong and strong emphasis have no faces of their own in the configuration.
    /// For each body face named by family, the italic, bold and bold italic of that family
    /// among the system fonts (when installed: a real italic or oblique, a weight of 600 or
    /// more) come first in those roles. Then the built-in Liberation Serif Italic / Bold / Bold
    /// Italic for Latin characters, so Latin emphasis stays a real italic even beside a body
    /// face that has none (a body face given as a file path gets no variants looked up: its
    /// family's italic is not found from a path). Then the body faces (emphasis; Japanese text
    /// gets sesame dots from the layout) or the heading faces (strong: the gothic), then the
    /// built-in faces.
    pub fn load(config: &FontConfig) -> Result<FontSet, Diagnostic> {
        let mut faces = Vec::new();
        for b in BUILTINS {
            faces.push(Face::parse(
                Cow::Borrowed(b.data),
                0,
                FaceOrigin::Builtin(b.file),
            )?);
        }
        let mut loader = Loader {
            faces,
            system: None,
            loaded: Vec::new(),
        };
        let builtin = |role: Role| {
            BUILTIN_CHAINS[role.slot()]
                .iter()
                .map(|&i| FaceId(i as u16))
                .collect::<Vec<_>>()
        };
        let mut configured: [Vec<FaceId>; 3] = Default::default();
        for role in [Role::Body, Role::Heading, Role::Mono] {
            for request in config.for_role(role) {
                let id = loader.request(request)?;
                configured[role.slot()].push(id);
            }
        }
        let mut chains: [Vec<FaceId>; 8] = Default::default();
        for role in [Role::Body, Role::Heading, Role::Mono] {
            chains[role.slot()] = [configured[role.slot()].clone(), builtin(role)].concat();
        }
        for (role, variant, latin, rest) in [
            (Role::Emphasis, Variant::Italic, SERIF_ITALIC, Role::Body),
            (Role::Strong, Variant::Bold, SERIF_BOLD, Role::Heading),
            (
                Role::StrongEmphasis,
                Variant::BoldItalic,
                SERIF_BOLD_ITALIC,
                Role::Heading,
            ),
        ] {
            let mut chain = Vec::new();
            for request in &config.body {
                if let FaceSpec::Family(name) = &request.spec {
                    if let Some(id) = loader.variant(name, variant) {
                        chain.push(id);
                    }
                }
            }
            chain.push(FaceId(latin as u16));
            chain.extend(&configured[rest.slot()]);
            chain.extend(builtin(role).into_iter().skip(1));
            chain.dedup();
            chains[role.slot()] = chain;
        }
        // Bold and italic code: the configured mono family's own bold / italic when the system
        // has them, else that family's regular (columns stay aligned: another face's advances
        // would not match); with no mono face configured, DejaVu Sans Mono's.
        for (role, variant, own) in [
            (Role::MonoBold, Variant::Bold, MONO_BOLD),
            (Role::MonoItalic, Variant::Italic, MONO_OBLIQUE),
        ] {
            let mut chain = Vec::new();
            for request in &config.mono {
                if let FaceSpec::Family(name) = &request.spec {
                    if let Some(id) = loader.variant(name, variant) {
                        chain.push(id);
                    }
                }
            }
            if configured[Role::Mono.slot()].is_empty() {
                chain.push(FaceId(own as u16));
            }
            chain.extend(&configured[Role::Mono.slot()]);
            chain.extend(builtin(role).into_iter().skip(1));
            chain.dedup();
            chains[role.slot()] = chain;
        }
        let mut latin_only = vec![false; loader.faces.len()];
        for i in LATIN_ONLY {
            latin_only[i] = true;
        }
        Ok(FontSet {
            faces: loader.faces,
            chains,
            latin_only,
            plans: Default::default(),
            short_texts: Default::default(),
            vertical: Vec::new(),
            is_twin: Vec::new(),
            math: hanmoto_math::MathFont::parse(hanmoto_math::BUILTIN, 0).map_err(|e| {
                Diagnostic::error(
                    "font-parse",
                    format!("the built-in math face {}: {e}", hanmoto_math::BUILTIN_FILE),
                )
            })?,
        })
    }

    /// The set with a vertical twin of every face that has Japanese (kana or kanji): the same
    /// glyphs, shaped with `vert`/`vrt2` ([`FontSet::shape_vertical`]) and embedded by the
    /// painter a second time as a CID font with `Identity-V` and vertical metrics.
    pub fn with_vertical(mut self) -> Result<FontSet, Diagnostic> {
        let n = self.faces.len();
        self.vertical = vec![None; n];
        self.is_twin = vec![false; n];
        for i in 0..n {
            if i == MATH || self.latin_only[i] {
                continue;
            }
            let face = &self.faces[i];
            if !(face.has_char('あ') || face.has_char('一')) {
                continue;
            }
            let twin = face.twin()?;
            let id = FaceId(u16::try_from(self.faces.len()).map_err(|_| {
                Diagnostic::error("font-parse", "too many faces for vertical text")
            })?);
            self.faces.push(twin);
            self.latin_only.push(false);
            self.vertical[i] = Some(id);
            self.vertical.push(None);
            self.is_twin.push(true);
        }
        Ok(self)
    }

    /// The vertical twin of `id`, when the set was made [`FontSet::with_vertical`] and the
    /// face has Japanese.
    pub fn vertical_twin(&self, id: FaceId) -> Option<FaceId> {
        self.vertical.get(usize::from(id.0)).copied().flatten()
    }

    /// Whether `id` sets its glyphs upright in vertical lines (`Identity-V`).
    pub fn is_vertical(&self, id: FaceId) -> bool {
        self.is_twin
            .get(usize::from(id.0))
            .copied()
            .unwrap_or(false)
    }

    /// The face formulas are set in (its glyph ids are the math layout's).
    pub fn math_face(&self) -> FaceId {
        FaceId(MATH as u16)
    }

    /// The math face's layout data.
    pub fn math_font(&self) -> &hanmoto_math::MathFont<'static> {
        &self.math
    }

    pub fn face(&self, id: FaceId) -> &Face {
        // FaceIds are only made by this set, so the index is in range.
        &self.faces[usize::from(id.0)]
    }

    /// The chain of `role`, most preferred first.
    pub fn chain(&self, role: Role) -> &[FaceId] {
        &self.chains[role.slot()]
    }

    /// Whether `id` may set only Latin characters ([`latin_face_char`]).
    pub fn is_latin_only(&self, id: FaceId) -> bool {
        self.latin_only
            .get(usize::from(id.0))
            .copied()
            .unwrap_or(false)
    }

    /// The first face of `role`'s chain that has `ch`, for Japanese text (see
    /// [`FontSet::face_for_lang`]).
    pub fn face_for(&self, role: Role, ch: char) -> Option<FaceId> {
        self.face_for_lang(role, ch, None)
    }

    /// The first face of `role`'s chain that has `ch` and may set it in text of language
    /// `lang`: a Latin-only face is skipped unless [`latin_face_char`] allows it. A character
    /// no other face has still comes from a Latin-only face, unless it is Japanese.
    pub fn face_for_lang(&self, role: Role, ch: char, lang: Option<&str>) -> Option<FaceId> {
        let chain = self.chain(role);
        let allowed = |id: FaceId| !self.is_latin_only(id) || latin_face_char(ch, lang);
        chain
            .iter()
            .copied()
            .find(|&id| allowed(id) && self.face(id).has_char(ch))
            .or_else(|| {
                chain
                    .iter()
                    .copied()
                    .find(|&id| self.is_latin_only(id) && !is_cjk(ch) && self.face(id).has_char(ch))
            })
    }

    /// Every character of `text` that no face of the chain has, in order.
    pub fn missing_chars(&self, role: Role, text: &str) -> Vec<MissingChar> {
        text.char_indices()
            .filter(|&(_, ch)| !inherits_face(ch) && self.face_for(role, ch).is_none())
            .map(|(offset, ch)| MissingChar { ch, offset })
            .collect()
    }
}

/// Parses configured faces, each file once, and looks families up among the system fonts.
struct Loader {
    faces: Vec<Face>,
    system: Option<fontdb::Database>,
    loaded: Vec<(PathBuf, u32, FaceId)>,
}

impl Loader {
    fn system(&mut self) -> &fontdb::Database {
        self.system.get_or_insert_with(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        })
    }

    fn request(&mut self, request: &FaceRequest) -> Result<FaceId, Diagnostic> {
        let (path, index) = match &request.spec {
            FaceSpec::Path { path, index } => (path.clone(), *index),
            FaceSpec::Family(name) => find_family(self.system(), name, None).ok_or_else(|| {
                place(
                    Diagnostic::error(
                        "font-not-found",
                        format!("no installed font has the family name {name:?}"),
                    )
                    .with_hint("check the name with `fc-list : family`, or give a file path"),
                    request,
                )
            })?,
        };
        self.file(path, index).map_err(|d| place(d, request))
    }

    /// The `variant` of system family `name`, if installed and readable (it was not named in
    /// the configuration, so an unreadable one is passed over, not an error).
    fn variant(&mut self, name: &str, variant: Variant) -> Option<FaceId> {
        let (path, index) = find_family(self.system(), name, Some(variant))?;
        self.file(path, index).ok()
    }

    fn file(&mut self, path: PathBuf, index: u32) -> Result<FaceId, Diagnostic> {
        if let Some((_, _, id)) = self
            .loaded
            .iter()
            .find(|(p, i, _)| *p == path && *i == index)
        {
            return Ok(*id);
        }
        let face = read_face(&path, index)?;
        let id = FaceId(self.faces.len() as u16);
        self.faces.push(face);
        self.loaded.push((path, index, id));
        Ok(id)
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

/// The face of `family` among the system fonts: the regular upright one, or `variant`. Its
/// file and face index; `None` when the family is not installed, or has no such variant
/// (fontdb answers with the nearest face; a regular face is no italic).
fn find_family(
    db: &fontdb::Database,
    family: &str,
    variant: Option<Variant>,
) -> Option<(PathBuf, u32)> {
    let (style, weight) = match variant {
        None => (fontdb::Style::Normal, fontdb::Weight::NORMAL),
        Some(Variant::Italic) => (fontdb::Style::Italic, fontdb::Weight::NORMAL),
        Some(Variant::Bold) => (fontdb::Style::Normal, fontdb::Weight::BOLD),
        Some(Variant::BoldItalic) => (fontdb::Style::Italic, fontdb::Weight::BOLD),
    };
    let id = db.query(&fontdb::Query {
        families: &[fontdb::Family::Name(family)],
        style,
        weight,
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
    let slanted = info.style != fontdb::Style::Normal;
    let bold = info.weight.0 >= 600;
    let fits = match variant {
        None => true,
        Some(Variant::Italic) => slanted && !bold,
        Some(Variant::Bold) => bold && !slanted,
        Some(Variant::BoldItalic) => bold && slanted,
    };
    if !fits {
        return None;
    }
    match &info.source {
        fontdb::Source::File(path) => Some((path.clone(), info.index)),
        _ => None,
    }
}
