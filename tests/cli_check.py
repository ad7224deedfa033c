"""Support for the Python end-to-end tests of the `terawatt` program: run a command and fail with its output.

Each test script adds this directory to sys.path and imports it; the scripts stay plain programs that ctest runs.
"""

import subprocess
import sys


def run_terawatt(binary, command, args, expect, cwd=None, env=None, timeout=120):
    """Runs `binary command args...`; exits the test with its stdout and stderr unless it exits `expect`."""
    result = subprocess.run([binary, command, *args], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                            env=env)
    if result.returncode != expect:
        sys.exit(f"FAIL: terawatt {command} {' '.join(args)} exited {result.returncode}, expected {expect}\n"
                 f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result


def check(condition, message, result=None):
    """Exits the test with `message` (and the run's output, when given) unless `condition` holds."""
    if not condition:
        details = f"\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}" if result else ""
        sys.exit("FAIL: " + message + details)
