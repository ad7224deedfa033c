"""terawatt's Python package: run scenarios and open their HDF5 output as xarray Datasets, then summarise, aggregate
and plot it.

    import terawatt
    run = terawatt.open_run("quickstart.h5")     # run.timeseries, run.summary, run.projection (xarray)
    run.daily()                                  # energies [J], emissions [kg], PUE per day
    run.plot_power()                             # matplotlib, imported only now
    run.modality_comparison()                    # inference services: Wh per request, ratios to the text service
    terawatt.open_run("iea-2022-2026.h5").plot_projection()   # a projection output: fan chart against the IEA
    hot = terawatt.run("scenarios/quickstart.yaml", overrides={"sites.iowa.pue": 1.4}, output="hot.h5")

The helpers are methods of `Run`; the modules are `layout` (what a file holds), `run_file` (opening), `simulate`
(running the program), `aggregate` (sums over time), `services` (inference services), `projection` (fleet
projections), `units`, and the plots `plots`, `service_plots` and `fan_chart`; `python3 -m terawatt.report` writes
PNGs and HTML. Sweep tables from `terawatt collect` open with `open_sweep`; uncertainty runs (`terawatt run --samples
N`) with `open_uncertainty`, whose bands `uncertainty.band_table`, `tornado` and `band_chart` show. Needs Debian's
python3-xarray, python3-h5netcdf and python3-h5py (and python3-matplotlib for plots).
"""

from .aggregate import compare
from .run_file import NotATerawattRun, Run, open_run
from .simulate import RunFailed, run
from .sweep import Sweep, open_sweep
from .uncertainty import open_uncertainty

# The program's version (CMakeLists.txt's project VERSION): a test checks that they agree.
__version__ = "0.1.0"

__all__ = ["open_run", "Run", "NotATerawattRun", "run", "RunFailed", "compare", "open_sweep", "Sweep",
           "open_uncertainty", "__version__"]
