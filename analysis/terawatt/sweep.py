"""Open a sweep table written by `terawatt collect` and turn it into response curves.

The table's `/summary` group has one row per point along dimension `point`: `index`, one variable per swept key
(long_name 'swept parameter KEY'; float64 in SI units, or text), one per metric, `status` (done, failed, missing),
`exit_code` and `error` (README "Sweeps"). `Sweep.grid()` unstacks the points into one dimension per swept key, so
a cartesian sweep becomes an N-dimensional Dataset; `Sweep.plot_response()` draws a metric against one key.

A point can be done (its run succeeded) and still have unfinished work: a training job cut at the horizon. Its
fixed-window totals then count less work than the other points', so `unfinished()` marks such points from the
table's completion metrics: a `progress` metric (`min(progress)`) below 1, else an `end_time` metric
(`max(end_time)`) that is NaN. `terawatt collect DIR --metric 'min(progress)'` adds one without re-running.
"""

import functools
import operator

import numpy as np

BOOKKEEPING = ("index", "status", "exit_code", "error")
PARAMETER_PREFIX = "swept parameter "
# Summary variables that tell whether a point's work finished, most telling first: an inference service never ends
# (its end_time is NaN) but keeps progress at 1 when it serves its demand.
COMPLETION_VARIABLES = ("progress", "end_time")


def metric_variable(column):
    """The /summary variable a metric column was taken from: 'end_time.max' -> 'end_time'."""
    return str(column).split(".", 1)[0]


def unfinished(table):
    """Along `point`: True where a done point's work was unfinished when its run ended (see the module's
    docstring), False elsewhere; None when the table has no completion metric to tell."""
    for variable in COMPLETION_VARIABLES:
        columns = [name for name in table.data_vars if metric_variable(name) == variable]
        if not columns:
            continue
        done = table["status"] == "done" if "status" in table else True
        values = [table[c] for c in columns]
        cut = [v < 1.0 for v in values] if variable == "progress" else [v.isnull() for v in values]
        return (done & functools.reduce(operator.or_, cut)).rename("unfinished")
    return None


def open_sweep(path):
    """Open a sweep table (`terawatt collect DIR -o TABLE.h5`) and return a `Sweep` (read into memory).

    Raises NotATerawattRun (a ValueError) when the file is not a terawatt sweep table.
    """
    import h5py
    import xarray as xr

    from .layout import NotATerawattRun, attribute as _attribute

    try:
        with h5py.File(path, "r") as f:
            attrs = {name: _attribute(value) for name, value in f.attrs.items()}
            has_summary = "summary" in f
    except FileNotFoundError:
        raise
    except OSError as error:
        raise NotATerawattRun(f"{path}: not a terawatt sweep table: not an HDF5 file ({error})") from error
    if attrs.get("software") != "terawatt" or "sweep_name" not in attrs:
        raise NotATerawattRun(f"{path}: not a terawatt sweep table (no root attribute 'sweep_name'; "
                              "a run output opens with terawatt.open_run)")
    if not has_summary:
        raise NotATerawattRun(f"{path}: not a terawatt sweep table: no /summary group")
    with xr.open_dataset(path, group="summary", engine="h5netcdf") as table:
        table.load()
    if "point" not in table.dims:
        raise NotATerawattRun(f"{path}: /summary has no 'point' dimension")
    table.attrs = {**{k: v for k, v in attrs.items() if not k.startswith("_")}, **table.attrs}
    return Sweep(path, table)


class Sweep:
    """A collected sweep: `table` (a Dataset along `point`), `parameters` (the swept keys) and `metrics`."""

    def __init__(self, path, table):
        self.path = str(path)
        self.table = table

    def __repr__(self):
        return (f"<terawatt Sweep {self.name!r} from {self.path}: {self.table.sizes['point']} points, "
                f"parameters {self.parameters}, metrics {self.metrics}>")

    @property
    def name(self):
        return str(self.table.attrs.get("sweep_name", ""))

    @property
    def parameters(self):
        """The swept keys (`sites.iowa.pue`, ...), in the table's order."""
        return [name for name, var in self.table.data_vars.items()
                if str(var.attrs.get("long_name", "")).startswith(PARAMETER_PREFIX)]

    @property
    def metrics(self):
        """The metric variables (`facility_energy`, `end_time.max`, ...)."""
        return [name for name in self.table.data_vars if name not in BOOKKEEPING and name not in self.parameters]

    def varying(self):
        """The swept keys that take more than one value among the points."""
        return [p for p in self.parameters if len(np.unique(self.table[p].values)) > 1]

    def done(self):
        """The table restricted to points whose status is 'done'."""
        return self.table.where(self.table["status"] == "done", drop=True)

    def unfinished(self):
        """Along `point`: True where a done point's run ended before its work did; None when the table cannot tell
        (see `unfinished`)."""
        return unfinished(self.table)

    def grid(self):
        """The table unstacked into one dimension per varying swept key (the point's name kept as `point_name`).

        Combinations no point has are NaN (a Latin hypercube gives a sparse grid). Raises ValueError when two
        points share every swept value.
        """
        keys = self.varying()
        table = self.table.assign(point_name=("point", self.table["point"].values))
        if not keys:
            raise ValueError("no swept key takes more than one value: nothing to unstack")
        combos = list(zip(*(table[k].values.tolist() for k in keys)))
        if len(set(combos)) != len(combos):
            raise ValueError(f"points share the same values of {', '.join(keys)}: cannot unstack")
        if len(keys) == 1:
            return table.set_coords(keys[0]).swap_dims(point=keys[0]).drop_vars("point")
        attrs = {k: table[k].attrs for k in keys}
        grid = table.set_index(point=keys).unstack("point")
        for key in keys:
            grid[key].attrs = attrs[key]
        return grid

    def plot_response(self, metric, x, hue=None, col=None, **kwargs):
        """Response curves of `metric` against swept key `x`: see response_plots.response_curves."""
        from . import response_plots

        return response_plots.response_curves(self.table, metric, x, hue=hue, col=col, **kwargs)
