#!/usr/bin/env python3
"""Check that a terawatt HDF5 result file is readable by the analysis stack.

Usage: check_output_layout.py FILE [--group NAME ...]

Verifies, for each group (default: timeseries and summary), that
xarray.open_dataset(FILE, group=..., engine="h5netcdf") gives named dimensions
backed by string coordinate labels and a units attribute on every float64 data
variable (an enumeration is instead an int8 CF flag variable: flag_values of its
type, one flag_meanings word per value, every value listed); other coordinates
(the topology) are strings along one label dimension with a long_name; for the
timeseries group additionally that `time` is the first dimension and decodes
(CF "seconds since ...") to datetime64. Root attributes
must read through h5py as str, float or int, and `complete` must be 1.

Exits 0 on success; otherwise prints every problem found and exits 1.
Needs h5py, xarray and h5netcdf (on Debian: /usr/bin/python3).
"""

import argparse
import numbers
import sys


def check_root_attributes(path, problems):
    import h5py

    with h5py.File(path, "r") as f:
        attrs = dict(f.attrs)
    for name, value in attrs.items():
        if isinstance(value, bytes):
            problems.append(f"root attribute {name!r} reads as bytes, not str")
        elif not isinstance(value, (str, numbers.Real)) or isinstance(value, bool):
            problems.append(f"root attribute {name!r} has unexpected type {type(value).__name__}")
    if "complete" not in attrs:
        problems.append("root attribute 'complete' is missing")
    elif not isinstance(attrs["complete"], numbers.Integral) or attrs["complete"] != 1:
        problems.append(f"root attribute complete = {attrs['complete']!r}, expected integer 1")
    return attrs


def flag_problems(where, name, var):
    """What is wrong with a CF flag variable (CF 1.8 section 3.5) as terawatt writes one."""
    import numpy as np

    values = np.atleast_1d(var.attrs.get("flag_values", []))
    meanings = str(var.attrs["flag_meanings"]).split()
    problems = []
    if var.dtype != np.int8 or values.dtype != np.int8:
        problems.append(f"{where}: flag variable {name!r} is {var.dtype} with flag_values {values.dtype}, "
                        "expected int8 for both")
    if len(values) != len(meanings):
        problems.append(f"{where}: flag variable {name!r} has {len(values)} flag_values, {len(meanings)} meanings")
    unknown = sorted(set(var.values.tolist()) - set(values.tolist()))
    if unknown:
        problems.append(f"{where}: flag variable {name!r} has values {unknown} that flag_values do not list")
    return problems


def time_bounds_problems(where, ds):
    """CF bounds of `time`: `time_bnds` (time, bnds), each row from the previous row's time (the first from the
    start, the time units' reference) to its own."""
    if ds["time"].attrs.get("bounds") != "time_bnds" or "time_bnds" not in ds:
        return [f"{where}: time has no bounds 'time_bnds'"]
    bounds = ds["time_bnds"]
    if bounds.dims != ("time", "bnds") or ds.sizes["bnds"] != 2:
        return [f"{where}: time_bnds has dims {bounds.dims}, expected (time, bnds) with bnds = 2"]
    ends, starts = bounds.values[:, 1], bounds.values[:, 0]
    problems = []
    if not (ends == ds["time"].values).all():
        problems.append(f"{where}: time_bnds' upper bounds are not the time stamps")
    if not (starts[1:] == ends[:-1]).all() or not (starts < ends).all():
        problems.append(f"{where}: time_bnds' intervals do not follow one another")
    return problems


def check_group(path, group, problems):
    import numpy as np
    import xarray as xr

    try:
        ds = xr.open_dataset(path, group=group, engine="h5netcdf")
    except Exception as error:  # noqa: BLE001 - report any reader failure
        problems.append(f"group {group!r}: xarray cannot open it: {type(error).__name__}: {error}")
        return None
    with ds:
        ds.load()
        where = f"group {group!r}"
        label_dims = [d for d in ds.dims if d not in ("time", "bnds")]  # bnds: the bare dimension of time_bnds
        if group == "timeseries":
            if "time" not in ds.dims:
                problems.append(f"{where}: no 'time' dimension (dims: {dict(ds.sizes)})")
            elif not np.issubdtype(ds["time"].dtype, np.datetime64):
                problems.append(f"{where}: time decoded as {ds['time'].dtype}, expected datetime64")
            else:
                problems += time_bounds_problems(where, ds)
        if not ds.data_vars:
            problems.append(f"{where}: no data variables")
        for dim in ds.dims:
            if dim.startswith("phony_dim"):
                problems.append(f"{where}: dimension {dim!r} has no dimension scale")
        for dim in label_dims:
            if dim not in ds.coords:
                problems.append(f"{where}: dimension {dim!r} has no coordinate variable")
                continue
            labels = ds[dim].values
            if dim == "year":
                if labels.dtype != np.int64:
                    problems.append(f"{where}: years are {labels.dtype}, not int64")
            elif labels.dtype.kind not in ("U", "O") or not all(isinstance(v, str) for v in labels.tolist()):
                problems.append(f"{where}: labels of {dim!r} are {labels.dtype}, not str")
            if "long_name" not in ds[dim].attrs:
                problems.append(f"{where}: coordinate {dim!r} has no long_name")
        for name, coord in ds.coords.items():
            if name in ds.dims:
                continue
            if coord.ndim != 1 or coord.dims[0] not in label_dims or coord.dtype.kind not in ("U", "O"):
                problems.append(f"{where}: coordinate {name!r} is {coord.dtype} {coord.dims}, expected str by label")
            if "long_name" not in coord.attrs:
                problems.append(f"{where}: coordinate {name!r} has no long_name")
        bounds = {coord.attrs["bounds"] for coord in ds.coords.values() if "bounds" in coord.attrs}
        for name, var in ds.data_vars.items():
            if name in bounds:
                continue
            if "flag_meanings" in var.attrs:
                problems += flag_problems(where, name, var)
                continue
            if "units" not in var.attrs:
                problems.append(f"{where}: variable {name!r} has no units attribute")
            if var.dtype != np.float64:
                problems.append(f"{where}: variable {name!r} is {var.dtype}, expected float64")
            if group == "timeseries" and (var.ndim != 2 or var.dims[0] != "time"):
                problems.append(f"{where}: variable {name!r} has dims {var.dims}, expected (time, label)")
            if group != "timeseries" and var.ndim != 1:
                problems.append(f"{where}: variable {name!r} has dims {var.dims}, expected one label dim")
        return {
            "dims": dict(ds.sizes),
            "vars": {n: (v.dims, v.attrs.get("units")) for n, v in ds.data_vars.items()},
            "time": (str(ds["time"].values[0]), str(ds["time"].values[-1]))
            if "time" in ds.dims and ds.sizes["time"] > 0
            else None,
        }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--group", action="append", help="group to check (repeatable)")
    args = parser.parse_args(argv)
    groups = args.group or ["timeseries", "summary"]

    try:
        import h5netcdf  # noqa: F401
        import h5py  # noqa: F401
        import xarray  # noqa: F401
    except ImportError as error:
        print(f"FAIL: {error}; run with a Python that has h5py, xarray and h5netcdf "
              "(e.g. /usr/bin/python3)", file=sys.stderr)
        return 2

    problems = []
    try:
        attrs = check_root_attributes(args.file, problems)
    except OSError as error:
        print(f"FAIL: {args.file}: cannot open with h5py: {error}", file=sys.stderr)
        return 1
    summaries = {g: check_group(args.file, g, problems) for g in groups}

    if problems:
        print(f"FAIL: {args.file}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"OK: {args.file}")
    print(f"  root attributes: { {k: (type(v).__name__, v) for k, v in attrs.items()} }")
    for group, summary in summaries.items():
        print(f"  /{group}: dims={summary['dims']}")
        if summary["time"]:
            print(f"    time: {summary['time'][0]} .. {summary['time'][1]}")
        for name, (dims, units) in summary["vars"].items():
            print(f"    {name}{dims} [{units}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
