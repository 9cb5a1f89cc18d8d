//! Filters whose argument is a Liquid expression evaluated per item (`where_exp`, `find_exp`,
//! `group_by_exp`): they need the renderer's scopes, so they live beside it, not in `filters`.

use super::expr::Filter;
use super::render::Renderer;
use super::{jekyll_filters, value, Origin, Pos, Problem};
use serde_json::{Map, Value};

impl Renderer<'_> {
    /// `where_exp`, `find_exp`, `group_by_exp`: `items | where_exp: "item", "item.x > 1"`.
    pub(crate) fn apply_expression_filter(
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
}
