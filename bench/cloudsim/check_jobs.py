#!/usr/bin/python3
"""Checks that a job list from make_jobs.py means in terawatt what it says: a small list (one- and two-server jobs,
enough of them to queue) is run, and every job must run exactly its listed duration, and the IT energy must be
the fleet's idle power over the run plus (training - idle) power over the listed server-seconds, the same
figures JobsBench.java gives CloudSim Plus.

Usage: check_jobs.py TERAWATT
"""

import pathlib
import subprocess
import sys
import tempfile

import h5py

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import make_jobs  # noqa: E402  (found next to this file)

SERVERS = 6
# Durations are whole seconds and a job's FLOPs are computed from them; the run's clock is a double, so a few
# ulps of a day's time are the only allowed error.
TOLERANCE_S = 1e-6
ENERGY_RELATIVE_TOLERANCE = 1e-9


def main() -> int:
    terawatt = sys.argv[1]
    jobs = make_jobs.make_jobs(count=60, servers=SERVERS, days=0.5, load=0.9, max_servers=2, seed=5)
    with tempfile.TemporaryDirectory() as folder:
        scenario = pathlib.Path(folder) / "jobs.yaml"
        make_jobs.write_scenario(scenario, jobs, SERVERS, seed=5)
        output = pathlib.Path(folder) / "jobs.h5"
        subprocess.run([terawatt, "run", str(scenario), "-o", str(output), "--quiet"], check=True)
        with h5py.File(output) as run:
            summary = run["summary"]
            names = [name.decode() for name in summary["workload"][...]]
            starts, ends = summary["start_time"][...], summary["end_time"][...]
            it_energy = float(summary["it_energy"][0])
    problems = []
    queued = 0
    for (job_id, submit, _, duration), name, start, end in zip(jobs, names, starts, ends):
        if name != "job-%d" % job_id:
            problems.append("workload %s in place of job-%d" % (name, job_id))
        if abs((end - start) - duration) > TOLERANCE_S:
            problems.append("job-%d ran %.9f s, listed %d s" % (job_id, end - start, duration))
        queued += start > submit
    makespan = max(ends)
    server_seconds = sum(width * duration for _, _, width, duration in jobs)
    expected = (SERVERS * makespan * make_jobs.SERVER_IDLE_W +
                server_seconds * (make_jobs.SERVER_TRAINING_W - make_jobs.SERVER_IDLE_W))
    if abs(it_energy - expected) > ENERGY_RELATIVE_TOLERANCE * expected:
        problems.append("IT energy %.6e J, expected %.6e J" % (it_energy, expected))
    if queued == 0:
        problems.append("no job queued: the check does not cover waiting jobs")
    for problem in problems:
        print(problem, file=sys.stderr)
    print("%d jobs (%d queued): durations as listed, IT energy %.6e J as expected" % (len(jobs), queued, it_energy)
          if not problems else "FAILED")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
