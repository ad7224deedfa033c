"""Open a terawatt run's HDF5 output as xarray Datasets: the one entry point, `open_run`.

The file's groups (README "Output reference") become Datasets with their variables exactly as written (float64, SI
units in each variable's `units` attribute, no rounding or rescaling):

- `Run.timeseries`: dims `time`, `site`, `cluster` (and `workload`). `time` is decoded to datetime64 and is the END
  of each interval; every value is the mean over that interval. One coordinate is added, `interval(time)` [s]: the
  interval lengths, taken from the raw CF offsets (`seconds since <start>`), so that power x interval sums to
  the energies in `/summary`.
- `Run.summary`: dims `site`, `cluster` (and `workload`): totals over the run.
- The topology is in both as coordinates, as terawatt writes it: `site_of_cluster` along `cluster`,
  `cluster_of_workload` along `workload` and `cluster_of_service` along `service`.
- Inference services (`service` dimension of `/summary` and `/timeseries`): `/summary`'s CF flag variables
  `modality` and `fidelity` (integers with `flag_values` and `flag_meanings`) become string coordinates of the same
  names along `service` in both Datasets ('text', 'image', 'video'; 'request', 'batch', 'fluid'), so that services
  select and label by name (`sel(service=...)`, `where(modality == 'video')`). Each keeps its `flag_meanings`
  attribute, the order in which terawatt lists the names.
- `Run.projection`: the `/projection` group (dims `year`, `segment`, `region`, `case`) when the file has one, else
  None; `year` is an integer coordinate, so that it plots and selects as a number.
  `Run.coupling`: the `/coupling` group (what the representative clusters measured) or None.

A projection output (`terawatt run` on a scenario with `projection:`) has `/projection` and `/coupling` but no
`/timeseries` or `/summary`: its Run has `kind == 'projection'` and those two are None.

Every Dataset also carries the file's root attributes (provenance, `scenario_resolved`, `start`, ...) in its
`attrs`.
"""

import numpy as np

from . import aggregate
from .layout import TOPOLOGY, NotATerawattRun, attribute as _attribute, topology  # noqa: F401 (re-exported)

REQUIRED_GROUPS = ("timeseries", "summary")
OPTIONAL_GROUPS = ("projection", "coupling")

# The topology coordinates terawatt writes in /summary and /timeseries (README, Output reference).


def open_run(path):
    """Open terawatt run output `path` (an .h5 file written by `terawatt run`) and return a `Run`.

    The groups are read whole into memory and the file is closed. Raises FileNotFoundError when the file does not
    exist and NotATerawattRun (a ValueError) with the reason when it is not a complete terawatt run.
    """
    root_attrs, groups = _inspect(path)
    datasets = {group: _open_group(path, group, root_attrs) for group in groups}
    summary, timeseries = _decode_flags(datasets.get("summary"), datasets.get("timeseries"))
    return Run(path, root_attrs, timeseries, summary, datasets.get("projection"), datasets.get("coupling"))


class Run:
    """A terawatt run: `timeseries`, `summary`, `projection` and `coupling` (None where absent) as xarray Datasets.

    `attrs` are the file's root attributes; `sites`, `clusters`, `workloads`, `services` the labels;
    `site_of_cluster` and `cluster_of_workload` the scenario's topology. Helpers (energy and emissions by site,
    cluster or workload, daily and monthly aggregates, PUE and carbon-intensity statistics, inference services,
    projection totals) and plots are methods; they delegate to `terawatt.aggregate`, `terawatt.services`,
    `terawatt.projection` and the plot modules (matplotlib is imported only when a plot is drawn).
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
        """{cluster: site}, from the coordinate `site_of_cluster`."""
        return topology(self.summary)["site_of_cluster"]

    @property
    def cluster_of_workload(self):
        """{workload: cluster}, from the coordinate `cluster_of_workload` ({} without workloads)."""
        return topology(self.summary)["cluster_of_workload"]

    # Helpers on the data (aggregate).
    def energy(self, by="site", kind="facility"):
        """Energy over the run [J] by 'site', 'cluster' or 'workload'; kind 'facility', 'it' or 'gpu'."""
        return aggregate.energy(self.series, by=by, kind=kind)

    def emissions(self, by="site"):
        """Operational CO2e over the run [kg] by 'site', 'cluster' or 'workload' (location-based)."""
        return aggregate.emissions(self.series, by=by)

    def cumulative_emissions(self, by="site"):
        """Operational CO2e since the start [kg] over time, by 'site', 'cluster' or 'workload'."""
        return aggregate.cumulative_emissions(self.series, by=by)

    def periodic(self, freq="D"):
        """Energies [J], emissions [kg], water [m3], PUE and intensity per period (a pandas frequency such as 'D',
        'W' or 'MS'): see aggregate.periodic."""
        return aggregate.periodic(self.series, freq)

    def daily(self):
        """Per-day energies [J], emissions [kg], water [m3], PUE and intensity: see aggregate.periodic."""
        return aggregate.periodic(self.series, "D")

    def monthly(self):
        """Per-month energies [J], emissions [kg], water [m3], PUE and intensity: see aggregate.periodic."""
        return aggregate.periodic(self.series, "MS")

    def pue_stats(self):
        """PUE statistics per site [1]: see aggregate.pue_stats."""
        return aggregate.pue_stats(self.series)

    def carbon_intensity_stats(self):
        """Carbon-intensity statistics per site [g/kWh]: see aggregate.carbon_intensity_stats."""
        return aggregate.carbon_intensity_stats(self.series)

    def totals(self):
        """Whole-run totals as scalars with units, from `/summary`: see aggregate.totals."""
        if self.summary is None:
            raise ValueError(f"{self.path} is a projection output: it has no /summary (see run.projection)")
        return aggregate.totals(self.summary)

    # Inference services (services).
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

    # Projections (projection).
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

    # Plots (plots; matplotlib imported on first use).
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
                              "open it with terawatt.open_sweep")
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


def _open_group(path, group, root_attrs):
    """One group as a Dataset read into memory, with the root attributes, and `interval` for the time series."""
    import xarray as xr

    with xr.open_dataset(path, group=group, engine="h5netcdf", decode_times=False) as raw:
        raw.load()
    _require_units(raw, path, group)
    if "time" in raw.dims:
        interval = _interval_lengths(raw)
        # time_bnds describes the time axis (CF bounds), so it is a coordinate: data_vars are the physical variables.
        dataset = xr.decode_cf(raw).set_coords("time_bnds")
        dataset = dataset.assign_coords(interval=("time", interval, {
            "units": "s", "long_name": "length of the interval that ends at time"}))
    else:
        dataset = raw
    # Root attributes, less netCDF's reserved ones (`_NCProperties`), which a Dataset cannot write back.
    public = {name: value for name, value in root_attrs.items() if not name.startswith("_")}
    dataset.attrs = {**public, **raw.attrs, "group": group}
    return dataset


def _decode_flags(summary, timeseries):
    """(summary, timeseries) with `/summary`'s flag variables along `service` (`modality`, `fidelity`) turned into
    string coordinates of the same names, in the time series too (it has the same `service` labels)."""
    if summary is None:
        return summary, timeseries
    flags = [name for name, var in summary.data_vars.items()
             if "flag_meanings" in var.attrs and var.dims == ("service",)]
    coords = {name: ("service", _flag_names(summary[name]), _flag_attrs(summary[name])) for name in flags}
    summary = summary.drop_vars(flags).assign_coords(coords)
    if timeseries is not None and "service" in timeseries.dims and flags:
        aligned = {name: ("service", summary[name].sel(service=timeseries["service"]).values, summary[name].attrs)
                   for name in flags}
        timeseries = timeseries.assign_coords(aligned)
    return summary, timeseries


def _flag_names(flag):
    """The meaning of each value of a CF flag variable; 'flag N' for a value its flag_values do not list."""
    meanings = str(flag.attrs["flag_meanings"]).split()
    values = np.atleast_1d(flag.attrs.get("flag_values", np.arange(len(meanings))))
    meaning_of = {int(value): meaning for value, meaning in zip(values, meanings)}
    return np.array([meaning_of.get(int(value), f"flag {int(value)}") for value in flag.values], dtype=object)


def _flag_attrs(flag):
    return {"long_name": flag.attrs.get("long_name", flag.name), "flag_meanings": flag.attrs["flag_meanings"]}


def _interval_lengths(raw):
    """Lengths [s] of the rows' intervals, from the raw CF bounds of time (`time_bnds`, seconds since the start)."""
    units = raw["time"].attrs.get("units", "")
    if not units.startswith("seconds since "):
        raise NotATerawattRun(f"time has units {units!r}, expected 'seconds since <start>'")
    if raw["time"].attrs.get("bounds") != "time_bnds" or "time_bnds" not in raw:
        raise NotATerawattRun("time has no bounds 'time_bnds'")
    bounds = np.asarray(raw["time_bnds"].values, dtype=np.float64)
    return bounds[:, 1] - bounds[:, 0]


def _require_units(dataset, path, group):
    """Every variable has units, except CF flag variables, whose values are categories, and CF bounds (`time_bnds`),
    which take their coordinate's."""
    bounds = {coord.attrs["bounds"] for coord in dataset.coords.values() if "bounds" in coord.attrs}
    missing = [name for name, var in dataset.data_vars.items()
               if "units" not in var.attrs and "flag_meanings" not in var.attrs and name not in bounds]
    if missing:
        raise NotATerawattRun(f"{path}: /{group}: variables without a units attribute: {', '.join(missing)}")
