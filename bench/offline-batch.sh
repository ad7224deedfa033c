#!/bin/sh
# Offline batch inference (README, Offline batch inference) against its comparator, the same requests served by an
# inference service at request fidelity: a trace of N arrivals at the start, served by least-loaded routing and
# continuous batching, one activity per request. Both run side by side here; the ratio of their wall times is the
# figure to read (the machine is shared). Also prints both completion times and energies per request, which differ by
# what the offline model leaves out (continuous batching refills a wave's slots as requests end; the waves do not).
# Usage: bench/offline-batch.sh [BUILD_DIR] [REQUESTS]   (defaults: build, 1000000)
set -eu
build=${1:-build}
requests=${2:-1000000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
common='
scenario: {name: offline-bench, start: 2024-06-01T00:00:00Z, sample_interval: 1 s@DURATION@}
sites: [{name: s, pue: 1.2, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, site: s, accelerator: h100-sxm, servers: 8, accelerators_per_server: 8}]
workloads:
  - name: eval
    modality: text
    model: {parameters: 8e9, layers: 32, hidden_size: 4096, kv_heads: 8, head_dim: 128}
    request: {prompt_tokens: 500, output_tokens: 200}
    replicas: {accelerators: 1, count: 64, max_batch: 32}'
printf '%s\n    type: offline_inference\n    requests: %s\n' "$(echo "$common" | sed 's/@DURATION@//')" "$requests" \
  > "$out/offline.yaml"
/usr/bin/time -f "offline_inference: %e s wall, %M KB peak RSS" "$build/sim/terawatt" run "$out/offline.yaml" \
  -o "$out/offline.h5" --quiet
# The service needs a horizon: the offline job's completion with a margin for the service's slower start.
horizon=$(/usr/bin/python3 -c "import h5py,sys; f=h5py.File(sys.argv[1]); print(int(1.5*f['summary/end_time'][0])+600)" \
  "$out/offline.h5")
/usr/bin/python3 -c "import sys; open(sys.argv[1],'w').write('time\n' + '0\n' * int(sys.argv[2]))" "$out/trace.csv" \
  "$requests"
printf '%s\n    type: inference\n    fidelity: request\n    arrivals: {trace: trace.csv}\n' \
  "$(echo "$common" | sed "s/@DURATION@/, duration: $horizon s/")" > "$out/service.yaml"
/usr/bin/time -f "inference, request fidelity: %e s wall, %M KB peak RSS" "$build/sim/terawatt" run \
  "$out/service.yaml" -o "$out/service.h5" --quiet
/usr/bin/python3 - "$out/offline.h5" "$out/service.h5" "$requests" <<'PY'
import sys, h5py
import numpy as np
requests = float(sys.argv[3])
with h5py.File(sys.argv[1]) as f:
    s = f["summary"]
    end, it_j = s["end_time"][0], s["workload_energy"][0]
    print("offline_inference: last request at %.1f s, mean completion %.1f s, IT energy %.4g J per request" % (
        end, s["latency_mean"][0], it_j / requests))
with h5py.File(sys.argv[2]) as f:
    t = f["timeseries"]
    length = np.diff(t["time_bnds"][:], axis=1)[:, 0]
    served = np.cumsum(t["served_rate"][:, 0] * length)
    done = int(np.argmax(served >= requests - 0.5)) if served[-1] >= requests - 0.5 else len(served) - 1
    it_j = float(np.sum(t["workload_power"][: done + 1, 0] * length[: done + 1]))
    print("inference, request fidelity: last request by %.1f s, mean completion %.1f s, IT energy %.4g J per request "
          "(to the interval of its last request)" % (t["time_bnds"][done, 1], f["summary/latency_mean"][0],
                                                     it_j / requests))
PY
