"""An offline batch job agrees with the same requests served at request fidelity (bench/offline-batch.sh): the last
request's end, the mean completion and the IT energy per request within 2 %. The two models overlap here: N requests
present at the start, a fixed set of replicas at their full batch. They differ in what the offline model leaves out
(continuous batching refills a wave's slots as they free), which this bounds.

Usage: offline_vs_request_check.py BENCH_SCRIPT BUILD_DIR"""
import re
import subprocess
import sys

REQUESTS = 50000
TOLERANCE = 0.02

output = subprocess.run(["sh", sys.argv[1], sys.argv[2], str(REQUESTS)], check=True, capture_output=True,
                        text=True).stdout
pattern = (r"^(offline_inference|inference, request fidelity): last request (?:at|by) ([0-9.]+) s, mean completion "
           r"([0-9.]+) s, IT energy ([0-9.e+]+) J per request")
found = {m.group(1): [float(m.group(i)) for i in (2, 3, 4)] for m in re.finditer(pattern, output, re.MULTILINE)}
if len(found) != 2:
    sys.exit("expected both result lines, got:\n" + output)
offline, request = found["offline_inference"], found["inference, request fidelity"]
print("offline: last %.1f s, mean %.1f s, %.4g J; request fidelity: last by %.1f s, mean %.1f s, %.4g J" % (
    *offline, *request))
failures = []
# The service's last request is known to its 1 s sample interval.
if not offline[0] <= request[0] + 1.0 or request[0] > offline[0] * (1 + TOLERANCE) + 1.0:
    failures.append("last request: %.1f s offline against %.1f s" % (offline[0], request[0]))
for name, a, b in (("mean completion", offline[1], request[1]), ("IT energy per request", offline[2], request[2])):
    if abs(a - b) > TOLERANCE * b:
        failures.append("%s: %.4g offline against %.4g at request fidelity" % (name, a, b))
if failures:
    sys.exit("; ".join(failures))
