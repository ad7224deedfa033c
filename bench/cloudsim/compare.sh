#!/usr/bin/env bash
# terawatt against CloudSim Plus 8.5.7 on the same 50,000 jobs on 10,000 servers (bench/cloudsim/README.md), side
# by side in one run: wall time, CPU time and peak RSS of each process (/usr/bin/time -v), their ratios, and the IT energy
# of each for a sanity check. Takes minutes; not part of ctest.
#
# Usage: bench/cloudsim/compare.sh TERAWATT [WORK_DIR]
#   TERAWATT   the terawatt binary to time (e.g. build/sim/terawatt, or an older build to compare with)
#   WORK_DIR   where the job list and outputs go (kept); absent: a temporary folder, removed at the end
# Environment: PLACEMENT=firstfit|simple (CloudSim Plus VM allocation, default firstfit, its faster one);
#   TERAWATT_ARGS (extra arguments, e.g. --cfg=contexts/guard-size:0); JAVA_ARGS (JVM options; default none, so
#   the JVM's own heap sizing, a quarter of the memory); MAKE_JOBS_ARGS (e.g. "--jobs 5000" for a quick try);
#   CLOUDSIM_SOURCE and TERAWATT_BENCH_CACHE as for build.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ $# -ge 1 && -x $1 ]] || { echo "usage: $0 TERAWATT [WORK_DIR]  (TERAWATT: an executable)" >&2; exit 2; }
terawatt=$(realpath "$1")
if [[ $# -ge 2 ]]; then
  work=$2 && mkdir -p "$work"
else
  work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
fi
[[ -x /usr/bin/time ]] || { echo "compare.sh: /usr/bin/time missing (Debian package time)" >&2; exit 1; }

# shellcheck disable=SC2086  # MAKE_JOBS_ARGS is a list of options
/usr/bin/python3 "$here/make_jobs.py" "$work" ${MAKE_JOBS_ARGS:-}
classpath=$("$here/build.sh" | tail -1)
read -r idle_w training_w <"$work/server_power.txt"

# One timed process: its stdout to $work/NAME.out, /usr/bin/time's report to $work/NAME.time.
timed() {
  local name=$1 && shift
  echo "compare.sh: running $name" >&2
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out"
}
# shellcheck disable=SC2086
timed terawatt "$terawatt" run "$work/jobs.yaml" -o "$work/jobs.h5" --quiet ${TERAWATT_ARGS:-}
# shellcheck disable=SC2086
timed cloudsim java ${JAVA_ARGS:-} -cp "$classpath" JobsBench "$work/jobs.csv" "$idle_w" "$training_w" \
  "${PLACEMENT:-firstfit}"

/usr/bin/python3 - "$work" <<'EOF'
import pathlib
import re
import sys

import h5py

work = pathlib.Path(sys.argv[1])


def usage(name):
    """Wall seconds, CPU seconds (user + system) and peak RSS in GB from /usr/bin/time -v's report."""
    text = (work / (name + ".time")).read_text()

    def field(label):
        return re.search(re.escape(label) + r": (\S+)", text).group(1)

    seconds = 0.0
    for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
        seconds = seconds * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    return seconds, cpu, int(field("Maximum resident set size (kbytes)")) * 1024 / 1e9


with h5py.File(work / "jobs.h5") as run:
    terawatt_j = float(run["summary"]["it_energy"][...].sum())
cloudsim_out = (work / "cloudsim.out").read_text()
cloudsim_j = float(re.search(r"energy: (\S+) J from the cloudlets", cloudsim_out).group(1))
print(cloudsim_out.rstrip())
rows = [("terawatt",) + usage("terawatt") + (terawatt_j,), ("CloudSim",) + usage("cloudsim") + (cloudsim_j,)]
print("%-12s %10s %10s %12s %18s" % ("", "wall s", "CPU s", "peak RSS GB", "IT energy J"))
for row in rows:
    print("%-12s %10.1f %10.1f %12.3f %18.6e" % row)
ratios = [a / b for a, b in zip(rows[0][1:], rows[1][1:])]
print("%-12s %10.3f %10.3f %12.3f %18.6f" % tuple(["terawatt/CS"] + ratios))
EOF
