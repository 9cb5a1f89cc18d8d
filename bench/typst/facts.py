#!/usr/bin/env python3
"""Measure a handout PDF of the sample post against the post itself (bench/handout.sh).

    python3 bench/typst/facts.py OUT.pdf POST.md [--margin-mm M] [-v]

Prints one Markdown list of facts, the same checks for any tool's PDF (Typst's or hanmoto's):
pages and size (pdfinfo), fonts (pdffonts: emb/sub/uni), image objects (pdfimages -list), links
(pdfinfo -url: the post's distinct link URLs found, annotations in all, the most annotations one
URL got), URLs printed on paper, image placements (from the page content streams, with the
transformation matrix tracked through q/Q/cm; with --margin-mm, any image reaching into the left/right margin is an overflow), and from `pdftotext` (poppler, default mode): the post's
sentences found exactly, spaces inserted between Japanese and Latin/digits, kinsoku violations.

How the post's text is read: front matter, `<img>` tags and link targets are dropped, list and
heading markers stripped, and soft line breaks resolved as hanmoto's model (and CSS Text 3) does:
a break vanishes between two wide characters or next to CJK punctuation, else it is a space. A
sentence, as the issue counts them ("44 of 44"), is a block's text split after each 。！？ (a
closing bracket right after it belongs to it): every non-empty piece, headings, list items and an
unterminated aside included; the post has 44. Of those, 22 end in 。！？, reported too. A second
count allows a link-note number (`1`, `[1]`) right after a link's text and nothing else.

How the PDF's text is read: `pdftotext` lines, page-number lines (`n / N`, `n/N`) and form feeds
removed, consecutive lines joined with nothing between them, or a space between two Latin
characters (a line end is no character in print; a Latin line wraps at a space). A sentence counts as found when it occurs in that text exactly, character for character.
A hanmoto note number printed after a link (superscript) is text too: it breaks a sentence's
exact match, which the first count reports; the second says whether that is the only difference.
"""
import base64
import json
import re
import subprocess
import sys
import unicodedata

pdf, post = sys.argv[1:3]
margin_mm = float(sys.argv[sys.argv.index("--margin-mm") + 1]) if "--margin-mm" in sys.argv else None

OPENERS = "（「『【〔"
NO_START = "、。，．）」』】〕・：；？！ー" + "ぁぃぅぇぉっゃゅょァィゥェォッャュョ" + "々"


def wide(c):
    if "\u1100" <= c <= "\u11ff" or "\u3130" <= c <= "\u318f" or "\uac00" <= c <= "\ud7ff":
        return False
    return "\uff61" <= c <= "\uff9f" or unicodedata.east_asian_width(c) in "WF"


def cjk_punct(c):
    o = ord(c)
    return (0x3000 <= o <= 0x303F or c in "・ー" or 0xFF01 <= o <= 0xFF0F or 0xFF1A <= o <= 0xFF20
            or 0xFF3B <= o <= 0xFF40 or 0xFF5B <= o <= 0xFF65)


MARK = "\x00"  # where a link's text ends in the post's text (a note number may follow in print)


def join(lines, printed=False):
    """Joins lines as one paragraph. Source lines: a break is a space unless it vanishes (CSS Text
    3 / hanmoto's model). Printed lines (`printed`): a line end is no character at all, so a space
    is put back only between two Latin letters (a Latin line wraps at a space)."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        a, b = (out.rstrip(MARK)[-1:] or " ", line[0]) if out else ("", "")
        if printed:
            space = out and not (wide(a) or wide(b) or cjk_punct(a) or cjk_punct(b))
        else:
            space = out and not (wide(a) and wide(b) or cjk_punct(a) or cjk_punct(b))
        out += (" " if space else "") + line
    return out


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout


def image_placements(pdf):
    """(x, width) in pt of every image XObject drawn directly on a page: each page's content
    streams (qpdf JSON, decoded) run through a tiny interpreter of q/Q/cm/Do that tracks the
    current transformation matrix; the image is the unit square under it. Images inside form
    XObjects are not followed (neither Typst nor hanmoto draws them that way)."""
    j = json.loads(run("qpdf", "--json=2", "--json-key=pages", "--json-key=qpdf",
                       "--json-stream-data=inline", "--decode-level=generalized", pdf) or "{}")
    objs = (j.get("qpdf") or [{}, {}])[1]
    out = []
    for page in j.get("pages", []):
        names = {img["name"] for img in page.get("images", [])}
        data = b"".join(base64.b64decode(objs.get("obj:" + c, {}).get("stream", {}).get("data") or "")
                        for c in page.get("contents", []))
        text = data.decode("latin-1")
        # Drop strings, hex strings and inline dictionaries: only numbers, names and operators stay.
        text = re.sub(r"\((?:\\.|[^\\)])*\)|<<.*?>>|<[0-9A-Fa-f\s]*>", " ", text, flags=re.S)
        ctm, stack, nums, last_name = (1, 0, 0, 1, 0, 0), [], [], None
        for tok in re.findall(r"/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+", text):
            if re.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)", tok):
                nums.append(float(tok))
                continue
            if tok == "q":
                stack.append(ctm)
            elif tok == "Q" and stack:
                ctm = stack.pop()
            elif tok == "cm" and len(nums) >= 6:
                a, b, c, d, e, f = nums[-6:]
                A, B, C, D, E, F = ctm
                ctm = (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
                       e * A + f * C + E, e * B + f * D + F)
            elif tok == "Do" and last_name in names:
                a, b, c, d, e, f = ctm
                xs = [e, a + e, c + e, a + c + e]
                out.append((min(xs), max(xs) - min(xs)))
            if tok.startswith("/"):
                last_name = tok
            else:
                nums = []
    return out


# --- the post ---
src = open(post, encoding="utf-8").read().split("---\n", 2)[2]
links = re.findall(r"\]\((https?://[^)\s]+)\)", src)
urls = list(dict.fromkeys(links))
blocks = []
for para in re.split(r"\n\s*\n", src):
    items, cur = [], []
    for line in para.split("\n"):
        line = re.sub(r"<img[^>]*>", "", line)
        if re.match(r"^\s*[-*] ", line):
            if cur:
                items.append(cur)
            cur = [re.sub(r"^\s*[-*] ", "", line)]
        else:
            cur.append(re.sub(r"^#+ ", "", line))
    items.append(cur)
    for it in items:
        text = join(re.sub(r"\[([^\]]*)\]\(([^)]*)\)", lambda m: m[1] + ("" if m[1] == m[2] else MARK), l)
                    for l in it)
        if text:
            blocks.append(text)
marked_sentences, marked_pieces = [], []
for b in blocks:
    marked_sentences += [s.strip() for s in re.findall(r"[^。！？]*[。！？][）」』]?", b) if s.strip(MARK + " ")]
    marked_pieces += [s.strip() for s in re.findall(r"[^。！？]+[。！？]?[）」』]?", b) if s.strip(MARK + " ")]
sentences = [s.replace(MARK, "") for s in marked_sentences]
pieces = [s.replace(MARK, "") for s in marked_pieces]
blocks = [b.replace(MARK, "") for b in blocks]


def with_notes(marked):
    """The sentence as a pattern that also allows a link-note number (1–3 digits, maybe in
    brackets) right after each link's text, as hanmoto prints them (`links = "notes"`)."""
    return re.compile(r"(?:\[?\d{1,3}\]?)?".join(re.escape(part) for part in marked.strip(MARK).split(MARK)))

# --- the PDF ---
info = run("pdfinfo", pdf)
pages = re.search(r"Pages:\s+(\d+)", info).group(1)
size = re.search(r"Page size:\s+(.*)", info).group(1).strip()
fonts = [l for l in run("pdffonts", pdf).splitlines()[2:] if l.strip()]
fonts_ok = sum(1 for l in fonts if l.split()[-5:-2] == ["yes", "yes", "yes"])
img_rows = [l.split() for l in run("pdfimages", "-list", pdf).splitlines()[2:] if l.strip()]
img_objs = {r[10] for r in img_rows if r[2] == "image"}
width_pt = float(re.search(r"Page size:\s+([\d.]+)", info).group(1))
placed = image_placements(pdf)
annots = [l.split()[-1] for l in run("pdfinfo", "-url", pdf).splitlines()[1:] if l.strip()]
found_urls = [u for u in urls if u in annots]
# Link rectangles from the objects themselves: how many (link, line) pairs got more than one.
qj = json.loads(run("qpdf", "--json=2", "--json-key=qpdf", pdf) or "{}")
rects = {}
for obj in (qj.get("qpdf") or [{}, {}])[1].values():
    val = obj.get("value") if isinstance(obj, dict) else None
    if isinstance(val, dict) and val.get("/Subtype") == "/Link" and isinstance(val.get("/A"), dict):
        key = (val["/A"].get("/URI"), round(val["/Rect"][1]), round(val["/Rect"][3]))
        rects[key] = rects.get(key, 0) + 1
split_lines = sum(1 for n in rects.values() if n > 1)
most_on_line = max(rects.values(), default=0)
per_url = max((annots.count(u) for u in urls), default=0)

raw = run("pdftotext", "-enc", "UTF-8", pdf, "-")
lines = [l for l in raw.replace("\f", "\n").split("\n")
         if not re.fullmatch(r"\s*\d+\s*/\s*\d+\s*", l)]
text = join(lines, printed=True)
flat = re.sub(r"\s+", "", raw)
printed = [u for u in urls if u in flat]
exact = [s for s in sentences if s in text]
exact_pieces = [s for s in pieces if s in text]
missing = [s for s in pieces if s not in text]
noted = [s for s in marked_pieces if with_notes(s).search(text)]
inserted = re.findall(r"(\S{0,6}(?:(?<=[^\x00-\u2e7f]) (?=[A-Za-z0-9#@])|(?<=[A-Za-z0-9]) (?=[^\x00-\u2e7f]))\S{0,6})", text)
JJ = r"(?<=[^\x00-\u2e7f]) (?=[^\x00-\u2e7f])"
stretched = re.findall(JJ, text)
stretched_eg = re.findall(r"\S{0,4}[^\x00-\u2e7f] [^\x00-\u2e7f]\S{0,4}", text)
src_text = "\n".join(blocks)
src_jj = len(re.findall(JJ, src_text))
src_gaps = len(re.findall(r"(?<=[^\x00-\u2e7f]) (?=[A-Za-z0-9#@])|(?<=[A-Za-z0-9]) (?=[^\x00-\u2e7f])", src_text))
viol = []
tl = [l.strip() for l in raw.replace("\f", "\n").split("\n") if l.strip()]
for i, l in enumerate(tl):
    if l[0] in NO_START:
        viol.append(f"line starts with {l[0]}: …{tl[i-1][-8:] if i else ''}⏎{l[:8]}…")
    if l[-1] in OPENERS:
        viol.append(f"line ends with {l[-1]}: …{l[-8:]}⏎")
    if i and ((tl[i-1][-1] == l[0] == "…") or (tl[i-1][-1] == l[0] == "—")):
        viol.append(f"split {l[0]*2}")

print(f"- pages: {pages} ({size})")
print(f"- fonts: {len(fonts)}, emb/sub/uni yes for {fonts_ok}: " + ", ".join(l.split()[0] for l in fonts))
print(f"- image objects (pdfimages -list, not counting soft masks): {len(img_objs)}")
print(f"- image placements (x, width in pt; page {width_pt:.1f} pt wide): "
      + ", ".join(f"{x:.1f}+{w:.1f}" for x, w in placed))
if margin_mm is not None:
    m = margin_mm * 72 / 25.4
    over = [(x, w) for x, w in placed if x < m - 0.5 or x + w > width_pt - m + 0.5]
    print(f"- images overflowing the column ({m:.1f}–{width_pt - m:.1f} pt): {len(over)}"
          + "".join(f"; one ends at {x + w:.1f} pt, {x + w - (width_pt - m):.1f} pt into the margin"
                    for x, w in over))
print(f"- links: {len(found_urls)} of the post's {len(urls)} distinct URLs clickable; "
      f"{len(annots)} link annotations in all ({len(set(annots))} distinct targets); "
      f"one URL got up to {per_url} annotations; {split_lines} link–line pairs have several "
      f"rectangles on one line (up to {most_on_line})")
print(f"- URLs printed on paper: {len(printed)} of {len(urls)}")
print(f"- sentences found exactly by pdftotext: {len(exact_pieces)} of {len(pieces)} "
      f"(of those ending in 。！？: {len(exact)} of {len(sentences)}); "
      f"exactly but for a note number after a link: {len(noted)} of {len(pieces)}")
print(f"- spaces between Japanese and Latin/digits in pdftotext: {len(inserted)} (the post has {src_gaps})"
      + (", e.g. " + ", ".join(f"`{x}`" for x in inserted[:4]) if inserted else ""))
print(f"- spaces between two Japanese characters in pdftotext (letter-spaced lines): {len(stretched)} (the post has {src_jj})"
      + (", e.g. " + ", ".join(f"`{x}`" for x in stretched_eg[:3]) if stretched else ""))
print(f"- kinsoku violations at pdftotext line starts/ends: {len(viol)}")
for v in viol:
    print(f"  - {v}")
if "-v" in sys.argv:
    for s in missing:
        print(f"  - not exact: {s}")
