"""Every validation case that imposes a study's measured power has a predicted twin: the same scenario without the
measured inputs (compute_power, server_overhead), checked in predicted mode with the tolerances stated up front
(15 % on training energy and emissions, 30 % on inference energy per request)."""
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
    for key in ("sites", "workloads"):
        if twin.get(key) != case.get(key):
            failures.append(f"{twin_name}: its {key} differ from {name}'s")
    for check in twin["expected"]["checks"]:
        metric = check["metric"]
        tolerance = float(re.match(r"([0-9.]+) %", str(check["tolerance"])).group(1))
        if "per_request" in metric and tolerance != 30:
            failures.append(f"{twin_name}: {metric} has tolerance {tolerance} %, not 30 %")
        elif "per_request" not in metric and ("energy" in metric or "emissions" in metric) and tolerance != 15:
            failures.append(f"{twin_name}: {metric} has tolerance {tolerance} %, not 15 %")

for failure in failures:
    print("FAIL:", failure)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
