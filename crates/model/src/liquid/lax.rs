//! Liquid 5.4's lax parsers, which Jekyll falls back to (its default `error_mode: warn`) when
//! the strict parser refuses markup: `{{{ x }}}`, `{{ "x" | append: , "y" }}`, `{% if a @ %}`.
//!
//! Liquid reads lax markup with regular expressions over "quoted fragments" (a quoted string,
//! or a run of anything but whitespace, `,`, `|` and quotes) and then reads each fragment with
//! `Expression.parse`. This module does the same by hand, so that every odd form Jekyll
//! renders comes out the same here; see `LAX.md` for the measured forms.

use super::expr::{CmpOp, Condition, Expr, Filter, Operand, Segment};
use serde_json::Value;

/// Ruby's `\s` (ASCII only).
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// Ruby's `\w` (ASCII only).
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// End of the quoted string `"…"`/`'…'` starting at `at`, if it is closed.
fn quoted_end(s: &str, at: usize) -> Option<usize> {
    let q = s[at..].chars().next().filter(|c| *c == '"' || *c == '\'')?;
    s[at + 1..].find(q).map(|i| at + 1 + i + 1)
}

/// `QuotedFragment` matched at `at`: its end, if one starts there.
fn fragment_at(s: &str, at: usize) -> Option<usize> {
    if let Some(end) = quoted_end(s, at) {
        return Some(end);
    }
    let mut i = at;
    while let Some(c) = s[i..].chars().next() {
        if c == '"' || c == '\'' {
            match quoted_end(s, i) {
                Some(e) => i = e,
                None => break,
            }
        } else if is_space(c) || c == ',' || c == '|' {
            break;
        } else {
            i += c.len_utf8();
        }
    }
    (i > at).then_some(i)
}

/// The first `QuotedFragment` at or after `from`: (start, end).
fn find_fragment(s: &str, from: usize) -> Option<(usize, usize)> {
    s.get(from..)?
        .char_indices()
        .find_map(|(i, _)| fragment_at(s, from + i).map(|e| (from + i, e)))
}

/// The fragments of `s` in order (Ruby's `scan(QuotedFragment)`).
pub(crate) fn fragments(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((a, b)) = find_fragment(s, at) {
        out.push(&s[a..b]);
        at = b;
    }
    out
}

/// Liquid's `Expression.parse`: a literal, a range, or a variable lookup.
pub(crate) fn expression(markup: &str) -> Operand {
    let m = markup.trim_matches(|c: char| is_space(c) || c == '\0');
    let quoted = |q: char| m.starts_with(q) && m.ends_with(q);
    if quoted('"') || quoted('\'') {
        return Operand::Lit(Value::String(
            m.get(1..m.len().saturating_sub(1)).unwrap_or("").to_owned(),
        ));
    }
    let digits = m.strip_prefix('-').unwrap_or(m);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return Operand::Lit(match m.parse::<i64>() {
            Ok(i) => i.into(),
            Err(_) => m.parse::<f64>().map_or(Value::Null, Value::from),
        });
    }
    if let Some((a, b)) = range_parts(m) {
        return Operand::Range(Box::new(expression(a)), Box::new(expression(b)));
    }
    if digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.len() > 1
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        return Operand::Lit(ruby_to_f(m).into());
    }
    match m {
        "" | "nil" | "null" => Operand::Lit(Value::Null),
        "true" => Operand::Lit(Value::Bool(true)),
        "false" => Operand::Lit(Value::Bool(false)),
        "empty" => Operand::Empty,
        "blank" => Operand::Blank,
        _ => lookup(m),
    }
}

/// `(a..b)` as `RANGES_REGEX` splits it: `a` is the shortest run of non-spaces before `..`.
fn range_parts(m: &str) -> Option<(&str, &str)> {
    let inner = m
        .strip_prefix('(')?
        .strip_suffix(')')?
        .trim_start_matches(is_space);
    let dots = inner.find("..")?;
    let a = inner[..dots].trim_end_matches(is_space);
    let b = inner[dots + 2..].trim_matches(is_space);
    let no_space = |s: &str| !s.is_empty() && !s.contains(is_space);
    (no_space(a) && no_space(b)).then_some((a, b))
}

/// Ruby's `String#to_f` on `-?\d[\d.]+`: the longest prefix that is a decimal number.
fn ruby_to_f(m: &str) -> f64 {
    let neg = usize::from(m.starts_with('-'));
    let int_end = m[neg..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(m.len(), |i| i + neg);
    let mut end = int_end;
    if m[int_end..].starts_with('.') {
        let frac = m[int_end + 1..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(m.len(), |i| i + int_end + 1);
        if frac > int_end + 1 {
            end = frac;
        }
    }
    m[..end].parse().unwrap_or(0.0)
}

/// `VariableLookup.parse`: the parts `[…]` and `[\w-]+\??` of the markup, anything else
/// skipped (`@page` reads `page`); no part at all is nil.
fn lookup(m: &str) -> Operand {
    let mut path = Vec::new();
    let mut i = 0;
    while let Some(c) = m[i..].chars().next() {
        if c == '[' {
            if let Some(close) = m[i + 1..].find(']').filter(|&n| n > 0) {
                path.push(Segment::Index(expression(&m[i + 1..i + 1 + close])));
                i += close + 2;
                continue;
            }
        } else if is_word(c) || c == '-' {
            let mut end = m[i..]
                .find(|d: char| !(is_word(d) || d == '-'))
                .map_or(m.len(), |n| i + n);
            if m[end..].starts_with('?') {
                end += 1;
            }
            path.push(Segment::Key(m[i..end].to_owned()));
            i = end;
            continue;
        }
        i += c.len_utf8();
    }
    if path.is_empty() {
        Operand::Lit(Value::Null)
    } else {
        Operand::Var(path)
    }
}

/// `Variable#lax_parse`: the first fragment is the value; after the first `|`, each run of
/// fragments, commas and spaces is a filter named by its first word, whose arguments are the
/// fragments after a `:` or `,`.
pub(crate) fn output(markup: &str) -> Expr {
    let Some((a, b)) = find_fragment(markup, 0) else {
        return Expr {
            base: Operand::Lit(Value::Null),
            filters: Vec::new(),
        };
    };
    let base = expression(&markup[a..b]);
    let rest = &markup[b..];
    let mut filters = Vec::new();
    if let Some(pipe) = rest.find('|') {
        let chain = &rest[pipe + 1..];
        for run in filter_runs(chain) {
            let Some(start) = run.find(is_word) else {
                continue;
            };
            let name_end = run[start..]
                .find(|c: char| !is_word(c))
                .map_or(run.len(), |n| start + n);
            let mut f = Filter {
                name: run[start..name_end].to_owned(),
                args: Vec::new(),
                kwargs: Vec::new(),
            };
            for arg in filter_args(run) {
                match keyword(arg) {
                    Some((k, v)) => f.kwargs.push((k.to_owned(), expression(v))),
                    None => f.args.push(expression(arg)),
                }
            }
            filters.push(f);
        }
    }
    Expr { base, filters }
}

/// Ruby's `scan(/(?:\s+|QuotedFragment|,)+/)`: maximal runs of spaces, fragments and commas.
fn filter_runs(s: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let start = i;
        while let Some(c) = s[i..].chars().next() {
            if is_space(c) || c == ',' {
                i += 1;
            } else if let Some(e) = fragment_at(s, i) {
                i = e;
            } else {
                break;
            }
        }
        if i > start {
            runs.push(&s[start..i]);
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    runs
}

/// `scan(/[:,]\s*((?:\w+\s*:\s*)?QuotedFragment)/)`.
fn filter_args(run: &str) -> Vec<&str> {
    let mut args = Vec::new();
    let mut i = 0;
    while let Some(sep) = run[i..].find([':', ',']).map(|n| i + n) {
        let at =
            sep + 1 + (run[sep + 1..].len() - run[sep + 1..].trim_start_matches(is_space).len());
        // A keyword (`key: value`) is taken whole when a fragment follows it.
        let kw_end = keyword_prefix(run, at).and_then(|v| fragment_at(run, v));
        match kw_end.or_else(|| fragment_at(run, at)) {
            Some(end) => {
                args.push(&run[at..end]);
                i = end;
            }
            None => i = sep + 1,
        }
    }
    args
}

/// Where the value starts after `\w+\s*:\s*` at `at`, if that is there.
fn keyword_prefix(s: &str, at: usize) -> Option<usize> {
    let word = s[at..]
        .find(|c: char| !is_word(c))
        .map_or(s.len(), |n| at + n);
    if word == at {
        return None;
    }
    let after = s[word..].trim_start_matches(is_space);
    let after = after.strip_prefix(':')?;
    let value = after.trim_start_matches(is_space);
    Some(s.len() - value.len())
}

/// `key: value` (`JustTagAttributes`).
fn keyword(arg: &str) -> Option<(&str, &str)> {
    let v = keyword_prefix(arg, 0)?;
    let key = arg[..v]
        .trim_end_matches(is_space)
        .strip_suffix(':')?
        .trim_end_matches(is_space);
    (fragment_at(arg, v) == Some(arg.len())).then_some((key, &arg[v..]))
}

/// A condition read leniently, and whether Jekyll would stop at it when rendering.
pub(crate) struct LaxCondition {
    pub cond: Condition,
    /// An operator Liquid does not know (`=`, `===`, `is`): Jekyll fails the build there.
    pub unknown_operator: Option<String>,
}

/// `If#lax_parse`: `and`/`or` split the markup into comparisons, each read with
/// `(fragment)\s*([=!<>a-z_]+)?\s*(fragment)?`. `None` = Liquid's own syntax error.
pub(crate) fn condition(markup: &str) -> Option<LaxCondition> {
    // Units are fragments (quoted strings stay whole) or runs of non-spaces; a unit `and` or
    // `or` joins two comparisons.
    let mut parts: Vec<&str> = Vec::new();
    let mut joins: Vec<bool> = Vec::new();
    let mut part_start: Option<usize> = None;
    let mut part_end = 0;
    let mut i = 0;
    while let Some(c) = markup[i..].chars().next() {
        if is_space(c) {
            i += c.len_utf8();
            continue;
        }
        let end = fragment_at(markup, i)
            .unwrap_or_else(|| markup[i..].find(is_space).map_or(markup.len(), |n| i + n));
        let unit = &markup[i..end];
        if unit == "and" || unit == "or" {
            parts.push(part_start.map_or("", |s| &markup[s..part_end]));
            joins.push(unit == "and");
            part_start = None;
        } else {
            part_start.get_or_insert(i);
            part_end = end;
        }
        i = end;
    }
    parts.push(part_start.map_or("", |s| &markup[s..part_end]));
    let mut unknown = None;
    let mut comparisons = Vec::new();
    for p in parts {
        let (c, op) = comparison(p)?;
        unknown = unknown.or(op);
        comparisons.push(c);
    }
    let mut it = comparisons.into_iter().rev();
    let mut cond = it.next()?;
    for (left, and) in it.zip(joins.into_iter().rev()) {
        cond = if and {
            Condition::And(Box::new(left), Box::new(cond))
        } else {
            Condition::Or(Box::new(left), Box::new(cond))
        };
    }
    Some(LaxCondition {
        cond,
        unknown_operator: unknown,
    })
}

fn comparison(s: &str) -> Option<(Condition, Option<String>)> {
    let (a, b) = find_fragment(s, 0)?;
    let left = expression(&s[a..b]);
    let rest = s[b..].trim_start_matches(is_space);
    let op_len = rest
        .find(|c: char| !matches!(c, '=' | '!' | '<' | '>' | 'a'..='z' | '_'))
        .unwrap_or(rest.len());
    let (op, rest) = rest.split_at(op_len);
    let rest = rest.trim_start_matches(is_space);
    let right = fragment_at(rest, 0).map_or(Operand::Lit(Value::Null), |e| expression(&rest[..e]));
    let op = match op {
        "" => return Some((Condition::Test(left), None)),
        "==" => CmpOp::Eq,
        "!=" | "<>" => CmpOp::Ne,
        "<" => CmpOp::Lt,
        ">" => CmpOp::Gt,
        "<=" => CmpOp::Le,
        ">=" => CmpOp::Ge,
        "contains" => CmpOp::Contains,
        // What the author meant; Jekyll stops with "Unknown operator".
        "=" | "===" => return Some((Condition::Cmp(left, CmpOp::Eq, right), Some(op.to_owned()))),
        other => {
            return Some((
                Condition::Test(Operand::Lit(Value::Bool(false))),
                Some(other.to_owned()),
            ))
        }
    };
    Some((Condition::Cmp(left, op, right), None))
}

/// `For#lax_parse`: `([\w-]+)\s+in\s+(fragment)\s*(reversed)?`, then any `key: fragment`
/// anywhere for `limit` and `offset`.
pub(crate) struct LaxFor {
    pub var: String,
    pub source: Operand,
    pub reversed: bool,
    pub limit: Option<Operand>,
    pub offset: Option<Operand>,
}

pub(crate) fn for_header(markup: &str) -> Option<LaxFor> {
    let var_end = markup.find(|c: char| !(is_word(c) || c == '-'))?;
    let var = &markup[..var_end];
    let rest = &markup[var_end..];
    let after_space = rest.trim_start_matches(is_space);
    if var.is_empty() || after_space.len() == rest.len() {
        return None;
    }
    let after_in = after_space.strip_prefix("in")?;
    let src = after_in.trim_start_matches(is_space);
    if src.len() == after_in.len() {
        return None;
    }
    let end = fragment_at(src, 0)?;
    let reversed = src[end..]
        .trim_start_matches(is_space)
        .starts_with("reversed");
    let mut lp = LaxFor {
        var: var.to_owned(),
        source: expression(&src[..end]),
        reversed,
        limit: None,
        offset: None,
    };
    let mut i = 0;
    while let Some(colon) = markup[i..].find(':').map(|n| i + n) {
        let key_part = markup[..colon].trim_end_matches(is_space);
        let key_start = key_part
            .rfind(|c: char| !(is_word(c) || c == '-'))
            // After that character, which may be wider than a byte (`。limit: 1`).
            .map_or(0, |n| {
                n + key_part[n..].chars().next().map_or(1, char::len_utf8)
            });
        let key = &key_part[key_start..];
        let v = colon
            + 1
            + (markup[colon + 1..].len() - markup[colon + 1..].trim_start_matches(is_space).len());
        let val_end = fragment_at(markup, v);
        if let (true, Some(e)) = (key.starts_with(is_word), val_end) {
            match key {
                "limit" => lp.limit = Some(expression(&markup[v..e])),
                "offset" => lp.offset = Some(expression(&markup[v..e])),
                _ => {}
            }
            i = e;
        } else {
            i = colon + 1;
        }
    }
    Some(lp)
}

/// `VariableSignature+` (`[\w\-.\[\]()]` runs), the first one found: `capture` names.
pub(crate) fn first_signature(s: &str) -> Option<&str> {
    let sig = |c: char| is_word(c) || matches!(c, '-' | '.' | '[' | ']' | '(' | ')');
    let start = s.find(sig)?;
    let end = s[start..]
        .find(|c: char| !sig(c))
        .map_or(s.len(), |n| start + n);
    Some(&s[start..end])
}

/// `Assign::Syntax`: the signature run just before the first `=` (spaces allowed between),
/// and the markup after it.
pub(crate) fn assign(markup: &str) -> Option<(&str, &str)> {
    let (lhs, rhs) = markup.split_once('=')?;
    let lhs = lhs.trim_end_matches(is_space);
    let sig = |c: char| is_word(c) || matches!(c, '-' | '.' | '[' | ']' | '(' | ')');
    let start = lhs
        .rfind(|c: char| !sig(c))
        .map_or(0, |n| n + lhs[n..].chars().next().map_or(1, char::len_utf8));
    let name = &lhs[start..];
    (!name.is_empty()).then_some((name, rhs))
}

/// `When::WhenSyntax` repeated: `fragment` followed by ` or ` or `,` and more; anything else
/// after a value ends the list.
pub(crate) fn when_values(markup: &str) -> Option<Vec<Operand>> {
    let (a, mut end) = find_fragment(markup, 0)?;
    let mut values = vec![expression(&markup[a..end])];
    loop {
        let rest = &markup[end..];
        let t = rest.trim_start_matches(is_space);
        let next = if let Some(after) = t.strip_prefix(',') {
            Some(after.trim_start_matches(is_space))
        } else {
            t.strip_prefix("or")
                .filter(|after| t.len() < rest.len() && after.starts_with(is_space))
                .map(|after| after.trim_start_matches(is_space))
        };
        let Some(next) = next else { break };
        let start = markup.len() - next.len();
        let Some(e) = fragment_at(markup, start) else {
            break;
        };
        values.push(expression(&markup[start..e]));
        end = e;
    }
    Some(values)
}

/// `Cycle`'s lax reading: `group: a, b` or `a, b`, each value the first fragment between
/// commas. `None` where Liquid has a syntax error too.
pub(crate) fn cycle(markup: &str, pos: super::Pos) -> Option<super::parser::Node> {
    let first = fragment_at(markup, 0)?;
    let after = markup[first..].trim_start_matches(is_space);
    let (key, list) = match after.strip_prefix(':') {
        Some(list) => (markup[..first].to_owned(), list),
        None => (markup.to_owned(), markup),
    };
    let values: Vec<Operand> = list
        .split(',')
        .filter_map(|v| find_fragment(v, 0).map(|(a, b)| expression(&v[a..b])))
        .collect();
    (!values.is_empty()).then_some(super::parser::Node::Cycle { key, values, pos })
}
