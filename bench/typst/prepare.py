#!/usr/bin/env python3
"""Prepare one Jekyll post for pandoc → Typst (bench/handout.sh).

    python3 bench/typst/prepare.py POST.md SITE_DIR OUT_DIR

Writes OUT_DIR/post.md: the post as it is, with site-absolute `/images/…` written as `images/…`
(pandoc and Typst read `/images/…` as a path on the file system, or in Typst's case, as a path
from the project root), and copies SITE_DIR/images to OUT_DIR/images, so OUT_DIR is a
self-contained Typst project root. The front matter stays: pandoc reads its `title`. Nothing else
is changed, so both tools typeset the same text.
"""
import pathlib
import shutil
import sys

post, site, out = (pathlib.Path(a) for a in sys.argv[1:4])
text = post.read_text(encoding="utf-8")
out.mkdir(parents=True, exist_ok=True)
if (out / "images").exists():
    shutil.rmtree(out / "images")
shutil.copytree(site / "images", out / "images")
(out / "post.md").write_text(text.replace('src="/images/', 'src="images/'), encoding="utf-8")
