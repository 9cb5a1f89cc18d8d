#!/usr/bin/env bash
# EPUB benchmark: `hanmoto build --epub` against pandoc 3 (pypandoc-binary) making an EPUB 3 of the
# same posts, 1 and 200 posts, in one hyperfine run; then peak RSS of each (GNU time).
#
#   bash bench/epub.sh            # prints a Markdown table; paste into BENCHMARKS.md
#
# Needs: hyperfine, GNU time (Debian: hyperfine, time), pandoc (pip install pypandoc-binary).
# pandoc is given the same Markdown files with `--resource-path` at the site so it can find
# /images/…; it does not run Liquid (the sample has none), which only favours pandoc.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
work="${BENCH_DIR:-/tmp/hanmoto-bench}"
mkdir -p "$work"
pandoc="$(python3 -c 'import pypandoc; print(pypandoc.get_pandoc_path())')"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
hanmoto="$root/target/release/hanmoto"

for n in 1 200; do
  python3 "$here/gen-site.py" "$n" "$work/site-$n" >/dev/null
  # Warm the remote-image cache once so neither tool waits on the network in the timed runs.
  "$hanmoto" build --epub --site "$work/site-$n" -o "$work/out-$n" >/dev/null 2>&1 || true
done

cmds=()
names=()
for n in 1 200; do
  names+=("hanmoto $n" "pandoc $n")
  cmds+=("$hanmoto build --epub --offline --site $work/site-$n -o $work/out-$n"
         "$pandoc --from markdown --to epub3 --resource-path $work/site-$n --metadata title=bench --metadata lang=ja -o $work/out-$n/pandoc.epub \$(cat $work/site-$n/pandoc-inputs.txt)")
done
args=()
for i in "${!cmds[@]}"; do args+=(--command-name "${names[$i]}" "${cmds[$i]}"); done
hyperfine --warmup 2 --runs 10 --export-markdown "$work/epub-times.md" --export-json "$work/epub-times.json" "${args[@]}"

echo
echo "| command | peak RSS (MiB) |"
echo "|---|---|"
for i in "${!cmds[@]}"; do
  rss=$(/usr/bin/time -f "%M" bash -c "${cmds[$i]}" 2>&1 >/dev/null | tail -1)
  echo "| ${names[$i]} | $(awk "BEGIN { printf \"%.1f\", $rss / 1024 }") |"
done
echo
cat "$work/epub-times.md"
# Scaling: hanmoto alone at 50/100/200/400 posts (time should grow linearly).
scale=()
for n in 50 100 200 400; do
  python3 "$here/gen-site.py" "$n" "$work/site-$n" >/dev/null
  scale+=(--command-name "hanmoto $n" "$hanmoto build --epub --offline --site $work/site-$n -o $work/out-$n")
done
hyperfine --warmup 2 --runs 10 --export-markdown "$work/epub-scaling.md" "${scale[@]}" >/dev/null
echo
cat "$work/epub-scaling.md"
nproc_used=$(grep -c ^processor /proc/cpuinfo)
echo
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $nproc_used cores; pandoc $("$pandoc" --version | head -1 | cut -d' ' -f2)"
