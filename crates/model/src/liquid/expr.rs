//! Liquid expressions: literals, variable paths, ranges, filter chains and `if` conditions.

use super::limits::MAX_DEPTH;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Lit(Value),
    /// `name.key[expr].size`: the first segment is a name (or an index expression).
    Var(Vec<Segment>),
    Range(Box<Operand>, Box<Operand>),
    /// `empty` and `blank`: only meaningful in comparisons.
    Empty,
    Blank,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Segment {
    Key(String),
    Index(Operand),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter {
    pub name: String,
    pub args: Vec<Operand>,
    pub kwargs: Vec<(String, Operand)>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Expr {
    pub base: Operand,
    pub filters: Vec<Filter>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Contains,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Condition {
    Test(Operand),
    Cmp(Operand, CmpOp, Operand),
    /// Liquid groups `and`/`or` from the right: `a or b and c` is `a or (b and c)`.
    And(Box<Condition>, Box<Condition>),
    Or(Box<Condition>, Box<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok<'a> {
    Str(&'a str),
    Int(i64),
    Float(f64),
    Ident(&'a str),
    Punct(&'static str),
}

/// Splits expression markup into tokens. Characters Liquid would not accept give `Err` with a
/// short description.
pub(crate) fn lex(s: &str) -> Result<Vec<Tok<'_>>, String> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start();
        let Some(c) = rest.chars().next() else { break };
        if c == '"' || c == '\'' {
            let body = rest.get(1..).unwrap_or("");
            let Some(end) = body.find(c) else {
                return Err(format!("unterminated string in '{s}'"));
            };
            out.push(Tok::Str(body.get(..end).unwrap_or("")));
            rest = body.get(end + 1..).unwrap_or("");
            continue;
        }
        if c.is_ascii_digit() || (c == '-' && rest[1..].starts_with(|d: char| d.is_ascii_digit())) {
            let neg = usize::from(c == '-');
            let digits = rest[neg..]
                .find(|d: char| !d.is_ascii_digit())
                .map_or(rest.len(), |i| i + neg);
            // `1.5` is a float, `1..5` is a range: only a dot followed by a digit continues.
            let mut end = digits;
            if rest[digits..].starts_with('.')
                && rest[digits + 1..].starts_with(|d: char| d.is_ascii_digit())
            {
                end = rest[digits + 1..]
                    .find(|d: char| !d.is_ascii_digit())
                    .map_or(rest.len(), |i| i + digits + 1);
                let f: f64 = rest[..end]
                    .parse()
                    .map_err(|_| format!("bad number in '{s}'"))?;
                out.push(Tok::Float(f));
            } else {
                match rest[..end].parse::<i64>() {
                    Ok(i) => out.push(Tok::Int(i)),
                    Err(_) => out.push(Tok::Float(rest[..end].parse().unwrap_or(0.0))),
                }
            }
            rest = &rest[end..];
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let mut end = rest
                .find(|d: char| !(d.is_ascii_alphanumeric() || d == '_' || d == '-'))
                .unwrap_or(rest.len());
            if rest[end..].starts_with('?') {
                end += 1;
            }
            out.push(Tok::Ident(&rest[..end]));
            rest = &rest[end..];
            continue;
        }
        const PUNCT: [&str; 16] = [
            "..", "==", "!=", "<>", "<=", ">=", "<", ">", ".", "[", "]", "(", ")", "|", ":", ",",
        ];
        let Some(p) = PUNCT.iter().find(|p| rest.starts_with(**p)) else {
            return Err(format!("unexpected character '{c}' in '{s}'"));
        };
        out.push(Tok::Punct(p));
        rest = &rest[p.len()..];
    }
    Ok(out)
}

/// A token as the author wrote it, for messages.
fn describe(t: Option<&Tok>) -> String {
    match t {
        Some(Tok::Str(s)) => format!("string \"{s}\""),
        Some(Tok::Int(i)) => format!("number {i}"),
        Some(Tok::Float(f)) => format!("number {f}"),
        Some(Tok::Ident(w)) => format!("word '{w}'"),
        Some(Tok::Punct(p)) => format!("'{p}'"),
        None => "end".into(),
    }
}

/// A cursor over tokens.
pub(crate) struct Parser<'t, 'a> {
    toks: &'t [Tok<'a>],
    at: usize,
    /// `(`/`[` open around the current token: operands recurse, so this is bounded.
    depth: usize,
}

impl<'t, 'a> Parser<'t, 'a> {
    pub(crate) fn new(toks: &'t [Tok<'a>]) -> Self {
        Parser {
            toks,
            at: 0,
            depth: 0,
        }
    }
    pub(crate) fn peek(&self) -> Option<&Tok<'a>> {
        self.toks.get(self.at)
    }
    pub(crate) fn next(&mut self) -> Option<&Tok<'a>> {
        let t = self.toks.get(self.at);
        self.at += 1;
        t
    }
    pub(crate) fn is_done(&self) -> bool {
        self.at >= self.toks.len()
    }
    pub(crate) fn eat(&mut self, p: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Punct(q)) if *q == p) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    pub(crate) fn eat_ident(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(w)) if *w == word) {
            self.at += 1;
            true
        } else {
            false
        }
    }
    pub(crate) fn ident(&mut self) -> Option<&'a str> {
        match self.peek() {
            Some(Tok::Ident(w)) => {
                let w = *w;
                self.at += 1;
                Some(w)
            }
            _ => None,
        }
    }

    pub(crate) fn operand(&mut self) -> Result<Operand, String> {
        if self.depth >= MAX_DEPTH {
            return Err(format!(
                "nesting too deep: more than {MAX_DEPTH} brackets inside each other"
            ));
        }
        self.depth += 1;
        let o = self.operand_inner();
        self.depth -= 1;
        o
    }

    fn operand_inner(&mut self) -> Result<Operand, String> {
        let tok = self.next().cloned();
        let base = match tok {
            Some(Tok::Str(s)) => return Ok(Operand::Lit(Value::String(s.to_owned()))),
            Some(Tok::Int(i)) => return Ok(Operand::Lit(Value::from(i))),
            Some(Tok::Float(f)) => return Ok(Operand::Lit(Value::from(f))),
            Some(Tok::Punct("(")) => {
                let a = self.operand()?;
                if !self.eat("..") {
                    return Err("expected '..' in a range".into());
                }
                let b = self.operand()?;
                if !self.eat(")") {
                    return Err("expected ')' after a range".into());
                }
                return Ok(Operand::Range(Box::new(a), Box::new(b)));
            }
            Some(Tok::Punct("[")) => {
                let key = self.operand()?;
                if !self.eat("]") {
                    return Err("expected ']'".into());
                }
                Segment::Index(key)
            }
            Some(Tok::Ident(w)) => {
                let lit = match w {
                    "true" => Some(Operand::Lit(Value::Bool(true))),
                    "false" => Some(Operand::Lit(Value::Bool(false))),
                    "nil" | "null" => Some(Operand::Lit(Value::Null)),
                    "empty" => Some(Operand::Empty),
                    "blank" => Some(Operand::Blank),
                    _ => None,
                };
                if let Some(lit) = lit {
                    if !matches!(self.peek(), Some(Tok::Punct(".") | Tok::Punct("["))) {
                        return Ok(lit);
                    }
                }
                Segment::Key(w.to_owned())
            }
            Some(t) => return Err(format!("unexpected {}", describe(Some(&t)))),
            None => return Err("expected a value".into()),
        };
        let mut path = vec![base];
        loop {
            if self.eat(".") {
                match self.ident() {
                    Some(w) => path.push(Segment::Key(w.to_owned())),
                    None => return Err("expected a name after '.'".into()),
                }
            } else if self.eat("[") {
                let key = self.operand()?;
                if !self.eat("]") {
                    return Err("expected ']'".into());
                }
                path.push(Segment::Index(key));
            } else {
                break;
            }
        }
        Ok(Operand::Var(path))
    }

    /// `| name: arg, key: arg` chains, strictly as Liquid's strict parser reads them; anything
    /// else is `Err` and the caller falls back to the lax reading (`lax::output`).
    pub(crate) fn filters(&mut self) -> Result<Vec<Filter>, String> {
        let mut filters = Vec::new();
        while self.eat("|") {
            let name = self.ident().ok_or("expected a filter name after '|'")?;
            let mut f = Filter {
                name: name.to_owned(),
                args: Vec::new(),
                kwargs: Vec::new(),
            };
            if self.eat(":") {
                loop {
                    if let (Some(Tok::Ident(k)), Some(Tok::Punct(":"))) =
                        (self.toks.get(self.at).cloned(), self.toks.get(self.at + 1))
                    {
                        self.at += 2;
                        f.kwargs.push((k.to_owned(), self.operand()?));
                    } else {
                        f.args.push(self.operand()?);
                    }
                    if !self.eat(",") {
                        break;
                    }
                }
            }
            filters.push(f);
        }
        if !self.is_done() {
            return Err(format!("unexpected {}", describe(self.peek())));
        }
        Ok(filters)
    }

    pub(crate) fn condition(&mut self) -> Result<Condition, String> {
        // Read in a loop and grouped from the right; the tree is as deep as the chain is long,
        // and evaluating and dropping it recurse, so the chain is bounded.
        let mut chain = vec![(self.comparison()?, None)];
        loop {
            let and = if self.eat_ident("and") {
                true
            } else if self.eat_ident("or") {
                false
            } else {
                break;
            };
            if chain.len() >= MAX_DEPTH {
                return Err(format!(
                    "nesting too deep: more than {MAX_DEPTH} conditions joined by and/or"
                ));
            }
            if let Some(last) = chain.last_mut() {
                last.1 = Some(and);
            }
            chain.push((self.comparison()?, None));
        }
        let mut it = chain.into_iter().rev();
        // `chain` starts with one item and only grows.
        let (mut cond, _) = it.next().ok_or("expected a condition")?;
        for (left, and) in it {
            cond = if and == Some(true) {
                Condition::And(Box::new(left), Box::new(cond))
            } else {
                Condition::Or(Box::new(left), Box::new(cond))
            };
        }
        Ok(cond)
    }

    fn comparison(&mut self) -> Result<Condition, String> {
        let a = self.operand()?;
        let op = match self.peek() {
            Some(Tok::Punct("==")) => CmpOp::Eq,
            Some(Tok::Punct("!=" | "<>")) => CmpOp::Ne,
            Some(Tok::Punct("<")) => CmpOp::Lt,
            Some(Tok::Punct(">")) => CmpOp::Gt,
            Some(Tok::Punct("<=")) => CmpOp::Le,
            Some(Tok::Punct(">=")) => CmpOp::Ge,
            Some(Tok::Ident("contains")) => CmpOp::Contains,
            Some(Tok::Ident("and" | "or")) | None => return Ok(Condition::Test(a)),
            Some(t) => return Err(format!("unknown operator {}", describe(Some(t)))),
        };
        self.at += 1;
        let b = self.operand()?;
        Ok(Condition::Cmp(a, op, b))
    }
}

/// `{{ … }}` markup, strictly: `Err` where Liquid's strict parser refuses it.
pub(crate) fn parse_output(markup: &str) -> Result<Expr, String> {
    let toks = lex(markup)?;
    if toks.is_empty() {
        return Ok(Expr {
            base: Operand::Lit(Value::Null),
            filters: Vec::new(),
        });
    }
    let mut p = Parser::new(&toks);
    let base = p.operand()?;
    let filters = p.filters()?;
    Ok(Expr { base, filters })
}

/// `{{ … }}` markup as Jekyll reads it (`error_mode: warn`): strictly, else leniently with
/// the strict parser's complaint returned for a warning (`{{{ x }}}` renders `}`).
pub(crate) fn read_output(markup: &str) -> (Expr, Option<String>) {
    match parse_output(markup) {
        Ok(e) => (e, None),
        Err(m) => (super::lax::output(markup), Some(m)),
    }
}

/// A full condition (`if`, `elsif`, `unless`, `where_exp`): strict, as Liquid is.
pub(crate) fn parse_condition(markup: &str) -> Result<Condition, String> {
    let toks = lex(markup)?;
    let mut p = Parser::new(&toks);
    let c = p.condition()?;
    if !p.is_done() {
        return Err(format!(
            "unexpected {} in condition '{markup}'",
            describe(p.peek())
        ));
    }
    Ok(c)
}
