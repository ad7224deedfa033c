#!/usr/bin/python3
"""`terawatt run` of projection scenarios end to end.

- scenarios/iea-2022-2026.yaml: exit 0, the year x segment table on stdout, /projection and /coupling open in xarray
  with units, the IEA's published totals within their tolerances (docs/references.md RC-41), no .partial left; its
  recorded week 1 scenario, run as a file, measures the same power per server; projected past the years its growth
  inputs were sourced for (`sourced_until`), each segment warns on stderr and in the output's `warnings`;
- scenarios/devries-2027.yaml: 85.4 and 134.0 TWh within 1 % in its own mode (docs/references.md RC-40);
- a constant fleet through the binary gives E = N x P x 8,760 h x PUE to rounding, with P at each year's utilisation
  when it changes over the years; an accelerated segment's utilisation trajectory is one representative cluster per
  distinct value, and the same fleet draws more as it rises;
- --set changes an input and is recorded; a malformed input or override exits 2 with a located message and leaves
  no output.

Usage: projection_cli_test.py TERAWATT_BINARY SCENARIOS_DIR
"""

import os
import sys
import tempfile

import xarray as xr

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from cli_check import check, run_terawatt  # noqa: E402

TERAWATT = os.path.abspath(sys.argv[1])
SCENARIOS = os.path.abspath(sys.argv[2])


def run(args, cwd, expect):
    return run_terawatt(TERAWATT, "run", args, expect, cwd=cwd)


def within(value, published, tolerance):
    return abs(value - published) <= tolerance * abs(published)


def total(projection, year, case, segment=None):
    e = projection.electricity.sel(year=year, case=case)
    if segment:
        e = e.sel(segment=segment)
    return float(e.sum())


CONSTANT_FLEET = """scenario: {name: constant}
projection:
  first_year: 2024
  last_year: 2028
  cases: [{name: base}]
  regions: [{name: world, climate: iowa, carbon_intensity: 400 g/kWh}]
  segments:
    - {name: cpu, kind: conventional, facility: enterprise, utilisation: 100 %, pue: 1.3, installed: 2.4e6,
       history_growth: 0, lifetime: 5 yr, generations: [{name: g, idle_power: 640 W, max_power: 640 W}]}
"""

with tempfile.TemporaryDirectory() as scratch:
    iea = run([os.path.join(SCENARIOS, "iea-2022-2026.yaml"), "-o", "iea.h5"], scratch, expect=0)
    check("electricity (TWh), case base" in iea.stdout and "ai-training" in iea.stdout, "the table is printed", iea)
    check(os.path.exists(os.path.join(scratch, "iea.h5")) and not os.path.exists(os.path.join(scratch, "iea.h5.partial")),
          "the output is committed")
    p = xr.open_dataset(os.path.join(scratch, "iea.h5"), group="projection", engine="h5netcdf")
    check(set(p.electricity.dims) == {"year", "segment", "region", "case"}, "dimensions of /projection")
    check(p.electricity.attrs["units"] == "TW h" and p.emissions.attrs["units"] == "Mt", "units")
    check(list(p.case.values) == ["low", "base", "high"], "the cases")
    check(within(total(p, 2022, "base"), 460, 0.05), f"2022 within 5 % of 460 TWh: {total(p, 2022, 'base')}")
    check(within(total(p, 2022, "base", "crypto"), 110, 0.01), "crypto 2022 about 110 TWh")
    for case, published in (("low", 620), ("base", 800), ("high", 1050)):
        check(within(total(p, 2026, case), published, 0.10), f"2026 {case} within 10 % of {published} TWh")
    check(float(p.installed_accelerators.sel(year=2026, case="base").sum()) > 0, "accelerators are counted")
    # The fleet's mean efficiency, installed peak FLOP/s per W of the accelerated segments' IT power, rises as H100
    # and B200 vintages replace A100s (the scenario's shipment mix), and is printed with the table.
    accelerated = p.installed_peak_flops.sum("region") > 0
    it_w = (p.it_electricity.where(accelerated).sum(["segment", "region"]) * 1e12 / 8760)
    efficiency = p.installed_peak_flops.sum(["segment", "region"]) / it_w
    check(p.installed_peak_flops.attrs["units"] == "s^-1", "installed peak FLOP/s in CF units")
    check(float(efficiency.sel(year=2026, case="base")) > 1.5 * float(efficiency.sel(year=2022, case="base")),
          f"the fleet's efficiency rises: {efficiency.sel(case='base').values}")
    check("GFLOP/s/W" in iea.stdout, "the table prints the fleet's efficiency", iea)
    gens = xr.open_dataset(os.path.join(scratch, "iea.h5"), group="generations", engine="h5netcdf")
    h100 = gens.sel(generation="ai-training.h100")
    check(str(h100.accelerator.values) == "h100-sxm" and abs(float(h100.peak_flops_per_watt) - 8 * 989e12 / 10200) < 1e3
          and float(h100.host_loaded_power) > float(h100.host_idle_power) > 0, "/generations: the H100 server")
    check(bool(gens.peak_flops_per_watt.sel(generation="conventional.volume-2s").isnull()) and
          "generations (per server, at the nameplate)" in iea.stdout, "servers without accelerators have none", iea)
    check("warning" not in iea.stderr and "warnings" not in xr.open_dataset(os.path.join(scratch, "iea.h5")).attrs,
          "no warning within the years the growth inputs were sourced for", iea)
    # Past them (sourced_until: 2026), every segment warns, with its growth beyond, on stderr even when quiet and in
    # the output.
    later = run([os.path.join(SCENARIOS, "iea-2022-2026.yaml"), "-o", "iea2030.h5", "--quiet", "--set",
                 "projection.last_year=2030"], scratch, expect=0)
    warnings = [line for line in later.stderr.splitlines() if line.startswith("terawatt: warning: ")]
    check(len(warnings) == 5 and all("sourced to 2026 but is projected to 2030" in w for w in warnings),
          "one warning per segment projected past its sources", later)
    check("'ai-training'" in warnings[0] and "(base)" in warnings[0], "the warning names the segment and cases", later)
    recorded = xr.open_dataset(os.path.join(scratch, "iea2030.h5")).attrs.get("warnings", "")
    check(len(recorded.splitlines()) == 5, "the warnings are recorded in the output's warnings attribute")
    c = xr.open_dataset(os.path.join(scratch, "iea.h5"), group="coupling", engine="h5netcdf")
    simulated = c.simulated.values == 1
    check(simulated.any() and (c.mean_facility_power.values >= c.mean_it_power.values).all(),
          "the coupling records simulated representatives with facility >= IT power")
    check(c.it_power.dims == ("representative", "week") and c.sizes["week"] == 4, "one value per representative week")
    check("week_1_scenario" in c.attrs and "type: training" in c.attrs["week_1_scenario"],
          "the week scenarios are recorded")
    # The recorded week is the resolved scenario of the typed run: loaded and run as a file, it measures the same
    # power to the last bit, so the typed week got every default a loaded scenario gets.
    with open(os.path.join(scratch, "week1.yaml"), "w") as f:
        f.write(c.attrs["week_1_scenario"])
    run(["week1.yaml", "-o", "week1.h5", "--quiet"], scratch, expect=0)
    w = xr.open_dataset(os.path.join(scratch, "week1.h5"), group="summary", engine="h5netcdf")
    servers = 64  # representative.servers of the IEA scenario
    for i in [i for i, s in enumerate(simulated) if s]:
        label = str(c.representative.values[i])
        rerun = float(w.mean_it_power.sel(cluster=f"r{i}")) / servers
        check(rerun == float(c.it_power.isel(representative=i, week=0)),
              f"week 1 of {label} run again from its recorded scenario gives the same IT power")

    dv = run([os.path.join(SCENARIOS, "devries-2027.yaml"), "-o", "dv.h5", "--quiet"], scratch, expect=0)
    check(dv.stdout == "", "--quiet prints nothing", dv)
    d = xr.open_dataset(os.path.join(scratch, "dv.h5"), group="projection", engine="h5netcdf")
    check(within(total(d, 2027, "low"), 85.41, 0.01) and within(total(d, 2027, "high"), 134.03, 0.01),
          "de Vries 85.4 and 134.0 TWh within 1 %")
    check(total(d, 2027, "low-simulated") < total(d, 2027, "low"), "simulated utilisation is below full capacity")

    with open(os.path.join(scratch, "constant.yaml"), "w") as f:
        f.write(CONSTANT_FLEET)
    run(["constant.yaml", "--quiet"], scratch, expect=0)
    k = xr.open_dataset(os.path.join(scratch, "constant.h5"), group="projection", engine="h5netcdf")
    expected = 2.4e6 * 640 * 8760 * 1.3 / 1e12
    for year in range(2024, 2029):
        check(abs(total(k, year, "base") - expected) <= 1e-12 * expected, f"E = N P 8760 h PUE in {year}")

    # Utilisation by year: the linear server model at each year's utilisation, P = 320 + 320 u(y).
    rising = run(["constant.yaml", "-o", "rising.h5", "--quiet", "--set",
                  "projection.segments.cpu.utilisation={2024: 50 %, 2028: 100 %}", "--set",
                  "projection.segments.cpu.generations.g.idle_power=320 W"], scratch, expect=0)
    u = xr.open_dataset(os.path.join(scratch, "rising.h5"), group="projection", engine="h5netcdf")
    for year in range(2024, 2029):
        watts = 320 + 320 * (0.5 + 0.125 * (year - 2024))
        expected_year = 2.4e6 * watts * 8760 * 1.3 / 1e12
        check(abs(total(u, year, "base") - expected_year) <= 1e-12 * expected_year,
              f"utilisation by year: E = N P(u(y)) 8760 h PUE in {year}", rising)
    # An accelerated segment's utilisation by year: one representative cluster per distinct value.
    by_year = run([os.path.join(SCENARIOS, "iea-2022-2026.yaml"), "-o", "by-year.h5", "--quiet", "--set",
                   "projection.segments.ai-inference.utilisation={2022: 40 %, 2026: 60 %}"], scratch, expect=0)
    labels = [str(v) for v in xr.open_dataset(os.path.join(scratch, "by-year.h5"), group="coupling",
                                              engine="h5netcdf").representative.values]
    inference_us_h100 = sorted(x for x in labels if x.startswith("ai-inference.h100.us."))
    check(inference_us_h100 == [f"ai-inference.h100.us.u{u}" for u in (40, 45, 50, 55, 60)],
          f"a representative per utilisation of the trajectory: {inference_us_h100}", by_year)
    b = xr.open_dataset(os.path.join(scratch, "by-year.h5"), group="projection", engine="h5netcdf")
    # 2022 is at 40 % in both (its weeks run beside other clusters, hence not to the bit); 2026 at 60 % against 40 %.
    check(within(total(b, 2022, "base", "ai-inference"), total(p, 2022, "base", "ai-inference"), 1e-3) and
          total(b, 2026, "base", "ai-inference") > 1.1 * total(p, 2026, "base", "ai-inference"),
          "the same fleet draws more as its utilisation rises from 40 % to 60 %", by_year)

    setting = run(["constant.yaml", "-o", "set.h5", "--quiet", "--set", "projection.segments.cpu.pue=2"], scratch,
                  expect=0)
    s = xr.open_dataset(os.path.join(scratch, "set.h5"), group="projection", engine="h5netcdf")
    check(abs(total(s, 2026, "base") - expected * 2 / 1.3) <= 1e-9 * expected, "--set changes the PUE", setting)
    root = xr.open_dataset(os.path.join(scratch, "set.h5"), engine="h5netcdf")
    check(root.attrs["scenario_overrides"] == "projection.segments.cpu.pue=2", "the override is recorded")

    with open(os.path.join(scratch, "bad.yaml"), "w") as f:
        f.write(CONSTANT_FLEET.replace("pue: 1.3", "pue: 0.8"))
    bad = run(["bad.yaml", "-o", "bad.h5"], scratch, expect=2)
    check(bad.stderr.startswith("bad.yaml:8:86: projection.segments.cpu.pue: '0.8' is below 1"), "located error", bad)
    check(not any(n.startswith("bad.h5") for n in os.listdir(scratch)), "no output after a scenario error")
    override = run(["constant.yaml", "-o", "bad.h5", "--set", "projection.segments.cpu.growth=-150%"], scratch,
                   expect=2)
    check(override.stderr.startswith("--set projection.segments.cpu.growth=-150%: projection.segments.cpu.growth: "),
          "an override error names the override", override)

print("ok")
