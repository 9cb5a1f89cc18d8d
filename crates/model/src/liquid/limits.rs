//! How much a template may nest and allocate. A post comes from a stranger's blog; a hostile
//! one must cost an error, not the process (stack overflow) or the machine (memory).

use super::value::to_text;
use serde_json::Value;

/// Blocks nested in one template (Liquid 5.4's `Block::MAX_DEPTH`: the 101st raises
/// "Nesting too deep", measured with Jekyll 4.3.1). Also caps `[`/`(` nesting in an expression
/// and the `and`/`or` chain of a condition, which Liquid evaluates in a loop and we recurse on.
pub(crate) const MAX_DEPTH: usize = 100;

/// Largest string (or other value, by `weight`) and largest rendered output per post: 16 MiB,
/// some hundred times a long blog post.
pub(crate) const MAX_TEXT: usize = 16 << 20;

/// What a value costs to hold, roughly in bytes: string bytes plus the 32 bytes of a
/// `serde_json::Value` per item (more than any number prints). Stops counting past `MAX_TEXT`.
const ITEM: usize = std::mem::size_of::<Value>();

pub(crate) fn weight(v: &Value) -> usize {
    let mut total = 0usize;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        total = total.saturating_add(match v {
            Value::String(s) => s.len().saturating_add(ITEM),
            Value::Array(a) => {
                stack.extend(a.iter());
                ITEM
            }
            Value::Object(o) => {
                for (k, x) in o {
                    total = total.saturating_add(k.len());
                    stack.push(x);
                }
                ITEM
            }
            _ => ITEM,
        });
        if total > MAX_TEXT {
            break;
        }
    }
    total
}

/// The size a filter's result would have, for filters whose result can be much larger than
/// their input (so we refuse before allocating it). `None` = at most a small multiple of the
/// input, checked after the filter ran.
pub(crate) fn filter_result_weight(name: &str, input: &Value, args: &[Value]) -> Option<usize> {
    let text_len = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.len(),
        Some(v) => to_text(v).len(),
        None => 0,
    };
    let arg = |i: usize| args.get(i);
    Some(match name {
        "append" | "prepend" => text_len(Some(input)).saturating_add(text_len(arg(0))),
        "replace" | "replace_first" | "replace_last" => {
            let s = to_text(input);
            let from = arg(0).map(to_text).unwrap_or_default();
            let n = if name == "replace" {
                s.matches(from.as_str()).count()
            } else {
                1
            };
            s.len().saturating_add(n.saturating_mul(text_len(arg(1))))
        }
        "join" | "array_to_sentence_string" => match input {
            Value::Array(a) => {
                let sep = text_len(arg(0)).saturating_add(5);
                a.iter().fold(0usize, |acc, x| {
                    acc.saturating_add(text_len(Some(x))).saturating_add(sep)
                })
            }
            other => text_len(Some(other)),
        },
        "split" => {
            let s = to_text(input);
            let pat = arg(0).map(to_text).unwrap_or_default();
            let pieces = s.matches(pat.as_str()).count().saturating_add(1);
            s.len().saturating_add(pieces.saturating_mul(ITEM))
        }
        "concat" | "push" | "unshift" => weight(input).saturating_add(arg(0).map_or(0, weight)),
        _ => return None,
    })
}
