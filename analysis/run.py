"""Open a terawatt run's HDF5 output as xarray Datasets: the one entry point, `open_run`.

The file's groups (README "Output reference") become Datasets with their variables exactly as written (float64, SI
units in each variable's `units` attribute, no rounding or rescaling):

- `Run.timeseries`: dims `time`, `site`, `cluster` (and `workload`). `time` is decoded to datetime64 and is the END
  of each interval; every value is the mean over that interval. One coordinate is added, `interval(time)` [s]: the
  interval lengths, taken from the raw CF offsets (`seconds since <start>`), so that power x interval sums to
  the energies in `/summary`.
- `Run.summary`: dims `site`, `cluster` (and `workload`): totals over the run.
- `Run.projection`: the `/projection` group when the file has one, else None.

Every Dataset also carries the file's root attributes (provenance, `scenario_resolved`, `start`, ...) in its
`attrs`, which the helpers on the dataset (`ds.terawatt`, see `analysis.aggregate`) read.
"""

import json

import numpy as np

REQUIRED_GROUPS = ("timeseries", "summary")
OPTIONAL_GROUPS = ("projection",)


class NotATerawattRun(ValueError):
    """The file is not a complete terawatt run output (not HDF5, not terawatt, a sweep table, a missing group)."""


def open_run(path):
    """Open terawatt run output `path` (an .h5 file written by `terawatt run`) and return a `Run`.

    The groups are read whole into memory and the file is closed. Raises FileNotFoundError when the file does not
    exist and NotATerawattRun (a ValueError) with the reason when it is not a complete terawatt run.
    """
    root_attrs, groups = _inspect(path)
    datasets = {group: _open_group(path, group, root_attrs) for group in groups}
    return Run(path, root_attrs, datasets["timeseries"], datasets["summary"], datasets.get("projection"))


class Run:
    """A terawatt run: `timeseries`, `summary` and `projection` (None without) as xarray Datasets.

    `attrs` are the file's root attributes; `sites`, `clusters`, `workloads` the labels; `site_of_cluster` and
    `cluster_of_workload` the scenario's topology. Helpers (energy and emissions by site, cluster or workload,
    daily and monthly aggregates, PUE and carbon-intensity statistics) and plots are methods; they delegate to
    `analysis.aggregate` and `analysis.plots` (matplotlib is imported only when a plot is drawn).
    """

    def __init__(self, path, attrs, timeseries, summary, projection=None):
        self.path = str(path)
        self.attrs = attrs
        self.timeseries = timeseries
        self.summary = summary
        self.projection = projection

    def __repr__(self):
        sizes = ", ".join(f"{name}: {size}" for name, size in self.timeseries.sizes.items())
        return (f"<terawatt Run {self.attrs.get('scenario_name', '?')!r} from {self.path} ({sizes}); "
                f"groups: {', '.join(self.groups)}>")

    @property
    def name(self):
        """The scenario's name."""
        return str(self.attrs.get("scenario_name", ""))

    @property
    def groups(self):
        """The names of the groups read from the file."""
        return [g for g, ds in (("timeseries", self.timeseries), ("summary", self.summary),
                                ("projection", self.projection)) if ds is not None]

    @property
    def sites(self):
        return [str(s) for s in self.summary["site"].values]

    @property
    def clusters(self):
        return [str(c) for c in self.summary["cluster"].values]

    @property
    def workloads(self):
        return [str(w) for w in self.summary["workload"].values] if "workload" in self.summary.dims else []

    @property
    def site_of_cluster(self):
        """{cluster: site} from the resolved scenario."""
        return topology(self.attrs)["site_of_cluster"]

    @property
    def cluster_of_workload(self):
        """{workload: cluster} from the resolved scenario."""
        return topology(self.attrs)["cluster_of_workload"]

    # Helpers on the data (analysis.aggregate).
    def energy(self, by="site", kind="facility"):
        """Energy over the run [J] by 'site', 'cluster' or 'workload'; kind 'facility', 'it' or 'gpu'."""
        return self.timeseries.terawatt.energy(by=by, kind=kind)

    def emissions(self, by="site"):
        """Operational CO2e over the run [kg] by 'site', 'cluster' or 'workload' (location-based)."""
        return self.timeseries.terawatt.emissions(by=by)

    def daily(self):
        """Per-day energies [J], emissions [kg], water [m3], PUE and intensity: see aggregate.periodic."""
        return self.timeseries.terawatt.periodic("D")

    def monthly(self):
        """Per-month energies [J], emissions [kg], water [m3], PUE and intensity: see aggregate.periodic."""
        return self.timeseries.terawatt.periodic("MS")

    def pue_stats(self):
        """PUE statistics per site [1]: see aggregate.pue_stats."""
        return self.timeseries.terawatt.pue_stats()

    def carbon_intensity_stats(self):
        """Carbon-intensity statistics per site [g/kWh]: see aggregate.carbon_intensity_stats."""
        return self.timeseries.terawatt.carbon_intensity_stats()

    def totals(self):
        """Whole-run totals as scalars with units, from `/summary`: see aggregate.totals."""
        from .aggregate import totals

        return totals(self.summary)

    # Plots (analysis.plots; matplotlib imported on first use).
    def plot_power(self, **kwargs):
        """Stacked IT power by cluster with each site's facility overhead on top: see plots.power_stack."""
        from . import plots

        return plots.power_stack(self.timeseries, **kwargs)

    def plot_pue_temperature(self, **kwargs):
        """PUE and outdoor temperature per site: see plots.pue_temperature."""
        from . import plots

        return plots.pue_temperature(self.timeseries, **kwargs)

    def plot_cumulative_emissions(self, **kwargs):
        """Cumulative operational CO2e by site, cluster or workload: see plots.cumulative_emissions."""
        from . import plots

        return plots.cumulative_emissions(self.timeseries, **kwargs)


def topology(attrs):
    """{'site_of_cluster': {...}, 'cluster_of_workload': {...}} from the root attribute `scenario_resolved`.

    terawatt writes the resolved scenario in a fixed layout (`  - name: X` items under the top-level `clusters:`
    and `workloads:` keys, their keys indented by four spaces), read here line by line so that no YAML library is
    needed. Raises NotATerawattRun when the attribute is missing or an item lacks its site or cluster.
    """
    text = attrs.get("scenario_resolved")
    if not isinstance(text, str):
        raise NotATerawattRun("the root attribute 'scenario_resolved' is missing: cannot tell which cluster is where")
    items = _list_items(text)
    site_of_cluster = _mapping(items.get("clusters", []), "site", "clusters")
    cluster_of_workload = _mapping(items.get("workloads", []), "cluster", "workloads")
    return {"site_of_cluster": site_of_cluster, "cluster_of_workload": cluster_of_workload}


def _list_items(text):
    """{section: [{key: value}]} for the top-level list sections of a resolved scenario (scalars only)."""
    sections, section, item = {}, None, None
    for line in text.splitlines():
        if line and not line.startswith(" ") and line.endswith(":"):
            section, item = line[:-1], None
            sections[section] = []
        elif section is not None and line.startswith("  - "):
            item = {}
            sections[section].append(item)
            _put(item, line[4:])
        elif item is not None and line.startswith("    ") and not line.startswith("     "):
            _put(item, line[4:])
    return sections


def _put(item, key_value):
    key, _, value = key_value.partition(":")
    value = value.strip()
    if value.startswith('"'):
        value = json.loads(value)
    item[key.strip()] = value


def _mapping(items, key, section):
    mapping = {}
    for item in items:
        if "name" not in item or key not in item:
            raise NotATerawattRun(f"scenario_resolved: an item of {section} has no name or {key}: {item}")
        mapping[item["name"]] = item[key]
    return mapping


def _inspect(path):
    """Root attributes and the groups to read; raises NotATerawattRun with the reason for a file that is not one."""
    import h5py

    try:
        f = h5py.File(path, "r")
    except FileNotFoundError:
        raise
    except OSError as error:
        raise NotATerawattRun(f"{path}: not a terawatt run: not an HDF5 file ({error})") from error
    with f:
        attrs = {name: _attribute(value) for name, value in f.attrs.items()}
        groups = [name for name in f.keys() if isinstance(f[name], h5py.Group)]
    if attrs.get("software") != "terawatt":
        found = f"is {attrs['software']!r}" if "software" in attrs else "is missing"
        raise NotATerawattRun(f"{path}: not a terawatt run: root attribute 'software' {found}, expected 'terawatt'")
    if "sweep_name" in attrs:
        raise NotATerawattRun(f"{path}: not a terawatt run but a sweep table (`terawatt collect`): "
                              "open it with analysis.open_sweep")
    for group in REQUIRED_GROUPS:
        if group not in groups:
            raise NotATerawattRun(f"{path}: not a terawatt run: no /{group} group")
    if attrs.get("complete") != 1:
        raise NotATerawattRun(f"{path}: incomplete terawatt run (root attribute complete = "
                              f"{attrs.get('complete')!r}): the run did not finish")
    return attrs, list(REQUIRED_GROUPS) + [g for g in OPTIONAL_GROUPS if g in groups]


def _attribute(value):
    """A root attribute as a plain Python value (str, int or float), as h5py reads it."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _open_group(path, group, root_attrs):
    """One group as a Dataset read into memory, with the root attributes, and `interval` for the time series."""
    import xarray as xr

    with xr.open_dataset(path, group=group, engine="h5netcdf", decode_times=False) as raw:
        raw.load()
    _require_units(raw, path, group)
    if "time" in raw.dims:
        interval = _interval_lengths(raw["time"])
        dataset = xr.decode_cf(raw)
        dataset = dataset.assign_coords(interval=("time", interval, {
            "units": "s", "long_name": "length of the interval that ends at time"}))
    else:
        dataset = raw
    # Root attributes, less netCDF's reserved ones (`_NCProperties`), which a Dataset cannot write back.
    public = {name: value for name, value in root_attrs.items() if not name.startswith("_")}
    dataset.attrs = {**public, **raw.attrs, "group": group}
    return dataset


def _interval_lengths(raw_time):
    """Lengths [s] of the intervals ending at the raw CF offsets (seconds since the start); the first starts at 0."""
    units = raw_time.attrs.get("units", "")
    if not units.startswith("seconds since "):
        raise NotATerawattRun(f"time has units {units!r}, expected 'seconds since <start>'")
    offsets = np.asarray(raw_time.values, dtype=np.float64)
    return np.diff(offsets, prepend=0.0)


def _require_units(dataset, path, group):
    missing = [name for name, var in dataset.data_vars.items() if "units" not in var.attrs]
    if missing:
        raise NotATerawattRun(f"{path}: /{group}: variables without a units attribute: {', '.join(missing)}")
