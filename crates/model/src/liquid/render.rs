//! Walks the node tree and writes the output. Lenient like Jekyll: an undefined variable, a
//! missing key on any value (loop variables too) or a bad index is nil and prints "".

use super::expr::{CmpOp, Condition, Expr, Filter, Operand, Segment};
use super::limits::{self, MAX_TEXT};
use super::parser::{ForLoop, Node};
use super::value::{self, to_int};
use super::{filters, LiquidEngine, Origin, Pos, Problem};
use crate::diagnostic::Diagnostics;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Longest range `(a..b)` we materialise; Jekyll would loop on, we stop a runaway template.
const MAX_RANGE: i64 = 100_000;
/// Nodes rendered per body before we call it a runaway (nested loops over big ranges).
const MAX_STEPS: u64 = 1_000_000;
/// Bytes of a value read (copied) that cost one step: at most ~1 GB copied per body.
const STEP_BYTES: usize = 1024;
/// Blocks open at once across includes. One file stops at `MAX_DEPTH` when parsed, but ten
/// levels of includes could still stack 1000 blocks: more than a 2 MiB thread stack holds in
/// a debug build (measured: 700 fit). Liquid counts loops and includes together (its scope
/// stack) up to 100; we count every block, so allow more.
const MAX_RENDER_DEPTH: usize = 3 * limits::MAX_DEPTH;

pub(crate) enum Flow {
    Normal,
    Break,
    Continue,
}

pub(crate) struct Renderer<'e> {
    pub engine: &'e LiquidEngine,
    pub diags: &'e Diagnostics,
    page: Value,
    /// `scopes[0]` holds `assign`s and captures (Liquid assigns to the outermost scope);
    /// loops and includes push their own.
    scopes: Vec<Map<String, Value>>,
    counters: Map<String, Value>,
    cycles: HashMap<String, usize>,
    pub include_depth: usize,
    steps: u64,
    /// `render_nodes` calls open, across includes.
    depth: usize,
    /// The tag being executed, where problems found while evaluating are reported.
    pub at: Pos,
    /// The innermost loop running in the current file, blamed when the step budget runs out.
    pub loop_at: Option<Pos>,
    /// Problems found where the file is not at hand (evaluating a range), reported by
    /// `render_nodes` in the file of the tag that found them.
    notes: Vec<Problem>,
    /// Set by an error that makes the whole body unusable.
    pub fatal: bool,
    /// The post's own file: `include_relative` reads next to it.
    pub post_file: PathBuf,
}

impl<'e> Renderer<'e> {
    pub(crate) fn new(
        engine: &'e LiquidEngine,
        diags: &'e Diagnostics,
        page: Value,
        file: &Path,
    ) -> Self {
        Renderer {
            engine,
            diags,
            page,
            scopes: vec![Map::new()],
            counters: Map::new(),
            cycles: HashMap::new(),
            include_depth: 0,
            steps: 0,
            depth: 0,
            at: Pos { line: 1, col: 1 },
            loop_at: None,
            notes: Vec::new(),
            fatal: false,
            post_file: file.to_owned(),
        }
    }

    pub(crate) fn report(&self, origin: &Origin, p: Problem) {
        self.diags.push(origin.diagnostic(p));
    }

    /// Reports the problems `eval` noted, in the file being rendered.
    pub(crate) fn report_notes(&mut self, origin: &Origin) {
        for p in std::mem::take(&mut self.notes) {
            self.report(origin, p);
        }
    }

    /// An error that makes the body unusable: reported at the current tag, rendering stops.
    fn stop(&mut self, origin: &Origin, message: String) {
        if !self.fatal {
            self.fatal = true;
            let p = Problem::error(self.at, message);
            self.report(origin, p);
        }
    }

    fn too_large(&mut self, origin: &Origin, what: &str) {
        self.stop(
            origin,
            format!(
                "{what} would exceed {} MiB (a loop that doubles a value?); rendering stopped",
                MAX_TEXT >> 20
            ),
        );
    }

    /// Appends `text` to `out` unless that would make it larger than `MAX_TEXT` (checked
    /// before allocating).
    pub(crate) fn write(&mut self, out: &mut String, text: &str, origin: &Origin) {
        if self.fatal {
            return;
        }
        if out.len().saturating_add(text.len()) > MAX_TEXT {
            self.too_large(origin, "the rendered text");
            return;
        }
        out.push_str(text);
    }

    fn write_value(&mut self, v: &Value, out: &mut String, origin: &Origin) {
        match v {
            Value::String(s) => self.write(out, s, origin),
            // Bounded by `MAX_TEXT` already: values larger than that are refused when made.
            other => self.write(out, &value::to_text(other), origin),
        }
    }

    fn assign(&mut self, name: &str, v: Value) {
        if let Some(global) = self.scopes.first_mut() {
            global.insert(name.to_owned(), v);
        }
    }

    pub(crate) fn push_scope(&mut self, m: Map<String, Value>) {
        self.scopes.push(m);
    }
    pub(crate) fn pop_scope(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    pub(crate) fn render_nodes(
        &mut self,
        nodes: &[Node],
        origin: &Origin,
        out: &mut String,
    ) -> Flow {
        if self.depth >= MAX_RENDER_DEPTH {
            self.stop(
                origin,
                format!("nesting too deep: more than {MAX_RENDER_DEPTH} blocks inside each other across includes"),
            );
            return Flow::Normal;
        }
        self.depth += 1;
        let flow = self.render_each(nodes, origin, out);
        self.depth -= 1;
        flow
    }

    fn render_each(&mut self, nodes: &[Node], origin: &Origin, out: &mut String) -> Flow {
        for node in nodes {
            if self.fatal {
                return Flow::Normal;
            }
            self.steps += 1;
            if self.steps > MAX_STEPS {
                // The loop that is running away, else the last tag.
                self.at = self.loop_at.unwrap_or(self.at);
                self.stop(
                    origin,
                    "the template does too much work (a runaway loop?); rendering stopped".into(),
                );
                return Flow::Normal;
            }
            let flow = self.render_node(node, origin, out);
            self.report_notes(origin);
            match flow {
                Flow::Normal => {}
                flow => return flow,
            }
        }
        Flow::Normal
    }

    fn render_node(&mut self, node: &Node, origin: &Origin, out: &mut String) -> Flow {
        match node {
            Node::Text(s) => self.write(out, s, origin),
            // Ruby prints a range as `1..3` (measured); with filters it is a list.
            Node::Output { expr, pos }
                if expr.filters.is_empty() && matches!(expr.base, Operand::Range(..)) =>
            {
                self.at = *pos;
                if let Operand::Range(a, b) = &expr.base {
                    let a = to_int(&self.eval(a)).unwrap_or(0);
                    let b = to_int(&self.eval(b)).unwrap_or(0);
                    self.write(out, &format!("{a}..{b}"), origin);
                }
            }
            Node::Output { expr, pos } => {
                self.at = *pos;
                let v = self.eval_expr(expr, *pos, origin);
                self.write_value(&v, out, origin);
            }
            Node::Assign { name, expr, pos } => {
                self.at = *pos;
                let v = self.eval_expr(expr, *pos, origin);
                self.assign(name, v);
            }
            Node::Capture { name, body, pos } => {
                self.at = *pos;
                let mut s = String::new();
                let flow = self.render_nodes(body, origin, &mut s);
                self.assign(name, Value::String(s));
                return flow;
            }
            Node::If {
                branches,
                otherwise,
                pos,
            } => {
                self.at = *pos;
                for (cond, body) in branches {
                    if self.test(cond) {
                        return self.render_nodes(body, origin, out);
                    }
                }
                return self.render_nodes(otherwise, origin, out);
            }
            Node::Case {
                subject,
                whens,
                otherwise,
                pos,
            } => {
                self.at = *pos;
                let v = self.eval(subject);
                let mut matched = false;
                for (values, body) in whens {
                    if values.iter().any(|w| self.compare(&v, CmpOp::Eq, w)) {
                        matched = true;
                        if let flow @ (Flow::Break | Flow::Continue) =
                            self.render_nodes(body, origin, out)
                        {
                            return flow;
                        }
                    }
                }
                if !matched {
                    return self.render_nodes(otherwise, origin, out);
                }
            }
            Node::For(lp) => self.render_for(lp, origin, out),
            Node::Break => return Flow::Break,
            Node::Continue => return Flow::Continue,
            Node::Counter { name, step, pos } => {
                self.at = *pos;
                let cur = self.counters.get(name).and_then(to_int).unwrap_or(0);
                let next = cur + step;
                self.counters.insert(name.clone(), next.into());
                let shown = if *step > 0 { cur } else { next };
                self.write(out, &shown.to_string(), origin);
            }
            Node::Cycle { key, values, pos } => {
                self.at = *pos;
                let n = self.cycles.entry(key.clone()).or_insert(0);
                let i = *n;
                *n += 1;
                if let Some(v) = values.get(i % values.len().max(1)) {
                    let v = self.eval(v);
                    self.write_value(&v, out, origin);
                }
            }
            Node::Include(inc) => self.render_include(inc, origin, out),
            Node::Highlight {
                lang,
                linenos,
                body,
                pos,
            } => {
                self.at = *pos;
                let mut code = String::new();
                self.render_nodes(body, origin, &mut code);
                self.at = *pos;
                let mut fenced = String::new();
                super::tags::write_fence(lang.as_deref(), *linenos, &code, &mut fenced);
                self.write(out, &fenced, origin);
            }
            Node::PostUrl { target, pos } => self.render_post_url(target, *pos, origin, out),
            Node::Link { target, pos } => self.render_link(target, *pos, origin, out),
            Node::Block(body) => return self.render_nodes(body, origin, out),
        }
        Flow::Normal
    }

    fn render_for(&mut self, lp: &ForLoop, origin: &Origin, out: &mut String) {
        self.at = lp.pos;
        let items = match self.eval(&lp.source) {
            Value::Array(a) => a,
            Value::Object(o) => o
                .into_iter()
                .map(|(k, v)| Value::Array(vec![k.into(), v]))
                .collect(),
            // Liquid loops over what has `each` (and a string, once): not numbers or booleans.
            Value::String(s) if !s.is_empty() => vec![Value::String(s)],
            _ => Vec::new(),
        };
        let offset = self
            .loop_bound(lp.offset.as_ref(), "offset", origin)
            .unwrap_or(0)
            .max(0);
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        let mut items: Vec<Value> = items.into_iter().skip(offset).collect();
        if let Some(limit) = self.loop_bound(lp.limit.as_ref(), "limit", origin) {
            items.truncate(usize::try_from(limit.max(0)).unwrap_or(0));
        }
        if lp.reversed {
            items.reverse();
        }
        if items.is_empty() {
            self.render_nodes(&lp.otherwise, origin, out);
            return;
        }
        let parent = self.lookup_name("forloop").cloned();
        let len = items.len();
        let name = Value::String(format!("{}-{:?}", lp.var, lp.source));
        self.report_notes(origin);
        let outer_loop = self.loop_at.replace(lp.pos);
        self.push_scope(Map::new());
        for (i, item) in items.into_iter().enumerate() {
            let mut fl = Map::new();
            fl.insert("name".into(), name.clone());
            fl.insert("length".into(), len.into());
            fl.insert("index".into(), (i + 1).into());
            fl.insert("index0".into(), i.into());
            fl.insert("rindex".into(), (len - i).into());
            fl.insert("rindex0".into(), (len - i - 1).into());
            fl.insert("first".into(), (i == 0).into());
            fl.insert("last".into(), (i + 1 == len).into());
            if let Some(p) = &parent {
                fl.insert("parentloop".into(), p.clone());
            }
            if let Some(scope) = self.scopes.last_mut() {
                scope.insert("forloop".into(), Value::Object(fl));
                scope.insert(lp.var.clone(), item);
            }
            match self.render_nodes(&lp.body, origin, out) {
                Flow::Break => break,
                Flow::Continue | Flow::Normal => {}
            }
            if self.fatal {
                break;
            }
        }
        self.pop_scope();
        self.loop_at = outer_loop;
    }

    /// A `limit:`/`offset:` value. One that is not a number (`limit: "z"`) makes Jekyll stop
    /// with "invalid integer"; we warn and leave it out.
    fn loop_bound(&mut self, o: Option<&Operand>, what: &str, origin: &Origin) -> Option<i64> {
        let v = self.eval(o?);
        // Liquid's `Integer(value.to_s)`: "3" is fine, "z" and "2.5" are not.
        let n = match &v {
            Value::String(s) => s.trim().parse::<i64>().ok(),
            other => to_int(other),
        };
        if n.is_none() && !v.is_null() {
            let p = Problem::lax(
                self.at,
                format!("for loop {what}: {} is not a number: Jekyll stops the build here (invalid integer); hanmoto leaves it out", value::to_text(&v)),
            );
            self.report(origin, p);
        }
        n
    }

    fn lookup_name(&self, name: &str) -> Option<&Value> {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.get(name))
            .or(match name {
                "site" => Some(&self.engine.site),
                "page" => Some(&self.page),
                _ => self.counters.get(name),
            })
    }

    fn lookup(&mut self, path: &[Segment]) -> Value {
        let keys: Vec<Value> = path
            .iter()
            .map(|s| match s {
                Segment::Key(k) => Value::String(k.clone()),
                Segment::Index(o) => self.eval(o),
            })
            .collect();
        let Some((first, rest)) = keys.split_first() else {
            return Value::Null;
        };
        let root = match first {
            Value::String(name) => self.lookup_name(name),
            _ => None,
        };
        let Some(mut cur) = root.map(std::borrow::Cow::Borrowed) else {
            return Value::Null;
        };
        for k in rest {
            let next = match &cur {
                std::borrow::Cow::Borrowed(v) => value::get(v, k),
                std::borrow::Cow::Owned(v) => {
                    value::get(v, k).map(|c| std::borrow::Cow::Owned(c.into_owned()))
                }
            };
            match next {
                Some(n) => cur = n,
                None => return Value::Null,
            }
        }
        let v = cur.into_owned();
        // Copying a value costs its size: reading a big string in a long loop is a runaway too.
        self.steps = self
            .steps
            .saturating_add((limits::weight(&v) / STEP_BYTES) as u64);
        v
    }

    pub(crate) fn eval(&mut self, o: &Operand) -> Value {
        match o {
            Operand::Lit(v) => v.clone(),
            Operand::Var(path) => self.lookup(path),
            Operand::Range(a, b) => {
                let a = to_int(&self.eval(a)).unwrap_or(0);
                let b = to_int(&self.eval(b)).unwrap_or(0);
                let last = b.min(a.saturating_add(MAX_RANGE));
                if last < b {
                    self.notes.push(Problem::warning(
                        "liquid",
                        self.at,
                        format!(
                            "range ({a}..{b}) is cut to its first {} items; Jekyll would use them all",
                            MAX_RANGE + 1
                        ),
                    ));
                }
                Value::Array((a..=last).map(Value::from).collect())
            }
            Operand::Empty | Operand::Blank => Value::String(String::new()),
        }
    }

    pub(crate) fn eval_expr(&mut self, e: &Expr, pos: Pos, origin: &Origin) -> Value {
        let mut v = self.eval(&e.base);
        for f in &e.filters {
            v = self.apply_filter(f, v, pos, origin);
        }
        v
    }

    fn apply_filter(&mut self, f: &Filter, input: Value, pos: Pos, origin: &Origin) -> Value {
        // Filters whose argument is an expression evaluated per item need the renderer.
        if let Some(v) = self.apply_expression_filter(f, &input, pos, origin) {
            return v;
        }
        let args: Vec<Value> = f.args.iter().map(|a| self.eval(a)).collect();
        let kwargs: Vec<(String, Value)> = f
            .kwargs
            .iter()
            .map(|(k, a)| (k.clone(), self.eval(a)))
            .collect();
        if limits::filter_result_weight(&f.name, &input, &args).is_some_and(|w| w > MAX_TEXT) {
            self.too_large(origin, &format!("the result of filter '{}'", f.name));
            return Value::Null;
        }
        let env = filters::Env {
            links: &self.engine.links,
        };
        match filters::apply(&f.name, input, &args, &kwargs, &env) {
            // The filters not checked above make at most a few times their input.
            Ok(v) if limits::weight(&v) > MAX_TEXT => {
                self.too_large(origin, &format!("the result of filter '{}'", f.name));
                Value::Null
            }
            Ok(v) => v,
            Err(filters::FilterError::Unknown(v)) => v,
            Err(filters::FilterError::Failed(msg)) => {
                self.report(
                    origin,
                    Problem::warning(
                        "liquid",
                        pos,
                        format!("filter '{}': {msg}; rendered as \"\"", f.name),
                    ),
                );
                Value::Null
            }
        }
    }

    pub(crate) fn test(&mut self, c: &Condition) -> bool {
        match c {
            Condition::Test(o) => value::is_truthy(&self.eval(o)),
            Condition::Cmp(a, op, b) => {
                let a = match a {
                    Operand::Empty | Operand::Blank => {
                        let b = self.eval(b);
                        return self.compare(&b, *op, a);
                    }
                    a => self.eval(a),
                };
                self.compare(&a, *op, b)
            }
            Condition::And(a, b) => self.test(a) && self.test(b),
            Condition::Or(a, b) => self.test(a) || self.test(b),
            Condition::Not(a) => !self.test(a),
        }
    }

    fn compare(&mut self, a: &Value, op: CmpOp, b: &Operand) -> bool {
        let special = match b {
            Operand::Empty => Some(value::is_empty(a)),
            // Liquid asks the value for `blank?`, which plain Ruby (no ActiveSupport, as in
            // Jekyll) does not define: `== blank` is never true. Measured with Jekyll 4.3.1.
            Operand::Blank => Some(false),
            _ => None,
        };
        if let Some(is) = special {
            return match op {
                CmpOp::Eq => is,
                CmpOp::Ne => !is,
                _ => false,
            };
        }
        let b = self.eval(b);
        use std::cmp::Ordering::*;
        match op {
            CmpOp::Eq => value::equals(a, &b),
            CmpOp::Ne => !value::equals(a, &b),
            CmpOp::Lt => value::compare(a, &b) == Some(Less),
            CmpOp::Gt => value::compare(a, &b) == Some(Greater),
            CmpOp::Le => matches!(value::compare(a, &b), Some(Less | Equal)),
            CmpOp::Ge => matches!(value::compare(a, &b), Some(Greater | Equal)),
            CmpOp::Contains => value::contains(a, &b),
        }
    }
}
