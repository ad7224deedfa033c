"""The helpers' sums equal the file's /summary (real outputs) and numpy's sums (synthetic run)."""

import numpy as np
import pytest

import terawatt
from terawatt import aggregate, formatting, units

RELATIVE = 1e-9


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=RELATIVE,
                               atol=0)


# (helper arguments, summary variable) pairs that must agree.
AGREEMENTS = [
    (("energy", "site", "facility"), "facility_energy"),
    (("energy", "site", "it"), "site_it_energy"),
    (("energy", "cluster", "it"), "it_energy"),
    (("energy", "cluster", "gpu"), "gpu_energy"),
    (("energy", "workload", "it"), "workload_energy"),
    (("energy", "workload", "facility"), "workload_facility_energy"),
    (("emissions", "site"), "emissions"),
    (("emissions", "workload"), "workload_emissions"),
]


@pytest.mark.parametrize("call, variable", AGREEMENTS)
def test_helpers_sum_to_the_summary(real_run, call, variable):
    run = real_run
    result = getattr(run, call[0])(*call[1:])
    expected = run.summary[variable]
    assert list(result[result.dims[0]].values) == list(expected[expected.dims[0]].values)
    close(result, expected)
    assert result.attrs["units"] == expected.attrs["units"]


@pytest.mark.parametrize("call, variable", [a for a in AGREEMENTS if a[1] != "gpu_energy"])
def test_helpers_agree_with_numpy_on_the_synthetic_run(synthetic_run, synthetic_expected, call, variable):
    _, totals = synthetic_expected
    if variable not in totals:
        pytest.skip(f"the fixture has no {variable}")
    close(getattr(synthetic_run, call[0])(*call[1:]), totals[variable])


def test_cluster_shares_add_up_to_each_site(real_run):
    run = real_run
    for by, helper, variable in (("cluster", run.energy, "facility_energy"), ("cluster", run.emissions, "emissions")):
        shares = helper(by) if helper == run.emissions else helper(by, "facility")
        per_site = {site: sum(float(shares.sel(cluster=c)) for c, s in run.site_of_cluster.items() if s == site)
                    for site in run.sites}
        close([per_site[s] for s in run.sites], run.summary[variable].sel(site=run.sites))


@pytest.mark.parametrize("freq", ["D", "MS"])
def test_periodic_aggregates_sum_to_the_totals(real_run, freq):
    run = real_run
    per = run.periodic(freq)
    s = run.summary
    close(per["facility_energy"].sum("time"), s["facility_energy"])
    close(per["it_energy"].sum("time"), s["site_it_energy"])
    close(per["cluster_it_energy"].sum("time"), s["it_energy"])
    close(per["emissions"].sum("time"), s["emissions"])
    close(per["water_onsite"].sum("time"), s["water_onsite"])
    close(per["duration"].sum("time"), run.timeseries["interval"].sum())
    assert per["facility_energy"].attrs["units"] == "J"
    assert per["emissions"].attrs["units"] == "kg"
    assert per["pue"].attrs["units"] == "1"
    assert per["carbon_intensity"].attrs["units"] == "g/kWh"


def test_daily_counts_each_interval_in_the_day_it_starts(synthetic_run, synthetic_expected):
    series, _ = synthetic_expected
    daily = synthetic_run.daily()
    # 48 hourly intervals from midnight, then a half-hour one starting at midnight of the third day.
    assert [str(t)[:10] for t in daily["time"].values] == ["2024-03-30", "2024-03-31", "2024-04-01"]
    np.testing.assert_array_equal(daily["duration"].values, [86400.0, 86400.0, 1800.0])
    dt = series["dt"][:, None]
    close(daily["facility_energy"].values[0], (series["facility"][:24] * dt[:24]).sum(axis=0))
    close(daily["outdoor_temperature_mean"].sel(site="south").values[2], series["temperature"][48, 1])
    assert np.isnan(daily["outdoor_temperature_mean"].sel(site="north").values).all()


def test_monthly_labels_month_starts(hot_and_cold_run):
    monthly = hot_and_cold_run.monthly()
    assert monthly.sizes["time"] == 12
    assert str(monthly["time"].values[1])[:10] == "2024-02-01"
    phoenix = monthly["outdoor_temperature_mean"].sel(site="phoenix").values
    assert phoenix.argmax() in (5, 6, 7)  # summer


def test_pue_and_intensity_statistics(real_run):
    run = real_run
    pue, intensity = run.pue_stats(), run.carbon_intensity_stats()
    close(pue["effective"], run.summary["mean_pue"])
    effective = run.summary["emissions"] * 1000.0 / (run.summary["facility_energy"] / 3.6e6)
    close(intensity["effective"], effective)
    for stats in (pue, intensity):
        assert (stats["min"] <= stats["median"]).all() and (stats["median"] <= stats["max"]).all()
    assert pue["effective"].attrs["units"] == "1" and intensity["max"].attrs["units"] == "g/kWh"


def test_totals_and_comparison(quickstart_run, hot_and_cold_run):
    quick, hot = quickstart_run, hot_and_cold_run
    compared = terawatt.compare([quick, hot])
    assert list(compared["run"].values) == ["quickstart", "hot-and-cold"]
    close(compared["facility_energy"].sel(run="hot-and-cold"), hot.summary["facility_energy"].sum())
    close(compared["pue"].sel(run="quickstart"), quick.summary["mean_pue"].item())
    assert compared["emissions"].attrs["units"] == "kg"
    by_site = terawatt.compare({"q": quick, "h": hot}, group="summary")
    assert set(by_site["site"].values) == {"iowa", "phoenix", "stockholm"}
    assert np.isnan(by_site["facility_energy"].sel(run="q", site="phoenix"))
    with pytest.raises(ValueError, match="share scenario names"):
        terawatt.compare([quick, quick])


def test_cumulative_emissions_end_at_the_totals(synthetic_run, synthetic_expected):
    _, totals = synthetic_expected
    cumulative = synthetic_run.cumulative_emissions(by="workload")
    close(cumulative.isel(time=-1), totals["workload_emissions"])
    close(synthetic_run.cumulative_emissions().isel(time=-1),
          synthetic_run.timeseries["emissions"].isel(time=-1))


def test_helpers_do_not_change_the_data(synthetic_run):
    before = synthetic_run.timeseries.copy(deep=True)
    synthetic_run.daily(), synthetic_run.energy("workload", "facility"), synthetic_run.pue_stats()
    assert synthetic_run.timeseries.identical(before)


def test_bad_arguments_are_refused(synthetic_run):
    with pytest.raises(ValueError, match="by must be one of"):
        synthetic_run.energy("region")
    with pytest.raises(ValueError, match="kind 'gpu' is not available by workload"):
        synthetic_run.energy("workload", "gpu")


def test_unit_conversion():
    assert units.factor("J", "MWh") == pytest.approx(1 / 3.6e9, rel=1e-15)
    assert formatting.quantity(2.6e10, "J") == "7.22 MWh"
    assert formatting.quantity(9259.0, "kg") == "9.26 t"
    assert formatting.quantity(1.8e6, "J") == "500 Wh"  # below a kWh in Wh, as the CLI writes it
    with pytest.raises(ValueError, match="cannot convert 'J'"):
        units.factor("J", "W")
    data = aggregate.xr.DataArray([3.6e6], attrs={"units": "J", "long_name": "e"}, name="e")
    converted = units.convert(data, "kWh")
    assert converted.attrs == {"units": "kWh", "long_name": "e"} and converted.item() == pytest.approx(1.0, 1e-15)
    assert data.attrs["units"] == "J"
