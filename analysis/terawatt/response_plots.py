"""Response curves of a sweep: a metric against a swept key, one line per value of another, one panel per value of a
third (matplotlib, imported when a figure is drawn). Every point is drawn, failed and unfinished ones marked; labels
are words from the program's own documentation (`terawatt.labels`).
"""

import textwrap

import numpy as np

from . import formatting, units
from .plots import _pyplot

MARKERS = ("o", "s", "^", "D", "v")  # one marker and line style per hue value
LINE_STYLES = ("-", "--", ":", "-.")


def response_curves(table, metric, x, hue=None, col=None, select=None, metric_units=None, per=None, per_label=None,
                    reference=None):
    """A sweep metric against swept key `x`, one line per value of `hue`, one panel per value of `col`.

    `table` is a sweep table (`Sweep.table`, dimension `point`); `select` ({key: value}) keeps the points with those
    values. Every point is drawn: a failed or missing point, which has no value, as a red cross on the x axis; a
    done point whose work was unfinished when its run ended (`sweep.unfinished`) as an open marker, since its totals
    count less work than the others'; when the table cannot tell (no progress or end_time metric) the figure says
    so. When other swept keys still vary (a Latin hypercube), points are drawn unjoined. metric_units: the unit to
    show (default: a readable one).

    per: a column to divide the metric by, for a per-job metric instead of a fixed-window total. A total over the
    run's horizon (facility_energy) mixes the work done with the idle time around it, so points that finish more
    or less work are not comparable; dividing by what was done compares them: `per='requests_served'` gives energy
    per request, `per='progress.llm-13b'` a workload's energy per whole job (its energy over the share of its work
    done, which extrapolates an unfinished job linearly). per_label names the denominator ('request', 'job';
    default: the column's label).

    Axis labels and titles are words from the program's documentation (`terawatt.labels`): `reference` (default:
    labels.reference(), the program's) or labels.EMPTY for the raw names.
    """
    from . import labels, sweep

    plt = _pyplot()
    ref = labels.reference() if reference is None else reference
    table = _selected(table, select)
    keys = [k for k in (x, hue, col) if k is not None]
    for key in [metric] + keys + ([per] if per else []):
        if key not in table:
            raise ValueError(f"the sweep table has no variable {key!r} (variables: {', '.join(table.data_vars)})")
    others = [p for p in _varying_parameters(table) if p not in keys]
    values, source_units = _metric_values(table, metric, per)
    finite = np.abs(values[np.isfinite(values)])
    largest = float(finite.max()) if finite.size else float("nan")
    shown = metric_units or units.readable_units(largest, source_units)
    scale = units.factor(source_units, shown) if shown != source_units else 1.0
    unfinished = sweep.unfinished(table)  # None: the table cannot tell
    flags = np.zeros(table.sizes["point"], bool) if unfinished is None else unfinished.values
    table = table.assign(_y=("point", values * scale), _unfinished=("point", flags))
    panels = _values(table, col) if col else [None]
    width = 2.0 + 3.4 * len(panels) + (1.6 if hue else 0.0)
    fig, axes = plt.subplots(1, len(panels), figsize=(width, 4.0), sharey=True, squeeze=False)
    for ax, panel in zip(axes[0], panels):
        subset = table if panel is None else _subset(table, col, panel)
        _response_panel(ax, subset, x, hue, joined=not others)
        ax.set_xlabel(textwrap.fill(_axis_label(table, x, labels.parameter_label(x, ref)), 40), fontsize="small")
        if col:
            ax.set_title(f"{labels.parameter_label(col, ref)} = {_format_value(table, col, panel)}",
                         fontsize="medium")
    what = labels.metric_label(metric, ref, fallback=table[metric].attrs.get("long_name"))
    if per:
        what += f" per {per_label or labels.metric_label(per, ref, fallback=per)}"
    axes[0, 0].set_ylabel(textwrap.fill(f"{what} [{shown}]", 40), fontsize="small")
    _response_legend(axes[0, -1], table, hue, labels.parameter_label(hue, ref) if hue else None)
    verb = "varies" if len(others) == 1 else "vary"
    notes = [f"points: {', '.join(labels.parameter_label(o, ref) for o in others)} also {verb}"] if others else []
    if unfinished is None:
        notes.append("completion not in the table: collect with --metric 'min(progress)'")
    note = f" ({'; '.join(notes)})" if notes else ""
    title = f"{table.attrs.get('sweep_name', 'sweep')}: {what} against {labels.parameter_label(x, ref)}{note}"
    fig.suptitle(textwrap.fill(title, int(width * 9)), fontsize="medium")
    fig.tight_layout()
    return fig


def _metric_values(table, metric, per):
    """(the metric's values, or metric / per, as a float array along `point`; their units)."""
    values = table[metric].values.astype(float)
    source_units = table[metric].attrs.get("units", "1")
    if not per:
        return values, source_units
    denominator = table[per].values.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(denominator > 0, values / denominator, np.nan)
    per_units = table[per].attrs.get("units", "1")
    return values, source_units if per_units in ("1", "") else f"{source_units}/{per_units}"


def _subset(table, key, value):
    """The points whose `key` equals `value` (the variables keep their types, bool included)."""
    return table.isel(point=np.flatnonzero(table[key].values == value))


def _selected(table, select):
    for key, value in (select or {}).items():
        table = _subset(table, key, value)
    if table.sizes.get("point", 0) == 0:
        raise ValueError(f"no point matches {select}")
    return table


def _varying_parameters(table):
    from .sweep import PARAMETER_PREFIX

    return [name for name, var in table.data_vars.items()
            if str(var.attrs.get("long_name", "")).startswith(PARAMETER_PREFIX) and len(np.unique(var.values)) > 1]


def _values(table, key):
    return list(np.unique(table[key].values))


FAILED_STYLE = {"marker": "x", "color": "C3", "markersize": 9, "markeredgewidth": 2, "linestyle": "none"}
NO_VALUE_STYLE = {"marker": "x", "color": "0.5", "markersize": 8, "markeredgewidth": 1.5, "linestyle": "none"}
UNFINISHED_FACE = "white"
AXIS_MARK_Y = 0.03  # failed points and points without a value sit this far (axes fraction) above the x axis


def _point_kinds(table):
    """Boolean arrays along `point`: 'failed' (failed or missing: the run gave nothing), 'no value' (done, its
    value NaN), 'unfinished' (done with a value, work cut at the horizon) and 'finished'."""
    done = (table["status"] == "done").values if "status" in table else np.ones(table.sizes["point"], bool)
    has_value = np.isfinite(table["_y"].values)
    unfinished = table["_unfinished"].values.astype(bool)
    return {"failed": ~done, "no value": done & ~has_value, "unfinished": done & has_value & unfinished,
            "finished": done & has_value & ~unfinished}


def _response_panel(ax, table, x, hue, joined):
    """One panel: a line per hue value through its points with a value (finished ones filled, unfinished open),
    and the points without a value as crosses on the x axis."""
    import matplotlib.transforms as transforms

    groups = _values(table, hue) if hue else [None]
    for i, value in enumerate(groups):
        subset = table if value is None else _subset(table, hue, value)
        order = np.argsort(subset[x].values, kind="stable")
        xs, ys = subset[x].values[order], subset["_y"].values[order]
        kinds = {name: flags[order] for name, flags in _point_kinds(subset).items()}
        drawn = kinds["finished"] | kinds["unfinished"]
        label = None if value is None else _format_value(table, hue, value)
        style = {"marker": MARKERS[i % len(MARKERS)], "color": f"C{i % 10}",
                 "markersize": 7 - 1.5 * (i % 3)}  # lines that coincide stay visible: smaller marks on top
        ax.plot(xs[drawn], ys[drawn], linestyle=LINE_STYLES[i % len(LINE_STYLES)] if joined else "none",
                markevery=list(np.flatnonzero(kinds["finished"][drawn])), label=label, **style)
        if kinds["unfinished"].any():
            ax.plot(xs[kinds["unfinished"]], ys[kinds["unfinished"]], linestyle="none",
                    markerfacecolor=UNFINISHED_FACE, **style)
    on_axis = transforms.blended_transform_factory(ax.transData, ax.transAxes)
    kinds = _point_kinds(table)
    for kind, style in (("failed", FAILED_STYLE), ("no value", NO_VALUE_STYLE)):
        if kinds[kind].any():
            xs = table[x].values[kinds[kind]]
            ax.plot(xs, np.full(len(xs), AXIS_MARK_Y), transform=on_axis, clip_on=False, **style)
    ax.grid(alpha=0.3)


def _response_legend(ax, table, hue, hue_label):
    """The hue values, then a key to the point markers the figure uses."""
    from matplotlib.lines import Line2D

    handles, names = ax.get_legend_handles_labels() if hue else ([], [])
    kinds = _point_kinds(table)
    if kinds["unfinished"].any():
        handles.append(Line2D([], [], marker="o", color="k", markerfacecolor=UNFINISHED_FACE, linestyle="none"))
        names.append("unfinished at the horizon (open marker)")
    if kinds["failed"].any():
        handles.append(Line2D([], [], **FAILED_STYLE))
        names.append("failed or missing (no value)")
    if kinds["no value"].any():
        handles.append(Line2D([], [], **NO_VALUE_STYLE))
        names.append("done, no value (NaN)")
    if handles:
        ax.legend(handles, names, title=hue_label, fontsize="small", title_fontsize="small", loc="upper left",
                  bbox_to_anchor=(1.02, 1.0), frameon=False)


def _axis_label(table, key, words):
    unit = table[key].attrs.get("units")
    return f"{words} [{unit}]" if unit and unit != "1" else words


def _format_value(table, key, value):
    unit = table[key].attrs.get("units")
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, str):
        return value
    text = formatting.number(float(value))
    return text if unit in (None, "1", "") else f"{text} {unit}"
