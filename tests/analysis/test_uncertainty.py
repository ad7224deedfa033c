"""The uncertainty module on a fresh `terawatt run --samples` output (TERAWATT_UNCERTAINTY, set by ctest): its
table agrees with the file, and its charts draw what they say."""

import os

import numpy as np
import pytest

from terawatt import uncertainty

def output(variable):
    path = os.environ.get(variable)
    if not path:
        if os.environ.get("TERAWATT_REQUIRE_OUTPUTS") == "1":
            pytest.fail(f"{variable} is not set")
        pytest.skip(f"{variable} is not set")
    return uncertainty.open_uncertainty(path)


@pytest.fixture(scope="module")
def bands():
    return output("TERAWATT_UNCERTAINTY")


@pytest.fixture(scope="module")
def projection_bands():
    return output("TERAWATT_PROJECTION_UNCERTAINTY")


def test_a_run_without_samples_is_refused(tmp_path):
    import h5py

    path = tmp_path / "plain.h5"
    with h5py.File(path, "w") as f:
        f.create_group("summary")
    with pytest.raises(ValueError, match="no /uncertainty group"):
        uncertainty.open_uncertainty(path)


def test_band_table_agrees_with_the_samples(bands):
    table = uncertainty.band_table(bands, ["emissions", "facility_energy"])
    row = table.loc[("emissions", "s")]
    samples = bands["emissions"].sel(site="s").values
    assert row["units"] == "kg"
    assert row["p5"] <= row["p50"] <= row["p95"]
    assert row["p50"] == pytest.approx(np.percentile(samples, 50), rel=1e-12)
    assert row["p95"] == pytest.approx(np.percentile(samples, 95), rel=1e-12)
    assert row["mean"] == pytest.approx(samples.mean(), rel=1e-12)
    # The grid's intensity, drawn over a range wider in share than the PUE's, drives the emissions.
    assert row["driver"] == "sites.s.carbon_intensity" and row["driver_srrc"] > 0.5


def test_tornado_puts_the_largest_driver_on_top(bands):
    import matplotlib

    matplotlib.use("Agg")
    ax = uncertainty.tornado(bands, "emissions", site="s")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    widths = [abs(p.get_width()) for p in ax.patches]
    assert labels[-1] == "sites.s.carbon_intensity"  # barh draws the last on top
    assert widths == sorted(widths)
    with pytest.raises(ValueError, match="give one label"):
        uncertainty.tornado(bands, "workload_emissions")  # a figure per workload needs its workload
    matplotlib.pyplot.close("all")


def test_band_chart_draws_a_band_per_figure_around_one(bands):
    import matplotlib

    matplotlib.use("Agg")
    ax = uncertainty.band_chart(bands, ["facility_energy", "emissions"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["facility_energy[s]", "emissions[s]"]
    for bar in ax.patches:
        assert bar.get_x() <= 1.0 <= bar.get_x() + bar.get_width()
    matplotlib.pyplot.close("all")


def test_projection_fan_draws_each_case_around_its_median(projection_bands):
    import matplotlib

    matplotlib.use("Agg")
    ax = uncertainty.projection_fan(projection_bands)
    totals = projection_bands["electricity"].sum(["segment", "region"])
    lines = ax.get_lines()
    assert [line.get_label().split(":")[0] for line in lines] == ["low", "base", "high"]
    base = lines[1].get_ydata()
    assert np.allclose(base, np.median(totals.sel(case="base").values, axis=0), rtol=1e-12)
    assert np.all(np.diff(base) > 0)  # the base case grows every year
    with pytest.raises(ValueError, match="not a projection"):
        uncertainty.projection_fan(output("TERAWATT_UNCERTAINTY"))
    matplotlib.pyplot.close("all")


def test_series_fan_draws_the_median_within_its_band(bands):
    import matplotlib

    matplotlib.use("Agg")
    path = os.environ["TERAWATT_UNCERTAINTY"]
    series = uncertainty.open_series_bands(path)
    ax = uncertainty.series_fan(path, "facility_power")
    median = ax.get_lines()[0].get_ydata()
    assert np.array_equal(median, series["facility_power_p50"].isel(site=0).values)
    assert np.all(series["facility_power_p5"].values <= median[:, None])
    assert np.all(median[:, None] <= series["facility_power_p95"].values)
    with pytest.raises(ValueError, match="no bands of water"):
        uncertainty.series_fan(path, "water")
    matplotlib.pyplot.close("all")
