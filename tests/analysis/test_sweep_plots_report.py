"""Sweep tables, plots (drawn, not looked at: that is done by hand) and the report command."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import terawatt
from terawatt import labels, report
from terawatt.run_file import NotATerawattRun

NOTEBOOKS = os.path.join(os.path.dirname(__file__), "..", "..", "analysis", "notebooks")


@pytest.fixture(autouse=True)
def agg_backend():
    import matplotlib

    matplotlib.use("Agg")
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_sweep_table_unstacks_into_its_parameters(sweep_path):
    sweep = terawatt.open_sweep(sweep_path)
    assert sweep.parameters == ["clusters.h100-pod.power_cap", "sites.iowa.pue", "workloads.llm-13b.mfu"]
    assert set(sweep.metrics) == {"facility_energy", "emissions", "workload_emissions.llm-13b", "end_time.max"}
    grid = sweep.grid()
    assert dict(grid.sizes) == {"clusters.h100-pod.power_cap": 3, "sites.iowa.pue": 2, "workloads.llm-13b.mfu": 2}
    assert grid["clusters.h100-pod.power_cap"].attrs["units"] == "W"
    assert grid["facility_energy"].attrs["units"] == "J"
    table = sweep.table
    for i in range(table.sizes["point"]):
        row = table.isel(point=i)
        cell = grid.sel({p: row[p].item() for p in sweep.parameters})
        assert cell["facility_energy"].item() == row["facility_energy"].item()
        assert cell["point_name"].item() == row["point"].item()
    assert (sweep.done()["status"] == "done").all()


def test_sweep_metric_rises_with_the_power_cap(sweep_path):
    grid = terawatt.open_sweep(sweep_path).grid()
    energy = grid["facility_energy"].transpose("clusters.h100-pod.power_cap", ...).values
    assert (np.diff(energy, axis=0) > 0).all()


def test_a_run_is_not_a_sweep_table(synthetic_path):
    with pytest.raises(NotATerawattRun, match="not a terawatt sweep table"):
        terawatt.open_sweep(synthetic_path)


def test_response_curves_draw_one_line_per_hue_and_a_panel_per_col(sweep_path):
    sweep = terawatt.open_sweep(sweep_path)
    fig = sweep.plot_response("facility_energy", "clusters.h100-pod.power_cap", hue="sites.iowa.pue",
                              col="workloads.llm-13b.mfu")
    assert len(fig.axes) == 2
    assert all(len(ax.lines) == 2 for ax in fig.axes)
    assert "[MWh]" in fig.axes[0].get_ylabel()
    loose = sweep.plot_response("emissions", "clusters.h100-pod.power_cap", hue="sites.iowa.pue",
                                reference=labels.EMPTY)
    assert "workloads.llm-13b.mfu also varies" in loose._suptitle.get_text().replace("\n", " ")
    with pytest.raises(ValueError, match="no variable 'nope'"):
        sweep.plot_response("nope", "clusters.h100-pod.power_cap")


def test_run_plots_draw(synthetic_run):
    power = synthetic_run.plot_power()
    assert len(power.axes[0].collections) == 3 + 2  # clusters, then each site's overhead
    assert power.axes[0].get_ylabel() == "power [kW]"
    pue = synthetic_run.plot_pue_temperature()
    assert len([ax for ax in pue.axes if ax.get_ylabel() == "PUE [1]"]) == 2
    assert any(t.get_text() == "no weather (constant PUE)" for t in pue.axes[0].texts)
    emissions = synthetic_run.plot_cumulative_emissions(by="workload")
    labels = [line.get_label() for line in emissions.axes[0].lines]
    assert labels == ["w1", "w2", "no workload (idle servers)", "total"]


def test_plots_of_a_year_use_daily_means(hot_and_cold_run):
    run = hot_and_cold_run
    assert "(daily means)" in run.plot_power().axes[0].get_title()
    assert "(daily means)" in run.plot_pue_temperature()._suptitle.get_text()


def test_report_writes_pngs_and_html(quickstart_run, tmp_path):
    written = report.write_report(quickstart_run, tmp_path / "report")
    names = sorted(os.path.basename(p) for p in written)
    # The quick start's PUE is constant and it has no weather: no PUE figure.
    assert names == ["cumulative_emissions.png", "cumulative_emissions_by_workload.png", "index.html", "power.png"]
    for path in written:
        assert os.path.getsize(path) > 1000
    page = (tmp_path / "report" / "index.html").read_text()
    assert "<h1>terawatt run: quickstart</h1>" in page and "llm-13b" in page
    assert page.count("<img src='data:image/png;base64,") == 3
    assert "PUE and outdoor temperature: every site&#x27;s PUE is constant (iowa 1.11)" in page
    assert "19.6 MWh" in page  # facility energy, as the CLI summary prints it


def test_report_command_line(synthetic_path, tmp_path, capsys):
    assert report.main([str(synthetic_path), "-o", str(tmp_path / "r")]) == 0
    assert str(tmp_path / "r" / "index.html") in capsys.readouterr().out
    bad = tmp_path / "bad.h5"
    bad.write_text("x")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    refused = subprocess.run([sys.executable, "-m", "terawatt.report", str(bad)], capture_output=True, text=True,
                             env=env)
    assert refused.returncode == 1 and "not an HDF5 file" in refused.stderr


@pytest.mark.parametrize("name", ["quickstart.ipynb", "sweep_analysis.ipynb", "text_vs_video.ipynb",
                                  "projection.ipynb"])
def test_notebooks_are_stored_without_outputs(name):
    with open(os.path.join(NOTEBOOKS, name), encoding="utf-8") as f:
        notebook = json.load(f)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
