"""The CLI summary of `terawatt run` and the report agree: one definition of a workload's status and one way of
writing numbers (sim/record/summary_printout.cpp, terawatt.aggregate.workload_status, terawatt.formatting), checked
by running the program and reading both."""

import html
import os
import re
import subprocess

import numpy as np
import pytest
import xarray as xr

import terawatt
from terawatt import aggregate, formatting, report

SCENARIOS = os.path.join(os.path.dirname(__file__), "..", "..", "scenarios")
# (scenario, overrides, the statuses it must show): done jobs; a job cut at a 10 h horizon and one that never got
# its servers; inference services.
CASES = {
    "done": ("quickstart.yaml", [], {"done"}),
    "running and queued": ("quickstart.yaml", ["scenario.duration=10 h"], {"running", "queued"}),
    "serving": ("text-image-video.yaml", [], {"serving"}),
}


@pytest.fixture(autouse=True)
def agg_backend():
    import matplotlib

    matplotlib.use("Agg")
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_numbers_read_as_the_cli_writes_them():
    # The cases of tests/sim/summary_printout_test.cpp.
    assert formatting.number(11534.2) == "11,500"
    assert formatting.number(512.0) == "512" and formatting.number(10000.0) == "10,000"
    assert formatting.number(12.0004, whole_in_full=False) == "12.0"
    assert formatting.number(3.068, whole_in_full=False) == "3.07"
    assert formatting.number(0.012345, whole_in_full=False) == "0.0123"
    assert formatting.number(9.996, whole_in_full=False) == "10.0"
    assert formatting.number(-1234567.0) == "-1,234,567"
    assert formatting.number(0.0, whole_in_full=False) == "0" and formatting.number(float("nan")) == "-"
    assert formatting.number(2.5e-7, whole_in_full=False) == "2.50e-07"
    assert formatting.quantity(17.81 * 3.6e9, "J") == "17.8 MWh"
    assert formatting.quantity(999.96 * 3.6e6, "J") == "1.00 MWh"  # rounding carries into the next unit
    assert formatting.quantity(1080.0, "kg") == "1.08 t"
    assert formatting.quantity(0.0, "J") == "0"
    assert formatting.quantity(0.5, "m3") == "500 L"


def test_a_workloads_status_comes_from_its_start_and_end_times():
    summary = xr.Dataset(
        {"start_time": ("workload", [0.0, 0.0, np.nan, 0.0]), "end_time": ("workload", [5.0, np.nan, np.nan, np.nan]),
         "progress": ("workload", [1.0, 0.99996, 0.0, 1.0])},
        coords={"workload": ["a", "b", "c", "chat"], "service": ["chat"]})
    assert aggregate.workload_status(summary).values.tolist() == ["done", "running 99.9 %", "queued", "serving"]


def cli_workloads(stdout):
    """{name: {column: cell}} of the `workloads` table that `terawatt run` prints."""
    lines = stdout.splitlines()
    start = lines.index("workloads")
    header = re.split(r"\s{2,}", lines[start + 1].strip())
    rows = {}
    for line in lines[start + 2:]:
        if not line.strip() or line.startswith("  "):
            break
        cells = dict(zip(header, re.split(r"\s{2,}", line.strip())))
        rows[cells["name"]] = cells
    return rows


def report_workloads(page):
    """{workload: {column: cell}} of the report's workloads table."""
    table = page.split("<h2>Workloads</h2>", 1)[1].split("</table>", 1)[0]
    header = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", table)]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table)[1:]:
        cells = dict(zip(header, (html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row))))
        rows[cells["workload"]] = cells
    return rows


@pytest.mark.parametrize("case", list(CASES))
def test_the_cli_summary_and_the_report_agree_on_every_workload(case, tmp_path):
    program = os.environ.get("TERAWATT_PROGRAM")
    if not program:
        pytest.skip("TERAWATT_PROGRAM is not set: no program to compare with")
    scenario, overrides, statuses = CASES[case]
    output = tmp_path / "run.h5"
    command = [program, "run", os.path.join(SCENARIOS, scenario), "-o", str(output)]
    for override in overrides:
        command += ["--set", override]
    stdout = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    report.write_report(terawatt.open_run(output), tmp_path / "report")
    cli = cli_workloads(stdout)
    page = report_workloads((tmp_path / "report" / "index.html").read_text())
    assert set(cli) == set(page) and cli
    for name, row in cli.items():
        assert page[name]["status"] == row["status"], name
        assert page[name]["facility energy"] == row["facility"], name
        assert page[name]["emissions CO2e"] == row["emissions"], name
        assert page[name]["GPU-hours"] == row["GPU-hours"] + " h", name
    assert {status.split()[0] for status in (row["status"] for row in cli.values())} == statuses
