#!/usr/bin/env bash
# Benchmark: the overhead of a sweep point (process start, scenario parsing, HDF5 output) and the
# speed-up of the local process pool. Runs bench/sweep-100.yaml (100 points of a scenario that simulates in about a
# millisecond) with 1 and with 2 jobs, RUNS times each, and prints wall times.
# Usage: bench/sweep.sh [RUNS]   (after ./setup.sh has built build/sim/terawatt)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
terawatt=$PWD/build/sim/terawatt
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }
divide() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }

echo "machine: $(nproc) cores; $($terawatt --version)"
start=$(now); "$terawatt" sweep bench/sweep-100.yaml -o "$out/plan" --plan > /dev/null; end=$(now)
printf 'plan and validate 100 points: %.3f s\n' "$(elapsed "$start" "$end")"

"$terawatt" run bench/sweep-scenario.yaml -o "$out/one.h5" --quiet --timing 2> "$out/timing.txt"
printf 'one point in-process (terawatt run --timing): %s\n' "$(cat "$out/timing.txt")"
start=$(now)
for i in $(seq 20); do "$terawatt" run bench/sweep-scenario.yaml -o "$out/one.h5" --quiet; done
end=$(now)
printf 'one point as its own process (mean of 20 terawatt run): %.4f s\n' "$(divide "$(elapsed "$start" "$end")" 20)"

for jobs in 1 2; do
  for run in $(seq "$runs"); do
    rm -rf "$out/sweep"
    start=$(now)
    "$terawatt" sweep bench/sweep-100.yaml -o "$out/sweep" --jobs "$jobs" --quiet
    end=$(now)
    wall=$(elapsed "$start" "$end")
    printf 'sweep of 100 points, --jobs %d, run %d: %.3f s (%.4f s per point)\n' "$jobs" "$run" "$wall" \
      "$(divide "$wall" 100)"
  done
done
start=$(now); "$terawatt" sweep bench/sweep-100.yaml -o "$out/sweep" --quiet; end=$(now)
printf 'resume with all 100 points done (nothing to run): %.3f s\n' "$(elapsed "$start" "$end")"
start=$(now); "$terawatt" collect "$out/sweep" -o "$out/table.h5" --csv --quiet; end=$(now)
printf 'collect 100 points into one table: %.3f s\n' "$(elapsed "$start" "$end")"
