//! Liquid's standard filters (Liquid 5.4, as Jekyll 4.3 ships it). Strings are measured in
//! characters, not bytes (`"日本語" | size` is 3), like Ruby.

use super::jekyll_filters;
use super::value::{self, to_int, to_text, Num};
use crate::site::links::SiteLinks;
use serde_json::Value;

pub(crate) struct Env<'a> {
    pub links: &'a SiteLinks,
}

pub(crate) enum FilterError {
    /// Not a filter we know: Jekyll passes the input through (the value is the input).
    Unknown(Value),
    /// Ruby would raise (divided by 0, wrong argument): the message.
    Failed(String),
}

pub(crate) type FilterResult = Result<Value, FilterError>;

const STANDARD: &[&str] = &[
    "abs",
    "append",
    "at_least",
    "at_most",
    "base64_decode",
    "base64_encode",
    "capitalize",
    "ceil",
    "compact",
    "concat",
    "date",
    "default",
    "divided_by",
    "downcase",
    "escape",
    "escape_once",
    "first",
    "floor",
    "h",
    "join",
    "last",
    "lstrip",
    "map",
    "minus",
    "modulo",
    "newline_to_br",
    "plus",
    "prepend",
    "remove",
    "remove_first",
    "remove_last",
    "replace",
    "replace_first",
    "replace_last",
    "reverse",
    "round",
    "rstrip",
    "size",
    "slice",
    "sort",
    "sort_natural",
    "split",
    "strip",
    "strip_html",
    "strip_newlines",
    "sum",
    "times",
    "truncate",
    "truncatewords",
    "uniq",
    "upcase",
    "url_decode",
    "url_encode",
    "where",
];

pub(crate) fn is_known(name: &str) -> bool {
    STANDARD.contains(&name) || jekyll_filters::NAMES.contains(&name)
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::Null)
}

fn text_arg(args: &[Value], i: usize) -> String {
    to_text(&arg(args, i))
}

fn need(args: &[Value], n: usize) -> Result<(), FilterError> {
    if args.len() < n {
        Err(FilterError::Failed(format!(
            "wrong number of arguments (given {}, expected {})",
            args.len() + 1,
            n + 1
        )))
    } else {
        Ok(())
    }
}

pub(crate) fn apply(
    name: &str,
    input: Value,
    args: &[Value],
    kwargs: &[(String, Value)],
    env: &Env,
) -> FilterResult {
    let s = || to_text(&input);
    let v = match name {
        "append" => {
            need(args, 1)?;
            Value::String(s() + &text_arg(args, 0))
        }
        "prepend" => {
            need(args, 1)?;
            Value::String(text_arg(args, 0) + &s())
        }
        "capitalize" => {
            let t = s();
            let mut c = t.chars();
            Value::String(
                c.next()
                    .map(|f| {
                        f.to_uppercase()
                            .chain(c.as_str().to_lowercase().chars())
                            .collect()
                    })
                    .unwrap_or_default(),
            )
        }
        "downcase" => s().to_lowercase().into(),
        "upcase" => s().to_uppercase().into(),
        "escape" | "h" => match input {
            Value::Null => Value::Null,
            _ => escape_html(&s()).into(),
        },
        "escape_once" => escape_once(&s()).into(),
        "lstrip" => s().trim_start().into(),
        "rstrip" => s().trim_end().into(),
        "strip" => s().trim().into(),
        "strip_newlines" => s().replace(['\r', '\n'], "").into(),
        "newline_to_br" => s().replace("\r\n", "\n").replace('\n', "<br />\n").into(),
        "strip_html" => strip_html(&s()).into(),
        "remove" => {
            need(args, 1)?;
            s().replace(&text_arg(args, 0), "").into()
        }
        "remove_first" => {
            need(args, 1)?;
            s().replacen(&text_arg(args, 0), "", 1).into()
        }
        "remove_last" => {
            need(args, 1)?;
            replace_last(&s(), &text_arg(args, 0), "").into()
        }
        "replace" => {
            need(args, 1)?;
            s().replace(&text_arg(args, 0), &text_arg(args, 1)).into()
        }
        "replace_first" => {
            need(args, 1)?;
            s().replacen(&text_arg(args, 0), &text_arg(args, 1), 1)
                .into()
        }
        "replace_last" => {
            need(args, 2)?;
            replace_last(&s(), &text_arg(args, 0), &text_arg(args, 1)).into()
        }
        "size" => match &input {
            Value::String(t) => t.chars().count().into(),
            Value::Array(a) => a.len().into(),
            Value::Object(o) => o.get("size").cloned().unwrap_or_else(|| o.len().into()),
            // Ruby's `Integer#size` (bytes), as Jekyll prints it.
            Value::Number(n) if !n.is_f64() => 8.into(),
            _ => 0.into(),
        },
        "slice" => {
            need(args, 1)?;
            slice(
                &input,
                to_int(&arg(args, 0)).unwrap_or(0),
                args.get(1).and_then(to_int).unwrap_or(1),
            )
        }
        "truncate" => truncate(
            &s(),
            args.first().and_then(to_int).unwrap_or(50),
            args.get(1).map_or("...".into(), to_text),
        )
        .into(),
        "truncatewords" => truncate_words(
            &s(),
            args.first().and_then(to_int).unwrap_or(15),
            args.get(1).map_or("...".into(), to_text),
        )
        .into(),
        "split" => {
            need(args, 1)?;
            split(&s(), &text_arg(args, 0))
        }
        "join" => {
            let sep = args.first().map_or(" ".into(), to_text);
            match input {
                Value::Array(a) => a.iter().map(to_text).collect::<Vec<_>>().join(&sep).into(),
                other => to_text(&other).into(),
            }
        }
        "first" => match input {
            Value::Array(a) => a.into_iter().next().unwrap_or(Value::Null),
            Value::String(t) => t
                .chars()
                .next()
                .map(String::from)
                .map_or(Value::Null, Value::String),
            _ => Value::Null,
        },
        "last" => match input {
            Value::Array(a) => a.into_iter().last().unwrap_or(Value::Null),
            Value::String(t) => t
                .chars()
                .last()
                .map(String::from)
                .map_or(Value::Null, Value::String),
            _ => Value::Null,
        },
        "reverse" => match input {
            Value::Array(mut a) => {
                a.reverse();
                Value::Array(a)
            }
            // Liquid's reverse works on arrays; a string is reversed as a one-element array.
            other => other,
        },
        "compact" => match input {
            Value::Array(a) => Value::Array(a.into_iter().filter(|x| !x.is_null()).collect()),
            other => other,
        },
        "uniq" => match input {
            Value::Array(a) => {
                let mut out: Vec<Value> = Vec::new();
                for x in a {
                    if !out.iter().any(|y| value::equals(y, &x)) {
                        out.push(x);
                    }
                }
                Value::Array(out)
            }
            other => other,
        },
        "concat" => match (input, arg(args, 0)) {
            (Value::Array(mut a), Value::Array(b)) => {
                a.extend(b);
                Value::Array(a)
            }
            (Value::Array(_), _) => {
                return Err(FilterError::Failed(
                    "concat filter requires an array argument".into(),
                ))
            }
            (other, Value::Array(b)) => {
                let mut a = vec![other];
                a.extend(b);
                Value::Array(a)
            }
            (other, _) => other,
        },
        "map" => {
            let key = Value::String(text_arg(args, 0));
            match input {
                Value::Array(a) => Value::Array(
                    a.iter()
                        .map(|x| {
                            value::get(x, &key)
                                .map(|c| c.into_owned())
                                .unwrap_or(Value::Null)
                        })
                        .collect(),
                ),
                other => value::get(&other, &key)
                    .map(|c| c.into_owned())
                    .unwrap_or(Value::Null),
            }
        }
        "sum" => {
            let items = jekyll_filters::items(&input);
            let key = args.first().map(|k| Value::String(to_text(k)));
            let nums = items.iter().map(|x| match &key {
                Some(k) => value::get(x, k).map(|c| Num::of(&c)).unwrap_or(Num::Int(0)),
                None => Num::of(x),
            });
            nums.fold(Num::Int(0), |acc, n| {
                math(acc, n, i64::checked_add, |a, b| a + b)
            })
            .value()
        }
        "sort" => jekyll_filters::sort(input, args)?,
        "sort_natural" => match input {
            Value::Array(mut a) => {
                let key = args.first().map(|k| Value::String(to_text(k)));
                let k = |x: &Value| match &key {
                    Some(k) => value::get(x, k).map(|c| to_text(&c).to_lowercase()),
                    None => Some(to_text(x).to_lowercase()),
                };
                a.sort_by_key(|x| k(x));
                Value::Array(a)
            }
            other => other,
        },
        "where" => jekyll_filters::where_(input, args),
        "default" => {
            let allow_false = kwargs
                .iter()
                .any(|(k, v)| k == "allow_false" && value::is_truthy(v));
            let use_default = match &input {
                Value::Bool(false) => !allow_false,
                v => !value::is_truthy(v) || value::is_empty(v),
            };
            if use_default {
                arg(args, 0)
            } else {
                input
            }
        }
        "plus" => {
            need(args, 1)?;
            math(
                Num::of(&input),
                Num::of(&arg(args, 0)),
                i64::checked_add,
                |a, b| a + b,
            )
            .value()
        }
        "minus" => {
            need(args, 1)?;
            math(
                Num::of(&input),
                Num::of(&arg(args, 0)),
                i64::checked_sub,
                |a, b| a - b,
            )
            .value()
        }
        "times" => {
            need(args, 1)?;
            math(
                Num::of(&input),
                Num::of(&arg(args, 0)),
                i64::checked_mul,
                |a, b| a * b,
            )
            .value()
        }
        "divided_by" => {
            need(args, 1)?;
            divide(Num::of(&input), Num::of(&arg(args, 0)), false)?
        }
        "modulo" => {
            need(args, 1)?;
            divide(Num::of(&input), Num::of(&arg(args, 0)), true)?
        }
        "abs" => match Num::of(&input) {
            Num::Int(i) => Num::Int(i.saturating_abs()).value(),
            Num::Float(f) => Num::Float(f.abs()).value(),
        },
        "ceil" => Num::Int(Num::of(&input).f().ceil() as i64).value(),
        "floor" => Num::Int(Num::of(&input).f().floor() as i64).value(),
        "round" => {
            let places = args.first().and_then(to_int).unwrap_or(0).clamp(0, 15);
            let n = Num::of(&input);
            if places == 0 {
                Num::Int(n.f().round() as i64).value()
            } else {
                let m = 10f64.powi(places as i32);
                Num::Float((n.f() * m).round() / m).value()
            }
        }
        "at_least" => {
            need(args, 1)?;
            let (a, b) = (Num::of(&input), Num::of(&arg(args, 0)));
            if b.f() > a.f() {
                b.value()
            } else {
                a.value()
            }
        }
        "at_most" => {
            need(args, 1)?;
            let (a, b) = (Num::of(&input), Num::of(&arg(args, 0)));
            if b.f() < a.f() {
                b.value()
            } else {
                a.value()
            }
        }
        "url_encode" => jekyll_filters::cgi_escape(&s()).into(),
        "url_decode" => jekyll_filters::cgi_unescape(&s()).into(),
        "base64_encode" => jekyll_filters::base64_encode(s().as_bytes()).into(),
        "base64_decode" => jekyll_filters::base64_decode(&s())
            .map_err(FilterError::Failed)?
            .into(),
        "date" => super::date::date_filter(&input, &text_arg(args, 0)),
        _ => return jekyll_filters::apply(name, input, args, env),
    };
    Ok(v)
}

/// Integer arithmetic while both sides are integers (falling back to floats on overflow), as
/// Ruby does with its bignums well enough for a blog.
fn math(a: Num, b: Num, int: fn(i64, i64) -> Option<i64>, float: fn(f64, f64) -> f64) -> Num {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => {
            int(x, y).map_or_else(|| Num::Float(float(x as f64, y as f64)), Num::Int)
        }
        _ => Num::Float(float(a.f(), b.f())),
    }
}

/// Ruby's `/` and `%`: integer division floors, the remainder takes the divisor's sign.
fn divide(a: Num, b: Num, modulo: bool) -> FilterResult {
    match (a, b) {
        (Num::Int(_), Num::Int(0)) => Err(FilterError::Failed("divided by 0".into())),
        (Num::Int(x), Num::Int(y)) => {
            let (Some(q), Some(r)) = (x.checked_div(y), x.checked_rem(y)) else {
                return Ok(Num::Float(x as f64 / y as f64).value());
            };
            let floor = r != 0 && ((r < 0) != (y < 0));
            Ok(Num::Int(match (modulo, floor) {
                (true, true) => r + y,
                (true, false) => r,
                (false, true) => q - 1,
                (false, false) => q,
            })
            .value())
        }
        _ => {
            let (x, y) = (a.f(), b.f());
            if modulo {
                let r = x % y;
                Ok(Num::Float(if r != 0.0 && (r < 0.0) != (y < 0.0) {
                    r + y
                } else {
                    r
                })
                .value())
            } else {
                Ok(Num::Float(x / y).value())
            }
        }
    }
}

pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn escape_once(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '&' {
            let entity_len = rest.get(1..).and_then(|r| {
                r.find(';').filter(|&n| n > 0 && n < 12).filter(|&n| {
                    r.get(..n)
                        .is_some_and(|e| e.chars().all(|c| c.is_ascii_alphanumeric() || c == '#'))
                })
            });
            if entity_len.is_some() {
                out.push('&');
                rest = &rest[1..];
                continue;
            }
        }
        out.push_str(&escape_html(c.encode_utf8(&mut [0; 4])));
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // Script, style and comments go with their content, as in Liquid.
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tail = &rest[lt..];
        let lower = tail.get(..8).unwrap_or(tail).to_ascii_lowercase();
        let close = if lower.starts_with("<script") {
            "</script>"
        } else if lower.starts_with("<style") {
            "</style>"
        } else if lower.starts_with("<!--") {
            "-->"
        } else {
            ">"
        };
        match tail.to_ascii_lowercase().find(close) {
            Some(end) => rest = &tail[end + close.len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn replace_last(s: &str, from: &str, to: &str) -> String {
    match s.rfind(from) {
        Some(i) => format!("{}{}{}", &s[..i], to, &s[i + from.len()..]),
        None => s.to_owned(),
    }
}

fn slice(input: &Value, offset: i64, len: i64) -> Value {
    let (n, is_str) = match input {
        Value::Array(a) => (a.len() as i64, false),
        other => (to_text(other).chars().count() as i64, true),
    };
    let start = if offset < 0 { offset + n } else { offset };
    if start < 0 || start > n || len < 0 {
        return if is_str {
            Value::String(String::new())
        } else {
            Value::Array(Vec::new())
        };
    }
    let (start, len) = (start as usize, len.min(n) as usize);
    match input {
        Value::Array(a) => Value::Array(a.iter().skip(start).take(len).cloned().collect()),
        other => Value::String(to_text(other).chars().skip(start).take(len).collect()),
    }
}

fn truncate(s: &str, len: i64, ellipsis: String) -> String {
    let n = s.chars().count() as i64;
    if n <= len {
        return s.to_owned();
    }
    let keep = (len - ellipsis.chars().count() as i64).max(0) as usize;
    s.chars().take(keep).collect::<String>() + &ellipsis
}

fn truncate_words(s: &str, words: i64, ellipsis: String) -> String {
    let words = words.max(1) as usize;
    let list: Vec<&str> = s.split_whitespace().collect();
    if list.len() <= words {
        return s.to_owned();
    }
    list.get(..words).unwrap_or(&list).join(" ") + &ellipsis
}

/// Ruby's `String#split`: a single space splits on runs of whitespace, "" splits characters,
/// trailing empty fields are dropped.
fn split(s: &str, pat: &str) -> Value {
    let mut parts: Vec<String> = if pat == " " {
        s.split_whitespace().map(str::to_owned).collect()
    } else if pat.is_empty() {
        s.chars().map(String::from).collect()
    } else {
        s.split(pat).map(str::to_owned).collect()
    };
    while parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    Value::Array(parts.into_iter().map(Value::String).collect())
}
