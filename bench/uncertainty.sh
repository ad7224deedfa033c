#!/usr/bin/env bash
# Benchmark: an uncertainty run (README, Uncertainty) against its comparator, the same samples run one `terawatt run`
# process each, two at a time. 200 Latin hypercube samples of scenarios/chatgpt-2023-daily.yaml at fluid fidelity
# (its default; four distributions: PUE, host idle and loaded power, output tokens) with --jobs 2. The target
# (issue: projections and uncertainty) is at most 60 s on 2 cores. The comparator's values are the samples' own,
# read back from the uncertainty run's output, so that both simulate the same 200 scenarios; its output files are
# full runs (time series too), which is what a user's loop over `terawatt run` would write.
# Usage: bench/uncertainty.sh [SAMPLES]   (after ./setup.sh has built build/sim/terawatt)
set -euo pipefail
cd "$(dirname "$0")/.."
samples=${1:-200}
terawatt=$PWD/build/sim/terawatt
scenario=scenarios/chatgpt-2023-daily.yaml
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

echo "machine: $(nproc) cores; $($terawatt --version)"
start=$(now)
/usr/bin/time -v "$terawatt" run "$scenario" --samples "$samples" --jobs 2 -o "$out/bands.h5" --quiet \
  2> "$out/time.txt"
end=$(now)
uncertainty=$(elapsed "$start" "$end")
printf 'terawatt run --samples %d --jobs 2: %.3f s (%.4f s a sample), peak RSS of the parent %s kB\n' "$samples" \
  "$uncertainty" "$(awk -v w="$uncertainty" -v n="$samples" 'BEGIN { print w / n }')" \
  "$(awk '/Maximum resident/ { print $NF }' "$out/time.txt")"

# The comparator: one process per sample with the sample's values as --set overrides, two at a time.
/usr/bin/python3 - "$out/bands.h5" "$scenario" "$out" > "$out/commands.txt" <<'PY'
import sys, h5py
path, scenario, out = sys.argv[1:4]
with h5py.File(path) as f:
    g = f["uncertainty"]
    inputs = [v.decode() for v in g["input"][:]]
    units = [v.decode() for v in g["input_unit"][:]]
    for s, row in enumerate(g["input_value"][:]):
        sets = " ".join(f"--set '{k}={v:.10g}{' ' + u if u else ''}'" for k, v, u in zip(inputs, row, units))
        print(f"{scenario} -o {out}/sample_{s}.h5 --quiet {sets}")
PY
start=$(now)
xargs -P 2 -L 1 sh -c "\"$terawatt\" run \"\$@\"" sh < "$out/commands.txt"
end=$(now)
loop=$(elapsed "$start" "$end")
printf 'the same %d samples as %d terawatt run processes, 2 at a time: %.3f s\n' "$samples" "$samples" "$loop"
printf 'ratio uncertainty run / process loop: %.2f\n' "$(awk -v a="$uncertainty" -v b="$loop" 'BEGIN { print a / b }')"
