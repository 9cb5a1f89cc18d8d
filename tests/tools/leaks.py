#!/usr/bin/env python3
"""Counts markup that leaked into a book's visible text: Liquid (`{%`, `{{`), kramdown IALs
(`{:`), HTML tags (`<div`, `<span`, `<input`) and table rules (`|---`, `|--`) seen as text.

    leaks.py FILE.html|FILE.xhtml|FILE.txt ...

Prints one JSON object: {file: {pattern: count}} (patterns that do not occur are left out) for the text outside code (`pre`, `code`,
`kbd`, `samp`, `tt`: there such text is what the author wrote) and outside `script`/`style`
(which no reader sees), plus `"*code*"` counts of the same patterns inside code, so a caller can
check that a PDF (whose text has no markup) shows no more than the EPUB does in all. `.txt`
files (pdftotext output) are counted whole, under the file's name.

Used by the leak-guard test (tests/tests/leak_guard.rs) on hanmoto's EPUB chapters and on the
HTML real Jekyll makes of the same posts, and by tests/realworld/run.sh. Python stdlib only.
"""
import html.parser
import json
import sys

PATTERNS = ["{%", "{{", "{:", "<div", "<span", "<input", "|---", "|--"]
CODE = {"pre", "code", "kbd", "samp", "tt"}
HIDDEN = {"script", "style", "head", "title"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def count(text):
    # `|---` also contains `|--`: count the longer one first and do not count it twice.
    out = {}
    for p in PATTERNS:
        n = text.count(p)
        if p == "|--":
            n -= text.count("|---")
        if n:
            out[p] = n
    return out


class Visible(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.prose = []
        self.code = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if any(t in HIDDEN for t in self.stack):
            return
        if any(t in CODE for t in self.stack):
            self.code.append(data)
        else:
            self.prose.append(data)


def main(paths):
    result = {}
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if path.endswith(".txt"):
            result[path] = count(text)
            continue
        v = Visible()
        v.feed(text)
        v.close()
        # Text runs split by tags (`{<em>{</em>`) are joined per block, as a reader sees them.
        prose = count("".join(v.prose))
        code = count("".join(v.code))
        if code:
            prose["*code*"] = code
        result[path] = prose
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
