"""Projections: /projection as a Dataset with units, totals by year and case, the segment sum equal to the total,
the comparison with the IEA's published figures, the fan chart and the report of a projection output."""

import os

import h5py
import numpy as np
import pytest
import xarray as xr

import terawatt
from terawatt import projection, report

from conftest import PROJECTION_SEGMENTS, synthetic_projection


def close(actual, expected, rtol=1e-12):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=rtol, atol=0)


@pytest.fixture(autouse=True)
def agg_backend():
    import matplotlib

    matplotlib.use("Agg")
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def synthetic_projection_run(projection_path):
    return terawatt.open_run(projection_path)


@pytest.fixture(params=["synthetic", "iea"])
def projection_run(request):
    """The synthetic projection, then the real projection of scenarios/iea-2022-2026.yaml."""
    return request.getfixturevalue("synthetic_projection_run" if request.param == "synthetic" else "real_projection")


def test_totals_are_the_sum_of_every_cell(synthetic_projection_run):
    arrays = synthetic_projection()
    totals = synthetic_projection_run.projection_totals()
    close(totals.transpose("year", "case"), arrays["electricity"].sum(axis=(1, 2)))
    assert totals.attrs["units"] == "TW h" and "all segments and regions" in totals.attrs["long_name"]
    base = synthetic_projection_run.projection_by_segment(case="base")
    close(base.transpose("year", "segment"), arrays["electricity"][..., 1].sum(axis=2))


def test_segment_and_region_sums_equal_the_total(projection_run):
    proj = projection_run.projection
    for variable in ("electricity", "emissions", "installed_servers"):
        total = projection.totals(proj, variable)
        close(projection.by(proj, "segment", variable, case=None).sum("segment"), total)
        close(projection.by(proj, "region", variable, case=None).sum("region"), total)
        assert total.attrs["units"] == proj[variable].attrs["units"]
    close(projection_run.projection_by_segment().sum("segment"), projection_run.projection_totals().sel(case="base"))
    with pytest.raises(ValueError, match="dim must be one of"):
        projection.by(proj, "case")


def test_mean_pue_leaves_out_the_given_series(projection_run):
    proj = projection_run.projection
    pue = projection.mean_pue(proj)
    simulated = proj["it_electricity"].notnull()
    expected = proj["electricity"].where(simulated).sum(("segment", "region")) / proj["it_electricity"].sum(
        ("segment", "region"))
    close(pue, expected)
    assert ((pue > 1.0) & (pue < 2.0)).all() and pue.attrs["units"] == "1"


def test_data_are_exactly_as_written(real_projection, real_projection_path):
    with h5py.File(real_projection_path, "r") as f:
        for name, var in real_projection.projection.data_vars.items():
            np.testing.assert_array_equal(var.values, f["projection"][name][()], err_msg=name)
            assert var.attrs["units"] == f["projection"][name].attrs["units"]
        years = [int(y) for y in f["projection"]["year"][()]]
    assert real_projection.projection["year"].values.tolist() == years
    assert real_projection.coupling is not None and "representative" in real_projection.coupling.dims
    assert real_projection.kind == "projection" and real_projection.timeseries is None


def test_the_iea_projection_lands_near_the_published_figures(real_projection):
    """The scenario's validation checks, read back through the analysis package: 2022 within 5 %, 2026 within 10 %."""
    table = projection.published_comparison(real_projection.projection)
    assert table.sizes["figure"] == 4 and table["published"].attrs["units"] == "TW h"
    for year, error in zip(table["year"].values, table["relative_error"].values):
        assert abs(error) < (0.05 if year == 2022 else 0.10), (year, error)
    assert "IEA" in table.attrs["source"]


def test_published_figures_outside_the_projection_are_left_out(synthetic_projection_run):
    table = projection.published_comparison(synthetic_projection_run.projection)
    assert table["year"].values.tolist() == [2022]  # the synthetic projection ends in 2024


def test_the_comparison_keeps_its_units_on_the_round_trip(projection_run, tmp_path):
    path = tmp_path / "comparison.h5"
    totals = projection_run.projection_totals().to_dataset(name="electricity")
    totals.to_netcdf(path, group="totals", engine="h5netcdf")
    projection.published_comparison(projection_run.projection).to_netcdf(path, group="iea", mode="a",
                                                                         engine="h5netcdf")
    back = xr.open_dataset(path, group="totals", engine="h5netcdf")
    assert back["electricity"].attrs["units"] == "TW h"
    assert back["year"].values.tolist() == projection_run.projection["year"].values.tolist()
    assert xr.open_dataset(path, group="iea", engine="h5netcdf")["projected"].attrs["units"] == "TW h"


def test_fan_chart(projection_run):
    fig = projection_run.plot_projection()
    ax = fig.axes[0]
    proj = projection_run.projection
    assert ax.get_ylabel() == "electricity, facility [TWh per year]"
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in proj["year"].values]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "IEA Electricity 2024, published (bar: low to high case)"
    segments = [str(s) for s in proj["segment"].values]
    assert labels[-len(segments):] == [f"{s} (base)" for s in reversed(segments)]  # top of the stack first
    assert sum(label.startswith("terawatt projection total") for label in labels) == proj.sizes["case"]
    base = next(line for line in ax.lines if line.get_label() == "terawatt projection total, base case")
    close(base.get_ydata(), projection_run.projection_totals().sel(case="base"))
    low, high = ax.get_xlim()
    markers = [line for line in ax.lines if line.get_marker() == "D"]
    assert markers and all(low < x < high for line in markers for x in line.get_xdata())  # only the years shown


def test_fan_chart_segment_colours():
    from terawatt.fan_chart import SEGMENT_COLORS, segment_colors

    colors = segment_colors(PROJECTION_SEGMENTS)
    assert colors[2] == SEGMENT_COLORS["crypto"] and len(set(colors)) == len(colors)


def test_report_of_a_projection(projection_run, tmp_path):
    written = report.write_report(projection_run, tmp_path / "report")
    assert sorted(os.path.basename(p) for p in written) == ["index.html", "projection.png"]
    page = (tmp_path / "report" / "index.html").read_text()
    assert "<h1>terawatt projection:" in page and "Electricity by year and case [TWh]" in page
    assert "Electricity of the base case by segment [TWh]" in page and "IEA, Electricity 2024" in page


def test_report_command_line_on_a_projection(projection_path, tmp_path, capsys):
    assert report.main([str(projection_path), "-o", str(tmp_path / "r")]) == 0
    assert str(tmp_path / "r" / "projection.png") in capsys.readouterr().out
