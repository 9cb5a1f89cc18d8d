#!/usr/bin/env bash
# PDF handout benchmark: `hanmoto handout` against Typst (via pandoc) on the sample post, A4, in
# one hyperfine run; then peak RSS of each (GNU time) and the facts of each PDF (A4 and A6) from
# the same checker (bench/typst/facts.py: pdffonts, pdfimages, pdfinfo -url, pdftotext).
#
#   bash bench/handout.sh                  # builds target/release/hanmoto, prints Markdown
#   HANMOTO=/path/to/hanmoto bash bench/handout.sh   # use that binary, no cargo build
#   RUNS=40 bash bench/handout.sh          # more runs (default 20, 3 warm-ups)
#
# If the binary has no `handout` subcommand, or it makes no PDF, only the Typst side is timed and
# measured (the hanmoto rows say so); run the script again once it works.
#
# Needs (Debian 12 + PyPI; all installed as root on the bench machine):
#   apt-get install -y hyperfine time poppler-utils qpdf
#   pip install typst            # the Typst compiler as a Python extension (typst-py); there is
#                                # no `typst` CLI in it. Add --break-system-packages if pip refuses.
#   pip install pypandoc-binary  # pandoc 3.x; Debian 12's pandoc (2.17) has no Typst writer
#                                # (`-t typst` arrived in pandoc 3.1.2). PANDOC=… overrides.
#
# The Typst pipeline, as a careful pandoc user would run it (see the files in bench/typst/):
#   1. bench/typst/prepare.py: a copy of the post with `/images/…` written `images/…` and the
#      site's images beside it (Typst reads files under its project root only). Done once, not
#      timed (hanmoto resolves /images/… itself, inside its timed run).
#   2. pandoc -f markdown+east_asian_line_breaks-citations -t typst --standalone
#        --lua-filter bench/typst/img.lua --metadata-file bench/typst/a4.yaml
#      (`east_asian_line_breaks`: a line break between Japanese characters is no space, as in
#      hanmoto's model; `-citations`: `[@deeeet](…)` is a link, not a citation, as in Jekyll;
#      img.lua: raw `<img>` → image with its CSS px width, remote → framed placeholder, since
#      pandoc's Typst writer drops raw HTML; a4.yaml: A4, 20 mm margins, 10.5 pt, IPAex Mincho
#      body, IPAex Gothic headings, lang ja, page numbers — the same page as hanmoto's A4.)
#   3. python3 bench/typst/compile.py post.typ out.pdf fonts/   (typst.compile(), fonts from the
#      repository's fonts/ folder, system fonts ignored; a fresh Python process per run)
# Timed: "typst (pandoc + compile)" = 2 + 3, "typst compile" = 3 alone, and for scale, pandoc
# alone and `python3 -c 'import typst'` (interpreter start-up and loading the extension).
# Facts-only variants: A6 with pandoc's default Typst margins (bench/typst/a6-pandoc-margins.yaml)
# and A4 without Typst's automatic Japanese–Latin spacing (a4-no-cjk-latin-spacing.yaml).
# hanmoto runs with --offline, so like Typst it does not fetch the post's remote image (both print
# a placeholder).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="${BENCH_DIR:-/tmp/hanmoto-bench-handout}"
out="$here/out" # PNGs of every page, for looking at (gitignored)
runs="${RUNS:-20}"
post="$root/content/_posts/2015-01-18-docker-meetup-tokyo-4.md"
# The interpreter itself, not a pyenv shim in PATH (a bash script that adds ~45 ms to every start
# on the bench machine; that would be pyenv's time, not Typst's).
py="$(python3 -c 'import sys; print(sys.executable)')"
pandoc="${PANDOC:-$(python3 -c 'import pypandoc; print(pypandoc.get_pandoc_path())')}"
mkdir -p "$work" "$out"
printf '*\n' >"$out/.gitignore"

if [ -z "${HANMOTO:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p hanmoto
  HANMOTO="$root/target/release/hanmoto"
fi
hanmoto="$HANMOTO"
have_hanmoto=0
if "$hanmoto" handout --help >/dev/null 2>&1; then have_hanmoto=1; fi

# --- Typst: prepare once, then make A4 and A6 ---
python3 "$here/typst/prepare.py" "$post" "$root/content" "$work/typst"
pandoc_cmd() { # paper
  echo "$pandoc -f markdown+east_asian_line_breaks-citations -t typst --standalone --lua-filter $here/typst/img.lua --metadata-file $here/typst/$1.yaml -o $work/typst/post-$1.typ $work/typst/post.md"
}
compile_cmd() { # paper
  echo "$py $here/typst/compile.py $work/typst/post-$1.typ $work/typst-$1.pdf $root/fonts"
}
for paper in a4 a6 a6-pandoc-margins a4-no-cjk-latin-spacing; do
  eval "$(pandoc_cmd "$paper")"
  eval "$(compile_cmd "$paper")"
done
hanmoto_cmd() { # paper
  echo "$hanmoto handout $post --offline --paper ${1^^} -o $work/hanmoto-$1.pdf"
}
if [ "$have_hanmoto" = 1 ]; then
  for paper in a4 a6; do
    rm -f "$work/hanmoto-$paper.pdf"
    if ! eval "$(hanmoto_cmd "$paper")" >/dev/null || [ ! -s "$work/hanmoto-$paper.pdf" ]; then
      echo "hanmoto handout made no PDF at ${paper^^}; measuring Typst only" >&2
      have_hanmoto=0
    fi
  done
fi

# --- time: one hyperfine run ---
names=()
cmds=()
if [ "$have_hanmoto" = 1 ]; then
  names+=("hanmoto handout")
  cmds+=("$(hanmoto_cmd a4)")
fi
names+=("typst (pandoc + compile)" "typst compile" "pandoc -t typst" "python3 + import typst")
cmds+=("$(pandoc_cmd a4) && $(compile_cmd a4)" "$(compile_cmd a4)" "$(pandoc_cmd a4)"
       "$py -c 'import typst'")
args=()
for i in "${!cmds[@]}"; do args+=(--command-name "${names[$i]}" "${cmds[$i]}"); done
hyperfine --warmup 3 --runs "$runs" --export-markdown "$work/handout-times.md" \
  --export-json "$work/handout-times.json" "${args[@]}" >&2

echo "## Time (A4, hyperfine, $runs runs, 3 warm-ups)"
echo
cat "$work/handout-times.md"
echo
# typst.compile() in one warm Python process: the compiler's own time without interpreter start-up.
"$py" - "$work/typst/post-a4.typ" "$work/typst-warm.pdf" "$root/fonts" <<'EOF'
import pathlib, statistics, sys, time, typst
src, dst, fonts = sys.argv[1:4]
root = str(pathlib.Path(src).resolve().parent)
ts = []
for _ in range(12):
    t = time.perf_counter()
    typst.compile(src, output=dst, root=root, font_paths=[fonts], ignore_system_fonts=True)
    ts.append((time.perf_counter() - t) * 1000)
ts = ts[2:]
print(f"typst.compile() inside one warm Python process: median {statistics.median(ts):.1f} ms "
      f"(min {min(ts):.1f}, max {max(ts):.1f}, 10 calls after 2)")
EOF
python3 - "$work/handout-times.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
h = r.get("hanmoto handout")
if h:
    for k in ("typst (pandoc + compile)", "typst compile"):
        t = r[k]
        print(f"- hanmoto / {k}: {h['mean'] / t['mean']:.3f} of its time "
              f"({t['mean'] / h['mean']:.1f}× faster; target ≤ 0.333)")
else:
    print("- hanmoto: not timed (no working `handout` in this binary); no ratio")
EOF

# --- memory ---
echo
echo "## Peak RSS (GNU time %M, one run each)"
echo
echo "| command | peak RSS (MiB) |"
echo "|---|---:|"
for i in "${!cmds[@]}"; do
  # For `a && b`, bash's children are waited for, so %M is the larger of the two processes.
  rss=$(/usr/bin/time -f "%M" bash -c "${cmds[$i]}" 2>&1 >/dev/null | tail -1)
  echo "| ${names[$i]} | $(awk "BEGIN { printf \"%.1f\", $rss / 1024 }") |"
done

# --- facts: the same checker on each PDF; every page rendered for looking at ---
margin_mm() { case "$1" in a4*) echo 20 ;; a6) echo 12 ;; a6-pandoc-margins) echo 31.75 ;; esac; }
for paper in a4 a6 a6-pandoc-margins a4-no-cjk-latin-spacing; do
  for tool in typst hanmoto; do
    [ "$paper" != a4 ] && [ "$paper" != a6 ] && [ "$tool" = hanmoto ] && continue
    pdf="$work/$tool-$paper.pdf"
    echo
    if [ "$tool" = hanmoto ] && [ "$have_hanmoto" = 0 ]; then
      echo "## hanmoto, ${paper^^}: not measured (no working \`handout\` in $hanmoto)"
      continue
    fi
    echo "## $tool, ${paper^^} ($(stat -c %s "$pdf") bytes; pages in bench/out/$tool-$paper-*.png)"
    echo
    python3 "$here/typst/facts.py" "$pdf" "$post" --margin-mm "$(margin_mm $paper)"
    if qpdf --check "$pdf" >/dev/null 2>&1; then echo "- qpdf --check: clean"; else echo "- qpdf --check: FAILED"; fi
    rm -f "$out/$tool-$paper"-*.png
    pdftoppm -r 70 -png "$pdf" "$out/$tool-$paper"
  done
done

echo
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores;" \
  "$("$pandoc" --version | head -1); $("$py" "$here/typst/version.py");" \
  "$(hyperfine --version); $(pdftotext -v 2>&1 | head -1)"
