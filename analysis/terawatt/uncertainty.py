"""An uncertainty run's output (`terawatt run SCENARIO --samples N`; README, Uncertainty): its bands and what drives
them, as tables and charts.

Group `/uncertainty` holds, for every summary figure F: its samples `F` (sample, ...), `F_mean`, `F_p5`, `F_p50`,
`F_p95`, the standardised rank regression coefficients `F_srrc` (input, ...) and `F_rank_r2`; the inputs' values
`input_value` (sample, input), with `input_unit`, `input_distribution` and `input_location` as coordinates.

    from terawatt.uncertainty import open_uncertainty, band_table, tornado, band_chart, projection_fan
    u = open_uncertainty("chatgpt-2023-daily.h5")
    band_table(u)                                   # pandas: median, 5th and 95th percentiles, the main driver
    tornado(u, "emissions", site="azure-west-us")   # which inputs drive one figure, and which way
    band_chart(u, ["facility_energy", "emissions"]) # every figure's band relative to its median
    projection_fan(open_uncertainty("iea-bands.h5"))  # a projection's electricity by year: median and band per case
    series_fan("chatgpt-bands.h5", "facility_power") # with --series-bands: a site's power over time, median and band

Group `/uncertainty_series` (with `--series-bands`) holds, for the sites' facility power and emissions rate, the
mean and the 5th, 50th and 95th percentiles over the samples at every sample interval (dimensions time, site).
"""

import numpy as np

from . import plots

BAND_SUFFIXES = ("_mean", "_p5", "_p50", "_p95", "_srrc", "_rank_r2")


def open_uncertainty(path):
    """The /uncertainty group of `path` as an xarray Dataset (read into memory). Raises ValueError when the file has
    none: it is not the output of `terawatt run --samples`."""
    import h5py
    import xarray as xr

    with h5py.File(path, "r") as f:
        if "uncertainty" not in f:
            raise ValueError(f"{path}: no /uncertainty group (expected the output of terawatt run --samples N)")
    with xr.open_dataset(path, group="uncertainty", engine="h5netcdf") as u:
        return u.load()


def figures(u):
    """The names of the figures that have a band, in the file's order."""
    return [name for name in u.data_vars if f"{name}_p50" in u.data_vars]


def _labels(u, name):
    """The (dimension, label) pairs of a figure: one per element of its band."""
    band = u[f"{name}_p50"]
    if band.ndim == 0:
        return [(None, None)]
    dim = band.dims[0]
    return [(dim, label) for label in band[dim].values]


def band_table(u, names=None):
    """One row per figure and label: units, mean, 5th, 50th and 95th percentiles, the R2 of the rank regression and
    the input with the largest |SRRC| (with its coefficient). pandas DataFrame indexed by (figure, label)."""
    import pandas as pd

    rows = []
    for name in names or figures(u):
        for dim, label in _labels(u, name):
            at = {dim: label} if dim else {}
            srrc = u[f"{name}_srrc"].sel(at)
            finite = np.where(np.isfinite(srrc.values), srrc.values, 0.0)
            top = int(np.argmax(np.abs(finite))) if np.any(np.isfinite(srrc.values)) else None
            rows.append({
                "figure": name, "label": str(label), "units": u[name].attrs.get("units", ""),
                "mean": float(u[f"{name}_mean"].sel(at)), "p5": float(u[f"{name}_p5"].sel(at)),
                "p50": float(u[f"{name}_p50"].sel(at)), "p95": float(u[f"{name}_p95"].sel(at)),
                "rank_r2": float(u[f"{name}_rank_r2"].sel(at)),
                "driver": str(u["input"].values[top]) if top is not None else "",
                "driver_srrc": float(srrc.values[top]) if top is not None else np.nan,
            })
    return pd.DataFrame(rows).set_index(["figure", "label"])


def tornado(u, name, ax=None, **labels):
    """A tornado chart of figure `name` at `labels` (e.g. site='iowa'): one horizontal bar per input, its SRRC, the
    largest on top; positive to the right. Inputs that do not vary (NaN) are left out."""
    plt = plots._pyplot()
    srrc = u[f"{name}_srrc"].sel(labels) if labels else u[f"{name}_srrc"]
    if srrc.ndim != 1:
        raise ValueError(f"{name}: give one label of {[d for d in srrc.dims if d != 'input']} (e.g. site='...')")
    values = srrc.values
    keep = np.isfinite(values)
    order = np.argsort(np.abs(values[keep]))
    inputs = [str(n) for n in srrc["input"].values[keep]]
    names = [inputs[i] for i in order]
    bars = values[keep][order]
    fig, ax = plots._figure(plt, ax, size=(8, 0.5 * len(bars) + 1.5))
    ax.barh(names, bars, color=["#d62728" if b > 0 else "#1f77b4" for b in bars])
    ax.axvline(0.0, color="black", linewidth=0.8)
    ax.set_xlim(-1.05, 1.05)
    where = ", ".join(f"{k}={v}" for k, v in labels.items())
    r2 = u[f"{name}_rank_r2"].sel(labels) if labels else u[f"{name}_rank_r2"]
    ax.set_xlabel("standardised rank regression coefficient")
    ax.set_title(f"{name}{' [' + where + ']' if where else ''}: what drives it (rank R2 {float(r2):.2f})")
    fig.tight_layout()
    return ax


def band_chart(u, names=None, ax=None):
    """Every figure's samples relative to its median, one row per figure and label: the 5th-95th percentile band as
    a bar, the samples as dots and the median at 1, so that figures of different units compare on one axis."""
    plt = plots._pyplot()
    def median(name, dim, label):
        return float(u[f"{name}_p50"].sel({dim: label} if dim else {}))

    rows = [(name, dim, label) for name in names or figures(u) for dim, label in _labels(u, name)]
    rows = [r for r in rows if np.isfinite(median(*r)) and median(*r) != 0.0]  # relative to a median of 0: none
    fig, ax = plots._figure(plt, ax, size=(9, 0.45 * len(rows) + 1.5))
    for y, (name, dim, label) in enumerate(rows):
        at = {dim: label} if dim else {}
        middle = median(name, dim, label)
        low, high = float(u[f"{name}_p5"].sel(at)) / middle, float(u[f"{name}_p95"].sel(at)) / middle
        ax.barh(y, high - low, left=low, height=0.5, color="0.8")
        samples = u[name].sel(at).values / middle
        ax.plot(samples, np.full(samples.shape, y), "|", color="#1f77b4", markersize=8)
    ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([f"{n}[{lab}]" if d else n for n, d, lab in rows])
    ax.invert_yaxis()
    ax.set_xlabel("sample / median (bar: 5th to 95th percentile)")
    fig.tight_layout()
    return ax


def projection_fan(u, cases=None, ax=None):
    """A projection's electricity [TWh] by year (summed over segments and regions in each sample): per case, the
    median of the samples as a line and the 5th-95th percentile band shaded, so that the spread from the uncertain
    inputs shows beside the spread between cases."""
    plt = plots._pyplot()
    if "year" not in u.dims or "electricity" not in u:
        raise ValueError("not a projection's uncertainty output (expected electricity over year, segment, region, case)")
    totals = u["electricity"].sum([d for d in u["electricity"].dims if d not in ("sample", "year", "case")])
    years = totals["year"].values
    fig, ax = plots._figure(plt, ax, size=(9, 4.5))
    for i, case in enumerate(cases or [str(c) for c in totals["case"].values]):
        per_year = totals.sel(case=case)
        low, middle, high = (np.percentile(per_year.values, q, axis=0) for q in (5, 50, 95))
        color = f"C{i}"
        ax.fill_between(years, low, high, color=color, alpha=0.25, linewidth=0)
        ax.plot(years, middle, color=color, marker="o", label=f"{case}: median, 5th-95th percentile shaded")
    ax.set_xticks(years)
    ax.set_ylabel("electricity [TWh]")
    ax.set_title(f"projection over {u.sizes['sample']} samples of {u.sizes['input']} uncertain inputs")
    ax.legend(loc="upper left")
    fig.tight_layout()
    return ax


def open_series_bands(path):
    """The /uncertainty_series group of `path` as an xarray Dataset (read into memory). Raises ValueError when the
    file has none: it was not run with `--samples N --series-bands`."""
    import h5py
    import xarray as xr

    with h5py.File(path, "r") as f:
        if "uncertainty_series" not in f:
            raise ValueError(f"{path}: no /uncertainty_series group (expected terawatt run --samples N --series-bands)")
    with xr.open_dataset(path, group="uncertainty_series", engine="h5netcdf") as s:
        return s.load()


def series_fan(path, variable="facility_power", site=None, ax=None):
    """One site's `variable` (facility_power or emissions_rate) over time: the median of the samples as a line and
    the 5th-95th percentile band shaded. `site` defaults to the first; time is in hours from the start."""
    plt = plots._pyplot()
    s = open_series_bands(path)
    if f"{variable}_p50" not in s:
        banded = sorted({name.rsplit("_", 1)[0] for name in s.data_vars})
        raise ValueError(f"no bands of {variable} (expected one of: {', '.join(banded)})")
    site = site or str(s["site"].values[0])
    hours = s["time"].values / 3600.0
    low, middle, high = (s[f"{variable}{q}"].sel(site=site).values for q in ("_p5", "_p50", "_p95"))
    units = s[f"{variable}_p50"].attrs.get("units", "")
    fig, ax = plots._figure(plt, ax, size=(9, 4.5))
    ax.fill_between(hours, low, high, color="C0", alpha=0.25, linewidth=0, label="5th-95th percentile")
    ax.plot(hours, middle, color="C0", label="median")
    ax.set_xlabel("hours from the start")
    ax.set_ylabel(f"{variable} [{units}]")
    ax.set_title(f"{site}: {variable} over {s.attrs.get('samples', '?')} samples")
    ax.legend(loc="upper left")
    fig.tight_layout()
    return ax
