#!/bin/sh
# The fluid year (bench/inference-fluid-year.yaml: 10,000 GPUs, 5-minute steps and samples) against the same values
# computed and written directly (bench/fluid_direct.cpp), side by side: each program runs in turn, ROUNDS times, and
# the ratios are of the medians of wall time (/usr/bin/time -v). Give a second terawatt (an older build) to compare.
# Usage: bench/inference-fluid.sh [BUILD_DIR [OTHER_TERAWATT [ROUNDS]]]   (default: build, none, 3)
set -eu
build=${1:-build}
other=${2:-}
rounds=${3:-3}
here=$(dirname "$0")
scenario="$here/inference-fluid-year.yaml"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Runs "$@" with /usr/bin/time -v, appending "wall_s peak_kb" to $out/$label.
measure() {
  label=$1
  shift
  /usr/bin/time -v "$@" >/dev/null 2>"$out/$label.time"
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = p[n]; if (n > 1) s += 60 * p[n - 1]; if (n > 2) s += 3600 * p[n - 2] }
              /Maximum resident set size/ { kb = $2 }
              END { print s, kb }' "$out/$label.time" >>"$out/$label"
}

i=0
while [ "$i" -lt "$rounds" ]; do
  measure direct "$build/bench/fluid_direct" "$scenario" "$out/direct.h5"
  measure terawatt "$build/sim/terawatt" run "$scenario" -o "$out/terawatt.h5" --quiet
  if [ -n "$other" ]; then measure other "$other" run "$scenario" -o "$out/other.h5" --quiet; fi
  i=$((i + 1))
done

median() { sort -n "$out/$1" | awk '{ w[NR] = $1; m[NR] = $2 } END { i = int((NR + 1) / 2); print w[i], m[i] }'; }
set -- direct terawatt
if [ -n "$other" ]; then set -- "$@" other; fi
direct_s=$(median direct | cut -d' ' -f1)
for label in "$@"; do
  median "$label" | awk -v l="$label" -v d="$direct_s" '{ printf "%-9s %7.2f s wall (median of '"$rounds"'), %7.0f MB peak RSS, %5.2fx direct\n", l, $1, $2 / 1024, $1 / d }'
done
