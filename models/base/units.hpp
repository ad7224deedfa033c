#pragma once
// Physical quantities as written in scenario files ("700 W", "14.8 d", "0.429 kg/kWh") turned into SI doubles.
// Parsing is strict on purpose: a typo in a unit silently read as something else would skew every energy figure
// downstream, so anything not exactly in the unit table is an error with a message that names what is accepted.

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

enum class Dimension {
  dimensionless,
  power,
  energy,
  time,
  flop,
  flop_rate,
  carbon_intensity,
  mass,
  data_size,
  data_rate,
  temperature,
  volume,
  water_intensity,
};

// Every dimension once, in declaration order, so tests and docs can walk them without a cast loop.
inline constexpr std::array<Dimension, 13> all_dimensions{
    Dimension::dimensionless,
    Dimension::power,
    Dimension::energy,
    Dimension::time,
    Dimension::flop,
    Dimension::flop_rate,
    Dimension::carbon_intensity,
    Dimension::mass,
    Dimension::data_size,
    Dimension::data_rate,
    Dimension::temperature,
    Dimension::volume,
    Dimension::water_intensity,
};

// Thrown for malformed quantities. what() states the problem only, quoting the offending text, e.g.
//   '1 kWh' has unit 'kWh' which is an energy, not a power (expected one of: W, kW, MW, GW, TW)
// Callers prepend file:line:key.
struct UnitError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One row of the unit table. The SI value is `value * factor_to_si + offset_to_si`; only temperatures have an
// offset. `aliases` are other spellings of the same unit (empty entries are unused); accepted_units() lists only
// `symbol` so that error messages stay short.
struct UnitSpec {
  std::string_view symbol;
  Dimension dimension;
  double factor_to_si;
  double offset_to_si;
  std::array<std::string_view, 3> aliases;
};

// The whole unit table, grouped by dimension in declaration order. Every symbol and alias is unique across the
// table, so a unit alone identifies its dimension.
const std::vector<UnitSpec>& unit_table();

// The row whose symbol or alias is exactly `unit` (case-sensitive), or nullptr.
const UnitSpec* find_unit(std::string_view unit);

// "power", "energy", "carbon intensity", "FLOP count", "dimensionless number", ...
std::string_view dimension_name(Dimension d);

// Unit of the internal SI value: "W", "J", "s", "FLOP", "FLOP/s", "kg/J", "kg", "B", "B/s", "degC", "m3", "m3/J",
// and "1" for dimensionless.
std::string_view si_unit(Dimension d);

// The same unit as the outputs write it, in a spelling that UDUNITS-2 (the CF conventions' reference) and pint both
// parse: "m^3" for "m3", "byte" for "B", "1" for a FLOP count and "s^-1" for a FLOP rate (neither library knows the
// FLOP, a count).
std::string_view cf_unit(Dimension d);

// The table's symbols for `d`, comma-separated: "W, kW, MW, GW, TW". For messages and generated docs.
std::string accepted_units(Dimension d);

// "<number>[whitespace]<unit>" with optional surrounding whitespace; returns the SI value. A dimensioned quantity
// must carry a unit. Dimensionless accepts a bare number or a percentage ("40 %" is 0.4). Signs are not checked
// here (temperatures may be negative); callers validate ranges.
double parse_quantity(std::string_view text, Dimension expected);

// The whole token (surrounding whitespace aside) must be one finite decimal number.
double parse_number(std::string_view text);

// A non-negative integer: "10000", or "1e4" when the value is integral. Rejects "1.5", "-3", "12abc".
std::int64_t parse_count(std::string_view text);

}  // namespace terawatt
