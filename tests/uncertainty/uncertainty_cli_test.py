"""`terawatt run --samples N` end to end: the bands are ordered, the Latin hypercube fills every stratum, a sample's
figures are those of a plain run with its values (a simulation's summary and a projection's cells), the drivers
have the physics' sign, rank-correlated inputs are drawn at their correlation with their strata kept, and bad input
is refused with exit code 2 and no output.

usage: uncertainty_cli_test.py TERAWATT_BINARY SCENARIOS_DIR
"""
import math
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

BINARY, SCENARIOS = sys.argv[1], sys.argv[2]

SCENARIO = """\
scenario: {name: bands, start: 2024-06-01T00:00:00Z, duration: 1 d, sample_interval: 1 h}
sites:
  - name: s
    pue: {triangular: [1.1, 1.2, 1.5]}
    carbon_intensity: {uniform: [300 g/kWh, 500 g/kWh]}
clusters: [{name: c, site: s, accelerator: h100-sxm, servers: 8}]
workloads:
  - {name: j, type: training, flops: 1e21 FLOP, mfu: {normal: [40 %, 5 %], min: 20 %}}
"""


def run(*args):
    return subprocess.run([BINARY, *args], capture_output=True, text=True)


def check(condition, message):
    if not condition:
        print("FAILED:", message)
        sys.exit(1)


with tempfile.TemporaryDirectory() as tmp:
    scenario = os.path.join(tmp, "bands.yaml")
    with open(scenario, "w") as f:
        f.write(SCENARIO)
    out = os.path.join(tmp, "bands.h5")
    done = run("run", scenario, "--samples", "12", "--jobs", "2", "-o", out)
    check(done.returncode == 0, f"the run failed: {done.stderr}")
    check("emissions[s]" in done.stdout and "sites.s.carbon_intensity +" in done.stdout,
          f"the printed table lacks the emissions and their driver:\n{done.stdout}")
    with h5py.File(out) as h5:
        g = h5["uncertainty"]
        check(g["sample"].shape == (12,) and g["input"].shape == (3,), "12 samples of 3 inputs")
        inputs = [v.decode() for v in g["input"][:]]
        check(inputs == ["sites.s.pue", "sites.s.carbon_intensity", "workloads.j.mfu"], f"inputs {inputs}")
        values = g["input_value"][:]
        # Every stratum of every input holds one sample: the uniform's values, and the triangular's probabilities.
        strata = np.floor((values[:, 1] - 300.0) / 200.0 * 12).astype(int)
        check(sorted(strata) == list(range(12)), f"carbon intensity strata {sorted(strata)}")
        pue = values[:, 0]
        p = np.where(pue < 1.2, (pue - 1.1) ** 2 / (0.4 * 0.1), 1 - (1.5 - pue) ** 2 / (0.4 * 0.3))
        check(sorted(np.floor(p * 12).astype(int)) == list(range(12)), "PUE strata")
        check(values[:, 2].min() >= 20.0, "mfu cut at its min")
        for name in ("facility_energy", "emissions", "workload_emissions", "it_energy"):
            samples = g[name][:]
            p5, p50, p95 = g[name + "_p5"][:], g[name + "_p50"][:], g[name + "_p95"][:]
            check(np.all(p5 <= p50) and np.all(p50 <= p95), f"{name}: p5 <= p50 <= p95")
            check(np.all(samples.min(axis=0) <= p5) and np.all(p95 <= samples.max(axis=0)), f"{name}: within samples")
            check(np.allclose(g[name + "_mean"][:], samples.mean(axis=0), rtol=1e-12), f"{name}: mean")
        srrc = g["emissions_srrc"][:, 0]
        check(srrc[1] > 0.5, f"emissions rise with the grid's intensity: SRRC {srrc}")
        check(g["it_energy_srrc"][1, 0] == 0.0 or abs(g["it_energy_srrc"][1, 0]) < 0.2,
              "IT energy does not depend on the grid's intensity")
        check(g["facility_energy_srrc"][0, 0] > 0.3, "facility energy rises with the PUE")
        units = [v.decode() for v in g["input_unit"][:]]
        sample = 3
        sets = [f"{inputs[k]}={values[sample, k]:.10g}" + (f" {units[k]}" if units[k] else "") for k in range(3)]
        facility = g["facility_energy"][sample, 0]
        emissions = g["emissions"][sample, 0]
    # A sample is the plain run with its values: the same figures, bit for bit.
    plain = os.path.join(tmp, "plain.h5")
    args = ["run", scenario, "-o", plain, "--quiet"]
    for s in sets:
        args += ["--set", s]
    done = run(*args)
    check(done.returncode == 0, f"the plain run of sample {sample} failed: {done.stderr}")
    with h5py.File(plain) as h5:
        check(h5["summary/facility_energy"][0] == facility, "sample 3's facility energy is the plain run's")
        check(h5["summary/emissions"][0] == emissions, "sample 3's emissions are the plain run's")

    # The same seed draws the same samples.
    again = os.path.join(tmp, "again.h5")
    check(run("run", scenario, "--samples", "12", "-o", again, "--quiet").returncode == 0, "second run")
    with h5py.File(out) as a, h5py.File(again) as b:
        check(np.array_equal(a["uncertainty/input_value"][:], b["uncertainty/input_value"][:]), "same samples")

    # Rank-correlated inputs: PUE and grid intensity drawn together (a hot grid with a hot plant, say), each still
    # with one sample per stratum; a plain run takes central values and ignores the correlation.
    correlated = os.path.join(tmp, "correlated.yaml")
    with open(correlated, "w") as f:
        f.write(SCENARIO.replace("  name: bands", "").replace(
            "sample_interval: 1 h}",
            "sample_interval: 1 h,\n           correlations: [{inputs: [sites.s.pue, sites.s.carbon_intensity], "
            "rank: 0.8}]}"))
    together = os.path.join(tmp, "correlated.h5")
    done = run("run", correlated, "--samples", "40", "--jobs", "2", "-o", together)
    check(done.returncode == 0 and "sites.s.pue ~ sites.s.carbon_intensity: rank 0.8 asked" in done.stdout,
          f"the correlated run: {done.stdout}{done.stderr}")
    with h5py.File(together) as h5:
        g = h5["uncertainty"]
        values = g["input_value"][:]
        ranks = [np.argsort(np.argsort(values[:, k])) for k in range(3)]
        rho = np.corrcoef(ranks[0], ranks[1])[0, 1]
        check(abs(rho - 0.8) < 0.1, f"PUE and grid intensity drawn at rank correlation {rho:.3f}, asked 0.8")
        check(abs(np.corrcoef(ranks[0], ranks[2])[0, 1]) < 0.35, "the MFU stays independent")
        strata = np.floor((values[:, 1] - 300.0) / 200.0 * 40).astype(int)
        check(sorted(strata) == list(range(40)), "the correlated grid intensity keeps one sample per stratum")
        check("asked" in g.attrs["input_correlations"], "the correlation is recorded with what was drawn")
    check(run("run", correlated, "-o", os.path.join(tmp, "central.h5"), "-q").returncode == 0,
          "a plain run of a scenario with correlations")

    # Bands over time: the sites' facility power at every interval; its mean over the samples, summed over the
    # intervals, is the mean facility energy (interval sums equal totals).
    series = os.path.join(tmp, "series.h5")
    done = run("run", scenario, "--samples", "12", "--series-bands", "-o", series, "-q")
    check(done.returncode == 0, f"--series-bands: {done.stderr}")
    with h5py.File(series) as h5:
        s = h5["uncertainty_series"]
        p5, p50, p95 = s["facility_power_p5"][:], s["facility_power_p50"][:], s["facility_power_p95"][:]
        check(p5.shape == (24, 1) and list(s["time"][:3]) == [3600, 7200, 10800], "hourly rows of one site")
        check(np.all(p5 <= p50) and np.all(p50 <= p95) and np.any(p5 < p95), "p5 <= p50 <= p95 over time")
        energy = s["facility_power_mean"][:, 0].sum() * 3600.0
        mean_energy = h5["uncertainty/facility_energy_mean"][0]
        check(abs(energy - mean_energy) <= 1e-9 * mean_energy, f"sum of mean power {energy} = mean energy {mean_energy}")

    # Refused, exit 2, nothing written.
    def refused(args, expected, what):
        target = os.path.join(tmp, "refused.h5")
        done = run(*args, "-o", target)
        check(done.returncode == 2, f"{what}: exit {done.returncode}, expected 2 ({done.stderr})")
        check(expected in done.stderr, f"{what}: '{expected}' not in {done.stderr!r}")
        check(not os.path.exists(target) and not os.path.exists(target + ".partial"), f"{what}: output left")

    refused(["run", os.path.join(SCENARIOS, "quickstart.yaml"), "--samples", "4"], "gives no value as a distribution",
            "a scenario without distributions")
    refused(["run", scenario, "--jobs", "2"], "--jobs needs --samples", "--jobs alone")
    refused(["run", scenario, "--samples", "1"], "expected a whole number >= 2", "one sample")
    refused(["run", scenario, "--series-bands"], "--series-bands needs --samples", "--series-bands alone")
    refused(["run", scenario, "--samples", "400", "--series-bands", "--set", "scenario.duration=365 d", "--set",
             "scenario.sample_interval=1 min"],
            "above the limit of", "series bands too large to hold")
    refused(["run", os.path.join(SCENARIOS, "iea-2022-2026.yaml"), "--samples", "4", "--series-bands", "--set",
             "projection.segments.conventional.pue={uniform: [1.4, 1.6]}"], "has no time series",
            "series bands of a projection")
    # A PUE of 1.05 +- 0.2 runs at its mean, but some of its samples fall below 1: refused before any is simulated.
    refused(["run", scenario, "--samples", "12", "--set", "sites.s.pue={normal: [1.05, 0.2]}"], "in sample",
            "a sample the key refuses")

    # A projection's cells get their bands too; a sample is the plain projection with its values.
    iea = os.path.join(SCENARIOS, "iea-2022-2026.yaml")
    pue = "projection.segments.conventional.pue"
    projected = os.path.join(tmp, "projection-bands.h5")
    done = run("run", iea, "--set", pue + "={triangular: [1.4, 1.55, 1.7]}", "--samples", "4", "--jobs", "2",
               "-o", projected)
    check(done.returncode == 0, f"the projection's samples failed: {done.stderr}")
    check("electricity[2026, base]" in done.stdout, f"the projection's totals are not printed:\n{done.stdout}")
    with h5py.File(projected) as h5:
        g = h5["uncertainty"]
        cells = g["electricity"]
        check(cells.shape[0] == 4 and cells.shape[1:] == g["electricity_p50"].shape, "samples of every cell")
        check(list(g["year"][:]) == [2022, 2023, 2024, 2025, 2026], "years as integers")
        value = g["input_value"][2, 0]
        sample = cells[2]
    plain = os.path.join(tmp, "projection-plain.h5")
    done = run("run", iea, "--set", f"{pue}={value:.10g}", "-o", plain, "--quiet")
    check(done.returncode == 0, f"the plain projection failed: {done.stderr}")
    with h5py.File(plain) as h5:
        check(np.array_equal(h5["projection/electricity"][:], sample), "sample 2's cells are the plain projection's")
print("ok")
