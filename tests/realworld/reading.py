"""The reading text of one post, from Jekyll's HTML or from one of hanmoto's EPUB chapters.

Built on tests/fixtures/jekyll-reference/extract_text.py (same block/whitespace/skip rules, same
East-Asian line-break rule), with what a real blog needs on top:

  * Two streams: prose (outside <code>/<pre>/<kbd>/<samp>) and code. Math is removed from prose
    only (a `$` in a shell prompt is not math). Leaks are counted in both streams, per post, and
    only hanmoto's excess over Jekyll's count in the same post is reported: a `{{` in a code
    block of the blog is in both; raw HTML that hanmoto shows as a code block is not.
  * Math is scored apart. Jekyll (kramdown, math_engine mathjax) writes `$$…$$` as `\\(…\\)` or
    `\\[…\\]` text and leaves `$…$` as text for MathJax; hanmoto writes MathML `<math>` (its TeX
    in an element with class `math` when it could not convert it). Each side's formulas are
    counted and removed from the prose.
  * On hanmoto's side only, what is not the post's body on the blog: the chapter <header> (title
    and date: titles are scored apart), the placeholder of an image that could not be had
    (`span.image-missing`: Jekyll shows an <img>, which has no reading text), the titled link that
    stands for an <iframe> (`p.embed`: the extractor skips iframes), footnote numbers (a
    kramdown footnote's number is the list marker, not text) and code line numbers (`span.ln`,
    as the extractor skips Rouge's gutter).
  * On Jekyll's side, <noscript> content is text (extract_text.py skips it): a book has no
    scripts, so hanmoto shows the fallback, as a browser without JavaScript would.
  * MathJax delimiters left as text by hanmoto (`\\(…\\)`, `\\[…\\]`, which a blog writes as
    `\\\\(` in Markdown) are removed from its prose too and counted apart (`math_as_text`):
    on the blog MathJax typesets them.
  * Typographic quotes, dashes and ellipses are folded to ASCII on both sides: "smart quotes and
    dashes" is a known difference being fixed, and must not hide the others.
"""
import importlib.util
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

_here = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location(
    "extract_text", _here.parent / "fixtures" / "jekyll-reference" / "extract_text.py")
ex = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ex)

CODE_TAGS = {"code", "pre", "kbd", "samp", "tt"}
LEAK_PATTERNS = ["{%", "{{", "{:", "<div", "<span", "<input", "|---", "|--"]
# Any start tag shown as text (`<p>`, `<figcaption …>`): reported apart from the patterns above.
TAG_TEXT = re.compile(r"<[A-Za-z][\w-]*(?=[\s/>])")
TYPOGRAPHY = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u201a": "'",
    "\u2013": "-", "\u2014": "-", "\u00ab": '"', "\u00bb": '"', "\u2026": "...",
})
# Jekyll's side: kramdown's MathJax output (always math), then MathJax's and KaTeX's own `$…$`
# delimiters, which are math only on a blog that loads one of them.
KRAMDOWN_MATH = re.compile(r"\\\[.*?\\\]|\\\(.*?\\\)", re.S)
DOLLAR_MATH = re.compile(r"\$\$.*?\$\$|(?<![\\\w$])\$[^$\n]+?\$(?![\w$])", re.S)
# MathJax's processEnvironments: `\begin{align}…\end{align}` written bare in the text, and its
# processRefs `\eqref{…}`; math on a blog that loads MathJax (hanmoto reads them as math too).
ENV_MATH = re.compile(r"\\begin\{([a-zA-Z]+\*?)\}.*?\\end\{\1\}|\\(?:eq)?ref\{[^}]*\}", re.S)
TOKEN = re.compile(r"[A-Za-z0-9_]+|[^\sA-Za-z0-9_]")


def classes(attrs):
    return (dict(attrs).get("class") or "").split()


class Reader(HTMLParser):
    def __init__(self, hanmoto):
        super().__init__(convert_charrefs=True)
        self.hanmoto = hanmoto
        self.prose, self.code = [], []          # finished lines
        self.pbuf, self.cbuf = [], []           # pieces of the current block
        self.skip_depth = 0
        self.code_depth = 0
        self.pre = 0
        self.math = 0
        self.images = 0

    def skipped(self, tag, attrs):
        if tag == "noscript":
            return False
        if ex.skipped(tag, attrs) or tag == "head":
            return True
        if not self.hanmoto:
            return False
        c = classes(attrs)
        if "image-missing" in c:
            self.images += 1  # an image the book lacks still counts as one the post has
            return True
        if tag == "header" or "embed" in c or "footnote-number" in c or "ln" in c:
            return True
        # A formula: MathML (`<math>`, inside a `div.math` when display), or TeX shown in an
        # element of class `math` (a formula the converter could not read).
        if "math" in c or tag == "math":
            self.math += 1
            return True
        return False

    def flush(self):
        if self.pbuf:
            self.prose.extend(ex.render(self.pbuf))
        if self.cbuf:
            self.code.extend(ex.render(self.cbuf))
        self.pbuf, self.cbuf = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "img" and not self.skip_depth:
            self.images += 1
        if self.skip_depth:
            if tag not in ex.VOID:
                self.skip_depth += 1
            return
        if self.skipped(tag, attrs):
            if tag not in ex.VOID:
                self.skip_depth = 1
            return
        if tag == "br" or tag in ex.BLOCK:
            self.flush()
        if tag in ("td", "th"):
            self.pbuf.append((ex.CELL, False))
        if tag == "pre":
            self.pre += 1
        if tag in CODE_TAGS:
            self.code_depth += 1

    def handle_startendtag(self, tag, attrs):
        if tag == "img" and not self.skip_depth:
            self.images += 1
        if not self.skip_depth and (tag == "br" or tag in ex.BLOCK):
            self.flush()

    def handle_endtag(self, tag):
        if self.skip_depth:
            if tag not in ex.VOID:
                self.skip_depth -= 1
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in CODE_TAGS and self.code_depth:
            self.code_depth -= 1
            if tag != "pre":
                self.cbuf.append((" ", False))  # two inline codes do not run together
        if tag in ex.BLOCK:
            self.flush()

    def handle_data(self, data):
        if self.skip_depth:
            return
        if self.code_depth:
            self.cbuf.append((data, self.pre > 0))
        else:
            self.pbuf.append((data, self.pre > 0))

    def close(self):
        super().close()
        self.flush()


class Text:
    """One post's reading text: prose and code lines, formulas, images, tokens."""

    def __init__(self, html, hanmoto, dollar_math=False):
        r = Reader(hanmoto)
        r.feed(html)
        r.close()
        prose = "\n".join(r.prose).translate(TYPOGRAPHY)
        self.math = r.math
        self.math_as_text = 0
        if hanmoto:
            self.math_as_text = len(KRAMDOWN_MATH.findall(prose))
            prose = KRAMDOWN_MATH.sub(" ", prose)
        else:
            patterns = (KRAMDOWN_MATH, DOLLAR_MATH, ENV_MATH) if dollar_math else (KRAMDOWN_MATH,)
            for pattern in patterns:
                self.math += len(pattern.findall(prose))
                prose = pattern.sub(" ", prose)
        self.prose = [l.strip() for l in prose.split("\n") if l.strip()]
        self.code = [l.translate(TYPOGRAPHY) for l in r.code if l.strip()]
        self.images = r.images
        self.tokens = Counter(TOKEN.findall("\n".join(self.prose + self.code)))

    def leaks(self):
        joined = "\n".join(self.prose + self.code)
        found = Counter({p: joined.count(p) for p in LEAK_PATTERNS if p in joined})
        tags = len(TAG_TEXT.findall(joined))
        if tags:
            found["<tag>"] = tags
        return found

    def lines(self):
        return Counter(" ".join(l.split()) for l in self.prose + self.code)


def plain(html):
    """One line of visible text (a title), typography folded, whitespace collapsed."""
    r = Reader(hanmoto=False)
    r.feed(html)
    r.close()
    return " ".join(" ".join(r.prose + r.code).translate(TYPOGRAPHY).split())


def near_misses(jekyll_only, hanmoto_only, limit=3, width=70):
    """Pairs of lines that differ a little: the place where they part, from each side."""
    import difflib
    out, used = [], set()
    for j in list(jekyll_only)[:limit]:
        best, best_ratio = None, 0.5
        for h in list(hanmoto_only)[:200]:
            if h in used:
                continue
            r = difflib.SequenceMatcher(None, j, h, autojunk=False).quick_ratio()
            if r > best_ratio:
                best, best_ratio = h, r
        if best is None:
            out.append(("Jekyll only", j[:width * 2], None))
            continue
        used.add(best)
        k = 0
        while k < min(len(j), len(best)) and j[k] == best[k]:
            k += 1
        start = max(0, k - 25)
        out.append(("differs", j[start:start + width], best[start:start + width]))
    for h in [h for h in hanmoto_only if h not in used][:max(0, limit - len(out) + 1)]:
        out.append(("hanmoto only", h[:width * 2], None))
    return out


def score(jekyll, hanmoto):
    """(recall, precision) of hanmoto's tokens against Jekyll's, as multisets."""
    common = sum((jekyll.tokens & hanmoto.tokens).values())
    nj, nh = sum(jekyll.tokens.values()), sum(hanmoto.tokens.values())
    recall = common / nj if nj else 1.0
    precision = common / nh if nh else (1.0 if not nj else 0.0)
    return recall, precision


def leak_excess(jekyll, hanmoto):
    """Leak patterns (and `<tag>`) hanmoto shows more often than the blog does in this post."""
    j, h = jekyll.leaks(), hanmoto.leaks()
    return Counter({p: h[p] - j.get(p, 0) for p in h if h[p] > j.get(p, 0)})
