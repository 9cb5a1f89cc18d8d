#!/usr/bin/env python3
"""Compile a Typst file to PDF with the `typst` Python package (PyPI `typst`, the Typst compiler
as a native extension), as a user runs it: a fresh Python process per run.

    python3 bench/typst/compile.py IN.typ OUT.pdf FONT_DIR

Fonts: FONT_DIR (the repository's `fonts/`: IPAex Mincho/Gothic, DejaVu Sans Mono) plus the fonts
built into Typst; system fonts are ignored so the result does not depend on the machine.
"""
import pathlib
import sys

import typst

src, out, fonts = sys.argv[1:4]
root = str(pathlib.Path(src).resolve().parent)
typst.compile(src, output=out, root=root, font_paths=[fonts], ignore_system_fonts=True)
