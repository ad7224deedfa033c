"""Plots of a run's inference services: energy per request by modality, and each service's load over time
(matplotlib, imported inside each function, as in terawatt.plots).

Services are coloured by modality (text blue, image orange, video red) in every plot, so that a reader who has
seen one plot reads the next; a second service of the same modality gets a colour of its own.
"""

import numpy as np

from . import aggregate, formatting, plots, services, units

MODALITY_COLORS = {"text": "#1f77b4", "image": "#ff7f0e", "video": "#d62728"}
OTHER_COLORS = ("#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")


def service_colors(modalities):
    """One colour per service: its modality's for the first service of each modality, others after."""
    colors, seen, spare = [], set(), iter(OTHER_COLORS * 4)
    for modality in modalities:
        if modality in MODALITY_COLORS and modality not in seen:
            colors.append(MODALITY_COLORS[modality])
            seen.add(modality)
        else:
            colors.append(next(spare))
    return colors


def _modalities(data):
    return [str(m) for m in data["modality"].values] if "modality" in data.coords else [""] * data.sizes["service"]


def energy_per_request(summary, reference=None, ax=None):
    """A dot plot of facility energy per completed request [Wh] by service, the IT energy per request as a black
    tick on the same row, and each value written right of its dot with its ratio to the reference service
    (default: the first text service). Dots, not bars: a bar's length means nothing on the log axis that text to
    video (three orders of magnitude) needs; the axis is logarithmic only when the values span more than
    plots.LOG_SCALE_MIN_RATIO, and then says so."""
    plt = plots._pyplot()
    table = services.modality_comparison(summary, reference)
    names = [str(s) for s in table["service"].values]
    modalities = _modalities(table)
    fidelities = [str(f) for f in table["fidelity"].values] if "fidelity" in table.coords else [""] * len(names)
    facility = table["energy_per_request"].values
    it = table["it_energy_per_request"].values
    ratio = table["energy_ratio"].values
    fig, ax = plots._figure(plt, ax, size=(8.5, 1.6 + 0.75 * len(names)))
    y = np.arange(len(names))[::-1]  # the first (text) service on top
    colors = service_colors(modalities)
    for yi in y:
        ax.axhline(yi, color="0.9", linewidth=0.8, zorder=0)  # a guide from the axis to each dot
    ax.scatter(facility, y, s=70, color=colors, zorder=3, label="facility energy (PUE and idle time included)")
    ax.plot(it, y, linestyle="none", marker="|", markersize=16, markeredgewidth=2, color="k", zorder=4,
            label="IT energy only (no facility overhead)")
    log = plots.log_scale_fits(np.concatenate([facility, it]))
    reference_name = table.attrs["reference"]
    for yi, value, r, name in zip(y, facility, ratio, names):
        if not np.isfinite(value):
            ax.text(0.01, yi, "no request completed", transform=ax.get_yaxis_transform(), va="center",
                    fontsize="small", color="0.4")
            continue
        note = "  (reference)" if name == reference_name else f"  ({_times(r)} {reference_name})"
        ax.annotate(f"{formatting.number(value, whole_in_full=False)} Wh{note}", (value, yi), xytext=(8, 0),
                    textcoords="offset points", va="center", fontsize="small")
    ax.set_yticks(y, [_service_label(n, m, f) for n, m, f in zip(names, modalities, fidelities)])
    _energy_axis(ax, facility, it, log)
    ax.set_ylim(-0.6, len(names) - 0.2)
    ax.set_xlabel("energy per completed request [Wh]" + (" (log scale)" if log else ""))
    ax.grid(axis="x", which="major", alpha=0.3)
    name = summary.attrs.get("scenario_name", "")
    title = "facility energy per request by modality (PUE and idle replica time included)"
    ax.set_title(f"{name}: {title}" if name else title, fontsize="medium")
    ax.legend(loc="upper right", fontsize="small", frameon=False, markerscale=0.6)  # beside the first row's dot
    fig.tight_layout()
    return fig


def _energy_axis(ax, facility, it, log):
    """The x range of the energy dot plot: from zero (linear) or a third of the smallest value (log) to well past
    the largest, so that the value written right of each dot fits."""
    values = np.concatenate([facility, it])
    finite = values[np.isfinite(values) & (values > 0)]
    high = finite.max() if finite.size else 1.0
    if log:
        ax.set_xscale("log")
        ax.set_xlim(finite.min() / 3.0, high * 40.0)  # two decades right of the largest dot for its label
    else:
        ax.set_xlim(0.0, high * 1.6)  # the label of the largest dot takes about half its length again


def _service_label(name, modality, fidelity):
    """'chat' over 'text, fluid fidelity'; the modality is left out where it is the name ('video')."""
    details = [modality if modality and modality != name else "", f"{fidelity} fidelity" if fidelity else ""]
    details = ", ".join(d for d in details if d)
    return f"{name}\n{details}" if details else name


def _times(ratio):
    """'10.4×', '2,160×', '0.500×': a ratio with three significant digits, as the CLI writes it."""
    if not np.isfinite(ratio):
        return "?×"
    return f"{formatting.number(float(ratio), whole_in_full=False)}×"


def _service_means(ts, period):
    """(edges, {variable: (time, service) array of interval or period means}) for the load plot."""
    names = ("request_rate", "serving_replicas")
    power = services.service_power(ts, "it").transpose("time", "service")
    site_it = ts["site_it_power"].sum("site")
    facility = ts["facility_power"].sum("site")
    end = ts["time"].values[-1]
    if period is None:
        values = {name: ts[name].transpose("time", "service").values for name in names}
        values["it_power"] = power.values
        values["site_it_power"] = site_it.values
        values["facility_power"] = facility.values
        return plots._step_edges(aggregate.interval_starts(ts), end), values
    starts = aggregate.interval_starts(ts)
    dt = ts["interval"]
    duration = aggregate.resample(dt, starts, period, "sum").values

    def mean(data):
        summed = aggregate.resample(data * dt, starts, period, "sum").values
        return summed / (duration[:, None] if summed.ndim == 2 else duration)

    values = {name: mean(ts[name].transpose("time", "service")) for name in names}
    values["it_power"] = mean(power)
    values["site_it_power"] = mean(site_it)
    values["facility_power"] = mean(facility)
    period_starts = aggregate.resample(dt, starts, period, "sum")["time"].values
    return plots._step_edges(period_starts, end), values


def service_load(ts, resample="auto"):
    """Three panels over time, one line per service: the request rate [1/s] (log scale when the rates span more
    than plots.LOG_SCALE_MIN_RATIO, as text and video rates do), the serving replicas, and the IT power of each
    service's servers stacked, then in grey the IT power of the servers no service holds (idle, or other workloads),
    with the facility power of all sites on top as a black line (the gap above the stack: cooling and distribution
    losses).

    resample: None (every interval), 'auto' (daily means for runs over 14 days) or a pandas frequency; means are
    time-weighted over each period.
    """
    plt = plots._pyplot()
    services.require_services(ts)
    period = plots._period(ts, resample)
    edges, values = _service_means(ts, period)
    names = [str(s) for s in ts["service"].values]
    modalities = _modalities(ts)
    colors = service_colors(modalities)
    labels = [f"{n} ({m})" if m and m != n else n for n, m in zip(names, modalities)]
    fig, axes = plt.subplots(3, 1, figsize=(9.5, 8.0), sharex=True)
    rate_ax, replica_ax, power_ax = axes
    for i, (label, color) in enumerate(zip(labels, colors)):
        rate_ax.step(edges, plots._repeat_last(values["request_rate"][:, i]), where="post", color=color,
                     label=label)
        replica_ax.step(edges, plots._repeat_last(values["serving_replicas"][:, i]), where="post", color=color,
                        label=label)
    log = plots.log_scale_fits(values["request_rate"])
    if log:
        rate_ax.set_yscale("log")
    else:
        rate_ax.set_ylim(bottom=0)
    rate_ax.set_ylabel("requests arriving\n[1/s]" + (" (log scale)" if log else ""))
    replica_ax.set_ylabel("serving replicas\n[1]")
    replica_ax.set_ylim(bottom=0)
    largest = float(np.nanmax(values["facility_power"]))
    shown = units.readable_units(largest, "W")
    scale = units.factor("W", shown)
    others = np.clip(values["site_it_power"] - np.nansum(values["it_power"], axis=1), 0.0, None)
    stack = [values["it_power"][:, i] for i in range(len(names))] + [others]
    power_ax.stackplot(edges, [plots._repeat_last(v * scale) for v in stack], step="post", linewidth=0, alpha=0.85,
                       colors=colors + ["0.75"], labels=[f"{label}: IT" for label in labels] + [
                           "other servers: IT (idle, or no service)"])
    power_ax.step(edges, plots._repeat_last(values["facility_power"] * scale), where="post", color="k",
                  linewidth=1.5, label="facility power, all sites")
    power_ax.set_ylabel(f"power\n[{shown}]")
    power_ax.set_ylim(bottom=0)
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.set_xlim(edges[0], edges[-1])
    rate_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False, title="service",
                   title_fontsize="small")
    power_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    fig.suptitle(plots._title(ts, "demand, replicas and power of the inference services", period))
    plots._date_axis(power_ax, ts)
    fig.tight_layout()
    return fig
