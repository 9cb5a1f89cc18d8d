#!/usr/bin/env bash
# Runs every fuzz target (or those named after SECONDS) for SECONDS each, one after another.
#
#   fuzz/run.sh SECONDS [TARGET...]
#   FUZZ_ARGS="-runs=1000000" fuzz/run.sh 900 site_load   # extra libFuzzer flags
#
# Needs `cargo install cargo-fuzz --locked`. Works on stable Rust: `--sanitizer none` (the Rust
# code is memory-safe; the fuzzer hunts panics, hangs and runaway memory). Each run's new inputs
# go to a fresh scratch corpus (fuzz/corpus/TARGET-<time>) read first, then the committed seeds in
# fuzz/seeds/TARGET, so a rerun never replays an old crash. Crashes land in fuzz/artifacts/TARGET/.
# The last lines of each run (executions, exec/s) are kept in fuzz/logs/TARGET.log.
set -euo pipefail

if [[ $# -lt 1 || ! $1 =~ ^[0-9]+$ ]]; then
    echo "usage: fuzz/run.sh SECONDS [TARGET...]" >&2
    exit 2
fi
seconds=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(site_load site_config book_toml svg image)
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/target}"
# The site targets write a scratch Jekyll site per process: in RAM (/dev/shm) when there is one.
mkdir -p corpus
scratch_tmp=$(mktemp -d /dev/shm/hanmoto-fuzz.XXXXXX 2>/dev/null || mktemp -d "$here/corpus/tmp.XXXXXX")
trap 'rm -rf "$scratch_tmp"' EXIT
mkdir -p logs
status=0
for t in "${targets[@]}"; do
    corpus="corpus/$t-$(date +%Y%m%d-%H%M%S)"
    mkdir -p "$corpus" "artifacts/$t"
    echo "== $t for ${seconds}s (corpus $corpus)"
    # One job, one worker: the posts' Liquid and images load on rayon's pool, keep it at one thread.
    set +e
    TMPDIR="$scratch_tmp" RAYON_NUM_THREADS=1 cargo fuzz run --sanitizer none "$t" "$corpus" "seeds/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
        -print_final_stats=1 ${FUZZ_ARGS:-} >"logs/$t.full.log" 2>&1
    rc=$?
    set -e
    grep -E '^#[0-9]+.*DONE|SUMMARY|panicked at' "logs/$t.full.log" || true
    awk '/^stat::|^Done/ && !seen[$0]++' "logs/$t.full.log" | tee "logs/$t.log"
    if [[ $rc -ne 0 ]]; then
        echo "!! $t stopped with status $rc: see fuzz/logs/$t.full.log and fuzz/artifacts/$t/" >&2
        status=1
    fi
done
exit $status
