"""Fixtures for the analysis package's tests: synthetic terawatt files written here, and real outputs.

Real outputs come from environment variables that ctest sets (tests/CMakeLists.txt): TERAWATT_QUICKSTART and
TERAWATT_HOT_AND_COLD (run outputs) and TERAWATT_SWEEP (a `terawatt collect` table). Tests that need one are
skipped when it is not set, unless TERAWATT_REQUIRE_OUTPUTS=1 (as under ctest), where that is a failure.
Run by hand: PYTHONPATH=. TERAWATT_QUICKSTART=quickstart.h5 /usr/bin/python3 -m pytest -q tests/analysis
"""

import os

import numpy as np
import pytest

SCENARIO_RESOLVED = """\
scenario:
  name: synthetic
  description: "Two sites, three clusters, two workloads: a fixture written by conftest.py."
  start: 2024-03-30T00:00:00Z
sites:
  - name: north
    pue: 1.2
  - name: south
    facility:
      preset: hyperscale
clusters:
  - name: a
    site: north
    accelerator: h100-sxm
    servers: 2
  - name: b
    site: north
    accelerator: h100-sxm
    servers: 1
  - name: c
    site: south
    accelerator: h100-sxm
    servers: 4
    network:
      bandwidth: 400000000000 B/s
workloads:
  - name: w1
    type: training
    cluster: a
  - name: w2
    type: training
    cluster: c
"""

START = "2024-03-30T00:00:00Z"
SITES = ["north", "south"]
CLUSTERS = ["a", "b", "c"]
SITE_OF_CLUSTER = {"a": "north", "b": "north", "c": "south"}
WORKLOADS = ["w1", "w2"]
CLUSTER_OF_WORKLOAD = {"w1": "a", "w2": "c"}


def synthetic_series(seed=3):
    """Arrays of a consistent synthetic run: hourly for two days and a last half-hour interval (49 samples)."""
    rng = np.random.default_rng(seed)
    offsets = np.concatenate([np.arange(1, 49) * 3600.0, [48 * 3600.0 + 1800.0]])
    dt = np.diff(offsets, prepend=0.0)
    n = len(offsets)
    it = rng.uniform(20e3, 80e3, size=(n, 3))
    site_it = np.stack([it[:, 0] + it[:, 1], it[:, 2]], axis=1)
    pue = np.stack([np.full(n, 1.2), rng.uniform(1.08, 1.3, size=n)], axis=1)
    facility = site_it * pue
    intensity = np.stack([np.full(n, 352.0), rng.uniform(50.0, 400.0, size=n)], axis=1)
    rate = facility * intensity / 3.6e6
    temperature = np.stack([np.full(n, np.nan), rng.uniform(-5.0, 35.0, size=n)], axis=1)
    workload = np.stack([np.where(np.arange(n) < 30, 0.5 * it[:, 0], 0.0), it[:, 2]], axis=1)
    water_rate = np.stack([np.full(n, 1e-4), rng.uniform(1e-4, 5e-4, size=n)], axis=1)
    return {"offsets": offsets, "dt": dt, "it": it, "gpu": 0.6 * it, "site_it": site_it, "pue": pue,
            "facility": facility, "intensity": intensity, "rate": rate, "temperature": temperature,
            "workload": workload, "water_rate": water_rate}


def _timeseries_dataset(s):
    import xarray as xr

    def var(data, dim, units, long_name):
        return (("time", dim), data, {"units": units, "long_name": long_name})

    nan = np.full_like(s["facility"], np.nan)
    ds = xr.Dataset(
        {
            "it_power": var(s["it"], "cluster", "W", "IT power"),
            "gpu_power": var(s["gpu"], "cluster", "W", "accelerator power"),
            "site_it_power": var(s["site_it"], "site", "W", "IT power of the site"),
            "facility_power": var(s["facility"], "site", "W", "facility power"),
            "overhead_power": var(s["facility"] - s["site_it"], "site", "W", "facility - IT power"),
            "cooling_power": var(nan, "site", "W", "cooling plant power"),
            "pue": var(s["pue"], "site", "1", "PUE"),
            "outdoor_temperature": var(s["temperature"], "site", "degC", "dry-bulb temperature"),
            "carbon_intensity": var(s["intensity"], "site", "g/kWh", "grid carbon intensity"),
            "emissions_rate": var(s["rate"], "site", "g/s", "operational CO2e rate"),
            "energy": var(np.cumsum(s["facility"] * s["dt"][:, None], axis=0), "site", "J", "facility energy"),
            "emissions": var(np.cumsum(s["rate"] * s["dt"][:, None], axis=0) / 1000.0, "site", "kg", "CO2e"),
            "water_onsite": var(np.cumsum(s["water_rate"] * s["dt"][:, None], axis=0), "site", "m3", "water"),
            "water_offsite": var(np.zeros_like(s["facility"]), "site", "m3", "off-site water"),
            "workload_power": var(s["workload"], "workload", "W", "IT power of the workload's servers"),
        },
        coords={
            "time": ("time", s["offsets"], {"units": f"seconds since {START}", "calendar": "standard",
                                            "long_name": "time", "standard_name": "time", "axis": "T"}),
            "site": ("site", np.array(SITES, dtype=object), {"long_name": "site"}),
            "cluster": ("cluster", np.array(CLUSTERS, dtype=object), {"long_name": "cluster"}),
            "workload": ("workload", np.array(WORKLOADS, dtype=object), {"long_name": "workload"}),
        },
    )
    return ds


def synthetic_summary(s):
    """The /summary totals of the synthetic series, computed here with numpy (independently of the package)."""
    dt = s["dt"][:, None]
    facility_energy = (s["facility"] * dt).sum(axis=0)
    site_it_energy = (s["site_it"] * dt).sum(axis=0)
    site_index = [SITES.index(SITE_OF_CLUSTER[CLUSTER_OF_WORKLOAD[w]]) for w in WORKLOADS]
    share = s["workload"] / s["site_it"][:, site_index]
    return {
        "it_energy": (s["it"] * dt).sum(axis=0),
        "gpu_energy": (s["gpu"] * dt).sum(axis=0),
        "site_it_energy": site_it_energy,
        "facility_energy": facility_energy,
        "emissions": (s["rate"] * dt).sum(axis=0) / 1000.0,
        "water_onsite": (s["water_rate"] * dt).sum(axis=0),
        "mean_pue": facility_energy / site_it_energy,
        "workload_energy": (s["workload"] * dt).sum(axis=0),
        "workload_facility_energy": (share * s["facility"][:, site_index] * dt).sum(axis=0),
        "workload_emissions": (share * s["rate"][:, site_index] * dt).sum(axis=0) / 1000.0,
    }


def _summary_dataset(s):
    import xarray as xr

    totals = synthetic_summary(s)
    dims = {"it_energy": ("cluster", "J"), "gpu_energy": ("cluster", "J"), "site_it_energy": ("site", "J"),
            "facility_energy": ("site", "J"), "emissions": ("site", "kg"), "water_onsite": ("site", "m3"),
            "mean_pue": ("site", "1"), "workload_energy": ("workload", "J"),
            "workload_facility_energy": ("workload", "J"), "workload_emissions": ("workload", "kg")}
    data = {name: (dim, totals[name], {"units": units, "long_name": name.replace("_", " ")})
            for name, (dim, units) in dims.items()}
    data["accelerators"] = ("cluster", np.array([16.0, 8.0, 32.0]), {"units": "1", "long_name": "accelerators"})
    data["embodied_emissions"] = ("cluster", np.zeros(3), {"units": "kg", "long_name": "embodied CO2e"})
    data["water_offsite"] = ("site", np.zeros(2), {"units": "m3", "long_name": "off-site water"})
    data["gpu_hours"] = ("workload", np.array([240.0, 1536.0]), {"units": "hour", "long_name": "GPU-hours"})
    data["progress"] = ("workload", np.array([1.0, 0.5]), {"units": "1", "long_name": "progress"})
    data["start_time"] = ("workload", np.array([0.0, 0.0]), {"units": "s", "long_name": "start time"})
    coords = {"site": ("site", np.array(SITES, dtype=object), {"long_name": "site"}),
              "cluster": ("cluster", np.array(CLUSTERS, dtype=object), {"long_name": "cluster"}),
              "workload": ("workload", np.array(WORKLOADS, dtype=object), {"long_name": "workload"})}
    return xr.Dataset(data, coords=coords)


def _projection_dataset():
    import xarray as xr

    years = np.array([2025.0, 2026.0, 2027.0])
    cases = np.array(["low", "high"], dtype=object)
    energy = np.array([[100.0, 120.0], [110.0, 150.0], [121.0, 190.0]])
    return xr.Dataset({"energy": (("year", "case"), energy, {"units": "TWh", "long_name": "electricity"})},
                      coords={"year": ("year", years, {"units": "1", "long_name": "year"}),
                              "case": ("case", cases, {"long_name": "case"})})


def write_synthetic_run(path, groups=("timeseries", "summary"), root_attrs=None, seed=3):
    """Write a synthetic terawatt run file with the given groups; returns the series it was made from."""
    import h5py

    series = synthetic_series(seed)
    makers = {"timeseries": lambda: _timeseries_dataset(series), "summary": lambda: _summary_dataset(series),
              "projection": _projection_dataset}
    mode = "w"
    for group in groups:
        makers[group]().to_netcdf(path, group=group, mode=mode, engine="h5netcdf")
        mode = "a"
    attrs = {"software": "terawatt", "version": "0.1.0", "complete": np.int32(1), "scenario_name": "synthetic",
             "description": "a synthetic fixture", "start": START, "scenario_resolved": SCENARIO_RESOLVED,
             "Conventions": "CF-1.8"}
    attrs.update(root_attrs or {})
    with h5py.File(path, "a") as f:
        for name, value in attrs.items():
            if value is None:
                f.attrs.pop(name, None)
            else:
                f.attrs[name] = value
    return series


@pytest.fixture
def make_synthetic(tmp_path):
    """A factory: make_synthetic(name, groups=..., root_attrs=...) writes a synthetic file, returns its path."""

    def make(name="synthetic.h5", **kwargs):
        path = tmp_path / name
        write_synthetic_run(path, **kwargs)
        return path

    return make


@pytest.fixture(scope="session")
def synthetic_path(tmp_path_factory):
    """One synthetic run file for the session (helpers do not change what they read: a test checks it)."""
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.h5"
    write_synthetic_run(path)
    return path


@pytest.fixture
def synthetic_expected():
    """The synthetic run's series and its /summary totals computed with numpy: (series, totals)."""
    series = synthetic_series()
    return series, synthetic_summary(series)


@pytest.fixture(scope="session")
def synthetic_run(synthetic_path):
    import analysis

    return analysis.open_run(synthetic_path)


def _output(variable):
    path = os.environ.get(variable)
    if path and os.path.exists(path):
        return path
    message = f"{variable} is not set or names no file ({path!r})"
    if os.environ.get("TERAWATT_REQUIRE_OUTPUTS") == "1":
        pytest.fail(message)
    pytest.skip(message)


_RUNS = {}


def _opened(path):
    """open_run(path), once per session: opening costs about 0.3 s (h5netcdf reading the dimension scales)."""
    import analysis

    if path not in _RUNS:
        _RUNS[path] = analysis.open_run(path)
    return _RUNS[path]


@pytest.fixture(params=["TERAWATT_QUICKSTART", "TERAWATT_HOT_AND_COLD"])
def real_path(request):
    """Each real run output in turn."""
    return _output(request.param)


@pytest.fixture
def real_run(real_path):
    """Each real run output in turn, opened."""
    return _opened(real_path)


@pytest.fixture
def quickstart_run(quickstart_path):
    return _opened(quickstart_path)


@pytest.fixture
def hot_and_cold_run(hot_and_cold_path):
    return _opened(hot_and_cold_path)


@pytest.fixture
def quickstart_path():
    return _output("TERAWATT_QUICKSTART")


@pytest.fixture
def hot_and_cold_path():
    return _output("TERAWATT_HOT_AND_COLD")


@pytest.fixture
def sweep_path():
    return _output("TERAWATT_SWEEP")
