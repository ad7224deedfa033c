"""Every kind of output follows the CF conventions its readers rely on.

The kinds: a run (scenarios with training, with a facility model and weather, with inference services), a sweep's
collected table and a projection. For each file: every `units` attribute parses with UDUNITS-2 (the CF reference
library, through its C API) and with pint; `ncdump -h` and xarray with both netCDF engines read every group; the
time series carry CF bounds and cell methods; temperatures their standard names; projection years are integers;
long_names are short; the root has a `history` line.
"""

import ctypes
import shutil
import subprocess

import h5py
import numpy as np
import pytest
import xarray as xr

OUTPUTS = ["TERAWATT_QUICKSTART", "TERAWATT_HOT_AND_COLD", "TERAWATT_TEXT_IMAGE_VIDEO", "TERAWATT_SWEEP",
           "TERAWATT_PROJECTION"]

# A label of xarray's plots is "long_name [units]": past about 40 characters it no longer fits an axis.
LONGEST_LONG_NAME = 40
UT_UTF8 = 2  # ut_encoding of udunits2.h


@pytest.fixture(params=OUTPUTS)
def output_path(request):
    from conftest import _output

    return _output(request.param)


@pytest.fixture(scope="module")
def udunits():
    """A parser of unit strings with Debian's libudunits2 and its default unit database."""
    library = ctypes.CDLL("libudunits2.so.0")
    library.ut_set_error_message_handler.restype = ctypes.c_void_p
    library.ut_set_error_message_handler.argtypes = [ctypes.c_void_p]
    library.ut_set_error_message_handler(ctypes.cast(library.ut_ignore, ctypes.c_void_p))
    library.ut_read_xml.restype = ctypes.c_void_p
    library.ut_read_xml.argtypes = [ctypes.c_char_p]
    library.ut_parse.restype = ctypes.c_void_p
    library.ut_parse.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    library.ut_free.argtypes = [ctypes.c_void_p]
    system = library.ut_read_xml(None)
    assert system, "libudunits2 cannot read its unit database"

    def parses(text):
        unit = library.ut_parse(system, text.encode(), UT_UTF8)
        library.ut_free(unit)
        return bool(unit)

    return parses


def units_of(path):
    """(object path, units) of every `units` attribute in the file."""
    found = []
    with h5py.File(path, "r") as f:
        def visit(name, node):
            if "units" in node.attrs:
                value = node.attrs["units"]
                found.append((name, value.decode() if isinstance(value, bytes) else str(value)))
        f.visititems(visit)
    return found


def groups_of(path):
    with h5py.File(path, "r") as f:
        return [name for name, node in f.items() if isinstance(node, h5py.Group)]


def test_the_udunits_parser_refuses_what_it_does_not_know(udunits):
    assert udunits("g/(kW h)") and udunits("m^3") and udunits("seconds since 2024-06-01T00:00:00Z")
    assert not udunits("L/kWh") and not udunits("FLOP")


def test_every_unit_parses_with_udunits_and_pint(output_path, udunits):
    import pint

    registry = pint.UnitRegistry()
    found = units_of(output_path)
    assert found
    for name, units in found:
        assert udunits(units), f"{output_path}: {name}: UDUNITS-2 cannot parse {units!r}"
        # A CF time unit is "<unit> since <reference>"; pint knows the unit, not the reference.
        registry.Unit(units.split(" since ")[0])


@pytest.mark.parametrize("engine", ["netcdf4", "h5netcdf"])
def test_both_netcdf_engines_read_every_group(output_path, engine):
    for group in groups_of(output_path):
        with xr.open_dataset(output_path, group=group, engine=engine) as dataset:
            dataset.load()
            assert dataset.data_vars, group


def test_ncdump_reads_the_header(output_path):
    ncdump = shutil.which("ncdump")
    assert ncdump, "ncdump (Debian's netcdf-bin) is not installed"
    header = subprocess.run([ncdump, "-h", output_path], capture_output=True, text=True, check=True).stdout
    for group in groups_of(output_path):
        assert f"group: {group} {{" in header


def test_the_root_has_a_history_line(output_path):
    with h5py.File(output_path, "r") as f:
        history, created = f.attrs["history"], f.attrs["created"]
    assert history.startswith(f"{created}: ") and "terawatt" in history


def test_long_names_are_short_and_comments_complete_them(output_path):
    with h5py.File(output_path, "r") as f:
        def visit(name, node):
            long_name = node.attrs.get("long_name")
            if not isinstance(node, h5py.Dataset) or long_name is None:
                return
            assert len(long_name) <= LONGEST_LONG_NAME, f"{name}: {long_name!r}"
        if "sweep_name" not in f.attrs:  # a table's columns are named by the user's metrics and key paths
            f.visititems(visit)
            for group in ("timeseries", "summary", "projection"):
                if group in f:
                    assert any("comment" in node.attrs for node in f[group].values()), group


def test_time_series_have_bounds_and_cell_methods(real_path):
    raw = xr.open_dataset(real_path, group="timeseries", engine="h5netcdf", decode_times=False)
    assert raw["time"].attrs["bounds"] == "time_bnds" and raw["time_bnds"].dims == ("time", "bnds")
    bounds = raw["time_bnds"].values
    np.testing.assert_array_equal(bounds[:, 1], raw["time"].values)
    np.testing.assert_array_equal(bounds[1:, 0], bounds[:-1, 1])
    assert bounds[0, 0] == 0.0
    for name in ("it_power", "facility_power", "pue", "carbon_intensity", "emissions_rate"):
        assert raw[name].attrs["cell_methods"] == "time: mean", name
    for name in ("energy", "emissions", "water_onsite", "water_offsite"):
        assert raw[name].attrs["cell_methods"] == "time: point", name
    assert raw["outdoor_temperature"].attrs["standard_name"] == "air_temperature"
    assert raw["wet_bulb_temperature"].attrs["standard_name"] == "wet_bulb_temperature"


def test_an_interval_mean_times_its_bounds_is_the_interval_energy(quickstart_path):
    """What cell_methods states, checked: the mean power times the length of its bounds sums to the total."""
    raw = xr.open_dataset(quickstart_path, group="timeseries", engine="h5netcdf", decode_times=False)
    summary = xr.open_dataset(quickstart_path, group="summary", engine="h5netcdf")
    lengths = raw["time_bnds"].values[:, 1] - raw["time_bnds"].values[:, 0]
    energy = (raw["facility_power"].values * lengths[:, None]).sum(axis=0)
    np.testing.assert_allclose(energy, summary["facility_energy"].values, rtol=1e-9)
    np.testing.assert_allclose(raw["energy"].values[-1], summary["facility_energy"].values, rtol=1e-9)


def test_projection_years_are_integers(real_projection_path):
    for engine in ("netcdf4", "h5netcdf"):
        projection = xr.open_dataset(real_projection_path, group="projection", engine=engine)
        assert projection["year"].dtype == np.int64
        assert float(projection["electricity"].sel(year=2022, case="base").sum()) > 0
