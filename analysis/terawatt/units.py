"""Unit conversion and display for terawatt's SI outputs.

terawatt writes every variable with a `units` attribute that UDUNITS-2 and pint both parse (W, J, kg, g/s,
g/(kW h), m^3, s, degC, 1, TW h). This module converts between the few units analysts display (kWh, MWh, MW, t, ...)
by explicit factors, so that the analysis needs no unit library; it reads the files' CF spellings and the shorter
ones (TWh, m3) alike. A conversion returns a new DataArray whose `units`
attribute names the new unit; the input is never modified.
"""

import math

# Factor to the SI unit of the dimension (the first unit of each group), by unit name.
_FACTORS = {
    "energy": {"J": 1.0, "kJ": 1e3, "MJ": 1e6, "GJ": 1e9, "TJ": 1e12, "PJ": 1e15, "Wh": 3.6e3, "kWh": 3.6e6,
               "MWh": 3.6e9, "GWh": 3.6e12, "TWh": 3.6e15, "kW h": 3.6e6, "MW h": 3.6e9, "GW h": 3.6e12,
               "TW h": 3.6e15},
    "power": {"W": 1.0, "kW": 1e3, "MW": 1e6, "GW": 1e9, "TW": 1e12},
    "mass": {"kg": 1.0, "g": 1e-3, "t": 1e3, "kt": 1e6, "Mt": 1e9},
    "time": {"s": 1.0, "min": 60.0, "h": 3600.0, "hour": 3600.0, "d": 86400.0},
    "volume": {"m3": 1.0, "m^3": 1.0, "L": 1e-3},
    "mass_rate": {"g/s": 1.0, "kg/s": 1e3, "kg/h": 1e3 / 3600.0, "t/h": 1e6 / 3600.0},
}

# Units to step through when choosing a readable one, by dimension.
_LADDERS = {
    "energy": ["Wh", "kWh", "MWh", "GWh", "TWh"],  # as `terawatt run` prints its summary
    "power": ["W", "kW", "MW", "GW"],
    "mass": ["kg", "t", "kt", "Mt"],
    "volume": ["L", "m3"],
    "time": ["s", "min", "h", "d"],
}


def dimension_of(units):
    """The dimension name ('energy', 'power', ...) of a unit string, or None if this module does not know it."""
    for dimension, factors in _FACTORS.items():
        if units in factors:
            return dimension
    return None


def factor(from_units, to_units):
    """The number to multiply a value in `from_units` by to get it in `to_units`.

    Raises ValueError for unknown units or units of different dimensions (J to W, for example).
    """
    source, target = dimension_of(from_units), dimension_of(to_units)
    if source is None or target is None:
        unknown = from_units if source is None else to_units
        raise ValueError(f"unknown unit {unknown!r} (known: {', '.join(sorted(_all_units()))})")
    if source != target:
        raise ValueError(f"cannot convert {from_units!r} ({source}) to {to_units!r} ({target})")
    return _FACTORS[source][from_units] / _FACTORS[target][to_units]


def convert(data, to_units):
    """A copy of DataArray `data` in `to_units`, read from its `units` attribute; other attributes are kept."""
    if "units" not in data.attrs:
        raise ValueError(f"{data.name!r} has no units attribute to convert from")
    factor(data.attrs["units"], to_units)  # checks the units
    source, target = dimension_of(data.attrs["units"]), dimension_of(to_units)
    converted = data * _FACTORS[source][data.attrs["units"]] / _FACTORS[target][to_units]
    converted.attrs = {**data.attrs, "units": to_units}
    converted.name = data.name
    return converted


def readable_units(largest, units):
    """The unit of `units`' dimension in which `largest` (a magnitude in `units`) reads between 1 and 1000."""
    dimension = dimension_of(units)
    if dimension not in _LADDERS or not math.isfinite(largest) or largest == 0:
        return units
    ladder = _LADDERS[dimension]
    chosen = ladder[0]
    for candidate in ladder:
        if abs(largest) * factor(units, candidate) >= 1.0:
            chosen = candidate
    return chosen


def _all_units():
    return [name for factors in _FACTORS.values() for name in factors]


def table(dataset):
    """A one-dimensional Dataset as a pandas DataFrame whose column names carry the units: 'energy_per_request
    [Wh]' (none for units '1' and for labels), so that a table shown in a notebook or a report is read right."""
    labels = [name for name in dataset.variables if name in dataset.coords and name not in dataset.dims]
    frame = dataset.reset_coords().to_dataframe()[labels + list(dataset.data_vars)]
    names = {}
    for name in frame.columns:
        unit = dataset[name].attrs.get("units", "1")
        names[name] = name if unit in ("1", "") else f"{name} [{unit}]"
    return frame.rename(columns=names)
