//! A post's reading text as the differential tests compare it with Jekyll's: the model
//! (`inspect --json` blocks) written one line per block, with the rules of
//! `fixtures/jekyll-reference/extract_text.py`.

use serde_json::Value;
use std::collections::BTreeMap;

/// Math keeps its TeX in the model; Jekyll writes `$…$` as text and `$$…$$` as `\(…\)`/`\[…\]`.
/// Both sides lose the delimiters, and whitespace runs collapse to one space.
pub fn normalise(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let l = l
                .replace("\\(", "")
                .replace("\\)", "")
                .replace("\\[", "")
                .replace("\\]", "")
                .replace('$', "");
            l.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect()
}

pub fn diff(expected: &[String], actual: &[String]) -> String {
    let mut s = String::new();
    let n = expected.len().max(actual.len());
    for i in 0..n {
        let e = expected.get(i).map(String::as_str).unwrap_or("<none>");
        let a = actual.get(i).map(String::as_str).unwrap_or("<none>");
        if e != a {
            s.push_str(&format!(
                "  line {}:\n    jekyll:  {e}\n    hanmoto: {a}\n",
                i + 1
            ));
        }
    }
    s
}

/// The model's reading text, one line per block (and per hard break), footnotes last.
pub fn model_lines(blocks: &Value) -> Vec<String> {
    let mut w = Writer::default();
    w.blocks(blocks);
    w.end_line();
    let notes = std::mem::take(&mut w.footnotes);
    for n in &notes {
        w.blocks(n);
        w.end_line();
    }
    w.lines
}

#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    line: String,
    footnotes: Vec<Value>,
    footnote_numbers: BTreeMap<String, usize>,
}

impl Writer {
    fn end_line(&mut self) {
        let l = std::mem::take(&mut self.line);
        self.lines.push(l);
    }

    fn blocks(&mut self, v: &Value) {
        for b in v.as_array().into_iter().flatten() {
            self.block(b);
        }
    }

    fn block(&mut self, b: &Value) {
        match b["type"].as_str().unwrap_or("") {
            "heading" | "paragraph" => {
                self.end_line();
                self.inlines(&b["content"]);
                self.end_line();
            }
            "list" => {
                for it in b["items"].as_array().into_iter().flatten() {
                    self.end_line();
                    self.blocks(&it["content"]);
                    self.end_line();
                }
            }
            "block_quote" => self.blocks(&b["content"]),
            "definition_list" => {
                for it in b["items"].as_array().into_iter().flatten() {
                    self.end_line();
                    self.inlines(&it["term"]);
                    self.end_line();
                    for d in it["definitions"].as_array().into_iter().flatten() {
                        self.blocks(d);
                        self.end_line();
                    }
                }
            }
            "code_block" => {
                self.end_line();
                for l in b["text"].as_str().unwrap_or("").lines() {
                    self.lines.push(l.trim_end().to_owned());
                }
            }
            "table" => {
                self.end_line();
                let rows =
                    std::iter::once(&b["header"]).chain(b["rows"].as_array().into_iter().flatten());
                for row in rows {
                    let cells: Vec<String> = row
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|c| {
                            let mut w = Writer::default();
                            w.inlines(c);
                            w.line
                        })
                        .collect();
                    self.lines.push(cells.join(" "));
                }
            }
            "figure" => {
                self.blocks(&b["content"]);
                self.end_line();
                self.inlines(&b["caption"]);
                self.end_line();
            }
            "footnote_definition" => self.footnotes.push(b["content"].clone()),
            "math" => {
                self.end_line();
                self.line.push_str(b["tex"].as_str().unwrap_or(""));
                self.end_line();
            }
            "raw_html" => {
                self.end_line();
                self.line.push_str(b["html"].as_str().unwrap_or(""));
                self.end_line();
            }
            // An embed is an <iframe> on the blog: no reading text there.
            _ => {}
        }
    }

    fn inlines(&mut self, v: &Value) {
        for i in v.as_array().into_iter().flatten() {
            match i["type"].as_str().unwrap_or("") {
                "text" | "code" => self.line.push_str(i["text"].as_str().unwrap_or("")),
                "math" => self.line.push_str(i["tex"].as_str().unwrap_or("")),
                "line_break" => self.end_line(),
                "ruby" => {
                    self.line.push_str(i["base"].as_str().unwrap_or(""));
                    self.line.push('（');
                    self.line.push_str(i["text"].as_str().unwrap_or(""));
                    self.line.push('）');
                }
                "footnote_reference" => {
                    let label = i["label"].as_str().unwrap_or("").to_owned();
                    let next = self.footnote_numbers.len() + 1;
                    let n = *self.footnote_numbers.entry(label).or_insert(next);
                    self.line.push_str(&n.to_string());
                }
                "image" => {}
                _ => self.inlines(&i["content"]),
            }
        }
    }
}
