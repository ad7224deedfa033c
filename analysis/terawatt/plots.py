"""Plots of a terawatt run and of a sweep (matplotlib, imported inside each function, so that importing the
package never loads it).

Each function takes a Dataset from `open_run` (the time series) or a sweep table, draws on a new figure (or on
`ax` where it takes one) and returns the matplotlib Figure. Values are shown in readable units (kW, MW, t, ...)
converted by explicit factors (`terawatt.units`); the data are not changed. A time-series value is the mean over the
interval that ends at its time stamp, so series are drawn as steps over their intervals.
"""

import numpy as np

from . import aggregate, units

AUTO_DAILY_AFTER_DAYS = 14  # "auto" resampling: runs longer than this are drawn as daily means
# A log axis only for values spanning more than this ratio: below it a linear axis shows every value readably and
# keeps differences to scale, which a log axis compresses; above it the small values would sit on the axis line.
LOG_SCALE_MIN_RATIO = 100.0


def _pyplot():
    import matplotlib.pyplot as plt

    return plt


def _date_axis(ax, ts):
    """Dates on the x axis of `ax`, labelled with their time zone (time_label)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel(time_label(ts))


def time_label(ts):
    """'time (UTC)' for a time series whose `time` xarray decoded from CF units 'seconds since <reference>': a
    reference with a UTC offset is converted to UTC, and one without a zone is UTC by the CF conventions (4.4).
    Raises ValueError for a time that is not decoded CF time."""
    reference = str(ts["time"].encoding.get("units", ts["time"].attrs.get("units", "")))
    if " since " not in reference or not np.issubdtype(ts["time"].dtype, np.datetime64):
        raise ValueError(f"time is not decoded CF time (units {reference!r}): open the file with terawatt.open_run")
    return "time (UTC)"


def log_scale_fits(values):
    """Whether positive `values` span more than LOG_SCALE_MIN_RATIO (NaN, zero and negative values ignored)."""
    values = np.asarray(values, dtype=float)
    positive = values[np.isfinite(values) & (values > 0)]
    return positive.size > 1 and positive.max() / positive.min() > LOG_SCALE_MIN_RATIO


def _period(ts, resample):
    """The pandas frequency to average over, or None to draw every interval ('auto': daily for long runs)."""
    if resample != "auto":
        return resample
    span = ts["interval"].sum().item() / 86400.0
    return "D" if span > AUTO_DAILY_AFTER_DAYS else None


def _step_edges(starts, end):
    """Edges of the intervals [start_i, start_i+1), ..., [start_n, end] for a 'post' step drawing."""
    return np.concatenate([starts, [end]])


def _repeat_last(values):
    """Values along the first axis with the last repeated, to close a 'post' step at the final edge."""
    values = np.asarray(values)
    return np.concatenate([values, values[-1:]], axis=0)


def _title(ts, what, period):
    name = ts.attrs.get("scenario_name", "")
    suffix = {None: "", "D": " (daily means)", "W": " (weekly means)", "MS": " (monthly means)"}.get(
        period, f" ({period} means)")
    return f"{name}: {what}{suffix}" if name else f"{what}{suffix}"


def _mean_powers(ts, period):
    """(edges, {label: power [W] per step}) for the stack: IT power per cluster, then overhead per site."""
    end = ts["time"].values[-1]
    if period is None:
        starts = aggregate.interval_starts(ts)
        cluster_power = ts["it_power"].transpose("time", "cluster").values
        overhead = (ts["facility_power"] - ts["site_it_power"]).transpose("time", "site").values
    else:
        per = aggregate.periodic(ts, period)
        starts = per["time"].values
        seconds = per["duration"].values[:, None]
        cluster_power = per["cluster_it_energy"].transpose("time", "cluster").values / seconds
        overhead = (per["facility_energy"] - per["it_energy"]).transpose("time", "site").values / seconds
    series = {f"{c} IT": cluster_power[:, i] for i, c in enumerate(ts["cluster"].values)}
    series.update({f"{s} facility overhead": overhead[:, i] for i, s in enumerate(ts["site"].values)})
    return _step_edges(starts, end), series


def power_stack(ts, resample="auto", ax=None):
    """Stacked IT power of each cluster with each site's facility overhead (facility - IT power: cooling, losses,
    fixed loads) on top, so the top edge is the total facility power. resample: None (every interval), 'auto'
    (daily means for runs over 14 days) or a pandas frequency ('D', 'W', 'MS') for interval-weighted means."""
    plt = _pyplot()
    period = _period(ts, resample)
    edges, series = _mean_powers(ts, period)
    largest = float(np.nanmax(sum(np.nan_to_num(v) for v in series.values())))
    shown = units.readable_units(largest, "W")
    scale = units.factor("W", shown)
    fig, ax = _figure(plt, ax)
    clusters, sites = len(ts["cluster"]), len(ts["site"])
    greys = [str(round(0.55 + 0.3 * i / max(sites - 1, 1), 2)) for i in range(sites)]
    colors = [f"C{i % 10}" for i in range(clusters)] + greys
    ax.stackplot(edges, [_repeat_last(v * scale) for v in series.values()], labels=list(series), colors=colors,
                 step="post", linewidth=0)
    ax.set_ylabel(f"power [{shown}]")
    ax.set_ylim(bottom=0)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_title(_title(ts, "IT power by cluster and facility overhead", period))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    _date_axis(ax, ts)
    fig.tight_layout()
    return fig


def _figure(plt, ax, size=(9, 4)):
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size)
    return fig, ax


def pue_temperature(ts, resample="auto"):
    """PUE (left axis, [1]) and outdoor dry-bulb temperature (right axis, [degC]) per site, one row each, on
    shared scales so that sites compare at a glance.

    Without resampling every interval is drawn. With resample ('auto': daily for runs over 14 days, or a pandas
    frequency) each period's energy-weighted PUE and time-weighted mean temperature are drawn as lines over a band
    from the lowest to the highest interval value of the period. Sites without weather (a constant PUE) show PUE
    only.
    """
    plt = _pyplot()
    period = _period(ts, resample)
    sites = [str(s) for s in ts["site"].values]
    fig, axes = plt.subplots(len(sites), 1, figsize=(9, 1.6 + 2.2 * len(sites)), sharex=True, sharey=True,
                             squeeze=False)
    first_right = None
    for ax, site in zip(axes[:, 0], sites):
        lines = _pue_lines(ts.sel(site=site), period)
        right = _pue_panel(ax, lines, first_right)
        first_right = first_right or right
        ax.set_title(site, loc="left", fontsize="medium")
    fig.suptitle(_title(ts, "PUE and outdoor temperature", period))
    _date_axis(axes[-1, 0], ts)
    fig.tight_layout()
    return fig


def _pue_lines(site_ts, period):
    """{'edges', 'pue', 'temperature'} and, with a period, 'pue_range' and 'temperature_range' (min, max)."""
    starts = aggregate.interval_starts(site_ts)
    end = site_ts["time"].values[-1]
    if period is None:
        return {"edges": _step_edges(starts, end), "pue": site_ts["pue"].values,
                "temperature": site_ts["outdoor_temperature"].values}
    per = aggregate.periodic(site_ts, period)
    names = ("pue", "outdoor_temperature")
    low = {name: aggregate.resample(site_ts[name], starts, period, "min").values for name in names}
    high = {name: aggregate.resample(site_ts[name], starts, period, "max").values for name in names}
    return {"edges": _step_edges(per["time"].values, end), "pue": per["pue"].values,
            "temperature": per["outdoor_temperature_mean"].values,
            "pue_range": (low["pue"], high["pue"]),
            "temperature_range": (low["outdoor_temperature"], high["outdoor_temperature"])}


def _pue_panel(ax, lines, share_right):
    """Draw one site's PUE (and temperature on a twin axis, returned; None without weather) on `ax`."""
    edges = lines["edges"]
    _step_line(ax, edges, lines["pue"], lines.get("pue_range"), "C0", "PUE")
    ax.set_ylabel("PUE [1]", color="C0")
    ax.tick_params(axis="y", colors="C0")
    ax.set_xlim(edges[0], edges[-1])
    ax.grid(alpha=0.3)
    if np.isnan(lines["temperature"]).all():
        ax.text(0.99, 0.95, "no weather (constant PUE)", transform=ax.transAxes, ha="right", va="top",
                fontsize="small", color="0.4")
        return None
    right = ax.twinx()
    if share_right is not None:
        right.sharey(share_right)
    _step_line(right, edges, lines["temperature"], lines.get("temperature_range"), "C3", "temperature")
    right.set_ylabel("outdoor temperature [°C]", color="C3")
    right.tick_params(axis="y", colors="C3")
    ax.set_zorder(right.get_zorder() + 1)  # PUE in front of the temperature
    ax.patch.set_visible(False)
    return right


def _step_line(ax, edges, values, value_range, color, label):
    if value_range is not None:
        ax.fill_between(edges, _repeat_last(value_range[0]), _repeat_last(value_range[1]), step="post",
                        color=color, alpha=0.2, linewidth=0)
    ax.step(edges, _repeat_last(values), where="post", color=color, linewidth=1.5, label=label)


def cumulative_emissions(ts, by="site", ax=None):
    """Operational CO2e since the start (location-based) by 'site', 'cluster' or 'workload', in kg, t or kt, with
    the total of all sites dashed when there is more than one line. Clusters and workloads get their IT-power share
    of their site's emissions, interval by interval; by workload, what no workload drew (idle servers and their
    share of the overhead) is drawn grey."""
    plt = _pyplot()
    cumulative = aggregate.cumulative_emissions(ts, by=by)
    total = aggregate.cumulative_emissions(ts, by="site").sum("site")
    shown = units.readable_units(float(total.max()), "kg")
    scale = units.factor("kg", shown)
    fig, ax = _figure(plt, ax)
    edges = np.concatenate([[aggregate.interval_starts(ts)[0]], ts["time"].values])

    def draw(values, **style):
        ax.plot(edges, np.concatenate([[0.0], values * scale]), **style)

    for i, label in enumerate(cumulative[by].values):
        draw(cumulative.sel({by: label}).values, color=f"C{i % 10}", label=str(label))
    if by == "workload":
        draw(total.values - cumulative.sum(by).values, color="0.6", label="no workload (idle servers)")
    if len(cumulative[by]) > 1 or by == "workload":
        draw(total.values, color="k", linestyle="--", label="total")
    ax.set_ylabel(f"CO2e since the start [{shown}]")
    ax.set_ylim(bottom=0)
    ax.set_xlim(edges[0], edges[-1])
    ax.set_title(_title(ts, f"cumulative operational emissions by {by}", None))
    ax.legend(loc="upper left", fontsize="small", frameon=False)
    ax.grid(alpha=0.3)
    _date_axis(ax, ts)
    fig.tight_layout()
    return fig
