"""Figures a paper can print: every sweep point accounted for, words instead of key paths, dots on log axes and log
axes only over wide ranges, time zones on time axes, the IEA's figures named apart from the projection's, and a
report that leaves out empty figures, embeds its images and says how the run was made."""

import base64
import os

import h5py
import numpy as np
import pytest
import xarray as xr

import terawatt
from terawatt import fan_chart, labels, plots, report, response_plots, service_plots, sweep, units

POWER_CAPS = [400.0, 550.0, 700.0]
PUES = [1.1, 1.5]
KEYS_MARKDOWN = """\
#### `sites[]`

| key | type and units | default | meaning |
|---|---|---|---|
| `pue` | number | (none) | Constant power usage effectiveness, facility / IT power (reported: 1.09 to 2.5). |
| `wue` | water intensity | (none) | With a constant PUE: on-site water per IT energy. |

#### `clusters[]`

| key | type and units | default | meaning |
|---|---|---|---|
| `power_cap` | power (W, kW) | (none) | Board power limit per accelerator (nvidia-smi -pl). Absent: the TDP. |

#### `workloads[]`

| key | type and units | default | meaning |
|---|---|---|---|
| `mfu` | fraction | (none) | Model FLOP utilisation: achieved / peak dense FLOP/s. |

#### `workloads[].request`

| key | type and units | default | meaning |
|---|---|---|---|
| `prompt_tokens` | number | (none) | Text: input tokens (prefill). |
| `output_tokens` | number | (none) | Text: generated tokens (decode). |
"""
OUTPUTS_MARKDOWN = """\
**`/summary`**

| variable | dim | units | meaning |
|---|---|---|---|
| `workload_emissions` | workload | kg | workload emissions: operational CO2e of the workload, location-based |
| `end_time` | workload | s | end time after the scenario start (NaN: unfinished at the horizon) |
"""


@pytest.fixture(autouse=True)
def agg_backend():
    import matplotlib

    matplotlib.use("Agg")
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def sweep_table(status=None, progress=None, served=None):
    """A collected sweep of 2 PUEs x 3 power caps: facility energy [J] = 1e10 x PUE x cap / 100 W, with `status`,
    a `progress.min` metric and a `requests_served` metric where given."""
    pue, cap = (a.ravel() for a in np.meshgrid(PUES, POWER_CAPS, indexing="ij"))
    n = pue.size
    status = np.array(status if status is not None else ["done"] * n, dtype=object)
    energy = np.where(status == "done", 1e10 * pue * cap / 100.0, np.nan)
    data = {
        "sites.iowa.pue": ("point", pue, {"units": "1", "long_name": "swept parameter sites.iowa.pue"}),
        "clusters.h100-pod.power_cap": ("point", cap, {"units": "W",
                                                        "long_name": "swept parameter clusters.h100-pod.power_cap"}),
        "facility_energy": ("point", energy, {"units": "J", "long_name": "facility energy"}),
        "status": ("point", status, {"long_name": "done, failed or missing"}),
    }
    if progress is not None:
        data["progress.min"] = ("point", np.asarray(progress, float), {"units": "1"})
    if served is not None:
        data["requests_served"] = ("point", np.asarray(served, float), {"units": "1"})
    return xr.Dataset(data, coords={"point": [f"p{i}" for i in range(n)]}, attrs={"sweep_name": "synthetic"})


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


# Sweeps: every point drawn, as what it is.

def test_unfinished_points_come_from_progress_else_from_end_time():
    table = sweep_table(status=["done", "done", "failed", "done", "done", "done"],
                        progress=[1.0, 0.5, np.nan, 1.0, 1.0, 0.99])
    assert sweep.unfinished(table).values.tolist() == [False, True, False, False, False, True]
    by_end = sweep_table().assign({"end_time.max": ("point", [1.0, np.nan, 2.0, 3.0, np.nan, 4.0])})
    assert sweep.unfinished(by_end).values.tolist() == [False, True, False, False, True, False]
    assert sweep.unfinished(sweep_table()) is None  # no completion metric: cannot tell


def test_failed_points_are_crosses_on_the_axis_and_unfinished_points_open_markers():
    table = sweep_table(status=["done", "failed", "done", "done", "done", "missing"],
                        progress=[1.0, np.nan, 1.0, 1.0, 0.6, np.nan])
    fig = response_plots.response_curves(table, "facility_energy", "clusters.h100-pod.power_cap",
                                         hue="sites.iowa.pue", reference=labels.EMPTY)
    ax = fig.axes[0]
    crosses = [line for line in ax.lines if line.get_marker() == "x"]
    assert len(crosses) == 1 and sorted(crosses[0].get_xdata()) == [550.0, 700.0]  # one failed, one missing
    assert crosses[0].get_ydata().tolist() == [response_plots.AXIS_MARK_Y] * 2  # on the x axis, in axes fraction
    open_markers = [line for line in ax.lines if line.get_markerfacecolor() == response_plots.UNFINISHED_FACE]
    assert len(open_markers) == 1 and open_markers[0].get_xdata().tolist() == [550.0]
    # The PUE 1.5 line joins its points with a value (700 W is missing); only the finished one is filled.
    line = next(line for line in ax.lines if line.get_label() == "1.50")
    assert line.get_xdata().tolist() == [400.0, 550.0] and line.get_markevery() == [0]
    assert legend_texts(ax) == ["1.10", "1.50", "unfinished at the horizon (open marker)",
                                "failed or missing (no value)"]


def test_a_table_that_cannot_tell_completion_says_so():
    fig = response_plots.response_curves(sweep_table(), "facility_energy", "clusters.h100-pod.power_cap",
                                         reference=labels.EMPTY)
    assert "completion not in the table" in fig._suptitle.get_text().replace("\n", " ")
    assert fig.axes[0].get_legend() is None  # no hue and nothing to mark


def test_a_per_job_metric_divides_by_the_work_done():
    served = np.arange(1.0, 7.0) * 1e6
    table = sweep_table(served=served)
    fig = response_plots.response_curves(table, "facility_energy", "clusters.h100-pod.power_cap",
                                         hue="sites.iowa.pue", per="requests_served", per_label="request",
                                         reference=labels.EMPTY)
    ax = fig.axes[0]
    assert ax.get_ylabel().replace("\n", " ") == "facility energy per request [Wh]"
    line = next(line for line in ax.lines if line.get_label() == "1.10")
    expected = table["facility_energy"].values[:3] / served[:3] * units.factor("J", "Wh")
    np.testing.assert_allclose(line.get_ydata(), expected, rtol=1e-12)
    served[4] = 0.0  # a point that served nothing has no energy per request: a grey cross, not a dropped point
    fig = response_plots.response_curves(sweep_table(served=served), "facility_energy",
                                         "clusters.h100-pod.power_cap", per="requests_served", reference=labels.EMPTY)
    cross = next(line for line in fig.axes[0].lines if line.get_marker() == "x")
    assert cross.get_xdata().tolist() == [550.0] and cross.get_color() == response_plots.NO_VALUE_STYLE["color"]
    assert "done, no value (NaN)" in legend_texts(fig.axes[0])


# Labels from the program's own reference.

def test_labels_come_from_the_reference_tables():
    ref = labels.parse_reference(KEYS_MARKDOWN, OUTPUTS_MARKDOWN)
    assert labels.parameter_label("sites.iowa.pue", ref) == "constant power usage effectiveness, iowa"
    assert labels.parameter_label("clusters.h100-pod.power_cap", ref) == "board power limit per accelerator, h100-pod"
    assert labels.parameter_label("workloads.chat.request.prompt_tokens", ref) == "input tokens, chat"  # 'Text:' twice
    assert labels.parameter_label("sites.iowa.nope", ref) == "sites.iowa.nope"
    assert labels.metric_label("workload_emissions.llm-13b", ref) == "workload emissions (llm-13b)"
    assert labels.metric_label("end_time.max", ref) == "end time after the scenario start (max over workloads)"
    assert labels.metric_label("facility_energy", ref, fallback="facility energy") == "facility energy"


def test_without_a_program_labels_are_the_key_paths():
    ref = labels.reference(program="/nonexistent/terawatt")
    assert ref == labels.EMPTY
    assert labels.parameter_label("sites.iowa.pue", ref) == "sites.iowa.pue"


def test_response_curves_of_a_real_sweep_read_as_words(sweep_path):
    program = os.environ.get("TERAWATT_PROGRAM")
    if not program:
        pytest.skip("TERAWATT_PROGRAM is not set: no reference to take labels from")
    ref = labels.reference(program)
    fig = terawatt.open_sweep(sweep_path).plot_response("workload_emissions.llm-13b", "clusters.h100-pod.power_cap",
                                                        hue="sites.iowa.pue", col="workloads.llm-13b.mfu",
                                                        reference=ref)
    ax = fig.axes[0]
    assert ax.get_xlabel().replace("\n", " ") == "board power limit per accelerator, h100-pod [W]"
    assert ax.get_ylabel().replace("\n", " ").startswith("workload emissions (llm-13b) [")
    assert ax.get_title() == "model FLOP utilisation, llm-13b = 0.380"
    assert ax.get_legend() is None and fig.axes[1].get_legend().get_title().get_text() == (
        "constant power usage effectiveness, iowa")
    assert "." not in fig._suptitle.get_text().split(": ", 1)[1]  # no key path left in the title


# Scales and axes.

def test_a_log_scale_needs_values_spanning_more_than_the_stated_ratio():
    assert not plots.log_scale_fits([1.0, plots.LOG_SCALE_MIN_RATIO])
    assert plots.log_scale_fits([1.0, 2.0 * plots.LOG_SCALE_MIN_RATIO, np.nan, 0.0])


def test_energy_per_request_over_a_narrow_range_is_a_linear_dot_plot(services_run):
    summary = services_run.summary.copy(deep=True)
    summary["energy_per_request"].values[:] = 3600.0 * np.array([1.0, 2.0, 3.0])  # 1, 2 and 3 Wh, in J
    summary["it_energy_per_request"].values[:] = 0.8 * summary["energy_per_request"].values
    fig = service_plots.energy_per_request(summary)
    ax = fig.axes[0]
    assert ax.get_xscale() == "linear" and ax.get_xlim()[0] == 0.0
    assert ax.get_xlabel() == "energy per completed request [Wh]"
    assert not ax.patches
    assert {t.get_text() for t in ax.texts} == {"1.00 Wh  (reference)", "2.00 Wh  (2.00× chat)",
                                                "3.00 Wh  (3.00× chat)"}


def test_time_axes_name_their_zone(synthetic_run, services_run):
    assert synthetic_run.plot_power().axes[0].get_xlabel() == "time (UTC)"
    assert synthetic_run.plot_cumulative_emissions().axes[0].get_xlabel() == "time (UTC)"
    pue = synthetic_run.plot_pue_temperature()
    assert [ax.get_xlabel() for ax in pue.axes if ax.get_xlabel()] == ["time (UTC)"]  # the bottom panel's
    assert services_run.plot_service_load().axes[2].get_xlabel() == "time (UTC)"
    with pytest.raises(ValueError, match="not decoded CF time"):
        plots.time_label(xr.Dataset(coords={"time": ("time", [0.0, 60.0], {"units": "s"})}))


def test_the_fan_chart_names_the_ieas_figures_apart_from_the_projection(projection_path):
    fig = terawatt.open_run(projection_path).plot_projection()
    ax = fig.axes[0]
    texts = {t.get_text(): t for t in ax.texts}
    iea = texts["IEA 460"]  # the synthetic projection's years hold one published figure: 2022, all cases
    assert iea.get_fontstyle() == "italic" and iea.xy[0] < 2022 and iea.get_horizontalalignment() == "right"
    assert ax.get_xlim()[0] <= 2022 - fan_chart.LEFT_ROOM
    ends = [t for name, t in texts.items() if not name.startswith("IEA")]
    assert ends and all(t.xy[0] > 2024 and t.get_fontstyle() == "normal" for t in ends)  # right of the last year
    names = legend_texts(ax)
    assert "IEA Electricity 2024, published (bar: low to high case)" in names
    assert "terawatt projection total, base case" in names


# The report.

def edited(path, **datasets):
    """The synthetic file at `path` with /timeseries variables replaced: name=array."""
    with h5py.File(path, "a") as f:
        for name, values in datasets.items():
            f["timeseries"][name][...] = values
    return path


def test_the_report_leaves_out_a_constant_pue_and_says_why(make_synthetic, tmp_path):
    path = make_synthetic()
    with h5py.File(path, "r") as f:
        shape = f["timeseries/pue"].shape
    edited(path, pue=np.full(shape, 1.25), outdoor_temperature=np.full(shape, np.nan))
    written = report.write_report(terawatt.open_run(path), tmp_path / "r")
    assert "pue_temperature.png" not in {os.path.basename(p) for p in written}
    page = (tmp_path / "r" / "index.html").read_text()
    assert "PUE and outdoor temperature: every site&#x27;s PUE is constant (north 1.25, south 1.25)" in page


def test_the_report_keeps_the_pue_figure_when_one_site_varies(synthetic_path, tmp_path):
    written = report.write_report(terawatt.open_run(synthetic_path), tmp_path / "r")
    assert "pue_temperature.png" in {os.path.basename(p) for p in written}


def test_the_report_leaves_out_emissions_of_a_grid_that_emitted_nothing(make_synthetic, tmp_path):
    path = make_synthetic()
    with h5py.File(path, "a") as f:
        f["timeseries/emissions_rate"][...] = 0.0
        f["summary/emissions"][...] = 0.0
    written = {os.path.basename(p) for p in report.write_report(terawatt.open_run(path), tmp_path / "r")}
    assert not written & {"cumulative_emissions.png", "cumulative_emissions_by_workload.png"}
    assert "the sites emitted nothing" in (tmp_path / "r" / "index.html").read_text()


def test_the_report_is_one_file_with_its_images_embedded(synthetic_path, tmp_path):
    written = report.write_report(terawatt.open_run(synthetic_path), tmp_path / "r")
    page = (tmp_path / "r" / "index.html").read_text()
    pngs = [p for p in written if p.endswith(".png")]
    images = page.split("<img src='data:image/png;base64,")[1:]
    assert len(images) == len(pngs)
    with open(pngs[0], "rb") as f:
        assert base64.b64decode(images[0].split("'", 1)[0]) == f.read()
    assert "src='power.png'" not in page


@pytest.mark.parametrize("names", [("history", "overrides"), ("command_line", "scenario_overrides")])
def test_the_report_shows_the_command_line_and_overrides(make_synthetic, tmp_path, names):
    command = "terawatt run q.yaml --set sites.north.pue=1.3 --set 'clusters.a.servers=4'"
    path = make_synthetic(root_attrs={names[0]: command, names[1]: "sites.north.pue=1.3\nclusters.a.servers=4"})
    report.write_report(terawatt.open_run(path), tmp_path / "r")
    page = (tmp_path / "r" / "index.html").read_text()
    assert "<code>terawatt run q.yaml --set sites.north.pue=1.3 --set &#x27;clusters.a.servers=4&#x27;</code>" in page
    assert "<li><code>sites.north.pue=1.3</code></li><li><code>clusters.a.servers=4</code></li>" in page


def test_a_report_without_recorded_provenance_says_so(synthetic_path, tmp_path):
    report.write_report(terawatt.open_run(synthetic_path), tmp_path / "r")
    page = (tmp_path / "r" / "index.html").read_text()
    assert "Command line: not recorded in the file." in page and "Overrides of the scenario: none." in page
