#!/usr/bin/env bash
# Benchmark: wall time and peak RSS of bench/hosts-scaling.yaml (one job on N hosts of one server each, ending inside
# the run) for each N, and the scaling exponent b of wall = a N^b fitted by least squares on logs over all N.
# With OLD_BINARY, every N runs with it too, side by side (same machine, same moment), so ratios are fair.
# Usage: bench/hosts-scaling.sh [OLD_BINARY]
#   HOSTS="25000 50000 ..."  the Ns (default 25k, 50k, 100k, 200k, 500k, 1M)
#   OLD_LIMIT=600            seconds after which a run of OLD_BINARY is stopped and reported as "> limit"
# Target: 1,000,000 hosts in at most 60 s and 8 GB, exponent at most 1.2.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:-}
hosts=${HOSTS:-25000 50000 100000 200000 500000 1000000}
old_limit=${OLD_LIMIT:-600}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Runs one binary on N hosts; prints "wall_s rss_mb", or "> LIMIT -" when stopped at the limit.
measure() {
  local binary=$1 n=$2 limit=$3
  local flops
  flops=$(awk -v n="$n" 'BEGIN { printf "%.6g FLOP", n * 2.7e20 }')
  if ! /usr/bin/time -v -o "$out/time" timeout "$limit" "$binary" run bench/hosts-scaling.yaml -o "$out/run.h5" \
    --force --quiet --set "clusters.fleet.servers=$n" --set "workloads.job.flops=$flops" 2>"$out/err"; then
    if grep -q "Command exited with non-zero status 124" "$out/time"; then
      echo "> $limit -"
      return
    fi
    cat "$out/err" "$out/time" >&2
    exit 1
  fi
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + p[i] }
              /Maximum resident set size/ { kb = $2 }
              END { printf "%.2f %.0f\n", s, kb / 1024 }' "$out/time"
}

printf '%9s %10s %8s' hosts wall_s rss_MB
[ -n "$old" ] && printf ' %10s %8s' old_wall_s old_MB
printf '\n'
fit=""
for n in $hosts; do
  read -r wall rss < <(measure build/sim/terawatt "$n" 100000)
  printf '%9d %10s %8s' "$n" "$wall" "$rss"
  if [ -n "$old" ]; then
    read -r old_wall old_rss < <(measure "$old" "$n" "$old_limit")
    printf ' %10s %8s' "$old_wall" "$old_rss"
  fi
  printf '\n'
  fit+="$n $wall"$'\n'
done
# Least squares of log(wall) on log(N).
printf '%s' "$fit" | awk '{ x = log($1); y = log($2); n++; sx += x; sy += y; sxx += x * x; sxy += x * y }
  END { if (n > 1) printf "scaling exponent (wall ~ N^b, least squares over %d sizes): b = %.2f\n", n,
        (n * sxy - sx * sy) / (n * sxx - sx * sx) }'
