#!/usr/bin/python3
"""A sweep through a real Slurm: a one-node cluster started here, an 8-point job array, one table.

Starts munged, slurmctld and slurmd (Debian's munge and slurm-wlm; slurm_cluster.py) as children of this script,
with every file under a temporary directory (munge key and socket, slurm.conf on free ports, state, spool, pid and
log files), waits for the node to be idle, submits the sweep with `terawatt sweep --submit`, waits for the array to
finish, collects it and checks 8 rows, each run by its own array task; then submits the same points as 3 tasks of up
to 3 points (--points-per-task 3) with a collect job after them (--then-collect), and checks the table it writes;
then runs 4 uncertainty samples as an array (`run --samples 4 --as-sweep`, `sweep --submit`, `run --from-sweep`) and
checks their bands equal those of the same samples run here. The daemons are stopped by pid at the end, whatever
happened. docs/design.md section 9 has the facts this relies on.

Exits 77 (ctest's SKIP_RETURN_CODE) when Slurm or munge is not installed or when not run as root (slurmd must be),
saying why; TERAWATT_REQUIRE_SLURM=1 turns that into a failure.

Usage: slurm_sweep_test.py TERAWATT_BINARY TESTS_SWEEP_DIR
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SKIP = 77
TERAWATT = os.path.abspath(sys.argv[1])
HERE = os.path.abspath(sys.argv[2])
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from slurm_cluster import Cluster, MissingSlurm, find_programs, wait_for  # noqa: E402

SWEEP = """\
sweep:
  name: slurm-test
  scenario: tiny.yaml
axes:
  - sites.iowa.pue: [1.1, 1.4]
  - clusters.pod.power_cap: {from: 400 W, to: 700 W, count: 4}
metrics: [facility_energy, emissions]
slurm:
  throttle: 4
  time: 5 min
  mem: 100 MB
"""


def submit(cluster, sweep, out, options, script_lines):
    """`terawatt sweep --submit` with `options`; checks that the script holds `script_lines`; returns the job id."""
    done = subprocess.run([TERAWATT, "sweep", sweep, "-o", out, "--submit", *options], capture_output=True,
                          text=True, env=cluster.env, timeout=60)
    print(done.stdout + done.stderr, end="")
    if done.returncode != 0:
        raise RuntimeError(f"terawatt sweep --submit {' '.join(options)} exited {done.returncode}")
    with open(os.path.join(out, "sweep.sbatch")) as f:
        script = f.read()
    for line in script_lines:
        if line not in script:
            raise RuntimeError(f"'{line}' missing from the script:\n{script}")
    return re.search(r"submitted Slurm job (\d+)", done.stdout).group(1)


def check_bundled_sweep(cluster, sweep, out):
    """The same 8 points as 3 array tasks of up to 3 points, then a collect job that waits for the array."""
    # Three points a task: three times the time of a point.
    job = submit(cluster, sweep, out, ["--points-per-task", "3", "--then-collect"],
                 ["#SBATCH --array=0-2%4", "#SBATCH --time=0:15:00", '--task "$SLURM_ARRAY_TASK_ID"'])
    with open(os.path.join(out, "tasks.txt")) as f:
        tasks = [line.split() for line in f if not line.startswith("#")]
    if [len(task) for task in tasks] != [3, 3, 2]:
        raise RuntimeError(f"expected tasks of 3, 3 and 2 points: {tasks}")
    table = os.path.join(out, "table.h5")
    wait_for(lambda: os.path.exists(table), 60, "the collect job to write table.h5")
    import h5py
    import xarray as xr
    with xr.open_dataset(table, group="summary", engine="h5netcdf") as ds:
        if ds.sizes["point"] != 8 or not all(ds.status.values == "done"):
            raise RuntimeError(f"expected 8 done rows:\n{ds}")
        names = list(ds.point.values)
    ran_by = set()
    for name in names:
        with h5py.File(os.path.join(out, "points", name + ".h5"), "r") as point:
            if point.attrs.get("slurm_array_job_id") != job:
                raise RuntimeError(f"{name} was not run by array job {job}")
            ran_by.add(point.attrs["slurm_array_task_id"])
    if ran_by != {"0", "1", "2"}:
        raise RuntimeError(f"expected the points run by tasks 0-2, got {sorted(ran_by)}")


BANDS = """\
scenario: {name: bands, start: 2024-06-01T00:00:00Z, duration: 6 h, sample_interval: 1 h}
sites: [{name: s, pue: {uniform: [1.1, 1.4]}, carbon_intensity: 400 g/kWh}]
clusters: [{name: c, site: s, accelerator: h100-sxm, servers: 4}]
workloads: [{name: j, type: training, flops: 1e20 FLOP, mfu: {triangular: [30 %, 40 %, 50 %]}}]
"""


def check_uncertainty_sweep(cluster, root):
    """4 uncertainty samples as a Slurm array give the bands of the same samples run here, to the bit."""
    scenario = os.path.join(root, "bands.yaml")
    with open(scenario, "w") as f:
        f.write(BANDS)
    samples = os.path.join(root, "samples")
    for args in (["--as-sweep", samples], ["-o", os.path.join(root, "local.h5"), "-q"]):
        done = subprocess.run([TERAWATT, "run", scenario, "--samples", "4", *args], capture_output=True, text=True,
                              timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"terawatt run --samples 4 {' '.join(args)}: {done.stdout}{done.stderr}")
    submit(cluster, os.path.join(samples, "samples.yaml"), samples, [], ["#SBATCH --array=0-3"])
    points = os.path.join(samples, "points")
    wait_for(lambda: len([f for f in os.listdir(points) if f.endswith(".h5")]) == 4, 45, "the 4 samples")
    banded = os.path.join(root, "from-sweep.h5")
    read = subprocess.run([TERAWATT, "run", scenario, "--samples", "4", "--from-sweep", samples, "-o", banded, "-q"],
                          capture_output=True, text=True, timeout=60)
    if read.returncode != 0:
        raise RuntimeError(f"terawatt run --from-sweep exited {read.returncode}: {read.stderr}")
    import h5py
    with h5py.File(banded, "r") as b, h5py.File(os.path.join(root, "local.h5"), "r") as a:
        for name in ("input_value", "facility_energy", "facility_energy_p95", "facility_energy_srrc"):
            if not (a["uncertainty"][name][:] == b["uncertainty"][name][:]).all():
                raise RuntimeError(f"/uncertainty/{name} differs between the Slurm array and the local samples")


def main():
    try:
        programs = find_programs()
    except MissingSlurm as e:
        if os.environ.get("TERAWATT_REQUIRE_SLURM") == "1":
            sys.exit(f"FAIL: Slurm is required here but {e}")
        print(f"SKIP: {e}")
        return SKIP

    started = time.time()
    root = tempfile.mkdtemp(prefix="terawatt-slurm-")
    cluster = Cluster(root)
    # A stop by ctest's timeout must still take the daemons down.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("FAIL: terminated"))
    try:
        cluster.start(programs, foreground=True)
        print(f"one-node Slurm cluster up in {time.time() - started:.1f} s")

        # The sweep: 8 points as an array, submitted by terawatt itself.
        shutil.copy(os.path.join(HERE, "tiny.yaml"), root)
        sweep = os.path.join(root, "sweep.yaml")
        with open(sweep, "w") as f:
            f.write(SWEEP)
        out = os.path.join(root, "out")
        job = submit(cluster, sweep, out, [], ["#SBATCH --array=0-7%4", "#SBATCH --time=0:05:00", "#SBATCH --mem=96M"])

        def array_done():
            # squeue alone can show nothing for a moment while the last task of an array is being scheduled, so
            # every point must also have left its result (an output or a failure record).
            points = os.path.join(out, "points")
            results = [f for f in os.listdir(points) if f.endswith(".h5") or f.endswith(".failed")]
            if len(results) < 8:
                return False
            result = subprocess.run(["squeue", "-h", "-j", job], capture_output=True, text=True, env=cluster.env)
            return result.returncode == 0 and result.stdout.strip() == "" or "Invalid job id" in result.stderr

        try:
            wait_for(array_done, 45, f"job {job} to finish")
        except RuntimeError:
            queue = subprocess.run(["squeue"], capture_output=True, text=True, env=cluster.env)
            print(queue.stdout + queue.stderr + "points: " + " ".join(sorted(os.listdir(os.path.join(out, "points")))))
            raise
        print(f"array job {job} finished {time.time() - started:.1f} s after the start")

        table = os.path.join(root, "table.h5")
        collect = subprocess.run([TERAWATT, "collect", out, "-o", table], capture_output=True, text=True, timeout=60)
        print(collect.stdout + collect.stderr, end="")
        if collect.returncode != 0:
            for log in sorted(os.listdir(os.path.join(out, "logs"))):
                with open(os.path.join(out, "logs", log)) as f:
                    print(f"--- {log}\n{f.read()}")
            raise RuntimeError(f"terawatt collect exited {collect.returncode}")

        import h5py
        import xarray as xr
        ds = xr.open_dataset(table, group="summary", engine="h5netcdf")
        if ds.sizes["point"] != 8 or not all(ds.status.values == "done"):
            raise RuntimeError(f"expected 8 done rows:\n{ds}")
        if sorted(set(ds["clusters.pod.power_cap"].values)) != [400, 500, 600, 700]:
            raise RuntimeError("power cap column: " + str(ds["clusters.pod.power_cap"].values))
        tasks = set()
        for name in ds.point.values:
            with h5py.File(os.path.join(out, "points", name + ".h5"), "r") as point:
                if point.attrs.get("slurm_array_job_id") != job:
                    raise RuntimeError(f"{name} was not run by array job {job}: {dict(point.attrs)}")
                tasks.add(point.attrs["slurm_array_task_id"])
        if tasks != {str(i) for i in range(8)}:
            raise RuntimeError(f"expected array tasks 0-7, got {sorted(tasks)}")
        ds.close()
        logs = os.listdir(os.path.join(out, "logs"))
        if len(logs) != 8:
            raise RuntimeError(f"expected 8 task logs, got {logs}")
        print(f"slurm sweep: ok, 8 rows from 8 array tasks in {time.time() - started:.1f} s")
        check_bundled_sweep(cluster, sweep, os.path.join(root, "bundled"))
        print(f"slurm sweep: ok, 8 rows from 3 bundled tasks and a collect job in {time.time() - started:.1f} s")
        check_uncertainty_sweep(cluster, root)
        print(f"slurm sweep: ok, 4 uncertainty samples as an array in {time.time() - started:.1f} s")
    except Exception as e:  # report with the daemons' logs, then stop them
        for name in ("slurmctld", "slurmd"):
            print(f"--- {name} log\n{cluster.log(name)}")
        print(f"FAIL: {e}")
        return 1
    finally:
        cluster.stop()
        if os.environ.get("TERAWATT_KEEP_SLURM_DIR") != "1":
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
