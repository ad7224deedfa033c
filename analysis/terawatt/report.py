"""Write a run's plots as PNG and a short HTML page summarising it.

Usage: python3 -m terawatt.report RUN.h5 [-o DIR]

DIR (default: RUN-report next to the file) gets power.png (stacked IT power by cluster with the facility
overhead), pue_temperature.png, cumulative_emissions.png (by site, and by workload when there are workloads:
cumulative_emissions_by_workload.png) and index.html: provenance (with the command line and the `--set`
overrides), totals, and tables per site, cluster and workload, with PUE and carbon-intensity statistics. A run
with inference services also gets energy_per_request.png, service_load.png and a table comparing the services
(text vs image vs video). A projection output (no time series) gets projection.png (the fan chart against the IEA's
figures) and tables by year, case and segment instead. A figure with nothing to show is left out and the page says
why (pue_temperature.png when every site's PUE is constant and there is no weather; the emissions when the grid
emitted nothing). index.html embeds its images, so it is one file that can be moved or mailed alone. Numbers and
workload statuses read as `terawatt run` prints them (terawatt.formatting, aggregate.workload_status). Exit codes:
0 written, 1 the file is not a terawatt run or cannot be read, 2 usage.
"""

import argparse
import base64
import html
import os
import sys

import numpy as np

from . import aggregate, formatting, projection

# A PUE series is constant when its values differ by no more than this: a constant PUE's interval values are the
# same number up to float rounding (1e-15), and a cooling plant moves PUE by 1e-3 and more.
PUE_CONSTANT_TOLERANCE = 1e-9


def _always(run):
    return True


def _has_workloads(run):
    return bool(run.workloads)


def _has_services(run):
    return bool(run.services)


def _has_projection(run):
    return run.projection is not None


def _shows_anything(run):
    return None


def _pue_or_weather(run):
    """None when some site's PUE varies or some site has weather; else why the PUE figure would show nothing."""
    ts = run.series
    pue = ts["pue"].transpose("site", ...).values
    spread = np.nanmax(pue, axis=1) - np.nanmin(pue, axis=1) if np.isfinite(pue).any() else np.zeros(1)
    weather = "outdoor_temperature" in ts and bool(np.isfinite(ts["outdoor_temperature"].values).any())
    if weather or (spread > PUE_CONSTANT_TOLERANCE).any():
        return None
    constants = ", ".join(f"{site} {formatting.number(float(np.nanmean(row)), whole_in_full=False)}"
                          for site, row in zip(ts["site"].values, pue))
    return f"every site's PUE is constant ({constants}) and no site has weather"


def _emissions(run):
    """None when the sites emitted something; else why the emission figures would show flat zero lines."""
    total = float(run.summary["emissions"].sum()) if "emissions" in run.summary else 0.0
    return None if total > 0 else "the sites emitted nothing (zero carbon intensity)"


# (file, caption, Run method, its arguments, whether the figure applies to the run, and a function of the run that
# gives None when the figure has something to show, else why not: the page lists those left out)
PLOTS = (
    ("power.png", "IT power by cluster and facility overhead", "plot_power", {}, _always, _shows_anything),
    ("pue_temperature.png", "PUE and outdoor temperature", "plot_pue_temperature", {}, _always, _pue_or_weather),
    ("cumulative_emissions.png", "Cumulative operational emissions by site", "plot_cumulative_emissions",
     {"by": "site"}, _always, _emissions),
    ("cumulative_emissions_by_workload.png", "Cumulative operational emissions by workload",
     "plot_cumulative_emissions", {"by": "workload"}, _has_workloads, _emissions),
    ("energy_per_request.png", "Facility energy per request by service and modality", "plot_energy_per_request", {},
     _has_services, _shows_anything),
    ("service_load.png", "Request rate, serving replicas and power of the inference services", "plot_service_load",
     {}, _has_services, _shows_anything),
)
PROJECTION_PLOTS = (
    ("projection.png", "Electricity by year: base case by segment, range of the cases, IEA Electricity 2024",
     "plot_projection", {}, _has_projection, _shows_anything),
)


def write_report(run, directory, dpi=100):
    """Write the PNGs and index.html of Run `run` into `directory` (created); returns the paths written."""
    import matplotlib.pyplot as plt

    os.makedirs(directory, exist_ok=True)
    written, figures, left_out = [], [], []
    for filename, caption, method, kwargs, applies, nothing_to_show in (
            PROJECTION_PLOTS if run.kind == "projection" else PLOTS):
        if not applies(run):
            continue
        reason = nothing_to_show(run)
        if reason:
            left_out.append((caption, reason))
            continue
        fig = getattr(run, method)(**kwargs)
        path = os.path.join(directory, filename)
        fig.savefig(path, dpi=dpi)
        plt.close(fig)
        written.append(path)
        figures.append((path, caption))
    render = render_html if run.kind == "simulation" else render_projection_html
    page = os.path.join(directory, "index.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(render(run, figures, left_out))
    written.append(page)
    return written


def render_html(run, figures, left_out=()):
    """The report page (str): provenance, totals, per-site, per-cluster, per-workload and per-service tables,
    figures ([(PNG path, caption)], embedded) and the figures left out ([(caption, why)])."""
    parts = _head(run, "run", ("scenario_file", "start", "sample_interval_s", "seed", "created", "version",
                               "git_describe", "scenario_sha256")) + [
        "<h2>Totals</h2>",
        _totals_table(run),
        "<h2>Sites</h2>",
        _sites_table(run),
        "<h2>Clusters</h2>",
        _clusters_table(run),
    ]
    if run.workloads:
        parts += ["<h2>Workloads</h2>", _workloads_table(run)]
    if run.services:
        parts += ["<h2>Inference services</h2>", _services_table(run)]
    return "\n".join(parts + _tail(run, figures, left_out)) + "\n"


def render_projection_html(run, figures, left_out=()):
    """The report page of a projection (str): provenance, electricity and emissions by year and case, the base
    case by segment, the comparison with the IEA's published figures, the fan chart."""
    proj = run.projection
    parts = _head(run, "projection", ("scenario_file", "seed", "created", "version", "git_describe",
                                      "scenario_sha256")) + [
        "<h2>Electricity by year and case [TWh]</h2>",
        _year_table(projection.totals(proj), "case"),
        "<h2>Emissions by year and case [Mt CO2e]</h2>",
        _year_table(projection.totals(proj, "emissions"), "case"),
        "<h2>Mean PUE by year and case</h2>",
        _year_table(projection.mean_pue(proj), "case"),
    ]
    if "base" in proj["case"].values:
        parts += ["<h2>Electricity of the base case by segment [TWh]</h2>",
                  _year_table(projection.by(proj, "segment", case="base"), "segment")]
    comparison = projection.published_comparison(proj)
    rows = [[figure, int(year), case, f"{formatting.number(published)} TWh",
             f"{formatting.number(projected, whole_in_full=False)} TWh", f"{100 * error:+.1f} %"]
            for figure, year, case, published, projected, error in zip(
                comparison["figure"].values, comparison["year"].values, comparison["case"].values,
                comparison["published"].values, comparison["projected"].values, comparison["relative_error"].values)]
    parts += [f"<h2>Against {html.escape(comparison.attrs['source'])}</h2>",
              _table(["published figure", "year", "case", "published", "projected", "error"], rows)]
    return "\n".join(parts + _tail(run, figures, left_out)) + "\n"


def _head(run, what, attributes):
    name = html.escape(run.name)
    return [
        "<!DOCTYPE html>",
        f"<html lang='en'><head><meta charset='utf-8'><title>terawatt: {name}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;"
        "padding:0.2em 0.8em;text-align:right}th:first-child,td:first-child{text-align:left}"
        "img{max-width:100%}</style></head><body>",
        f"<h1>terawatt {what}: {name}</h1>",
        f"<p>{html.escape(str(run.attrs.get('description', '')))}</p>",
        _table(["attribute", "value"], [[key, run.attrs.get(key, "")] for key in attributes]),
    ] + _how_it_was_run(run)


def _how_it_was_run(run):
    """The command line and the `--set` overrides the run was made with, from the root attributes (`history` and
    `overrides`, or the older `command_line` and `scenario_overrides`; one override a line)."""
    command = _attribute(run, "history", "command_line")
    overrides = [line for line in _attribute(run, "overrides", "scenario_overrides").splitlines() if line.strip()]
    parts = ["<h2>How it was run</h2>",
             f"<p>Command line: <code>{html.escape(command)}</code></p>" if command else
             "<p>Command line: not recorded in the file.</p>"]
    if overrides:
        parts += ["<p>Overrides of the scenario (<code>--set</code>):</p>",
                  "<ul>" + "".join(f"<li><code>{html.escape(o)}</code></li>" for o in overrides) + "</ul>"]
    else:
        parts.append("<p>Overrides of the scenario: none.</p>")
    return parts


def _attribute(run, *names):
    """The first of the root attributes `names` the file has, as text (a list joined a line an item), else ''."""
    for name in names:
        value = run.attrs.get(name)
        if value is None:
            continue
        if isinstance(value, (list, tuple, np.ndarray)):
            return "\n".join(str(item) for item in value)
        return str(value)
    return ""


def _tail(run, figures, left_out):
    parts = ["<h2>Plots</h2>"]
    for path, caption in figures:
        parts.append(f"<figure><img src='{_data_uri(path)}' alt='{html.escape(caption)}'>"
                     f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    if left_out:
        parts.append("<p>Left out, with nothing to show:</p><ul>" + "".join(
            f"<li>{html.escape(caption)}: {html.escape(reason)}</li>" for caption, reason in left_out) + "</ul>")
    parts.append(f"<p><small>Written by <code>python3 -m terawatt.report</code> from "
                 f"<code>{html.escape(run.path)}</code>.</small></p></body></html>")
    return parts


def _data_uri(path):
    """The PNG at `path` as a data: URI, so that the page holds its images."""
    with open(path, "rb") as f:
        return "data:image/png;base64," + base64.b64encode(f.read()).decode("ascii")


def _year_table(data, column):
    """A (year, `column`) DataArray as a table, one row a year."""
    labels = [str(label) for label in data[column].values]
    rows = [[int(year)] + [formatting.number(float(v), whole_in_full=False) for v in data.sel(year=year).values]
            for year in data["year"].values]
    return _table(["year"] + labels, rows)


def _table(header, rows):
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _value(dataset, name, label=None, dim=None):
    """The float value of `name` (at `label` along `dim`), or NaN when the variable is absent."""
    if name not in dataset:
        return float("nan")
    data = dataset[name] if dim is None else dataset[name].sel({dim: label})
    return float(data)


def _totals_table(run):
    totals = run.totals()
    rows = [[totals[name].attrs["long_name"], _quantity(totals[name])] for name in totals.data_vars]
    return _table(["quantity", "value"], rows)


def _quantity(data):
    """A scalar DataArray as text in a readable unit of its own `units`; accelerator-hours stay hours (a count of
    GPU-hours, not a duration to rescale into days)."""
    value, unit = float(data), data.attrs.get("units", "1")
    if data.name == "gpu_hours":
        return f"{formatting.number(value)} h"
    return formatting.quantity(value, unit)


def _cell(dataset, name, label, dim):
    """`name` at `label` along `dim` in a readable unit of the variable's own units; '-' when absent."""
    if name not in dataset:
        return formatting.MISSING
    return _quantity(dataset[name].sel({dim: label}))


def _statistic(stats, site):
    """'1.11 (1.08-1.30)': the effective value with the range of the interval values."""
    effective, low, high = (formatting.number(_value(stats, name, site, "site"), whole_in_full=False)
                            for name in ("effective", "min", "max"))
    return f"{effective} ({low}-{high})"


def _sites_table(run):
    s, pue, intensity = run.summary, run.pue_stats(), run.carbon_intensity_stats()
    intensity_units = intensity["effective"].attrs.get("units", "")
    rows = []
    for site in run.sites:
        water = s["water_onsite"].sel(site=site) + s["water_offsite"].sel(site=site)
        water.attrs = s["water_onsite"].attrs
        rows.append([site, _cell(s, "site_it_energy", site, "site"), _cell(s, "facility_energy", site, "site"),
                     _statistic(pue, site), _statistic(intensity, site), _cell(s, "emissions", site, "site"),
                     _quantity(water)])
    return _table(["site", "IT energy", "facility energy", "PUE (min-max)",
                   f"carbon intensity {intensity_units} (min-max)", "emissions CO2e", "water on- + off-site"], rows)


def _clusters_table(run):
    s = run.summary
    facility, emissions = run.energy("cluster", "facility"), run.emissions("cluster")
    rows = [[c, run.site_of_cluster.get(c, ""), _cell(s, "accelerators", c, "cluster"),
             _cell(s, "it_energy", c, "cluster"), _cell(s, "gpu_energy", c, "cluster"),
             _cell(s, "mean_it_power", c, "cluster"), _quantity(facility.sel(cluster=c)),
             _quantity(emissions.sel(cluster=c))] for c in run.clusters]
    return _table(["cluster", "site", "accelerators", "IT energy", "GPU energy", "mean IT power",
                   "facility energy (share)", "emissions CO2e (share)"], rows)


def _workloads_table(run):
    s = run.summary
    status = aggregate.workload_status(s)
    rows = [[w, run.cluster_of_workload.get(w, ""), str(status.sel(workload=w).item()),
             _cell(s, "gpu_hours", w, "workload"), _cell(s, "workload_energy", w, "workload"),
             _cell(s, "workload_facility_energy", w, "workload"), _cell(s, "workload_emissions", w, "workload")]
            for w in run.workloads]
    return _table(["workload", "cluster", "status", "GPU-hours", "IT energy", "facility energy", "emissions CO2e"],
                  rows)


def _services_table(run):
    table = run.modality_comparison()
    rows = []
    for i, service in enumerate(table["service"].values):
        row = table.isel(service=i)

        def shown(name):
            """In the unit modality_comparison chose for a request's scale (Wh, g): no rescaling."""
            return f"{formatting.number(float(row[name]), whole_in_full=False)} {row[name].attrs.get('units', '')}"

        rows.append([service, str(row["modality"].values), str(row["fidelity"].values),
                     formatting.number(float(row["requests_served"])), shown("energy_per_request"),
                     shown("it_energy_per_request"), f"{shown('energy_per_output')} per {row['output_unit'].values}",
                     shown("emissions_per_request"), formatting.number(float(row["energy_ratio"]), whole_in_full=False),
                     _quantity(row["latency_mean"])])
    return _table(["service", "modality", "fidelity", "requests served", "energy per request (facility)",
                   "IT energy per request", "energy per unit of output", "CO2e per request",
                   f"ratio to {table.attrs['reference']}", "mean latency"], rows)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m terawatt.report", description=__doc__.splitlines()[0])
    parser.add_argument("run", help="a terawatt run output (.h5)")
    parser.add_argument("-o", "--output", help="directory to write (default: RUN-report beside RUN)")
    parser.add_argument("--dpi", type=int, default=100, help="resolution of the PNGs (default: 100)")
    args = parser.parse_args(argv)
    directory = args.output or os.path.splitext(args.run)[0] + "-report"

    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed
    from .run_file import NotATerawattRun, open_run

    try:
        run = open_run(args.run)
    except (OSError, NotATerawattRun) as error:
        print(f"terawatt.report: {error}", file=sys.stderr)
        return 1
    for path in write_report(run, directory, dpi=args.dpi):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
