//! kramdown tables, rewritten as the GFM table pulldown-cmark reads into the same rows.
//!
//! Jekyll 4.3.1 reads tables with kramdown's rules under both `input: GFM` (the default) and
//! `input: kramdown` (measured; `kramdown-parser-gfm` keeps kramdown's table parser):
//! - A table starts after a blank line (not straight after a paragraph or a heading) on a line
//!   with a `|` that is not escaped, and runs while lines have one; the line after it must be
//!   blank, else none of it is a table (it is a paragraph).
//! - Every line needs a `|` outside code spans; `a | b` alone between blank lines is a one-row
//!   table, `| text` a one-cell one.
//! - The first separator line (`|---|:--|`, any cell count) ends the header; later ones start a
//!   new body, `|===|` starts the footer. Rows get the cell count of the widest row.
//! - A table needs a body: a header and its separator alone are a paragraph.
//! - A `|` inside a code span is text (GFM would split the cell there).
//! - A quote's lines are a document of their own: `> a | b` is a table too (`rewrite_table_in`).
//!   In a list item hanmoto keeps the text (kramdown's table there can show a link's source).
//!
//! The model has no body groups or footer: every row after the header is a row.

use super::rewrite::{Line, Rewritten};
use crate::document::Alignment;

/// Rewrites the table starting at `lines[i]` (after a blank line) and returns the index of the
/// line after it; `None` (nothing written) when kramdown reads no table there.
pub(super) fn rewrite_table(lines: &[Line], i: usize, out: &mut Rewritten) -> Option<usize> {
    rewrite_table_in(lines, i, "", out)
}

/// As `rewrite_table`, for lines whose container marker (`> ` of a quote) was cut off: `prefix`
/// starts every line written.
pub(super) fn rewrite_table_in(
    lines: &[Line],
    i: usize,
    prefix: &str,
    out: &mut Rewritten,
) -> Option<usize> {
    let table = read_table(lines, i)?;
    let first = lines.get(i)?;
    let indent = format!("{prefix}{}", first.indent_str());
    let indent = indent.as_str();
    let columns = table.columns();
    let newline = if first.ending.is_empty() {
        "\n"
    } else {
        first.ending
    };
    let empty = Row {
        start: first.start,
        cells: Vec::new(),
    };
    // A GFM table needs a header row: an empty one, which the tree drops.
    let header = table.header.as_ref().unwrap_or(&empty);
    write_row(out, indent, columns, header, newline);
    let header_at = header.start;
    let mut delimiter = String::from(indent);
    delimiter.push('|');
    for c in 0..columns {
        delimiter.push_str(
            match table.alignments.get(c).copied().unwrap_or(Alignment::None) {
                Alignment::None => "---|",
                Alignment::Left => ":--|",
                Alignment::Right => "--:|",
                Alignment::Center => ":-:|",
            },
        );
    }
    delimiter.push_str(newline);
    out.insert(header_at, &delimiter);
    let last = table.rows.len().saturating_sub(1);
    for (n, row) in table.rows.iter().enumerate() {
        let ending = if n == last {
            lines.get(table.end - 1).map_or("", |l| l.ending)
        } else {
            newline
        };
        write_row(out, indent, columns, row, ending);
    }
    Some(table.end)
}

/// One GFM row of `columns` cells, each reported at its place on the author's line.
fn write_row(out: &mut Rewritten, indent: &str, columns: usize, row: &Row, ending: &str) {
    out.insert(row.start, &format!("{indent}|"));
    for c in 0..columns {
        match row.cells.get(c) {
            Some(&(at, cell)) => {
                out.insert(row.start + at, &format!(" {} |", escape_code_pipes(cell)));
            }
            None => out.insert(row.start, "  |"),
        }
    }
    out.insert(row.start, ending);
}

/// A line pulldown-cmark could take for a GFM delimiter row though kramdown reads no table
/// there (after a paragraph line, or in a table kramdown rejected): its first `-` is escaped,
/// so the lines stay the paragraph they are on the blog.
pub(super) fn defuse_delimiter_row(line: &Line, out: &mut Rewritten) -> bool {
    let t = line.text.trim();
    let looks = t.contains('|')
        && t.contains('-')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
    let Some(dash) = line.text.find('-').filter(|_| looks) else {
        return false;
    };
    out.copy(line.start, &line.text[..dash]);
    out.insert(line.start + dash, "\\");
    out.copy(line.start + dash, &line.text[dash..]);
    out.copy(line.start + line.text.len(), line.ending);
    true
}

/// One row: the body offset of its line, and each cell's offset in the line and text.
#[derive(Debug)]
struct Row<'a> {
    start: usize,
    cells: Vec<(usize, &'a str)>,
}

#[derive(Debug)]
struct Table<'a> {
    header: Option<Row<'a>>,
    rows: Vec<Row<'a>>,
    alignments: Vec<Alignment>,
    /// Index of the line after the table.
    end: usize,
}

impl Table<'_> {
    fn columns(&self) -> usize {
        self.header
            .iter()
            .chain(self.rows.iter())
            .map(|r| r.cells.len())
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

fn read_table<'a>(lines: &[Line<'a>], i: usize) -> Option<Table<'a>> {
    let first = lines.get(i)?;
    if first.indent() > 3 || !starts_table(first.text.trim_start()) {
        return None;
    }
    let end = i + lines
        .get(i..)?
        .iter()
        .take_while(|l| has_table_pipe(l.text))
        .count();
    // The table must end at a block boundary: a blank line (block IALs are blank by now), an
    // end-of-block `^`, or the end of the body.
    if lines
        .get(end)
        .is_some_and(|l| !l.is_blank() && l.text.trim() != "^")
    {
        return None;
    }
    let leading_pipe = first.text.trim_start().starts_with('|');
    let mut head: Vec<Row> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut pending: Vec<Row> = Vec::new();
    let mut alignments: Option<Vec<Alignment>> = None;
    let mut has_footer = false;
    let mut has_body = false;
    for line in lines.get(i..end)? {
        if !has_pipe_outside_code(line.text) {
            return None;
        }
        if is_separator(line.text, '-') {
            if pending.is_empty() {
                // Separator lines before any row, or twice in a row, are ignored.
            } else if alignments.is_none() && !has_footer {
                head.append(&mut pending);
                alignments = Some(read_alignments(line.text));
            } else if !has_footer {
                has_body = true;
                rows.append(&mut pending);
            }
        } else if is_separator(line.text, '=') {
            if !pending.is_empty() {
                has_body = true;
                rows.append(&mut pending);
            }
            has_footer = true;
        } else {
            pending.push(Row {
                start: line.start,
                cells: split_cells(line.text, leading_pipe),
            });
        }
    }
    if !pending.is_empty() {
        has_body |= !has_footer;
        rows.append(&mut pending);
    }
    if !has_body {
        return None;
    }
    let mut head = head.into_iter();
    let header = head.next();
    // More than one header row: the model has one; the others lead the body.
    let mut all_rows: Vec<_> = head.collect();
    all_rows.extend(rows);
    Some(Table {
        header,
        rows: all_rows,
        alignments: alignments.unwrap_or_default(),
        end,
    })
}

/// Lines that are another block before they can be a table row.
fn starts_table(t: &str) -> bool {
    let list_marker = t
        .strip_prefix(['-', '*', '+'])
        .or_else(|| {
            let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            t.get(digits..)
                .filter(|_| digits > 0)
                .and_then(|r| r.strip_prefix(['.', ')']))
        })
        .is_some_and(|rest| rest.starts_with([' ', '\t']));
    has_table_pipe(t) && !list_marker && !t.starts_with(['#', '>', '<'])
}

/// kramdown's `TABLE_PIPE_CHECK`: the line starts with `|` or has a `|` after a character that
/// is not `\`.
fn has_table_pipe(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('|')
        || t.as_bytes()
            .windows(2)
            .any(|w| w[1] == b'|' && w[0] != b'\\')
}

/// `|---|:-:|` (`-` separator) or `|===|` (`=`, footer): only `|+: -` (or `=`) and tabs.
fn is_separator(line: &str, mark: char) -> bool {
    line.contains(mark)
        && line
            .chars()
            .all(|c| c == mark || matches!(c, '|' | '+' | ':' | ' ' | '\t'))
}

/// kramdown's `TABLE_HSEP_ALIGN` over the separator line: each run of `-`, with a `:` right
/// before it (left), right after it (right), or both (center).
fn read_alignments(line: &str) -> Vec<Alignment> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut consumed_to = 0;
    while i < b.len() {
        if b[i] != b'-' {
            i += 1;
            continue;
        }
        let left = i > consumed_to && b[i - 1] == b':';
        while b.get(i) == Some(&b'-') {
            i += 1;
        }
        let right = b.get(i) == Some(&b':');
        if right {
            i += 1;
        }
        consumed_to = i;
        out.push(match (left, right) {
            (false, false) => Alignment::None,
            (true, false) => Alignment::Left,
            (false, true) => Alignment::Right,
            (true, true) => Alignment::Center,
        });
    }
    out
}

/// The code spans of a line: byte ranges from the opening to past the closing backticks.
fn code_spans(line: &str) -> Vec<std::ops::Range<usize>> {
    let b = line.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let open = i;
        while b.get(i) == Some(&b'`') {
            i += 1;
        }
        let run = i - open;
        // The closing run: exactly as many backticks.
        let mut j = i;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let s = j;
                while b.get(j) == Some(&b'`') {
                    j += 1;
                }
                if j - s == run {
                    close = Some(j);
                    break;
                }
            } else {
                j += 1;
            }
        }
        if let Some(end) = close {
            spans.push(open..end);
            i = end;
        }
    }
    spans
}

/// Positions of the `|` that split cells: not escaped, not in a code span.
fn cell_pipes(line: &str) -> Vec<usize> {
    let spans = code_spans(line);
    let b = line.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
        .filter(|i| !spans.iter().any(|s| s.contains(i)))
        .collect()
}

fn has_pipe_outside_code(line: &str) -> bool {
    !cell_pipes(line).is_empty()
}

/// kramdown's cells of a row line: split at its pipes, the empty cell before a leading pipe
/// (when the table's first line has one) and after a trailing pipe dropped, each trimmed.
fn split_cells(line: &str, leading_pipe: bool) -> Vec<(usize, &str)> {
    let mut bounds = Vec::new();
    let mut from = 0;
    for p in cell_pipes(line) {
        bounds.push(from..p);
        from = p + 1;
    }
    bounds.push(from..line.len());
    let blank = |r: &std::ops::Range<usize>| line[r.clone()].trim().is_empty();
    if leading_pipe && bounds.first().is_some_and(blank) {
        bounds.remove(0);
    }
    if bounds.len() > 1 && bounds.last().is_some_and(blank) {
        bounds.pop();
    }
    bounds
        .into_iter()
        .map(|r| {
            let cell = &line[r.clone()];
            let lead = cell.len() - cell.trim_start().len();
            (r.start + lead, cell.trim())
        })
        .collect()
}

/// GFM splits cells at a `|` even inside a code span unless it is escaped, and takes the
/// backslash of `\|` away there; kramdown keeps a code span as typed. So every `|` in a code span
/// gets one more backslash (`\\|` reads back as `\|`).
fn escape_code_pipes(cell: &str) -> String {
    let spans = code_spans(cell);
    let mut out = String::with_capacity(cell.len());
    for (i, c) in cell.char_indices() {
        if c == '|' && spans.iter().any(|s| s.contains(&i)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::rewrite::lines;
    use super::*;

    fn rewritten(src: &str) -> String {
        let lines = lines(src);
        let mut out = Rewritten::default();
        match rewrite_table(&lines, 0, &mut out) {
            Some(_) => out.text,
            None => "(no table)".into(),
        }
    }

    #[test]
    fn short_separator_line_gets_the_header_cell_count() {
        assert_eq!(
            rewritten("| a | b | c |\n| -- | --|\n| 1 | 2 | 3 |\n"),
            "| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n"
        );
    }

    #[test]
    fn separator_and_footer_lines_in_the_body_are_dropped() {
        assert_eq!(
            rewritten("| h |\n|---|\n| r1 |\n|---|\n| r2 |\n|===|\n| f |\n"),
            "| h |\n|---|\n| r1 |\n| r2 |\n| f |\n"
        );
    }

    #[test]
    fn table_without_separator_gets_an_empty_header() {
        assert_eq!(rewritten("a | b\n"), "|  |  |\n|---|---|\n| a | b |\n");
    }

    #[test]
    fn alignment_comes_from_the_colons() {
        assert_eq!(
            rewritten("|a|b|c|d|\n|:--|--:|:-:|---|\n|1|2|3|4|\n"),
            "| a | b | c | d |\n|:--|--:|:-:|---|\n| 1 | 2 | 3 | 4 |\n"
        );
    }

    #[test]
    fn pipe_in_a_code_span_stays_in_its_cell() {
        assert_eq!(
            rewritten("| `a|b` | c |\n"),
            "|  |  |\n|---|---|\n| `a\\|b` | c |\n"
        );
    }

    #[test]
    fn escaped_pipe_in_a_code_span_keeps_its_backslash() {
        assert_eq!(rewritten("| `c\\|d` |\n"), "|  |\n|---|\n| `c\\\\|d` |\n");
    }

    #[test]
    fn header_and_separator_alone_are_no_table() {
        assert_eq!(rewritten("| a | b |\n|---|---|\n"), "(no table)");
    }

    #[test]
    fn table_followed_by_a_text_line_is_no_table() {
        assert_eq!(
            rewritten("| a | b |\n|---|---|\n| 1 | 2 |\ntext\n"),
            "(no table)"
        );
    }

    #[test]
    fn line_with_pipes_only_in_code_is_no_table() {
        assert_eq!(rewritten("Use `a|b` here\n"), "(no table)");
    }

    #[test]
    fn list_items_and_headings_are_not_tables() {
        assert_eq!(rewritten("- a | b\n"), "(no table)");
        assert_eq!(rewritten("# a | b\n"), "(no table)");
    }

    #[test]
    fn escaped_pipe_is_no_cell_boundary() {
        let cells: Vec<&str> = split_cells("| x \\| y | z |", true)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(cells, vec!["x \\| y", "z"]);
    }
}
