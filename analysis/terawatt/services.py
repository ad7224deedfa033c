"""Helpers for a run's inference services: energy per request and per unit of output, the text vs image vs video
comparison, and requests and energy per day.

Services are the `service` dimension of `/summary` and `/timeseries` (README, Output reference); each is also a
label of `workload`, so its energies and emissions are the workload's. open_run adds the coordinates `modality`
('text', 'image', 'video') and `fidelity` along `service`, which the results keep.

Energies per request or per unit of output are returned in Wh, not J as elsewhere in the package, because the
published figures they are read against are in Wh (0.3 Wh per web search, 2.9 Wh per ChatGPT request, about 90 Wh
per Wan2.1 clip: docs/references.md). The facility energy per request is the file's `energy_per_request`: the service's
share of its site's facility energy (PUE included) over the requests it completed, idle replica time included, so
energy per request x requests served is the workload's facility energy exactly. Emissions per request are in g.
"""

import numpy as np
import xarray as xr

from . import aggregate, units

# Variables of energy_per_unit: (the /summary variable, long_name).
PER_UNIT = {
    "energy_per_request": ("energy_per_request",
                           "facility energy per completed request (PUE and idle replica time included)"),
    "it_energy_per_request": ("it_energy_per_request", "IT energy per completed request (idle replica time included)"),
    "energy_per_1k_tokens": ("energy_per_1k_tokens", "facility energy per 1,000 output tokens"),
    "energy_per_image": ("energy_per_image", "facility energy per image"),
    "energy_per_video_second": ("energy_per_video_second", "facility energy per second of video"),
}

# The natural unit of output of each modality: (energy_per_unit variable, what one unit is).
OUTPUT_OF_MODALITY = {
    "text": ("energy_per_1k_tokens", "1,000 output tokens"),
    "image": ("energy_per_image", "image"),
    "video": ("energy_per_video_second", "second of video"),
}

# Per-interval rates of /timeseries counted per period by `periodic`: (rate variable, units of the count, long_name).
COUNTS = {
    "requests_arrived": ("request_rate", "1", "requests arrived"),
    "requests_served": ("served_rate", "1", "requests completed"),
    "output_tokens": ("token_rate", "1", "output tokens generated"),
    "images": ("image_rate", "1", "images generated"),
    "video_seconds": ("video_rate", "s", "seconds of video generated"),
}


def require_services(dataset):
    """Raise ValueError unless `dataset` (a /summary or /timeseries Dataset) has inference services."""
    if dataset is None or "service" not in dataset.dims:
        raise ValueError("this run has no inference services (no 'service' dimension)")


def energy_per_unit(summary, units="Wh"):
    """Energy per completed request (facility and IT), per 1,000 output tokens, per image and per second of video
    by service, in `units` (default Wh). NaN where a service makes no such output (a text service's images)."""
    require_services(summary)
    result = xr.Dataset()
    for name, (source, long_name) in PER_UNIT.items():
        result[name] = _converted(summary[source], units, long_name)
    return result


def _converted(data, to_units, long_name):
    converted = units.convert(data, to_units)
    converted.attrs = {"units": to_units, "long_name": long_name}
    return converted


def reference_service(summary, reference=None):
    """The service others are compared with: `reference` if given, else the first text service, else the first."""
    require_services(summary)
    names = [str(s) for s in summary["service"].values]
    if reference is not None:
        if reference not in names:
            raise ValueError(f"no service {reference!r} (services: {', '.join(names)})")
        return reference
    texts = [s for s, m in zip(names, summary["modality"].values) if m == "text"] if "modality" in summary else []
    return texts[0] if texts else names[0]


def in_modality_order(summary):
    """`summary` with its services in the order terawatt lists the modalities (text, image, video: the `modality`
    coordinate's flag_meanings), services of one modality in their file order."""
    if "modality" not in summary.coords:
        return summary
    order = str(summary["modality"].attrs.get("flag_meanings", "")).split()
    rank = [order.index(m) if m in order else len(order) for m in summary["modality"].values]
    return summary.isel(service=np.argsort(rank, kind="stable"))


def modality_comparison(summary, reference=None):
    """The text vs image vs video table: one row per service (ordered text, image, video), with its modality and
    fidelity, requests served [1], facility and IT energy per request [Wh], energy per unit of its own output
    [Wh] (`output_unit` names the unit: 1,000 tokens, an image, a second of video), emissions per request [g],
    mean, median and 99th-percentile latency [s] (percentiles: request fidelity only, else NaN), the energy rating
    [stars], and `energy_ratio` [1]: its facility energy per request over that of the reference service (default:
    the first text service; see reference_service).

    `to_dataframe()` gives a pandas table; `units.table()` one whose column names carry the units.
    """
    require_services(summary)
    reference = reference_service(summary, reference)
    ordered = in_modality_order(summary)
    per_unit = energy_per_unit(ordered)
    modalities = ordered["modality"].values if "modality" in ordered.coords else [None] * ordered.sizes["service"]
    output_vars = [OUTPUT_OF_MODALITY.get(m, ("energy_per_request", "request")) for m in modalities]
    per_output = [float(per_unit[var].isel(service=i)) for i, (var, _) in enumerate(output_vars)]
    table = xr.Dataset(coords={"service": ordered["service"]})
    table = table.assign_coords({name: ("service", ordered[name].values, ordered[name].attrs)
                                 for name in ("modality", "fidelity") if name in ordered.coords})
    table["requests_served"] = ordered["requests_served"]
    table["energy_per_request"] = per_unit["energy_per_request"]
    table["it_energy_per_request"] = per_unit["it_energy_per_request"]
    table["energy_per_output"] = xr.DataArray(per_output, dims="service", attrs={
        "units": "Wh", "long_name": "facility energy per unit of the service's output (see output_unit)"})
    table = table.assign_coords(output_unit=("service", np.array([u for _, u in output_vars], dtype=object),
                                             {"long_name": "unit of output of energy_per_output"}))
    table["emissions_per_request"] = _converted(ordered["emissions_per_request"], "g",
                                                "operational CO2e per completed request, location-based")
    for name in ("latency_mean", "latency_p50", "latency_p99", "energy_stars"):
        if name in ordered:
            table[name] = ordered[name]
    energy = table["energy_per_request"]
    table["energy_ratio"] = energy / energy.sel(service=reference)
    table["energy_ratio"].attrs = {"units": "1", "long_name": f"facility energy per request / that of {reference!r}"}
    table.attrs = {"reference": reference, "scenario_name": summary.attrs.get("scenario_name", "")}
    return table


def service_power(ts, kind="it"):
    """Power of each service's servers [W] over (time, service): kind 'it' (IT power of the servers it holds,
    `workload_power`) or 'facility' (its IT-power share of its site's facility power, interval by interval)."""
    require_services(ts)
    if kind == "it":
        power = ts["workload_power"]
    elif kind == "facility":
        power = aggregate.attributed_rate(ts, "workload", "facility_power")
    else:
        raise ValueError(f"kind must be 'it' or 'facility', not {kind!r}")
    return _as_service(power, ts)


def _as_service(data, ts):
    """A (time, workload) array restricted to the services and along `service`, with their coordinates."""
    data = data.sel(workload=ts["service"].values).rename(workload="service")
    return data.assign_coords({name: ts[name] for name in ts["service"].coords if name in ts.coords})


def periodic(ts, freq="D"):
    """Each service's requests, outputs and energy per calendar period (pandas alias: 'D' day, 'W', 'MS' month).

    Counts [1] (video_seconds [s]): requests_arrived, requests_served, output_tokens, images, video_seconds;
    replica_hours [hour] (serving replicas); it_energy and facility_energy [J] (as aggregate.energy by workload);
    emissions [kg]; energy_per_request [Wh] (facility energy / requests served in the period; NaN without any).
    Each interval counts in the period where it starts (as aggregate.periodic), so the periods sum to the run's
    totals in /summary.
    """
    require_services(ts)
    dt = aggregate.interval_lengths(ts)
    parts = {name: (ts[rate] * dt, count_units, long_name) for name, (rate, count_units, long_name) in COUNTS.items()}
    parts["replica_hours"] = (ts["serving_replicas"] * dt / 3600.0, "hour", "serving replica-hours")
    parts["it_energy"] = (service_power(ts, "it") * dt, "J", "IT energy of the service's servers")
    parts["facility_energy"] = (service_power(ts, "facility") * dt, "J", "facility energy attributed to the service")
    emissions = _as_service(aggregate.attributed_rate(ts, "workload", "emissions_rate"), ts)
    parts["emissions"] = (emissions * dt / aggregate.G_PER_KG, "kg", "operational CO2e, location-based")
    starts = aggregate.interval_starts(ts)
    result = xr.Dataset({name: aggregate.resample(data.transpose("time", "service"), starts, freq, "sum")
                         for name, (data, _, _) in parts.items()})
    for name, (_, part_units, long_name) in parts.items():
        result[name].attrs = {"units": part_units, "long_name": f"{long_name} per period"}
    served = result["requests_served"]
    result["energy_per_request"] = units.convert(
        (result["facility_energy"] / served.where(served > 0)).assign_attrs(units="J"), "Wh")
    result["energy_per_request"].attrs["long_name"] = "facility energy per request completed in the period"
    result = result.assign_coords({name: ts[name] for name in ts["service"].coords if name in ts.coords})
    result["time"].attrs = {"long_name": "start of the period"}
    result.attrs = {"period": freq, "scenario_name": ts.attrs.get("scenario_name", "")}
    return result
