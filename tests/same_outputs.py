#!/usr/bin/python3
"""Check that two builds of terawatt write the same output for every shipped scenario.

    /usr/bin/python3 tests/same_outputs.py BEFORE_BINARY AFTER_BINARY [--keep DIR]

Runs each `scenarios/*.yaml` with both programs and compares the HDF5 files: every group, dataset (values bit for
bit, NaN equal to NaN, dtype and shape) and attribute. Provenance is left out: the attributes that name the
program, the time, the command line and the commit (PROVENANCE below). A refactoring that must not change
behaviour is checked with this before it lands; exits 1 and lists the differences when there are any.
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile

import h5py
import numpy as np

REPO = pathlib.Path(__file__).resolve().parent.parent
PROVENANCE = {"command_line", "created", "git_describe", "version", "simgrid_version", "wall_s"}


def run(binary, scenario, output):
    done = subprocess.run([binary, "run", str(scenario), "-o", str(output)], cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{binary} failed on {scenario} (exit {done.returncode}):\n{done.stderr}")


def attribute_differences(where, a, b):
    differences = []
    for name in sorted(set(a.attrs) | set(b.attrs)):
        if name in PROVENANCE or name in ("DIMENSION_LIST", "REFERENCE_LIST"):
            continue
        if name not in a.attrs or name not in b.attrs:
            differences.append(f"{where}: attribute {name} only in one file")
            continue
        x, y = a.attrs[name], b.attrs[name]
        if not np.array_equal(np.asarray(x), np.asarray(y)):
            differences.append(f"{where}: attribute {name}: {x!r} != {y!r}")
    return differences


def dataset_differences(where, a, b):
    if a.shape != b.shape or a.dtype != b.dtype:
        return [f"{where}: shape/dtype {a.shape} {a.dtype} != {b.shape} {b.dtype}"]
    x, y = a[()], b[()]
    if a.dtype.kind == "f":
        same = np.array_equal(np.asarray(x).view(np.uint8), np.asarray(y).view(np.uint8))
        same = same or np.array_equal(x, y, equal_nan=True)
    else:
        same = np.array_equal(np.asarray(x), np.asarray(y))
    return [] if same else [f"{where}: values differ"]


def differences(path_a, path_b):
    found = []
    with h5py.File(path_a, "r") as a, h5py.File(path_b, "r") as b:
        found += attribute_differences("/", a, b)
        names_a, names_b = set(), set()
        a.visit(names_a.add)
        b.visit(names_b.add)
        for name in sorted(names_a ^ names_b):
            found.append(f"/{name}: only in {'before' if name in names_a else 'after'}")
        for name in sorted(names_a & names_b):
            x, y = a[name], b[name]
            found += attribute_differences(f"/{name}", x, y)
            if isinstance(x, h5py.Dataset):
                found += dataset_differences(f"/{name}", x, y)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--keep", help="write the outputs here instead of a temporary folder")
    parser.add_argument("--scenarios", nargs="*", help="scenario files (default: scenarios/*.yaml)")
    args = parser.parse_args()
    scenarios = [pathlib.Path(s).resolve() for s in args.scenarios] if args.scenarios else sorted(
        (REPO / "scenarios").glob("*.yaml"))
    with tempfile.TemporaryDirectory() as temporary:
        folder = pathlib.Path(args.keep or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        failed = 0
        for scenario in scenarios:
            before, after = folder / f"{scenario.stem}.before.h5", folder / f"{scenario.stem}.after.h5"
            run(pathlib.Path(args.before).resolve(), scenario, before)
            run(pathlib.Path(args.after).resolve(), scenario, after)
            found = differences(before, after)
            print(f"{scenario.name}: {'identical' if not found else f'{len(found)} differences'}")
            for line in found[:20]:
                print(f"  {line}")
            failed += bool(found)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
