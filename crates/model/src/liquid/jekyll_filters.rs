//! Jekyll's filters (`jekyll/filters.rb`, `filters/url_filters.rb`, `filters/date_filters.rb`,
//! `filters/grouping_filters.rb` in Jekyll 4.3).

use super::filters::{Env, FilterError, FilterResult};
use super::value::{self, to_int, to_text};
use serde_json::{Map, Value};

pub(crate) const NAMES: &[&str] = &[
    "relative_url",
    "absolute_url",
    "date_to_xmlschema",
    "date_to_rfc822",
    "date_to_string",
    "date_to_long_string",
    "xml_escape",
    "cgi_escape",
    "uri_escape",
    "normalize_whitespace",
    "number_of_words",
    "array_to_sentence_string",
    "markdownify",
    "smartify",
    "sassify",
    "scssify",
    "slugify",
    "jsonify",
    "where_exp",
    "find",
    "find_exp",
    "group_by",
    "group_by_exp",
    "push",
    "pop",
    "shift",
    "unshift",
    "sample",
    "to_integer",
    "inspect",
];

pub(crate) fn apply(name: &str, input: Value, args: &[Value], env: &Env) -> FilterResult {
    let s = || to_text(&input);
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
    let v = match name {
        "relative_url" => match input {
            Value::Null => Value::Null,
            _ => relative_url(&s(), &env.links.baseurl).into(),
        },
        "absolute_url" => match input {
            Value::Null => Value::Null,
            _ => absolute_url(&s(), env.links.url.as_deref(), &env.links.baseurl).into(),
        },
        "date_to_xmlschema" => super::date::format_value(&input, "%Y-%m-%dT%H:%M:%S%:z"),
        "date_to_rfc822" => super::date::format_value(&input, "%a, %d %b %Y %H:%M:%S %z"),
        "date_to_string" => {
            super::date::date_to_string(&input, "%b", &to_text(&arg(0)), &to_text(&arg(1)))
        }
        "date_to_long_string" => {
            super::date::date_to_string(&input, "%B", &to_text(&arg(0)), &to_text(&arg(1)))
        }
        "xml_escape" => match input {
            Value::Null => Value::Null,
            _ => super::filters::escape_html(&s()).into(),
        },
        "cgi_escape" => cgi_escape(&s()).into(),
        "uri_escape" => uri_escape(&s()).into(),
        "normalize_whitespace" => s().split_whitespace().collect::<Vec<_>>().join(" ").into(),
        "number_of_words" => number_of_words(&s(), &to_text(&arg(0))).into(),
        "array_to_sentence_string" => {
            let conn = args.first().map_or("and".into(), to_text);
            let items: Vec<String> = items(&input).iter().map(to_text).collect();
            match items.as_slice() {
                [] => String::new(),
                [a] => a.clone(),
                [a, b] => format!("{a} {conn} {b}"),
                [init @ .., last] => format!("{}, {conn} {last}", init.join(", ")),
            }
            .into()
        }
        "markdownify" => markdownify(&s()).into(),
        // The output goes to the Markdown stage anyway, which curls quotes and makes dashes as
        // kramdown does (`markdown::typography`), so `smartify` adds nothing in a Markdown post;
        // in an `.html` post its quotes stay straight (Jekyll curls them: not done yet).
        "smartify" | "sassify" | "scssify" => s().into(),
        "slugify" => slugify(&s(), &to_text(&arg(0)), value::is_truthy(&arg(1))).into(),
        "jsonify" => serde_json::to_string(&input).unwrap_or_default().into(),
        "find" => {
            let key = Value::String(to_text(&arg(0)));
            let target = arg(1);
            items(&input)
                .into_iter()
                .find(|x| property_matches(value::get(x, &key).as_deref(), &target))
                .unwrap_or(Value::Null)
        }
        "group_by" => {
            let key = Value::String(to_text(&arg(0)));
            let keyed = items(&input)
                .into_iter()
                .map(|x| {
                    (
                        value::get(&x, &key)
                            .map(|v| to_text(&v))
                            .unwrap_or_default(),
                        x,
                    )
                })
                .collect();
            groups(keyed)
        }
        "push" => {
            let mut a = items(&input);
            a.push(arg(0));
            Value::Array(a)
        }
        "unshift" => {
            let mut a = items(&input);
            a.insert(0, arg(0));
            Value::Array(a)
        }
        "pop" | "shift" => {
            let mut a = items(&input);
            let n = usize::try_from(args.first().and_then(to_int).unwrap_or(1).max(0))
                .unwrap_or(0)
                .min(a.len());
            if name == "pop" {
                a.truncate(a.len() - n);
            } else {
                a.drain(..n);
            }
            Value::Array(a)
        }
        // Jekyll picks at random; a book must be reproducible, so the first ones.
        "sample" => match args.first().and_then(to_int) {
            Some(n) => Value::Array(
                items(&input)
                    .into_iter()
                    .take(usize::try_from(n).unwrap_or(0))
                    .collect(),
            ),
            None => items(&input).into_iter().next().unwrap_or(Value::Null),
        },
        "to_integer" => match &input {
            Value::Bool(b) => i64::from(*b).into(),
            other => to_int(other).unwrap_or(0).into(),
        },
        // Jekyll escapes what `inspect` prints.
        "inspect" => super::filters::escape_html(&value::inspect(&input)).into(),
        _ => return Err(FilterError::Unknown(input)),
    };
    Ok(v)
}

/// An array's items; a hash's values (as Jekyll's `where`/`group_by` see them); else itself.
pub(crate) fn items(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Object(o) => o.values().cloned().collect(),
        Value::Null => Vec::new(),
        other => vec![other.clone()],
    }
}

/// `[{name, items, size}]` in order of first appearance.
pub(crate) fn groups(keyed: Vec<(String, Value)>) -> Value {
    let mut out: Vec<(String, Vec<Value>)> = Vec::new();
    for (k, item) in keyed {
        match out.iter_mut().find(|(name, _)| *name == k) {
            Some((_, list)) => list.push(item),
            None => out.push((k, vec![item])),
        }
    }
    Value::Array(
        out.into_iter()
            .map(|(name, list)| {
                let mut m = Map::new();
                m.insert("name".into(), name.into());
                m.insert("size".into(), list.len().into());
                m.insert("items".into(), Value::Array(list));
                Value::Object(m)
            })
            .collect(),
    )
}

/// Jekyll's `where`: the property equals the value as text, or, for an array property,
/// contains it.
pub(crate) fn where_(input: Value, args: &[Value]) -> Value {
    let Some(key) = args.first().map(|k| Value::String(to_text(k))) else {
        return input;
    };
    let target = args.get(1).cloned().unwrap_or(Value::Null);
    if matches!(target, Value::Array(_) | Value::Object(_)) {
        return input;
    }
    Value::Array(
        items(&input)
            .into_iter()
            .filter(|x| property_matches(value::get(x, &key).as_deref(), &target))
            .collect(),
    )
}

fn property_matches(prop: Option<&Value>, target: &Value) -> bool {
    match (prop, target) {
        (None | Some(Value::Null), Value::Null) => true,
        (Some(p), Value::Null) => value::is_empty(p),
        (Some(Value::Array(a)), t) => a.iter().any(|x| to_text(x) == to_text(t)),
        (Some(p), t) => to_text(p) == to_text(t),
        (None, _) => false,
    }
}

/// Jekyll's `sort`: by an optional property, nils first (or last with `"last"`).
pub(crate) fn sort(input: Value, args: &[Value]) -> FilterResult {
    let Value::Array(mut a) = input else {
        return Ok(input);
    };
    let key = args
        .first()
        .filter(|k| !k.is_null())
        .map(|k| Value::String(to_text(k)));
    let nils_last = args.get(1).is_some_and(|n| to_text(n) == "last");
    let prop = |x: &Value| -> Value {
        match &key {
            Some(k) => value::get(x, k)
                .map(|c| c.into_owned())
                .unwrap_or(Value::Null),
            None => x.clone(),
        }
    };
    a.sort_by(|x, y| {
        let (px, py) = (prop(x), prop(y));
        match (px.is_null(), py.is_null()) {
            (true, true) => std::cmp::Ordering::Equal,
            (true, false) => {
                if nils_last {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Less
                }
            }
            (false, true) => {
                if nils_last {
                    std::cmp::Ordering::Less
                } else {
                    std::cmp::Ordering::Greater
                }
            }
            (false, false) => value::sort_order(&px, &py),
        }
    });
    Ok(Value::Array(a))
}

fn is_absolute_url(s: &str) -> bool {
    // Addressable's `absolute?`: a scheme (letter, then letters, digits, + - .) and a colon.
    s.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

fn leading_slash(s: &str) -> String {
    if s.is_empty() || s.starts_with('/') {
        s.to_owned()
    } else {
        format!("/{s}")
    }
}

pub(crate) fn relative_url(input: &str, baseurl: &str) -> String {
    if is_absolute_url(input) {
        return input.to_owned();
    }
    uri_escape(&(leading_slash(baseurl.trim_end_matches('/')) + &leading_slash(input)))
}

pub(crate) fn absolute_url(input: &str, url: Option<&str>, baseurl: &str) -> String {
    if is_absolute_url(input) {
        return input.to_owned();
    }
    let rel = relative_url(input, baseurl);
    match url.filter(|u| !u.is_empty()) {
        Some(u) if !input.starts_with("//") => uri_escape(&format!("{u}{rel}")),
        _ => rel,
    }
}

/// Ruby's `CGI.escape`: everything but `A-Za-z0-9_.-~` as `%XX`, a space as `+`.
pub(crate) fn cgi_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b' ' => out.push('+'),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub(crate) fn cgi_unescape(s: &str) -> String {
    percent_decode(&s.replace('+', " "))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|c| char::from(*c).to_digit(16));
        match (b, hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Addressable's `normalize_component`, close enough: reserved and unreserved characters stay,
/// existing `%XX` stay, everything else (spaces, non-ASCII) is percent-encoded.
pub(crate) fn uri_escape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)
            || (b == b'%'
                && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit));
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    // Jekyll's cjk_charset: Han, Katakana, Hiragana, Hangul.
    matches!(u32::from(c), 0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Words split at whitespace; with `"cjk"` (or `"auto"` on CJK text) each CJK character counts.
fn number_of_words(s: &str, mode: &str) -> usize {
    let cjk = mode == "cjk" || (mode == "auto" && s.chars().any(is_cjk));
    if !cjk {
        return s.split_whitespace().count();
    }
    let chars = s.chars().filter(|&c| is_cjk(c)).count();
    let rest: String = s.chars().map(|c| if is_cjk(c) { ' ' } else { c }).collect();
    chars + rest.split_whitespace().count()
}

fn is_mark(c: char) -> bool {
    matches!(u32::from(c), 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

/// Jekyll's `Utils.slugify`. `default` keeps letters, marks and digits of any script (so
/// Japanese stays), `raw` splits at whitespace only, `pretty` also keeps `._~!$&'()+,;=@`,
/// `ascii`/`latin` keep ASCII letters and digits only, `none` leaves the text alone.
pub(crate) fn slugify(s: &str, mode: &str, cased: bool) -> String {
    let keep: fn(char) -> bool = match mode {
        "none" => return s.to_owned(),
        "raw" => |c| !c.is_whitespace(),
        "pretty" => |c| c.is_alphanumeric() || is_mark(c) || "._~!$&'()+,;=@".contains(c),
        "ascii" | "latin" => |c| c.is_ascii_alphanumeric(),
        _ => |c| c.is_alphanumeric() || is_mark(c),
    };
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if keep(c) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if cased {
        out
    } else {
        out.to_lowercase()
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(B64[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub(crate) fn base64_decode(s: &str) -> Result<String, String> {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let v = B64.iter().position(|&x| x == c).ok_or("invalid base64")?;
        bits = (bits << 6) | u32::try_from(v).unwrap_or(0);
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push(u8::try_from((bits >> n) & 0xFF).unwrap_or(0));
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// `markdownify`: Markdown → HTML, as Jekyll's converter hands it back. It must be HTML, not the
/// Markdown passed through: the result often lands inside block HTML (`<div>{{ x | markdownify
/// }}</div>`, a theme's multilingual post), where kramdown leaves text as typed, so Markdown there
/// would show as `> [link](url)` instead of a quote with a link. The HTML is read back by the
/// HTML reader like any other inline HTML. Math delimiters stay text (kramdown's math output is
/// for MathJax, which reads them from the text).
fn markdownify(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut html = String::with_capacity(markdown.len() * 5 / 4 + 16);
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options));
    html
}
