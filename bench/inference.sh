#!/bin/sh
# Inference benchmarks: request fidelity throughput (requests per wall second) and a fluid year of 10,000 GPUs.
# Usage: bench/inference.sh [BUILD_DIR]   (default build). Prints wall time, peak RSS and requests per second.
set -eu
build=${1:-build}
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for case in inference inference-fluid-year; do
  /usr/bin/time -f "$case: %e s wall, %M KB peak RSS" "$build/sim/terawatt" run "$here/$case.yaml" -o "$out/$case.h5" \
    --quiet --timing 2>&1 | grep -v '^$'
done
# The same number of activities in bare SimGrid loops, in the same run, for the ratio.
served=$(/usr/bin/python3 -c "import h5py,sys; print(int(h5py.File(sys.argv[1])['summary/requests_served'][0]))" "$out/inference.h5")
"$build/bench/simgrid_baseline" "$served" 400
"$build/bench/simgrid_baseline" "$served" 400 execute
/usr/bin/python3 - "$out/inference.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1]) as f:
    print("request fidelity: %.0f requests served in the simulated hour" % f["summary/requests_served"][0])
PY
