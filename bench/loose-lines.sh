#!/usr/bin/env bash
# Loose justified lines in PDF books of real Japanese blogs: each site built as an A5 book by one
# or two hanmoto binaries, each PDF measured by typojudge (MuPDF's glyph positions: a line is
# loose when a Japanese|Japanese gap exceeds 0.1 em, a Japanese|Latin gap 0.52 em or a word space
# 0.6 em; justified lines only, code lines left out). Prints a Markdown table.
#
#   bash bench/loose-lines.sh SITE_DIR [SITE_DIR...]
#   HANMOTO_BEFORE=/path/to/old/hanmoto bash bench/loose-lines.sh SITE...   # compare two builds
#   TYPOJUDGE=/path/to/typojudge.py   # the measuring script (default: the workplace's copy,
#                                     # ../shared/tools/typojudge.py beside this repository)
#
# The sites are real blogs, not part of this repository (see REALWORLD.md for the ones used);
# each is read in place with `--site` and never written to (outputs go to a temporary folder).
# Needs: mutool (Debian: mupdf-tools), python3.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 1 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
judge="${TYPOJUDGE:-$root/../shared/tools/typojudge.py}"
[ -f "$judge" ] || { echo "loose-lines.sh: no typojudge at $judge (set TYPOJUDGE)" >&2; exit 2; }
command -v mutool >/dev/null || { echo "loose-lines.sh: mutool not found (apt-get install mupdf-tools)" >&2; exit 2; }

after="${HANMOTO:-$root/target/release/hanmoto}"
if [ -z "${HANMOTO:-}" ]; then
    (cd "$root" && cargo build --release -q -p hanmoto)
fi
binaries=("after=$after")
[ -n "${HANMOTO_BEFORE:-}" ] && binaries=("before=$HANMOTO_BEFORE" "${binaries[@]}")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "| site | build | justified lines | loose | share | widest Japanese / Japanese–Latin / word gap (em) |"
echo "|---|---|---|---|---|---|"
for site in "$@"; do
    name="$(basename "$(cd "$site" && pwd)")"
    for entry in "${binaries[@]}"; do
        label="${entry%%=*}"
        bin="${entry#*=}"
        out="$work/$name-$label"
        "$bin" build --pdf --offline -q --site "$site" -o "$out" >/dev/null 2>&1 || true
        pdf="$(ls "$out"/*.pdf 2>/dev/null | head -1)"
        if [ -z "$pdf" ]; then
            echo "| $name | $label | no PDF | | | |"
            continue
        fi
        line="$(python3 "$judge" "$pdf")"
        # judged=6966 loose=100 (1.4%) max gaps em: cjk|cjk 0.09 cjk|latin 1.036 word 3.01; …
        judged="$(sed -E 's/.*judged=([0-9]+).*/\1/' <<<"$line")"
        loose="$(sed -E 's/.*loose=([0-9]+).*/\1/' <<<"$line")"
        share="$(sed -E 's/.*\(([0-9.]+%)\).*/\1/' <<<"$line")"
        gaps="$(sed -E 's/.*cjk\|cjk ([0-9.]+) cjk\|latin ([0-9.]+) word ([0-9.]+).*/\1 \/ \2 \/ \3/' <<<"$line")"
        echo "| $name | $label | $judged | $loose | $share | $gaps |"
    done
done
