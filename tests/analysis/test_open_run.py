"""terawatt.open_run: groups as Datasets with units, data exactly as written, clear errors for other files."""

import subprocess
import sys

import h5py
import numpy as np
import pytest
import xarray as xr

import terawatt
from terawatt.run_file import NotATerawattRun


def test_synthetic_run_has_groups_units_and_intervals(synthetic_run, synthetic_expected):
    series, _ = synthetic_expected
    ts = synthetic_run.timeseries
    assert synthetic_run.groups == ["timeseries", "summary"]
    assert synthetic_run.projection is None
    assert np.issubdtype(ts["time"].dtype, np.datetime64)
    assert str(ts["time"].values[0]) == "2024-03-30T01:00:00.000000000"
    np.testing.assert_array_equal(ts["interval"].values, series["dt"])
    assert ts["interval"].values[-1] == 1800.0
    assert ts["interval"].attrs["units"] == "s"
    assert synthetic_run.sites == ["north", "south"]
    assert synthetic_run.site_of_cluster == {"a": "north", "b": "north", "c": "south"}
    assert synthetic_run.cluster_of_workload == {"w1": "a", "w2": "c"}
    assert synthetic_run.attrs["scenario_name"] == "synthetic"
    assert ts.attrs["scenario_name"] == "synthetic"  # the root attributes travel with each Dataset


def test_every_variable_has_units(real_run):
    run = real_run
    for dataset in (run.timeseries, run.summary):
        for name, var in dataset.data_vars.items():
            assert var.attrs.get("units"), f"{name} has no units"
            assert var.attrs.get("long_name"), f"{name} has no long_name"


def test_data_are_exactly_as_written(real_run, real_path):
    """No rounding, rescaling or reordering on load: every array equals h5py's raw read bit for bit."""
    run = real_run
    with h5py.File(real_path, "r") as f:
        for group, dataset in (("timeseries", run.timeseries), ("summary", run.summary)):
            for name in dataset.data_vars:
                raw = f[group][name][()]
                assert dataset[name].dtype == raw.dtype == np.float64
                np.testing.assert_array_equal(dataset[name].values, raw, err_msg=f"/{group}/{name}")
                for attribute in ("units", "long_name"):
                    written = f[group][name].attrs[attribute]
                    written = written.decode() if isinstance(written, bytes) else written
                    assert dataset[name].attrs[attribute] == written
        offsets = f["timeseries"]["time"][()]
    np.testing.assert_array_equal(run.timeseries["interval"].values, np.diff(offsets, prepend=0.0))


def test_units_survive_the_round_trip(synthetic_run, tmp_path):
    """open_run -> to_netcdf -> xarray: values, units and CF time come back unchanged, derived outputs too."""
    path = tmp_path / "roundtrip.h5"
    synthetic_run.timeseries.to_netcdf(path, group="timeseries", engine="h5netcdf")
    synthetic_run.daily().to_netcdf(path, group="daily", mode="a", engine="h5netcdf")
    back = xr.open_dataset(path, group="timeseries", engine="h5netcdf")
    for name, var in synthetic_run.timeseries.variables.items():
        assert back[name].attrs.get("units") == var.attrs.get("units"), name
        np.testing.assert_array_equal(back[name].values, var.values)
    assert back["time"].encoding["units"].startswith("seconds since 2024-03-30T00:00:00")  # xarray writes +00:00
    daily = xr.open_dataset(path, group="daily", engine="h5netcdf")
    for name, var in synthetic_run.daily().data_vars.items():
        assert daily[name].attrs["units"] == var.attrs["units"], name


def test_projection_group_is_read_when_present(make_synthetic):
    run = terawatt.open_run(make_synthetic(groups=("timeseries", "summary", "projection")))
    assert run.groups == ["timeseries", "summary", "projection"]
    assert run.kind == "simulation"
    assert run.projection["electricity"].attrs["units"] == "TW h"
    assert run.projection["electricity"].sel(year=2023, segment="ai", region="us", case="high").item() == 20 * 0.6 * 1.3


def test_a_projection_output_opens_without_a_time_series(projection_path):
    """`terawatt run` on a projection scenario writes /projection (and /coupling), no /timeseries or /summary."""
    run = terawatt.open_run(projection_path)
    assert run.kind == "projection" and run.groups == ["projection"]
    assert run.timeseries is None and run.summary is None and run.sites == [] and run.services == []
    assert run.projection["year"].values.tolist() == [2022, 2023, 2024]  # written as text, decoded to integers
    assert run.projection["year"].dtype == np.int64
    assert {name: var.attrs["units"] for name, var in run.projection.data_vars.items()}["emissions"] == "Mt"
    assert "projection" in repr(run)
    with pytest.raises(ValueError, match="is a projection output: it has no /timeseries"):
        run.daily()
    with pytest.raises(ValueError, match="it has no /summary"):
        run.totals()


def test_services_get_modality_and_fidelity_names(services_run):
    for dataset in (services_run.summary, services_run.timeseries):
        assert dataset["modality"].values.tolist() == ["text", "image", "video"]
        assert dataset["fidelity"].values.tolist() == ["fluid", "batch", "request"]
        assert dataset["modality"].dims == ("service",)
        assert "modality" in dataset.coords and "fidelity" in dataset.coords
        assert dataset["modality"].attrs["flag_meanings"] == "text image video"
    assert services_run.services == ["chat", "draw", "film"]
    videos = services_run.summary.where(services_run.summary["modality"] == "video", drop=True)
    assert videos["service"].values.tolist() == ["film"]


def test_a_flag_value_without_a_meaning_is_named_not_dropped():
    import xarray as xr
    from terawatt.run_file import _flag_names

    flag = xr.DataArray(np.array([0, 2, 7], dtype=np.int8), dims="service",
                        attrs={"flag_values": np.array([0, 1, 2], dtype=np.int8), "flag_meanings": "text image video"})
    assert _flag_names(flag).tolist() == ["text", "video", "flag 7"]


def test_services_are_placed_on_their_clusters_by_the_topology_coordinates(services_run):
    from terawatt.run_file import topology

    for dataset in (services_run.summary, services_run.timeseries):
        placed = topology(dataset)
        assert placed["cluster_of_service"] == {"chat": "b", "draw": "b", "film": "a"}
        assert placed["cluster_of_workload"]["film"] == "a" and placed["cluster_of_workload"]["w2"] == "c"
        assert placed["site_of_cluster"] == {"a": "north", "b": "north", "c": "south"}


def test_a_dataset_without_the_topology_coordinates_is_refused(synthetic_run):
    from terawatt.run_file import NotATerawattRun, topology

    with pytest.raises(NotATerawattRun, match="no coordinate 'site_of_cluster'"):
        topology(synthetic_run.summary.drop_vars("site_of_cluster"))


@pytest.mark.parametrize("groups, root_attrs, message", [
    (("summary",), None, "not a terawatt run: no /timeseries group"),
    (("timeseries",), None, "not a terawatt run: no /summary group"),
    (("timeseries", "summary"), {"software": None}, "root attribute 'software' is missing"),
    (("timeseries", "summary"), {"software": "other"}, "root attribute 'software' is 'other'"),
    (("timeseries", "summary"), {"complete": np.int32(0)}, "incomplete terawatt run"),
    (("timeseries", "summary"), {"sweep_name": "s"}, "open it with terawatt.open_sweep"),
])
def test_clear_errors_for_files_that_are_not_runs(make_synthetic, groups, root_attrs, message):
    path = make_synthetic(groups=groups, root_attrs=root_attrs)
    with pytest.raises(NotATerawattRun, match=message):
        terawatt.open_run(path)


def test_clear_errors_for_missing_and_non_hdf5_files(tmp_path):
    with pytest.raises(FileNotFoundError):
        terawatt.open_run(tmp_path / "absent.h5")
    text = tmp_path / "notes.h5"
    text.write_text("not HDF5")
    with pytest.raises(NotATerawattRun, match="not a terawatt run: not an HDF5 file"):
        terawatt.open_run(text)


def test_sweep_table_is_refused_by_open_run(sweep_path):
    with pytest.raises(NotATerawattRun, match="sweep table"):
        terawatt.open_run(sweep_path)


def test_importing_the_package_does_not_import_matplotlib():
    code = "import sys, analysis; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
