#!/usr/bin/python3
"""`terawatt run` onto a full disk exits 1 with one error line and leaves nothing behind.

Two small tmpfs file systems stand for a full disk: one with no space at all (the output cannot even be created) and
one with room for the file's first bytes but not for the run's output (the last write, at close, fails). Both end
with exit 1, an error naming the output and the cause, no OUT.h5 and no OUT.h5.partial; never a crash in HDF5's exit
handler. Mounting needs root: elsewhere the test reports itself skipped (exit 77).

Usage: full_disk_test.py TERAWATT_BINARY SCENARIOS_DIR
"""

import os
import subprocess
import sys
import tempfile

TERAWATT = os.path.abspath(sys.argv[1])
SCENARIO = os.path.join(os.path.abspath(sys.argv[2]), "quickstart.yaml")
SKIP = 77


def check(condition, message):
    if not condition:
        sys.exit("FAIL: " + message)


def mount_tmpfs(where, size):
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", where], capture_output=True,
                            text=True)
    return result.returncode == 0


def run_onto_full_disk(size, fill_bytes):
    with tempfile.TemporaryDirectory() as mount_point:
        if not mount_tmpfs(mount_point, size):
            print(f"SKIP: cannot mount a {size} tmpfs here (needs root)")
            sys.exit(SKIP)
        try:
            if fill_bytes:
                with open(os.path.join(mount_point, "fill"), "wb") as fill:
                    fill.write(b"\0" * fill_bytes)
            output = os.path.join(mount_point, "out.h5")
            result = subprocess.run([TERAWATT, "run", SCENARIO, "-o", output, "--quiet"], capture_output=True,
                                    text=True, timeout=300)
            what = f"a {size} disk with {fill_bytes} bytes taken"
            check(result.returncode == 1, f"{what}: exit {result.returncode}, expected 1; stderr: {result.stderr}")
            check("No space left on device" in result.stderr, f"{what}: the cause is not named: {result.stderr}")
            check(output in result.stderr, f"{what}: the output is not named: {result.stderr}")
            check("warning: the time series may take up to" in result.stderr,
                  f"{what}: no warning that the output may not fit: {result.stderr}")
            left = sorted(set(os.listdir(mount_point)) - {"fill"})
            check(left == [], f"{what}: left behind {left}")
        finally:
            subprocess.run(["umount", mount_point], check=False)


def main():
    if os.geteuid() != 0:
        print("SKIP: mounting a small tmpfs needs root")
        return SKIP
    run_onto_full_disk("4k", 4096)  # not a byte left: the output cannot be created
    run_onto_full_disk("64k", 0)  # the file is created; the run's output does not fit
    print("ok: a full disk ends with exit 1 and nothing left behind")
    return 0


if __name__ == "__main__":
    sys.exit(main())
