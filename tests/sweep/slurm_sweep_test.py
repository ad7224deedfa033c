#!/usr/bin/python3
"""A sweep through a real Slurm (issue 6): a one-node cluster started here, an 8-point job array, one table.

Starts munged, slurmctld and slurmd (Debian's munge and slurm-wlm) in the foreground as children of this script,
with every file under a temporary directory (munge key and socket, slurm.conf on free ports, state, spool, pid and
log files), waits for the node to be idle, submits the sweep with `terawatt sweep --submit`, waits for the array to
leave the queue, collects it and checks 8 rows, each run by its own array task. The daemons are stopped by pid at
the end, whatever happened. DESIGN.md section 9 has the facts this relies on.

Exits 77 (ctest's SKIP_RETURN_CODE) when Slurm or munge is not installed or when not run as root (slurmd must be),
saying why; TERAWATT_REQUIRE_SLURM=1 turns that into a failure.

Usage: slurm_sweep_test.py TERAWATT_BINARY TESTS_SWEEP_DIR
"""

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77
TERAWATT = os.path.abspath(sys.argv[1])
HERE = os.path.abspath(sys.argv[2])
SEARCH_PATH = os.environ.get("PATH", "") + ":/usr/sbin:/sbin:/usr/bin"

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


def skip(reason):
    if os.environ.get("TERAWATT_REQUIRE_SLURM") == "1":
        sys.exit("FAIL: Slurm is required here but " + reason)
    print("SKIP: " + reason)
    sys.exit(SKIP)


def which(program):
    found = shutil.which(program, path=SEARCH_PATH)
    if not found:
        skip(f"'{program}' is not installed (apt-get install slurm-wlm munge)")
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, timeout_s, what):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise RuntimeError(f"timed out after {timeout_s} s waiting for {what}")


class Cluster:
    """The daemons, each a child process (foreground mode), stopped by pid in reverse order."""

    def __init__(self, root):
        self.root = root
        self.daemons = []  # (name, Popen)
        self.env = dict(os.environ, SLURM_CONF=os.path.join(root, "slurm.conf"))

    def start(self, name, argv, **kwargs):
        log = open(os.path.join(self.root, name + ".stdout"), "w")
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=self.env, **kwargs)
        self.daemons.append((name, process))
        time.sleep(0.1)
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited at once with {process.returncode}: " + self.log(name))
        return process

    def log(self, name):
        text = ""
        for suffix in (".stdout", ".log"):
            path = os.path.join(self.root, name + suffix)
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    text += f.read()[-3000:]
        return text

    def stop(self):
        for name, process in reversed(self.daemons):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            print(f"stopped {name} (pid {process.pid})")


def main():
    munged = which("munged")
    slurmctld = which("slurmctld")
    slurmd = which("slurmd")
    for program in ("sbatch", "squeue", "sinfo"):
        which(program)
    if os.geteuid() != 0:
        skip("slurmd must run as root to start jobs, and this is not root")
    try:
        pwd.getpwnam("munge")
    except KeyError:
        skip("there is no 'munge' user (the munge package creates it)")

    started = time.time()
    root = tempfile.mkdtemp(prefix="terawatt-slurm-")
    os.chmod(root, 0o755)
    cluster = Cluster(root)
    # A stop by ctest's timeout must still take the daemons down.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("FAIL: terminated"))
    try:
        # munge: its own key, socket and files, run as user munge, which insists on owning them.
        munge = pwd.getpwnam("munge")
        munge_dir = os.path.join(root, "munge")
        os.mkdir(munge_dir, 0o755)
        key = os.path.join(munge_dir, "munge.key")
        with open(key, "wb") as f:
            f.write(os.urandom(1024))
        os.chmod(key, 0o400)
        for path in (munge_dir, key):
            os.chown(path, munge.pw_uid, munge.pw_gid)
        socket_path = os.path.join(munge_dir, "munge.socket")
        cluster.start("munged", [munged, "--foreground", "--force", "--key-file=" + key, "--socket=" + socket_path,
                                 "--pid-file=" + os.path.join(munge_dir, "munged.pid"),
                                 "--log-file=" + os.path.join(munge_dir, "munged.log"),
                                 "--seed-file=" + os.path.join(munge_dir, "munged.seed")],
                      user=munge.pw_uid, group=munge.pw_gid)
        wait_for(lambda: os.path.exists(socket_path), 10, "the munge socket")

        node = socket.gethostname().split(".")[0]
        with open("/proc/meminfo") as f:
            memory_mb = int(int(f.readline().split()[1]) / 1024 * 0.8)
        for sub in ("state", "spool", "jobs"):
            os.mkdir(os.path.join(root, sub))
        with open(os.path.join(root, "slurm.conf"), "w") as f:
            f.write(f"""\
ClusterName=terawatt-test
SlurmctldHost={node}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort={free_port()}
SlurmdPort={free_port()}
AuthType=auth/munge
AuthInfo=socket={socket_path}
CredType=cred/munge
StateSaveLocation={root}/state
SlurmdSpoolDir={root}/spool
SlurmctldPidFile={root}/slurmctld.pid
SlurmdPidFile={root}/slurmd.pid
SlurmctldLogFile={root}/slurmctld.log
SlurmdLogFile={root}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=1,sched_interval=1,batch_sched_delay=0
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName={node} NodeAddr=127.0.0.1 CPUs={os.cpu_count()} RealMemory={memory_mb} State=UNKNOWN
PartitionName=test Nodes={node} Default=YES MaxTime=INFINITE State=UP
""")
        cluster.start("slurmctld", [slurmctld, "-D", "-c"])
        cluster.start("slurmd", [slurmd, "-D", "-c"])

        def node_idle():
            result = subprocess.run(["sinfo", "-h", "-o", "%t"], capture_output=True, text=True, env=cluster.env)
            return result.returncode == 0 and "idle" in result.stdout

        wait_for(node_idle, 20, "the node to be idle")
        print(f"one-node Slurm cluster up in {time.time() - started:.1f} s")

        # The sweep: 8 points as an array, submitted by terawatt itself.
        shutil.copy(os.path.join(HERE, "tiny.yaml"), root)
        sweep = os.path.join(root, "sweep.yaml")
        with open(sweep, "w") as f:
            f.write(SWEEP)
        out = os.path.join(root, "out")
        submit = subprocess.run([TERAWATT, "sweep", sweep, "-o", out, "--submit"], capture_output=True, text=True,
                                env=cluster.env, timeout=60)
        print(submit.stdout + submit.stderr, end="")
        if submit.returncode != 0:
            raise RuntimeError(f"terawatt sweep --submit exited {submit.returncode}")
        job = re.search(r"submitted Slurm job (\d+)", submit.stdout).group(1)
        with open(os.path.join(out, "sweep.sbatch")) as f:
            script = f.read()
        for line in ("#SBATCH --array=0-7%4", "#SBATCH --time=0:05:00", "#SBATCH --mem=96M"):
            if line not in script:
                raise RuntimeError(f"'{line}' missing from the script:\n{script}")

        def array_done():
            result = subprocess.run(["squeue", "-h", "-j", job], capture_output=True, text=True, env=cluster.env)
            return result.returncode == 0 and result.stdout.strip() == "" or "Invalid job id" in result.stderr

        wait_for(array_done, 45, f"job {job} to finish")
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
