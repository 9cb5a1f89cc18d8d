//! The faces compiled into the binary, so a machine without any Japanese font still makes a
//! correct PDF. Files, versions, sources and licences: `fonts/NOTICE.md` at the repository root.

/// One face shipped with hanmoto.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinFace {
    /// The file name under `fonts/`, for messages.
    pub file: &'static str,
    pub data: &'static [u8],
}

/// IPAex Mincho 004.01 (IPA Font License v1.0): Japanese serif for body text.
pub const IPAEX_MINCHO: BuiltinFace = BuiltinFace {
    file: "ipaexm.ttf",
    data: include_bytes!("../../../../fonts/ipaexm.ttf"),
};

/// IPAex Gothic 004.01 (IPA Font License v1.0): Japanese sans for headings.
pub const IPAEX_GOTHIC: BuiltinFace = BuiltinFace {
    file: "ipaexg.ttf",
    data: include_bytes!("../../../../fonts/ipaexg.ttf"),
};

/// DejaVu Sans Mono 2.37 (Bitstream Vera licence): code.
pub const DEJAVU_SANS_MONO: BuiltinFace = BuiltinFace {
    file: "DejaVuSansMono.ttf",
    data: include_bytes!("../../../../fonts/DejaVuSansMono.ttf"),
};

/// DejaVu Sans Mono 2.37 bold: highlighted code (keywords, headings of diffs).
pub const DEJAVU_SANS_MONO_BOLD: BuiltinFace = BuiltinFace {
    file: "DejaVuSansMono-Bold.ttf",
    data: include_bytes!("../../../../fonts/DejaVuSansMono-Bold.ttf"),
};

/// DejaVu Sans Mono 2.37 oblique: highlighted code (comments).
pub const DEJAVU_SANS_MONO_OBLIQUE: BuiltinFace = BuiltinFace {
    file: "DejaVuSansMono-Oblique.ttf",
    data: include_bytes!("../../../../fonts/DejaVuSansMono-Oblique.ttf"),
};

/// Liberation Serif 2.1.5 (SIL OFL 1.1), regular: Latin letters, digits and punctuation of body
/// text (kerning and ligatures on). Metric-compatible with Times.
pub const LIBERATION_SERIF: BuiltinFace = BuiltinFace {
    file: "LiberationSerif-Regular.ttf",
    data: include_bytes!("../../../../fonts/LiberationSerif-Regular.ttf"),
};

/// Liberation Serif 2.1.5 italic: Latin emphasis.
pub const LIBERATION_SERIF_ITALIC: BuiltinFace = BuiltinFace {
    file: "LiberationSerif-Italic.ttf",
    data: include_bytes!("../../../../fonts/LiberationSerif-Italic.ttf"),
};

/// Liberation Serif 2.1.5 bold: Latin strong.
pub const LIBERATION_SERIF_BOLD: BuiltinFace = BuiltinFace {
    file: "LiberationSerif-Bold.ttf",
    data: include_bytes!("../../../../fonts/LiberationSerif-Bold.ttf"),
};

/// Liberation Serif 2.1.5 bold italic: Latin strong emphasis.
pub const LIBERATION_SERIF_BOLD_ITALIC: BuiltinFace = BuiltinFace {
    file: "LiberationSerif-BoldItalic.ttf",
    data: include_bytes!("../../../../fonts/LiberationSerif-BoldItalic.ttf"),
};

/// TeX Gyre Termes Math 1.543 (GUST Font License): formulas; the math companion of Times, which
/// Liberation Serif matches. The bytes live in hanmoto-math, which lays formulas out with them.
pub const TEX_GYRE_TERMES_MATH: BuiltinFace = BuiltinFace {
    file: hanmoto_math::BUILTIN_FILE,
    data: hanmoto_math::BUILTIN,
};
