#!/bin/sh
# Iteration fidelity benchmark: one simulated hour of 64 Llama-70B-class replicas at 100 requests per second, each
# request of its own size (bench/iteration.yaml), then the same with 16 prefill and 48 decode replicas exchanging each
# prompt's KV cache over the network (bench/iteration-disaggregated.yaml), with and without the energy of the bits it
# carries, beside a bare SimGrid loop of as many execute() calls as requests served, in the same run. Then a
# DeepSeek-V3-class mixture of experts whose replicas span two servers (bench/iteration-expert-parallel.yaml):
# colocated, disaggregated with its exchanges as transfers where a KV cache shares their links, and disaggregated
# with their analytic time (engine.expert_parallel.transfers: false).
# Usage: bench/iteration.sh [BUILD_DIR]   (default build).
set -eu
build=${1:-build}
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
/usr/bin/time -f "iteration fidelity: %e s wall, %M KB peak RSS" "$build/sim/terawatt" run "$here/iteration.yaml" \
  -o "$out/iteration.h5" --quiet 2>&1 | grep -v '^$'
/usr/bin/time -f "iteration fidelity, disaggregated: %e s wall, %M KB peak RSS" "$build/sim/terawatt" run \
  "$here/iteration-disaggregated.yaml" -o "$out/disaggregated.h5" --quiet 2>&1 | grep -v '^$'
# The same with the energy of every bit the KV transfers carry (network.traffic_pj_per_bit): what reading each
# transfer's bytes at the samples costs.
/usr/bin/time -f "iteration fidelity, disaggregated, traffic energy: %e s wall, %M KB peak RSS" "$build/sim/terawatt" \
  run "$here/iteration-disaggregated.yaml" -o "$out/traffic.h5" --quiet \
  --set clusters.c.network.traffic_pj_per_bit=10 2>&1 | grep -v '^$'
/usr/bin/python3 -c "import h5py,sys
a, b = (h5py.File(f)['summary/network_energy'][0] for f in sys.argv[1:])
print('network energy: %.1f kWh the fabric, %.2f Wh the KV transfers at 10 pJ/bit' % (a / 3.6e6, (b - a) / 3.6e3))" \
  "$out/disaggregated.h5" "$out/traffic.h5"
served=$(/usr/bin/python3 -c "import h5py,sys; print(int(h5py.File(sys.argv[1])['summary/requests_served'][0]))" \
  "$out/iteration.h5")
echo "iteration fidelity: $served requests served in the simulated hour"
"$build/bench/simgrid_baseline" "$served" 64 execute
ep="$here/iteration-expert-parallel.yaml"
/usr/bin/time -f "expert parallel, colocated: %e s wall, %M KB peak RSS" "$build/sim/terawatt" run "$ep" \
  -o "$out/ep.h5" --quiet 2>&1 | grep -v '^$'
/usr/bin/time -f "expert parallel, disaggregated, exchanges as transfers where shared: %e s wall, %M KB peak RSS" \
  "$build/sim/terawatt" run "$ep" -o "$out/ep-shared.h5" --quiet --set workloads.moe.engine.prefill_replicas=4 2>&1 |
  grep -v '^$'
/usr/bin/time -f "expert parallel, disaggregated, analytic exchanges: %e s wall, %M KB peak RSS" \
  "$build/sim/terawatt" run "$ep" -o "$out/ep-analytic.h5" --quiet --set workloads.moe.engine.prefill_replicas=4 \
  --set workloads.moe.engine.expert_parallel.transfers=false 2>&1 | grep -v '^$'
/usr/bin/python3 -c "import h5py,sys
for f in sys.argv[1:]:
    s = h5py.File(f)['summary']
    print('%s: %d served, TTFT p50 %.1f ms, TPOT p50 %.2f ms' % (f.split('/')[-1], s['requests_served'][0],
          1e3 * s['ttft_p50'][0], 1e3 * s['tpot_p50'][0]))" "$out/ep.h5" "$out/ep-shared.h5" "$out/ep-analytic.h5"
