#!/usr/bin/python3
"""A sweep killed with SIGKILL and resumed at once collects the same table as one that ran straight through.

The sweep's points (the tiny scenario, made to run about half a second each) die with their killed driver, so the
resume, started at once, never runs a point twice at the same time nor collides on its output file; its table, as
CSV, is identical to an uninterrupted sweep's. A point whose lock another process holds is reported as running and
skipped (exit 1), and runs once the lock is released.

Usage: kill_resume_test.py TERAWATT_BINARY TESTS_SWEEP_DIR
"""

import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

TERAWATT = os.path.abspath(sys.argv[1])
HERE = os.path.abspath(sys.argv[2])

# Two thousand hours at one-minute samples: long enough for the sweep to be killed while points run.
SWEEP = """\
sweep:
  name: killed
  scenario: tiny.yaml
set:
  scenario.duration: 2000 h
  scenario.sample_interval: 1 min
axes:
  - sites.iowa.pue: [1.1, 1.2, 1.3, 1.4, 1.5, 1.6]
metrics:
  - facility_energy
  - max(end_time)
"""


def check(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)


def run(*args, expect):
    result = subprocess.run([TERAWATT, *args], capture_output=True, text=True, timeout=300)
    check(result.returncode == expect, f"terawatt {' '.join(args)} exited {result.returncode}, expected {expect}\n"
          f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result


def table(work, out, name):
    run("collect", out, "-o", os.path.join(work, name + ".h5"), "--csv", expect=0)
    with open(os.path.join(work, name + ".csv")) as f:
        return f.read()


def ended(pid):
    """The process is gone, or a zombie nobody has reaped yet."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def running_children(pid):
    with open(f"/proc/{pid}/task/{pid}/children") as listing:
        return [child for child in map(int, listing.read().split()) if not ended(child)]


def outputs(out):
    return sorted(f for f in os.listdir(os.path.join(out, "points")) if f.endswith(".h5"))


def kill_while_points_run(sweep, out):
    driver = subprocess.Popen([TERAWATT, "sweep", sweep, "-o", out, "--jobs", "2"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    points = []
    while len(points) != 2:  # two points running, the first two done: killed in the middle of the sweep
        check(driver.poll() is None and time.monotonic() < deadline, "the sweep ended before it could be killed")
        time.sleep(0.2)  # past the end of the points that just wrote their output
        if os.path.isdir(os.path.join(out, "points")) and len(outputs(out)) >= 2:
            points = running_children(driver.pid)
    driver.kill()
    driver.wait()
    deadline = time.monotonic() + 0.5  # within moments of their parent-death signal, long before they end
    while not all(ended(pid) for pid in points) and time.monotonic() < deadline:
        time.sleep(0.01)
    check(all(ended(pid) for pid in points), "the killed sweep's points still run")


def main():
    work = tempfile.mkdtemp(prefix="terawatt-kill-resume-")
    try:
        shutil.copy(os.path.join(HERE, "tiny.yaml"), work)
        sweep = os.path.join(work, "killed.yaml")
        with open(sweep, "w") as f:
            f.write(SWEEP)

        straight = os.path.join(work, "straight")
        run("sweep", sweep, "-o", straight, "--jobs", "2", "--quiet", expect=0)
        expected = table(work, straight, "straight")

        resumed = os.path.join(work, "resumed")
        kill_while_points_run(sweep, resumed)
        resume = run("sweep", sweep, "-o", resumed, "--jobs", "2", expect=0)
        counts = re.search(r"(\d) already done, (\d) to run", resume.stdout)
        check(counts and int(counts[1]) >= 1 and int(counts[2]) >= 1 and int(counts[1]) + int(counts[2]) == 6,
              "the resume runs the points the killed sweep had not finished:\n" + resume.stdout)
        check(table(work, resumed, "resumed") == expected, "the resumed sweep's table differs from the straight one")
        leftovers = [f for f in os.listdir(os.path.join(resumed, "points")) if not f.endswith(".h5")]
        check(leftovers == [], f"the resumed sweep left {leftovers}")

        # A point whose lock is held runs elsewhere: skipped, not started a second time.
        first = sorted(outputs(resumed))[0]
        os.remove(os.path.join(resumed, "points", first))
        with open(os.path.join(resumed, "points", first[:-3] + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            held = run("sweep", sweep, "-o", resumed, expect=1)
            check(f"{first[:-3]} is running in another process" in held.stderr, "the held point:\n" + held.stderr)
            check(first not in outputs(resumed), "a point running elsewhere was run again")
        run("sweep", sweep, "-o", resumed, "--quiet", expect=0)
        check(table(work, resumed, "again") == expected, "the point run after its lock was released differs")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("kill and resume: ok")


if __name__ == "__main__":
    main()
