//! Liquid semantics over `serde_json::Value`: truthiness, printing, comparison, numbers.
//!
//! Only `nil` and `false` are falsy; arrays print their elements joined with nothing; floats
//! print the way Ruby does (`3.0`, `1.2345678901234568e+16`).

use serde_json::{Map, Number, Value};
use std::cmp::Ordering;

pub(crate) fn is_truthy(v: &Value) -> bool {
    !matches!(v, Value::Null | Value::Bool(false))
}

pub(crate) fn is_empty(v: &Value) -> bool {
    match v {
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// What `{{ v }}` prints.
pub(crate) fn to_text(v: &Value) -> String {
    let mut s = String::new();
    write_text(v, &mut s);
    s
}

pub(crate) fn write_text(v: &Value, out: &mut String) {
    match v {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&number_text(n)),
        Value::String(s) => out.push_str(s),
        Value::Array(a) => a.iter().for_each(|x| write_text(x, out)),
        Value::Object(o) => out.push_str(&inspect_object(o)),
    }
}

/// Ruby's `Hash#to_s`, which is what Liquid prints for a hash.
fn inspect_object(o: &Map<String, Value>) -> String {
    let parts: Vec<String> = o
        .iter()
        .map(|(k, v)| format!("{}=>{}", inspect(&Value::String(k.clone())), inspect(v)))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// Ruby's `inspect` (used by the `inspect` filter and for hashes).
pub(crate) fn inspect(v: &Value) -> String {
    match v {
        Value::Null => "nil".into(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Array(a) => format!("[{}]", a.iter().map(inspect).collect::<Vec<_>>().join(", ")),
        Value::Object(o) => inspect_object(o),
        other => to_text(other),
    }
}

pub(crate) fn number_text(n: &Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    float_text(n.as_f64().unwrap_or(0.0))
}

pub(crate) fn float_text(f: f64) -> String {
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN".into()
        } else if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let a = f.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        // Ruby: 1.2345678901234568e+16, 1.0e-05
        let s = format!("{f:e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let m = if m.contains('.') {
            m.to_owned()
        } else {
            format!("{m}.0")
        };
        let e = if e.starts_with('-') {
            e.to_owned()
        } else {
            format!("+{e}")
        };
        let (sign, digits) = e.split_at(1);
        return format!("{m}e{sign}{digits:0>2}");
    }
    let s = format!("{f}");
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

/// A number as Liquid's math filters see it: numbers, numeric strings; anything else is 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    pub(crate) fn of(v: &Value) -> Num {
        match v {
            Value::Number(n) => match n.as_i64() {
                Some(i) => Num::Int(i),
                None => Num::Float(n.as_f64().unwrap_or(0.0)),
            },
            Value::String(s) => parse_num(s.trim()).unwrap_or(Num::Int(0)),
            _ => Num::Int(0),
        }
    }
    pub(crate) fn f(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }
    pub(crate) fn value(self) -> Value {
        match self {
            Num::Int(i) => Value::from(i),
            Num::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        }
    }
}

pub(crate) fn parse_num(s: &str) -> Option<Num> {
    if let Ok(i) = s.parse::<i64>() {
        return Some(Num::Int(i));
    }
    let looks_numeric = s
        .strip_prefix('-')
        .unwrap_or(s)
        .starts_with(|c: char| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+'));
    if looks_numeric {
        s.parse::<f64>().ok().map(Num::Float)
    } else {
        None
    }
}

/// Integer or float value as an index/count (`limit: "2"` works in Liquid).
pub(crate) fn to_int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(_) | Value::String(_) => match Num::of(v) {
            Num::Int(i) => Some(i),
            Num::Float(f) => Some(f as i64),
        },
        _ => None,
    }
}

pub(crate) fn equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => Num::of(a).f() == Num::of(b).f(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equals(p, q))
        }
        _ => a == b,
    }
}

/// `<`, `>`… Liquid compares numbers with numbers and strings with strings; other pairs are an
/// error in Ruby, which we read as "not ordered" (the condition is false).
pub(crate) fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => Num::of(a).f().partial_cmp(&Num::of(b).f()),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// An order for sorting mixed values: nil, then numbers, then strings, then the rest.
pub(crate) fn sort_order(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            _ => 4,
        }
    }
    compare(a, b).unwrap_or_else(|| rank(a).cmp(&rank(b)))
}

pub(crate) fn contains(a: &Value, b: &Value) -> bool {
    match a {
        Value::String(s) => s.contains(to_text(b).as_str()),
        Value::Array(items) => items.iter().any(|x| equals(x, b)),
        Value::Object(o) => o.contains_key(&to_text(b)),
        _ => false,
    }
}

/// `x.size`, `x.first`, `x.last` and `x[key]` lookups.
pub(crate) fn get<'v>(v: &'v Value, key: &Value) -> Option<std::borrow::Cow<'v, Value>> {
    use std::borrow::Cow;
    match (v, key) {
        (Value::Object(o), Value::String(k)) => match o.get(k) {
            Some(x) => Some(Cow::Borrowed(x)),
            None if k == "size" => Some(Cow::Owned(Value::from(o.len()))),
            None => None,
        },
        (Value::Array(a), Value::Number(_)) => {
            let i = to_int(key)?;
            let i = if i < 0 { i + a.len() as i64 } else { i };
            usize::try_from(i)
                .ok()
                .and_then(|i| a.get(i))
                .map(Cow::Borrowed)
        }
        (Value::Array(a), Value::String(k)) => match k.as_str() {
            "size" => Some(Cow::Owned(Value::from(a.len()))),
            "first" => a.first().map(Cow::Borrowed),
            "last" => a.last().map(Cow::Borrowed),
            _ => None,
        },
        // Ruby's `Integer#size` is its machine size in bytes (measured: `{{ page.n.size }}`
        // renders 8 in Jekyll); floats have no `size`.
        (Value::Number(n), Value::String(k)) if k == "size" && !n.is_f64() => {
            Some(Cow::Owned(Value::from(8)))
        }
        (Value::String(s), Value::String(k)) if k == "size" => {
            Some(Cow::Owned(Value::from(s.chars().count())))
        }
        _ => None,
    }
}
