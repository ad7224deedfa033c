"""Write a run's plots as PNG and a short HTML page summarising it.

Usage: python3 -m terawatt.report RUN.h5 [-o DIR]

DIR (default: RUN-report next to the file) gets power.png (stacked IT power by cluster with the facility
overhead), pue_temperature.png, cumulative_emissions.png (by site, and by workload when there are workloads:
cumulative_emissions_by_workload.png) and index.html: provenance, totals, and tables per site, cluster and
workload, with PUE and carbon-intensity statistics. A run with inference services also gets
energy_per_request.png, service_load.png and a table comparing the services (text vs image vs video). A projection
output (no time series) gets projection.png (the fan chart against the IEA's figures) and tables by year, case and
segment instead. Exit codes: 0 written, 1 the file is not a terawatt run or cannot be read, 2 usage.
"""

import argparse
import html
import os
import sys

import numpy as np

from . import projection
from .units import format_quantity

# (file, caption, Run method, its arguments, what the run needs for it: None, 'workloads', 'services', 'projection')
PLOTS = (
    ("power.png", "IT power by cluster and facility overhead", "plot_power", {}, None),
    ("pue_temperature.png", "PUE and outdoor temperature", "plot_pue_temperature", {}, None),
    ("cumulative_emissions.png", "Cumulative operational emissions by site", "plot_cumulative_emissions",
     {"by": "site"}, None),
    ("cumulative_emissions_by_workload.png", "Cumulative operational emissions by workload",
     "plot_cumulative_emissions", {"by": "workload"}, "workloads"),
    ("energy_per_request.png", "Facility energy per request by service and modality", "plot_energy_per_request", {},
     "services"),
    ("service_load.png", "Request rate, serving replicas and power of the inference services", "plot_service_load",
     {}, "services"),
)
PROJECTION_PLOTS = (
    ("projection.png", "Electricity by year: base case by segment, range of the cases, IEA Electricity 2024",
     "plot_projection", {}, "projection"),
)


def write_report(run, directory, dpi=100):
    """Write the PNGs and index.html of Run `run` into `directory` (created); returns the paths written."""
    import matplotlib.pyplot as plt

    os.makedirs(directory, exist_ok=True)
    written, figures = [], []
    has = {None: True, "workloads": bool(run.workloads), "services": bool(run.services),
           "projection": run.projection is not None}
    for filename, caption, method, kwargs, needs in PROJECTION_PLOTS if run.kind == "projection" else PLOTS:
        if not has[needs]:
            continue
        fig = getattr(run, method)(**kwargs)
        path = os.path.join(directory, filename)
        fig.savefig(path, dpi=dpi)
        plt.close(fig)
        written.append(path)
        figures.append((filename, caption))
    page = os.path.join(directory, "index.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(render_html(run, figures) if run.kind == "simulation" else render_projection_html(run, figures))
    written.append(page)
    return written


def render_html(run, figures):
    """The report page (str): provenance, totals, per-site, per-cluster, per-workload and per-service tables,
    figures."""
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
    return "\n".join(parts + _tail(run, figures)) + "\n"


def render_projection_html(run, figures):
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
        _year_table(projection.mean_pue(proj), "case", digits=3),
    ]
    if "base" in proj["case"].values:
        parts += ["<h2>Electricity of the base case by segment [TWh]</h2>",
                  _year_table(projection.by(proj, "segment", case="base"), "segment")]
    comparison = projection.published_comparison(proj)
    rows = [[figure, int(year), case, f"{published:,.0f} TWh", f"{projected:,.1f} TWh", f"{100 * error:+.1f} %"]
            for figure, year, case, published, projected, error in zip(
                comparison["figure"].values, comparison["year"].values, comparison["case"].values,
                comparison["published"].values, comparison["projected"].values, comparison["relative_error"].values)]
    parts += [f"<h2>Against {html.escape(comparison.attrs['source'])}</h2>",
              _table(["published figure", "year", "case", "published", "projected", "error"], rows)]
    return "\n".join(parts + _tail(run, figures)) + "\n"


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
    ]


def _tail(run, figures):
    parts = ["<h2>Plots</h2>"]
    for filename, caption in figures:
        parts.append(f"<figure><img src='{html.escape(filename)}' alt='{html.escape(caption)}'>"
                     f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    parts.append(f"<p><small>Written by <code>python3 -m terawatt.report</code> from "
                 f"<code>{html.escape(run.path)}</code>.</small></p></body></html>")
    return parts


def _year_table(data, column, digits=None):
    """A (year, `column`) DataArray as a table, one row a year."""
    labels = [str(label) for label in data[column].values]
    rows = [[int(year)] + [f"{v:.{digits}f}" if digits else f"{v:,.1f}" for v in data.sel(year=year).values]
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
    units = data.attrs.get("units", "1")
    value = float(data)
    if units == "1":
        return f"{value:.4g}"
    if units in ("g/kWh", "hour"):
        return f"{value:.4g} {units}"
    return format_quantity(value, units)


def _sites_table(run):
    s, pue, intensity = run.summary, run.pue_stats(), run.carbon_intensity_stats()
    rows = []
    for site in run.sites:
        rows.append([
            site,
            format_quantity(_value(s, "site_it_energy", site, "site"), "J"),
            format_quantity(_value(s, "facility_energy", site, "site"), "J"),
            f"{_value(pue, 'effective', site, 'site'):.4g} ({_value(pue, 'min', site, 'site'):.3g}"
            f"-{_value(pue, 'max', site, 'site'):.3g})",
            f"{_value(intensity, 'effective', site, 'site'):.4g} ({_value(intensity, 'min', site, 'site'):.3g}"
            f"-{_value(intensity, 'max', site, 'site'):.3g})",
            format_quantity(_value(s, "emissions", site, "site"), "kg"),
            format_quantity(_value(s, "water_onsite", site, "site") + _value(s, "water_offsite", site, "site"),
                            "m3"),
        ])
    return _table(["site", "IT energy", "facility energy", "PUE (min-max)", "carbon intensity g/kWh (min-max)",
                   "emissions CO2e", "water on- + off-site"], rows)


def _clusters_table(run):
    s = run.summary
    facility, emissions = run.energy("cluster", "facility"), run.emissions("cluster")
    rows = [[c, run.site_of_cluster.get(c, ""), f"{_value(s, 'accelerators', c, 'cluster'):.0f}",
             format_quantity(_value(s, "it_energy", c, "cluster"), "J"),
             format_quantity(_value(s, "gpu_energy", c, "cluster"), "J"),
             format_quantity(_value(s, "mean_it_power", c, "cluster"), "W"),
             format_quantity(float(facility.sel(cluster=c)), "J"),
             format_quantity(float(emissions.sel(cluster=c)), "kg")] for c in run.clusters]
    return _table(["cluster", "site", "accelerators", "IT energy", "GPU energy", "mean IT power",
                   "facility energy (share)", "emissions CO2e (share)"], rows)


def _workloads_table(run):
    s = run.summary
    rows = []
    for w in run.workloads:
        rows.append([w, run.cluster_of_workload.get(w, ""), _status(s, w),
                     f"{_value(s, 'gpu_hours', w, 'workload'):.4g}",
                     format_quantity(_value(s, "workload_energy", w, "workload"), "J"),
                     format_quantity(_value(s, "workload_facility_energy", w, "workload"), "J"),
                     format_quantity(_value(s, "workload_emissions", w, "workload"), "kg")])
    return _table(["workload", "cluster", "status", "GPU-hours", "IT energy", "facility energy", "emissions CO2e"],
                  rows)


def _services_table(run):
    table = run.modality_comparison()
    rows = []
    for i, service in enumerate(table["service"].values):
        row = table.isel(service=i)
        rows.append([service, str(row["modality"].values), str(row["fidelity"].values),
                     f"{float(row['requests_served']):,.0f}",
                     f"{float(row['energy_per_request']):.3g} Wh", f"{float(row['it_energy_per_request']):.3g} Wh",
                     f"{float(row['energy_per_output']):.3g} Wh per {row['output_unit'].values}",
                     f"{float(row['emissions_per_request']):.3g} g",
                     f"{float(row['energy_ratio']):,.3g}",
                     f"{float(row['latency_mean']):.3g} s"])
    return _table(["service", "modality", "fidelity", "requests served", "energy per request (facility)",
                   "IT energy per request", "energy per unit of output", "CO2e per request",
                   f"ratio to {table.attrs['reference']}", "mean latency"], rows)


def _status(summary, workload):
    """'done', 'running 42.0 %' or 'not started', from progress and start_time."""
    if _value(summary, "progress", workload, "workload") >= 1:
        return "done"
    if np.isnan(_value(summary, "start_time", workload, "workload")):
        return "not started"
    return f"running {100 * _value(summary, 'progress', workload, 'workload'):.1f} %"


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
