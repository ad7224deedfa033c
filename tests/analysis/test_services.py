"""Inference services: energy per request and per unit of output, the modality comparison, daily sums, their plots
and report. The helpers' sums must equal the file's /summary (synthetic: numpy's sums; real: terawatt's)."""

import os

import numpy as np
import pytest
import xarray as xr

from terawatt import report, units

RELATIVE = 1e-9
J_PER_WH = 3600.0


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=RELATIVE,
                               atol=0)


@pytest.fixture(autouse=True)
def agg_backend():
    import matplotlib

    matplotlib.use("Agg")
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(params=["synthetic", "text_image_video"])
def service_run(request):
    """The synthetic services run, then the real text-image-video run."""
    return request.getfixturevalue("services_run" if request.param == "synthetic" else "text_image_video_run")


def _facility(run):
    return run.summary["workload_facility_energy"].sel(workload=run.services).rename(workload="service")


def test_energy_per_unit_is_in_wh_and_multiplies_back_to_the_facility_energy(service_run):
    run = service_run
    per = run.energy_per_unit()
    s = run.summary
    assert {per[name].attrs["units"] for name in per.data_vars} == {"Wh"}
    close(per["energy_per_request"] * J_PER_WH * s["requests_served"], _facility(run))
    close(per["it_energy_per_request"] * J_PER_WH * s["requests_served"],
          s["workload_energy"].sel(workload=run.services).rename(workload="service"))
    for name, output, scale in (("energy_per_1k_tokens", "output_tokens", 1e-3), ("energy_per_image", "images", 1.0),
                                ("energy_per_video_second", "video_seconds", 1.0)):
        made = s[output] > 0
        close((per[name] * J_PER_WH * s[output] * scale).where(made, drop=True), _facility(run).where(made, drop=True))
        assert per[name].where(~made, drop=True).isnull().all(), f"{name} of a service that makes no {output}"
    assert per["energy_per_request"].sel(service=run.services[0]).coords["modality"].item() in ("text", "image",
                                                                                                 "video")


def test_facility_energy_attributed_from_the_time_series_equals_the_summary(service_run):
    run = service_run
    close(run.energy("workload", "facility").sel(workload=run.services), _facility(run))
    close(run.emissions("workload").sel(workload=run.services),
          run.summary["workload_emissions"].sel(workload=run.services))


def test_synthetic_services_agree_with_numpy(services_run, services_expected):
    _, totals = services_expected
    per = services_run.energy_per_unit()
    close(per["energy_per_request"], totals["energy_per_request"] / J_PER_WH)
    close(services_run.energy("workload", "facility"), totals["workload_facility_energy"])


def test_modality_comparison_orders_text_image_video_and_takes_ratios_to_text(service_run):
    run = service_run
    table = run.modality_comparison()
    modalities = table["modality"].values.tolist()
    assert modalities == sorted(modalities, key=["text", "image", "video"].index)
    reference = table.attrs["reference"]
    assert table["modality"].sel(service=reference).item() == "text"
    assert table["energy_ratio"].sel(service=reference).item() == 1.0
    close(table["energy_ratio"], table["energy_per_request"] / table["energy_per_request"].sel(service=reference))
    close(table["energy_per_request"], run.summary["energy_per_request"].sel(service=table["service"]) / J_PER_WH)
    close(table["emissions_per_request"], run.summary["emissions_per_request"].sel(service=table["service"]) * 1e3)
    units_of = {name: table[name].attrs["units"] for name in table.data_vars}
    assert units_of["energy_per_request"] == units_of["energy_per_output"] == "Wh"
    assert units_of["emissions_per_request"] == "g" and units_of["energy_ratio"] == "1"
    output_unit = dict(zip(table["modality"].values, table["output_unit"].values))
    assert output_unit.get("text", "1,000 output tokens") == "1,000 output tokens"
    assert output_unit.get("video", "second of video") == "second of video"


def test_modality_comparison_with_another_reference_and_a_table_with_units(services_run):
    table = services_run.modality_comparison(reference="draw")
    assert table["energy_ratio"].sel(service="draw").item() == 1.0
    assert "'draw'" in table["energy_ratio"].attrs["long_name"]
    frame = units.table(table)
    assert list(frame.index) == ["chat", "draw", "film"]
    assert "energy_per_request [Wh]" in frame.columns and "emissions_per_request [g]" in frame.columns
    assert "energy_ratio" in frame.columns and frame.loc["film", "modality"] == "video"
    with pytest.raises(ValueError, match="no service 'nope'"):
        services_run.modality_comparison(reference="nope")


def test_service_periods_sum_to_the_summary(service_run):
    run = service_run
    daily = run.service_periods("D")
    s = run.summary
    for name in ("requests_arrived", "requests_served", "output_tokens", "images", "video_seconds",
                 "replica_hours"):
        close(daily[name].sum("time"), s[name])
        assert daily[name].attrs["units"] == s[name].attrs["units"], name
    close(daily["facility_energy"].sum("time"), _facility(run))
    close(daily["it_energy"].sum("time"), s["workload_energy"].sel(workload=run.services).rename(workload="service"))
    close(daily["emissions"].sum("time"),
          s["workload_emissions"].sel(workload=run.services).rename(workload="service"))
    served = daily["requests_served"]
    close(daily["energy_per_request"].where(served > 0, drop=True),
          (daily["facility_energy"] / served / J_PER_WH).where(served > 0, drop=True))
    assert daily["energy_per_request"].attrs["units"] == "Wh"
    assert daily["modality"].dims == ("service",)


def test_service_periods_of_the_synthetic_run_by_day(services_run, services_expected):
    series, _ = services_expected
    daily = services_run.service_periods()
    assert [str(t)[:10] for t in daily["time"].values] == ["2024-03-30", "2024-03-31", "2024-04-01"]
    close(daily["requests_served"].isel(time=0), (series["served_rate"][:24] * series["dt"][:24, None]).sum(axis=0))


def test_units_survive_the_round_trip(services_run, tmp_path):
    path = tmp_path / "services.h5"
    outputs = {"per_unit": services_run.energy_per_unit(), "comparison": services_run.modality_comparison(),
               "daily": services_run.service_periods()}
    for mode, (group, dataset) in zip(("w", "a", "a"), outputs.items()):
        dataset.to_netcdf(path, group=group, mode=mode, engine="h5netcdf")
    for group, dataset in outputs.items():
        back = xr.open_dataset(path, group=group, engine="h5netcdf")
        for name, var in dataset.data_vars.items():
            assert back[name].attrs["units"] == var.attrs["units"], (group, name)
            np.testing.assert_array_equal(back[name].values, var.values)
        assert back["modality"].values.tolist() == dataset["modality"].values.tolist()


def test_a_run_without_services_says_so(synthetic_run):
    assert synthetic_run.services == []
    with pytest.raises(ValueError, match="no inference services"):
        synthetic_run.energy_per_unit()
    with pytest.raises(ValueError, match="no inference services"):
        synthetic_run.service_periods()


def test_energy_per_request_plot(service_run):
    run = service_run
    fig = run.plot_energy_per_request()
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"  # text to video spans more than LOG_SCALE_MIN_RATIO
    assert ax.get_xlabel() == "energy per completed request [Wh] (log scale)"
    assert not ax.patches  # dots, not bars, on a log axis
    assert len(ax.collections[0].get_offsets()) == len(run.services)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert all("\n" in label for label in labels)  # name, then modality and fidelity
    texts = [t.get_text() for t in ax.texts]
    assert any("(reference)" in t for t in texts) and all(" Wh" in t for t in texts)


def test_service_load_plot(service_run):
    run = service_run
    fig = run.plot_service_load()
    rate, replicas, power = fig.axes[:3]
    assert rate.get_yscale() == "log" and "[1/s]" in rate.get_ylabel()
    assert len(rate.lines) == len(replicas.lines) == len(run.services)
    assert power.get_ylabel().startswith("power\n[") and len(power.collections) == len(run.services) + 1
    assert [line.get_label() for line in power.lines] == ["facility power, all sites"]


def test_service_colours_follow_the_modality():
    from terawatt.service_plots import MODALITY_COLORS, service_colors

    colors = service_colors(["text", "video", "text", "image"])
    assert colors[0] == MODALITY_COLORS["text"] and colors[1] == MODALITY_COLORS["video"]
    assert colors[3] == MODALITY_COLORS["image"] and colors[2] not in MODALITY_COLORS.values()


def test_report_of_a_run_with_services(services_run, tmp_path):
    written = report.write_report(services_run, tmp_path / "report")
    names = {os.path.basename(p) for p in written}
    assert {"energy_per_request.png", "service_load.png", "index.html"} <= names
    page = (tmp_path / "report" / "index.html").read_text()
    assert "<h2>Inference services</h2>" in page and "ratio to chat" in page and "Wh per second of video" in page


def test_services_module_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, terawatt.services; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
