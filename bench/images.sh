#!/usr/bin/env bash
# Image-heavy benchmark (issue 13): the real-image bench site of bench/gen-image-site.py (60
# posts, 40 images, 21 MB: PNG RGBA and RGB screenshots, 4032×3024 JPEG photos, GIF, WebP),
# built by hanmoto beside pandoc (EPUB) and Typst (PDF book, pandoc → typst as in
# bench/pdf-book.sh), in one hyperfine run each; then peak RSS (GNU time) of every command; then
# the scaled books (every post ×8, ×34 and ×68: 480, 2040 and 4080 posts, up to ~10 000 A5
# pages) with time, memory and time per post.
#
#   bash bench/images.sh                   # builds target/release/hanmoto, prints Markdown
#   HANMOTO=/path/to/hanmoto bash bench/images.sh
#   RUNS=5 SCALES="8 34" bash bench/images.sh
#
# The site is built with the defaults (no book.toml), and with a book.toml switching
# downscaling on (`[epub] max_image_px = 2048`, `[pdf] max_image_dpi = 300`): "cold" runs delete
# the site's `.hanmoto-cache/derived/` first (WebP converted, images scaled down), "warm" runs
# keep it.
#
# Needs: hyperfine, GNU time, poppler-utils, Pillow, `pip install pypandoc-binary typst`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="${BENCH_DIR:-/tmp/hanmoto-bench-images}"
runs="${RUNS:-10}"
scales="${SCALES:-8 34 68}"
py="$(python3 -c 'import sys; print(sys.executable)')"
pandoc="${PANDOC:-$(python3 -c 'import pypandoc; print(pypandoc.get_pandoc_path())')}"
mkdir -p "$work"

if [ -z "${HANMOTO:-}" ]; then
  cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p hanmoto
  HANMOTO="$root/target/release/hanmoto"
fi
hanmoto="$HANMOTO"

site() { # copies
  local dir="$work/site-$1"
  if [ ! -d "$dir/_posts" ]; then
    python3 "$here/gen-image-site.py" "$dir" "$1" "$work/.images" >/dev/null
  fi
  echo "$dir"
}
s1="$(site 1)"
# The tuned book: the same site with downscaling switched on.
cat >"$s1/book-tuned.toml" <<'EOF'
[book]
source = "."

[epub]
max_image_px = 2048

[pdf]
max_image_dpi = 300
EOF
if [ ! -d "$s1/typst" ]; then
  python3 "$here/typst/prepare_book.py" "$s1" "$s1/typst"
fi
typ="$s1/typst/a5-book.typ"
"$pandoc" -f markdown+east_asian_line_breaks-citations -t typst --standalone \
  --lua-filter "$here/typst/img.lua" --metadata-file "$here/typst/a5-book.yaml" \
  --metadata-file "$s1/typst/meta.yaml" -o "$typ" $(tr '\n' ' ' <"$s1/typst/inputs.txt")

cold="rm -rf $s1/.hanmoto-cache/derived"
names=()
cmds=()
prep=()
add() { names+=("$1"); cmds+=("$2"); prep+=("${3:-true}"); }
add "hanmoto EPUB" "$hanmoto build --epub --offline --quiet --site $s1 -o $work/out-epub"
add "hanmoto EPUB, max_image_px, cold" "$hanmoto build --epub --offline --quiet --book $s1/book-tuned.toml -o $work/out-epub-tuned" "$cold"
add "hanmoto EPUB, max_image_px, warm" "$hanmoto build --epub --offline --quiet --book $s1/book-tuned.toml -o $work/out-epub-tuned"
add "pandoc EPUB" "$pandoc --from markdown --to epub3 --resource-path $s1 --metadata title=bench --metadata lang=ja -o $work/pandoc.epub $(tr '\n' ' ' <"$s1/pandoc-inputs.txt")"
add "hanmoto PDF book" "$hanmoto build --pdf --offline --quiet --site $s1 -o $work/out-pdf"
add "hanmoto PDF book, max_image_dpi, cold" "$hanmoto build --pdf --offline --quiet --book $s1/book-tuned.toml -o $work/out-pdf-tuned" "$cold"
add "hanmoto PDF book, max_image_dpi, warm" "$hanmoto build --pdf --offline --quiet --book $s1/book-tuned.toml -o $work/out-pdf-tuned"
add "typst compile (pandoc's .typ)" "$py $here/typst/compile.py $typ $work/typst.pdf $root/fonts"

args=()
for i in "${!cmds[@]}"; do
  args+=(--command-name "${names[$i]}" --prepare "${prep[$i]}" "${cmds[$i]}")
done
hyperfine --warmup 2 --runs "$runs" --export-markdown "$work/times.md" "${args[@]}" >/dev/null
echo "### 60 posts, 40 images (21 MB), one hyperfine run ($runs runs, 2 warm-ups)"
echo
cat "$work/times.md"
echo
echo "| command | peak RSS (MiB) |"
echo "|---|---|"
for i in "${!cmds[@]}"; do
  bash -c "${prep[$i]}"
  rss=$(/usr/bin/time -f "%M" bash -c "${cmds[$i]}" 2>&1 >/dev/null | tail -1)
  echo "| ${names[$i]} | $(awk "BEGIN { printf \"%.0f\", $rss / 1024 }") |"
done
for f in "$work"/out-epub/*.epub "$work"/out-epub-tuned/*.epub "$work/pandoc.epub" \
  "$work"/out-pdf/*.pdf "$work"/out-pdf-tuned/*.pdf "$work/typst.pdf"; do
  echo "- $(basename "$(dirname "$f")")/$(basename "$f"): $(awk "BEGIN { printf \"%.1f\", $(stat -c %s "$f") / 1e6 }") MB"
done
echo "- pages: hanmoto $(pdfinfo "$work"/out-pdf/*.pdf | awk '/^Pages/ {print $2}'), typst $(pdfinfo "$work/typst.pdf" | awk '/^Pages/ {print $2}')"

echo
echo "### The scaled books (hanmoto alone; one run each, GNU time)"
echo
echo "| posts | pages | EPUB s | EPUB MiB | PDF s | PDF MiB | PDF ms/post |"
echo "|---|---|---|---|---|---|---|"
for k in $scales; do
  dir="$(site "$k")"
  posts=$((60 * k))
  read -r et em < <(/usr/bin/time -f "%e %M" "$hanmoto" build --epub --offline --quiet --site "$dir" -o "$work/scaled-$k" 2>&1 >/dev/null | tail -1)
  read -r pt pm < <(/usr/bin/time -f "%e %M" "$hanmoto" build --pdf --offline --quiet --site "$dir" -o "$work/scaled-$k" 2>&1 >/dev/null | tail -1)
  pages=$(pdfinfo "$work/scaled-$k"/*.pdf | awk '/^Pages/ {print $2}')
  echo "| $posts | $pages | $et | $(awk "BEGIN { printf \"%.0f\", $em / 1024 }") | $pt | $(awk "BEGIN { printf \"%.0f\", $pm / 1024 }") | $(awk "BEGIN { printf \"%.2f\", $pt * 1000 / $posts }") |"
done
echo
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); pandoc $("$pandoc" --version | head -1 | cut -d' ' -f2); $(python3 "$here/typst/version.py" 2>/dev/null || echo typst)"
