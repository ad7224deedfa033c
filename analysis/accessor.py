"""`ds.terawatt`: the helpers of `aggregate` and `plots` as methods of a time-series Dataset from open_run.

Registered when the package is imported; matplotlib is imported by `plots` only when a plot is drawn.
"""

import xarray as xr

from . import plots
from .aggregate import carbon_intensity_stats, cumulative_emissions, emissions, energy, periodic, pue_stats


@xr.register_dataset_accessor("terawatt")
class TerawattAccessor:
    """`ds.terawatt`: the helpers of this module on a time-series Dataset from open_run."""

    def __init__(self, dataset):
        self._ds = dataset

    def energy(self, by="site", kind="facility"):
        """Energy over the run [J]: see aggregate.energy."""
        return energy(self._ds, by=by, kind=kind)

    def emissions(self, by="site"):
        """Operational CO2e over the run [kg]: see aggregate.emissions."""
        return emissions(self._ds, by=by)

    def cumulative_emissions(self, by="site"):
        """Operational CO2e since the start [kg]: see aggregate.cumulative_emissions."""
        return cumulative_emissions(self._ds, by=by)

    def periodic(self, freq="D"):
        """Aggregates per period: see aggregate.periodic."""
        return periodic(self._ds, freq)

    def daily(self):
        return periodic(self._ds, "D")

    def monthly(self):
        return periodic(self._ds, "MS")

    def pue_stats(self):
        return pue_stats(self._ds)

    def carbon_intensity_stats(self):
        return carbon_intensity_stats(self._ds)

    def plot_power(self, **kwargs):
        return plots.power_stack(self._ds, **kwargs)

    def plot_pue_temperature(self, **kwargs):
        return plots.pue_temperature(self._ds, **kwargs)

    def plot_cumulative_emissions(self, **kwargs):
        return plots.cumulative_emissions(self._ds, **kwargs)
