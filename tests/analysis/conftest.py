"""Fixtures for the analysis package's tests: synthetic terawatt files written here, and real outputs.

This file is long because the synthetic files reproduce each layout the package reads (runs, services, sweeps,
projections), and every test module shares them.

Real outputs come from environment variables that ctest sets (tests/CMakeLists.txt): TERAWATT_QUICKSTART,
TERAWATT_HOT_AND_COLD and TERAWATT_TEXT_IMAGE_VIDEO (run outputs; the last with inference services),
TERAWATT_PROJECTION (a projection output) and TERAWATT_SWEEP (a `terawatt collect` table). Tests that need one are
skipped when it is not set, unless TERAWATT_REQUIRE_OUTPUTS=1 (as under ctest), where that is a failure.
Run by hand: PYTHONPATH=analysis TERAWATT_QUICKSTART=quickstart.h5 /usr/bin/python3 -m pytest -q tests/analysis
"""

import os

import numpy as np
import pytest

# Provenance only: the analysis reads the topology from the coordinates, never from this text.
SCENARIO_RESOLVED = """\
scenario:
  name: synthetic
  description: "Two sites, three clusters, two workloads: a fixture written by conftest.py."
"""

START = "2024-03-30T00:00:00Z"
SITES = ["north", "south"]
CLUSTERS = ["a", "b", "c"]
SITE_OF_CLUSTER = {"a": "north", "b": "north", "c": "south"}
WORKLOADS = ["w1", "w2"]
CLUSTER_OF_WORKLOAD = {"w1": "a", "w2": "c"}

# With services=True: three inference services, also workloads (text and image on cluster b, video on cluster a).
SERVICES = ["chat", "draw", "film"]
CLUSTER_OF_SERVICE = {"chat": "b", "draw": "b", "film": "a"}
# CF flag variables as terawatt writes them: int8 values indexing the meanings, listed in this order.
MODALITY_MEANINGS = "text image video"
FIDELITY_MEANINGS = "request batch fluid"
MODALITY_FLAGS = [0, 1, 2]  # text, image, video
FIDELITY_FLAGS = [2, 1, 0]  # fluid, batch, request

# The projection fixture: the layout of `terawatt run` on a projection scenario (year labels written as text).
PROJECTION_YEARS = [2022, 2023, 2024]
PROJECTION_SEGMENTS = ["ai", "conventional", "crypto"]
PROJECTION_REGIONS = ["us", "eu"]
PROJECTION_CASES = ["low", "base", "high"]


def synthetic_series(seed=3, services=False):
    """Arrays of a consistent synthetic run: hourly for two days and a last half-hour interval (49 samples); with
    `services`, three inference services (workloads too) with their per-interval rates."""
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
    series = {"offsets": offsets, "dt": dt, "it": it, "gpu": 0.6 * it, "site_it": site_it, "pue": pue,
              "facility": facility, "intensity": intensity, "rate": rate, "temperature": temperature,
              "workload": workload, "water_rate": water_rate, "workloads": list(WORKLOADS),
              "cluster_of_workload": dict(CLUSTER_OF_WORKLOAD)}
    if services:
        _add_services(series, rng)
    return series


def _add_services(series, rng):
    """Services on the synthetic clusters: their servers' IT power, and request, output and replica rates."""
    n, it = len(series["dt"]), series["it"]
    power = np.stack([0.4 * it[:, 1], 0.5 * it[:, 1], 0.4 * it[:, 0]], axis=1)
    served = np.stack([rng.uniform(5.0, 40.0, n), rng.uniform(0.5, 3.0, n), rng.uniform(0.01, 0.1, n)], axis=1)
    served[10:12, 2] = 0.0  # two intervals without a finished clip
    zeros = np.zeros(n)
    series.update({
        "workload": np.concatenate([series["workload"], power], axis=1),
        "workloads": WORKLOADS + SERVICES,
        "cluster_of_workload": {**CLUSTER_OF_WORKLOAD, **CLUSTER_OF_SERVICE},
        "request_rate": served * rng.uniform(1.0, 1.05, size=served.shape),
        "served_rate": served,
        "token_rate": np.stack([300.0 * served[:, 0], zeros, zeros], axis=1),
        "image_rate": np.stack([zeros, served[:, 1], zeros], axis=1),
        "video_rate": np.stack([zeros, zeros, 5.0 * served[:, 2]], axis=1),
        "serving_replicas": rng.integers(1, 9, size=(n, 3)).astype(float),
    })


def _topology_coords(s, services):
    """The topology coordinates terawatt writes in /summary and /timeseries."""
    coords = {"site_of_cluster": ("cluster", np.array([SITE_OF_CLUSTER[c] for c in CLUSTERS], dtype=object),
                                  {"long_name": "site the cluster is on"}),
              "cluster_of_workload": ("workload",
                                      np.array([s["cluster_of_workload"][w] for w in s["workloads"]], dtype=object),
                                      {"long_name": "cluster the workload runs on"})}
    if services:
        coords["cluster_of_service"] = ("service", np.array([CLUSTER_OF_SERVICE[n] for n in SERVICES], dtype=object),
                                        {"long_name": "cluster the inference service runs on"})
    return coords


def _flag(values, meanings, long_name):
    return ("service", np.array(values, dtype=np.int8), {
        "flag_values": np.arange(len(meanings.split()), dtype=np.int8), "flag_meanings": meanings,
        "long_name": long_name})


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
            "carbon_intensity": var(s["intensity"], "site", "g/(kW h)", "grid carbon intensity"),
            "emissions_rate": var(s["rate"], "site", "g/s", "operational CO2e rate"),
            "energy": var(np.cumsum(s["facility"] * s["dt"][:, None], axis=0), "site", "J", "facility energy"),
            "emissions": var(np.cumsum(s["rate"] * s["dt"][:, None], axis=0) / 1000.0, "site", "kg", "CO2e"),
            "water_onsite": var(np.cumsum(s["water_rate"] * s["dt"][:, None], axis=0), "site", "m^3", "water"),
            "water_offsite": var(np.zeros_like(s["facility"]), "site", "m^3", "off-site water"),
            "workload_power": var(s["workload"], "workload", "W", "IT power of the servers the workload holds"),
            # CF bounds of time, as the program writes them: each row's interval, from the previous row's time.
            "time_bnds": (("time", "bnds"), np.stack([s["offsets"] - s["dt"], s["offsets"]], axis=1)),
        },
        coords={
            "time": ("time", s["offsets"], {"units": f"seconds since {START}", "calendar": "standard",
                                            "long_name": "time", "standard_name": "time", "axis": "T",
                                            "bounds": "time_bnds"}),
            "site": ("site", np.array(SITES, dtype=object), {"long_name": "site"}),
            "cluster": ("cluster", np.array(CLUSTERS, dtype=object), {"long_name": "cluster"}),
            "workload": ("workload", np.array(s["workloads"], dtype=object), {"long_name": "workload"}),
        },
    )
    if "served_rate" in s:
        rates = {"request_rate": ("s^-1", "requests arrived per second"), "served_rate": ("s^-1", "requests completed"),
                 "token_rate": ("s^-1", "output tokens per second"), "image_rate": ("s^-1", "images per second"),
                 "video_rate": ("1", "seconds of video per second"), "serving_replicas": ("1", "replicas serving")}
        for name, (units, long_name) in rates.items():
            ds[name] = var(s[name], "service", units, long_name)
        ds = ds.assign_coords(service=("service", np.array(SERVICES, dtype=object), {"long_name": "inference service"}))
    return ds.assign_coords(_topology_coords(s, "served_rate" in s))


def synthetic_summary(s):
    """The /summary totals of the synthetic series, computed here with numpy (independently of the package)."""
    dt = s["dt"][:, None]
    facility_energy = (s["facility"] * dt).sum(axis=0)
    site_it_energy = (s["site_it"] * dt).sum(axis=0)
    site_index = [SITES.index(SITE_OF_CLUSTER[s["cluster_of_workload"][w]]) for w in s["workloads"]]
    share = s["workload"] / s["site_it"][:, site_index]
    totals = {
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
    if "served_rate" in s:
        totals.update(_service_totals(s, totals))
    return totals


def _service_totals(s, totals):
    """The /summary service variables of the synthetic services (numpy; the services are the last workloads)."""
    dt = s["dt"][:, None]
    count = {name: (s[rate] * dt).sum(axis=0) for name, rate in (
        ("requests_arrived", "request_rate"), ("requests_served", "served_rate"), ("output_tokens", "token_rate"),
        ("images", "image_rate"), ("video_seconds", "video_rate"))}
    k = len(SERVICES)
    facility, it, emissions = (totals[name][-k:] for name in
                               ("workload_facility_energy", "workload_energy", "workload_emissions"))
    served = count["requests_served"]
    with np.errstate(divide="ignore", invalid="ignore"):
        per = {"energy_per_request": facility / served, "it_energy_per_request": it / served,
               "emissions_per_request": emissions / served,
               "energy_per_1k_tokens": np.where(count["output_tokens"] > 0, facility / (count["output_tokens"] / 1e3),
                                                np.nan),
               "energy_per_image": np.where(count["images"] > 0, facility / count["images"], np.nan),
               "energy_per_video_second": np.where(count["video_seconds"] > 0, facility / count["video_seconds"],
                                                   np.nan)}
    return {**count, **per, "requests_waiting": count["requests_arrived"] - served,
            "replica_hours": (s["serving_replicas"] * dt).sum(axis=0) / 3600.0,
            "energy_stars": np.array([3.0, 2.0, 1.0]), "latency_mean": np.array([2.5, 4.0, 300.0]),
            "busy_fraction": np.array([0.9, 0.5, 0.3])}


def _summary_dataset(s):
    import xarray as xr

    totals = synthetic_summary(s)
    dims = {"it_energy": ("cluster", "J"), "gpu_energy": ("cluster", "J"), "site_it_energy": ("site", "J"),
            "facility_energy": ("site", "J"), "emissions": ("site", "kg"), "water_onsite": ("site", "m^3"),
            "mean_pue": ("site", "1"), "workload_energy": ("workload", "J"),
            "workload_facility_energy": ("workload", "J"), "workload_emissions": ("workload", "kg")}
    data = {name: (dim, totals[name], {"units": units, "long_name": name.replace("_", " ")})
            for name, (dim, units) in dims.items()}
    data["accelerators"] = ("cluster", np.array([16.0, 8.0, 32.0]), {"units": "1", "long_name": "accelerators"})
    data["embodied_emissions"] = ("cluster", np.zeros(3), {"units": "kg", "long_name": "embodied CO2e"})
    data["water_offsite"] = ("site", np.zeros(2), {"units": "m^3", "long_name": "off-site water"})
    extra = len(s["workloads"]) - len(WORKLOADS)
    data["gpu_hours"] = ("workload", np.array([240.0, 1536.0] + [96.0] * extra),
                         {"units": "hour", "long_name": "GPU-hours"})
    data["progress"] = ("workload", np.array([1.0, 0.5] + [1.0] * extra), {"units": "1", "long_name": "progress"})
    data["start_time"] = ("workload", np.zeros(len(s["workloads"])), {"units": "s", "long_name": "start time"})
    coords = {"site": ("site", np.array(SITES, dtype=object), {"long_name": "site"}),
              "cluster": ("cluster", np.array(CLUSTERS, dtype=object), {"long_name": "cluster"}),
              "workload": ("workload", np.array(s["workloads"], dtype=object), {"long_name": "workload"})}
    if "served_rate" in s:
        service_units = {"video_seconds": "s", "energy_per_request": "J", "it_energy_per_request": "J",
                         "energy_per_1k_tokens": "J", "energy_per_image": "J", "energy_per_video_second": "J",
                         "emissions_per_request": "kg", "latency_mean": "s", "replica_hours": "hour"}
        for name in _service_totals(s, totals):
            data[name] = ("service", totals[name], {"units": service_units.get(name, "1"),
                                                    "long_name": name.replace("_", " ")})
        coords["service"] = ("service", np.array(SERVICES, dtype=object), {"long_name": "inference service"})
        data["modality"] = _flag(MODALITY_FLAGS, MODALITY_MEANINGS, "modality of the service's output")
        data["fidelity"] = _flag(FIDELITY_FLAGS, FIDELITY_MEANINGS, "fidelity of the service's simulation")
    return xr.Dataset(data, coords={**coords, **_topology_coords(s, "served_rate" in s)})


def synthetic_projection():
    """Arrays of a synthetic projection, (year, segment, region, case): electricity grows 10, 20 and 30 % a year
    in the low, base and high cases from the same first year; crypto is a given series (no IT electricity)."""
    growth = np.array([0.1, 0.2, 0.3])
    years = np.arange(len(PROJECTION_YEARS))[:, None, None, None]
    first = np.array([20.0, 200.0, 100.0])[None, :, None, None] * np.array([0.6, 0.4])[None, None, :, None]
    electricity = first * (1.0 + growth[None, None, None, :]) ** years
    pue = np.broadcast_to(np.array([1.2, 1.5, np.nan])[None, :, None, None], electricity.shape).copy()
    servers = electricity * 1e5
    return {"electricity": electricity, "it_electricity": electricity / pue, "emissions": electricity * 0.4,
            "installed_servers": servers,
            "installed_accelerators": servers * np.array([8.0, 0.0, 0.0])[None, :, None, None],
            "shipped_servers": servers * 0.2, "retired_servers": servers * 0.1, "pue": pue}


def _projection_dataset():
    import xarray as xr

    arrays = synthetic_projection()
    units = {"electricity": "TW h", "it_electricity": "TW h", "emissions": "Mt"}
    dims = ("year", "segment", "region", "case")
    labels = {"year": PROJECTION_YEARS, "segment": PROJECTION_SEGMENTS, "region": PROJECTION_REGIONS,
              "case": PROJECTION_CASES}
    return xr.Dataset({name: (dims, values, {"units": units.get(name, "1"), "long_name": name.replace("_", " ")})
                       for name, values in arrays.items()},
                      coords={dim: (dim, np.array(values, dtype=np.int64 if dim == "year" else object),
                                    {"long_name": dim})
                              for dim, values in labels.items()})


def write_synthetic_run(path, groups=("timeseries", "summary"), root_attrs=None, seed=3, services=False):
    """Write a synthetic terawatt run file with the given groups; returns the series it was made from. With
    `services`, the run has three inference services (text, image, video)."""
    import h5py

    series = synthetic_series(seed, services)
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
def services_path(tmp_path_factory):
    """A synthetic run with three inference services (text, image, video)."""
    path = tmp_path_factory.mktemp("services") / "services.h5"
    write_synthetic_run(path, services=True)
    return path


@pytest.fixture(scope="session")
def services_run(services_path):
    import terawatt

    return terawatt.open_run(services_path)


@pytest.fixture
def services_expected():
    """The synthetic services run's series and /summary totals computed with numpy: (series, totals)."""
    series = synthetic_series(services=True)
    return series, synthetic_summary(series)


@pytest.fixture(scope="session")
def projection_path(tmp_path_factory):
    """A synthetic projection output: /projection only, as `terawatt run` writes for a projection scenario."""
    path = tmp_path_factory.mktemp("projection") / "projection.h5"
    write_synthetic_run(path, groups=("projection",))
    return path


@pytest.fixture(scope="session")
def synthetic_run(synthetic_path):
    import terawatt

    return terawatt.open_run(synthetic_path)


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
    import terawatt

    if path not in _RUNS:
        _RUNS[path] = terawatt.open_run(path)
    return _RUNS[path]


@pytest.fixture(params=["TERAWATT_QUICKSTART", "TERAWATT_HOT_AND_COLD", "TERAWATT_TEXT_IMAGE_VIDEO"])
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


@pytest.fixture
def text_image_video_path():
    return _output("TERAWATT_TEXT_IMAGE_VIDEO")


@pytest.fixture
def text_image_video_run(text_image_video_path):
    """The run of scenarios/text-image-video.yaml: one fleet serving text, image and video."""
    return _opened(text_image_video_path)


@pytest.fixture
def real_projection_path():
    return _output("TERAWATT_PROJECTION")


@pytest.fixture
def real_projection(real_projection_path):
    """The projection of scenarios/iea-2022-2026.yaml, opened."""
    return _opened(real_projection_path)
