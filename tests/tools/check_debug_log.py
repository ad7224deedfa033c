"""The program's log categories end to end: a run with --log=terawatt.thres:debug prints the lines of every part
(the platform, the training job's start, checkpoints, failures and end, the service's replicas, each sample
interval, the simulation's launch and end); the same run without it prints none of them.

Usage: check_debug_log.py <terawatt binary> <scenario>  (tests/tools/debug_log.yaml)
"""

import os
import subprocess
import sys
import tempfile

# (category, a phrase of one of its lines): every event the debug log promises, each from its own part.
EXPECTED = [
    ("terawatt_engine", "platform built"),
    ("terawatt_simulate", "launched 2 workloads and the sampler"),
    ("terawatt_simulate", "simulation ends at"),
    ("terawatt_training", "job j starts on"),
    ("terawatt_training", "checkpoint 1 of"),
    ("terawatt_training", "job j fails at"),
    ("terawatt_training", "job j finishes at"),
    ("terawatt_inference", "service chat starts on"),
    ("terawatt_inference", "-> serving"),
    ("terawatt_inference", "serving -> "),
    ("terawatt_record", "sample of the interval"),
]


def run(binary, scenario, *extra):
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run([binary, "run", scenario, "-o", os.path.join(folder, "out.h5"), "--quiet", *extra],
                                capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"terawatt run {' '.join(extra)} failed ({result.returncode}):\n{result.stderr}")
    return (result.stdout + result.stderr).splitlines()


def main():
    binary, scenario = sys.argv[1:3]
    failures = []
    lines = run(binary, scenario, "--log=terawatt.thres:debug")
    for category, phrase in EXPECTED:
        if not any(f"[{category}/" in line and phrase in line for line in lines):
            failures.append(f"with --log=terawatt.thres:debug, no [{category}/...] line says '{phrase}'")
    quiet_lines = [line for line in run(binary, scenario) if "[terawatt" in line]
    if quiet_lines:
        failures.append("without --log, terawatt log lines were printed:\n  " + "\n  ".join(quiet_lines[:5]))
    if failures:
        print("\n".join(failures))
        print(f"\nthe run with --log=terawatt.thres:debug printed {len(lines)} lines:")
        print("\n".join(lines[:40]))
        sys.exit(1)
    print(f"{len(EXPECTED)} expected events logged; none without --log")


if __name__ == "__main__":
    main()
