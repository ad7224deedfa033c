#!/bin/sh
# Inference benchmarks: request fidelity throughput (requests per wall second) against the bare SimGrid loops for the
# same number of requests, measured in the same run, with every request the mean one (inference.yaml) and with
# requests of their own sizes (inference-sized.yaml); images of their own steps and resolution against the mean image
# (inference-image-sized.yaml, run with and without its sizes); and a fluid year of 10,000 GPUs.
# Usage: bench/inference.sh [BUILD_DIR]   (default build; it must hold sim/terawatt and bench/simgrid_baseline).
# Prints, for each case, wall time and peak RSS (/usr/bin/time), then the rates and their ratios:
#   request fidelity: requests served / terawatt's whole-process wall time (loading, building and writing included);
#   bare SimGrid execute() loop (one simcall per activity, the fastest SimGrid loop) and the replica-like loop (start,
#   sleep to the end, sleep to the next arrival): activities / engine.run() wall time, as simgrid_baseline prints it.
set -eu
build=${1:-build}
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Runs terawatt on one case as LABEL (default: the case) with any further arguments; prints its --timing line and
# "LABEL: W s wall, R MB peak RSS"; leaves "WALL_S RSS_KB" in $out/LABEL.t and the output in $out/LABEL.h5.
run_case() {
  case_name=$1
  label=${2:-$1}
  [ $# -ge 2 ] && shift 2 || shift 1
  /usr/bin/time -f "%e %M" -o "$out/$label.t" "$build/sim/terawatt" run "$here/$case_name.yaml" -o "$out/$label.h5" \
    --quiet --timing "$@" 2>&1 | grep -v '^$' || true
  if grep -q 'Command' "$out/$label.t" || [ ! -s "$out/$label.h5" ]; then
    echo "$label: terawatt failed" >&2
    cat "$out/$label.t" >&2
    exit 1
  fi
  awk -v c="$label" '{ printf "%s: %.2f s wall, %.0f MB peak RSS\n", c, $1, $2 / 1024 }' "$out/$label.t"
}

run_case inference
run_case inference-sized
run_case inference-image-sized
run_case inference-image-sized inference-image-mean --set 'workloads.images.request.sizes={}'
run_case inference-fluid-year

served_of() {
  /usr/bin/python3 -c "import h5py,sys; print(int(h5py.File(sys.argv[1])['summary/requests_served'][0]))" \
    "$out/$1.h5"
}
served=$(served_of inference)
tw_wall=$(awk '{ print $1 }' "$out/inference.t")
sized_served=$(served_of inference-sized)
sized_wall=$(awk '{ print $1 }' "$out/inference-sized.t")
image_sized_served=$(served_of inference-image-sized)
image_sized_wall=$(awk '{ print $1 }' "$out/inference-image-sized.t")
image_mean_served=$(served_of inference-image-mean)
image_mean_wall=$(awk '{ print $1 }' "$out/inference-image-mean.t")

# The same number of activities in bare SimGrid loops, in the same run, for the ratio. simgrid_baseline prints
# "bare SimGrid (...): N execs on A actors in W s: R per wall second".
"$build/bench/simgrid_baseline" "$served" 400 | tee "$out/replica.txt"
"$build/bench/simgrid_baseline" "$served" 400 execute | tee "$out/execute.txt"
parse() { sed -n 's/.*: \([0-9][0-9]*\) execs on [0-9]* actors in \([0-9.]*\) s:.*/\1 \2/p' "$out/$1.txt"; }
# shellcheck disable=SC2046
set -- $(parse replica) $(parse execute)
[ $# -eq 4 ] || { echo "could not parse simgrid_baseline's output" >&2; exit 1; }
awk -v served="$served" -v tw_wall="$tw_wall" -v sized_served="$sized_served" -v sized_wall="$sized_wall" \
  -v image_sized_served="$image_sized_served" -v image_sized_wall="$image_sized_wall" \
  -v image_mean_served="$image_mean_served" -v image_mean_wall="$image_mean_wall" \
  -v rep_n="$1" -v rep_wall="$2" -v exe_n="$3" -v exe_wall="$4" 'BEGIN {
  tw = served / tw_wall; rep = rep_n / rep_wall; exe = exe_n / exe_wall
  printf "request fidelity: %d requests served in the simulated hour in %.2f s wall: %.0f requests per wall second\n",
    served, tw_wall, tw
  printf "bare SimGrid execute() loop, same number of activities: %d in %.2f s: %.0f per wall second\n",
    exe_n, exe_wall, exe
  printf "bare SimGrid replica loop (start, sleep, sleep), same number: %d in %.2f s: %.0f per wall second\n",
    rep_n, rep_wall, rep
  sized = sized_served / sized_wall
  printf "request fidelity, requests of their own sizes: %d served in %.2f s wall: %.0f per wall second\n",
    sized_served, sized_wall, sized
  printf "ratio request fidelity / bare execute() loop: %.2f\n", tw / exe
  printf "ratio request fidelity of own sizes / bare execute() loop: %.2f\n", sized / exe
  printf "ratio request fidelity / bare replica loop: %.2f\n", tw / rep
  image_sized = image_sized_served / image_sized_wall; image_mean = image_mean_served / image_mean_wall
  printf "images of their own steps and resolution: %d served in %.2f s wall: %.0f per wall second\n",
    image_sized_served, image_sized_wall, image_sized
  printf "images all the mean one: %d served in %.2f s wall: %.0f per wall second\n",
    image_mean_served, image_mean_wall, image_mean
  printf "ratio images of their own sizes / mean images (per request): %.2f\n", image_sized / image_mean
}'
