#!/usr/bin/python3
"""`terawatt run`, `terawatt validate` and a projection run stopped by a signal leave nothing behind.

SIGINT, SIGTERM and SIGHUP during a run remove OUT.h5.partial and end the run with 130, 143 and 129 (128 + the
signal, as a shell reports it), with one line on stderr and not SimGrid's dump of every actor. SIGKILL cannot be
caught: it leaves no file at the final name and at most OUT.h5.partial, which the next run to OUT.h5 replaces.
`terawatt validate` stopped while its cases run removes its temporary directory and exits 128 + the signal; a
projection stopped while its representative weeks simulate stops them and writes nothing, and one killed with
SIGKILL takes its children with it.

Usage: stop_signals_test.py TERAWATT_BINARY SCENARIOS_DIR
"""

import os
import signal
import subprocess
import sys
import tempfile
import time

TERAWATT = os.path.abspath(sys.argv[1])
SCENARIOS = os.path.abspath(sys.argv[2])
SCENARIO = os.path.join(SCENARIOS, "chatgpt-2023-daily.yaml")
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Forty simulated days with every request simulated take minutes, long enough to be stopped while they run (at the
# scenario's fluid fidelity they take half a second); two days at fluid fidelity take a fraction of a second.
LONG = ["--set", "scenario.duration=40 d", "--set", "workloads.chatgpt.fidelity=request"]
SHORT = ["--set", "scenario.duration=2 d"]


def check(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)


def start_run(output):
    return subprocess.Popen([TERAWATT, "run", SCENARIO, "-o", output, "--quiet", *LONG], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_partial(process, output):
    deadline = time.monotonic() + 60
    while not os.path.exists(output + ".partial"):
        check(process.poll() is None, f"the run ended (exit {process.returncode}) before writing its .partial")
        check(time.monotonic() < deadline, "no .partial output after 60 s")
        time.sleep(0.02)
    time.sleep(0.3)  # into the simulation, past the platform's construction


def wait_until(condition, what, process):
    deadline = time.monotonic() + 60
    while not condition():
        check(process.poll() is None, f"the command ended (exit {process.returncode}) before {what}")
        check(time.monotonic() < deadline, f"not {what} after 60 s")
        time.sleep(0.02)


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listing:
            return [int(child) for child in listing.read().split()]
    except FileNotFoundError:
        return []


def all_ended(pids):
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(os.path.exists(f"/proc/{pid}") for pid in pids)


def check_validate_stops():
    for stop in STOP_SIGNALS:
        with tempfile.TemporaryDirectory() as temporary:
            process = subprocess.Popen([TERAWATT, "validate", os.path.join(SCENARIOS, "validation"), "--jobs", "2"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                       env={**os.environ, "TMPDIR": temporary})
            wait_until(lambda: children(process.pid), "its cases run", process)
            cases = children(process.pid)
            process.send_signal(stop)
            _, stderr = process.communicate(timeout=60)
            check(process.returncode == 128 + stop,
                  f"validate stopped by {stop.name} exited {process.returncode}, expected {128 + stop}:\n{stderr}")
            check(os.listdir(temporary) == [], f"validate stopped by {stop.name} left {os.listdir(temporary)}")
            check(all_ended(cases), f"validate stopped by {stop.name} left its cases running")


def check_projection_stops(directory):
    output = os.path.join(directory, "projection.h5")
    command = [TERAWATT, "run", os.path.join(SCENARIOS, "iea-2022-2026.yaml"), "-o", output, "--quiet"]
    for stop in (*STOP_SIGNALS, signal.SIGKILL):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wait_until(lambda: children(process.pid), "its representative weeks run", process)
        weeks = children(process.pid)
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=60)
        expected = -signal.SIGKILL if stop == signal.SIGKILL else 128 + stop
        check(process.returncode == expected,
              f"a projection stopped by {stop.name} exited {process.returncode}, expected {expected}:\n{stderr}")
        check(os.listdir(directory) == [], f"a projection stopped by {stop.name} left {os.listdir(directory)}")
        check(all_ended(weeks), f"a projection stopped by {stop.name} left its representative weeks running")


def main():
    with tempfile.TemporaryDirectory() as directory:
        check_projection_stops(directory)
    check_validate_stops()
    with tempfile.TemporaryDirectory() as directory:
        output = os.path.join(directory, "out.h5")
        for stop in STOP_SIGNALS:
            process = start_run(output)
            wait_for_partial(process, output)
            process.send_signal(stop)
            _, stderr = process.communicate(timeout=60)
            check(process.returncode == 128 + stop,
                  f"{stop.name} ended the run with {process.returncode}, expected {128 + stop}:\n{stderr}")
            check(os.listdir(directory) == [], f"{stop.name} left {os.listdir(directory)}")
            check(len(stderr.splitlines()) == 1 and "stopped by signal" in stderr,
                  f"{stop.name}: expected one line on stderr, got:\n{stderr[:2000]}")

        process = start_run(output)
        wait_for_partial(process, output)
        process.kill()
        process.communicate(timeout=60)
        check(sorted(os.listdir(directory)) == ["out.h5.partial"],
              f"SIGKILL left {os.listdir(directory)}, expected at most out.h5.partial")
        rerun = subprocess.run([TERAWATT, "run", SCENARIO, "-o", output, "--quiet", *SHORT], capture_output=True,
                               text=True, timeout=120)
        check(rerun.returncode == 0, f"the run after SIGKILL exited {rerun.returncode}:\n{rerun.stderr}")
        check(sorted(os.listdir(directory)) == ["out.h5"],
              f"the run after SIGKILL left {os.listdir(directory)}, expected out.h5 alone")
    print("ok: runs, projections and validation stopped by INT, TERM or HUP leave nothing; SIGKILL's .partial is "
          "replaced")


if __name__ == "__main__":
    main()
