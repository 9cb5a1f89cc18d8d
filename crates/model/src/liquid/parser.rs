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

/// How a limit's message starts: such an error stops the body instead of being read leniently.
const NESTING: &str = "nesting too deep";

pub(crate) fn nesting_too_deep(pos: Pos) -> Problem {
    Problem::error(
        pos,
        format!(
            "nesting too deep: more than {MAX_DEPTH} blocks inside each other (Liquid's limit)"
        ),
    )
    .with_hint("close some blocks; Jekyll stops here too")
    .stopping()
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

/// `Err` only for Liquid's limits (nesting depth); every syntax error is a warning.
pub(crate) fn parse(text: &str) -> Result<Parsed, Problem> {
    let lexed = lexer::tokenize(text);
    let mut p = TreeParser::new(lexed.tokens);
    p.warnings = lexed.warnings;
    let (nodes, _) = p.block(&[])?;
    p.warnings.sort_by_key(|w| (w.pos.line, w.pos.col));
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
                    let expr = self.output(&format!("{{{{{markup}}}}}"), markup, pos)?;
                    nodes.push(Node::Output { expr, pos });
                }
                Token::Tag { name, markup, pos } => {
                    if stop.contains(&name) {
                        return Ok((nodes, Some((name, markup, pos))));
                    }
                    match self.tag(name, markup, pos) {
                        Ok(Some(n)) => nodes.push(n),
                        Ok(None) => {}
                        Err(p) if p.stops => return Err(p),
                        // Jekyll stops the build at the tag; the post stays in our book.
                        Err(p) => self.warnings.push(Problem {
                            error: false,
                            code: "liquid-lax",
                            message: format!(
                                "{}: Jekyll stops the build here; hanmoto removes the tag",
                                p.message
                            ),
                            ..p
                        }),
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
            // Ended by the end of the text: the tag name is "".
            (nodes, None) => {
                self.warnings.push(Problem::lax(
                    pos,
                    format!("'{opener}' tag was never closed: Jekyll stops the build here; hanmoto closes it at the end of the text"),
                ));
                Ok((nodes, "", "", pos))
            }
        }
    }

    /// Output markup as Jekyll reads it; a lax reading is a warning. `shown` is the markup as
    /// the author wrote it, for the message.
    fn output(&mut self, shown: &str, markup: &str, pos: Pos) -> Result<Expr, Problem> {
        let (expr, complaint) = expr::read_output(markup);
        if let Some(why) = complaint {
            if why.starts_with(NESTING) {
                return Err(Problem::error(pos, why).stopping());
            }
            self.warnings.push(Problem::lax(
                pos,
                format!("'{shown}' is not valid Liquid ({why}); read leniently, as Jekyll does"),
            ));
        }
        self.check_filters(&expr, pos);
        Ok(expr)
    }

    /// An `if`/`elsif`/`unless` condition as Jekyll reads it: strictly, else leniently with a
    /// warning; where Jekyll stops (no condition, an unknown operator), a warning and a
    /// best guess (`=` compares, anything else is false).
    fn condition(&mut self, tag: &str, markup: &str, pos: Pos) -> Result<Condition, Problem> {
        let why = match parse_cond(tag, markup, pos) {
            Ok(c) => return Ok(c),
            Err(p) if p.message.contains(NESTING) => return Err(p.stopping()),
            Err(p) => p.message,
        };
        match super::lax::condition(markup) {
            Some(lax) => {
                let msg = match &lax.unknown_operator {
                    Some(op) => format!("{why}; Jekyll stops the build at the unknown operator '{op}'; hanmoto reads it as {}", if op.starts_with('=') { "'=='" } else { "false" }),
                    None => format!("{why}; read leniently, as Jekyll does"),
                };
                self.warnings.push(Problem::lax(pos, msg));
                Ok(lax.cond)
            }
            None => {
                self.warnings.push(Problem::lax(
                    pos,
                    format!(
                        "{why}: Jekyll stops the build here; hanmoto reads the condition as false"
                    ),
                ));
                Ok(Condition::Test(Operand::Lit(serde_json::Value::Bool(
                    false,
                ))))
            }
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
                    .or_else(|| super::lax::assign(markup))
                    .ok_or_else(|| err(format!("Syntax Error in 'assign' - Valid syntax: assign [var] = [source] (got '{markup}')")))?;
                let expr = self.output(&format!("{{{{{}}}}}", rhs.trim()), rhs, pos)?;
                Node::Assign {
                    name: var.to_owned(),
                    expr,
                    pos,
                }
            }
            "capture" => {
                let var = markup.trim().trim_matches(['"', '\'']);
                let var = if is_name(var) {
                    var
                } else if let Some(v) = super::lax::first_signature(markup) {
                    v
                } else {
                    self.warnings.push(Problem::lax(pos, "Syntax Error in 'capture' - Valid syntax: capture [var]: Jekyll stops the build here; hanmoto drops the captured text"));
                    ""
                };
                let (body, ..) = self.body("capture", pos, &["endcapture"])?;
                Node::Capture {
                    name: var.to_owned(),
                    body,
                    pos,
                }
            }
            "if" | "unless" => {
                let end = if name == "if" { "endif" } else { "endunless" };
                let mut cond = self.condition(name, markup, pos)?;
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
                        "elsif" if !in_else => cond = self.condition("elsif", m, p)?,
                        "else" if !in_else => in_else = true,
                        t if t == end || t.is_empty() => break,
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
                // Liquid reads `case` and `when` with regular expressions only (no warning).
                let subject = single_operand(markup).unwrap_or_else(|m| {
                    match super::lax::fragments(markup).first() {
                        Some(f) => super::lax::expression(f),
                        None => {
                            self.warnings.push(Problem::lax(pos, format!("Syntax Error in 'case' - {m}: Jekyll stops the build here; hanmoto compares with nil")));
                            Operand::Lit(serde_json::Value::Null)
                        }
                    }
                });
                let (_, mut tag, mut m, mut p) =
                    self.body("case", pos, &["when", "else", "endcase"])?;
                let mut whens = Vec::new();
                let mut otherwise = Vec::new();
                loop {
                    match tag {
                        "when" => {
                            let values = when_values(m)
                                .ok()
                                .or_else(|| super::lax::when_values(m))
                                .unwrap_or_else(|| {
                                    self.warnings.push(Problem::lax(p, format!("Syntax Error in tag 'case' - bad 'when {m}': Jekyll stops the build here; hanmoto skips this branch")));
                                    Vec::new()
                                });
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
                let mut lp = self.for_header(markup, pos);
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
            "cycle" => cycle(markup, pos)
                .ok()
                .or_else(|| super::lax::cycle(markup, pos))
                .ok_or_else(|| err(format!("Syntax Error in 'cycle' - Valid syntax: cycle [name :] var [, var2, var3 ...] (got '{markup}')")))?,
            "echo" => {
                let expr = self.output(&format!("{{% echo {markup} %}}"), markup, pos)?;
                Node::Output { expr, pos }
            }
            "else" | "elsif" | "when" | "endraw" | "endcomment" => {
                self.warnings.push(Problem::lax(
                    pos,
                    format!("'{name}' outside the block it belongs to: Jekyll stops the build here; hanmoto removes the tag"),
                ));
                return Ok(None);
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
                self.warnings.push(Problem::lax(
                    pos,
                    format!("Unknown tag '{name}' (no open '{opener}'): Jekyll stops the build here; hanmoto removes the tag"),
                ));
                return Ok(None);
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

    /// A `for` header as Jekyll reads it: strictly, else leniently with a warning; where
    /// Jekyll stops (no `x in y`), a warning and a loop over nothing (its `else` renders).
    fn for_header(&mut self, markup: &str, pos: Pos) -> ForLoop {
        let why = match for_header(markup) {
            Ok(lp) => return lp,
            Err(m) => format!("Syntax Error in 'for loop' - {m}"),
        };
        let lax = super::lax::for_header(markup);
        let msg = if lax.is_some() {
            format!("{why}; read leniently, as Jekyll does")
        } else {
            format!("{why}: Jekyll stops the build here; hanmoto loops over nothing")
        };
        self.warnings.push(Problem::lax(pos, msg));
        let lax = lax.unwrap_or(super::lax::LaxFor {
            var: String::new(),
            source: Operand::Lit(serde_json::Value::Null),
            reversed: false,
            limit: None,
            offset: None,
        });
        ForLoop {
            var: lax.var,
            source: lax.source,
            limit: lax.limit,
            offset: lax.offset,
            reversed: lax.reversed,
            body: Vec::new(),
            otherwise: Vec::new(),
            pos,
        }
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
