//! Walks the node tree and writes the output. Lenient like Jekyll: an undefined variable, a
//! missing key on any value (loop variables too) or a bad index is nil and prints "".

use super::expr::{CmpOp, Condition, Expr, Filter, Operand, Segment};
use super::parser::{ForLoop, Node};
use super::value::{self, to_int};
use super::{filters, jekyll_filters, LiquidEngine, Origin, Pos, Problem};
use crate::diagnostic::Diagnostics;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Longest range `(a..b)` we materialise; Jekyll would loop on, we stop a runaway template.
const MAX_RANGE: i64 = 100_000;
/// Nodes rendered per body before we call it a runaway (nested loops over big ranges).
const MAX_STEPS: u64 = 1_000_000;

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
            fatal: false,
            post_file: file.to_owned(),
        }
    }

    pub(crate) fn report(&self, origin: &Origin, p: Problem) {
        self.diags.push(origin.diagnostic(p));
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
        for node in nodes {
            if self.fatal {
                return Flow::Normal;
            }
            self.steps += 1;
            if self.steps > MAX_STEPS {
                self.fatal = true;
                self.report(
                    origin,
                    Problem::error(
                        Pos::default(),
                        "the template does too much work (a runaway loop?); rendering stopped",
                    ),
                );
                return Flow::Normal;
            }
            match self.render_node(node, origin, out) {
                Flow::Normal => {}
                flow => return flow,
            }
        }
        Flow::Normal
    }

    fn render_node(&mut self, node: &Node, origin: &Origin, out: &mut String) -> Flow {
        match node {
            Node::Text(s) => out.push_str(s),
            Node::Output { expr, pos } => {
                let v = self.eval_expr(expr, *pos, origin);
                value::write_text(&v, out);
            }
            Node::Assign { name, expr } => {
                // Assign positions are not kept; filter warnings point at the start.
                let v = self.eval_expr(expr, Pos::default(), origin);
                self.assign(name, v);
            }
            Node::Capture { name, body } => {
                let mut s = String::new();
                let flow = self.render_nodes(body, origin, &mut s);
                self.assign(name, Value::String(s));
                return flow;
            }
            Node::If {
                branches,
                otherwise,
            } => {
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
            } => {
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
            Node::Counter { name, step } => {
                let cur = self.counters.get(name).and_then(to_int).unwrap_or(0);
                let next = cur + step;
                self.counters.insert(name.clone(), next.into());
                let shown = if *step > 0 { cur } else { next };
                out.push_str(&shown.to_string());
            }
            Node::Cycle { key, values } => {
                let n = self.cycles.entry(key.clone()).or_insert(0);
                let i = *n;
                *n += 1;
                if let Some(v) = values.get(i % values.len().max(1)) {
                    let v = self.eval(v);
                    value::write_text(&v, out);
                }
            }
            Node::Include(inc) => self.render_include(inc, origin, out),
            Node::Highlight {
                lang,
                linenos,
                body,
            } => {
                let mut code = String::new();
                self.render_nodes(body, origin, &mut code);
                super::tags::write_fence(lang.as_deref(), *linenos, &code, out);
            }
            Node::PostUrl { target, pos } => self.render_post_url(target, *pos, origin, out),
            Node::Link { target, pos } => self.render_link(target, *pos, origin, out),
            Node::Block(body) => return self.render_nodes(body, origin, out),
        }
        Flow::Normal
    }

    fn render_for(&mut self, lp: &ForLoop, origin: &Origin, out: &mut String) {
        let items = match self.eval(&lp.source) {
            Value::Array(a) => a,
            Value::Object(o) => o
                .into_iter()
                .map(|(k, v)| Value::Array(vec![k.into(), v]))
                .collect(),
            Value::Null | Value::Bool(false) => Vec::new(),
            Value::String(s) if s.is_empty() => Vec::new(),
            other => vec![other],
        };
        let offset = lp
            .offset
            .as_ref()
            .and_then(|o| to_int(&self.eval(o)))
            .unwrap_or(0)
            .max(0);
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        let mut items: Vec<Value> = items.into_iter().skip(offset).collect();
        if let Some(limit) = lp.limit.as_ref().and_then(|l| to_int(&self.eval(l))) {
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
        cur.into_owned()
    }

    pub(crate) fn eval(&mut self, o: &Operand) -> Value {
        match o {
            Operand::Lit(v) => v.clone(),
            Operand::Var(path) => self.lookup(path),
            Operand::Range(a, b) => {
                let a = to_int(&self.eval(a)).unwrap_or(0);
                let b = to_int(&self.eval(b)).unwrap_or(0);
                let b = b.min(a.saturating_add(MAX_RANGE));
                Value::Array((a..=b).map(Value::from).collect())
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
        let env = filters::Env {
            links: &self.engine.links,
        };
        match filters::apply(&f.name, input, &args, &kwargs, &env) {
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

    /// `where_exp`, `find_exp`, `group_by_exp`: `items | where_exp: "item", "item.x > 1"`.
    fn apply_expression_filter(
        &mut self,
        f: &Filter,
        input: &Value,
        pos: Pos,
        origin: &Origin,
    ) -> Option<Value> {
        if !matches!(f.name.as_str(), "where_exp" | "find_exp" | "group_by_exp") {
            return None;
        }
        let var = value::to_text(&f.args.first().map(|a| self.eval(a)).unwrap_or_default());
        let src = value::to_text(&f.args.get(1).map(|a| self.eval(a)).unwrap_or_default());
        let items = jekyll_filters::items(input);
        let scope = |r: &mut Self, item: &Value| {
            let mut m = Map::new();
            m.insert(var.clone(), item.clone());
            r.push_scope(m);
        };
        if f.name == "group_by_exp" {
            let e = match super::expr::parse_output(&src) {
                Ok(e) => e,
                Err(m) => {
                    self.report(
                        origin,
                        Problem::warning("liquid", pos, format!("group_by_exp: {m}")),
                    );
                    return Some(Value::Null);
                }
            };
            let mut keyed = Vec::new();
            for item in items {
                scope(self, &item);
                let k = self.eval_expr(&e, pos, origin);
                self.pop_scope();
                keyed.push((value::to_text(&k), item));
            }
            return Some(jekyll_filters::groups(keyed));
        }
        let cond = match super::expr::parse_condition(&src) {
            Ok(c) => c,
            Err(m) => {
                self.report(
                    origin,
                    Problem::warning("liquid", pos, format!("{}: {m}", f.name)),
                );
                return Some(Value::Null);
            }
        };
        let mut kept = Vec::new();
        for item in items {
            scope(self, &item);
            let ok = self.test(&cond);
            self.pop_scope();
            if ok {
                if f.name == "find_exp" {
                    return Some(item);
                }
                kept.push(item);
            }
        }
        Some(if f.name == "find_exp" {
            Value::Null
        } else {
            Value::Array(kept)
        })
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
