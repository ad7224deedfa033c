"""Helpers on a run's time series: energy and emissions by site, cluster and workload, daily and monthly
aggregates, PUE and carbon-intensity statistics, totals and comparisons of runs.

Each helper is a function of the `/timeseries` Dataset that `open_run` returns (it needs the `interval` coordinate
and the topology coordinates `site_of_cluster` and `cluster_of_workload`); the common ones are also methods of
`Run` (`run.daily()`, `run.energy(by="cluster")`). Results are new DataArrays or Datasets in
SI units named in their `units` attribute (J, kg, m3, s, 1, g/kWh, degC); nothing is rounded, and the input is not
changed.

A time-series value is the mean over the interval that ends at its time stamp, so an energy is power x interval
summed, exactly as terawatt computes `/summary`. Facility energy and emissions are shared among a site's clusters
and workloads in proportion to their IT power, interval by interval, as terawatt shares them among workloads;
a site's facility power in an interval with no IT power (fixed loads of an idle site) is attributed to none.
"""

import numpy as np
import pandas as pd
import xarray as xr

from .layout import topology

J_PER_KWH = 3.6e6
G_PER_KG = 1000.0


def interval_lengths(ts):
    """Lengths [s] of the intervals that end at each time stamp: the `interval` coordinate that open_run adds."""
    if "interval" not in ts.coords:
        raise ValueError("the time series has no 'interval' coordinate: open it with terawatt.open_run")
    return ts["interval"]


def interval_starts(ts):
    """Start of each interval (datetime64): the previous time stamp, and for the first the start of the run."""
    times = ts["time"].values
    first = times[0] - np.timedelta64(int(round(float(ts["interval"].values[0]) * 1e9)), "ns")
    return np.concatenate([[first], times[:-1]])


def integrate(power):
    """Sum of `power` (a rate, per second: W, g/s, ...) x interval length over time: J from W, g from g/s."""
    return (power * power["interval"]).sum("time")


def _labelled(data, name, units, long_name):
    data = data.rename(name)
    data.attrs = {"units": units, "long_name": long_name}
    return data


def _drop_interval(data):
    return data.drop_vars("interval", errors="ignore")


def _site_labels(members, member_dim, site_of_member):
    """A DataArray along `member_dim` naming each member's site."""
    sites = [site_of_member[str(m)] for m in members[member_dim].values]
    return xr.DataArray(sites, dims=member_dim, coords={member_dim: members[member_dim]})


def _member_power(ts, by):
    """(IT power [W] (time, by), {member: site}) of the clusters or workloads."""
    if by == "cluster":
        return ts["it_power"], topology(ts)["site_of_cluster"]
    if "workload_power" not in ts:
        raise ValueError("this run has no workloads: no 'workload_power' in /timeseries")
    tops = topology(ts)
    site_of_workload = {w: tops["site_of_cluster"][c] for w, c in tops["cluster_of_workload"].items()}
    return ts["workload_power"], site_of_workload


def attributed_rate(ts, by, variable):
    """A site rate `variable` (W or g/s; time, site) shared among the clusters or workloads (`by`): each gets the
    fraction of its site's IT power it drew in each interval (nothing in an interval where the site drew none)."""
    members, site_of = _member_power(ts, by)
    sites = _site_labels(members, by, site_of)
    site_it = ts["site_it_power"].sel(site=sites).drop_vars("site")
    share = xr.where(site_it > 0, members / site_it.where(site_it > 0), 0.0)
    return share * ts[variable].sel(site=sites).drop_vars("site")


KINDS = {
    "site": {"facility": "facility_power", "it": "site_it_power"},
    "cluster": {"it": "it_power", "gpu": "gpu_power"},
    "workload": {"it": "workload_power"},
}


def energy(ts, by="site", kind="facility"):
    """Energy over the run [J] by 'site', 'cluster' or 'workload'.

    kind 'facility': facility energy (for clusters and workloads, their IT-power share of their site's, interval by
    interval: equals `/summary` workload_facility_energy); 'it': IT energy; 'gpu': accelerator energy (clusters).
    """
    if by not in KINDS:
        raise ValueError(f"by must be one of {', '.join(KINDS)}, not {by!r}")
    if kind == "facility" and by != "site":
        power = attributed_rate(ts, by, "facility_power")
    elif kind in KINDS[by]:
        if KINDS[by][kind] not in ts:
            raise ValueError(f"this run has no '{KINDS[by][kind]}' in /timeseries")
        power = ts[KINDS[by][kind]]
    else:
        raise ValueError(f"kind {kind!r} is not available by {by} (use one of: facility, {', '.join(KINDS[by])})")
    return _labelled(_drop_interval(integrate(power)), f"{kind}_energy", "J", f"{kind} energy over the run by {by}")


def emissions(ts, by="site"):
    """Operational CO2e over the run [kg] by 'site', 'cluster' or 'workload' (location-based).

    Sites: the integral of `emissions_rate`; clusters and workloads: their IT-power share of their site's rate,
    interval by interval (for workloads this is `/summary` workload_emissions).
    """
    if by == "site":
        rate = ts["emissions_rate"]
    elif by in ("cluster", "workload"):
        rate = attributed_rate(ts, by, "emissions_rate")
    else:
        raise ValueError(f"by must be one of site, cluster, workload, not {by!r}")
    total = _drop_interval(integrate(rate)) / G_PER_KG
    return _labelled(total, "emissions", "kg", f"operational CO2e over the run by {by}, location-based")


def cumulative_emissions(ts, by="site"):
    """Operational CO2e since the start [kg] at the end of each interval, by 'site', 'cluster' or 'workload'."""
    if by == "site":
        rate = ts["emissions_rate"]
    else:
        rate = attributed_rate(ts, by, "emissions_rate")
    cumulative = _drop_interval((rate * rate["interval"]).cumsum("time")) / G_PER_KG
    return _labelled(cumulative, "cumulative_emissions", "kg", f"operational CO2e since the start by {by}")


def _increments(cumulative):
    """Per-interval amounts of a cumulative series (the first interval's amount is its first value)."""
    axis = cumulative.get_axis_num("time")
    return cumulative.copy(data=np.diff(cumulative.values, axis=axis, prepend=0.0))


def periodic(ts, freq="D"):
    """Aggregates per calendar period (pandas offset alias: 'D' day, 'MS' month, 'W' week, 'H' hour).

    Each interval is counted in the period in which it starts (an interval that straddles a boundary is counted
    whole where it starts). `time` labels the start of each period. Variables: facility_energy, it_energy (site)
    [J]; cluster_it_energy [J]; workload_energy [J] (IT, with workloads); emissions (site) [kg]; water_onsite,
    water_offsite [m3]; pue [1] (facility / IT energy of the period); carbon_intensity [g/kWh] (emissions /
    facility energy of the period); outdoor_temperature_mean, _min, _max [degC] (time-weighted mean, extremes of
    interval means; NaN without weather); duration [s] (time covered).
    """
    dt = interval_lengths(ts)
    parts = {
        "facility_energy": (ts["facility_power"] * dt, "J", "facility energy"),
        "it_energy": (ts["site_it_power"] * dt, "J", "IT energy of the site"),
        "cluster_it_energy": (ts["it_power"] * dt, "J", "IT energy of the cluster"),
        "emissions": (ts["emissions_rate"] * dt / G_PER_KG, "kg", "operational CO2e, location-based"),
        "water_onsite": (_increments(ts["water_onsite"]), "m3", "on-site water"),
        "water_offsite": (_increments(ts["water_offsite"]), "m3", "off-site water"),
        "temperature_x_time": (ts["outdoor_temperature"] * dt, "degC s", ""),
        "duration": (dt, "s", "time covered"),
    }
    if "workload_power" in ts:
        parts["workload_energy"] = (ts["workload_power"] * dt, "J", "IT energy of the workload's servers")
    starts = interval_starts(ts)
    result = xr.Dataset({name: resample(data, starts, freq, "sum") for name, (data, _, _) in parts.items()})
    result["outdoor_temperature_min"] = resample(ts["outdoor_temperature"], starts, freq, "min")
    result["outdoor_temperature_max"] = resample(ts["outdoor_temperature"], starts, freq, "max")
    for name, (_, units, long_name) in parts.items():
        result[name].attrs = {"units": units, "long_name": f"{long_name} per period"}
    result["outdoor_temperature_mean"] = result["temperature_x_time"] / result["duration"]
    result = result.drop_vars("temperature_x_time")
    result["pue"] = result["facility_energy"] / result["it_energy"]
    result["carbon_intensity"] = result["emissions"] * G_PER_KG / (result["facility_energy"] / J_PER_KWH)
    _describe(result, {
        "pue": ("1", "facility / IT energy of the period"),
        "carbon_intensity": ("g/kWh", "operational CO2e / facility energy of the period"),
        "outdoor_temperature_mean": ("degC", "time-weighted mean outdoor temperature of the period"),
        "outdoor_temperature_min": ("degC", "lowest interval-mean outdoor temperature of the period"),
        "outdoor_temperature_max": ("degC", "highest interval-mean outdoor temperature of the period"),
    })
    result["time"].attrs = {"long_name": "start of the period"}
    result.attrs = {"period": freq, "scenario_name": ts.attrs.get("scenario_name", "")}
    return result


def resample(data, starts, freq, how):
    """`data` (time, label) grouped into periods of pandas frequency `freq` by interval start `starts`, reduced
    with how = 'sum' (NaN for a period with only NaN), 'min' or 'max'; `time` becomes the start of each period.

    Uses pandas' resampling, much faster than xarray's for many periods (no flox on Debian 12).
    """
    data = data.transpose("time", ...)
    frame = pd.DataFrame(data.values.reshape(len(starts), -1), index=pd.DatetimeIndex(starts))
    grouped = frame.resample(freq)
    reduced = grouped.sum(min_count=1) if how == "sum" else getattr(grouped, how)()
    coords = {"time": reduced.index.values}
    coords.update({dim: data[dim].values for dim in data.dims[1:] if dim in data.coords})
    values = reduced.values.reshape((len(reduced),) + data.shape[1:])
    return xr.DataArray(values, dims=data.dims, coords=coords, name=data.name)


def _describe(dataset, described):
    for name, (units, long_name) in described.items():
        dataset[name].attrs = {"units": units, "long_name": long_name}


def _quantile_stats(values, weights, effective, units, what):
    """Effective, time-weighted mean, min, percentiles and max of `values` (time, site) as a Dataset (site)."""
    mean = (values * weights).sum("time") / weights.where(values.notnull()).sum("time")
    stats = xr.Dataset({
        "effective": effective,
        "time_mean": mean,
        "min": values.min("time"),
        "p05": values.quantile(0.05, dim="time").drop_vars("quantile"),
        "median": values.quantile(0.5, dim="time").drop_vars("quantile"),
        "p95": values.quantile(0.95, dim="time").drop_vars("quantile"),
        "max": values.max("time"),
    })
    for name in stats.data_vars:
        stats[name].attrs = {"units": units, "long_name": f"{what}: {name.replace('_', ' ')}"}
    return _drop_interval(stats)


def pue_stats(ts):
    """PUE statistics per site [1]: `effective` (facility / IT energy over the run, the `/summary` mean_pue),
    `time_mean` (time-weighted), `min`, `p05`, `median`, `p95`, `max` over the interval values."""
    effective = integrate(ts["facility_power"]) / integrate(ts["site_it_power"])
    return _quantile_stats(ts["pue"], ts["interval"], effective, "1", "PUE")


def carbon_intensity_stats(ts):
    """Grid carbon-intensity statistics per site [g/kWh]: `effective` (emissions / facility energy over the run:
    what the site's energy actually emitted), `time_mean`, `min`, `p05`, `median`, `p95`, `max` over intervals."""
    effective = integrate(ts["emissions_rate"]) / (integrate(ts["facility_power"]) / J_PER_KWH)
    return _quantile_stats(ts["carbon_intensity"], ts["interval"], effective, "g/kWh", "carbon intensity")


TOTALS = {
    # name: (summary variable, dim summed over, units, long_name)
    "facility_energy": ("facility_energy", "site", "J", "facility energy of all sites"),
    "it_energy": ("site_it_energy", "site", "J", "IT energy of all sites"),
    "emissions": ("emissions", "site", "kg", "operational CO2e of all sites, location-based"),
    "embodied_emissions": ("embodied_emissions", "cluster", "kg", "embodied CO2e amortised over the run"),
    "water_onsite": ("water_onsite", "site", "m3", "on-site water of all sites"),
    "water_offsite": ("water_offsite", "site", "m3", "off-site water of all sites"),
    "accelerators": ("accelerators", "cluster", "1", "installed accelerators"),
    "gpu_hours": ("gpu_hours", "workload", "hour", "accelerator-hours occupied by workloads"),
}


def totals(summary):
    """Whole-run totals (scalars) from a `/summary` Dataset, each with units: sums over sites, clusters or
    workloads, and `pue` (facility / IT energy) and `carbon_intensity` (emissions / facility energy) [g/kWh]."""
    result = xr.Dataset()
    for name, (source, dim, units, long_name) in TOTALS.items():
        if source in summary:
            result[name] = xr.DataArray(float(summary[source].sum(dim)), attrs={"units": units, "long_name": long_name})
    result["pue"] = xr.DataArray(float(result["facility_energy"] / result["it_energy"]),
                                 attrs={"units": "1", "long_name": "facility / IT energy of all sites"})
    result["carbon_intensity"] = xr.DataArray(
        float(result["emissions"] * G_PER_KG / (result["facility_energy"] / J_PER_KWH)),
        attrs={"units": "g/kWh", "long_name": "operational CO2e / facility energy of all sites"})
    return result


def workload_status(summary):
    """Where each workload stood when the run ended (a str DataArray along `workload`), defined as `terawatt run`
    prints it (sim/record/summary_printout.cpp, workload_status and status_text; a test compares the two): 'done'
    when it ended within the run (`end_time` is a number), 'queued' when it never started (`start_time` NaN),
    'serving' for an inference service that started (it serves until the horizon), else 'running P %', P the share
    of its work done (`progress`) rounded down to 0.1 %, so that unfinished work never reads 100 %."""
    workloads = summary["workload"].values
    services = set(summary["service"].values) if "service" in summary.dims else set()

    def column(name):
        return summary[name].values if name in summary else np.full(len(workloads), np.nan)

    statuses = []
    for workload, start, end, progress in zip(workloads, column("start_time"), column("end_time"),
                                              column("progress")):
        if np.isfinite(end):
            statuses.append("done")
        elif not np.isfinite(start):
            statuses.append("queued")
        elif workload in services:
            statuses.append("serving")
        else:
            statuses.append(f"running {np.floor(1000.0 * progress) / 10.0:.1f} %")
    return xr.DataArray(np.array(statuses, dtype=object), dims="workload", coords={"workload": workloads},
                        name="status", attrs={"long_name": "status of the workload when the run ended"})


def compare(runs, group="totals"):
    """Several runs side by side along a new dimension `run` (labelled by scenario name, or by the keys of a dict).

    group 'totals': `totals()` of each run (one value per run); 'summary': the `/summary` Datasets concatenated,
    sites, clusters and workloads joined by label (NaN where a run has no such label).
    """
    names, items = _named(runs)
    if group == "totals":
        datasets = [totals(run.summary) for run in items]
    elif group == "summary":
        datasets = [run.summary for run in items]
    else:
        raise ValueError(f"group must be 'totals' or 'summary', not {group!r}")
    combined = xr.concat(datasets, dim=xr.DataArray(names, dims="run", name="run"), join="outer",
                         combine_attrs="override")  # variables keep the units and long_name of the first run
    combined.attrs = {}
    combined["run"].attrs = {"long_name": "run"}
    return combined


def _named(runs):
    if isinstance(runs, dict):
        return list(runs.keys()), list(runs.values())
    runs = list(runs)
    names = [run.name for run in runs]
    if len(set(names)) != len(names):
        raise ValueError(f"runs share scenario names ({', '.join(names)}): pass a dict {{label: run}}")
    return names, runs
