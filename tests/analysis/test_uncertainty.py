"""The uncertainty module on a fresh `terawatt run --samples` output (TERAWATT_UNCERTAINTY, set by ctest): its
table agrees with the file, and its charts draw what they say."""

import os

import numpy as np
import pytest

from terawatt import uncertainty

PATH = os.environ.get("TERAWATT_UNCERTAINTY")


@pytest.fixture(scope="module")
def bands():
    if not PATH:
        if os.environ.get("TERAWATT_REQUIRE_OUTPUTS") == "1":
            pytest.fail("TERAWATT_UNCERTAINTY is not set")
        pytest.skip("TERAWATT_UNCERTAINTY is not set")
    return uncertainty.open_uncertainty(PATH)


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
