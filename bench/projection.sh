#!/usr/bin/env bash
# Benchmark: a 2022-2030 fleet projection, 3 cases x 5 segments (and crypto) x 5 regions, including its
# representative simulations (30 clusters in 4 weekly engine runs, child processes): scenarios/iea-2022-2026.yaml
# extended to 2030; then the demand-driven 2024-2030 projection (scenarios/ai-demand-2024-2030.yaml: 3 cases x 5
# segments x 5 regions, 40 clusters), its comparator being the shipment-driven one above. Prints wall time (total and representative simulations) and peak RSS (the projection process and
# its largest child) on stderr. Target: 30 s on the 2-core development machine.
# Usage: bench/projection.sh [RUNS]   (after ./setup.sh has built build/sim/terawatt; TERAWATT=path to use another)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
terawatt=${TERAWATT:-./build/sim/terawatt}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$runs"); do
  "$terawatt" run scenarios/iea-2022-2026.yaml --set projection.last_year=2030 -o "$out/projection.h5" --quiet --timing
  "$terawatt" run scenarios/ai-demand-2024-2030.yaml -o "$out/demand.h5" --quiet --timing
done
