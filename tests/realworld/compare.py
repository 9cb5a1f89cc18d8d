#!/usr/bin/env python3
"""Compare hanmoto's book of a real Jekyll blog with what real Jekyll 4.3.1 publishes.

Usage: compare.py --hanmoto BIN --epubcheck JAR [--keep DIR] SITE_DIR [SITE_DIR...]

Never writes into SITE_DIR: each side works on its own temporary copy (without .git, _site,
.jekyll-cache, .sass-cache, .hanmoto-cache, node_modules, vendor). Prints one Markdown table row
per site, then the details (worst posts with the lines each side lacks, leaks, diagnostics,
EPUBCheck messages, Jekyll's failures). Scoring rules: jekyll_side.py, reading.py, hanmoto_side.py.

Columns:
  posts J/H    posts Jekyll publishes (HTML outputs) / chapters in hanmoto's EPUB
  exit         hanmoto build's exit status (`-` if the EPUB is missing)
  recall       per post, the share of Jekyll's tokens that hanmoto's chapter has (multiset;
               a token is a run of ASCII letters/digits or any other single character, so
               Japanese is compared character by character); mean and min over Jekyll's posts
               (a post with no chapter counts 0)
  precision    the share of hanmoto's tokens that Jekyll's text has; mean and min
  math J/H     formulas removed from each side's prose before scoring (scored apart)
  img J/H      <img> in Jekyll's post bodies / in hanmoto's chapters, where an image hanmoto
               could not have offline (its placeholder) counts as one
  EPUBCheck    EPUBCheck 5 errors (fatal + error) / warnings, one per location
  titles       posts whose chapter title reads otherwise than Jekyll's `{{ page.title }}`
  leaks        EPUB: occurrences of {% {{ {: <div <span <input |--- |-- in a chapter's text
               (title, prose and code) beyond what Jekyll's text of that post shows; PDF: in
               `pdftotext` beyond Jekyll's text of all posts
  tags         EPUB: start tags shown as text (`<p>`, `<figcaption`), beyond Jekyll's, per post
  time         wall seconds, Jekyll build / hanmoto build (EPUB + PDF)
  MiB          hanmoto's peak resident memory (GNU time's %M; `-` without /usr/bin/time)
"""
import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import hanmoto_side
import jekyll_side
from reading import LEAK_PATTERNS, Text, leak_excess, near_misses, plain, score

EXCLUDE = [".git", "_site", ".jekyll-cache", ".sass-cache", ".hanmoto-cache", "node_modules",
           "vendor"]
HEADER = ("| site | repo @ commit | Jekyll | posts J/H | exit | recall mean/min | "
          "precision mean/min | math J/H | img J/H | titles ≠ | EPUBCheck E/W | leaks EPUB/PDF | "
          "tags | "
          "time J/H s | MiB |")
WORST = 6


def copy_site(src, dst):
    dst.mkdir(parents=True)
    tar = ["tar", "-C", str(src)] + [f"--exclude=./{e}" for e in EXCLUDE] + ["-cf", "-", "."]
    a = subprocess.Popen(tar, stdout=subprocess.PIPE)
    subprocess.run(["tar", "-C", str(dst), "-xf", "-"], stdin=a.stdout, check=True)
    a.wait()


def origin(site):
    def git(*args):
        p = subprocess.run(["git", "-C", str(site), *args], capture_output=True, text=True)
        return p.stdout.strip() if p.returncode == 0 else ""
    top = git("rev-parse", "--show-toplevel")
    commit = git("rev-parse", "HEAD")[:12]
    url = git("remote", "get-url", "origin")
    marker = Path(site, ".realworld-origin")  # a checkout made without git: "owner/name commit"
    if not top and marker.is_file():
        name, _, commit = marker.read_text().strip().partition(" ")
        return name, commit[:12]
    # A clone of a mirror at /work/.mirror/<owner>+<name>/repo names the repository so.
    name = next((p.replace("+", "/", 1) for p in Path(url).parts if "+" in p), url) if url else ""
    sub = str(Path(site).resolve().relative_to(top)) if top else ""
    repo = name + ("/" + sub if sub and sub != "." else "")
    return repo or Path(site).name, commit or "?"


def fmt_pair(vals):
    if not vals:
        return "-"
    return f"{statistics.mean(vals):.3f} / {min(vals):.3f}"


def compare_site(site, args, details):
    site = Path(site).resolve()
    repo, commit = origin(site)
    label = site.name if site.name != "docs" else f"{site.parent.name}/docs"
    work = Path(tempfile.mkdtemp(prefix="hanmoto-realworld-"))
    try:
        return _compare(site, label, repo, commit, work, args, details)
    finally:
        if args.keep:
            dst = Path(args.keep) / label.replace("/", "_")
            shutil.rmtree(dst, ignore_errors=True)
            shutil.move(str(work), dst)
        else:
            shutil.rmtree(work, ignore_errors=True)


def _compare(site, label, repo, commit, work, args, details):
    d = [f"\n### {label} ({repo} @ {commit})\n"]
    copy_site(site, work / "jekyll-src")
    copy_site(site, work / "hanmoto-src")
    jk = jekyll_side.build(work / "jekyll-src", work / "jekyll-site")
    hm = hanmoto_side.build(args.hanmoto, work / "hanmoto-src", work / "out")
    posts = hanmoto_side.inspect(args.hanmoto, work / "hanmoto-src")
    chs = hanmoto_side.chapters(hm["epub"]) if hm["epub"] else []
    paired, mismatched, extra = hanmoto_side.pair(posts, chs)
    by_source = {p["source"]: p for p in posts}

    jmode = jk["mode"] + ("" if jk["ok"] else " FAILED")
    d.append(f"- Jekyll: {jmode}; unknown tags stubbed: {', '.join(jk['tags']) or 'none'}")
    if jk["mode"] == "reduced":
        first = jekyll_side.first_error(jk.get("full_log", ""))
        d.append(f"- full build failed: {' | '.join(first)[:400]}")
        d.append(f"- reduced: {jk['removed_pages']} page(s) removed, stub includes: "
                 f"{', '.join(jk['stub_includes']) or 'none'}")
    if not jk["ok"]:
        d.append("- Jekyll failed: " + " | ".join(jekyll_side.first_error(jk["log"]))[:500])
    jw = jekyll_side.warnings(jk["log"])
    if jw:
        d.append(f"- Jekyll warnings ({len(jw)}): " + " | ".join(jw[:5])[:600])
    if jk["skipped"]:
        d.append(f"- Jekyll outputs not compared (not HTML posts): {', '.join(jk['skipped'][:5])}")

    recalls, precisions, rows = [], [], []
    leaks_epub = Counter()
    jekyll_all = Counter()
    math_j = math_h = math_t = img_j = img_h = 0
    dollar_math = jekyll_side.uses_math_script(site)
    d.append(f"- `$…$` is math on this blog (MathJax/KaTeX loaded): {dollar_math}")
    titles_differ, images_differ = [], []
    for path, html, title in jk["posts"]:
        jt = Text(html, hanmoto=False, dollar_math=dollar_math)
        math_j += jt.math
        img_j += jt.images
        joined = "\n".join(jt.prose + jt.code)
        jekyll_all.update({p: joined.count(p) for p in LEAK_PATTERNS})
        xhtml = paired.get(path)
        if xhtml is None:
            recalls.append(0.0)
            rows.append((0.0, 0.0, path, "no chapter in the EPUB", jt, None))
            continue
        ht = Text(xhtml, hanmoto=True)
        m = re.search(r'<h1 id="post-title">(.*?)</h1>', xhtml, re.S)
        jtitle, htitle = plain(title), plain(m.group(1)) if m else ""
        if jtitle != htitle:
            titles_differ.append((path, jtitle, htitle))
            leaks_epub.update({p: htitle.count(p) - jtitle.count(p) for p in LEAK_PATTERNS
                               if htitle.count(p) > jtitle.count(p)})
        math_h += ht.math
        math_t += ht.math_as_text
        img_h += ht.images
        if ht.images != jt.images:
            images_differ.append((path, jt.images, ht.images))
        r, p = score(jt, ht)
        recalls.append(r)
        precisions.append(p)
        leaks_epub.update(leak_excess(jt, ht))
        rows.append((r, p, path, "", jt, ht))
    jsources = {path for path, _, _ in jk["posts"]}
    only_hanmoto = [s for s in paired if s not in jsources]

    pdf_excess = Counter()
    if hm["pdf"]:
        text = hanmoto_side.pdf_text(hm["pdf"]) or ""
        for p in LEAK_PATTERNS:
            n = text.count(p) - jekyll_all.get(p, 0)
            if n > 0:
                pdf_excess[p] = n
    if hm["epub"]:
        e, w, ids = hanmoto_side.epubcheck(args.epubcheck, hm["epub"], work)
        check = f"{e}/{w}" if e is not None else "?"
    else:
        e, w, ids, check = None, None, Counter(), "no EPUB"

    tags_as_text = leaks_epub.pop("<tag>", 0)
    math = f"{math_j}/{math_h}" + (f"+{math_t}t" if math_t else "")
    exit_s = str(hm["exit"]) if hm["epub"] else f"{hm['exit']} (no EPUB)"
    peak = f"{hm['peak_mib']:.0f}" if hm.get("peak_mib") is not None else "-"
    row = (f"| {label} | {repo} @ {commit} | {jmode} | {len(jk['posts'])}/{len(chs)} | "
           f"{exit_s} | {fmt_pair(recalls)} | {fmt_pair(precisions)} | {math} | "
           f"{img_j}/{img_h} | {len(titles_differ)} | {check} | {sum(leaks_epub.values())}/"
           f"{sum(pdf_excess.values()) if hm['pdf'] else '-'} | {tags_as_text} | "
           f"{jk['seconds']:.1f}/{hm['seconds']:.1f} | {peak} |")

    diag = ", ".join(f"{k}×{v}" for k, v in hm["diagnostics"].most_common())
    d.append(f"- hanmoto diagnostics: {diag or 'none'}")
    if hm["exit"] != 0:
        errs = [l for l in hm["stderr"].splitlines() if l.startswith("error")][:5]
        d.append("- hanmoto errors: " + " | ".join(errs)[:600])
    if mismatched or extra or only_hanmoto:
        d.append(f"- pairing: {len(mismatched)} post(s) of inspect without their chapter "
                 f"({', '.join(mismatched[:4])}), {extra} chapter(s) left over, "
                 f"{len(only_hanmoto)} chapter(s) for posts Jekyll does not publish "
                 f"({', '.join(only_hanmoto[:4])})")
    missing = [p for p, _, _ in jk["posts"] if p not in by_source]
    if missing:
        d.append(f"- posts Jekyll publishes that hanmoto does not read ({len(missing)}): "
                 + ", ".join(missing[:6]))
    for path, jtitle, htitle in titles_differ[:4]:
        d.append(f"- title of `{path}`: Jekyll {jtitle[:80]!r}, hanmoto {htitle[:80]!r}")
    for path, nj, nh in images_differ[:4]:
        d.append(f"- images of `{path}`: Jekyll {nj}, hanmoto {nh}")
    if leaks_epub:
        d.append("- EPUB leaks: " + ", ".join(f"`{k}`×{v}" for k, v in leaks_epub.items()))
    if pdf_excess:
        d.append("- PDF leaks: " + ", ".join(f"`{k}`×{v}" for k, v in pdf_excess.items()))
    if ids:
        d.append("- EPUBCheck: " + "; ".join(f"{k} ×{v}" for k, v in ids.most_common(6)))
    rows.sort(key=lambda t: min(t[0], t[1]))
    for r, p, path, note, jt, ht in rows[:WORST]:
        if min(r, p) >= 0.99:
            break
        d.append(f"- worst: `{path}` recall {r:.3f} precision {p:.3f} {note}")
        if ht is not None:
            jl, hl = jt.lines(), ht.lines()
            for label, a, b in near_misses(jl - hl, hl - jl):
                if b is None:
                    d.append(f"    - {label}: {a!r}")
                else:
                    d.append(f"    - differs: Jekyll {a!r}")
                    d.append(f"      {' ' * 9}hanmoto {b!r}")
            excess = leak_excess(jt, ht)
            if excess:
                d.append(f"    - leaks: {dict(excess)}")
    details.extend(d)
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hanmoto", required=True)
    ap.add_argument("--epubcheck", required=True, help="EPUBCheck 5 jar")
    ap.add_argument("--keep", help="keep each site's work folder under this folder")
    ap.add_argument("sites", nargs="+")
    args = ap.parse_args()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
    details = []
    print(HEADER)
    print("|" + "---|" * HEADER.count(" | ") + "---|")
    for s in args.sites:
        if not (Path(s) / "_config.yml").is_file():
            print(f"| {Path(s).name} | not a Jekyll site (no _config.yml) |", flush=True)
            continue
        print(compare_site(s, args, details), flush=True)
    print("\n## Details")
    print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
