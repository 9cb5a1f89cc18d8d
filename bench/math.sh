#!/usr/bin/env bash
# Math layout speed on a real blog's formulas: every formula hanmoto reads from SITE (TeX →
# MathML by the model, as in a build) is laid out by hanmoto-math, best of 5 runs, and the time
# per 1000 formulas is printed (issue 15's target: ≤ 100 ms). The formulas are written to a
# temporary file, never committed (they are the blog's content).
#
#   bench/math.sh SITE        e.g. a checkout of lilianweng/lil-log
#   BASELINE=/path/to/older/hanmoto bench/math.sh SITE
#                             also times `build --pdf` and `build --epub` of SITE with both
#                             binaries in one hyperfine run each (RUNS, default 5) and prints
#                             each one's peak RSS (GNU time) and output sizes: what math costs
#                             a whole book (the baseline being a build from before a change).
set -euo pipefail
site=${1:?usage: bench/math.sh SITE}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build -q --release --manifest-path "$root/Cargo.toml" -p hanmoto
"$root/target/release/hanmoto" inspect --json --offline --site "$site" > "$tmp/book.json" 2>/dev/null
python3 - "$tmp/book.json" "$tmp/corpus.txt" <<'PY'
import json, sys
book = json.load(open(sys.argv[1]))
out = []
def walk(v):
    if isinstance(v, dict):
        if v.get("type") == "math" and v.get("mathml"):
            out.append(v["mathml"].replace("\n", " "))
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(book)
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print(f"{len(out)} formulas with MathML in {len(book['posts'])} posts", file=sys.stderr)
PY
if grep -q '^<math' "$tmp/corpus.txt"; then
  cargo bench -q --manifest-path "$root/Cargo.toml" -p hanmoto-math --bench layout -- "$tmp/corpus.txt"
else
  echo "no formulas: math layout not timed"
fi

if [ -n "${BASELINE:-}" ]; then
  new="$root/target/release/hanmoto"
  runs=${RUNS:-5}
  for fmt in pdf epub; do
    hyperfine -N --warmup 1 --runs "$runs" --export-markdown "$tmp/$fmt.md" \
      -n "baseline --$fmt" "$BASELINE build --$fmt --offline --quiet --site $site -o $tmp/old-$fmt" \
      -n "hanmoto --$fmt" "$new build --$fmt --offline --quiet --site $site -o $tmp/new-$fmt" >/dev/null
    cat "$tmp/$fmt.md"
    for bin in "$BASELINE" "$new"; do
      /usr/bin/time -f %M -o "$tmp/rss.txt" "$bin" build --$fmt --offline --quiet --site "$site" -o "$tmp/rss" >/dev/null 2>&1 || true
      rss=$(tail -1 "$tmp/rss.txt")
      size=$(du -b "$tmp/rss"/*."$fmt" | cut -f1)
      echo "- $(basename "$bin") --$fmt: peak RSS $((rss / 1024)) MiB, output $((size / 1024)) KiB"
      rm -rf "$tmp/rss"
    done
  done
fi
