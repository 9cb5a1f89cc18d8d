//! Tokens → a tree of `Node`s. Knows every tag hanmoto renders; any other tag is a plugin tag
//! we do not have: it is removed with a warning (a block form `{% x %}…{% endx %}` keeps its
//! rendered content), never an error, so one exotic plugin does not cost a whole chapter.

use super::expr::{self, Condition, Expr, Operand};
use super::lexer::{self, Token};
use super::limits::MAX_DEPTH;
use super::tag_markup::{
    cycle, for_header, include, is_name, markup_arg, parse_cond, single_operand, when_values,
};
use super::{Pos, Problem};
use std::collections::HashMap;

pub(crate) fn nesting_too_deep(pos: Pos) -> Problem {
    Problem::error(
        pos,
        format!(
            "nesting too deep: more than {MAX_DEPTH} blocks inside each other (Liquid's limit)"
        ),
    )
    .with_hint("close some blocks; Jekyll stops here too")
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Text(String),
    Output {
        expr: Expr,
        pos: Pos,
    },
    Assign {
        name: String,
        expr: Expr,
        pos: Pos,
    },
    Capture {
        name: String,
        body: Vec<Node>,
        pos: Pos,
    },
    If {
        branches: Vec<(Condition, Vec<Node>)>,
        otherwise: Vec<Node>,
        pos: Pos,
    },
    Case {
        subject: Operand,
        whens: Vec<(Vec<Operand>, Vec<Node>)>,
        otherwise: Vec<Node>,
        pos: Pos,
    },
    For(Box<ForLoop>),
    Break,
    Continue,
    /// `increment` (step 1, prints before) and `decrement` (step -1, prints after).
    Counter {
        name: String,
        step: i64,
        pos: Pos,
    },
    Cycle {
        key: String,
        values: Vec<Operand>,
        pos: Pos,
    },
    Include(Box<Include>),
    Highlight {
        lang: Option<String>,
        linenos: bool,
        body: Vec<Node>,
        pos: Pos,
    },
    PostUrl {
        target: String,
        pos: Pos,
    },
    Link {
        target: Markup,
        pos: Pos,
    },
    /// The content of an unknown block tag, kept.
    Block(Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ForLoop {
    pub var: String,
    pub source: Operand,
    pub limit: Option<Operand>,
    pub offset: Option<Operand>,
    pub reversed: bool,
    pub body: Vec<Node>,
    pub otherwise: Vec<Node>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Include {
    pub relative: bool,
    pub file: Markup,
    pub params: Vec<(String, Operand)>,
    pub pos: Pos,
}

/// A tag argument that Jekyll renders as Liquid first (`{% include {{ page.x }}.html %}`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Markup {
    Literal(String),
    Template(Vec<Node>),
}

/// Tags this module implements; anything else found in a body is an unknown plugin tag.
pub(crate) const KNOWN_TAGS: &[&str] = &[
    "assign",
    "capture",
    "endcapture",
    "if",
    "elsif",
    "else",
    "endif",
    "unless",
    "endunless",
    "case",
    "when",
    "endcase",
    "for",
    "endfor",
    "break",
    "continue",
    "increment",
    "decrement",
    "cycle",
    "echo",
    "liquid",
    "raw",
    "endraw",
    "comment",
    "endcomment",
    "include",
    "include_relative",
    "highlight",
    "endhighlight",
    "post_url",
    "link",
];

pub(crate) struct Parsed {
    pub nodes: Vec<Node>,
    pub warnings: Vec<Problem>,
}

pub(crate) fn parse(text: &str) -> Result<Parsed, Problem> {
    let tokens = lexer::tokenize(text)?;
    let mut p = TreeParser::new(tokens);
    let (nodes, end) = p.block(&[])?;
    if let Some((name, _, pos)) = end {
        return Err(Problem::error(pos, format!("Unknown tag '{name}'")));
    }
    Ok(Parsed {
        nodes,
        warnings: p.warnings,
    })
}

type End<'a> = Option<(&'a str, &'a str, Pos)>;

struct TreeParser<'a> {
    tokens: Vec<Token<'a>>,
    at: usize,
    /// For each `end<x>` tag name, the token indices where it occurs (sorted).
    ends: HashMap<&'a str, Vec<usize>>,
    warnings: Vec<Problem>,
    /// Blocks open around the current token; bounded so that recursion cannot overflow.
    depth: usize,
}

impl<'a> TreeParser<'a> {
    fn new(tokens: Vec<Token<'a>>) -> Self {
        let mut ends: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, t) in tokens.iter().enumerate() {
            if let Token::Tag { name, .. } = t {
                if name.starts_with("end") {
                    ends.entry(*name).or_default().push(i);
                }
            }
        }
        TreeParser {
            tokens,
            at: 0,
            ends,
            warnings: Vec::new(),
            depth: 0,
        }
    }

    /// Parses nodes until one of `stop` (returned) or the end of input (`None`).
    fn block(&mut self, stop: &[&str]) -> Result<(Vec<Node>, End<'a>), Problem> {
        let mut nodes = Vec::new();
        while let Some(tok) = self.tokens.get(self.at).cloned() {
            self.at += 1;
            match tok {
                Token::Text(s) => nodes.push(Node::Text(s.to_owned())),
                Token::Output { markup, pos } => {
                    let expr = expr::parse_output(markup).map_err(|m| Problem::error(pos, m))?;
                    self.check_filters(&expr, pos);
                    nodes.push(Node::Output { expr, pos });
                }
                Token::Tag { name, markup, pos } => {
                    if stop.contains(&name) {
                        return Ok((nodes, Some((name, markup, pos))));
                    }
                    if let Some(n) = self.tag(name, markup, pos)? {
                        nodes.push(n);
                    }
                }
            }
        }
        Ok((nodes, None))
    }

    /// A block body up to one of `stop`; running out of input is "never closed".
    fn body(
        &mut self,
        opener: &str,
        pos: Pos,
        stop: &[&str],
    ) -> Result<(Vec<Node>, &'a str, &'a str, Pos), Problem> {
        self.enter(pos)?;
        let block = self.block(stop);
        self.depth -= 1;
        match block? {
            (nodes, Some((name, markup, p))) => Ok((nodes, name, markup, p)),
            (_, None) => Err(Problem::error(
                pos,
                format!("'{opener}' tag was never closed"),
            )),
        }
    }

    /// One more block level for the tag at `pos`; Liquid refuses the 101st.
    fn enter(&mut self, pos: Pos) -> Result<(), Problem> {
        if self.depth >= MAX_DEPTH {
            return Err(nesting_too_deep(pos));
        }
        self.depth += 1;
        Ok(())
    }

    fn check_filters(&mut self, e: &Expr, pos: Pos) {
        for f in &e.filters {
            if !super::filters::is_known(&f.name) {
                self.warnings.push(Problem::warning(
                    "liquid",
                    pos,
                    format!("unknown filter '{}' is ignored (as Jekyll does)", f.name),
                ));
            }
        }
    }

    fn tag(&mut self, name: &'a str, markup: &'a str, pos: Pos) -> Result<Option<Node>, Problem> {
        let err = |m: String| Problem::error(pos, m);
        let node = match name {
            "assign" => {
                let (var, rhs) = markup
                    .split_once('=')
                    .map(|(a, b)| (a.trim(), b))
                    .filter(|(a, _)| is_name(a))
                    .ok_or_else(|| err(format!("Syntax Error in 'assign' - Valid syntax: assign [var] = [source] (got '{markup}')")))?;
                let expr = expr::parse_output(rhs).map_err(err)?;
                self.check_filters(&expr, pos);
                Node::Assign {
                    name: var.to_owned(),
                    expr,
                    pos,
                }
            }
            "capture" => {
                let var = markup.trim().trim_matches(['"', '\'']);
                if !is_name(var) {
                    return Err(err(
                        "Syntax Error in 'capture' - Valid syntax: capture [var]".into(),
                    ));
                }
                let (body, ..) = self.body("capture", pos, &["endcapture"])?;
                Node::Capture {
                    name: var.to_owned(),
                    body,
                    pos,
                }
            }
            "if" | "unless" => {
                let end = if name == "if" { "endif" } else { "endunless" };
                let mut cond = parse_cond(name, markup, pos)?;
                if name == "unless" {
                    cond = Condition::Not(Box::new(cond));
                }
                let mut branches = Vec::new();
                let mut otherwise = Vec::new();
                let mut in_else = false;
                loop {
                    let (body, tag, m, p) = self.body(name, pos, &["elsif", "else", end])?;
                    if in_else {
                        otherwise = body;
                    } else {
                        branches.push((cond.clone(), body));
                    }
                    match tag {
                        "elsif" if !in_else => cond = parse_cond("elsif", m, p)?,
                        "else" if !in_else => in_else = true,
                        t if t == end => break,
                        t => return Err(Problem::error(p, format!("Unknown tag '{t}'"))),
                    }
                }
                Node::If {
                    branches,
                    otherwise,
                    pos,
                }
            }
            "case" => {
                let subject = single_operand(markup)
                    .map_err(|m| err(format!("Syntax Error in 'case' - {m}")))?;
                let (_, mut tag, mut m, mut p) =
                    self.body("case", pos, &["when", "else", "endcase"])?;
                let mut whens = Vec::new();
                let mut otherwise = Vec::new();
                loop {
                    match tag {
                        "when" => {
                            let values = when_values(m).map_err(|e| Problem::error(p, e))?;
                            let (body, t, m2, p2) =
                                self.body("case", pos, &["when", "else", "endcase"])?;
                            whens.push((values, body));
                            (tag, m, p) = (t, m2, p2);
                        }
                        "else" => {
                            let (body, t, m2, p2) =
                                self.body("case", pos, &["when", "else", "endcase"])?;
                            otherwise = body;
                            (tag, m, p) = (t, m2, p2);
                        }
                        _ => break,
                    }
                }
                Node::Case {
                    subject,
                    whens,
                    otherwise,
                    pos,
                }
            }
            "for" => {
                let mut lp = for_header(markup)
                    .map_err(|m| err(format!("Syntax Error in 'for loop' - {m}")))?;
                let (body, tag, ..) = self.body("for", pos, &["else", "endfor"])?;
                lp.body = body;
                lp.pos = pos;
                if tag == "else" {
                    lp.otherwise = self.body("for", pos, &["endfor"])?.0;
                }
                Node::For(Box::new(lp))
            }
            "break" => Node::Break,
            "continue" => Node::Continue,
            "increment" | "decrement" => Node::Counter {
                name: markup.trim().to_owned(),
                step: if name == "increment" { 1 } else { -1 },
                pos,
            },
            "cycle" => cycle(markup, pos).map_err(err)?,
            "echo" => {
                let expr = expr::parse_output(markup).map_err(err)?;
                self.check_filters(&expr, pos);
                Node::Output { expr, pos }
            }
            "liquid" => Node::Block(self.liquid_tag(markup, pos)?),
            "include" | "include_relative" => {
                let inc = include(markup, name == "include_relative", pos)?;
                Node::Include(Box::new(inc))
            }
            "highlight" => {
                let mut words = markup.split_whitespace();
                let lang = words
                    .next()
                    .filter(|w| !w.starts_with("linenos"))
                    .map(str::to_owned);
                let linenos = markup
                    .split_whitespace()
                    .any(|w| w == "linenos" || w.starts_with("linenos="));
                let (body, ..) = self.body("highlight", pos, &["endhighlight"])?;
                Node::Highlight {
                    lang,
                    linenos,
                    body,
                    pos,
                }
            }
            "post_url" => Node::PostUrl {
                target: markup.trim().to_owned(),
                pos,
            },
            "link" => Node::Link {
                target: markup_arg(markup.trim(), pos)?,
                pos,
            },
            _ => return self.unknown(name, pos),
        };
        Ok(Some(node))
    }

    fn unknown(&mut self, name: &'a str, pos: Pos) -> Result<Option<Node>, Problem> {
        if let Some(opener) = name.strip_prefix("end") {
            if KNOWN_TAGS.contains(&opener) {
                return Err(Problem::error(
                    pos,
                    format!("Unknown tag '{name}' (no open '{opener}')"),
                ));
            }
        }
        let end = format!("end{name}");
        let is_block = self
            .ends
            .get(end.as_str())
            .is_some_and(|v| v.last().is_some_and(|&i| i >= self.at));
        let what = if is_block {
            format!("unknown Liquid tag '{name}' (a Jekyll plugin?): the tag is removed, its content kept")
        } else {
            format!("unknown Liquid tag '{name}' (a Jekyll plugin?): removed")
        };
        self.warnings
            .push(Problem::warning("liquid-unknown-tag", pos, what));
        if !is_block {
            return Ok(None);
        }
        let stop = [end.as_str()];
        let (body, ..) = self.body(name, pos, &stop)?;
        Ok(Some(Node::Block(body)))
    }

    /// `{% liquid %}`: one tag per line, without delimiters.
    fn liquid_tag(&mut self, markup: &'a str, pos: Pos) -> Result<Vec<Node>, Problem> {
        let mut tokens = Vec::new();
        for (i, line) in markup.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let split = line.find(char::is_whitespace).unwrap_or(line.len());
            let (name, rest) = line.split_at(split);
            let p = Pos {
                line: pos.line.saturating_add(u32::try_from(i).unwrap_or(0)),
                col: pos.col,
            };
            tokens.push(Token::Tag {
                name,
                markup: rest.trim(),
                pos: p,
            });
        }
        let mut sub = TreeParser::new(tokens);
        sub.depth = self.depth;
        sub.enter(pos)?;
        let (nodes, end) = sub.block(&[])?;
        self.warnings.append(&mut sub.warnings);
        if let Some((name, _, p)) = end {
            return Err(Problem::error(p, format!("Unknown tag '{name}'")));
        }
        Ok(nodes)
    }
}
