#!/usr/bin/python3
"""`terawatt sweep` and `terawatt collect` end to end on the local process pool.

A 6-point sweep of the tiny scenario runs with --jobs 2; then one output is deleted and one point is made to fail
(its .partial path is taken by a directory, so `terawatt run` cannot create it): the re-run runs just those two,
records the failure with its exit code and error, and finishes the others. `collect` lists the failed point and
exits 1; after the obstacle is removed, a third run retries only that point and `collect` exits 0 with a table
that xarray opens: 6 rows, parameters in SI units, metrics with the units of their /summary variables. A sweep
stopped by SIGINT leaves no partial output and no failure record, and resumes. A sweep-file error exits 2 before
anything is written.

Usage: local_sweep_test.py TERAWATT_BINARY TESTS_SWEEP_DIR
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np
import xarray as xr

TERAWATT = os.path.abspath(sys.argv[1])
HERE = os.path.abspath(sys.argv[2])

SWEEP = """\
sweep:
  name: local
  scenario: tiny.yaml
set:
  scenario.sample_interval: 30 min
axes:
  - sites.iowa.pue: [1.1, 1.3]
  - clusters.pod.power_cap: {from: 400 W, to: 700 W, step: 150 W}
metrics:
  - facility_energy
  - workload_emissions[workload=llm]
  - max(end_time)
"""


def run(*args, expect=None):
    result = subprocess.run([TERAWATT, *args], capture_output=True, text=True, timeout=120)
    if expect is not None and result.returncode != expect:
        sys.exit(f"FAIL: terawatt {' '.join(args)} exited {result.returncode}, expected {expect}\n"
                 f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result


def check(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)


def points(directory):
    return sorted(os.listdir(os.path.join(directory, "points")))


def main():
    work = tempfile.mkdtemp(prefix="terawatt-sweep-")
    try:
        shutil.copy(os.path.join(HERE, "tiny.yaml"), work)
        sweep = os.path.join(work, "local.yaml")
        with open(sweep, "w") as f:
            f.write(SWEEP)
        out = os.path.join(work, "out")

        plan = run("sweep", sweep, "-o", out, "--plan", expect=0).stdout
        check(plan.count(" pending ") == 6 and not os.path.exists(out), "--plan lists 6 pending points, writes nothing")

        first = run("sweep", sweep, "-o", out, "--jobs", "2", expect=0)
        names = [f[:-3] for f in points(out)]
        check(len(names) == 6 and all(f.endswith(".h5") for f in points(out)), f"6 outputs: {points(out)}")
        # Each finished point but the last says about how long the rest will take.
        done = [line for line in first.stdout.splitlines() if " done in " in line]
        check(len(done) == 6 and all(re.search(r", about \d+ (s|min|h) left$", line) for line in done[:-1])
              and "left" not in done[-1], "progress lines with the time left:\n" + first.stdout)

        # Resume: one output lost, one point that will fail.
        os.remove(os.path.join(out, "points", names[1] + ".h5"))
        os.remove(os.path.join(out, "points", names[4] + ".h5"))
        obstacle = os.path.join(out, "points", names[4] + ".h5.partial")
        os.makedirs(os.path.join(obstacle, "keep"))
        second = run("sweep", sweep, "-o", out, "--jobs", "2", expect=1)
        check("4 already done, 2 to run" in second.stdout, "the re-run skips the 4 done points:\n" + second.stdout)
        check(f"{names[1]} done" in second.stdout, "the lost point runs again")
        check(f"{names[4]} FAILED (exit 1)" in second.stderr, "the failure is reported:\n" + second.stderr)
        failed = os.path.join(out, "points", names[4] + ".failed")
        with open(failed) as f:
            record = f.read()
        check("exit_code: 1" in record and "cannot create file" in record, "the failure record:\n" + record)

        incomplete = run("collect", out, "-o", os.path.join(work, "partial.h5"), expect=1)
        check(f"{names[4]} failed (exit 1)" in incomplete.stderr and "1 failed" in incomplete.stderr,
              "collect lists the failed point:\n" + incomplete.stderr)
        partial = xr.open_dataset(os.path.join(work, "partial.h5"), group="summary", engine="h5netcdf")
        check(partial.status.sel(point=names[4]).item() == "failed", "the table marks the failed point")
        check(np.isnan(partial.facility_energy.sel(point=names[4]).item()), "a failed point has NaN metrics")
        check(partial.exit_code.sel(point=names[4]).item() == 1, "and its exit code")
        partial.close()

        shutil.rmtree(obstacle)
        third = run("sweep", sweep, "-o", out, "--jobs", "2", expect=0)
        check("5 already done, 1 to run" in third.stdout, "only the failed point is retried:\n" + third.stdout)
        check(not os.path.exists(failed), "its failure record is gone once it succeeds")

        table = os.path.join(work, "table.h5")
        # A CSV table that cannot be written fails the whole collect: neither table is left behind.
        run("collect", out, "-o", table, "--csv", os.path.join(work, "no-such-folder", "table.csv"), expect=1)
        run("collect", out, "-o", table, "--csv", work, expect=1)
        check(not [f for f in os.listdir(work) if f.startswith("table")], f"a failed collect left {os.listdir(work)}")
        collected = run("collect", out, "-o", table, "--csv", expect=0)
        check("6 done, 0 failed, 0 missing" in collected.stdout, collected.stdout)
        ds = xr.open_dataset(table, group="summary", engine="h5netcdf")
        check(ds.sizes["point"] == 6, f"6 rows: {ds.sizes}")
        check(list(ds.point.values) == names, "rows in plan order, named by point")
        check(list(ds["sites.iowa.pue"].values) == [1.1, 1.1, 1.1, 1.3, 1.3, 1.3], "pue column")
        check(list(ds["clusters.pod.power_cap"].values) == [400, 550, 700] * 2, "power cap column in W")
        check(ds["clusters.pod.power_cap"].attrs["units"] == "W", "parameter units")
        check(ds.facility_energy.attrs["units"] == "J" and ds["workload_emissions.llm"].attrs["units"] == "kg",
              "metric units come from the points' /summary")
        check(ds["end_time.max"].attrs["units"] == "s", "reduced metric units")
        check(all(ds.status.values == "done"), "every point done")
        energy = ds.facility_energy.values
        check(np.all(energy > 0) and energy[3] > energy[0] and energy[2] > energy[0],
              f"energy rises with PUE and power cap: {energy}")
        # Each row is the point's own /summary.
        point = xr.open_dataset(os.path.join(out, "points", names[2] + ".h5"), group="summary", engine="h5netcdf")
        check(point.facility_energy.sum().item() == ds.facility_energy.sel(point=names[2]).item(), "metric = summary")
        point.close()
        grid = ds.set_index(point=["sites.iowa.pue", "clusters.pod.power_cap"]).unstack("point")
        check(grid.facility_energy.shape == (2, 3), "the table unstacks to the sweep's grid")
        ds.close()
        with open(os.path.join(work, "table.csv")) as f:
            lines = f.read().splitlines()
        # Units in the header, metrics as the sweep file writes them.
        check(len(lines) == 7 and lines[0] == "point,index,sites.iowa.pue [1],clusters.pod.power_cap [W],"
              "facility_energy [J],workload_emissions[workload=llm] [kg],max(end_time) [s],status,exit_code,error",
              "CSV: a header and 6 rows:\n" + "\n".join(lines))

        # Interrupted: SIGINT to the sweep alone stops its running points; no partial output, no failure record.
        sweep2 = os.path.join(work, "seeds.yaml")
        with open(sweep2, "w") as f:
            f.write("sweep: {scenario: tiny.yaml}\n"
                    "set: {scenario.duration: 2 wk, scenario.sample_interval: 1 min}\n"
                    "axes: {scenario.seed: {from: 1, to: 16, step: 1}}\n"
                    "metrics: [facility_energy]\n")
        out2 = os.path.join(work, "seeds")
        process = subprocess.Popen([TERAWATT, "sweep", sweep2, "-o", out2, "--jobs", "2"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            if os.path.isdir(os.path.join(out2, "points")) and any(
                    f.endswith(".h5") for f in os.listdir(os.path.join(out2, "points"))):
                break
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        check(process.returncode == 128 + signal.SIGINT, f"a stopped sweep exits 130, got {process.returncode}")
        left = points(out2)
        done = [f for f in left if f.endswith(".h5")]
        check(all(f.endswith(".h5") for f in left), f"nothing but complete outputs is left: {left}")
        check(0 < len(done) < 16, f"stopped half-way: {len(done)} of 16 done")
        check("run the same command to resume" in stderr, stderr)
        resumed = run("sweep", sweep2, "-o", out2, "--jobs", "2", expect=0)
        check(f"{len(done)} already done, {16 - len(done)} to run" in resumed.stdout, resumed.stdout)
        run("collect", out2, expect=0)

        # --slurm --task-time: with no point done, one is run here to time it; the rest are cut into tasks that fill
        # the time. Once points are done, their recorded time is used and nothing runs here.
        out3 = os.path.join(work, "timed")
        timed = run("sweep", sweep, "-o", out3, "--slurm", "--task-time", "2 min", expect=0)
        measured = [f for f in points(out3) if f.endswith(".h5")]
        check("running point 0 here to measure it" in timed.stdout and len(measured) == 1, timed.stdout)
        wall = xr.open_dataset(os.path.join(out3, "points", measured[0]), engine="h5netcdf").attrs["wall_s"]
        per_task = max(1, int(120.0 // wall))
        check(f", so {per_task} points fill a task of 2 min" in timed.stdout, f"{wall} s a point:\n{timed.stdout}")
        with open(os.path.join(out3, "tasks.txt")) as f:
            tasks = [line for line in f.read().splitlines() if not line.startswith("#")]
        check(tasks == ["1 2 3 4 5"], f"the 5 other points in one task: {tasks}")
        short = run("sweep", sweep, "-o", out3, "--slurm", "--task-time", "10 ms", expect=0)
        check("measure" not in short.stdout and "6 tasks" not in short.stdout
              and "5 tasks of up to 1 point" in short.stdout, "a point per task when one fills it:\n" + short.stdout)
        run("sweep", sweep, "-o", out3, "--slurm", "--task-time", "2 min", "--points-per-task", "2", expect=2)
        run("sweep", sweep, "-o", out3, "--task-time", "2 min", expect=2)

        # A misspelt metric: a warning as soon as a point is done, and an error (exit 2) at collect, in place.
        with open(sweep, "w") as f:
            f.write(SWEEP.replace("  - facility_energy", "  - facility_enrgy"))
        typo = run("sweep", sweep, "-o", out, expect=0)
        check("local.yaml:10:5: metrics: 'facility_enrgy': no /summary variable 'facility_enrgy' (did you mean "
              "'facility_energy'?)" in typo.stderr, "the sweep warns of the misspelt metric:\n" + typo.stderr)
        refused = run("collect", out, "-o", os.path.join(work, "typo.h5"), expect=2)
        check("local.yaml:10:5: metrics: 'facility_enrgy'" in refused.stderr, refused.stderr)
        check(not os.path.exists(os.path.join(work, "typo.h5")), "no table for a misspelt metric")

        # A mistake in the sweep file: exit 2, before anything is written.
        with open(sweep, "w") as f:
            f.write(SWEEP.replace("clusters.pod.power_cap", "clusters.pod.powr_cap"))
        bad = run("sweep", sweep, "-o", os.path.join(work, "bad"), expect=2)
        check("local.yaml:8:28: clusters.pod.powr_cap:" in bad.stderr and "did you mean 'power_cap'" in bad.stderr,
              bad.stderr)
        check(not os.path.exists(os.path.join(work, "bad")), "no output directory for a rejected sweep")
        print("local sweep: ok")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
