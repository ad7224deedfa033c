#!/usr/bin/env python3
"""Check a terawatt run's HDF5 output as a notebook analyst would read it: through xarray.

Usage: check_run_output.py RUN.h5 SCENARIO.yaml

Asserts that the time series integrate to the summary totals (energy conservation, relative 1e-9),
that facility energy is IT energy x PUE, that emissions integrate facility power x carbon intensity,
and that the provenance names the scenario file with its SHA-256. Exits 1 with every problem found.
Needs Debian's python3-xarray and python3-h5netcdf: run with /usr/bin/python3.
"""

import hashlib
import sys

CONSERVATION_TOLERANCE = 1e-9


def relative_error(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def main(path, scenario_path):
    import h5py
    import numpy as np
    import xarray as xr

    problems = []

    def expect_close(what, actual, expected, tolerance=CONSERVATION_TOLERANCE):
        if not relative_error(actual, expected) <= tolerance:
            problems.append(f"{what}: {actual!r} != {expected!r} (relative error {relative_error(actual, expected):.3g})")

    ts = xr.open_dataset(path, group="timeseries", engine="h5netcdf")
    summary = xr.open_dataset(path, group="summary", engine="h5netcdf")
    with h5py.File(path, "r") as f:
        attrs = dict(f.attrs)

    if not np.issubdtype(ts["time"].dtype, np.datetime64):
        problems.append(f"time decodes to {ts['time'].dtype}, not datetime64")
    # Interval lengths from the raw CF offsets: every value is the mean over the interval ending at its time.
    raw = xr.open_dataset(path, group="timeseries", engine="h5netcdf", decode_times=False)
    ends = raw["time"].values
    lengths = np.diff(np.concatenate([[0.0], ends]))
    if not (lengths > 0).all():
        problems.append("time is not strictly increasing from the start")
    # The same intervals as the file states them: time_bnds, CF's bounds of time.
    if not np.array_equal(raw["time_bnds"].values[:, 1] - raw["time_bnds"].values[:, 0], lengths):
        problems.append("time_bnds do not hold the intervals between the time stamps")

    for cluster in summary["cluster"].values:
        it = float((ts["it_power"].sel(cluster=cluster).values * lengths).sum())
        expect_close(f"sum of it_power x dt for {cluster}", it, float(summary["it_energy"].sel(cluster=cluster)))
        gpu = float((ts["gpu_power"].sel(cluster=cluster).values * lengths).sum())
        expect_close(f"sum of gpu_power x dt for {cluster}", gpu, float(summary["gpu_energy"].sel(cluster=cluster)))

    for site in summary["site"].values:
        facility = float(summary["facility_energy"].sel(site=site))
        expect_close(f"sum of facility_power x dt for {site}",
                     float((ts["facility_power"].sel(site=site).values * lengths).sum()), facility)
        expect_close(f"last cumulative energy for {site}", float(ts["energy"].sel(site=site).values[-1]), facility)
        emissions_kg = float((ts["emissions_rate"].sel(site=site).values * lengths).sum()) / 1000.0
        expect_close(f"integral of emissions_rate for {site}", emissions_kg, float(summary["emissions"].sel(site=site)))
        # Emissions = integral of facility power x carbon intensity (g/kWh -> kg/J: / 1000 / 3.6e6).
        integrand = ts["facility_power"].sel(site=site).values * ts["carbon_intensity"].sel(site=site).values / 3.6e9
        expect_close(f"integral of facility power x intensity for {site}", float((integrand * lengths).sum()),
                     float(summary["emissions"].sel(site=site)))
        if not (ts["pue"].sel(site=site).values >= 1.0).all():
            problems.append(f"PUE below 1 at {site}")
        # Total = operational (location-based) + embodied, the embodied of the site's clusters.
        on_site = [c for c in summary["cluster"].values if summary["site_of_cluster"].sel(cluster=c).item() == site]
        embodied = float(summary["embodied_emissions"].sel(cluster=on_site).sum())
        expect_close(f"embodied emissions of {site}", float(summary["site_embodied_emissions"].sel(site=site)),
                     embodied)
        expect_close(f"total emissions of {site}", float(summary["total_emissions"].sel(site=site)),
                     float(summary["emissions"].sel(site=site)) + embodied)

    for name in [n for n in ts.data_vars if n != "time_bnds"] + list(summary.data_vars):
        var = ts[name] if name in ts else summary[name]
        for attribute in ("units", "long_name"):
            if attribute not in var.attrs:
                problems.append(f"variable {name} has no {attribute}")

    with open(scenario_path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if attrs.get("scenario_sha256") != digest:
        problems.append(f"scenario_sha256 {attrs.get('scenario_sha256')!r} != {digest}")
    for required in ("software", "version", "git_describe", "created", "scenario_resolved", "seed", "Conventions"):
        if required not in attrs:
            problems.append(f"root attribute {required} is missing")

    if problems:
        print(f"FAILED: {path}")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(f"OK: {path}: {ts.sizes['time']} samples, {summary.sizes['cluster']} clusters, {summary.sizes['site']} sites")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
