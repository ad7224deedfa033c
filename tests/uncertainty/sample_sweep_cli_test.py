"""`terawatt run --samples N --as-sweep DIR` and `--from-sweep DIR` end to end: the samples written as a sweep, run by
`terawatt sweep` (a local pool here; the same file runs as a Slurm array), give bands identical to the bit to those of
the same samples simulated by `--samples N` itself; a sweep of other samples is refused with exit 2, a sweep with a
point not done with exit 1 naming it; a projection, or --jobs beside --as-sweep, is refused with exit 2.

usage: sample_sweep_cli_test.py TERAWATT_BINARY SCENARIOS_DIR
"""
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

BINARY, SCENARIOS = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])

# A choice input repeats across samples: each point stays distinct through its label.
SCENARIO = """\
scenario: {name: bands, start: 2024-06-01T00:00:00Z, duration: 6 h, sample_interval: 1 h}
sites:
  - name: s
    pue: {triangular: [1.1, 1.2, 1.5]}
    carbon_intensity: {choice: [300 g/kWh, 500 g/kWh]}
clusters: [{name: c, site: s, accelerator: h100-sxm, servers: 8}]
workloads:
  - {name: j, type: training, flops: 1e20 FLOP, mfu: {uniform: [30 %, 50 %]}}
"""


def run(*args, cwd=None):
    return subprocess.run([BINARY, *args], capture_output=True, text=True, cwd=cwd)


def check(condition, message, result=None):
    if not condition:
        print("FAILED:", message)
        if result is not None:
            print("stdout:", result.stdout, "\nstderr:", result.stderr)
        sys.exit(1)


with tempfile.TemporaryDirectory() as tmp:
    scenario = os.path.join(tmp, "bands.yaml")
    with open(scenario, "w") as f:
        f.write(SCENARIO)
    local = os.path.join(tmp, "local.h5")
    done = run("run", scenario, "--samples", "6", "--jobs", "2", "-o", local, "--set", "clusters.c.servers=4")
    check(done.returncode == 0, "the local samples run", done)

    sweep_dir = os.path.join(tmp, "samples")
    written = run("run", scenario, "--samples", "6", "--as-sweep", sweep_dir, "--set", "clusters.c.servers=4", cwd=tmp)
    check(written.returncode == 0, "--as-sweep writes the sweep", written)
    check(os.path.isfile(os.path.join(sweep_dir, "samples.yaml")), "DIR/samples.yaml is written")
    check(sorted(os.listdir(tmp)) == ["bands.yaml", "local.h5", "samples"], "--as-sweep writes nothing else")
    check("--slurm --submit" in written.stdout and "--from-sweep" in written.stdout, "it says what to run", written)

    # Before the sweep has run: no plan yet.
    early = run("run", scenario, "--samples", "6", "--from-sweep", sweep_dir, "--set", "clusters.c.servers=4")
    check(early.returncode == 1 and "plan.yaml" in early.stderr, "no plan yet: exit 1 naming plan.yaml", early)

    swept = run("sweep", os.path.join(sweep_dir, "samples.yaml"), "-o", sweep_dir, "--jobs", "2")
    check(swept.returncode == 0, "terawatt sweep runs the samples", swept)
    banded = os.path.join(tmp, "from-sweep.h5")
    read = run("run", scenario, "--samples", "6", "--from-sweep", sweep_dir, "-o", banded, "--set",
               "clusters.c.servers=4")
    check(read.returncode == 0, "--from-sweep reads the points", read)
    with h5py.File(local) as a, h5py.File(banded) as b:
        ga, gb = a["uncertainty"], b["uncertainty"]
        check(np.array_equal(ga["input_value"][:], gb["input_value"][:]), "the same samples")
        for name in ("facility_energy", "facility_energy_p5", "facility_energy_p95", "emissions_srrc"):
            check(np.array_equal(ga[name][:], gb[name][:], equal_nan=True), f"{name} identical to the local run")

    other = run("run", scenario, "--samples", "7", "--from-sweep", sweep_dir, "-o", os.path.join(tmp, "x.h5"),
                "--set", "clusters.c.servers=4")
    check(other.returncode == 2 and "has 6 points, not 7" in other.stderr, "7 samples against a sweep of 6", other)
    unset = run("run", scenario, "--samples", "6", "--from-sweep", sweep_dir, "-o", os.path.join(tmp, "x.h5"))
    check(unset.returncode == 2 and "other --set overrides" in unset.stderr, "other overrides are refused", unset)
    check(not os.path.exists(os.path.join(tmp, "x.h5")), "a refused run writes no output")

    points = sorted(p for p in os.listdir(os.path.join(sweep_dir, "points")) if p.endswith(".h5"))
    os.remove(os.path.join(sweep_dir, "points", points[2]))
    missing = run("run", scenario, "--samples", "6", "--from-sweep", sweep_dir, "-o", os.path.join(tmp, "x.h5"),
                  "--set", "clusters.c.servers=4")
    check(missing.returncode == 1 and "1 of 6 samples are not done" in missing.stderr and
          points[2][:-3] + " (pending)" in missing.stderr, "a point not done is named", missing)

    projection = os.path.join(SCENARIOS, "iea-2022-2026.yaml")
    refused = run("run", projection, "--samples", "4", "--as-sweep", os.path.join(tmp, "p"),
                  "--set", "projection.segments.conventional.pue={uniform: [1.4, 1.6]}")
    check(refused.returncode == 2 and "is a projection" in refused.stderr, "a projection is refused", refused)
    both = run("run", scenario, "--samples", "4", "--jobs", "2", "--as-sweep", os.path.join(tmp, "q"))
    check(both.returncode == 2 and "exclude each other" in both.stderr, "--jobs with --as-sweep is refused", both)
    alone = run("run", scenario, "--from-sweep", sweep_dir)
    check(alone.returncode == 2 and "--from-sweep needs --samples" in alone.stderr, "--from-sweep alone", alone)

print("samples as a sweep: all checks passed")
