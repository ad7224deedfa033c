#!/usr/bin/env bash
# Benchmarks. Prints wall time (total, build, simulate, sampling and writing, facility and grid models) and peak
# RSS for each run, on stderr.
# Usage: bench/run.sh [NAME] [RUNS]   NAME: fleet-100k, sites-20, training-16k
# (after ./setup.sh has built build/sim/terawatt)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-fleet-100k}
runs=${2:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$runs"); do
  ./build/sim/terawatt run "bench/$name.yaml" -o "$out/$name.h5" --quiet --timing
done
