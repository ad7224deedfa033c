#pragma once
// Values of a swept key as a sweep file writes them: "300 W", "1.2", "40 %", "h100-sxm". Generated values (ranges,
// linspace, logspace, samples) are computed in SI and written back in the unit the user wrote, so that each
// point's --set override reads like a hand-written one and its name does not depend on floating-point noise.

#include "models/base/units.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace terawatt {

// A number with an optional unit from the project's unit table, read the way the scenario loader reads it.
struct SweepQuantity {
  double si = 0.0;
  Dimension dimension = Dimension::dimensionless;
  std::string unit;  // as written ("W", "%"); empty for a bare number
  double factor_to_si = 1.0;
  double offset_to_si = 0.0;
};

// nullopt when `text` is not a number followed by nothing or by one known unit (names, timestamps, typos).
std::optional<SweepQuantity> read_sweep_quantity(std::string_view text);

// `si` written in the unit of `like` with `significant_digits` digits: "450 W", "37.5 %", "1.25".
std::string format_in_unit(double si, const SweepQuantity& like, int significant_digits);

// "%.<digits>g" without the locale's decimal separator.
std::string format_number(double value, int significant_digits);

// The shortest decimal text that reads back to exactly `value` (for tables meant to be read by programs).
std::string exact_number(double value);

// Upper bound on the values of one axis and the points of one sweep: a stray digit in a step or a count would
// otherwise plan millions of runs.
constexpr std::size_t max_sweep_points = 100000;

// Value lists in SI. Each throws std::invalid_argument with a message for the user on a list that would be
// empty, unbounded or longer than max_sweep_points.
// from, from + step, ... up to `to` inclusive (within a relative 1e-9 of a step, so 0.1-steps reach their end).
std::vector<double> range_values(double from, double to, double step);
// `count` values evenly spaced from `from` to `to`, both included.
std::vector<double> linspace_values(double from, double to, std::size_t count);
// `count` values evenly spaced in logarithm from `from` to `to` (both > 0), both included.
std::vector<double> logspace_values(double from, double to, std::size_t count);

}  // namespace terawatt
