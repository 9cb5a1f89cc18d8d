//! Character classes for Japanese line breaking (JIS X 4051 / W3C JLREQ) and the break
//! opportunities of a paragraph: UAX #14 (via `unicode-linebreak`) tailored by the kinsoku rules,
//! plus URL breaks and last-resort breaks inside over-long words.

use unicode_linebreak::{break_property, linebreaks, BreakClass, BreakOpportunity};

use super::Item;

/// U+00AD SOFT HYPHEN: a hyphenation point, invisible unless a line ends there.
pub const SOFT_HYPHEN: char = '\u{AD}';

/// Characters that never start a line (JLREQ 3.1.7 *gyoto kinsoku*): closing brackets, commas and
/// full stops, middle dots, colons, question/exclamation marks, hyphens and the wave dash
/// (cl-03), the prolonged sound mark, small kana (cl-11) and iteration marks.
pub fn is_no_start(c: char) -> bool {
    matches!(
        c,
        '、' | '。' | '，' | '．' | '）' | '」' | '』' | '】' | '〕' | '〉' | '》' | '］' | '｝'
            | '〙' | '〗' | '｠' | '»' | '・' | '：' | '；' | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉'
            | '‐' | '〜' | '゠' | '–'
            | 'ー' | '々' | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ' | '〻' | '゛' | '゜'
            | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ' | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ'
            | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ'
            | 'ㇰ'..='ㇿ'
            | 'ｧ'..='ｯ' | 'ｰ' | '｡' | '､' | '｣'
    )
}

/// Characters that never end a line (JLREQ 3.1.8 *gyomatsu kinsoku*): opening brackets.
pub fn is_no_end(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '《'
            | '［'
            | '｛'
            | '〘'
            | '〖'
            | '｟'
            | '«'
            | '｢'
    )
}

/// Characters that are never split when doubled (JLREQ 3.1.10 inseparable characters).
pub fn is_inseparable(c: char) -> bool {
    matches!(c, '…' | '‥' | '—' | '―')
}

/// Full-width closing punctuation whose glyph carries a half-em blank on its right (JLREQ cl-02,
/// cl-06, cl-07): compressible when followed by other punctuation or at the end of a line.
pub fn is_closing_punct(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | '］'
            | '｝'
            | '〙'
            | '〗'
            | '｠'
    )
}

/// Full-width opening brackets whose glyph carries a half-em blank on its left (JLREQ cl-01).
pub fn is_opening_punct(c: char) -> bool {
    matches!(
        c,
        '（' | '「' | '『' | '【' | '〔' | '〈' | '《' | '［' | '｛' | '〘' | '〖' | '｟'
    )
}

/// Han ideographs and kana (not punctuation): the Japanese side of the ¼-em Japanese–Latin space.
pub fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}' // 々〆〇
        | '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}' // hiragana
        | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' // katakana (not the middle dot ・)
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9D}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Latin (and Greek, Cyrillic…) letters and digits: the other side of the Japanese–Latin space.
/// Full-width forms (`Ａ１`) are set like Japanese and get no extra space.
pub fn is_latin_alnum(c: char) -> bool {
    c.is_alphanumeric() && (c as u32) < 0x2E80
}

/// Runs without spaces shorter than this (in characters) never break inside but at UAX #14's
/// opportunities: `e.g.`, `Node.js`, `a_b`, `getX` stay whole.
const MIN_BREAKABLE_RUN: usize = 8;
/// Nor does a break leave fewer characters than this of the run on either side.
const MIN_RUN_PIECE: usize = 2;

/// Where a long run without spaces (a URL, a path, a handle, an identifier in inline code) may
/// break, as readers expect (The Chicago Manual of Style 6.17 for URLs; the same habit for code):
/// after `/` (not inside `//`), before `.`, `?`, `#`, `&`, `=`, after `-` and `_` when a letter or
/// digit follows, and, in code, at a camelCase hump (`getElement|ById`). The character that
/// shows a line continues (`/`, `-`, `_` at its end, `.`, `?`, `#` at the next start) is the
/// source's own: no hyphen is added, so the text extracts as written.
fn is_run_break(a: char, b: char, code: bool) -> bool {
    match (a, b) {
        ('/', b) => b != '/',
        (a, '.' | '?' | '#' | '&' | '=') => a.is_alphanumeric() || matches!(a, '/' | ')' | ']'),
        ('-' | '_', b) => b.is_alphanumeric(),
        (a, b) => code && a.is_lowercase() && b.is_uppercase(),
    }
}

/// What may happen at the boundary *before* an item (between item `i - 1` and item `i`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Boundary {
    /// A break is not allowed (kinsoku, inside a cluster, before a space).
    Forbidden,
    /// A break must happen (after a forced line break).
    Mandatory,
    /// An ordinary break opportunity (UAX #14 as tailored).
    Normal,
    /// Inside a long URL, path, handle or identifier (see [`boundaries_with_code`]).
    Url,
    /// After a soft hyphen (U+00AD), which is then shown as a hyphen.
    Hyphen,
    /// Inside a word, used only when nothing else keeps the line within the measure.
    Emergency,
}

impl Boundary {
    /// Whether a line may end here at all.
    pub fn allows_break(self) -> bool {
        self != Boundary::Forbidden
    }
}

/// The character an item stands for in break analysis: boxes are U+FFFC (UAX #14 class CB, a break
/// on either side), formulas a letter (class AL: like a word), forced breaks are a newline.
pub fn item_char(item: &Item) -> char {
    match item {
        Item::Char { ch, .. } => *ch,
        Item::Box { .. } => '\u{FFFC}',
        Item::Formula { .. } => FORMULA_CHAR,
        Item::ForcedBreak => '\n',
    }
}

/// Whether an item ends a line by itself.
pub fn is_forced_break(item: &Item) -> bool {
    match item {
        Item::ForcedBreak => true,
        Item::Char { ch, .. } => matches!(
            ch,
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}'
        ),
        Item::Box { .. } | Item::Formula { .. } => false,
    }
}

/// What a formula is to break analysis: a letter.
pub const FORMULA_CHAR: char = 'x';

/// Word spaces: trimmed at line ends, stretched and shrunk when justifying.
pub fn is_space(item: &Item) -> bool {
    matches!(item, Item::Char { ch: ' ' | '\t', .. })
}

/// Characters that attach to the one before them and so never start a line: combining marks,
/// joiners, variation selectors.
fn attaches_to_previous(c: char) -> bool {
    matches!(
        break_property(c as u32),
        BreakClass::CombiningMark | BreakClass::ZeroWidthJoiner
    ) || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' | '\u{1F3FB}'..='\u{1F3FF}')
}

/// The boundary before each item: `result[i]` is the boundary between item `i - 1` and item `i`
/// for `1 <= i < items.len()`; `result[0]` and `result[items.len()]` are `Mandatory` (paragraph
/// start and end). Kinsoku wins over everything: a forbidden boundary is never broken, even at the
/// cost of an overflowing line.
pub fn boundaries(items: &[Item]) -> Vec<Boundary> {
    boundaries_with_code(items, &[])
}

/// [`boundaries`], with `code[i]` true where item `i` is inline code (empty: none is). Inside a
/// run of at least [`MIN_BREAKABLE_RUN`] characters without spaces or Japanese, breaks that
/// UAX #14 does not give fall where [`is_run_break`] says (`Boundary::Url`), at least
/// [`MIN_RUN_PIECE`] characters from either end of the run; elsewhere only as a last resort.
pub fn boundaries_with_code(items: &[Item], code: &[bool]) -> Vec<Boundary> {
    let n = items.len();
    if n == 0 {
        return vec![Boundary::Mandatory];
    }
    let chars: Vec<char> = items.iter().map(item_char).collect();
    let text: String = chars.iter().collect();
    // UAX #14 reports byte offsets of the character after an opportunity; map them to item
    // indices (items and characters correspond one to one).
    let mut uax = vec![false; n + 1];
    let mut byte_to_item = Vec::with_capacity(text.len() + 1);
    for (i, c) in chars.iter().enumerate() {
        byte_to_item.resize(byte_to_item.len() + c.len_utf8(), i);
    }
    byte_to_item.push(n);
    for (byte, op) in linebreaks(&text) {
        if let (Some(&i), BreakOpportunity::Allowed | BreakOpportunity::Mandatory) =
            (byte_to_item.get(byte), op)
        {
            if let Some(slot) = uax.get_mut(i) {
                *slot = true;
            }
        }
    }

    // The run (no spaces, no Japanese, no boxes) each item belongs to: its start and end.
    let in_run = |c: char| !c.is_whitespace() && !is_japanese(c) && c != '\u{FFFC}';
    let mut run_start = vec![0; n];
    let mut run_end = vec![0; n];
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        if in_run(chars[i]) {
            while j < n && in_run(chars[j]) {
                j += 1;
            }
        }
        run_start[i..j].fill(i);
        run_end[i..j].fill(j);
        i = j;
    }
    let run_break = |i: usize| {
        let (s, e) = (run_start[i], run_end[i]);
        run_start[i - 1] == s
            && e - s >= MIN_BREAKABLE_RUN
            && i - s >= MIN_RUN_PIECE
            && e - i >= MIN_RUN_PIECE
            && is_run_break(
                chars[i - 1],
                chars[i],
                code.get(i - 1).copied().unwrap_or(false) && code.get(i).copied().unwrap_or(false),
            )
    };

    let mut out = Vec::with_capacity(n + 1);
    out.push(Boundary::Mandatory);
    // The last character before the boundary that is not a trimmed space: an opening bracket
    // followed by spaces still may not end a line.
    let mut last_visible = '\n';
    for i in 1..n {
        let (prev, next) = (&items[i - 1], &items[i]);
        let (a, b) = (chars[i - 1], chars[i]);
        if !is_space(prev) {
            last_visible = a;
        }
        let boundary = if is_forced_break(prev) {
            Boundary::Mandatory
        } else if is_forced_break(next)
            || is_space(next)
            || b == SOFT_HYPHEN
            // The rest of a shaped cluster (a ligature's second letter) carries advance 0.
            || (matches!(next, Item::Char { .. }) && next.advance() == 0.0)
            || is_no_start(b)
            || is_no_end(last_visible)
            || (a == b && is_inseparable(a))
            || attaches_to_previous(b)
            || a == '\u{200D}'
        {
            Boundary::Forbidden
        } else if a == SOFT_HYPHEN {
            Boundary::Hyphen
        } else if uax[i] {
            Boundary::Normal
        } else if run_break(i) {
            Boundary::Url
        } else {
            Boundary::Emergency
        };
        out.push(boundary);
    }
    out.push(Boundary::Mandatory);
    out
}
