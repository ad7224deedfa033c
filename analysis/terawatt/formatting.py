"""Numbers and quantities as text for people, the same way `terawatt run` prints its summary
(sim/record/summary_printout.cpp): three significant digits with their trailing zeros ('12.0 MWh', '3.07 t'),
thousands separators ('11,500'), whole numbers in full ('512', '10,000'), a unit chosen for the magnitude, and no
scientific notation between SCIENTIFIC_BELOW and SCIENTIFIC_FROM. A test compares the two outputs cell by cell.
"""

import math

from . import units

SIGNIFICANT_DIGITS = 3
# Magnitudes printed without an exponent: below 1e-4 fixed notation needs more than three leading zeros, and from
# 1e15 more than five thousands groups; both are outside what a summary of one run shows.
SCIENTIFIC_BELOW = 1e-4
SCIENTIFIC_FROM = 1e15
MISSING = "-"


def number(value, digits=SIGNIFICANT_DIGITS, whole_in_full=True):
    """`value` with `digits` significant digits (trailing zeros kept) and thousands separators; with
    `whole_in_full`, a whole number (a count) in full; '-' for NaN or None."""
    if value is None or not math.isfinite(value):
        return MISSING
    if value == 0:
        return "0"
    if whole_in_full and value == int(value) and abs(value) < SCIENTIFIC_FROM:
        return f"{int(value):,}"
    magnitude = abs(value)
    if magnitude < SCIENTIFIC_BELOW or magnitude >= SCIENTIFIC_FROM:
        return f"{value:.{digits - 1}e}"
    rounded = _rounded(value, digits)
    exponent = math.floor(math.log10(abs(rounded)))
    return f"{rounded:,.{max(0, digits - 1 - exponent)}f}"


def _rounded(value, digits):
    """`value` rounded to `digits` significant digits: exponent notation rounds the binary value correctly, as C's
    printf does, so that the CLI and the report round alike."""
    return float(f"{value:.{digits - 1}e}")


def quantity(value, source_units, digits=SIGNIFICANT_DIGITS):
    """`value` (in `source_units`) in the unit of its dimension that reads it between 1 and 1000, written as a
    measurement (three significant digits, whole values too: '1.00 MWh'): quantity(4.41e10, 'J') -> '12.3 MWh'.
    Units that terawatt.units cannot scale are kept; dimensionless values ('1') and zero get no unit."""
    if value is None or not math.isfinite(value):
        return MISSING
    if value == 0:
        return "0"  # zero in any unit
    shown_units = units.readable_units(abs(value), source_units)
    shown = _in(value, source_units, shown_units)
    # Rounding can carry into the next unit: 999.96 kWh reads 1,000 kWh at three digits, which is 1.00 MWh.
    rounded = _rounded(shown, digits)
    larger = units.readable_units(abs(rounded), shown_units)
    if larger != shown_units:
        shown_units, shown = larger, _in(value, source_units, larger)
    text = number(shown, digits, whole_in_full=False)
    return text if shown_units in ("1", "") else f"{text} {shown_units}"


def _in(value, source_units, target_units):
    return value if target_units == source_units else value * units.factor(source_units, target_units)


def percent(fraction):
    """A share as '62 %' (whole percent)."""
    if fraction is None or not math.isfinite(fraction):
        return MISSING
    return f"{100.0 * fraction:.0f} %"
