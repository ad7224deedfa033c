"""terawatt's Python analysis: open a run's HDF5 output as xarray Datasets and summarise, aggregate and plot it.

    import analysis
    run = analysis.open_run("quickstart.h5")     # run.timeseries, run.summary, run.projection (xarray)
    run.daily()                                  # energies [J], emissions [kg], PUE per day
    run.plot_power()                             # matplotlib, imported only now
    run.modality_comparison()                    # inference services: Wh per request, ratios to the text service
    analysis.open_run("iea-2022-2026.h5").plot_projection()   # a projection output: fan chart against the IEA

Helpers are methods of `Run` and of the time-series Dataset (`run.timeseries.terawatt.daily()`); the modules are
`layout` (what a file holds), `run` (opening), `accessor` (the Dataset's `terawatt` methods), `aggregate` (sums over time), `services` (inference services), `projection` (fleet projections),
`units`, and the plots `plots`, `service_plots` and `fan_chart`; `report` writes PNGs and HTML. Sweep tables from
`terawatt collect` open with `open_sweep`. Needs Debian's python3-xarray, python3-h5netcdf and python3-h5py
(and python3-matplotlib for plots): run with /usr/bin/python3.
"""

from . import accessor  # noqa: F401  (registers the `terawatt` Dataset accessor)
from .aggregate import compare
from .run import NotATerawattRun, Run, open_run
from .sweep import Sweep, open_sweep

__all__ = ["open_run", "Run", "NotATerawattRun", "compare", "open_sweep", "Sweep"]
