"""Every validation case that imposes a study's measured power has a predicted twin: the same scenario without the
measured inputs (a cluster's compute_power and server_overhead, a service's measured_power), checked in predicted mode
with the tolerances stated up front (15 % on training energy and emissions, 30 % on inference energy: per request, and
every energy figure of a case whose work is all inference)."""
import glob
import os
import re
import sys

import yaml

cases = sys.argv[1]
failures = []


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def without_power(document):
    clusters = [{k: v for k, v in c.items() if k not in ("compute_power", "server_overhead")}
                for c in document.get("clusters", [])]
    return clusters


def without_measured_power(workloads):
    return [{k: v for k, v in w.items() if k != "measured_power"} for w in workloads or []]


for path in sorted(glob.glob(os.path.join(cases, "*.yaml"))):
    name = os.path.basename(path)[:-5]
    case = load(path)
    if case["expected"]["mode"] != "measured-power" or "projection" in case:
        continue  # projections impose nameplates by their method, not measured power
    twin_name = "gpt3-predicted" if name == "gpt3-measured-power" else name + "-predicted"
    twin_path = os.path.join(cases, twin_name + ".yaml")
    if not os.path.exists(twin_path):
        failures.append(f"{name}: no predicted twin {twin_name}.yaml")
        continue
    twin = load(twin_path)
    if twin["expected"]["mode"] != "predicted":
        failures.append(f"{twin_name}: mode is not predicted")
    for cluster in twin.get("clusters", []):
        for key in ("compute_power", "server_overhead", "host_idle_power", "host_loaded_power"):
            if key in cluster:
                failures.append(f"{twin_name}: cluster {cluster['name']} sets {key}, a measured input")
    if twin.get("clusters") != without_power(case):
        failures.append(f"{twin_name}: its clusters differ from {name}'s beyond the measured power")
    for workload in twin.get("workloads") or []:
        if "measured_power" in workload:
            failures.append(f"{twin_name}: workload {workload['name']} sets measured_power, a measured input")
    if twin.get("sites") != case.get("sites"):
        failures.append(f"{twin_name}: its sites differ from {name}'s")
    if twin.get("workloads") != without_measured_power(case.get("workloads")):
        failures.append(f"{twin_name}: its workloads differ from {name}'s beyond the measured power")
    # A case whose work is all inference is held to the inference bar on every energy figure.
    serving = all(w.get("type") in ("inference", "offline_inference") for w in twin.get("workloads") or [])
    for check in twin["expected"]["checks"]:
        metric = check["metric"]
        tolerance = float(re.match(r"([0-9.]+) %", str(check["tolerance"])).group(1))
        powered = "energy" in metric or "emissions" in metric
        expected = 30 if "per_request" in metric or (serving and powered) else 15 if powered else None
        if expected is not None and tolerance != expected:
            failures.append(f"{twin_name}: {metric} has tolerance {tolerance} %, not {expected} %")

for failure in failures:
    print("FAIL:", failure)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
