#!/bin/sh
# Benchmark: request fidelity's cost per request (wall microseconds per request served) as the service grows from
# 50 to 3,200 replicas with the same load on every replica (5e5 requests a day, 5.8 a second, each), on
# bench/request-scaling.yaml with --set overrides (one server of 8 GPUs per replica).
# Design (MODE): "duration" (default) simulates the same hour at every size, so that every replica lives the same
# history (the same warm-up, the same requests in flight at the end, the same samples) and the requests served grow
# with the replicas (1M at 50, 67M at 3,200): per-run costs (starting, loading, building, writing) are diluted alike
# and the only thing that changes is the number of replicas. MODE=count instead gives every size the same number of
# requests (COUNT, default 2e6) by shortening the run as the replicas grow (345,600 s / N: 1.9 h at 50, 108 s at
# 3,200): the wall times are then directly comparable, but per-run and per-replica setup costs weigh more at large N
# and the requests in flight at the end (latency / duration, about 3 % at 3,200) are not counted as served.
# Each size runs RUNS times (default 2, the machine being shared) and the lowest wall is kept, with that run's RSS.
# Usage: bench/request-scaling.sh [BUILD_DIR]   (default build; runs BUILD_DIR/sim/terawatt)
#   REPLICAS="50 100 ..."  the sizes (default 50 100 200 400 800 1600 3200)
#   MODE=duration|count, DURATION (MODE=duration, default 1h), COUNT (MODE=count, default 2e6), RUNS (default 2)
set -eu
build=${1:-build}
here=$(dirname "$0")
replicas=${REPLICAS:-50 100 200 400 800 1600 3200}
mode=${MODE:-duration}
duration=${DURATION:-1h}
count=${COUNT:-2e6}
runs=${RUNS:-2}
per_replica_day=5e5
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

case $mode in
  duration) echo "same simulated duration ($duration) at every size; lowest wall of $runs runs" ;;
  count) echo "same number of requests (about $count) at every size; lowest wall of $runs runs" ;;
  *) echo "MODE must be duration or count" >&2; exit 2 ;;
esac
printf '%8s %12s %9s %9s %8s %8s %8s\n' replicas served wall_s sim_s us/req sim_us/r rss_MB
: >"$out/table"
for n in $replicas; do
  rate=$(awk -v n="$n" -v r="$per_replica_day" 'BEGIN { printf "%.6g", n * r }')
  if [ "$mode" = count ]; then
    dur=$(awk -v n="$n" -v r="$per_replica_day" -v c="$count" 'BEGIN { printf "%.0fs", c * 86400 / (n * r) }')
  else
    dur=$duration
  fi
  best=""
  i=0
  while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    if ! /usr/bin/time -f "%e %M" -o "$out/time" "$build/sim/terawatt" run "$here/request-scaling.yaml" \
      -o "$out/run.h5" --force --quiet --timing --set "clusters.c.servers=$n" --set "workloads.chat.replicas.count=$n" \
      --set "workloads.chat.arrivals.requests_per_day=$rate" --set "scenario.duration=$dur" 2>"$out/err"; then
      cat "$out/err" "$out/time" >&2
      exit 1
    fi
    # wall_s rss_kb simulate_s
    line=$(awk '{ print $1, $2 }' "$out/time")
    sim=$(sed -n 's/.*simulate \([0-9.]*\) s.*/\1/p' "$out/err")
    served=$(/usr/bin/python3 -c \
      "import h5py,sys; print(int(h5py.File(sys.argv[1])['summary/requests_served'][0]))" "$out/run.h5")
    cur="$line $sim $served"
    if [ -z "$best" ] || awk -v a="${cur%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then best=$cur; fi
  done
  # shellcheck disable=SC2086
  set -- $best
  awk -v n="$n" -v wall="$1" -v kb="$2" -v sim="$3" -v served="$4" 'BEGIN {
    printf "%8d %12d %9.2f %9.2f %8.3f %8.3f %8.0f\n", n, served, wall, sim, wall * 1e6 / served, sim * 1e6 / served,
      kb / 1024 }' | tee -a "$out/table"
done
awk '{ us = $5; if (NR == 1 || us < lo) { lo = us; nlo = $1 } if (NR == 1 || us > hi) { hi = us; nhi = $1 }
       if (NR == 1) first = us; last = us; n1 = (NR == 1 ? $1 : n1); nl = $1 }
  END { if (NR > 1) {
    printf "cost per request (wall): largest %.3f us (%d replicas) / smallest %.3f us (%d replicas) = %.2f\n",
      hi, nhi, lo, nlo, hi / lo
    printf "cost per request (wall): %d replicas / %d replicas = %.2f\n", nl, n1, last / first } }' "$out/table"
