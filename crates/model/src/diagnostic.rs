//! Diagnostics: what went wrong (or looks wrong) in the user's files, with a place.
//!
//! The library never prints: every stage pushes `Diagnostic`s into a `Diagnostics` sink and the
//! CLI renders them with the source line.

use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// A place in a user's file. Lines and columns are 1-based; columns count characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
}

impl Span {
    pub fn new(file: impl Into<PathBuf>, line: u32, column: u32) -> Self {
        Span {
            file: file.into(),
            line,
            column,
        }
    }
    /// A whole file, for problems that have no better place.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Span {
            file: file.into(),
            line: 0,
            column: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable short name for the kind of problem (`yaml`, `liquid-unknown-tag`, …): tests and
    /// `--strict` users can rely on it where the wording may change.
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
    /// The text of the line `span` points at, read when the diagnostic was made.
    pub source_line: Option<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, message)
    }
    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span: None,
            source_line: None,
            hint: None,
        }
    }
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }
    /// Places the diagnostic at `line`/`column` of `file`, whose text is `source`, keeping the
    /// source line for the snippet.
    pub fn at_line(mut self, file: &Path, source: &str, line: u32, column: u32) -> Self {
        self.source_line = line
            .checked_sub(1)
            .and_then(|i| source.lines().nth(i as usize))
            .map(str::to_owned);
        self.span = Some(Span::new(file, line, column));
        self
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        if let Some(span) = &self.span {
            write!(f, "{}", span.file.display())?;
            if span.line > 0 {
                write!(f, ":{}:{}", span.line, span.column)?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{sev}[{}]: {}", self.code, self.message)
    }
}

/// A thread-safe sink: posts are read in parallel and each pushes its own findings.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&self, d: Diagnostic) {
        self.lock().push(d);
    }
    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.lock().extend(ds);
    }
    /// All diagnostics, ordered by file and line so output is stable whatever the thread order.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut v = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        v.sort_by(|a, b| {
            let ka = a.span.as_ref().map(|s| (s.file.clone(), s.line, s.column));
            let kb = b.span.as_ref().map(|s| (s.file.clone(), s.line, s.column));
            ka.cmp(&kb)
        });
        v
    }
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Diagnostic>> {
        // A panic while holding the lock cannot leave the Vec inconsistent: keep going.
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }
}
