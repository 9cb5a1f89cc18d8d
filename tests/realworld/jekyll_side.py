"""Real Jekyll 4.3.1 on a temporary copy of a blog: what the blog shows, post by post.

The copy is changed so that Jekyll builds with the gems Debian installs and nothing else, and so
that each post's output file is its body alone (what hanmoto's chapter is compared with):

  * `_layouts/` is removed: every output is the page's rendered content (Jekyll warns about the
    missing layout and writes the content as it is). Headers, sidebars and theme markup are not
    reading text of the post.
  * `theme: false` (no theme gem; a gem theme is never installed here), `plugins: []` and
    `gems: []` in an extra config file given after `_config.yml`. Bundler is not used
    (JEKYLL_NO_BUNDLER_REQUIRE), so a Gemfile asking for github-pages does not stop the build.
  * `_plugins/` is replaced by one stub of ours: every Liquid tag Jekyll and Liquid do not know,
    found anywhere in the copy, is registered the way hanmoto treats a plugin tag it does not have
    (an inline tag renders nothing, a block `{% x %}…{% endx %}` renders its body). So plugin output
    is scored apart: neither side shows it. The blog's own Ruby code is never run.
  * A page listing `site.posts` (path, url) is added, to map source files to output files.

If that build fails, it is tried once more "reduced": every page outside `_`-folders is removed
(index pages, archives, feeds: not posts), an empty stub stands for each `{% include x %}` whose
file is not in `_includes/` (a theme's include), and YAML symbols in `_config.yml` are quoted.
The mode is reported ("full", "reduced"; "FAILED" if that fails too).
"""
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

LISTING = "hanmoto-realworld-posts.txt"

# Tags Liquid 5 and Jekyll 4.3 define; any other tag name is a plugin's.
KNOWN_TAGS = {
    "assign", "break", "capture", "case", "comment", "continue", "cycle", "decrement", "echo",
    "else", "elsif", "for", "if", "ifchanged", "include", "increment", "liquid", "raw", "render",
    "tablerow", "unless", "when", "highlight", "include_relative", "link", "post_url", "in",
}
TAG_NAME = re.compile(r"\{%-?\s*([A-Za-z_][\w-]*)")
INCLUDE_NAME = re.compile(r"\{%-?\s*include\s+([\w./-]+)")
TEXT_SUFFIXES = {".md", ".markdown", ".mkd", ".mkdn", ".html", ".htm", ".liquid", ".xml", ".txt"}

STUB_PLUGIN = """\
# Written by hanmoto's tests/realworld into a temporary copy of a blog (never into the blog).
# Each Liquid tag of a plugin we do not have renders as hanmoto renders it: nothing, or a
# block's body.
names = File.read(File.join(__dir__, "hanmoto-stub-tags.txt")).split
names.each do |n|
  next if n.start_with?("end") && names.include?(n[3..])
  if names.include?("end#{n}")
    Liquid::Template.register_tag(n, Class.new(Liquid::Block))
  else
    Liquid::Template.register_tag(n, Class.new(Liquid::Tag) { def render(_context); ""; end })
  end
end
"""

OVERRIDE = "theme: false\nplugins: []\ngems: []\nwhitelist: []\n"


def has_front_matter(path):
    try:
        with open(path, "rb") as f:
            return f.read(4) in (b"---\n", b"---\r")
    except OSError:
        return False


def text_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", "_site", ".jekyll-cache")]
        for name in filenames:
            p = Path(dirpath, name)
            if p.suffix.lower() in TEXT_SUFFIXES:
                yield p


def unknown_tags(root):
    names = set()
    for p in text_files(root):
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for m in TAG_NAME.finditer(text):
            n = m.group(1)
            base = n[3:] if n.startswith("end") else n
            if n not in KNOWN_TAGS and base not in KNOWN_TAGS:
                names.add(n)
    return sorted(names)


def prepare(copy):
    shutil.rmtree(copy / "_layouts", ignore_errors=True)
    shutil.rmtree(copy / "_plugins", ignore_errors=True)
    (copy / "_plugins").mkdir()
    (copy / "_plugins" / "hanmoto-stub.rb").write_text(STUB_PLUGIN)
    tags = unknown_tags(copy)
    (copy / "_plugins" / "hanmoto-stub-tags.txt").write_text("\n".join(tags) + "\n")
    (copy / "_hanmoto-override.yml").write_text(OVERRIDE)
    (copy / LISTING).write_text(
        "---\npermalink: /" + LISTING + "\nlayout: null\n---\n"
        "{% for p in site.posts %}{{ p.path }}\t{{ p.url }}\t"
        "{{ p.title | strip_newlines | replace: '\t', ' ' }}\n{% endfor %}"
    )
    return tags


SYMBOL_VALUE = re.compile(r"^(\s*[\w-]+:\s*):(\w+)", re.M)


def reduce_site(copy):
    """Drop pages (not posts) and stand in for includes that only a theme had.

    Also quotes YAML symbols in _config.yml (`style: :expanded`): Jekyll 4.3.1's safe YAML
    refuses them (Psych::DisallowedClass) where Jekyll 3 took them; the value is a Sass option.
    """
    config = copy / "_config.yml"
    text = config.read_text(encoding="utf-8", errors="replace")
    fixed = SYMBOL_VALUE.sub(r'\1"\2"', text)
    if fixed != text:
        config.write_text(fixed, encoding="utf-8")
    removed = 0
    for p in list(text_files(copy)):
        rel = p.relative_to(copy)
        if rel.parts[0].startswith("_") or rel.name == LISTING:
            continue
        if has_front_matter(p):
            p.unlink()
            removed += 1
    stubs = []
    inc = copy / "_includes"
    for p in text_files(copy):
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for m in INCLUDE_NAME.finditer(text):
            name = m.group(1)
            if "{{" in name or ".." in name:
                continue
            target = inc / name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("")
                stubs.append(name)
    return removed, sorted(set(stubs))


def run_jekyll(copy, dest):
    env = dict(os.environ, JEKYLL_NO_BUNDLER_REQUIRE="true", JEKYLL_ENV="development")
    cmd = ["jekyll", "build", "--source", str(copy), "--destination", str(dest),
           "--config", f"{copy}/_config.yml,{copy}/_hanmoto-override.yml"]
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr, time.monotonic() - t0


def output_file(dest, url):
    from urllib.parse import unquote
    rel = unquote(url).lstrip("/")
    candidates = [rel + "index.html"] if rel.endswith("/") or not rel else [rel, rel + ".html",
                                                                            rel + "/index.html"]
    for c in candidates:
        f = dest / c
        if f.is_file():
            return f
    return None


def build(copy, dest):
    """Build the copy; return a dict: mode, ok, log, seconds, tags, posts [(path, html)]."""
    tags = prepare(copy)
    info = {"tags": tags, "stub_includes": [], "removed_pages": 0}
    rc, log, secs = run_jekyll(copy, dest)
    info["mode"] = "full"
    if rc != 0:
        info["full_log"] = log
        info["removed_pages"], info["stub_includes"] = reduce_site(copy)
        shutil.rmtree(dest, ignore_errors=True)
        rc, log, secs2 = run_jekyll(copy, dest)
        secs += secs2
        info["mode"] = "reduced"
    info.update(ok=rc == 0, log=log, seconds=secs, posts=[], skipped=[])
    if rc != 0:
        return info
    listing = dest / LISTING
    for line in listing.read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        path, url, title = (line.split("\t") + ["", ""])[:3]
        if Path(path).suffix.lower() not in (".md", ".markdown", ".mkd", ".mkdn", ".html"):
            info["skipped"].append(path)  # e.g. `x.md.bak`: published unconverted, not a post
            continue
        f = output_file(dest, url)
        if f is None:
            info["skipped"].append(path)
            continue
        info["posts"].append((path, f.read_text(encoding="utf-8", errors="replace"), title))
    return info


def first_error(log):
    """The lines of a failed build's log that say what failed (not the banner, not the trace)."""
    keep = []
    for line in log.splitlines():
        line = re.sub(r"\x1b\[[0-9;]*m", "", line).strip()
        if not line or line.startswith("from ") or line.startswith("---") \
                or "Please append" in line or "additional information" in line \
                or "Layout '" in line or line.startswith("Configuration file") \
                or "value of 'theme'" in line:
            continue
        if re.search(r"rror|xception|Disallowed|Could not|not found|Invalid", line):
            keep.append(line)
    return keep[:2]


def uses_math_script(site):
    """Whether the blog loads MathJax or KaTeX, which render `$…$` as math in the browser."""
    for sub in ("_layouts", "_includes", "_posts", "_config.yml"):
        p = Path(site, sub)
        files = [p] if p.is_file() else (text_files(p) if p.is_dir() else [])
        for f in files:
            try:
                t = f.read_text(encoding="utf-8", errors="replace").lower()
            except OSError:
                continue
            if "mathjax" in t or "katex" in t:
                return True
    return False


def warnings(log):
    """Jekyll's own warnings other than the missing layouts we caused."""
    out = []
    for line in log.splitlines():
        line = re.sub(r"\x1b\[[0-9;]*m", "", line).strip()
        if ("Warning" in line or "Error" in line or "error" in line) \
                and "Layout '" not in line and "value of 'theme'" not in line:
            out.append(line)
    return out
