"""Open a terawatt run's HDF5 output as xarray Datasets: the one entry point, `open_run`.

The file's groups (README "Output reference") become Datasets with their variables exactly as written (float64, SI
units in each variable's `units` attribute, no rounding or rescaling):

- `Run.timeseries`: dims `time`, `site`, `cluster` (and `workload`). `time` is decoded to datetime64 and is the END
  of each interval; every value is the mean over that interval. One coordinate is added, `interval(time)` [s]: the
  interval lengths, taken from the raw CF offsets (`seconds since <start>`), so that power x interval sums to
  the energies in `/summary`.
- `Run.summary`: dims `site`, `cluster` (and `workload`): totals over the run.
- Inference services (`service` dimension of `/summary` and `/timeseries`): two coordinates are added along
  `service`, `modality` ('text', 'image', 'video', decoded from `modality_code`) and `fidelity` ('request',
  'batch', 'fluid', from `fidelity_code`), so that services select and label by name (`sel(service=...)`,
  `where(modality == 'video')`) without the reader knowing the codes. The code variables stay as written.
- `Run.projection`: the `/projection` group (dims `year`, `segment`, `region`, `case`) when the file has one, else
  None; `year` is decoded from the written labels ('2022') to integers so that it plots and selects as a number.
  `Run.coupling`: the `/coupling` group (what the representative clusters measured) or None.

A projection output (`terawatt run` on a scenario with `projection:`) has `/projection` and `/coupling` but no
`/timeseries` or `/summary`: its Run has `kind == 'projection'` and those two are None.

Every Dataset also carries the file's root attributes (provenance, `scenario_resolved`, `start`, ...) in its
`attrs`, which the helpers on the dataset (`ds.terawatt`, see `analysis.aggregate`) read.
"""

import json

import numpy as np

REQUIRED_GROUPS = ("timeseries", "summary")
OPTIONAL_GROUPS = ("projection", "coupling")

# Names of the codes terawatt writes as `modality_code` and `fidelity_code` (README, Output reference).
MODALITIES = ("text", "image", "video")
FIDELITIES = ("request", "batch", "fluid")


class NotATerawattRun(ValueError):
    """The file is not a complete terawatt run output (not HDF5, not terawatt, a sweep table, a missing group)."""


def open_run(path):
    """Open terawatt run output `path` (an .h5 file written by `terawatt run`) and return a `Run`.

    The groups are read whole into memory and the file is closed. Raises FileNotFoundError when the file does not
    exist and NotATerawattRun (a ValueError) with the reason when it is not a complete terawatt run.
    """
    root_attrs, groups = _inspect(path)
    datasets = {group: _open_group(path, group, root_attrs) for group in groups}
    summary, timeseries = _decode_services(datasets.get("summary"), datasets.get("timeseries"))
    projection = datasets.get("projection")
    if projection is not None:
        projection = _decode_years(projection)
    return Run(path, root_attrs, timeseries, summary, projection, datasets.get("coupling"))


class Run:
    """A terawatt run: `timeseries`, `summary`, `projection` and `coupling` (None where absent) as xarray Datasets.

    `attrs` are the file's root attributes; `sites`, `clusters`, `workloads`, `services` the labels;
    `site_of_cluster` and `cluster_of_workload` the scenario's topology. Helpers (energy and emissions by site,
    cluster or workload, daily and monthly aggregates, PUE and carbon-intensity statistics, inference services,
    projection totals) and plots are methods; they delegate to `analysis.aggregate`, `analysis.services`,
    `analysis.projection` and the plot modules (matplotlib is imported only when a plot is drawn).
    """

    def __init__(self, path, attrs, timeseries, summary, projection=None, coupling=None):
        self.path = str(path)
        self.attrs = attrs
        self.timeseries = timeseries
        self.summary = summary
        self.projection = projection
        self.coupling = coupling

    def __repr__(self):
        main = self.timeseries if self.timeseries is not None else self.projection
        sizes = ", ".join(f"{name}: {size}" for name, size in main.sizes.items())
        return (f"<terawatt Run {self.attrs.get('scenario_name', '?')!r} from {self.path} ({sizes}); "
                f"groups: {', '.join(self.groups)}>")

    @property
    def kind(self):
        """'simulation' (a time series and a summary) or 'projection' (a fleet projection: no time series)."""
        return "projection" if self.timeseries is None else "simulation"

    @property
    def name(self):
        """The scenario's name."""
        return str(self.attrs.get("scenario_name", ""))

    @property
    def groups(self):
        """The names of the groups read from the file."""
        return [g for g, ds in (("timeseries", self.timeseries), ("summary", self.summary),
                                ("projection", self.projection), ("coupling", self.coupling)) if ds is not None]

    def _labels(self, dim):
        if self.summary is None or dim not in self.summary.dims:
            return []
        return [str(label) for label in self.summary[dim].values]

    @property
    def sites(self):
        return self._labels("site")

    @property
    def clusters(self):
        return self._labels("cluster")

    @property
    def workloads(self):
        return self._labels("workload")

    @property
    def services(self):
        """The inference services (also workloads), in the file's order; [] without."""
        return self._labels("service")

    @property
    def series(self):
        """The time series, or a clear error for a projection output, which has none."""
        if self.timeseries is None:
            raise ValueError(f"{self.path} is a projection output: it has no /timeseries (see run.projection)")
        return self.timeseries

    @property
    def site_of_cluster(self):
        """{cluster: site} from the resolved scenario."""
        return topology(self.attrs)["site_of_cluster"]

    @property
    def cluster_of_workload(self):
        """{workload: cluster} from the resolved scenario."""
        return topology(self.attrs, self.workloads)["cluster_of_workload"]

    # Helpers on the data (analysis.aggregate).
    def energy(self, by="site", kind="facility"):
        """Energy over the run [J] by 'site', 'cluster' or 'workload'; kind 'facility', 'it' or 'gpu'."""
        return self.series.terawatt.energy(by=by, kind=kind)

    def emissions(self, by="site"):
        """Operational CO2e over the run [kg] by 'site', 'cluster' or 'workload' (location-based)."""
        return self.series.terawatt.emissions(by=by)

    def daily(self):
        """Per-day energies [J], emissions [kg], water [m3], PUE and intensity: see aggregate.periodic."""
        return self.series.terawatt.periodic("D")

    def monthly(self):
        """Per-month energies [J], emissions [kg], water [m3], PUE and intensity: see aggregate.periodic."""
        return self.series.terawatt.periodic("MS")

    def pue_stats(self):
        """PUE statistics per site [1]: see aggregate.pue_stats."""
        return self.series.terawatt.pue_stats()

    def carbon_intensity_stats(self):
        """Carbon-intensity statistics per site [g/kWh]: see aggregate.carbon_intensity_stats."""
        return self.series.terawatt.carbon_intensity_stats()

    def totals(self):
        """Whole-run totals as scalars with units, from `/summary`: see aggregate.totals."""
        from .aggregate import totals

        if self.summary is None:
            raise ValueError(f"{self.path} is a projection output: it has no /summary (see run.projection)")
        return totals(self.summary)

    # Inference services (analysis.services).
    def energy_per_unit(self, units="Wh"):
        """Energy per request, per 1,000 output tokens, per image and per video second by service: see
        services.energy_per_unit."""
        from . import services

        return services.energy_per_unit(self.summary, units=units)

    def modality_comparison(self, reference=None):
        """Text vs image vs video: per-request energy, emissions and latency, and ratios to the text service: see
        services.modality_comparison."""
        from . import services

        return services.modality_comparison(self.summary, reference=reference)

    def service_periods(self, freq="D"):
        """Requests, outputs and energy of each service per period (default daily): see services.periodic."""
        from . import services

        return services.periodic(self.series, freq)

    # Projections (analysis.projection).
    def projection_totals(self, variable="electricity"):
        """A projection variable summed over segments and regions, by year and case: see projection.totals."""
        from . import projection

        return projection.totals(self._projection(), variable)

    def projection_by_segment(self, variable="electricity", case="base"):
        """A projection variable by year and segment for one case, summed over regions: see projection.by."""
        from . import projection

        return projection.by(self._projection(), "segment", variable, case)

    def _projection(self):
        if self.projection is None:
            raise ValueError(f"{self.path} has no /projection group (a simulation; see run.timeseries)")
        return self.projection

    # Plots (analysis.plots; matplotlib imported on first use).
    def plot_power(self, **kwargs):
        """Stacked IT power by cluster with each site's facility overhead on top: see plots.power_stack."""
        from . import plots

        return plots.power_stack(self.series, **kwargs)

    def plot_pue_temperature(self, **kwargs):
        """PUE and outdoor temperature per site: see plots.pue_temperature."""
        from . import plots

        return plots.pue_temperature(self.series, **kwargs)

    def plot_cumulative_emissions(self, **kwargs):
        """Cumulative operational CO2e by site, cluster or workload: see plots.cumulative_emissions."""
        from . import plots

        return plots.cumulative_emissions(self.series, **kwargs)

    def plot_energy_per_request(self, **kwargs):
        """Facility energy per request by service and modality, log scale: see service_plots.energy_per_request."""
        from . import service_plots

        return service_plots.energy_per_request(self.summary, **kwargs)

    def plot_service_load(self, **kwargs):
        """Request rate, serving replicas and power of each service over time: see service_plots.service_load."""
        from . import service_plots

        return service_plots.service_load(self.series, **kwargs)

    def plot_projection(self, **kwargs):
        """Fan chart of electricity by year against the IEA's published figures: see fan_chart.fan_chart."""
        from . import fan_chart

        return fan_chart.fan_chart(self._projection(), **kwargs)


def topology(attrs, workloads=()):
    """{'site_of_cluster': {...}, 'cluster_of_workload': {...}} from the root attribute `scenario_resolved`.

    terawatt writes the resolved scenario in a fixed layout (`  - name: X` items under the top-level `clusters:`
    and `workloads:` keys, their keys indented by four spaces), read here line by line so that no YAML library is
    needed. Raises NotATerawattRun when the attribute is missing or an item lacks its site or cluster.

    `workloads`: labels of the file's workloads. One the resolved scenario does not list (terawatt 0.1 leaves the
    inference services out of it) is placed on the scenario's only cluster, as the loader does for a workload
    without `cluster`; with several clusters that is ambiguous, and it is left out (helpers that need its site
    then say so).
    """
    text = attrs.get("scenario_resolved")
    if not isinstance(text, str):
        raise NotATerawattRun("the root attribute 'scenario_resolved' is missing: cannot tell which cluster is where")
    items = _list_items(text)
    site_of_cluster = _mapping(items.get("clusters", []), "site", "clusters")
    cluster_of_workload = _mapping(items.get("workloads", []), "cluster", "workloads")
    if len(site_of_cluster) == 1:
        only = next(iter(site_of_cluster))
        cluster_of_workload.update({str(w): only for w in workloads if str(w) not in cluster_of_workload})
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
    # A projection output has /projection and no simulation groups; anything else must have both of them.
    projection_only = "projection" in groups and not any(g in groups for g in REQUIRED_GROUPS)
    required = [] if projection_only else list(REQUIRED_GROUPS)
    for group in required:
        if group not in groups:
            raise NotATerawattRun(f"{path}: not a terawatt run: no /{group} group")
    if attrs.get("complete") != 1:
        raise NotATerawattRun(f"{path}: incomplete terawatt run (root attribute complete = "
                              f"{attrs.get('complete')!r}): the run did not finish")
    return attrs, required + [g for g in OPTIONAL_GROUPS if g in groups]


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


def _decode_services(summary, timeseries):
    """(summary, timeseries) with coordinates `modality` and `fidelity` along `service` where there are services.

    The names come from `/summary`'s `modality_code` and `fidelity_code` (the time series has no codes of its own,
    and shares the `service` labels)."""
    if summary is None or "modality_code" not in summary:
        return summary, timeseries
    coords = {}
    for name, codes, names in (("modality", "modality_code", MODALITIES), ("fidelity", "fidelity_code", FIDELITIES)):
        if codes in summary:
            labels = [_code_name(code, names) for code in summary[codes].values]
            coords[name] = ("service", np.array(labels, dtype=object),
                            {"long_name": summary[codes].attrs.get("long_name", name).split(":")[0]})
    summary = summary.assign_coords(coords)
    if timeseries is not None and "service" in timeseries.dims:
        aligned = {name: ("service", summary[name].sel(service=timeseries["service"]).values, summary[name].attrs)
                   for name in coords}
        timeseries = timeseries.assign_coords(aligned)
    return summary, timeseries


def _code_name(code, names):
    """The name of a written code (0 -> names[0]); 'code N' for one this package does not know yet."""
    index = int(code) if np.isfinite(code) else -1
    return names[index] if 0 <= index < len(names) and index == code else f"code {code:g}"


def _decode_years(projection):
    """`/projection` with `year` as integers (terawatt writes the year labels as text, '2022')."""
    if "year" not in projection.coords:
        return projection
    raw = projection["year"].values
    years = np.array([int(float(y.decode() if isinstance(y, bytes) else y)) for y in raw], dtype=np.int64)
    return projection.assign_coords(year=("year", years, projection["year"].attrs))


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
