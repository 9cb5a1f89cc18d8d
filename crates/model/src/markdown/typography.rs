//! kramdown's typographic conversions, as Jekyll 4.3.1 (kramdown 2.4.0, with or without
//! kramdown-parser-gfm 1.1.0) makes them in prose: `"…"`/`'…'` → curly quotes (in the site's
//! `smart_quotes` characters), `---` → —, `--` → –, `...` → …, `<<`/`>>` → « » (`<< ` and ` >>`
//! keep a no-break space: `«\u{a0}`, `\u{a0}»`).
//!
//! This is a port of kramdown's scanner (`parser/kramdown/smart_quotes.rb`,
//! `typographic_symbol.rb` and `parse_spans`), not a heuristic of its own: kramdown stops its
//! span scan one character *before* a quote (`[^\\]?["']`), then tries ten anchored rules in
//! order, so what a quote becomes depends on whether the character before it is still "in the
//! scan" (plain text) or was eaten by an element (a code span, emphasis, a dash, another quote).
//! That is why `「"foo"」` reads `「”foo”」` on the blog (`「` is a "closing" context), and why
//! `don't`, `'90s` and `rock 'n' roll` come out as they do. Ruby's `\w`, `\s`, `\d` are ASCII
//! here while `\b` is Unicode-aware; both are kept.
//!
//! The caller feeds plain-text runs (never code, math, alt text or autolink text) with the
//! character kramdown could still see before the run and the source right after it (lookahead).

/// The four characters `smart_quotes` names (`lsquo,rsquo,ldquo,rdquo` by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmartQuotes {
    pub lsquo: char,
    pub rsquo: char,
    pub ldquo: char,
    pub rdquo: char,
}

impl Default for SmartQuotes {
    fn default() -> Self {
        SmartQuotes {
            lsquo: '\u{2018}',
            rsquo: '\u{2019}',
            ldquo: '\u{201C}',
            rdquo: '\u{201D}',
        }
    }
}

impl SmartQuotes {
    /// kramdown's `smart_quotes` option: four entity names or code points, comma-separated (or a
    /// YAML list). `Err` names what kramdown would refuse (Jekyll then fails the build).
    pub fn parse(items: &[String]) -> Result<SmartQuotes, String> {
        if items.len() != 4 {
            return Err(format!(
                "smart_quotes needs exactly 4 values, got {}",
                items.len()
            ));
        }
        let mut chars = ['\0'; 4];
        for (slot, item) in chars.iter_mut().zip(items) {
            *slot = entity_char(item.trim())
                .ok_or_else(|| format!("smart_quotes: unknown entity `{}`", item.trim()))?;
        }
        Ok(SmartQuotes {
            lsquo: chars[0],
            rsquo: chars[1],
            ldquo: chars[2],
            rdquo: chars[3],
        })
    }
}

/// An entity name kramdown knows (the ones a `smart_quotes` list plausibly holds) or a code point
/// (Ruby's `Integer()`: decimal, `0x…`).
fn entity_char(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("0x").or_else(|| name.strip_prefix("0X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if name.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty() {
        name.parse().ok()
    } else {
        None
    };
    if let Some(code) = code {
        return char::from_u32(code);
    }
    Some(match name {
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "sbquo" => '\u{201A}',
        "bdquo" => '\u{201E}',
        "lsaquo" => '\u{2039}',
        "rsaquo" => '\u{203A}',
        "laquo" => '\u{AB}',
        "raquo" => '\u{BB}',
        "quot" => '"',
        "apos" => '\'',
        "prime" => '\u{2032}',
        "Prime" => '\u{2033}',
        "acute" => '\u{B4}',
        "grave" => '`',
        "nbsp" => '\u{A0}',
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        _ => return None,
    })
}

/// What the conversions use: the quotes, and whether dashes/ellipsis/guillemets convert
/// (`gfm_quirks: no_auto_typographic` turns them off for GFM input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typography {
    pub quotes: SmartQuotes,
    pub symbols: bool,
}

impl Default for Typography {
    fn default() -> Self {
        Typography {
            quotes: SmartQuotes::default(),
            symbols: true,
        }
    }
}

#[derive(Clone, Copy)]
enum Quote {
    Lsquo,
    Rsquo,
    Ldquo,
    Rdquo,
}

/// Ruby `\s` (ASCII).
fn ws(c: Option<char>) -> bool {
    matches!(c, Some(' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}'))
}

/// Ruby `\w` (ASCII).
fn word(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A word character for Ruby's `\b`/`\B`, which is Unicode-aware.
fn boundary_word(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        c.is_alphanumeric()
            || c == '_'
            || matches!(c, '\u{0300}'..='\u{036F}' | '\u{3099}' | '\u{309A}')
    })
}

fn is_quote(c: Option<char>) -> bool {
    matches!(c, Some('"' | '\''))
}

/// kramdown's `SQ_PUNCT`.
fn punct(c: Option<char>) -> bool {
    c.is_some_and(|c| "!\"#$%'()*+,-./:;<=>?@[\\]^_`{|}~".contains(c))
}

/// kramdown's `SQ_CLOSE`: anything but white space, `\`, `[`, `{`, `(`, `-`.
fn sq_close(c: Option<char>) -> bool {
    c.is_some_and(|c| !matches!(c, ' ' | '\\' | '\t' | '\r' | '\n' | '[' | '{' | '(' | '-'))
}

/// The scanner over one run: `a` is [the visible previous character] + the run + lookahead.
struct Scan<'q> {
    a: Vec<char>,
    /// First index of the run in `a` (1 if a previous character is visible).
    base: usize,
    /// End of the run in `a` (lookahead follows).
    end: usize,
    /// Whether `a` ends where the source ends (for Ruby's `$`).
    ends_source: bool,
    out: String,
    /// Whether the last run character was left as plain scanned text.
    last_visible: bool,
    t: &'q Typography,
}

impl Scan<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.a.get(i).copied()
    }

    /// Copies `a[from..to]` (run characters only) as text.
    fn emit(&mut self, from: usize, to: usize) {
        for i in from.max(self.base)..to {
            self.out.push(self.a[i]);
        }
    }

    fn quote(&mut self, q: Quote) {
        let qs = &self.t.quotes;
        self.out.push(match q {
            Quote::Lsquo => qs.lsquo,
            Quote::Rsquo => qs.rsquo,
            Quote::Ldquo => qs.ldquo,
            Quote::Rdquo => qs.rdquo,
        });
    }

    /// Ruby `$` (multiline): end of the source or before a newline.
    fn eol(&self, i: usize) -> bool {
        match self.at(i) {
            None => self.ends_source,
            Some(c) => c == '\n',
        }
    }

    fn quote_start(&self, p: usize) -> bool {
        (p < self.end && is_quote(self.at(p)))
            || (self.at(p) != Some('\\') && p + 1 < self.end && is_quote(self.at(p + 1)))
    }

    fn symbol_start(&self, p: usize) -> bool {
        if !self.t.symbols || p < self.base {
            return false;
        }
        let s = |i: usize| self.at(p + i).filter(|_| p + i < self.end);
        let pair = |i: usize| {
            matches!(
                (s(i), s(i + 1)),
                (Some('<'), Some('<')) | (Some('>'), Some('>'))
            )
        };
        (s(0) == Some('-') && s(1) == Some('-'))
            || (s(0) == Some('.') && s(1) == Some('.') && s(2) == Some('.'))
            || pair(0)
            || (matches!(s(0), Some('\\' | ' ')) && pair(1))
    }

    /// Characters that start another kramdown span parser which, failing, eats them as text.
    fn other_start(&self, p: usize) -> bool {
        if p < self.base {
            return false;
        }
        match self.at(p) {
            Some('*' | '_' | '`' | '[' | '<' | '&' | '\\') => true,
            Some('!') => self.at(p + 1) == Some('['),
            Some('$') => self.at(p + 1) == Some('$'),
            Some('~') => self.at(p + 1) == Some('~'),
            Some('{') => self.at(p + 1) == Some(':'),
            _ => false,
        }
    }

    /// The parsers that come before `smart_quotes` in kramdown's list and eat their start
    /// character when they fail: how many characters, if one applies at `p`.
    fn eaten_before_quotes(&self, p: usize) -> Option<usize> {
        if p < self.base {
            return None;
        }
        let c = self.at(p)?;
        match c {
            '*' | '_' => Some(if self.at(p + 1) == Some(c) && p + 1 < self.end {
                2
            } else {
                1
            }),
            '`' => {
                let mut n = 1;
                while self.at(p + n) == Some('`') && p + n < self.end {
                    n += 1;
                }
                Some(n)
            }
            '[' => Some(1),
            '!' if self.at(p + 1) == Some('[') => Some(1),
            // A span IAL or extension (`{:width="300"}`) is kramdown markup, kept as typed (the
            // IAL reader takes it off the text later).
            '{' if self.at(p + 1) == Some(':') => (p + 2..self.end)
                .find(|&i| self.a[i] == '}')
                .map(|i| i + 1 - p),
            _ => None,
        }
    }

    /// kramdown's `SQ_RULES`, tried in order, anchored at `p`: converts and returns the
    /// characters consumed.
    fn smart_quote(&mut self, p: usize) -> usize {
        let (text, quotes, consumed) = self.rule(p);
        self.emit(p, p + text);
        for q in quotes.into_iter().flatten() {
            self.quote(q);
        }
        consumed
    }

    /// Which rule applies at `p`: (characters copied as text, the quotes, characters consumed).
    fn rule(&self, p: usize) -> (usize, [Option<Quote>; 2], usize) {
        use Quote::*;
        let a = |i: usize| self.at(i);
        let kind = |c: Option<char>, single: Quote, double: Quote| {
            Some(if c == Some('\'') { single } else { double })
        };
        let in_run = |n: usize| p + n <= self.end;
        // ("|')(?=[_*]{1,2}\S)
        if is_quote(a(p))
            && matches!(a(p + 1), Some('_' | '*'))
            && a(p + 2).is_some()
            && !ws(a(p + 2))
        {
            return (0, [kind(a(p), Lsquo, Ldquo), None], 1);
        }
        // ("|')(?=SQ_PUNCT(?!\.\.)\B)
        if is_quote(a(p))
            && punct(a(p + 1))
            && !(a(p + 2) == Some('.') && a(p + 3) == Some('.'))
            && boundary_word(a(p + 1)) == boundary_word(a(p + 2))
        {
            return (0, [kind(a(p), Rsquo, Rdquo), None], 1);
        }
        let s = usize::from(ws(a(p)));
        // (\s?)"'(?=\w) and (\s?)'"(?=\w)
        if in_run(s + 2)
            && a(p + s) == Some('"')
            && a(p + s + 1) == Some('\'')
            && word(a(p + s + 2))
        {
            return (s, [Some(Ldquo), Some(Lsquo)], s + 2);
        }
        if in_run(s + 2)
            && a(p + s) == Some('\'')
            && a(p + s + 1) == Some('"')
            && word(a(p + s + 2))
        {
            return (s, [Some(Lsquo), Some(Ldquo)], s + 2);
        }
        // (\s?)'(?=\d\ds)
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        if in_run(s + 1)
            && a(p + s) == Some('\'')
            && digit(a(p + s + 1))
            && digit(a(p + s + 2))
            && a(p + s + 3) == Some('s')
        {
            return (s, [Some(Rsquo), None], s + 1);
        }
        // (\s)('|")(?=\w)
        if in_run(2) && ws(a(p)) && is_quote(a(p + 1)) && word(a(p + 2)) {
            return (1, [kind(a(p + 1), Lsquo, Ldquo), None], 2);
        }
        // (SQ_CLOSE)('|")
        if in_run(2) && sq_close(a(p)) && is_quote(a(p + 1)) {
            return (1, [kind(a(p + 1), Rsquo, Rdquo), None], 2);
        }
        // ("|')(?=\s|s\b|$)
        if is_quote(a(p))
            && (ws(a(p + 1))
                || (a(p + 1) == Some('s') && !boundary_word(a(p + 2)))
                || self.eol(p + 1))
        {
            return (0, [kind(a(p), Rsquo, Rdquo), None], 1);
        }
        // (.?)'  then  (.?)"  (/m: `.` takes a newline too)
        for (q, out) in [('\'', Lsquo), ('"', Ldquo)] {
            if in_run(2) && a(p + 1) == Some(q) {
                return (1, [Some(out), None], 2);
            }
            if a(p) == Some(q) {
                return (0, [Some(out), None], 1);
            }
        }
        // Not reached for a real quote start; copy one character so the scan moves on.
        (1, [None, None], 1)
    }

    /// kramdown's `TYPOGRAPHIC_SYMS`, tried in order at `p`.
    fn symbol(&mut self, p: usize) -> Option<usize> {
        const SYMS: [(&str, &str); 9] = [
            ("---", "\u{2014}"),
            ("--", "\u{2013}"),
            ("...", "\u{2026}"),
            ("\\<<", "<<"),
            ("\\>>", ">>"),
            ("<< ", "\u{AB}\u{A0}"),
            (" >>", "\u{A0}\u{BB}"),
            ("<<", "\u{AB}"),
            (">>", "\u{BB}"),
        ];
        for (pat, out) in SYMS {
            let n = pat.chars().count();
            if p + n <= self.end
                && pat
                    .chars()
                    .enumerate()
                    .all(|(i, c)| self.at(p + i) == Some(c))
            {
                self.out.push_str(out);
                return Some(n);
            }
        }
        None
    }

    fn run(mut self) -> (String, bool) {
        let mut cur = 0;
        while cur < self.end {
            let Some(p) = (cur..self.end)
                .find(|&p| self.quote_start(p) || self.symbol_start(p) || self.other_start(p))
            else {
                self.emit(cur, self.end);
                self.last_visible = true;
                break;
            };
            self.emit(cur, p);
            let next = if let Some(n) = self.eaten_before_quotes(p) {
                self.emit(p, p + n);
                p + n
            } else if self.quote_start(p) {
                p + self.smart_quote(p)
            } else if let Some(n) = self.symbol_start(p).then(|| self.symbol(p)).flatten() {
                p + n
            } else {
                // A start no parser takes: kramdown adds that one character as text.
                self.emit(p, p + 1);
                p + 1
            };
            self.last_visible = false;
            cur = next.max(p + 1);
        }
        (self.out, self.last_visible)
    }
}

/// Converts one run of prose. `prev` is the character kramdown still sees before the run (the
/// last character of a preceding plain run, a newline after a soft break), `after` the source
/// that follows it (read for lookahead only). Returns the text and the `prev` for a run that
/// directly follows.
pub(crate) fn convert(
    text: &str,
    prev: Option<char>,
    after: &str,
    typography: &Typography,
) -> (String, Option<char>) {
    let mut a: Vec<char> = prev.into_iter().collect();
    let base = a.len();
    a.extend(text.chars());
    let end = a.len();
    const LOOKAHEAD: usize = 4;
    a.extend(after.chars().take(LOOKAHEAD));
    let scan = Scan {
        ends_source: after.chars().nth(LOOKAHEAD).is_none(),
        base,
        end,
        out: String::with_capacity(text.len() + 8),
        last_visible: false,
        t: typography,
        a,
    };
    let last = text.chars().last();
    let (out, visible) = scan.run();
    (out, if visible { last } else { None })
}

#[cfg(test)]
mod tests;
