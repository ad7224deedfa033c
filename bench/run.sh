#!/usr/bin/env bash
# Benchmark of issue 2: the 100,000-GPU fleet for one simulated day with 1-minute samples.
# Prints wall time (total, build, simulate, sampling + writing) and peak RSS for each of RUNS runs.
# Usage: bench/run.sh [RUNS]   (after ./setup.sh has built build/sim/terawatt)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$runs"); do
  ./build/sim/terawatt run bench/fleet-100k.yaml -o "$out/fleet.h5" --quiet --timing
done
