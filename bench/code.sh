#!/usr/bin/env bash
# What code highlighting costs: two hanmoto binaries side by side, in one hyperfine run, on a
# code-heavy blog (its EPUB, its PDF book, the handout of its post with the most code) and on the
# 200-post bench site (bench/gen-site.py: the sample post, no highlighted code), so the second
# shows a book without code does not pay for grammars it does not use.
#
#   HANMOTO_BEFORE=/path/to/old/hanmoto bash bench/code.sh SITE_DIR POST_FILE
#   HANMOTO=/path/to/new/hanmoto …        # default: target/release/hanmoto (built)
#   RUNS=10 …                             # runs per command (default 5, 2 warm-ups)
#
# The blog is a real one, not part of this repository (REALWORLD.md lists those used); it is
# read in place with `--site` and never written to. Needs hyperfine and GNU time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -eq 2 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
site="$(cd "$1" && pwd)"
post="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
before="${HANMOTO_BEFORE:?set HANMOTO_BEFORE to the binary to compare with}"
after="${HANMOTO:-$root/target/release/hanmoto}"
if [ -z "${HANMOTO:-}" ]; then
    (cd "$root" && cargo build --release -q -p hanmoto)
fi
runs="${RUNS:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/bench/gen-site.py" 200 "$work/bench200" >/dev/null

cmds=()
names=()
for entry in "before=$before" "after=$after"; do
    label="${entry%%=*}"
    bin="${entry#*=}"
    names+=("$label: blog EPUB" "$label: blog PDF book" "$label: handout" "$label: 200-post PDF book")
    cmds+=("$bin build --epub --offline -q --site $site -o $work/$label-epub"
        "$bin build --pdf --offline -q --site $site -o $work/$label-pdf"
        "$bin handout --offline -q --site $site -o $work/$label-handout.pdf $post"
        "$bin build --pdf --offline -q --site $work/bench200 -o $work/$label-200")
done
args=()
for i in "${!cmds[@]}"; do
    args+=(-n "${names[$i]}" "${cmds[$i]}")
done
hyperfine -N -i --runs "$runs" --warmup 2 --export-markdown "$work/times.md" "${args[@]}" >/dev/null
cat "$work/times.md"
echo
echo "| command | peak RSS (MiB) |"
echo "|---|---|"
for i in "${!cmds[@]}"; do
    # shellcheck disable=SC2086
    kb="$(/usr/bin/time -f %M ${cmds[$i]} 2>&1 >/dev/null | tail -1)"
    echo "| ${names[$i]} | $((kb / 1024)) |"
done
echo
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
