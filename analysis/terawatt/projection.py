"""Helpers on a fleet projection (`/projection`) and the published figures it is read against.

`/projection` holds, by `year`, `segment`, `region` and `case`, electricity and IT electricity [TWh], emissions [Mt]
and server counts [1] (README, Projections); open_run gives `year` as integers. The totals the CLI prints and the
validation checks are sums over segments and regions, which is what `totals` and `by` compute; they keep the
variable's units and name the dimensions summed in `long_name`. `it_electricity` is NaN for a given series (crypto):
sums skip it, so its total is the IT electricity of the simulated segments.

The IEA's published figures (IEA *Electricity 2024*, docs/references.md RC-41) are kept here as data, `IEA_ELECTRICITY_2024`,
so that a plot and a table draw the same numbers with their source.
"""

from collections import namedtuple

import xarray as xr

# One published figure: total electricity [TWh] of data centres, AI and crypto in `year` for projection `case`.
Published = namedtuple("Published", "year case electricity note")

IEA_SOURCE = "IEA, Electricity 2024 (January 2024), data centres, AI and crypto (docs/references.md RC-41)"
IEA_ELECTRICITY_2024 = (
    Published(2022, "base", 460.0, "≈460 TWh in 2022 (all cases)"),
    Published(2026, "low", 620.0, "low case 620 TWh"),
    Published(2026, "base", 800.0, "base case 'just over 800 TWh'"),
    Published(2026, "high", 1050.0, "high case 1,050 TWh"),
)

SUMMED = ("segment", "region")


def _sum(data, dims, what):
    total = data.sum(dims, keep_attrs=True)
    total.attrs = {**data.attrs, "long_name": f"{data.attrs.get('long_name', data.name)}, {what}"}
    return total


def totals(projection, variable="electricity"):
    """`variable` summed over segments and regions, by year and case (the world total the CLI prints)."""
    return _sum(projection[variable], [d for d in SUMMED if d in projection[variable].dims],
                "all segments and regions")


def by(projection, dim="segment", variable="electricity", case="base"):
    """`variable` by year and `dim` ('segment' or 'region') for one case (None: every case), summed over the
    other of segment and region."""
    if dim not in SUMMED:
        raise ValueError(f"dim must be one of {', '.join(SUMMED)}, not {dim!r}")
    data = projection[variable] if case is None else projection[variable].sel(case=case)
    other = [d for d in SUMMED if d != dim and d in data.dims]
    return _sum(data, other, f"by {dim}, all {other[0]}s" if other else f"by {dim}")


def mean_pue(projection):
    """Facility / IT electricity of the segments with an IT electricity (not a given series), by year and case."""
    simulated = projection["it_electricity"].notnull()
    facility = projection["electricity"].where(simulated).sum(SUMMED)
    pue = facility / projection["it_electricity"].sum(SUMMED)
    pue.attrs = {"units": "1", "long_name": "mean PUE: facility / IT electricity of the simulated segments"}
    return pue.rename("pue")


def published_comparison(projection, published=IEA_ELECTRICITY_2024):
    """The projection's total electricity against published figures: one row (`figure`) per figure with its year
    and case, `published` and `projected` [TWh] and `relative_error` [1] (projected / published - 1). Figures
    for a year or case the projection does not have are left out."""
    total = totals(projection)
    rows = [p for p in published if p.year in total["year"].values and p.case in total["case"].values]
    projected = [float(total.sel(year=p.year, case=p.case)) for p in rows]
    values = [p.electricity for p in rows]
    energy_units = total.attrs["units"]
    table = xr.Dataset(
        {"published": ("figure", values, {"units": energy_units, "long_name": "published total electricity"}),
         "projected": ("figure", projected, {"units": energy_units, "long_name": "projected total electricity"}),
         "relative_error": ("figure", [a / b - 1.0 for a, b in zip(projected, values)],
                            {"units": "1", "long_name": "projected / published - 1"})},
        coords={"figure": ("figure", [p.note for p in rows], {"long_name": "published figure"}),
                "year": ("figure", [p.year for p in rows], {"long_name": "calendar year"}),
                "case": ("figure", [p.case for p in rows], {"long_name": "projection case"})})
    table.attrs = {"source": IEA_SOURCE if published is IEA_ELECTRICITY_2024 else ""}
    return table
