#!/usr/bin/python3
"""A one-node Slurm cluster whose every file lives in one directory, for the `slurm` test and for trying sweeps by
hand (docs/design.md section 9). Needs Debian's slurm-wlm and munge, and root (slurmd starts the jobs).

    /usr/bin/python3 tests/sweep/slurm_cluster.py start DIR   # then: export SLURM_CONF=DIR/slurm.conf
    terawatt sweep scenarios/sweeps/quickstart-facility.yaml --submit
    squeue; scancel JOB; ...
    /usr/bin/python3 tests/sweep/slurm_cluster.py stop DIR    # stops the daemons by pid

munged runs as user munge with its own key and socket; slurmctld and slurmd listen on free ports of 127.0.0.1,
with state, spool, pid and log files under DIR, so nothing of the machine's own Slurm or munge is touched.
"""

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time

SEARCH_PATH = os.environ.get("PATH", "") + ":/usr/sbin:/sbin:/usr/bin"
DAEMONS = ("munged", "slurmctld", "slurmd")


class MissingSlurm(Exception):
    """Why a cluster cannot run here: a test reports it as skipped."""


def find_programs():
    programs = {}
    for name in DAEMONS + ("sbatch", "squeue", "sinfo", "scancel"):
        found = shutil.which(name, path=SEARCH_PATH)
        if not found:
            raise MissingSlurm(f"'{name}' is not installed (apt-get install slurm-wlm munge)")
        programs[name] = found
    if os.geteuid() != 0:
        raise MissingSlurm("slurmd must run as root to start jobs, and this is not root")
    try:
        pwd.getpwnam("munge")
    except KeyError:
        raise MissingSlurm("there is no 'munge' user (the munge package creates it)")
    return programs


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


def alive(pid):
    """A daemon that exited may linger as a zombie until init reaps it: that counts as gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


class Cluster:
    """In the foreground mode (the test) the daemons are children of this process; in the background mode (the
    command line) they detach, and `stop` finds them through their pid files."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.conf = os.path.join(self.root, "slurm.conf")
        self.env = dict(os.environ, SLURM_CONF=self.conf)
        self.children = []  # (name, Popen) in the foreground mode

    def pid_file(self, name):
        return os.path.join(self.root, "munge", "munged.pid") if name == "munged" else os.path.join(self.root, name + ".pid")

    def log(self, name):
        text = ""
        for path in (os.path.join(self.root, name + ".stdout"), os.path.join(self.root, name + ".log"),
                     os.path.join(self.root, "munge", name + ".log")):
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    text += f.read()[-3000:]
        return text

    def _start(self, name, argv, foreground, **kwargs):
        log = open(os.path.join(self.root, name + ".stdout"), "w")
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=self.env, **kwargs)
        if foreground:
            self.children.append((name, process))
            time.sleep(0.1)
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited at once with {process.returncode}: " + self.log(name))
        else:
            # The command forks the daemon and returns; its pid file names the daemon.
            if process.wait(timeout=30) != 0:
                raise RuntimeError(f"{name} failed to start ({process.returncode}): " + self.log(name))
            wait_for(lambda: os.path.exists(self.pid_file(name)), 10, f"{name}'s pid file")

    def start(self, programs, foreground):
        os.makedirs(self.root, exist_ok=True)
        os.chmod(self.root, 0o755)
        munge = pwd.getpwnam("munge")
        munge_dir = os.path.join(self.root, "munge")
        os.makedirs(munge_dir, 0o755, exist_ok=True)
        key = os.path.join(munge_dir, "munge.key")
        with open(key, "wb") as f:
            f.write(os.urandom(1024))
        os.chmod(key, 0o400)
        for path in (munge_dir, key):
            os.chown(path, munge.pw_uid, munge.pw_gid)
        socket_path = os.path.join(munge_dir, "munge.socket")
        self._start("munged", [programs["munged"]] + (["--foreground"] if foreground else []) + [
            "--force", "--key-file=" + key, "--socket=" + socket_path, "--pid-file=" + self.pid_file("munged"),
            "--log-file=" + os.path.join(munge_dir, "munged.log"),
            "--seed-file=" + os.path.join(munge_dir, "munged.seed")], foreground, user=munge.pw_uid,
            group=munge.pw_gid)
        wait_for(lambda: os.path.exists(socket_path), 10, "the munge socket")

        node = socket.gethostname().split(".")[0]
        with open("/proc/meminfo") as f:
            memory_mb = int(int(f.readline().split()[1]) / 1024 * 0.8)
        for sub in ("state", "spool"):
            os.makedirs(os.path.join(self.root, sub), exist_ok=True)
        root = self.root
        with open(self.conf, "w") as f:
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
        mode = ["-D"] if foreground else []
        self._start("slurmctld", [programs["slurmctld"], *mode, "-c"], foreground)
        self._start("slurmd", [programs["slurmd"], *mode, "-c"], foreground)

        def node_idle():
            result = subprocess.run(["sinfo", "-h", "-o", "%t"], capture_output=True, text=True, env=self.env)
            return result.returncode == 0 and "idle" in result.stdout

        wait_for(node_idle, 20, "the node to be idle")

    def stop(self):
        """Stops the daemons by pid, slurmd first; SIGKILL after 10 s."""
        if self.children:
            for name, process in reversed(self.children):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
                print(f"stopped {name} (pid {process.pid})")
            self.children = []
            return
        for name in reversed(DAEMONS):
            try:
                with open(self.pid_file(name)) as f:
                    pid = int(f.read().split()[0])
            except (FileNotFoundError, ValueError, IndexError):
                continue
            if not alive(pid):
                continue
            os.kill(pid, signal.SIGTERM)
            try:
                wait_for(lambda: not alive(pid), 10, f"{name} to stop")
            except RuntimeError:
                os.kill(pid, signal.SIGKILL)
            print(f"stopped {name} (pid {pid})")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        sys.exit(__doc__)
    cluster = Cluster(sys.argv[2])
    if sys.argv[1] == "stop":
        cluster.stop()
        return
    try:
        programs = find_programs()
    except MissingSlurm as e:
        sys.exit(f"cannot start a Slurm cluster: {e}")
    try:
        cluster.start(programs, foreground=False)
    except Exception:
        cluster.stop()
        raise
    print(f"one-node Slurm cluster up in {cluster.root}\nexport SLURM_CONF={cluster.conf}")


if __name__ == "__main__":
    main()
