#!/usr/bin/env python3
"""Run scenarios/trace-replay.yaml and check that the traces were replayed as recorded.

Usage: trace_replay_check.py TERAWATT_BINARY SCENARIOS_DIR

Every SWF and sacct job that ran is a workload submitted at its recorded submit time that runs exactly its recorded run
time (relative 1e-9: its FLOPs are run time x accelerators x peak x mfu) on its accelerators rounded up to whole
8-GPU servers; the Azure-layout service is served at the trace's mean ContextTokens and GeneratedTokens as its mean
request, written into the resolved scenario; at request and iteration fidelity every traced request is served with
its own GeneratedTokens. Needs Debian's python3-h5py and python3-yaml: run with /usr/bin/python3.
"""

import csv
import math
import os
import subprocess
import sys
import tempfile

TOLERANCE = 1e-9
GPUS_PER_SERVER = 8  # h100-sxm in a DGX H100, the catalog server of the scenario's clusters

# (name, submit s, run s, GPUs after rounding up to whole servers), from data/traces/jobs-sample.swf and .sacct.
EXPECTED_JOBS = [
    ("swf-replay-1", 0, 7200, 16), ("swf-replay-2", 300, 3600, 8), ("swf-replay-4", 1200, 5400, 8),
    ("swf-replay-5", 2400, 1800, 24), ("swf-replay-6", 3600, 14400, 32), ("swf-replay-8", 7200, 10800, 64),
    ("sacct-replay-1001", 7200, 14400, 16), ("sacct-replay-1002", 9000, 5400, 8),
    ("sacct-replay-1004_1", 11400, 7200, 8), ("sacct-replay-1004_2", 11400, 9000, 8),
    ("sacct-replay-1005", 18000, 86400, 32),
]


def close(a, b):
    return abs(a - b) <= TOLERANCE * max(abs(b), 1.0)


def main(binary, scenarios):
    import h5py
    import yaml

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.h5")
        subprocess.run([binary, "run", os.path.join(scenarios, "trace-replay.yaml"), "-o", out, "--quiet"], check=True)
        with h5py.File(out, "r") as f:
            names = [n.decode() if isinstance(n, bytes) else n for n in f["summary/workload"][()]]
            for name, submit, run, gpus in EXPECTED_JOBS:
                if name not in names:
                    problems.append(f"{name}: not among the workloads {names}")
                    continue
                i = names.index(name)
                start, end = f["summary/start_time"][i], f["summary/end_time"][i]
                if not close(f["summary/submit_time"][i], submit):
                    problems.append(f"{name}: submitted at {f['summary/submit_time'][i]} s, expected {submit}")
                if not close(end - start, run):
                    problems.append(f"{name}: ran {end - start} s, expected {run}")
                if not close(f["summary/gpu_hours"][i], gpus * run / 3600):
                    problems.append(f"{name}: {f['summary/gpu_hours'][i]} GPU-h, expected {gpus * run / 3600}")
            resolved = yaml.safe_load(f.attrs["scenario_resolved"])
            services = [n.decode() if isinstance(n, bytes) else n for n in f["summary/service"][()]]
            served_tokens = {name: (f["summary/requests_served"][services.index(name)],
                                    f["summary/output_tokens"][services.index(name)])
                             for name in ("chat-azure", "chat-engine")}
    with open(os.path.join(scenarios, "data/traces/azure-llm-sample.csv")) as trace:
        rows = list(csv.DictReader(trace))
    request = next(w for w in resolved["workloads"] if w["name"] == "chat-azure")["request"]
    for key, column in (("prompt_tokens", "ContextTokens"), ("output_tokens", "GeneratedTokens")):
        mean = sum(float(r[column]) for r in rows) / len(rows)
        if not close(float(request[key]), mean):
            problems.append(f"chat-azure: request {key} {request[key]}, expected the trace's mean {mean}")
    recorded = sum(float(r["GeneratedTokens"]) for r in rows)
    for name, (served, tokens) in served_tokens.items():
        if served != len(rows) or not close(tokens, recorded):
            problems.append(f"{name}: {served} requests and {tokens} output tokens served, expected {len(rows)} and "
                            f"the trace's {recorded}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
