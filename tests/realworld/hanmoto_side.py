"""hanmoto on a temporary copy of a blog: build, inspect, the EPUB's chapters, EPUBCheck, PDF text.

`hanmoto build --epub --pdf --site COPY -o OUT --offline`: --offline because this machine has no
network (a remote image is then a placeholder with a warning, scored apart by reading.py, instead
of a 10-second time-out per image). Chapters are paired with posts through `hanmoto inspect
--json` (post order, source path, title): the EPUB's spine holds one chapter per post in the
book's order, and each chapter's <title> is checked against the post's title.
"""
import json
import re
import subprocess
import time
import zipfile
from collections import Counter
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

DIAG = re.compile(r"^(error|warning|note)\[([\w-]+)\]", re.M)
OPF = "{http://www.idpf.org/2007/opf}"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def build(hanmoto, site, out):
    cmd = [hanmoto, "build", "--epub", "--pdf", "--site", str(site), "-o", str(out), "--offline",
           "--quiet"]
    # Peak memory of this one process: GNU time's `%M` (KiB), when the machine has it.
    gnu_time = Path("/usr/bin/time").exists()
    peak_file = out.parent / f"{out.name}.peak"
    if gnu_time:
        cmd = ["/usr/bin/time", "-f", "%M", "-o", str(peak_file)] + cmd
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    secs = time.monotonic() - t0
    peak_mib = None
    if gnu_time:
        try:
            peak_mib = int(peak_file.read_text().split()[-1]) / 1024
        except (OSError, ValueError, IndexError):
            peak_mib = None
    diags = Counter(f"{kind}[{code}]" for kind, code in DIAG.findall(p.stderr))
    return {"exit": p.returncode, "seconds": secs, "peak_mib": peak_mib, "stderr": p.stderr,
            "diagnostics": diags,
            "epub": next(out.glob("*.epub"), None), "pdf": next(out.glob("*.pdf"), None)}


def inspect(hanmoto, site):
    p = subprocess.run([hanmoto, "inspect", "--json", "--site", str(site), "--offline", "--quiet"],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1) or not p.stdout.strip():
        return []
    try:
        book = json.loads(p.stdout)
    except json.JSONDecodeError:
        return []
    return [{"source": post.get("source", ""), "id": post["meta"].get("id", ""),
             "title": post["meta"].get("title") or ""} for post in book.get("posts", [])]


def chapters(epub):
    """[(title, xhtml)] of the EPUB's post chapters, in spine order."""
    out = []
    with zipfile.ZipFile(epub) as z:
        container = ET.fromstring(z.read("META-INF/container.xml"))
        opf_path = next(e.get("full-path") for e in container.iter() if e.get("full-path"))
        opf = ET.fromstring(z.read(opf_path))
        base = PurePosixPath(opf_path).parent
        items = {i.get("id"): i for i in opf.iter(OPF + "item")}
        for ref in opf.iter(OPF + "itemref"):
            item = items.get(ref.get("idref"))
            if item is None or "nav" in (item.get("properties") or ""):
                continue
            href = item.get("href")
            if not re.match(r"chapter-\d+\.xhtml$", PurePosixPath(href).name):
                continue  # cover, title page
            xhtml = z.read(str(base / href)).decode("utf-8", "replace")
            m = TITLE.search(xhtml)
            out.append((m.group(1) if m else "", xhtml))
    return out


def pair(posts, chs):
    """{source path: xhtml}: chapter i is post i, as long as the titles agree."""
    import html

    def norm(s):  # the <title> escapes what the front matter's title had as markup
        for _ in range(2):
            s = html.unescape(re.sub(r"<[^>]+>", "", s))
        return " ".join(s.split())
    paired, mismatched = {}, []
    ci = 0
    for post in posts:
        if ci >= len(chs):
            break
        title, xhtml = chs[ci]
        if norm(title) == norm(post["title"]) or not post["title"]:
            paired[post["source"]] = xhtml
            ci += 1
        else:
            mismatched.append(post["source"])
    return paired, mismatched, len(chs) - ci


def epubcheck(jar, epub, work):
    report = work / "epubcheck.json"
    p = subprocess.run(["java", "-jar", str(jar), str(epub), "--json", str(report)],
                       capture_output=True, text=True)
    try:
        data = json.loads(report.read_text())
    except (OSError, json.JSONDecodeError):
        return None, None, Counter({"epubcheck did not run: " + p.stderr[-200:]: 1})
    errors, warnings, ids = 0, 0, Counter()
    for m in data.get("messages", []):
        sev = m.get("severity")
        n = max(1, len(m.get("locations") or []))
        if sev in ("FATAL", "ERROR"):
            errors += n
        elif sev == "WARNING":
            warnings += n
        else:
            continue
        ids[f"{sev[0]} {m.get('ID')}: {m.get('message', '')[:90]}"] += n
    return errors, warnings, ids


def pdf_text(pdf):
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True)
    return p.stdout.decode("utf-8", "replace") if p.returncode == 0 else None
