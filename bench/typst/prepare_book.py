#!/usr/bin/env python3
"""Prepare a bench site's posts for pandoc → Typst as one book (bench/pdf-book.sh).

    python3 bench/typst/prepare_book.py SITE_DIR OUT_DIR

SITE_DIR is a site made by bench/gen-site.py: its `pandoc/` copies of the posts already write
`/images/…` as `images/…`, and `pandoc-inputs.txt` lists them oldest first. pandoc reads many
inputs as one document, but their front matter would merge into one metadata block (every post's
title but the last one lost), so each post's front matter becomes its chapter heading here:
`# title` and a line with the date and tags, as hanmoto's chapter openers print them. The post's
own `##` headings stay sections under it. Writes OUT_DIR/posts/NNNN.md, OUT_DIR/inputs.txt (in
order), OUT_DIR/meta.yaml (book title and author from _config.yml) and copies SITE_DIR/images to
OUT_DIR/images, so OUT_DIR is a self-contained Typst project root. Done once, not timed (hanmoto
reads the site as it is, inside its timed run).
"""
import pathlib
import re
import shutil
import sys

site, out = (pathlib.Path(a) for a in sys.argv[1:3])
if out.exists():
    shutil.rmtree(out)
(out / "posts").mkdir(parents=True)
shutil.copytree(site / "images", out / "images")

config = (site / "_config.yml").read_text(encoding="utf-8")
def conf(key):
    m = re.search(rf'^{key}:\s*"?(.*?)"?\s*$', config, re.M)
    return m.group(1) if m else ""
(out / "meta.yaml").write_text(
    f'title: "{conf("title")}"\nauthor: "{conf("author")}"\n', encoding="utf-8")

inputs = []
for i, line in enumerate((site / "pandoc-inputs.txt").read_text(encoding="utf-8").split()):
    text = pathlib.Path(line).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    title = re.search(r'^title:\s*"?(.*?)"?\s*$', front, re.M).group(1)
    date = re.search(r"^date:\s*(\d{4}-\d{2}-\d{2})", front, re.M).group(1)
    tags = re.search(r"^tags:\s*(.*)$", front, re.M).group(1).split()
    dest = out / "posts" / f"{i:04d}.md"
    dest.write_text(f"# {title}\n\n{date} · {' '.join(tags)}\n\n{body}\n", encoding="utf-8")
    inputs.append(str(dest))
(out / "inputs.txt").write_text("\n".join(inputs) + "\n", encoding="utf-8")
