#!/usr/bin/python3
"""`terawatt run` stopped by a signal leaves nothing behind.

SIGINT, SIGTERM and SIGHUP during a run remove OUT.h5.partial and end the run with 130, 143 and 129 (128 + the
signal, as a shell reports it), with one line on stderr and not SimGrid's dump of every actor. SIGKILL cannot be
caught: it leaves no file at the final name and at most OUT.h5.partial, which the next run to OUT.h5 replaces.

Usage: stop_signals_test.py TERAWATT_BINARY SCENARIOS_DIR
"""

import os
import signal
import subprocess
import sys
import tempfile
import time

TERAWATT = os.path.abspath(sys.argv[1])
SCENARIO = os.path.join(os.path.abspath(sys.argv[2]), "chatgpt-2023-daily.yaml")
# Forty simulated days take several seconds, long enough to be stopped while they run; two days take a fraction.
LONG = ["--set", "scenario.duration=40 d"]
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


def main():
    with tempfile.TemporaryDirectory() as directory:
        output = os.path.join(directory, "out.h5")
        for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
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
    print("ok: SIGINT, SIGTERM and SIGHUP remove the .partial and exit 130, 143, 129; SIGKILL's .partial is replaced")


if __name__ == "__main__":
    main()
