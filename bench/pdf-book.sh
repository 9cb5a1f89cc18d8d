#!/usr/bin/env bash
# PDF book benchmark: `hanmoto build --pdf` against Typst (pandoc → typst) on the 200-post bench
# site (bench/gen-site.py), A5, in one hyperfine run; then peak RSS of each (GNU time), the size
# and page count of each PDF, and both at 50/100/200/400 posts to show how time grows.
#
#   bash bench/pdf-book.sh                  # builds target/release/hanmoto, prints Markdown
#   HANMOTO=/path/to/hanmoto bash bench/pdf-book.sh   # use that binary, no cargo build
#   RUNS=20 bash bench/pdf-book.sh          # more runs (default 10, 2 warm-ups)
#   SIZES="50 100 200 400" …                # the scaling rows (default)
#
# If the binary cannot make a PDF book (`hanmoto build --pdf` fails or writes nothing), only the
# Typst side is timed and measured and the hanmoto rows say so; run the script again once it works.
#
# Needs what bench/handout.sh needs (hyperfine, GNU time, poppler-utils, qpdf, `pip install typst
# pypandoc-binary`).
#
# The Typst pipeline, as a careful pandoc user would make a book of a blog (see bench/typst/):
#   1. bench/gen-site.py N DIR: N copies of the sample post (own titles and dates, the same 3
#      images; the remote image points at a closed local port). Not timed.
#   2. bench/typst/prepare_book.py DIR DIR/typst: each post's front matter becomes its chapter
#      heading (`# title`, date and tags), since pandoc merges the front matter of many inputs
#      into one. Not timed (hanmoto reads the site as it is, inside its timed run).
#   3. pandoc -f markdown+east_asian_line_breaks-citations -t typst --standalone
#        --lua-filter bench/typst/img.lua --metadata-file bench/typst/a5-book.yaml
#        --metadata-file DIR/typst/meta.yaml DIR/typst/posts/*.md   (all posts, one .typ)
#      a5-book.yaml: A5, 15 mm margins, 9.5 pt, IPAex Mincho/Gothic, each chapter on a new page,
#      page numbers; no contents, no running heads (pandoc's Typst output as it comes).
#      a5-book-toc-heads.yaml: the same plus a table of contents and running heads written by
#      hand in Typst — the book hanmoto makes by default.
#   4. python3 bench/typst/compile.py book.typ out.pdf fonts/ (fresh Python process per run).
# Timed: "typst (pandoc + compile)" = 3 + 4 (plain; the main comparison, Typst at its fastest),
# "typst + contents + heads" = 3 + 4 with a5-book-toc-heads.yaml, "typst compile" = 4 alone.
# hanmoto: `hanmoto build --pdf --offline --quiet --site DIR -o OUT` (the site read with default
# settings: A5, margins from the paper, link notes), so it parses Markdown, Liquid and images
# inside the timed run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="${BENCH_DIR:-/tmp/hanmoto-bench-pdf-book}"
out="$here/out" # PNGs of a few pages, for looking at (gitignored)
runs="${RUNS:-10}"
sizes="${SIZES:-50 100 200 400}"
py="$(python3 -c 'import sys; print(sys.executable)')"
pandoc="${PANDOC:-$(python3 -c 'import pypandoc; print(pypandoc.get_pandoc_path())')}"
mkdir -p "$work" "$out"
printf '*\n' >"$out/.gitignore"

if [ -z "${HANMOTO:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p hanmoto
  HANMOTO="$root/target/release/hanmoto"
fi
hanmoto="$HANMOTO"

# --- the sites, and the Typst project of each (not timed) ---
for n in $sizes 200; do
  [ -d "$work/site-$n/typst" ] && continue
  python3 "$root/bench/gen-site.py" "$n" "$work/site-$n" >/dev/null
  python3 "$here/typst/prepare_book.py" "$work/site-$n" "$work/site-$n/typst"
done
pandoc_cmd() { # posts [variant]
  local t="$work/site-$1/typst" v="${2:-a5-book}"
  echo "$pandoc -f markdown+east_asian_line_breaks-citations -t typst --standalone --lua-filter $here/typst/img.lua --metadata-file $here/typst/$v.yaml --metadata-file $t/meta.yaml -o $t/$v.typ $(tr '\n' ' ' <"$t/inputs.txt")"
}
compile_cmd() { # posts [variant]
  local v="${2:-a5-book}"
  echo "$py $here/typst/compile.py $work/site-$1/typst/$v.typ $work/typst-$1${2:+-$2}.pdf $root/fonts"
}
hanmoto_cmd() { # posts
  echo "$hanmoto build --pdf --offline --quiet --site $work/site-$1 -o $work/hanmoto-$1"
}
have_hanmoto=1
eval "$(pandoc_cmd 200 a5-book-toc-heads)"
eval "$(compile_cmd 200 a5-book-toc-heads)"
for n in $sizes 200; do
  eval "$(pandoc_cmd "$n")"
  eval "$(compile_cmd "$n")"
  rm -rf "$work/hanmoto-$n"
  if [ "$have_hanmoto" = 1 ] && { ! eval "$(hanmoto_cmd "$n")" >"$work/hanmoto-$n.log" 2>&1 \
      || [ -z "$(ls "$work/hanmoto-$n"/*.pdf 2>/dev/null)" ]; }; then
    echo "hanmoto build --pdf made no PDF ($n posts; see $work/hanmoto-$n.log); measuring Typst only" >&2
    have_hanmoto=0
  fi
done
hanmoto_pdf() { ls "$work/hanmoto-$1"/*.pdf; }

# --- time: one hyperfine run at 200 posts ---
names=()
cmds=()
if [ "$have_hanmoto" = 1 ]; then
  names+=("hanmoto build --pdf")
  cmds+=("$(hanmoto_cmd 200)")
fi
names+=("typst (pandoc + compile)" "typst + contents + heads (pandoc + compile)" "typst compile")
cmds+=("$(pandoc_cmd 200) && $(compile_cmd 200)"
       "$(pandoc_cmd 200 a5-book-toc-heads) && $(compile_cmd 200 a5-book-toc-heads)"
       "$(compile_cmd 200)")
args=()
for i in "${!cmds[@]}"; do args+=(--command-name "${names[$i]}" "${cmds[$i]}"); done
hyperfine --warmup 2 --runs "$runs" --export-markdown "$work/book-times.md" \
  --export-json "$work/book-times.json" "${args[@]}" >&2

echo "## Time (200 posts, A5, hyperfine, $runs runs, 2 warm-ups)"
echo
cat "$work/book-times.md"
echo
python3 - "$work/book-times.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
h = r.get("hanmoto build --pdf")
if h:
    for k in ("typst (pandoc + compile)", "typst + contents + heads (pandoc + compile)", "typst compile"):
        t = r[k]
        print(f"- {k} / hanmoto: {t['mean'] / h['mean']:.2f}× (target ≥ 3)")
else:
    print("- hanmoto: not timed (`hanmoto build --pdf` made no PDF with this binary); no ratio")
PY

# --- memory ---
echo
echo "## Peak RSS (200 posts, GNU time %M, one run each)"
echo
echo "| command | peak RSS (MiB) |"
echo "|---|---:|"
declare -A rss_of
for i in "${!cmds[@]}"; do
  # For `a && b`, bash waits for its children, so %M is the larger of the two processes.
  rss=$(/usr/bin/time -f "%M" bash -c "${cmds[$i]}" 2>&1 >/dev/null | tail -1)
  rss_of["${names[$i]}"]=$rss
  echo "| ${names[$i]} | $(awk "BEGIN { printf \"%.1f\", $rss / 1024 }") |"
done
if [ "$have_hanmoto" = 1 ]; then
  echo
  echo "- hanmoto / typst (plain, pandoc + compile) peak RSS: $(awk "BEGIN { printf \"%.2f\", ${rss_of["hanmoto build --pdf"]} / ${rss_of["typst (pandoc + compile)"]} }") (target ≤ 0.5)"
fi

# --- outputs ---
echo
echo "## Outputs (200 posts)"
echo
echo "| PDF | pages | bytes | image objects | fonts emb/sub/uni | qpdf --check |"
echo "|---|---:|---:|---:|---|---|"
facts() { # name pdf
  local pages bytes imgs fonts ok q
  pages=$(pdfinfo "$2" | awk '/^Pages:/ { print $2 }')
  bytes=$(stat -c %s "$2")
  imgs=$(pdfimages -list "$2" | awk 'NR > 2 && $3 == "image" { print $11 }' | sort -u | wc -l)
  fonts=$(pdffonts "$2" | awk 'NR > 2' | wc -l)
  ok=$(pdffonts "$2" | awk 'NR > 2 && $(NF-4) == "yes" && $(NF-3) == "yes" && $(NF-2) == "yes"' | wc -l)
  if qpdf --check "$2" >/dev/null 2>&1; then q=clean; else q=FAILED; fi
  echo "| $1 | $pages | $bytes | $imgs | $ok of $fonts | $q |"
}
facts typst "$work/typst-200.pdf"
facts "typst + contents + heads" "$work/typst-200-a5-book-toc-heads.pdf"
if [ "$have_hanmoto" = 1 ]; then
  facts hanmoto "$(hanmoto_pdf 200)"
  echo
  echo "- hanmoto / typst (plain) output size: $(awk "BEGIN { printf \"%.2f\", $(stat -c %s "$(hanmoto_pdf 200)") / $(stat -c %s "$work/typst-200.pdf") }") (target ≤ 1)"
fi
# A few pages to look at: title, contents, a chapter opener, a body spread.
for tool in typst hanmoto; do
  [ "$tool" = hanmoto ] && [ "$have_hanmoto" = 0 ] && continue
  pdf="$work/typst-200-a5-book-toc-heads.pdf"
  [ "$tool" = hanmoto ] && pdf="$(hanmoto_pdf 200)"
  rm -f "$out/book-$tool"-*.png
  pdftoppm -r 60 -png -f 1 -l 8 "$pdf" "$out/book-$tool"
done

# --- growth: each size, fewer runs ---
echo
echo "## Growth (A5, hyperfine mean ± σ, 5 runs, 1 warm-up)"
echo
echo "| posts | hanmoto (s) | hanmoto pages | typst, plain, pandoc + compile (s) | typst pages |"
echo "|---:|---:|---:|---:|---:|"
for n in $sizes; do
  args=()
  [ "$have_hanmoto" = 1 ] && args+=(--command-name hanmoto "$(hanmoto_cmd "$n")")
  args+=(--command-name typst "$(pandoc_cmd "$n") && $(compile_cmd "$n")")
  hyperfine --warmup 1 --runs 5 --export-json "$work/growth-$n.json" "${args[@]}" >/dev/null 2>&1
  python3 - "$work/growth-$n.json" "$n" \
    "$( [ "$have_hanmoto" = 1 ] && pdfinfo "$(hanmoto_pdf "$n")" | awk '/^Pages:/ { print $2 }' || echo -)" \
    "$(pdfinfo "$work/typst-$n.pdf" | awk '/^Pages:/ { print $2 }')" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
cell = lambda k: f"{r[k]['mean']:.3f} ± {r[k]['stddev']:.3f}" if k in r else "not measured"
print(f"| {sys.argv[2]} | {cell('hanmoto')} | {sys.argv[3]} | {cell('typst')} | {sys.argv[4]} |")
PY
done

echo
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores;" \
  "$("$pandoc" --version | head -1); $("$py" "$here/typst/version.py");" \
  "$(hyperfine --version); $(pdftotext -v 2>&1 | head -1); load average at the end: $(cut -d" " -f1-3 /proc/loadavg)"
